/* SPDX-License-Identifier: ISC */
/*
 * SNMP notifications (v1 trap, v2c trap, v2c inform) over UDP, received
 * through net-snmp driven by the libevent loop; communities checked here.
 */
#ifndef DAEMON_LISTEN_TRAP_H
#define DAEMON_LISTEN_TRAP_H

#include <event2/event.h>

#include "conf.h"
#include "ingest.h"

struct listen_trap;

/* Binds cl (copied, with its communities); NULL on failure (logged). */
struct listen_trap *listen_trap_open(struct event_base *base,
    const struct conf_listen *cl, struct ingest *in);
void listen_trap_reconf(struct listen_trap *l, const struct conf_listen *cl);
void listen_trap_close(struct listen_trap *l);

#endif
