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
#include <time.h>
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
#include "core/priv.h"
#include "core/sdlisten.h"
#include "core/sdnotify.h"
#include "core/snmp_setup.h"
#include "core/state_file.h"
#include "core/xmalloc.h"
#include "core/snmp_usm.h"
#include "engine/alert.h"
#include "engine/pipeline.h"
#include "input/agentx.h"
#include "input/http_status.h"
#include "input/input_set.h"
#include "input/replay.h"
#include "input/replay_threads.h"
#include "output/output_set.h"
#include "output/test_alert.h"

#define MAIN_DEFAULT_CONF SYSCONFDIR "/evcorrd.conf"
#define MAIN_DEFAULT_NAME "(built-in default)"
#define MAIN_DEV_LOG "/dev/log"
#define MAIN_DRAIN_MS 5000 /* informs get this long at shutdown */
#define MAIN_DRAIN_TICK_MS 100
#define MAIN_TEST_WAIT_MS 10000 /* -T: an inform gives up after 8 s */
#define MAIN_TEST_MIN_MS 500    /* -T: time for a refusal to come back */
#define MAIN_STATS_MAX 4096
#define MAIN_STATE_FILE "windows.state"
#define MAIN_STATE_MAX (1024UL * 1024 * 1024) /* bytes of a state file */
#define MAIN_DUMP_MAX 1000
#define MAIN_TICK_MS 1000 /* STATUS= changes at most this often */
#define MAIN_ALERT_NOTE_MAX (CONF_RULE_NAME_MAX * 4 + HOSTKEY_MAX * 4 + 48)
#define MAIN_STATUS_MAX (MAIN_ALERT_NOTE_MAX + 128)

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
	struct snmp_usm *usm; /* the snmpv3-user lines, in net-snmp */
	struct pipeline *pipe;
	struct output_set *outputs;
	struct input_set *inputs;
	struct http_status *http;   /* NULL: no http statement */
	struct agentx *agentx;      /* NULL: no agentx statement */
	struct sdlisten *inherited; /* sockets systemd passed */
	uint64_t test_key[2];       /* test alerts' ids: alert_id_make() */
	uint64_t ntests;
	struct event *expire; /* at the pipeline's next deadline */
	struct event *sig_hup, *sig_term, *sig_int, *sig_usr1, *sig_usr2;
	struct event *drain; /* shutting down: waiting for acknowledgements */
	struct event *tick;  /* STATUS= and WATCHDOG=1, from the loop */
	int64_t tick_ms;
	uint64_t tick_events; /* the events total at the last tick */
	bool is_watchdog;
	char last_alert[MAIN_ALERT_NOTE_MAX]; /* "R on H at T" */
	char status[MAIN_STATUS_MAX];         /* the last STATUS= sent */
	int64_t drain_until_ms;
	char state_path[PATH_MAX]; /* "": no saved state */
	struct event *save;        /* every save-interval */
	pid_t save_pid;            /* a save under way in a child, or 0 */
};

/* The command line. */
struct main_opts {
	bool is_debug, is_check, is_test, is_replay_outputs;
	const char *replay;          /* --replay FILE */
	unsigned int replay_threads; /* --replay-threads N; 0: one per CPU */
	int verbose;
	const char *user;    /* -u: overrides the configuration's */
	const char *pidfile; /* -p */
};

static const char main_usage_text[] =
    "usage: evcorrd [-dhnTvV] [-f file] [-p pidfile] [-u user]\n"
    "  -d, --foreground   stay in the foreground, log to stderr\n"
    "  -f, --config FILE  the configuration (default " MAIN_DEFAULT_CONF ")\n"
    "  -h, --help         this help\n"
    "  -n, --check        check the configuration and exit\n"
    "  -p, --pidfile FILE write the pid to FILE\n"
    "  -T, --test-alert   send one test alert to every destination, report\n"
    "  -u, --user USER    run as USER once the sockets are bound\n"
    "  -v, --verbose      debug logging (repeatable)\n"
    "  -V, --version      print the version and exit\n"
    "       evcorrd [-v] [-f file] --replay FILE|- [--replay-outputs]\n"
    "  --replay FILE      correlate FILE's syslog lines on their own times\n"
    "  --replay-outputs   ...sending alerts to the configured outputs\n"
    "  --replay-threads N decode on N threads (default: one per CPU)\n";

enum {
	MAIN_OPT_REPLAY = 256,
	MAIN_OPT_REPLAY_OUTPUTS,
	MAIN_OPT_REPLAY_THREADS,
};

static __attribute__((noreturn)) void main_usage(FILE *fp, int status);

/* --replay-threads N: 1..REPLAY_THREADS_MAX, else the usage. */
static unsigned int
main_replay_threads(const char *arg)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < 1 ||
	    n > REPLAY_THREADS_MAX) {
		fprintf(stderr, "evcorrd: --replay-threads: %s: not 1..%d\n",
		    arg, REPLAY_THREADS_MAX);
		main_usage(stderr, 1);
	}
	return (unsigned int)n;
}

static __attribute__((noreturn)) void
main_usage(FILE *fp, int status)
{
	fputs(main_usage_text, fp);
	exit(status);
}

static void
main_options(int argc, char *argv[], struct main_opts *o, const char **path)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 'n' },
		{ "config", required_argument, NULL, 'f' },
		{ "foreground", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "replay", required_argument, NULL, MAIN_OPT_REPLAY },
		{ "replay-outputs", no_argument, NULL,
		    MAIN_OPT_REPLAY_OUTPUTS },
		{ "replay-threads", required_argument, NULL,
		    MAIN_OPT_REPLAY_THREADS },
		{ "test-alert", no_argument, NULL, 'T' },
		{ "user", required_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "df:hnp:Tu:vV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case MAIN_OPT_REPLAY:
			o->replay = optarg;
			break;
		case MAIN_OPT_REPLAY_OUTPUTS:
			o->is_replay_outputs = true;
			break;
		case MAIN_OPT_REPLAY_THREADS:
			o->replay_threads = main_replay_threads(optarg);
			break;
		case 'd':
			o->is_debug = true;
			break;
		case 'f':
			*path = optarg;
			break;
		case 'h':
			main_usage(stdout, 0);
		case 'n':
			o->is_check = true;
			break;
		case 'p':
			o->pidfile = optarg;
			break;
		case 'T':
			o->is_test = true;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'V':
			printf("evcorrd %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			main_usage(stderr, 1);
		}
	}
	if (optind != argc ||
	    ((o->is_replay_outputs || o->replay_threads != 0) &&
		o->replay == NULL))
		main_usage(stderr, 1);
}

/*
 * Under systemd, StateDirectory= is always below /var/lib, whatever the
 * localstatedir: its $STATE_DIRECTORY (the first of a colon-separated
 * list) replaces the built-in default, never a state-directory line.
 */
static void
main_state_dir(struct conf *conf)
{
	const char *env = getenv("STATE_DIRECTORY");
	size_t len;

	if (conf->has_state_dir || env == NULL || env[0] != '/')
		return;
	len = strcspn(env, ":");
	free(conf->state_dir);
	conf->state_dir = xstrndup(env, len);
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
	if (conf != NULL) {
		main_state_dir(conf);
		return conf;
	}
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

/* 127.0.0.0/8 (stored IPv4-mapped) or ::1. */
static bool
main_is_loopback(const char *text)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t one[16] = { [15] = 1 };
	struct conf_addr a;

	if (conf_addr_parse(text, &a) == -1)
		return false;
	return (memcmp(a.bytes, mapped, sizeof(mapped)) == 0 &&
		   a.bytes[12] == 127) ||
	    memcmp(a.bytes, one, sizeof(one)) == 0;
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
	if (conf->http.is_on && !main_is_loopback(conf->http.addr))
		log_warnx("%s:%d: http on %s: not loopback, and there is no "
			  "authentication: firewall it",
		    conf->http.file, conf->http.line, conf->http.addr);
}

/* One line of the SIGUSR1 dump. */
static bool
main_dump_one(const struct correlator_view *v, void *arg)
{
	char ehost[HOSTKEY_MAX * 4], t[CIVIL_RFC3339_MAX], a[CIVIL_RFC3339_MAX];
	size_t *n = arg;

	if ((*n)++ >= MAIN_DUMP_MAX)
		return false;
	t[0] = a[0] = '\0';
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
	size_t n = 0;

	pipeline_foreach_window(st->pipe, main_dump_one, &n);
	log_info("windows: %zu of %zu shown",
	    n < MAIN_DUMP_MAX ? n : MAIN_DUMP_MAX, pipeline_windows(st->pipe));
}

/* Every counter's total on one line: SIGUSR1 and shutdown. */
static void
main_stats_log(const struct main_state *st)
{
	char line[MAIN_STATS_MAX];

	counter_registry_format(st->reg, line, sizeof(line));
	log_info("stats: %s", line);
}

/* The last alert, for the STATUS= line. */
static void
main_note_alert(struct main_state *st, const char *rule, const char *host,
    const struct clock_stamp *now)
{
	char when[32], erule[CONF_RULE_NAME_MAX * 4];
	time_t t = (time_t)(now->wall_ms / 1000);
	struct tm tm;

	escape_text(rule, strlen(rule), erule, sizeof(erule));
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof(when), "%H:%M:%SZ", &tm) == 0)
		(void)snprintf(when, sizeof(when), "?");
	(void)snprintf(st->last_alert, sizeof(st->last_alert), "%s on %s at %s",
	    erule, host, when);
}

/*
 * Every MAIN_TICK_MS (or half the watchdog interval, if shorter), from
 * the loop: WATCHDOG=1, so systemd sees the loop turn; STATUS= when its
 * text changed, so at most once a tick.
 */
static void
main_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct main_state *st = arg;
	uint64_t events = counter_registry_total(st->reg, "events");
	struct clock_stamp now;
	char msg[MAIN_STATUS_MAX];
	int64_t dt;

	clock_read(&now);
	if (st->is_watchdog)
		sdnotify("WATCHDOG=1");
	dt = now.mono_ms - st->tick_ms;
	if (dt < MAIN_TICK_MS)
		return;
	(void)snprintf(msg, sizeof(msg),
	    "STATUS=%llu events/s, %zu windows open, last alert: %s",
	    (unsigned long long)((events - st->tick_events) * 1000 /
		(uint64_t)dt),
	    pipeline_windows(st->pipe),
	    st->last_alert[0] != '\0' ? st->last_alert : "none");
	st->tick_ms = now.mono_ms;
	st->tick_events = events;
	if (strcmp(msg + 7, st->status) == 0)
		return;
	memcpy(st->status, msg + 7, strlen(msg + 7) + 1);
	sdnotify(msg);
}

/* The tick: its period from $WATCHDOG_USEC when that asks for more. */
static void
main_start_tick(struct main_state *st)
{
	struct timeval tv;
	uint64_t usec;
	int64_t period_ms = MAIN_TICK_MS;

	if ((st->is_watchdog = sdnotify_watchdog(&usec))) {
		if ((int64_t)(usec / 2000) < period_ms)
			period_ms =
			    usec / 2000 > 0 ? (int64_t)(usec / 2000) : 1;
		log_info("systemd watchdog: pinging every %lld ms",
		    (long long)period_ms);
	}
	tv = clock_timeval(period_ms);
	st->tick_ms = st->start.mono_ms;
	if ((st->tick = event_new(st->base, -1, EV_PERSIST, main_tick_cb,
		 st)) == NULL ||
	    evtimer_add(st->tick, &tv) == -1)
		fatalx("cannot arm the status timer");
}

/* The pipeline's hook: one alert, after the correlator returned. */
static void
main_deliver(struct alert *a, const struct clock_stamp *now, void *arg)
{
	struct main_state *st = arg;
	char ehost[HOSTKEY_MAX * 4];

	escape_text(a->host, strlen(a->host), ehost, sizeof(ehost));
	main_note_alert(st, a->rule, ehost, now);
	agentx_note_alert(st->agentx, a);
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

/*
 * One test alert (kind test, evcorrd -T and POST /test-alert) to every
 * output; its id into id.  The engine is not involved.
 */
static void
main_test_deliver(char id[ALERT_ID_MAX], void *arg)
{
	struct main_state *st = arg;
	struct clock_stamp now;
	char host[256];
	struct alert *a;

	if (st->ntests == 0)
		main_seed(st->test_key);
	if (gethostname(host, sizeof(host)) == -1)
		(void)snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	alert_id_make(st->test_key, st->ntests++, id);
	clock_read(&now);
	a = test_alert_new(host, id, now.wall_ms);
	agentx_note_alert(st->agentx, a);
	output_set_deliver(st->outputs, a, &now);
	alert_free(a);
}

static size_t
main_pending(void *arg)
{
	struct main_state *st = arg;

	return output_set_pending(st->outputs);
}

/* GET /healthz: every listener open, not stopping. */
static bool
main_http_healthy(char *reason, size_t len, void *arg)
{
	struct main_state *st = arg;
	size_t open = input_set_count(st->inputs);

	if (st->drain != NULL) {
		(void)snprintf(reason, len, "shutting down");
		return false;
	}
	if (open < st->conf->nlistens) {
		(void)snprintf(reason, len, "%zu of %zu listeners open", open,
		    st->conf->nlistens);
		return false;
	}
	return true;
}

/* GET /metrics: the gauges beside the counters. */
static size_t
main_http_gauges(struct metrics_gauge *g, size_t max, void *arg)
{
	struct main_state *st = arg;
	struct clock_stamp now;
	size_t n = 0;

	if (max < 4)
		return 0;
	clock_read(&now);
	g[n++] = (struct metrics_gauge){ "windows_open",
		"(rule, host) states held: windows, holddowns, counts",
		(double)pipeline_windows(st->pipe) };
	g[n++] = (struct metrics_gauge){ "listeners_open", "listeners open",
		(double)input_set_count(st->inputs) };
	g[n++] = (struct metrics_gauge){ "notifications_pending",
		"notifications sent and not yet acknowledged",
		(double)output_set_pending(st->outputs) };
	g[n++] = (struct metrics_gauge){ "uptime_seconds",
		"seconds since the daemon started",
		(double)(now.mono_ms - st->start.mono_ms) / 1000.0 };
	return n;
}

/*
 * Opens, keeps or closes the HTTP endpoint as st->conf says.  Returns 0,
 * or -1 (logged) when it cannot listen.
 */
static int
main_http_sync(struct main_state *st)
{
	struct http_status_env env = { st->base, st->pipe, st->reg,
		{ main_http_healthy, main_http_gauges, main_test_deliver,
		    main_pending, st },
		st->inherited };

	if (st->http != NULL && http_status_is_same(st->http, &st->conf->http))
		return 0;
	http_status_close(st->http);
	st->http = NULL;
	if (!st->conf->http.is_on)
		return 0;
	st->http = http_status_open(&env, &st->conf->http);
	return st->http == NULL ? -1 : 0;
}

/* AgentX: each output's queue (output_set_foreach_queue()). */
static void
main_agentx_queues(output_set_queue_fn *fn, void *fn_arg, void *arg)
{
	struct main_state *st = arg;

	output_set_foreach_queue(st->outputs, fn, fn_arg);
}

static void
main_agentx_start(struct main_state *st)
{
	struct agentx_env env = { st->base, st->pipe, st->reg,
		{ main_pending, main_agentx_queues, st } };

	if (st->agentx != NULL)
		agentx_start(st->agentx, &env);
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

/* What a v3 sender of traps configures as our engine ID (informs discover it).
 */
static void
main_log_engine_id(const struct conf *conf)
{
	char eid[SNMP_USM_ENGINE_ID_MAX * 2 + 1];

	snmp_usm_engine_id_text(eid, sizeof(eid));
	log_info("SNMP engine ID %s, %zu snmpv3-user%s", eid, conf->nusm_users,
	    conf->nusm_users == 1 ? "" : "s");
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
	if (!agentx_is_same(st->agentx, &conf->agentx))
		log_warnx("agentx changed: takes effect at restart");
	st->conf = conf;
	snmp_usm_free(st->usm);
	st->usm = snmp_usm_load(conf->usm_users, conf->nusm_users);
	pipeline_reconf(st->pipe, conf, &now);
	if (st->save != NULL) {
		struct timeval tv = clock_timeval(conf->save_interval_ms);

		evtimer_del(st->save);
		if (conf->save_interval_ms > 0)
			evtimer_add(st->save, &tv);
	}
	if (input_set_sync(st->inputs, conf) > 0)
		counter_inc(&st->counters, MC_RELOAD_ERRORS);
	if (main_http_sync(st) == -1)
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
	http_status_close(st->http);
	st->http = NULL;
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
	case SIGUSR2: /* logrotate: reopen the alert files, nothing else */
		output_set_reopen(st->outputs);
		log_info("alert files reopened (SIGUSR2)");
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

/* A socket systemd passed that no listen line takes (kept: a reload may). */
static void
main_unused_socket(const char *name, const char *where, void *arg)
{
	log_warnx("systemd passed a socket (%s) on %s that no listen line "
		  "names: not used",
	    name[0] != '\0' ? name : "unnamed", where);
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
	/*
	 * Signals first: one that comes while the state loads or a listener
	 * opens (a test that saw the port bound, an operator's HUP) waits
	 * for the loop instead of killing the daemon by its default action.
	 */
	signal(SIGPIPE, SIG_IGN);
	st->sig_hup = main_signal(st, SIGHUP);
	st->sig_term = main_signal(st, SIGTERM);
	st->sig_int = main_signal(st, SIGINT);
	st->sig_usr1 = main_signal(st, SIGUSR1);
	st->sig_usr2 = main_signal(st, SIGUSR2);
	clock_read(&st->start);
	st->reg = counter_registry_new();
	log_info("state directory %s",
	    st->conf->state_dir ? st->conf->state_dir : "none");
	if (st->conf->agentx.is_on)
		st->agentx = agentx_new(&st->conf->agentx);
	st->snmp = snmp_setup_init_agentx(st->conf->state_dir,
	    st->conf->agentx.is_on ? st->conf->agentx.socket : NULL);
	st->usm = snmp_usm_load(st->conf->usm_users, st->conf->nusm_users);
	main_log_engine_id(st->conf);
	main_start_engine(st);
	counter_set_init(&st->counters, main_counters, MC_COUNT, "daemon",
	    "evcorrd");
	main_state_init(st);
	main_state_load(st);
	main_state_start(st);
	ienv.base = st->base;
	ienv.pipe = st->pipe;
	ienv.inherited = st->inherited = sdlisten_new();
	if (sdlisten_count(st->inherited) > 0)
		log_info("systemd passed %zu sockets",
		    sdlisten_count(st->inherited));
	st->inputs = input_set_new(&ienv, st->reg);
	pipeline_register(st->pipe, st->reg);
	oenv.base = st->base;
	oenv.start = st->start;
	st->outputs = output_set_new(&oenv, st->reg);
	if (output_set_sync(st->outputs, st->conf, &st->start) == -1)
		fatalx("cannot open the configured outputs");
	if (input_set_sync(st->inputs, st->conf) > 0)
		fatalx("cannot open every configured listener");
	http_status_declare(st->reg);
	if (main_http_sync(st) == -1)
		fatalx("cannot open the http endpoint");
	main_agentx_start(st);
	sdlisten_foreach_unused(st->inherited, main_unused_socket, NULL);
	counter_registry_add(st->reg, &st->counters);
	main_conf_warn(st->conf);
	main_start_tick(st);
}

static void
main_stop(struct main_state *st)
{
	input_set_free(st->inputs);
	http_status_close(st->http);
	main_state_save_now(st);
	output_set_free(st->outputs);
	main_stats_log(st);
	pipeline_free(st->pipe);
	event_free(st->expire);
	event_free(st->sig_hup);
	event_free(st->sig_term);
	event_free(st->sig_int);
	event_free(st->sig_usr1);
	event_free(st->tick);
	event_free(st->sig_usr2);
	if (st->drain != NULL)
		event_free(st->drain);
	if (st->save != NULL)
		event_free(st->save);
	snmp_usm_free(st->usm);
	agentx_close(st->agentx);
	snmp_setup_shutdown(st->snmp);
	sdlisten_free(st->inherited);
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
	/* no /dev/log: keep stderr, rather than log to nowhere */
	bool has_syslog = access(MAIN_DEV_LOG, W_OK) == 0;

	if (!has_syslog)
		log_warnx("no %s: detached, logging to stderr", MAIN_DEV_LOG);
	if (daemon(0, has_syslog ? 0 : 1) == -1)
		fatal("daemon");
	if (event_reinit(st->base) == -1)
		fatalx("event_reinit failed");
	if (has_syslog)
		log_init(LOG_TO_SYSLOG, log_get_verbose());
}

/* -T: waits for the test alert's acknowledgements, bounded. */
static void
main_test_wait_cb(evutil_socket_t fd, short what, void *arg)
{
	struct main_state *st = arg;
	struct timeval tick = clock_timeval(MAIN_DRAIN_TICK_MS);
	struct clock_stamp now;

	clock_read(&now);
	/* at least MAIN_TEST_MIN_MS: a refusal (ICMP) comes back late */
	if ((output_set_pending(st->outputs) == 0 &&
		now.mono_ms - st->start.mono_ms >= MAIN_TEST_MIN_MS) ||
	    now.mono_ms >= st->drain_until_ms) {
		event_base_loopexit(st->base, NULL);
		return;
	}
	evtimer_add(st->drain, &tick);
}

/* -T: prints one verdict per destination; 0 only if every one took it. */
static int
main_test_report(const struct test_alert_snap *before,
    const struct test_alert_snap *after)
{
	static const char *const words[] = { "delivered", "failed",
		"not acknowledged" };
	struct test_alert_result res[TEST_ALERT_DEST_MAX];
	size_t n = test_alert_judge(before, after, res, TEST_ALERT_DEST_MAX);
	int rc = n > 0 ? 0 : 1;

	if (n == 0)
		printf("no target and no alert-log: nowhere to send it\n");
	for (size_t i = 0; i < n; i++) {
		printf("%s: %s%s%s\n", res[i].what, words[res[i].verdict],
		    res[i].why[0] != '\0' ? ": " : "", res[i].why);
		if (res[i].verdict != TEST_ALERT_DELIVERED)
			rc = 1;
	}
	return rc;
}

/*
 * -T: one test alert through every configured target and alert log, no
 * listener and no correlation state; waits up to MAIN_TEST_WAIT_MS for
 * informs to be acknowledged, then reports.
 */
static int
main_test_alert(struct main_state *st)
{
	struct test_alert_snap *before, *after;
	struct output_env oenv;
	char id[ALERT_ID_MAX];
	int rc;

	if ((st->base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	clock_read(&st->start);
	st->reg = counter_registry_new();
	st->snmp = snmp_setup_init(NULL); /* the service's state untouched */
	oenv.base = st->base;
	oenv.start = st->start;
	st->outputs = output_set_new(&oenv, st->reg);
	if (output_set_sync(st->outputs, st->conf, &st->start) == -1)
		fatalx("cannot open the configured outputs");
	before = test_alert_snap_take(st->reg);
	main_test_deliver(id, st);
	st->drain_until_ms = st->start.mono_ms + MAIN_TEST_WAIT_MS;
	if ((st->drain = evtimer_new(st->base, main_test_wait_cb, st)) == NULL)
		fatalx("evtimer_new failed");
	main_test_wait_cb(-1, 0, st);
	event_base_dispatch(st->base);
	after = test_alert_snap_take(st->reg);
	printf("test alert %s:\n", id);
	rc = main_test_report(before, after);
	test_alert_snap_free(before);
	test_alert_snap_free(after);
	output_set_free(st->outputs);
	event_free(st->drain);
	snmp_setup_shutdown(st->snmp);
	counter_registry_free(st->reg);
	event_base_free(st->base);
	return rc;
}

/* -n: the warnings the daemon would print, then which file was checked. */
static void
main_check(struct main_state *st)
{
	main_conf_warn(st->conf);
	if (st->conf_path != NULL)
		printf("configuration OK: %s\n", st->conf_path);
	else
		printf("configuration OK: the built-in default (no %s)\n",
		    MAIN_DEFAULT_CONF);
}

/*
 * Once the sockets are bound: become -u's or the configuration's user;
 * started as root without one (and not by systemd, which sets User=),
 * say so.  Then the pid file, with the pid that stays.
 */
static void
main_privileges(struct main_state *st, const struct main_opts *o,
    bool under_systemd)
{
	const char *user = o->user != NULL ? o->user : st->conf->user;
	const char **paths;
	size_t npaths = 0;
	char err[256];

	if (user != NULL) {
		/* the Unix sockets bound as root become the user's */
		paths = xcalloc(st->conf->nlistens + 1, sizeof(*paths));
		for (size_t i = 0; i < st->conf->nlistens; i++)
			if (st->conf->listens[i].kind ==
			    CONF_LISTEN_SYSLOG_UNIX)
				paths[npaths++] = st->conf->listens[i].path;
		if (priv_drop(user, paths, npaths, err, sizeof(err)) == -1)
			fatalx("%s", err);
		free(paths);
		log_info("running as user %s", user);
	} else if (geteuid() == 0 && !under_systemd) {
		log_warnx("running as root: use -u user or `user` in the "
			  "configuration");
	}
}

static void
main_pidfile(const struct main_opts *o)
{
	if (o->pidfile != NULL && priv_pidfile_write(o->pidfile) == -1)
		fatal("pid file %s", o->pidfile);
}

int
main(int argc, char *argv[])
{
	struct main_state st;
	struct main_opts o;
	char *abs_path = NULL;
	bool under_systemd =
	    getenv("NOTIFY_SOCKET") != NULL || getenv("JOURNAL_STREAM") != NULL;

	memset(&st, 0, sizeof(st));
	memset(&o, 0, sizeof(o));
	main_options(argc, argv, &o, &st.conf_path);
	log_init(o.is_debug || !under_systemd || o.is_check ? LOG_TO_STDERR
							    : LOG_TO_JOURNAL,
	    o.verbose);

	if (st.conf_path == NULL && access(MAIN_DEFAULT_CONF, F_OK) == 0)
		st.conf_path = MAIN_DEFAULT_CONF;
	/* SIGHUP re-reads it after daemon() has changed to / */
	if (st.conf_path != NULL && (abs_path = realpath(st.conf_path, NULL)))
		st.conf_path = abs_path;
	if ((st.conf = main_load_conf(st.conf_path, true)) == NULL) {
		free(abs_path);
		return 1;
	}
	if (o.replay != NULL) {
		int rc = replay_run(st.conf, o.replay, o.is_replay_outputs,
		    o.replay_threads);

		conf_free(st.conf);
		free(abs_path);
		return rc;
	}
	if (o.is_test) {
		int rc = main_test_alert(&st);

		conf_free(st.conf);
		free(abs_path);
		return rc;
	}
	if (o.is_check) {
		main_check(&st);
		conf_free(st.conf);
		free(abs_path);
		return 0;
	}
	if (st.conf_path == NULL)
		log_info("no %s: running the built-in default configuration",
		    MAIN_DEFAULT_CONF);

	main_start(&st);
	main_privileges(&st, &o, under_systemd);
	if (!o.is_debug && !under_systemd)
		main_detach(&st);
	main_pidfile(&o);
	log_info("evcorrd %s started: %zu rules, %zu listeners, %zu targets",
	    PACKAGE_VERSION, st.conf->nrules, input_set_count(st.inputs),
	    st.conf->ntargets);
	sdnotify("READY=1\nSTATUS=correlating, no alert yet");
	event_base_dispatch(st.base);
	main_stop(&st);
	if (o.pidfile != NULL)
		(void)unlink(o.pidfile);
	log_info("evcorrd stopped");
	free(abs_path);
	return 0;
}
