/* SPDX-License-Identifier: ISC */
/*
 * The RESPONSE a received INFORM gets.  Pure: the caller sends it.
 */
#ifndef DAEMON_INPUT_TRAP_RESPONSE_H
#define DAEMON_INPUT_TRAP_RESPONSE_H

#include <stddef.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/parse_error.h"

/*
 * Encodes the RESPONSE to an INFORM (RFC 3416 4.2.7: a copy with the
 * command changed, error-status and error-index 0) with net-snmp's current
 * encoding (reverse builds from the end of the buffer, forward from its
 * start); msg_len_hint is the received message's length.  On success
 * *buf is a malloc'd buffer the caller frees, and *msg, *msg_len the
 * message inside it.  Returns 0, or -1 with err set and *buf NULL.
 */
int trap_response_build(netsnmp_pdu *inform, netsnmp_session *sess,
    size_t msg_len_hint, u_char **buf, const u_char **msg, size_t *msg_len,
    struct parse_error *err);

/*
 * The same for the REPORT (RFC 3412 7.1.3b, RFC 3414 3.2) that an SNMPv3
 * message refused by USM with usm_error (an SNMPERR_USM_* code) gets
 * when it asked for one: how a sender discovers this engine's ID and
 * time before its INFORM.  refused is what snmp_msg_decode_v3() read.
 * For a v3 RESPONSE or REPORT the library's user list supplies the keys;
 * not pure in that, as USM reads its engine time.
 */
int trap_response_report(netsnmp_pdu *refused, int usm_error,
    netsnmp_session *sess, size_t msg_len_hint, u_char **buf,
    const u_char **msg, size_t *msg_len, struct parse_error *err);

#endif
