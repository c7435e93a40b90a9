/* SPDX-License-Identifier: ISC */
/*
 * Snare's MSWinEventLog payload -> struct winevent: the marker (as the
 * syslog tag, at the start, or after the agent's host name and a
 * delimiter or a space), a delimiter (TAB by default; Snare lets the
 * operator pick another; rsyslog's control-character escaping turns a
 * TAB into "#011"), then the fields, each checked for its shape before
 * its position is trusted.  docs/formats.md shows the accepted shapes.
 * Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

#define WINEVENT_SNARE_FIELDS_MAX 16
#define WINEVENT_SNARE_NO_FIELD ((size_t)-1)

/* Snare fields after the marker and the criticality. */
enum winevent_snare_field {
	SNARE_LOG,
	SNARE_COUNTER,
	SNARE_TIME,
	SNARE_ID,
	SNARE_SOURCE,
	SNARE_USER,
	SNARE_SIDTYPE,
	SNARE_TYPE,
	SNARE_COMPUTER,
	SNARE_CATEGORY,
	SNARE_DATA,
	SNARE_EXPANDED,
};

static const char winevent_snare_marker[] = "MSWinEventLog";
#define WINEVENT_SNARE_MARKER_LEN (sizeof(winevent_snare_marker) - 1)
/* Delimiters Snare can be configured with (TAB is the default):
 * TAB | ; ^ ~ # , -- winevent_snare_is_delim(). */
/* rsyslog's escape of a TAB ($EscapeControlCharactersOnReceive). */
static const char winevent_snare_tab_escaped[] = "#011";
#define WINEVENT_SNARE_ESC_LEN (sizeof(winevent_snare_tab_escaped) - 1)

/* A Snare delimiter (a switch: it is asked of every byte). */
static bool
winevent_snare_is_delim(char c)
{
	switch (c) {
	case '\t':
	case '|':
	case ';':
	case '^':
	case '~':
	case '#':
	case ',':
		return true;
	default:
		return false;
	}
}

/* The delimiter: one byte, or rsyslog's "#011" for a TAB. */
struct winevent_snare_delim {
	char c;
	bool is_escaped;
};

/* Bytes of the delimiter at p (0: none there). */
static size_t
winevent_snare_delim_at(const char *p, size_t len,
    struct winevent_snare_delim *d)
{
	if (len >= WINEVENT_SNARE_ESC_LEN &&
	    memcmp(p, winevent_snare_tab_escaped, WINEVENT_SNARE_ESC_LEN) ==
		0) {
		d->c = '#';
		d->is_escaped = true;
		return WINEVENT_SNARE_ESC_LEN;
	}
	if (len > 0 && winevent_snare_is_delim(p[0])) {
		d->c = p[0];
		d->is_escaped = false;
		return 1;
	}
	return 0;
}

static bool
winevent_snare_is_marker(const char *p, size_t len)
{
	return len >= WINEVENT_SNARE_MARKER_LEN &&
	    strncasecmp(p, winevent_snare_marker, WINEVENT_SNARE_MARKER_LEN) ==
	    0;
}

/*
 * The marker and a delimiter at p: the bytes up to the first field (0:
 * not there).  When want is set, the delimiter must be that one.
 */
static size_t
winevent_snare_marker_at(const char *p, size_t len,
    struct winevent_snare_delim *d, const struct winevent_snare_delim *want)
{
	struct winevent_snare_delim got;
	size_t n;

	if (!winevent_snare_is_marker(p, len) ||
	    (n = winevent_snare_delim_at(p + WINEVENT_SNARE_MARKER_LEN,
		 len - WINEVENT_SNARE_MARKER_LEN, &got)) == 0 ||
	    (want != NULL &&
		(got.c != want->c || got.is_escaped != want->is_escaped)))
		return 0;
	*d = got;
	return WINEVENT_SNARE_MARKER_LEN + n;
}

/*
 * Finds the Snare marker: as the app name, at the start of the payload,
 * or after one field holding the agent's own hostname, followed by the
 * same delimiter or by a space ("HOST MSWinEventLog<TAB>...").  Sets the
 * delimiter, where the fields start, and the leading hostname if any.
 */
static bool
winevent_snare_find(const struct syslog_msg *msg, const char *p, size_t len,
    struct winevent_snare_delim *d, size_t *start, struct winevent_span *host)
{
	struct winevent_snare_delim first;
	size_t i, n, sep;

	host->p = p;
	host->len = 0;
	if (strcasecmp(msg->app_name, winevent_snare_marker) == 0) {
		for (i = 0; i < len &&
		     winevent_snare_delim_at(p + i, len - i, d) == 0;)
			i++;
		if (i == len)
			d->c = '\t', d->is_escaped = false;
		*start = 0;
		return true;
	}
	if ((*start = winevent_snare_marker_at(p, len, d, NULL)) > 0)
		return true;
	for (i = 0; i < len && i < WINEVENT_COMPUTER_MAX; i++) {
		if (p[i] == ' ' || p[i] == '\0' ||
		    winevent_snare_delim_at(p + i, len - i, &first) > 0)
			break;
	}
	if (i == 0 || i >= len || i == WINEVENT_COMPUTER_MAX || p[i] == '\0')
		return false;
	sep = p[i] == ' ' ? 1 : winevent_snare_delim_at(p + i, len - i, &first);
	if ((n = winevent_snare_marker_at(p + i + sep, len - i - sep, d,
		 p[i] == ' ' ? NULL : &first)) == 0)
		return false;
	host->len = i;
	*start = i + sep + n;
	return true;
}

static size_t
winevent_snare_split(const char *p, size_t len,
    const struct winevent_snare_delim *d, struct winevent_span *f, size_t max)
{
	size_t n = 0, start = 0,
	       dlen = d->is_escaped ? WINEVENT_SNARE_ESC_LEN : 1;
	const char *q;

	/* memchr() finds the delimiter's first byte: the line is scanned once
	 */
	while (n < max) {
		q = memchr(p + start, d->c, len - start);
		while (q != NULL && d->is_escaped &&
		    ((size_t)(p + len - q) < dlen ||
			memcmp(q, winevent_snare_tab_escaped, dlen) != 0))
			q = memchr(q + 1, d->c, (size_t)(p + len - q - 1));
		f[n].p = p + start;
		f[n].len = (q != NULL ? (size_t)(q - p) : len) - start;
		n++;
		if (q == NULL)
			break;
		start = (size_t)(q - p) + dlen;
	}
	return n;
}

/*
 * rsyslog's "#ooo" (three octal digits: a control character) back to
 * the byte, into buf; true when the field did not fit.
 */
static bool
winevent_snare_unescape(const char *p, size_t len, char *buf, size_t bufsz,
    size_t *out)
{
	size_t i, o = 0;

	for (i = 0; i < len && o < bufsz; i++) {
		if (p[i] == '#' && len - i >= 4 && p[i + 1] >= '0' &&
		    p[i + 1] <= '3' && p[i + 2] >= '0' && p[i + 2] <= '7' &&
		    p[i + 3] >= '0' && p[i + 3] <= '7') {
			buf[o++] = (char)((p[i + 1] - '0') * 64 +
			    (p[i + 2] - '0') * 8 + (p[i + 3] - '0'));
			i += 3;
		} else
			buf[o++] = p[i];
	}
	*out = o;
	return i < len;
}

/* A field into dst, unescaped first when the record was escaped. */
static bool
winevent_snare_copy(const struct winevent_snare_delim *d, char *dst,
    size_t dstsz, struct winevent_span f)
{
	char buf[WINEVENT_TEXT_MAX + 4];
	size_t n;
	bool is_cut;

	if (!d->is_escaped || memchr(f.p, '#', f.len) == NULL)
		return winevent_field_copy(dst, dstsz, f.p, f.len);
	is_cut = winevent_snare_unescape(f.p, f.len, buf, sizeof(buf), &n);
	return winevent_field_copy(dst, dstsz, buf, n) || is_cut;
}

static bool
winevent_snare_is_type(struct winevent_span f)
{
#define T(s)                                                                   \
	{                                                                      \
		s, sizeof(s) - 1                                               \
	}
	static const struct {
		const char *name;
		size_t len;
	} types[] = { T("Error"), T("Warning"), T("Information"),
		T("Success Audit"), T("Failure Audit"), T("Audit Success"),
		T("Audit Failure"), T("Critical"), T("Verbose"), T("Unknown") };
#undef T
	struct winevent_span s = winevent_field_trim(f.p, f.len);

	if (s.len < 5 || s.len > 13)
		return false;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].len == s.len &&
		    strncasecmp(s.p, types[i].name, s.len) == 0)
			return true;
	return false;
}

/* A computer name: the bytes of a DNS or NetBIOS name, no spaces (a
 * longer one than we keep is still one: winevent_field_copy() flags it). */
static bool
winevent_snare_is_computer(struct winevent_span f)
{
	struct winevent_span s = winevent_field_trim(f.p, f.len);

	if (s.len == 0)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];

		switch (c) {
		case '"':
		case '/':
		case '\\':
		case '[':
		case ']':
		case ':':
		case ';':
		case '|':
		case '=':
		case ',':
		case '+':
		case '*':
		case '?':
		case '<':
		case '>':
		case 0x7f:
			return false;
		default:
			if (c <= ' ')
				return false;
		}
	}
	return true;
}

/*
 * Where each field is: Snare's positions when the fields have their
 * shapes, else what the shapes say (an agent that left the counter,
 * the user or the SID type out).  at[k] is the index of field k in f,
 * or WINEVENT_SNARE_NO_FIELD.
 */
static void
winevent_snare_layout(const struct winevent_span *f, size_t n, int64_t hint,
    size_t at[SNARE_EXPANDED + 1], int64_t *time_ms, bool *is_yearless)
{
	size_t shift = 0, type = WINEVENT_SNARE_NO_FIELD, k;
	bool second = false;

	/* the layout may hang on a guessed year: *is_yearless if either
	 * reading consulted it */
	*time_ms = winevent_field_ctime(f[SNARE_TIME].p, f[SNARE_TIME].len,
	    hint, is_yearless);
	if (*time_ms == 0 &&
	    winevent_field_digits(f[SNARE_TIME].p, f[SNARE_TIME].len) ==
		f[SNARE_TIME].len &&
	    (*time_ms = winevent_field_ctime(f[SNARE_COUNTER].p,
		 f[SNARE_COUNTER].len, hint, &second)) != 0)
		shift = 1; /* no counter: the time is where it would be */
	*is_yearless = *is_yearless || second;
	for (k = 0; k <= SNARE_EXPANDED; k++)
		at[k] = k >= SNARE_TIME && k - shift < n ? k - shift
		    : k < SNARE_TIME && k < n            ? k
					      : WINEVENT_SNARE_NO_FIELD;
	if (shift == 1)
		at[SNARE_COUNTER] = WINEVENT_SNARE_NO_FIELD;
	for (k = SNARE_SOURCE - shift + 1; k < n && k <= SNARE_TYPE - shift &&
	     type == WINEVENT_SNARE_NO_FIELD;
	     k++)
		if (winevent_snare_is_type(f[k]))
			type = k;
	if (type == WINEVENT_SNARE_NO_FIELD)
		return;
	at[SNARE_USER] = type > SNARE_SOURCE - shift + 1
	    ? SNARE_SOURCE - shift + 1
	    : WINEVENT_SNARE_NO_FIELD;
	at[SNARE_SIDTYPE] = type > SNARE_SOURCE - shift + 2
	    ? SNARE_SOURCE - shift + 2
	    : WINEVENT_SNARE_NO_FIELD;
	for (k = SNARE_TYPE; k <= SNARE_EXPANDED; k++)
		at[k] = type + (k - SNARE_TYPE) < n ? type + (k - SNARE_TYPE)
						    : WINEVENT_SNARE_NO_FIELD;
}

static void
winevent_snare_fields(struct winevent *ev, const struct winevent_snare_delim *d,
    const struct winevent_span *f, const size_t at[SNARE_EXPANDED + 1])
{
	bool is_aligned;

#define SNARE_COPY(dst, idx)                                                   \
	do {                                                                   \
		if (at[idx] != WINEVENT_SNARE_NO_FIELD)                        \
			winevent_snare_copy(d, dst, sizeof(dst), f[at[idx]]);  \
	} while (0)
	SNARE_COPY(ev->log, SNARE_LOG);
	SNARE_COPY(ev->source, SNARE_SOURCE);
	SNARE_COPY(ev->user, SNARE_USER);
	SNARE_COPY(ev->category, SNARE_CATEGORY);
#undef SNARE_COPY
	/* Text in the computer's place is a record with fields missing. */
	is_aligned = at[SNARE_COMPUTER] != WINEVENT_SNARE_NO_FIELD &&
	    winevent_snare_is_computer(f[at[SNARE_COMPUTER]]);
	if (is_aligned)
		ev->is_computer_cut = winevent_snare_copy(d, ev->computer,
		    sizeof(ev->computer), f[at[SNARE_COMPUTER]]);
	/* Another type name (a translated one) only where all else fits. */
	if (at[SNARE_TYPE] != WINEVENT_SNARE_NO_FIELD &&
	    (is_aligned || winevent_snare_is_type(f[at[SNARE_TYPE]])))
		winevent_snare_copy(d, ev->type, sizeof(ev->type),
		    f[at[SNARE_TYPE]]);
	if (strcmp(ev->user, "N/A") == 0)
		ev->user[0] = '\0';
	/* The expanded description when present, else the data string. */
	if (at[SNARE_EXPANDED] != WINEVENT_SNARE_NO_FIELD &&
	    winevent_field_trim(f[at[SNARE_EXPANDED]].p,
		f[at[SNARE_EXPANDED]].len)
		    .len > 0)
		ev->is_text_truncated = winevent_snare_copy(d, ev->text,
		    sizeof(ev->text), f[at[SNARE_EXPANDED]]);
	else if (at[SNARE_DATA] != WINEVENT_SNARE_NO_FIELD)
		ev->is_text_truncated = winevent_snare_copy(d, ev->text,
		    sizeof(ev->text), f[at[SNARE_DATA]]);
}

int
winevent_snare_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span f[WINEVENT_SNARE_FIELDS_MAX], *fp = f, host, id;
	size_t start, n, at[SNARE_EXPANDED + 1];
	struct winevent_snare_delim d;
	bool yearless;

	if (!winevent_snare_find(msg, p, len, &d, &start, &host))
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_SNARE;
	n = winevent_snare_split(p + start, len - start, &d, f,
	    WINEVENT_SNARE_FIELDS_MAX);
	/* The criticality (0-4) is there unless the app name carried it. */
	if (n > 0 && f[0].len > 0 && f[0].len <= 3 &&
	    winevent_field_digits(f[0].p, f[0].len) == f[0].len) {
		fp++;
		n--;
	}
	if (n <= SNARE_SOURCE)
		return winevent_field_fail(err, off + len,
		    "snare: too few fields (need log, counter, time, event id "
		    "and source)");
	winevent_snare_layout(fp, n, msg->time_ms, at, &ev->time_ms, &yearless);
	/* Snare writes the event's local time, without a zone. */
	ev->is_time_local = ev->time_ms != 0;
	ev->is_year_guessed = yearless && msg->is_year_guessed;
	id = winevent_field_trim(fp[at[SNARE_ID]].p, fp[at[SNARE_ID]].len);
	if (winevent_field_set_id(ev, id.p, id.len,
		off + (size_t)(fp[at[SNARE_ID]].p - p), err,
		"snare: bad event id") == -1)
		return -1;
	winevent_snare_fields(ev, &d, fp, at);
	if (ev->computer[0] == '\0' && !ev->is_computer_cut && host.len > 0)
		ev->is_computer_cut = winevent_field_copy(ev->computer,
		    sizeof(ev->computer), host.p, host.len);
	return 0;
}
