/* SPDX-License-Identifier: ISC */
/*
 * The replay driver (replay.h): lines in, the pipeline in replay mode,
 * alerts out, then the summary.  The only input that reads a file.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "core/log.h"
#include "core/snmp_setup.h"
#include "engine/alert.h"
#include "engine/pipeline.h"
#include "input/replay.h"
#include "input/replay_threads.h"
#include "output/alert_format.h"
#include "output/output_set.h"

/* Time to run the clock on at the end: every window, hold and holddown. */
#define REPLAY_END_MS (8LL * 24 * 60 * 60 * 1000)
#define REPLAY_DRAIN_MS 5000
#define REPLAY_LINE_MAX 65536

struct replay {
	const struct conf *conf;
	struct output_set *outputs; /* NULL: stdout */
	bool formats[2];            /* stdout: text, json */
	struct replay_tally tally;
	uint64_t alerts_out;
};

static void
replay_deliver(struct alert *a, const struct clock_stamp *now, void *arg)
{
	struct replay *r = arg;
	char buf[REPLAY_LINE_MAX];

	r->alerts_out++;
	if (r->outputs != NULL) {
		output_set_deliver(r->outputs, a, now);
	} else {
		if (r->formats[0] && alert_format_text(a, buf, sizeof(buf)) > 0)
			printf("%s\n", buf);
		if (r->formats[1] && alert_format_json(a, buf, sizeof(buf)) > 0)
			printf("%s\n", buf);
	}
	alert_free(a);
}

static void
replay_formats(struct replay *r)
{
	for (size_t i = 0; i < r->conf->nalert_logs; i++)
		r->formats[r->conf->alert_logs[i].format == CONF_FORMAT_JSON] =
		    true;
	if (!r->formats[0] && !r->formats[1])
		r->formats[0] = true;
}

/* lines=N events=N alerts=N malformed=N ..., then every engine counter. */
static void
replay_summary(const struct replay *r, const struct counter_set *engine)
{
	static const char *const names[PIPELINE_OUTCOME_COUNT] = {
		[PIPELINE_EVENT] = "events",
		[PIPELINE_EMPTY] = "empty",
		[PIPELINE_MALFORMED] = "malformed",
		[PIPELINE_NOT_WINEVENT] = "not_winevent",
		[PIPELINE_NO_EVENT_ID] = "no_event_id",
		[PIPELINE_NO_HOST] = "no_host",
		[PIPELINE_HOST_TOO_LONG] = "host_too_long",
	};

	fprintf(stderr, "replay: lines=%" PRIu64, r->tally.lines);
	for (size_t i = 0; i < PIPELINE_OUTCOME_COUNT; i++)
		fprintf(stderr, " %s=%" PRIu64, names[i], r->tally.outcomes[i]);
	fprintf(stderr, " truncated=%" PRIu64 " alerts_out=%" PRIu64,
	    r->tally.truncated, r->alerts_out);
	fprintf(stderr, " |");
	for (size_t i = 0; i < engine->n; i++)
		if (counter_get(engine, i) != 0)
			fprintf(stderr, " %s=%" PRIu64, engine->defs[i].name,
			    counter_get(engine, i));
	fprintf(stderr, "\n");
}

static void
replay_lines(struct replay *r, struct pipeline *p, FILE *fp)
{
	struct pipeline_src src = { .via = WINEVENT_VIA_SYSLOG_UDP,
		.peer = "replay" };
	struct pipeline_result res;
	struct clock_stamp now = { 0, 0, 0 };
	char *line = NULL;
	size_t cap = 0, len;
	ssize_t n;

	while ((n = getline(&line, &cap, fp)) != -1) {
		len = replay_line_len(line, (size_t)n);
		r->tally.lines++;
		if (len > r->conf->max_message_len) {
			len = r->conf->max_message_len;
			r->tally.truncated++;
		}
		r->tally.outcomes[pipeline_syslog(p, &src, line, len, &now,
		    &res)]++;
	}
	free(line);
}

/* --replay-outputs: wait, bounded, for informs to be acknowledged. */
static void
replay_drain(struct event_base *base, struct output_set *outputs)
{
	struct timeval tick = { 0, 100 * 1000 };

	for (int i = 0;
	     i < REPLAY_DRAIN_MS / 100 && output_set_pending(outputs) > 0;
	     i++) {
		event_base_loopexit(base, &tick);
		event_base_dispatch(base);
	}
}

/* Decoder threads: as asked, else one per CPU (one CPU: this thread). */
static unsigned int
replay_nthreads(unsigned int asked)
{
	long n;

	if (asked != 0)
		return asked;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > REPLAY_THREADS_MAX ? REPLAY_THREADS_MAX : (unsigned int)n;
}

int
replay_run(const struct conf *conf, const char *path, bool use_outputs,
    unsigned int nthreads)
{
	struct replay r = { .conf = conf };
	struct pipeline_hooks hooks = { replay_deliver, NULL, &r };
	static const uint64_t seed0[2] = { 0, 0 };
	struct event_base *base = NULL;
	struct counter_registry *reg = NULL;
	struct snmp_setup *snmp = NULL;
	struct clock_stamp start;
	struct output_env oenv;
	struct pipeline *p;
	uint64_t seed[2];
	FILE *fp;
	bool is_stdin = strcmp(path, "-") == 0, is_bad;

	if ((fp = is_stdin ? stdin : fopen(path, "r")) == NULL) {
		log_warn("replay: %s", path);
		return 1;
	}
	clock_read(&start);
	/* ids differ from run to run, as the daemon's do */
	seed[0] = seed0[0] ^ (uint64_t)start.wall_ms;
	seed[1] = seed0[1] ^ (uint64_t)start.mono_ms ^ (uint64_t)getpid();
	replay_formats(&r);
	if (use_outputs) {
		if ((base = event_base_new()) == NULL)
			fatalx("event_base_new failed");
		reg = counter_registry_new();
		snmp = snmp_setup_init(NULL); /* no saved state */
		oenv.base = base;
		oenv.start = start;
		r.outputs = output_set_new(&oenv, reg);
		if (output_set_sync(r.outputs, conf, &start) == -1) {
			log_warnx("replay: cannot open the configured outputs");
			output_set_free(r.outputs);
			counter_registry_free(reg);
			snmp_setup_shutdown(snmp);
			event_base_free(base);
			if (!is_stdin)
				fclose(fp);
			return 1;
		}
	}
	p = pipeline_new(conf, seed, &hooks);
	pipeline_set_replay(p, start.wall_ms);
	nthreads = replay_nthreads(nthreads);
	if (nthreads < 2 ||
	    replay_threads_run(conf, p, fp, nthreads, &r.tally) == -1)
		replay_lines(&r, p, fp);
	/* the summary still says how far it got */
	if ((is_bad = ferror(fp) != 0))
		log_warn("replay: reading %s", path);
	pipeline_replay_end(p, REPLAY_END_MS);
	fflush(stdout);
	replay_summary(&r, pipeline_counters(p));
	if (use_outputs) {
		replay_drain(base, r.outputs);
		output_set_free(r.outputs);
		counter_registry_free(reg);
		snmp_setup_shutdown(snmp);
		event_base_free(base);
	}
	pipeline_free(p);
	if (!is_stdin)
		fclose(fp);
	return is_bad ? 1 : 0;
}
