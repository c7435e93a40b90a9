/* SPDX-License-Identifier: ISC */
/*
 * A correlation rule as configured, and how an event matches one side of
 * it.  Pure.
 */
#ifndef DAEMON_RULE_H
#define DAEMON_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "winevent.h"

#define RULE_NAME_MAX 64

enum rule_severity {
	RULE_SEVERITY_INFO = 1,
	RULE_SEVERITY_WARNING,
	RULE_SEVERITY_MINOR,
	RULE_SEVERITY_MAJOR,
	RULE_SEVERITY_CRITICAL,
};

struct rule_match {
	uint32_t event_id;
	char *source; /* NULL: any source; else case-insensitive equality */
	char *log;    /* NULL: any log; else case-insensitive equality */
};

struct rule {
	char name[RULE_NAME_MAX];
	struct rule_match open;
	struct rule_match close;
	int64_t window_ms;   /* close must follow open within this */
	int64_t holddown_ms; /* 0: no holddown */
	enum rule_severity severity;
	char *title;     /* never NULL after conf_parse */
	char *cause;     /* never NULL after conf_parse */
	char *fix;       /* never NULL after conf_parse */
	char *reference; /* never NULL after conf_parse ("" when unset) */
	char **targets;  /* names of conf targets; ntargets 0: all targets */
	size_t ntargets;
	int line; /* where it was defined */
};

bool rule_match_event(const struct rule_match *m, const struct winevent *ev);
const char *rule_severity_name(enum rule_severity severity);
/* Returns 0 and sets *out, or -1 for an unknown name. */
int rule_severity_parse(const char *name, enum rule_severity *out);

#endif
