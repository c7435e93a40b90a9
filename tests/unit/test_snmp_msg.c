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
	return snmp_msg_decode(wire, wire_len, &sess, communities, 2, &m);
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
