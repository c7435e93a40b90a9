/* SPDX-License-Identifier: ISC */
/*
 * sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET.  A
 * no-op when the variable is unset (not started by systemd).
 */
#ifndef DAEMON_CORE_SDNOTIFY_H
#define DAEMON_CORE_SDNOTIFY_H

/* state: "READY=1", "RELOADING=1", "STOPPING=1", "STATUS=..." */
int sdnotify(const char *state);
/* The monotonic time in microseconds, as RELOADING=1 wants MONOTONIC_USEC. */
int sdnotify_reloading(void);

#endif
