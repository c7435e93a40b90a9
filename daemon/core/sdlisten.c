/* SPDX-License-Identifier: ISC */
/*
 * The sockets systemd passed, matched to listeners by type and bound
 * address (getsockname), so that the order of ListenDatagram= and
 * ListenStream= lines does not matter and a socket unit naming an address
 * no listen line has is reported rather than silently used.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/net.h"
#include "core/sdlisten.h"
#include "core/xmalloc.h"

#define SDLISTEN_FD_START 3 /* SD_LISTEN_FDS_START */
#define SDLISTEN_NAME_MAX 256

struct sdlisten_sock {
	int fd; /* -1 once taken */
	int type;
	struct sockaddr_storage ss;
	socklen_t sslen;
	char name[SDLISTEN_NAME_MAX];
};

struct sdlisten {
	struct sdlisten_sock socks[SDLISTEN_MAX];
	size_t n;
};

/* A decimal in 1..max, the whole string; 0 otherwise. */
static long
sdlisten_number(const char *s, long max)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	return errno != 0 || *end != '\0' || v > max ? 0 : v;
}

/* The i-th name of $LISTEN_FDNAMES (colon-separated), or "". */
static void
sdlisten_name(const char *names, size_t i, char *out, size_t len)
{
	size_t n;

	out[0] = '\0';
	for (; names != NULL && i > 0; i--)
		if ((names = strchr(names, ':')) != NULL)
			names++;
	if (names == NULL)
		return;
	n = strcspn(names, ":");
	(void)snprintf(out, len, "%.*s", (int)n, names);
}

struct sdlisten *
sdlisten_new(void)
{
	struct sdlisten *sl = xcalloc(1, sizeof(*sl));
	long pid = sdlisten_number(getenv("LISTEN_PID"), 0x7fffffff);
	long n = sdlisten_number(getenv("LISTEN_FDS"), SDLISTEN_MAX);
	const char *names = getenv("LISTEN_FDNAMES");
	struct sdlisten_sock *s;
	socklen_t optlen;

	if (pid == (long)getpid()) {
		for (long i = 0; i < n; i++) {
			s = &sl->socks[sl->n];
			s->fd = SDLISTEN_FD_START + (int)i;
			s->sslen = sizeof(s->ss);
			optlen = sizeof(s->type);
			if (getsockopt(s->fd, SOL_SOCKET, SO_TYPE, &s->type,
				&optlen) == -1 ||
			    getsockname(s->fd, (struct sockaddr *)&s->ss,
				&s->sslen) == -1)
				continue; /* not a socket: left alone */
			(void)fcntl(s->fd, F_SETFD, FD_CLOEXEC);
			sdlisten_name(names, (size_t)i, s->name,
			    sizeof(s->name));
			sl->n++;
		}
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return sl;
}

void
sdlisten_free(struct sdlisten *sl)
{
	if (sl == NULL)
		return;
	for (size_t i = 0; i < sl->n; i++)
		if (sl->socks[i].fd != -1)
			close(sl->socks[i].fd);
	free(sl);
}

size_t
sdlisten_count(const struct sdlisten *sl)
{
	return sl == NULL ? 0 : sl->n;
}

/* Whether two socket addresses are the same address and port. */
static bool
sdlisten_same(const struct sockaddr_storage *a,
    const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		    a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return a6->sin6_port == b6->sin6_port &&
		    memcmp(&a6->sin6_addr, &b6->sin6_addr,
			sizeof(a6->sin6_addr)) == 0;
	return false;
}

int
sdlisten_bind(struct sdlisten *sl, const char *addr, uint16_t port, int type,
    int backlog, const char **name, char *err, size_t errlen)
{
	struct sockaddr_storage want;
	socklen_t wantlen;
	int fd;

	*name = NULL;
	if (sl != NULL && sl->n > 0 &&
	    net_parse(addr, port, &want, &wantlen, err, errlen) == 0) {
		for (size_t i = 0; i < sl->n; i++) {
			struct sdlisten_sock *s = &sl->socks[i];

			if (s->fd == -1 || s->type != type ||
			    !sdlisten_same(&s->ss, &want))
				continue;
			fd = s->fd;
			s->fd = -1;
			(void)fcntl(fd, F_SETFL,
			    fcntl(fd, F_GETFL) | O_NONBLOCK);
			*name = s->name;
			return fd;
		}
	}
	return net_bind(addr, port, type, backlog, err, errlen);
}

void
sdlisten_foreach_unused(const struct sdlisten *sl, sdlisten_visit_fn *fn,
    void *arg)
{
	char where[NET_ADDR_TEXT_MAX + 16], host[NET_ADDR_TEXT_MAX];
	const struct sockaddr_in *s4;
	unsigned int port;

	for (size_t i = 0; sl != NULL && i < sl->n; i++) {
		const struct sdlisten_sock *s = &sl->socks[i];

		if (s->fd == -1)
			continue;
		net_addr_text((const struct sockaddr *)&s->ss, s->sslen, host,
		    sizeof(host));
		s4 = (const void *)&s->ss;
		port = ntohs(s4->sin_port); /* same offset in sockaddr_in6 */
		(void)snprintf(where, sizeof(where), "%s %s port %u",
		    s->type == SOCK_STREAM ? "tcp" : "udp", host, port);
		fn(s->name, where, arg);
	}
}
