/* SPDX-License-Identifier: ISC */
/*
 * Private to winevent.c and winevent_json.c only; nothing else includes
 * it.  The field-copy helpers winevent.c defines for every payload format
 * and the per-format decoders that live in their own file (NXLog JSON in
 * winevent_json.c).  All pure: no I/O, no clock, no logging.
 */
#ifndef DAEMON_WINEVENT_INT_H
#define DAEMON_WINEVENT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "parse_error.h"
#include "winevent.h"

#define WINEVENT_NOT_MINE 1 /* a decoder's "not my format" */

struct winevent_span {
	const char *p;
	size_t len;
};

/* p[0..len) without surrounding spaces, tabs, CRs and LFs. */
struct winevent_span winevent_trim(const char *p, size_t len);

/*
 * Copies src, trimmed of surrounding whitespace, into dst: NUL bytes
 * become U+FFFD, a cut never splits a UTF-8 sequence.  Returns true when
 * src did not fit.
 */
bool winevent_copy(char *dst, size_t dstsz, const char *src, size_t len);

/* Fills err with offset and what; returns -1. */
int winevent_fail(struct parse_error *err, size_t offset, const char *what);

/*
 * p[0..len) as a decimal event ID (1-10 digits, at most UINT32_MAX, low
 * 16 bits kept) into ev; on error fills err with off and what.  0 or -1.
 */
int winevent_set_id(struct winevent *ev, const char *p, size_t len, size_t off,
    struct parse_error *err, const char *what);

/*
 * The trimmed payload p[0..len), at byte off of the syslog message, as an
 * NXLog to_json() record: 0 decoded into ev, -1 with err filled (ev->format
 * says how far it got), WINEVENT_NOT_MINE when it does not start with '{'.
 */
int winevent_json_decode(const char *p, size_t len, size_t off,
    struct winevent *ev, struct parse_error *err);

#endif
