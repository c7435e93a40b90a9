/* SPDX-License-Identifier: ISC */
/*
 * evcorrd: options, startup order, signals, sd_notify, reload, shutdown.
 * Everything else lives in libcore; main() reads as the startup order.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "clock.h"
#include "conf.h"
#include "conf_parse.h"
#include "default_conf.h"
#include "emit.h"
#include "ingest.h"
#include "listen_syslog.h"
#include "listen_trap.h"
#include "log.h"
#include "sdnotify.h"
#include "snmp_setup.h"
#include "stats.h"
#include "xmalloc.h"

#define MAIN_DEFAULT_CONF SYSCONFDIR "/evcorrd.conf"
#define MAIN_DEFAULT_NAME "(built-in default)"
#define MAIN_DRAIN_MS 5000 /* informs get this long at shutdown */
#define MAIN_DRAIN_TICK_MS 100

/* One open listener of either kind, matched across reloads by kind/addr/port.
 */
struct main_listener {
	enum conf_listen_kind kind;
	char addr[CONF_ADDR_MAX];
	uint16_t port;
	struct listen_syslog *syslog;
	struct listen_trap *trap;
};

struct main_state {
	struct event_base *base;
	const char *conf_path; /* NULL: the built-in default */
	struct conf *conf;
	struct emit *emit;
	struct ingest *ingest;
	struct main_listener *listeners;
	size_t nlisteners;
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

static bool
main_listener_is(const struct main_listener *ml, const struct conf_listen *cl)
{
	return ml->kind == cl->kind && ml->port == cl->port &&
	    strcmp(ml->addr, cl->addr) == 0;
}

static void
main_listener_close(struct main_listener *ml)
{
	listen_syslog_close(ml->syslog);
	listen_trap_close(ml->trap);
	ml->syslog = NULL;
	ml->trap = NULL;
}

static int
main_listener_open(struct main_state *st, const struct conf_listen *cl,
    struct main_listener *ml)
{
	memset(ml, 0, sizeof(*ml));
	ml->kind = cl->kind;
	snprintf(ml->addr, sizeof(ml->addr), "%s", cl->addr);
	ml->port = cl->port;
	if (cl->kind == CONF_LISTEN_TRAP)
		ml->trap = listen_trap_open(st->base, cl, st->ingest);
	else
		ml->syslog =
		    listen_syslog_open(st->base, st->conf, cl, st->ingest);
	return ml->trap == NULL && ml->syslog == NULL ? -1 : 0;
}

/*
 * Brings the open listeners in line with st->conf: keeps those still
 * configured (handing them the new conf), closes the others, then opens
 * the new ones, so that a changed address can take over a port the old
 * one held.  Returns the number that failed to open.
 */
static int
main_listeners_sync(struct main_state *st)
{
	const struct conf *conf = st->conf;
	struct main_listener *next, *old;
	size_t n = 0;
	int failed = 0;

	next = xcalloc(conf->nlistens + 1, sizeof(*next));
	for (size_t i = 0; i < conf->nlistens; i++) {
		const struct conf_listen *cl = &conf->listens[i];

		old = NULL;
		for (size_t j = 0; j < st->nlisteners && old == NULL; j++)
			if (main_listener_is(&st->listeners[j], cl) &&
			    (st->listeners[j].syslog || st->listeners[j].trap))
				old = &st->listeners[j];
		if (old == NULL)
			continue;
		next[i] = *old;
		old->syslog = NULL;
		old->trap = NULL;
		if (next[i].syslog)
			listen_syslog_reconf(next[i].syslog, conf);
		else
			listen_trap_reconf(next[i].trap, cl);
	}
	for (size_t j = 0; j < st->nlisteners; j++)
		main_listener_close(&st->listeners[j]);
	free(st->listeners);
	for (size_t i = 0; i < conf->nlistens; i++) {
		if (next[i].syslog == NULL && next[i].trap == NULL &&
		    main_listener_open(st, &conf->listens[i], &next[i]) == -1) {
			failed++;
			continue;
		}
		next[n++] = next[i];
	}
	st->listeners = next;
	st->nlisteners = n;
	return failed;
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

static void
main_reload(struct main_state *st)
{
	struct conf *conf, *old = st->conf;

	sdnotify_reloading();
	stats_inc(STATS_RELOADS);
	log_info("reloading %s",
	    st->conf_path ? st->conf_path : MAIN_DEFAULT_NAME);
	if ((conf = main_load_conf(st->conf_path, false)) == NULL) {
		stats_inc(STATS_RELOAD_ERRORS);
		log_warnx("reload failed: keeping the running configuration");
		goto out;
	}
	if (emit_reconf(st->emit, conf) == -1) {
		stats_inc(STATS_RELOAD_ERRORS);
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
	ingest_reconf(st->ingest, conf);
	if (main_listeners_sync(st) > 0)
		stats_inc(STATS_RELOAD_ERRORS);
	emit_reopen(st->emit);
	conf_free(old);
	log_info("reloaded: %zu rules, %zu listeners, %zu targets",
	    conf->nrules, st->nlisteners, conf->ntargets);
out:
	sdnotify("READY=1");
}

/*
 * Waits (bounded) for informs still unacknowledged, then leaves the loop.
 */
static void
main_drain_cb(evutil_socket_t fd, short what, void *arg)
{
	struct main_state *st = arg;
	struct timeval tick = { 0, MAIN_DRAIN_TICK_MS * 1000 };
	size_t pending = emit_pending(st->emit);

	if (pending == 0 || clock_now_ms() >= st->drain_until_ms) {
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
 * SIGTERM/SIGINT: stop receiving (close the listeners), then give the
 * outputs up to MAIN_DRAIN_MS to flush; a second signal exits at once.
 */
static void
main_shutdown(struct main_state *st, int sig)
{
	if (st->drain != NULL) {
		log_info("received signal %d again: exiting now", sig);
		event_base_loopexit(st->base, NULL);
		return;
	}
	log_info("received signal %d: shutting down", sig);
	sdnotify("STOPPING=1");
	for (size_t i = 0; i < st->nlisteners; i++)
		main_listener_close(&st->listeners[i]);
	st->nlisteners = 0;
	st->drain_until_ms = clock_now_ms() + MAIN_DRAIN_MS;
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
		stats_log();
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

static void
main_start(struct main_state *st)
{
	if ((st->base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	snmp_setup_init(st->conf->state_dir);
	if ((st->emit = emit_new(st->base, st->conf)) == NULL)
		fatalx("cannot open the configured outputs");
	st->ingest = ingest_new(st->base, st->conf, st->emit);
	if (main_listeners_sync(st) > 0)
		fatalx("cannot open every configured listener");
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
	for (size_t i = 0; i < st->nlisteners; i++)
		main_listener_close(&st->listeners[i]);
	free(st->listeners);
	emit_free(st->emit);
	ingest_free(st->ingest);
	stats_log();
	event_free(st->sig_hup);
	event_free(st->sig_term);
	event_free(st->sig_int);
	event_free(st->sig_usr1);
	if (st->drain != NULL)
		event_free(st->drain);
	snmp_setup_shutdown();
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
	    PACKAGE_VERSION, st.conf->nrules, st.nlisteners, st.conf->ntargets);
	sdnotify("READY=1\nSTATUS=correlating");
	event_base_dispatch(st.base);
	main_stop(&st);
	log_info("evcorrd stopped");
	free(abs_path);
	return 0;
}
