/* SPDX-License-Identifier: ISC */
/*
 * net-snmp library set-up shared by the trap listener and emitter: no
 * host configuration files, no MIB loading, persistent state only in the
 * daemon's own state directory.
 */
#ifndef DAEMON_CORE_SNMP_SETUP_H
#define DAEMON_CORE_SNMP_SETUP_H

struct snmp_setup;

/*
 * Sets the library up; state_dir NULL: persist nothing.  Call once,
 * before any session; the library's warnings are rate-limited by the
 * returned object, which snmp_setup_shutdown() frees with the library.
 */
struct snmp_setup *snmp_setup_init(const char *state_dir);
/*
 * The same, and with agentx_socket not NULL (net-snmp's agentx socket: a
 * path or tcp:ADDR:PORT) the library's agent as an AgentX subagent of
 * the master there, set up before init_snmp() as net-snmp requires: it
 * connects from init_snmp(), retries every SNMP_SETUP_AGENTX_RETRY_S
 * while the master is away, and waits at most SNMP_SETUP_AGENTX_WAIT_MS
 * for the master's answer to each of its requests.  Its descriptors and
 * alarms are the caller's to drive (input/agentx.c).
 */
#define SNMP_SETUP_AGENTX_RETRY_S 5
#define SNMP_SETUP_AGENTX_WAIT_MS 1000
struct snmp_setup *snmp_setup_init_agentx(const char *state_dir,
    const char *agentx_socket);
void snmp_setup_shutdown(struct snmp_setup *setup);

#endif
