/* SPDX-License-Identifier: ISC */
/*
 * Event-to-Trap translator PDUs, built in code as net-snmp hands them over
 * after parsing, for the tests of trap_decode, trap_response, snmp_msg and
 * the pipeline.
 */
#ifndef TESTS_UNIT_TRAP_FIXTURE_H
#define TESTS_UNIT_TRAP_FIXTURE_H

#include <stddef.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define PREFIX 1, 3, 6, 1, 4, 1, 311, 1, 13, 1
#define PREFIX_LEN 10

extern const oid sysuptime_oid[9];
extern const oid trapoid_oid[11];

/* prefix.n.c1..cn for a source name; returns its length. */
size_t make_enterprise(const char *source, oid *out);
netsnmp_pdu *pdu_v1_raw(const oid *ent, size_t len, long specific);
/* A v1 translator trap: enterprise for source, generic 6, specific. */
netsnmp_pdu *pdu_v1(const char *source, long specific);
netsnmp_pdu *pdu_v2_raw(int command, const oid *trapoid, size_t len);
/* A v2c TRAP2 or INFORM: snmpTrapOID = enterprise.0.specific. */
netsnmp_pdu *pdu_v2(int command, const char *source, unsigned long specific);
/* Varbind prefix.9999.k.last. */
void add_vb(netsnmp_pdu *p, unsigned long k, unsigned long last, u_char type,
    const void *val, size_t len);
void add_str(netsnmp_pdu *p, unsigned long k, const char *s);
/* The five varbinds of a translator trap, computer "EXCH01". */
void add_all(netsnmp_pdu *p);

#endif
