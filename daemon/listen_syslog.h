/* SPDX-License-Identifier: ISC */
/*
 * Syslog over UDP and TCP (RFC 6587: octet counting or LF framing, chosen
 * per frame): sockets, framing, size limits, back-pressure.
 */
#ifndef DAEMON_LISTEN_SYSLOG_H
#define DAEMON_LISTEN_SYSLOG_H

#include <event2/event.h>

#include "conf.h"
#include "ingest.h"

struct listen_syslog;

/* Binds cl (copied); conf is borrowed until listen_syslog_reconf(). */
struct listen_syslog *listen_syslog_open(struct event_base *base,
    const struct conf *conf, const struct conf_listen *cl, struct ingest *in);
void listen_syslog_reconf(struct listen_syslog *l, const struct conf *conf);
void listen_syslog_close(struct listen_syslog *l);

#endif
