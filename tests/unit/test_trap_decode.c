/* SPDX-License-Identifier: ISC */
/*
 * trap_decode: Event-to-Trap translator PDUs, built in code as net-snmp
 * would hand them over after parsing, in their v1 and v2c forms.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "decode/trap_decode.h"
#include "trap_fixture.h"

#include "criterion_str.h"

static int
decode(netsnmp_pdu *p, struct winevent *ev, struct parse_error *err)
{
	int rc;

	memset(ev, 0, sizeof(*ev));
	rc = trap_decode(p, ev, err);
	snmp_free_pdu(p);
	return rc;
}

static void
expect_error(netsnmp_pdu *p, const char *needle)
{
	struct winevent ev;
	struct parse_error err;

	cr_assert(eq(int, decode(p, &ev, &err), -1));
	cr_assert(not(eq(ptr, strstr(err.msg, needle), NULL)),
	    "message \"%s\" lacks \"%s\"", err.msg, needle);
}

Test(trap_decode, v1_decodes_source_and_event_id)
{
	struct winevent ev;
	struct parse_error err;

	cr_assert(eq(int, decode(pdu_v1("MSExchangeIMC", 2140), &ev, &err), 0));
	cr_assert(eq(str, ev.source, "MSExchangeIMC"));
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(ev.has_event_id);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_TRAP));
}

Test(trap_decode, v1_strips_severity_bits)
{
	struct winevent ev;
	struct parse_error err;

	cr_assert(eq(int,
	    decode(pdu_v1("MSExchangeIMC", 3221227612L), &ev, &err), 0));
	cr_assert(eq(u32, ev.event_id, 2140));
}

Test(trap_decode, v1_accepts_severity_bits_as_negative_integer)
{
	struct winevent ev;
	struct parse_error err;

	/* 0xC000085C sent as a signed 32-bit INTEGER */
	cr_assert(eq(int,
	    decode(pdu_v1("MSExchangeIMC", -1073739684L), &ev, &err), 0));
	cr_assert(eq(u32, ev.event_id, 2140));
}

Test(trap_decode, v1_rejects_specific_out_of_range)
{
	expect_error(pdu_v1("X", 0x100000000L), "out of range");
	expect_error(pdu_v1("X", -0x80000001L), "out of range");
}

Test(trap_decode, specific_with_the_reserved_bit_is_no_event_id)
{
	/* -1 is 0xFFFFFFFF: bit 28 is reserved in a Windows event id */
	expect_error(pdu_v1("MSExchangeIMC", -1L), "reserved bit");
	expect_error(pdu_v1("MSExchangeIMC", 0x10000000L + 2140),
	    "reserved bit");
	expect_error(pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 0xffffffffUL),
	    "reserved bit");
}

Test(trap_decode, fills_every_varbind)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 100);

	add_all(p);
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.text,
	    "The Internet Mail Service could not be started."));
	cr_assert(eq(str, ev.user, "N/A"));
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(str, ev.type, "Error"));
	cr_assert(eq(str, ev.category, "Internet Mail Service"));
	cr_assert(not(ev.is_text_truncated));
}

Test(trap_decode, leaves_log_and_time_unknown)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 100);

	add_all(p);
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.log, ""));
	cr_assert(eq(i64, ev.time_ms, 0));
}

Test(trap_decode, leaves_listener_fields_alone)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 100);

	memset(&ev, 0, sizeof(ev));
	ev.via = WINEVENT_VIA_INFORM;
	snprintf(ev.peer, sizeof(ev.peer), "192.0.2.5");
	ev.recv_ms = 42;
	cr_assert(eq(int, trap_decode(p, &ev, &err), 0));
	snmp_free_pdu(p);
	cr_assert(eq(int, ev.via, WINEVENT_VIA_INFORM));
	cr_assert(eq(str, ev.peer, "192.0.2.5"));
	cr_assert(eq(i64, ev.recv_ms, 42));
}

Test(trap_decode, clears_fields_of_a_previous_event)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("A", 1);

	memset(&ev, 0, sizeof(ev));
	snprintf(ev.computer, sizeof(ev.computer), "OLD");
	snprintf(ev.text, sizeof(ev.text), "old text");
	ev.is_text_truncated = true;
	cr_assert(eq(int, trap_decode(p, &ev, &err), 0));
	snmp_free_pdu(p);
	cr_assert(eq(str, ev.computer, ""));
	cr_assert(eq(str, ev.text, ""));
	cr_assert(not(ev.is_text_truncated));
}

Test(trap_decode, missing_varbinds_leave_fields_empty)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 2140);

	add_str(p, 3, "EXCH01");
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(str, ev.text, ""));
	cr_assert(eq(str, ev.user, ""));
	cr_assert(eq(str, ev.type, ""));
	cr_assert(eq(str, ev.category, ""));
}

Test(trap_decode, maps_numeric_type_string)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);

	add_str(p, 4, "1");
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.type, "Error"));
}

Test(trap_decode, maps_integer_type)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);
	long two = 2;

	add_vb(p, 4, 0, ASN_INTEGER, &two, sizeof(two));
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.type, "Warning"));
}

Test(trap_decode, keeps_unknown_type_number)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);

	add_str(p, 4, "3");
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.type, "3"));
}

Test(trap_decode, keeps_type_name_with_digits_as_sent)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);

	add_str(p, 4, "4x");
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.type, "4x"));
}

Test(trap_decode, ignores_insertion_strings)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);

	add_str(p, 6, "insertion one");
	add_str(p, 7, "insertion two");
	add_str(p, 1, "text");
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.text, "text"));
	cr_assert(eq(str, ev.user, ""));
}

Test(trap_decode, ignores_string_varbind_of_wrong_type)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);
	long n = 7;
	oid o[] = { 1, 3, 6 };

	add_vb(p, 1, 0, ASN_INTEGER, &n, sizeof(n));
	add_vb(p, 3, 0, ASN_OBJECT_ID, o, sizeof(o));
	add_vb(p, 5, 0, ASN_NULL, NULL, 0);
	add_vb(p, 4, 0, ASN_IPADDRESS, "\x7f\0\0\x01", 4);
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.text, ""));
	cr_assert(eq(str, ev.computer, ""));
	cr_assert(eq(str, ev.category, ""));
	cr_assert(eq(str, ev.type, ""));
}

Test(trap_decode, ignores_varbind_with_other_suffix)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);
	oid longer[] = { PREFIX, 9999, 1, 0, 0 };
	oid other[] = { PREFIX, 9998, 1, 0 };

	add_vb(p, 1, 1, ASN_OCTET_STR, "suffix 1", 8);
	snmp_pdu_add_variable(p, longer, OID_LENGTH(longer), ASN_OCTET_STR,
	    "long", 4);
	snmp_pdu_add_variable(p, other, OID_LENGTH(other), ASN_OCTET_STR,
	    "other", 5);
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.text, ""));
}

Test(trap_decode, first_of_duplicate_varbinds_wins)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);

	add_str(p, 3, "FIRST");
	add_str(p, 3, "SECOND");
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.computer, "FIRST"));
}

/* No cap: a datagram bounds the list, and a varbind past 64 still counts. */
Test(trap_decode, looks_at_every_varbind)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);
	int i;

	for (i = 0; i < 5000; i++)
		add_str(p, 6, "filler");
	add_str(p, 2, "after 5000");
	add_str(p, 3, "the last one");
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.user, "after 5000"));
	cr_assert(eq(str, ev.computer, "the last one"));
}

Test(trap_decode, sets_truncation_flag_for_long_text)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);
	char big[3000];

	memset(big, 'a', sizeof(big));
	add_vb(p, 1, 0, ASN_OCTET_STR, big, sizeof(big));
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(ev.is_text_truncated);
	cr_assert(eq(sz, strlen(ev.text), WINEVENT_TEXT_MAX - 1));
}

Test(trap_decode, text_that_fits_is_not_truncated)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);
	char fits[WINEVENT_TEXT_MAX - 1];

	memset(fits, 'b', sizeof(fits));
	add_vb(p, 1, 0, ASN_OCTET_STR, fits, sizeof(fits));
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(not(ev.is_text_truncated));
	cr_assert(eq(sz, strlen(ev.text), WINEVENT_TEXT_MAX - 1));
}

Test(trap_decode, truncation_keeps_utf8_sequences_whole)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);
	char big[WINEVENT_TEXT_MAX + 8];
	size_t len;

	/* "aa" then 2-byte sequences: the one at 2046..2047 straddles the cut
	 */
	big[0] = big[1] = 'a';
	for (len = 2; len + 2 <= sizeof(big); len += 2) {
		big[len] = (char)0xc3;
		big[len + 1] = (char)0xa9;
	}
	add_vb(p, 1, 0, ASN_OCTET_STR, big, len);
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(ev.is_text_truncated);
	len = strlen(ev.text);
	cr_assert(eq(sz, len, WINEVENT_TEXT_MAX - 2));
	cr_assert(eq(int, (unsigned char)ev.text[len - 1], 0xa9));
}

Test(trap_decode, drops_trailing_nul_and_blanks_inner_nul)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);

	add_vb(p, 3, 0, ASN_OCTET_STR, "EXCH01\0", 7);
	add_vb(p, 1, 0, ASN_OCTET_STR, "a\0b", 3);
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(str, ev.text, "a b"));
}

Test(trap_decode, accepts_empty_strings)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v1("S", 1);

	add_vb(p, 1, 0, ASN_OCTET_STR, "", 0);
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.text, ""));
}

Test(trap_decode, accepts_source_bytes_above_ascii)
{
	struct winevent ev;
	struct parse_error err;

	cr_assert(eq(int, decode(pdu_v1("Caf\xc3\xa9", 1), &ev, &err), 0));
	cr_assert(eq(str, ev.source, "Caf\xc3\xa9"));
}

Test(trap_decode, rejects_source_length_zero)
{
	oid ent[] = { PREFIX, 0 };

	expect_error(pdu_v1_raw(ent, OID_LENGTH(ent), 1), "length is 0");
}

Test(trap_decode, rejects_source_length_too_big)
{
	oid ent[] = { PREFIX, 5, 'a', 'b', 'c' };

	expect_error(pdu_v1_raw(ent, OID_LENGTH(ent), 1),
	    "length 5 but 3 characters follow");
}

Test(trap_decode, rejects_source_length_too_small)
{
	oid ent[] = { PREFIX, 2, 'a', 'b', 'c' };

	expect_error(pdu_v1_raw(ent, OID_LENGTH(ent), 1),
	    "length 2 but 3 characters follow");
}

Test(trap_decode, rejects_source_character_above_255)
{
	oid ent[] = { PREFIX, 3, 'a', 256, 'c' };

	expect_error(pdu_v1_raw(ent, OID_LENGTH(ent), 1), "character 2 is 256");
}

Test(trap_decode, rejects_source_character_zero)
{
	oid ent[] = { PREFIX, 2, 'a', 0 };

	expect_error(pdu_v1_raw(ent, OID_LENGTH(ent), 1), "character 2 is 0");
}

Test(trap_decode, rejects_enterprise_that_is_only_the_prefix)
{
	oid ent[] = { PREFIX };

	expect_error(pdu_v1_raw(ent, OID_LENGTH(ent), 1),
	    "is not the event-to-trap translator");
}

Test(trap_decode, rejects_enterprise_shorter_than_the_prefix)
{
	oid ent[] = { 1, 3, 6, 1, 4, 1, 311 };

	expect_error(pdu_v1_raw(ent, OID_LENGTH(ent), 1),
	    "enterprise 1.3.6.1.4.1.311 is not the event-to-trap translator");
}

Test(trap_decode, rejects_other_enterprise)
{
	oid ent[] = { 1, 3, 6, 1, 4, 1, 8072, 2, 3, 1 };
	netsnmp_pdu *p = pdu_v1_raw(ent, OID_LENGTH(ent), 1);

	cr_assert(not(trap_decode_is_translator(p)));
	expect_error(p,
	    "enterprise 1.3.6.1.4.1.8072.2.3.1 is not the event-to-trap "
	    "translator");
}

Test(trap_decode, rejects_generic_trap)
{
	netsnmp_pdu *p = pdu_v1("S", 0);

	p->trap_type = 0; /* coldStart */
	expect_error(p, "generic trap 0 is not enterprise-specific");
}

Test(trap_decode, rejects_non_notification_pdu)
{
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_GET);

	p->version = SNMP_VERSION_2c;
	cr_assert(not(trap_decode_is_translator(p)));
	expect_error(p, "pdu type 0xa0 is not a notification");
}

Test(trap_decode, rejects_null_pdu)
{
	struct winevent ev;
	struct parse_error err;

	cr_assert(eq(int, trap_decode(NULL, &ev, &err), -1));
	cr_assert(not(trap_decode_is_translator(NULL)));
}

Test(trap_decode, knows_a_damaged_translator_trap)
{
	oid ent[] = { PREFIX, 9, 'a' };
	netsnmp_pdu *p = pdu_v1_raw(ent, OID_LENGTH(ent), 1);

	cr_assert(trap_decode_is_translator(p));
	expect_error(p, "length 9");
}

Test(trap_decode, knows_a_good_translator_trap_in_both_forms)
{
	netsnmp_pdu *p1 = pdu_v1("S", 1);
	netsnmp_pdu *p2 = pdu_v2(SNMP_MSG_TRAP2, "S", 1);

	cr_assert(trap_decode_is_translator(p1));
	cr_assert(trap_decode_is_translator(p2));
	snmp_free_pdu(p1);
	snmp_free_pdu(p2);
}

static void
expect_same_as_v1(int command)
{
	struct winevent e1, e2;
	struct parse_error err;
	netsnmp_pdu *p1 = pdu_v1("MSExchangeIMC", 3221227612L);
	netsnmp_pdu *p2 = pdu_v2(command, "MSExchangeIMC", 3221227612UL);

	add_all(p1);
	add_all(p2);
	cr_assert(eq(int, decode(p1, &e1, &err), 0));
	cr_assert(eq(int, decode(p2, &e2, &err), 0), "%s", err.msg);
	cr_assert(eq(str, e2.source, e1.source));
	cr_assert(eq(u32, e2.event_id, 2140));
	cr_assert(eq(u32, e2.event_id, e1.event_id));
	cr_assert(eq(str, e2.text, e1.text));
	cr_assert(eq(str, e2.user, e1.user));
	cr_assert(eq(str, e2.computer, e1.computer));
	cr_assert(eq(str, e2.type, e1.type));
	cr_assert(eq(str, e2.category, e1.category));
	cr_assert(eq(int, e2.format, e1.format));
	cr_assert(eq(int, memcmp(&e1, &e2, sizeof(e1)), 0));
}

Test(trap_decode, v2c_trap_decodes_like_v1)
{
	expect_same_as_v1(SNMP_MSG_TRAP2);
}

Test(trap_decode, inform_decodes_like_v1)
{
	expect_same_as_v1(SNMP_MSG_INFORM);
}

Test(trap_decode, v2c_ignores_rfc3584_proxy_varbinds)
{
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *p = pdu_v2(SNMP_MSG_TRAP2, "S", 7);
	oid community[] = { 1, 3, 6, 1, 6, 3, 18, 1, 4, 0 };
	oid enterprise[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0 };
	oid ent[] = { PREFIX, 1, 'S' };

	add_str(p, 3, "EXCH02");
	snmp_pdu_add_variable(p, community, OID_LENGTH(community),
	    ASN_OCTET_STR, "public", 6);
	snmp_pdu_add_variable(p, enterprise, OID_LENGTH(enterprise),
	    ASN_OBJECT_ID, ent, sizeof(ent));
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.computer, "EXCH02"));
	cr_assert(eq(u32, ev.event_id, 7));
}

Test(trap_decode, v2c_rejects_missing_sysuptime)
{
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_TRAP2);

	p->version = SNMP_VERSION_2c;
	expect_error(p, "first varbind is not sysUpTime.0");
}

Test(trap_decode, v2c_rejects_sysuptime_of_wrong_type)
{
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_TRAP2);
	long ticks = 1;

	p->version = SNMP_VERSION_2c;
	snmp_pdu_add_variable(p, sysuptime_oid, OID_LENGTH(sysuptime_oid),
	    ASN_INTEGER, &ticks, sizeof(ticks));
	expect_error(p, "sysUpTime.0 is not TimeTicks");
}

Test(trap_decode, v2c_rejects_missing_trap_oid)
{
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_INFORM);
	long ticks = 1;

	p->version = SNMP_VERSION_2c;
	snmp_pdu_add_variable(p, sysuptime_oid, OID_LENGTH(sysuptime_oid),
	    ASN_TIMETICKS, &ticks, sizeof(ticks));
	add_str(p, 1, "text");
	expect_error(p, "second varbind is not snmpTrapOID.0");
}

Test(trap_decode, v2c_rejects_trap_oid_of_wrong_type)
{
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_TRAP2);
	long ticks = 1;

	p->version = SNMP_VERSION_2c;
	snmp_pdu_add_variable(p, sysuptime_oid, OID_LENGTH(sysuptime_oid),
	    ASN_TIMETICKS, &ticks, sizeof(ticks));
	snmp_pdu_add_variable(p, trapoid_oid, OID_LENGTH(trapoid_oid),
	    ASN_OCTET_STR, "1.3.6", 5);
	expect_error(p, "not an OBJECT IDENTIFIER");
}

Test(trap_decode, v2c_rejects_trap_oid_without_zero_arc)
{
	oid to[] = { PREFIX, 1, 'S', 5, 2140 };

	expect_error(pdu_v2_raw(SNMP_MSG_TRAP2, to, OID_LENGTH(to)),
	    "not enterprise.0.specific");
}

Test(trap_decode, v2c_rejects_trap_oid_too_short)
{
	oid to[] = { 1 };

	expect_error(pdu_v2_raw(SNMP_MSG_TRAP2, to, OID_LENGTH(to)),
	    "not enterprise.0.specific");
}

Test(trap_decode, v2c_rejects_other_notification)
{
	/* linkDown: 1.3.6.1.6.3.1.1.5.3 has no .0.specific form */
	oid to[] = { 1, 3, 6, 1, 4, 1, 8072, 4, 0, 2 };
	netsnmp_pdu *p = pdu_v2_raw(SNMP_MSG_TRAP2, to, OID_LENGTH(to));

	cr_assert(not(trap_decode_is_translator(p)));
	expect_error(p,
	    "enterprise 1.3.6.1.4.1.8072.4 is not the event-to-trap "
	    "translator");
}

Test(trap_decode, v2c_rejects_damaged_source)
{
	oid to[] = { PREFIX, 2, 'S', 300, 0, 1 };

	expect_error(pdu_v2_raw(SNMP_MSG_TRAP2, to, OID_LENGTH(to)),
	    "character 2 is 300");
}

Test(trap_decode, v1_agent_addr_is_the_origin)
{
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 2140);
	struct winevent ev;
	struct parse_error err;
	static const u_char agent[4] = { 192, 0, 2, 7 };

	memcpy(p->agent_addr, agent, sizeof(agent));
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.origin, "192.0.2.7"));
}

Test(trap_decode, v1_zero_agent_addr_is_no_origin)
{
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 2140);
	struct winevent ev;
	struct parse_error err;

	memset(p->agent_addr, 0, sizeof(p->agent_addr));
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.origin, ""));
}

Test(trap_decode, v2_snmp_trap_address_is_the_origin)
{
	static const oid trapaddr[] = { 1, 3, 6, 1, 6, 3, 18, 1, 3, 0 };
	static const u_char addr[4] = { 198, 51, 100, 9 };
	netsnmp_pdu *p = pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 2140);
	struct winevent ev;
	struct parse_error err;

	snmp_pdu_add_variable(p, trapaddr, sizeof(trapaddr) / sizeof(oid),
	    ASN_IPADDRESS, addr, sizeof(addr));
	cr_assert(eq(int, decode(p, &ev, &err), 0));
	cr_assert(eq(str, ev.origin, "198.51.100.9"));
}

Test(trap_decode, v2_without_snmp_trap_address_has_no_origin)
{
	struct winevent ev;
	struct parse_error err;

	cr_assert(eq(int,
	    decode(pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 2140), &ev, &err),
	    0));
	cr_assert(eq(str, ev.origin, ""));
}
