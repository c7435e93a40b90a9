/* SPDX-License-Identifier: ISC */
/*
 * Syslog over UDP and TCP.  UDP: a bounded burst of datagrams per wakeup.
 * TCP: RFC 6587 framing by syslog_frame (octet counting when a frame
 * starts with digits and a space, else LF-terminated) with a per-connection
 * buffer of max-message-size, idle timeout, and back-pressure: at
 * max-connections (or out of descriptors) the accepting event is deleted
 * until a client leaves.  Each frame goes through syslog_parse and
 * winevent_from_syslog to ingest.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "clock.h"
#include "escape.h"
#include "ingest.h"
#include "listen_syslog.h"
#include "log.h"
#include "stats.h"
#include "syslog_frame.h"
#include "syslog_parse.h"
#include "udp_rxq.h"
#include "winevent.h"
#include "xmalloc.h"

#define LISTEN_UDP_BURST 64         /* datagrams per wakeup */
#define LISTEN_UDP_BUF 65536        /* largest UDP payload, plus one */
#define LISTEN_UDP_RCVBUF (4 << 20) /* ask the kernel for this much */
#define LISTEN_TCP_READ_MAX 65536   /* bytes per connection per wakeup */
#define LISTEN_RETRY_ACCEPT_MS 1000
/* At max-connections, a client that sent no complete frame for this long
 * (or half tcp-idle-timeout, if shorter) gives its place to a new one, so
 * slow senders cannot lock the port. */
#define LISTEN_EVICT_IDLE_MS 30000

struct listen_conn {
	struct listen_syslog *l;
	int fd;
	struct event *ev;
	struct event *idle; /* armed at accept and at every complete frame */
	char peer[WINEVENT_PEER_MAX];
	struct syslog_frame *frame;     /* cap: max_message_len when accepted */
	int64_t last_frame_ms;          /* accept, or the last complete frame */
	TAILQ_ENTRY(listen_conn) entry; /* least recently framed first */
};

struct listen_syslog {
	struct event_base *base;
	const struct conf *conf;
	struct conf_listen cl;
	struct ingest *in;
	int fd;
	struct event *ev;
	struct event *retry; /* TCP: re-enable accepting after EMFILE */
	bool is_paused;
	bool is_closing;
	size_t nconns;
	TAILQ_HEAD(, listen_conn) conns;
	char *udp_buf;
	uint32_t kernel_drops; /* last SO_RXQ_OVFL total seen */
	struct log_rate rate_bad;
	struct log_rate rate_other;
	struct log_rate rate_io;
};

static const char *
listen_syslog_name(const struct listen_syslog *l)
{
	return l->cl.kind == CONF_LISTEN_SYSLOG_UDP ? "syslog/udp"
						    : "syslog/tcp";
}

/* Numeric peer address, IPv4-mapped IPv6 shown as IPv4. */
static void
listen_syslog_peer(const struct sockaddr_storage *ss, char *out, size_t len)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

	if (ss->ss_family == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12], out,
		    (socklen_t)len);
		return;
	}
	if (getnameinfo((const struct sockaddr *)ss,
		ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
					  : sizeof(struct sockaddr_in),
		out, (socklen_t)len, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(out, len, "unknown");
}

/*
 * Counts a dropped or ignored frame and logs it, rate-limited, with the
 * first bytes of what was dropped, escaped.
 */
static void
listen_syslog_drop(struct listen_syslog *l, enum stats_id counter,
    const char *peer, const char *what, const struct parse_error *err,
    const char *bytes, size_t len, int64_t now_ms)
{
	bool is_bad = counter != STATS_SYSLOG_NOT_WINEVENT;
	char sample[96];

	stats_inc(counter);
	if (!log_rate_allow(is_bad ? &l->rate_bad : &l->rate_other, now_ms))
		return;
	escape_text(bytes, len < 48 ? len : 48, sample, sizeof(sample));
	if (is_bad)
		log_warnx("%s: %s: dropped %s at byte %zu: %s: \"%s\"",
		    listen_syslog_name(l), peer, what, err->offset, err->msg,
		    sample);
	else
		log_info("%s: %s: ignored: %s: \"%s\"", listen_syslog_name(l),
		    peer, err->msg, sample);
}

/* Nothing but the NUL/CR/LF/space a sender may leave around a message. */
static bool
listen_syslog_is_blank(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != '\0' && buf[i] != '\r' && buf[i] != '\n' &&
		    buf[i] != ' ')
			return false;
	return true;
}

/* One complete frame (possibly truncated) -> ingest. */
static void
listen_syslog_frame(struct listen_syslog *l, const char *buf, size_t len,
    const char *peer, bool is_truncated, int64_t now_ms)
{
	struct syslog_msg msg;
	struct winevent ev;
	struct parse_error err = { 0 };
	int64_t wall_ms = clock_wall_ms();

	if (is_truncated) {
		stats_inc(STATS_SYSLOG_TRUNCATED);
		if (log_rate_allow(&l->rate_bad, now_ms))
			log_warnx("%s: %s: message longer than %zu bytes: "
				  "truncated",
			    listen_syslog_name(l), peer,
			    l->conf->max_message_len);
	}
	if (syslog_parse(buf, len, wall_ms, &msg, &err) == -1) {
		listen_syslog_drop(l,
		    listen_syslog_is_blank(buf, len) ? STATS_SYSLOG_EMPTY
						     : STATS_SYSLOG_MALFORMED,
		    peer, "malformed message", &err, buf, len, now_ms);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	if (winevent_from_syslog(&msg, &ev, &err) == -1) {
		/* a known agent format with a broken payload is malformed */
		listen_syslog_drop(l,
		    ev.format != WINEVENT_FORMAT_UNKNOWN
			? STATS_SYSLOG_MALFORMED
			: STATS_SYSLOG_NOT_WINEVENT,
		    peer, winevent_format_name(ev.format), &err, msg.msg,
		    msg.msg_len, now_ms);
		return;
	}
	ev.via = l->cl.kind == CONF_LISTEN_SYSLOG_UDP ? WINEVENT_VIA_SYSLOG_UDP
						      : WINEVENT_VIA_SYSLOG_TCP;
	snprintf(ev.peer, sizeof(ev.peer), "%s", peer);
	ev.recv_ms = wall_ms;
	ingest_event(l->in, &ev, now_ms);
}

/*
 * SO_RXQ_OVFL: the kernel's count of datagrams it dropped on this socket
 * because the receive buffer was full.  Nothing it dropped was accepted,
 * but an operator must see it: the growth is counted and logged.
 */
static void
listen_syslog_udp_drops(struct listen_syslog *l, struct msghdr *mh,
    int64_t now_ms)
{
	uint32_t delta = udp_rxq_dropped(mh, &l->kernel_drops);

	if (delta == 0)
		return;
	stats_add(STATS_SYSLOG_UDP_KERNEL_DROPS, delta);
	if (log_rate_allow(&l->rate_io, now_ms))
		log_warnx("%s: the kernel dropped %u datagrams: receive "
			  "buffer full (raise net.core.rmem_max)",
		    listen_syslog_name(l), delta);
}

static void
listen_syslog_udp_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_syslog *l = arg;
	struct sockaddr_storage ss;
	char peer[WINEVENT_PEER_MAX];
	size_t max = l->conf->max_message_len;
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(uint32_t))];
	} control;
	struct iovec iov = { l->udp_buf, LISTEN_UDP_BUF };
	struct msghdr mh;
	int64_t now_ms = clock_now_ms();
	ssize_t n;

	for (int i = 0; i < LISTEN_UDP_BURST; i++) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &ss;
		mh.msg_namelen = sizeof(ss);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = &control;
		mh.msg_controllen = sizeof(control);
		if ((n = recvmsg(fd, &mh, MSG_TRUNC)) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				stats_inc(STATS_SYSLOG_READ_ERRORS);
				if (log_rate_allow(&l->rate_io, now_ms))
					log_warn("%s: recvmsg",
					    listen_syslog_name(l));
			}
			return;
		}
		listen_syslog_udp_drops(l, &mh, now_ms);
		stats_inc(STATS_SYSLOG_UDP_DATAGRAMS);
		listen_syslog_peer(&ss, peer, sizeof(peer));
		listen_syslog_frame(l, l->udp_buf,
		    (size_t)n > max ? max : (size_t)n, peer, (size_t)n > max,
		    now_ms);
	}
}

static void listen_syslog_accept_cb(evutil_socket_t, short, void *);

/* Stops accepting until a client leaves; retried every second. */
static void
listen_syslog_pause(struct listen_syslog *l, const char *why, int64_t now_ms)
{
	struct timeval retry = { LISTEN_RETRY_ACCEPT_MS / 1000, 0 };

	evtimer_add(l->retry, &retry);
	if (l->is_paused)
		return;
	l->is_paused = true;
	event_del(l->ev);
	if (log_rate_allow(&l->rate_io, now_ms))
		log_warnx("%s: %s: not accepting connections for now",
		    listen_syslog_name(l), why);
}

static void
listen_syslog_resume(struct listen_syslog *l)
{
	if (!l->is_paused || l->is_closing)
		return;
	l->is_paused = false;
	evtimer_del(l->retry);
	event_add(l->ev, NULL);
	log_debug("%s: accepting connections again", listen_syslog_name(l));
}

static void
listen_conn_free(struct listen_conn *c)
{
	struct listen_syslog *l = c->l;

	TAILQ_REMOVE(&l->conns, c, entry);
	event_free(c->ev);
	event_free(c->idle);
	close(c->fd);
	syslog_frame_free(c->frame);
	free(c);
	l->nconns--;
	if (l->nconns < l->conf->max_connections)
		listen_syslog_resume(l);
}

/*
 * Closes a connection on our side (idle, evicted, shutting down): a frame
 * still arriving is not delivered, only counted with its bytes.
 */
static void
listen_conn_drop(struct listen_conn *c, const char *why, int64_t now_ms)
{
	struct listen_syslog *l = c->l;
	struct syslog_frame_out out;

	if (syslog_frame_eof(c->frame, &out) != 0) {
		stats_inc(STATS_SYSLOG_TCP_TRUNCATED_AT_EOF);
		if (log_rate_allow(&l->rate_bad, now_ms))
			log_warnx("%s: %s: %s inside a frame: %zu bytes "
				  "dropped",
			    listen_syslog_name(l), c->peer, why, out.len);
	}
	log_debug("%s: %s: %s: closing", listen_syslog_name(l), c->peer, why);
	listen_conn_free(c);
}

static void
listen_conn_arm_idle(struct listen_conn *c, int64_t now_ms)
{
	int64_t ms = c->l->conf->tcp_idle_timeout_ms;
	struct timeval tv = { (time_t)(ms / 1000),
		(suseconds_t)(ms % 1000) * 1000 };

	c->last_frame_ms = now_ms;
	TAILQ_REMOVE(&c->l->conns, c, entry);
	TAILQ_INSERT_TAIL(&c->l->conns, c, entry);
	evtimer_add(c->idle, &tv);
}

/*
 * Hands every complete frame buffered to listen_syslog_frame().  Returns
 * -1 (err filled) on a framing error: the connection must close.
 */
static int
listen_conn_frames(struct listen_conn *c, int64_t now_ms,
    struct parse_error *err)
{
	struct syslog_frame_out out;
	bool got = false;
	int rc;

	while ((rc = syslog_frame_next(c->frame, &out, err)) == 1) {
		stats_inc(STATS_SYSLOG_TCP_FRAMES);
		listen_syslog_frame(c->l, out.buf, out.len, c->peer,
		    out.is_truncated, now_ms);
		got = true;
	}
	if (got)
		listen_conn_arm_idle(c, now_ms);
	return rc;
}

/* The peer closed: a final LF frame without its LF still counts. */
static void
listen_conn_eof(struct listen_conn *c, int64_t now_ms)
{
	struct listen_syslog *l = c->l;
	struct syslog_frame_out out;

	switch (syslog_frame_eof(c->frame, &out)) {
	case 1:
		stats_inc(STATS_SYSLOG_TCP_FRAMES);
		listen_syslog_frame(l, out.buf, out.len, c->peer, false,
		    now_ms);
		break;
	case -1:
		stats_inc(STATS_SYSLOG_TCP_TRUNCATED_AT_EOF);
		if (log_rate_allow(&l->rate_bad, now_ms))
			log_warnx("%s: %s: connection closed inside a frame: "
				  "%zu bytes dropped",
			    listen_syslog_name(l), c->peer, out.len);
		break;
	default:
		break;
	}
	log_debug("%s: %s: closed", listen_syslog_name(l), c->peer);
	listen_conn_free(c);
}

static void
listen_conn_idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_conn *c = arg;

	stats_inc(STATS_SYSLOG_TCP_IDLE_CLOSED);
	log_info("%s: %s: no complete message for %lld ms",
	    listen_syslog_name(c->l), c->peer,
	    (long long)c->l->conf->tcp_idle_timeout_ms);
	listen_conn_drop(c, "idle", clock_now_ms());
}

static void
listen_conn_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_conn *c = arg;
	struct listen_syslog *l = c->l;
	struct parse_error err;
	int64_t now_ms = clock_now_ms();
	size_t total = 0, room;
	ssize_t n;
	char *p;

	while (total < LISTEN_TCP_READ_MAX) {
		/* syslog_frame promises room once next() wants bytes */
		p = syslog_frame_space(c->frame, &room);
		assert(room > 0);
		n = read(fd, p, room);
		if (n == -1 &&
		    (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		if (n == -1) {
			stats_inc(STATS_SYSLOG_READ_ERRORS);
			if (log_rate_allow(&l->rate_io, now_ms))
				log_warn("%s: %s: read", listen_syslog_name(l),
				    c->peer);
		}
		if (n <= 0) {
			listen_conn_eof(c, now_ms);
			return;
		}
		syslog_frame_commit(c->frame, (size_t)n);
		total += (size_t)n;
		if (listen_conn_frames(c, now_ms, &err) == -1) {
			stats_inc(STATS_SYSLOG_TCP_FRAMING_ERRORS);
			if (log_rate_allow(&l->rate_bad, now_ms))
				log_warnx("%s: %s: %s: closing",
				    listen_syslog_name(l), c->peer, err.msg);
			listen_conn_free(c);
			return;
		}
	}
}

static void
listen_syslog_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_syslog *l = arg;

	/* accept_cb pauses again (re-arming this) if still not possible */
	l->is_paused = true;
	listen_syslog_resume(l);
}

/*
 * At max-connections: makes room by closing the client that has gone
 * longest without a complete frame, if that is long enough.
 */
static bool
listen_syslog_evict(struct listen_syslog *l, int64_t now_ms)
{
	struct listen_conn *c = TAILQ_FIRST(&l->conns);

	int64_t min_ms = l->conf->tcp_idle_timeout_ms / 2;

	if (min_ms > LISTEN_EVICT_IDLE_MS)
		min_ms = LISTEN_EVICT_IDLE_MS;
	if (c == NULL || now_ms - c->last_frame_ms < min_ms)
		return false;
	stats_inc(STATS_SYSLOG_TCP_EVICTED);
	if (log_rate_allow(&l->rate_io, now_ms))
		log_warnx("%s: %s: max-connections reached: closing this "
			  "client, silent for %lld s",
		    listen_syslog_name(l), c->peer,
		    (long long)(now_ms - c->last_frame_ms) / 1000);
	listen_conn_drop(c, "evicted", now_ms);
	return true;
}

static void
listen_syslog_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_syslog *l = arg;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	struct listen_conn *c;
	int64_t now_ms = clock_now_ms();
	int cfd;

	if (l->nconns >= l->conf->max_connections &&
	    !listen_syslog_evict(l, now_ms)) {
		listen_syslog_pause(l, "max-connections reached", now_ms);
		return;
	}
	cfd = accept4(fd, (struct sockaddr *)&ss, &sslen,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd == -1) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			stats_inc(STATS_SYSLOG_TCP_REFUSED);
			listen_syslog_pause(l, strerror(errno), now_ms);
		}
		return;
	}
	stats_inc(STATS_SYSLOG_TCP_ACCEPTED);
	c = xcalloc(1, sizeof(*c));
	c->l = l;
	c->fd = cfd;
	c->frame = syslog_frame_new(l->conf->max_message_len);
	listen_syslog_peer(&ss, c->peer, sizeof(c->peer));
	c->ev = event_new(l->base, cfd, EV_READ | EV_PERSIST,
	    listen_conn_read_cb, c);
	c->idle = evtimer_new(l->base, listen_conn_idle_cb, c);
	if (c->ev == NULL || c->idle == NULL)
		fatalx("%s: event_new failed", listen_syslog_name(l));
	event_add(c->ev, NULL);
	TAILQ_INSERT_TAIL(&l->conns, c, entry);
	l->nconns++;
	listen_conn_arm_idle(c, now_ms);
	log_debug("%s: %s: connected", listen_syslog_name(l), c->peer);
}

/*
 * A large receive buffer for bursts (the kernel caps it at
 * net.core.rmem_max: say so when it did), and the kernel's drop count.
 */
static void
listen_syslog_udp_setup(int fd, const struct conf_listen *cl)
{
	int want = LISTEN_UDP_RCVBUF, got = 0;
	socklen_t len = sizeof(got);

	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want));
	/* Linux reports twice the size asked for, bookkeeping included */
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0 &&
	    got / 2 < want)
		log_info("syslog/udp %s port %u: receive buffer %d KiB, not %d "
			 "KiB: net.core.rmem_max limits it",
		    cl->addr, cl->port, got / 2 / 1024, want / 1024);
	if (udp_rxq_enable(fd) == -1)
		log_warn("syslog/udp %s port %u: SO_RXQ_OVFL: kernel drops "
			 "will not be counted",
		    cl->addr, cl->port);
}

static int
listen_syslog_bind(const struct conf_listen *cl, int type)
{
	struct addrinfo hints, *res;
	char port[8];
	int fd, on = 1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = type;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	snprintf(port, sizeof(port), "%u", cl->port);
	if ((rc = getaddrinfo(cl->addr, port, &hints, &res)) != 0) {
		log_warnx("listen %s port %u: %s", cl->addr, cl->port,
		    gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("listen %s port %u: socket", cl->addr, cl->port);
		freeaddrinfo(res);
		return -1;
	}
	/* TCP only: on UDP it would let a second process share the port */
	if (type == SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	/* "::" is IPv6 only, so that it can stand beside "0.0.0.0" */
	if (res->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (type == SOCK_DGRAM)
		listen_syslog_udp_setup(fd, cl);
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1 ||
	    (type == SOCK_STREAM && listen(fd, 128) == -1)) {
		log_warn("listen %s %s port %u",
		    type == SOCK_DGRAM ? "syslog udp" : "syslog tcp", cl->addr,
		    cl->port);
		close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return fd;
}

struct listen_syslog *
listen_syslog_open(struct event_base *base, const struct conf *conf,
    const struct conf_listen *cl, struct ingest *in)
{
	struct listen_syslog *l;
	bool is_udp = cl->kind == CONF_LISTEN_SYSLOG_UDP;
	int fd;

	if ((fd = listen_syslog_bind(cl, is_udp ? SOCK_DGRAM : SOCK_STREAM)) ==
	    -1)
		return NULL;
	l = xcalloc(1, sizeof(*l));
	l->base = base;
	l->conf = conf;
	l->cl = *cl;
	l->cl.communities = NULL;
	l->cl.ncommunities = 0;
	l->in = in;
	l->fd = fd;
	TAILQ_INIT(&l->conns);
	l->rate_bad.what =
	    is_udp ? "syslog/udp: bad input" : "syslog/tcp: bad input";
	l->rate_other.what =
	    is_udp ? "syslog/udp: ignored" : "syslog/tcp: ignored";
	l->rate_io.what = is_udp ? "syslog/udp: errors" : "syslog/tcp: errors";
	if (is_udp) {
		l->udp_buf = xmalloc(LISTEN_UDP_BUF);
		l->ev = event_new(base, fd, EV_READ | EV_PERSIST,
		    listen_syslog_udp_cb, l);
	} else {
		l->ev = event_new(base, fd, EV_READ | EV_PERSIST,
		    listen_syslog_accept_cb, l);
		l->retry = evtimer_new(base, listen_syslog_retry_cb, l);
	}
	if (l->ev == NULL || (!is_udp && l->retry == NULL))
		fatalx("%s: event_new failed", listen_syslog_name(l));
	event_add(l->ev, NULL);
	log_info("%s: listening on %s port %u", listen_syslog_name(l), cl->addr,
	    cl->port);
	return l;
}

void
listen_syslog_reconf(struct listen_syslog *l, const struct conf *conf)
{
	l->conf = conf;
	if (l->nconns < conf->max_connections)
		listen_syslog_resume(l);
}

void
listen_syslog_close(struct listen_syslog *l)
{
	if (l == NULL)
		return;
	l->is_closing = true;
	while (!TAILQ_EMPTY(&l->conns))
		listen_conn_drop(TAILQ_FIRST(&l->conns), "shutting down",
		    clock_now_ms());
	event_free(l->ev);
	if (l->retry != NULL)
		event_free(l->retry);
	close(l->fd);
	free(l->udp_buf);
	free(l);
}
