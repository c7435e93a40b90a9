/* SPDX-License-Identifier: ISC */
/*
 * A JSON event -> struct winevent: NXLog's to_json() (im_msvistalog and
 * im_mseventlog fields) and WMI Win32_NTLogEvent-style objects
 * (EventCode, ComputerName, Logfile), as the whole payload or behind a
 * tag that holds spaces ("Service Control Manager[664]: {...}").  The
 * field names are those of winevent_named.c.  Pure; docs/formats.md
 * documents the accepted shapes.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

#define WINEVENT_JSON_FLAGS (JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES)

/* The event ID member: an integer, a string of digits, or null. */
static int
winevent_json_id(json_t *v, const char *key, const char *fmt, bool is_real_int,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	char what[PARSE_ERROR_MSG_MAX];
	struct winevent_span s;
	json_int_t i;
	double d;

	if (json_is_null(v))
		return 0; /* a record without one: has_event_id stays false */
	if (json_is_integer(v) || (json_is_real(v) && is_real_int)) {
		/* A real only where jansson had to read integers as reals. */
		i = json_integer_value(v);
		d = json_real_value(v);
		if (json_is_real(v) &&
		    (d < 0 || d > 4294967295.0 || d != (double)(uint64_t)d))
			i = -1;
		else if (json_is_real(v))
			i = (json_int_t)d;
		snprintf(what, sizeof(what), "%s json: %s out of range", fmt,
		    key);
		if (i < 0 || winevent_id((uint64_t)i, &ev->event_id) == -1)
			return winevent_field_fail(err, off, what);
		ev->has_event_id = true;
		return 0;
	}
	if (!json_is_string(v)) {
		snprintf(what, sizeof(what), "%s json: %s is not a number", fmt,
		    key);
		return winevent_field_fail(err, off, what);
	}
	snprintf(what, sizeof(what), "%s json: bad %s string", fmt, key);
	s = winevent_field_trim(json_string_value(v), json_string_length(v));
	return winevent_field_set_id(ev, s.p, s.len, off, err, what);
}

/* A member other than the ID: strings and numbers, as text. */
static void
winevent_json_member(struct winevent *ev, struct winevent_named *nm, int field,
    json_t *v)
{
	char num[64];
	int n = -1;

	if (json_is_string(v)) {
		winevent_named_put(ev, nm, field, json_string_value(v),
		    json_string_length(v));
		return;
	}
	if (json_is_integer(v))
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else if (json_is_real(v))
		n = snprintf(num, sizeof(num), "%.17g", json_real_value(v));
	if (n > 0 && (size_t)n < sizeof(num))
		winevent_named_put(ev, nm, field, num, (size_t)n);
}

static int
winevent_json_fields(json_t *root, bool is_real_int, size_t off,
    struct winevent *ev, struct parse_error *err)
{
	struct winevent_named nm;
	const char *key, *id_key = NULL;
	json_t *v, *id = NULL;
	int field;

	winevent_named_init(&nm);
	json_object_foreach(root, key, v)
	{
		field = winevent_named_field(key, strlen(key));
		if (field == WN_ID) {
			if (id == NULL || strcmp(key, "EventID") == 0)
				id = v, id_key = key;
		} else if (field != -1)
			winevent_json_member(ev, &nm, field, v);
	}
	winevent_named_end(ev, &nm);
	if (id == NULL && !winevent_named_has(&nm, WN_SOURCE))
		return WINEVENT_NOT_MINE;
	ev->format = id_key != NULL && strcmp(id_key, "EventCode") == 0
	    ? WINEVENT_FORMAT_WMI
	    : WINEVENT_FORMAT_NXLOG_JSON;
	if (id == NULL)
		return 0;
	return winevent_json_id(id, id_key,
	    ev->format == WINEVENT_FORMAT_WMI ? "wmi" : "nxlog", is_real_int,
	    off, ev, err);
}

/*
 * Where the object starts: at once, or behind "Source Name[pid]: " that
 * the 3164 parser could not take for a tag (it holds spaces).
 */
static size_t
winevent_json_start(const struct syslog_msg *msg, const char *p, size_t len)
{
	size_t pre, name_len;
	bool has_pid;

	if (len > 0 && p[0] == '{')
		return 0;
	if (msg->app_name[0] != '\0' ||
	    (pre = winevent_field_source_prefix(p, len, true, &name_len,
		 &has_pid)) == 0 ||
	    pre >= len || p[pre] != '{')
		return len;
	return pre;
}

static json_t *
winevent_json_load(const char *p, size_t len, json_error_t *jerr,
    bool *is_real_int)
{
	json_t *root = json_loadb(p, len, WINEVENT_JSON_FLAGS, jerr);

	*is_real_int = false;
	/*
	 * Integers past 64 bits (Keywords) make jansson refuse the whole
	 * record: read them as reals then, rather than lose the event.
	 */
	if (root == NULL && strstr(jerr->text, "too big") != NULL) {
		*is_real_int = true;
		root = json_loadb(p, len,
		    WINEVENT_JSON_FLAGS | JSON_DECODE_INT_AS_REAL, jerr);
	}
	return root;
}

int
winevent_json_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	size_t start = winevent_json_start(msg, p, len);
	json_error_t jerr;
	json_t *root;
	char what[PARSE_ERROR_MSG_MAX];
	bool is_real_int;
	int rc;

	if (start == len)
		return WINEVENT_NOT_MINE;
	p += start, len -= start, off += start;
	ev->format = WINEVENT_FORMAT_NXLOG_JSON;
	/*
	 * A key given twice is ambiguous (jansson keeps the last, another
	 * reader the first): such a record is refused, never guessed at.
	 */
	if ((root = winevent_json_load(p, len, &jerr, &is_real_int)) == NULL) {
		snprintf(what, sizeof(what), "nxlog json: %s near byte %d",
		    strstr(jerr.text, "duplicate") != NULL ? "duplicate key"
							   : "invalid json",
		    jerr.position > 0 ? jerr.position : 0);
		return winevent_field_fail(err,
		    off + (size_t)(jerr.position > 0 ? jerr.position : 0),
		    what);
	}
	rc = json_is_object(root)
	    ? winevent_json_fields(root, is_real_int, off, ev, err)
	    : WINEVENT_NOT_MINE;
	json_decref(root);
	if (rc == WINEVENT_NOT_MINE) {
		ev->format = WINEVENT_FORMAT_UNKNOWN;
		return winevent_field_fail(err, off,
		    "not a windows event: json object without EventID or "
		    "SourceName");
	}
	return rc;
}
