/* SPDX-License-Identifier: ISC */
/*
 * Alerts as EVCORR-MIB notifications (SNMPv2c trap or inform) to the
 * configured targets, through net-snmp sessions driven by the libevent
 * loop.  Never blocks.
 */
#ifndef DAEMON_EMIT_TRAP_H
#define DAEMON_EMIT_TRAP_H

#include <event2/event.h>

#include "conf.h"
#include "correlator.h"

struct emit_trap;

/* Opens one session per target in conf; NULL on failure (logged). */
struct emit_trap *emit_trap_new(struct event_base *base,
    const struct conf *conf);
/* Sends to alert->rule's targets (all targets when the rule names none). */
void emit_trap_send(struct emit_trap *t, const struct alert *alert);
void emit_trap_free(struct emit_trap *t);

#endif
