/* SPDX-License-Identifier: ISC */
/*
 * Civil time: proleptic Gregorian dates and times of day <-> ms since the
 * epoch, in UTC, with no time_t and no libc (H. Hinnant's days_from_civil
 * and its inverse), and the one RFC 3339 formatter.  Pure, but for
 * civil_local(), which asks libc for the local zone.
 */
#ifndef DAEMON_CORE_CIVIL_H
#define DAEMON_CORE_CIVIL_H

#include <stddef.h>
#include <stdint.h>

#define CIVIL_MS_PER_DAY INT64_C(86400000)
/* RFC 3339 has four-digit years: 0000-01-01T00:00:00Z .. 9999-12-31 */
#define CIVIL_MIN_MS INT64_C(-62167219200000)
#define CIVIL_MAX_MS INT64_C(253402300799999)
#define CIVIL_RFC3339_MAX 32 /* "2026-11-29T21:27:06.123Z" and its NUL */

struct civil {
	int64_t year;
	int mon;  /* 1..12 */
	int mday; /* 1..31 */
	int hour, min, sec;
	int msec;
	int wday; /* 0 = Sunday */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (not checked). */
int64_t civil_days(int64_t year, int mon, int mday);
/* Days in month mon (1..12) of year. */
int civil_month_days(int64_t year, int mon);

/*
 * A UTC calendar time -> ms since the epoch: 0, or -1 when a field is
 * out of range (year 1..9999, the day checked against the month, hour
 * 0..23, minute 0..59, second 0..60).
 */
int civil_to_ms(int year, int mon, int mday, int hour, int min, int sec,
    int64_t *ms);

/* ms since the epoch (any value; negative rounds down) -> UTC fields. */
void civil_from_ms(int64_t ms, struct civil *c);

/*
 * ms as RFC 3339 UTC with milliseconds, clamped to years 0000..9999,
 * into buf (len bytes: cut short, still NUL-terminated, when too small).
 * Returns the length written.
 */
size_t civil_rfc3339(int64_t ms, char *buf, size_t len);

/* ms in the local zone of the process (libc's localtime_r). */
void civil_local(int64_t ms, struct civil *c);

#endif
