/* SPDX-License-Identifier: ISC */
/*
 * One notification target of emit_trap.c: its net-snmp session on a
 * non-blocking, close-on-exec UDP socket connected to the target, driven
 * from the libevent loop, and the count of its unacknowledged informs.
 * The targets of one emitter share a pool, which holds the targets a
 * reload removed or changed until their informs drain.
 */
#ifndef DAEMON_EMIT_TRAP_TARGET_H
#define DAEMON_EMIT_TRAP_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "conf.h"
#include "log.h"

struct emit_trap_target;
struct emit_trap_target_pool;
struct snmp_pdu; /* net-snmp's netsnmp_pdu */

/*
 * A pool on base; rate (borrowed, outlives the pool) limits the warnings
 * of its targets.  NULL on failure (logged).
 */
struct emit_trap_target_pool *emit_trap_target_pool_new(struct event_base *base,
    struct log_rate *rate);
/* Frees the pool and the retired targets still draining (see _free()). */
void emit_trap_target_pool_free(struct emit_trap_target_pool *pool);
/* Informs still pending on the pool's retired targets. */
size_t emit_trap_target_pool_pending(const struct emit_trap_target_pool *pool);

/* Opens a session to ct (copied) in pool; NULL on failure (logged). */
struct emit_trap_target *
emit_trap_target_new(struct emit_trap_target_pool *pool,
    const struct conf_target *ct);
/*
 * Closes the session now; informs still pending are counted as send
 * errors and logged.  NULL is a no-op.
 */
void emit_trap_target_free(struct emit_trap_target *tg);
/*
 * A reload removed or changed tg: takes ownership of it, freed now if
 * nothing is pending, else once its informs are acknowledged or time out
 * (at most the retry schedule plus a margin after now_ms).
 */
void emit_trap_target_retire(struct emit_trap_target *tg, int64_t now_ms);

/* True when tg was opened from a target identical to ct. */
bool emit_trap_target_is_same(const struct emit_trap_target *tg,
    const struct conf_target *ct);
const char *emit_trap_target_name(const struct emit_trap_target *tg);
bool emit_trap_target_is_inform(const struct emit_trap_target *tg);
/* Informs sent to tg and not yet acknowledged or given up. */
size_t emit_trap_target_pending(const struct emit_trap_target *tg);

/*
 * 0 if tg takes one more notification for rule rule_name; -1 (counted
 * as a send error, logged) when too many informs are unacknowledged.
 */
int emit_trap_target_admit(struct emit_trap_target *tg, const char *rule_name);
/*
 * Sends pdu (a trap, or an inform when tg is one), taking ownership of
 * it.  A trap is counted as sent or as a send error now; an inform when
 * its RESPONSE arrives or it is given up.
 */
void emit_trap_target_send(struct emit_trap_target *tg, struct snmp_pdu *pdu,
    const char *rule_name);

#endif
