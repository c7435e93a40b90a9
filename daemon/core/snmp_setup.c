/* SPDX-License-Identifier: ISC */
/*
 * The net-snmp library as a daemon wants it: no host snmp.conf, no MIB
 * files (every OID is numeric in our code), persistent state only in the
 * daemon's own state directory, and the library's messages routed into
 * log.c: errors and worse as rate-limited warnings, the rest at debug
 * level (diagnostics: our callers report their own failures).
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "core/clock.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/snmp_setup.h"
#include "core/xmalloc.h"

#define SNMP_SETUP_APP "evcorrd"
#define SNMP_SETUP_LOG_MAX 512

/*
 * The library's logging is process-wide; the limiter for its warnings (a
 * datagram-driven error must not flood the log) is ours, handed to the
 * library's log callback as its argument, which the library then owns
 * (snmp_shutdown() frees it with the callback).
 */
struct snmp_setup {
	struct log_rate rate;
	bool is_agent; /* init_agent() was called: shutdown_agent() too */
};

static int
snmp_setup_log_cb(int major, int minor, void *server_arg, void *client_arg)
{
	const struct snmp_log_message *m = server_arg;
	struct snmp_setup *setup = client_arg;
	char line[SNMP_SETUP_LOG_MAX * 4];
	struct clock_stamp now;
	size_t len;

	if (m == NULL || m->msg == NULL)
		return 0;
	/* The library may quote packet bytes: escape, drop the newline. */
	len = strnlen(m->msg, SNMP_SETUP_LOG_MAX);
	while (len > 0 && (m->msg[len - 1] == '\n' || m->msg[len - 1] == '\r'))
		len--;
	if (len == 0)
		return 0;
	escape_text(m->msg, len, line, sizeof(line));
	if (m->priority > LOG_ERR) {
		log_debug("net-snmp: %s", line);
		return 0;
	}
	clock_read(&now);
	if (log_rate_allow(&setup->rate, now.mono_ms))
		log_warnx("net-snmp: %s", line);
	return 0;
}

/*
 * The subagent's settings (agent/ds_agent.h), before init_agent(): the
 * master's socket, pings (whose failures are also what reconnects) and
 * the bound on each synchronous exchange the library's subagent does
 * with the master (Open, Register, Ping: half the wait, one retry).
 */
static void
snmp_setup_subagent(const char *agentx_socket)
{
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE,
	    1);
	if (init_agent(SNMP_SETUP_APP) != 0)
		fatalx("net-snmp: init_agent failed");
	/* after init_agent(), which sets its defaults; read in init_snmp() */
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_X_SOCKET, agentx_socket);
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, SNMP_SETUP_AGENTX_RETRY_S);
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_TIMEOUT,
	    SNMP_SETUP_AGENTX_WAIT_MS / 2 * 1000);
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_RETRIES, 1);
}

struct snmp_setup *
snmp_setup_init(const char *state_dir)
{
	return snmp_setup_init_agentx(state_dir, NULL);
}

struct snmp_setup *
snmp_setup_init_agentx(const char *state_dir, const char *agentx_socket)
{
	struct snmp_setup *setup = xcalloc(1, sizeof(*setup));

	setup->rate.what = "net-snmp";
	/*
	 * An empty MIBS stops init_mib() from looking for the default
	 * modules (Debian ships none of the IETF ones, so each would print
	 * "Cannot find module").
	 */
	if (setenv("MIBS", "", 1) == -1)
		fatal("setenv MIBS");
	if (setenv("MIBDIRS", "", 1) == -1)
		fatal("setenv MIBDIRS");

	/* Our handler replaces the library's default (stderr). */
	snmp_disable_log();
	if (snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
		snmp_setup_log_cb, setup) != SNMPERR_SUCCESS)
		fatalx("net-snmp: cannot register the log callback");
	if (netsnmp_register_loghandler(NETSNMP_LOGHANDLER_CALLBACK,
		LOG_DEBUG) == NULL)
		fatalx("net-snmp: cannot register the log handler");

	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_NO_TOKEN_WARNINGS, 1);
	/* No RFC 5343 engine-ID answers behind our back. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_NO_DISCOVERY, 1);
	/*
	 * Alarms (the subagent's pings) run from our loop, never from
	 * SIGALRM; snmp_select_info2() then reports them in its timeout.
	 */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_ALARM_DONT_USE_SIG, 1);
	if (state_dir != NULL) {
		char dir[4096];

		/*
		 * Its own subdirectory: net-snmp names its file after the
		 * application ("evcorrd.conf"), which would read like ours.
		 */
		if (snprintf(dir, sizeof(dir), "%s/net-snmp", state_dir) >=
		    (int)sizeof(dir))
			fatalx("state-directory too long");
		netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID,
		    NETSNMP_DS_LIB_PERSISTENT_DIR, dir);
	} else {
		netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
		    NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
		netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
		    NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
		netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
		    NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	}
	if (agentx_socket != NULL) {
		snmp_setup_subagent(agentx_socket);
		setup->is_agent = true;
	}
	init_snmp(SNMP_SETUP_APP);
	/*
	 * Minimal-length BER (net-snmp's default where built in; forward
	 * encoding pads lengths).  trap_response_build() finds the message
	 * in either mode.
	 */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_REVERSE_ENCODE, 1);
	return setup;
}

void
snmp_setup_shutdown(struct snmp_setup *setup)
{
	bool is_agent;

	if (setup == NULL)
		return;
	is_agent = setup->is_agent;

	/* clear_callback() frees every callback's argument: setup too */
	snmp_shutdown(SNMP_SETUP_APP);
	/* after snmp_shutdown(), as snmpd does: before, it closes sessions
	 * snmp_shutdown() then closes again */
	if (is_agent)
		shutdown_agent();
}
