/* SPDX-License-Identifier: ISC */
/*
 * The configured outputs: SNMP targets, then alert logs, in the order of
 * the configuration.  Each alert goes to the targets its rule names (all,
 * when it names none) and to every alert log.  A reload keeps outputs
 * whose configuration is unchanged (an inform in flight survives it),
 * opens the new ones, and retires the rest: a retired output with
 * notifications pending keeps draining, bounded, before it is closed.
 */
#ifndef DAEMON_OUTPUT_OUTPUT_SET_H
#define DAEMON_OUTPUT_OUTPUT_SET_H

#include <stddef.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "engine/alert.h"
#include "output/output.h"

struct output_set;

/* env is copied, reg borrowed; every kind's counters are declared. */
struct output_set *output_set_new(const struct output_env *env,
    struct counter_registry *reg);
/*
 * Brings the outputs in line with conf.  Returns 0, or -1 (logged) with
 * nothing changed when a new output cannot be opened.
 */
int output_set_sync(struct output_set *set, const struct conf *conf,
    const struct clock_stamp *now);
/* One alert to every output it is for (borrowed). */
void output_set_deliver(struct output_set *set, const struct alert *a,
    const struct clock_stamp *now);
/* SIGHUP: every output reopens what logrotate may have moved. */
void output_set_reopen(struct output_set *set);
/* Notifications sent and not yet acknowledged, retired outputs included. */
size_t output_set_pending(const struct output_set *set);
/*
 * Calls fn for every active output that queues notifications (targets,
 * forwarders), in configuration order, with its counters' group and
 * label and how many it holds (output_set_pending() of that one).
 */
typedef void output_set_queue_fn(const char *group, const char *label,
    size_t queued, void *arg);
void output_set_foreach_queue(const struct output_set *set,
    output_set_queue_fn *fn, void *arg);
/* Frees everything; what is still pending is counted lost and logged. */
void output_set_free(struct output_set *set);

#endif
