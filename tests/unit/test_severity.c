/* SPDX-License-Identifier: ISC */
/* Severity names, both ways. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/severity.h"

/* severity_name() copied into writable storage for eq(str, ...). */
static char *
sevname(enum severity s)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "%s", severity_name(s));
	return buf;
}

Test(severity, names_round_trip)
{
	static char names[][16] = { "info", "warning", "minor", "major",
		"critical" };
	enum severity s;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cr_assert(eq(int, severity_parse(names[i], &s), 0));
		cr_assert(eq(int, (int)s, (int)(SEVERITY_INFO + i)));
		cr_assert(eq(str, sevname(s), names[i]));
	}
}

Test(severity, parse_rejects_unknown)
{
	enum severity s = SEVERITY_MINOR;

	cr_assert(eq(int, severity_parse("fatal", &s), -1));
	cr_assert(eq(int, severity_parse("", &s), -1));
	cr_assert(eq(int, severity_parse("majorx", &s), -1));
	cr_assert(eq(int, severity_parse("Major", &s), -1));
	cr_assert(eq(int, severity_parse(NULL, &s), -1));
	cr_assert(eq(int, (int)s, (int)SEVERITY_MINOR));
}

Test(severity, name_of_invalid_value)
{
	char unknown[] = "unknown", critical[] = "critical";

	cr_assert(eq(str, sevname((enum severity)0), unknown));
	cr_assert(eq(str, sevname((enum severity)99), unknown));
	cr_assert(eq(str, sevname(SEVERITY_CRITICAL), critical));
}
