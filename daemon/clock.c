/* SPDX-License-Identifier: ISC */
/*
 * The monotonic clock for timers, the wall clock for output, and the boot
 * clock with the process start time for the daemon's uptime.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

int64_t
clock_boot_ms(void)
{
	return clock_read_ms(CLOCK_BOOTTIME);
}

/* Field 22 of /proc/self/stat: the process start, clock ticks since boot. */
static int64_t
clock_process_start_read(void)
{
	char buf[1024], *p, *end;
	unsigned long long ticks;
	long hz = sysconf(_SC_CLK_TCK);
	size_t n;
	FILE *fp;
	int field;

	if (hz <= 0 || (fp = fopen("/proc/self/stat", "re")) == NULL)
		return clock_boot_ms();
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* fields after the command name, which may hold spaces and ')' */
	if ((p = strrchr(buf, ')')) == NULL)
		return clock_boot_ms();
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return clock_boot_ms();
	errno = 0;
	ticks = strtoull(p + 1, &end, 10);
	if (errno != 0 || end == p + 1)
		return clock_boot_ms();
	return (int64_t)(ticks * 1000 / (unsigned long long)hz);
}

/*
 * The daemon is one process: its start time never changes, so it is read
 * once, on the first call.
 */
int64_t
clock_process_start_ms(void)
{
	static int64_t start_ms = -1;

	if (start_ms == -1)
		start_ms = clock_process_start_read();
	return start_ms;
}
