/* SPDX-License-Identifier: ISC */
/*
 * Bytes as a received datagram, the way the trap input handles one:
 * snmp_msg_decode() (header, community "public", net-snmp's parser),
 * trap_decode() on a notification, and the INFORM response build; an
 * SNMPv3 message through snmp_msg_decode_v3() (USM, with one user "noc"
 * installed: SHA-256/AES, engine ID 8000000001020304 for its traps) and
 * the REPORT a refused one gets.  Everything is freed each run.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/log.h"
#include "core/snmp_setup.h"
#include "core/snmp_usm.h"
#include "decode/snmp_msg.h"
#include "decode/trap_decode.h"
#include "input/trap_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_reply(netsnmp_session *sess, netsnmp_pdu *pdu, size_t size)
{
	struct parse_error err;
	const u_char *msg;
	size_t msg_len;
	u_char *buf;

	if (trap_response_build(pdu, sess, size, &buf, &msg, &msg_len, &err) ==
	    0) {
		if (msg < buf || msg_len == 0)
			abort();
		free(buf);
	} else if (buf != NULL || err.msg[0] == '\0') {
		abort();
	}
}

/* A notification: the decoder, and the RESPONSE when it is an INFORM. */
static void
fuzz_notification(netsnmp_session *sess, const struct snmp_msg *m, size_t size)
{
	struct winevent ev;
	struct parse_error err;

	/* what net-snmp kept of specific-trap is what was encoded */
	if (m->pdu->command == SNMP_MSG_TRAP && m->v1_specific != 0 &&
	    (uint32_t)m->pdu->specific_type != (uint32_t)m->v1_specific)
		abort();
	memset(&ev, 0, sizeof(ev));
	if (trap_decode(m->pdu, &ev, &err) == 0) {
		if (ev.source[0] == '\0' || !ev.has_event_id ||
		    ev.event_id > 0xffff)
			abort();
	} else if (err.msg[0] == '\0') {
		abort();
	}
	(void)trap_decode_is_translator(m->pdu);
	if (m->is_inform)
		fuzz_reply(sess, m->pdu, size);
}

static void
fuzz_report(netsnmp_session *sess, const struct snmp_msg *m, size_t size)
{
	struct parse_error err;
	const u_char *msg;
	size_t msg_len;
	u_char *buf;

	if (m->usm_error == 0)
		abort();
	if (!m->is_reportable)
		return;
	if (trap_response_report(m->pdu, m->usm_error, sess, size, &buf, &msg,
		&msg_len, &err) == 0) {
		if (msg < buf || msg_len == 0)
			abort();
		free(buf);
	} else if (buf != NULL || err.msg[0] == '\0') {
		abort();
	}
}

/* An SNMPv3 message, as the listener hands one to USM. */
static void
fuzz_v3(netsnmp_session *sess, const u_char *buf, size_t size)
{
	struct snmp_msg m;

	switch (snmp_msg_decode_v3(buf, size, sess, &m)) {
	case SNMP_MSG_NOTIFICATION:
		fuzz_notification(sess, &m, size);
		break;
	case SNMP_MSG_USM_REFUSED:
		fuzz_report(sess, &m, size);
		break;
	case SNMP_MSG_MALFORMED:
		if (m.err.msg[0] == '\0')
			abort();
		break;
	default:
		break;
	}
	snmp_msg_clear(&m);
}

static struct snmp_usm *fuzz_usm;

/* The user the seeds corpus/trap_decode/v3_* were made with. */
static void
fuzz_users(void)
{
	static char auth[] = "authpass1", priv[] = "privpass1";
	struct snmp_usm_user u = { .name = "noc",
		.auth = SNMP_USM_AUTH_SHA256,
		.auth_pass = auth,
		.priv = SNMP_USM_PRIV_AES,
		.priv_pass = priv,
		.engine_id = { 0x80, 0, 0, 0, 1, 2, 3, 4 },
		.engine_id_len = 8 };

	/* kept for the life of the process, as the library's user list */
	if (fuzz_usm == NULL)
		fuzz_usm = snmp_usm_load(&u, 1);
}

/* snmp_msg_trap_oid() reads within the datagram and its room; a trap
 * it calls foreign is never parsed. */
static void
fuzz_trap_oid(netsnmp_session *sess, char **communities, const u_char *buf,
    size_t size)
{
	static const oid translator[] = { TRAP_DECODE_MS_PREFIX };
	oid out[8];
	struct snmp_msg m;

	if (snmp_msg_trap_oid(buf, size, out, sizeof(out) / sizeof(out[0])) >
	    sizeof(out) / sizeof(out[0]))
		abort();
	if (snmp_msg_decode(buf, size, sess, communities, 1, translator,
		sizeof(translator) / sizeof(translator[0]),
		&m) == SNMP_MSG_FOREIGN &&
	    m.pdu != NULL)
		abort();
	snmp_msg_clear(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char public[] = "public";
	static char *communities[] = { public };
	static bool is_ready;
	static netsnmp_session sess;
	struct snmp_msg m;
	u_char *buf;

	if (!is_ready) {
		log_init(LOG_TO_STDERR, 0);
		(void)snmp_setup_init(NULL);
		fuzz_users();
		snmp_sess_init(&sess);
		sess.isAuthoritative = SNMP_SESS_UNKNOWNAUTH;
		is_ready = true;
	}
	/* an exact-size copy, so ASan sees any read past the datagram */
	if ((buf = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	/* the in-place read of the trap OID, and the verdict it gives */
	fuzz_trap_oid(&sess, communities, buf, size);
	switch (
	    snmp_msg_decode(buf, size, &sess, communities, 1, NULL, 0, &m)) {
	case SNMP_MSG_NOTIFICATION:
		fuzz_notification(&sess, &m, size);
		break;
	case SNMP_MSG_BAD_VERSION:
		if (m.version == SNMP_VERSION_3) {
			snmp_msg_clear(&m);
			fuzz_v3(&sess, buf, size);
		}
		break;
	case SNMP_MSG_MALFORMED:
		if (m.err.msg[0] == '\0')
			abort();
		break;
	case SNMP_MSG_BAD_COMMUNITY:
		if (m.community == NULL || m.community < buf ||
		    m.community + m.community_len > buf + size)
			abort();
		break;
	default:
		break;
	}
	snmp_msg_clear(&m);
	free(buf);
	return 0;
}
