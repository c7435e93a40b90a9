/* SPDX-License-Identifier: ISC */
/* core/tz: zones from the tz database, checked against libc itself. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/civil.h"
#include "core/tz.h"

static int64_t
ms(int y, int mo, int d, int h, int mi, int s)
{
	int64_t t;

	cr_assert(eq(int, civil_to_ms(y, mo, d, h, mi, s, &t), 0));
	return t;
}

static struct tz *
load(const char *name)
{
	char err[256];
	struct tz *z = tz_load(name, err, sizeof(err));

	cr_assert(ne(ptr, z, NULL), "%s: %s", name, err);
	return z;
}

Test(tz, utc_is_the_identity)
{
	const struct tz *z = tz_utc();
	int64_t t = ms(2026, 11, 29, 21, 27, 6);

	cr_assert(eq(i64, tz_to_utc(z, t), t));
	cr_assert(eq(i64, tz_offset_at(z, t), 0));
	cr_assert(eq(int, strcmp(tz_name(z), "UTC"), 0));
	tz_free(z); /* a no-op */
}

Test(tz, berlin_offsets_and_its_changes)
{
	struct tz *z = load("Europe/Berlin");

	cr_assert(eq(i64, tz_offset_at(z, ms(2026, 1, 15, 12, 0, 0)), 3600000));
	cr_assert(eq(i64, tz_offset_at(z, ms(2026, 7, 15, 12, 0, 0)), 7200000));
	/* CEST from 2026-03-29 01:00:00 UTC, to the second */
	cr_assert(
	    eq(i64, tz_offset_at(z, ms(2026, 3, 29, 0, 59, 59)), 3600000));
	cr_assert(eq(i64, tz_offset_at(z, ms(2026, 3, 29, 1, 0, 0)), 7200000));
	cr_assert(eq(i64, tz_to_utc(z, ms(2026, 7, 15, 12, 0, 0)),
	    ms(2026, 7, 15, 10, 0, 0)));
	cr_assert(eq(i64, tz_to_utc(z, ms(2026, 12, 31, 23, 59, 0)),
	    ms(2026, 12, 31, 22, 59, 0)));
	tz_free(z);
}

Test(tz, skipped_and_repeated_local_times)
{
	struct tz *z = load("Europe/Berlin");

	/* 02:30 never happens on 2026-03-29: read as CET, 01:30 UTC */
	cr_assert(eq(i64, tz_to_utc(z, ms(2026, 3, 29, 2, 30, 0)),
	    ms(2026, 3, 29, 1, 30, 0)));
	/* 02:30 happens twice on 2026-10-25: the first, CEST, 00:30 UTC */
	cr_assert(eq(i64, tz_to_utc(z, ms(2026, 10, 25, 2, 30, 0)),
	    ms(2026, 10, 25, 0, 30, 0)));
	cr_assert(eq(i64, tz_to_utc(z, ms(2026, 10, 25, 3, 0, 0)),
	    ms(2026, 10, 25, 2, 0, 0)));
	tz_free(z);
}

/* libc's own answer for zone name at utc seconds. */
static long
libc_offset(const char *name, int64_t t)
{
	char tzv[128];
	time_t tt = (time_t)t;
	struct tm tm;

	snprintf(tzv, sizeof(tzv), ":/usr/share/zoneinfo/%s", name);
	setenv("TZ", tzv, 1);
	tzset();
	localtime_r(&tt, &tm);
	return tm.tm_gmtoff;
}

/* Seeded random instants in many zones, odd ones included. */
Test(tz, agrees_with_libc_everywhere, .timeout = 60)
{
	static const char *const zones[] = { "America/New_York",
		"Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham",
		"America/Sao_Paulo", "Europe/Dublin", "Asia/Kathmandu",
		"America/St_Johns", "Africa/Casablanca", "Europe/Moscow" };
	uint64_t x = 0x2140100;

	for (size_t k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		struct tz *z = load(zones[k]);

		for (int i = 0; i < 2000; i++) {
			int64_t t, local, back;

			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			t = (int64_t)((x >> 11) % UINT64_C(4102444800));
			local = (t + libc_offset(zones[k], t)) * 1000;
			cr_assert(eq(i64, tz_offset_at(z, t * 1000),
				      (int64_t)libc_offset(zones[k], t) * 1000),
			    "%s at %lld", zones[k], (long long)t);
			back = tz_to_utc(z, local);
			/* the same instant, or an earlier one showing it */
			cr_assert(le(i64, back, t * 1000), "%s", zones[k]);
			cr_assert(eq(i64, back + tz_offset_at(z, back), local),
			    "%s at %lld", zones[k], (long long)t);
		}
		tz_free(z);
	}
	unsetenv("TZ");
}

Test(tz, bad_names_are_refused)
{
	static const char *const bad[] = { "", "Nowhere/Zone",
		"../../etc/passwd", "/etc/localtime", "Europe//Berlin",
		"Europe/Berlin\n", "-x", "Europe" };
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_assert(eq(ptr, tz_load(bad[i], err, sizeof(err)), NULL),
		    "%s", bad[i]);
		cr_assert(ne(int, (int)strlen(err), 0));
	}
}

Test(tz, loading_leaves_the_process_zone_alone)
{
	struct tz *z;

	setenv("TZ", "America/Chicago", 1);
	z = load("Asia/Tokyo");
	cr_assert(eq(str, getenv("TZ"), "America/Chicago"));
	tz_free(z);
	unsetenv("TZ");
	z = load("Asia/Tokyo");
	cr_assert(eq(ptr, getenv("TZ"), NULL));
	tz_free(z);
}
