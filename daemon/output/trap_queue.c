/* SPDX-License-Identifier: ISC */
/*
 * A ring of PDUs: push at the tail, pop at the head, and at the cap the
 * oldest not being tried is dropped.  Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/xmalloc.h"
#include "output/trap_queue.h"

static struct trap_queue_item *
trap_queue_at(struct trap_queue *q, size_t i)
{
	return &q->v[(q->first + i) % q->cap];
}

void
trap_queue_init(struct trap_queue *q, size_t cap)
{
	memset(q, 0, sizeof(*q));
	q->cap = cap > 0 ? cap : 1;
	q->v = xcalloc(q->cap, sizeof(*q->v));
}

void
trap_queue_clear(struct trap_queue *q)
{
	while (q->count > 0)
		trap_queue_pop(q);
	free(q->v);
	memset(q, 0, sizeof(*q));
}

/* Removes item i (0 is the head), closing the gap; frees its PDU. */
static void
trap_queue_remove(struct trap_queue *q, size_t i)
{
	snmp_free_pdu(trap_queue_at(q, i)->pdu);
	for (; i + 1 < q->count; i++)
		*trap_queue_at(q, i) = *trap_queue_at(q, i + 1);
	q->count--;
}

bool
trap_queue_push(struct trap_queue *q, netsnmp_pdu *pdu, const char *rule,
    bool head_busy)
{
	struct trap_queue_item *it;
	bool dropped = false;

	if (q->count == q->cap) {
		if (head_busy && q->cap == 1) {
			snmp_free_pdu(pdu);
			return true;
		}
		trap_queue_remove(q, head_busy ? 1 : 0);
		dropped = true;
	}
	it = trap_queue_at(q, q->count++);
	memset(it, 0, sizeof(*it));
	it->pdu = pdu;
	(void)snprintf(it->rule, sizeof(it->rule), "%s", rule);
	return dropped;
}

struct trap_queue_item *
trap_queue_head(struct trap_queue *q)
{
	return q->count > 0 ? trap_queue_at(q, 0) : NULL;
}

void
trap_queue_pop(struct trap_queue *q)
{
	if (q->count == 0)
		return;
	snmp_free_pdu(trap_queue_at(q, 0)->pdu);
	q->first = (q->first + 1) % q->cap;
	q->count--;
}

size_t
trap_queue_count(const struct trap_queue *q)
{
	return q->count;
}
