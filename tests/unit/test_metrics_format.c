/* SPDX-License-Identifier: ISC */
/*
 * metrics_format: the Prometheus text of the registry: one family per
 * counter name with HELP and TYPE, every sample of a family together
 * (sets of two kinds interleaved in the registry), group and label as the
 * label, label values and help escaped, names made valid, gauges last.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <event2/buffer.h>

#include "core/counter.h"
#include "output/metrics_format.h"

#include "criterion_str.h"

static const struct counter_def udp_defs[] = {
	{ "frames", "frames received" },
	{ "drops", "frames \\ dropped\nat once" },
};

static const struct counter_def tcp_defs[] = {
	{ "frames", "frames received" },
	{ "syslog-tcp.conns_total", "connections accepted" },
};

/* The buffer as a NUL-terminated string (freed by the caller). */
static char *
text_of(struct evbuffer *b)
{
	size_t n = evbuffer_get_length(b);
	char *s = malloc(n + 1);

	cr_assert(s != NULL);
	evbuffer_remove(b, s, n);
	s[n] = '\0';
	return s;
}

Test(metrics_format, families_group_samples_with_labels)
{
	struct counter_registry *reg = counter_registry_new();
	struct counter_set u, t;
	struct evbuffer *b = evbuffer_new();
	char *s;

	counter_set_init(&u, udp_defs, 2, "listener", "syslog/udp %s",
	    "127.0.0.1:514");
	counter_set_init(&t, tcp_defs, 2, "alert-log", "a \"q\" \\ b");
	counter_registry_add(reg, &u);
	counter_registry_add(reg, &t);
	counter_add(&u, 0, 7);
	counter_add(&u, 1, 2);
	counter_add(&t, 0, 5);
	counter_add(&t, 1, 3);
	cr_assert(eq(int, metrics_format(reg, NULL, 0, b), 0));
	s = text_of(b);
	cr_assert(eq(str, s,
	    "# HELP evcorrd_frames_total frames received\n"
	    "# TYPE evcorrd_frames_total counter\n"
	    "evcorrd_frames_total{listener=\"syslog/udp 127.0.0.1:514\"} 7\n"
	    "evcorrd_frames_total{alert_log=\"a \\\"q\\\" \\\\ b\"} 5\n"
	    "# HELP evcorrd_drops_total frames \\\\ dropped\\nat once\n"
	    "# TYPE evcorrd_drops_total counter\n"
	    "evcorrd_drops_total{listener=\"syslog/udp 127.0.0.1:514\"} 2\n"
	    "# HELP evcorrd_syslog_tcp_conns_total connections accepted\n"
	    "# TYPE evcorrd_syslog_tcp_conns_total counter\n"
	    "evcorrd_syslog_tcp_conns_total{alert_log=\"a \\\"q\\\" \\\\ "
	    "b\"} 3\n"));
	free(s);
	counter_set_clear(&u);
	counter_set_clear(&t);
	counter_registry_free(reg);
	evbuffer_free(b);
}

Test(metrics_format, gauges_follow_the_counters)
{
	struct counter_registry *reg = counter_registry_new();
	struct metrics_gauge g[] = {
		{ "windows_open", "states held", 3 },
		{ "uptime_seconds", "since start", 1.5 },
	};
	struct evbuffer *b = evbuffer_new();
	char *s;

	cr_assert(eq(int, metrics_format(reg, g, 2, b), 0));
	s = text_of(b);
	cr_assert(eq(str, s,
	    "# HELP evcorrd_windows_open states held\n"
	    "# TYPE evcorrd_windows_open gauge\n"
	    "evcorrd_windows_open 3\n"
	    "# HELP evcorrd_uptime_seconds since start\n"
	    "# TYPE evcorrd_uptime_seconds gauge\n"
	    "evcorrd_uptime_seconds 1.5\n"));
	free(s);
	counter_registry_free(reg);
	evbuffer_free(b);
}

Test(metrics_format, name_gets_one_total_suffix)
{
	char buf[64];

	metrics_format_name("alerts", buf, sizeof(buf));
	cr_assert(eq(str, buf, "evcorrd_alerts_total"));
	metrics_format_name("x_total", buf, sizeof(buf));
	cr_assert(eq(str, buf, "evcorrd_x_total"));
	metrics_format_name("a-b.c", buf, sizeof(buf));
	cr_assert(eq(str, buf, "evcorrd_a_b_c_total"));
}
