/* SPDX-License-Identifier: ISC */
/*
 * The junction between listeners and correlation: an event gets its host
 * key, is fed to the correlator, and alerts go on to emit.  Owns the
 * correlator and the one timer armed at its next deadline (no periodic
 * scan over hosts).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "clock.h"
#include "correlator.h"
#include "emit.h"
#include "escape.h"
#include "hostkey.h"
#include "ingest.h"
#include "log.h"
#include "stats.h"
#include "xmalloc.h"

struct ingest {
	struct event_base *base;
	const struct conf *conf;
	struct emit *emit;
	struct correlator *corr;
	struct event *timer;
	int64_t armed_ms; /* deadline the timer is set for; INT64_MAX: none */
	struct log_rate rate_nokey;
};

static void
ingest_count(const struct correlator_result *res)
{
	stats_add(STATS_CORR_OPENED, res->opened);
	stats_add(STATS_CORR_REPEATS, res->repeats);
	stats_add(STATS_CORR_ORPHAN_CLOSES, res->orphan_closes);
	stats_add(STATS_CORR_WINDOWS_FULL, res->windows_full);
	stats_add(STATS_CORR_SUPPRESSED, res->suppressed);
	stats_add(STATS_CORR_SUPPRESSED_DROPPED, res->suppressed_dropped);
	stats_add(STATS_CORR_EXPIRED, res->expired);
	stats_add(STATS_ALERTS, res->alerts);
}

static void
ingest_alert_cb(const struct alert *alert, void *arg)
{
	struct ingest *in = arg;

	char ehost[HOSTKEY_MAX * 4];

	escape_text(alert->host, strlen(alert->host), ehost, sizeof(ehost));
	log_info("alert: rule %s host %s: event %u then %u, %llu suppressed "
		 "before",
	    alert->rule->name, ehost, alert->open.event_id,
	    alert->close.event_id, (unsigned long long)alert->suppressed);
	emit_alert(in->emit, alert);
}

/* Re-arms the timer when the correlator's earliest deadline moved. */
static void
ingest_arm(struct ingest *in, int64_t now_ms)
{
	int64_t due = correlator_next_deadline(in->corr);
	struct timeval tv;
	int64_t wait_ms;

	if (due == in->armed_ms)
		return;
	in->armed_ms = due;
	if (due == INT64_MAX) {
		evtimer_del(in->timer);
		return;
	}
	wait_ms = due > now_ms ? due - now_ms : 0;
	tv.tv_sec = (time_t)(wait_ms / 1000);
	tv.tv_usec = (suseconds_t)(wait_ms % 1000) * 1000;
	evtimer_add(in->timer, &tv);
}

static void
ingest_expire_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ingest *in = arg;
	struct correlator_result res = { 0 };
	int64_t now_ms = clock_now_ms();

	in->armed_ms = INT64_MAX;
	correlator_expire(in->corr, now_ms, &res);
	ingest_count(&res);
	ingest_arm(in, now_ms);
}

struct ingest *
ingest_new(struct event_base *base, const struct conf *conf, struct emit *emit)
{
	struct ingest *in = xcalloc(1, sizeof(*in));

	in->base = base;
	in->conf = conf;
	in->emit = emit;
	in->corr = correlator_new(conf, ingest_alert_cb, in);
	if ((in->timer = evtimer_new(base, ingest_expire_cb, in)) == NULL)
		fatalx("ingest: evtimer_new failed");
	in->armed_ms = INT64_MAX;
	in->rate_nokey.what = "ingest: events without a host";
	return in;
}

void
ingest_reconf(struct ingest *in, const struct conf *conf)
{
	in->conf = conf;
	correlator_reconf(in->corr, conf);
	in->armed_ms = -1; /* force re-arming: deadlines may have moved */
	ingest_arm(in, clock_now_ms());
}

void
ingest_event(struct ingest *in, const struct winevent *ev, int64_t now_ms)
{
	struct correlator_result res = { 0 };
	char key[HOSTKEY_MAX];

	stats_inc(STATS_EVENTS);
	if (!ev->has_event_id) {
		stats_inc(STATS_EVENTS_NO_EVENT_ID);
		return;
	}
	if (hostkey_for_event(in->conf, ev, key, sizeof(key)) == -1) {
		stats_inc(STATS_EVENTS_NO_HOST);
		if (log_rate_allow(&in->rate_nokey, now_ms))
			log_warnx("ingest: event %u via %s: no host name or "
				  "address to key on: dropped",
			    ev->event_id, winevent_via_name(ev->via));
		return;
	}
	if (log_get_verbose() > 0) {
		char ekey[HOSTKEY_MAX * 4], esrc[WINEVENT_SOURCE_MAX * 4];

		escape_text(key, strlen(key), ekey, sizeof(ekey));
		escape_text(ev->source, strlen(ev->source), esrc, sizeof(esrc));
		log_debug("event: host %s source \"%s\" id %u via %s from %s",
		    ekey, esrc, ev->event_id, winevent_via_name(ev->via),
		    ev->peer);
	}
	correlator_feed(in->corr, ev, key, now_ms, &res);
	ingest_count(&res);
	ingest_arm(in, now_ms);
}

void
ingest_free(struct ingest *in)
{
	if (in == NULL)
		return;
	event_free(in->timer);
	correlator_free(in->corr);
	free(in);
}
