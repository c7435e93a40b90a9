/* SPDX-License-Identifier: ISC */
/*
 * A target's informs waiting their turn: a bounded FIFO of built PDUs.
 * The head is the one being tried; when the queue is full the oldest
 * one not being tried gives way.  Pure: no I/O, no clock, no logging.
 */
#ifndef DAEMON_OUTPUT_TRAP_QUEUE_H
#define DAEMON_OUTPUT_TRAP_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define TRAP_QUEUE_RULE_MAX 64

struct trap_queue_item {
	netsnmp_pdu *pdu;               /* owned */
	char rule[TRAP_QUEUE_RULE_MAX]; /* for log lines */
	int tries;                      /* sends of it so far */
};

struct trap_queue {
	struct trap_queue_item *v;
	size_t cap, first, count;
};

/* An empty queue for cap (at least 1) items. */
void trap_queue_init(struct trap_queue *q, size_t cap);
/* Frees every PDU and the storage; the queue is then empty, cap 0. */
void trap_queue_clear(struct trap_queue *q);
/*
 * Appends pdu (taking ownership) for rule.  When the queue is full, the
 * oldest item that is not the head being tried (head_busy) is removed
 * and its PDU freed: returns true then (one dropped), else false.  With
 * cap 1 and the head busy, the new pdu itself is dropped.
 */
bool trap_queue_push(struct trap_queue *q, netsnmp_pdu *pdu, const char *rule,
    bool head_busy);
/* The oldest item, or NULL when empty. */
struct trap_queue_item *trap_queue_head(struct trap_queue *q);
/* Removes the head and frees its PDU; no-op when empty. */
void trap_queue_pop(struct trap_queue *q);
size_t trap_queue_count(const struct trap_queue *q);

#endif
