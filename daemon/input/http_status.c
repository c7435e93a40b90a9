/* SPDX-License-Identifier: ISC */
/*
 * The HTTP status endpoint: evhttp on our listener, one table row per
 * path.  evhttp 2.1 has no cap on connections (2.2 has
 * evhttp_set_max_connections): we count the bufferevents we give it, each
 * holding a reference of ours until evhttp freed it.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <jansson.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/net.h"
#include "core/sdlisten.h"
#include "core/xmalloc.h"
#include "engine/hostkey.h"
#include "engine/pipeline.h"
#include "input/http_status.h"
#include "output/metrics_format.h"
#include "output/test_alert.h"

#define HTTP_HEADERS_MAX 8192
#define HTTP_BODY_MAX 1024
#define HTTP_TIMEOUT_S 10
#define HTTP_BACKLOG 16
#define HTTP_REASON_MAX 256
#define HTTP_REAP_MS 1000
#define HTTP_TEST_WAIT_MS 9000 /* an inform gives up after 8 s */
#define HTTP_TEST_MIN_MS 500   /* time for a refusal (ICMP) to come back */
#define HTTP_TEST_TICK_MS 100

enum http_counter {
	HC_REQUESTS,
	HC_NOT_FOUND,
	HC_BAD_METHOD,
	HC_PAUSED,
	HC_COUNT,
};

static const struct counter_def http_counters[HC_COUNT] = {
	[HC_REQUESTS] = { "http_requests", "HTTP requests answered" },
	[HC_NOT_FOUND] = { "http_not_found",
	    "HTTP requests for an unknown path (404)" },
	[HC_BAD_METHOD] = { "http_bad_method",
	    "HTTP requests with a method other than GET (405)" },
	[HC_PAUSED] = { "http_paused",
	    "times HTTP accepting paused: HTTP_CONNECTIONS_MAX open" },
};

/* A connection's bufferevent, with our reference on it. */
struct http_conn {
	struct bufferevent *bev;
	TAILQ_ENTRY(http_conn) entry;
};

struct http_status {
	struct http_status_env env;
	struct conf_http conf;
	struct evhttp *http;
	struct evconnlistener *lis;
	struct counter_set counters;
	TAILQ_HEAD(, http_conn) conns;
	size_t nconns;
	bool is_paused;
	struct event *reap; /* every HTTP_REAP_MS: connections evhttp freed */
	struct log_rate paused_rate;
	/* POST /test-alert in progress: its request, answered when done */
	struct evhttp_request *test_req;
	struct test_alert_snap *test_before;
	struct event *test_poll;
	int64_t test_start_ms, test_until_ms;
	char test_id[ALERT_ID_MAX];
};

struct http_route {
	const char *path;
	enum evhttp_cmd_type method; /* the one it answers */
	const char *allow;           /* its Allow header */
	void (*serve)(struct http_status *hs, struct evhttp_request *req);
};

static void
http_status_reply(struct evhttp_request *req, int code, const char *reason,
    const char *type, struct evbuffer *body)
{
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", type);
	evhttp_send_reply(req, code, reason, body);
}

/* A JSON body (taken over and freed); NULL (OOM) is a 500. */
static void
http_status_reply_json(struct evhttp_request *req, int code, const char *reason,
    json_t *j)
{
	struct evbuffer *body;
	char *text;

	if (j == NULL || (text = json_dumps(j, JSON_COMPACT)) == NULL) {
		json_decref(j);
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	json_decref(j);
	if ((body = evbuffer_new()) != NULL) {
		evbuffer_add_printf(body, "%s\n", text);
		http_status_reply(req, code, reason, "application/json", body);
		evbuffer_free(body);
	} else {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
	}
	free(text);
}

static void
http_status_metrics(struct http_status *hs, struct evhttp_request *req)
{
	struct metrics_gauge g[HTTP_GAUGES_MAX];
	struct evbuffer *body;
	size_t n;

	n = hs->env.hooks.gauges(g, HTTP_GAUGES_MAX - 1, hs->env.hooks.arg);
	g[n].name = "http_connections";
	g[n].help = "HTTP connections open";
	g[n++].value = (double)hs->nconns;
	if ((body = evbuffer_new()) == NULL ||
	    metrics_format(hs->env.reg, g, n, body) == -1) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
	} else {
		http_status_reply(req, HTTP_OK, "OK",
		    "text/plain; version=0.0.4; charset=utf-8", body);
	}
	if (body != NULL)
		evbuffer_free(body);
}

static void
http_status_healthz(struct http_status *hs, struct evhttp_request *req)
{
	char reason[HTTP_REASON_MAX] = "";

	if (hs->env.hooks.is_healthy(reason, sizeof(reason), hs->env.hooks.arg))
		http_status_reply_json(req, HTTP_OK, "OK",
		    json_pack("{s:s}", "status", "ok"));
	else
		http_status_reply_json(req, 503, "Service Unavailable",
		    json_pack("{s:s, s:s}", "status", "unavailable", "reason",
			reason));
}

struct http_windows {
	json_t *list;
	int64_t now_ms;
	size_t count;
};

/* One state as JSON: times relative to now, in milliseconds. */
static bool
http_status_window_cb(const struct correlator_view *v, void *arg)
{
	struct http_windows *w = arg;
	char host[HOSTKEY_MAX * 4], rule[CONF_RULE_NAME_MAX * 4];
	json_t *o;

	if (w->count++ >= HTTP_WINDOWS_MAX)
		return true; /* counted, not shown */
	escape_text(v->host, strlen(v->host), host, sizeof(host));
	escape_text(v->rule, strlen(v->rule), rule, sizeof(rule));
	o = json_pack("{s:s, s:s, s:b, s:b, s:I}", "rule", rule, "host", host,
	    "open", v->is_open, "held_down", v->is_holding, "suppressed",
	    (json_int_t)v->suppressed);
	if (o == NULL)
		return false;
	if (v->is_open) {
		json_object_set_new(o, "opened_ms_ago",
		    json_integer(w->now_ms - v->opened_ms));
		json_object_set_new(o, "closes_in_ms",
		    json_integer(v->closes_ms - w->now_ms));
	}
	if (v->is_holding)
		json_object_set_new(o, "held_down_for_ms",
		    json_integer(v->held_until_ms - w->now_ms));
	json_array_append_new(w->list, o);
	return true;
}

static void
http_status_windows(struct http_status *hs, struct evhttp_request *req)
{
	struct http_windows w;
	struct clock_stamp now;

	clock_read(&now);
	w.now_ms = now.mono_ms;
	w.count = 0;
	if ((w.list = json_array()) == NULL) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	pipeline_foreach_window(hs->env.pipe, http_status_window_cb, &w);
	http_status_reply_json(req, HTTP_OK, "OK",
	    json_pack("{s:I, s:I, s:b, s:o}", "count", (json_int_t)w.count,
		"shown", (json_int_t)json_array_size(w.list), "truncated",
		w.count > HTTP_WINDOWS_MAX, "windows", w.list));
}

/* The verdicts as JSON: 200 when every destination took it, else 502. */
static void
http_status_test_reply(struct http_status *hs)
{
	static const char *const words[] = { "delivered", "failed",
		"not acknowledged" };
	struct test_alert_result res[TEST_ALERT_DEST_MAX];
	struct test_alert_snap *after = test_alert_snap_take(hs->env.reg);
	size_t n =
	    test_alert_judge(hs->test_before, after, res, TEST_ALERT_DEST_MAX);
	bool ok = n > 0;
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		ok = ok && res[i].verdict == TEST_ALERT_DELIVERED;
		json_array_append_new(list,
		    json_pack("{s:s, s:s, s:s}", "destination", res[i].what,
			"result", words[res[i].verdict], "why", res[i].why));
	}
	http_status_reply_json(hs->test_req, ok ? HTTP_OK : 502,
	    ok ? "OK" : "Bad Gateway",
	    json_pack("{s:s, s:b, s:o}", "id", hs->test_id, "ok", ok,
		"destinations", list));
	hs->test_req = NULL; /* evhttp frees it (also if the client left) */
	test_alert_snap_free(hs->test_before);
	test_alert_snap_free(after);
	hs->test_before = NULL;
}

static void
http_status_test_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_status *hs = arg;
	struct timeval tick = clock_timeval(HTTP_TEST_TICK_MS);
	struct clock_stamp now;

	clock_read(&now);
	if ((hs->env.hooks.pending(hs->env.hooks.arg) == 0 &&
		now.mono_ms - hs->test_start_ms >= HTTP_TEST_MIN_MS) ||
	    now.mono_ms >= hs->test_until_ms) {
		http_status_test_reply(hs);
		return;
	}
	evtimer_add(hs->test_poll, &tick);
}

/*
 * POST /test-alert: main sends a test alert through every output (no
 * correlation state touched); the reply waits, bounded, for the informs.
 * One at a time.
 */
static void
http_status_test_alert(struct http_status *hs, struct evhttp_request *req)
{
	struct clock_stamp now;

	if (hs->test_req != NULL) {
		http_status_reply_json(req, 409, "Conflict",
		    json_pack("{s:s}", "error", "a test alert is in progress"));
		return;
	}
	clock_read(&now);
	hs->test_req = req;
	hs->test_start_ms = now.mono_ms;
	hs->test_until_ms = now.mono_ms + HTTP_TEST_WAIT_MS;
	hs->test_before = test_alert_snap_take(hs->env.reg);
	hs->env.hooks.test_alert(hs->test_id, hs->env.hooks.arg);
	log_info("http: test alert %s sent", hs->test_id);
	http_status_test_poll_cb(-1, 0, hs);
}

static const struct http_route http_routes[] = {
	{ "/healthz", EVHTTP_REQ_GET, "GET", http_status_healthz },
	{ "/metrics", EVHTTP_REQ_GET, "GET", http_status_metrics },
	{ "/test-alert", EVHTTP_REQ_POST, "POST", http_status_test_alert },
	{ "/windows", EVHTTP_REQ_GET, "GET", http_status_windows },
};

static void
http_status_request_cb(struct evhttp_request *req, void *arg)
{
	struct http_status *hs = arg;
	const char *path;
	struct evhttp_uri *uri;
	size_t i;

	counter_inc(&hs->counters, HC_REQUESTS);
	uri = evhttp_uri_parse(evhttp_request_get_uri(req));
	path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	for (i = 0;
	     path != NULL && i < sizeof(http_routes) / sizeof(http_routes[0]);
	     i++)
		if (strcmp(path, http_routes[i].path) == 0)
			break;
	if (path == NULL || i == sizeof(http_routes) / sizeof(http_routes[0])) {
		counter_inc(&hs->counters, HC_NOT_FOUND);
		evhttp_send_error(req, HTTP_NOTFOUND, NULL);
	} else if (evhttp_request_get_command(req) != http_routes[i].method) {
		counter_inc(&hs->counters, HC_BAD_METHOD);
		/* not evhttp_send_error(): it drops the Allow header */
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Allow", http_routes[i].allow);
		http_status_reply_json(req, HTTP_BADMETHOD,
		    "Method Not Allowed",
		    json_pack("{s:s}", "error", http_routes[i].allow));
	} else {
		http_routes[i].serve(hs, req);
	}
	evhttp_uri_free(uri);
}

/*
 * Connections evhttp has freed: evhttp 2.1 cannot cap them nor say when
 * one goes, so each bufferevent carries our reference, and one whose
 * callbacks evhttp cleared (bufferevent_free()) is ours to release.
 */
static void
http_status_reap(struct http_status *hs, bool is_all)
{
	struct http_conn *c, *next;
	bufferevent_data_cb rcb, wcb;
	bufferevent_event_cb ecb;
	void *arg;

	for (c = TAILQ_FIRST(&hs->conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		bufferevent_getcb(c->bev, &rcb, &wcb, &ecb, &arg);
		if (!is_all && (rcb != NULL || wcb != NULL || ecb != NULL))
			continue;
		TAILQ_REMOVE(&hs->conns, c, entry);
		bufferevent_decref(c->bev); /* frees it, closes the socket */
		free(c);
		hs->nconns--;
	}
	if (hs->is_paused && hs->nconns < HTTP_CONNECTIONS_MAX &&
	    hs->lis != NULL) {
		hs->is_paused = false;
		evconnlistener_enable(hs->lis);
		log_debug("http %s port %u: accepting connections again",
		    hs->conf.addr, hs->conf.port);
	}
}

static void
http_status_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	http_status_reap(arg, false);
}

/*
 * evhttp accepted a connection and asks for its bufferevent (it sets the
 * socket on it next).  At the cap, accepting pauses until one is gone:
 * the rest wait in the listen backlog.
 */
static struct bufferevent *
http_status_bev_cb(struct event_base *base, void *arg)
{
	struct http_status *hs = arg;
	struct clock_stamp now;
	struct http_conn *c;

	http_status_reap(hs, false);
	c = xcalloc(1, sizeof(*c));
	if ((c->bev = bufferevent_socket_new(base, -1,
		 BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		free(c);
		return NULL; /* evhttp makes its own, uncounted */
	}
	bufferevent_incref(c->bev);
	TAILQ_INSERT_TAIL(&hs->conns, c, entry);
	if (++hs->nconns >= HTTP_CONNECTIONS_MAX && !hs->is_paused) {
		hs->is_paused = true;
		evconnlistener_disable(hs->lis);
		counter_inc(&hs->counters, HC_PAUSED);
		clock_read(&now);
		if (log_rate_allow(&hs->paused_rate, now.mono_ms))
			log_warnx("http %s port %u: %d connections open: not "
				  "accepting more for now",
			    hs->conf.addr, hs->conf.port, HTTP_CONNECTIONS_MAX);
	}
	return c->bev;
}

void
http_status_declare(struct counter_registry *reg)
{
	counter_registry_declare(reg, http_counters, HC_COUNT);
}

static struct evconnlistener *
http_status_listen(struct http_status *hs)
{
	const char *sdname;
	char err[256];
	int fd;

	if ((fd = sdlisten_bind(hs->env.inherited, hs->conf.addr, hs->conf.port,
		 SOCK_STREAM, HTTP_BACKLOG, &sdname, err, sizeof(err))) == -1) {
		log_warnx("%s:%d: cannot listen on http %s port %u: %s",
		    hs->conf.file, hs->conf.line, hs->conf.addr, hs->conf.port,
		    err);
		return NULL;
	}
	evutil_make_socket_nonblocking(fd);
	return evconnlistener_new(hs->env.base, NULL, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
}

struct http_status *
http_status_open(const struct http_status_env *env, const struct conf_http *ch)
{
	struct http_status *hs;
	struct timeval tv;

	hs = xcalloc(1, sizeof(*hs));
	hs->env = *env;
	hs->conf = *ch;
	if ((hs->http = evhttp_new(env->base)) == NULL)
		fatalx("evhttp_new failed");
	evhttp_set_max_headers_size(hs->http, HTTP_HEADERS_MAX);
	evhttp_set_max_body_size(hs->http, HTTP_BODY_MAX);
	evhttp_set_timeout(hs->http, HTTP_TIMEOUT_S);
	evhttp_set_allowed_methods(hs->http,
	    EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
		EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
		EVHTTP_REQ_PATCH);
	evhttp_set_gencb(hs->http, http_status_request_cb, hs);
	evhttp_set_bevcb(hs->http, http_status_bev_cb, hs);
	TAILQ_INIT(&hs->conns);
	hs->paused_rate.what = "http paused";
	if ((hs->lis = http_status_listen(hs)) == NULL) {
		evhttp_free(hs->http);
		free(hs);
		return NULL;
	}
	if (evhttp_bind_listener(hs->http, hs->lis) == NULL)
		fatalx("evhttp_bind_listener failed");
	if ((hs->test_poll = evtimer_new(env->base, http_status_test_poll_cb,
		 hs)) == NULL)
		fatalx("evtimer_new failed");
	tv = clock_timeval(HTTP_REAP_MS);
	if ((hs->reap = event_new(env->base, -1, EV_PERSIST,
		 http_status_reap_cb, hs)) == NULL ||
	    evtimer_add(hs->reap, &tv) == -1)
		fatalx("cannot arm the http timer");
	counter_set_init(&hs->counters, http_counters, HC_COUNT, "http",
	    strchr(ch->addr, ':') != NULL ? "http [%s]:%u" : "http %s:%u",
	    ch->addr, (unsigned int)ch->port);
	counter_registry_add(env->reg, &hs->counters);
	log_info("http: listening on %s port %u", ch->addr, ch->port);
	return hs;
}

bool
http_status_is_same(const struct http_status *hs, const struct conf_http *ch)
{
	return ch->is_on && hs->conf.port == ch->port &&
	    strcmp(hs->conf.addr, ch->addr) == 0;
}

void
http_status_close(struct http_status *hs)
{
	if (hs == NULL)
		return;
	event_free(hs->reap);
	event_free(hs->test_poll);
	if (hs->test_req != NULL) /* answered now: evhttp_free() frees it */
		http_status_test_reply(hs);
	hs->lis = NULL;        /* evhttp_free() frees it */
	evhttp_free(hs->http); /* and the connections: then ours go */
	http_status_reap(hs, true);
	counter_set_clear(&hs->counters);
	free(hs);
}
