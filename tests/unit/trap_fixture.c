/* SPDX-License-Identifier: ISC */
/* Translator PDUs for the tests: see trap_fixture.h. */
#include "config.h"

#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "trap_fixture.h"

const oid sysuptime_oid[9] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };
const oid trapoid_oid[11] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

/* prefix.n.c1..cn for a source name */
size_t
make_enterprise(const char *source, oid *out)
{
	static const oid prefix[] = { PREFIX };
	size_t i, n = strlen(source);

	memcpy(out, prefix, sizeof(prefix));
	out[PREFIX_LEN] = n;
	for (i = 0; i < n; i++)
		out[PREFIX_LEN + 1 + i] = (unsigned char)source[i];
	return PREFIX_LEN + 1 + n;
}

netsnmp_pdu *
pdu_v1_raw(const oid *ent, size_t len, long specific)
{
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_TRAP);

	cr_assert(not(eq(ptr, p, NULL)));
	p->version = SNMP_VERSION_1;
	p->enterprise = snmp_duplicate_objid(ent, len);
	p->enterprise_length = len;
	p->trap_type = 6;
	p->specific_type = specific;
	return p;
}

netsnmp_pdu *
pdu_v1(const char *source, long specific)
{
	oid ent[MAX_OID_LEN];

	return pdu_v1_raw(ent, make_enterprise(source, ent), specific);
}

netsnmp_pdu *
pdu_v2_raw(int command, const oid *trapoid, size_t len)
{
	netsnmp_pdu *p = snmp_pdu_create(command);
	long ticks = 12345;

	cr_assert(not(eq(ptr, p, NULL)));
	p->version = SNMP_VERSION_2c;
	snmp_pdu_add_variable(p, sysuptime_oid, OID_LENGTH(sysuptime_oid),
	    ASN_TIMETICKS, &ticks, sizeof(ticks));
	snmp_pdu_add_variable(p, trapoid_oid, OID_LENGTH(trapoid_oid),
	    ASN_OBJECT_ID, trapoid, len * sizeof(oid));
	return p;
}

netsnmp_pdu *
pdu_v2(int command, const char *source, unsigned long specific)
{
	oid to[MAX_OID_LEN];
	size_t len = make_enterprise(source, to);

	to[len++] = 0;
	to[len++] = specific;
	return pdu_v2_raw(command, to, len);
}

void
add_vb(netsnmp_pdu *p, unsigned long k, unsigned long last, u_char type,
    const void *val, size_t len)
{
	oid name[] = { PREFIX, 9999, k, last };

	cr_assert(not(eq(ptr,
	    snmp_pdu_add_variable(p, name, OID_LENGTH(name), type, val, len),
	    NULL)));
}

void
add_str(netsnmp_pdu *p, unsigned long k, const char *s)
{
	add_vb(p, k, 0, ASN_OCTET_STR, s, strlen(s));
}

void
add_all(netsnmp_pdu *p)
{
	add_str(p, 1, "The Internet Mail Service could not be started.");
	add_str(p, 2, "N/A");
	add_str(p, 3, "EXCH01");
	add_str(p, 4, "Error");
	add_str(p, 5, "Internet Mail Service");
}
