/* SPDX-License-Identifier: ISC */
/*
 * Bytes as a received datagram, the way listen_trap handles one: the
 * message header's version, net-snmp's own parser (snmp_parse on a
 * session that is never opened), trap_decode, and the INFORM response
 * build.  Everything is freed each run.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "log.h"
#include "snmp_setup.h"
#include "trap_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long
fuzz_version(u_char *buf, size_t len)
{
	u_char type;
	u_char *p;
	long version;

	p = asn_parse_sequence(buf, &len, &type, ASN_SEQUENCE | ASN_CONSTRUCTOR,
	    "message");
	if (p == NULL ||
	    asn_parse_int(p, &len, &type, &version, sizeof(version)) == NULL ||
	    type != ASN_INTEGER)
		return -1;
	return version;
}

static void
fuzz_reply(netsnmp_session *sess, netsnmp_pdu *pdu)
{
	netsnmp_pdu *reply = snmp_clone_pdu(pdu);
	size_t len = 64, off = 0;
	u_char *pkt = malloc(len);

	if (reply == NULL || pkt == NULL)
		abort();
	reply->command = SNMP_MSG_RESPONSE;
	reply->errstat = 0;
	reply->errindex = 0;
	(void)snmp_build(&pkt, &len, &off, sess, reply);
	free(pkt);
	snmp_free_pdu(reply);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool is_ready;
	static netsnmp_session sess;
	struct winevent ev;
	struct parse_error err;
	netsnmp_pdu *pdu;
	u_char *buf;
	long version;

	if (!is_ready) {
		log_init(LOG_TO_STDERR, 0);
		snmp_setup_init(NULL);
		snmp_sess_init(&sess);
		is_ready = true;
	}
	/* an exact-size copy, so ASan sees any read past the datagram */
	if ((buf = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	version = fuzz_version(buf, size);
	if (version == SNMP_VERSION_1 || version == SNMP_VERSION_2c) {
		if ((pdu = calloc(1, sizeof(*pdu))) == NULL)
			abort();
		if (snmp_parse(NULL, &sess, pdu, buf, size) == 0) {
			memset(&ev, 0, sizeof(ev));
			if (trap_decode(pdu, &ev, &err) == 0) {
				if (ev.source[0] == '\0' || !ev.has_event_id ||
				    ev.event_id > 0xffff)
					abort();
			} else if (err.msg[0] == '\0') {
				abort();
			}
			(void)trap_decode_is_translator(pdu);
			if (pdu->command == SNMP_MSG_INFORM)
				fuzz_reply(&sess, pdu);
		}
		snmp_free_pdu(pdu);
	}
	free(buf);
	return 0;
}
