/* SPDX-License-Identifier: ISC */
/*
 * A syslog payload -> struct winevent: each agent format's decoder is
 * tried in turn (a table: one row a format), the first that recognises
 * the payload decides.  docs/formats.md documents the accepted shapes.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

_Static_assert(offsetof(struct winevent, format) <
	offsetof(struct winevent, via),
    "decoded fields must precede the listener's");

/* In this order: a Snare line can hold JSON text, JSON cannot be Snare. */
static winevent_decode_fn *const winevent_decoders[] = {
	winevent_snare_decode,
	winevent_json_decode,
	winevent_text_keyed,
	winevent_text_tagged,
};

int
winevent_from_syslog(const struct syslog_msg *msg, struct winevent *ev,
    struct parse_error *err)
{
	struct winevent_span s = winevent_field_trim(msg->msg, msg->msg_len);
	size_t off = (size_t)(s.p - msg->msg), i;
	int rc = WINEVENT_NOT_MINE;

	memset(ev, 0, offsetof(struct winevent, via));
	memset(err, 0, sizeof(*err));
	for (i = 0;
	     i < sizeof(winevent_decoders) / sizeof(winevent_decoders[0]) &&
	     rc == WINEVENT_NOT_MINE;
	     i++)
		rc = winevent_decoders[i](msg, s.p, s.len, off, ev, err);
	if (rc == WINEVENT_NOT_MINE)
		return winevent_field_fail(err, off,
		    "not a windows event: no snare, nxlog or evtsys payload");
	if (rc == -1)
		return -1;
	if (ev->computer[0] == '\0' && !ev->is_computer_cut)
		ev->is_computer_cut = winevent_field_copy(ev->computer,
		    sizeof(ev->computer), msg->hostname, strlen(msg->hostname));
	if (ev->time_ms == 0) {
		ev->time_ms = msg->time_ms;
		ev->is_time_local = msg->is_time_local;
		ev->is_year_guessed = msg->is_year_guessed;
	}
	return 0;
}

#define WINEVENT_ID_RESERVED_BIT (UINT32_C(1) << 28)

int
winevent_id(uint64_t value, uint32_t *id)
{
	if (value > UINT32_MAX ||
	    (value > 0xffff && (value & WINEVENT_ID_RESERVED_BIT) != 0))
		return -1;
	*id = (uint32_t)(value & 0xffff);
	return 0;
}

const char *
winevent_via_name(enum winevent_via via)
{
	static const char *const names[] = {
		[WINEVENT_VIA_SYSLOG_UDP] = "syslog/udp",
		[WINEVENT_VIA_SYSLOG_TCP] = "syslog/tcp",
		[WINEVENT_VIA_TRAP_V1] = "trap/v1",
		[WINEVENT_VIA_TRAP_V2C] = "trap/v2c",
		[WINEVENT_VIA_INFORM] = "inform",
		[WINEVENT_VIA_SYSLOG_TLS] = "syslog/tls",
		[WINEVENT_VIA_SYSLOG_UNIX] = "syslog/unix",
	};

	if ((size_t)via < sizeof(names) / sizeof(names[0]) && names[via])
		return names[via];
	return "unknown";
}

const char *
winevent_format_name(enum winevent_format format)
{
	static const char *const names[] = {
		[WINEVENT_FORMAT_UNKNOWN] = "unknown",
		[WINEVENT_FORMAT_SNARE] = "snare",
		[WINEVENT_FORMAT_NXLOG_BSD] = "nxlog-bsd",
		[WINEVENT_FORMAT_NXLOG_JSON] = "nxlog-json",
		[WINEVENT_FORMAT_EVTSYS] = "evtsys",
		[WINEVENT_FORMAT_TRAP] = "trap",
	};

	if ((size_t)format < sizeof(names) / sizeof(names[0]) && names[format])
		return names[format];
	return "unknown";
}
