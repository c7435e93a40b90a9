/* SPDX-License-Identifier: ISC */
/* udp_rxq: the kernel's drop counter, read from control messages. */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "stats.h"
#include "udp_rxq.h"

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
	struct udp_rxq rxq;
	struct msghdr mh;
	union control c;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	stats_reset();
	cr_assert(eq(int,
	    udp_rxq_open(&rxq, fd, STATS_TRAP_KERNEL_DROPS, "trap test"), 0));
	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 4);
	udp_rxq_account(&rxq, &mh, 1000);
	fake(&mh, &c, SOL_SOCKET, SO_RXQ_OVFL, 9);
	udp_rxq_account(&rxq, &mh, 1001);
	cr_assert(eq(u64, stats_get(STATS_TRAP_KERNEL_DROPS), 9));
	cr_assert(eq(u64, stats_get(STATS_SYSLOG_UDP_KERNEL_DROPS), 0));
	close(fd);
}
