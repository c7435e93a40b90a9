/* SPDX-License-Identifier: ISC */
/*
 * The daemon's clocks, read together once per dispatch (a libevent
 * callback) into a struct clock_stamp and passed down: monotonic time for
 * windows, timers and rate limits, wall-clock time for what people read,
 * boot time for uptimes.  Nothing below an I/O callback reads a clock.
 */
#ifndef DAEMON_CORE_CLOCK_H
#define DAEMON_CORE_CLOCK_H

#include <sys/time.h>

#include <stdint.h>

struct clock_stamp {
	int64_t mono_ms; /* CLOCK_MONOTONIC */
	int64_t wall_ms; /* CLOCK_REALTIME, ms since the epoch */
	int64_t boot_ms; /* CLOCK_BOOTTIME: monotonic, counts suspend */
};

/* Reads all three clocks; dies only if the kernel lacks one. */
void clock_read(struct clock_stamp *now);

/* ms as a timeval for libevent timers; a negative ms is 0. */
struct timeval clock_timeval(int64_t ms);

#endif
