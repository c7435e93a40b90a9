/* SPDX-License-Identifier: ISC */
/*
 * snmp_msg: one datagram judged from its header, then parsed once:
 * notifications of each version, INFORMs, communities (accepted, wrong,
 * longer, empty), SNMPv3 and unknown versions refused unparsed, other
 * PDUs, and bytes that are no SNMP message.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "decode/snmp_msg.h"
#include "trap_fixture.h"

static char *communities[] = { "public", "second" };
static netsnmp_session sess;
static u_char *wire;
static size_t wire_len;
static struct snmp_msg m;

static void
setup(void)
{
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	snmp_sess_init(&sess);
	wire = NULL;
	memset(&m, 0, sizeof(m));
}

static void
teardown(void)
{
	snmp_msg_clear(&m);
	free(wire);
}

TestSuite(snmp_msg, .init = setup, .fini = teardown);

/* p as bytes on the wire with community c (p is freed). */
static void
encode(netsnmp_pdu *p, const char *c)
{
	size_t len = 4096, off = 0;
	u_char *buf = malloc(len);

	cr_assert(ne(ptr, buf, NULL));
	sess.community = (u_char *)(uintptr_t)c;
	sess.community_len = strlen(c);
	p->community = (u_char *)strdup(c);
	p->community_len = strlen(c);
	cr_assert(eq(int, snmp_build(&buf, &len, &off, &sess, p), 0));
	wire_len = p->flags & UCD_MSG_FLAG_FORWARD_ENCODE ? len : off;
	wire = malloc(wire_len);
	cr_assert(ne(ptr, wire, NULL));
	memcpy(wire,
	    p->flags & UCD_MSG_FLAG_FORWARD_ENCODE ? buf : buf + len - off,
	    wire_len);
	free(buf);
	snmp_free_pdu(p);
}

static enum snmp_msg_verdict
judge(void)
{
	snmp_msg_clear(&m);
	return snmp_msg_decode(wire, wire_len, &sess, communities, 2, NULL, 0,
	    &m);
}

static enum snmp_msg_verdict
judge_bytes(const void *bytes, size_t len)
{
	free(wire);
	wire = malloc(len);
	cr_assert(ne(ptr, wire, NULL));
	memcpy(wire, bytes, len);
	wire_len = len;
	return judge();
}

Test(snmp_msg, v1_trap_is_a_notification)
{
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 2140);

	add_all(p);
	encode(p, "public");
	cr_assert(eq(int, judge(), SNMP_MSG_NOTIFICATION));
	cr_assert(eq(long, m.version, SNMP_VERSION_1));
	cr_assert(eq(int, m.pdu->command, SNMP_MSG_TRAP));
	cr_assert(eq(int, m.is_inform ? 1 : 0, 0));
	cr_assert(eq(long, m.pdu->specific_type, 2140));
}

Test(snmp_msg, v2c_inform_with_second_community)
{
	netsnmp_pdu *p = pdu_v2(SNMP_MSG_INFORM, "MSExchangeIMC", 100);

	encode(p, "second");
	cr_assert(eq(int, judge(), SNMP_MSG_NOTIFICATION));
	cr_assert(eq(int, m.is_inform ? 1 : 0, 1));
	cr_assert(eq(long, m.version, SNMP_VERSION_2c));
}

Test(snmp_msg, wrong_community_is_refused_before_parsing)
{
	netsnmp_pdu *p = pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 100);

	encode(p, "publicity");
	cr_assert(eq(int, judge(), SNMP_MSG_BAD_COMMUNITY));
	cr_assert(eq(ptr, m.pdu, NULL));
	cr_assert(eq(sz, m.community_len, 9));
	cr_assert(eq(int, memcmp(m.community, "publicity", 9), 0));
	cr_assert(m.community >= wire && m.community < wire + wire_len);
	p = pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 100);
	encode(p, "publi");
	cr_assert(eq(int, judge(), SNMP_MSG_BAD_COMMUNITY));
	p = pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 100);
	encode(p, "");
	cr_assert(eq(int, judge(), SNMP_MSG_BAD_COMMUNITY));
}

Test(snmp_msg, a_get_is_no_notification)
{
	static const oid sysdescr[] = { 1, 3, 6, 1, 2, 1, 1, 1, 0 };
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_GET);

	p->version = SNMP_VERSION_2c;
	snmp_add_null_var(p, sysdescr, OID_LENGTH(sysdescr));
	encode(p, "public");
	cr_assert(eq(int, judge(), SNMP_MSG_NOT_NOTIFICATION));
	cr_assert(ne(ptr, m.pdu, NULL));
	cr_assert(eq(int, m.pdu->command, SNMP_MSG_GET));
}

Test(snmp_msg, v3_and_unknown_versions_are_refused_from_the_header)
{
	/* SEQUENCE { INTEGER 3, ... }: never handed to USM */
	static const u_char v3[] = { 0x30, 0x0b, 0x02, 0x01, 0x03, 0x30, 0x06,
		0x02, 0x01, 0x01, 0x02, 0x01, 0x00 };
	static const u_char v7[] = { 0x30, 0x1d, 0x02, 0x01, 0x07, 0x04, 0x06,
		'p', 'u', 'b', 'l', 'i', 'c', 0xa7, 0x10, 0x02, 0x01, 0x01,
		0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x05, 0x30, 0x03,
		0x06, 0x01, 0x00 };

	cr_assert(eq(int, judge_bytes(v3, sizeof(v3)), SNMP_MSG_BAD_VERSION));
	cr_assert(eq(long, m.version, 3));
	cr_assert(eq(ptr, m.pdu, NULL));
	cr_assert(eq(int, judge_bytes(v7, sizeof(v7)), SNMP_MSG_BAD_VERSION));
	cr_assert(eq(long, m.version, 7));
}

Test(snmp_msg, what_is_no_snmp_message_is_malformed)
{
	static const u_char cut[] = { 0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x01,
		0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c' };
	static const u_char no_comm[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };

	cr_assert(
	    eq(int, judge_bytes("hello, not BER", 14), SNMP_MSG_MALFORMED));
	cr_assert(ne(chr, m.err.msg[0], '\0'));
	cr_assert(eq(int, judge_bytes(cut, sizeof(cut)), SNMP_MSG_MALFORMED));
	cr_assert(
	    eq(int, judge_bytes(no_comm, sizeof(no_comm)), SNMP_MSG_MALFORMED));
	cr_assert(eq(int, judge_bytes("", 0), SNMP_MSG_MALFORMED));
}

Test(snmp_msg, a_cut_datagram_of_an_accepted_community_is_malformed)
{
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 2140);

	add_all(p);
	encode(p, "public");
	wire_len -= 5;
	cr_assert(eq(int, judge(), SNMP_MSG_MALFORMED));
	cr_assert(ne(chr, m.err.msg[0], '\0'));
}

/* A v1 translator trap with specific-trap encoded as the n octets given. */
static void
v1_with_specific(const u_char *spec, size_t n)
{
	/* enterprise 1.3.6.1.4.1.311.1.13.1.1.88 ("X") */
	static const u_char ent[] = { 0x06, 0x0c, 0x2b, 0x06, 0x01, 0x04, 0x01,
		0x82, 0x37, 0x01, 0x0d, 0x01, 0x01, 0x58 };
	static const u_char tail[] = { 0x40, 0x04, 0x7f, 0x00, 0x00, 0x01, 0x02,
		0x01, 0x06 };
	u_char pdu[64], msg[96];
	size_t pl = 0, ml = 0;

	memcpy(pdu + pl, ent, sizeof(ent));
	pl += sizeof(ent);
	memcpy(pdu + pl, tail, sizeof(tail));
	pl += sizeof(tail);
	pdu[pl++] = 0x02;
	pdu[pl++] = (u_char)n;
	memcpy(pdu + pl, spec, n);
	pl += n;
	memcpy(pdu + pl, "\x43\x01\x00\x30\x00", 5);
	pl += 5;
	msg[ml++] = 0x30;
	msg[ml++] = (u_char)(pl + 13);
	memcpy(msg + ml, "\x02\x01\x00\x04\x06public", 11);
	ml += 11;
	msg[ml++] = 0xa4;
	msg[ml++] = (u_char)pl;
	memcpy(msg + ml, pdu, pl);
	ml += pl;
	judge_bytes(msg, ml);
}

Test(snmp_msg, v1_specific_trap_beyond_32_bits_is_refused_as_encoded)
{
	static const u_char s2140[] = { 0x08, 0x5c };
	static const u_char sev[] = { 0x00, 0xc0, 0x00, 0x08, 0x5c };
	static const u_char neg[] = { 0xc0, 0x00, 0x08, 0x5c };
	static const u_char p40[] = { 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 };
	static const u_char p40_2140[] = { 0x01, 0x00, 0x00, 0x00, 0x08, 0x5c };
	static const u_char big5[] = { 0x01, 0x00, 0x00, 0x08, 0x5c };
	static const u_char low5[] = { 0xff, 0x7f, 0xff, 0xff, 0xff };

	v1_with_specific(s2140, sizeof(s2140));
	cr_assert(eq(int, judge(), SNMP_MSG_NOTIFICATION), "%s", m.err.msg);
	cr_assert(eq(long, m.pdu->specific_type, 2140));
	cr_assert(eq(i64, m.v1_specific, 2140));
	/* 0xC000085C: unsigned in 5 octets, or negative in 4 */
	v1_with_specific(sev, sizeof(sev));
	cr_assert(eq(int, judge(), SNMP_MSG_NOTIFICATION));
	cr_assert(eq(i64, m.v1_specific, 3221227612LL));
	v1_with_specific(neg, sizeof(neg));
	cr_assert(eq(int, judge(), SNMP_MSG_NOTIFICATION));
	cr_assert(eq(i64, m.v1_specific, -1073739684LL));
	/* 2^40 and 2^40 + 2140: net-snmp would make them 0 and 2140 */
	v1_with_specific(p40, sizeof(p40));
	cr_assert(eq(int, judge(), SNMP_MSG_MALFORMED));
	cr_assert(ne(ptr, strstr(m.err.msg, "32 bits"), NULL));
	v1_with_specific(p40_2140, sizeof(p40_2140));
	cr_assert(eq(int, judge(), SNMP_MSG_MALFORMED));
	v1_with_specific(big5, sizeof(big5));
	cr_assert(eq(int, judge(), SNMP_MSG_MALFORMED));
	v1_with_specific(low5, sizeof(low5));
	cr_assert(eq(int, judge(), SNMP_MSG_MALFORMED));
}

/* ------------------------------------------- traps judged by their OID */

static const oid translator[] = { 1, 3, 6, 1, 4, 1, 311, 1, 13, 1 };
static const oid foreign_ent[] = { 1, 3, 6, 1, 4, 1, 8072, 2, 3 };

static enum snmp_msg_verdict
judge_only(void)
{
	snmp_msg_clear(&m);
	return snmp_msg_decode(wire, wire_len, &sess, communities, 2,
	    translator, sizeof(translator) / sizeof(translator[0]), &m);
}

Test(snmp_msg, trap_oid_of_v1_and_v2c_traps_read_in_place)
{
	oid got[MAX_OID_LEN], want[MAX_OID_LEN];
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 2140);
	size_t n;

	memcpy(want, p->enterprise, p->enterprise_length * sizeof(oid));
	n = p->enterprise_length;
	add_all(p);
	encode(p, "public");
	cr_assert(
	    eq(sz, snmp_msg_trap_oid(wire, wire_len, got, MAX_OID_LEN), n));
	cr_assert(eq(int, memcmp(got, want, n * sizeof(oid)), 0));
	/* no room: none */
	cr_assert(eq(sz, snmp_msg_trap_oid(wire, wire_len, got, 3), 0));
	free(wire);
	wire = NULL;
	p = pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 100);
	add_all(p);
	encode(p, "public");
	n = snmp_msg_trap_oid(wire, wire_len, got, MAX_OID_LEN);
	cr_assert(gt(sz, n, 12));
	cr_assert(eq(u64, (uint64_t)got[n - 1], 100));
	cr_assert(eq(u64, (uint64_t)got[n - 2], 0));
	cr_assert(eq(int, memcmp(got, translator, sizeof(translator)), 0));
	/* every cut of the datagram reads nothing or the same, never more */
	for (size_t cut = 0; cut < wire_len; cut++) {
		size_t k = snmp_msg_trap_oid(wire, cut, got, MAX_OID_LEN);

		cr_assert(k == 0 || k == n, "cut %zu", cut);
	}
}

Test(snmp_msg, traps_of_other_enterprises_are_foreign_unparsed)
{
	netsnmp_pdu *p = pdu_v1_raw(foreign_ent, 9, 17);

	encode(p, "public");
	cr_assert(eq(int, judge_only(), SNMP_MSG_FOREIGN));
	cr_assert(eq(ptr, m.pdu, NULL), "nothing was parsed");
	/* without the filter it is parsed, as before */
	cr_assert(eq(int, judge(), SNMP_MSG_NOTIFICATION));
	free(wire);
	wire = NULL;
	p = pdu_v2_raw(SNMP_MSG_TRAP2, foreign_ent, 9);
	encode(p, "public");
	cr_assert(eq(int, judge_only(), SNMP_MSG_FOREIGN));
	/* a wrong community is still that, whatever the trap */
	free(wire);
	wire = NULL;
	p = pdu_v1_raw(foreign_ent, 9, 17);
	encode(p, "wrong");
	cr_assert(eq(int, judge_only(), SNMP_MSG_BAD_COMMUNITY));
}

Test(snmp_msg, translator_traps_and_every_inform_are_parsed)
{
	netsnmp_pdu *p = pdu_v1("MSExchangeIMC", 2140);

	encode(p, "public");
	cr_assert(eq(int, judge_only(), SNMP_MSG_NOTIFICATION));
	free(wire);
	wire = NULL;
	p = pdu_v2(SNMP_MSG_TRAP2, "MSExchangeIMC", 100);
	encode(p, "public");
	cr_assert(eq(int, judge_only(), SNMP_MSG_NOTIFICATION));
	/* an INFORM is acknowledged whatever it carries: parsed */
	free(wire);
	wire = NULL;
	p = pdu_v2_raw(SNMP_MSG_INFORM, foreign_ent, 9);
	encode(p, "public");
	cr_assert(eq(int, judge_only(), SNMP_MSG_NOTIFICATION));
	cr_assert(m.is_inform);
	/* an enterprise shorter than the prefix is foreign */
	free(wire);
	wire = NULL;
	p = pdu_v1_raw(translator, 7, 1);
	encode(p, "public");
	cr_assert(eq(int, judge_only(), SNMP_MSG_FOREIGN));
}

Test(snmp_msg, v3_whose_lengths_do_not_nest_never_reaches_usm)
{
	/*
	 * Found by fuzz_trap_decode: msgSecurityParameters claims 41 octets
	 * where the message has 20 left, and its user name runs off the end
	 * of the datagram; net-snmp 5.9.3 read past it (ASan: 3 bytes).
	 */
	static const u_char found[] = { 0x30, 0x81, 0x2c, 0x02, 0x01, 0x03,
		0x30, 0x11, 0x02, 0x04, 0x7f, 0xa1, 0x06, 0xe0, 0x02, 0x03,
		0x00, 0xff, 0xe3, 0x04, 0x01, 0x01, 0x02, 0x01, 0x03, 0x04,
		0x29, 0x30, 0x27, 0x04, 0x08, 0x80, 0x00, 0x08, 0x00, 0x01,
		0x02, 0x03, 0x04, 0x02, 0x01, 0x01, 0x02, 0x03, 0x2e, 0x6b,
		0x52, 0x04, 0x03 };
	/* the same header, security parameters whole, an encrypted
	 * scopedPDU whose OCTET STRING runs past the message */
	static const u_char cut[] = { 0x30, 0x28, 0x02, 0x01, 0x03, 0x30, 0x0d,
		0x02, 0x01, 0x01, 0x02, 0x02, 0x05, 0xdc, 0x04, 0x01, 0x03,
		0x02, 0x01, 0x03, 0x04, 0x10, 0x30, 0x0e, 0x04, 0x00, 0x02,
		0x01, 0x00, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00, 0x04,
		0x00, 0x04, 0x08, 0x01, 0x02 };
	u_char *exact;

	sess.isAuthoritative = SNMP_SESS_UNKNOWNAUTH;
	/* exactly as long as the datagram: ASan sees any read past it */
	exact = malloc(sizeof(found));
	cr_assert(ne(ptr, exact, NULL));
	memcpy(exact, found, sizeof(found));
	cr_assert(eq(int, snmp_msg_decode_v3(exact, sizeof(found), &sess, &m),
	    SNMP_MSG_MALFORMED));
	cr_assert(
	    eq(str, m.err.msg, "SNMPv3 message whose BER lengths do not nest"));
	cr_assert(eq(ptr, m.pdu, NULL));
	free(exact);
	cr_assert(eq(int, snmp_msg_decode_v3(cut, sizeof(cut), &sess, &m),
	    SNMP_MSG_MALFORMED));
	cr_assert(
	    eq(str, m.err.msg, "SNMPv3 message whose BER lengths do not nest"));
}
