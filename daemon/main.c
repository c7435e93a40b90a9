/* SPDX-License-Identifier: ISC */
/*
 * evcorrd: options, startup order, signals, sd_notify, reload, shutdown.
 * main drives the inputs and the outputs and joins them: the pipeline
 * hands each alert here, and main hands it to the outputs; main owns the
 * one timer at the pipeline's next deadline.  Everything else lives in
 * libcore, by layer (see docs/architecture.md).
 */
#include "config.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "conf/conf.h"
#include "conf/conf_parse.h"
#include "conf/default_conf.h"
#include "core/civil.h"
#include "core/clock.h"
#include "core/counter.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/sdnotify.h"
#include "core/snmp_setup.h"
#include "engine/alert.h"
#include "engine/pipeline.h"
#include "input/input_set.h"
#include "input/replay.h"
#include "core/state_file.h"
#include "output/output_set.h"

#define MAIN_DEFAULT_CONF SYSCONFDIR "/evcorrd.conf"
#define MAIN_DEFAULT_NAME "(built-in default)"
#define MAIN_DRAIN_MS 5000 /* informs get this long at shutdown */
#define MAIN_DRAIN_TICK_MS 100
#define MAIN_STATS_MAX 4096
#define MAIN_STATE_FILE "windows.state"
#define MAIN_STATE_MAX (1024UL * 1024 * 1024) /* bytes of a state file */

enum main_counter {
	MC_RELOADS,
	MC_RELOAD_ERRORS,
	MC_STATE_SAVES,
	MC_STATE_SAVE_ERRORS,
	MC_STATE_LOADED,
	MC_STATE_EXPIRED,
	MC_STATE_DROPPED,
	MC_STATE_BAD_RECORDS,
	MC_STATE_BAD_FILES,
	MC_COUNT,
};

static const struct counter_def main_counters[MC_COUNT] = {
	[MC_RELOADS] = { "reloads", "configuration reloads (SIGHUP)" },
	[MC_RELOAD_ERRORS] = { "reload_errors",
	    "reloads refused or partly failed" },
	[MC_STATE_SAVES] = { "state_saves", "saves of the correlation state" },
	[MC_STATE_SAVE_ERRORS] = { "state_save_errors",
	    "saves of the correlation state that failed" },
	[MC_STATE_LOADED] = { "state_loaded",
	    "windows and holddowns loaded from the saved state at start" },
	[MC_STATE_EXPIRED] = { "state_expired_while_down",
	    "saved windows and counts that ran out while the daemon was down" },
	[MC_STATE_DROPPED] = { "state_dropped",
	    "saved states of rules no longer configured, or over max-windows" },
	[MC_STATE_BAD_RECORDS] = { "state_bad_records",
	    "records of the saved state that could not be used" },
	[MC_STATE_BAD_FILES] = { "state_bad_files",
	    "saved state files refused whole and moved aside" },
};

struct main_state {
	struct event_base *base;
	const char *conf_path; /* NULL: the built-in default */
	struct conf *conf;
	struct clock_stamp start;
	struct counter_registry *reg;
	struct counter_set counters;
	struct snmp_setup *snmp;
	struct pipeline *pipe;
	struct output_set *outputs;
	struct input_set *inputs;
	struct event *expire; /* at the pipeline's next deadline */
	struct event *sig_hup, *sig_term, *sig_int, *sig_usr1;
	struct event *drain; /* shutting down: waiting for acknowledgements */
	int64_t drain_until_ms;
	char state_path[PATH_MAX]; /* "": no saved state */
	struct event *save;        /* every save-interval */
	pid_t save_pid;            /* a save under way in a child, or 0 */
};

enum {
	MAIN_OPT_REPLAY = 256,
	MAIN_OPT_REPLAY_OUTPUTS,
};

static const struct option main_long_opts[] = {
	{ "replay", required_argument, NULL, MAIN_OPT_REPLAY },
	{ "replay-outputs", no_argument, NULL, MAIN_OPT_REPLAY_OUTPUTS },
	{ NULL, 0, NULL, 0 },
};

static __attribute__((noreturn)) void
main_usage(void)
{
	fprintf(stderr,
	    "usage: evcorrd [-dnvV] [-f file]\n"
	    "       evcorrd [-v] [-f file] --replay file|- "
	    "[--replay-outputs]\n");
	exit(1);
}

/* Parses the config; prints every error as file:line: message. */
static struct conf *
main_load_conf(const char *path, bool to_stderr)
{
	struct conf_errors errs;
	struct conf *conf;
	char line[1024];

	memset(&errs, 0, sizeof(errs));
	if (path != NULL)
		conf = conf_parse_file(path, &errs);
	else
		conf = conf_parse_string(default_conf_text, MAIN_DEFAULT_NAME,
		    &errs);
	if (conf != NULL)
		return conf;
	for (size_t i = 0; i < errs.count && i < CONF_ERRORS_MAX; i++) {
		conf_errors_format(&errs, i, line, sizeof(line));
		if (to_stderr)
			fprintf(stderr, "%s\n", line);
		else
			log_warnx("%s", line);
	}
	if (errs.count > CONF_ERRORS_MAX) {
		if (to_stderr)
			fprintf(stderr, "... and %zu more errors\n",
			    errs.count - CONF_ERRORS_MAX);
		else
			log_warnx("... and %zu more errors",
			    errs.count - CONF_ERRORS_MAX);
	}
	return NULL;
}

/* Valid but probably not what the operator meant. */
static void
main_conf_warn(const struct conf *conf)
{
	if (conf->nlistens == 0)
		log_warnx("no listen statements: no event will be received");
	if (conf->nrules == 0)
		log_warnx("no rules configured: nothing will be correlated");
	if (conf->ntargets == 0 && conf->nalert_logs == 0)
		log_warnx("no target and no alert-log: alerts go nowhere");
}

#define MAIN_DUMP_MAX 1000

/* One line of the SIGUSR1 dump. */
static bool
main_dump_one(const struct correlator_view *v, void *arg)
{
	char ehost[HOSTKEY_MAX * 4], t[CIVIL_RFC3339_MAX], a[CIVIL_RFC3339_MAX];

	(void)arg;
	escape_text(v->host, strlen(v->host), ehost, sizeof(ehost));
	if (v->is_open) {
		civil_rfc3339(v->opened_t, t, sizeof(t));
		civil_rfc3339(v->opened_wall, a, sizeof(a));
	}
	log_info("window: rule %s host %s: %s%s%s%s%s held %zu holddown %s "
		 "suppressed %llu%s%s",
	    v->rule, ehost, v->is_open ? "open by " : "no window",
	    v->is_open ? (v->opened_t != 0 ? "host time " : "arrival ") : "",
	    v->is_open ? (v->opened_t != 0 ? t : a) : "",
	    v->is_overdue ? " (timed out, open to a backlog)" : "",
	    v->is_open ? "," : ";", v->held, v->is_holding ? "yes" : "no",
	    (unsigned long long)v->suppressed,
	    v->active_id[0] != '\0' ? " active " : "", v->active_id);
	return true;
}

/* SIGUSR1: the open windows and holddowns, bounded. */
static void
main_dump_windows(const struct main_state *st)
{
	size_t n =
	    pipeline_foreach(st->pipe, MAIN_DUMP_MAX, main_dump_one, NULL);

	log_info("windows: %zu of %zu shown", n, pipeline_windows(st->pipe));
}

/* Every counter's total on one line: SIGUSR1 and shutdown. */
static void
main_stats_log(const struct main_state *st)
{
	char line[MAIN_STATS_MAX];

	counter_registry_format(st->reg, line, sizeof(line));
	log_info("stats: %s", line);
}

/* The pipeline's hook: one alert, after the correlator returned. */
static void
main_deliver(struct alert *a, const struct clock_stamp *now, void *arg)
{
	struct main_state *st = arg;
	char ehost[HOSTKEY_MAX * 4];

	escape_text(a->host, strlen(a->host), ehost, sizeof(ehost));
	if (a->kind == ALERT_PAIR)
		log_info("alert: rule %s host %s: event %u then %u, %llu "
			 "suppressed before",
		    a->rule, ehost, a->open.event_id, a->close.event_id,
		    (unsigned long long)a->suppressed);
	else
		log_info("alert: %s: rule %s host %s: event %u%s%s",
		    alert_kind_name(a->kind), a->rule, ehost, a->open.event_id,
		    a->kind == ALERT_CLEAR ? " clears " : "", a->clears);
	output_set_deliver(st->outputs, a, now);
	alert_free(a);
}

/* The pipeline's hook: its next deadline moved. */
static void
main_deadline(int64_t due_ms, const struct clock_stamp *now, void *arg)
{
	struct main_state *st = arg;
	struct timeval tv;

	if (due_ms == INT64_MAX) {
		evtimer_del(st->expire);
		return;
	}
	tv = clock_timeval(due_ms - now->mono_ms);
	evtimer_add(st->expire, &tv);
}

static void
main_expire_cb(evutil_socket_t fd, short what, void *arg)
{
	struct main_state *st = arg;
	struct clock_stamp now;

	clock_read(&now);
	pipeline_expire(st->pipe, &now);
}

/* ------------------------------------------------------------ saved state */

static int
main_state_produce(int (*put)(const char *, size_t, void *), void *put_arg,
    void *arg)
{
	struct main_state *st = arg;
	struct clock_stamp now;

	clock_read(&now);
	return pipeline_save(st->pipe, &now, put, put_arg);
}

/* The file and the directory it lives in; "" when there is no state. */
static void
main_state_init(struct main_state *st)
{
	st->state_path[0] = '\0';
	if (st->conf->state_dir == NULL)
		return;
	if (snprintf(st->state_path, sizeof(st->state_path), "%s/%s",
		st->conf->state_dir,
		MAIN_STATE_FILE) >= (int)sizeof(st->state_path))
		fatalx("state-directory too long");
	if (mkdir(st->conf->state_dir, 0700) == -1 && errno != EEXIST)
		log_warn("state-directory %s", st->conf->state_dir);
}

/* At start: the windows saved by the last run, or a clear report. */
static void
main_state_load(struct main_state *st)
{
	struct correlator_load_result lr;
	struct clock_stamp now;
	char err[256], aside[PATH_MAX + 32];
	size_t len;
	char *buf;
	int rc;

	if (st->state_path[0] == '\0')
		return;
	rc = state_file_read(st->state_path, MAIN_STATE_MAX, &buf, &len);
	if (rc == 1)
		return;
	if (rc == -1) {
		log_warn("saved state %s: cannot read it: starting empty",
		    st->state_path);
		counter_inc(&st->counters, MC_STATE_BAD_FILES);
		return;
	}
	clock_read(&now);
	if (pipeline_load(st->pipe, buf, len, &now, &lr, err, sizeof(err)) ==
	    -1) {
		counter_inc(&st->counters, MC_STATE_BAD_FILES);
		if (state_file_move_aside(st->state_path, now.wall_ms, aside,
			sizeof(aside)) == -1)
			log_warn("saved state %s: %s; cannot move it aside",
			    st->state_path, err);
		else
			log_warnx("saved state %s: %s: moved to %s, starting "
				  "empty",
			    st->state_path, err, aside);
		free(buf);
		return;
	}
	free(buf);
	counter_add(&st->counters, MC_STATE_LOADED, lr.states);
	counter_add(&st->counters, MC_STATE_EXPIRED, lr.expired);
	counter_add(&st->counters, MC_STATE_DROPPED,
	    lr.dropped_rule + lr.dropped_full);
	counter_add(&st->counters, MC_STATE_BAD_RECORDS, lr.bad);
	log_info("saved state: %zu windows and holddowns, %zu held events "
		 "loaded; %zu ran out while down, %zu of rules gone, %zu over "
		 "max-windows, %zu bad records",
	    lr.states, lr.held, lr.expired, lr.dropped_rule, lr.dropped_full,
	    lr.bad);
}

/* Reaps a save child; wait: block until it is done. */
static void
main_state_reap(struct main_state *st, bool wait)
{
	int status;
	pid_t r;

	if (st->save_pid <= 0)
		return;
	while ((r = waitpid(st->save_pid, &status, wait ? 0 : WNOHANG)) == -1 &&
	    errno == EINTR)
		;
	if (r == 0)
		return;
	st->save_pid = 0;
	if (r > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		counter_inc(&st->counters, MC_STATE_SAVES);
		return;
	}
	counter_inc(&st->counters, MC_STATE_SAVE_ERRORS);
	log_warnx("saved state %s: the save failed", st->state_path);
}

/* The synchronous save, at shutdown. */
static void
main_state_save_now(struct main_state *st)
{
	struct clock_stamp t0, t1;

	if (st->state_path[0] == '\0')
		return;
	main_state_reap(st, true);
	clock_read(&t0);
	if (state_file_write(st->state_path, main_state_produce, st) == -1) {
		counter_inc(&st->counters, MC_STATE_SAVE_ERRORS);
		log_warn("saved state %s", st->state_path);
		return;
	}
	clock_read(&t1);
	counter_inc(&st->counters, MC_STATE_SAVES);
	log_info("saved state: %zu windows and holddowns in %lld ms",
	    pipeline_windows(st->pipe), (long long)(t1.mono_ms - t0.mono_ms));
}

/*
 * Every save-interval: a child forked with a snapshot of memory writes
 * the file, so the loop never waits for the disk.
 */
static void
main_state_save_cb(evutil_socket_t fd, short what, void *arg)
{
	struct main_state *st = arg;
	struct timeval tv = clock_timeval(st->conf->save_interval_ms);
	pid_t pid;

	main_state_reap(st, false);
	if (st->save_pid == 0) {
		if ((pid = fork()) == -1) {
			counter_inc(&st->counters, MC_STATE_SAVE_ERRORS);
			log_warn("saved state: fork");
		} else if (pid == 0) {
			_exit(state_file_write(st->state_path,
				  main_state_produce, st) == -1
				? 1
				: 0);
		} else {
			st->save_pid = pid;
		}
	}
	if (st->conf->save_interval_ms > 0)
		evtimer_add(st->save, &tv);
}

static void
main_state_start(struct main_state *st)
{
	struct timeval tv;

	if (st->state_path[0] == '\0')
		return;
	if ((st->save = evtimer_new(st->base, main_state_save_cb, st)) == NULL)
		fatalx("evtimer_new failed");
	if (st->conf->save_interval_ms > 0) {
		tv = clock_timeval(st->conf->save_interval_ms);
		evtimer_add(st->save, &tv);
	}
}

static void
main_reload(struct main_state *st)
{
	struct conf *conf, *old = st->conf;
	struct clock_stamp now;

	sdnotify_reloading();
	counter_inc(&st->counters, MC_RELOADS);
	log_info("reloading %s",
	    st->conf_path ? st->conf_path : MAIN_DEFAULT_NAME);
	if ((conf = main_load_conf(st->conf_path, false)) == NULL) {
		counter_inc(&st->counters, MC_RELOAD_ERRORS);
		log_warnx("reload failed: keeping the running configuration");
		goto out;
	}
	clock_read(&now);
	if (output_set_sync(st->outputs, conf, &now) == -1) {
		counter_inc(&st->counters, MC_RELOAD_ERRORS);
		log_warnx("reload failed: cannot open the new outputs: keeping "
			  "the running configuration");
		conf_free(conf);
		goto out;
	}
	main_conf_warn(conf);
	if ((old->state_dir == NULL) != (conf->state_dir == NULL) ||
	    (old->state_dir && strcmp(old->state_dir, conf->state_dir) != 0))
		log_warnx("state-directory changed: takes effect at restart");
	st->conf = conf;
	pipeline_reconf(st->pipe, conf, &now);
	if (st->save != NULL) {
		struct timeval tv = clock_timeval(conf->save_interval_ms);

		evtimer_del(st->save);
		if (conf->save_interval_ms > 0)
			evtimer_add(st->save, &tv);
	}
	if (input_set_sync(st->inputs, conf) > 0)
		counter_inc(&st->counters, MC_RELOAD_ERRORS);
	output_set_reopen(st->outputs);
	conf_free(old);
	log_info("reloaded: %zu rules, %zu listeners, %zu targets",
	    conf->nrules, input_set_count(st->inputs), conf->ntargets);
out:
	sdnotify("READY=1");
}

/* Waits (bounded) for informs still unacknowledged, then leaves the loop. */
static void
main_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct main_state *st = arg;
	struct timeval tick = clock_timeval(MAIN_DRAIN_TICK_MS);
	size_t pending = output_set_pending(st->outputs);
	struct clock_stamp now;

	clock_read(&now);
	if (pending == 0 || now.mono_ms >= st->drain_until_ms) {
		if (pending > 0)
			log_warnx("shutdown: %zu notifications still "
				  "unacknowledged after %d s",
			    pending, MAIN_DRAIN_MS / 1000);
		event_base_loopexit(st->base, NULL);
		return;
	}
	evtimer_add(st->drain, &tick);
}

/*
 * SIGTERM/SIGINT: stop receiving (close the inputs), then give the
 * outputs up to MAIN_DRAIN_MS to flush; a second signal exits at once.
 */
static void
main_shutdown(struct main_state *st, int sig)
{
	struct clock_stamp now;

	if (st->drain != NULL) {
		log_info("received signal %d again: exiting now", sig);
		event_base_loopexit(st->base, NULL);
		return;
	}
	log_info("received signal %d: shutting down", sig);
	sdnotify("STOPPING=1");
	input_set_close_all(st->inputs);
	clock_read(&now);
	st->drain_until_ms = now.mono_ms + MAIN_DRAIN_MS;
	if ((st->drain = evtimer_new(st->base, main_drain_cb, st)) == NULL)
		fatalx("evtimer_new failed");
	main_drain_cb(-1, 0, st);
}

static void
main_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct main_state *st = arg;

	switch (sig) {
	case SIGHUP:
		main_reload(st);
		break;
	case SIGUSR1:
		main_stats_log(st);
		main_dump_windows(st);
		break;
	default:
		main_shutdown(st, (int)sig);
		break;
	}
}

static struct event *
main_signal(struct main_state *st, int sig)
{
	struct event *ev;

	if ((ev = evsignal_new(st->base, sig, main_signal_cb, st)) == NULL ||
	    evsignal_add(ev, NULL) == -1)
		fatalx("cannot handle signal %d", sig);
	return ev;
}

/* The correlator's host-table key: from the kernel, once. */
static void
main_seed(uint64_t seed[2])
{
	ssize_t n;

	while ((n = getrandom(seed, 2 * sizeof(seed[0]), 0)) == -1 &&
	    errno == EINTR)
		;
	if (n != (ssize_t)(2 * sizeof(seed[0])))
		fatal("getrandom");
}

/* The engine, and main's own hooks into it. */
static void
main_start_engine(struct main_state *st)
{
	struct pipeline_hooks hooks = { main_deliver, main_deadline, st };
	uint64_t seed[2];

	main_seed(seed);
	st->pipe = pipeline_new(st->conf, seed, &hooks);
	if ((st->expire = evtimer_new(st->base, main_expire_cb, st)) == NULL)
		fatalx("evtimer_new failed");
}

/*
 * The counters are declared in the order the stats line lists them:
 * inputs, engine, outputs, the daemon's own.
 */
static void
main_start(struct main_state *st)
{
	struct output_env oenv;
	struct input_env ienv;

	if ((st->base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	clock_read(&st->start);
	st->reg = counter_registry_new();
	st->snmp = snmp_setup_init(st->conf->state_dir);
	main_start_engine(st);
	counter_set_init(&st->counters, main_counters, MC_COUNT, "daemon",
	    "evcorrd");
	main_state_init(st);
	main_state_load(st);
	main_state_start(st);
	ienv.base = st->base;
	ienv.pipe = st->pipe;
	st->inputs = input_set_new(&ienv, st->reg);
	counter_registry_add(st->reg, pipeline_counters(st->pipe));
	oenv.base = st->base;
	oenv.start = st->start;
	st->outputs = output_set_new(&oenv, st->reg);
	if (output_set_sync(st->outputs, st->conf, &st->start) == -1)
		fatalx("cannot open the configured outputs");
	if (input_set_sync(st->inputs, st->conf) > 0)
		fatalx("cannot open every configured listener");
	counter_registry_add(st->reg, &st->counters);
	main_conf_warn(st->conf);
	signal(SIGPIPE, SIG_IGN);
	st->sig_hup = main_signal(st, SIGHUP);
	st->sig_term = main_signal(st, SIGTERM);
	st->sig_int = main_signal(st, SIGINT);
	st->sig_usr1 = main_signal(st, SIGUSR1);
}

static void
main_stop(struct main_state *st)
{
	input_set_free(st->inputs);
	main_state_save_now(st);
	output_set_free(st->outputs);
	main_stats_log(st);
	pipeline_free(st->pipe);
	event_free(st->expire);
	event_free(st->sig_hup);
	event_free(st->sig_term);
	event_free(st->sig_int);
	event_free(st->sig_usr1);
	if (st->drain != NULL)
		event_free(st->drain);
	if (st->save != NULL)
		event_free(st->save);
	snmp_setup_shutdown(st->snmp);
	counter_set_clear(&st->counters);
	counter_registry_free(st->reg);
	event_base_free(st->base);
	conf_free(st->conf);
}

/*
 * Not under systemd and not -d: detach once the listeners are bound (so
 * that bind errors reach the terminal), then log to syslog.
 */
static void
main_detach(struct main_state *st)
{
	for (size_t i = 0; i < st->conf->nalert_logs; i++)
		if (st->conf->alert_logs[i].sink == CONF_SINK_STDOUT)
			log_warnx(
			    "alert-log stdout: detached, stdout is "
			    "/dev/null (use -d, systemd, or another sink)");
	if (daemon(0, 0) == -1)
		fatal("daemon");
	if (event_reinit(st->base) == -1)
		fatalx("event_reinit failed");
	log_init(LOG_TO_SYSLOG, log_get_verbose());
}

int
main(int argc, char *argv[])
{
	struct main_state st;
	bool is_debug = false, is_check = false, is_replay_outputs = false;
	const char *replay_path = NULL;
	char *abs_path = NULL;
	int ch, verbose = 0;
	bool under_systemd =
	    getenv("NOTIFY_SOCKET") != NULL || getenv("JOURNAL_STREAM") != NULL;

	memset(&st, 0, sizeof(st));
	st.conf_path = NULL;
	while ((ch = getopt_long(argc, argv, "df:hnvV", main_long_opts,
		    NULL)) != -1) {
		switch (ch) {
		case MAIN_OPT_REPLAY:
			replay_path = optarg;
			break;
		case MAIN_OPT_REPLAY_OUTPUTS:
			is_replay_outputs = true;
			break;
		case 'd':
			is_debug = true;
			break;
		case 'f':
			st.conf_path = optarg;
			break;
		case 'n':
			is_check = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'V':
			printf("evcorrd %s\n", PACKAGE_VERSION);
			return 0;
		default:
			main_usage();
		}
	}
	if (optind != argc)
		main_usage();
	log_init(is_debug || !under_systemd ? LOG_TO_STDERR : LOG_TO_JOURNAL,
	    verbose);

	if (st.conf_path == NULL && access(MAIN_DEFAULT_CONF, F_OK) == 0)
		st.conf_path = MAIN_DEFAULT_CONF;
	/* SIGHUP re-reads it after daemon() has changed to / */
	if (st.conf_path != NULL && (abs_path = realpath(st.conf_path, NULL)))
		st.conf_path = abs_path;
	if ((st.conf = main_load_conf(st.conf_path, true)) == NULL) {
		free(abs_path);
		return 1;
	}
	if (replay_path != NULL) {
		ch = replay_run(st.conf, replay_path, is_replay_outputs);
		conf_free(st.conf);
		free(abs_path);
		return ch;
	}
	if (is_replay_outputs)
		main_usage();
	if (is_check) {
		printf("configuration OK\n");
		conf_free(st.conf);
		free(abs_path);
		return 0;
	}
	if (st.conf_path == NULL)
		log_info("no %s: running the built-in default configuration",
		    MAIN_DEFAULT_CONF);

	main_start(&st);
	if (!is_debug && !under_systemd)
		main_detach(&st);
	log_info("evcorrd %s started: %zu rules, %zu listeners, %zu targets",
	    PACKAGE_VERSION, st.conf->nrules, input_set_count(st.inputs),
	    st.conf->ntargets);
	sdnotify("READY=1\nSTATUS=correlating");
	event_base_dispatch(st.base);
	main_stop(&st);
	log_info("evcorrd stopped");
	free(abs_path);
	return 0;
}
