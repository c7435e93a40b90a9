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

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "input/udp_rxq.h"

union udp_rxq_control {
	struct cmsghdr hdr;
	char buf[CMSG_SPACE(sizeof(uint32_t))];
};

struct udp_rxq_batch {
	size_t count;
	size_t slot_len;
	size_t nread; /* by the last recv */
	char *bufs;   /* count * slot_len */
	struct mmsghdr *msgs;
	struct iovec *iovs;
	struct sockaddr_storage *names;
	union udp_rxq_control *controls;
};

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

void
udp_rxq_rcvbuf(int fd, size_t len, const char *name)
{
	int want = len > INT_MAX / 2 ? INT_MAX / 2 : (int)len, got = 0;
	socklen_t optlen = sizeof(got);

	/* privileged (CAP_NET_ADMIN): past net.core.rmem_max, as asked */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want)) ==
	    -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want,
		    sizeof(want));
	/* Linux reports twice the size asked for, bookkeeping included */
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &optlen) == 0 &&
	    got / 2 < want)
		log_info("%s: receive buffer %d KiB, not %d KiB: "
			 "net.core.rmem_max limits it",
		    name, got / 2 / 1024, want / 1024);
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

	if (delta == 0 || rxq->counters == NULL)
		return;
	counter_add(rxq->counters, rxq->counter, delta);
	if (log_rate_allow(&rxq->rate, now_ms))
		log_warnx("%s: the kernel dropped %u datagrams: receive buffer "
			  "full (raise net.core.rmem_max)",
		    rxq->name, delta);
}

struct udp_rxq_batch *
udp_rxq_batch_new(size_t count, size_t slot_len)
{
	struct udp_rxq_batch *b = xcalloc(1, sizeof(*b));

	assert(count > 0 && count <= UDP_RXQ_BATCH_MAX && slot_len > 0);
	b->count = count;
	b->slot_len = slot_len;
	b->bufs = xreallocarray(NULL, count, slot_len);
	b->msgs = xcalloc(count, sizeof(*b->msgs));
	b->iovs = xcalloc(count, sizeof(*b->iovs));
	b->names = xcalloc(count, sizeof(*b->names));
	b->controls = xcalloc(count, sizeof(*b->controls));
	for (size_t i = 0; i < count; i++) {
		struct msghdr *mh = &b->msgs[i].msg_hdr;

		b->iovs[i].iov_base = b->bufs + i * slot_len;
		b->iovs[i].iov_len = slot_len;
		mh->msg_iov = &b->iovs[i];
		mh->msg_iovlen = 1;
		mh->msg_name = &b->names[i];
		mh->msg_control = &b->controls[i];
	}
	return b;
}

void
udp_rxq_batch_free(struct udp_rxq_batch *b)
{
	if (b == NULL)
		return;
	free(b->bufs);
	free(b->msgs);
	free(b->iovs);
	free(b->names);
	free(b->controls);
	free(b);
}

size_t
udp_rxq_batch_slot_len(const struct udp_rxq_batch *b)
{
	return b->slot_len;
}

int
udp_rxq_recv_batch(struct udp_rxq *rxq, int fd, struct udp_rxq_batch *b,
    int64_t now_ms)
{
	int n;

	/* the kernel overwrote these lengths on the last read */
	for (size_t i = 0; i < b->count; i++) {
		b->msgs[i].msg_hdr.msg_namelen = sizeof(b->names[i]);
		b->msgs[i].msg_hdr.msg_controllen = sizeof(b->controls[i]);
		b->msgs[i].msg_hdr.msg_flags = 0;
	}
	b->nread = 0;
	/* MSG_TRUNC: each msg_len is the datagram's length, not what fit */
	n = recvmmsg(fd, b->msgs, (unsigned int)b->count,
	    MSG_DONTWAIT | MSG_TRUNC, NULL);
	if (n <= 0) {
		if (n == 0)
			errno = EAGAIN;
		return -1;
	}
	for (int i = 0; i < n; i++)
		udp_rxq_account(rxq, &b->msgs[i].msg_hdr, now_ms);
	b->nread = (size_t)n;
	return n;
}

void
udp_rxq_batch_get(const struct udp_rxq_batch *b, size_t i,
    struct udp_rxq_datagram *d)
{
	const struct mmsghdr *m = &b->msgs[i];

	assert(i < b->nread);
	d->buf = b->bufs + i * b->slot_len;
	d->is_truncated =
	    m->msg_len > b->slot_len || (m->msg_hdr.msg_flags & MSG_TRUNC) != 0;
	d->len = m->msg_len > b->slot_len ? b->slot_len : m->msg_len;
	d->peer = (const struct sockaddr *)&b->names[i];
	d->peer_len = m->msg_hdr.msg_namelen;
}
