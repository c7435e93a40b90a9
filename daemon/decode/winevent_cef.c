/* SPDX-License-Identifier: ISC */
/*
 * ArcSight CEF from a SmartConnector for Windows -> struct winevent:
 * "CEF:0|Microsoft|Microsoft Windows||Microsoft-Windows-Security-Auditing:
 * 4776|name|Low| externalId=4776 cat=Security dhost=DC01 duser=x ...".
 * The event ID is externalId, else the digits after the last ':' of the
 * signature ID (whose part before it is the source); the computer dhost
 * (else dvchost), the log cat (else cs2), the source the custom string
 * labelled EventSource.  A CEF record of another vendor is no Windows
 * event.  Pure; docs/formats.md shows the shape.
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

#define WINEVENT_CEF_HEADER 7 /* version|vendor|product|ver|sig|name|sev */
#define WINEVENT_CEF_CS 6     /* cs1 .. cs6 */

/* The extension keys we take. */
enum winevent_cef_key {
	CEF_EXTERNAL_ID,
	CEF_DHOST,
	CEF_DVCHOST,
	CEF_CAT,
	CEF_DUSER,
	CEF_DNTDOM,
	CEF_MSG,
	CEF_RT,
	CEF_KEYS,
};

static const char *const winevent_cef_keys[CEF_KEYS] = {
	[CEF_EXTERNAL_ID] = "externalId",
	[CEF_DHOST] = "dhost",
	[CEF_DVCHOST] = "dvchost",
	[CEF_CAT] = "cat",
	[CEF_DUSER] = "duser",
	[CEF_DNTDOM] = "dntdom",
	[CEF_MSG] = "msg",
	[CEF_RT] = "rt",
};

struct winevent_cef {
	struct winevent_span h[WINEVENT_CEF_HEADER];
	struct winevent_span ext[CEF_KEYS];
	struct winevent_span cs[WINEVENT_CEF_CS], cs_label[WINEVENT_CEF_CS];
};

/* The header's '|'-separated fields ("\|" escapes); bytes used, 0 bad. */
static size_t
winevent_cef_header(const char *p, size_t len, struct winevent_cef *c)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i < len && n < WINEVENT_CEF_HEADER; i++) {
		if (p[i] == '\\' && i + 1 < len) {
			i++;
			continue;
		}
		if (p[i] == '|') {
			c->h[n].p = p + start;
			c->h[n++].len = i - start;
			start = i + 1;
		}
	}
	return n == WINEVENT_CEF_HEADER ? i : 0;
}

static bool
winevent_cef_is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* A key and an unescaped '=' at p[i]: the key's length, else 0. */
static size_t
winevent_cef_key_at(const char *p, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && winevent_cef_is_key_char(p[i + n]))
		n++;
	return n > 0 && i + n < len && p[i + n] == '=' ? n : 0;
}

static void
winevent_cef_pair(struct winevent_cef *c, const char *k, size_t klen,
    struct winevent_span v)
{
	for (int i = 0; i < CEF_KEYS; i++)
		if (strlen(winevent_cef_keys[i]) == klen &&
		    memcmp(k, winevent_cef_keys[i], klen) == 0) {
			c->ext[i] = v;
			return;
		}
	if (klen >= 3 && k[0] == 'c' && k[1] == 's' && k[2] >= '1' &&
	    k[2] <= '6') {
		if (klen == 3)
			c->cs[k[2] - '1'] = v;
		else if (klen == 8 && memcmp(k + 3, "Label", 5) == 0)
			c->cs_label[k[2] - '1'] = v;
	}
}

/* "key=value key=value": a value runs to the space before the next key. */
static void
winevent_cef_extension(const char *p, size_t len, struct winevent_cef *c)
{
	size_t i = 0, k, v, klen;

	while (i < len && p[i] == ' ')
		i++;
	while (i < len && (klen = winevent_cef_key_at(p, len, i)) > 0) {
		k = i;
		v = i + klen + 1;
		for (i = v; i < len; i++) {
			if (p[i] == '\\' && i + 1 < len)
				i++;
			else if (p[i] == ' ' &&
			    winevent_cef_key_at(p, len, i + 1))
				break;
		}
		winevent_cef_pair(c, p + k, klen,
		    (struct winevent_span){ p + v, i - v });
		while (i < len && p[i] == ' ')
			i++;
	}
}

static void
winevent_cef_copy(char *dst, size_t dstsz, struct winevent_span a,
    struct winevent_span b)
{
	if (a.len == 0)
		a = b;
	if (a.p != NULL)
		winevent_field_copy(dst, dstsz, a.p, a.len);
}

static void
winevent_cef_fields(struct winevent *ev, const struct winevent_cef *c)
{
	struct winevent_span sig = c->h[4], none = { NULL, 0 };
	size_t colon = sig.len;

	while (colon > 0 && sig.p[colon - 1] != ':')
		colon--;
	for (int i = 0; i < WINEVENT_CEF_CS; i++)
		if (c->cs_label[i].len == 11 &&
		    strncasecmp(c->cs_label[i].p, "EventSource", 11) == 0)
			winevent_field_copy(ev->source, sizeof(ev->source),
			    c->cs[i].p, c->cs[i].len);
	if (ev->source[0] == '\0' && colon > 1)
		winevent_field_copy(ev->source, sizeof(ev->source), sig.p,
		    colon - 1);
	ev->is_computer_cut = false;
	if (c->ext[CEF_DHOST].len > 0 || c->ext[CEF_DVCHOST].len > 0)
		ev->is_computer_cut =
		    winevent_field_copy(ev->computer, sizeof(ev->computer),
			c->ext[CEF_DHOST].len > 0 ? c->ext[CEF_DHOST].p
						  : c->ext[CEF_DVCHOST].p,
			c->ext[CEF_DHOST].len > 0 ? c->ext[CEF_DHOST].len
						  : c->ext[CEF_DVCHOST].len);
	winevent_cef_copy(ev->log, sizeof(ev->log), c->ext[CEF_CAT], c->cs[1]);
	winevent_cef_copy(ev->user, sizeof(ev->user), c->ext[CEF_DUSER], none);
	/* rt as milliseconds since the epoch (the connector's default). */
	if (c->ext[CEF_RT].len == 13 &&
	    winevent_field_digits(c->ext[CEF_RT].p, 13) == 13) {
		ev->time_ms = 0;
		for (size_t i = 0; i < 13; i++)
			ev->time_ms =
			    ev->time_ms * 10 + (c->ext[CEF_RT].p[i] - '0');
	}
	winevent_field_set_text(ev,
	    c->ext[CEF_MSG].len > 0 ? c->ext[CEF_MSG].p : c->h[5].p,
	    c->ext[CEF_MSG].len > 0 ? c->ext[CEF_MSG].len : c->h[5].len);
}

/* The event ID: externalId, else the signature ID's digits after ':'. */
static int
winevent_cef_id(struct winevent *ev, const struct winevent_cef *c, size_t off,
    struct parse_error *err)
{
	struct winevent_span id = c->ext[CEF_EXTERNAL_ID];
	size_t colon = c->h[4].len;

	if (id.len == 0) {
		while (colon > 0 && c->h[4].p[colon - 1] != ':')
			colon--;
		id.p = c->h[4].p + colon;
		id.len = c->h[4].len - colon;
	}
	id = winevent_field_trim(id.p, id.len);
	return winevent_field_set_id(ev, id.p, id.len, off, err,
	    "cef: no event id in externalId or the signature id");
}

int
winevent_cef_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_cef c;
	size_t used, skip = 0;

	/* "CEF:0|..." or, its "CEF:" taken for a 3164 tag, "0|...". */
	if (len >= 4 && memcmp(p, "CEF:", 4) == 0)
		skip = 4;
	else if (strcmp(msg->app_name, "CEF") != 0 || len < 2 ||
	    !winevent_field_is_digit(p[0]))
		return WINEVENT_NOT_MINE;
	memset(&c, 0, sizeof(c));
	ev->format = WINEVENT_FORMAT_CEF;
	if ((used = winevent_cef_header(p + skip, len - skip, &c)) == 0)
		return winevent_field_fail(err, off + len,
		    "cef: fewer than 7 header fields");
	if ((c.h[1].len != 9 || strncasecmp(c.h[1].p, "Microsoft", 9) != 0) &&
	    memmem(c.h[2].p, c.h[2].len, "Windows", 7) == NULL) {
		ev->format = WINEVENT_FORMAT_UNKNOWN;
		return winevent_field_fail(err, off,
		    "not a windows event: cef of another vendor");
	}
	winevent_cef_extension(p + skip + used, len - skip - used, &c);
	if (winevent_cef_id(ev, &c, off, err) == -1)
		return -1;
	winevent_cef_fields(ev, &c);
	return 0;
}
