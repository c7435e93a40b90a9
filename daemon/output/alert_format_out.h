/* SPDX-License-Identifier: ISC */
/*
 * Inside output/alert_format: the record being written, with room kept
 * for what closes it, and the formats' table rows.  alert_format.c owns
 * the writer, the text and JSON formats; alert_format_kv.c the key=value
 * ones (ECS JSON, RFC 5424, CEF, LEEF).  Pure.
 */
#ifndef DAEMON_OUTPUT_ALERT_FORMAT_OUT_H
#define DAEMON_OUTPUT_ALERT_FORMAT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/alert.h"
#include "output/alert_format.h"

/* The free texts: the fields shortened first when a record is too long. */
enum alert_format_free {
	AF_TITLE,
	AF_CAUSE,
	AF_FIX,
	AF_REFERENCE,
	AF_OPEN_TEXT,
	AF_CLOSE_TEXT,
	AF_FREE_COUNT,
};

#define AF_UNLIMITED SIZE_MAX

struct alert_format_out;

/* An escaper of core/escape.h. */
typedef size_t alert_format_esc_fn(const char *in, size_t inlen, char *out,
    size_t outlen);

/* One format: one row of the table in alert_format.c. */
struct alert_format_style {
	const char *name;
	alert_format_esc_fn *esc; /* for its values */
	bool has_event_texts;     /* writes the events' texts */
	const char *trailer_ok;   /* ends the record when nothing was cut */
	const char *trailer_cut;  /* when something was */
	bool is_trailer_sep;      /* trailers start with a separator, left
				     out when nothing precedes them */
	size_t min_len;           /* below it, the record is left empty */
	void (*body)(struct alert_format_out *o, const struct alert *a,
	    const struct alert_format_ctx *ctx);
};

/* The record being written: nothing past len - 1 - reserve is ever used. */
struct alert_format_out {
	const struct alert_format_style *st;
	char *buf;
	size_t len;
	size_t off;
	size_t reserve; /* bytes kept for closing quotes, braces, the trailer */
	bool is_first;  /* no separator before the next member */
	bool is_full;   /* a piece did not fit: write nothing more */
	bool is_truncated;          /* something was shortened or left out */
	size_t caps[AF_FREE_COUNT]; /* escaped bytes allowed per free text */
};

/* Appends s whole, or nothing (and stops the record). */
bool alert_format_puts(struct alert_format_out *o, const char *s);
/* Appends prefix and the decimal v, atomically. */
void alert_format_number(struct alert_format_out *o, const char *prefix,
    uint64_t v);
/*
 * Appends prefix, then value escaped by esc (st->esc when NULL) and cut
 * to cap, then closer: closer is reserved first, so a value cut short
 * still ends with it.
 */
void alert_format_value(struct alert_format_out *o, const char *prefix,
    const char *value, size_t cap, alert_format_esc_fn *esc,
    const char *closer);

extern const struct alert_format_style alert_format_ecs_style;
extern const struct alert_format_style alert_format_rfc5424_style;
extern const struct alert_format_style alert_format_cef_style;
extern const struct alert_format_style alert_format_leef_style;

#endif
