/* SPDX-License-Identifier: ISC */
/*
 * Hands each alert to every configured sink: SNMP notification targets
 * (emit_trap) and alert logs (emit_log).
 */
#ifndef DAEMON_EMIT_H
#define DAEMON_EMIT_H

#include <event2/event.h>

#include "conf.h"
#include "correlator.h"

struct emit;

/* conf is borrowed until emit_reconf() or emit_free(). */
struct emit *emit_new(struct event_base *base, const struct conf *conf);
/* Returns 0, or -1 (old sinks kept) when a new sink cannot be opened. */
int emit_reconf(struct emit *e, const struct conf *conf);
void emit_alert(struct emit *e, const struct alert *alert);
/* SIGHUP: reopen alert log files (logrotate). */
void emit_reopen(struct emit *e);
/* Notifications sent and still waiting for an acknowledgement (informs). */
size_t emit_pending(const struct emit *e);
/* Frees; what is still pending is counted and logged as lost. */
void emit_free(struct emit *e);

#endif
