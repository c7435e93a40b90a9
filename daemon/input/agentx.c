/* SPDX-License-Identifier: ISC */
/*
 * The AgentX subagent: one net-snmp handler for evcorrObjects answers
 * GET and GETNEXT from a snapshot (input/agentx_view) of the counters,
 * gauges, queues, open windows and last alerts, rebuilt when older than
 * AGENTX_CACHE_MS.  The library's descriptors (the connection to the
 * master) get libevent read events and its timeouts and alarms (pings,
 * reconnects) one timer, re-armed from snmp_select_info2() after each
 * callback; the library never runs a select loop of its own here.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>
#include <net-snmp/library/large_fd_set.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/snmp_setup.h"
#include "core/xmalloc.h"
#include "input/agentx.h"
#include "input/agentx_view.h"
#include "output/trap_pdu.h"

/*
 * EVCORR-MIB (mibs/EVCORR-MIB.txt).  AGENTX_ROOT is evcorrMIB; each row
 * is an object's arcs below it.  tests/integration/mib.sh checks every
 * row against the MIB (one row per line, in this form: clang-format off).
 */
#define AGENTX_ROOT 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 2140
#define AGENTX_ROOT_LEN 10
#define AGENTX_ARCS_MAX 6
#define AGENTX_FDS_MAX 8

enum agentx_obj {
	AO_COUNTER_TABLE,
	AO_COUNTER_ENTRY,
	AO_COUNTER_INDEX,
	AO_COUNTER_NAME,
	AO_COUNTER_VALUE,
	AO_STATES_HELD,
	AO_WINDOWS_OPEN,
	AO_EVENTS_HELD,
	AO_NOTIFICATIONS_QUEUED,
	AO_QUEUE_TABLE,
	AO_QUEUE_ENTRY,
	AO_QUEUE_INDEX,
	AO_QUEUE_NAME,
	AO_QUEUE_LENGTH,
	AO_WINDOW_TABLE,
	AO_WINDOW_ENTRY,
	AO_WINDOW_INDEX,
	AO_WINDOW_RULE,
	AO_WINDOW_HOST,
	AO_WINDOW_OPENED,
	AO_WINDOW_EXPIRES_IN,
	AO_WINDOW_PATH,
	AO_WINDOW_EVENT_ID,
	AO_HISTORY_TABLE,
	AO_HISTORY_ENTRY,
	AO_HISTORY_INDEX,
	AO_HISTORY_ALERT_ID,
	AO_HISTORY_KIND,
	AO_HISTORY_RULE,
	AO_HISTORY_HOST,
	AO_HISTORY_TIME,
	AO_HISTORY_OPEN_EVENT_ID,
	AO_HISTORY_CLOSE_EVENT_ID,
	AO_HISTORY_CLEARED_ALERT_ID,
	AO_COUNT,
};

/* clang-format off */
static const struct agentx_mib {
	const char *name;
	oid arcs[AGENTX_ARCS_MAX];
	size_t narcs;
} agentx_mib[AO_COUNT] = {
	[AO_COUNTER_TABLE] = { "evcorrCounterTable", { 1, 2, 1 }, 3 },
	[AO_COUNTER_ENTRY] = { "evcorrCounterEntry", { 1, 2, 1, 1 }, 4 },
	[AO_COUNTER_INDEX] = { "evcorrCounterIndex", { 1, 2, 1, 1, 1 }, 5 },
	[AO_COUNTER_NAME] = { "evcorrCounterName", { 1, 2, 1, 1, 2 }, 5 },
	[AO_COUNTER_VALUE] = { "evcorrCounterValue", { 1, 2, 1, 1, 3 }, 5 },
	[AO_STATES_HELD] = { "evcorrStatesHeld", { 1, 3, 1 }, 3 },
	[AO_WINDOWS_OPEN] = { "evcorrWindowsOpen", { 1, 3, 2 }, 3 },
	[AO_EVENTS_HELD] = { "evcorrEventsHeld", { 1, 3, 3 }, 3 },
	[AO_NOTIFICATIONS_QUEUED] = { "evcorrNotificationsQueued", { 1, 3, 4 }, 3 },
	[AO_QUEUE_TABLE] = { "evcorrQueueTable", { 1, 3, 5 }, 3 },
	[AO_QUEUE_ENTRY] = { "evcorrQueueEntry", { 1, 3, 5, 1 }, 4 },
	[AO_QUEUE_INDEX] = { "evcorrQueueIndex", { 1, 3, 5, 1, 1 }, 5 },
	[AO_QUEUE_NAME] = { "evcorrQueueName", { 1, 3, 5, 1, 2 }, 5 },
	[AO_QUEUE_LENGTH] = { "evcorrQueueLength", { 1, 3, 5, 1, 3 }, 5 },
	[AO_WINDOW_TABLE] = { "evcorrWindowTable", { 1, 4, 1 }, 3 },
	[AO_WINDOW_ENTRY] = { "evcorrWindowEntry", { 1, 4, 1, 1 }, 4 },
	[AO_WINDOW_INDEX] = { "evcorrWindowIndex", { 1, 4, 1, 1, 1 }, 5 },
	[AO_WINDOW_RULE] = { "evcorrWindowRule", { 1, 4, 1, 1, 2 }, 5 },
	[AO_WINDOW_HOST] = { "evcorrWindowHost", { 1, 4, 1, 1, 3 }, 5 },
	[AO_WINDOW_OPENED] = { "evcorrWindowOpened", { 1, 4, 1, 1, 4 }, 5 },
	[AO_WINDOW_EXPIRES_IN] = { "evcorrWindowExpiresIn", { 1, 4, 1, 1, 5 }, 5 },
	[AO_WINDOW_PATH] = { "evcorrWindowPath", { 1, 4, 1, 1, 6 }, 5 },
	[AO_WINDOW_EVENT_ID] = { "evcorrWindowEventId", { 1, 4, 1, 1, 7 }, 5 },
	[AO_HISTORY_TABLE] = { "evcorrHistoryTable", { 1, 5, 1 }, 3 },
	[AO_HISTORY_ENTRY] = { "evcorrHistoryEntry", { 1, 5, 1, 1 }, 4 },
	[AO_HISTORY_INDEX] = { "evcorrHistoryIndex", { 1, 5, 1, 1, 1 }, 5 },
	[AO_HISTORY_ALERT_ID] = { "evcorrHistoryAlertId", { 1, 5, 1, 1, 2 }, 5 },
	[AO_HISTORY_KIND] = { "evcorrHistoryKind", { 1, 5, 1, 1, 3 }, 5 },
	[AO_HISTORY_RULE] = { "evcorrHistoryRule", { 1, 5, 1, 1, 4 }, 5 },
	[AO_HISTORY_HOST] = { "evcorrHistoryHost", { 1, 5, 1, 1, 5 }, 5 },
	[AO_HISTORY_TIME] = { "evcorrHistoryTime", { 1, 5, 1, 1, 6 }, 5 },
	[AO_HISTORY_OPEN_EVENT_ID] = { "evcorrHistoryOpenEventId", { 1, 5, 1, 1, 7 }, 5 },
	[AO_HISTORY_CLOSE_EVENT_ID] = { "evcorrHistoryCloseEventId", { 1, 5, 1, 1, 8 }, 5 },
	[AO_HISTORY_CLEARED_ALERT_ID] = { "evcorrHistoryClearedAlertId", { 1, 5, 1, 1, 9 }, 5 },
};
/* clang-format on */

enum agentx_counter {
	AXC_CONNECTS,
	AXC_DISCONNECTS,
	AXC_COUNT,
};

static const struct counter_def agentx_counters[AXC_COUNT] = {
	[AXC_CONNECTS] = { "agentx_connects",
	    "connections to the AgentX master agent made" },
	[AXC_DISCONNECTS] = { "agentx_disconnects",
	    "connections to the AgentX master agent lost" },
};

/* One alert of evcorrHistoryTable: what it shows, copied. */
struct agentx_alert {
	uint32_t seq; /* its index: alerts noted since start, from 1 */
	enum alert_kind kind;
	char id[ALERT_ID_MAX];
	char clears[ALERT_ID_MAX];
	char rule[TRAP_PDU_NAME_MAX + 1];
	char host[TRAP_PDU_SHORT_MAX + 1];
	int64_t time_ms;
	uint32_t open_id, close_id;
};

/* An open window, collected for the table before it is sorted. */
struct agentx_window {
	int64_t opened_ms; /* monotonic: the order */
	int64_t time_ms;   /* wall: what evcorrWindowOpened shows */
	int64_t closes_ms;
	uint32_t event_id;
	char rule[TRAP_PDU_NAME_MAX + 1];
	char host[TRAP_PDU_SHORT_MAX + 1];
	const char *via; /* static */
};

struct agentx {
	struct agentx_env env;
	struct conf_agentx conf;
	struct counter_set counters;
	struct agentx_view *view;
	int64_t built_ms; /* when view was built; INT64_MIN: never */
	struct event *fd_ev[AGENTX_FDS_MAX];
	int fds[AGENTX_FDS_MAX];
	size_t nfds;
	unsigned int generation; /* connects and disconnects seen */
	unsigned int armed_gen;  /* generation the fd events were made in */
	bool is_connected;
	struct event *timer;
	netsnmp_handler_registration *reg;
	struct log_rate rate;
	struct agentx_alert history[AGENTX_HISTORY_MAX];
	uint32_t nalerts; /* noted since start */
	/* a snapshot's windows, kept to spare an allocation per rebuild */
	struct agentx_window *windows;
	size_t nwindows;
	size_t open_total, held_total;
};

/* ------------------------------------------------------------ snapshot */

/* The name of object o's instance index (a scalar's: index 0, ".0"). */
static size_t
agentx_name(enum agentx_obj o, uint32_t index, oid name[AGENTX_VIEW_OID_MAX])
{
	static const oid root[] = { AGENTX_ROOT };
	size_t len = AGENTX_ROOT_LEN + agentx_mib[o].narcs;

	memcpy(name, root, sizeof(root));
	memcpy(name + AGENTX_ROOT_LEN, agentx_mib[o].arcs,
	    agentx_mib[o].narcs * sizeof(oid));
	name[len++] = index;
	return len;
}

static void
agentx_add_num(struct agentx *ax, enum agentx_obj o, uint32_t index,
    unsigned char type, uint64_t num)
{
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len = agentx_name(o, index, name);

	agentx_view_add_num(ax->view, name, len, 0, type, num);
}

/* A string cut to max octets on a UTF-8 boundary. */
static void
agentx_add_str(struct agentx *ax, enum agentx_obj o, uint32_t index,
    const char *s, size_t max)
{
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len = agentx_name(o, index, name);

	agentx_view_add_str(ax->view, name, len, 0, s,
	    trap_pdu_text_len(s, max));
}

static void
agentx_add_date(struct agentx *ax, enum agentx_obj o, uint32_t index,
    int64_t ms)
{
	unsigned char dt[TRAP_PDU_DATE_LEN];
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len = agentx_name(o, index, name);

	trap_pdu_date_and_time(ms, dt);
	agentx_view_add_str(ax->view, name, len, 0, dt, sizeof(dt));
}

static void
agentx_counter_cb(size_t pos, const char *name, uint64_t total, void *arg)
{
	struct agentx *ax = arg;
	uint32_t index = (uint32_t)pos + 1;

	if (pos >= 65535)
		return; /* evcorrCounterIndex (1..65535) */
	agentx_add_str(ax, AO_COUNTER_NAME, index, name, TRAP_PDU_NAME_MAX);
	agentx_add_num(ax, AO_COUNTER_VALUE, index, ASN_COUNTER64, total);
}

struct agentx_queue_walk {
	struct agentx *ax;
	uint32_t index;
};

static void
agentx_queue_cb(const char *group, const char *label, size_t queued, void *arg)
{
	struct agentx_queue_walk *w = arg;
	char name[COUNTER_LABEL_MAX + 32];

	if (w->index >= 65535)
		return;
	w->index++;
	(void)snprintf(name, sizeof(name), "%s %s", group, label);
	agentx_add_str(w->ax, AO_QUEUE_NAME, w->index, name, 128);
	agentx_add_num(w->ax, AO_QUEUE_LENGTH, w->index, ASN_GAUGE,
	    queued > UINT32_MAX ? UINT32_MAX : queued);
}

/* Every state: the gauges' totals, and the open windows, capped. */
static bool
agentx_window_cb(const struct correlator_view *v, void *arg)
{
	struct agentx *ax = arg;
	struct agentx_window *w;

	ax->held_total += v->held;
	if (!v->is_open)
		return true;
	ax->open_total++;
	if (ax->nwindows >= AGENTX_WINDOWS_MAX)
		return true;
	w = &ax->windows[ax->nwindows++];
	w->opened_ms = v->opened_ms;
	w->time_ms = v->opened_t != 0 ? v->opened_t : v->opened_wall;
	w->closes_ms = v->closes_ms;
	w->event_id = v->open_id;
	(void)snprintf(w->rule, sizeof(w->rule), "%s", v->rule);
	(void)snprintf(w->host, sizeof(w->host), "%s", v->host);
	w->via = v->open_via;
	return true;
}

static int
agentx_window_cmp(const void *a, const void *b)
{
	const struct agentx_window *x = a, *y = b;

	return (x->opened_ms > y->opened_ms) - (x->opened_ms < y->opened_ms);
}

static void
agentx_add_windows(struct agentx *ax, int64_t now_ms)
{
	ax->nwindows = ax->open_total = ax->held_total = 0;
	pipeline_foreach_window(ax->env.pipe, agentx_window_cb, ax);
	qsort(ax->windows, ax->nwindows, sizeof(*ax->windows),
	    agentx_window_cmp);
	for (size_t i = 0; i < ax->nwindows; i++) {
		const struct agentx_window *w = &ax->windows[i];
		uint32_t index = (uint32_t)i + 1;
		int64_t left =
		    w->closes_ms > now_ms ? w->closes_ms - now_ms : 0;

		agentx_add_str(ax, AO_WINDOW_RULE, index, w->rule,
		    TRAP_PDU_NAME_MAX);
		agentx_add_str(ax, AO_WINDOW_HOST, index, w->host,
		    TRAP_PDU_SHORT_MAX);
		agentx_add_date(ax, AO_WINDOW_OPENED, index, w->time_ms);
		/* TimeInterval: hundredths of a second, 0..2147483647 */
		agentx_add_num(ax, AO_WINDOW_EXPIRES_IN, index, ASN_INTEGER,
		    left / 10 > INT32_MAX ? INT32_MAX : (uint64_t)(left / 10));
		agentx_add_str(ax, AO_WINDOW_PATH, index, w->via, 32);
		agentx_add_num(ax, AO_WINDOW_EVENT_ID, index, ASN_UNSIGNED,
		    w->event_id);
	}
}

static void
agentx_add_history(struct agentx *ax)
{
	uint32_t n =
	    ax->nalerts < AGENTX_HISTORY_MAX ? ax->nalerts : AGENTX_HISTORY_MAX;

	for (uint32_t i = ax->nalerts - n; i < ax->nalerts; i++) {
		const struct agentx_alert *h =
		    &ax->history[i % AGENTX_HISTORY_MAX];

		agentx_add_str(ax, AO_HISTORY_ALERT_ID, h->seq, h->id,
		    TRAP_PDU_NAME_MAX);
		agentx_add_num(ax, AO_HISTORY_KIND, h->seq, ASN_INTEGER,
		    (uint64_t)h->kind + 1);
		agentx_add_str(ax, AO_HISTORY_RULE, h->seq, h->rule,
		    TRAP_PDU_NAME_MAX);
		agentx_add_str(ax, AO_HISTORY_HOST, h->seq, h->host,
		    TRAP_PDU_SHORT_MAX);
		agentx_add_date(ax, AO_HISTORY_TIME, h->seq, h->time_ms);
		agentx_add_num(ax, AO_HISTORY_OPEN_EVENT_ID, h->seq,
		    ASN_UNSIGNED, h->open_id);
		agentx_add_num(ax, AO_HISTORY_CLOSE_EVENT_ID, h->seq,
		    ASN_UNSIGNED, h->close_id);
		agentx_add_str(ax, AO_HISTORY_CLEARED_ALERT_ID, h->seq,
		    h->clears, TRAP_PDU_NAME_MAX);
	}
}

static uint64_t
agentx_gauge(size_t n)
{
	return n > UINT32_MAX ? UINT32_MAX : n;
}

/* The snapshot, unless the one held is recent enough. */
static void
agentx_refresh(struct agentx *ax)
{
	struct agentx_queue_walk qw = { ax, 0 };
	const struct agentx_hooks *h = &ax->env.hooks;
	struct clock_stamp now;

	clock_read(&now);
	if (now.mono_ms - ax->built_ms < AGENTX_CACHE_MS)
		return;
	ax->built_ms = now.mono_ms;
	agentx_view_clear(ax->view);
	counter_registry_foreach_total(ax->env.reg, agentx_counter_cb, ax);
	agentx_add_windows(ax, now.mono_ms);
	agentx_add_num(ax, AO_STATES_HELD, 0, ASN_GAUGE,
	    agentx_gauge(pipeline_windows(ax->env.pipe)));
	agentx_add_num(ax, AO_WINDOWS_OPEN, 0, ASN_GAUGE,
	    agentx_gauge(ax->open_total));
	agentx_add_num(ax, AO_EVENTS_HELD, 0, ASN_GAUGE,
	    agentx_gauge(ax->held_total));
	agentx_add_num(ax, AO_NOTIFICATIONS_QUEUED, 0, ASN_GAUGE,
	    agentx_gauge(h->pending(h->arg)));
	h->foreach_queue(agentx_queue_cb, &qw, h->arg);
	agentx_add_history(ax);
	agentx_view_sort(ax->view);
}

/* ------------------------------------------------------------- requests */

static void
agentx_answer(struct agentx *ax, netsnmp_variable_list *vb,
    const struct agentx_var *v)
{
	struct counter64 c64;
	u_long ul;
	long l;

	switch (v->type) {
	case ASN_OCTET_STR:
		snmp_set_var_typed_value(vb, ASN_OCTET_STR,
		    agentx_view_str(ax->view, v), v->str_len);
		break;
	case ASN_COUNTER64:
		c64.high = (u_long)(v->num >> 32);
		c64.low = (u_long)(v->num & 0xffffffffU);
		snmp_set_var_typed_value(vb, ASN_COUNTER64, &c64, sizeof(c64));
		break;
	case ASN_INTEGER:
		l = (long)v->num;
		snmp_set_var_typed_value(vb, ASN_INTEGER, &l, sizeof(l));
		break;
	default: /* ASN_GAUGE, ASN_UNSIGNED */
		ul = (u_long)v->num;
		snmp_set_var_typed_value(vb, v->type, &ul, sizeof(ul));
		break;
	}
}

/*
 * GET: the variable or noSuchInstance.  GETNEXT: the next one, or
 * nothing, which tells the agent to look past our registration.  The
 * registration is read-only: the library refuses SETs before us.
 */
static int
agentx_handler(netsnmp_mib_handler *handler,
    netsnmp_handler_registration *reginfo, netsnmp_agent_request_info *reqinfo,
    netsnmp_request_info *requests)
{
	struct agentx *ax = handler->myvoid;
	const struct agentx_var *v;
	netsnmp_request_info *r;
	netsnmp_variable_list *vb;

	agentx_refresh(ax);
	for (r = requests; r != NULL; r = r->next) {
		if (r->processed)
			continue;
		vb = r->requestvb;
		switch (reqinfo->mode) {
		case MODE_GET:
			v = agentx_view_find(ax->view, vb->name,
			    vb->name_length, false);
			if (v == NULL)
				netsnmp_set_request_error(reqinfo, r,
				    SNMP_NOSUCHINSTANCE);
			else
				agentx_answer(ax, vb, v);
			break;
		case MODE_GETNEXT:
			v = agentx_view_find(ax->view, vb->name,
			    vb->name_length, true);
			if (v != NULL) {
				snmp_set_var_objid(vb, v->name, v->len);
				agentx_answer(ax, vb, v);
			}
			break;
		default:
			break;
		}
	}
	return SNMP_ERR_NOERROR;
}

/* ------------------------------------------------------- the loop */

static void agentx_arm(struct agentx *ax);

static void
agentx_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct agentx *ax = arg;
	netsnmp_large_fd_set set;

	netsnmp_large_fd_set_init(&set, (int)fd + 1);
	NETSNMP_LARGE_FD_SET(fd, &set);
	snmp_read2(&set);
	netsnmp_large_fd_set_cleanup(&set);
	agentx_arm(ax);
}

/* Retransmissions, then alarms: pings and reconnects. */
static void
agentx_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct agentx *ax = arg;

	snmp_timeout();
	run_alarms();
	agentx_arm(ax);
}

static void
agentx_drop_fds(struct agentx *ax)
{
	for (size_t i = 0; i < ax->nfds; i++)
		event_free(ax->fd_ev[i]);
	ax->nfds = 0;
}

/*
 * Follows what the library waits on.  A connect or disconnect (or a
 * changed set) remakes every fd event: a reconnect may reuse the
 * descriptor number of the socket the library closed.
 */
static void
agentx_arm(struct agentx *ax)
{
	int fds[AGENTX_FDS_MAX], maxfd = 0, block = 1;
	struct timeval tv = { 0, 0 };
	netsnmp_large_fd_set set;
	size_t n = 0;

	netsnmp_large_fd_set_init(&set, FD_SETSIZE);
	(void)snmp_select_info2(&maxfd, &set, &tv, &block);
	for (int fd = 0; fd < maxfd && n < AGENTX_FDS_MAX; fd++)
		if (NETSNMP_LARGE_FD_ISSET(fd, &set))
			fds[n++] = fd;
	netsnmp_large_fd_set_cleanup(&set);
	if (ax->armed_gen != ax->generation || n != ax->nfds ||
	    memcmp(fds, ax->fds, n * sizeof(fds[0])) != 0) {
		agentx_drop_fds(ax);
		for (size_t i = 0; i < n; i++) {
			ax->fd_ev[i] = event_new(ax->env.base, fds[i],
			    EV_READ | EV_PERSIST, agentx_read_cb, ax);
			if (ax->fd_ev[i] == NULL ||
			    event_add(ax->fd_ev[i], NULL) == -1)
				fatalx("agentx: cannot watch descriptor %d",
				    fds[i]);
			ax->fds[i] = fds[i];
		}
		ax->nfds = n;
		ax->armed_gen = ax->generation;
	}
	if (block)
		evtimer_del(ax->timer);
	else
		evtimer_add(ax->timer, &tv);
}

/* -------------------------------------------------- master's comings */

static int
agentx_connected_cb(int major, int minor, void *server_arg, void *client_arg)
{
	struct agentx *ax = client_arg;
	struct clock_stamp now;

	ax->generation++;
	ax->is_connected = true;
	counter_inc(&ax->counters, AXC_CONNECTS);
	clock_read(&now);
	if (log_rate_allow(&ax->rate, now.mono_ms))
		log_info("agentx: connected to the master agent at %s",
		    ax->conf.socket);
	return 0;
}

static int
agentx_disconnected_cb(int major, int minor, void *server_arg, void *client_arg)
{
	struct agentx *ax = client_arg;
	struct clock_stamp now;

	ax->generation++;
	ax->is_connected = false;
	counter_inc(&ax->counters, AXC_DISCONNECTS);
	clock_read(&now);
	if (log_rate_allow(&ax->rate, now.mono_ms))
		log_warnx("agentx: lost the master agent at %s: retrying "
			  "every %d s",
		    ax->conf.socket, SNMP_SETUP_AGENTX_RETRY_S);
	return 0;
}

/* ------------------------------------------------------------- the rest */

static void
agentx_register(struct agentx *ax)
{
	static const oid root[] = { AGENTX_ROOT, 1 };
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration("evcorrd", agentx_handler,
	    root, OID_LENGTH(root), HANDLER_CAN_RONLY);
	if (reg == NULL)
		fatalx("agentx: cannot create the handler");
	reg->handler->myvoid = ax;
	if (netsnmp_register_handler(reg) != MIB_REGISTERED_OK)
		fatalx("agentx: cannot register EVCORR-MIB's objects");
	ax->reg = reg;
}

struct agentx *
agentx_new(const struct conf_agentx *ca)
{
	struct agentx *ax = xcalloc(1, sizeof(*ax));

	ax->conf = *ca;
	ax->view = agentx_view_new();
	ax->built_ms = INT64_MIN / 2;
	ax->rate.what = "agentx";
	ax->windows =
	    xreallocarray(NULL, AGENTX_WINDOWS_MAX, sizeof(*ax->windows));
	counter_set_init(&ax->counters, agentx_counters, AXC_COUNT, "agentx",
	    "%s", ca->socket);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_START, agentx_connected_cb, ax);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_STOP, agentx_disconnected_cb, ax);
	return ax;
}

void
agentx_start(struct agentx *ax, const struct agentx_env *env)
{
	ax->env = *env;
	counter_registry_add(env->reg, &ax->counters);
	if ((ax->timer = evtimer_new(env->base, agentx_timer_cb, ax)) == NULL)
		fatalx("agentx: evtimer_new failed");
	if (!ax->is_connected)
		log_warnx("agentx: no master agent at %s yet: retrying every "
			  "%d s",
		    ax->conf.socket, SNMP_SETUP_AGENTX_RETRY_S);
	agentx_register(ax);
	agentx_arm(ax);
}

void
agentx_note_alert(struct agentx *ax, const struct alert *a)
{
	struct agentx_alert *h;

	if (ax == NULL || ax->nalerts == UINT32_MAX)
		return;
	h = &ax->history[ax->nalerts % AGENTX_HISTORY_MAX];
	memset(h, 0, sizeof(*h));
	h->seq = ++ax->nalerts;
	h->kind = a->kind;
	(void)snprintf(h->id, sizeof(h->id), "%s", a->id);
	(void)snprintf(h->clears, sizeof(h->clears), "%s", a->clears);
	(void)snprintf(h->rule, sizeof(h->rule), "%s", a->rule);
	(void)snprintf(h->host, sizeof(h->host), "%s", a->host);
	h->time_ms = a->time_ms;
	h->open_id = a->open.event_id;
	h->close_id = a->has_close ? a->close.event_id : 0;
	ax->built_ms = INT64_MIN / 2; /* the next request sees it */
}

bool
agentx_is_same(const struct agentx *ax, const struct conf_agentx *ca)
{
	if (ax == NULL)
		return !ca->is_on;
	return ca->is_on && strcmp(ax->conf.socket, ca->socket) == 0;
}

void
agentx_close(struct agentx *ax)
{
	if (ax == NULL)
		return;
	snmp_unregister_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_START, agentx_connected_cb, ax, 1);
	snmp_unregister_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_STOP, agentx_disconnected_cb, ax, 1);
	/* (frees reg; tells a connected master, bounded as every request) */
	if (ax->reg != NULL)
		netsnmp_unregister_handler(ax->reg);
	agentx_drop_fds(ax);
	if (ax->timer != NULL)
		event_free(ax->timer);
	counter_set_clear(&ax->counters);
	agentx_view_free(ax->view);
	free(ax->windows);
	free(ax);
}
