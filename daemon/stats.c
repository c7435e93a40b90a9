/* SPDX-License-Identifier: ISC */
/*
 * The counter table.  Process-wide by design (see stats.h); the daemon is
 * single-threaded, so plain increments suffice.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "log.h"
#include "stats.h"

#define STATS_NAME(id, name) name,
static const char *const stats_names[STATS__COUNT] = { STATS_TABLE(
    STATS_NAME) };
#undef STATS_NAME

static uint64_t stats_counters[STATS__COUNT];

void
stats_inc(enum stats_id id)
{
	stats_counters[id]++;
}

void
stats_add(enum stats_id id, uint64_t n)
{
	stats_counters[id] += n;
}

uint64_t
stats_get(enum stats_id id)
{
	return stats_counters[id];
}

const char *
stats_name(enum stats_id id)
{
	return stats_names[id];
}

void
stats_reset(void)
{
	for (int i = 0; i < STATS__COUNT; i++)
		stats_counters[i] = 0;
}

void
stats_log(void)
{
	char line[4096];
	size_t off = 0;
	int n;

	for (int i = 0; i < STATS__COUNT; i++) {
		n = snprintf(line + off, sizeof(line) - off, "%s%s=%" PRIu64,
		    i ? " " : "", stats_names[i], stats_counters[i]);
		if (n < 0 || (size_t)n >= sizeof(line) - off)
			break;
		off += (size_t)n;
	}
	log_info("stats: %s", line);
}
