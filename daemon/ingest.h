/* SPDX-License-Identifier: ISC */
/*
 * Where listeners hand decoded events: host key, correlation, the expiry
 * timer, and alerts on to emit.  Owns the correlator.
 */
#ifndef DAEMON_INGEST_H
#define DAEMON_INGEST_H

#include <event2/event.h>

#include "conf.h"
#include "emit.h"
#include "winevent.h"

struct ingest;

/* conf and emit are borrowed. */
struct ingest *ingest_new(struct event_base *base, const struct conf *conf,
    struct emit *emit);
void ingest_reconf(struct ingest *in, const struct conf *conf);
/* ev is borrowed; now_ms is the monotonic clock read by the caller. */
void ingest_event(struct ingest *in, const struct winevent *ev, int64_t now_ms);
void ingest_free(struct ingest *in);

#endif
