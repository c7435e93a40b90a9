/* SPDX-License-Identifier: ISC */
/*
 * The sd_notify protocol (a datagram on the AF_UNIX socket named by
 * $NOTIFY_SOCKET, abstract when it starts with '@'), written out so the
 * daemon needs no libsystemd.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/sdnotify.h"

int
sdnotify(const char *state)
{
	struct sockaddr_un sun;
	const char *path;
	socklen_t sunlen;
	size_t len;
	ssize_t n;
	int fd;

	if ((path = getenv("NOTIFY_SOCKET")) == NULL || *path == '\0')
		return 0;
	len = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof(sun.sun_path)) {
		errno = EINVAL;
		return -1;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, len);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	sunlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	n = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
	    (struct sockaddr *)&sun, sunlen);
	close(fd);
	return n == -1 ? -1 : 0;
}

int
sdnotify_reloading(void)
{
	struct timespec ts;
	char msg[96];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%" PRIu64,
	    (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
	return sdnotify(msg);
}

/* A decimal in 1..max, whole string; 0 otherwise. */
static uint64_t
sdnotify_number(const char *s, uint64_t max)
{
	unsigned long long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return 0;
	return v;
}

bool
sdnotify_watchdog(uint64_t *usec)
{
	const char *pid = getenv("WATCHDOG_PID");

	*usec = sdnotify_number(getenv("WATCHDOG_USEC"), UINT64_MAX);
	if (*usec == 0)
		return false;
	if (pid != NULL && sdnotify_number(pid, INT_MAX) != (uint64_t)getpid())
		return false;
	return true;
}
