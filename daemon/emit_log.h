/* SPDX-License-Identifier: ISC */
/*
 * Alert lines to stdout, a file, or local syslog (/dev/log, non-blocking),
 * as text or JSON Lines.
 */
#ifndef DAEMON_EMIT_LOG_H
#define DAEMON_EMIT_LOG_H

#include "conf.h"
#include "correlator.h"

struct emit_log;

/* NULL on failure (logged).  cal is copied. */
struct emit_log *emit_log_new(const struct conf_alert_log *cal);
void emit_log_write(struct emit_log *l, const struct alert *alert);
int emit_log_reopen(struct emit_log *l);
void emit_log_free(struct emit_log *l);

#endif
