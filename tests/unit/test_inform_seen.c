/* SPDX-License-Identifier: ISC */
/*
 * inform_seen: a retransmitted INFORM is known by peer address, port and
 * request-id within its window; the ring forgets the oldest first.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "input/inform_seen.h"

#include "criterion_str.h"

/* ------------------------------------------------- retransmitted INFORMs */

static struct sockaddr_in
sin4(const char *addr, uint16_t port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	cr_assert(eq(int, inet_pton(AF_INET, addr, &sin.sin_addr), 1));
	return sin;
}

static struct sockaddr_in6
sin6(const char *addr, uint16_t port)
{
	struct sockaddr_in6 s6;

	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	s6.sin6_port = htons(port);
	cr_assert(eq(int, inet_pton(AF_INET6, addr, &s6.sin6_addr), 1));
	return s6;
}

#define SA(x) ((const struct sockaddr *)&(x)), sizeof(x)

Test(inform_seen, first_inform_is_new)
{
	static struct inform_seen s;
	struct sockaddr_in a = sin4("192.0.2.1", 1000);

	cr_assert(not(inform_seen_check(&s, SA(a), 5, 1000)));
}

Test(inform_seen, same_peer_port_reqid_is_a_duplicate)
{
	static struct inform_seen s;
	struct sockaddr_in a = sin4("192.0.2.1", 1000);

	cr_assert(not(inform_seen_check(&s, SA(a), 5, 1000)));
	cr_assert(inform_seen_check(&s, SA(a), 5, 1001));
	cr_assert(inform_seen_check(&s, SA(a), 5, 1000 + INFORM_SEEN_MS - 1));
}

Test(inform_seen, differs_by_reqid_port_address_family)
{
	static struct inform_seen s;
	struct sockaddr_in a = sin4("192.0.2.1", 1000);
	struct sockaddr_in other_port = sin4("192.0.2.1", 1001);
	struct sockaddr_in other_addr = sin4("192.0.2.2", 1000);
	struct sockaddr_in6 mapped = sin6("::ffff:192.0.2.1", 1000);
	struct sockaddr_in6 v6 = sin6("2001:db8::1", 1000);

	cr_assert(not(inform_seen_check(&s, SA(a), 5, 0)));
	cr_assert(not(inform_seen_check(&s, SA(a), 6, 0)));
	cr_assert(not(inform_seen_check(&s, SA(other_port), 5, 0)));
	cr_assert(not(inform_seen_check(&s, SA(other_addr), 5, 0)));
	cr_assert(not(inform_seen_check(&s, SA(mapped), 5, 0)));
	cr_assert(not(inform_seen_check(&s, SA(v6), 5, 0)));
	cr_assert(inform_seen_check(&s, SA(v6), 5, 1));
	cr_assert(inform_seen_check(&s, SA(mapped), 5, 1));
}

Test(inform_seen, forgets_after_the_window)
{
	static struct inform_seen s;
	struct sockaddr_in a = sin4("192.0.2.1", 1000);

	cr_assert(not(inform_seen_check(&s, SA(a), 5, 1000)));
	cr_assert(not(inform_seen_check(&s, SA(a), 5, 1000 + INFORM_SEEN_MS)));
	/* and remembers the new receipt */
	cr_assert(inform_seen_check(&s, SA(a), 5, 1000 + INFORM_SEEN_MS));
}

Test(inform_seen, ring_overwrites_the_oldest)
{
	static struct inform_seen s;
	struct sockaddr_in a = sin4("192.0.2.1", 1000);
	long i;

	for (i = 0; i < INFORM_SEEN_MAX; i++)
		cr_assert(not(inform_seen_check(&s, SA(a), i, 0)));
	/* full: all still remembered */
	cr_assert(inform_seen_check(&s, SA(a), 0, 1));
	cr_assert(inform_seen_check(&s, SA(a), INFORM_SEEN_MAX - 1, 1));
	/* one more pushes out request-id 0, the oldest, only */
	cr_assert(not(inform_seen_check(&s, SA(a), INFORM_SEEN_MAX, 1)));
	cr_assert(inform_seen_check(&s, SA(a), 1, 1));
	cr_assert(not(inform_seen_check(&s, SA(a), 0, 1)));
}

Test(inform_seen, ignores_unknown_families_and_short_addresses)
{
	static struct inform_seen s;
	struct sockaddr_in a = sin4("192.0.2.1", 1000);
	struct sockaddr un;

	memset(&un, 0, sizeof(un));
	un.sa_family = AF_UNIX;
	cr_assert(not(inform_seen_check(&s, &un, sizeof(un), 5, 0)));
	cr_assert(not(inform_seen_check(&s, &un, sizeof(un), 5, 0)));
	cr_assert(not(inform_seen_check(&s, SA(a) - 1, 5, 0)));
	cr_assert(not(inform_seen_check(&s, SA(a) - 1, 5, 0)));
	cr_assert(not(inform_seen_check(&s, NULL, 0, 5, 0)));
}
