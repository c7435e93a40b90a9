/* SPDX-License-Identifier: ISC */
/*
 * The daemon's own diagnostics on stderr: plain time-stamped lines with
 * -d, sd-daemon(3) "<N>" level prefixes under systemd.  Writes are single
 * write(2) calls of a whole line, so lines never interleave.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define LOG_LINE_MAX 8192

static enum log_target log_target = LOG_TO_STDERR;
static int log_verbose;
static int log_syslog_fd = -1;

/* Detached: a non-blocking datagram socket to /dev/log; a full socket drops. */
static void
log_open_syslog(void)
{
	struct sockaddr_un sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", "/dev/log");
	log_syslog_fd =
	    socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (log_syslog_fd != -1 &&
	    connect(log_syslog_fd, (struct sockaddr *)&sun, sizeof(sun)) ==
		-1) {
		close(log_syslog_fd);
		log_syslog_fd = -1;
	}
}

void
log_init(enum log_target target, int verbose)
{
	log_target = target;
	log_verbose = verbose;
	if (target == LOG_TO_SYSLOG && log_syslog_fd == -1)
		log_open_syslog();
	/*
	 * Under systemd stderr is our own stream to journald: a stalled
	 * journald must not stall the event loop (a lost line is better).
	 */
	if (target == LOG_TO_JOURNAL) {
		int flags = fcntl(STDERR_FILENO, F_GETFL);

		if (flags != -1)
			fcntl(STDERR_FILENO, F_SETFL, flags | O_NONBLOCK);
	}
}

void
log_set_verbose(int verbose)
{
	log_verbose = verbose;
}

int
log_get_verbose(void)
{
	return log_verbose;
}

static void __attribute__((format(printf, 3, 0)))
log_emit(int pri, const char *errstr, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	size_t off = 0;
	int n;

	if (log_target == LOG_TO_JOURNAL) {
		n = snprintf(line, sizeof(line), "<%d>", pri);
	} else if (log_target == LOG_TO_SYSLOG) {
		n = snprintf(line, sizeof(line),
		    "<%d>evcorrd[%ld]: ", LOG_DAEMON | pri, (long)getpid());
	} else {
		struct timespec ts;
		struct tm tm;

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n = (int)strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
		n += snprintf(line + n, sizeof(line) - (size_t)n, ".%03ldZ ",
		    ts.tv_nsec / 1000000);
	}
	off = (size_t)n;
	n = vsnprintf(line + off, sizeof(line) - off, fmt, ap);
	if (n < 0)
		n = 0;
	off += (size_t)n;
	if (off >= sizeof(line) - 1)
		off = sizeof(line) - 2;
	if (errstr != NULL) {
		n = snprintf(line + off, sizeof(line) - off, ": %s", errstr);
		if (n > 0)
			off += (size_t)n;
		if (off >= sizeof(line) - 1)
			off = sizeof(line) - 2;
	}
	if (log_target == LOG_TO_SYSLOG) {
		if (log_syslog_fd != -1)
			(void)send(log_syslog_fd, line, off, MSG_DONTWAIT);
		return;
	}
	line[off++] = '\n';
	/* Best effort: nothing sensible to do if stderr is gone. */
	if (write(STDERR_FILENO, line, off) == -1)
		return;
}

#define LOG_BODY(pri, errstr)                                                  \
	do {                                                                   \
		va_list ap;                                                    \
		va_start(ap, fmt);                                             \
		log_emit((pri), (errstr), fmt, ap);                            \
		va_end(ap);                                                    \
	} while (0)

void
log_warn(const char *fmt, ...)
{
	const char *errstr = strerror(errno);

	LOG_BODY(LOG_WARNING, errstr);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_WARNING, NULL);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_INFO, NULL);
}

void
log_debug(const char *fmt, ...)
{
	if (log_verbose > 0)
		LOG_BODY(LOG_DEBUG, NULL);
}

void
fatal(const char *fmt, ...)
{
	const char *errstr = strerror(errno);

	LOG_BODY(LOG_CRIT, errstr);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_CRIT, NULL);
	exit(1);
}

bool
log_rate_allow(struct log_rate *rl, int64_t now_ms)
{
	if (now_ms - rl->start_ms >= LOG_RATE_INTERVAL_MS ||
	    now_ms < rl->start_ms) {
		if (rl->suppressed > 0)
			log_warnx("%s: %lu similar messages suppressed",
			    rl->what ? rl->what : "log", rl->suppressed);
		rl->start_ms = now_ms;
		rl->count = 0;
		rl->suppressed = 0;
	}
	if (rl->count < LOG_RATE_BURST) {
		rl->count++;
		return true;
	}
	rl->suppressed++;
	return false;
}
