/* SPDX-License-Identifier: ISC */
/*
 * The kernel's count of datagrams dropped on a UDP socket (SO_RXQ_OVFL),
 * shared by the syslog and trap listeners: nothing the kernel dropped was
 * accepted, but an operator must see it, so its growth is counted and
 * logged.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <stdint.h>
#include <string.h>

#include "input/udp_rxq.h"

int
udp_rxq_enable(int fd)
{
	int on = 1;

	return setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
}

uint32_t
udp_rxq_dropped(struct msghdr *mh, uint32_t *last)
{
	struct cmsghdr *cm;
	uint32_t total, delta = 0;

	for (cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SO_RXQ_OVFL ||
		    cm->cmsg_len < CMSG_LEN(sizeof(total)))
			continue;
		memcpy(&total, CMSG_DATA(cm), sizeof(total));
		delta += total - *last; /* wraps like the kernel's */
		*last = total;
	}
	return delta;
}

int
udp_rxq_open(struct udp_rxq *rxq, int fd, struct counter_set *counters,
    size_t counter, const char *name)
{
	memset(rxq, 0, sizeof(*rxq));
	rxq->counters = counters;
	rxq->counter = counter;
	rxq->name = name;
	rxq->rate.what = name;
	return udp_rxq_enable(fd);
}

void
udp_rxq_account(struct udp_rxq *rxq, struct msghdr *mh, int64_t now_ms)
{
	uint32_t delta = udp_rxq_dropped(mh, &rxq->last);

	if (delta == 0)
		return;
	counter_add(rxq->counters, rxq->counter, delta);
	if (log_rate_allow(&rxq->rate, now_ms))
		log_warnx("%s: the kernel dropped %u datagrams: receive buffer "
			  "full (raise net.core.rmem_max)",
		    rxq->name, delta);
}

ssize_t
udp_rxq_recv(struct udp_rxq *rxq, int fd, void *buf, size_t len,
    struct sockaddr_storage *ss, socklen_t *sslen, int64_t now_ms)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(uint32_t))];
	} control;
	struct iovec iov = { buf, len };
	struct msghdr mh;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_name = ss;
	mh.msg_namelen = sizeof(*ss);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = &control;
	mh.msg_controllen = sizeof(control);
	if ((n = recvmsg(fd, &mh, MSG_TRUNC)) == -1)
		return -1;
	udp_rxq_account(rxq, &mh, now_ms);
	*sslen = mh.msg_namelen;
	return n;
}
