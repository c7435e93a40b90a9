/* SPDX-License-Identifier: ISC */
/*
 * sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET.  A
 * no-op when the variable is unset (not started by systemd).
 */
#ifndef DAEMON_CORE_SDNOTIFY_H
#define DAEMON_CORE_SDNOTIFY_H

#include <stdbool.h>
#include <stdint.h>

/* state: "READY=1", "RELOADING=1", "STOPPING=1", "STATUS=..." */
int sdnotify(const char *state);
/* The monotonic time in microseconds, as RELOADING=1 wants MONOTONIC_USEC. */
int sdnotify_reloading(void);
/*
 * sd_watchdog_enabled(3): whether systemd expects WATCHDOG=1 pings
 * ($WATCHDOG_USEC set, and $WATCHDOG_PID unset or this process), and
 * the interval in *usec.
 */
bool sdnotify_watchdog(uint64_t *usec);

#endif
