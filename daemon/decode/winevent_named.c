/* SPDX-License-Identifier: ISC */
/*
 * Named event fields -> struct winevent: the one table of the names
 * agents give the fields of an event in JSON, XML, key=value and RFC 5424
 * structured data (NXLog's, Win32_NTLogEvent's as WMI and Splunk write
 * them, WinCollect's, syslog-ng Agent's EVENT_*), and the conversions of
 * their values (event IDs, type names, times).  Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

#define WINEVENT_NAMED_KEY_MAX 24 /* the longest name below, folded */

/* Folded names (lower case, no '_' or '-'), sorted for bsearch. */
static const struct winevent_named_name {
	const char *folded;
	int field;
} winevent_named_names[] = {
	{ "accountname", WN_ACCOUNT },
	{ "agentlogfile", WN_LOG },  /* WinCollect */
	{ "category", WN_CATEGORY }, /* NXLog */
	{ "categorystring", WN_CATEGORY },
	{ "channel", WN_LOG },           /* NXLog im_msvistalog */
	{ "computer", WN_COMPUTER },     /* WinCollect */
	{ "computername", WN_COMPUTER }, /* Win32_NTLogEvent */
	{ "domain", WN_DOMAIN },
	{ "eventcategory", WN_CATEGORY }, /* syslog-ng EVENT_CATEGORY */
	{ "eventcode", WN_ID },           /* Win32_NTLogEvent */
	{ "eventid", WN_ID },     /* NXLog EventID, syslog-ng EVENT_ID */
	{ "eventidcode", WN_ID }, /* WinCollect */
	{ "eventmessage", WN_TEXT },
	{ "eventname", WN_LOG },      /* syslog-ng EVENT_NAME: the log */
	{ "eventsource", WN_SOURCE }, /* syslog-ng EVENT_SOURCE */
	{ "eventtime", WN_TIME },     /* NXLog */
	{ "eventtype", WN_TYPE },
	{ "eventusername", WN_USER }, /* syslog-ng EVENT_USERNAME */
	{ "filename", WN_LOG },       /* NXLog im_mseventlog */
	{ "hostname", WN_COMPUTER },  /* NXLog */
	{ "logfile", WN_LOG },        /* Win32_NTLogEvent */
	{ "message", WN_TEXT },
	{ "source", WN_SOURCE },      /* WinCollect */
	{ "sourcename", WN_SOURCE },  /* NXLog, Win32_NTLogEvent */
	{ "timegenerated", WN_TIME }, /* Win32_NTLogEvent, WinCollect */
	{ "type", WN_TYPE },          /* Win32_NTLogEvent */
	{ "user", WN_USER },          /* WinCollect, Win32_NTLogEvent */
	{ "userid", WN_USER },        /* NXLog: the SID */
	{ "username", WN_USER },
};

void
winevent_named_init(struct winevent_named *nm)
{
	memset(nm, 0, sizeof(*nm));
}

static int
winevent_named_cmp(const void *key, const void *elt)
{
	return strcmp(key, ((const struct winevent_named_name *)elt)->folded);
}

int
winevent_named_field(const char *key, size_t klen)
{
	char folded[WINEVENT_NAMED_KEY_MAX + 1];
	const struct winevent_named_name *n;
	size_t o = 0;

	for (size_t i = 0; i < klen; i++) {
		char c = key[i];

		if (c == '_' || c == '-')
			continue;
		if (o == WINEVENT_NAMED_KEY_MAX)
			return -1;
		folded[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	folded[o] = '\0';
	n = bsearch(folded, winevent_named_names,
	    sizeof(winevent_named_names) / sizeof(winevent_named_names[0]),
	    sizeof(winevent_named_names[0]), winevent_named_cmp);
	return n != NULL ? n->field : -1;
}

/* n digits at p as a number (n <= 18). */
static int64_t
winevent_named_digits(const char *p, size_t n)
{
	int64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/*
 * WMI's CIM_DATETIME "yyyymmddHHMMSS.mmmmmmsUUU" (UUU: minutes from UTC),
 * or seconds or milliseconds since the epoch (WinCollect: 10 or 13
 * digits).  Returns the time in ms, *is_local false; 0 when none.
 */
static int64_t
winevent_named_wmi_time(const char *p, size_t len)
{
	size_t n = winevent_field_digits(p, len);
	int64_t t, off;

	if (n == len && (n == 10 || n == 13))
		return winevent_named_digits(p, n) * (n == 10 ? 1000 : 1);
	if (n != 14 || len != 25 || p[14] != '.' ||
	    winevent_field_digits(p + 15, 6) != 6 ||
	    (p[21] != '+' && p[21] != '-') ||
	    winevent_field_digits(p + 22, 3) != 3 ||
	    civil_to_ms((int)winevent_named_digits(p, 4),
		(int)winevent_named_digits(p + 4, 2),
		(int)winevent_named_digits(p + 6, 2),
		(int)winevent_named_digits(p + 8, 2),
		(int)winevent_named_digits(p + 10, 2),
		(int)winevent_named_digits(p + 12, 2), &t) == -1)
		return 0;
	off = winevent_named_digits(p + 22, 3) * 60000;
	t += winevent_named_digits(p + 15, 3);
	return p[21] == '+' ? t - off : t + off;
}

static void
winevent_named_time(struct winevent *ev, const char *p, size_t len)
{
	struct winevent_span s = winevent_field_trim(p, len);
	bool is_local = false;
	int64_t t = 0;
	size_t n;

	if ((n = syslog_parse_time(s.p, s.len, &t, &is_local)) != s.len)
		t = winevent_named_wmi_time(s.p, s.len), is_local = false;
	if (t != 0) {
		ev->time_ms = t;
		ev->is_time_local = is_local;
	}
}

static void
winevent_named_type(struct winevent *ev, const char *p, size_t len)
{
	struct winevent_span s = winevent_field_trim(p, len);
	const char *name = winevent_field_type_name(s.p, s.len);

	if (name != NULL)
		snprintf(ev->type, sizeof(ev->type), "%s", name);
	else
		winevent_field_copy(ev->type, sizeof(ev->type), s.p, s.len);
}

void
winevent_named_put(struct winevent *ev, struct winevent_named *nm, int field,
    const char *v, size_t vlen)
{
	struct winevent_span s = winevent_field_trim(v, vlen);
	struct parse_error unused;

	if (field < 0 || field >= WN_COUNT || s.len == 0 ||
	    winevent_named_has(nm, field))
		return;
	nm->seen |= 1u << field;
	switch (field) {
	case WN_ID:
		nm->is_id_bad =
		    winevent_field_set_id(ev, s.p, s.len, 0, &unused, "") == -1;
		break;
	case WN_SOURCE:
		winevent_field_copy(ev->source, sizeof(ev->source), s.p, s.len);
		break;
	case WN_COMPUTER:
		ev->is_computer_cut = winevent_field_copy(ev->computer,
		    sizeof(ev->computer), s.p, s.len);
		break;
	case WN_LOG:
		winevent_field_copy(ev->log, sizeof(ev->log), s.p, s.len);
		break;
	case WN_TYPE:
		winevent_named_type(ev, s.p, s.len);
		break;
	case WN_CATEGORY:
		winevent_field_copy(ev->category, sizeof(ev->category), s.p,
		    s.len);
		break;
	case WN_ACCOUNT:
		winevent_field_copy(nm->account, sizeof(nm->account), s.p,
		    s.len);
		break;
	case WN_DOMAIN:
		winevent_field_copy(nm->domain, sizeof(nm->domain), s.p, s.len);
		break;
	case WN_USER:
		winevent_field_copy(ev->user, sizeof(ev->user), s.p, s.len);
		break;
	case WN_TIME:
		winevent_named_time(ev, s.p, s.len);
		break;
	default:
		winevent_field_set_text(ev, v, vlen);
		break;
	}
}

int
winevent_named_set(struct winevent *ev, struct winevent_named *nm,
    const char *key, size_t klen, const char *v, size_t vlen)
{
	int field = winevent_named_field(key, klen);

	if (field == WN_ID && !winevent_named_has(nm, WN_ID))
		nm->is_wmi = klen == 9 && memcmp(key, "EventCode", 9) == 0;
	winevent_named_put(ev, nm, field, v, vlen);
	return field;
}

/* AccountName, as "Domain\AccountName" when the domain is given. */
void
winevent_named_end(struct winevent *ev, struct winevent_named *nm)
{
	int n;

	if (nm->account[0] == '\0' || strcmp(nm->account, "-") == 0)
		return;
	if (nm->domain[0] == '\0' || strcmp(nm->domain, "-") == 0) {
		snprintf(ev->user, sizeof(ev->user), "%s", nm->account);
		return;
	}
	n = snprintf(ev->user, sizeof(ev->user), "%s\\%s", nm->domain,
	    nm->account);
	if (n < 0 || (size_t)n >= sizeof(ev->user))
		snprintf(ev->user, sizeof(ev->user), "%s", nm->account);
}
