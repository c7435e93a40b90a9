/* SPDX-License-Identifier: ISC */
/*
 * The record writer every format shares, the formats' table, and the text
 * line (key=value, quoted where needed) and JSON object; all layouts are
 * specified in docs/alerts.md.  When a record does not fit, the free texts
 * (title, cause, fix, reference, event texts) are shortened first,
 * fairly; the result is always one valid record.
 */
#include "config.h"

#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "core/civil.h"
#include "core/escape.h"
#include "core/severity.h"
#include "core/xmalloc.h"
#include "engine/alert.h"
#include "output/alert_format.h"
#include "output/alert_format_out.h"

/* The largest integer every JSON reader holds exactly (RFC 7493). */
#define AF_JSON_INT_MAX ((UINT64_C(1) << 53) - 1)
#define AF_TIME_MAX CIVIL_RFC3339_MAX

/* The text trailer, and the longest JSON one. */
#define AF_JSON_TRAILER_OK ",\"truncated\":false}"
#define AF_JSON_TRAILER_CUT ",\"truncated\":true}"
#define AF_TEXT_TRAILER " truncated=1"

static const char *
alert_format_str(const char *s)
{
	return s != NULL ? s : "";
}

/* Exact length of s once escaped; escaping grows a byte to 6 at most. */
static size_t
alert_format_esclen(const char *s, alert_format_esc_fn *esc)
{
	size_t n = strlen(s), outlen = n * 6 + 1, r;
	char *tmp = xmalloc(outlen);

	r = esc(s, n, tmp, outlen);
	free(tmp);
	return r;
}

/* Room left for content, the reserve excluded. */
static size_t
alert_format_room(const struct alert_format_out *o)
{
	if (o->is_full || o->off + 1 + o->reserve >= o->len)
		return 0;
	return o->len - 1 - o->reserve - o->off;
}

/* Appends s[0..n) whole, or nothing (and stops the line). */
static bool
alert_format_raw(struct alert_format_out *o, const char *s, size_t n)
{
	if (o->is_full || n > alert_format_room(o)) {
		o->is_full = true;
		o->is_truncated = true;
		return false;
	}
	memcpy(o->buf + o->off, s, n);
	o->off += n;
	o->buf[o->off] = '\0';
	return true;
}

bool
alert_format_puts(struct alert_format_out *o, const char *s)
{
	return alert_format_raw(o, s, strlen(s));
}

/* Writes into the reserve: the caller reserved these bytes earlier. */
static void
alert_format_close(struct alert_format_out *o, const char *s)
{
	size_t n = strlen(s);

	assert(o->reserve >= n && o->off + n < o->len);
	o->reserve -= n;
	memcpy(o->buf + o->off, s, n);
	o->off += n;
	o->buf[o->off] = '\0';
}

/* Escapes s, cut at an escape boundary to cap bytes and to the room. */
static void
alert_format_esc(struct alert_format_out *o, alert_format_esc_fn *esc,
    const char *s, size_t cap)
{
	size_t n, full, room = alert_format_room(o), limit, r;

	if (o->is_full)
		return;
	s = alert_format_str(s);
	n = strlen(s);
	limit = cap < room ? cap : room;
	/* one pass when it ends a piece short of the limit: all of it fit */
	if ((r = esc(s, n, o->buf + o->off, limit + 1)) + ESCAPE_PIECE_MAX <=
	    limit) {
		o->off += r;
		return;
	}
	full = alert_format_esclen(s, esc);
	if (full > limit)
		o->is_truncated = true;
	else
		limit = full;
	o->off += esc(s, n, o->buf + o->off, limit + 1);
}

/*
 * Opens a value after `prefix` (a key, a comma) that closer ends: closer
 * is reserved first, so a value cut short still ends with it.
 */
static bool
alert_format_open(struct alert_format_out *o, const char *prefix,
    size_t closer_len)
{
	o->reserve += closer_len;
	if (!alert_format_puts(o, prefix)) {
		o->reserve -= closer_len;
		return false;
	}
	return true;
}

void
alert_format_value(struct alert_format_out *o, const char *prefix,
    const char *value, size_t cap, alert_format_esc_fn *esc, const char *closer)
{
	if (!alert_format_open(o, prefix, strlen(closer)))
		return;
	alert_format_esc(o, esc != NULL ? esc : o->st->esc, value, cap);
	alert_format_close(o, closer);
}

/* Writes the decimal value atomically: digits are never cut. */
void
alert_format_number(struct alert_format_out *o, const char *prefix, uint64_t v)
{
	char piece[96], digits[20];
	size_t n = strlen(prefix), d = 0;

	do
		digits[d++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	assert(n + d < sizeof(piece));
	memcpy(piece, prefix, n);
	while (d > 0)
		piece[n++] = digits[--d];
	alert_format_raw(o, piece, n);
}

/*
 * `,"key":` (no comma for the first member) and then `tail` into
 * prefix[48], without snprintf(), which was a third of an alert line.
 */
static void
alert_format_json_key(bool is_first, const char *key, const char *tail,
    char prefix[48])
{
	size_t k = strlen(key), t = strlen(tail), n = 0;

	assert(k + t + 4 < 48);
	if (!is_first)
		prefix[n++] = ',';
	prefix[n++] = '"';
	memcpy(prefix + n, key, k);
	n += k;
	prefix[n++] = '"';
	prefix[n++] = ':';
	memcpy(prefix + n, tail, t + 1);
}

/* A JSON member "key":"escaped value". */
static void
alert_format_json_str(struct alert_format_out *o, const char *key,
    const char *value, size_t cap)
{
	char prefix[48];

	alert_format_json_key(o->is_first, key, "\"", prefix);
	if (o->is_full)
		return;
	alert_format_value(o, prefix, value, cap, NULL, "\"");
	if (!o->is_full)
		o->is_first = false;
}

static void
alert_format_json_num(struct alert_format_out *o, const char *key, uint64_t v)
{
	char prefix[48];

	alert_format_json_key(o->is_first, key, "", prefix);
	if (o->is_full)
		return;
	alert_format_number(o, prefix, v);
	if (!o->is_full)
		o->is_first = false;
}

static void
alert_format_json_event(struct alert_format_out *o, const char *key,
    const struct alert_event *ev, size_t text_cap)
{
	char prefix[48], t[AF_TIME_MAX];

	/* members of the alert come before: always a comma */
	alert_format_json_key(false, key, "{", prefix);
	if (!alert_format_open(o, prefix, 1))
		return;
	o->is_first = true;
	alert_format_json_num(o, "event_id", ev->event_id);
	alert_format_json_str(o, "source", ev->source, AF_UNLIMITED);
	alert_format_json_str(o, "log", ev->log, AF_UNLIMITED);
	alert_format_json_str(o, "computer", ev->computer, AF_UNLIMITED);
	alert_format_json_str(o, "peer", ev->peer, AF_UNLIMITED);
	alert_format_json_str(o, "via", ev->via, AF_UNLIMITED);
	civil_rfc3339(ev->time_ms, t, sizeof(t));
	alert_format_json_str(o, "time", t, AF_UNLIMITED);
	alert_format_json_str(o, "text", ev->text, text_cap);
	o->is_first = false;
	alert_format_close(o, "}");
}

static const char *
alert_format_severity(const struct alert *a)
{
	return severity_name(a->severity);
}

static void
alert_format_json_body(struct alert_format_out *o, const struct alert *a)
{
	char t[AF_TIME_MAX];

	civil_rfc3339(a->time_ms, t, sizeof(t));
	alert_format_json_str(o, "time", t, AF_UNLIMITED);
	alert_format_json_str(o, "kind", alert_kind_name(a->kind),
	    AF_UNLIMITED);
	alert_format_json_str(o, "id", a->id, AF_UNLIMITED);
	if (a->kind == ALERT_CLEAR)
		alert_format_json_str(o, "clears", a->clears, AF_UNLIMITED);
	alert_format_json_str(o, "rule", a->rule, AF_UNLIMITED);
	alert_format_json_str(o, "host", a->host, AF_UNLIMITED);
	alert_format_json_str(o, "severity", alert_format_severity(a),
	    AF_UNLIMITED);
	alert_format_json_str(o, "title", a->title, o->caps[AF_TITLE]);
	alert_format_json_num(o, "suppressed",
	    a->suppressed < AF_JSON_INT_MAX ? a->suppressed : AF_JSON_INT_MAX);
	alert_format_json_event(o, "open", &a->open, o->caps[AF_OPEN_TEXT]);
	if (a->has_close)
		alert_format_json_event(o, "close", &a->close,
		    o->caps[AF_CLOSE_TEXT]);
	alert_format_json_str(o, "cause", a->cause, o->caps[AF_CAUSE]);
	alert_format_json_str(o, "fix", a->fix, o->caps[AF_FIX]);
	alert_format_json_str(o, "reference", a->reference,
	    o->caps[AF_REFERENCE]);
}

/*
 * A bare text value when it is a plain token (letters, digits, . _ : - @
 * + /), so `host=exch01` greps as it reads; anything else is quoted.
 */
static bool
alert_format_is_token(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || strchr("._:-@+/", c) != NULL))
			return false;
	}
	return true;
}

static void
alert_format_text_str(struct alert_format_out *o, const char *key,
    const char *value, size_t cap, bool may_be_bare)
{
	char prefix[48];
	int r;

	value = alert_format_str(value);
	r = snprintf(prefix, sizeof(prefix), " %s=", key);
	assert(r > 0 && (size_t)r < sizeof(prefix));
	if (may_be_bare && alert_format_is_token(value)) {
		/* A token is never cut: all of it, or the line stops here. */
		if (o->is_full ||
		    (size_t)r + strlen(value) > alert_format_room(o)) {
			o->is_full = o->is_truncated = true;
			return;
		}
		alert_format_puts(o, prefix);
		alert_format_puts(o, value);
		return;
	}
	prefix[r] = '"', prefix[r + 1] = '\0';
	alert_format_value(o, prefix, value, cap, NULL, "\"");
}

/* open="2140 MSExchangeIMC 2026-11-29T21:27:06.000Z" ("-": no source) */
static void
alert_format_text_event(struct alert_format_out *o, const char *key,
    const struct alert_event *ev)
{
	char prefix[48], t[AF_TIME_MAX + 2];
	int r;

	r = snprintf(prefix, sizeof(prefix), " %s=\"%" PRIu32 " ", key,
	    ev->event_id);
	assert(r > 0 && (size_t)r < sizeof(prefix));
	if (!alert_format_open(o, prefix, 1))
		return;
	alert_format_esc(o, o->st->esc,
	    ev->source[0] != '\0' ? ev->source : "-", AF_UNLIMITED);
	t[0] = ' ';
	civil_rfc3339(ev->time_ms, t + 1, sizeof(t) - 1);
	alert_format_puts(o, t);
	alert_format_close(o, "\"");
}

static void
alert_format_text_body(struct alert_format_out *o, const struct alert *a)
{
	char t[AF_TIME_MAX], line[AF_TIME_MAX + 32];

	civil_rfc3339(a->time_ms, t, sizeof(t));
	alert_format_raw(o, line,
	    (size_t)snprintf(line, sizeof(line), "evcorrd alert time=%s", t));
	alert_format_text_str(o, "kind", alert_kind_name(a->kind), AF_UNLIMITED,
	    true);
	alert_format_text_str(o, "id", a->id, AF_UNLIMITED, true);
	if (a->kind == ALERT_CLEAR)
		alert_format_text_str(o, "clears", a->clears, AF_UNLIMITED,
		    true);
	alert_format_text_str(o, "rule", a->rule, AF_UNLIMITED, true);
	alert_format_text_str(o, "host", a->host, AF_UNLIMITED, true);
	alert_format_text_str(o, "severity", alert_format_severity(a),
	    AF_UNLIMITED, true);
	alert_format_text_str(o, "title", a->title, o->caps[AF_TITLE], false);
	alert_format_text_event(o, "open", &a->open);
	if (a->has_close)
		alert_format_text_event(o, "close", &a->close);
	alert_format_text_str(o, "peer",
	    a->has_close ? a->close.peer : a->open.peer, AF_UNLIMITED, true);
	alert_format_number(o, " suppressed=", a->suppressed);
	alert_format_text_str(o, "cause", a->cause, o->caps[AF_CAUSE], false);
	alert_format_text_str(o, "fix", a->fix, o->caps[AF_FIX], false);
	alert_format_text_str(o, "ref", a->reference, o->caps[AF_REFERENCE],
	    false);
}

static void
alert_format_json_all(struct alert_format_out *o, const struct alert *a,
    const struct alert_format_ctx *ctx)
{
	alert_format_raw(o, "{", 1);
	alert_format_json_body(o, a);
}

static void
alert_format_text_all(struct alert_format_out *o, const struct alert *a,
    const struct alert_format_ctx *ctx)
{
	alert_format_text_body(o, a);
}

static const struct alert_format_style alert_format_text_style = {
	.name = "text",
	.esc = escape_text,
	.trailer_ok = "",
	.trailer_cut = AF_TEXT_TRAILER,
	.body = alert_format_text_all,
};

static const struct alert_format_style alert_format_json_style = {
	.name = "json",
	.esc = escape_json,
	.has_event_texts = true,
	.trailer_ok = AF_JSON_TRAILER_OK,
	.trailer_cut = AF_JSON_TRAILER_CUT,
	.is_trailer_sep = true,
	.body = alert_format_json_all,
};

/* The formats, one row each. */
static const struct alert_format_style
    *const alert_format_styles[CONF_FORMAT_COUNT] = {
	    [CONF_FORMAT_TEXT] = &alert_format_text_style,
	    [CONF_FORMAT_JSON] = &alert_format_json_style,
	    [CONF_FORMAT_JSON_ECS] = &alert_format_ecs_style,
	    [CONF_FORMAT_RFC5424] = &alert_format_rfc5424_style,
	    [CONF_FORMAT_CEF] = &alert_format_cef_style,
	    [CONF_FORMAT_LEEF] = &alert_format_leef_style,
    };

/* Writes the trailer into the space reserved for it. */
static void
alert_format_trailer(struct alert_format_out *o, size_t trailer, bool is_trial)
{
	const char *t;

	o->is_full = false;
	o->reserve -= trailer;
	if (!o->is_truncated)
		t = o->st->trailer_ok;
	else if (!is_trial)
		t = o->st->trailer_cut;
	else
		return; /* a cut trial is discarded */
	if (o->st->is_trailer_sep && o->is_first && *t == ',')
		t++;
	alert_format_puts(o, t);
}

/*
 * One attempt with the given caps.  The trailer is reserved from the
 * start, so the record is valid whatever was cut.  Returns the length, or
 * -1 when anything was shortened; *is_full says whether more than the
 * free texts was (a piece did not fit at all).
 */
static int
alert_format_pass(const struct alert_format_style *st, const struct alert *a,
    const struct alert_format_ctx *ctx, char *buf, size_t len,
    const size_t caps[AF_FREE_COUNT], bool is_trial, bool *is_full)
{
	struct alert_format_out o = { .st = st,
		.buf = buf,
		.len = len,
		.is_first = true };
	size_t ok = strlen(st->trailer_ok), cut = strlen(st->trailer_cut);
	size_t trailer = ok > cut ? ok : cut;

	memcpy(o.caps, caps, sizeof(o.caps));
	*is_full = true;
	if (len == 0)
		return -1;
	buf[0] = '\0';
	if (len < trailer + 2 || len < st->min_len)
		return -1; /* not even the shortest valid record fits */
	/*
	 * The trial pass needs room for the trailer of a whole record only
	 * (a cut trial is discarded).
	 */
	if (is_trial)
		trailer = ok;
	o.reserve = trailer;
	st->body(&o, a, ctx);
	*is_full = o.is_full;
	alert_format_trailer(&o, trailer, is_trial);
	return o.is_truncated ? -1 : (int)o.off;
}

/*
 * Shares budget bytes among the free texts (escaped lengths len[]): the
 * short ones whole, the rest an equal share each (water filling).
 */
static void
alert_format_share(const size_t len[AF_FREE_COUNT], size_t budget,
    size_t caps[AF_FREE_COUNT])
{
	bool is_done[AF_FREE_COUNT] = { false };
	size_t left = AF_FREE_COUNT, share, i;
	bool changed = true;

	while (left > 0 && changed) {
		changed = false;
		share = budget / left;
		for (i = 0; i < AF_FREE_COUNT; i++) {
			if (is_done[i] || len[i] > share)
				continue;
			caps[i] = len[i];
			budget -= len[i];
			is_done[i] = true;
			left--;
			changed = true;
		}
	}
	for (i = 0; i < AF_FREE_COUNT; i++)
		if (!is_done[i])
			caps[i] = budget / left;
}

static int
alert_format(const struct alert_format_style *st, const struct alert *a,
    const struct alert_format_ctx *ctx, char *buf, size_t len)
{
	size_t caps[AF_FREE_COUNT], lens[AF_FREE_COUNT], base;
	const char *free_texts[AF_FREE_COUNT];
	bool is_full;
	int r;

	if (len > INT_MAX)
		len = INT_MAX; /* the length is returned as an int */
	for (int i = 0; i < AF_FREE_COUNT; i++)
		caps[i] = AF_UNLIMITED;
	if ((r = alert_format_pass(st, a, ctx, buf, len, caps, true,
		 &is_full)) != -1)
		return r;
	/* Too long: measure the record without free texts, share the rest. */
	memset(caps, 0, sizeof(caps));
	alert_format_pass(st, a, ctx, buf, len, caps, false, &is_full);
	if (is_full)
		return -1;
	base = strlen(buf);
	free_texts[AF_TITLE] = a->title;
	free_texts[AF_CAUSE] = a->cause;
	free_texts[AF_FIX] = a->fix;
	free_texts[AF_REFERENCE] = a->reference;
	free_texts[AF_OPEN_TEXT] = st->has_event_texts ? a->open.text : "";
	free_texts[AF_CLOSE_TEXT] =
	    st->has_event_texts && a->has_close ? a->close.text : "";
	for (int i = 0; i < AF_FREE_COUNT; i++)
		lens[i] = alert_format_esclen(alert_format_str(free_texts[i]),
		    st->esc);
	/*
	 * Two bytes of slack: a trailer may be reserved at one length and
	 * written at another ("false}", "true}").
	 */
	alert_format_share(lens, len - base >= 2 ? len - base - 2 : 0, caps);
	alert_format_pass(st, a, ctx, buf, len, caps, false, &is_full);
	return -1;
}

int
alert_format_write(enum conf_format format, const struct alert *alert,
    const struct alert_format_ctx *ctx, char *buf, size_t len)
{
	static const struct alert_format_ctx none = { .facility = LOG_DAEMON };

	assert((unsigned int)format < CONF_FORMAT_COUNT);
	return alert_format(alert_format_styles[format], alert,
	    ctx != NULL ? ctx : &none, buf, len);
}

int
alert_format_text(const struct alert *alert, char *buf, size_t len)
{
	return alert_format_write(CONF_FORMAT_TEXT, alert, NULL, buf, len);
}

int
alert_format_json(const struct alert *alert, char *buf, size_t len)
{
	return alert_format_write(CONF_FORMAT_JSON, alert, NULL, buf, len);
}

const char *
alert_format_name(enum conf_format format)
{
	if ((unsigned int)format >= CONF_FORMAT_COUNT)
		return "?";
	return alert_format_styles[format]->name;
}

int
alert_format_syslog_severity(enum severity severity)
{
	switch (severity) {
	case SEVERITY_CRITICAL:
		return LOG_CRIT;
	case SEVERITY_MAJOR:
		return LOG_ERR;
	case SEVERITY_MINOR:
	case SEVERITY_WARNING:
		return LOG_WARNING;
	case SEVERITY_INFO:
		return LOG_INFO;
	}
	return LOG_ERR;
}
