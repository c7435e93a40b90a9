/* SPDX-License-Identifier: ISC */
/*
 * Numeric socket addresses and the daemon's socket set-up.  Addresses are
 * parsed with AI_NUMERICHOST | AI_NUMERICSERV: nothing here ever waits on
 * a name server.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/net.h"

void
net_addr_text(const struct sockaddr *sa, socklen_t salen, char *out,
    size_t outlen)
{
	const struct sockaddr_in6 *sin6;
	const struct sockaddr_in *sin;
	const char *r = NULL;

	if (outlen == 0)
		return;
	if (sa != NULL && sa->sa_family == AF_INET6 &&
	    salen >= (socklen_t)sizeof(*sin6)) {
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) && outlen >= 16) {
			net_ipv4_text(&sin6->sin6_addr.s6_addr[12], out,
			    outlen);
			r = out;
		} else if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr))
			r = inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12],
			    out, (socklen_t)outlen);
		else
			r = inet_ntop(AF_INET6, &sin6->sin6_addr, out,
			    (socklen_t)outlen);
	} else if (sa != NULL && sa->sa_family == AF_INET &&
	    salen >= (socklen_t)sizeof(*sin)) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		if (outlen >= 16) {
			/* inet_ntop()'s sprintf() was a tenth of a trap */
			net_ipv4_text((const unsigned char *)&sin->sin_addr,
			    out, outlen);
			r = out;
		} else {
			r = inet_ntop(AF_INET, &sin->sin_addr, out,
			    (socklen_t)outlen);
		}
	}
	if (r == NULL)
		(void)snprintf(out, outlen, "unknown");
}

static struct addrinfo *
net_getaddrinfo(const char *addr, uint16_t port, int type, int flags, char *err,
    size_t errlen)
{
	struct addrinfo hints, *res;
	char service[8];
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = type;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | flags;
	(void)snprintf(service, sizeof(service), "%u", (unsigned int)port);
	if ((rc = getaddrinfo(addr, service, &hints, &res)) != 0) {
		(void)snprintf(err, errlen, "%s: %s", addr, gai_strerror(rc));
		return NULL;
	}
	return res;
}

int
net_parse(const char *addr, uint16_t port, struct sockaddr_storage *ss,
    socklen_t *sslen, char *err, size_t errlen)
{
	struct addrinfo *res;

	if ((res = net_getaddrinfo(addr, port, SOCK_DGRAM, 0, err, errlen)) ==
	    NULL)
		return -1;
	if (res->ai_addrlen > sizeof(*ss)) {
		freeaddrinfo(res);
		(void)snprintf(err, errlen, "%s: address too long", addr);
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = (socklen_t)res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int
net_fail(int fd, char *err, size_t errlen, const char *what)
{
	int saved = errno;

	(void)snprintf(err, errlen, "%s: %s", what, strerror(saved));
	if (fd != -1)
		close(fd);
	errno = saved;
	return -1;
}

int
net_bind(const char *addr, uint16_t port, int type, int backlog, char *err,
    size_t errlen)
{
	struct addrinfo *res;
	int fd, on = 1;

	res = net_getaddrinfo(addr, port, type, AI_PASSIVE, err, errlen);
	if (res == NULL) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(res->ai_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		freeaddrinfo(res);
		return net_fail(-1, err, errlen, "socket");
	}
	if (type == SOCK_STREAM &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1) {
		freeaddrinfo(res);
		return net_fail(fd, err, errlen, "SO_REUSEADDR");
	}
	/* "::" is IPv6 only, so that it can stand beside "0.0.0.0" */
	if (res->ai_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == -1) {
		freeaddrinfo(res);
		return net_fail(fd, err, errlen, "IPV6_V6ONLY");
	}
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1) {
		freeaddrinfo(res);
		return net_fail(fd, err, errlen, "bind");
	}
	freeaddrinfo(res);
	if (type == SOCK_STREAM && listen(fd, backlog) == -1)
		return net_fail(fd, err, errlen, "listen");
	return fd;
}

/* Whether path is a socket nobody listens on; 0 yes, -1 no (err says). */
static int
net_unix_stale(const struct sockaddr_un *sun, char *err, size_t errlen)
{
	struct stat st;
	int fd, rc;

	if (lstat(sun->sun_path, &st) == -1)
		return errno == ENOENT ? 0 : net_fail(-1, err, errlen, "lstat");
	if (!S_ISSOCK(st.st_mode)) {
		(void)snprintf(err, errlen, "%s", "exists and is not a socket");
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return net_fail(-1, err, errlen, "socket");
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (rc == 0) {
		(void)snprintf(err, errlen, "%s", "in use by another process");
		return -1;
	}
	if (unlink(sun->sun_path) == -1 && errno != ENOENT)
		return net_fail(-1, err, errlen, "unlink of the stale socket");
	return 0;
}

int
net_bind_unix(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		(void)snprintf(err, errlen, "%s", "path too long");
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if (net_unix_stale(&sun, err, errlen) == -1)
		return -1;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return net_fail(-1, err, errlen, "socket");
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		return net_fail(fd, err, errlen, "bind");
	if (chmod(path, 0666) == -1) {
		(void)unlink(path);
		return net_fail(fd, err, errlen, "chmod");
	}
	return fd;
}

int
net_connect_fd(int fd, const char *addr, uint16_t port, char *err,
    size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	int flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    (flags = fcntl(fd, F_GETFD)) == -1 ||
	    fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == -1)
		return net_fail(-1, err, errlen, "fcntl");
	if (net_parse(addr, port, &ss, &sslen, err, errlen) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, sslen) == -1)
		return net_fail(-1, err, errlen, "connect");
	return 0;
}

void
net_hostname(char *buf, size_t len)
{
	if (len == 0)
		return;
	if (gethostname(buf, len) == -1 || buf[0] == '\0')
		(void)snprintf(buf, len, "-");
	buf[len - 1] = '\0';
}

int
net_addr_shape(const char *p, size_t len)
{
	bool has_colon = false, has_hex = false;

	if (len == 0)
		return AF_UNSPEC;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];

		if (c == ':')
			has_colon = true;
		else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
			has_hex = true;
		else if (!(c >= '0' && c <= '9') && c != '.')
			return AF_UNSPEC;
	}
	return has_colon ? AF_INET6 : has_hex ? AF_UNSPEC : AF_INET;
}

void
net_ipv4_text(const unsigned char a[4], char *out, size_t outlen)
{
	char buf[16];
	size_t n = 0;

	for (int i = 0; i < 4; i++) {
		unsigned int v = a[i];

		if (i > 0)
			buf[n++] = '.';
		if (v >= 100)
			buf[n++] = (char)('0' + v / 100);
		if (v >= 10)
			buf[n++] = (char)('0' + v / 10 % 10);
		buf[n++] = (char)('0' + v % 10);
	}
	if (outlen <= n) {
		if (outlen > 0)
			out[0] = '\0';
		return;
	}
	memcpy(out, buf, n);
	out[n] = '\0';
}
