/* SPDX-License-Identifier: ISC */
/*
 * Counters: one per thing received, dropped, or gone wrong; nothing
 * accepted is lost without a counter saying so.  Each input, output and
 * the engine owns a struct counter_set of its own (indexed by its own
 * enum, plain increments: one thread owns a set), labelled with what it
 * is ("syslog/udp 127.0.0.1:514", "target nms").  A registry, made by
 * main and passed down, knows every set: it enumerates them for the log
 * line of SIGUSR1 and shutdown (totals by name) and for the metrics and
 * AgentX views to come (per set, with labels).  A set leaving the
 * registry (a listener closed by a reload) leaves its counts in the
 * totals, so totals never go down.
 */
#ifndef DAEMON_CORE_COUNTER_H
#define DAEMON_CORE_COUNTER_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#define COUNTER_LABEL_MAX 128

/* One counter of a schema: its name (operators' vocabulary) and help. */
struct counter_def {
	const char *name; /* "syslog_udp_datagrams": static storage */
	const char *help; /* one line, for metrics and the manual */
};

struct counter_registry;

struct counter_set {
	const struct counter_def *defs; /* static storage */
	size_t n;
	uint64_t *v;                   /* n values, indexed like defs */
	const char *group;             /* "listener", "target", "engine"... */
	char label[COUNTER_LABEL_MAX]; /* which one of the group */
	struct counter_registry *reg;  /* NULL while not registered */
	TAILQ_ENTRY(counter_set) entry;
};

/*
 * Readies s with n zeroed counters of schema defs (borrowed, static),
 * group (static) and a printf-formatted label.  Dies on OOM.
 */
void counter_set_init(struct counter_set *s, const struct counter_def *defs,
    size_t n, const char *group, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Leaves the registry (its counts stay in the totals) and frees v. */
void counter_set_clear(struct counter_set *s);

static inline void
counter_inc(struct counter_set *s, size_t i)
{
	s->v[i]++;
}

static inline void
counter_add(struct counter_set *s, size_t i, uint64_t n)
{
	s->v[i] += n;
}

static inline uint64_t
counter_get(const struct counter_set *s, size_t i)
{
	return s->v[i];
}

struct counter_registry *counter_registry_new(void);
/* Frees the registry; sets still registered are left unregistered. */
void counter_registry_free(struct counter_registry *reg);

/*
 * Declares the names of a schema (borrowed, static), so that the totals
 * list them in this order, and at 0, before any set of it exists.
 */
void counter_registry_declare(struct counter_registry *reg,
    const struct counter_def *defs, size_t n);
/* Registers s (declaring its schema); s must not be registered yet. */
void counter_registry_add(struct counter_registry *reg, struct counter_set *s);

/* The total of every set, present and past, with a counter named name. */
uint64_t counter_registry_total(const struct counter_registry *reg,
    const char *name);

/* Calls fn for every counter of every registered set, in order. */
typedef void counter_visit_fn(const struct counter_set *s, size_t i, void *arg);
void counter_registry_foreach(const struct counter_registry *reg,
    counter_visit_fn *fn, void *arg);

/*
 * Calls fn for every declared name, in declaration order (a name keeps
 * its position for the registry's life), with its 0-based position and
 * its total.
 */
typedef void counter_total_fn(size_t pos, const char *name, uint64_t total,
    void *arg);
void counter_registry_foreach_total(const struct counter_registry *reg,
    counter_total_fn *fn, void *arg);

/*
 * "name=total name=total ..." for every declared name, into buf (always
 * NUL-terminated; cut between two counters when it does not fit).
 * Returns the length written.
 */
size_t counter_registry_format(const struct counter_registry *reg, char *buf,
    size_t len);

#endif
