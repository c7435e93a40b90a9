/* SPDX-License-Identifier: ISC */
/*
 * SNMP notification targets: each `target` line is one output, a net-snmp
 * session on a UDP socket we make non-blocking, close-on-exec and
 * connected to the target, driven from the libevent loop.  An alert
 * becomes an EVCORR-MIB notification (trap_pdu.c), sent as a v2c or v3
 * trap or inform.  A trap goes out at once.  Informs wait in a bounded
 * queue (trap_queue.c) and go out one at a time, each retried with a
 * doubling timeout until acknowledged or out of tries: a manager that is
 * down holds up only its own queue, and what was queued meanwhile goes
 * out once it answers again.  A v3 inform target first discovers the
 * manager's engine ID (RFC 3414 4) with a probe sent like any request.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <linux/errqueue.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/net.h"
#include "core/xmalloc.h"
#include "engine/alert.h"
#include "output/output.h"
#include "output/trap_pdu.h"
#include "output/trap_queue.h"
#include "core/snmp_usm.h"
#include "decode/snmp_msg.h"

#define TRAP_TARGET_PEERNAME_MAX (CONF_ADDR_MAX + 16)
#define TRAP_TARGET_ERRORS_MAX 256             /* refusals read per call */
#define TRAP_TARGET_BACKOFF_MAX_MS (60 * 1000) /* the longest wait per try */
/* A target removed or changed by a reload is freed by then at the latest. */
#define TRAP_TARGET_DRAIN_MS (60 * 1000)

enum trap_target_counter {
	TT_SENT,
	TT_SEND_ERRORS,
	TT_ACK_ERRORS,
	TT_REFUSED,
	TT_ACKED,
	TT_RETRIES,
	TT_QUEUE_DROPPED,
	TT_PROBES,
	TT_COUNT,
};

static const struct counter_def trap_target_counters[TT_COUNT] = {
	[TT_SENT] = { "notifications_sent",
	    "traps handed to the network, informs acknowledged" },
	[TT_SEND_ERRORS] = { "notification_send_errors",
	    "notifications lost: send failed, or never acknowledged" },
	[TT_ACK_ERRORS] = { "notification_bad_responses",
	    "responses to our informs with another community or version" },
	[TT_REFUSED] = { "notification_refused",
	    "datagrams the target's host refused (ICMP unreachable)" },
	[TT_ACKED] = { "notification_acks", "informs acknowledged" },
	[TT_RETRIES] = { "notification_retries",
	    "informs sent again after a timeout" },
	[TT_QUEUE_DROPPED] = { "notification_queue_dropped",
	    "informs dropped from a full queue, oldest first" },
	[TT_PROBES] = { "notification_engine_probes",
	    "SNMPv3 engine ID discovery probes sent" },
};

struct trap_target {
	struct output base;      /* first */
	struct conf_target conf; /* as opened: a reload compares it */
	char peername[TRAP_TARGET_PEERNAME_MAX]; /* "udp:192.0.2.1:162" */
	int64_t start_boot_ms; /* the daemon's start: sysUpTime.0 */
	int64_t now_ms;        /* the dispatch under way, for rate limits */
	bool is_closing;       /* in snmp_sess_close(): callbacks only count */
	int fd;                /* the session's socket, owned by the library */
	void *sessp;
	struct event *ev_read;
	struct event *timer;
	struct event *pump; /* deferred: sends the queue's head */
	struct event
	    *try_timer; /* a probe unanswered, a failed try waited out */
	struct trap_queue queue; /* informs; the head is the one tried */
	bool is_in_flight;       /* the head (or a probe) awaits its answer */
	bool is_ready;           /* v3 inform: the manager's engine ID known */
	long probe_reqid;        /* the engine ID probe in flight, or 0 */
	struct log_rate rate;
};

/* Keeps the retry timer at the library's next deadline. */
static void
trap_target_arm(struct trap_target *tg)
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

static void trap_target_failed(struct trap_target *tg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Counts one notification lost; the log line is rate-limited. */
static void
trap_target_failed(struct trap_target *tg, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	counter_inc(&tg->base.counters, TT_SEND_ERRORS);
	if (tg->is_closing || !log_rate_allow(&tg->rate, tg->now_ms))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("target %s (%s): %s", tg->conf.name, tg->peername, msg);
}

/*
 * Reads the refusals the kernel queued for datagrams already sent
 * (IP_RECVERR): each is one datagram the target's host answered with an
 * ICMP unreachable.  Counting them here, one per refused datagram, puts
 * each refusal against the send it belongs to; left unread, the refusal
 * would instead fail whichever send came next, a notification that
 * itself was never refused.  Reading the queue also clears the socket's
 * pending error.
 */
static void
trap_target_drain_errors(struct trap_target *tg)
{
	char data[64], ctl[512];
	struct iovec iov;
	struct msghdr mh;
	struct cmsghdr *c;
	struct sock_extended_err *ee;
	size_t n;

	for (n = 0; n < TRAP_TARGET_ERRORS_MAX; n++) {
		iov =
		    (struct iovec){ .iov_base = data, .iov_len = sizeof(data) };
		mh = (struct msghdr){ .msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = ctl,
			.msg_controllen = sizeof(ctl) };
		if (recvmsg(tg->fd, &mh, MSG_ERRQUEUE | MSG_DONTWAIT) == -1)
			return;
		ee = NULL;
		for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c))
			if ((c->cmsg_level == IPPROTO_IP &&
				c->cmsg_type == IP_RECVERR) ||
			    (c->cmsg_level == IPPROTO_IPV6 &&
				c->cmsg_type == IPV6_RECVERR))
				ee = (struct sock_extended_err *)(void *)
				    CMSG_DATA(c);
		counter_inc(&tg->base.counters, TT_REFUSED);
		if (!tg->is_closing && log_rate_allow(&tg->rate, tg->now_ms))
			log_warnx("target %s (%s): notification refused: %s",
			    tg->conf.name, tg->peername,
			    strerror(
				ee != NULL ? (int)ee->ee_errno : ECONNREFUSED));
	}
}

static const char *
trap_target_errstr(const struct trap_target *tg)
{
	const netsnmp_session *s = snmp_sess_session(tg->sessp);

	return snmp_api_errstring(s != NULL ? s->s_snmp_errno : SNMPERR_GENERR);
}

static void
trap_target_schedule(struct trap_target *tg)
{
	if (!tg->is_closing)
		event_active(tg->pump, EV_TIMEOUT, 0);
}

/* The head's try is over without an acknowledgement: again, or lost. */
static void
trap_target_head_failed(struct trap_target *tg, const char *why)
{
	struct trap_queue_item *it = trap_queue_head(&tg->queue);

	if (it == NULL)
		return;
	if (it->tries <= tg->conf.retries && !tg->is_closing) {
		counter_inc(&tg->base.counters, TT_RETRIES);
		log_debug("target %s: inform for rule %s: %s: try %d of %d",
		    tg->conf.name, it->rule, why, it->tries + 1,
		    tg->conf.retries + 1);
		return;
	}
	trap_target_failed(tg, "inform for rule %s: %s after %d tries: lost",
	    it->rule, why, it->tries);
	trap_queue_pop(&tg->queue);
}

/* A REPORT to our inform: an engine ID to find again, or a refusal. */
static void
trap_target_report(struct trap_target *tg, netsnmp_session *sess,
    netsnmp_pdu *pdu)
{
	if (snmpv3_get_report_type(pdu) == SNMPERR_UNKNOWN_ENG_ID) {
		/* the manager's engine changed: discover it again */
		tg->is_ready = false;
		SNMP_FREE(sess->securityEngineID);
		sess->securityEngineIDLen = 0;
		trap_target_head_failed(tg, "manager's engine ID changed");
		return;
	}
	trap_target_head_failed(tg,
	    snmp_api_errstring(snmpv3_get_report_type(pdu)));
}

static int
trap_target_inform_cb(int op, netsnmp_session *sess, int reqid,
    netsnmp_pdu *pdu, void *magic)
{
	struct trap_target *tg = magic;

	/* a retry in progress: the request stays pending */
	if (op == NETSNMP_CALLBACK_OP_RESEND) {
		log_debug("target %s: inform %d: resent", tg->conf.name, reqid);
		return 1;
	}
	tg->is_in_flight = false;
	if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE && pdu != NULL &&
	    pdu->command == SNMP_MSG_REPORT) {
		trap_target_report(tg, sess, pdu);
	} else if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE && pdu != NULL &&
	    pdu->command == SNMP_MSG_RESPONSE &&
	    pdu->errstat == SNMP_ERR_NOERROR) {
		counter_inc(&tg->base.counters, TT_SENT);
		counter_inc(&tg->base.counters, TT_ACKED);
		trap_queue_pop(&tg->queue);
	} else if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE) {
		trap_target_failed(tg, "inform %d: error response: %s: lost",
		    reqid,
		    pdu != NULL ? snmp_errstring((int)pdu->errstat) : "none");
		trap_queue_pop(&tg->queue);
	} else if (op == NETSNMP_CALLBACK_OP_TIMED_OUT) {
		trap_target_head_failed(tg, "no acknowledgement");
	} else {
		trap_target_head_failed(tg, "send failed");
	}
	trap_target_schedule(tg);
	return 1;
}

/*
 * The manager's engine ID, from the REPORT that answers our probe, or
 * from one that names another engine ID than ours for it (the manager
 * was restarted with a new one; net-snmp ignores such an unauthenticated
 * REPORT, and our informs would time out forever): into the session,
 * the user's keys localised to it, and the queue goes on.  The socket
 * is connected: only the manager's address and port can say so.
 */
static void
trap_target_discovered(struct trap_target *tg, netsnmp_session *sess,
    const netsnmp_pdu *report)
{
	if (tg->probe_reqid != 0) {
		/* the probe's answer ends its try; an inform's waits its own */
		tg->probe_reqid = 0;
		tg->is_in_flight = false;
		evtimer_del(tg->try_timer);
	}
	SNMP_FREE(sess->securityEngineID);
	sess->securityEngineID = netsnmp_memdup(report->securityEngineID,
	    report->securityEngineIDLen);
	sess->securityEngineIDLen = report->securityEngineIDLen;
	/* the library localises a session's keys once unless told again */
	sess->flags &= ~(u_long)SNMP_FLAGS_USER_CREATED;
	if (create_user_from_session(sess) != SNMPERR_SUCCESS) {
		trap_target_head_failed(tg, "cannot localise the user's keys");
	} else {
		tg->is_ready = true;
		log_info("target %s (%s): manager's engine ID found",
		    tg->conf.name, tg->peername);
	}
	trap_target_schedule(tg);
}

/*
 * A probe that got no REPORT in time, or the wait after a try the socket
 * refused at once: the head's try is over.
 */
static void
trap_target_try_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct trap_target *tg = arg;
	struct clock_stamp now;

	if (tg->is_closing)
		return;
	clock_read(&now);
	tg->now_ms = now.mono_ms;
	tg->is_in_flight = false;
	trap_target_head_failed(tg,
	    tg->probe_reqid != 0 ? "manager's engine ID unknown"
				 : "send refused");
	tg->probe_reqid = 0;
	trap_target_schedule(tg);
}

/*
 * net-snmp's post-parse hook: a message that is not a v2c message with
 * our community (a v3 one, for a v3 target) does not acknowledge anything.
 * Returning 0 makes the library drop it before matching it to a request, so the
 * inform stays pending and is retried.  (The connected socket already keeps out
 * datagrams from any other address and port.)
 */
static int
trap_target_post_parse_cb(netsnmp_session *sp, netsnmp_pdu *pdu, int result)
{
	struct trap_target *tg = sp != NULL ? sp->myvoid : NULL;
	size_t len;

	if (tg == NULL || pdu == NULL)
		return 1;
	/*
	 * v3: USM has authenticated it, or it is a REPORT, which USM may
	 * refuse (a noAuth one from an engine we do not know) but whose
	 * header still names the manager's engine ID.
	 */
	if (tg->conf.is_v3 && pdu->version == SNMP_VERSION_3) {
		if (tg->conf.is_inform && pdu->command == SNMP_MSG_REPORT &&
		    pdu->securityEngineIDLen > 0 && !tg->is_closing &&
		    (tg->probe_reqid != 0 ||
			pdu->securityEngineIDLen != sp->securityEngineIDLen ||
			memcmp(pdu->securityEngineID, sp->securityEngineID,
			    sp->securityEngineIDLen) != 0))
			trap_target_discovered(tg, sp, pdu);
		return 1;
	}
	if (result != SNMPERR_SUCCESS)
		return 1;
	len = strlen(tg->conf.community);
	if (pdu->version == SNMP_VERSION_2c && pdu->community != NULL &&
	    pdu->community_len == len &&
	    memcmp(pdu->community, tg->conf.community, len) == 0)
		return 1;
	counter_inc(&tg->base.counters, TT_ACK_ERRORS);
	if (!tg->is_closing && log_rate_allow(&tg->rate, tg->now_ms))
		log_warnx("target %s (%s): message %ld with another community "
			  "or version: ignored",
		    tg->conf.name, tg->peername, pdu->reqid);
	return 0;
}

static void
trap_target_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct trap_target *tg = arg;
	netsnmp_large_fd_set fds;
	struct clock_stamp now;

	clock_read(&now);
	tg->now_ms = now.mono_ms;
	/* a refusal wakes the socket too: read it before the library does */
	trap_target_drain_errors(tg);
	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	NETSNMP_LARGE_FD_SET(fd, &fds);
	(void)snmp_sess_read2(tg->sessp, &fds);
	netsnmp_large_fd_set_cleanup(&fds);
	trap_target_arm(tg);
}

static void
trap_target_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct trap_target *tg = arg;
	struct clock_stamp now;

	clock_read(&now);
	tg->now_ms = now.mono_ms;
	trap_target_drain_errors(tg);
	snmp_sess_timeout(tg->sessp);
	trap_target_arm(tg);
}

/*
 * A request-id nobody can predict (RFC 3416 leaves it to the sender):
 * with the connected socket, an off-path host cannot forge an ack.
 * Keeps the library's sequential id if the kernel has no randomness yet.
 */
static void
trap_target_reqid(netsnmp_pdu *pdu)
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
trap_target_build(const struct trap_target *tg, const struct alert *a,
    const struct clock_stamp *now)
{
	int64_t up = now->boot_ms - tg->start_boot_ms;
	uint32_t ticks = (uint32_t)((up > 0 ? up : 0) / 10);
	netsnmp_pdu *pdu = trap_pdu_new(a, ticks, tg->conf.is_inform);

	if (pdu == NULL)
		fatalx("target %s: out of memory", tg->conf.name);
	if (tg->conf.is_inform)
		trap_target_reqid(pdu);
	return pdu;
}

/*
 * Sends pdu, the library's send or async send as is_inform says; 0 on
 * failure as theirs.  A refusal that arrived after the errors were read
 * fails the send that meets it: that one is read and the send tried once
 * more.
 */
static int
trap_target_send(struct trap_target *tg, netsnmp_pdu *pdu)
{
	const netsnmp_session *s;
	int tries, ok = 0;

	for (tries = 0; tries < 2 && !ok; tries++) {
		trap_target_drain_errors(tg);
		ok = tg->conf.is_inform ? snmp_sess_async_send(tg->sessp, pdu,
					      trap_target_inform_cb, tg)
					: snmp_sess_send(tg->sessp, pdu);
		s = snmp_sess_session(tg->sessp);
		if (!ok &&
		    (s == NULL ||
			(s->s_errno != ECONNREFUSED &&
			    s->s_errno != EHOSTUNREACH &&
			    s->s_errno != ENETUNREACH)))
			break;
	}
	return ok;
}

/* The first try waits timeout; each retry twice as long, up to a minute. */
static long
trap_target_try_timeout_us(const struct trap_target *tg, int tries)
{
	int64_t ms = tg->conf.timeout_ms;

	for (int i = 1; i < tries && ms < TRAP_TARGET_BACKOFF_MAX_MS; i++)
		ms *= 2;
	if (ms > TRAP_TARGET_BACKOFF_MAX_MS)
		ms = TRAP_TARGET_BACKOFF_MAX_MS;
	return (long)ms * 1000;
}

/*
 * An engine ID discovery probe (RFC 3414 4): an empty GET from the empty
 * user, encoded here and written to the socket, so that no library
 * request (whose first send would probe on its own, and wait) stands
 * for it; the REPORT comes back through the session's read, to
 * trap_target_post_parse_cb(), and trap_target_try_timer_cb() gives
 * up on it.
 */
static int
trap_target_probe(struct trap_target *tg, long timeout_us)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);
	struct timeval tv = { timeout_us / 1000000, timeout_us % 1000000 };
	struct parse_error err = { 0 };
	netsnmp_session s;
	const u_char *msg;
	u_char *buf;
	size_t len;
	ssize_t n;

	snmp_sess_init(&s);
	s.version = SNMP_VERSION_3;
	s.flags |= SNMP_FLAGS_DONT_PROBE;
	pdu->version = SNMP_VERSION_3;
	pdu->securityModel = SNMP_SEC_MODEL_USM;
	pdu->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
	pdu->securityName = xstrdup("");
	pdu->securityNameLen = 0;
	pdu->contextName = xstrdup("");
	pdu->contextNameLen = 0;
	trap_target_reqid(pdu);
	pdu->msgid = pdu->reqid;
	tg->probe_reqid = pdu->reqid;
	if (snmp_msg_encode(pdu, &s, 64, &buf, &msg, &len, &err) == -1) {
		log_warnx("target %s: engine ID probe: %s", tg->conf.name,
		    err.msg);
		tg->probe_reqid = 0;
		return -1;
	}
	trap_target_drain_errors(tg);
	n = send(tg->fd, msg, len, 0);
	free(buf);
	counter_inc(&tg->base.counters, TT_PROBES);
	if (n != (ssize_t)len) {
		tg->probe_reqid = 0;
		return -1;
	}
	evtimer_add(tg->try_timer, &tv);
	return 0;
}

/* Sends the queue's head, or the probe it waits for: one at a time. */
static void
trap_target_pump_cb(evutil_socket_t fd, short what, void *arg)
{
	struct trap_target *tg = arg;
	struct trap_queue_item *it;
	netsnmp_session *s = snmp_sess_session(tg->sessp);
	netsnmp_pdu *pdu;
	struct clock_stamp now;
	int ok;

	clock_read(&now);
	tg->now_ms = now.mono_ms;
	if (tg->is_in_flight || tg->is_closing || s == NULL ||
	    (it = trap_queue_head(&tg->queue)) == NULL)
		return;
	it->tries++;
	s->timeout = trap_target_try_timeout_us(tg, it->tries);
	s->retries = 0;
	if (!tg->is_ready) {
		ok = trap_target_probe(tg, s->timeout) == 0;
	} else if ((pdu = snmp_clone_pdu(it->pdu)) == NULL) {
		fatalx("target %s: out of memory", tg->conf.name);
	} else if (!(ok = trap_target_send(tg, pdu))) {
		snmp_free_pdu(pdu);
	}
	tg->is_in_flight = true;
	if (!ok) {
		/* refused at once: that try is over when its time is */
		struct timeval tv = { s->timeout / 1000000,
			s->timeout % 1000000 };

		log_debug("target %s: inform for rule %s: %s", tg->conf.name,
		    it->rule, trap_target_errstr(tg));
		evtimer_add(tg->try_timer, &tv);
	}
	trap_target_arm(tg);
}

static void
trap_target_deliver(struct output *o, const struct alert *a,
    const struct clock_stamp *now)
{
	struct trap_target *tg = (struct trap_target *)(void *)o;
	netsnmp_pdu *pdu;

	tg->now_ms = now->mono_ms;
	pdu = trap_target_build(tg, a, now);
	if (tg->conf.is_inform) {
		if (trap_queue_push(&tg->queue, pdu, a->rule,
			tg->is_in_flight)) {
			counter_inc(&tg->base.counters, TT_QUEUE_DROPPED);
			if (log_rate_allow(&tg->rate, tg->now_ms))
				log_warnx("target %s (%s): queue full (%zu "
					  "informs): the oldest dropped",
				    tg->conf.name, tg->peername,
				    tg->conf.queue_max);
		}
		trap_target_schedule(tg);
		return;
	}
	/* the library frees the PDU once sent, and only then */
	if (trap_target_send(tg, pdu) == 0) {
		trap_target_failed(tg, "rule %s: %s", a->rule,
		    trap_target_errstr(tg));
		snmp_free_pdu(pdu);
		return;
	}
	counter_inc(&tg->base.counters, TT_SENT);
}

/*
 * A v3 session for the target's user.  Traps carry our engine ID; an
 * inform's is the manager's, found by trap_target_probe(): the library
 * must not probe on its own, as its probe waits for the answer.
 */
static int
trap_target_session_v3(struct trap_target *tg, netsnmp_session *s)
{
	s->community = NULL;
	s->community_len = 0;
	if (snmp_usm_session(s, &tg->conf.usm) == -1) {
		log_warnx("target %s: cannot make the keys of user %s",
		    tg->conf.name, tg->conf.user);
		return -1;
	}
	s->flags |= SNMP_FLAGS_DONT_PROBE;
	if (!tg->conf.is_inform)
		s->securityEngineID =
		    snmpv3_generate_engineID(&s->securityEngineIDLen);
	return 0;
}

/* The session on a transport we opened, with our post-parse hook. */
static int
trap_target_session(struct trap_target *tg)
{
	netsnmp_session s;
	netsnmp_transport *tr;
	u_char community[CONF_COMMUNITY_MAX];
	char err[256];
	int n, on = 1;

	/* numeric addresses only: net-snmp never resolves a name here */
	if ((tr = netsnmp_tdomain_transport(tg->peername, 0, "udp")) == NULL) {
		log_warnx("target %s: cannot open a socket to %s",
		    tg->conf.name, tg->peername);
		return -1;
	}
	/*
	 * Connected: the kernel then delivers only datagrams from the
	 * target's address and port, so no other host can acknowledge.
	 */
	if (net_connect_fd(tr->sock, tg->conf.addr, tg->conf.port, err,
		sizeof(err)) == -1) {
		log_warnx("target %s (%s): %s", tg->conf.name, tg->peername,
		    err);
		tr->f_close(tr);
		netsnmp_transport_free(tr);
		return -1;
	}
	/* refusals queued per datagram, read by trap_target_drain_errors() */
	if (setsockopt(tr->sock,
		strchr(tg->conf.addr, ':') != NULL ? IPPROTO_IPV6 : IPPROTO_IP,
		strchr(tg->conf.addr, ':') != NULL ? IPV6_RECVERR : IP_RECVERR,
		&on, sizeof(on)) == -1)
		log_warn("target %s: IP_RECVERR", tg->conf.name);
	tg->fd = tr->sock;
	n = snprintf((char *)community, sizeof(community), "%s",
	    tg->conf.community);
	snmp_sess_init(&s);
	s.version = SNMP_VERSION_2c;
	s.peername = tg->peername;
	s.community = community;
	s.community_len = (size_t)n;
	s.retries = 0; /* our own, with back-off: trap_target_pump_cb() */
	s.timeout = tg->conf.timeout_ms * 1000;
	s.myvoid = tg;
	if (tg->conf.is_v3 && trap_target_session_v3(tg, &s) == -1) {
		snmp_usm_session_clear(&s);
		tr->f_close(tr);
		netsnmp_transport_free(tr);
		return -1;
	}
	/* on failure the library has closed and freed the transport */
	tg->sessp = snmp_sess_add_ex(&s, tr, NULL, NULL,
	    trap_target_post_parse_cb, NULL, NULL, NULL, NULL);
	snmp_usm_session_clear(&s);
	SNMP_FREE(s.securityEngineID);
	if (tg->sessp == NULL) {
		log_warnx("target %s: cannot open a session to %s: %s",
		    tg->conf.name, tg->peername,
		    snmp_api_errstring(s.s_snmp_errno));
		return -1;
	}
	/* a v3 trap is ours to authenticate: our engine ID, known at once */
	if (tg->conf.is_v3 && !tg->conf.is_inform &&
	    create_user_from_session(snmp_sess_session(tg->sessp)) !=
		SNMPERR_SUCCESS) {
		log_warnx("target %s: cannot localise the keys of user %s",
		    tg->conf.name, tg->conf.user);
		return -1;
	}
	tg->is_ready = !tg->conf.is_v3 || !tg->conf.is_inform;
	return 0;
}

static void
trap_target_free(struct trap_target *tg)
{
	size_t lost;

	if ((lost = trap_queue_count(&tg->queue)) > 0)
		log_warnx("target %s (%s): %zu informs not acknowledged at "
			  "close: lost",
		    tg->conf.name, tg->peername, lost);
	tg->is_closing = true;
	if (tg->ev_read != NULL)
		event_free(tg->ev_read);
	if (tg->timer != NULL)
		event_free(tg->timer);
	if (tg->pump != NULL)
		event_free(tg->pump);
	if (tg->try_timer != NULL)
		event_free(tg->try_timer);
	/* calls trap_target_inform_cb (timed out) for the one in flight */
	if (tg->sessp != NULL)
		snmp_sess_close(tg->sessp);
	/* every inform still queued is lost */
	counter_add(&tg->base.counters, TT_SEND_ERRORS,
	    trap_queue_count(&tg->queue));
	trap_queue_clear(&tg->queue);
	snmp_usm_user_clear(&tg->conf.usm);
	counter_set_clear(&tg->base.counters);
	free(tg);
}

static struct output *
trap_target_open(const struct output_env *env, const void *item)
{
	const struct conf_target *ct = item;
	struct trap_target *tg = xcalloc(1, sizeof(*tg));
	netsnmp_transport *tr;
	int n;

	output_init(&tg->base, &trap_target_kind, ct->name, true, ct->name);
	tg->conf = *ct;
	snmp_usm_user_copy(&tg->conf.usm, &ct->usm);
	trap_queue_init(&tg->queue, ct->queue_max);
	tg->fd = -1;
	tg->start_boot_ms = env->start.boot_ms;
	tg->rate.what = "target";
	n = snprintf(tg->peername, sizeof(tg->peername),
	    strchr(ct->addr, ':') != NULL ? "udp6:[%s]:%u" : "udp:%s:%u",
	    ct->addr, (unsigned int)ct->port);
	if (n < 0 || (size_t)n >= sizeof(tg->peername)) {
		log_warnx("target %s: address too long", ct->name);
		goto fail;
	}
	if (trap_target_session(tg) == -1)
		goto fail;
	if ((tr = snmp_sess_transport(tg->sessp)) == NULL || tr->sock < 0) {
		log_warnx("target %s: session without a socket", ct->name);
		goto fail;
	}
	tg->ev_read = event_new(env->base, tr->sock, EV_READ | EV_PERSIST,
	    trap_target_read_cb, tg);
	tg->timer = evtimer_new(env->base, trap_target_timer_cb, tg);
	tg->pump = event_new(env->base, -1, 0, trap_target_pump_cb, tg);
	tg->try_timer = evtimer_new(env->base, trap_target_try_timer_cb, tg);
	if (tg->ev_read == NULL || tg->timer == NULL || tg->pump == NULL ||
	    tg->try_timer == NULL || event_add(tg->ev_read, NULL) == -1) {
		log_warnx("target %s: cannot add events", ct->name);
		goto fail;
	}
	return &tg->base;
fail:
	trap_target_free(tg);
	return NULL;
}

static bool
trap_target_is_same(const struct output *o, const void *item)
{
	const struct trap_target *tg =
	    (const struct trap_target *)(const void *)o;
	const struct conf_target *ct = item;

	return strcmp(tg->conf.name, ct->name) == 0 &&
	    tg->conf.is_inform == ct->is_inform &&
	    strcmp(tg->conf.addr, ct->addr) == 0 && tg->conf.port == ct->port &&
	    strcmp(tg->conf.community, ct->community) == 0 &&
	    tg->conf.is_v3 == ct->is_v3 &&
	    snmp_usm_user_equal(&tg->conf.usm, &ct->usm) &&
	    tg->conf.retries == ct->retries &&
	    tg->conf.timeout_ms == ct->timeout_ms &&
	    tg->conf.queue_max == ct->queue_max;
}

static size_t
trap_target_pending(const struct output *o)
{
	return trap_queue_count(
	    &((const struct trap_target *)(const void *)o)->queue);
}

static void
trap_target_close(struct output *o)
{
	trap_target_free((struct trap_target *)(void *)o);
}

const struct output_kind trap_target_kind = {
	.name = "target",
	.group = "target",
	.counters = trap_target_counters,
	.ncounters = TT_COUNT,
	.open = trap_target_open,
	.is_same = trap_target_is_same,
	.deliver = trap_target_deliver,
	.pending = trap_target_pending,
	.pending_noun = "informs",
	.drain_ms = TRAP_TARGET_DRAIN_MS,
	.close = trap_target_close,
};
