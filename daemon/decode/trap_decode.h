/* SPDX-License-Identifier: ISC */
/*
 * A received SNMP notification PDU -> struct winevent, for the traps of
 * the Windows Event-to-Trap translator (v1, or the same as v2c/INFORM with
 * snmpTrapOID = enterprise.0.specific).  Pure: no I/O, no clock, no
 * logging.
 */
#ifndef DAEMON_DECODE_TRAP_DECODE_H
#define DAEMON_DECODE_TRAP_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/parse_error.h"
#include "decode/winevent.h"

/* 1.3.6.1.4.1.311.1.13.1: the translator's enterprise prefix */
#define TRAP_DECODE_MS_PREFIX 1, 3, 6, 1, 4, 1, 311, 1, 13, 1

/*
 * No varbind cap: net-snmp has parsed and allocated the whole list before
 * trap_decode sees it, and a datagram of at most 64 KB bounds it (about
 * 9000 varbinds); decoding walks it once.
 */

/*
 * Fills the decoded fields of ev (not via/peer/recv_ms).  Returns 0, or -1
 * with err set when pdu is not a translator trap or is inconsistent.
 */
int trap_decode(const netsnmp_pdu *pdu, struct winevent *ev,
    struct parse_error *err);

/*
 * True when pdu's trap OID (v1 enterprise, or v2 snmpTrapOID.0) lies under
 * the translator's prefix: tells a damaged translator trap (count it as
 * malformed) from someone else's notification after trap_decode() fails.
 */
bool trap_decode_is_translator(const netsnmp_pdu *pdu);

#endif
