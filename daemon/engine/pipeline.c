/* SPDX-License-Identifier: ISC */
/*
 * The pipeline: frame or PDU -> event -> host key -> correlator -> alerts
 * handed to the hooks after the correlator returns.  Counts what the
 * engine did in its own counter set.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "core/xmalloc.h"
#include "decode/syslog_parse.h"
#include "decode/trap_decode.h"
#include "decode/winevent.h"
#include "engine/alert.h"
#include "engine/correlator.h"
#include "engine/hostkey.h"
#include "engine/pipeline.h"

enum pipeline_counter {
	PC_EVENTS,
	PC_NO_EVENT_ID,
	PC_NO_HOST,
	PC_HOST_TOO_LONG,
	PC_OPENED,
	PC_REPEATS,
	PC_ORPHAN_CLOSES,
	PC_EXPIRED,
	PC_WINDOWS_FULL,
	PC_WINDOWS_PEER_FULL,
	PC_WINDOWS_EVICTED,
	PC_SUPPRESSED,
	PC_SUPPRESSED_DROPPED,
	PC_ALERTS,
	PC_COUNT,
};

static const struct counter_def pipeline_counter_defs[PC_COUNT] = {
	[PC_EVENTS] = { "events", "Windows events decoded" },
	[PC_NO_EVENT_ID] = { "events_no_event_id",
	    "events without an event ID (nothing to match)" },
	[PC_NO_HOST] = { "events_no_host",
	    "events with no host name or address to key on" },
	[PC_HOST_TOO_LONG] = { "events_host_too_long",
	    "events whose computer name is too long to keep whole: refused" },
	[PC_OPENED] = { "windows_opened", "correlation windows opened" },
	[PC_REPEATS] = { "windows_repeat_open",
	    "opening events while the window was open" },
	[PC_ORPHAN_CLOSES] = { "close_without_window",
	    "closing events with no window open" },
	[PC_EXPIRED] = { "windows_expired",
	    "windows that ended without their closing event" },
	[PC_WINDOWS_FULL] = { "windows_full_dropped",
	    "opening events refused: the sender's share or the table full" },
	[PC_WINDOWS_PEER_FULL] = { "windows_peer_full",
	    "opening events refused at max-windows-per-peer" },
	[PC_WINDOWS_EVICTED] = { "windows_evicted",
	    "windows given up at max-windows by the sender holding most" },
	[PC_SUPPRESSED] = { "alerts_suppressed", "alerts held down" },
	[PC_SUPPRESSED_DROPPED] = { "suppressed_counts_dropped",
	    "counts of held-down alerts dropped unreported" },
	[PC_ALERTS] = { "alerts", "alerts raised" },
};

struct pipeline {
	const struct conf *conf;
	struct correlator *corr;
	struct pipeline_hooks hooks;
	int64_t armed_ms; /* the deadline last told; -1: tell again */
	struct counter_set counters;
	struct alert_list out; /* raised by the call under way */
	struct winevent ev;    /* the event of the call under way */
};

struct pipeline *
pipeline_new(const struct conf *conf, const uint64_t seed[2],
    const struct pipeline_hooks *hooks)
{
	struct pipeline *p = xcalloc(1, sizeof(*p));

	p->conf = conf;
	p->corr = correlator_new(conf, seed);
	p->hooks = *hooks;
	p->armed_ms = INT64_MAX;
	counter_set_init(&p->counters, pipeline_counter_defs, PC_COUNT,
	    "engine", "correlator");
	return p;
}

void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	alert_list_clear(&p->out);
	correlator_free(p->corr);
	counter_set_clear(&p->counters);
	free(p);
}

static void
pipeline_count(struct pipeline *p, const struct correlator_result *r)
{
	struct counter_set *c = &p->counters;

	counter_add(c, PC_OPENED, r->opened);
	counter_add(c, PC_REPEATS, r->repeats);
	counter_add(c, PC_ORPHAN_CLOSES, r->orphan_closes);
	counter_add(c, PC_WINDOWS_FULL, r->windows_full);
	counter_add(c, PC_WINDOWS_PEER_FULL, r->windows_peer_full);
	counter_add(c, PC_WINDOWS_EVICTED, r->windows_evicted);
	counter_add(c, PC_SUPPRESSED, r->suppressed);
	counter_add(c, PC_SUPPRESSED_DROPPED, r->suppressed_dropped);
	counter_add(c, PC_EXPIRED, r->expired);
	counter_add(c, PC_ALERTS, r->alerts);
}

/*
 * The end of every entry point: the correlator has returned, so the
 * alerts go out (each hook call takes one over), then the deadline.
 */
static void
pipeline_settle(struct pipeline *p, const struct clock_stamp *now)
{
	int64_t due;

	for (size_t i = 0; i < p->out.n; i++) {
		struct alert *a = p->out.v[i];

		p->out.v[i] = NULL;
		if (p->hooks.deliver != NULL)
			p->hooks.deliver(a, now, p->hooks.arg);
		else
			alert_free(a);
	}
	p->out.n = 0;
	due = correlator_next_deadline(p->corr);
	if (due != p->armed_ms) {
		p->armed_ms = due;
		if (p->hooks.deadline != NULL)
			p->hooks.deadline(due, now, p->hooks.arg);
	}
}

/* A decoded event: key it, correlate it. */
static enum pipeline_outcome
pipeline_event(struct pipeline *p, const struct clock_stamp *now,
    struct pipeline_result *res)
{
	struct correlator_result cr = { 0 };

	res->ev = &p->ev;
	counter_inc(&p->counters, PC_EVENTS);
	if (!p->ev.has_event_id) {
		counter_inc(&p->counters, PC_NO_EVENT_ID);
		return res->outcome = PIPELINE_NO_EVENT_ID;
	}
	switch (
	    hostkey_for_event(p->conf, &p->ev, res->key, sizeof(res->key))) {
	case 0:
		break;
	case HOSTKEY_TOO_LONG:
		counter_inc(&p->counters, PC_HOST_TOO_LONG);
		return res->outcome = PIPELINE_HOST_TOO_LONG;
	default:
		counter_inc(&p->counters, PC_NO_HOST);
		return res->outcome = PIPELINE_NO_HOST;
	}
	correlator_feed(p->corr, &p->ev, res->key, now->mono_ms, &cr, &p->out);
	pipeline_count(p, &cr);
	res->evicted_peer = cr.evicted_peer;
	res->is_peer_full = cr.windows_peer_full > 0;
	res->is_held_down = cr.suppressed > 0;
	pipeline_settle(p, now);
	return res->outcome = PIPELINE_EVENT;
}

static void
pipeline_src(struct pipeline *p, const struct pipeline_src *src,
    const struct clock_stamp *now)
{
	size_t n = strnlen(src->peer, sizeof(p->ev.peer) - 1);

	p->ev.via = src->via;
	memcpy(p->ev.peer, src->peer, n);
	p->ev.peer[n] = '\0';
	p->ev.recv_ms = now->wall_ms;
}

/* Nothing but the NUL/CR/LF/space a sender may leave around a message. */
static bool
pipeline_is_blank(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != '\0' && buf[i] != '\r' && buf[i] != '\n' &&
		    buf[i] != ' ')
			return false;
	return true;
}

enum pipeline_outcome
pipeline_syslog(struct pipeline *p, const struct pipeline_src *src,
    const char *buf, size_t len, const struct clock_stamp *now,
    struct pipeline_result *res)
{
	struct syslog_msg msg;

	memset(res, 0, offsetof(struct pipeline_result, key));
	res->key[0] = '\0';
	res->sample = buf;
	res->sample_len = len;
	if (syslog_parse(buf, len, now->wall_ms, &msg, &res->err) == -1) {
		res->what = "malformed message";
		return res->outcome = pipeline_is_blank(buf, len)
		    ? PIPELINE_EMPTY
		    : PIPELINE_MALFORMED;
	}
	res->sample = msg.msg;
	res->sample_len = msg.msg_len;
	if (winevent_from_syslog(&msg, &p->ev, &res->err) == -1) {
		/* a known agent format with a broken payload is malformed */
		res->what = winevent_format_name(p->ev.format);
		return res->outcome = p->ev.format != WINEVENT_FORMAT_UNKNOWN
		    ? PIPELINE_MALFORMED
		    : PIPELINE_NOT_WINEVENT;
	}
	pipeline_src(p, src, now);
	return pipeline_event(p, now, res);
}

enum pipeline_outcome
pipeline_trap(struct pipeline *p, const struct pipeline_src *src,
    const struct snmp_pdu *pdu, const struct clock_stamp *now,
    struct pipeline_result *res)
{
	memset(res, 0, offsetof(struct pipeline_result, key));
	res->key[0] = '\0';
	memset(&p->ev, 0, sizeof(p->ev));
	if (trap_decode(pdu, &p->ev, &res->err) == -1) {
		res->what = "event-to-trap notification";
		return res->outcome = trap_decode_is_translator(pdu)
		    ? PIPELINE_MALFORMED
		    : PIPELINE_NOT_WINEVENT;
	}
	pipeline_src(p, src, now);
	return pipeline_event(p, now, res);
}

void
pipeline_expire(struct pipeline *p, const struct clock_stamp *now)
{
	struct correlator_result cr = { 0 };

	p->armed_ms = -1; /* the caller's timer fired: it is unarmed */
	correlator_expire(p->corr, now->mono_ms, &cr);
	pipeline_count(p, &cr);
	pipeline_settle(p, now);
}

void
pipeline_reconf(struct pipeline *p, const struct conf *conf,
    const struct clock_stamp *now)
{
	p->conf = conf;
	correlator_reconf(p->corr, conf);
	p->armed_ms = -1; /* deadlines may have moved */
	pipeline_settle(p, now);
}

int64_t
pipeline_next_deadline(const struct pipeline *p)
{
	return correlator_next_deadline(p->corr);
}

size_t
pipeline_windows(const struct pipeline *p)
{
	return correlator_size(p->corr);
}

struct counter_set *
pipeline_counters(struct pipeline *p)
{
	return &p->counters;
}

void
pipeline_foreach_window(const struct pipeline *p, correlator_visit_fn *fn,
    void *arg)
{
	correlator_foreach(p->corr, fn, arg);
}
