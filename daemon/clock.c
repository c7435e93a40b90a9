/* SPDX-License-Identifier: ISC */
/* The monotonic clock for timers and the wall clock for output. */
#include "config.h"

#include <time.h>

#include "clock.h"
#include "log.h"

static int64_t
clock_read_ms(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) == -1)
		fatal("clock_gettime");
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_now_ms(void)
{
	return clock_read_ms(CLOCK_MONOTONIC);
}

int64_t
clock_wall_ms(void)
{
	return clock_read_ms(CLOCK_REALTIME);
}
