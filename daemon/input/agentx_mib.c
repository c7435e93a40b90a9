/* SPDX-License-Identifier: ISC */
/*
 * EVCORR-MIB's objects as the AgentX subagent answers them: the OID
 * table (evcorrObjects 2 to 5) and the snapshot of them built from the
 * counter registry, the correlator's windows, the outputs' queues and
 * the last alerts noted.  No I/O, no clock (now comes in), no logging.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/xmalloc.h"
#include "input/agentx_mib.h"
#include "output/trap_pdu.h"

/*
 * EVCORR-MIB (mibs/EVCORR-MIB.txt).  AGENTX_ROOT is evcorrMIB; each row
 * is an object's arcs below it.  tests/integration/mib.sh checks every
 * row against the MIB (one row per line, in this form: clang-format off).
 */
#define AGENTX_ROOT 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 2140
#define AGENTX_ROOT_LEN 10
#define AGENTX_ARCS_MAX 6

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
static const struct agentx_mib_obj {
	const char *name;
	oid arcs[AGENTX_ARCS_MAX];
	size_t narcs;
} agentx_mib_objs[AO_COUNT] = {
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

/* One alert of evcorrHistoryTable: what it shows, copied. */
struct agentx_mib_alert {
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
struct agentx_mib_window {
	int64_t opened_ms; /* monotonic: the order */
	int64_t time_ms;   /* wall: what evcorrWindowOpened shows */
	int64_t closes_ms;
	uint32_t event_id;
	char rule[TRAP_PDU_NAME_MAX + 1];
	char host[TRAP_PDU_SHORT_MAX + 1];
	const char *via; /* static */
};

struct agentx_mib {
	struct agentx_view *v; /* the snapshot being built */
	struct agentx_mib_alert history[AGENTX_HISTORY_MAX];
	uint32_t nalerts; /* noted since start */
	/* a snapshot's windows, kept to spare an allocation per build */
	struct agentx_mib_window *windows;
	size_t nwindows;
	size_t open_total, held_total;
};

const oid agentx_mib_root[AGENTX_MIB_ROOT_LEN] = { AGENTX_ROOT, 1 };

static size_t
agentx_mib_name(enum agentx_obj o, uint32_t index,
    oid name[AGENTX_VIEW_OID_MAX])
{
	static const oid root[] = { AGENTX_ROOT };
	size_t len = AGENTX_ROOT_LEN + agentx_mib_objs[o].narcs;

	memcpy(name, root, sizeof(root));
	memcpy(name + AGENTX_ROOT_LEN, agentx_mib_objs[o].arcs,
	    agentx_mib_objs[o].narcs * sizeof(oid));
	name[len++] = index;
	return len;
}

static void
agentx_mib_num(struct agentx_mib *m, enum agentx_obj o, uint32_t index,
    unsigned char type, uint64_t num)
{
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len = agentx_mib_name(o, index, name);

	agentx_view_add_num(m->v, name, len, 0, type, num);
}

/* A string cut to max octets on a UTF-8 boundary. */
static void
agentx_mib_str(struct agentx_mib *m, enum agentx_obj o, uint32_t index,
    const char *s, size_t max)
{
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len = agentx_mib_name(o, index, name);

	agentx_view_add_str(m->v, name, len, 0, s, trap_pdu_text_len(s, max));
}

static void
agentx_mib_date(struct agentx_mib *m, enum agentx_obj o, uint32_t index,
    int64_t ms)
{
	unsigned char dt[TRAP_PDU_DATE_LEN];
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len = agentx_mib_name(o, index, name);

	trap_pdu_date_and_time(ms, dt);
	agentx_view_add_str(m->v, name, len, 0, dt, sizeof(dt));
}

static void
agentx_mib_counter_cb(size_t pos, const char *name, uint64_t total, void *arg)
{
	struct agentx_mib *m = arg;
	uint32_t index = (uint32_t)pos + 1;

	if (pos >= 65535)
		return; /* evcorrCounterIndex (1..65535) */
	agentx_mib_str(m, AO_COUNTER_NAME, index, name, TRAP_PDU_NAME_MAX);
	agentx_mib_num(m, AO_COUNTER_VALUE, index, ASN_COUNTER64, total);
}

struct agentx_mib_queue_walk {
	struct agentx_mib *m;
	uint32_t index;
};

static void
agentx_mib_queue_cb(const char *group, const char *label, size_t queued,
    void *arg)
{
	struct agentx_mib_queue_walk *w = arg;
	char name[COUNTER_LABEL_MAX + 32];

	if (w->index >= 65535)
		return;
	w->index++;
	(void)snprintf(name, sizeof(name), "%s %s", group, label);
	agentx_mib_str(w->m, AO_QUEUE_NAME, w->index, name, 128);
	agentx_mib_num(w->m, AO_QUEUE_LENGTH, w->index, ASN_GAUGE,
	    queued > UINT32_MAX ? UINT32_MAX : queued);
}

/* Every state: the gauges' totals, and the open windows, capped. */
static bool
agentx_mib_window_cb(const struct correlator_view *v, void *arg)
{
	struct agentx_mib *m = arg;
	struct agentx_mib_window *w;

	m->held_total += v->held;
	if (!v->is_open)
		return true;
	m->open_total++;
	if (m->nwindows >= AGENTX_WINDOWS_MAX)
		return true;
	w = &m->windows[m->nwindows++];
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
agentx_mib_window_cmp(const void *a, const void *b)
{
	const struct agentx_mib_window *x = a, *y = b;

	return (x->opened_ms > y->opened_ms) - (x->opened_ms < y->opened_ms);
}

static void
agentx_mib_windows(struct agentx_mib *m, const struct pipeline *pipe,
    int64_t now_ms)
{
	m->nwindows = m->open_total = m->held_total = 0;
	pipeline_foreach_window(pipe, agentx_mib_window_cb, m);
	qsort(m->windows, m->nwindows, sizeof(*m->windows),
	    agentx_mib_window_cmp);
	for (size_t i = 0; i < m->nwindows; i++) {
		const struct agentx_mib_window *w = &m->windows[i];
		uint32_t index = (uint32_t)i + 1;
		int64_t left =
		    w->closes_ms > now_ms ? w->closes_ms - now_ms : 0;

		agentx_mib_str(m, AO_WINDOW_RULE, index, w->rule,
		    TRAP_PDU_NAME_MAX);
		agentx_mib_str(m, AO_WINDOW_HOST, index, w->host,
		    TRAP_PDU_SHORT_MAX);
		agentx_mib_date(m, AO_WINDOW_OPENED, index, w->time_ms);
		/* TimeInterval: hundredths of a second, 0..2147483647 */
		agentx_mib_num(m, AO_WINDOW_EXPIRES_IN, index, ASN_INTEGER,
		    left / 10 > INT32_MAX ? INT32_MAX : (uint64_t)(left / 10));
		agentx_mib_str(m, AO_WINDOW_PATH, index, w->via, 32);
		agentx_mib_num(m, AO_WINDOW_EVENT_ID, index, ASN_UNSIGNED,
		    w->event_id);
	}
}

static void
agentx_mib_history(struct agentx_mib *m)
{
	uint32_t n =
	    m->nalerts < AGENTX_HISTORY_MAX ? m->nalerts : AGENTX_HISTORY_MAX;

	for (uint32_t i = m->nalerts - n; i < m->nalerts; i++) {
		const struct agentx_mib_alert *h =
		    &m->history[i % AGENTX_HISTORY_MAX];

		agentx_mib_str(m, AO_HISTORY_ALERT_ID, h->seq, h->id,
		    TRAP_PDU_NAME_MAX);
		agentx_mib_num(m, AO_HISTORY_KIND, h->seq, ASN_INTEGER,
		    (uint64_t)h->kind + 1);
		agentx_mib_str(m, AO_HISTORY_RULE, h->seq, h->rule,
		    TRAP_PDU_NAME_MAX);
		agentx_mib_str(m, AO_HISTORY_HOST, h->seq, h->host,
		    TRAP_PDU_SHORT_MAX);
		agentx_mib_date(m, AO_HISTORY_TIME, h->seq, h->time_ms);
		agentx_mib_num(m, AO_HISTORY_OPEN_EVENT_ID, h->seq,
		    ASN_UNSIGNED, h->open_id);
		agentx_mib_num(m, AO_HISTORY_CLOSE_EVENT_ID, h->seq,
		    ASN_UNSIGNED, h->close_id);
		agentx_mib_str(m, AO_HISTORY_CLEARED_ALERT_ID, h->seq,
		    h->clears, TRAP_PDU_NAME_MAX);
	}
}

static uint64_t
agentx_mib_gauge(size_t n)
{
	return n > UINT32_MAX ? UINT32_MAX : n;
}

void
agentx_mib_note_alert(struct agentx_mib *m, const struct alert *a)
{
	struct agentx_mib_alert *h;

	if (m->nalerts == UINT32_MAX)
		return;
	h = &m->history[m->nalerts % AGENTX_HISTORY_MAX];
	memset(h, 0, sizeof(*h));
	h->seq = ++m->nalerts;
	h->kind = a->kind;
	(void)snprintf(h->id, sizeof(h->id), "%s", a->id);
	(void)snprintf(h->clears, sizeof(h->clears), "%s", a->clears);
	(void)snprintf(h->rule, sizeof(h->rule), "%s", a->rule);
	(void)snprintf(h->host, sizeof(h->host), "%s", a->host);
	h->time_ms = a->time_ms;
	h->open_id = a->open.event_id;
	h->close_id = a->has_close ? a->close.event_id : 0;
}
struct agentx_mib *
agentx_mib_new(void)
{
	struct agentx_mib *m = xcalloc(1, sizeof(*m));

	m->windows =
	    xreallocarray(NULL, AGENTX_WINDOWS_MAX, sizeof(*m->windows));
	return m;
}

void
agentx_mib_free(struct agentx_mib *m)
{
	if (m == NULL)
		return;
	free(m->windows);
	free(m);
}

void
agentx_mib_build(struct agentx_mib *m, struct agentx_view *v,
    const struct agentx_mib_src *src, int64_t now_ms)
{
	struct agentx_mib_queue_walk qw = { m, 0 };

	m->v = v;
	agentx_view_clear(v);
	counter_registry_foreach_total(src->reg, agentx_mib_counter_cb, m);
	agentx_mib_windows(m, src->pipe, now_ms);
	agentx_mib_num(m, AO_STATES_HELD, 0, ASN_GAUGE,
	    agentx_mib_gauge(pipeline_windows(src->pipe)));
	agentx_mib_num(m, AO_WINDOWS_OPEN, 0, ASN_GAUGE,
	    agentx_mib_gauge(m->open_total));
	agentx_mib_num(m, AO_EVENTS_HELD, 0, ASN_GAUGE,
	    agentx_mib_gauge(m->held_total));
	agentx_mib_num(m, AO_NOTIFICATIONS_QUEUED, 0, ASN_GAUGE,
	    agentx_mib_gauge(src->pending(src->arg)));
	src->foreach_queue(agentx_mib_queue_cb, &qw, src->arg);
	agentx_mib_history(m);
	agentx_view_sort(v);
	m->v = NULL;
}
