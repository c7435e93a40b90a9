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
 * A format's decoder: the trimmed payload p[0..len) of msg, at byte off of
 * msg->msg.  Returns 0 with ev filled; -1 with err filled when the payload
 * is this format but broken (ev->format says which, or
 * WINEVENT_FORMAT_UNKNOWN when it turned out to be no Windows event);
 * WINEVENT_NOT_MINE when it is not this format.
 */
typedef int winevent_decode_fn(const struct syslog_msg *msg, const char *p,
    size_t len, size_t off, struct winevent *ev, struct parse_error *err);

winevent_decode_fn winevent_snare_decode; /* Snare MSWinEventLog */
winevent_decode_fn winevent_json_decode;  /* NXLog to_json() */
winevent_decode_fn winevent_text_keyed;   /* NXLog "EventID=2140 ..." */
winevent_decode_fn winevent_text_tagged;  /* NXLog BSD and evtsys */

#endif
