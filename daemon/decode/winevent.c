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
#include <stdio.h>
#include <string.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

_Static_assert(offsetof(struct winevent, format) <
	offsetof(struct winevent, via),
    "decoded fields must precede the listener's");

#define WF(f) (1u << WINEVENT_FORMAT_##f)

/*
 * In this order: structured data first (its fields are the event's
 * whatever the text), a Snare line can hold JSON text, JSON cannot be
 * Snare; key=value before NXLog's "EventID=2140 text"; the loosest shapes
 * (tagged "ID: text", the plain fallback) last.
 */
static const struct winevent_decoder {
	winevent_decode_fn *fn;
	unsigned int formats; /* WF() of every format it reports */
} winevent_decoders[] = {
	{ winevent_sd_decode, WF(RFC5424_SD) | WF(SYSLOG_NG) },
	{ winevent_snare_decode, WF(SNARE) },
	{ winevent_json_decode, WF(NXLOG_JSON) | WF(WMI) },
	{ winevent_xml_decode, WF(NXLOG_XML) },
	{ winevent_cef_decode, WF(CEF) },
	{ winevent_kvp_decode, WF(NXLOG_KVP) | WF(WINCOLLECT) | WF(WMI) },
	{ winevent_text_keyed, WF(NXLOG_BSD) },
	{ winevent_ossec_decode, WF(OSSEC) },
	{ winevent_evntslog_decode, WF(EVENTREPORTER) },
	{ winevent_syslogng_decode, WF(SYSLOG_NG) },
	{ winevent_text_tagged, WF(NXLOG_BSD) | WF(EVTSYS) | WF(TEXT) },
};

_Static_assert(WINEVENT_FORMAT_COUNT <= 32, "a format is a bit of formats");

int
winevent_from_syslog(const struct syslog_msg *msg, struct winevent *ev,
    struct parse_error *err)
{
	return winevent_from_syslog_as(msg, WINEVENT_FORMAT_UNKNOWN, ev, err);
}

void
winevent_reset(struct winevent *ev)
{
	ev->computer[0] = ev->source[0] = ev->log[0] = ev->user[0] = '\0';
	ev->type[0] = ev->category[0] = ev->text[0] = ev->origin[0] = '\0';
	ev->is_computer_cut = ev->has_event_id = ev->is_time_local = false;
	ev->is_year_guessed = ev->is_text_truncated = false;
	ev->event_id = 0;
	ev->time_ms = 0;
	ev->format = WINEVENT_FORMAT_UNKNOWN;
}

/* What was decoded, completed from the syslog header. */
static void
winevent_from_header(const struct syslog_msg *msg, struct winevent *ev)
{
	if (ev->computer[0] == '\0' && !ev->is_computer_cut)
		ev->is_computer_cut = winevent_field_copy(ev->computer,
		    sizeof(ev->computer), msg->hostname, strlen(msg->hostname));
	if (ev->time_ms == 0) {
		ev->time_ms = msg->time_ms;
		ev->is_time_local = msg->is_time_local;
		ev->is_year_guessed = msg->is_year_guessed;
	}
	/*
	 * The text formats carry no type, but their agents map it to the
	 * syslog severity: error and worse, warning, the rest informational.
	 */
	if (ev->type[0] == '\0' && msg->pri >= 0 &&
	    (ev->format == WINEVENT_FORMAT_NXLOG_BSD ||
		ev->format == WINEVENT_FORMAT_EVTSYS ||
		ev->format == WINEVENT_FORMAT_TEXT))
		snprintf(ev->type, sizeof(ev->type), "%s",
		    msg->pri % 8 <= 3       ? "Error"
			: msg->pri % 8 == 4 ? "Warning"
					    : "Information");
}

int
winevent_from_syslog_as(const struct syslog_msg *msg, enum winevent_format only,
    struct winevent *ev, struct parse_error *err)
{
	struct winevent_span s = winevent_field_trim(msg->msg, msg->msg_len);
	size_t off = (size_t)(s.p - msg->msg), i;
	unsigned int want = only == WINEVENT_FORMAT_UNKNOWN ? ~0u : 1u << only;
	char what[PARSE_ERROR_MSG_MAX];
	int rc = WINEVENT_NOT_MINE;

	winevent_reset(ev);
	memset(err, 0, sizeof(*err));
	for (i = 0;
	     i < sizeof(winevent_decoders) / sizeof(winevent_decoders[0]) &&
	     rc == WINEVENT_NOT_MINE;
	     i++)
		if ((winevent_decoders[i].formats & want) != 0)
			rc = winevent_decoders[i].fn(msg, s.p, s.len, off, ev,
			    err);
	if (rc == WINEVENT_NOT_MINE && only != WINEVENT_FORMAT_UNKNOWN) {
		/* The listener says every message is this format. */
		winevent_reset(ev);
		ev->format = only;
		snprintf(what, sizeof(what), "%s: not in this format",
		    winevent_format_name(only));
		return winevent_field_fail(err, off, what);
	}
	if (rc == WINEVENT_NOT_MINE)
		return winevent_field_fail(err, off,
		    "not a windows event: no snare, nxlog or evtsys payload");
	if (rc == -1) {
		/* on a listener of one format, a refusal is that format broken
		 */
		if (ev->format == WINEVENT_FORMAT_UNKNOWN)
			ev->format = only;
		return -1;
	}
	winevent_from_header(msg, ev);
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
		[WINEVENT_FORMAT_NXLOG_KVP] = "nxlog-kvp",
		[WINEVENT_FORMAT_NXLOG_XML] = "nxlog-xml",
		[WINEVENT_FORMAT_RFC5424_SD] = "rfc5424-sd",
		[WINEVENT_FORMAT_WMI] = "wmi",
		[WINEVENT_FORMAT_WINCOLLECT] = "wincollect",
		[WINEVENT_FORMAT_CEF] = "cef",
		[WINEVENT_FORMAT_OSSEC] = "ossec",
		[WINEVENT_FORMAT_EVENTREPORTER] = "eventreporter",
		[WINEVENT_FORMAT_SYSLOG_NG] = "syslog-ng-agent",
		[WINEVENT_FORMAT_TEXT] = "text",
	};

	if ((size_t)format < sizeof(names) / sizeof(names[0]) && names[format])
		return names[format];
	return "unknown";
}
