/* SPDX-License-Identifier: ISC */
/*
 * Syslog over UDP: one datagram one message, read in a bounded burst per
 * wakeup, the kernel's drops counted (SO_RXQ_OVFL), each datagram handed
 * to syslog_in_frame().
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/net.h"
#include "core/xmalloc.h"
#include "input/input.h"
#include "input/syslog_in.h"
#include "input/udp_rxq.h"

#define SYSLOG_UDP_BURST 64         /* datagrams per wakeup */
#define SYSLOG_UDP_BUF 65536        /* largest UDP payload, plus one */
#define SYSLOG_UDP_RCVBUF (4 << 20) /* ask the kernel for this much */

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

struct syslog_udp {
	struct syslog_in si; /* first */
	int fd;
	struct event *ev;
	struct udp_rxq rxq;
	char *buf;
};

static void
syslog_udp_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct syslog_udp *u = arg;
	struct sockaddr_storage ss;
	char peer[NET_ADDR_TEXT_MAX];
	size_t max = u->si.conf->max_message_len;
	struct clock_stamp now;
	socklen_t sslen;
	ssize_t n;

	clock_read(&now);
	for (int i = 0; i < SYSLOG_UDP_BURST; i++) {
		n = udp_rxq_recv(&u->rxq, fd, u->buf, SYSLOG_UDP_BUF, &ss,
		    &sslen, now.mono_ms);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				counter_inc(&u->si.base.counters,
				    SI_READ_ERRORS);
				if (log_rate_allow(&u->si.rate_io, now.mono_ms))
					log_warn("%s: recvmsg",
					    u->si.base.counters.label);
			}
			return;
		}
		counter_inc(&u->si.base.counters, SU_DATAGRAMS);
		net_addr_text((struct sockaddr *)&ss, sslen, peer,
		    sizeof(peer));
		syslog_in_frame(&u->si, u->buf,
		    (size_t)n > max ? max : (size_t)n, (size_t)n > max, peer,
		    &now);
	}
}

/*
 * A large receive buffer for bursts (the kernel caps it at
 * net.core.rmem_max: say so when it did).
 */
static void
syslog_udp_rcvbuf(const struct syslog_udp *u, const struct conf_listen *cl)
{
	int want = SYSLOG_UDP_RCVBUF, got = 0;
	socklen_t len = sizeof(got);

	(void)setsockopt(u->fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want));
	/* Linux reports twice the size asked for, bookkeeping included */
	if (getsockopt(u->fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0 &&
	    got / 2 < want)
		log_info("%s: receive buffer %d KiB, not %d KiB: "
			 "net.core.rmem_max limits it",
		    u->si.base.counters.label, got / 2 / 1024, want / 1024);
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
	u->fd = fd;
	syslog_udp_rcvbuf(u, cl);
	if (udp_rxq_open(&u->rxq, fd, &u->si.base.counters, SU_KERNEL_DROPS,
		u->si.base.counters.label) == -1)
		log_warn("%s: SO_RXQ_OVFL: kernel drops will not be counted",
		    u->si.base.counters.label);
	u->buf = xmalloc(SYSLOG_UDP_BUF);
	u->ev = event_new(env->base, fd, EV_READ | EV_PERSIST,
	    syslog_udp_read_cb, u);
	if (u->ev == NULL || event_add(u->ev, NULL) == -1)
		fatalx("%s: event_new failed", u->si.base.counters.label);
	log_info("%s: listening", u->si.base.counters.label);
	return &u->si.base;
}

static void
syslog_udp_reconf(struct input *in, const struct conf *conf,
    const struct conf_listen *cl)
{
	struct syslog_udp *u = (struct syslog_udp *)(void *)in;

	syslog_in_reconf(&u->si, conf, cl);
}

static void
syslog_udp_close(struct input *in)
{
	struct syslog_udp *u = (struct syslog_udp *)(void *)in;

	event_free(u->ev);
	close(u->fd);
	free(u->buf);
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
