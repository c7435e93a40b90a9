/* SPDX-License-Identifier: ISC */
/*
 * The saved state and memory per window: N hosts each open a window
 * (2140 with a host time and a 60-byte text), then the state is saved to a
 * file and loaded back.  Prints the time to save and to load (CPU, and
 * wall for the save with its fsync), the file size, the RSS growth per
 * window and the peak RSS.  usage: bench_state N [DIR [unique]]: with
 * "unique", every window's text is its own (as many texts as windows, the
 * worst case for the correlator's interned strings), of the same length.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "core/state_file.h"
#include "decode/winevent.h"
#include "engine/alert.h"
#include "engine/correlator.h"

static double
cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_kb(void)
{
	FILE *fp = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;

	while (fp != NULL && fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	if (fp != NULL)
		fclose(fp);
	return kb;
}

static struct correlator *bench_c;

static int
produce(int (*put)(const char *, size_t, void *), void *put_arg, void *arg)
{
	(void)arg;
	return correlator_save(bench_c, 5000000, 1800000000000, put, put_arg);
}

int
main(int argc, char *argv[])
{
	static const uint64_t key[2] = { 1, 2 };
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	int is_unique = argc > 3 && strcmp(argv[3], "unique") == 0;
	struct correlator_result res = { 0 };
	struct correlator_load_result lr;
	struct alert_list out = { 0 };
	struct conf *conf = conf_new();
	struct conf_rule *r;
	struct winevent ev;
	struct correlator *c2;
	struct rusage ru;
	struct stat sb;
	char path[4096], host[32], err[128], *buf;
	size_t len;
	long rss0, rss1;
	double t0, t1, w0, w1;

	conf->rules = calloc(1, sizeof(*conf->rules));
	conf->nrules = 1;
	conf->max_windows = n + 1;
	conf->max_windows_per_peer = n + 1;
	conf->lateness_ms = 0; /* windows only, nothing held */
	r = &conf->rules[0];
	strcpy(r->name, "Q246115");
	r->open.event_id = 2140;
	r->close.event_id = 100;
	r->window_ms = 300000;
	r->holddown_ms = 1800000;
	r->lateness_ms = -1;
	r->title = strdup("t");
	r->cause = strdup("");
	r->fix = strdup("");
	r->reference = strdup("");
	rss0 = rss_kb();
	bench_c = correlator_new(conf, key);
	memset(&ev, 0, sizeof(ev));
	ev.event_id = 2140;
	ev.has_event_id = true;
	strcpy(ev.source, "MSExchangeIMC");
	strcpy(ev.log, "Application");
	strcpy(ev.peer, "192.0.2.5");
	strcpy(ev.text,
	    "The Internet Mail Service could not start. (Event 2140)");
	for (size_t i = 0; i < n; i++) {
		snprintf(host, sizeof(host), "exch%07zu", i);
		strcpy(ev.computer, host);
		if (is_unique)
			snprintf(ev.text, sizeof(ev.text),
			    "The Internet Mail Service could not start. "
			    "(E%09zu)",
			    i);
		ev.time_ms = 1800000000000 + (int64_t)i;
		ev.recv_ms = ev.time_ms;
		correlator_feed(bench_c, &ev, host,
		    4000000 + (int64_t)(i / 1000), &res, &out);
	}
	rss1 = rss_kb();
	snprintf(path, sizeof(path), "%s/bench-windows.state", dir);
	t0 = cpu_s();
	w0 = wall_s();
	if (state_file_write(path, produce, NULL) == -1) {
		perror(path);
		return 1;
	}
	t1 = cpu_s();
	w1 = wall_s();
	stat(path, &sb);
	printf("windows %zu\n", correlator_size(bench_c));
	printf("bytes_per_window_rss %.0f B\n",
	    (double)(rss1 - rss0) * 1024 / (double)n);
	printf("state_file_bytes %lld (%.0f B/window)\n", (long long)sb.st_size,
	    (double)sb.st_size / (double)n);
	printf("save_cpu_ms %.0f\nsave_wall_ms %.0f (with fsync)\n",
	    (t1 - t0) * 1000, (w1 - w0) * 1000);
	if (state_file_read(path, SIZE_MAX, &buf, &len) != 0)
		return 1;
	c2 = correlator_new(conf, key);
	t0 = cpu_s();
	if (correlator_load(c2, buf, len, 5000000, 1800000000000, &lr, err,
		sizeof(err)) == -1) {
		fprintf(stderr, "load: %s\n", err);
		return 1;
	}
	t1 = cpu_s();
	printf("load_cpu_ms %.0f (%zu states)\n", (t1 - t0) * 1000, lr.states);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak_rss_kb %ld (two copies of the table and the file)\n",
	    ru.ru_maxrss);
	free(buf);
	unlink(path);
	correlator_free(c2);
	correlator_free(bench_c);
	alert_list_clear(&out);
	conf_free(conf);
	return 0;
}
