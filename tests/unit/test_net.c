/* SPDX-License-Identifier: ISC */
/*
 * net: peer text (IPv4-mapped IPv6 shown as IPv4, as every input needs),
 * numeric parsing that never looks a name up, binding and connecting.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/net.h"

#include "criterion_str.h"

static char *
text_of(const char *addr)
{
	static char out[NET_ADDR_TEXT_MAX];
	struct sockaddr_storage ss;
	socklen_t len;
	char err[128];

	cr_assert(eq(int, net_parse(addr, 514, &ss, &len, err, sizeof(err)), 0),
	    "%s", err);
	net_addr_text((struct sockaddr *)&ss, len, out, sizeof(out));
	return out;
}

Test(net, addr_text_of_each_family)
{
	cr_assert(eq(str, text_of("192.0.2.5"), "192.0.2.5"));
	cr_assert(eq(str, text_of("2001:db8::5"), "2001:db8::5"));
	cr_assert(eq(str, text_of("2001:0db8:0:0::5"), "2001:db8::5"));
	cr_assert(eq(str, text_of("::ffff:192.0.2.5"), "192.0.2.5"));
	cr_assert(eq(str, text_of("::1"), "::1"));
}

Test(net, addr_text_of_nothing_known)
{
	struct sockaddr_in sin;
	char out[NET_ADDR_TEXT_MAX];

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_UNIX;
	net_addr_text((struct sockaddr *)&sin, sizeof(sin), out, sizeof(out));
	cr_assert(eq(str, out, "unknown"));
	sin.sin_family = AF_INET;
	net_addr_text((struct sockaddr *)&sin, 2, out, sizeof(out));
	cr_assert(eq(str, out, "unknown"));
	net_addr_text(NULL, 0, out, sizeof(out));
	cr_assert(eq(str, out, "unknown"));
}

Test(net, parse_refuses_names)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char err[128] = "";

	cr_assert(eq(int,
	    net_parse("localhost", 514, &ss, &len, err, sizeof(err)), -1));
	cr_assert(ne(ptr, strstr(err, "localhost"), NULL));
}

Test(net, bind_and_connect_on_loopback)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char err[128], buf[8], port_text[8];
	int s, c, fd;
	uint16_t port;
	ssize_t n;

	s = net_bind("127.0.0.1", 0, SOCK_DGRAM, 0, err, sizeof(err));
	cr_assert(ge(int, s, 0), "%s", err);
	cr_assert(eq(int, getsockname(s, (struct sockaddr *)&ss, &len), 0));
	port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert(eq(int,
		      net_connect_fd(fd, "127.0.0.1", port, err, sizeof(err)),
		      0),
	    "%s", err);
	cr_assert(eq(long, (long)send(fd, "hi", 2, 0), 2));
	for (int i = 0; i < 100 && (n = recv(s, buf, sizeof(buf), 0)) < 0; i++)
		usleep(10000);
	cr_assert(eq(long, (long)n, 2));
	/* a second bind of the same UDP port fails: no SO_REUSEADDR */
	snprintf(port_text, sizeof(port_text), "%u", port);
	c = net_bind("127.0.0.1", port, SOCK_DGRAM, 0, err, sizeof(err));
	cr_assert(eq(int, c, -1));
	cr_assert(eq(int, errno, EADDRINUSE));
	cr_assert(ne(ptr, strstr(err, "bind"), NULL));
	close(fd);
	close(s);
}

Test(net, bind_v6_is_v6_only_and_streams_listen)
{
	int v6, v4, on = 0;
	socklen_t len = sizeof(on);
	char err[128];

	v6 = net_bind("::1", 0, SOCK_STREAM, 4, err, sizeof(err));
	if (v6 == -1)
		cr_skip_test("no IPv6 loopback here: %s", err);
	cr_assert(
	    eq(int, getsockopt(v6, IPPROTO_IPV6, IPV6_V6ONLY, &on, &len), 0));
	cr_assert(eq(int, on, 1));
	cr_assert(
	    eq(int, getsockopt(v6, SOL_SOCKET, SO_ACCEPTCONN, &on, &len), 0));
	cr_assert(eq(int, on, 1));
	v4 = net_bind("bogus", 1, SOCK_STREAM, 4, err, sizeof(err));
	cr_assert(eq(int, v4, -1));
	close(v6);
}

/* The shape test says no only for what inet_pton() would refuse. */
Test(net, addr_shape_before_inet_pton)
{
	static const struct {
		const char *s;
		int af;
	} cases[] = {
		{ "192.0.2.7", AF_INET },
		{ "1.2.3", AF_INET }, /* the shape only: inet_pton() decides */
		{ "2001:db8::1", AF_INET6 },
		{ "::ffff:192.0.2.7", AF_INET6 },
		{ "::", AF_INET6 },
		{ "EXCH01", AF_UNSPEC },
		{ "deadbeef", AF_UNSPEC }, /* hex without a colon: a name */
		{ "exch01.example.com", AF_UNSPEC },
		{ "fe80::1%eth0", AF_UNSPEC },
		{ "", AF_UNSPEC },
	};
	unsigned char bin[16];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int af = net_addr_shape(cases[i].s, strlen(cases[i].s));

		cr_assert(eq(int, af, cases[i].af), "%s", cases[i].s);
		/* no address inet_pton() takes is ever refused by the shape */
		if (inet_pton(AF_INET, cases[i].s, bin) == 1)
			cr_assert(eq(int, af, AF_INET), "%s", cases[i].s);
		if (inet_pton(AF_INET6, cases[i].s, bin) == 1)
			cr_assert(eq(int, af, AF_INET6), "%s", cases[i].s);
	}
}

/* A dotted quad as inet_ntop() writes it, for every octet value. */
Test(net, ipv4_text_is_inet_ntops)
{
	unsigned char a[4];
	char ours[16], theirs[16];

	for (unsigned int v = 0; v < 256; v++) {
		a[0] = (unsigned char)v;
		a[1] = (unsigned char)(255 - v);
		a[2] = (unsigned char)(v * 7);
		a[3] = (unsigned char)(v / 3);
		net_ipv4_text(a, ours, sizeof(ours));
		cr_assert(not(eq(ptr,
		    inet_ntop(AF_INET, a, theirs, sizeof(theirs)), NULL)));
		cr_assert(eq(str, ours, theirs));
	}
	a[0] = a[1] = a[2] = a[3] = 255;
	net_ipv4_text(a, ours, 15); /* "255.255.255.255" needs 16 */
	cr_assert(eq(str, ours, ""));
}
