/* SPDX-License-Identifier: ISC */
/*
 * Civil dates: days_from_civil and civil_from_days (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms"), exact for every
 * proleptic Gregorian date, and the formatters built on them.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/civil.h"

static int
civil_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
civil_month_days(int64_t year, int mon)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (mon == 2 && civil_is_leap(year))
		return 29;
	return days[(mon - 1) % 12];
}

int64_t
civil_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
civil_to_ms(int year, int mon, int mday, int hour, int min, int sec,
    int64_t *ms)
{
	if (year < 1 || year > 9999 || mon < 1 || mon > 12 || mday < 1 ||
	    mday > civil_month_days(year, mon) || hour < 0 || hour > 23 ||
	    min < 0 || min > 59 || sec < 0 || sec > 60)
		return -1;
	*ms = civil_days(year, mon, mday) * CIVIL_MS_PER_DAY +
	    ((int64_t)hour * 3600 + min * 60 + sec) * 1000;
	return 0;
}

void
civil_from_ms(int64_t ms, struct civil *c)
{
	int64_t days = ms / CIVIL_MS_PER_DAY, rem = ms % CIVIL_MS_PER_DAY;
	int64_t z, era, doe, yoe, doy, mp, secs;

	if (rem < 0) {
		rem += CIVIL_MS_PER_DAY;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->mon <= 2);
	secs = rem / 1000;
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
	c->msec = (int)(rem % 1000);
	/* 1970-01-01 was a Thursday */
	c->wday = (int)(((days % 7) + 7 + 4) % 7);
}

size_t
civil_rfc3339(int64_t ms, char *buf, size_t len)
{
	struct civil c;
	int r;

	if (len == 0)
		return 0;
	ms = ms < CIVIL_MIN_MS  ? CIVIL_MIN_MS
	    : ms > CIVIL_MAX_MS ? CIVIL_MAX_MS
				: ms;
	civil_from_ms(ms, &c);
	r = snprintf(buf, len, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    c.year, c.mon, c.mday, c.hour, c.min, c.sec, c.msec);
	if (r < 0) {
		buf[0] = '\0';
		return 0;
	}
	return (size_t)r < len ? (size_t)r : len - 1;
}

void
civil_local(int64_t ms, struct civil *c)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		civil_from_ms(ms, c);
		return;
	}
	c->year = (int64_t)tm.tm_year + 1900;
	c->mon = tm.tm_mon + 1;
	c->mday = tm.tm_mday;
	c->hour = tm.tm_hour;
	c->min = tm.tm_min;
	c->sec = tm.tm_sec;
	c->msec = (int)(ms % 1000);
	c->wday = tm.tm_wday;
}
