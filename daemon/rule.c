/* SPDX-License-Identifier: ISC */
/*
 * Whether an event matches one side of a rule, and severity names.  Pure.
 * Comparisons are ASCII case-insensitive whatever the locale: Windows
 * treats event source and log names that way.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "rule.h"

static const char *const rule_severity_names[] = {
	[RULE_SEVERITY_INFO] = "info",
	[RULE_SEVERITY_WARNING] = "warning",
	[RULE_SEVERITY_MINOR] = "minor",
	[RULE_SEVERITY_MAJOR] = "major",
	[RULE_SEVERITY_CRITICAL] = "critical",
};

static unsigned char
rule_ascii_lower(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c - 'A' + 'a');
	return c;
}

/* ASCII-only case-insensitive equality; bytes >= 0x80 compare exactly. */
static bool
rule_name_equal(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; *x != '\0' && *y != '\0'; x++, y++)
		if (rule_ascii_lower(*x) != rule_ascii_lower(*y))
			return false;
	return *x == *y;
}

bool
rule_match_event(const struct rule_match *m, const struct winevent *ev)
{
	if (!ev->has_event_id || ev->event_id != m->event_id)
		return false;
	if (m->source != NULL && !rule_name_equal(m->source, ev->source))
		return false;
	if (m->log != NULL && !rule_name_equal(m->log, ev->log))
		return false;
	return true;
}

const char *
rule_severity_name(enum rule_severity severity)
{
	if (severity < RULE_SEVERITY_INFO || severity > RULE_SEVERITY_CRITICAL)
		return "unknown";
	return rule_severity_names[severity];
}

int
rule_severity_parse(const char *name, enum rule_severity *out)
{
	int s;

	if (name == NULL)
		return -1;
	for (s = RULE_SEVERITY_INFO; s <= RULE_SEVERITY_CRITICAL; s++) {
		if (strcmp(name, rule_severity_names[s]) == 0) {
			*out = (enum rule_severity)s;
			return 0;
		}
	}
	return -1;
}
