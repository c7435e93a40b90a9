/* SPDX-License-Identifier: ISC */
/*
 * Adiscon EventReporter and rsyslog Windows Agent (classic format) ->
 * struct winevent: "[AUF] Thu Feb 15 14:00:58 2001: SERVER/Source (ID) -
 * "text"", usually behind the tag "EvntSLog:".  The bracketed code is
 * the event type.  Pure; docs/formats.md shows the shape.
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

static const struct {
	char code[4];
	const char *type;
} winevent_evntslog_codes[] = {
	{ "AUF", "Failure Audit" },
	{ "AUS", "Success Audit" },
	{ "ERR", "Error" },
	{ "INF", "Information" },
	{ "NON", "" },
	{ "WRN", "Warning" },
};

/* "[XXX] " at p: the code's type, or NULL. */
static const char *
winevent_evntslog_code(const char *p, size_t len)
{
	if (len < 6 || p[0] != '[' || p[4] != ']' || p[5] != ' ')
		return NULL;
	for (size_t i = 0; i < sizeof(winevent_evntslog_codes) /
		 sizeof(winevent_evntslog_codes[0]);
	     i++)
		if (memcmp(p + 1, winevent_evntslog_codes[i].code, 3) == 0)
			return winevent_evntslog_codes[i].type;
	return NULL;
}

/* "SERVER/Source (ID) - " at p: sets the spans; bytes used, 0 if not. */
static size_t
winevent_evntslog_origin(const char *p, size_t len, struct winevent_span *host,
    struct winevent_span *src, struct winevent_span *id)
{
	const char *slash = memchr(p, '/', len);
	size_t i, open = 0;

	if (slash == NULL || slash == p)
		return 0;
	host->p = p;
	host->len = (size_t)(slash - p);
	for (i = host->len + 1; i + 1 < len; i++)
		if (p[i] == ' ' && p[i + 1] == '(')
			open = i;
		else if (p[i] == ')' && open > 0)
			break;
	if (open == 0 || i + 1 >= len + 1 || i >= len)
		return 0;
	src->p = slash + 1;
	src->len = open - host->len - 1;
	id->p = p + open + 2;
	id->len = i - open - 2;
	i++;
	if (len - i >= 3 && memcmp(p + i, " - ", 3) == 0)
		return i + 3;
	return i == len ? i : 0;
}

int
winevent_evntslog_decode(const struct syslog_msg *msg, const char *p,
    size_t len, size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span host, src, id, text;
	const char *type = winevent_evntslog_code(p, len);
	size_t i, used;
	bool yearless;

	if (type == NULL)
		return WINEVENT_NOT_MINE;
	/* The date ends at the first ": " (its own colons have none). */
	for (i = 6; i + 1 < len && !(p[i] == ':' && p[i + 1] == ' ');)
		i++;
	if (i + 1 >= len ||
	    (used = winevent_evntslog_origin(p + i + 2, len - i - 2, &host,
		 &src, &id)) == 0)
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_EVENTREPORTER;
	if (winevent_field_set_id(ev, id.p, id.len, off + (size_t)(id.p - p),
		err, "eventreporter: bad event id") == -1)
		return -1;
	snprintf(ev->type, sizeof(ev->type), "%s", type);
	ev->time_ms =
	    winevent_field_ctime(p + 6, i - 6, msg->time_ms, &yearless);
	ev->is_time_local = ev->time_ms != 0;
	ev->is_year_guessed = yearless && msg->is_year_guessed;
	ev->is_computer_cut = winevent_field_copy(ev->computer,
	    sizeof(ev->computer), host.p, host.len);
	winevent_field_copy(ev->source, sizeof(ev->source), src.p, src.len);
	text.p = p + i + 2 + used;
	text.len = len - i - 2 - used;
	text = winevent_field_trim(text.p, text.len);
	if (text.len >= 2 && text.p[0] == '"' && text.p[text.len - 1] == '"')
		text.p++, text.len -= 2;
	winevent_field_set_text(ev, text.p, text.len);
	return 0;
}
