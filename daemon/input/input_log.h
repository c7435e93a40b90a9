/* SPDX-License-Identifier: ISC */
/*
 * Log lines every input kind writes alike about a pipeline result.
 */
#ifndef DAEMON_INPUT_INPUT_LOG_H
#define DAEMON_INPUT_INPUT_LOG_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"
#include "core/log.h"
#include "engine/pipeline.h"
#include "input/input.h"

/*
 * When res says a window was refused at the sender's share, or given up
 * at max-windows, logs who fills the table; when it says an alert was
 * held down, logs that; at a bounded rate (rate).
 */
void input_log_windows(struct log_rate *rate, const char *name,
    const char *peer, const struct pipeline_result *res,
    const struct clock_stamp *now);

/*
 * When res is an event that could not be keyed (PIPELINE_NO_HOST,
 * PIPELINE_HOST_TOO_LONG) or has no event ID to match
 * (PIPELINE_NO_EVENT_ID), logs it at a bounded rate and returns true.
 */
bool input_log_unkeyed(struct log_rate *rate, const char *name,
    const char *peer, const struct pipeline_result *res,
    const struct clock_stamp *now);

/*
 * Whether in's allow list (in->listen) holds the peer at sa (IPv4-mapped
 * IPv6 compares as IPv4); when it does not, counts counter of in's and
 * logs "what from peer refused" at a bounded rate.
 */
bool input_log_allowed(struct input *in, size_t counter,
    const struct sockaddr *sa, socklen_t salen, const char *what,
    int64_t now_ms);

#endif
