/* SPDX-License-Identifier: ISC */
/*
 * The three clocks of struct clock_stamp, and timevals for timers.
 */
#include "config.h"

#include <time.h>

#include "core/clock.h"
#include "core/log.h"

static int64_t
clock_read_ms(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) == -1)
		fatal("clock_gettime");
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
clock_read(struct clock_stamp *now)
{
	now->mono_ms = clock_read_ms(CLOCK_MONOTONIC);
	now->wall_ms = clock_read_ms(CLOCK_REALTIME);
	now->boot_ms = clock_read_ms(CLOCK_BOOTTIME);
}

struct timeval
clock_timeval(int64_t ms)
{
	struct timeval tv;

	if (ms < 0)
		ms = 0;
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	return tv;
}
