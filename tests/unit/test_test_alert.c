/* SPDX-License-Identifier: ISC */
/*
 * test_alert: the test alert is kind "test" with no closing event, and
 * the verdicts: a delivered counter moved, an error counter moved (and
 * wins), or nothing moved (a target waits, an alert log failed).
 */
#include "config.h"

#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/counter.h"
#include "engine/alert.h"
#include "output/test_alert.h"

#include "criterion_str.h"

static const struct counter_def target_defs[] = {
	{ "notifications_sent", "sent" },
	{ "notification_send_errors", "lost" },
	{ "notification_refused", "refused" },
};

static const struct counter_def log_defs[] = {
	{ "alert_log_lines", "lines" },
	{ "alert_log_errors", "errors" },
};

Test(test_alert, is_a_marked_test_without_close)
{
	struct alert *a = test_alert_new("h1", "id-1", 1000);

	cr_assert(eq(int, a->kind, ALERT_TEST));
	cr_assert(not(a->has_close));
	cr_assert(eq(int, strcmp(a->rule, TEST_ALERT_RULE), 0));
	cr_assert(eq(str, a->id, "id-1"));
	cr_assert(eq(int, strcmp(a->host, "h1"), 0));
	cr_assert(strstr(a->title, "TEST") != NULL);
	alert_free(a);
}

Test(test_alert, verdicts_from_the_counters)
{
	struct counter_registry *reg = counter_registry_new();
	struct counter_set ok, lost, quiet, log, badlog;
	struct test_alert_snap *before, *after;
	struct test_alert_result r[8];
	size_t n;

	counter_set_init(&ok, target_defs, 3, "target", "ok");
	counter_set_init(&lost, target_defs, 3, "target", "lost");
	counter_set_init(&quiet, target_defs, 3, "target", "quiet");
	counter_set_init(&log, log_defs, 2, "alert-log", "file");
	counter_set_init(&badlog, log_defs, 2, "alert-log", "bad");
	counter_registry_add(reg, &ok);
	counter_registry_add(reg, &lost);
	counter_registry_add(reg, &quiet);
	counter_registry_add(reg, &log);
	counter_registry_add(reg, &badlog);
	counter_add(&ok, 0, 5); /* earlier traffic does not count */
	before = test_alert_snap_take(reg);
	counter_inc(&ok, 0);
	counter_inc(&lost, 0);
	counter_inc(&lost, 2); /* refused wins over sent */
	counter_inc(&log, 0);
	after = test_alert_snap_take(reg);
	n = test_alert_judge(before, after, r, 8);
	cr_assert(eq(sz, n, 5));
	cr_assert(eq(str, r[0].what, "target ok"));
	cr_assert(eq(int, r[0].verdict, TEST_ALERT_DELIVERED));
	cr_assert(eq(int, r[1].verdict, TEST_ALERT_FAILED));
	cr_assert(strstr(r[1].why, "refused") != NULL);
	cr_assert(eq(int, r[2].verdict, TEST_ALERT_UNACKED));
	cr_assert(eq(str, r[3].what, "alert-log file"));
	cr_assert(eq(int, r[3].verdict, TEST_ALERT_DELIVERED));
	cr_assert(eq(int, r[4].verdict, TEST_ALERT_FAILED));
	test_alert_snap_free(before);
	test_alert_snap_free(after);
	counter_set_clear(&ok);
	counter_set_clear(&lost);
	counter_set_clear(&quiet);
	counter_set_clear(&log);
	counter_set_clear(&badlog);
	counter_registry_free(reg);
}
