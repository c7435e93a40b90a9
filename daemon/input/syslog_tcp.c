/* SPDX-License-Identifier: ISC */
/*
 * Syslog over TCP: accepting clients, reading them through syslog_frame
 * (RFC 6587 framing chosen per frame), idle timeout measured from the last
 * complete frame.  Nobody waits in the kernel's backlog: every connection
 * is accepted at once.  At max-connections a client gives way to it: the
 * one silent longest, if it has had no complete message for
 * tcp-evict-after; else, if some address holds more places than the new
 * client's would after it, that address's oldest client that never
 * completed a message (so clients that reconnect as soon as they are
 * closed cannot keep every place young); else the new one is closed,
 * counted.  One address holds at most max-connections-per-address; out of
 * descriptors, a spare one is given up to accept and close.  Each
 * complete frame goes to syslog_in_frame().
 *
 * The same listener serves syslog over TLS (RFC 5425): syslog_tls.c
 * makes each connection an OpenSSL bufferevent with a capped input, which
 * must finish its handshake within handshake-timeout (the idle timer
 * until then).  A plain TCP client is read a bounded amount per wakeup,
 * the rest waiting in the kernel, which pushes back on the client.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include <openssl/ssl.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/net.h"
#include "core/xmalloc.h"
#include "decode/syslog_frame.h"
#include "input/input.h"
#include "input/input_log.h"
#include "input/syslog_in.h"
#include "input/syslog_tcp.h"
#include "input/syslog_tls.h"

#define SYSLOG_TCP_ACCEPT_BURST 64 /* connections per wakeup */
#define SYSLOG_TCP_RETRY_ACCEPT_MS 1000

static const struct counter_def syslog_tcp_counters[ST_COUNT] = {
	SYSLOG_IN_COUNTER_DEFS,
	[ST_FRAMES] = { "syslog_tcp_frames", "complete frames received" },
	[ST_ACCEPTED] = { "syslog_tcp_connections", "connections accepted" },
	[ST_REFUSED] = { "syslog_tcp_refused",
	    "connections closed at once: max-connections reached and no "
	    "client to give way, or out of descriptors or memory" },
	[ST_ADDRESS_LIMIT] = { "syslog_tcp_address_limit",
	    "connections closed at once: max-connections-per-address" },
	[ST_IDLE_CLOSED] = { "syslog_tcp_idle_closed",
	    "connections closed after tcp-idle-timeout without a message" },
	[ST_EVICTED] = { "syslog_tcp_evicted",
	    "connections closed at max-connections for a new one" },
	[ST_FRAMING_ERRORS] = { "syslog_tcp_framing_errors",
	    "connections closed on a framing error" },
	[ST_TRUNCATED_AT_EOF] = { "syslog_tcp_truncated_at_eof",
	    "messages without their end when the connection ended or was "
	    "closed: dropped" },
	[ST_TLS_HANDSHAKES] = { "syslog_tls_handshakes",
	    "TLS handshakes completed" },
	[ST_TLS_HANDSHAKE_FAILURES] = { "syslog_tls_handshake_failures",
	    "TLS connections closed in the handshake: no, an untrusted or "
	    "an expired client certificate, plain text, an old protocol" },
	[ST_TLS_HANDSHAKE_TIMEOUTS] = { "syslog_tls_handshake_timeouts",
	    "TLS connections closed: no handshake within handshake-timeout" },
	[ST_TLS_RELOAD_ERRORS] = { "syslog_tls_reload_errors",
	    "reloads whose certificate, key or ca could not be used: the "
	    "listener kept the ones it had" },
};

const char *
syslog_tcp_name(const struct syslog_tcp *l)
{
	return l->si.base.counters.label;
}

/* Stops accepting until a client leaves; retried every second. */
static void
syslog_tcp_pause(struct syslog_tcp *l, const char *why, int64_t now_ms)
{
	struct timeval retry = clock_timeval(SYSLOG_TCP_RETRY_ACCEPT_MS);

	evtimer_add(l->retry, &retry);
	if (l->is_paused)
		return;
	l->is_paused = true;
	event_del(l->ev);
	if (log_rate_allow(&l->si.rate_io, now_ms))
		log_warnx("%s: %s: not accepting connections for now",
		    syslog_tcp_name(l), why);
}

static void
syslog_tcp_resume(struct syslog_tcp *l)
{
	if (!l->is_paused || l->is_closing)
		return;
	l->is_paused = false;
	evtimer_del(l->retry);
	event_add(l->ev, NULL);
	log_debug("%s: accepting connections again", syslog_tcp_name(l));
}

void
syslog_tcp_conn_free(struct syslog_tcp_conn *c)
{
	struct syslog_tcp *l = c->l;

	TAILQ_REMOVE(&l->conns, c, entry);
	if (--c->addr->n == 0) {
		LIST_REMOVE(c->addr, entry);
		free(c->addr);
	}
	if (c->bev != NULL) {
		bufferevent_free(c->bev); /* and its fd */
		event_free(c->more);
	} else {
		event_free(c->ev);
		close(c->fd);
	}
	event_free(c->idle);
	syslog_frame_free(c->frame);
	free(c);
	l->nconns--;
}

/*
 * Closes a connection on our side (idle, evicted, shutting down): a frame
 * still arriving is not delivered, only counted with its bytes.
 */
static void
syslog_tcp_drop(struct syslog_tcp_conn *c, const char *why, int64_t now_ms)
{
	struct syslog_tcp *l = c->l;
	struct syslog_frame_out out;

	if (syslog_frame_eof(c->frame, &out) != 0) {
		counter_inc(&l->si.base.counters, ST_TRUNCATED_AT_EOF);
		if (log_rate_allow(&l->si.rate_bad, now_ms))
			log_warnx("%s: %s: %s inside a frame: %zu bytes "
				  "dropped",
			    syslog_tcp_name(l), c->peer, why, out.len);
	}
	log_debug("%s: %s: %s: closing", syslog_tcp_name(l), c->peer, why);
	syslog_tcp_conn_free(c);
}

void
syslog_tcp_arm_idle(struct syslog_tcp_conn *c, int64_t now_ms)
{
	struct timeval tv = clock_timeval(c->l->si.conf->tcp_idle_timeout_ms);

	c->last_frame_ms = now_ms;
	TAILQ_REMOVE(&c->l->conns, c, entry);
	TAILQ_INSERT_TAIL(&c->l->conns, c, entry);
	evtimer_add(c->idle, &tv);
}

/*
 * Hands every complete frame buffered to syslog_in_frame().  Returns -1
 * (err filled) on a framing error: the connection must close.
 */
static int
syslog_tcp_frames(struct syslog_tcp_conn *c, const struct clock_stamp *now,
    struct parse_error *err)
{
	struct syslog_frame_out out;
	bool got = false;
	int rc;

	while ((rc = syslog_frame_next(c->frame, &out, err)) == 1) {
		counter_inc(&c->l->si.base.counters, ST_FRAMES);
		syslog_in_frame(&c->l->si, out.buf, out.len, out.is_truncated,
		    c->peer, c->subject[0] != '\0' ? c->subject : NULL, now);
		got = true;
	}
	if (got) {
		c->has_framed = true;
		syslog_tcp_arm_idle(c, now->mono_ms);
	}
	return rc;
}

/*
 * The peer closed or reset the connection: a message still arriving (a
 * line without its LF, a frame short of its count) is no event: its bytes
 * are counted, whichever way the connection ended.
 */
void
syslog_tcp_eof(struct syslog_tcp_conn *c, const struct clock_stamp *now)
{
	struct syslog_tcp *l = c->l;
	struct syslog_frame_out out;

	if (syslog_frame_eof(c->frame, &out) != 0) {
		counter_inc(&l->si.base.counters, ST_TRUNCATED_AT_EOF);
		if (log_rate_allow(&l->si.rate_bad, now->mono_ms))
			log_warnx("%s: %s: connection closed inside a message: "
				  "%zu bytes dropped",
			    syslog_tcp_name(l), c->peer, out.len);
	}
	log_debug("%s: %s: closed", syslog_tcp_name(l), c->peer);
	syslog_tcp_conn_free(c);
}

static void
syslog_tcp_idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct syslog_tcp_conn *c = arg;
	struct clock_stamp now;

	clock_read(&now);
	if (c->bev != NULL && !c->is_handshaken) {
		counter_inc(&c->l->si.base.counters, ST_TLS_HANDSHAKE_TIMEOUTS);
		if (log_rate_allow(&c->l->si.rate_bad, now.mono_ms))
			log_warnx("%s: %s: no TLS handshake within %lld ms: "
				  "closing",
			    syslog_tcp_name(c->l), c->peer,
			    (long long)
				c->l->si.base.listen->handshake_timeout_ms);
		syslog_tcp_conn_free(c);
		return;
	}
	counter_inc(&c->l->si.base.counters, ST_IDLE_CLOSED);
	log_info("%s: %s: no complete message for %lld ms",
	    syslog_tcp_name(c->l), c->peer,
	    (long long)c->l->si.conf->tcp_idle_timeout_ms);
	syslog_tcp_drop(c, "idle", now.mono_ms);
}

/*
 * n more bytes in c's frame buffer: frames them.  false when that closed
 * the connection (a framing error, counted and logged): c is gone.
 */
bool
syslog_tcp_commit(struct syslog_tcp_conn *c, size_t n,
    const struct clock_stamp *now)
{
	struct syslog_tcp *l = c->l;
	struct parse_error err;

	syslog_frame_commit(c->frame, n);
	if (syslog_tcp_frames(c, now, &err) == 0)
		return true;
	counter_inc(&l->si.base.counters, ST_FRAMING_ERRORS);
	if (log_rate_allow(&l->si.rate_bad, now->mono_ms))
		log_warnx("%s: %s: %s: closing", syslog_tcp_name(l), c->peer,
		    err.msg);
	syslog_tcp_conn_free(c);
	return false;
}

static void
syslog_tcp_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct syslog_tcp_conn *c = arg;
	struct syslog_tcp *l = c->l;
	struct clock_stamp now;
	size_t total = 0, room;
	ssize_t n;
	char *p;

	clock_read(&now);
	while (total < SYSLOG_TCP_READ_MAX) {
		/* syslog_frame promises room once next() wants bytes */
		p = syslog_frame_space(c->frame, &room);
		assert(room > 0);
		n = read(fd, p, room);
		if (n == -1 &&
		    (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		if (n == -1) {
			counter_inc(&l->si.base.counters, SI_READ_ERRORS);
			if (log_rate_allow(&l->si.rate_io, now.mono_ms))
				log_warn("%s: %s: read", syslog_tcp_name(l),
				    c->peer);
		}
		if (n <= 0) {
			syslog_tcp_eof(c, &now);
			return;
		}
		total += (size_t)n;
		if (!syslog_tcp_commit(c, (size_t)n, &now))
			return;
	}
}

static void
syslog_tcp_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct syslog_tcp *l = arg;

	/* accept_cb pauses again (re-arming this) if still not possible */
	l->is_paused = true;
	syslog_tcp_resume(l);
}

/* The tally of addr, or NULL if it holds no place. */
static struct syslog_tcp_addr *
syslog_tcp_addr_find(const struct syslog_tcp *l, const char *addr)
{
	struct syslog_tcp_addr *a;

	LIST_FOREACH(a, &l->addrs, entry)
	if (strcmp(a->text, addr) == 0)
		return a;
	return NULL;
}

/*
 * At max-connections, the client to give way to a new one from an
 * address holding n places, or NULL: see the comment at the top.
 */
static struct syslog_tcp_conn *
syslog_tcp_victim(const struct syslog_tcp *l, size_t n, int64_t now_ms)
{
	struct syslog_tcp_conn *c = TAILQ_FIRST(&l->conns);
	const struct syslog_tcp_addr *a, *most = NULL;

	if (c == NULL)
		return NULL;
	if (now_ms - c->last_frame_ms >= l->si.conf->tcp_evict_after_ms)
		return c;
	LIST_FOREACH(a, &l->addrs, entry)
	if (most == NULL || a->n > most->n)
		most = a;
	if (most == NULL || most->n <= n + 1)
		return NULL;
	TAILQ_FOREACH(c, &l->conns, entry)
	if (c->addr == most && !c->has_framed)
		return c;
	return NULL;
}

/* At max-connections: makes room for a client from an address with n. */
static bool
syslog_tcp_evict(struct syslog_tcp *l, size_t n, int64_t now_ms)
{
	struct syslog_tcp_conn *c = syslog_tcp_victim(l, n, now_ms);

	if (c == NULL)
		return false;
	counter_inc(&l->si.base.counters, ST_EVICTED);
	if (log_rate_allow(&l->si.rate_io, now_ms))
		log_warnx("%s: %s: max-connections reached: closing this "
			  "client (%zu places from its address), without a "
			  "complete message for %lld ms",
		    syslog_tcp_name(l), c->peer, c->addr->n,
		    (long long)(now_ms - c->last_frame_ms));
	syslog_tcp_drop(c, "evicted", now_ms);
	return true;
}

/* Closes a connection just accepted, counted under counter. */
static void
syslog_tcp_refuse(struct syslog_tcp *l, int fd, const char *peer,
    size_t counter, const char *why, int64_t now_ms)
{
	close(fd);
	counter_inc(&l->si.base.counters, counter);
	if (log_rate_allow(&l->si.rate_io, now_ms))
		log_warnx("%s: %s: %s: connection closed", syslog_tcp_name(l),
		    peer, why);
}

/* Out of descriptors: give up the spare to accept and close one. */
static void
syslog_tcp_shed(struct syslog_tcp *l, int fd, int64_t now_ms)
{
	int cfd;

	if (l->spare_fd != -1) {
		close(l->spare_fd);
		l->spare_fd = -1;
	}
	if ((cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) != -1)
		syslog_tcp_refuse(l, cfd, "a client", ST_REFUSED,
		    "out of descriptors", now_ms);
	l->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (l->spare_fd == -1 || cfd == -1)
		syslog_tcp_pause(l, "out of descriptors", now_ms);
}

static void
syslog_tcp_add(struct syslog_tcp *l, int cfd, const char *peer, int64_t now_ms)
{
	struct syslog_tcp_conn *c = xcalloc(1, sizeof(*c));

	counter_inc(&l->si.base.counters, ST_ACCEPTED);
	c->l = l;
	c->fd = cfd;
	c->frame = syslog_frame_new(l->si.conf->max_message_len);
	(void)snprintf(c->peer, sizeof(c->peer), "%s", peer);
	if ((c->addr = syslog_tcp_addr_find(l, peer)) == NULL) {
		c->addr = xcalloc(1, sizeof(*c->addr));
		(void)snprintf(c->addr->text, sizeof(c->addr->text), "%s",
		    peer);
		LIST_INSERT_HEAD(&l->addrs, c->addr, entry);
	}
	c->addr->n++;
	c->idle = evtimer_new(l->base, syslog_tcp_idle_cb, c);
	if (c->idle == NULL)
		fatalx("%s: event_new failed", syslog_tcp_name(l));
	if (l->tls != NULL)
		syslog_tls_start(c);
	else if ((c->ev = event_new(l->base, cfd, EV_READ | EV_PERSIST,
		      syslog_tcp_read_cb, c)) == NULL ||
	    event_add(c->ev, NULL) == -1)
		fatalx("%s: event_new failed", syslog_tcp_name(l));
	TAILQ_INSERT_TAIL(&l->conns, c, entry);
	l->nconns++;
	syslog_tcp_arm_idle(c, now_ms);
	if (l->tls != NULL) {
		/* until the handshake is done, its timeout instead */
		struct timeval tv =
		    clock_timeval(l->si.base.listen->handshake_timeout_ms);

		evtimer_add(c->idle, &tv);
	}
	log_debug("%s: %s: connected", syslog_tcp_name(l), c->peer);
}

/* One connection off the backlog: kept, or closed at once (counted). */
static bool
syslog_tcp_accept_one(struct syslog_tcp *l, int fd, int64_t now_ms)
{
	const struct conf *conf = l->si.conf;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	char peer[NET_ADDR_TEXT_MAX];
	const struct syslog_tcp_addr *a;
	size_t n;
	int cfd;

	cfd = accept4(fd, (struct sockaddr *)&ss, &sslen,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (cfd == -1) {
		if (errno == EMFILE || errno == ENFILE)
			syslog_tcp_shed(l, fd, now_ms);
		else if (errno == ENOBUFS || errno == ENOMEM) {
			counter_inc(&l->si.base.counters, ST_REFUSED);
			syslog_tcp_pause(l, strerror(errno), now_ms);
		}
		return false;
	}
	if (!input_log_allowed(&l->si.base, SI_NOT_ALLOWED,
		(struct sockaddr *)&ss, sslen, "connection", now_ms)) {
		close(cfd);
		return true;
	}
	net_addr_text((struct sockaddr *)&ss, sslen, peer, sizeof(peer));
	n = (a = syslog_tcp_addr_find(l, peer)) != NULL ? a->n : 0;
	if (n >= conf_max_connections_per_address(conf))
		syslog_tcp_refuse(l, cfd, peer, ST_ADDRESS_LIMIT,
		    "max-connections-per-address reached", now_ms);
	else if (l->nconns >= conf->max_connections &&
	    !syslog_tcp_evict(l, n, now_ms))
		syslog_tcp_refuse(l, cfd, peer, ST_REFUSED,
		    "max-connections reached, no client to give way", now_ms);
	else
		syslog_tcp_add(l, cfd, peer, now_ms);
	return true;
}

static void
syslog_tcp_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct syslog_tcp *l = arg;
	struct clock_stamp now;

	clock_read(&now);
	for (int i = 0; i < SYSLOG_TCP_ACCEPT_BURST && !l->is_paused; i++)
		if (!syslog_tcp_accept_one(l, fd, now.mono_ms))
			break;
}

static struct input *
syslog_tcp_open_kind(const struct input_kind *kind, const struct input_env *env,
    const struct conf *conf, const struct conf_listen *cl)
{
	struct syslog_tcp *l;
	SSL_CTX *tls = NULL;
	char err[512];
	int fd;

	if (cl->kind == CONF_LISTEN_SYSLOG_TLS &&
	    (tls = syslog_tls_ctx_new(cl, err, sizeof(err))) == NULL) {
		log_warnx("%s:%d: cannot listen %s on %s port %u: %s", cl->file,
		    cl->line, kind->name, cl->addr, (unsigned int)cl->port,
		    err);
		return NULL;
	}
	if ((fd = syslog_in_bind(env, cl, kind->name, SOCK_STREAM)) == -1) {
		SSL_CTX_free(tls);
		return NULL;
	}
	l = xcalloc(1, sizeof(*l));
	syslog_in_init(&l->si, kind, env, conf, cl,
	    tls != NULL ? WINEVENT_VIA_SYSLOG_TLS : WINEVENT_VIA_SYSLOG_TCP);
	l->tls = tls;
	l->base = env->base;
	l->fd = fd;
	l->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	TAILQ_INIT(&l->conns);
	LIST_INIT(&l->addrs);
	l->ev = event_new(env->base, fd, EV_READ | EV_PERSIST,
	    syslog_tcp_accept_cb, l);
	l->retry = evtimer_new(env->base, syslog_tcp_retry_cb, l);
	if (l->ev == NULL || l->retry == NULL || event_add(l->ev, NULL) == -1)
		fatalx("%s: event_new failed", syslog_tcp_name(l));
	log_info("%s: listening", syslog_tcp_name(l));
	return &l->si.base;
}

static struct input *
syslog_tcp_open(const struct input_env *env, const struct conf *conf,
    const struct conf_listen *cl)
{
	return syslog_tcp_open_kind(&syslog_tcp_kind, env, conf, cl);
}

static struct input *
syslog_tcp_open_tls(const struct input_env *env, const struct conf *conf,
    const struct conf_listen *cl)
{
	return syslog_tcp_open_kind(&syslog_tls_kind, env, conf, cl);
}

static void
syslog_tcp_reconf(struct input *in, const struct conf *conf,
    const struct conf_listen *cl)
{
	struct syslog_tcp *l = (struct syslog_tcp *)(void *)in;

	syslog_in_reconf(&l->si, conf, cl);
	if (l->tls != NULL)
		syslog_tls_reload(l, cl);
}

static void
syslog_tcp_close(struct input *in)
{
	struct syslog_tcp *l = (struct syslog_tcp *)(void *)in;
	struct clock_stamp now;

	clock_read(&now);
	l->is_closing = true;
	while (!TAILQ_EMPTY(&l->conns))
		syslog_tcp_drop(TAILQ_FIRST(&l->conns), "shutting down",
		    now.mono_ms);
	event_free(l->ev);
	event_free(l->retry);
	close(l->fd);
	if (l->spare_fd != -1)
		close(l->spare_fd);
	SSL_CTX_free(l->tls);
	counter_set_clear(&l->si.base.counters);
	free(l);
}

const struct input_kind syslog_tcp_kind = {
	.name = "syslog/tcp",
	.listen = CONF_LISTEN_SYSLOG_TCP,
	.counters = syslog_tcp_counters,
	.ncounters = ST_COUNT,
	.open = syslog_tcp_open,
	.reconf = syslog_tcp_reconf,
	.close = syslog_tcp_close,
};

const struct input_kind syslog_tls_kind = {
	.name = "syslog/tls",
	.listen = CONF_LISTEN_SYSLOG_TLS,
	.counters = syslog_tcp_counters,
	.ncounters = ST_COUNT,
	.open = syslog_tcp_open_tls,
	.reconf = syslog_tcp_reconf,
	.close = syslog_tcp_close,
};
