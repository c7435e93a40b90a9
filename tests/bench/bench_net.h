/* SPDX-License-Identifier: ISC */
/*
 * What the benchmark's sender and receiver share: the monotonic clock in
 * nanoseconds, and the loopback address of a port.
 */
#ifndef TESTS_BENCH_BENCH_NET_H
#define TESTS_BENCH_BENCH_NET_H

#include <sys/socket.h>

#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

static inline int64_t
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* 127.0.0.1:port, or [::1]:port with is_v6, into ss; its length. */
static inline socklen_t
bench_loopback(struct sockaddr_storage *ss, uint16_t port, bool is_v6)
{
	memset(ss, 0, sizeof(*ss));
	if (is_v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = in6addr_loopback;
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*s4);
	}
}

#endif
