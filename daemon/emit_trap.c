/* SPDX-License-Identifier: ISC */
/*
 * Alerts as EVCORR-MIB evcorrAlertNotification (SNMPv2c trap or inform,
 * the PDU built by emit_trap_pdu.c), one net-snmp session per configured
 * target.  A trap is sent and forgotten; an inform waits for its RESPONSE
 * while the library retries, its socket (connected to the target,
 * non-blocking) and retry timer driven from the libevent loop.  A reload
 * keeps unchanged targets with their pending informs and lets removed or
 * changed ones drain first.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include "clock.h"
#include "emit_trap.h"
#include "emit_trap_pdu.h"
#include "escape.h"
#include "log.h"
#include "stats.h"
#include "xmalloc.h"

#define EMIT_TRAP_TIMEOUT_US (2 * 1000 * 1000) /* per inform attempt */
#define EMIT_TRAP_RETRIES 3        /* an inform gives up after 4 tries, 8 s */
#define EMIT_TRAP_PENDING_MAX 1024 /* unacknowledged informs per target */
#define EMIT_TRAP_PEERNAME_MAX (CONF_ADDR_MAX + 16)

/* A target removed or changed by a reload is freed by then at the latest. */
#define EMIT_TRAP_DRAIN_MS                                                     \
	((EMIT_TRAP_RETRIES + 1) * (EMIT_TRAP_TIMEOUT_US / 1000) + 2000)

struct emit_trap;

struct emit_trap_target {
	struct emit_trap *t;
	struct emit_trap_target *next; /* on t->retired */
	struct conf_target conf;       /* as opened: a reload compares it */
	char *name;                    /* conf.name */
	char peername[EMIT_TRAP_PEERNAME_MAX]; /* "udp:192.0.2.1:162" */
	bool is_retired; /* removed or changed by a reload: draining */
	bool is_closing; /* in snmp_sess_close(): callbacks only count */
	void *sessp;
	struct event *ev_read;
	struct event *timer;
	size_t pending;      /* informs awaiting their RESPONSE */
	int64_t close_by_ms; /* retired: freed by then at the latest */
};

struct emit_trap {
	struct event_base *base;
	struct emit_trap_target **targets; /* those of the running conf */
	size_t ntargets;
	struct emit_trap_target *retired; /* draining after a reload */
	struct event *reap;               /* frees drained retired targets */
	int64_t start_ms; /* CLOCK_BOOTTIME ms when the daemon started */
	struct log_rate rate;
};

static int64_t
emit_trap_boottime_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Field 22 of /proc/self/stat: the process start, clock ticks since boot. */
static int64_t
emit_trap_process_start_read(void)
{
	char buf[1024], *p, *end;
	unsigned long long ticks;
	long hz = sysconf(_SC_CLK_TCK);
	size_t n;
	FILE *fp;
	int field;

	if (hz <= 0 || (fp = fopen("/proc/self/stat", "re")) == NULL)
		return emit_trap_boottime_ms();
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* fields after the command name, which may hold spaces and ')' */
	if ((p = strrchr(buf, ')')) == NULL)
		return emit_trap_boottime_ms();
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return emit_trap_boottime_ms();
	errno = 0;
	ticks = strtoull(p + 1, &end, 10);
	if (errno != 0 || end == p + 1)
		return emit_trap_boottime_ms();
	return (int64_t)(ticks * 1000 / (unsigned long long)hz);
}

/*
 * sysUpTime.0 is the daemon's uptime, not this object's: a reload that
 * recreates the emitter must not look like a restart.  Read once, on the
 * first call: the daemon is one process, its start time never changes.
 */
static int64_t
emit_trap_process_start_ms(void)
{
	static int64_t start_ms = -1;

	if (start_ms == -1)
		start_ms = emit_trap_process_start_read();
	return start_ms;
}

/*
 * A request-id nobody can predict (RFC 3416 leaves it to the sender):
 * with the connected socket, an off-path host cannot forge an ack.
 * Keeps the library's sequential id if the kernel has no randomness yet.
 */
static void
emit_trap_reqid(netsnmp_pdu *pdu)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		return;
	r &= 0x7fffffffu;
	pdu->reqid = r != 0 ? (long)r : 1;
}

/*
 * The notification for a, with the daemon's uptime as sysUpTime.0 (in
 * TimeTicks, which wrap after 497 days) and, for an inform, a random
 * request-id.
 */
static netsnmp_pdu *
emit_trap_build(const struct emit_trap *t, const struct alert *a,
    bool is_inform)
{
	int64_t up = emit_trap_boottime_ms() - t->start_ms;
	uint32_t ticks = (uint32_t)((up > 0 ? up : 0) / 10);
	netsnmp_pdu *pdu = emit_trap_pdu_new(a, ticks, is_inform);

	if (pdu == NULL)
		fatalx("emit_trap: out of memory");
	if (is_inform)
		emit_trap_reqid(pdu);
	return pdu;
}

/* Keeps the retry timer at the library's next deadline. */
static void
emit_trap_arm(struct emit_trap_target *tg)
{
	netsnmp_large_fd_set fds;
	struct timeval tv = { 0, 0 };
	int numfds = 0, block = 1;

	if (tg->is_closing)
		return;
	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	(void)snmp_sess_select_info2_flags(tg->sessp, &numfds, &fds, &tv,
	    &block, NETSNMP_SELECT_NOALARMS);
	netsnmp_large_fd_set_cleanup(&fds);
	if (block)
		evtimer_del(tg->timer);
	else
		evtimer_add(tg->timer, &tv);
}

static void emit_trap_failed(struct emit_trap_target *tg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Counts one notification lost; the log line is rate-limited. */
static void
emit_trap_failed(struct emit_trap_target *tg, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	stats_inc(STATS_TRAP_SEND_ERRORS);
	if (tg->is_closing || !log_rate_allow(&tg->t->rate, clock_now_ms()))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("target %s (%s): %s", tg->name, tg->peername, msg);
}

static const char *
emit_trap_errstr(const struct emit_trap_target *tg)
{
	const netsnmp_session *s = snmp_sess_session(tg->sessp);

	return snmp_api_errstring(s != NULL ? s->s_snmp_errno : SNMPERR_GENERR);
}

/* A retired target with nothing pending is freed from the loop. */
static void
emit_trap_drained(struct emit_trap_target *tg)
{
	struct timeval now = { 0, 0 };

	if (tg->is_retired && !tg->is_closing && tg->pending == 0)
		evtimer_add(tg->t->reap, &now);
}

static int
emit_trap_inform_cb(int op, netsnmp_session *sess, int reqid, netsnmp_pdu *pdu,
    void *magic)
{
	struct emit_trap_target *tg = magic;

	/* a retry in progress: the request stays pending */
	if (op == NETSNMP_CALLBACK_OP_RESEND) {
		log_debug("target %s: inform %d: resent", tg->name, reqid);
		return 1;
	}
	if (tg->pending > 0)
		tg->pending--;
	switch (op) {
	case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE:
		if (pdu != NULL && pdu->command == SNMP_MSG_RESPONSE &&
		    pdu->errstat == SNMP_ERR_NOERROR)
			stats_inc(STATS_TRAPS_SENT);
		else
			emit_trap_failed(tg, "inform %d: error response: %s",
			    reqid,
			    pdu != NULL ? snmp_errstring((int)pdu->errstat)
					: "none");
		break;
	case NETSNMP_CALLBACK_OP_TIMED_OUT:
		emit_trap_failed(tg,
		    "inform %d: no acknowledgement after %d "
		    "tries",
		    reqid, EMIT_TRAP_RETRIES + 1);
		break;
	default:
		emit_trap_failed(tg, "inform %d: send failed (%d)", reqid, op);
		break;
	}
	emit_trap_drained(tg);
	return 1;
}

/*
 * net-snmp's post-parse hook: a message that is not a v2c message with
 * our community does not acknowledge anything.  Returning 0 makes the
 * library drop it before matching it to a request, so the inform stays
 * pending and is retried.  (The connected socket already keeps out
 * datagrams from any other address and port.)
 */
static int
emit_trap_post_parse_cb(netsnmp_session *sp, netsnmp_pdu *pdu, int result)
{
	struct emit_trap_target *tg = sp != NULL ? sp->myvoid : NULL;
	size_t len;

	if (tg == NULL || pdu == NULL || result != SNMPERR_SUCCESS)
		return 1;
	len = strlen(tg->conf.community);
	if (pdu->version == SNMP_VERSION_2c && pdu->community != NULL &&
	    pdu->community_len == len &&
	    memcmp(pdu->community, tg->conf.community, len) == 0)
		return 1;
	stats_inc(STATS_TRAP_INFORM_ACK_ERRORS);
	if (!tg->is_closing && log_rate_allow(&tg->t->rate, clock_now_ms()))
		log_warnx("target %s (%s): message %ld with another community "
			  "or version: ignored",
		    tg->name, tg->peername, pdu->reqid);
	return 0;
}

static void
emit_trap_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap_target *tg = arg;
	netsnmp_large_fd_set fds;

	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	NETSNMP_LARGE_FD_SET(fd, &fds);
	(void)snmp_sess_read2(tg->sessp, &fds);
	netsnmp_large_fd_set_cleanup(&fds);
	emit_trap_arm(tg);
}

static void
emit_trap_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap_target *tg = arg;

	snmp_sess_timeout(tg->sessp);
	emit_trap_arm(tg);
}

static void
emit_trap_send_one(struct emit_trap *t, struct emit_trap_target *tg,
    const struct alert *a)
{
	netsnmp_pdu *pdu;

	if (tg->conf.is_inform && tg->pending >= EMIT_TRAP_PENDING_MAX) {
		emit_trap_failed(tg,
		    "rule %s: %zu informs unacknowledged: "
		    "dropped",
		    a->rule->name, tg->pending);
		return;
	}
	pdu = emit_trap_build(t, a, tg->conf.is_inform);
	if (!tg->conf.is_inform) {
		/* the library frees the PDU once sent */
		if (snmp_sess_send(tg->sessp, pdu) == 0) {
			emit_trap_failed(tg, "rule %s: %s", a->rule->name,
			    emit_trap_errstr(tg));
			snmp_free_pdu(pdu);
			return;
		}
		stats_inc(STATS_TRAPS_SENT);
		return;
	}
	if (snmp_sess_async_send(tg->sessp, pdu, emit_trap_inform_cb, tg) ==
	    0) {
		emit_trap_failed(tg, "rule %s: %s", a->rule->name,
		    emit_trap_errstr(tg));
		snmp_free_pdu(pdu);
		return;
	}
	tg->pending++;
	emit_trap_arm(tg);
}

static struct emit_trap_target *
emit_trap_find(struct emit_trap *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ntargets; i++)
		if (strcmp(t->targets[i]->name, name) == 0)
			return t->targets[i];
	return NULL;
}

void
emit_trap_send(struct emit_trap *t, const struct alert *alert)
{
	const struct rule *r;
	struct emit_trap_target *tg;
	size_t i;

	if (t == NULL || alert == NULL || alert->rule == NULL)
		return;
	r = alert->rule;
	if (r->ntargets == 0) {
		for (i = 0; i < t->ntargets; i++)
			emit_trap_send_one(t, t->targets[i], alert);
		return;
	}
	for (i = 0; i < r->ntargets; i++) {
		if ((tg = emit_trap_find(t, r->targets[i])) != NULL) {
			emit_trap_send_one(t, tg, alert);
			continue;
		}
		/* conf_parse checks the names: a broken invariant, counted */
		stats_inc(STATS_TRAP_SEND_ERRORS);
		if (log_rate_allow(&t->rate, clock_now_ms()))
			log_warnx("rule %s: no target named %s", r->name,
			    r->targets[i]);
	}
}

/*
 * Non-blocking, close-on-exec, and connected to the target: the kernel
 * then delivers only datagrams from the target's address and port, so
 * no other host can acknowledge our informs.
 */
static int
emit_trap_socket(struct emit_trap_target *tg, int fd)
{
	struct addrinfo hints, *res;
	char port[8];
	int flags, rc;

	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    (flags = fcntl(fd, F_GETFD)) == -1 ||
	    fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == -1) {
		log_warn("target %s: fcntl", tg->name);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	(void)snprintf(port, sizeof(port), "%u", (unsigned int)tg->conf.port);
	if ((rc = getaddrinfo(tg->conf.addr, port, &hints, &res)) != 0) {
		log_warnx("target %s: %s: %s", tg->name, tg->conf.addr,
		    gai_strerror(rc));
		return -1;
	}
	rc = connect(fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (rc == -1) {
		log_warn("target %s: connect %s", tg->name, tg->peername);
		return -1;
	}
	return 0;
}

/* The session on a transport we opened, with our post-parse hook. */
static int
emit_trap_session(struct emit_trap_target *tg)
{
	netsnmp_session s;
	netsnmp_transport *tr;
	u_char community[CONF_COMMUNITY_MAX];
	int n;

	/* numeric addresses only: net-snmp never resolves a name here */
	if ((tr = netsnmp_tdomain_transport(tg->peername, 0, "udp")) == NULL) {
		log_warnx("target %s: cannot open a socket to %s", tg->name,
		    tg->peername);
		return -1;
	}
	if (emit_trap_socket(tg, tr->sock) == -1) {
		tr->f_close(tr);
		netsnmp_transport_free(tr);
		return -1;
	}
	n = snprintf((char *)community, sizeof(community), "%s",
	    tg->conf.community);
	snmp_sess_init(&s);
	s.version = SNMP_VERSION_2c;
	s.peername = tg->peername;
	s.community = community;
	s.community_len = (size_t)n;
	s.retries = EMIT_TRAP_RETRIES;
	s.timeout = EMIT_TRAP_TIMEOUT_US;
	s.myvoid = tg;
	/* on failure the library has closed and freed the transport */
	tg->sessp = snmp_sess_add_ex(&s, tr, NULL, NULL,
	    emit_trap_post_parse_cb, NULL, NULL, NULL, NULL);
	if (tg->sessp == NULL) {
		log_warnx("target %s: cannot open a session to %s: %s",
		    tg->name, tg->peername, snmp_api_errstring(s.s_snmp_errno));
		return -1;
	}
	return 0;
}

/* Frees a target: what is still pending is counted and logged as lost. */
static void
emit_trap_target_free(struct emit_trap_target *tg)
{
	size_t lost = tg->pending;

	if (lost > 0)
		log_warnx("target %s (%s): %zu informs not acknowledged at "
			  "close: lost",
		    tg->name, tg->peername, lost);
	tg->is_closing = true;
	if (tg->ev_read != NULL)
		event_free(tg->ev_read);
	if (tg->timer != NULL)
		event_free(tg->timer);
	/* calls emit_trap_inform_cb (timed out) for each pending inform */
	if (tg->sessp != NULL)
		snmp_sess_close(tg->sessp);
	/* what the library did not report is counted here */
	if (tg->pending > 0)
		stats_add(STATS_TRAP_SEND_ERRORS, tg->pending);
	free(tg);
}

static struct emit_trap_target *
emit_trap_target_new(struct emit_trap *t, const struct conf_target *ct)
{
	struct emit_trap_target *tg = xcalloc(1, sizeof(*tg));
	netsnmp_transport *tr;
	int n;

	tg->t = t;
	tg->conf = *ct;
	tg->name = tg->conf.name;
	n = snprintf(tg->peername, sizeof(tg->peername),
	    strchr(ct->addr, ':') != NULL ? "udp6:[%s]:%u" : "udp:%s:%u",
	    ct->addr, (unsigned int)ct->port);
	if (n < 0 || (size_t)n >= sizeof(tg->peername)) {
		log_warnx("target %s: address too long", ct->name);
		goto fail;
	}
	if (emit_trap_session(tg) == -1)
		goto fail;
	if ((tr = snmp_sess_transport(tg->sessp)) == NULL || tr->sock < 0) {
		log_warnx("target %s: session without a socket", ct->name);
		goto fail;
	}
	tg->ev_read = event_new(t->base, tr->sock, EV_READ | EV_PERSIST,
	    emit_trap_read_cb, tg);
	tg->timer = evtimer_new(t->base, emit_trap_timer_cb, tg);
	if (tg->ev_read == NULL || tg->timer == NULL ||
	    event_add(tg->ev_read, NULL) == -1) {
		log_warnx("target %s: cannot add events", ct->name);
		goto fail;
	}
	return tg;
fail:
	emit_trap_target_free(tg);
	return NULL;
}

/* Re-arms the reaper for the earliest drain deadline, if any. */
static void
emit_trap_reap_arm(struct emit_trap *t, int64_t now_ms)
{
	struct emit_trap_target *tg;
	struct timeval tv;
	int64_t first = INT64_MAX, wait_ms;

	for (tg = t->retired; tg != NULL; tg = tg->next)
		if (tg->close_by_ms < first)
			first = tg->close_by_ms;
	if (first == INT64_MAX) {
		evtimer_del(t->reap);
		return;
	}
	wait_ms = first > now_ms ? first - now_ms : 0;
	tv.tv_sec = (time_t)(wait_ms / 1000);
	tv.tv_usec = (suseconds_t)(wait_ms % 1000) * 1000;
	evtimer_add(t->reap, &tv);
}

/* Frees retired targets that drained or ran out of time. */
static void
emit_trap_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap *t = arg;
	struct emit_trap_target **pp, *tg;
	int64_t now_ms = clock_now_ms();

	for (pp = &t->retired; (tg = *pp) != NULL;) {
		if (tg->pending > 0 && now_ms < tg->close_by_ms) {
			pp = &tg->next;
			continue;
		}
		*pp = tg->next;
		log_debug("target %s (%s): drained after the reload", tg->name,
		    tg->peername);
		emit_trap_target_free(tg);
	}
	emit_trap_reap_arm(t, now_ms);
}

/* A target the new configuration no longer has (or has changed). */
static void
emit_trap_retire(struct emit_trap *t, struct emit_trap_target *tg,
    int64_t now_ms)
{
	if (tg->pending == 0) {
		emit_trap_target_free(tg);
		return;
	}
	log_info("target %s (%s): removed or changed: %zu informs pending "
		 "are retried for up to %d s",
	    tg->name, tg->peername, tg->pending, EMIT_TRAP_DRAIN_MS / 1000);
	tg->is_retired = true;
	tg->close_by_ms = now_ms + EMIT_TRAP_DRAIN_MS;
	tg->next = t->retired;
	t->retired = tg;
}

struct emit_trap *
emit_trap_new(struct event_base *base, const struct conf *conf)
{
	struct emit_trap *t = xcalloc(1, sizeof(*t));

	t->base = base;
	t->start_ms = emit_trap_process_start_ms();
	t->rate.what = "emit_trap";
	if ((t->reap = evtimer_new(base, emit_trap_reap_cb, t)) == NULL) {
		log_warnx("emit_trap: cannot create the reaper event");
		free(t);
		return NULL;
	}
	if (emit_trap_reconf(t, conf) == -1) {
		emit_trap_free(t);
		return NULL;
	}
	return t;
}

static bool
emit_trap_is_same(const struct emit_trap_target *tg,
    const struct conf_target *ct)
{
	return strcmp(tg->conf.name, ct->name) == 0 &&
	    tg->conf.is_inform == ct->is_inform &&
	    strcmp(tg->conf.addr, ct->addr) == 0 && tg->conf.port == ct->port &&
	    strcmp(tg->conf.community, ct->community) == 0;
}

/* Index of an unclaimed running target identical to ct, or ntargets. */
static size_t
emit_trap_match(const struct emit_trap *t, const bool *is_kept,
    const struct conf_target *ct)
{
	size_t j;

	for (j = 0; j < t->ntargets; j++)
		if (!is_kept[j] && emit_trap_is_same(t->targets[j], ct))
			return j;
	return t->ntargets;
}

int
emit_trap_reconf(struct emit_trap *t, const struct conf *conf)
{
	struct emit_trap_target **fresh = NULL;
	bool *is_kept = NULL, *is_new = NULL;
	int64_t now_ms = clock_now_ms();
	size_t i, j, nkept = 0;

	if (conf->ntargets > 0) {
		fresh = xcalloc(conf->ntargets, sizeof(*fresh));
		is_new = xcalloc(conf->ntargets, sizeof(*is_new));
	}
	if (t->ntargets > 0)
		is_kept = xcalloc(t->ntargets, sizeof(*is_kept));
	for (i = 0; i < conf->ntargets; i++) {
		j = emit_trap_match(t, is_kept, &conf->targets[i]);
		if (j < t->ntargets) {
			is_kept[j] = true;
			fresh[i] = t->targets[j];
			nkept++;
			continue;
		}
		if ((fresh[i] = emit_trap_target_new(t, &conf->targets[i])) ==
		    NULL)
			goto fail;
		is_new[i] = true;
	}
	for (j = 0; j < t->ntargets; j++)
		if (!is_kept[j])
			emit_trap_retire(t, t->targets[j], now_ms);
	if (t->ntargets > 0 || conf->ntargets > 0)
		log_debug("emit_trap: %zu targets kept, %zu opened, %zu "
			  "closed",
		    nkept, conf->ntargets - nkept, t->ntargets - nkept);
	free(t->targets);
	t->targets = fresh;
	t->ntargets = conf->ntargets;
	emit_trap_reap_arm(t, now_ms);
	free(is_kept);
	free(is_new);
	return 0;
fail:
	/* nothing changed: close only what this call opened */
	while (i-- > 0)
		if (is_new[i])
			emit_trap_target_free(fresh[i]);
	free(fresh);
	free(is_kept);
	free(is_new);
	return -1;
}

size_t
emit_trap_pending(const struct emit_trap *t)
{
	const struct emit_trap_target *tg;
	size_t i, n = 0;

	if (t == NULL)
		return 0;
	for (i = 0; i < t->ntargets; i++)
		n += t->targets[i]->pending;
	for (tg = t->retired; tg != NULL; tg = tg->next)
		n += tg->pending;
	return n;
}

void
emit_trap_free(struct emit_trap *t)
{
	struct emit_trap_target *tg;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ntargets; i++)
		emit_trap_target_free(t->targets[i]);
	while ((tg = t->retired) != NULL) {
		t->retired = tg->next;
		emit_trap_target_free(tg);
	}
	if (t->reap != NULL)
		event_free(t->reap);
	free(t->targets);
	free(t);
}
