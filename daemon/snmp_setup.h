/* SPDX-License-Identifier: ISC */
/*
 * net-snmp library set-up shared by the trap listener and emitter: no
 * host configuration files, no MIB loading, persistent state only in the
 * daemon's own state directory.
 */
#ifndef DAEMON_SNMP_SETUP_H
#define DAEMON_SNMP_SETUP_H

/* state_dir NULL: persist nothing.  Call once, before any session. */
void snmp_setup_init(const char *state_dir);
void snmp_setup_shutdown(void);

#endif
