/* SPDX-License-Identifier: ISC */
/*
 * Syslog over UDP: one datagram one message, read in batches (recvmmsg)
 * into buffers allocated once, a bounded burst per wakeup, the kernel's
 * drops counted (SO_RXQ_OVFL), each datagram handed in place to
 * syslog_in_frame().  And the same over a local Unix datagram socket
 * (`listen syslog unix`), whose senders are all "local" and whose
 * socket file is removed when the listener closes.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/net.h"
#include "core/xmalloc.h"
#include "input/input.h"
#include "input/input_log.h"
#include "input/syslog_in.h"
#include "input/udp_rxq.h"

#define SYSLOG_UDP_BATCH 64               /* datagrams per recvmmsg() */
#define SYSLOG_UDP_BURST SYSLOG_UDP_BATCH /* per wakeup: see the read */
#define SYSLOG_UDP_BUF 65536 /* more than the largest UDP payload */
#define SYSLOG_UDP_RCVBUF CONF_DEFAULT_UDP_RECEIVE_BUFFER

enum syslog_udp_counter {
	SU_DATAGRAMS = SI_COMMON,
	SU_KERNEL_DROPS,
	SU_COUNT,
};

static const struct counter_def syslog_udp_counters[SU_COUNT] = {
	SYSLOG_IN_COUNTER_DEFS,
	[SU_DATAGRAMS] = { "syslog_udp_datagrams", "datagrams received" },
	[SU_KERNEL_DROPS] = { "syslog_udp_kernel_drops",
	    "datagrams the kernel dropped: receive buffer full" },
};

/* A Unix socket's senders wait rather than lose: no kernel drops. */
static const struct counter_def syslog_unix_counters[SU_KERNEL_DROPS] = {
	SYSLOG_IN_COUNTER_DEFS,
	[SU_DATAGRAMS] = { "syslog_unix_datagrams",
	    "datagrams received on a Unix socket" },
};

struct syslog_udp {
	struct syslog_in si; /* first */
	int fd;
	struct event *ev;
	struct udp_rxq rxq;
	struct udp_rxq_batch *batch;       /* slots of max-message-size bytes */
	struct sockaddr_storage last_peer; /* whose text peer holds */
	socklen_t last_peer_len;
	char peer[NET_ADDR_TEXT_MAX];
	bool is_allowed; /* last_peer, by the allow list */
	bool is_unix;    /* peer is "local", path removed at close */
	size_t rcvbuf;   /* asked of the kernel */
};

/*
 * Whether the listener takes d from its sender, whose text it leaves in
 * u->peer: worked out once for a run of datagrams from one address (a
 * busy agent sends many in a row); each refused one is counted.
 */
static bool
syslog_udp_peer(struct syslog_udp *u, const struct udp_rxq_datagram *d,
    int64_t now_ms)
{
	if (u->is_unix)
		return true;
	if (d->peer_len == u->last_peer_len &&
	    memcmp(d->peer, &u->last_peer, d->peer_len) == 0 && u->is_allowed)
		return true;
	if (d->peer_len != u->last_peer_len ||
	    memcmp(d->peer, &u->last_peer, d->peer_len) != 0) {
		memcpy(&u->last_peer, d->peer, d->peer_len);
		u->last_peer_len = d->peer_len;
		net_addr_text(d->peer, d->peer_len, u->peer, sizeof(u->peer));
	}
	u->is_allowed = input_log_allowed(&u->si.base, SI_NOT_ALLOWED, d->peer,
	    d->peer_len, "datagram", now_ms);
	return u->is_allowed;
}

static void
syslog_udp_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct syslog_udp *u = arg;
	struct udp_rxq_datagram d;
	struct clock_stamp now;
	int n = 0;

	clock_read(&now);
	for (int got = 0; got < SYSLOG_UDP_BURST; got += n) {
		n = udp_rxq_recv_batch(&u->rxq, fd, u->batch, now.mono_ms);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				counter_inc(&u->si.base.counters,
				    SI_READ_ERRORS);
				if (log_rate_allow(&u->si.rate_io, now.mono_ms))
					log_warn("%s: recvmmsg",
					    u->si.base.counters.label);
			}
			return;
		}
		counter_add(&u->si.base.counters, SU_DATAGRAMS, (uint64_t)n);
		for (int i = 0; i < n; i++) {
			udp_rxq_batch_get(u->batch, (size_t)i, &d);
			if (syslog_udp_peer(u, &d, now.mono_ms))
				syslog_in_frame(&u->si, d.buf, d.len,
				    d.is_truncated, u->peer, NULL, &now);
		}
		if (n < SYSLOG_UDP_BATCH)
			return; /* drained: no read just to learn EAGAIN */
	}
}

/* A slot holds max-message-size bytes, up to the largest UDP payload. */
static size_t
syslog_udp_slot_len(const struct conf *conf)
{
	return conf->max_message_len < SYSLOG_UDP_BUF ? conf->max_message_len
						      : SYSLOG_UDP_BUF;
}

/* receive-buffer as configured, or the default. */
static size_t
syslog_udp_rcvbuf_len(const struct conf_listen *cl)
{
	return cl->receive_buffer != 0 ? cl->receive_buffer : SYSLOG_UDP_RCVBUF;
}

/* The listener on fd, bound: its batch and read event. */
static struct input *
syslog_udp_start(struct syslog_udp *u, const struct input_env *env,
    const struct conf *conf, int fd)
{
	u->fd = fd;
	u->batch =
	    udp_rxq_batch_new(SYSLOG_UDP_BATCH, syslog_udp_slot_len(conf));
	u->ev = event_new(env->base, fd, EV_READ | EV_PERSIST,
	    syslog_udp_read_cb, u);
	if (u->ev == NULL || event_add(u->ev, NULL) == -1)
		fatalx("%s: event_new failed", u->si.base.counters.label);
	log_info("%s: listening", u->si.base.counters.label);
	return &u->si.base;
}

static struct input *
syslog_udp_open(const struct input_env *env, const struct conf *conf,
    const struct conf_listen *cl)
{
	struct syslog_udp *u;
	int fd;

	if ((fd = syslog_in_bind(env, cl, syslog_udp_kind.name, SOCK_DGRAM)) ==
	    -1)
		return NULL;
	u = xcalloc(1, sizeof(*u));
	syslog_in_init(&u->si, &syslog_udp_kind, env, conf, cl,
	    WINEVENT_VIA_SYSLOG_UDP);
	u->rcvbuf = syslog_udp_rcvbuf_len(cl);
	udp_rxq_rcvbuf(fd, u->rcvbuf, u->si.base.counters.label);
	if (udp_rxq_open(&u->rxq, fd, &u->si.base.counters, SU_KERNEL_DROPS,
		u->si.base.counters.label) == -1)
		log_warn("%s: SO_RXQ_OVFL: kernel drops will not be counted",
		    u->si.base.counters.label);
	return syslog_udp_start(u, env, conf, fd);
}

static struct input *
syslog_unix_open(const struct input_env *env, const struct conf *conf,
    const struct conf_listen *cl)
{
	struct syslog_udp *u;
	char err[256];
	int fd;

	if ((fd = net_bind_unix(cl->path, err, sizeof(err))) == -1) {
		log_warnx("%s:%d: cannot listen syslog/unix on \"%s\": %s",
		    cl->file, cl->line, cl->path, err);
		return NULL;
	}
	u = xcalloc(1, sizeof(*u));
	syslog_in_init(&u->si, &syslog_unix_kind, env, conf, cl,
	    WINEVENT_VIA_SYSLOG_UNIX);
	u->is_unix = true;
	(void)snprintf(u->peer, sizeof(u->peer), "%s", "local");
	return syslog_udp_start(u, env, conf, fd);
}

static void
syslog_udp_reconf(struct input *in, const struct conf *conf,
    const struct conf_listen *cl)
{
	struct syslog_udp *u = (struct syslog_udp *)(void *)in;

	syslog_in_reconf(&u->si, conf, cl);
	u->last_peer_len = 0; /* the allow list may have changed */
	if (udp_rxq_batch_slot_len(u->batch) != syslog_udp_slot_len(conf)) {
		udp_rxq_batch_free(u->batch);
		u->batch = udp_rxq_batch_new(SYSLOG_UDP_BATCH,
		    syslog_udp_slot_len(conf));
	}
	if (!u->is_unix && u->rcvbuf != syslog_udp_rcvbuf_len(cl)) {
		u->rcvbuf = syslog_udp_rcvbuf_len(cl);
		udp_rxq_rcvbuf(u->fd, u->rcvbuf, u->si.base.counters.label);
	}
}

static void
syslog_udp_close(struct input *in)
{
	struct syslog_udp *u = (struct syslog_udp *)(void *)in;

	event_free(u->ev);
	close(u->fd);
	/* after dropping privileges, the directory must let the user */
	if (u->is_unix && unlink(u->si.base.path) == -1)
		log_warn("%s: cannot remove the socket",
		    u->si.base.counters.label);
	udp_rxq_batch_free(u->batch);
	counter_set_clear(&u->si.base.counters);
	free(u);
}

const struct input_kind syslog_udp_kind = {
	.name = "syslog/udp",
	.listen = CONF_LISTEN_SYSLOG_UDP,
	.counters = syslog_udp_counters,
	.ncounters = SU_COUNT,
	.open = syslog_udp_open,
	.reconf = syslog_udp_reconf,
	.close = syslog_udp_close,
};

const struct input_kind syslog_unix_kind = {
	.name = "syslog/unix",
	.listen = CONF_LISTEN_SYSLOG_UNIX,
	.counters = syslog_unix_counters,
	.ncounters = SU_KERNEL_DROPS,
	.open = syslog_unix_open,
	.reconf = syslog_udp_reconf,
	.close = syslog_udp_close,
};
