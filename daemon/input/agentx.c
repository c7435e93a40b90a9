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
#include "input/agentx_mib.h"
#include "input/agentx_view.h"

#define AGENTX_FDS_MAX 8 /* descriptors of the library we watch */

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

struct agentx {
	struct agentx_env env;
	struct conf_agentx conf;
	struct counter_set counters;
	struct agentx_mib *mib;   /* the objects, the alert history */
	struct agentx_view *view; /* their snapshot */
	int64_t built_ms;         /* when view was built; INT64_MIN: never */
	struct event *fd_ev[AGENTX_FDS_MAX];
	int fds[AGENTX_FDS_MAX];
	size_t nfds;
	unsigned int generation; /* connects and disconnects seen */
	unsigned int armed_gen;  /* generation the fd events were made in */
	bool is_connected;
	struct event *timer;
	netsnmp_handler_registration *reg;
	struct log_rate rate;
};

/* The snapshot, unless the one held is recent enough. */
static void
agentx_refresh(struct agentx *ax)
{
	const struct agentx_hooks *h = &ax->env.hooks;
	struct agentx_mib_src src = { ax->env.pipe, ax->env.reg, h->pending,
		h->foreach_queue, h->arg };
	struct clock_stamp now;

	clock_read(&now);
	if (now.mono_ms - ax->built_ms < AGENTX_CACHE_MS)
		return;
	ax->built_ms = now.mono_ms;
	agentx_mib_build(ax->mib, ax->view, &src, now.mono_ms);
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
			/* inclusive: the master's range starts at this name */
			v = r->inclusive ? agentx_view_find(ax->view, vb->name,
					       vb->name_length, false)
					 : NULL;
			if (v == NULL)
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
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration("evcorrd", agentx_handler,
	    agentx_mib_root, AGENTX_MIB_ROOT_LEN, HANDLER_CAN_RONLY);
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
	ax->mib = agentx_mib_new();
	ax->view = agentx_view_new();
	ax->built_ms = INT64_MIN / 2;
	ax->rate.what = "agentx";
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
	if (ax == NULL)
		return;
	agentx_mib_note_alert(ax->mib, a);
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
	agentx_mib_free(ax->mib);
	free(ax);
}
