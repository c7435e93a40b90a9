/* SPDX-License-Identifier: ISC */
/*
 * The set of outputs and the table of output kinds: opening, routing,
 * reload reconciliation, and retired outputs draining.
 */
#include "config.h"

#include <sys/queue.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "core/log.h"
#include "core/xmalloc.h"
#include "engine/alert.h"
#include "output/output.h"
#include "output/output_set.h"

#define OUTPUT_SET_REAP_MS 200 /* retired outputs are looked at this often */

/* The alert-log kinds, one row a sink. */
static const struct output_kind *const output_set_log_kinds[] = {
	[CONF_SINK_STDOUT] = &log_stdout_kind,
	[CONF_SINK_FILE] = &log_file_kind,
	[CONF_SINK_SYSLOG] = &log_syslog_kind,
};

/* Every kind, for declaring their counters. */
static const struct output_kind *const output_set_kinds[] = {
	&trap_target_kind,
	&log_stdout_kind,
	&log_file_kind,
	&log_syslog_kind,
	&forward_kind,
};

enum output_set_counter {
	OC_UNROUTED,
	OC_COUNT,
};

static const struct counter_def output_set_counters[OC_COUNT] = {
	[OC_UNROUTED] = { "notification_send_errors",
	    "notifications not sent: the rule names no such target" },
};

TAILQ_HEAD(output_list, output);

struct output_set {
	struct output_env env;
	struct counter_registry *reg;
	struct output_list active;  /* in configuration order */
	struct output_list retired; /* draining after a reload */
	struct event *reap;
	struct counter_set counters;
	struct log_rate rate;
};

/* One configuration item and the kind of output it makes. */
struct output_set_item {
	const struct output_kind *kind;
	const void *item;
};

/*
 * conf's outputs in order: targets, alert logs, forwarders; *n gets how
 * many.
 */
static struct output_set_item *
output_set_items(const struct conf *conf, size_t *n)
{
	struct output_set_item *v;
	size_t k = 0;

	v = xcalloc(conf->ntargets + conf->nalert_logs + conf->nforwards + 1,
	    sizeof(*v));
	for (size_t i = 0; i < conf->ntargets; i++)
		v[k++] = (struct output_set_item){ &trap_target_kind,
			&conf->targets[i] };
	for (size_t i = 0; i < conf->nalert_logs; i++) {
		enum conf_sink sink = conf->alert_logs[i].sink;

		if ((size_t)sink >= sizeof(output_set_log_kinds) /
			sizeof(output_set_log_kinds[0]))
			continue; /* conf_parse knows no other */
		v[k++] = (struct output_set_item){ output_set_log_kinds[sink],
			&conf->alert_logs[i] };
	}
	for (size_t i = 0; i < conf->nforwards; i++)
		v[k++] = (struct output_set_item){ &forward_kind,
			&conf->forwards[i] };
	*n = k;
	return v;
}

static void
output_set_close(struct output *o)
{
	o->kind->close(o);
}

static size_t
output_set_pending_of(const struct output *o)
{
	return o->kind->pending != NULL ? o->kind->pending(o) : 0;
}

static void
output_set_arm_reap(struct output_set *set)
{
	struct timeval tv = clock_timeval(OUTPUT_SET_REAP_MS);

	if (TAILQ_EMPTY(&set->retired))
		evtimer_del(set->reap);
	else
		evtimer_add(set->reap, &tv);
}

/* Frees retired outputs that drained or ran out of time. */
static void
output_set_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct output_set *set = arg;
	struct output *o, *next;
	struct clock_stamp now;

	clock_read(&now);
	for (o = TAILQ_FIRST(&set->retired); o != NULL; o = next) {
		next = TAILQ_NEXT(o, entry);
		if (output_set_pending_of(o) > 0 &&
		    now.mono_ms < o->drain_by_ms)
			continue;
		TAILQ_REMOVE(&set->retired, o, entry);
		log_debug("%s %s: drained after the reload", o->counters.group,
		    o->counters.label);
		output_set_close(o);
	}
	output_set_arm_reap(set);
}

/* A reload removed or changed o: close it now, or once it drained. */
static void
output_set_retire(struct output_set *set, struct output *o, int64_t now_ms)
{
	size_t pending = output_set_pending_of(o);

	if (pending == 0) {
		output_set_close(o);
		return;
	}
	o->drain_by_ms = now_ms + o->kind->drain_ms;
	log_info("%s %s: removed or changed: %zu %s pending are retried for "
		 "up to %lld s",
	    o->counters.group, o->counters.label, pending,
	    o->kind->pending_noun != NULL ? o->kind->pending_noun
					  : "notifications",
	    (long long)(o->kind->drain_ms / 1000));
	TAILQ_INSERT_TAIL(&set->retired, o, entry);
	output_set_arm_reap(set);
}

struct output_set *
output_set_new(const struct output_env *env, struct counter_registry *reg)
{
	struct output_set *set = xcalloc(1, sizeof(*set));

	set->env = *env;
	set->reg = reg;
	TAILQ_INIT(&set->active);
	TAILQ_INIT(&set->retired);
	if ((set->reap = evtimer_new(env->base, output_set_reap_cb, set)) ==
	    NULL)
		fatalx("outputs: evtimer_new failed");
	for (size_t i = 0;
	     i < sizeof(output_set_kinds) / sizeof(output_set_kinds[0]); i++)
		counter_registry_declare(reg, output_set_kinds[i]->counters,
		    output_set_kinds[i]->ncounters);
	counter_set_init(&set->counters, output_set_counters, OC_COUNT,
	    "outputs", "routing");
	counter_registry_add(reg, &set->counters);
	set->rate.what = "outputs";
	return set;
}

/* An unclaimed active output opened from an item equal to it, or NULL. */
static struct output *
output_set_match(struct output_set *set, const struct output_set_item *it,
    struct output **claimed, size_t nclaimed)
{
	struct output *o;

	TAILQ_FOREACH(o, &set->active, entry)
	{
		bool is_claimed = false;

		for (size_t j = 0; j < nclaimed && !is_claimed; j++)
			is_claimed = claimed[j] == o;
		if (!is_claimed && o->kind == it->kind &&
		    o->kind->is_same(o, it->item))
			return o;
	}
	return NULL;
}

int
output_set_sync(struct output_set *set, const struct conf *conf,
    const struct clock_stamp *now)
{
	struct output_set_item *items;
	struct output **next, *o;
	bool *is_new;
	size_t n, i, kept = 0;

	items = output_set_items(conf, &n);
	next = xcalloc(n + 1, sizeof(*next));
	is_new = xcalloc(n + 1, sizeof(*is_new));
	for (i = 0; i < n; i++) {
		if ((next[i] = output_set_match(set, &items[i], next, i)) !=
		    NULL) {
			kept++;
			continue;
		}
		if ((next[i] = items[i].kind->open(&set->env, items[i].item)) ==
		    NULL)
			goto fail;
		is_new[i] = true;
	}
	/* Everything opened: retire what is not kept, commit the order. */
	while ((o = TAILQ_FIRST(&set->active)) != NULL) {
		bool is_kept = false;

		TAILQ_REMOVE(&set->active, o, entry);
		for (size_t j = 0; j < n && !is_kept; j++)
			is_kept = next[j] == o;
		if (!is_kept)
			output_set_retire(set, o, now->mono_ms);
	}
	for (i = 0; i < n; i++) {
		TAILQ_INSERT_TAIL(&set->active, next[i], entry);
		if (is_new[i])
			counter_registry_add(set->reg, &next[i]->counters);
	}
	if (n > 0)
		log_debug("outputs: %zu kept, %zu opened", kept, n - kept);
	free(items);
	free(next);
	free(is_new);
	return 0;
fail:
	/* nothing changed: close only what this call opened */
	while (i-- > 0)
		if (is_new[i])
			output_set_close(next[i]);
	free(items);
	free(next);
	free(is_new);
	return -1;
}

/* Whether a, for its rule's `emit to`, goes to the routed output o. */
static bool
output_set_routes_to(const struct alert *a, const struct output *o)
{
	if (a->ntargets == 0)
		return true;
	for (size_t i = 0; i < a->ntargets; i++)
		if (strcmp(a->targets[i], o->name) == 0)
			return true;
	return false;
}

/* Counts the targets a names that no output is (a broken invariant). */
static void
output_set_check_routes(struct output_set *set, const struct alert *a,
    const struct clock_stamp *now)
{
	const struct output *o;

	for (size_t i = 0; i < a->ntargets; i++) {
		bool is_found = false;

		TAILQ_FOREACH(o, &set->active, entry)
		if (o->is_routed && strcmp(o->name, a->targets[i]) == 0)
			is_found = true;
		if (is_found)
			continue;
		counter_inc(&set->counters, OC_UNROUTED);
		if (log_rate_allow(&set->rate, now->mono_ms))
			log_warnx("rule %s: no target named %s", a->rule,
			    a->targets[i]);
	}
}

/* Whether a goes to the forwarder o: its rule's `forward to`, or all. */
static bool
output_set_forwards_to(const struct alert *a, const struct output *o)
{
	if (a->nforwards == 0)
		return true;
	for (size_t i = 0; i < a->nforwards; i++)
		if (strcmp(a->forwards[i], o->name) == 0)
			return true;
	return false;
}

void
output_set_deliver(struct output_set *set, const struct alert *a,
    const struct clock_stamp *now)
{
	struct output *o;

	if (a->ntargets > 0)
		output_set_check_routes(set, a, now);
	TAILQ_FOREACH(o, &set->active, entry)
	if (o->kind->is_forwarder ? output_set_forwards_to(a, o)
				  : !o->is_routed || output_set_routes_to(a, o))
		o->kind->deliver(o, a, now);
}

void
output_set_reopen(struct output_set *set)
{
	struct output *o;

	TAILQ_FOREACH(o, &set->active, entry)
	if (o->kind->reopen != NULL)
		(void)o->kind->reopen(o);
}

size_t
output_set_pending(const struct output_set *set)
{
	const struct output *o;
	size_t n = 0;

	TAILQ_FOREACH(o, &set->active, entry)
	n += output_set_pending_of(o);
	TAILQ_FOREACH(o, &set->retired, entry)
	n += output_set_pending_of(o);
	return n;
}

void
output_set_foreach_queue(const struct output_set *set, output_set_queue_fn *fn,
    void *arg)
{
	const struct output *o;

	TAILQ_FOREACH(o, &set->active, entry)
	if (o->kind->pending != NULL)
		fn(o->counters.group, o->counters.label, o->kind->pending(o),
		    arg);
}

void
output_set_free(struct output_set *set)
{
	struct output *o;

	if (set == NULL)
		return;
	while ((o = TAILQ_FIRST(&set->active)) != NULL) {
		TAILQ_REMOVE(&set->active, o, entry);
		output_set_close(o);
	}
	while ((o = TAILQ_FIRST(&set->retired)) != NULL) {
		TAILQ_REMOVE(&set->retired, o, entry);
		output_set_close(o);
	}
	event_free(set->reap);
	counter_set_clear(&set->counters);
	free(set);
}
