/* SPDX-License-Identifier: ISC */
/*
 * One syslog frame -> its RFC 3164 or RFC 5424 header and payload.
 * Tolerant of what real senders emit: missing PRI, ISO timestamps in 3164
 * lines, trailing NUL/CR/LF, a UTF-8 BOM before the message.  Pure.
 */
#ifndef DAEMON_DECODE_SYSLOG_PARSE_H
#define DAEMON_DECODE_SYSLOG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/parse_error.h"

#define SYSLOG_HOSTNAME_MAX 256 /* RFC 5424: 255 */
#define SYSLOG_APP_NAME_MAX 49  /* RFC 5424: 48 */
#define SYSLOG_PROCID_MAX 129   /* RFC 5424: 128 */
#define SYSLOG_MSGID_MAX 33     /* RFC 5424: 32 */

struct syslog_msg {
	int pri;     /* 0..191, or -1 when the frame had none */
	int version; /* 0: RFC 3164 (or headerless), 1: RFC 5424 */
	int64_t
	    time_ms; /* header time, wall ms since the epoch; 0 when absent */
	/* the header time had no zone: time_ms is local time read as UTC */
	bool is_time_local;
	/*
	 * The parse depended on now_ms: time_ms's year is a guess from it
	 * (RFC 3164), or a 3164 stamp was read as no stamp because its date
	 * (Feb 29) exists in none of the years tried around now_ms.
	 */
	bool is_year_guessed;
	bool is_stamp_refused;
	char hostname[SYSLOG_HOSTNAME_MAX]; /* "" when absent or "-" */
	char app_name[SYSLOG_APP_NAME_MAX]; /* 3164 TAG / 5424 APP-NAME */
	char procid[SYSLOG_PROCID_MAX];
	char msgid[SYSLOG_MSGID_MAX];
	const char *msg; /* payload, inside the caller's buffer; no NUL */
	size_t msg_len;  /* after BOM and trailing NUL/CR/LF removal */
	/* RFC 5424: the STRUCTURED-DATA as sent ("[id k=\"v\"]..."); else
	 * NULL, 0 (also for NILVALUE "-").  Inside the caller's buffer. */
	const char *sd;
	size_t sd_len;
};

/* Which header a listener expects (its `format` option). */
enum syslog_header {
	SYSLOG_HEADER_ANY, /* RFC 5424 when "<PRI>1 " starts it, else 3164 */
	SYSLOG_HEADER_RFC3164, /* never RFC 5424: "<13>1 x" is a 3164 line */
	SYSLOG_HEADER_RFC5424, /* RFC 5424 only: anything else is an error */
};

/*
 * Parse buf[0..len).  now_ms (wall clock) supplies the year RFC 3164
 * timestamps lack; a timestamp without a zone (every 3164 one) sets
 * is_time_local, for the caller to convert with the sender's zone.
 * Returns 0, or -1 with err (offset, message) for a frame that cannot be
 * a syslog message (empty after trimming, or a broken 5424 header).
 */
int syslog_parse(const char *buf, size_t len, int64_t now_ms,
    struct syslog_msg *msg, struct parse_error *err);
/* The same with the header fixed by hdr (SYSLOG_HEADER_ANY: as above). */
int syslog_parse_as(const char *buf, size_t len, int64_t now_ms,
    enum syslog_header hdr, struct syslog_msg *msg, struct parse_error *err);

/*
 * syslog_parse_time() reads an RFC 3339 / ISO 8601 date-time at s[0..len):
 * "YYYY-MM-DD", 'T' or ' ', "hh:mm:ss", an optional fraction, an optional
 * zone ("Z", "+hh:mm", "+hhmm"; none: *is_local is set, and the time is
 * the local one read as UTC).  It returns the bytes it used, or 0 (and
 * leaves *time_ms alone) when s does not start with one.  is_local may be
 * NULL.
 */
size_t syslog_parse_time(const char *s, size_t len, int64_t *time_ms,
    bool *is_local);

#endif
