/* SPDX-License-Identifier: ISC */
/*
 * civil: dates to ms and back against libc's gmtime_r over many instants,
 * the range checks, RFC 3339 formatting and its clamping, and local time.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/civil.h"

#include "criterion_str.h"

Test(civil, to_ms_checks_every_field)
{
	int64_t t;

	cr_assert(eq(int, civil_to_ms(2026, 2, 29, 0, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(2028, 2, 29, 0, 0, 0, &t), 0));
	cr_assert(eq(int, civil_to_ms(1900, 2, 29, 0, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(2000, 2, 29, 0, 0, 0, &t), 0));
	cr_assert(eq(int, civil_to_ms(1970, 1, 1, 0, 0, 0, &t), 0));
	cr_assert(eq(i64, t, 0));
	cr_assert(eq(int, civil_to_ms(2026, 1, 1, 24, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(2026, 1, 1, 0, 60, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(2026, 1, 1, 0, 0, 61, &t), -1));
	cr_assert(eq(int, civil_to_ms(2026, 13, 1, 0, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(2026, 4, 31, 0, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(0, 1, 1, 0, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(10000, 1, 1, 0, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(2026, 11, 29, 21, 27, 6, &t), 0));
	cr_assert(eq(i64, t, 1795987626000LL));
}

/* civil_from_ms and civil_to_ms agree with gmtime_r, seeded. */
Test(civil, agrees_with_gmtime_over_many_instants)
{
	unsigned int seed = 2140;

	for (int i = 0; i < 100000; i++) {
		int64_t ms = ((int64_t)rand_r(&seed) << 31 | rand_r(&seed)) %
		    (INT64_C(253402300799) * 1000);
		time_t secs = (time_t)(ms / 1000);
		struct civil c;
		struct tm tm;
		int64_t back;

		if (i % 2)
			ms = -ms % (INT64_C(62135596800) * 1000);
		secs = (time_t)(ms / 1000 - (ms % 1000 < 0));
		cr_assert(ne(ptr, gmtime_r(&secs, &tm), NULL));
		civil_from_ms(ms, &c);
		cr_assert(eq(i64, c.year, (int64_t)tm.tm_year + 1900), "%lld",
		    (long long)ms);
		cr_assert(eq(int, c.mon, tm.tm_mon + 1));
		cr_assert(eq(int, c.mday, tm.tm_mday));
		cr_assert(eq(int, c.hour, tm.tm_hour));
		cr_assert(eq(int, c.min, tm.tm_min));
		cr_assert(eq(int, c.sec, tm.tm_sec));
		cr_assert(eq(int, c.wday, tm.tm_wday));
		if (c.year >= 1) {
			cr_assert(eq(int,
			    civil_to_ms((int)c.year, c.mon, c.mday, c.hour,
				c.min, c.sec, &back),
			    0));
			cr_assert(eq(i64, back + c.msec, ms));
		}
	}
}

Test(civil, month_days)
{
	cr_assert(eq(int, civil_month_days(2024, 2), 29));
	cr_assert(eq(int, civil_month_days(2100, 2), 28));
	cr_assert(eq(int, civil_month_days(2026, 12), 31));
	cr_assert(eq(int, civil_month_days(2026, 11), 30));
}

Test(civil, local_follows_tz)
{
	struct civil c;

	setenv("TZ", "UTC", 1);
	tzset();
	civil_local(1795987626123LL, &c);
	cr_assert(eq(int, c.hour, 21));
	cr_assert(eq(int, c.msec, 123));
	setenv("TZ", "EST5", 1); /* POSIX rule: no zone files needed */
	tzset();
	civil_local(1795987626123LL, &c);
	cr_assert(eq(int, c.hour, 16));
	cr_assert(eq(int, c.mday, 29));
}

Test(civil, rfc3339_epoch_and_milliseconds)
{
	char t[32];

	civil_rfc3339(0, t, sizeof(t));
	cr_assert(eq(str, t, "1970-01-01T00:00:00.000Z"));
	civil_rfc3339(1795987626007LL, t, sizeof(t));
	cr_assert(eq(str, t, "2026-11-29T21:27:06.007Z"));
	civil_rfc3339(1709251199999LL, t, sizeof(t));
	cr_assert(eq(str, t, "2024-02-29T23:59:59.999Z"));
	civil_rfc3339(951868800000LL, t, sizeof(t));
	cr_assert(eq(str, t, "2000-03-01T00:00:00.000Z"));
}

Test(civil, rfc3339_before_the_epoch)
{
	char t[32];

	civil_rfc3339(-1, t, sizeof(t));
	cr_assert(eq(str, t, "1969-12-31T23:59:59.999Z"));
	civil_rfc3339(-86400000LL, t, sizeof(t));
	cr_assert(eq(str, t, "1969-12-31T00:00:00.000Z"));
}

Test(civil, rfc3339_clamps_to_four_digit_years)
{
	char t[32];

	civil_rfc3339(INT64_MAX, t, sizeof(t));
	cr_assert(eq(str, t, "9999-12-31T23:59:59.999Z"));
	civil_rfc3339(INT64_MIN, t, sizeof(t));
	cr_assert(eq(str, t, "0000-01-01T00:00:00.000Z"));
	civil_rfc3339(253402300799000LL, t, sizeof(t));
	cr_assert(eq(str, t, "9999-12-31T23:59:59.000Z"));
}

Test(civil, rfc3339_small_buffer_is_terminated)
{
	char t[8] = "XXXXXXX";

	civil_rfc3339(0, t, 5);
	cr_assert(eq(str, t, "1970"));
	cr_assert(eq(chr, t[5], 'X'));
	civil_rfc3339(0, t, 0);
	cr_assert(eq(str, t, "1970"));
}
