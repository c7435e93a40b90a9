/* SPDX-License-Identifier: ISC */
/*
 * Who holds the correlator's states: for each peer address (the sender an
 * opening event came from), how many states it holds, oldest first, and
 * which peer holds most.  So that one sender's invented hosts cannot fill
 * the table: its share is capped (max-windows-per-peer), and at the
 * table's cap the peer holding most gives way first.  Pure.
 */
#ifndef DAEMON_ENGINE_PEER_SHARE_H
#define DAEMON_ENGINE_PEER_SHARE_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#include "core/heap.h"

struct peer_share;  /* one peer's entry */
struct peer_shares; /* the table */

/* Embedded in each state a peer holds. */
struct peer_share_link {
	struct peer_share *peer; /* NULL: held by no peer */
	TAILQ_ENTRY(peer_share_link) entry;
};

/* seed keys the table's hash (copied).  Dies on OOM. */
struct peer_shares *peer_shares_new(const uint64_t seed[2]);
void peer_shares_free(struct peer_shares *t); /* NULL is a no-op */

/* States held by addr (0 when it holds none). */
size_t peer_shares_held(const struct peer_shares *t, const char *addr);

/* link (of a new state) becomes addr's newest state; addr is at most
   WINEVENT_PEER_MAX bytes with its NUL. */
void peer_shares_add(struct peer_shares *t, const char *addr,
    struct peer_share_link *link);
/* link's state is gone; a peer holding nothing more is forgotten. */
void peer_shares_remove(struct peer_shares *t, struct peer_share_link *link);

/* The oldest state of the peer holding most, or NULL when none. */
struct peer_share_link *peer_shares_oldest_of_largest(
    const struct peer_shares *t);
/* The address of the peer holding link's state. */
const char *peer_shares_addr(const struct peer_share_link *link);
/* Peers holding a state. */
size_t peer_shares_peers(const struct peer_shares *t);

#endif
