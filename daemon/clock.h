/* SPDX-License-Identifier: ISC */
/*
 * The daemon's clocks: monotonic milliseconds for windows and timers,
 * wall-clock milliseconds for what is shown to people, and boot-time
 * milliseconds for the uptime sent as sysUpTime.0.  Read once per
 * callback and passed down as now_ms.
 */
#ifndef DAEMON_CLOCK_H
#define DAEMON_CLOCK_H

#include <stdint.h>

int64_t clock_now_ms(void);  /* CLOCK_MONOTONIC */
int64_t clock_wall_ms(void); /* CLOCK_REALTIME, ms since the epoch */
int64_t clock_boot_ms(void); /* CLOCK_BOOTTIME: monotonic, counts suspend */
/* CLOCK_BOOTTIME ms when this process started (/proc, read once; else now). */
int64_t clock_process_start_ms(void);

#endif
