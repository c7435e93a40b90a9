/* SPDX-License-Identifier: ISC */
/*
 * An alert as one human-readable line, or as one JSON object (JSON
 * Lines).  Network text is escaped: no newline or quote injection.  Field
 * names are documented in docs/alerts.md.  Pure.
 */
#ifndef DAEMON_OUTPUT_ALERT_FORMAT_H
#define DAEMON_OUTPUT_ALERT_FORMAT_H

#include <stddef.h>

#include "engine/alert.h"

#define ALERT_FORMAT_MAX 16384

/*
 * Each writes one line without the final newline into buf (NUL-
 * terminated).  Returns its length, or -1 when it did not fit (buf then
 * holds a valid, shortened line marked as truncated).
 */
int alert_format_text(const struct alert *alert, char *buf, size_t len);
int alert_format_json(const struct alert *alert, char *buf, size_t len);

#endif
