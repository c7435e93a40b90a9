/* SPDX-License-Identifier: ISC */
/*
 * Severity names, one table both ways.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "core/severity.h"

static const char *const severity_names[] = {
	[SEVERITY_INFO] = "info",
	[SEVERITY_WARNING] = "warning",
	[SEVERITY_MINOR] = "minor",
	[SEVERITY_MAJOR] = "major",
	[SEVERITY_CRITICAL] = "critical",
};

const char *
severity_name(enum severity severity)
{
	if (severity < SEVERITY_INFO || severity > SEVERITY_CRITICAL)
		return "unknown";
	return severity_names[severity];
}

int
severity_parse(const char *name, enum severity *out)
{
	if (name == NULL)
		return -1;
	for (int s = SEVERITY_INFO; s <= SEVERITY_CRITICAL; s++) {
		if (strcmp(name, severity_names[s]) == 0) {
			*out = (enum severity)s;
			return 0;
		}
	}
	return -1;
}
