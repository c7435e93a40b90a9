/* SPDX-License-Identifier: ISC */
/*
 * NXLog's to_json() payload -> struct winevent: EventID, SourceName,
 * Channel, Hostname, EventType (mapped to the Windows names), Domain and
 * AccountName, Category, Message and EventTime.  Pure; the accepted shape
 * is documented in docs/formats.md.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

/* NXLog EventType values -> the Windows names Snare and traps use. */
static const struct {
	const char *nxlog;
	const char *windows;
} winevent_json_types[] = {
	{ "AUDIT_FAILURE", "Failure Audit" },
	{ "AUDIT_SUCCESS", "Success Audit" },
	{ "CRITICAL", "Critical" },
	{ "ERROR", "Error" },
	{ "INFO", "Information" },
	{ "VERBOSE", "Verbose" },
	{ "WARNING", "Warning" },
};

/* A string (or integer) member into dst; true when it was cut. */
static bool
winevent_json_str(json_t *obj, const char *key, char *dst, size_t dstsz)
{
	json_t *v = json_object_get(obj, key);
	char num[32];
	int n;

	if (json_is_string(v))
		return winevent_field_copy(dst, dstsz, json_string_value(v),
		    json_string_length(v));
	if (json_is_integer(v)) {
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		if (n > 0 && (size_t)n < sizeof(num))
			return winevent_field_copy(dst, dstsz, num, (size_t)n);
	}
	return false;
}

static int
winevent_json_id(json_t *root, size_t off, struct winevent *ev,
    struct parse_error *err)
{
	json_t *v = json_object_get(root, "EventID");
	struct winevent_span s;
	json_int_t i;

	if (v == NULL || json_is_null(v))
		return 0; /* a record without one: has_event_id stays false */
	if (json_is_integer(v)) {
		i = json_integer_value(v);
		if (i < 0 || winevent_id((uint64_t)i, &ev->event_id) == -1)
			return winevent_field_fail(err, off,
			    "nxlog json: EventID out of range");
		ev->has_event_id = true;
		return 0;
	}
	if (!json_is_string(v))
		return winevent_field_fail(err, off,
		    "nxlog json: EventID is not a number");
	s = winevent_field_trim(json_string_value(v), json_string_length(v));
	return winevent_field_set_id(ev, s.p, s.len, off, err,
	    "nxlog json: bad EventID string");
}

static void
winevent_json_type(json_t *root, struct winevent *ev)
{
	winevent_json_str(root, "EventType", ev->type, sizeof(ev->type));
	for (size_t i = 0;
	     i < sizeof(winevent_json_types) / sizeof(winevent_json_types[0]);
	     i++) {
		if (strcasecmp(ev->type, winevent_json_types[i].nxlog) == 0) {
			snprintf(ev->type, sizeof(ev->type), "%s",
			    winevent_json_types[i].windows);
			break;
		}
	}
}

/* AccountName, as "Domain\AccountName" when NXLog gives the domain. */
static void
winevent_json_user(json_t *root, struct winevent *ev)
{
	char domain[WINEVENT_USER_MAX] = "", account[WINEVENT_USER_MAX] = "";
	int n;

	winevent_json_str(root, "Domain", domain, sizeof(domain));
	winevent_json_str(root, "AccountName", account, sizeof(account));
	if (account[0] == '\0') {
		winevent_json_str(root, "UserID", ev->user, sizeof(ev->user));
		return;
	}
	if (domain[0] == '\0') {
		snprintf(ev->user, sizeof(ev->user), "%s", account);
		return;
	}
	n = snprintf(ev->user, sizeof(ev->user), "%s\\%s", domain, account);
	if (n < 0 || (size_t)n >= sizeof(ev->user))
		snprintf(ev->user, sizeof(ev->user), "%s", account);
}

static void
winevent_json_fields(json_t *root, struct winevent *ev)
{
	json_t *v;
	size_t n;

	ev->is_computer_cut = winevent_json_str(root, "Hostname", ev->computer,
	    sizeof(ev->computer));
	winevent_json_str(root, "SourceName", ev->source, sizeof(ev->source));
	winevent_json_str(root, "Channel", ev->log, sizeof(ev->log));
	winevent_json_str(root, "Category", ev->category, sizeof(ev->category));
	winevent_json_type(root, ev);
	winevent_json_user(root, ev);
	ev->is_text_truncated =
	    winevent_json_str(root, "Message", ev->text, sizeof(ev->text));
	v = json_object_get(root, "EventTime");
	if (json_is_string(v)) {
		struct winevent_span s =
		    winevent_field_trim(json_string_value(v),
			json_string_length(v));
		bool is_local;
		int64_t t;

		n = syslog_parse_time(s.p, s.len, &t, &is_local);
		if (n > 0 && n == s.len) {
			ev->time_ms = t;
			ev->is_time_local = is_local;
		}
	}
}

int
winevent_json_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	json_error_t jerr;
	json_t *root;
	char what[PARSE_ERROR_MSG_MAX];
	int rc;

	if (len == 0 || p[0] != '{')
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_NXLOG_JSON;
	/*
	 * A key given twice is ambiguous (jansson keeps the last, another
	 * reader the first): such a record is refused, never guessed at.
	 */
	if ((root = json_loadb(p, len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES,
		 &jerr)) == NULL) {
		snprintf(what, sizeof(what), "nxlog json: %s near byte %d",
		    strstr(jerr.text, "duplicate") != NULL ? "duplicate key"
							   : "invalid json",
		    jerr.position > 0 ? jerr.position : 0);
		return winevent_field_fail(err,
		    off + (size_t)(jerr.position > 0 ? jerr.position : 0),
		    what);
	}
	if (!json_is_object(root) ||
	    (json_object_get(root, "EventID") == NULL &&
		json_object_get(root, "SourceName") == NULL)) {
		json_decref(root);
		ev->format = WINEVENT_FORMAT_UNKNOWN;
		return winevent_field_fail(err, off,
		    "not a windows event: json object without EventID or "
		    "SourceName");
	}
	if ((rc = winevent_json_id(root, off, ev, err)) == 0)
		winevent_json_fields(root, ev);
	json_decref(root);
	return rc;
}
