/* SPDX-License-Identifier: ISC */
/*
 * core/: the pieces every layer uses and that use nothing above them:
 * log, counters, clocks, allocation, UTF-8, civil time, socket addresses,
 * escaping, hashing, the deadline heap, severities.
 *
 * Diagnostics of the daemon itself (not alert lines: see output/).
 * With -d, plain lines on stderr; under systemd, stderr lines carry
 * sd-daemon(3) "<N>" level prefixes so journald keeps the levels.
 */
#ifndef DAEMON_CORE_LOG_H
#define DAEMON_CORE_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_target {
	LOG_TO_STDERR,  /* -d: plain lines with a time stamp */
	LOG_TO_JOURNAL, /* stderr with <N> prefixes, no time stamp */
	LOG_TO_SYSLOG,  /* detached: /dev/log datagrams, never blocking */
};

void log_init(enum log_target target, int verbose);
void log_set_verbose(int verbose);
int log_get_verbose(void);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Rate limiting for per-packet warnings: one struct log_rate per call
 * site owner (a listener, a sink).  log_rate_allow() lets LOG_RATE_BURST
 * lines through per LOG_RATE_INTERVAL_MS; when a new interval starts after
 * suppression it first logs "<what>: N similar messages suppressed".
 */
#define LOG_RATE_BURST 10
#define LOG_RATE_INTERVAL_MS 10000

struct log_rate {
	const char *what;
	int64_t start_ms;
	unsigned int count;
	unsigned long suppressed;
};

bool log_rate_allow(struct log_rate *rl, int64_t now_ms);

#endif
