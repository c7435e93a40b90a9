/* SPDX-License-Identifier: ISC */
/*
 * Syslog over TCP: accepting clients, reading them through syslog_frame
 * (RFC 6587 framing chosen per frame), idle timeout measured from the last
 * complete frame, and back-pressure at max-connections: the client silent
 * longest gives way to a new one, else accepting pauses and is retried.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "clock.h"
#include "listen_syslog_int.h"
#include "log.h"
#include "stats.h"
#include "syslog_frame.h"
#include "winevent.h"
#include "xmalloc.h"

#define LISTEN_TCP_READ_MAX 65536 /* bytes per connection per wakeup */
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

/* Stops accepting until a client leaves; retried every second. */
static void
listen_syslog_tcp_pause(struct listen_syslog *l, const char *why,
    int64_t now_ms)
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

void
listen_syslog_tcp_resume(struct listen_syslog *l)
{
	if (!l->is_paused || l->is_closing)
		return;
	l->is_paused = false;
	evtimer_del(l->retry);
	event_add(l->ev, NULL);
	log_debug("%s: accepting connections again", listen_syslog_name(l));
}

static void
listen_syslog_tcp_free(struct listen_conn *c)
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
		listen_syslog_tcp_resume(l);
}

/*
 * Closes a connection on our side (idle, evicted, shutting down): a frame
 * still arriving is not delivered, only counted with its bytes.
 */
static void
listen_syslog_tcp_drop(struct listen_conn *c, const char *why, int64_t now_ms)
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
	listen_syslog_tcp_free(c);
}

static void
listen_syslog_tcp_arm_idle(struct listen_conn *c, int64_t now_ms)
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
listen_syslog_tcp_frames(struct listen_conn *c, int64_t now_ms,
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
		listen_syslog_tcp_arm_idle(c, now_ms);
	return rc;
}

/* The peer closed: a final LF frame without its LF still counts. */
static void
listen_syslog_tcp_eof(struct listen_conn *c, int64_t now_ms)
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
	listen_syslog_tcp_free(c);
}

static void
listen_syslog_tcp_idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_conn *c = arg;

	stats_inc(STATS_SYSLOG_TCP_IDLE_CLOSED);
	log_info("%s: %s: no complete message for %lld ms",
	    listen_syslog_name(c->l), c->peer,
	    (long long)c->l->conf->tcp_idle_timeout_ms);
	listen_syslog_tcp_drop(c, "idle", clock_now_ms());
}

static void
listen_syslog_tcp_read_cb(evutil_socket_t fd, short what, void *arg)
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
			listen_syslog_tcp_eof(c, now_ms);
			return;
		}
		syslog_frame_commit(c->frame, (size_t)n);
		total += (size_t)n;
		if (listen_syslog_tcp_frames(c, now_ms, &err) == -1) {
			stats_inc(STATS_SYSLOG_TCP_FRAMING_ERRORS);
			if (log_rate_allow(&l->rate_bad, now_ms))
				log_warnx("%s: %s: %s: closing",
				    listen_syslog_name(l), c->peer, err.msg);
			listen_syslog_tcp_free(c);
			return;
		}
	}
}

void
listen_syslog_tcp_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_syslog *l = arg;

	/* accept_cb pauses again (re-arming this) if still not possible */
	l->is_paused = true;
	listen_syslog_tcp_resume(l);
}

/*
 * At max-connections: makes room by closing the client that has gone
 * longest without a complete frame, if that is long enough.
 */
static bool
listen_syslog_tcp_evict(struct listen_syslog *l, int64_t now_ms)
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
	listen_syslog_tcp_drop(c, "evicted", now_ms);
	return true;
}

void
listen_syslog_tcp_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_syslog *l = arg;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	struct listen_conn *c;
	int64_t now_ms = clock_now_ms();
	int cfd;

	if (l->nconns >= l->conf->max_connections &&
	    !listen_syslog_tcp_evict(l, now_ms)) {
		listen_syslog_tcp_pause(l, "max-connections reached", now_ms);
		return;
	}
	cfd = accept4(fd, (struct sockaddr *)&ss, &sslen,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd == -1) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			stats_inc(STATS_SYSLOG_TCP_REFUSED);
			listen_syslog_tcp_pause(l, strerror(errno), now_ms);
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
	    listen_syslog_tcp_read_cb, c);
	c->idle = evtimer_new(l->base, listen_syslog_tcp_idle_cb, c);
	if (c->ev == NULL || c->idle == NULL)
		fatalx("%s: event_new failed", listen_syslog_name(l));
	event_add(c->ev, NULL);
	TAILQ_INSERT_TAIL(&l->conns, c, entry);
	l->nconns++;
	listen_syslog_tcp_arm_idle(c, now_ms);
	log_debug("%s: %s: connected", listen_syslog_name(l), c->peer);
}

void
listen_syslog_tcp_close_all(struct listen_syslog *l)
{
	l->is_closing = true;
	while (!TAILQ_EMPTY(&l->conns))
		listen_syslog_tcp_drop(TAILQ_FIRST(&l->conns), "shutting down",
		    clock_now_ms());
}
