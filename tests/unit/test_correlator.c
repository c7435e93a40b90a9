/* SPDX-License-Identifier: ISC */
/* The correlator: windows, repeats, expiry, holddowns, caps, reloads. */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "conf.h"
#include "correlator.h"
#include "rule.h"
#include "winevent.h"

#define W (5 * 60 * 1000)  /* window */
#define H (30 * 60 * 1000) /* holddown */
#define T0 1000000         /* monotonic start */
#define WALL 1700000000000 /* wall clock of T0 */
#define SINK_MAX 16

struct sink {
	struct alert alerts[SINK_MAX];
	size_t count;
};

static struct sink sink;
static struct correlator_result res;

static void
sink_alert(const struct alert *alert, void *arg)
{
	struct sink *s = arg;

	if (s->count < SINK_MAX)
		s->alerts[s->count] = *alert;
	s->count++;
}

/* A conf with nrules rules, all "2140 then 100" with W and H. */
static struct conf *
tconf(size_t nrules)
{
	struct conf *conf = calloc(1, sizeof(*conf));
	size_t i;

	cr_assert(not(eq(ptr, conf, NULL)));
	conf->max_windows = CONF_DEFAULT_MAX_WINDOWS;
	conf->strip_domain = true;
	conf->nrules = nrules;
	if (nrules > 0)
		conf->rules = calloc(nrules, sizeof(*conf->rules));
	for (i = 0; i < nrules; i++) {
		struct rule *r = &conf->rules[i];

		snprintf(r->name, sizeof(r->name), "rule%zu", i);
		r->open.event_id = 2140;
		r->close.event_id = 100;
		r->window_ms = W;
		r->holddown_ms = H;
		r->severity = RULE_SEVERITY_MAJOR;
	}
	return conf;
}

static void
tconf_free(struct conf *conf)
{
	size_t i;

	for (i = 0; i < conf->nrules; i++) {
		free(conf->rules[i].open.source);
		free(conf->rules[i].open.log);
		free(conf->rules[i].close.source);
		free(conf->rules[i].close.log);
	}
	free(conf->rules);
	free(conf);
}

static struct winevent
tev(uint32_t id, const char *computer)
{
	struct winevent ev;

	memset(&ev, 0, sizeof(ev));
	ev.event_id = id;
	ev.has_event_id = true;
	snprintf(ev.computer, sizeof(ev.computer), "%s", computer);
	snprintf(ev.source, sizeof(ev.source), "MSExchangeIMC");
	snprintf(ev.log, sizeof(ev.log), "Application");
	snprintf(ev.peer, sizeof(ev.peer), "192.0.2.5");
	snprintf(ev.text, sizeof(ev.text), "event %u", id);
	ev.via = WINEVENT_VIA_SYSLOG_UDP;
	return ev;
}

/* Feeds event id for host at monotonic now (wall clock follows it). */
static void
feed(struct correlator *c, uint32_t id, const char *host, int64_t now)
{
	struct winevent ev = tev(id, host);

	/* Far-future monotonic times (overflow tests) keep a fixed wall clock.
	 */
	ev.recv_ms = now < INT64_MAX / 2 ? WALL + (now - T0) : WALL;
	correlator_feed(c, &ev, host, now, &res);
}

/* Index of the alert's rule in conf, or SIZE_MAX when not one of its. */
static size_t
rule_of(const struct alert *alert, const struct conf *conf)
{
	size_t i;

	for (i = 0; i < conf->nrules; i++)
		if (alert->rule == &conf->rules[i])
			return i;
	return SIZE_MAX;
}

static char *
rule_name(const struct alert *alert)
{
	static char name[RULE_NAME_MAX];

	snprintf(name, sizeof(name), "%s", alert->rule->name);
	return name;
}

static struct correlator *
tcorr(const struct conf *conf)
{
	memset(&sink, 0, sizeof(sink));
	memset(&res, 0, sizeof(res));
	return correlator_new(conf, sink_alert, &sink);
}

/* ---- windows */

Test(correlator, open_then_close_fires_one_alert)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	cr_assert(eq(u32, res.opened, 1));
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 100, "exch01", T0 + 1000);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(u32, res.alerts, 1));
	cr_assert(eq(sz, rule_of(&sink.alerts[0], conf), 0));
	cr_assert(eq(str, sink.alerts[0].host, "exch01"));
	cr_assert(eq(u32, sink.alerts[0].open.event_id, 2140));
	cr_assert(eq(u32, sink.alerts[0].close.event_id, 100));
	cr_assert(eq(u64, sink.alerts[0].suppressed, 0));
	cr_assert(eq(i64, sink.alerts[0].time_ms, WALL + 1000));
	cr_assert(eq(i64, sink.alerts[0].open.time_ms, WALL));
	cr_assert(eq(str, sink.alerts[0].open.text, "event 2140"));
	cr_assert(eq(str, sink.alerts[0].close.text, "event 100"));
	cr_assert(eq(str, sink.alerts[0].close.source, "MSExchangeIMC"));
	cr_assert(eq(str, sink.alerts[0].open.log, "Application"));
	cr_assert(eq(str, sink.alerts[0].open.peer, "192.0.2.5"));
	cr_assert(eq(str, sink.alerts[0].open.computer, "exch01"));
	cr_assert(eq(int, (int)sink.alerts[0].close.via,
	    (int)WINEVENT_VIA_SYSLOG_UDP));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, close_alone_is_an_orphan)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 100, "exch01", T0);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.orphan_closes, 1));
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, close_before_open_does_not_fire)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 100, "exch01", T0);
	feed(c, 2140, "exch01", T0 + 10);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.orphan_closes, 1));
	cr_assert(eq(u32, res.opened, 1));
	cr_assert(eq(sz, correlator_size(c), 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, close_after_expiry_does_not_fire)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	correlator_expire(c, T0 + W + 1, &res);
	cr_assert(eq(u32, res.expired, 1));
	cr_assert(eq(sz, correlator_size(c), 0));
	feed(c, 100, "exch01", T0 + W + 2);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.orphan_closes, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, late_close_expires_window_without_timer)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	/* The timer has not run yet: the close must still see the expiry. */
	feed(c, 2140, "exch01", T0);
	feed(c, 100, "exch01", T0 + W + 1);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.expired, 1));
	cr_assert(eq(u32, res.orphan_closes, 1));
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, close_at_exact_window_end_fires)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	correlator_expire(c, T0 + W, &res);
	cr_assert(eq(u32, res.expired, 0));
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 100, "exch01", T0 + W);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, repeat_does_not_move_window)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	feed(c, 2140, "exch01", T0 + W - 2);
	cr_assert(eq(u32, res.repeats, 1));
	cr_assert(eq(u32, res.opened, 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + W + 1));
	feed(c, 100, "exch01", T0 + W - 1);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, close_after_original_window_misses_despite_repeat)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	feed(c, 2140, "exch01", T0 + W - 2);
	feed(c, 100, "exch01", T0 + W + 1);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.expired, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, alert_carries_first_opening_event)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "exch01");

	snprintf(ev.text, sizeof(ev.text), "first");
	ev.recv_ms = WALL;
	correlator_feed(c, &ev, "exch01", T0, &res);
	snprintf(ev.text, sizeof(ev.text), "second");
	ev.recv_ms = WALL + 5;
	correlator_feed(c, &ev, "exch01", T0 + 5, &res);
	feed(c, 100, "exch01", T0 + 6);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0].open.text, "first"));
	cr_assert(eq(i64, sink.alerts[0].open.time_ms, WALL));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, window_closes_after_alert)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].holddown_ms = 0;
	feed(c, 2140, "exch01", T0);
	feed(c, 100, "exch01", T0 + 1);
	feed(c, 100, "exch01", T0 + 2);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(u32, res.orphan_closes, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, zero_window_fires_only_in_same_millisecond)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].window_ms = 0;
	conf->rules[0].holddown_ms = 0;
	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0);
	feed(c, 2140, "b", T0);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 1));
	feed(c, 100, "b", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0].host, "a"));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, huge_window_never_expires)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].window_ms = INT64_MAX;
	feed(c, 2140, "a", T0);
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_expire(c, INT64_MAX - 1, &res);
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 100, "a", INT64_MAX - 1);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

/* ---- hosts */

Test(correlator, interleaved_hosts_never_affect_each_other)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	feed(c, 2140, "exch02", T0 + 10);
	feed(c, 100, "exch02", T0 + 20);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0].host, "exch02"));
	feed(c, 100, "exch01", T0 + 30);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(str, sink.alerts[1].host, "exch01"));
	cr_assert(eq(i64, sink.alerts[1].open.time_ms, WALL));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, close_from_other_host_is_an_orphan)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	feed(c, 100, "exch02", T0 + 1);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.orphan_closes, 1));
	feed(c, 100, "exch01", T0 + 2);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, host_keys_are_compared_exactly)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	/* Normalising is hostkey's job: the correlator keys on bytes. */
	feed(c, 2140, "exch01", T0);
	feed(c, 100, "EXCH01", T0 + 1);
	feed(c, 100, "exch01 ", T0 + 1);
	feed(c, 100, "exch0", T0 + 1);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.orphan_closes, 3));
	correlator_free(c);
	tconf_free(conf);
}

/* ---- holddown */

Test(correlator, holddown_suppresses_and_consumes_pair)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	feed(c, 100, "exch01", T0 + 1);
	feed(c, 2140, "exch01", T0 + 100);
	feed(c, 100, "exch01", T0 + 200);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(u32, res.suppressed, 1));
	cr_assert(eq(u32, res.opened, 2));
	/* The pair was consumed: the window is closed. */
	feed(c, 100, "exch01", T0 + 300);
	cr_assert(eq(u32, res.orphan_closes, 1));
	cr_assert(eq(u32, res.suppressed, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, suppressed_count_rides_on_next_alert)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	feed(c, 100, "exch01", T0 + 1); /* alert at T0 + 1 */
	feed(c, 2140, "exch01", T0 + 10);
	feed(c, 100, "exch01", T0 + 11);
	feed(c, 2140, "exch01", T0 + H - 10);
	feed(c, 100, "exch01", T0 + H);
	cr_assert(eq(u32, res.suppressed, 2));
	correlator_expire(c, T0 + H + 1, &res);
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 2140, "exch01", T0 + 3 * H);
	feed(c, 100, "exch01", T0 + 3 * H + 1);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1].suppressed, 2));
	/* The count was reset: the next alert after the holddown has none. */
	feed(c, 2140, "exch01", T0 + 5 * H);
	feed(c, 100, "exch01", T0 + 5 * H + 1);
	cr_assert(eq(sz, sink.count, 3));
	cr_assert(eq(u64, sink.alerts[2].suppressed, 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, holddown_boundary)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0); /* alert at T0 */
	feed(c, 2140, "a", T0 + H - 5);
	feed(c, 100, "a", T0 + H - 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(u32, res.suppressed, 1));
	feed(c, 2140, "a", T0 + H - 1);
	feed(c, 100, "a", T0 + H);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1].suppressed, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, holddown_restarts_at_each_alert_not_at_suppression)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0);
	feed(c, 2140, "a", T0 + H - 2);
	feed(c, 100, "a", T0 + H - 1); /* suppressed: does not extend */
	feed(c, 2140, "a", T0 + H + 1);
	feed(c, 100, "a", T0 + H + 2); /* alert: holddown to T0+2H+2 */
	feed(c, 2140, "a", T0 + 2 * H + 1);
	feed(c, 100, "a", T0 + 2 * H + 1);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u32, res.suppressed, 2));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, holddown_zero_never_suppresses)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	int i;

	conf->rules[0].holddown_ms = 0;
	for (i = 0; i < 5; i++) {
		feed(c, 2140, "a", T0 + i * 10);
		feed(c, 100, "a", T0 + i * 10 + 1);
		cr_assert(eq(sz, correlator_size(c), 0));
	}
	cr_assert(eq(sz, sink.count, 5));
	cr_assert(eq(u32, res.suppressed, 0));
	cr_assert(eq(u64, sink.alerts[4].suppressed, 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, holddown_state_freed_at_end)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0 + 7);
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 7 + H));
	correlator_expire(c, T0 + 6 + H, &res);
	cr_assert(eq(sz, correlator_size(c), 1));
	correlator_expire(c, T0 + 7 + H, &res);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(u32, res.expired, 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, suppressed_state_outlives_holddown_without_deadline)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 1;
	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0);
	feed(c, 2140, "a", T0 + 1);
	feed(c, 100, "a", T0 + 2);
	correlator_expire(c, T0 + 10 * H, &res);
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	/* It counts against max-windows... */
	feed(c, 2140, "b", T0 + 10 * H);
	cr_assert(eq(u32, res.windows_full, 1));
	/* ...but its own host can still open. */
	feed(c, 2140, "a", T0 + 10 * H);
	cr_assert(eq(u32, res.opened, 3));
	feed(c, 100, "a", T0 + 10 * H + 1);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1].suppressed, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, window_opens_during_holddown)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0);
	feed(c, 2140, "a", T0 + 5);
	cr_assert(eq(u32, res.opened, 2));
	/* Deadline: the window's end comes before the holddown's. */
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 5 + W + 1));
	correlator_expire(c, T0 + 5 + W + 1, &res);
	cr_assert(eq(u32, res.expired, 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + H));
	correlator_free(c);
	tconf_free(conf);
}

/* ---- rules */

Test(correlator, every_matching_rule_fires)
{
	struct conf *conf = tconf(2);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	cr_assert(eq(u32, res.opened, 2));
	cr_assert(eq(sz, correlator_size(c), 2));
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(sz, rule_of(&sink.alerts[0], conf), 0));
	cr_assert(eq(sz, rule_of(&sink.alerts[1], conf), 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, rules_hold_down_independently)
{
	struct conf *conf = tconf(2);
	struct correlator *c = tcorr(conf);

	conf->rules[1].holddown_ms = 0;
	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0 + 1);
	feed(c, 2140, "a", T0 + 2);
	feed(c, 100, "a", T0 + 3);
	cr_assert(eq(sz, sink.count, 3));
	cr_assert(eq(u32, res.suppressed, 1));
	cr_assert(eq(sz, rule_of(&sink.alerts[2], conf), 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, event_closes_one_rule_and_opens_another)
{
	struct conf *conf = tconf(2);
	struct correlator *c = tcorr(conf);

	conf->rules[1].open.event_id = 100;
	conf->rules[1].close.event_id = 200;
	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(u32, res.opened, 2));
	feed(c, 200, "a", T0 + 2);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(sz, rule_of(&sink.alerts[1], conf), 1));
	cr_assert(eq(u32, sink.alerts[1].open.event_id, 100));
	cr_assert(eq(u32, sink.alerts[1].close.event_id, 200));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, same_id_for_open_and_close_pairs_events)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].open.event_id = 100;
	conf->rules[0].holddown_ms = 0;
	feed(c, 100, "a", T0);
	cr_assert(eq(sz, sink.count, 0));
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	feed(c, 100, "a", T0 + 2);
	cr_assert(eq(sz, sink.count, 1));
	feed(c, 100, "a", T0 + 3);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u32, res.orphan_closes, 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, source_narrowed_rule_ignores_other_sources)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");

	conf->rules[0].open.source = strdup("MSExchangeIMC");
	conf->rules[0].close.source = strdup("msexchangeimc");
	snprintf(ev.source, sizeof(ev.source), "MSExchangeMTA");
	correlator_feed(c, &ev, "a", T0, &res);
	cr_assert(eq(u32, res.opened, 0));
	cr_assert(eq(sz, correlator_size(c), 0));
	feed(c, 2140, "a", T0 + 1);
	ev = tev(100, "a");
	snprintf(ev.source, sizeof(ev.source), "Other");
	correlator_feed(c, &ev, "a", T0 + 2, &res);
	cr_assert(eq(sz, sink.count, 0));
	feed(c, 100, "a", T0 + 3);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, log_narrowed_rule_ignores_other_logs)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");

	conf->rules[0].open.log = strdup("Application");
	conf->rules[0].close.log = strdup("Application");
	snprintf(ev.log, sizeof(ev.log), "System");
	correlator_feed(c, &ev, "a", T0, &res);
	cr_assert(eq(u32, res.opened, 0));
	feed(c, 2140, "a", T0 + 1);
	ev = tev(100, "a");
	snprintf(ev.log, sizeof(ev.log), "System");
	correlator_feed(c, &ev, "a", T0 + 2, &res);
	cr_assert(eq(sz, sink.count, 0));
	cr_assert(eq(u32, res.orphan_closes, 0));
	feed(c, 100, "a", T0 + 3);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, unrelated_and_idless_events_do_nothing)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");

	ev.has_event_id = false;
	correlator_feed(c, &ev, "a", T0, &res);
	feed(c, 4000, "a", T0);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(u32, res.opened + res.orphan_closes + res.repeats, 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, conf_without_rules_does_nothing)
{
	struct conf *conf = tconf(0);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0);
	correlator_expire(c, T0 + W + 1, &res);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(sz, sink.count, 0));
	correlator_free(c);
	tconf_free(conf);
}

/* ---- alert contents */

Test(correlator, alert_event_time_prefers_event_time)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");

	ev.time_ms = 1600000000000;
	ev.recv_ms = WALL;
	correlator_feed(c, &ev, "a", T0, &res);
	ev = tev(100, "a");
	ev.time_ms = 0;
	ev.recv_ms = WALL + 42;
	correlator_feed(c, &ev, "a", T0 + 42, &res);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(i64, sink.alerts[0].open.time_ms, 1600000000000));
	cr_assert(eq(i64, sink.alerts[0].close.time_ms, WALL + 42));
	cr_assert(eq(i64, sink.alerts[0].time_ms, WALL + 42));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, alert_text_truncated_on_character_boundary)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");
	size_t i;

	/* 'x' then two-byte "é" (C3 A9) to the end: the cut lands inside. */
	ev.text[0] = 'x';
	for (i = 1; i + 2 < sizeof(ev.text); i += 2) {
		ev.text[i] = '\xc3';
		ev.text[i + 1] = '\xa9';
	}
	ev.text[i] = '\0';
	correlator_feed(c, &ev, "a", T0, &res);
	memset(ev.text, 'y', sizeof(ev.text) - 1);
	ev.text[sizeof(ev.text) - 1] = '\0';
	ev.event_id = 100;
	correlator_feed(c, &ev, "a", T0 + 1, &res);
	cr_assert(eq(sz, sink.count, 1));
	/* 1 + 2k bytes fit in 511: k = 255, so 511 bytes, all whole. */
	cr_assert(eq(sz, strlen(sink.alerts[0].open.text), ALERT_TEXT_MAX - 1));
	cr_assert(eq(int, sink.alerts[0].open.text[ALERT_TEXT_MAX - 2],
	    (int)(char)'\xa9'));
	cr_assert(
	    eq(sz, strlen(sink.alerts[0].close.text), ALERT_TEXT_MAX - 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, alert_text_never_splits_a_sequence)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");
	size_t i;

	/* "é" repeated from byte 0: byte 511 would start mid-sequence. */
	for (i = 0; i + 2 < sizeof(ev.text); i += 2) {
		ev.text[i] = '\xc3';
		ev.text[i + 1] = '\xa9';
	}
	ev.text[i] = '\0';
	correlator_feed(c, &ev, "a", T0, &res);
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(sz, strlen(sink.alerts[0].open.text), ALERT_TEXT_MAX - 2));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, alert_keeps_longest_fields_whole)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");

	memset(ev.source, 'S', sizeof(ev.source) - 1);
	memset(ev.computer, 'C', sizeof(ev.computer) - 1);
	memset(ev.log, 'L', sizeof(ev.log) - 1);
	memset(ev.peer, 'P', sizeof(ev.peer) - 1);
	correlator_feed(c, &ev, "a", T0, &res);
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0].open.source, ev.source));
	cr_assert(eq(str, sink.alerts[0].open.computer, ev.computer));
	cr_assert(eq(str, sink.alerts[0].open.log, ev.log));
	cr_assert(eq(str, sink.alerts[0].open.peer, ev.peer));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, longest_host_key_is_kept_whole)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	char host[HOSTKEY_MAX];

	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	feed(c, 2140, host, T0);
	feed(c, 100, host, T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0].host, host));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, works_without_callback)
{
	struct conf *conf = tconf(1);
	struct correlator *c = correlator_new(conf, NULL, NULL);
	struct correlator_result r = { 0 };
	struct winevent ev = tev(2140, "a");

	correlator_feed(c, &ev, "a", T0, &r);
	ev = tev(100, "a");
	correlator_feed(c, &ev, "a", T0, &r);
	cr_assert(eq(u32, r.alerts, 1));
	correlator_free(c);
	correlator_free(NULL);
	tconf_free(conf);
}

Test(correlator, results_accumulate_across_calls)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	res.opened = 10;
	res.expired = 5;
	feed(c, 2140, "a", T0);
	correlator_expire(c, T0 + W + 1, &res);
	cr_assert(eq(u32, res.opened, 11));
	cr_assert(eq(u32, res.expired, 6));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, empty_host_is_a_caller_bug, .signal = SIGABRT)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "", T0);
}

/* ---- max-windows */

Test(correlator, max_windows_refuses_new_states)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 2;
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0);
	feed(c, 2140, "c", T0);
	cr_assert(eq(u32, res.windows_full, 1));
	cr_assert(eq(u32, res.opened, 2));
	cr_assert(eq(sz, correlator_size(c), 2));
	/* A repeat for a tracked host is not a new state. */
	feed(c, 2140, "a", T0 + 1);
	cr_assert(eq(u32, res.repeats, 1));
	cr_assert(eq(u32, res.windows_full, 1));
	/* The refused host's close is an orphan. */
	feed(c, 100, "c", T0 + 2);
	cr_assert(eq(u32, res.orphan_closes, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, max_windows_frees_room_after_expiry)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 1;
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0 + 1);
	cr_assert(eq(u32, res.windows_full, 1));
	correlator_expire(c, T0 + W + 1, &res);
	feed(c, 2140, "b", T0 + W + 2);
	cr_assert(eq(u32, res.opened, 2));
	cr_assert(eq(u32, res.windows_full, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, max_windows_counts_states_of_every_rule)
{
	struct conf *conf = tconf(2);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 3;
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0);
	cr_assert(eq(u32, res.opened, 3));
	cr_assert(eq(u32, res.windows_full, 1));
	correlator_free(c);
	tconf_free(conf);
}

/* ---- reload */

Test(correlator, reconf_keeps_windows_of_surviving_rules)
{
	struct conf *old = tconf(2), *new = tconf(2);
	struct correlator *c = tcorr(old);

	/* new: "rule1" moved to index 0, "rule0" gone, "rule9" added. */
	snprintf(new->rules[0].name, RULE_NAME_MAX, "rule1");
	snprintf(new->rules[1].name, RULE_NAME_MAX, "rule9");
	feed(c, 2140, "a", T0);
	cr_assert(eq(sz, correlator_size(c), 2));
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(sz, rule_of(&sink.alerts[0], new), 0));
	cr_assert(eq(str, rule_name(&sink.alerts[0]), "rule1"));
	cr_assert(eq(u32, res.orphan_closes, 1)); /* rule9 had no window */
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_keeps_holddown_and_suppressed_count)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0);
	feed(c, 2140, "a", T0 + 1);
	feed(c, 100, "a", T0 + 1);
	correlator_reconf(c, new);
	tconf_free(old);
	feed(c, 2140, "a", T0 + 2);
	feed(c, 100, "a", T0 + 2);
	cr_assert(eq(u32, res.suppressed, 2));
	feed(c, 2140, "a", T0 + H);
	feed(c, 100, "a", T0 + H);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1].suppressed, 2));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_drops_everything_of_removed_rules)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	snprintf(new->rules[0].name, RULE_NAME_MAX, "renamed");
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0);
	feed(c, 100, "b", T0);
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(u32, res.orphan_closes, 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_shorter_window_expires_at_next_call)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	new->rules[0].window_ms = 1000;
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0 + 5000);
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 1001));
	correlator_expire(c, T0 + 5500, &res);
	cr_assert(eq(u32, res.expired, 1));
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 6001));
	feed(c, 100, "b", T0 + 6000);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_longer_window_lets_late_close_fire)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	new->rules[0].window_ms = 2 * W;
	feed(c, 2140, "a", T0);
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 2 * W + 1));
	correlator_expire(c, T0 + W + 1, &res);
	cr_assert(eq(u32, res.expired, 0));
	feed(c, 100, "a", T0 + 2 * W);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_holddown_zero_ends_holddowns)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	new->rules[0].holddown_ms = 0;
	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0);
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(i64, correlator_next_deadline(c), T0));
	correlator_expire(c, T0 + 1, &res);
	cr_assert(eq(sz, correlator_size(c), 0));
	feed(c, 2140, "a", T0 + 2);
	feed(c, 100, "a", T0 + 3);
	cr_assert(eq(sz, sink.count, 2));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_lower_max_windows_keeps_existing)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	new->max_windows = 1;
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0);
	feed(c, 2140, "c", T0);
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(sz, correlator_size(c), 3));
	feed(c, 2140, "d", T0 + 1);
	cr_assert(eq(u32, res.windows_full, 1));
	feed(c, 100, "b", T0 + 2);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_to_same_conf_changes_nothing)
{
	struct conf *conf = tconf(2);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0 + 3);
	correlator_reconf(c, conf);
	cr_assert(eq(sz, correlator_size(c), 4));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + W + 1));
	feed(c, 100, "b", T0 + 4);
	cr_assert(eq(sz, sink.count, 2));
	correlator_free(c);
	tconf_free(conf);
}

/* ---- deadlines */

Test(correlator, next_deadline_tracks_earliest_state)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	feed(c, 2140, "a", T0 + 100);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 100 + W + 1));
	feed(c, 2140, "b", T0 + 50); /* clocks may be fed out of order */
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 50 + W + 1));
	feed(c, 100, "b", T0 + 200); /* alert: b now holds down until +H */
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 100 + W + 1));
	correlator_expire(c, T0 + 100 + W + 1, &res);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 200 + H));
	correlator_expire(c, T0 + 200 + H, &res);
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	cr_assert(eq(sz, correlator_size(c), 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, expire_before_deadline_does_nothing)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	correlator_expire(c, correlator_next_deadline(c) - 1, &res);
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(u32, res.expired, 0));
	correlator_expire(c, correlator_next_deadline(c), &res);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(u32, res.expired, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, deadlines_stay_ordered_after_removals)
{
	static const int64_t opened[] = { 0, 90, 10, 100, 110, 15, 20 };
	static const int64_t expect[] = { 0, 10, 15, 20, 90, 110 };
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	char host[8];
	size_t i;

	/* h3 leaves the middle of the heap when its pair fires. */
	conf->rules[0].holddown_ms = 0;
	for (i = 0; i < 7; i++) {
		snprintf(host, sizeof(host), "h%zu", i);
		feed(c, 2140, host, T0 + opened[i]);
	}
	feed(c, 100, "h3", T0 + 200);
	cr_assert(eq(sz, sink.count, 1));
	for (i = 0; i < 6; i++) {
		int64_t due = correlator_next_deadline(c);

		cr_assert(eq(i64, due, T0 + expect[i] + W + 1), "i %zu", i);
		correlator_expire(c, due, &res);
		cr_assert(eq(u32, res.expired, i + 1));
	}
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, drains_in_deadline_order_after_random_removals)
{
	enum { N = 2000 };
	static int64_t deadline[N];
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	uint64_t x = 7;
	int64_t prev = INT64_MIN, due;
	size_t i, left = 0, due_count;
	char host[16];

	conf->rules[0].holddown_ms = 0;
	for (i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(host, sizeof(host), "h%zu", i);
		feed(c, 2140, host, T0 + (int64_t)((x >> 33) % 100000));
		deadline[i] = T0 + (int64_t)((x >> 33) % 100000) + W + 1;
	}
	for (i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(host, sizeof(host), "h%zu", i);
		if ((x >> 40) % 2 == 0) {
			feed(c, 100, host, T0); /* removed from anywhere */
			deadline[i] = INT64_MAX;
		} else
			left++;
	}
	cr_assert(eq(sz, correlator_size(c), left));
	while ((due = correlator_next_deadline(c)) != INT64_MAX) {
		cr_assert(gt(i64, due, prev));
		for (due_count = 0, i = 0; i < N; i++)
			if (deadline[i] <= due && deadline[i] > prev)
				due_count++;
		cr_assert(gt(sz, due_count, 0));
		memset(&res, 0, sizeof(res));
		correlator_expire(c, due, &res);
		cr_assert(eq(u32, res.expired, due_count));
		left -= due_count;
		cr_assert(eq(sz, correlator_size(c), left));
		prev = due;
	}
	cr_assert(eq(sz, left, 0));
	correlator_free(c);
	tconf_free(conf);
}

/* ---- scale */

Test(correlator, hundred_thousand_hosts_come_and_go, .timeout = 20)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	char host[32];
	int i;

	for (i = 0; i < 100000; i++) {
		snprintf(host, sizeof(host), "host%d", i);
		feed(c, 2140, host, T0 + i / 100);
	}
	cr_assert(eq(sz, correlator_size(c), 100000));
	cr_assert(eq(u32, res.opened, 100000));
	feed(c, 2140, "one-too-many", T0 + 1000);
	cr_assert(eq(u32, res.windows_full, 1));
	for (i = 0; i < 100000; i += 2) {
		snprintf(host, sizeof(host), "host%d", i);
		feed(c, 100, host, T0 + 2000);
	}
	cr_assert(eq(sz, sink.count, 50000));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + W + 1));
	correlator_expire(c, T0 + W + 500, &res);
	cr_assert(eq(u32, res.expired, 25000)); /* odd hosts opened < +500 */
	correlator_expire(c, T0 + W + 1001, &res);
	cr_assert(eq(u32, res.expired, 50000));
	cr_assert(eq(sz, correlator_size(c), 50000)); /* holddowns */
	correlator_expire(c, T0 + 2000 + H, &res);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	/* Still fully working after shrinking. */
	feed(c, 2140, "host7", T0 + 3 * H);
	feed(c, 100, "host7", T0 + 3 * H);
	cr_assert(eq(sz, sink.count, 50001));
	correlator_free(c);
	tconf_free(conf);
}

/*
 * A straightforward model of the documented semantics, one slot per
 * (rule, host) and no index structures, run against the correlator on a
 * pseudo-random stream: the heap and the hash table must agree with it.
 */
#define MODEL_RULES 3
#define MODEL_HOSTS 40

struct model_state {
	bool exists, is_open, is_holding;
	int64_t opened, alert;
	uint64_t suppressed;
};

static struct model_state model[MODEL_RULES][MODEL_HOSTS];

static void
model_catch_up(const struct rule *r, struct model_state *m, int64_t now,
    unsigned int *expired)
{
	if (m->is_open && now > m->opened + r->window_ms) {
		m->is_open = false;
		(*expired)++;
	}
	if (m->is_holding && now >= m->alert + r->holddown_ms)
		m->is_holding = false;
	if (!m->is_open && !m->is_holding && m->suppressed == 0)
		m->exists = false;
}

/* The earliest deadline the model has: what the heap must report. */
static int64_t
model_deadline(const struct conf *conf)
{
	int64_t d = INT64_MAX;
	int r, h;

	for (r = 0; r < MODEL_RULES; r++)
		for (h = 0; h < MODEL_HOSTS; h++) {
			const struct model_state *m = &model[r][h];
			int64_t w = m->opened + conf->rules[r].window_ms + 1;
			int64_t e = m->alert + conf->rules[r].holddown_ms;

			if (m->exists && m->is_open && w < d)
				d = w;
			if (m->exists && m->is_holding && e < d)
				d = e;
		}
	return d;
}

static uint32_t
model_rand(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*x >> 33);
}

Test(correlator, agrees_with_reference_model, .timeout = 30)
{
	struct conf *conf = tconf(MODEL_RULES);
	struct correlator *c = tcorr(conf);
	unsigned int alerts = 0, expired = 0, suppressed = 0;
	uint64_t seed = 42;
	int64_t now = T0;
	char host[16];
	size_t live;
	int step, r, h;

	conf->rules[1].window_ms = 7;
	conf->rules[1].holddown_ms = 0;
	conf->rules[2].open.event_id = 100;
	conf->rules[2].close.event_id = 2140;
	conf->rules[2].window_ms = 20;
	conf->rules[2].holddown_ms = 35;
	conf->rules[0].window_ms = 150;
	conf->rules[0].holddown_ms = 50;
	memset(model, 0, sizeof(model));
	for (step = 0; step < 200000; step++) {
		uint32_t x = model_rand(&seed);
		uint32_t id = (x & 1) ? 2140 : 100;

		now += (x >> 1) % 3;
		h = (int)((x >> 3) % MODEL_HOSTS);
		snprintf(host, sizeof(host), "h%d", h);
		if ((x >> 10) % 5 == 0) {
			correlator_expire(c, now, &res);
			for (r = 0; r < MODEL_RULES; r++)
				for (h = 0; h < MODEL_HOSTS; h++)
					if (model[r][h].exists)
						model_catch_up(&conf->rules[r],
						    &model[r][h], now,
						    &expired);
		} else {
			feed(c, id, host, now);
			for (r = 0; r < MODEL_RULES; r++) {
				const struct rule *ru = &conf->rules[r];
				struct model_state *m = &model[r][h];

				if (m->exists)
					model_catch_up(ru, m, now, &expired);
				if (id == ru->close.event_id && m->is_open) {
					m->is_open = false;
					if (m->is_holding) {
						m->suppressed++;
						suppressed++;
					} else {
						alerts++;
						m->suppressed = 0;
						m->alert = now;
						m->is_holding =
						    ru->holddown_ms > 0;
					}
				} else if (id == ru->open.event_id &&
				    !m->is_open) {
					m->exists = true;
					m->is_open = true;
					m->opened = now;
				}
				model_catch_up(ru, m, now, &expired);
				/* catch_up also drops empty slots */
				if (m->is_open || m->is_holding ||
				    m->suppressed > 0)
					m->exists = true;
			}
		}
		for (live = 0, r = 0; r < MODEL_RULES; r++)
			for (h = 0; h < MODEL_HOSTS; h++)
				live += model[r][h].exists;
		cr_assert(eq(sz, correlator_size(c), live), "step %d", step);
		cr_assert(eq(u32, res.alerts, alerts), "step %d", step);
		cr_assert(eq(u32, res.suppressed, suppressed), "step %d", step);
		cr_assert(eq(u32, res.expired, expired), "step %d", step);
		cr_assert(eq(i64, correlator_next_deadline(c),
			      model_deadline(conf)),
		    "step %d", step);
	}
	cr_assert(gt(u32, alerts, 1000));
	cr_assert(gt(u32, suppressed, 500));
	correlator_free(c);
	tconf_free(conf);
}
