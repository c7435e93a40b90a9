/* SPDX-License-Identifier: ISC */
/*
 * Alerts as EVCORR-MIB notifications (SNMPv2c trap or inform) to the
 * configured targets, through net-snmp sessions driven by the libevent
 * loop.  Never blocks.
 */
#ifndef DAEMON_EMIT_TRAP_H
#define DAEMON_EMIT_TRAP_H

#include <stddef.h>

#include <event2/event.h>

#include "conf.h"
#include "correlator.h"

struct emit_trap;

/* Opens one session per target in conf; NULL on failure (logged). */
struct emit_trap *emit_trap_new(struct event_base *base,
    const struct conf *conf);
/*
 * SIGHUP: a target whose name, kind, address, port and community are
 * unchanged keeps its session and its pending informs; new or changed
 * targets get a new session; removed or changed ones stop taking alerts
 * and are freed once their pending informs are acknowledged or timed out
 * (at most the retry schedule plus a margin).  Returns 0, or -1 (logged)
 * with nothing changed when a new session cannot be opened.  conf is
 * borrowed: what is kept is copied.
 */
int emit_trap_reconf(struct emit_trap *t, const struct conf *conf);
/* Sends to alert->rule's targets (all targets when the rule names none). */
void emit_trap_send(struct emit_trap *t, const struct alert *alert);
/* Informs sent and not yet acknowledged or given up, draining included. */
size_t emit_trap_pending(const struct emit_trap *t);
/* Frees; what is still pending is counted as send errors and logged. */
void emit_trap_free(struct emit_trap *t);

#endif
