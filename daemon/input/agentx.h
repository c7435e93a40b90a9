/* SPDX-License-Identifier: ISC */
/*
 * evcorrd as an AgentX subagent (`agentx socket`): EVCORR-MIB's read-only
 * objects (evcorrObjects 2 to 5: every counter as Counter64, gauges, the
 * queue of each target, the open windows, the last alerts) answered
 * through net-snmp's agent library, whose descriptors and alarms are
 * driven from the libevent loop.  The library must have been set up as
 * a subagent (snmp_setup_init_agentx()); it connects, and while the
 * master is away retries, by itself; this module only watches.
 * Values are read at most AGENTX_CACHE_MS before a request.
 */
#ifndef DAEMON_INPUT_AGENTX_H
#define DAEMON_INPUT_AGENTX_H

#include <stddef.h>

#include <event2/event.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "engine/alert.h"
#include "engine/pipeline.h"

#define AGENTX_CACHE_MS 1000

/* What main answers for, at request time. */
struct agentx_hooks {
	/* notifications queued or unacknowledged (output_set_pending()) */
	size_t (*pending)(void *arg);
	/* calls fn for each output's queue (output_set_foreach_queue()) */
	void (*foreach_queue)(void (*fn)(const char *group, const char *label,
				  size_t queued, void *fn_arg),
	    void *fn_arg, void *arg);
	void *arg;
};

struct agentx_env {
	struct event_base *base;
	const struct pipeline *pipe;  /* the windows */
	struct counter_registry *reg; /* the counters; its own join it */
	struct agentx_hooks hooks;
};

struct agentx;

/*
 * Before snmp_setup_init_agentx() (whose init_snmp() makes the first
 * attempt to connect): counts and logs the master's comings and goings
 * from then on; ca is copied.
 */
struct agentx *agentx_new(const struct conf_agentx *ca);
/*
 * Once the engine and the outputs are up: registers EVCORR-MIB's objects
 * with the agent library and drives it from env->base (env is copied);
 * its counters join env->reg.
 * Dies on failure (at start only).
 */
void agentx_start(struct agentx *ax, const struct agentx_env *env);
/* Keeps a's summary for evcorrHistoryTable (a is borrowed). */
void agentx_note_alert(struct agentx *ax, const struct alert *a);
/* Whether ax serves the master ca names (a reload cannot move it). */
bool agentx_is_same(const struct agentx *ax, const struct conf_agentx *ca);
/* Stops driving the library and frees ax (before snmp_setup_shutdown()). */
void agentx_close(struct agentx *ax);

#endif
