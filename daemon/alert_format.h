/* SPDX-License-Identifier: ISC */
/*
 * An alert as one human-readable line, or as one JSON object (JSON
 * Lines).  Network text is escaped: no newline or quote injection.  Field
 * names are documented in docs/alerts.md.  Pure.
 */
#ifndef DAEMON_ALERT_FORMAT_H
#define DAEMON_ALERT_FORMAT_H

#include <stddef.h>

#include "correlator.h"

#define ALERT_FORMAT_MAX 16384

/*
 * Each writes one line without the final newline into buf (NUL-
 * terminated).  Returns its length, or -1 when it did not fit (buf then
 * holds a valid, shortened line marked as truncated).
 */
int alert_format_text(const struct alert *alert, char *buf, size_t len);
int alert_format_json(const struct alert *alert, char *buf, size_t len);

/* RFC 3339 UTC with milliseconds: 2026-11-29T21:27:06.123Z */
void alert_format_time(int64_t wall_ms, char *buf, size_t len);

#endif
