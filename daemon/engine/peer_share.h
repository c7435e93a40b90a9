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

#include <stddef.h>
#include <stdint.h>

#include "core/heap.h"

struct peer_share;  /* one peer's entry */
struct peer_shares; /* the table */

/*
 * Embedded in each state a peer holds, link_off bytes into the state's
 * chunk of the slab given to peer_shares_new(): the list of a peer's
 * states is of 32-bit slab references (12 bytes a state, not 24).
 */
struct peer_share_link {
	uint32_t peer;       /* its entry (the table's reference); 0: none */
	uint32_t prev, next; /* the peer's states, oldest first; 0: none */
};

/*
 * seed keys the table's hash (copied); the states holding links are
 * chunks of states (of at most SLAB_CHUNK_MAX bytes), their link
 * link_off bytes in; states must outlive the table.  Dies on OOM.
 */
struct slab;
struct peer_shares *peer_shares_new(const uint64_t seed[2],
    const struct slab *states, size_t link_off);
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
const char *peer_shares_addr(const struct peer_shares *t,
    const struct peer_share_link *link);
/* Peers holding a state. */
size_t peer_shares_peers(const struct peer_shares *t);

#endif
