/* SPDX-License-Identifier: ISC */
/*
 * OSSEC / Wazuh agents' Windows event lines -> struct winevent:
 * "WinEvtLog: LOG: TYPE(ID): SOURCE: USER: DOMAIN: COMPUTER: text", as
 * the manager logs and forwards them ("(no user)" and "no domain" for
 * none).  Pure; docs/formats.md shows the shape.
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

static const char winevent_ossec_marker[] = "WinEvtLog";
#define WINEVENT_OSSEC_MARKER_LEN (sizeof(winevent_ossec_marker) - 1)

enum winevent_ossec_field {
	OSSEC_LOG,
	OSSEC_TYPE_ID,
	OSSEC_SOURCE,
	OSSEC_USER,
	OSSEC_DOMAIN,
	OSSEC_COMPUTER,
	OSSEC_FIELDS, /* then the text */
};

/* Splits the fields at ": "; returns where the text starts, or 0. */
static size_t
winevent_ossec_split(const char *p, size_t len, struct winevent_span *f)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i + 1 < len && n < OSSEC_FIELDS; i++) {
		if (p[i] == ':' && p[i + 1] == ' ') {
			f[n].p = p + start;
			f[n++].len = i - start;
			start = i + 2;
		}
	}
	if (n == OSSEC_FIELDS)
		return start;
	/* The text may be empty: "...: COMPUTER:" at the end. */
	if (n == OSSEC_FIELDS - 1 && len > 0 && p[len - 1] == ':') {
		f[n].p = p + start;
		f[n].len = len - 1 - start;
		return len;
	}
	return 0;
}

/* "TYPE(ID)": the type into ev, the ID's span. */
static bool
winevent_ossec_type_id(struct winevent *ev, struct winevent_span f,
    struct winevent_span *id)
{
	const char *open = memchr(f.p, '(', f.len), *name;

	if (open == NULL || f.len < 3 || f.p[f.len - 1] != ')')
		return false;
	id->p = open + 1;
	id->len = (size_t)(f.p + f.len - 1 - id->p);
	name = winevent_field_type_name(f.p, (size_t)(open - f.p));
	if (name != NULL)
		snprintf(ev->type, sizeof(ev->type), "%s", name);
	else
		winevent_field_copy(ev->type, sizeof(ev->type), f.p,
		    (size_t)(open - f.p));
	return true;
}

static void
winevent_ossec_user(struct winevent *ev, const struct winevent_span *f)
{
	struct winevent_span u = winevent_field_trim(f[OSSEC_USER].p,
				 f[OSSEC_USER].len),
			     d = winevent_field_trim(f[OSSEC_DOMAIN].p,
				 f[OSSEC_DOMAIN].len);
	int n;

	if (u.len == 0 || (u.len == 9 && memcmp(u.p, "(no user)", 9) == 0))
		return;
	if (d.len == 0 || (d.len == 9 && memcmp(d.p, "no domain", 9) == 0))
		n = snprintf(ev->user, sizeof(ev->user), "%.*s", (int)u.len,
		    u.p);
	else
		n = snprintf(ev->user, sizeof(ev->user), "%.*s\\%.*s",
		    (int)d.len, d.p, (int)u.len, u.p);
	if (n < 0 || (size_t)n >= sizeof(ev->user))
		winevent_field_copy(ev->user, sizeof(ev->user), u.p, u.len);
}

int
winevent_ossec_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span f[OSSEC_FIELDS], id;
	size_t skip = 0, text;

	if (len > WINEVENT_OSSEC_MARKER_LEN + 2 &&
	    memcmp(p, winevent_ossec_marker, WINEVENT_OSSEC_MARKER_LEN) == 0 &&
	    p[WINEVENT_OSSEC_MARKER_LEN] == ':' &&
	    p[WINEVENT_OSSEC_MARKER_LEN + 1] == ' ')
		skip = WINEVENT_OSSEC_MARKER_LEN + 2;
	else if (strcmp(msg->app_name, winevent_ossec_marker) != 0)
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_OSSEC;
	p += skip, len -= skip, off += skip;
	if ((text = winevent_ossec_split(p, len, f)) == 0 ||
	    !winevent_ossec_type_id(ev, f[OSSEC_TYPE_ID], &id))
		return winevent_field_fail(err, off,
		    "ossec: not LOG: TYPE(ID): SOURCE: USER: DOMAIN: COMPUTER: "
		    "text");
	if (winevent_field_set_id(ev, id.p, id.len, off + (size_t)(id.p - p),
		err, "ossec: bad event id") == -1)
		return -1;
	winevent_field_copy(ev->log, sizeof(ev->log), f[OSSEC_LOG].p,
	    f[OSSEC_LOG].len);
	winevent_field_copy(ev->source, sizeof(ev->source), f[OSSEC_SOURCE].p,
	    f[OSSEC_SOURCE].len);
	ev->is_computer_cut = winevent_field_copy(ev->computer,
	    sizeof(ev->computer), f[OSSEC_COMPUTER].p, f[OSSEC_COMPUTER].len);
	winevent_ossec_user(ev, f);
	winevent_field_set_text(ev, p + text, len - text);
	return 0;
}
