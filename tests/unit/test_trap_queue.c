/* SPDX-License-Identifier: ISC */
/*
 * trap_queue: first in, first out; at the cap the oldest not being tried
 * gives way; popping frees.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "output/trap_queue.h"

static struct trap_queue q;

static void
teardown(void)
{
	trap_queue_clear(&q);
}

TestSuite(trap_queue, .fini = teardown);

/* A PDU told apart by its request-id. */
static netsnmp_pdu *
pdu(long id)
{
	netsnmp_pdu *p = snmp_pdu_create(SNMP_MSG_INFORM);

	cr_assert(ne(ptr, p, NULL));
	p->reqid = id;
	return p;
}

static long
head_id(void)
{
	struct trap_queue_item *it = trap_queue_head(&q);

	cr_assert(ne(ptr, it, NULL));
	return it->pdu->reqid;
}

Test(trap_queue, first_in_first_out)
{
	trap_queue_init(&q, 3);
	cr_assert(eq(ptr, trap_queue_head(&q), NULL));
	cr_assert(not(trap_queue_push(&q, pdu(1), "a", false)));
	cr_assert(not(trap_queue_push(&q, pdu(2), "b", false)));
	cr_assert(eq(sz, trap_queue_count(&q), 2));
	cr_assert(eq(long, head_id(), 1));
	cr_assert(eq(str, trap_queue_head(&q)->rule, "a"));
	cr_assert(eq(int, trap_queue_head(&q)->tries, 0));
	trap_queue_pop(&q);
	cr_assert(eq(long, head_id(), 2));
	trap_queue_pop(&q);
	cr_assert(eq(sz, trap_queue_count(&q), 0));
	trap_queue_pop(&q); /* empty: no-op */
	cr_assert(eq(sz, trap_queue_count(&q), 0));
}

Test(trap_queue, full_drops_the_oldest)
{
	trap_queue_init(&q, 2);
	(void)trap_queue_push(&q, pdu(1), "r", false);
	(void)trap_queue_push(&q, pdu(2), "r", false);
	cr_assert(trap_queue_push(&q, pdu(3), "r", false));
	cr_assert(eq(sz, trap_queue_count(&q), 2));
	cr_assert(eq(long, head_id(), 2));
}

Test(trap_queue, full_keeps_the_head_being_tried)
{
	trap_queue_init(&q, 3);
	(void)trap_queue_push(&q, pdu(1), "r", true);
	(void)trap_queue_push(&q, pdu(2), "r", true);
	(void)trap_queue_push(&q, pdu(3), "r", true);
	trap_queue_head(&q)->tries = 2;
	cr_assert(trap_queue_push(&q, pdu(4), "r", true));
	cr_assert(eq(long, head_id(), 1));
	cr_assert(eq(int, trap_queue_head(&q)->tries, 2));
	trap_queue_pop(&q);
	cr_assert(eq(long, head_id(), 3));
	trap_queue_pop(&q);
	cr_assert(eq(long, head_id(), 4));
}

Test(trap_queue, wraps_around)
{
	trap_queue_init(&q, 2);
	for (long i = 1; i <= 5; i++) {
		(void)trap_queue_push(&q, pdu(i), "r", false);
		cr_assert(eq(long, head_id(), i));
		trap_queue_pop(&q);
	}
	cr_assert(eq(sz, trap_queue_count(&q), 0));
}

Test(trap_queue, cap_one_with_the_head_busy_drops_the_new_one)
{
	trap_queue_init(&q, 1);
	(void)trap_queue_push(&q, pdu(1), "r", true);
	cr_assert(trap_queue_push(&q, pdu(2), "r", true));
	cr_assert(eq(sz, trap_queue_count(&q), 1));
	cr_assert(eq(long, head_id(), 1));
}
