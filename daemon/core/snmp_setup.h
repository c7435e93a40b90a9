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
void snmp_setup_shutdown(struct snmp_setup *setup);

#endif
