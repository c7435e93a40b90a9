/* SPDX-License-Identifier: ISC */
/*
 * Syslog listeners: binding, UDP (a bounded burst of datagrams per wakeup,
 * the kernel's drops counted), and what every frame goes through, UDP or
 * TCP: syslog_parse and winevent_from_syslog to ingest, or a counter and a
 * rate-limited log line.  TCP connections: listen_syslog_tcp.c.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
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
#include "listen_syslog_int.h"
#include "log.h"
#include "stats.h"
#include "syslog_parse.h"
#include "udp_rxq.h"
#include "winevent.h"
#include "xmalloc.h"

#define LISTEN_UDP_BURST 64         /* datagrams per wakeup */
#define LISTEN_UDP_BUF 65536        /* largest UDP payload, plus one */
#define LISTEN_UDP_RCVBUF (4 << 20) /* ask the kernel for this much */

const char *
listen_syslog_name(const struct listen_syslog *l)
{
	return l->cl.kind == CONF_LISTEN_SYSLOG_UDP ? "syslog/udp"
						    : "syslog/tcp";
}

/* Numeric peer address, IPv4-mapped IPv6 shown as IPv4. */
void
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
void
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
		udp_rxq_account(&l->rxq, &mh, now_ms);
		stats_inc(STATS_SYSLOG_UDP_DATAGRAMS);
		listen_syslog_peer(&ss, peer, sizeof(peer));
		listen_syslog_frame(l, l->udp_buf,
		    (size_t)n > max ? max : (size_t)n, peer, (size_t)n > max,
		    now_ms);
	}
}

/*
 * A large receive buffer for bursts (the kernel caps it at
 * net.core.rmem_max: say so when it did).
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
		if (udp_rxq_open(&l->rxq, fd, STATS_SYSLOG_UDP_KERNEL_DROPS,
			"syslog/udp") == -1)
			log_warn("syslog/udp %s port %u: SO_RXQ_OVFL: kernel "
				 "drops will not be counted",
			    cl->addr, cl->port);
		l->udp_buf = xmalloc(LISTEN_UDP_BUF);
		l->ev = event_new(base, fd, EV_READ | EV_PERSIST,
		    listen_syslog_udp_cb, l);
	} else {
		l->ev = event_new(base, fd, EV_READ | EV_PERSIST,
		    listen_syslog_tcp_accept_cb, l);
		l->retry = evtimer_new(base, listen_syslog_tcp_retry_cb, l);
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
		listen_syslog_tcp_resume(l);
}

void
listen_syslog_close(struct listen_syslog *l)
{
	if (l == NULL)
		return;
	listen_syslog_tcp_close_all(l);
	event_free(l->ev);
	if (l->retry != NULL)
		event_free(l->retry);
	close(l->fd);
	free(l->udp_buf);
	free(l);
}
