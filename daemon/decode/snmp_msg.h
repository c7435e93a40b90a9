/* SPDX-License-Identifier: ISC */
/*
 * One received SNMP datagram, judged before anything in it is trusted:
 * the header's version and community are read first (two BER fields, so
 * that v3, unknown versions and wrong communities cost little and never
 * reach USM), a v1 trap's specific-trap is checked as encoded (net-snmp
 * cuts INTEGERs to 32 bits: 2^40 + 2140 would become 2140), then net-snmp
 * parses the whole message once into a PDU.
 * Pure: no I/O, no clock, no logging.
 */
#ifndef DAEMON_DECODE_SNMP_MSG_H
#define DAEMON_DECODE_SNMP_MSG_H

#include <stdbool.h>
#include <stddef.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/parse_error.h"

enum snmp_msg_verdict {
	SNMP_MSG_MALFORMED,        /* not an SNMP message we can parse */
	SNMP_MSG_BAD_VERSION,      /* SNMPv3 or an unknown version */
	SNMP_MSG_BAD_COMMUNITY,    /* v1/v2c with a community not accepted */
	SNMP_MSG_NOT_NOTIFICATION, /* a GET, SET, RESPONSE... */
	SNMP_MSG_NOTIFICATION,     /* a v1 trap, v2c trap or INFORM */
	SNMP_MSG_USM_REFUSED,      /* SNMPv3: refused by USM (usm_error) */
	SNMP_MSG_FOREIGN, /* a trap whose trap OID is not the one asked for */
};

struct snmp_msg {
	long version; /* the header's version field; -1 when unread */
	/* The header's community, inside the datagram (no NUL). */
	const u_char *community;
	size_t community_len;
	/* NOTIFICATION, NOT_NOTIFICATION: owned, freed by snmp_msg_clear() */
	netsnmp_pdu *pdu;
	bool is_inform;
	int64_t v1_specific;    /* v1 trap: specific-trap as encoded */
	struct parse_error err; /* MALFORMED: why */
	/* USM_REFUSED: net-snmp's SNMPERR_USM_* code */
	int usm_error;
	/* USM_REFUSED: the sender expects a REPORT (RFC 3412 7.1.3b) */
	bool is_reportable;
};

/*
 * Judges buf[0..len) (a whole datagram) against the accepted communities
 * (compared in full, in constant time per community), with sess as the
 * library's parse context (snmp_sess_init()ed, never opened).  With
 * only (only_len sub-identifiers; NULL: none), a trap whose trap OID
 * (snmp_msg_trap_oid()) does not start with it is FOREIGN before
 * net-snmp parses anything, so that foreign traffic costs little.  Fills
 * m and returns the verdict.  Call snmp_msg_clear() afterwards, whatever
 * the verdict.
 */
enum snmp_msg_verdict snmp_msg_decode(const u_char *buf, size_t len,
    netsnmp_session *sess, char *const *communities, size_t ncommunities,
    const oid *only, size_t only_len, struct snmp_msg *m);
/*
 * The trap OID of a trap, read in place with nothing else parsed: a v1
 * trap's enterprise, a v2c trap's snmpTrapOID.0 (its second varbind, as
 * RFC 3416 places it), into out (room for outlen sub-identifiers).
 * Returns how many, or 0 when buf is not laid out so (an INFORM, which is
 * acknowledged whatever it carries, any other PDU, anything broken: the
 * full parse judges those).
 */
size_t snmp_msg_trap_oid(const u_char *buf, size_t len, oid *out,
    size_t outlen);
/*
 * An SNMPv3 message (buf, len as above), through net-snmp's USM against
 * the library's user list: sess must be snmp_sess_init()ed with
 * isAuthoritative SNMP_SESS_UNKNOWNAUTH (informs are addressed to this
 * engine, traps come from the sender's).  Not pure: USM keeps its
 * statistics and the engine times it has seen.  NOTIFICATION: a v3 trap
 * or INFORM, authenticated as its securityLevel says.  USM_REFUSED: m's
 * PDU holds what USM read of the header (securityName, level, msgID),
 * from which a REPORT is built when is_reportable.
 */
enum snmp_msg_verdict snmp_msg_decode_v3(const u_char *buf, size_t len,
    netsnmp_session *sess, struct snmp_msg *m);
/*
 * Encodes pdu (freed here, whatever the outcome) as a message of sess
 * (snmp_sess_init()ed, never opened) with net-snmp's current encoding:
 * reverse builds from the end of the buffer, forward from its start;
 * len_hint is a message length to make room for.  On success *buf is a
 * malloc'd buffer the caller frees, and *msg, *msg_len the message inside
 * it.  Returns 0, or -1 with err set and *buf NULL.
 */
int snmp_msg_encode(netsnmp_pdu *pdu, netsnmp_session *sess, size_t len_hint,
    u_char **buf, const u_char **msg, size_t *msg_len, struct parse_error *err);
/* Frees the PDU m holds, if any. */
void snmp_msg_clear(struct snmp_msg *m);

#endif
