/* SPDX-License-Identifier: ISC */
/*
 * Snare's MSWinEventLog payload -> struct winevent: the marker (as the
 * syslog tag, at the start, or after the agent's host name), a delimiter
 * (TAB by default; Snare lets the operator pick another), then the
 * fields.  docs/formats.md shows the accepted shapes.  Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/civil.h"
#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

#define WINEVENT_SNARE_FIELDS_MAX 16

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
/* Delimiters Snare can be configured with; TAB is the default. */
static const char winevent_snare_delims[] = "\t|;^~#,";

static bool
winevent_snare_is_delim(char c)
{
	return c != '\0' && strchr(winevent_snare_delims, c) != NULL;
}

/* "Www Mmm dd hh:mm:ss yyyy" (the agent's local time, taken as UTC). */
static int64_t
winevent_snare_time(const char *p, size_t len)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct winevent_span s = winevent_field_trim(p, len);
	char buf[32];
	int mon, mday, h, mi, sec, year, used = 0;
	int64_t t;

	if (s.len == 0 || s.len >= sizeof(buf))
		return 0;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	if (strlen(buf) != s.len || s.len < 24 || buf[3] != ' ' ||
	    buf[7] != ' ')
		return 0;
	for (mon = 0; mon < 12 && memcmp(buf + 4, months + mon * 3, 3) != 0;)
		mon++;
	if (mon == 12 || !winevent_field_is_digit(buf[s.len - 1]) ||
	    sscanf(buf + 8, "%2d %2d:%2d:%2d %4d%n", &mday, &h, &mi, &sec,
		&year, &used) != 5 ||
	    (size_t)used != s.len - 8 ||
	    civil_to_ms(year, mon + 1, mday, h, mi, sec, &t) == -1)
		return 0;
	return t;
}

/*
 * Finds the Snare marker: as the app name, at the start of the payload,
 * or after one delimited field (the agent's own hostname).  Sets the
 * delimiter, where the fields start, and the leading hostname if any.
 */
static bool
winevent_snare_find(const struct syslog_msg *msg, const char *p, size_t len,
    char *delim, size_t *start, struct winevent_span *host)
{
	size_t i;

	host->p = p;
	host->len = 0;
	if (strcasecmp(msg->app_name, winevent_snare_marker) == 0) {
		for (i = 0; i < len && !winevent_snare_is_delim(p[i]); i++)
			;
		*delim = i < len ? p[i] : '\t';
		*start = 0;
		return true;
	}
	for (i = 0; i < len && i < WINEVENT_COMPUTER_MAX; i++) {
		if (winevent_snare_is_delim(p[i]) || p[i] == ' ' ||
		    p[i] == '\0')
			break;
	}
	if (i < len && winevent_snare_is_delim(p[i]) &&
	    len - i - 1 > WINEVENT_SNARE_MARKER_LEN &&
	    strncasecmp(p + i + 1, winevent_snare_marker,
		WINEVENT_SNARE_MARKER_LEN) == 0 &&
	    p[i + 1 + WINEVENT_SNARE_MARKER_LEN] == p[i]) {
		host->len = i;
		*delim = p[i];
		*start = i + 2 + WINEVENT_SNARE_MARKER_LEN;
		return true;
	}
	if (len > WINEVENT_SNARE_MARKER_LEN &&
	    strncasecmp(p, winevent_snare_marker, WINEVENT_SNARE_MARKER_LEN) ==
		0 &&
	    winevent_snare_is_delim(p[WINEVENT_SNARE_MARKER_LEN])) {
		*delim = p[WINEVENT_SNARE_MARKER_LEN];
		*start = WINEVENT_SNARE_MARKER_LEN + 1;
		return true;
	}
	return false;
}

static size_t
winevent_snare_split(const char *p, size_t len, char delim,
    struct winevent_span *f, size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len && n < max; i++) {
		if (i == len || p[i] == delim) {
			f[n].p = p + start;
			f[n].len = i - start;
			n++;
			start = i + 1;
		}
	}
	return n;
}

static void
winevent_snare_fields(struct winevent *ev, const struct winevent_span *f,
    size_t n)
{
#define SNARE_COPY(dst, idx)                                                   \
	do {                                                                   \
		if (n > (idx))                                                 \
			winevent_field_copy(dst, sizeof(dst), f[idx].p,        \
			    f[idx].len);                                       \
	} while (0)
	SNARE_COPY(ev->log, SNARE_LOG);
	SNARE_COPY(ev->source, SNARE_SOURCE);
	SNARE_COPY(ev->user, SNARE_USER);
	SNARE_COPY(ev->type, SNARE_TYPE);
	SNARE_COPY(ev->category, SNARE_CATEGORY);
#undef SNARE_COPY
	if (n > SNARE_COMPUTER)
		ev->is_computer_cut =
		    winevent_field_copy(ev->computer, sizeof(ev->computer),
			f[SNARE_COMPUTER].p, f[SNARE_COMPUTER].len);
	if (strcmp(ev->user, "N/A") == 0)
		ev->user[0] = '\0';
	/* Snare writes the event's local time, without a zone. */
	ev->time_ms = winevent_snare_time(f[SNARE_TIME].p, f[SNARE_TIME].len);
	ev->is_time_local = ev->time_ms != 0;
	/* The expanded description when present, else the data string. */
	if (n > SNARE_EXPANDED &&
	    winevent_field_trim(f[SNARE_EXPANDED].p, f[SNARE_EXPANDED].len)
		    .len > 0)
		winevent_field_set_text(ev, f[SNARE_EXPANDED].p,
		    f[SNARE_EXPANDED].len);
	else if (n > SNARE_DATA)
		winevent_field_set_text(ev, f[SNARE_DATA].p, f[SNARE_DATA].len);
}

int
winevent_snare_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span f[WINEVENT_SNARE_FIELDS_MAX], *fp = f, host, id;
	size_t start, n;
	char delim;

	if (!winevent_snare_find(msg, p, len, &delim, &start, &host))
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_SNARE;
	n = winevent_snare_split(p + start, len - start, delim, f,
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
	id = winevent_field_trim(fp[SNARE_ID].p, fp[SNARE_ID].len);
	if (winevent_field_set_id(ev, id.p, id.len,
		off + (size_t)(fp[SNARE_ID].p - p), err,
		"snare: bad event id") == -1)
		return -1;
	winevent_snare_fields(ev, fp, n);
	if (ev->computer[0] == '\0' && !ev->is_computer_cut && host.len > 0)
		ev->is_computer_cut = winevent_field_copy(ev->computer,
		    sizeof(ev->computer), host.p, host.len);
	return 0;
}
