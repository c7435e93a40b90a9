/* SPDX-License-Identifier: ISC */
/*
 * syslog-ng Agent for Windows, RFC 3164 output -> struct winevent:
 * "USER: LOG SOURCE: [TYPE] text (EventID 7036)" behind the tag
 * "Source_Name[pid]:" (its RFC 5424 output carries the same fields in
 * [win@18372.4 ...]: winevent_sd.c).  Pure; docs/formats.md shows it.
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

static const char winevent_syslogng_tail[] = "(EventID ";
#define WINEVENT_SYSLOGNG_TAIL_LEN (sizeof(winevent_syslogng_tail) - 1)

/* The "(EventID N)" at the end: where it starts, the digits; 0: none. */
static size_t
winevent_syslogng_tail_at(const char *p, size_t len, struct winevent_span *id)
{
	size_t i = len - 1, n;

	if (len < WINEVENT_SYSLOGNG_TAIL_LEN + 2 || p[len - 1] != ')')
		return 0;
	while (i > 0 && winevent_field_is_digit(p[i - 1]))
		i--;
	n = len - 1 - i;
	if (n == 0 || i < WINEVENT_SYSLOGNG_TAIL_LEN ||
	    memcmp(p + i - WINEVENT_SYSLOGNG_TAIL_LEN, winevent_syslogng_tail,
		WINEVENT_SYSLOGNG_TAIL_LEN) != 0)
		return 0;
	id->p = p + i;
	id->len = n;
	return i - WINEVENT_SYSLOGNG_TAIL_LEN;
}

/* "USER: LOG SOURCE: [TYPE] " at p: the fields; where the text starts. */
static size_t
winevent_syslogng_head(struct winevent *ev, const char *p, size_t len)
{
	const char *colon = memchr(p, ':', len), *sp, *br, *end;
	struct winevent_span user;

	if (colon == NULL || (size_t)(colon - p) + 2 > len || colon[1] != ' ')
		return 0;
	user = winevent_field_trim(p, (size_t)(colon - p));
	sp = memchr(colon + 2, ' ', (size_t)(p + len - colon - 2));
	br = NULL;
	for (const char *q = colon + 2; q + 3 < p + len; q++)
		if (q[0] == ':' && q[1] == ' ' && q[2] == '[') {
			br = q;
			break;
		}
	if (sp == NULL || br == NULL || sp > br ||
	    (end = memchr(br + 3, ']', (size_t)(p + len - br - 3))) == NULL)
		return 0;
	if (user.len > 0 && !(user.len == 3 && memcmp(user.p, "N/A", 3) == 0))
		winevent_field_copy(ev->user, sizeof(ev->user), user.p,
		    user.len);
	winevent_field_copy(ev->log, sizeof(ev->log), colon + 2,
	    (size_t)(sp - colon - 2));
	winevent_field_copy(ev->source, sizeof(ev->source), sp + 1,
	    (size_t)(br - sp - 1));
	winevent_field_copy(ev->type, sizeof(ev->type), br + 3,
	    (size_t)(end - br - 3));
	return (size_t)(end + 1 - p);
}

int
winevent_syslogng_decode(const struct syslog_msg *msg, const char *p,
    size_t len, size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span id;
	size_t tail, head;

	if ((tail = winevent_syslogng_tail_at(p, len, &id)) == 0)
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_SYSLOG_NG;
	if (winevent_field_set_id(ev, id.p, id.len, off + (size_t)(id.p - p),
		err, "syslog-ng: bad event id in (EventID N)") == -1)
		return -1;
	if ((head = winevent_syslogng_head(ev, p, tail)) == 0) {
		/* Another template: the whole line is the text. */
		winevent_field_copy(ev->source, sizeof(ev->source),
		    msg->app_name, strlen(msg->app_name));
		head = 0;
	}
	winevent_field_set_text(ev, p + head, tail - head);
	return 0;
}
