/* SPDX-License-Identifier: ISC */
/*
 * Correlator micro-benchmark: the cost of an event (open, close, alert)
 * across many hosts, the cost of expiring windows, and the memory one open
 * window takes.  Prints one "name value unit" line per result.
 * usage: bench_correlator [HOSTS [RULES]] (RULES - 1 rules on other event
 * IDs before Q246115, so that the cost per rule shows).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "engine/alert.h"
#include "engine/correlator.h"
#include "decode/winevent.h"

static unsigned long alerts;
static char empty[] = "";

static struct alert_list out;
static const uint64_t bench_key[2] = { 0x243f6a8885a308d3ULL,
	0x13198a2e03707344ULL };

/* Counts the alerts a feed raised and frees them, as an output would. */
static void
bench_take(void)
{
	alerts += out.n;
	for (size_t i = 0; i < out.n; i++)
		alert_free(out.v[i]);
	out.n = 0;
}

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
bench_rss_kib(void)
{
	long pages = 0, rss = 0;
	FILE *fp = fopen("/proc/self/statm", "r");

	if (fp == NULL)
		return 0;
	if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	fclose(fp);
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

int
main(int argc, char *argv[])
{
	size_t hosts = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
	/* rules besides Q246115, each on event IDs of its own */
	size_t nrules = argc > 2 ? strtoul(argv[2], NULL, 10) : 1;
	struct conf *conf = conf_new();
	struct correlator_result res;
	struct correlator *c;
	struct winevent ev;
	char key[32];
	double t0, t1;
	long rss0, rss1;
	size_t left, open_windows;

	if (nrules < 1)
		nrules = 1;
	conf->rules = calloc(nrules, sizeof(struct conf_rule));
	conf->nrules = nrules;
	for (size_t i = 0; i < nrules; i++) {
		struct conf_rule *r = &conf->rules[i];

		snprintf(r->name, sizeof(r->name), "rule%zu", i);
		r->open.event_id = (uint32_t)(10000 + 2 * i);
		r->close.event_id = (uint32_t)(10001 + 2 * i);
		r->window_ms = 300000;
		r->holddown_ms = 1800000;
		r->lateness_ms = -1;
		r->title = r->cause = r->fix = r->reference = empty;
	}
	/* the last rule is Q246115: a scan over the rules would find it last */
	snprintf(conf->rules[nrules - 1].name, sizeof(conf->rules[0].name),
	    "Q246115");
	conf->rules[nrules - 1].open.event_id = 2140;
	conf->rules[nrules - 1].close.event_id = 100;
	conf->max_windows = hosts + 1;
	/* one sender (no peer address) holds every window here */
	conf->max_windows_per_peer = hosts + 1;
	c = correlator_new(conf, bench_key);

	memset(&ev, 0, sizeof(ev));
	snprintf(ev.source, sizeof(ev.source), "MSExchangeIMC");
	ev.has_event_id = true;
	memset(&res, 0, sizeof(res));

	rss0 = bench_rss_kib();
	ev.event_id = 2140;
	t0 = bench_now();
	for (size_t i = 0; i < hosts; i++) {
		snprintf(key, sizeof(key), "exch%zu", i);
		correlator_feed(c, &ev, key, 1000 + (int64_t)i / 1000, &res,
		    &out);
		bench_take();
	}
	t1 = bench_now();
	rss1 = bench_rss_kib();
	printf("rules %zu\n", nrules);
	printf("open_ns_per_event %.0f ns\n", (t1 - t0) * 1e9 / (double)hosts);
	open_windows = correlator_size(c);
	printf("open_windows %zu of %zu\n", open_windows, hosts);
	printf("bytes_per_open_window %.0f B\n",
	    (double)(rss1 - rss0) * 1024.0 / (double)open_windows);

	ev.event_id = 100;
	t0 = bench_now();
	for (size_t i = 0; i < hosts; i++) {
		snprintf(key, sizeof(key), "exch%zu", i);
		correlator_feed(c, &ev, key, 2000 + (int64_t)i / 1000, &res,
		    &out);
		bench_take();
	}
	t1 = bench_now();
	printf("close_alert_ns_per_event %.0f ns\n",
	    (t1 - t0) * 1e9 / (double)hosts);

	ev.event_id = 7; /* matches no rule */
	t0 = bench_now();
	for (size_t i = 0; i < hosts; i++) {
		snprintf(key, sizeof(key), "exch%zu", i);
		correlator_feed(c, &ev, key, 3000, &res, &out);
		bench_take();
	}
	t1 = bench_now();
	printf("unmatched_ns_per_event %.0f ns\n",
	    (t1 - t0) * 1e9 / (double)hosts);

	t0 = bench_now();
	correlator_expire(c, 1000 + 1800000 + 300000 + 10000, &res, &out);
	t1 = bench_now();
	printf("expire_ns_per_state %.0f ns\n",
	    (t1 - t0) * 1e9 / (double)hosts);
	left = correlator_size(c);
	printf("states_left %zu\n", left);
	printf("alerts %lu of %zu\n", alerts, hosts);
	correlator_free(c);
	alert_list_clear(&out);
	return alerts == hosts && left == 0 && open_windows == hosts ? 0 : 1;
}
