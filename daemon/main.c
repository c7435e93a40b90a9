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

#include <errno.h>
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
#include "core/clock.h"
#include "core/counter.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/sdnotify.h"
#include "core/snmp_setup.h"
#include "core/snmp_usm.h"
#include "engine/alert.h"
#include "engine/pipeline.h"
#include "input/input_set.h"
#include "output/output_set.h"

#define MAIN_DEFAULT_CONF SYSCONFDIR "/evcorrd.conf"
#define MAIN_DEFAULT_NAME "(built-in default)"
#define MAIN_DRAIN_MS 5000 /* informs get this long at shutdown */
#define MAIN_DRAIN_TICK_MS 100
#define MAIN_STATS_MAX 4096

enum main_counter {
	MC_RELOADS,
	MC_RELOAD_ERRORS,
	MC_COUNT,
};

static const struct counter_def main_counters[MC_COUNT] = {
	[MC_RELOADS] = { "reloads", "configuration reloads (SIGHUP)" },
	[MC_RELOAD_ERRORS] = { "reload_errors",
	    "reloads refused or partly failed" },
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
	struct event *expire; /* at the pipeline's next deadline */
	struct event *sig_hup, *sig_term, *sig_int, *sig_usr1;
	struct event *drain; /* shutting down: waiting for acknowledgements */
	int64_t drain_until_ms;
};

static __attribute__((noreturn)) void
main_usage(void)
{
	fprintf(stderr, "usage: evcorrd [-dnvV] [-f file]\n");
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
	log_info("alert: rule %s host %s: event %u then %u, %llu suppressed "
		 "before",
	    a->rule, ehost, a->open.event_id, a->close.event_id,
	    (unsigned long long)a->suppressed);
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
	st->conf = conf;
	snmp_usm_free(st->usm);
	st->usm = snmp_usm_load(conf->usm_users, conf->nusm_users);
	pipeline_reconf(st->pipe, conf, &now);
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
	st->usm = snmp_usm_load(st->conf->usm_users, st->conf->nusm_users);
	main_log_engine_id(st->conf);
	main_start_engine(st);
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
	counter_set_init(&st->counters, main_counters, MC_COUNT, "daemon",
	    "evcorrd");
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
	snmp_usm_free(st->usm);
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
	bool is_debug = false, is_check = false;
	char *abs_path = NULL;
	int ch, verbose = 0;
	bool under_systemd =
	    getenv("NOTIFY_SOCKET") != NULL || getenv("JOURNAL_STREAM") != NULL;

	memset(&st, 0, sizeof(st));
	st.conf_path = NULL;
	while ((ch = getopt(argc, argv, "df:hnvV")) != -1) {
		switch (ch) {
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
