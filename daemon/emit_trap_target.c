/* SPDX-License-Identifier: ISC */
/*
 * One net-snmp session per notification target, on a UDP socket we make
 * non-blocking, close-on-exec and connected to the target; its fd and the
 * library's retry timer are driven from the libevent loop.  Counts the
 * informs awaiting their RESPONSE, and drains the targets a reload
 * removed or changed before freeing them.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include "clock.h"
#include "emit_trap_target.h"
#include "log.h"
#include "stats.h"
#include "xmalloc.h"

#define EMIT_TRAP_TARGET_TIMEOUT_US (2 * 1000 * 1000) /* per inform try */
#define EMIT_TRAP_TARGET_RETRIES 3 /* an inform gives up after 4 tries, 8 s */
#define EMIT_TRAP_TARGET_PENDING_MAX 1024 /* unacknowledged informs */
#define EMIT_TRAP_TARGET_PEERNAME_MAX (CONF_ADDR_MAX + 16)

/* A target removed or changed by a reload is freed by then at the latest. */
#define EMIT_TRAP_TARGET_DRAIN_MS                                              \
	((EMIT_TRAP_TARGET_RETRIES + 1) *                                      \
		(EMIT_TRAP_TARGET_TIMEOUT_US / 1000) +                         \
	    2000)

struct emit_trap_target_pool {
	struct event_base *base;
	struct log_rate *rate;            /* the emitter's */
	struct emit_trap_target *retired; /* draining after a reload */
	struct event *reap;               /* frees drained retired targets */
};

struct emit_trap_target {
	struct emit_trap_target_pool *pool;
	struct emit_trap_target *next; /* on pool->retired */
	struct conf_target conf;       /* as opened: a reload compares it */
	char *name;                    /* conf.name */
	char peername[EMIT_TRAP_TARGET_PEERNAME_MAX]; /* "udp:192.0.2.1:162" */
	bool is_retired; /* removed or changed by a reload: draining */
	bool is_closing; /* in snmp_sess_close(): callbacks only count */
	void *sessp;
	struct event *ev_read;
	struct event *timer;
	size_t pending;      /* informs awaiting their RESPONSE */
	int64_t close_by_ms; /* retired: freed by then at the latest */
};

/* Keeps the retry timer at the library's next deadline. */
static void
emit_trap_target_arm(struct emit_trap_target *tg)
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

static void emit_trap_target_failed(struct emit_trap_target *tg,
    const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Counts one notification lost; the log line is rate-limited. */
static void
emit_trap_target_failed(struct emit_trap_target *tg, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	stats_inc(STATS_TRAP_SEND_ERRORS);
	if (tg->is_closing || !log_rate_allow(tg->pool->rate, clock_now_ms()))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("target %s (%s): %s", tg->name, tg->peername, msg);
}

static const char *
emit_trap_target_errstr(const struct emit_trap_target *tg)
{
	const netsnmp_session *s = snmp_sess_session(tg->sessp);

	return snmp_api_errstring(s != NULL ? s->s_snmp_errno : SNMPERR_GENERR);
}

/* A retired target with nothing pending is freed from the loop. */
static void
emit_trap_target_drained(struct emit_trap_target *tg)
{
	struct timeval now = { 0, 0 };

	if (tg->is_retired && !tg->is_closing && tg->pending == 0)
		evtimer_add(tg->pool->reap, &now);
}

static int
emit_trap_target_inform_cb(int op, netsnmp_session *sess, int reqid,
    netsnmp_pdu *pdu, void *magic)
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
			emit_trap_target_failed(tg,
			    "inform %d: error response: %s", reqid,
			    pdu != NULL ? snmp_errstring((int)pdu->errstat)
					: "none");
		break;
	case NETSNMP_CALLBACK_OP_TIMED_OUT:
		emit_trap_target_failed(tg,
		    "inform %d: no acknowledgement after %d tries", reqid,
		    EMIT_TRAP_TARGET_RETRIES + 1);
		break;
	default:
		emit_trap_target_failed(tg, "inform %d: send failed (%d)",
		    reqid, op);
		break;
	}
	emit_trap_target_drained(tg);
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
emit_trap_target_post_parse_cb(netsnmp_session *sp, netsnmp_pdu *pdu,
    int result)
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
	if (!tg->is_closing && log_rate_allow(tg->pool->rate, clock_now_ms()))
		log_warnx("target %s (%s): message %ld with another community "
			  "or version: ignored",
		    tg->name, tg->peername, pdu->reqid);
	return 0;
}

static void
emit_trap_target_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap_target *tg = arg;
	netsnmp_large_fd_set fds;

	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	NETSNMP_LARGE_FD_SET(fd, &fds);
	(void)snmp_sess_read2(tg->sessp, &fds);
	netsnmp_large_fd_set_cleanup(&fds);
	emit_trap_target_arm(tg);
}

static void
emit_trap_target_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap_target *tg = arg;

	snmp_sess_timeout(tg->sessp);
	emit_trap_target_arm(tg);
}

int
emit_trap_target_admit(struct emit_trap_target *tg, const char *rule_name)
{
	if (!tg->conf.is_inform || tg->pending < EMIT_TRAP_TARGET_PENDING_MAX)
		return 0;
	emit_trap_target_failed(tg,
	    "rule %s: %zu informs unacknowledged: dropped", rule_name,
	    tg->pending);
	return -1;
}

void
emit_trap_target_send(struct emit_trap_target *tg, netsnmp_pdu *pdu,
    const char *rule_name)
{
	if (!tg->conf.is_inform) {
		/* the library frees the PDU once sent */
		if (snmp_sess_send(tg->sessp, pdu) == 0) {
			emit_trap_target_failed(tg, "rule %s: %s", rule_name,
			    emit_trap_target_errstr(tg));
			snmp_free_pdu(pdu);
			return;
		}
		stats_inc(STATS_TRAPS_SENT);
		return;
	}
	if (snmp_sess_async_send(tg->sessp, pdu, emit_trap_target_inform_cb,
		tg) == 0) {
		emit_trap_target_failed(tg, "rule %s: %s", rule_name,
		    emit_trap_target_errstr(tg));
		snmp_free_pdu(pdu);
		return;
	}
	tg->pending++;
	emit_trap_target_arm(tg);
}

/*
 * Non-blocking, close-on-exec, and connected to the target: the kernel
 * then delivers only datagrams from the target's address and port, so
 * no other host can acknowledge our informs.
 */
static int
emit_trap_target_socket(struct emit_trap_target *tg, int fd)
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
emit_trap_target_session(struct emit_trap_target *tg)
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
	if (emit_trap_target_socket(tg, tr->sock) == -1) {
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
	s.retries = EMIT_TRAP_TARGET_RETRIES;
	s.timeout = EMIT_TRAP_TARGET_TIMEOUT_US;
	s.myvoid = tg;
	/* on failure the library has closed and freed the transport */
	tg->sessp = snmp_sess_add_ex(&s, tr, NULL, NULL,
	    emit_trap_target_post_parse_cb, NULL, NULL, NULL, NULL);
	if (tg->sessp == NULL) {
		log_warnx("target %s: cannot open a session to %s: %s",
		    tg->name, tg->peername, snmp_api_errstring(s.s_snmp_errno));
		return -1;
	}
	return 0;
}

void
emit_trap_target_free(struct emit_trap_target *tg)
{
	size_t lost;

	if (tg == NULL)
		return;
	if ((lost = tg->pending) > 0)
		log_warnx("target %s (%s): %zu informs not acknowledged at "
			  "close: lost",
		    tg->name, tg->peername, lost);
	tg->is_closing = true;
	if (tg->ev_read != NULL)
		event_free(tg->ev_read);
	if (tg->timer != NULL)
		event_free(tg->timer);
	/* calls emit_trap_target_inform_cb (timed out) for each pending one */
	if (tg->sessp != NULL)
		snmp_sess_close(tg->sessp);
	/* what the library did not report is counted here */
	if (tg->pending > 0)
		stats_add(STATS_TRAP_SEND_ERRORS, tg->pending);
	free(tg);
}

struct emit_trap_target *
emit_trap_target_new(struct emit_trap_target_pool *pool,
    const struct conf_target *ct)
{
	struct emit_trap_target *tg = xcalloc(1, sizeof(*tg));
	netsnmp_transport *tr;
	int n;

	tg->pool = pool;
	tg->conf = *ct;
	tg->name = tg->conf.name;
	n = snprintf(tg->peername, sizeof(tg->peername),
	    strchr(ct->addr, ':') != NULL ? "udp6:[%s]:%u" : "udp:%s:%u",
	    ct->addr, (unsigned int)ct->port);
	if (n < 0 || (size_t)n >= sizeof(tg->peername)) {
		log_warnx("target %s: address too long", ct->name);
		goto fail;
	}
	if (emit_trap_target_session(tg) == -1)
		goto fail;
	if ((tr = snmp_sess_transport(tg->sessp)) == NULL || tr->sock < 0) {
		log_warnx("target %s: session without a socket", ct->name);
		goto fail;
	}
	tg->ev_read = event_new(pool->base, tr->sock, EV_READ | EV_PERSIST,
	    emit_trap_target_read_cb, tg);
	tg->timer = evtimer_new(pool->base, emit_trap_target_timer_cb, tg);
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

bool
emit_trap_target_is_same(const struct emit_trap_target *tg,
    const struct conf_target *ct)
{
	return strcmp(tg->conf.name, ct->name) == 0 &&
	    tg->conf.is_inform == ct->is_inform &&
	    strcmp(tg->conf.addr, ct->addr) == 0 && tg->conf.port == ct->port &&
	    strcmp(tg->conf.community, ct->community) == 0;
}

const char *
emit_trap_target_name(const struct emit_trap_target *tg)
{
	return tg->name;
}

bool
emit_trap_target_is_inform(const struct emit_trap_target *tg)
{
	return tg->conf.is_inform;
}

size_t
emit_trap_target_pending(const struct emit_trap_target *tg)
{
	return tg->pending;
}

/*
 * Re-arms the reaper for the earliest drain deadline, if any; a target
 * that drained already is due now.
 */
static void
emit_trap_target_reap_arm(struct emit_trap_target_pool *pool, int64_t now_ms)
{
	struct emit_trap_target *tg;
	struct timeval tv;
	int64_t first = INT64_MAX, due_ms, wait_ms;

	for (tg = pool->retired; tg != NULL; tg = tg->next) {
		due_ms = tg->pending == 0 ? now_ms : tg->close_by_ms;
		if (due_ms < first)
			first = due_ms;
	}
	if (first == INT64_MAX) {
		evtimer_del(pool->reap);
		return;
	}
	wait_ms = first > now_ms ? first - now_ms : 0;
	tv.tv_sec = (time_t)(wait_ms / 1000);
	tv.tv_usec = (suseconds_t)(wait_ms % 1000) * 1000;
	evtimer_add(pool->reap, &tv);
}

/* Frees retired targets that drained or ran out of time. */
static void
emit_trap_target_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap_target_pool *pool = arg;
	struct emit_trap_target **pp, *tg;
	int64_t now_ms = clock_now_ms();

	for (pp = &pool->retired; (tg = *pp) != NULL;) {
		if (tg->pending > 0 && now_ms < tg->close_by_ms) {
			pp = &tg->next;
			continue;
		}
		*pp = tg->next;
		log_debug("target %s (%s): drained after the reload", tg->name,
		    tg->peername);
		emit_trap_target_free(tg);
	}
	emit_trap_target_reap_arm(pool, now_ms);
}

void
emit_trap_target_retire(struct emit_trap_target *tg, int64_t now_ms)
{
	struct emit_trap_target_pool *pool = tg->pool;

	if (tg->pending == 0) {
		emit_trap_target_free(tg);
		return;
	}
	log_info("target %s (%s): removed or changed: %zu informs pending "
		 "are retried for up to %d s",
	    tg->name, tg->peername, tg->pending,
	    EMIT_TRAP_TARGET_DRAIN_MS / 1000);
	tg->is_retired = true;
	tg->close_by_ms = now_ms + EMIT_TRAP_TARGET_DRAIN_MS;
	tg->next = pool->retired;
	pool->retired = tg;
	emit_trap_target_reap_arm(pool, now_ms);
}

struct emit_trap_target_pool *
emit_trap_target_pool_new(struct event_base *base, struct log_rate *rate)
{
	struct emit_trap_target_pool *pool = xcalloc(1, sizeof(*pool));

	pool->base = base;
	pool->rate = rate;
	pool->reap = evtimer_new(base, emit_trap_target_reap_cb, pool);
	if (pool->reap == NULL) {
		log_warnx("emit_trap: cannot create the reaper event");
		free(pool);
		return NULL;
	}
	return pool;
}

void
emit_trap_target_pool_free(struct emit_trap_target_pool *pool)
{
	struct emit_trap_target *tg;

	if (pool == NULL)
		return;
	while ((tg = pool->retired) != NULL) {
		pool->retired = tg->next;
		emit_trap_target_free(tg);
	}
	event_free(pool->reap);
	free(pool);
}

size_t
emit_trap_target_pool_pending(const struct emit_trap_target_pool *pool)
{
	const struct emit_trap_target *tg;
	size_t n = 0;

	if (pool == NULL)
		return 0;
	for (tg = pool->retired; tg != NULL; tg = tg->next)
		n += tg->pending;
	return n;
}
