/* SPDX-License-Identifier: ISC */
/*
 * What the alert-log kinds (log_stream.c: stdout and file; log_syslog.c)
 * share: their counters, their configuration's comparison, and the alert
 * as one line in the configured format.
 */
#ifndef DAEMON_OUTPUT_LOG_LINE_H
#define DAEMON_OUTPUT_LOG_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "engine/alert.h"
#include "output/alert_format.h"

enum log_line_counter {
	LL_LINES,
	LL_ERRORS,
	LL_TRUNCATED,
	LL_REOPENED,
	LL_COUNT,
};

extern const struct counter_def log_line_counters[LL_COUNT];

/* Whether two alert-log statements ask for the same sink. */
bool log_line_is_same(const struct conf_alert_log *a,
    const struct conf_alert_log *b);

/*
 * What a record of cal's says beyond the alert: facility, hostname
 * (borrowed: it must outlive ctx) and process id.
 */
void log_line_ctx(const struct conf_alert_log *cal, const char *hostname,
    long pid, struct alert_format_ctx *ctx);

/*
 * The alert as one line in cal's format (no newline), into buf (len
 * bytes, NUL-terminated).  Returns its length; *is_truncated tells when
 * it was shortened to fit.
 */
size_t log_line_format(const struct conf_alert_log *cal,
    const struct alert_format_ctx *ctx, const struct alert *a, char *buf,
    size_t len, bool *is_truncated);

#endif
