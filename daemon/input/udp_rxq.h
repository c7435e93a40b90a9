/* SPDX-License-Identifier: ISC */
/*
 * SO_RXQ_OVFL: the kernel's count of datagrams it dropped on a UDP socket
 * because the receive buffer was full, delivered with each datagram read
 * by recvmsg() (a control buffer of CMSG_SPACE(sizeof(uint32_t))).  The
 * caller counts and logs the growth.
 */
#ifndef DAEMON_INPUT_UDP_RXQ_H
#define DAEMON_INPUT_UDP_RXQ_H

#include <sys/socket.h>

#include <sys/types.h>

#include <stdint.h>

#include "core/counter.h"
#include "core/log.h"

/* One listener's drop accounting: the last total seen, its counter. */
struct udp_rxq {
	uint32_t last;
	struct counter_set *counters; /* the listener's */
	size_t counter;               /* which of them */
	const char *name; /* for the log line, e.g. "syslog/udp ..." */
	struct log_rate rate;
};

/*
 * Asks for the drop count on fd and readies rxq (counters and name are
 * borrowed); 0, or -1 with errno set (drops will then go uncounted).
 */
int udp_rxq_open(struct udp_rxq *rxq, int fd, struct counter_set *counters,
    size_t counter, const char *name);

/*
 * Adds the drops mh tells of to rxq's counter and logs them, rate-
 * limited.  The kernel reports drops with the next datagram it accepts.
 */
void udp_rxq_account(struct udp_rxq *rxq, struct msghdr *mh, int64_t now_ms);

/*
 * One datagram from fd (non-blocking) into buf[0..len), its sender in *ss
 * (*sslen its length), the kernel's drops it tells of accounted.  Returns
 * the datagram's length, more than len when it was cut (MSG_TRUNC); -1
 * with errno set when there is none (EAGAIN) or on an error.
 */
ssize_t udp_rxq_recv(struct udp_rxq *rxq, int fd, void *buf, size_t len,
    struct sockaddr_storage *ss, socklen_t *sslen, int64_t now_ms);

/* Asks for the drop count on fd; 0, or -1 with errno set. */
int udp_rxq_enable(int fd);

/*
 * The drops since *last (modulo 2^32, as the kernel's counter wraps) told
 * by mh's control messages, 0 when none tells any; updates *last.
 */
uint32_t udp_rxq_dropped(struct msghdr *mh, uint32_t *last);

#endif
