/* SPDX-License-Identifier: ISC */
/*
 * decode/: pure decoders from bytes to events.  RFC 6587 framing
 * (syslog_frame), RFC 3164 and 5424 headers (syslog_parse), the Windows
 * agents' payloads (winevent*.c), and SNMP messages and the Event-to-Trap
 * translator's traps (snmp_msg, trap_decode).  No I/O, no clock, no
 * logging: each returns what it found or an error for its caller to count.
 *
 * struct winevent: one Windows event log record, normalised from whatever
 * carried it (a syslog payload from Snare, NXLog or evtsys, or a trap from
 * the Event-to-Trap translator).  winevent_from_syslog() recognises the
 * agents' payload formats.  Pure: no I/O, no clock, no logging.
 */
#ifndef DAEMON_DECODE_WINEVENT_H
#define DAEMON_DECODE_WINEVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/parse_error.h"

/* Longer than any DNS or NetBIOS name: a name is never cut to look like
 * another; a longer one is flagged is_computer_cut. */
#define WINEVENT_COMPUTER_MAX 1024
#define WINEVENT_SOURCE_MAX 256
#define WINEVENT_LOG_MAX 128
#define WINEVENT_USER_MAX 256
#define WINEVENT_TYPE_MAX 32
#define WINEVENT_CATEGORY_MAX 128
#define WINEVENT_TEXT_MAX 2048
#define WINEVENT_PEER_MAX 64
#define WINEVENT_VIA_TEXT_MAX 288

/* How the event reached us (set by the listener). */
enum winevent_via {
	WINEVENT_VIA_SYSLOG_UDP,
	WINEVENT_VIA_SYSLOG_TCP,
	WINEVENT_VIA_TRAP_V1,
	WINEVENT_VIA_TRAP_V2C,
	WINEVENT_VIA_INFORM,
	WINEVENT_VIA_SYSLOG_TLS,  /* after the others: saved states keep */
	WINEVENT_VIA_SYSLOG_UNIX, /* their numbers */
	WINEVENT_VIA_LAST = WINEVENT_VIA_SYSLOG_UNIX,
};

/*
 * Which payload format it was decoded from (set by the decoder); the
 * names (winevent_format_name()) are those of a listener's `format`.
 */
enum winevent_format {
	WINEVENT_FORMAT_UNKNOWN,
	WINEVENT_FORMAT_SNARE,     /* MSWinEventLog, TAB or another delimiter */
	WINEVENT_FORMAT_NXLOG_BSD, /* NXLog to_syslog_bsd(), event ID in text */
	WINEVENT_FORMAT_NXLOG_JSON,
	WINEVENT_FORMAT_EVTSYS,
	WINEVENT_FORMAT_TRAP,       /* Event-to-Trap translator */
	WINEVENT_FORMAT_NXLOG_KVP,  /* NXLog to_kvp(): key=value pairs */
	WINEVENT_FORMAT_NXLOG_XML,  /* NXLog to_xml(): <Event>...</Event> */
	WINEVENT_FORMAT_RFC5424_SD, /* fields in RFC 5424 structured data */
	WINEVENT_FORMAT_WMI, /* Win32_NTLogEvent names (EventCode), JSON/kv */
	WINEVENT_FORMAT_WINCOLLECT,    /* QRadar AgentDevice=WindowsLog */
	WINEVENT_FORMAT_CEF,           /* ArcSight CEF from a connector */
	WINEVENT_FORMAT_OSSEC,         /* OSSEC / Wazuh "WinEvtLog: ..." */
	WINEVENT_FORMAT_EVENTREPORTER, /* Adiscon "[AUF] ... (5152) - ..." */
	WINEVENT_FORMAT_SYSLOG_NG, /* syslog-ng Agent "... (EventID 7036)" */
	WINEVENT_FORMAT_TEXT,      /* plain "Source: EventID: text" */
	WINEVENT_FORMAT_COUNT,     /* not a format */
};

/*
 * All strings are NUL-terminated, UTF-8 as received (not escaped: escape
 * on output), truncated to fit; "" means absent.
 */
struct winevent {
	/* Decoded from the payload (a field added here: winevent_reset()). */
	char computer[WINEVENT_COMPUTER_MAX]; /* computer name as reported */
	bool is_computer_cut; /* it did not fit: no key can be made of it */
	char source[WINEVENT_SOURCE_MAX]; /* e.g. "MSExchangeIMC" */
	char log[WINEVENT_LOG_MAX];       /* e.g. "Application" */
	char user[WINEVENT_USER_MAX];
	char type[WINEVENT_TYPE_MAX]; /* "Error", "Warning", "Information"... */
	char category[WINEVENT_CATEGORY_MAX];
	uint32_t event_id; /* low 16 bits of the Windows event ID */
	bool has_event_id;
	int64_t time_ms; /* the event's own wall-clock time; 0 when unknown */
	/* time_ms carried no zone: local time read as UTC (the pipeline
	 * converts it with the listener's timezone) */
	bool is_time_local;
	/* the decoding consulted a year guessed from the receive time (an
	 * RFC 3164 header's): decoding again at another time may change
	 * time_ms or, for a yearless Feb 29, the outcome (set also when the
	 * decoder then refuses the record) */
	bool is_year_guessed;
	char text[WINEVENT_TEXT_MAX];
	bool is_text_truncated;
	enum winevent_format format;
	/*
	 * Traps: the address the notification names as its origin (a v1
	 * agent-addr, else snmpTrapAddress.0 that a relay such as
	 * snmptrapd's `forward` adds), numeric; "" when it names none.
	 */
	char origin[WINEVENT_PEER_MAX];

	/* Filled by the listener. */
	enum winevent_via via;
	char peer[WINEVENT_PEER_MAX]; /* numeric source address, no port */
	int64_t recv_ms;              /* wall-clock time of receipt */
	/* the path with its detail: "syslog/tls CN=exch01,O=Example" for a
	 * TLS client's certificate; "" when via's name says it all */
	char via_text[WINEVENT_VIA_TEXT_MAX];
};

/*
 * Empties what a decoder fills (everything before via): the scalars
 * zeroed, the strings "" (their bytes past the NUL are left: a 4 KB
 * memset per message was a tenth of the decode).
 */
void winevent_reset(struct winevent *ev);

/*
 * A winevent packed for a queue (decode/winevent_pack.c): its strings cut
 * at their NUL, the rest of its bytes as they are; about a twentieth of
 * the struct for a typical event.  winevent_pack() writes
 * winevent_packed_size(ev) bytes to buf (no alignment needed) and returns
 * that; winevent_unpack() fills every field of ev from them (string bytes
 * past a NUL left as they were) and returns the bytes read.
 */
size_t winevent_packed_size(const struct winevent *ev);
size_t winevent_pack(const struct winevent *ev, char *buf);
size_t winevent_unpack(const char *buf, struct winevent *ev);

struct syslog_msg;

/*
 * Recognise the agent payload in a parsed syslog message and fill ev (the
 * listener's fields are left alone).  Returns 0, or -1 with err set when
 * the message is not a Windows event in any supported format.  On -1,
 * ev->format tells why: WINEVENT_FORMAT_UNKNOWN when no agent format was
 * recognised (err.msg starts "not a windows event: "), else the format
 * whose payload was malformed (e.g. a bad event ID); the other decoded
 * fields are then unspecified.  err.offset is into msg->msg.  See
 * docs/formats.md for the accepted shapes.
 */
int winevent_from_syslog(const struct syslog_msg *msg, struct winevent *ev,
    struct parse_error *err);
/*
 * The same, trying only the decoders of format only (a listener's
 * `format`; WINEVENT_FORMAT_UNKNOWN: all, as winevent_from_syslog()).  A
 * payload that is not in that format is then malformed for it: -1 with
 * ev->format = only.
 */
int winevent_from_syslog_as(const struct syslog_msg *msg,
    enum winevent_format only, struct winevent *ev, struct parse_error *err);

/*
 * A Windows event identifier as an agent or the translator reports it:
 * the 16-bit code, or the 32-bit message identifier whose low 16 bits are
 * the code (severity, customer and facility above them) and whose
 * reserved bit 28 is clear.  Sets *id to the code and returns 0, or -1
 * for a value that is neither (above 32 bits, or the reserved bit set).
 */
int winevent_id(uint64_t value, uint32_t *id);

const char *winevent_via_name(enum winevent_via via);
/* "snare", "nxlog-json", ...; "unknown" for UNKNOWN or out of range. */
const char *winevent_format_name(enum winevent_format format);

#endif
