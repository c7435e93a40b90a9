/* SPDX-License-Identifier: ISC */
/*
 * A received SNMP notification PDU -> struct winevent, for the traps of
 * the Windows Event-to-Trap translator (v1, or the same as v2c/INFORM with
 * snmpTrapOID = enterprise.0.specific); the RESPONSE an INFORM gets; and
 * the memory of recent INFORMs that tells a retransmission from a new
 * one.  Pure: no I/O, no clock (now_ms is passed in), no logging.
 */
#ifndef DAEMON_TRAP_DECODE_H
#define DAEMON_TRAP_DECODE_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "parse_error.h"
#include "winevent.h"

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

/*
 * Encodes the RESPONSE to an INFORM (RFC 3416 4.2.7: a copy with the
 * command changed, error-status and error-index 0) with net-snmp's current
 * encoding (reverse builds from the end of the buffer, forward from its
 * start); msg_len_hint is the received message's length.  On success
 * *buf is a malloc'd buffer the caller frees, and *msg, *msg_len the
 * message inside it.  Returns 0, or -1 with err set and *buf NULL.
 */
int trap_decode_response(netsnmp_pdu *inform, netsnmp_session *sess,
    size_t msg_len_hint, u_char **buf, const u_char **msg, size_t *msg_len,
    struct parse_error *err);

/*
 * Retransmitted INFORMs: a sender that lost our RESPONSE sends the same
 * INFORM again (same peer address, port and request-id).  A ring of the
 * last TRAP_DECODE_SEEN_MAX INFORMs, each remembered TRAP_DECODE_SEEN_MS;
 * more INFORMs than that in the window push the oldest out early.
 */
#define TRAP_DECODE_SEEN_MAX 256
#define TRAP_DECODE_SEEN_MS (30 * 1000)

struct trap_decode_seen_entry {
	int64_t at_ms;
	long reqid;
	uint16_t port; /* network byte order, as in the sockaddr */
	bool is_used;
	bool is_v6;
	uint8_t addr[16]; /* IPv4: the first 4 octets */
};

/* Zero-initialise (memset or = { 0 }) before use. */
struct trap_decode_seen {
	struct trap_decode_seen_entry entries[TRAP_DECODE_SEEN_MAX];
	size_t next; /* the slot the next new INFORM overwrites */
};

/*
 * True when an INFORM with reqid came from sa (AF_INET or AF_INET6) less
 * than TRAP_DECODE_SEEN_MS before now_ms: a retransmission.  Otherwise
 * remembers it and returns false.  Other address families are never
 * duplicates and are not remembered.
 */
bool trap_decode_seen(struct trap_decode_seen *s, const struct sockaddr *sa,
    socklen_t salen, long reqid, int64_t now_ms);

#endif
