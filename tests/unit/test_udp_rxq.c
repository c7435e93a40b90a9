/* SPDX-License-Identifier: ISC */
/* udp_rxq: the kernel's drop counter, read from control messages. */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/counter.h"
#include "input/udp_rxq.h"

union control {
	struct cmsghdr hdr;
	char buf[CMSG_SPACE(sizeof(uint32_t))];
};

/* A msghdr whose one control message says the kernel dropped `total`. */
static void
fake(struct msghdr *mh, union control *c, int level, int type, uint32_t total)
{
	struct cmsghdr *cm;

	memset(mh, 0, sizeof(*mh));
	memset(c, 0, sizeof(*c));
	mh->msg_control = c;
	mh->msg_controllen = sizeof(*c);
	cm = CMSG_FIRSTHDR(mh);
	cm->cmsg_level = level;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(sizeof(total));
	memcpy(CMSG_DATA(cm), &total, sizeof(total));
}

Test(udp_rxq, growth_since_last_is_returned_and_remembered)
{
	struct msghdr mh;
	union control c;
	uint32_t last = 0;

	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 7);
	cr_assert(eq(u32, udp_rxq_dropped(&mh, &last), 7));
	cr_assert(eq(u32, last, 7));
	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 7);
	cr_assert(eq(u32, udp_rxq_dropped(&mh, &last), 0));
	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 10);
	cr_assert(eq(u32, udp_rxq_dropped(&mh, &last), 3));
}

Test(udp_rxq, the_counter_wraps_like_the_kernels)
{
	struct msghdr mh;
	union control c;
	uint32_t last = UINT32_MAX - 1;

	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 2);
	cr_assert(eq(u32, udp_rxq_dropped(&mh, &last), 4));
}

Test(udp_rxq, other_control_messages_are_ignored)
{
	struct msghdr mh;
	union control c;
	uint32_t last = 5;

	fake(&mh, &c, IPPROTO_IP, SO_RXQ_OVFL, 99);
	cr_assert(eq(u32, udp_rxq_dropped(&mh, &last), 0));
	cr_assert(eq(u32, last, 5));
}

Test(udp_rxq, no_control_message_means_no_drops)
{
	struct msghdr mh;
	uint32_t last = 5;

	memset(&mh, 0, sizeof(mh));
	cr_assert(eq(u32, udp_rxq_dropped(&mh, &last), 0));
}

Test(udp_rxq, a_real_socket_accepts_the_option)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	cr_assert(ge(int, fd, 0));
	cr_assert(eq(int, udp_rxq_enable(fd), 0));
	close(fd);
}

Test(udp_rxq, account_adds_the_growth_to_the_listeners_counter)
{
	static const struct counter_def defs[] = { { "a", "" },
		{ "drops", "" } };
	struct counter_set set;
	struct udp_rxq rxq;
	struct msghdr mh;
	union control c;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	counter_set_init(&set, defs, 2, "listener", "trap test");
	cr_assert(eq(int, udp_rxq_open(&rxq, fd, &set, 1, "trap test"), 0));
	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 4);
	udp_rxq_account(&rxq, &mh, 1000);
	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 9);
	udp_rxq_account(&rxq, &mh, 1001);
	cr_assert(eq(u64, counter_get(&set, 1), 9));
	cr_assert(eq(u64, counter_get(&set, 0), 0));
	counter_set_clear(&set);
	close(fd);
}

/* A receiver s bound on loopback (at sin), a sender c, drops into set. */
struct loop {
	int s, c;
	struct sockaddr_in sin;
	struct counter_set set;
	struct udp_rxq rxq;
};

static void
loop_open(struct loop *l)
{
	static const struct counter_def defs[] = { { "drops", "d" } };
	socklen_t len = sizeof(l->sin);

	memset(&l->sin, 0, sizeof(l->sin));
	l->sin.sin_family = AF_INET;
	l->sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l->s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	l->c = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert(eq(int, bind(l->s, (struct sockaddr *)&l->sin, len), 0));
	cr_assert(
	    eq(int, getsockname(l->s, (struct sockaddr *)&l->sin, &len), 0));
	counter_set_init(&l->set, defs, 1, "listener", "test");
	cr_assert(eq(int, udp_rxq_open(&l->rxq, l->s, &l->set, 0, "test"), 0));
}

static bool
loop_send(struct loop *l, const void *msg, size_t len)
{
	return sendto(l->c, msg, len, 0, (struct sockaddr *)&l->sin,
		   sizeof(l->sin)) == (ssize_t)len;
}

static void
loop_close(struct loop *l)
{
	counter_set_clear(&l->set);
	close(l->c);
	close(l->s);
}

Test(udp_rxq, a_batch_reads_several_and_counts_every_kernel_drop)
{
	struct loop l;
	struct udp_rxq_batch *b = udp_rxq_batch_new(4, 8);
	struct udp_rxq_datagram d;
	char msg[200];
	int tiny = 1, sent = 0;
	unsigned long got = 0;

	loop_open(&l);
	/* the kernel's smallest buffer: most of the burst is dropped */
	cr_assert(eq(int,
	    setsockopt(l.s, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof(tiny)), 0));
	cr_assert(eq(int, udp_rxq_recv_batch(&l.rxq, l.s, b, 0), -1));
	cr_assert(eq(int, errno, EAGAIN));
	memset(msg, 'x', sizeof(msg));
	for (int i = 0; i < 50; i++)
		sent += loop_send(&l, msg, sizeof(msg));
	cr_assert(eq(int, sent, 50));
	/*
	 * The kernel tells of drops with the next datagram it queues: once
	 * the burst is read, one more, which finds room, carries the total.
	 * Delivery on loopback may lag the sender: bounded waits.
	 */
	for (int tries = 0; tries < 200 && got + l.set.v[0] < 51; tries++) {
		int n = udp_rxq_recv_batch(&l.rxq, l.s, b, 0);

		if (n == -1) {
			cr_assert(eq(int, errno, EAGAIN));
			if (got > 0 && sent == 50)
				sent += loop_send(&l, msg, sizeof(msg));
			usleep(10000);
			continue;
		}
		cr_assert(le(int, n, 4));
		for (int i = 0; i < n; i++) {
			udp_rxq_batch_get(b, (size_t)i, &d);
			cr_assert(eq(sz, d.len, 8));
			cr_assert(d.is_truncated);
			cr_assert(eq(int, memcmp(d.buf, "xxxxxxxx", 8), 0));
			cr_assert(eq(int, d.peer->sa_family, AF_INET));
			cr_assert(eq(int, (int)d.peer_len,
			    (int)sizeof(struct sockaddr_in)));
		}
		got += (unsigned long)n;
	}
	cr_assert(gt(u64, l.set.v[0], 0));
	cr_assert(eq(u64, got + l.set.v[0], 51), "read %lu, counted %llu", got,
	    (unsigned long long)l.set.v[0]);
	udp_rxq_batch_free(b);
	loop_close(&l);
}

Test(udp_rxq, a_datagram_that_fits_is_not_truncated)
{
	struct loop l;
	struct udp_rxq_batch *b = udp_rxq_batch_new(2, 16);
	struct udp_rxq_datagram d;
	int n = -1;

	loop_open(&l);
	cr_assert(loop_send(&l, "exactly sixteen!", 16));
	for (int i = 0; i < 100 && n == -1; i++)
		if ((n = udp_rxq_recv_batch(&l.rxq, l.s, b, 0)) == -1)
			usleep(10000);
	cr_assert(eq(int, n, 1));
	udp_rxq_batch_get(b, 0, &d);
	cr_assert(eq(sz, d.len, 16));
	cr_assert(not(d.is_truncated));
	cr_assert(eq(int, memcmp(d.buf, "exactly sixteen!", 16), 0));
	cr_assert(eq(u64, l.set.v[0], 0));
	udp_rxq_batch_free(b);
	loop_close(&l);
}
