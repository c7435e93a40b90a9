/* SPDX-License-Identifier: ISC */
/*
 * Private to the agent format decoders (winevent*.c): the field helpers
 * of winevent_field.c, and each format's decoder.  Nothing outside
 * decode/ includes it.  All pure: no I/O, no clock, no logging.
 */
#ifndef DAEMON_DECODE_WINEVENT_FIELD_H
#define DAEMON_DECODE_WINEVENT_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/parse_error.h"
#include "decode/winevent.h"

#define WINEVENT_NOT_MINE 1 /* a decoder's "not my format" */

struct syslog_msg;

struct winevent_span {
	const char *p;
	size_t len;
};

bool winevent_field_is_space(char c); /* space, tab, CR, LF */
bool winevent_field_is_digit(char c);
/* The number of decimal digits p[0..len) starts with. */
size_t winevent_field_digits(const char *p, size_t len);

/* p[0..len) without surrounding spaces, tabs, CRs and LFs. */
struct winevent_span winevent_field_trim(const char *p, size_t len);

/*
 * Copies src, trimmed of surrounding whitespace, into dst (dstsz >= 1):
 * NUL bytes become U+FFFD, a cut never splits a UTF-8 sequence.  Returns
 * true when src did not fit.
 */
bool winevent_field_copy(char *dst, size_t dstsz, const char *src, size_t len);
/* The event text, with is_text_truncated. */
void winevent_field_set_text(struct winevent *ev, const char *p, size_t len);

/* Fills err with offset and what; returns -1. */
int winevent_field_fail(struct parse_error *err, size_t offset,
    const char *what);

/*
 * p[0..len) as a decimal event ID (1-10 digits, at most UINT32_MAX, low
 * 16 bits kept) into ev; on error fills err with off and what.  0 or -1.
 */
int winevent_field_set_id(struct winevent *ev, const char *p, size_t len,
    size_t off, struct parse_error *err, const char *what);

/*
 * Where the source name ends in "Source[pid]: ..." or "Source: ..." (the
 * name may hold spaces when allow_space).  Returns the bytes of
 * "Source[pid]: " (0: no such prefix); sets *name_len and *has_pid.
 */
size_t winevent_field_source_prefix(const char *p, size_t len, bool allow_space,
    size_t *name_len, bool *has_pid);

/* p[0..len) is a numeric IPv4 or IPv6 address. */
bool winevent_field_is_address(const char *p, size_t len);

/*
 * A ctime()-like date as agents write it: an optional weekday, "Mmm dd",
 * "hh:mm:ss" (or spaces for the colons), an optional fraction, an
 * optional year.  Without a year, the year of hint_ms (the syslog
 * header's time), the previous one when that puts it over a day ahead;
 * no year and hint_ms 0: no time.  Local time read as UTC, in ms; 0 when
 * p is no such date.  *is_yearless says whether hint_ms's year was
 * consulted (a yearless date, whether or not the guess made a valid one:
 * Feb 29 is one in some years only); the event then inherits the
 * header's is_year_guessed.
 */
int64_t winevent_field_ctime(const char *p, size_t len, int64_t hint_ms,
    bool *is_yearless);

/* Windows event types as agents name them -> the Windows names. */
const char *winevent_field_type_name(const char *p, size_t len);

/*
 * Named fields (winevent_named.c): the field names agents give events
 * in JSON, XML, key=value and structured data (NXLog's, Win32_NTLogEvent's
 * in WMI and Splunk, WinCollect's, syslog-ng's EVENT_*), matched without
 * case, '_' or '-', each taken once (the first non-empty value).
 */
enum winevent_named_field {
	WN_ID,
	WN_SOURCE,
	WN_COMPUTER,
	WN_LOG,
	WN_TYPE,
	WN_CATEGORY,
	WN_ACCOUNT,
	WN_DOMAIN,
	WN_USER,
	WN_TIME,
	WN_TEXT,
	WN_COUNT,
};

struct winevent_named {
	char account[WINEVENT_USER_MAX];
	char domain[WINEVENT_USER_MAX];
	unsigned int seen; /* a bit per enum winevent_named_field */
	bool is_id_bad;    /* an ID field that is no event ID */
	bool is_wmi;       /* the ID came as Win32_NTLogEvent's EventCode */
};

void winevent_named_init(struct winevent_named *nm);
/* The field key[0..klen) names, or -1 for none of ours. */
int winevent_named_field(const char *key, size_t klen);
/*
 * key = v[0..vlen) into ev: returns the field it was (-1: not one of
 * ours, ignored).  An event ID that does not parse sets is_id_bad.
 */
int winevent_named_set(struct winevent *ev, struct winevent_named *nm,
    const char *key, size_t klen, const char *v, size_t vlen);
/* The same for a field already known (from winevent_named_field()). */
void winevent_named_put(struct winevent *ev, struct winevent_named *nm,
    int field, const char *v, size_t vlen);
/* After the last field: the user from account and domain. */
void winevent_named_end(struct winevent *ev, struct winevent_named *nm);
static inline bool
winevent_named_has(const struct winevent_named *nm, int field)
{
	return (nm->seen & (1u << field)) != 0;
}

/*
 * A format's decoder: the trimmed payload p[0..len) of msg, at byte off of
 * msg->msg.  Returns 0 with ev filled; -1 with err filled when the payload
 * is this format but broken (ev->format says which, or
 * WINEVENT_FORMAT_UNKNOWN when it turned out to be no Windows event);
 * WINEVENT_NOT_MINE when it is not this format.
 */
typedef int winevent_decode_fn(const struct syslog_msg *msg, const char *p,
    size_t len, size_t off, struct winevent *ev, struct parse_error *err);

winevent_decode_fn winevent_sd_decode;       /* RFC 5424 structured data */
winevent_decode_fn winevent_snare_decode;    /* Snare MSWinEventLog */
winevent_decode_fn winevent_json_decode;     /* NXLog to_json(), WMI JSON */
winevent_decode_fn winevent_xml_decode;      /* NXLog to_xml() */
winevent_decode_fn winevent_cef_decode;      /* ArcSight CEF */
winevent_decode_fn winevent_kvp_decode;      /* to_kvp(), WinCollect, WMI */
winevent_decode_fn winevent_text_keyed;      /* NXLog "EventID=2140 ..." */
winevent_decode_fn winevent_ossec_decode;    /* OSSEC/Wazuh WinEvtLog */
winevent_decode_fn winevent_evntslog_decode; /* Adiscon EventReporter */
winevent_decode_fn winevent_syslogng_decode; /* syslog-ng Agent */
winevent_decode_fn winevent_text_tagged;     /* NXLog BSD, evtsys, text */

#endif
