/* SPDX-License-Identifier: ISC */
/*
 * evcorrd -T: the test alert (kind "test", marked as a test in every
 * text), and the verdict per destination from the outputs' counters
 * before and after it went out.  Pure: no I/O, no clock.
 */
#ifndef DAEMON_OUTPUT_TEST_ALERT_H
#define DAEMON_OUTPUT_TEST_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "core/counter.h"
#include "engine/alert.h"

#define TEST_ALERT_RULE "evcorrd-test"
#define TEST_ALERT_DEST_MAX 128 /* destinations judged */

/* A new test alert (one reference) for host, with id, at wall_ms. */
struct alert *test_alert_new(const char *host, const char *id, int64_t wall_ms);

/* The outputs' counters at one moment. */
struct test_alert_snap;
struct test_alert_snap *test_alert_snap_take(
    const struct counter_registry *reg);
void test_alert_snap_free(struct test_alert_snap *s); /* NULL: no-op */

enum test_alert_verdict {
	TEST_ALERT_DELIVERED,
	TEST_ALERT_FAILED,
	TEST_ALERT_UNACKED, /* sent, no acknowledgement by the deadline */
};

struct test_alert_result {
	char what[COUNTER_LABEL_MAX + 16]; /* "target nms", "alert-log ..." */
	enum test_alert_verdict verdict;
	const char *why; /* static */
};

/*
 * One result per target and alert log present in after, from what its
 * counters did since before.  Returns how many were written to out.
 */
size_t test_alert_judge(const struct test_alert_snap *before,
    const struct test_alert_snap *after, struct test_alert_result *out,
    size_t max);

#endif
