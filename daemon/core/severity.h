/* SPDX-License-Identifier: ISC */
/*
 * Alert severities: the config's words, the alert's field, the MIB's
 * EvcorrSeverity values (1..5).  Pure.
 */
#ifndef DAEMON_CORE_SEVERITY_H
#define DAEMON_CORE_SEVERITY_H

enum severity {
	SEVERITY_INFO = 1,
	SEVERITY_WARNING,
	SEVERITY_MINOR,
	SEVERITY_MAJOR,
	SEVERITY_CRITICAL,
};

/* "info" ... "critical"; "unknown" for a value out of range. */
const char *severity_name(enum severity severity);
/* Returns 0 and sets *out, or -1 for an unknown name (NULL included). */
int severity_parse(const char *name, enum severity *out);

#endif
