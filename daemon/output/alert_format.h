/* SPDX-License-Identifier: ISC */
/*
 * An alert as one record in each format a SIEM parses: a text line, a
 * JSON object (JSON Lines, or Elastic Common Schema names), an RFC 5424
 * message, ArcSight CEF, IBM QRadar LEEF 2.0.  One table row a format
 * (enum conf_format).  Network text is escaped as each format requires:
 * no record can be broken or split.  Fields and mappings are documented
 * in docs/alerts.md.  Pure.
 */
#ifndef DAEMON_OUTPUT_ALERT_FORMAT_H
#define DAEMON_OUTPUT_ALERT_FORMAT_H

#include <stddef.h>

#include "conf/conf.h"
#include "engine/alert.h"

#define ALERT_FORMAT_MAX 16384

/*
 * The RFC 5424 SD-ID of the alert's structured data: the placeholder
 * enterprise number of EVCORR-MIB (mibs/EVCORR-MIB.txt), the one place to
 * change with the MIB's root when a registered number replaces it.
 */
#define ALERT_FORMAT_SD_ID "evcorrd@8072.9999.9999.2140"
#define ALERT_FORMAT_HOSTNAME_MAX 255 /* RFC 5424 HOSTNAME */

/* What a record says beyond the alert: rfc5424's header.  NULL: none. */
struct alert_format_ctx {
	int facility;         /* LOG_DAEMON etc. (already << 3) */
	const char *hostname; /* NULL or "": "-"; cut to 255 bytes */
	long procid;          /* 0: "-" */
};

/*
 * Each writes one record without a final newline into buf (NUL-
 * terminated).  Returns its length, or -1 when it did not fit (buf then
 * holds a valid, shortened record marked as truncated; for rfc5424, cef
 * and leef when len is at least 512, else an empty string).
 */
int alert_format_write(enum conf_format format, const struct alert *alert,
    const struct alert_format_ctx *ctx, char *buf, size_t len);
int alert_format_text(const struct alert *alert, char *buf, size_t len);
int alert_format_json(const struct alert *alert, char *buf, size_t len);

/* "text", "json", "json-ecs", "rfc5424", "cef", "leef". */
const char *alert_format_name(enum conf_format format);

/*
 * The RFC 5424 HEADER and its space ("<PRI>1 TIMESTAMP HOSTNAME evcorrd
 * PROCID KIND "), as the rfc5424 format starts, for a forwarder to put
 * before a record of another format.  Returns its length, 0 when it did
 * not fit (at least ALERT_FORMAT_SYSLOG_HEADER_MAX always does).
 */
#define ALERT_FORMAT_SYSLOG_HEADER_MAX (ALERT_FORMAT_HOSTNAME_MAX + 128)
size_t alert_format_syslog_header(const struct alert *a,
    const struct alert_format_ctx *ctx, char *buf, size_t len);

/* The syslog severity (LOG_CRIT...) of an alert severity. */
int alert_format_syslog_severity(enum severity severity);

#endif
