/* SPDX-License-Identifier: ISC */
/*
 * The Prometheus text exposition format (version 0.0.4) of every counter
 * in the registry and of a few gauges.  Pure: it reads the registry and
 * appends text to a buffer.  A counter named NAME is the family
 * evcorrd_NAME_total, one sample per registered set, labelled with the
 * set's group and label: evcorrd_datagrams_total{listener="syslog/udp
 * 127.0.0.1:514"} 12.
 */
#ifndef DAEMON_OUTPUT_METRICS_FORMAT_H
#define DAEMON_OUTPUT_METRICS_FORMAT_H

#include <stddef.h>

#include <event2/buffer.h>

#include "core/counter.h"

/* A gauge read at scrape time: evcorrd_NAME (no _total). */
struct metrics_gauge {
	const char *name; /* [a-z_]: "windows_open" */
	const char *help;
	double value;
};

/*
 * Appends every counter family of reg (in the order the registry lists
 * them), then the gauges, to out.  Returns 0, or -1 when out cannot grow.
 */
int metrics_format(const struct counter_registry *reg,
    const struct metrics_gauge *gauges, size_t ngauges, struct evbuffer *out);

/* The metric name of a counter: "evcorrd_" NAME "_total", cut to fit. */
void metrics_format_name(const char *counter, char *buf, size_t len);

#endif
