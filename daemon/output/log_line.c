/* SPDX-License-Identifier: ISC */
/*
 * The alert-log kinds' shared counters and line.  Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "engine/alert.h"
#include "output/alert_format.h"
#include "output/log_line.h"

const struct counter_def log_line_counters[LL_COUNT] = {
	[LL_LINES] = { "alert_log_lines", "alert lines written whole" },
	[LL_ERRORS] = { "alert_log_errors",
	    "alert lines not written, or cut, by the sink" },
	[LL_TRUNCATED] = { "alert_log_truncated",
	    "alert lines shortened to fit the line size" },
	[LL_REOPENED] = { "alert_log_reopened",
	    "alert files reopened: deleted or renamed under the daemon" },
};

static bool
log_line_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

bool
log_line_is_same(const struct conf_alert_log *a, const struct conf_alert_log *b)
{
	return a->sink == b->sink && a->format == b->format &&
	    a->facility == b->facility && log_line_streq(a->path, b->path);
}

void
log_line_ctx(const struct conf_alert_log *cal, const char *hostname, long pid,
    struct alert_format_ctx *ctx)
{
	ctx->facility = cal->facility;
	ctx->hostname = hostname;
	ctx->procid = pid;
}

size_t
log_line_format(const struct conf_alert_log *cal,
    const struct alert_format_ctx *ctx, const struct alert *a, char *buf,
    size_t len, bool *is_truncated)
{
	int r;

	r = alert_format_write(cal->format, a, ctx, buf, len);
	*is_truncated = r == -1;
	return r == -1 ? strlen(buf) : (size_t)r;
}
