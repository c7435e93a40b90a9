/* SPDX-License-Identifier: ISC */
/*
 * Whether an event matches one side of a rule.  Pure.  Comparisons are
 * ASCII case-insensitive whatever the locale: Windows treats event source
 * and log names that way.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/regex.h"

#include "engine/rule.h"

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
rule_match_event(const struct conf_match *m, const struct winevent *ev)
{
	if (!ev->has_event_id || ev->event_id != m->event_id)
		return false;
	if (m->source != NULL && !rule_name_equal(m->source, ev->source))
		return false;
	if (m->log != NULL && !rule_name_equal(m->log, ev->log))
		return false;
	if (m->text != NULL &&
	    !regex_match(m->text, ev->text, strlen(ev->text)))
		return false;
	return true;
}
