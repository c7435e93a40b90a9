/* SPDX-License-Identifier: ISC */
/*
 * Bytes as a received datagram, the way the trap input handles one:
 * snmp_msg_decode() (header, community "public", net-snmp's parser),
 * trap_decode() on a notification, and the INFORM response build.
 * Everything is freed each run.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char public[] = "public";
	static char *communities[] = { public };
	static bool is_ready;
	static netsnmp_session sess;
	struct winevent ev;
	struct parse_error err;
	struct snmp_msg m;
	u_char *buf;

	if (!is_ready) {
		log_init(LOG_TO_STDERR, 0);
		(void)snmp_setup_init(NULL);
		snmp_sess_init(&sess);
		is_ready = true;
	}
	/* an exact-size copy, so ASan sees any read past the datagram */
	if ((buf = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	switch (snmp_msg_decode(buf, size, &sess, communities, 1, &m)) {
	case SNMP_MSG_NOTIFICATION:
		/* what net-snmp kept of specific-trap is what was encoded */
		if (m.pdu->command == SNMP_MSG_TRAP && m.v1_specific != 0 &&
		    (uint32_t)m.pdu->specific_type != (uint32_t)m.v1_specific)
			abort();
		memset(&ev, 0, sizeof(ev));
		if (trap_decode(m.pdu, &ev, &err) == 0) {
			if (ev.source[0] == '\0' || !ev.has_event_id ||
			    ev.event_id > 0xffff)
				abort();
		} else if (err.msg[0] == '\0') {
			abort();
		}
		(void)trap_decode_is_translator(m.pdu);
		if (m.is_inform)
			fuzz_reply(&sess, m.pdu, size);
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
