/* SPDX-License-Identifier: ISC */
/*
 * The HTTP status endpoint (`http on ADDR port N`, libevent's evhttp):
 * GET /metrics (every counter and gauge, Prometheus text format), GET
 * /healthz (200 or 503, with a JSON body saying why) and GET /windows
 * (the open (rule, host) states as JSON, at most HTTP_WINDOWS_MAX), and
 * POST /test-alert (evcorrd -T's test alert through the running outputs,
 * answered with a verdict per destination once informs are acknowledged
 * or 9 s passed).  Any other path is 404, another method 405.  Requests are
 * bounded (headers 8 KiB, body 1 KiB, 10 s to complete) and so are connections
 * (at HTTP_CONNECTIONS_MAX accepting pauses, counted and logged, until one is
 * gone; the rest wait in the backlog).  Nothing it does blocks the loop.
 */
#ifndef DAEMON_INPUT_HTTP_STATUS_H
#define DAEMON_INPUT_HTTP_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include <event2/event.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "core/sdlisten.h"
#include "engine/alert.h"
#include "engine/pipeline.h"
#include "output/metrics_format.h"

#define HTTP_CONNECTIONS_MAX 16
#define HTTP_WINDOWS_MAX 1000
#define HTTP_GAUGES_MAX 16

/* What main answers for: health and gauges, at request time. */
struct http_status_hooks {
	/* true when healthy; otherwise why, into reason */
	bool (*is_healthy)(char *reason, size_t len, void *arg);
	/* fills at most max gauges, returns how many */
	size_t (*gauges)(struct metrics_gauge *g, size_t max, void *arg);
	/* POST /test-alert: sends one test alert to every output, its id */
	void (*test_alert)(char id[ALERT_ID_MAX], void *arg);
	/* notifications still unacknowledged (output_set_pending()) */
	size_t (*pending)(void *arg);
	void *arg;
};

struct http_status_env {
	struct event_base *base;
	const struct pipeline *pipe;  /* /windows */
	struct counter_registry *reg; /* /metrics; its counters join it */
	struct http_status_hooks hooks;
	struct sdlisten *inherited; /* sockets systemd passed; NULL: none */
};

struct http_status;

/* Declares the endpoint's counters in reg (the stats line lists them). */
void http_status_declare(struct counter_registry *reg);
/*
 * Listens on ch (copied; ch->is_on); env is copied.  NULL on failure,
 * logged with ch's line.
 */
struct http_status *http_status_open(const struct http_status_env *env,
    const struct conf_http *ch);
/* Whether hs listens where ch says (a reload keeps it). */
bool http_status_is_same(const struct http_status *hs,
    const struct conf_http *ch);
/* Closes the listener and every connection; NULL is a no-op. */
void http_status_close(struct http_status *hs);

#endif
