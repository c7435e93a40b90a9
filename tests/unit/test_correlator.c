/* SPDX-License-Identifier: ISC */
/* The correlator: windows, repeats, expiry, holddowns, caps, reloads. */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "conf/conf.h"
#include "engine/alert.h"
#include "core/siphash.h"
#include "engine/correlator.h"
#include "engine/rule.h"
#include "decode/winevent.h"

#include "criterion_str.h"

#define W (5 * 60 * 1000)  /* window */
#define H (30 * 60 * 1000) /* holddown */
#define T0 1000000         /* monotonic start */
#define WALL 1700000000000 /* wall clock of T0 */
#define SINK_MAX 16

struct sink {
	struct alert *alerts[SINK_MAX]; /* owned */
	size_t count;
};

static struct sink sink;
static struct correlator_result res;

static struct alert_list out;
static const uint64_t hash_key[2] = { 0x0706050403020100ULL,
	0x0f0e0d0c0b0a0908ULL };

/* Takes over the alerts a call raised, in order. */
static void
sink_take(struct sink *s)
{
	for (size_t i = 0; i < out.n; i++) {
		if (s->count < SINK_MAX)
			s->alerts[s->count] = out.v[i];
		else
			alert_free(out.v[i]);
		out.v[i] = NULL;
		s->count++;
	}
	out.n = 0;
}

static void
sink_clear(void)
{
	for (size_t i = 0; i < SINK_MAX && i < sink.count; i++)
		alert_free(sink.alerts[i]);
	memset(&sink, 0, sizeof(sink));
	alert_list_clear(&out);
}

TestSuite(correlator, .fini = sink_clear);

/* correlator_feed(), its alerts into the sink. */
static void
feed_ev(struct correlator *c, const struct winevent *ev, const char *host,
    int64_t now, struct correlator_result *r)
{
	correlator_feed(c, ev, host, now, r, &out);
	sink_take(&sink);
}

/* A conf with nrules rules, all "2140 then 100" with W and H. */
static struct conf *
tconf(size_t nrules)
{
	struct conf *conf = calloc(1, sizeof(*conf));
	size_t i;

	cr_assert(not(eq(ptr, conf, NULL)));
	conf->max_windows = CONF_DEFAULT_MAX_WINDOWS;
	/* no share per sender: tests of the shares set their own */
	conf->max_windows_per_peer = SIZE_MAX;
	conf->strip_domain = true;
	conf->nrules = nrules;
	if (nrules > 0)
		conf->rules = calloc(nrules, sizeof(*conf->rules));
	for (i = 0; i < nrules; i++) {
		struct conf_rule *r = &conf->rules[i];

		snprintf(r->name, sizeof(r->name), "rule%zu", i);
		r->open.event_id = 2140;
		r->close.event_id = 100;
		r->window_ms = W;
		r->holddown_ms = H;
		r->severity = SEVERITY_MAJOR;
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
	feed_ev(c, &ev, host, now, &res);
}

/* Index of the alert's rule in conf, or SIZE_MAX when not one of its. */
static size_t
rule_of(const struct alert *alert, const struct conf *conf)
{
	size_t i;

	for (i = 0; i < conf->nrules; i++)
		if (strcmp(alert->rule, conf->rules[i].name) == 0)
			return i;
	return SIZE_MAX;
}

static char *
rule_name(const struct alert *alert)
{
	static char name[CONF_RULE_NAME_MAX];

	snprintf(name, sizeof(name), "%s", alert->rule);
	return name;
}

static struct correlator *
tcorr(const struct conf *conf)
{
	sink_clear();
	memset(&res, 0, sizeof(res));
	return correlator_new(conf, hash_key);
}

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
	cr_assert(eq(sz, rule_of(sink.alerts[0], conf), 0));
	cr_assert(eq(str, sink.alerts[0]->host, "exch01"));
	cr_assert(eq(u32, sink.alerts[0]->open.event_id, 2140));
	cr_assert(eq(u32, sink.alerts[0]->close.event_id, 100));
	cr_assert(eq(u64, sink.alerts[0]->suppressed, 0));
	cr_assert(eq(i64, sink.alerts[0]->time_ms, WALL + 1000));
	cr_assert(eq(i64, sink.alerts[0]->open.time_ms, WALL));
	cr_assert(eq(str, sink.alerts[0]->open.text, "event 2140"));
	cr_assert(eq(str, sink.alerts[0]->close.text, "event 100"));
	cr_assert(eq(str, sink.alerts[0]->close.source, "MSExchangeIMC"));
	cr_assert(eq(str, sink.alerts[0]->open.log, "Application"));
	cr_assert(eq(str, sink.alerts[0]->open.peer, "192.0.2.5"));
	cr_assert(eq(str, sink.alerts[0]->open.computer, "exch01"));
	cr_assert(eq(str, sink.alerts[0]->close.via, "syslog/udp"));
	cr_assert(eq(int, sink.alerts[0]->kind, ALERT_PAIR));
	cr_assert(sink.alerts[0]->has_close);
	cr_assert(eq(sz, strlen(sink.alerts[0]->id), ALERT_ID_MAX - 1));
	cr_assert(eq(str, sink.alerts[0]->clears, ""));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, every_alert_has_its_own_id)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	const char *hosts[] = { "exch01", "exch02", "exch03" };

	for (int i = 0; i < 3; i++) {
		feed(c, 2140, hosts[i], T0 + 10 * i);
		feed(c, 100, hosts[i], T0 + 10 * i + 1);
	}
	cr_assert(eq(sz, sink.count, 3));
	for (size_t i = 0; i < 3; i++)
		for (size_t j = i + 1; j < 3; j++)
			cr_assert(ne(int,
			    strcmp(sink.alerts[i]->id, sink.alerts[j]->id), 0));
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
	correlator_expire(c, T0 + W + 1, &res, &out);
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
	correlator_expire(c, T0 + W, &res, &out);
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
	feed_ev(c, &ev, "exch01", T0, &res);
	snprintf(ev.text, sizeof(ev.text), "second");
	ev.recv_ms = WALL + 5;
	feed_ev(c, &ev, "exch01", T0 + 5, &res);
	feed(c, 100, "exch01", T0 + 6);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0]->open.text, "first"));
	cr_assert(eq(i64, sink.alerts[0]->open.time_ms, WALL));
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

/*
 * A state keeps its first window's summary in its own allocation; later
 * windows of other sizes reuse that room or take their own, and every
 * alert carries its own opening event (ASan checks the frees).
 */
Test(correlator, reopened_windows_carry_their_own_opening_event)
{
	static const char *const texts[] = { "short", "",
		"a text far longer "
		"than the first one, so that its summary cannot fit in the "
		"room the state was made with",
		"mid", "short" };
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "exch01");
	size_t i;

	conf->rules[0].holddown_ms = 0;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		snprintf(ev.text, sizeof(ev.text), "%s", texts[i]);
		feed_ev(c, &ev, "exch01", T0 + 10 * (int64_t)i, &res);
		feed(c, 100, "exch01", T0 + 10 * (int64_t)i + 1);
		cr_assert(eq(sz, sink.count, i + 1));
		cr_assert(strcmp(sink.alerts[i]->open.text, texts[i]) == 0,
		    "alert %zu: \"%s\"", i, sink.alerts[i]->open.text);
	}
	/* a window left open times out with its own event too */
	snprintf(ev.text, sizeof(ev.text), "%s", texts[2]);
	feed_ev(c, &ev, "exch01", T0 + 100, &res);
	correlator_expire(c, T0 + 100 + W + 1, &res, &out);
	cr_assert(eq(u32, res.expired, 1));
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
	cr_assert(eq(str, sink.alerts[0]->host, "a"));
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
	correlator_expire(c, INT64_MAX - 1, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 100, "a", INT64_MAX - 1);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, interleaved_hosts_never_affect_each_other)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "exch01", T0);
	feed(c, 2140, "exch02", T0 + 10);
	feed(c, 100, "exch02", T0 + 20);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0]->host, "exch02"));
	feed(c, 100, "exch01", T0 + 30);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(str, sink.alerts[1]->host, "exch01"));
	cr_assert(eq(i64, sink.alerts[1]->open.time_ms, WALL));
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
	correlator_expire(c, T0 + H + 1, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 2140, "exch01", T0 + 2 * H - 10);
	feed(c, 100, "exch01", T0 + 2 * H - 9);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 2));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	/* The count was reset: the next alert after the holddown has none. */
	feed(c, 2140, "exch01", T0 + 3 * H);
	feed(c, 100, "exch01", T0 + 3 * H + 1);
	cr_assert(eq(sz, sink.count, 3));
	cr_assert(eq(u64, sink.alerts[2]->suppressed, 0));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
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
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 1));
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
	cr_assert(eq(u64, sink.alerts[4]->suppressed, 0));
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
	correlator_expire(c, T0 + 6 + H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 1));
	correlator_expire(c, T0 + 7 + H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(u32, res.expired, 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_free(c);
	tconf_free(conf);
}

/* An alert for host at t, then one pair suppressed at t + 1. */
static void
hold_one(struct correlator *c, const char *host, int64_t t)
{
	size_t alerts = sink.count;
	unsigned int suppressed = res.suppressed;

	feed(c, 2140, host, t);
	feed(c, 100, host, t);
	feed(c, 2140, host, t + 1);
	feed(c, 100, host, t + 1);
	cr_assert(eq(sz, sink.count, alerts + 1));
	cr_assert(eq(u32, res.suppressed, suppressed + 1));
}

Test(correlator, carried_count_dropped_one_ms_after_carry_end)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	hold_one(c, "a", T0);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + H));
	correlator_expire(c, T0 + H, &res, &out);
	/* Kept until holddown end + max(W, H) = T0 + 2H, inclusive. */
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 2 * H + 1));
	correlator_expire(c, T0 + 2 * H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	correlator_expire(c, T0 + 2 * H + 1, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	cr_assert(eq(u32, res.expired, 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, count_rides_on_pair_closing_at_carry_end)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	hold_one(c, "a", T0);
	correlator_expire(c, T0 + H, &res, &out);
	feed(c, 2140, "a", T0 + 2 * H - W);
	correlator_expire(c, T0 + 2 * H, &res, &out);
	feed(c, 100, "a", T0 + 2 * H);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 1));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, count_dropped_before_close_after_carry_end)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	/* No timer runs: the close itself must see the count is gone. */
	hold_one(c, "a", T0);
	feed(c, 2140, "a", T0 + 2 * H - 5);
	feed(c, 100, "a", T0 + 2 * H + 1);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 0));
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	cr_assert(eq(sz, correlator_size(c), 1)); /* the new holddown */
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 3 * H + 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, open_window_survives_its_dropped_count)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	hold_one(c, "a", T0);
	feed(c, 2140, "a", T0 + 2 * H - 5);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 2 * H + 1));
	correlator_expire(c, T0 + 2 * H + 1, &res, &out);
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	cr_assert(eq(u32, res.expired, 0));
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 2 * H - 5 + W + 1));
	feed(c, 100, "a", T0 + 2 * H + 2);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 0));
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, carry_lasts_a_window_when_window_is_longer)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].window_ms = 10000;
	conf->rules[0].holddown_ms = 1000;
	hold_one(c, "a", T0);
	correlator_expire(c, T0 + 1000, &res, &out);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 11001));
	/* A pair opened as the holddown ends, closed at its window's end. */
	feed(c, 2140, "a", T0 + 1000);
	feed(c, 100, "a", T0 + 11000);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 1));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, at_the_cap_the_oldest_state_gives_way)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 2;
	hold_one(c, "a", T0);
	feed(c, 2140, "b", T0 + 2);
	feed(c, 2140, "c", T0 + 3);
	/* no carried count to drop: a, the oldest, gives way to c */
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(u32, res.windows_evicted, 1));
	cr_assert(eq(str, res.evicted_peer, "192.0.2.5"));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	cr_assert(eq(sz, correlator_size(c), 2));
	feed(c, 100, "c", T0 + 4);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(str, sink.alerts[1]->host, "c"));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, carried_count_evicted_for_new_window_at_cap)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 2;
	hold_one(c, "a", T0);
	correlator_expire(c, T0 + H, &res, &out);
	feed(c, 2140, "b", T0 + H);
	cr_assert(eq(sz, correlator_size(c), 2));
	feed(c, 2140, "c", T0 + H + 1);
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(u32, res.opened, 4));
	cr_assert(eq(sz, correlator_size(c), 2));
	/* No carried count left: the oldest state (b's) gives way. */
	feed(c, 2140, "d", T0 + H + 2);
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(u32, res.windows_evicted, 1));
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	feed(c, 100, "c", T0 + H + 3);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(str, sink.alerts[1]->host, "c"));
	/* a's state is gone: its deadline passes without a second count. */
	correlator_expire(c, T0 + 2 * H + 1, &res, &out);
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, eviction_takes_earliest_carry_end_first)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 3;
	hold_one(c, "b", T0 + 10);
	hold_one(c, "a", T0);
	correlator_expire(c, T0 + H + 10, &res, &out);
	feed(c, 2140, "x", T0 + H + 10);
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	feed(c, 2140, "y", T0 + H + 11);
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	cr_assert(eq(sz, correlator_size(c), 3));
	/* b kept its count... */
	feed(c, 2140, "b", T0 + H + 12);
	feed(c, 100, "b", T0 + H + 13);
	cr_assert(eq(sz, sink.count, 3));
	cr_assert(eq(str, sink.alerts[2]->host, "b"));
	cr_assert(eq(u64, sink.alerts[2]->suppressed, 1));
	/* ...and a has no state left: its new one takes the oldest's place. */
	feed(c, 2140, "a", T0 + H + 14);
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(u32, res.windows_evicted, 1));
	cr_assert(eq(sz, correlator_size(c), 3));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, carried_state_reopens_at_cap_without_eviction)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 1;
	hold_one(c, "a", T0);
	correlator_expire(c, T0 + H, &res, &out);
	feed(c, 2140, "a", T0 + H + 1);
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	cr_assert(eq(u32, res.windows_full, 0));
	feed(c, 100, "a", T0 + H + 3);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 1));
	/* The state holds a holddown now: no count to drop, so it gives way. */
	feed(c, 2140, "b", T0 + H + 4);
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(u32, res.windows_evicted, 1));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, over_lowered_cap_evicts_nothing_that_cannot_make_room)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	new->max_windows = 1;
	hold_one(c, "a", T0);
	hold_one(c, "b", T0);
	feed(c, 2140, "x", T0 + H - 1);
	feed(c, 2140, "y", T0 + H - 1);
	correlator_reconf(c, new);
	tconf_free(old);
	correlator_expire(c, T0 + H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 4));
	/* 2 windows already fill the cap of 1: evicting would not help. */
	feed(c, 2140, "z", T0 + H);
	cr_assert(eq(u32, res.windows_full, 1));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	cr_assert(eq(sz, correlator_size(c), 4));
	correlator_expire(c, T0 + H + W, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 2));
	/* Only carried counts left: evicting both makes room. */
	feed(c, 2140, "z", T0 + H + W);
	cr_assert(eq(u32, res.windows_full, 1));
	cr_assert(eq(u32, res.suppressed_dropped, 2));
	cr_assert(eq(sz, correlator_size(c), 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, over_lowered_cap_evicts_earliest_until_room)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	old->max_windows = 3;
	new->max_windows = 2;
	hold_one(c, "a", T0);
	hold_one(c, "b", T0 + 2);
	hold_one(c, "f", T0 + 5);
	correlator_reconf(c, new);
	tconf_free(old);
	correlator_expire(c, T0 + H + 5, &res, &out);
	feed(c, 2140, "g", T0 + H + 5);
	cr_assert(eq(u32, res.suppressed_dropped, 2));
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(sz, correlator_size(c), 2));
	/* f, the latest, kept its count. */
	feed(c, 2140, "f", T0 + H + 6);
	feed(c, 100, "f", T0 + H + 6);
	cr_assert(eq(sz, sink.count, 4));
	cr_assert(eq(str, sink.alerts[3]->host, "f"));
	cr_assert(eq(u64, sink.alerts[3]->suppressed, 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_moves_carry_end_with_new_window)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	new->rules[0].window_ms = 2 * H;
	hold_one(c, "a", T0);
	correlator_expire(c, T0 + H, &res, &out);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 2 * H + 1));
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 3 * H + 1));
	correlator_expire(c, T0 + 3 * H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 1));
	correlator_expire(c, T0 + 3 * H + 1, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_past_carry_end_drops_at_next_tick)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	new->rules[0].window_ms = 1000;
	new->rules[0].holddown_ms = 1000;
	hold_one(c, "a", T0);
	correlator_reconf(c, new);
	tconf_free(old);
	/* The holddown ended at T0 + 1000, the count is due at T0 + 2001. */
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 1000));
	correlator_expire(c, T0 + H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, unbounded_carry_never_expires_but_can_be_evicted,
    .timeout = 10)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].window_ms = INT64_MAX;
	conf->max_windows = 1;
	hold_one(c, "a", T0);
	correlator_expire(c, T0 + H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	correlator_expire(c, INT64_MAX, &res, &out); /* must return */
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(u32, res.suppressed_dropped, 0));
	feed(c, 2140, "b", T0 + H + 1);
	cr_assert(eq(u32, res.suppressed_dropped, 1));
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(sz, correlator_size(c), 1));
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
	correlator_expire(c, T0 + 5 + W + 1, &res, &out);
	cr_assert(eq(u32, res.expired, 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + H));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, every_matching_rule_fires)
{
	struct conf *conf = tconf(2);
	struct correlator *c = tcorr(conf);

	feed(c, 2140, "a", T0);
	cr_assert(eq(u32, res.opened, 2));
	cr_assert(eq(sz, correlator_size(c), 2));
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(sz, rule_of(sink.alerts[0], conf), 0));
	cr_assert(eq(sz, rule_of(sink.alerts[1], conf), 1));
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
	cr_assert(eq(sz, rule_of(sink.alerts[2], conf), 1));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, event_closes_one_rule_and_opens_another)
{
	struct conf *conf = tconf(2);
	struct correlator *c;

	/* before the correlator: it indexes the rules by event ID */
	conf->rules[1].open.event_id = 100;
	conf->rules[1].close.event_id = 200;
	c = tcorr(conf);
	feed(c, 2140, "a", T0);
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(u32, res.opened, 2));
	feed(c, 200, "a", T0 + 2);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(sz, rule_of(sink.alerts[1], conf), 1));
	cr_assert(eq(u32, sink.alerts[1]->open.event_id, 100));
	cr_assert(eq(u32, sink.alerts[1]->close.event_id, 200));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, same_id_for_open_and_close_pairs_events)
{
	struct conf *conf = tconf(1);
	struct correlator *c;

	conf->rules[0].open.event_id = 100;
	c = tcorr(conf);
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
	feed_ev(c, &ev, "a", T0, &res);
	cr_assert(eq(u32, res.opened, 0));
	cr_assert(eq(sz, correlator_size(c), 0));
	feed(c, 2140, "a", T0 + 1);
	ev = tev(100, "a");
	snprintf(ev.source, sizeof(ev.source), "Other");
	feed_ev(c, &ev, "a", T0 + 2, &res);
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
	feed_ev(c, &ev, "a", T0, &res);
	cr_assert(eq(u32, res.opened, 0));
	feed(c, 2140, "a", T0 + 1);
	ev = tev(100, "a");
	snprintf(ev.log, sizeof(ev.log), "System");
	feed_ev(c, &ev, "a", T0 + 2, &res);
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
	feed_ev(c, &ev, "a", T0, &res);
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
	correlator_expire(c, T0 + W + 1, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(sz, sink.count, 0));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, alert_event_time_prefers_event_time)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev = tev(2140, "a");

	ev.time_ms = 1600000000000;
	ev.recv_ms = WALL;
	feed_ev(c, &ev, "a", T0, &res);
	ev = tev(100, "a");
	ev.time_ms = 0;
	ev.recv_ms = WALL + 42;
	feed_ev(c, &ev, "a", T0 + 42, &res);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(i64, sink.alerts[0]->open.time_ms, 1600000000000));
	cr_assert(eq(i64, sink.alerts[0]->close.time_ms, WALL + 42));
	cr_assert(eq(i64, sink.alerts[0]->time_ms, WALL + 42));
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
	feed_ev(c, &ev, "a", T0, &res);
	memset(ev.text, 'y', sizeof(ev.text) - 1);
	ev.text[sizeof(ev.text) - 1] = '\0';
	ev.event_id = 100;
	feed_ev(c, &ev, "a", T0 + 1, &res);
	cr_assert(eq(sz, sink.count, 1));
	/* 1 + 2k bytes fit in 511: k = 255, so 511 bytes, all whole. */
	cr_assert(eq(sz, strlen(sink.alerts[0]->open.text), ALERT_TEXT_MAX));
	cr_assert(eq(int, sink.alerts[0]->open.text[ALERT_TEXT_MAX - 1],
	    (int)(char)'\xa9'));
	cr_assert(eq(sz, strlen(sink.alerts[0]->close.text), ALERT_TEXT_MAX));
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
	feed_ev(c, &ev, "a", T0, &res);
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(
	    eq(sz, strlen(sink.alerts[0]->open.text), ALERT_TEXT_MAX - 1));
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
	feed_ev(c, &ev, "a", T0, &res);
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0]->open.source, ev.source));
	cr_assert(eq(str, sink.alerts[0]->open.computer, ev.computer));
	cr_assert(eq(str, sink.alerts[0]->open.log, ev.log));
	cr_assert(eq(str, sink.alerts[0]->open.peer, ev.peer));
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
	cr_assert(eq(str, sink.alerts[0]->host, host));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, results_count_alerts_the_list_holds)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct correlator_result r = { 0 };
	struct winevent ev = tev(2140, "a");

	feed_ev(c, &ev, "a", T0, &r);
	ev = tev(100, "a");
	feed_ev(c, &ev, "a", T0, &r);
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
	correlator_expire(c, T0 + W + 1, &res, &out);
	cr_assert(eq(u32, res.opened, 11));
	cr_assert(eq(u32, res.expired, 6));
	correlator_free(c);
	tconf_free(conf);
}

/*
 * The assertion is checked in a child of our own rather than with
 * Criterion's .signal: a worker that dies makes Criterion's runner leak
 * its own bookkeeping (48 bytes from libcriterion, now and then), which
 * fails the sanitizer build on a leak that is not ours.  Here the worker
 * never crashes, and the child's abort() runs no leak check.
 */
Test(correlator, empty_host_is_a_caller_bug)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	int status = 0;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	cr_assert(ne(int, pid, -1));
	if (pid == 0) {
		feed(c, 2140, "", T0);
		_exit(0); /* the assertion did not fire */
	}
	cr_assert(eq(int, waitpid(pid, &status, 0), pid));
	cr_assert(eq(int, WIFSIGNALED(status) ? 1 : 0, 1));
	cr_assert(eq(int, WTERMSIG(status), SIGABRT));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, max_windows_bounds_the_states)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 2;
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0);
	feed(c, 2140, "c", T0);
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(u32, res.windows_evicted, 1));
	cr_assert(eq(u32, res.opened, 3));
	cr_assert(eq(sz, correlator_size(c), 2));
	/* A repeat for a tracked host is not a new state. */
	feed(c, 2140, "b", T0 + 1);
	cr_assert(eq(u32, res.repeats, 1));
	cr_assert(eq(u32, res.windows_evicted, 1));
	/* The evicted host's close is an orphan. */
	feed(c, 100, "a", T0 + 2);
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
	cr_assert(eq(u32, res.windows_evicted, 1));
	correlator_expire(c, T0 + W + 2, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 0));
	feed(c, 2140, "b", T0 + W + 3);
	cr_assert(eq(u32, res.opened, 3));
	cr_assert(eq(u32, res.windows_evicted, 1));
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
	/* b's second rule takes the place of a's first */
	cr_assert(eq(u32, res.opened, 4));
	cr_assert(eq(u32, res.windows_evicted, 1));
	cr_assert(eq(sz, correlator_size(c), 3));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, reconf_keeps_windows_of_surviving_rules)
{
	struct conf *old = tconf(2), *new = tconf(2);
	struct correlator *c = tcorr(old);

	/* new: "rule1" moved to index 0, "rule0" gone, "rule9" added. */
	snprintf(new->rules[0].name, CONF_RULE_NAME_MAX, "rule1");
	snprintf(new->rules[1].name, CONF_RULE_NAME_MAX, "rule9");
	feed(c, 2140, "a", T0);
	cr_assert(eq(sz, correlator_size(c), 2));
	correlator_reconf(c, new);
	tconf_free(old);
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 100, "a", T0 + 1);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(sz, rule_of(sink.alerts[0], new), 0));
	cr_assert(eq(str, rule_name(sink.alerts[0]), "rule1"));
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
	cr_assert(eq(u64, sink.alerts[1]->suppressed, 2));
	correlator_free(c);
	tconf_free(new);
}

Test(correlator, reconf_drops_everything_of_removed_rules)
{
	struct conf *old = tconf(1), *new = tconf(1);
	struct correlator *c = tcorr(old);

	snprintf(new->rules[0].name, CONF_RULE_NAME_MAX, "renamed");
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
	correlator_expire(c, T0 + 5500, &res, &out);
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
	correlator_expire(c, T0 + W + 1, &res, &out);
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
	correlator_expire(c, T0 + 1, &res, &out);
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
	correlator_expire(c, T0 + 100 + W + 1, &res, &out);
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + 200 + H));
	correlator_expire(c, T0 + 200 + H, &res, &out);
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
	correlator_expire(c, correlator_next_deadline(c) - 1, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(u32, res.expired, 0));
	correlator_expire(c, correlator_next_deadline(c), &res, &out);
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
		correlator_expire(c, due, &res, &out);
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
		correlator_expire(c, due, &res, &out);
		cr_assert(eq(u32, res.expired, due_count));
		left -= due_count;
		cr_assert(eq(sz, correlator_size(c), left));
		prev = due;
	}
	cr_assert(eq(sz, left, 0));
	correlator_free(c);
	tconf_free(conf);
}

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
	/* one more: host0, the oldest, gives way */
	feed(c, 2140, "one-too-many", T0 + 1000);
	cr_assert(eq(u32, res.windows_full, 0));
	cr_assert(eq(u32, res.windows_evicted, 1));
	cr_assert(eq(sz, correlator_size(c), 100000));
	for (i = 0; i < 100000; i += 2) {
		snprintf(host, sizeof(host), "host%d", i);
		feed(c, 100, host, T0 + 2000);
	}
	cr_assert(eq(sz, sink.count, 49999));
	cr_assert(eq(u32, res.orphan_closes, 1));
	cr_assert(eq(i64, correlator_next_deadline(c), T0 + W + 1));
	correlator_expire(c, T0 + W + 500, &res, &out);
	cr_assert(eq(u32, res.expired, 25000)); /* odd hosts opened < +500 */
	correlator_expire(c, T0 + W + 1001, &res, &out);
	cr_assert(eq(u32, res.expired, 50001));       /* and one-too-many */
	cr_assert(eq(sz, correlator_size(c), 49999)); /* holddowns */
	correlator_expire(c, T0 + 2000 + H, &res, &out);
	cr_assert(eq(sz, correlator_size(c), 0));
	cr_assert(eq(i64, correlator_next_deadline(c), INT64_MAX));
	/* Still fully working after shrinking. */
	feed(c, 2140, "host7", T0 + 3 * H);
	feed(c, 100, "host7", T0 + 3 * H);
	cr_assert(eq(sz, sink.count, 50000));
	correlator_free(c);
	tconf_free(conf);
}

/*
 * A straightforward model of the documented semantics, one slot per
 * (rule, host) and no index structures, run against the correlator on a
 * pseudo-random stream: the heaps and the hash table must agree with it.
 */
#define MODEL_RULES 3
#define MODEL_HOSTS 40

struct model_state {
	bool exists, is_open, is_holding;
	int64_t opened, alert;
	uint64_t suppressed;
	uint64_t born; /* when it came to exist: the oldest gives way */
};

struct model {
	const struct conf *conf;
	size_t nhosts;
	struct model_state slot[MODEL_RULES][MODEL_HOSTS];
	struct correlator_result res; /* what the correlator must report */
	unsigned int evicted;         /* the part of suppressed_dropped */
	uint64_t births;
};

/* How a run drives the model: now advances by tick * (step_min + 0..2). */
struct model_run {
	uint64_t seed;
	size_t max_windows;
	size_t nhosts;
	int64_t tick;
	int64_t step_min;
	int64_t window[MODEL_RULES];
	int64_t holddown[MODEL_RULES];
};

static int64_t
model_min(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* The first instant the suppressed count of m is no longer kept. */
static int64_t
model_carry_due(const struct conf_rule *r, const struct model_state *m)
{
	int64_t keep =
	    r->window_ms > r->holddown_ms ? r->window_ms : r->holddown_ms;

	return m->alert + r->holddown_ms + keep + 1;
}

static void
model_catch_up(struct model *md, const struct conf_rule *r,
    struct model_state *m, int64_t now)
{
	if (m->is_open && now > m->opened + r->window_ms) {
		m->is_open = false;
		md->res.expired++;
	}
	if (m->is_holding && now >= m->alert + r->holddown_ms)
		m->is_holding = false;
	if (!m->is_holding && m->suppressed > 0 &&
	    now >= model_carry_due(r, m)) {
		m->suppressed = 0;
		md->res.suppressed_dropped++;
	}
	m->exists = m->is_open || m->is_holding || m->suppressed > 0;
}

static int64_t
model_slot_deadline(const struct conf_rule *r, const struct model_state *m)
{
	int64_t d = INT64_MAX;

	if (m->is_open)
		d = m->opened + r->window_ms + 1;
	if (m->is_holding)
		d = model_min(d, m->alert + r->holddown_ms);
	else if (m->suppressed > 0)
		d = model_min(d, model_carry_due(r, m));
	return d;
}

/* The earliest deadline the model has: what the heaps must report. */
static int64_t
model_deadline(const struct model *md)
{
	int64_t d = INT64_MAX;
	size_t r, h;

	for (r = 0; r < MODEL_RULES; r++)
		for (h = 0; h < md->nhosts; h++)
			d = model_min(d,
			    model_slot_deadline(&md->conf->rules[r],
				&md->slot[r][h]));
	return d;
}

/* Live slots, and in *carried those holding only a suppressed count. */
static size_t
model_live(const struct model *md, size_t *carried)
{
	size_t r, h, live = 0;

	*carried = 0;
	for (r = 0; r < MODEL_RULES; r++)
		for (h = 0; h < md->nhosts; h++) {
			const struct model_state *m = &md->slot[r][h];

			live += m->exists;
			*carried += m->exists && !m->is_open && !m->is_holding;
		}
	return live;
}

/* Drops the carried count with the earliest deadline (which is unique). */
static void
model_evict(struct model *md)
{
	struct model_state *best = NULL;
	int64_t d, best_d = INT64_MAX;
	size_t r, h, ties = 0;

	for (r = 0; r < MODEL_RULES; r++)
		for (h = 0; h < md->nhosts; h++) {
			struct model_state *m = &md->slot[r][h];

			if (!m->exists || m->is_open || m->is_holding)
				continue;
			d = model_slot_deadline(&md->conf->rules[r], m);
			if (best == NULL || d < best_d) {
				best = m;
				best_d = d;
				ties = 0;
			} else if (d == best_d)
				ties++;
		}
	cr_assert(not(eq(ptr, best, NULL)));
	cr_assert(eq(sz, ties, 0), "the run must not tie on eviction");
	best->suppressed = 0;
	best->exists = false;
	md->res.suppressed_dropped++;
	md->evicted++;
}

/* One sender holds every state: its oldest gives way. */
static void
model_evict_oldest(struct model *md)
{
	struct model_state *oldest = NULL;

	for (size_t r = 0; r < MODEL_RULES; r++)
		for (size_t h = 0; h < md->nhosts; h++) {
			struct model_state *m = &md->slot[r][h];

			if (m->exists &&
			    (oldest == NULL || m->born < oldest->born))
				oldest = m;
		}
	cr_assert(ne(ptr, oldest, NULL));
	memset(oldest, 0, sizeof(*oldest));
	md->res.windows_evicted++;
}

static bool
model_make_room(struct model *md)
{
	size_t carried, live = model_live(md, &carried);

	if (live < md->conf->max_windows)
		return true;
	if (live - carried < md->conf->max_windows) {
		for (; live >= md->conf->max_windows; live--)
			model_evict(md);
		return true;
	}
	if (live > md->conf->max_windows)
		return false;
	model_evict_oldest(md);
	return true;
}

static void
model_feed(struct model *md, uint32_t id, size_t h, int64_t now)
{
	bool was_there;
	size_t r;

	for (r = 0; r < MODEL_RULES; r++) {
		const struct conf_rule *ru = &md->conf->rules[r];
		struct model_state *m = &md->slot[r][h];
		bool is_open = id == ru->open.event_id;

		if (!is_open && id != ru->close.event_id)
			continue;
		/* a state that ends now and is reopened keeps its place */
		was_there = m->exists;
		model_catch_up(md, ru, m, now);
		if (!is_open && !m->is_open) {
			md->res.orphan_closes++;
		} else if (!is_open && m->is_holding) {
			m->is_open = false;
			m->suppressed++;
			md->res.suppressed++;
		} else if (!is_open) {
			m->is_open = false;
			md->res.alerts++;
			m->suppressed = 0;
			m->alert = now;
			m->is_holding = ru->holddown_ms > 0;
		} else if (m->is_open) {
			md->res.repeats++;
		} else if (m->exists || was_there || model_make_room(md)) {
			if (!m->exists && !was_there)
				m->born = ++md->births;
			m->is_open = true;
			m->opened = now;
			md->res.opened++;
		} else {
			md->res.windows_full++;
		}
		m->exists = m->is_open || m->is_holding || m->suppressed > 0;
	}
}

static void
model_check(const struct model *md, const struct correlator *c, int step)
{
	size_t carried;

	cr_assert(eq(sz, correlator_size(c), model_live(md, &carried)),
	    "step %d", step);
	cr_assert(eq(u32, res.opened, md->res.opened), "step %d", step);
	cr_assert(eq(u32, res.repeats, md->res.repeats), "step %d", step);
	cr_assert(eq(u32, res.orphan_closes, md->res.orphan_closes), "step %d",
	    step);
	cr_assert(eq(u32, res.windows_full, md->res.windows_full), "step %d",
	    step);
	cr_assert(eq(u32, res.windows_evicted, md->res.windows_evicted),
	    "step %d", step);
	cr_assert(eq(u32, res.alerts, md->res.alerts), "step %d", step);
	cr_assert(eq(u32, res.suppressed, md->res.suppressed), "step %d", step);
	cr_assert(eq(u32, res.expired, md->res.expired), "step %d", step);
	cr_assert(eq(u32, res.suppressed_dropped, md->res.suppressed_dropped),
	    "step %d", step);
	cr_assert(eq(i64, correlator_next_deadline(c), model_deadline(md)),
	    "step %d", step);
}

static uint32_t
model_rand(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*x >> 33);
}

/* Rules: 2140 then 100 twice, and 100 then 2140, with run's timings. */
static void
model_run(const struct model_run *run, struct model *md, int steps)
{
	struct conf *conf = tconf(MODEL_RULES);
	struct correlator *c;
	uint64_t seed = run->seed;
	int64_t now = T0;
	char host[16];
	size_t r, h;
	int step;

	conf->rules[2].open.event_id = 100;
	conf->rules[2].close.event_id = 2140;
	for (r = 0; r < MODEL_RULES; r++) {
		conf->rules[r].window_ms = run->window[r];
		conf->rules[r].holddown_ms = run->holddown[r];
	}
	conf->max_windows = run->max_windows;
	c = tcorr(conf);
	memset(md, 0, sizeof(*md));
	md->conf = conf;
	md->nhosts = run->nhosts;
	for (step = 0; step < steps; step++) {
		uint32_t x = model_rand(&seed);
		uint32_t id = (x & 1) ? 2140 : 100;

		now += run->tick * (run->step_min + (x >> 1) % 3);
		h = (x >> 3) % run->nhosts;
		if ((x >> 10) % 5 == 0) {
			correlator_expire(c, now, &res, &out);
			for (r = 0; r < MODEL_RULES; r++)
				for (h = 0; h < run->nhosts; h++)
					model_catch_up(md, &conf->rules[r],
					    &md->slot[r][h], now);
		} else {
			snprintf(host, sizeof(host), "h%zu", h);
			feed(c, id, host, now);
			model_feed(md, id, h, now);
		}
		model_check(md, c, step);
	}
	md->conf = NULL;
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, agrees_with_reference_model, .timeout = 60)
{
	static const struct model_run run = { .seed = 42,
		.max_windows = CONF_DEFAULT_MAX_WINDOWS,
		.nhosts = MODEL_HOSTS,
		.tick = 1,
		.step_min = 0,
		.window = { 150, 7, 20 },
		.holddown = { 50, 0, 35 } };
	static struct model md;

	model_run(&run, &md, 200000);
	cr_assert(gt(u32, md.res.alerts, 1000));
	cr_assert(gt(u32, md.res.suppressed, 500));
	cr_assert(gt(u32, md.res.suppressed_dropped, 1000));
	cr_assert(eq(u32, md.evicted, 0));
}

Test(correlator, agrees_with_reference_model_at_the_cap, .timeout = 60)
{
	/*
	 * Times stay 1 mod 3 and no two alerts of a rule share a time;
	 * carry ends are alert + 1200 (rule 0) and alert + 400 (rule 2),
	 * so no two deadlines of carried counts tie and the model knows
	 * which one the correlator evicts.
	 */
	static const struct model_run run = { .seed = 7,
		.max_windows = 24,
		.nhosts = 20,
		.tick = 3,
		.step_min = 1,
		.window = { 300, 30, 60 },
		.holddown = { 600, 0, 200 } };
	static struct model md;

	model_run(&run, &md, 100000);
	cr_assert(gt(u32, md.res.windows_evicted, 1000));
	cr_assert(eq(u32, md.res.windows_full, 0));
	cr_assert(gt(u32, md.evicted, 100));
	cr_assert(gt(u32, md.res.suppressed_dropped - md.evicted, 20));
	cr_assert(gt(u32, md.res.suppressed, 1000));
}

/* tev() with the event coming from another sender. */
static void
feed_from(struct correlator *c, uint32_t id, const char *host, const char *peer,
    int64_t now)
{
	struct winevent ev = tev(id, host);

	snprintf(ev.peer, sizeof(ev.peer), "%s", peer);
	ev.recv_ms = WALL + (now - T0);
	feed_ev(c, &ev, host, now, &res);
}

Test(correlator, a_sender_at_its_share_is_refused)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 100;
	conf->max_windows_per_peer = 3;
	for (int i = 0; i < 10; i++) {
		char host[16];

		snprintf(host, sizeof(host), "fake%d", i);
		feed_from(c, 2140, host, "198.51.100.66", T0);
	}
	cr_assert(eq(u32, res.opened, 3));
	cr_assert(eq(u32, res.windows_peer_full, 7));
	cr_assert(eq(u32, res.windows_full, 7));
	/* another sender is not held back by it */
	feed_from(c, 2140, "exch01", "192.0.2.5", T0 + 1);
	feed_from(c, 100, "exch01", "192.0.2.5", T0 + 2);
	cr_assert(eq(sz, sink.count, 1));
	/* a repeat needs no new state, so it is no refusal */
	feed_from(c, 2140, "fake0", "198.51.100.66", T0 + 3);
	cr_assert(eq(u32, res.windows_peer_full, 7));
	correlator_free(c);
	tconf_free(conf);
}

Test(correlator, half_the_table_is_a_senders_share_by_default)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->max_windows = 10;
	conf->max_windows_per_peer = 0;
	for (int i = 0; i < 8; i++) {
		char host[16];

		snprintf(host, sizeof(host), "fake%d", i);
		feed_from(c, 2140, host, "198.51.100.66", T0);
	}
	cr_assert(eq(u32, res.opened, 5));
	cr_assert(eq(u32, res.windows_peer_full, 3));
	correlator_free(c);
	tconf_free(conf);
}

/* The attack run: one sender fills the table with invented hosts. */
Test(correlator, at_the_cap_the_sender_holding_most_gives_way)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	char host[16];

	conf->max_windows = 10;
	conf->max_windows_per_peer = 10;
	feed_from(c, 2140, "real1", "192.0.2.5", T0);
	for (int i = 0; i < 20; i++) {
		snprintf(host, sizeof(host), "fake%d", i);
		feed_from(c, 2140, host, "198.51.100.66", T0 + 1 + i);
	}
	/* the attacker holds 9, its oldest making way for its newest */
	cr_assert(eq(sz, correlator_size(c), 10));
	cr_assert(eq(u32, res.windows_evicted, 11));
	cr_assert(eq(str, res.evicted_peer, "198.51.100.66"));
	/* a real pair from another sender still alerts, and so does real1 */
	feed_from(c, 2140, "real2", "192.0.2.6", T0 + 100);
	cr_assert(eq(str, res.evicted_peer, "198.51.100.66"));
	feed_from(c, 100, "real2", "192.0.2.6", T0 + 101);
	feed_from(c, 100, "real1", "192.0.2.5", T0 + 102);
	cr_assert(eq(sz, sink.count, 2));
	cr_assert(eq(str, sink.alerts[0]->host, "real2"));
	cr_assert(eq(str, sink.alerts[1]->host, "real1"));
	correlator_free(c);
	tconf_free(conf);
}

/* After a reload lowers the share, a new sender stops at it. */
Test(correlator, a_lowered_share_holds_after_evictions)
{
	struct conf *conf = tconf(1), *next = tconf(1);
	struct correlator *c = tcorr(conf);
	char host[16];

	conf->max_windows = next->max_windows = 10;
	conf->max_windows_per_peer = 10;
	next->max_windows_per_peer = 0; /* half: 5 */
	feed_from(c, 2140, "real1", "192.0.2.5", T0);
	for (int i = 0; i < 20; i++) {
		snprintf(host, sizeof(host), "fake%d", i);
		feed_from(c, 2140, host, "198.51.100.66", T0 + 1 + i);
	}
	correlator_reconf(c, next);
	memset(&res, 0, sizeof(res));
	for (int i = 0; i < 10; i++) {
		snprintf(host, sizeof(host), "other%d", i);
		feed_from(c, 2140, host, "198.51.100.77", T0 + 50 + i);
	}
	cr_assert(eq(u32, res.opened, 5));
	cr_assert(eq(u32, res.windows_peer_full, 5));
	cr_assert(eq(u32, res.windows_evicted, 5));
	cr_assert(eq(sz, correlator_size(c), 10));
	correlator_free(c);
	tconf_free(conf);
	tconf_free(next);
}

static int
type_put(const char *s, size_t n, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	cr_assert(lt(sz, len + n, 8192));
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
	return 0;
}

/*
 * Both events' types and paths (a TLS client's subject too) reach the
 * alert, the opening one's through a save.
 */
Test(correlator, alert_carries_both_event_types_across_a_save)
{
	static char saved[8192];
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf), *d;
	struct correlator_load_result lr;
	struct winevent ev = tev(2140, "exch01");
	char err[128];

	snprintf(ev.type, sizeof(ev.type), "Error");
	ev.via = WINEVENT_VIA_SYSLOG_TLS;
	snprintf(ev.via_text, sizeof(ev.via_text),
	    "syslog/tls O=Example,CN=exch01");
	ev.recv_ms = WALL;
	feed_ev(c, &ev, "exch01", T0, &res);
	saved[0] = '\0';
	cr_assert(eq(int, correlator_save(c, T0, WALL, type_put, saved), 0));
	cr_assert(not(eq(ptr, strstr(saved, "Error"), NULL)));
	d = correlator_new(conf, hash_key);
	cr_assert(eq(int,
		      correlator_load(d, saved, strlen(saved), T0, WALL, &lr,
			  err, sizeof(err)),
		      0),
	    "%s", err);
	cr_assert(eq(sz, lr.states, 1));
	ev = tev(100, "exch01");
	snprintf(ev.type, sizeof(ev.type), "Warning");
	ev.recv_ms = WALL + 1000;
	feed_ev(d, &ev, "exch01", T0 + 1000, &res);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0]->open.type, "Error"));
	cr_assert(eq(str, sink.alerts[0]->close.type, "Warning"));
	cr_assert(eq(str, sink.alerts[0]->open.via,
	    "syslog/tls O=Example,CN=exch01"));
	cr_assert(eq(str, sink.alerts[0]->close.via, "syslog/udp"));
	correlator_free(c);
	correlator_free(d);
	tconf_free(conf);
}

/*
 * A window's summary stores no empty string: every mix of empty and kept
 * fields (the source first, which has no offset of its own) reaches the
 * alert as it came, directly and through a save.
 */
Test(correlator, summary_keeps_every_mix_of_empty_fields)
{
	static char saved[8192];
	struct conf *conf = tconf(1);
	struct correlator_load_result lr;
	char err[128];

	for (unsigned int mask = 0; mask < 128; mask++) {
		for (int through_save = 0; through_save < 2; through_save++) {
			struct correlator *c = tcorr(conf), *d = c;
			struct winevent ev = tev(2140, "exch01");
			char *f[7] = { ev.source, ev.log, ev.computer, ev.peer,
				ev.text, ev.type, ev.via_text };
			const struct alert_event *o;

			snprintf(ev.type, sizeof(ev.type), "Error");
			snprintf(ev.via_text, sizeof(ev.via_text), "via x");
			for (int i = 0; i < 7; i++)
				if (mask & (1u << i))
					f[i][0] = '\0';
			ev.recv_ms = WALL;
			sink_clear();
			feed_ev(c, &ev, "exch01", T0, &res);
			if (through_save) {
				saved[0] = '\0';
				cr_assert(eq(int,
				    correlator_save(c, T0, WALL, type_put,
					saved),
				    0));
				d = correlator_new(conf, hash_key);
				cr_assert(eq(int,
					      correlator_load(d, saved,
						  strlen(saved), T0, WALL, &lr,
						  err, sizeof(err)),
					      0),
				    "%s", err);
			}
			feed(d, 100, "exch01", T0 + 1000);
			cr_assert(eq(sz, sink.count, 1), "mask %u", mask);
			o = &sink.alerts[0]->open;
			cr_assert(eq(str, o->source, ev.source));
			cr_assert(eq(str, o->log, ev.log));
			cr_assert(eq(str, o->computer, ev.computer));
			cr_assert(eq(str, o->peer, ev.peer));
			cr_assert(eq(str, o->text, ev.text));
			cr_assert(eq(str, o->type, ev.type));
			cr_assert(eq(str, o->via,
			    ev.via_text[0] != '\0' ? ev.via_text
						   : "syslog/udp"));
			if (d != c)
				correlator_free(d);
			correlator_free(c);
		}
	}
	tconf_free(conf);
}

/*
 * A kept event's computer is stored as a flag when it is the host key (as
 * is or in upper case) and inline otherwise; its peer as a flag when it
 * is the state's sender, else interned like the other strings: whichever
 * way, an opening event of a state made by another sender's event, and a
 * closing event held for lateness, reach the alert as they came, directly
 * and through a save.  correlator_free() checks that every interned
 * string was released.
 */
Test(correlator, kept_computer_and_peer_reach_the_alert_whichever_way_kept)
{
	static char saved[8192];
	static const char *const computers[] = { "exch01", "EXCH01", "Exch01",
		"exch01.corp.example", "EXCH0", "EXCH011", "" };
	static const char *const peers[] = { "192.0.2.5", "198.51.100.7", "" };
	struct conf *conf = tconf(1);
	struct correlator_load_result lr;
	char err[128];

	conf->rules[0].holddown_ms = 0;
	conf->rules[0].has_clear = true; /* the state outlives its alert */
	conf->rules[0].clear.event_id = 1000;
	conf->rules[0].lateness_ms = 10000;
	for (size_t ci = 0; ci < sizeof(computers) / sizeof(*computers); ci++)
		for (size_t pi = 0; pi < sizeof(peers) / sizeof(*peers); pi++)
			for (int through_save = 0; through_save < 2;
			     through_save++) {
				struct correlator *c = tcorr(conf), *d = c;
				struct winevent ev = tev(2140, "exch01");
				const struct alert *a;

				/* the state is made by 192.0.2.5's pair */
				ev.recv_ms = WALL;
				feed_ev(c, &ev, "exch01", T0, &res);
				ev = tev(100, "exch01");
				ev.recv_ms = WALL + 10;
				feed_ev(c, &ev, "exch01", T0 + 10, &res);
				cr_assert(eq(sz, sink.count, 1));
				/* a window of another computer and peer */
				ev = tev(2140, computers[ci]);
				snprintf(ev.peer, sizeof(ev.peer), "%s",
				    peers[pi]);
				ev.recv_ms = WALL + 20;
				feed_ev(c, &ev, "exch01", T0 + 20, &res);
				/* ...and a close held for lateness */
				ev = tev(100, computers[ci]);
				snprintf(ev.peer, sizeof(ev.peer), "%s",
				    peers[pi]);
				snprintf(ev.text, sizeof(ev.text), "held %zu",
				    ci);
				ev.time_ms = WALL + 30;
				ev.recv_ms = WALL + 30;
				feed_ev(c, &ev, "exch01", T0 + 30, &res);
				cr_assert(eq(sz, sink.count, 1));
				if (through_save) {
					saved[0] = '\0';
					cr_assert(eq(int,
					    correlator_save(c, T0 + 30,
						WALL + 30, type_put, saved),
					    0));
					d = correlator_new(conf, hash_key);
					cr_assert(eq(int,
						      correlator_load(d, saved,
							  strlen(saved),
							  T0 + 30, WALL + 30,
							  &lr, err,
							  sizeof(err)),
						      0),
					    "%s", err);
					cr_assert(eq(sz, lr.held, 1));
					correlator_free(c);
				}
				correlator_expire(d, T0 + 30 + 10000, &res,
				    &out);
				sink_take(&sink);
				cr_assert(eq(sz, sink.count, 2), "%zu %zu", ci,
				    pi);
				a = sink.alerts[1];
				cr_assert(
				    eq(str, a->open.computer, computers[ci]));
				cr_assert(eq(str, a->open.peer, peers[pi]));
				cr_assert(eq(str, a->open.text, "event 2140"));
				cr_assert(
				    eq(str, a->open.source, "MSExchangeIMC"));
				cr_assert(
				    eq(str, a->close.computer, computers[ci]));
				cr_assert(eq(str, a->close.peer, peers[pi]));
				cr_assert(eq(str, a->close.log, "Application"));
				snprintf(err, sizeof(err), "held %zu", ci);
				cr_assert(eq(str, a->close.text, err));
				correlator_free(d);
			}
	tconf_free(conf);
}

/*
 * A kept event's time is its context's (the window's opening time, the
 * held event's host time) and is not stored; a state file whose event
 * says another time (never so in our saves, but a file is input) keeps
 * it: the alert and the next save show the file's times.
 */
Test(correlator, kept_event_time_other_than_its_context_survives_a_load)
{
	static char text[4096], saved[8192];
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct correlator_load_result lr;
	char err[128], line[256];
	int n;

	n = snprintf(text, sizeof(text),
	    "evcorrd-state 1 %lld\n"
	    "R rule0 exch01 0 %lld -20 %lld 0 0 %lld -10 0 %%- 192.0.2.5\n"
	    "O 2140 0 %lld MSExchangeIMC Application EXCH01 192.0.2.5 open\n"
	    "H %lld -10 %lld 2 100 0 %lld MSExchangeIMC Application exch01 "
	    "198.51.100.7 close\n",
	    (long long)WALL, (long long)(WALL - 5000), (long long)(WALL - 20),
	    (long long)(WALL - 3000), (long long)(WALL - 4000),
	    (long long)(WALL - 3000), (long long)(WALL - 10),
	    (long long)(WALL - 2000));
	cr_assert(gt(int,
	    correlator_state_seal(text, (size_t)n, text + n,
		sizeof(text) - (size_t)n),
	    0));
	cr_assert(eq(int,
		      correlator_load(c, text, strlen(text), T0, WALL, &lr, err,
			  sizeof(err)),
		      0),
	    "%s", err);
	cr_assert(eq(sz, lr.states, 1));
	cr_assert(eq(sz, lr.held, 1));
	cr_assert(eq(sz, lr.bad, 0));
	saved[0] = '\0';
	cr_assert(eq(int, correlator_save(c, T0, WALL, type_put, saved), 0));
	snprintf(line, sizeof(line), "\nO 2140 0 %lld ",
	    (long long)(WALL - 4000));
	cr_assert(not(eq(ptr, strstr(saved, line), NULL)), "%s", saved);
	snprintf(line, sizeof(line), " 2 100 0 %lld ",
	    (long long)(WALL - 2000));
	cr_assert(not(eq(ptr, strstr(saved, line), NULL)), "%s", saved);
	correlator_expire(c, T0, &res, &out);
	sink_take(&sink);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(i64, sink.alerts[0]->open.time_ms, WALL - 4000));
	cr_assert(eq(str, sink.alerts[0]->open.computer, "EXCH01"));
	cr_assert(eq(str, sink.alerts[0]->open.text, "open"));
	cr_assert(eq(i64, sink.alerts[0]->close.time_ms, WALL - 2000));
	cr_assert(eq(str, sink.alerts[0]->close.peer, "198.51.100.7"));
	cr_assert(eq(str, sink.alerts[0]->close.text, "close"));
	correlator_free(c);
	tconf_free(conf);
}

/*
 * A state made by a held closing event has no room for a summary in its
 * own chunk: the window it later opens keeps its summary in a chunk of
 * its own, which stays its window's while the held events grow the
 * state's extra record (and move it).
 */
Test(correlator, window_summary_of_its_own_survives_held_events_growing)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	struct winevent ev;

	conf->rules[0].lateness_ms = 10000;
	ev = tev(100, "exch01");
	ev.time_ms = ev.recv_ms = WALL;
	feed_ev(c, &ev, "exch01", T0, &res);
	cr_assert(eq(uint, res.held, 1));
	correlator_expire(c, T0 + 10001, &res, &out);
	sink_take(&sink);
	cr_assert(eq(uint, res.orphan_closes, 1));
	cr_assert(eq(sz, correlator_size(c), 1));
	ev = tev(2140, "exch01");
	snprintf(ev.text, sizeof(ev.text), "the opening event, kept apart");
	ev.recv_ms = WALL + 10002;
	feed_ev(c, &ev, "exch01", T0 + 10002, &res);
	cr_assert(eq(uint, res.opened, 1));
	for (int i = 0; i < 9; i++) {
		ev = tev(2140, "exch01");
		ev.time_ms = ev.recv_ms = WALL + 10003 + i;
		feed_ev(c, &ev, "exch01", T0 + 10003 + i, &res);
	}
	cr_assert(eq(uint, res.held, 10));
	ev = tev(100, "EXCH01");
	ev.recv_ms = WALL + 10020;
	feed_ev(c, &ev, "exch01", T0 + 10020, &res);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(uint, res.repeats, 9));
	cr_assert(eq(str, sink.alerts[0]->open.text,
	    "the opening event, kept apart"));
	cr_assert(eq(i64, sink.alerts[0]->open.time_ms, WALL + 10002));
	cr_assert(eq(str, sink.alerts[0]->close.computer, "EXCH01"));
	correlator_free(c);
	tconf_free(conf);
}

/* A prefetch is a hint: the host's hash, and nothing the correlator does
   changes, whether the state is there or not. */
Test(correlator, prefetch_is_only_a_hint)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);
	uint64_t h;

	cr_assert(eq(u64, correlator_prefetch(c, 4242, "exch01", 0, 0), 0));
	h = correlator_prefetch(c, 2140, "exch01", 0, 0);
	cr_assert(eq(u64, h, siphash24(hash_key, "exch01", 6)));
	cr_assert(eq(u64, correlator_prefetch(c, 2140, "exch01", h, 1), h));
	feed(c, 2140, "exch01", T0);
	cr_assert(eq(u64, correlator_prefetch(c, 100, "exch01", 0, 0), h));
	cr_assert(eq(u64, correlator_prefetch(c, 100, "exch01", h, 1), h));
	cr_assert(eq(sz, correlator_size(c), 1));
	feed(c, 100, "exch01", T0 + 1000);
	cr_assert(eq(sz, sink.count, 1));
	correlator_free(c);
	tconf_free(conf);
}

#define DAY (24LL * 60 * 60 * 1000)

/* Of the views visited, the arrival of the window open for host arg. */
struct opened_of {
	const char *host;
	int64_t opened_ms;
};

static bool
opened_visit(const struct correlator_view *v, void *arg)
{
	struct opened_of *o = arg;

	if (strcmp(v->host, o->host) == 0 && v->is_open)
		o->opened_ms = v->opened_ms;
	return true;
}

static int64_t
opened_ms_of(const struct correlator *c, const char *host)
{
	struct opened_of o = { host, -1 };

	correlator_foreach(c, opened_visit, &o);
	return o.opened_ms;
}

/*
 * States keep arrivals in 32 bits after a base that moves with the clock
 * (first some 12 days after the first event): a move keeps every open
 * window's arrival to the millisecond, and its close at the window's
 * last millisecond still pairs.
 */
Test(correlator, arrivals_are_exact_across_a_new_time_base)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].window_ms = CONF_DURATION_MAX_MS;
	conf->rules[0].holddown_ms = 0;
	feed(c, 2140, "a", T0);
	feed(c, 2140, "b", T0 + 12 * DAY + 7);
	cr_assert(eq(i64, opened_ms_of(c, "b"), T0 + 12 * DAY + 7));
	for (int64_t day = 13; day <= 90; day += 11) {
		char host[16];

		snprintf(host, sizeof(host), "c%" PRId64, day);
		feed(c, 2140, host, T0 + day * DAY + 3);
		cr_assert(eq(i64, opened_ms_of(c, host), T0 + day * DAY + 3));
		if (day == 13)
			cr_assert(
			    eq(i64, opened_ms_of(c, "b"), T0 + 12 * DAY + 7));
	}
	feed(c, 100, "c90", T0 + 90 * DAY + 3 + CONF_DURATION_MAX_MS);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0]->host, "c90"));
	correlator_free(c);
	tconf_free(conf);
}

/*
 * An arrival older than the base can hold is kept as the base: a window
 * that ran out long ago (no expiry ran meanwhile) still ends at the next
 * expiry, and its close no longer pairs.
 */
Test(correlator, a_window_long_over_still_ends_after_a_new_base)
{
	struct conf *conf = tconf(1);
	struct correlator *c = tcorr(conf);

	conf->rules[0].window_ms = CONF_DURATION_MAX_MS;
	conf->rules[0].holddown_ms = 0;
	feed(c, 2140, "old", T0);
	feed(c, 2140, "other", T0 + 60 * DAY);
	cr_assert(eq(u32, res.expired, 0)); /* no expiry has run */
	correlator_expire(c, T0 + 60 * DAY, &res, &out);
	cr_assert(eq(u32, res.expired, 1));
	cr_assert(eq(sz, correlator_size(c), 1));
	cr_assert(eq(i64, opened_ms_of(c, "other"), T0 + 60 * DAY));
	feed(c, 100, "old", T0 + 60 * DAY + 1);
	cr_assert(eq(u32, res.orphan_closes, 1));
	feed(c, 100, "other", T0 + 60 * DAY + CONF_DURATION_MAX_MS);
	cr_assert(eq(sz, sink.count, 1));
	cr_assert(eq(str, sink.alerts[0]->host, "other"));
	correlator_free(c);
	tconf_free(conf);
}
