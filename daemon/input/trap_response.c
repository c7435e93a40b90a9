/* SPDX-License-Identifier: ISC */
/*
 * The RESPONSE to an INFORM (RFC 3416 4.2.7): a copy with the command
 * changed and error-status and error-index 0, encoded by net-snmp with
 * whichever BER direction the library is set to.  Pure.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/xmalloc.h"
#include "decode/snmp_msg.h"
#include "input/trap_response.h"

static int trap_response_fail(struct parse_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
trap_response_fail(struct parse_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void
trap_response_clear(u_char **buf, struct parse_error *err)
{
	err->line = 0;
	err->offset = 0;
	err->msg[0] = '\0';
	*buf = NULL;
}

int
trap_response_build(netsnmp_pdu *inform, netsnmp_session *sess,
    size_t msg_len_hint, u_char **buf, const u_char **msg, size_t *msg_len,
    struct parse_error *err)
{
	netsnmp_pdu *reply;

	trap_response_clear(buf, err);
	if (inform == NULL || inform->command != SNMP_MSG_INFORM)
		return trap_response_fail(err, "not an INFORM");
	if ((reply = snmp_clone_pdu(inform)) == NULL)
		return trap_response_fail(err, "cannot copy the INFORM");
	reply->command = SNMP_MSG_RESPONSE;
	reply->errstat = 0;
	reply->errindex = 0;
	return snmp_msg_encode(reply, sess, msg_len_hint, buf, msg, msg_len,
	    err);
}

int
trap_response_report(netsnmp_pdu *refused, int usm_error, netsnmp_session *sess,
    size_t msg_len_hint, u_char **buf, const u_char **msg, size_t *msg_len,
    struct parse_error *err)
{
	netsnmp_pdu *report;
	u_long flags;

	trap_response_clear(buf, err);
	if (refused == NULL || refused->version != SNMP_VERSION_3)
		return trap_response_fail(err, "not an SNMPv3 message");
	/* as net-snmp's own usm_handle_report(): the header's fields too */
	flags = refused->flags;
	refused->flags |= UCD_MSG_FLAG_FORCE_PDU_COPY;
	report = snmp_clone_pdu(refused);
	refused->flags = flags;
	if (report == NULL)
		return trap_response_fail(err, "cannot copy the message");
	report->flags = flags;
	if (snmpv3_make_report(report, usm_error) != SNMPERR_SUCCESS) {
		snmp_free_pdu(report);
		return trap_response_fail(err, "cannot make the REPORT");
	}
	return snmp_msg_encode(report, sess, msg_len_hint, buf, msg, msg_len,
	    err);
}
