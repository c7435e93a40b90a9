/* SPDX-License-Identifier: ISC */
/*
 * trap_response: the RESPONSE to an INFORM, in both BER directions, parsed
 * back by net-snmp; what is not an INFORM is refused.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "input/trap_response.h"
#include "trap_fixture.h"

#include "criterion_str.h"

/* ---------------------------------------------------------- INFORM RESPONSE */

/* The INFORM an Event-to-Trap proxy sends, with a known request-id. */
static netsnmp_pdu *
inform_pdu(long reqid)
{
	netsnmp_pdu *p = pdu_v2(SNMP_MSG_INFORM, "MSExchangeIMC", 100);

	p->reqid = reqid;
	p->community = (u_char *)strdup("public");
	cr_assert(not(eq(ptr, p->community, NULL)));
	p->community_len = 6;
	add_all(p);
	return p;
}

/* Encodes the RESPONSE in one encoding and parses it back. */
/* The INFORM's length on the wire (reverse encoding: minimal lengths). */
static size_t
wire_len(netsnmp_pdu *inform)
{
	netsnmp_session sess;
	netsnmp_pdu *copy = snmp_clone_pdu(inform);
	size_t len = 64, off = 0;
	u_char *buf = malloc(len);

	cr_assert(not(eq(ptr, copy, NULL)));
	cr_assert(not(eq(ptr, buf, NULL)));
	snmp_sess_init(&sess);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_REVERSE_ENCODE, 1);
	cr_assert(eq(int, snmp_build(&buf, &len, &off, &sess, copy), 0));
	free(buf);
	snmp_free_pdu(copy);
	return off;
}

static netsnmp_pdu *
response_roundtrip(netsnmp_pdu *inform, bool is_reverse, size_t *msg_len)
{
	netsnmp_session sess;
	struct parse_error err;
	const u_char *msg;
	u_char *buf, *copy;
	netsnmp_pdu *r = calloc(1, sizeof(*r));
	size_t hint = wire_len(inform);
	int rc;

	cr_assert(not(eq(ptr, r, NULL)));
	/* after the library's lazy initialisation, which sets the default */
	snmp_sess_init(&sess);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_REVERSE_ENCODE, is_reverse);
	rc =
	    trap_response_build(inform, &sess, hint, &buf, &msg, msg_len, &err);
	cr_assert(eq(int, rc, 0), "%s", err.msg);
	cr_assert(not(eq(ptr, buf, NULL)));
	/* an exact-size copy: parsing must not need a byte more or less */
	copy = malloc(*msg_len);
	cr_assert(not(eq(ptr, copy, NULL)));
	memcpy(copy, msg, *msg_len);
	free(buf);
	rc = snmp_parse(NULL, &sess, r, copy, *msg_len);
	free(copy);
	cr_assert(eq(int, rc, 0), "RESPONSE does not parse");
	return r;
}

static void
check_response(bool is_reverse)
{
	netsnmp_pdu *inform = inform_pdu(424242), *r;
	const netsnmp_variable_list *a, *b;
	size_t len, n = 0;

	inform->errstat = 5; /* a RESPONSE always says noError */
	r = response_roundtrip(inform, is_reverse, &len);
	cr_assert(eq(int, r->command, SNMP_MSG_RESPONSE));
	cr_assert(eq(long, r->version, SNMP_VERSION_2c));
	cr_assert(eq(long, r->reqid, 424242));
	cr_assert(eq(long, r->errstat, 0));
	cr_assert(eq(long, r->errindex, 0));
	cr_assert(eq(sz, r->community_len, 6));
	cr_assert(eq(int, memcmp(r->community, "public", 6), 0));
	for (a = inform->variables, b = r->variables; a != NULL && b != NULL;
	     a = a->next_variable, b = b->next_variable, n++) {
		cr_assert(eq(int,
		    snmp_oid_compare(a->name, a->name_length, b->name,
			b->name_length),
		    0));
		cr_assert(eq(sz, a->val_len, b->val_len));
	}
	cr_assert(a == NULL && b == NULL, "varbind counts differ");
	cr_assert(eq(sz, n, 7)); /* sysUpTime, snmpTrapOID, 5 fields */
	snmp_free_pdu(r);
	snmp_free_pdu(inform);
}

Test(trap_response, found_with_reverse_encoding)
{
	check_response(true);
}

Test(trap_response, found_with_forward_encoding)
{
	check_response(false);
}

Test(trap_response, to_a_large_inform_forward_encoded)
{
	netsnmp_pdu *inform = inform_pdu(7), *r;
	size_t len;
	int i;

	/* many small varbinds: forward encoding pads every length */
	for (i = 0; i < 2000; i++)
		add_str(inform, 6, "");
	r = response_roundtrip(inform, false, &len);
	cr_assert(eq(long, r->reqid, 7));
	snmp_free_pdu(r);
	snmp_free_pdu(inform);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_REVERSE_ENCODE, 1);
}

Test(trap_response, refuses_a_trap)
{
	netsnmp_pdu *p = pdu_v2(SNMP_MSG_TRAP2, "S", 1);
	netsnmp_session sess;
	struct parse_error err;
	const u_char *msg;
	u_char *buf = (u_char *)&err;
	size_t len;

	snmp_sess_init(&sess);
	cr_assert(eq(int,
	    trap_response_build(p, &sess, 100, &buf, &msg, &len, &err), -1));
	cr_assert(eq(ptr, buf, NULL));
	cr_assert(not(eq(str, err.msg, "")));
	snmp_free_pdu(p);
}

Test(trap_response, refuses_null)
{
	netsnmp_session sess;
	struct parse_error err;
	const u_char *msg;
	u_char *buf;
	size_t len;

	snmp_sess_init(&sess);
	cr_assert(eq(int,
	    trap_response_build(NULL, &sess, 0, &buf, &msg, &len, &err), -1));
	cr_assert(eq(ptr, buf, NULL));
}
