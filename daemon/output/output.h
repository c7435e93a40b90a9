/* SPDX-License-Identifier: ISC */
/*
 * output/: where alerts go.  Each kind of output (SNMP notification
 * target, alert log on stdout, in a file, to local syslog) is one file
 * behind the small table of functions below; output_set.c opens,
 * reconciles, routes to and drains the configured ones.  Outputs take
 * struct alert messages (engine/alert.h) and see nothing else of the
 * engine; formats (alert_format, trap_pdu) and escaping are pure.
 *
 * The interface every kind implements.
 */
#ifndef DAEMON_OUTPUT_OUTPUT_H
#define DAEMON_OUTPUT_OUTPUT_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <event2/event.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "engine/alert.h"

/* What every output is given. */
struct output_env {
	struct event_base *base;
	struct clock_stamp start; /* the daemon's start: uptimes */
};

/*
 * The part of every output the set handles: each kind's struct starts
 * with it.  The kind fills it in open() (output_init()).
 */
struct output {
	const struct output_kind *kind;
	char name[CONF_NAME_MAX];    /* a target's name: `emit to` routes */
	bool is_routed;              /* only for rules naming it, or none */
	struct counter_set counters; /* this output's, with its label */
	int64_t drain_by_ms;         /* retired: closed by then at the latest */
	TAILQ_ENTRY(output) entry;   /* the set's */
};

struct output_kind {
	const char *name;  /* "target", "alert-log file": logs */
	const char *group; /* counters' group: "target", "alert-log" */
	const struct counter_def *counters; /* its counters' schema */
	size_t ncounters;
	/*
	 * Opens one output from its configuration item (a struct
	 * conf_target or struct conf_alert_log, copied).  NULL on failure,
	 * logged.
	 */
	struct output *(*open)(const struct output_env *env, const void *item);
	/* Whether o was opened from an item equal to item (a reload keeps o).
	 */
	bool (*is_same)(const struct output *o, const void *item);
	/* One alert (borrowed: alert_hold() to keep it).  Never blocks. */
	void (*deliver)(struct output *o, const struct alert *a,
	    const struct clock_stamp *now);
	/* SIGHUP: reopen what logrotate may have moved; NULL: nothing. */
	int (*reopen)(struct output *o);
	/* Notifications sent and not yet acknowledged; NULL: none ever. */
	size_t (*pending)(const struct output *o);
	const char *pending_noun; /* "informs" */
	bool is_forwarder; /* routed by the rule's `forward to`, not `emit` */
	int64_t drain_ms;  /* a retired output gets this long to drain */
	/*
	 * Counts what is still pending as lost (logged), then clears its
	 * counters (counter_set_clear(), keeping their totals) and frees it.
	 */
	void (*close)(struct output *o);
};

/* The kinds, one table row each in output_set.c. */
extern const struct output_kind trap_target_kind;
extern const struct output_kind log_stdout_kind;
extern const struct output_kind log_file_kind;
extern const struct output_kind log_syslog_kind;
extern const struct output_kind forward_kind;

/* Fills in the common part for a kind's open(); label names this one. */
static inline void
output_init(struct output *o, const struct output_kind *kind, const char *name,
    bool is_routed, const char *label)
{
	o->kind = kind;
	(void)snprintf(o->name, sizeof(o->name), "%s",
	    name != NULL ? name : "");
	o->is_routed = is_routed;
	counter_set_init(&o->counters, kind->counters, kind->ncounters,
	    kind->group, "%s", label);
}

#endif
