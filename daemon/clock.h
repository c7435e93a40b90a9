/* SPDX-License-Identifier: ISC */
/*
 * The daemon's two clocks: monotonic milliseconds for windows and timers,
 * wall-clock milliseconds for what is shown to people.  Read once per
 * callback and passed down as now_ms.
 */
#ifndef DAEMON_CLOCK_H
#define DAEMON_CLOCK_H

#include <stdint.h>

int64_t clock_now_ms(void);  /* CLOCK_MONOTONIC */
int64_t clock_wall_ms(void); /* CLOCK_REALTIME, ms since the epoch */

#endif
