/* SPDX-License-Identifier: ISC */
/*
 * A zone as a sorted table of offset changes.  tz_load() asks libc's
 * localtime_r() for the offset once a day from 1970 to 2100 with TZ set
 * to the zone's file, and finds each change to the second by bisection:
 * libc reads the database (transitions and the POSIX rule for later
 * years), this file only remembers what it said.  Looking up is a binary
 * search.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/tz.h"
#include "core/xmalloc.h"

#define TZ_FROM_S INT64_C(0)           /* 1970-01-01 */
#define TZ_UNTIL_S INT64_C(4102444800) /* 2100-01-01 */
#define TZ_STEP_S INT64_C(86400)
#define TZ_AROUND_MS INT64_C(27 * 3600 * 1000) /* more than any offset */

struct tz_change {
	int64_t at_ms;  /* UTC: from this instant on... */
	int64_t off_ms; /* ...the offset is this */
};

struct tz {
	char name[TZ_NAME_MAX];
	int64_t first_off_ms; /* before the first change */
	struct tz_change *changes;
	size_t nchanges;
};

static const struct tz tz_utc_zone = { "UTC", 0, NULL, 0 };

const struct tz *
tz_utc(void)
{
	return &tz_utc_zone;
}

const char *
tz_name(const struct tz *tz)
{
	return tz->name;
}

void
tz_free(const struct tz *tz)
{
	if (tz == NULL || tz == &tz_utc_zone)
		return;
	free(((struct tz *)(uintptr_t)tz)->changes);
	free((void *)(uintptr_t)tz);
}

/* A relative name of letters, digits and "/_+-", no "." component. */
static bool
tz_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= TZ_NAME_MAX || name[0] == '/' || name[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '/' || c == '_' ||
			c == '+' || c == '-'))
			return false;
	}
	return strstr(name, "//") == NULL;
}

/* Whether path is a TZif file. */
static bool
tz_is_tzif(const char *path)
{
	char magic[4];
	FILE *fp = fopen(path, "rbe");
	bool ok;

	if (fp == NULL)
		return false;
	ok = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(fp);
	return ok;
}

static int64_t
tz_libc_offset_s(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	return (int64_t)tm.tm_gmtoff;
}

static void
tz_add(struct tz *z, size_t *cap, int64_t at_s, int64_t off_s)
{
	if (z->nchanges == *cap) {
		*cap = *cap > 0 ? *cap * 2 : 64;
		z->changes =
		    xreallocarray(z->changes, *cap, sizeof(*z->changes));
	}
	z->changes[z->nchanges].at_ms = at_s * 1000;
	z->changes[z->nchanges].off_ms = off_s * 1000;
	z->nchanges++;
}

/* With TZ set to the zone: every change of offset, to the second. */
static void
tz_sample(struct tz *z)
{
	int64_t t, off, prev, lo, hi, mid;
	size_t cap = 0;

	prev = tz_libc_offset_s(TZ_FROM_S);
	z->first_off_ms = prev * 1000;
	for (t = TZ_FROM_S + TZ_STEP_S; t <= TZ_UNTIL_S; t += TZ_STEP_S) {
		if ((off = tz_libc_offset_s(t)) == prev)
			continue;
		/* the change lies in (t - step, t]: find its first second */
		lo = t - TZ_STEP_S;
		hi = t;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (tz_libc_offset_s(mid) == prev)
				lo = mid;
			else
				hi = mid;
		}
		tz_add(z, &cap, hi, tz_libc_offset_s(hi));
		/* two changes inside one step: take the day's end state */
		if (z->changes[z->nchanges - 1].off_ms != off * 1000)
			tz_add(z, &cap, t, off);
		prev = off;
	}
}

struct tz *
tz_load(const char *name, char *err, size_t errlen)
{
	const char *dir = getenv("TZDIR"), *old;
	char path[512], tzvar[sizeof(path) + 1], *saved = NULL;
	struct tz *z;
	int n;

	if (strcmp(name, "UTC") == 0)
		return (struct tz *)(uintptr_t)&tz_utc_zone;
	if (!tz_name_ok(name)) {
		(void)snprintf(err, errlen,
		    "timezone \"%s\": not a zone name such as "
		    "\"Europe/Berlin\"",
		    name);
		return NULL;
	}
	if (dir == NULL || dir[0] == '\0')
		dir = "/usr/share/zoneinfo";
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path) || !tz_is_tzif(path)) {
		(void)snprintf(err, errlen,
		    "timezone \"%s\": no such zone in %s (is tzdata "
		    "installed?)",
		    name, dir);
		return NULL;
	}
	if ((old = getenv("TZ")) != NULL)
		saved = xstrdup(old);
	/* ":path": the file itself, whatever TZDIR libc was built with */
	(void)snprintf(tzvar, sizeof(tzvar), ":%s", path);
	z = xcalloc(1, sizeof(*z));
	(void)snprintf(z->name, sizeof(z->name), "%s", name);
	if (setenv("TZ", tzvar, 1) == 0) {
		tzset();
		tz_sample(z);
	}
	if (saved != NULL)
		(void)setenv("TZ", saved, 1);
	else
		(void)unsetenv("TZ");
	tzset();
	free(saved);
	return z;
}

int64_t
tz_offset_at(const struct tz *tz, int64_t utc_ms)
{
	size_t lo = 0, hi = tz->nchanges, mid;

	/* the last change at or before utc_ms */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tz->changes[mid].at_ms <= utc_ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? tz->first_off_ms : tz->changes[lo - 1].off_ms;
}

/* Index of the first change at or after utc_ms. */
static size_t
tz_first_from(const struct tz *tz, int64_t utc_ms)
{
	size_t lo = 0, hi = tz->nchanges, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tz->changes[mid].at_ms < utc_ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int64_t
tz_to_utc(const struct tz *tz, int64_t local_ms)
{
	int64_t u, best = INT64_MAX, prev, off;
	size_t i, end;

	if (tz->nchanges == 0)
		return local_ms - tz->first_off_ms;
	/*
	 * Every offset in force within a day either side is a candidate:
	 * local - off is the answer if off is in force then.
	 */
	i = tz_first_from(tz, local_ms - TZ_AROUND_MS);
	end = tz_first_from(tz, local_ms + TZ_AROUND_MS);
	prev = i == 0 ? tz->first_off_ms : tz->changes[i - 1].off_ms;
	for (off = prev;; off = tz->changes[i++].off_ms) {
		u = local_ms - off;
		if (tz_offset_at(tz, u) == off && u < best)
			best = u; /* valid; the earliest when repeated */
		if (i >= end)
			break;
	}
	if (best != INT64_MAX)
		return best;
	/* skipped: the offset before the change that skipped it */
	i = tz_first_from(tz, local_ms - TZ_AROUND_MS);
	for (off = prev; i < end; off = tz->changes[i++].off_ms)
		if (local_ms - off >= tz->changes[i].at_ms)
			prev = off;
	return local_ms - prev;
}
