/* SPDX-License-Identifier: ISC */
/*
 * The test alert and its verdicts.  A destination took the alert when
 * its counter of things delivered moved (a trap handed to the network,
 * an inform acknowledged, an alert line written whole); it failed when
 * its error counters moved; otherwise it is still waiting.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/counter.h"
#include "core/xmalloc.h"
#include "engine/alert.h"
#include "output/test_alert.h"

struct test_alert_value {
	const struct counter_set *set; /* identity only, never read */
	const char *group;             /* static */
	char label[COUNTER_LABEL_MAX];
	const char *name; /* static */
	uint64_t v;
};

struct test_alert_snap {
	struct test_alert_value *v;
	size_t n;
};

/* What each kind of destination counts. */
static const struct test_alert_rule {
	const char *group;
	const char *done;    /* moved: delivered */
	const char *fail[2]; /* moved: failed, with why */
	const char *why[2];
	const char *pending; /* neither moved */
} test_alert_rules[] = {
	{ "target", "notifications_sent",
	    { "notification_refused", "notification_send_errors" },
	    { "refused by the host (ICMP unreachable)",
		"send failed, or never acknowledged" },
	    "no acknowledgement before the deadline" },
	{ "alert-log", "alert_log_lines", { "alert_log_errors", NULL },
	    { "not written whole", NULL }, "not written" },
	{ "forward", "forward_sent",
	    { "forward_dropped", "forward_tls_failures" },
	    { "dropped (queue or spool full, or cut)",
		"TLS handshake with the collector failed" },
	    "not sent before the deadline (collector away? it stays queued)" },
};

struct alert *
test_alert_new(const char *host, const char *id, int64_t wall_ms)
{
	struct alert tmpl;

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.kind = ALERT_TEST;
	(void)snprintf(tmpl.id, sizeof(tmpl.id), "%s", id);
	tmpl.rule = TEST_ALERT_RULE;
	tmpl.title = "TEST ALERT from evcorrd -T: not a real event";
	tmpl.cause = "an operator ran evcorrd -T to test the alert path";
	tmpl.fix = "nothing to fix: this is a test";
	tmpl.reference = "evcorrd(8) -T";
	tmpl.severity = SEVERITY_INFO;
	tmpl.host = host;
	tmpl.open.source = "evcorrd";
	tmpl.open.computer = host;
	tmpl.open.via = "test";
	tmpl.open.peer = "";
	tmpl.open.text = "evcorrd test alert: no event was received";
	tmpl.open.time_ms = wall_ms;
	tmpl.time_ms = wall_ms;
	return alert_new(&tmpl);
}

static void
test_alert_snap_cb(const struct counter_set *s, size_t i, void *arg)
{
	struct test_alert_snap *snap = arg;
	struct test_alert_value *v;

	snap->v = xreallocarray(snap->v, snap->n + 1, sizeof(*snap->v));
	v = &snap->v[snap->n++];
	v->set = s;
	v->group = s->group;
	(void)snprintf(v->label, sizeof(v->label), "%s", s->label);
	v->name = s->defs[i].name;
	v->v = counter_get(s, i);
}

struct test_alert_snap *
test_alert_snap_take(const struct counter_registry *reg)
{
	struct test_alert_snap *snap = xcalloc(1, sizeof(*snap));

	counter_registry_foreach(reg, test_alert_snap_cb, snap);
	return snap;
}

void
test_alert_snap_free(struct test_alert_snap *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s);
}

/* The value of name for the set of v in snap; 0 when absent. */
static uint64_t
test_alert_get(const struct test_alert_snap *snap,
    const struct test_alert_value *like, const char *name)
{
	for (size_t i = 0; i < snap->n; i++)
		if (snap->v[i].set == like->set &&
		    strcmp(snap->v[i].label, like->label) == 0 &&
		    strcmp(snap->v[i].name, name) == 0)
			return snap->v[i].v;
	return 0;
}

static uint64_t
test_alert_delta(const struct test_alert_snap *before,
    const struct test_alert_snap *after, const struct test_alert_value *v,
    const char *name)
{
	return test_alert_get(after, v, name) - test_alert_get(before, v, name);
}

static void
test_alert_judge_one(const struct test_alert_rule *r,
    const struct test_alert_snap *before, const struct test_alert_snap *after,
    const struct test_alert_value *v, struct test_alert_result *res)
{
	(void)snprintf(res->what, sizeof(res->what), "%s %s", r->group,
	    v->label);
	for (size_t k = 0; k < 2; k++)
		if (r->fail[k] != NULL &&
		    test_alert_delta(before, after, v, r->fail[k]) > 0) {
			res->verdict = TEST_ALERT_FAILED;
			res->why = r->why[k];
			return;
		}
	if (test_alert_delta(before, after, v, r->done) > 0) {
		res->verdict = TEST_ALERT_DELIVERED;
		res->why = "";
		return;
	}
	res->verdict =
	    r->fail[1] != NULL ? TEST_ALERT_UNACKED : TEST_ALERT_FAILED;
	res->why = r->pending;
}

size_t
test_alert_judge(const struct test_alert_snap *before,
    const struct test_alert_snap *after, struct test_alert_result *out,
    size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < after->n && n < max; i++) {
		const struct test_alert_value *v = &after->v[i];

		for (size_t k = 0;
		     k < sizeof(test_alert_rules) / sizeof(test_alert_rules[0]);
		     k++) {
			const struct test_alert_rule *r = &test_alert_rules[k];

			/* one result per set: at its "done" counter */
			if (strcmp(v->group, r->group) == 0 &&
			    strcmp(v->name, r->done) == 0)
				test_alert_judge_one(r, before, after, v,
				    &out[n++]);
		}
	}
	return n;
}
