/* SPDX-License-Identifier: ISC */
/*
 * The key=value formats: Elastic Common Schema JSON, RFC 5424 structured
 * data, ArcSight CEF and IBM QRadar LEEF 2.0.  One walk over the alert's
 * fields (kind, id and, for a clear, the id it clears, always; the
 * closing event only when there is one) and one key table a format: the
 * field tables of docs/alerts.md are these tables.  Pure.
 */
#include "config.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "core/civil.h"
#include "core/escape.h"
#include "core/severity.h"
#include "engine/alert.h"
#include "output/alert_format.h"
#include "output/alert_format_out.h"

/* Every field of an alert, in the order the formats write them. */
enum alert_format_field {
	AFF_TIME,
	AFF_KIND,
	AFF_ID,
	AFF_CLEARS, /* a clear only */
	AFF_RULE,
	AFF_HOST,
	AFF_SEVERITY,       /* its name */
	AFF_SEVERITY_LEVEL, /* 1..10, as CEF, LEEF and ECS rank */
	AFF_TITLE,
	AFF_SUPPRESSED,
	AFF_OPEN, /* the opening event's fields, AFF_EV_* after it */
	AFF_CLOSE = AFF_OPEN + 8, /* the closing one's, with has_close only */
	AFF_CAUSE = AFF_CLOSE + 8,
	AFF_FIX,
	AFF_REFERENCE,
	AFF_COUNT,
};

/* An event's fields, from AFF_OPEN or AFF_CLOSE. */
enum alert_format_ev_field {
	AFF_EV_ID,
	AFF_EV_SOURCE,
	AFF_EV_LOG,
	AFF_EV_COMPUTER,
	AFF_EV_PEER,
	AFF_EV_VIA,
	AFF_EV_TIME,
	AFF_EV_TEXT,
	AFF_EV_COUNT,
};

/*
 * A key=value format: how a pair is written, and each field's key.  A key
 * may carry constant pairs before it ("cs1Label=rule cs1"), as CEF labels
 * its custom fields.
 */
struct alert_format_kv {
	const char *keys[AFF_COUNT]; /* NULL: the canonical key, if any */
	bool is_canonical;           /* fields without a key get their
					canonical one (below) */
	const char *first;           /* before the first pair */
	const char *sep;             /* before every other pair */
	const char *key_open;        /* before a key */
	const char *assign;          /* between a key and its value */
	const char *quote;           /* around a string value */
	bool is_quoting_numbers;     /* numbers are quoted strings too */
	bool is_epoch_ms;            /* times as milliseconds since 1970 */
};

/*
 * The canonical keys: RFC 5424's PARAM-NAMEs, LEEF's own attributes.
 * The severity's rank has none (LEEF calls it sev).
 */
#define AFF_EV_KEYS(at, name)                                                  \
	[at + AFF_EV_ID] = name "_event_id",                                   \
	      [at + AFF_EV_SOURCE] = name "_source",                           \
	      [at + AFF_EV_LOG] = name "_log",                                 \
	      [at + AFF_EV_COMPUTER] = name "_computer",                       \
	      [at + AFF_EV_PEER] = name "_peer",                               \
	      [at + AFF_EV_VIA] = name "_via",                                 \
	      [at + AFF_EV_TIME] = name "_time",                               \
	      [at + AFF_EV_TEXT] = name "_text"

static const char *const alert_format_kv_canonical[AFF_COUNT] = {
	[AFF_TIME] = "time",
	[AFF_KIND] = "kind",
	[AFF_ID] = "id",
	[AFF_CLEARS] = "clears",
	[AFF_RULE] = "rule",
	[AFF_HOST] = "host",
	[AFF_SEVERITY] = "severity",
	[AFF_TITLE] = "title",
	[AFF_SUPPRESSED] = "suppressed",
	AFF_EV_KEYS(AFF_OPEN, "open"),
	AFF_EV_KEYS(AFF_CLOSE, "close"),
	[AFF_CAUSE] = "cause",
	[AFF_FIX] = "fix",
	[AFF_REFERENCE] = "reference",
};

/* One field's value: a string, or a number. */
struct alert_format_val {
	const char *s;
	uint64_t n;
	bool is_num;
	int free_text; /* enum alert_format_free, or -1 */
	char buf[CIVIL_RFC3339_MAX];
};

/* Severity ranks of CEF (0-10), LEEF (1-10) and ECS event.severity. */
static uint64_t
alert_format_kv_level(enum severity severity)
{
	switch (severity) {
	case SEVERITY_INFO:
		return 1;
	case SEVERITY_WARNING:
		return 3;
	case SEVERITY_MINOR:
		return 5;
	case SEVERITY_MAJOR:
		return 7;
	case SEVERITY_CRITICAL:
		return 10;
	}
	return 7;
}

static void
alert_format_kv_time(int64_t ms, bool is_epoch_ms, struct alert_format_val *v)
{
	if (is_epoch_ms) {
		v->is_num = true;
		v->n = ms > 0 ? (uint64_t)ms : 0;
		return;
	}
	civil_rfc3339(ms, v->buf, sizeof(v->buf));
	v->s = v->buf;
}

static void
alert_format_kv_event(const struct alert_event *ev, int f, int text_free,
    bool is_epoch_ms, struct alert_format_val *v)
{
	switch (f) {
	case AFF_EV_ID:
		v->is_num = true, v->n = ev->event_id;
		break;
	case AFF_EV_SOURCE:
		v->s = ev->source;
		break;
	case AFF_EV_LOG:
		v->s = ev->log;
		break;
	case AFF_EV_COMPUTER:
		v->s = ev->computer;
		break;
	case AFF_EV_PEER:
		v->s = ev->peer;
		break;
	case AFF_EV_VIA:
		v->s = ev->via;
		break;
	case AFF_EV_TIME:
		alert_format_kv_time(ev->time_ms, is_epoch_ms, v);
		break;
	default:
		v->s = ev->text, v->free_text = text_free;
		break;
	}
}

/* Field f of a into v; false when a has no such field. */
static bool
alert_format_kv_get(const struct alert *a, int f, bool is_epoch_ms,
    struct alert_format_val *v)
{
	v->s = NULL, v->n = 0, v->is_num = false, v->free_text = -1;
	if (f >= AFF_OPEN && f < AFF_CLOSE) {
		alert_format_kv_event(&a->open, f - AFF_OPEN, AF_OPEN_TEXT,
		    is_epoch_ms, v);
		return true;
	}
	if (f >= AFF_CLOSE && f < AFF_CAUSE) {
		alert_format_kv_event(&a->close, f - AFF_CLOSE, AF_CLOSE_TEXT,
		    is_epoch_ms, v);
		return a->has_close;
	}
	switch (f) {
	case AFF_TIME:
		alert_format_kv_time(a->time_ms, is_epoch_ms, v);
		break;
	case AFF_KIND:
		v->s = alert_kind_name(a->kind);
		break;
	case AFF_ID:
		v->s = a->id;
		break;
	case AFF_CLEARS:
		v->s = a->clears;
		return a->kind == ALERT_CLEAR;
	case AFF_RULE:
		v->s = a->rule;
		break;
	case AFF_HOST:
		v->s = a->host;
		break;
	case AFF_SEVERITY:
		v->s = severity_name(a->severity);
		break;
	case AFF_SEVERITY_LEVEL:
		v->is_num = true, v->n = alert_format_kv_level(a->severity);
		break;
	case AFF_TITLE:
		v->s = a->title, v->free_text = AF_TITLE;
		break;
	case AFF_SUPPRESSED:
		v->is_num = true, v->n = a->suppressed;
		break;
	case AFF_CAUSE:
		v->s = a->cause, v->free_text = AF_CAUSE;
		break;
	case AFF_FIX:
		v->s = a->fix, v->free_text = AF_FIX;
		break;
	default:
		v->s = a->reference, v->free_text = AF_REFERENCE;
		break;
	}
	return true;
}

/* Every field kv has a key for, as key=value pairs. */
static void
alert_format_kv_pairs(struct alert_format_out *o, const struct alert *a,
    const struct alert_format_kv *kv)
{
	struct alert_format_val v;
	char prefix[128], num[24];
	int r;

	for (int f = 0; f < AFF_COUNT; f++) {
		const char *key = kv->keys[f];

		if (key == NULL && kv->is_canonical)
			key = alert_format_kv_canonical[f];
		if (key == NULL ||
		    !alert_format_kv_get(a, f, kv->is_epoch_ms, &v))
			continue;
		r = snprintf(prefix, sizeof(prefix), "%s%s%s%s%s",
		    o->is_first ? kv->first : kv->sep, kv->key_open, key,
		    kv->assign,
		    v.is_num && !kv->is_quoting_numbers ? "" : kv->quote);
		assert(r > 0 && (size_t)r < sizeof(prefix));
		if (o->is_full)
			return;
		if (v.is_num && !kv->is_quoting_numbers) {
			alert_format_number(o, prefix, v.n);
		} else {
			if (v.is_num) {
				(void)snprintf(num, sizeof(num), "%" PRIu64,
				    v.n);
				v.s = num;
			}
			alert_format_value(o, prefix, v.s,
			    v.free_text >= 0 ? o->caps[v.free_text]
					     : AF_UNLIMITED,
			    NULL, kv->quote);
		}
		if (!o->is_full)
			o->is_first = false;
	}
}

/* Elastic Common Schema 8 names, as dotted keys (Elasticsearch expands them).
 */
static const struct alert_format_kv alert_format_ecs = {
	.keys = {
		[AFF_TIME] = "@timestamp",
		/* event.kind is always "alert" */
		[AFF_KIND] = "event.kind\":\"alert\",\"event.action",
		[AFF_ID] = "event.id",
		[AFF_CLEARS] = "evcorrd.clears",
		[AFF_RULE] = "rule.name",
		[AFF_HOST] = "host.name",
		[AFF_SEVERITY] = "log.level",
		[AFF_SEVERITY_LEVEL] = "event.severity",
		[AFF_TITLE] = "message",
		[AFF_SUPPRESSED] = "evcorrd.suppressed",
		[AFF_OPEN + AFF_EV_ID] = "event.code",
		[AFF_OPEN + AFF_EV_SOURCE] = "event.provider",
		[AFF_OPEN + AFF_EV_LOG] = "evcorrd.open.log",
		[AFF_OPEN + AFF_EV_COMPUTER] = "evcorrd.open.computer",
		[AFF_OPEN + AFF_EV_PEER] = "source.ip",
		[AFF_OPEN + AFF_EV_VIA] = "evcorrd.open.via",
		[AFF_OPEN + AFF_EV_TIME] = "event.start",
		[AFF_OPEN + AFF_EV_TEXT] = "evcorrd.open.text",
		[AFF_CLOSE + AFF_EV_ID] = "evcorrd.close.event_id",
		[AFF_CLOSE + AFF_EV_SOURCE] = "evcorrd.close.source",
		[AFF_CLOSE + AFF_EV_LOG] = "evcorrd.close.log",
		[AFF_CLOSE + AFF_EV_COMPUTER] = "evcorrd.close.computer",
		[AFF_CLOSE + AFF_EV_PEER] = "evcorrd.close.peer",
		[AFF_CLOSE + AFF_EV_VIA] = "evcorrd.close.via",
		[AFF_CLOSE + AFF_EV_TIME] = "event.end",
		[AFF_CLOSE + AFF_EV_TEXT] = "evcorrd.close.text",
		[AFF_CAUSE] = "rule.description",
		[AFF_FIX] = "evcorrd.fix",
		[AFF_REFERENCE] = "rule.reference",
	},
	.first = "",
	.sep = ",",
	.key_open = "\"",
	.assign = "\":",
	.quote = "\"",
};

static void
alert_format_ecs_body(struct alert_format_out *o, const struct alert *a,
    const struct alert_format_ctx *ctx)
{
	alert_format_puts(o, "{");
	alert_format_kv_pairs(o, a, &alert_format_ecs);
}

const struct alert_format_style alert_format_ecs_style = {
	.name = "json-ecs",
	.esc = escape_json,
	.has_event_texts = true,
	.trailer_ok = "}",
	.trailer_cut = ",\"evcorrd.truncated\":true}",
	.is_trailer_sep = true,
	.body = alert_format_ecs_body,
};

/* RFC 5424: every field an SD-PARAM of one SD-ELEMENT, no MSG. */
static const struct alert_format_kv alert_format_sd = {
	.is_canonical = true,
	.first = " ",
	.sep = " ",
	.key_open = "",
	.assign = "=",
	.quote = "\"",
	.is_quoting_numbers = true,
};

/* HOSTNAME: PRINTUSASCII, at most 255 bytes, "-" when unknown. */
static void
alert_format_sd_hostname(const char *name, char *out, size_t len)
{
	size_t i;

	for (i = 0; name != NULL && name[i] != '\0' && i + 1 < len; i++)
		out[i] = name[i] > ' ' && name[i] < 0x7f ? name[i] : '_';
	if (i == 0)
		out[i++] = '-';
	out[i] = '\0';
}

size_t
alert_format_syslog_header(const struct alert *a,
    const struct alert_format_ctx *ctx, char *buf, size_t len)
{
	char t[CIVIL_RFC3339_MAX], hostname[ALERT_FORMAT_HOSTNAME_MAX + 1];
	char pid[24] = "-";
	int r;

	civil_rfc3339(a->time_ms, t, sizeof(t));
	alert_format_sd_hostname(ctx->hostname, hostname, sizeof(hostname));
	if (ctx->procid > 0)
		(void)snprintf(pid, sizeof(pid), "%ld", ctx->procid);
	r = snprintf(buf, len, "<%d>1 %s %s evcorrd %s %s ",
	    (ctx->facility & LOG_FACMASK) |
		alert_format_syslog_severity(a->severity),
	    t, hostname, pid, alert_kind_name(a->kind));
	if (r < 0 || (size_t)r >= len) {
		if (len > 0)
			buf[0] = '\0';
		return 0;
	}
	return (size_t)r;
}

static void
alert_format_rfc5424_body(struct alert_format_out *o, const struct alert *a,
    const struct alert_format_ctx *ctx)
{
	char head[ALERT_FORMAT_SYSLOG_HEADER_MAX];

	if (alert_format_syslog_header(a, ctx, head, sizeof(head)) == 0) {
		o->is_full = o->is_truncated = true;
		return;
	}
	alert_format_puts(o, head);
	alert_format_puts(o, "[" ALERT_FORMAT_SD_ID);
	alert_format_kv_pairs(o, a, &alert_format_sd);
}

const struct alert_format_style alert_format_rfc5424_style = {
	.name = "rfc5424",
	.esc = escape_sd,
	.has_event_texts = true,
	.trailer_ok = "]",
	.trailer_cut = " truncated=\"1\"]",
	.min_len = 512,
	.body = alert_format_rfc5424_body,
};

/*
 * CEF: the ArcSight dictionary's keys where one fits (rt, cat, externalId,
 * dhost, start, end, msg), labelled custom fields (cs1-cs6, cn1-cn3), and
 * vendor keys for the rest.  The title and rank are in the header.
 */
static const struct alert_format_kv alert_format_cef = {
	.keys = {
		[AFF_TIME] = "rt",
		[AFF_KIND] = "cat",
		[AFF_ID] = "externalId",
		[AFF_CLEARS] = "cs5Label=clears cs5",
		[AFF_RULE] = "cs1Label=rule cs1",
		[AFF_HOST] = "dhost",
		[AFF_SEVERITY] = "cs6Label=severity cs6",
		[AFF_SUPPRESSED] = "cn3Label=suppressed cn3",
		[AFF_OPEN + AFF_EV_ID] = "cn1Label=openEventId cn1",
		[AFF_OPEN + AFF_EV_SOURCE] = "evcorrdOpenSource",
		[AFF_OPEN + AFF_EV_LOG] = "evcorrdOpenLog",
		[AFF_OPEN + AFF_EV_COMPUTER] = "evcorrdOpenComputer",
		[AFF_OPEN + AFF_EV_PEER] = "evcorrdOpenPeer",
		[AFF_OPEN + AFF_EV_VIA] = "evcorrdOpenVia",
		[AFF_OPEN + AFF_EV_TIME] = "start",
		[AFF_OPEN + AFF_EV_TEXT] = "msg",
		[AFF_CLOSE + AFF_EV_ID] = "cn2Label=closeEventId cn2",
		[AFF_CLOSE + AFF_EV_SOURCE] = "evcorrdCloseSource",
		[AFF_CLOSE + AFF_EV_LOG] = "evcorrdCloseLog",
		[AFF_CLOSE + AFF_EV_COMPUTER] = "evcorrdCloseComputer",
		[AFF_CLOSE + AFF_EV_PEER] = "evcorrdClosePeer",
		[AFF_CLOSE + AFF_EV_VIA] = "evcorrdCloseVia",
		[AFF_CLOSE + AFF_EV_TIME] = "end",
		[AFF_CLOSE + AFF_EV_TEXT] = "evcorrdCloseText",
		[AFF_CAUSE] = "cs2Label=cause cs2",
		[AFF_FIX] = "cs3Label=fix cs3",
		[AFF_REFERENCE] = "cs4Label=reference cs4",
	},
	.first = "",
	.sep = " ",
	.key_open = "",
	.assign = "=",
	.quote = "",
	.is_epoch_ms = true,
};

static void
alert_format_cef_body(struct alert_format_out *o, const struct alert *a,
    const struct alert_format_ctx *ctx)
{
	alert_format_puts(o, "CEF:0|evcorrd|evcorrd|" PACKAGE_VERSION "|");
	alert_format_value(o, "", a->rule, AF_UNLIMITED, escape_cef_header,
	    "|");
	alert_format_value(o, "", a->title, o->caps[AF_TITLE],
	    escape_cef_header, "|");
	alert_format_number(o, "", alert_format_kv_level(a->severity));
	alert_format_puts(o, "|");
	alert_format_kv_pairs(o, a, &alert_format_cef);
}

const struct alert_format_style alert_format_cef_style = {
	.name = "cef",
	.esc = escape_cef_ext,
	.has_event_texts = true,
	.trailer_ok = "",
	.trailer_cut = " evcorrdTruncated=1",
	.min_len = 512,
	.body = alert_format_cef_body,
};

/*
 * LEEF 2.0, tab-delimited (the header's x09): the canonical keys, and
 * LEEF's own devTime, cat and sev.  Values are escaped as on a text line,
 * so none holds a tab or a line break.
 */
static const struct alert_format_kv alert_format_leef = {
	.keys = {
		[AFF_TIME] = "devTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSX\tdevTime",
		[AFF_KIND] = "cat",
		[AFF_SEVERITY_LEVEL] = "sev",
	},
	.is_canonical = true,
	.first = "",
	.sep = "\t",
	.key_open = "",
	.assign = "=",
	.quote = "",
};

static void
alert_format_leef_body(struct alert_format_out *o, const struct alert *a,
    const struct alert_format_ctx *ctx)
{
	char head[96];
	int r;

	r = snprintf(head, sizeof(head),
	    "LEEF:2.0|evcorrd|evcorrd|" PACKAGE_VERSION "|%s|x09|",
	    alert_kind_name(a->kind));
	assert(r > 0 && (size_t)r < sizeof(head));
	alert_format_puts(o, head);
	alert_format_kv_pairs(o, a, &alert_format_leef);
}

const struct alert_format_style alert_format_leef_style = {
	.name = "leef",
	.esc = escape_text,
	.has_event_texts = true,
	.trailer_ok = "",
	.trailer_cut = "\ttruncated=1",
	.min_len = 512,
	.body = alert_format_leef_body,
};
