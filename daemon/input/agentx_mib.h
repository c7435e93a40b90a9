/* SPDX-License-Identifier: ISC */
/*
 * EVCORR-MIB's read-only objects for the AgentX subagent (input/agentx):
 * a snapshot of evcorrObjects 2 to 5 (every counter as Counter64, the
 * gauges, each output's queue, the open windows, the last alerts) built
 * into an agentx_view.  No I/O, no clock, no logging.
 */
#ifndef DAEMON_INPUT_AGENTX_MIB_H
#define DAEMON_INPUT_AGENTX_MIB_H

#include <stddef.h>
#include <stdint.h>

#include "core/counter.h"
#include "engine/alert.h"
#include "engine/pipeline.h"
#include "input/agentx_view.h"

#define AGENTX_WINDOWS_MAX 1000 /* rows of evcorrWindowTable */
#define AGENTX_HISTORY_MAX 100  /* rows of evcorrHistoryTable */
#define AGENTX_MIB_ROOT_LEN 11

/* evcorrObjects: the subtree the subagent registers. */
extern const oid agentx_mib_root[AGENTX_MIB_ROOT_LEN];

/* Where a snapshot's values come from (borrowed for the call). */
struct agentx_mib_src {
	const struct pipeline *pipe;
	const struct counter_registry *reg;
	/* notifications queued or unacknowledged, all outputs */
	size_t (*pending)(void *arg);
	/* calls fn for each output's queue, in configuration order */
	void (*foreach_queue)(void (*fn)(const char *group, const char *label,
				  size_t queued, void *fn_arg),
	    void *fn_arg, void *arg);
	void *arg;
};

struct agentx_mib;

struct agentx_mib *agentx_mib_new(void);    /* dies on OOM */
void agentx_mib_free(struct agentx_mib *m); /* NULL is a no-op */
/*
 * Keeps what evcorrHistoryTable shows of a (borrowed), the last
 * AGENTX_HISTORY_MAX, numbered from 1 in the order noted.
 */
void agentx_mib_note_alert(struct agentx_mib *m, const struct alert *a);
/* The snapshot at now_ms (monotonic) into v, emptied first and sorted. */
void agentx_mib_build(struct agentx_mib *m, struct agentx_view *v,
    const struct agentx_mib_src *src, int64_t now_ms);

#endif
