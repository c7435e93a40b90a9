/* SPDX-License-Identifier: ISC */
/*
 * trap_pdu: every varbind of evcorrAlertNotification in MIB order
 * with its type and value, DateAndTime (epoch, known dates, clamping),
 * UTF-8 safe truncation, InetAddress for IPv4, IPv6 and other peers, and
 * severity numbers.  Expected OIDs and octets are written out here, not
 * taken from the module.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "engine/alert.h"
#include "output/trap_pdu.h"

#include "criterion_str.h"

/* Position of each varbind in the PDU: evcorrAlertNotification OBJECTS. */
enum {
	V_UPTIME,
	V_TRAPOID,
	V_RULE,
	V_HOST,
	V_OPEN_ID,
	V_OPEN_SOURCE,
	V_OPEN_TIME,
	V_CLOSE_ID,
	V_CLOSE_SOURCE,
	V_CLOSE_TIME,
	V_REFERENCE,
	V_TITLE,
	V_SEVERITY,
	V_CAUSE,
	V_FIX,
	V_SUPPRESSED,
	V_OPEN_PEER_TYPE,
	V_OPEN_PEER,
	V_CLOSE_PEER_TYPE,
	V_CLOSE_PEER,
	V_OPEN_COMPUTER,
	V_CLOSE_COMPUTER,
	V_ALERT_ID,
	V_CLEARED_ID,
	V_OPEN_LOG,
	V_CLOSE_LOG,
	V_OPEN_TEXT,
	V_CLOSE_TEXT,
	V_OPEN_TYPE,
	V_CLOSE_TYPE,
	V_COUNT
};

/* evcorrMIB (mibs/EVCORR-MIB.txt) */
#define EVCORR ".1.3.6.1.4.1.8072.9999.9999.2140"

static char rule_name[64], host[64];
static struct fixture_event {
	char source[64], computer[64], peer[64];
} open_ev, close_ev;
static struct alert alert;
static netsnmp_pdu *pdu;

static void
setup(void)
{
	memset(&alert, 0, sizeof(alert));
	memset(&open_ev, 0, sizeof(open_ev));
	memset(&close_ev, 0, sizeof(close_ev));
	snprintf(rule_name, sizeof(rule_name), "Q246115");
	alert.rule = rule_name;
	alert.severity = SEVERITY_MAJOR;
	alert.title = "Exchange Internet Mail Service cannot start";
	alert.cause = "invalid administrator mailbox";
	alert.fix = "select a valid administrator mailbox";
	alert.reference = "Microsoft KB Q246115";
	snprintf(host, sizeof(host), "exch01");
	alert.host = host;
	alert.open.event_id = 2140;
	snprintf(open_ev.source, sizeof(open_ev.source), "MSExchangeIMC");
	snprintf(open_ev.computer, sizeof(open_ev.computer), "EXCH01");
	snprintf(open_ev.peer, sizeof(open_ev.peer), "192.0.2.5");
	alert.open.source = open_ev.source;
	alert.open.computer = open_ev.computer;
	alert.open.peer = open_ev.peer;
	alert.open.time_ms =
	    INT64_C(951827696789); /* 2000-02-29 12:34:56.789 */
	alert.close.event_id = 100;
	snprintf(close_ev.source, sizeof(close_ev.source), "MSExchangeMTA");
	snprintf(close_ev.computer, sizeof(close_ev.computer),
	    "exch01.example.org");
	snprintf(close_ev.peer, sizeof(close_ev.peer), "2001:db8::5");
	alert.close.source = close_ev.source;
	alert.close.computer = close_ev.computer;
	alert.close.peer = close_ev.peer;
	alert.close.time_ms = 0;
	alert.suppressed = 3;
	pdu = NULL;
}

static void
teardown(void)
{
	if (pdu != NULL)
		snmp_free_pdu(pdu);
	pdu = NULL;
}

TestSuite(trap_pdu, .init = setup, .fini = teardown);

static void
build(bool is_inform)
{
	if (pdu != NULL)
		snmp_free_pdu(pdu);
	pdu = trap_pdu_new(&alert, 12345, is_inform);
	cr_assert(ne(ptr, pdu, NULL));
}

static size_t
count(void)
{
	const netsnmp_variable_list *v;
	size_t n = 0;

	for (v = pdu->variables; v != NULL; v = v->next_variable)
		n++;
	return n;
}

static netsnmp_variable_list *
vb(size_t i)
{
	netsnmp_variable_list *v = pdu->variables;

	while (v != NULL && i-- > 0)
		v = v->next_variable;
	cr_assert(ne(ptr, v, NULL), "no varbind at that position");
	return v;
}

/* An OCTET STRING varbind as a C string (none of ours holds a NUL). */
static char *
str(size_t i)
{
	static char buf[4096];
	const netsnmp_variable_list *v = vb(i);

	cr_assert(eq(int, v->type, ASN_OCTET_STR));
	cr_assert(lt(sz, v->val_len, sizeof(buf)));
	memcpy(buf, v->val.string, v->val_len);
	buf[v->val_len] = '\0';
	return buf;
}

static char *
hex(const void *p, size_t len)
{
	static char buf[128];
	const unsigned char *b = p;
	size_t i;

	cr_assert(lt(sz, len * 2, sizeof(buf)));
	buf[0] = '\0';
	for (i = 0; i < len; i++)
		snprintf(buf + i * 2, sizeof(buf) - i * 2, "%02x", b[i]);
	return buf;
}

/* Dotted, as snmptranslate -On prints it. */
static char *
dotted(const oid *o, size_t n)
{
	static char buf[MAX_OID_LEN * 12];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, ".%lu",
		    (unsigned long)o[i]);
		cr_assert(lt(sz, len, sizeof(buf)));
	}
	return buf;
}

static char *
vb_name(size_t i)
{
	const netsnmp_variable_list *v = vb(i);

	return dotted(v->name, v->name_length);
}

static char *
vb_hex(size_t i)
{
	const netsnmp_variable_list *v = vb(i);

	cr_assert(eq(int, v->type, ASN_OCTET_STR));
	return hex(v->val.string, v->val_len);
}

static long
integer(size_t i, u_char type)
{
	const netsnmp_variable_list *v = vb(i);

	cr_assert(eq(int, v->type, type));
	return *v->val.integer;
}

static char *
date(int64_t ms)
{
	unsigned char dt[TRAP_PDU_DATE_LEN];

	memset(dt, 0xee, sizeof(dt));
	trap_pdu_date_and_time(ms, dt);
	return hex(dt, sizeof(dt));
}

static char *
repeat(const char *unit, size_t times)
{
	static char buf[8192];
	size_t i, len = strlen(unit);

	cr_assert(lt(sz, len * times, sizeof(buf)));
	for (i = 0; i < times; i++)
		memcpy(buf + i * len, unit, len);
	buf[len * times] = '\0';
	return buf;
}

Test(trap_pdu, varbinds_follow_mib_objects_order)
{
	static const u_char want[] = {
		ASN_OCTET_STR, /* 1 evcorrRuleName */
		ASN_OCTET_STR, /* 2 evcorrHost */
		ASN_UNSIGNED,  /* 3 evcorrOpenEventId */
		ASN_OCTET_STR, /* 4 evcorrOpenSource */
		ASN_OCTET_STR, /* 5 evcorrOpenTime */
		ASN_UNSIGNED,  /* 6 evcorrCloseEventId */
		ASN_OCTET_STR, /* 7 evcorrCloseSource */
		ASN_OCTET_STR, /* 8 evcorrCloseTime */
		ASN_OCTET_STR, /* 9 evcorrReference */
		ASN_OCTET_STR, /* 10 evcorrTitle */
		ASN_INTEGER,   /* 11 evcorrSeverity */
		ASN_OCTET_STR, /* 12 evcorrCause */
		ASN_OCTET_STR, /* 13 evcorrFix */
		ASN_UNSIGNED,  /* 14 evcorrSuppressedCount */
		ASN_INTEGER,   /* 15 evcorrOpenPeerAddressType */
		ASN_OCTET_STR, /* 16 evcorrOpenPeerAddress */
		ASN_INTEGER,   /* 17 evcorrClosePeerAddressType */
		ASN_OCTET_STR, /* 18 evcorrClosePeerAddress */
		ASN_OCTET_STR, /* 19 evcorrOpenComputer */
		ASN_OCTET_STR, /* 20 evcorrCloseComputer */
		ASN_OCTET_STR, /* 21 evcorrAlertId */
		ASN_OCTET_STR, /* 22 evcorrClearedAlertId */
		ASN_OCTET_STR, /* 23 evcorrOpenLog */
		ASN_OCTET_STR, /* 24 evcorrCloseLog */
		ASN_OCTET_STR, /* 25 evcorrOpenText */
		ASN_OCTET_STR, /* 26 evcorrCloseText */
		ASN_OCTET_STR, /* 27 evcorrOpenEventType */
		ASN_OCTET_STR, /* 28 evcorrCloseEventType */
	};
	char name[64];
	size_t i;

	build(false);
	cr_assert(eq(sz, count(), (size_t)V_COUNT));
	for (i = 0; i < sizeof(want); i++) {
		snprintf(name, sizeof(name), "%s.1.1.%zu", EVCORR, i + 1);
		cr_assert(eq(str, vb_name(V_RULE + i), name));
		cr_assert(eq(int, vb(V_RULE + i)->type, want[i]), "%s", name);
	}
}

Test(trap_pdu, sysuptime_is_first_in_timeticks)
{
	build(false);
	cr_assert(eq(str, vb_name(V_UPTIME), ".1.3.6.1.2.1.1.3.0"));
	cr_assert(eq(long, integer(V_UPTIME, ASN_TIMETICKS), 12345));
}

Test(trap_pdu, sysuptime_keeps_the_largest_ticks)
{
	pdu = trap_pdu_new(&alert, UINT32_MAX, false);
	cr_assert(ne(ptr, pdu, NULL));
	cr_assert(eq(u64, (uint64_t)(u_long)integer(V_UPTIME, ASN_TIMETICKS),
	    UINT32_MAX));
}

Test(trap_pdu, trapoid_is_evcorr_alert_notification)
{
	const netsnmp_variable_list *v;

	build(false);
	v = vb(V_TRAPOID);
	cr_assert(eq(str, vb_name(V_TRAPOID), ".1.3.6.1.6.3.1.1.4.1.0"));
	cr_assert(eq(int, v->type, ASN_OBJECT_ID));
	cr_assert(eq(str, dotted(v->val.objid, v->val_len / sizeof(oid)),
	    EVCORR ".0.1"));
}

Test(trap_pdu, trap_is_an_snmpv2_trap)
{
	build(false);
	cr_assert(eq(int, pdu->command, SNMP_MSG_TRAP2));
}

Test(trap_pdu, inform_is_an_inform_request_with_same_varbinds)
{
	build(true);
	cr_assert(eq(int, pdu->command, SNMP_MSG_INFORM));
	cr_assert(eq(sz, count(), (size_t)V_COUNT));
	cr_assert(eq(str, str(V_RULE), "Q246115"));
}

Test(trap_pdu, carries_the_rule_texts)
{
	build(false);
	cr_assert(eq(str, str(V_RULE), "Q246115"));
	cr_assert(eq(str, str(V_REFERENCE), "Microsoft KB Q246115"));
	cr_assert(eq(str, str(V_TITLE),
	    "Exchange Internet Mail Service cannot start"));
	cr_assert(eq(str, str(V_CAUSE), "invalid administrator mailbox"));
	cr_assert(eq(str, str(V_FIX), "select a valid administrator mailbox"));
}

Test(trap_pdu, carries_host_sources_and_computers)
{
	build(false);
	cr_assert(eq(str, str(V_HOST), "exch01"));
	cr_assert(eq(str, str(V_OPEN_SOURCE), "MSExchangeIMC"));
	cr_assert(eq(str, str(V_CLOSE_SOURCE), "MSExchangeMTA"));
	cr_assert(eq(str, str(V_OPEN_COMPUTER), "EXCH01"));
	cr_assert(eq(str, str(V_CLOSE_COMPUTER), "exch01.example.org"));
}

Test(trap_pdu, event_ids_are_unsigned32)
{
	alert.close.event_id = 65535;
	build(false);
	cr_assert(eq(long, integer(V_OPEN_ID, ASN_UNSIGNED), 2140));
	cr_assert(eq(long, integer(V_CLOSE_ID, ASN_UNSIGNED), 65535));
}

Test(trap_pdu, carries_the_suppressed_count)
{
	build(false);
	cr_assert(eq(long, integer(V_SUPPRESSED, ASN_UNSIGNED), 3));
}

Test(trap_pdu, suppressed_count_past_unsigned32_is_its_maximum)
{
	alert.suppressed = UINT64_C(1) << 40;
	build(false);
	cr_assert(eq(u64, (uint64_t)(u_long)integer(V_SUPPRESSED, ASN_UNSIGNED),
	    UINT32_MAX));
}

Test(trap_pdu, severity_numbers_match_the_mib)
{
	static const struct {
		enum severity severity;
		long value; /* EVCORR-MIB evcorrSeverity */
	} want[] = {
		{ SEVERITY_INFO, 1 },
		{ SEVERITY_WARNING, 2 },
		{ SEVERITY_MINOR, 3 },
		{ SEVERITY_MAJOR, 4 },
		{ SEVERITY_CRITICAL, 5 },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		alert.severity = want[i].severity;
		build(false);
		cr_assert(eq(long, integer(V_SEVERITY, ASN_INTEGER),
			      want[i].value),
		    "severity %s", severity_name(want[i].severity));
	}
}

Test(trap_pdu, date_of_zero_is_the_epoch)
{
	cr_assert(eq(str, date(0), "07b20101000000002b0000"));
}

Test(trap_pdu, date_of_a_known_time)
{
	/* 2000-02-29 12:34:56.789 UTC: a leap day, deciseconds 7 */
	cr_assert(
	    eq(str, date(INT64_C(951827696789)), "07d0021d0c2238072b0000"));
	/* 2026-11-29 22:25:48.611 UTC */
	cr_assert(
	    eq(str, date(INT64_C(1795991148611)), "07ea0b1d161930062b0000"));
}

Test(trap_pdu, date_deciseconds_are_truncated)
{
	cr_assert(eq(str, date(999), "07b20101000000092b0000"));
	cr_assert(eq(str, date(1099), "07b20101000001002b0000"));
}

Test(trap_pdu, date_before_the_epoch_is_the_epoch)
{
	cr_assert(eq(str, date(-1), "07b20101000000002b0000"));
	cr_assert(eq(str, date(INT64_MIN), "07b20101000000002b0000"));
}

Test(trap_pdu, date_past_year_9999_is_its_last_decisecond)
{
	cr_assert(
	    eq(str, date(TRAP_PDU_TIME_MAX_MS + 1), "270f0c1f173b3b092b0000"));
	cr_assert(eq(str, date(INT64_MAX), "270f0c1f173b3b092b0000"));
}

Test(trap_pdu, date_at_the_limit_is_not_clamped)
{
	/* 9999-12-31 23:59:59.000 UTC */
	cr_assert(eq(str, date(TRAP_PDU_TIME_MAX_MS - 999),
	    "270f0c1f173b3b002b0000"));
}

Test(trap_pdu, event_times_are_date_and_time)
{
	alert.close.time_ms = -5000;
	build(false);
	cr_assert(eq(sz, vb(V_OPEN_TIME)->val_len, (size_t)11));
	cr_assert(eq(str, vb_hex(V_OPEN_TIME), "07d0021d0c2238072b0000"));
	cr_assert(eq(str, vb_hex(V_CLOSE_TIME), "07b20101000000002b0000"));
}

Test(trap_pdu, long_rule_texts_are_cut_to_their_mib_sizes)
{
	static const struct {
		size_t vb;
		size_t max; /* EVCORR-MIB SIZE */
	} want[] = {
		{ V_REFERENCE, 255 },
		{ V_TITLE, 255 },
		{ V_CAUSE, 1024 },
		{ V_FIX, 1024 },
	};
	char *big = repeat("x", 3000);
	size_t i;

	alert.reference = big;
	alert.title = big;
	alert.cause = big;
	alert.fix = big;
	build(false);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const netsnmp_variable_list *v = vb(want[i].vb);

		cr_assert(eq(sz, v->val_len, want[i].max), "varbind %zu",
		    want[i].vb);
		cr_assert(eq(int, memcmp(v->val.string, big, v->val_len), 0));
	}
}

Test(trap_pdu, text_of_exactly_the_maximum_is_kept)
{
	char *big = repeat("c", 1024);

	alert.cause = big;
	build(false);
	cr_assert(eq(sz, vb(V_CAUSE)->val_len, (size_t)1024));
	cr_assert(eq(sz, trap_pdu_text_len("abc", 3), (size_t)3));
	cr_assert(eq(sz, trap_pdu_text_len("abcd", 3), (size_t)3));
	cr_assert(eq(sz, trap_pdu_text_len("abc", 0), (size_t)0));
}

Test(trap_pdu, two_octet_characters_are_not_split)
{
	/* 128 x U+00E9: 256 octets; octet 255 is the lead of the last one */
	char *big = repeat("\xc3\xa9", 128);

	alert.title = big;
	build(false);
	cr_assert(eq(sz, vb(V_TITLE)->val_len, (size_t)254));
	cr_assert(eq(str, str(V_TITLE), repeat("\xc3\xa9", 127)));
}

Test(trap_pdu, three_and_four_octet_characters_are_not_split)
{
	char s[32];

	/* "ab" + U+20AC (3 octets): cut at 3 or 4 keeps "ab" */
	snprintf(s, sizeof(s), "ab\xe2\x82\xac");
	cr_assert(eq(sz, trap_pdu_text_len(s, 3), (size_t)2));
	cr_assert(eq(sz, trap_pdu_text_len(s, 4), (size_t)2));
	cr_assert(eq(sz, trap_pdu_text_len(s, 5), (size_t)5));
	/* "a" + U+1F4E7 (4 octets) + "z" */
	snprintf(s, sizeof(s), "a\xf0\x9f\x93\xa7z");
	cr_assert(eq(sz, trap_pdu_text_len(s, 2), (size_t)1));
	cr_assert(eq(sz, trap_pdu_text_len(s, 4), (size_t)1));
	cr_assert(eq(sz, trap_pdu_text_len(s, 5), (size_t)5));
}

Test(trap_pdu, long_multibyte_cause_ends_on_a_character)
{
	/* 342 x U+20AC = 1026 octets: 341 characters (1023 octets) fit */
	char *big = repeat("\xe2\x82\xac", 342);

	alert.cause = big;
	build(false);
	cr_assert(eq(sz, vb(V_CAUSE)->val_len, (size_t)1023));
}

Test(trap_pdu, missing_and_empty_texts_are_empty_strings)
{
	alert.title = NULL;
	alert.reference = "";
	host[0] = '\0';
	open_ev.computer[0] = '\0';
	build(false);
	cr_assert(eq(sz, vb(V_TITLE)->val_len, (size_t)0));
	cr_assert(eq(sz, vb(V_REFERENCE)->val_len, (size_t)0));
	cr_assert(eq(sz, vb(V_HOST)->val_len, (size_t)0));
	cr_assert(eq(sz, vb(V_OPEN_COMPUTER)->val_len, (size_t)0));
	cr_assert(eq(sz, trap_pdu_text_len(NULL, 10), (size_t)0));
}

Test(trap_pdu, ipv4_peer_is_ipv4_address)
{
	build(false);
	cr_assert(eq(long, integer(V_OPEN_PEER_TYPE, ASN_INTEGER), 1));
	cr_assert(eq(str, vb_hex(V_OPEN_PEER), "c0000205"));
}

Test(trap_pdu, ipv6_peer_is_ipv6_address)
{
	build(false);
	cr_assert(eq(long, integer(V_CLOSE_PEER_TYPE, ASN_INTEGER), 2));
	cr_assert(
	    eq(str, vb_hex(V_CLOSE_PEER), "20010db8000000000000000000000005"));
}

Test(trap_pdu, ipv4_mapped_ipv6_peer_is_ipv4_address)
{
	snprintf(close_ev.peer, sizeof(close_ev.peer), "::ffff:198.51.100.7");
	build(false);
	cr_assert(eq(long, integer(V_CLOSE_PEER_TYPE, ASN_INTEGER), 1));
	cr_assert(eq(str, vb_hex(V_CLOSE_PEER), "c6336407"));
}

Test(trap_pdu, missing_peer_is_unknown_and_empty)
{
	open_ev.peer[0] = '\0';
	build(false);
	cr_assert(eq(long, integer(V_OPEN_PEER_TYPE, ASN_INTEGER), 0));
	cr_assert(eq(sz, vb(V_OPEN_PEER)->val_len, (size_t)0));
}

Test(trap_pdu, peer_that_is_not_a_numeric_address_is_unknown)
{
	static const char *bad[] = { "exch01", "192.0.2.1:514", "256.1.1.1",
		"fe80::1%eth0", "[2001:db8::1]", "192.0.2.1 " };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(open_ev.peer, sizeof(open_ev.peer), "%s", bad[i]);
		build(false);
		cr_assert(eq(long, integer(V_OPEN_PEER_TYPE, ASN_INTEGER), 0),
		    "peer \"%s\"", bad[i]);
		cr_assert(eq(sz, vb(V_OPEN_PEER)->val_len, (size_t)0),
		    "peer \"%s\"", bad[i]);
	}
}

Test(trap_pdu, no_alert_gives_no_pdu)
{
	cr_assert(eq(ptr, trap_pdu_new(NULL, 0, false), NULL));
}

Test(trap_pdu, text_of_stray_continuation_octets_is_cut_not_emptied)
{
	char s[301];

	memset(s, 0x80, 300);
	s[300] = '\0';
	/* not UTF-8: backing up more than 3 octets would lose everything */
	cr_assert(eq(sz, trap_pdu_text_len(s, 255), 255));
}

Test(trap_pdu, text_cut_backs_up_over_a_split_character)
{
	/* "ab" then U+20AC (3 octets): a cut at 4 falls inside the euro */
	const char *s = "ab\xe2\x82\xac";

	cr_assert(eq(sz, trap_pdu_text_len(s, 4), 2));
	cr_assert(eq(sz, trap_pdu_text_len(s, 5), 5));
}

/* snmpTrapOID.0's value, dotted */
static char *
trapoid(void)
{
	const netsnmp_variable_list *v = vb(V_TRAPOID);

	cr_assert(eq(int, v->type, ASN_OBJECT_ID));
	return dotted(v->val.objid, v->val_len / sizeof(oid));
}

Test(trap_pdu, each_alert_kind_has_its_notification)
{
	static const struct {
		enum alert_kind kind;
		const char *oid;
	} want[] = {
		{ ALERT_PAIR, EVCORR ".0.1" },
		{ ALERT_TIMEOUT, EVCORR ".0.2" },
		{ ALERT_CLEAR, EVCORR ".0.3" },
		{ ALERT_TEST, EVCORR ".0.4" },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		alert.kind = want[i].kind;
		build(false);
		cr_assert(eq(str, trapoid(), (char *)(uintptr_t)want[i].oid));
		cr_assert(eq(sz, count(), (size_t)V_COUNT));
	}
}

Test(trap_pdu, carries_the_alert_id_and_the_cleared_id)
{
	snprintf(alert.id, sizeof(alert.id), "%s",
	    "0f8fad5b-d9cb-469f-a165-70867728950e");
	build(false);
	cr_assert(
	    eq(str, str(V_ALERT_ID), "0f8fad5b-d9cb-469f-a165-70867728950e"));
	cr_assert(eq(str, str(V_CLEARED_ID), ""));
	alert.kind = ALERT_CLEAR;
	snprintf(alert.clears, sizeof(alert.clears), "%s",
	    "7c9e6679-7425-40de-944b-e07fc1f90ae7");
	build(false);
	cr_assert(
	    eq(str, str(V_CLEARED_ID), "7c9e6679-7425-40de-944b-e07fc1f90ae7"));
}

Test(trap_pdu, carries_event_types_of_both_events_bounded)
{
	alert.open.type = "Error";
	alert.close.type = "Information";
	build(false);
	cr_assert(eq(str, str(V_OPEN_TYPE), "Error"));
	cr_assert(eq(str, str(V_CLOSE_TYPE), "Information"));
	alert.close.type = NULL; /* no closing event */
	alert.open.type = repeat("x", 40);
	build(false);
	cr_assert(eq(sz, strlen(str(V_OPEN_TYPE)), TRAP_PDU_TYPE_MAX));
	cr_assert(eq(str, str(V_CLOSE_TYPE), ""));
}

Test(trap_pdu, carries_logs_and_texts_of_both_events)
{
	alert.open.log = "Application";
	alert.open.text = "The Internet Mail Service could not start";
	alert.close.log = "System";
	alert.close.text = "Service stopped";
	build(false);
	cr_assert(eq(str, str(V_OPEN_LOG), "Application"));
	cr_assert(eq(str, str(V_CLOSE_LOG), "System"));
	cr_assert(eq(str, str(V_OPEN_TEXT),
	    "The Internet Mail Service could not start"));
	cr_assert(eq(str, str(V_CLOSE_TEXT), "Service stopped"));
}

Test(trap_pdu, long_event_text_is_cut_on_a_character)
{
	/* 600 two-octet characters: 1200 octets, cut to 512 of them */
	alert.open.text = repeat("\xc3\xa9", 600);
	build(false);
	cr_assert(eq(sz, strlen(str(V_OPEN_TEXT)), 1024));
	alert.open.text = repeat("\xc3\xa9"
				 "a",
	    400);
	build(false);
	/* 1024 octets would split an e-acute: 1023 kept */
	cr_assert(eq(sz, strlen(str(V_OPEN_TEXT)), 1023));
}
