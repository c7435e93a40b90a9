/* SPDX-License-Identifier: ISC */
/*
 * The peers' shares of the correlator's states: a keyed hash table of
 * peers, each with its states in order, and a heap on the peers' counts
 * (negated, the heap being a min-heap) for the one holding most.
 */
#include "config.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "core/siphash.h"
#include "core/slab.h"
#include "core/xmalloc.h"
#include "engine/peer_share.h"

#define PEER_SHARES_BUCKETS_MIN 16

struct peer_share {
	struct peer_share *next; /* hash chain */
	uint64_t hash;
	size_t held;
	struct heap_node node; /* key: -held */
	/* its states, oldest first: their links' references (0: none) */
	uint32_t first, last;
	char addr[];
};

struct peer_shares {
	uint64_t seed[2];
	struct peer_share **buckets;
	size_t nbuckets; /* a power of two */
	size_t count;
	struct heap *by_held;
	struct slab *slab; /* the entries (the heap holds slab references) */
	const struct slab *states; /* the links' (borrowed) */
	size_t link_off;
};

/* The link of reference ref (a state's, link_off bytes into its chunk). */
static struct peer_share_link *
peer_shares_link(const struct peer_shares *t, uint32_t ref)
{
	return slab_member(t->states, ref, t->link_off);
}

static uint32_t
peer_shares_ref(const struct peer_shares *t, const struct peer_share_link *l)
{
	return slab_member_ref(l, t->link_off);
}

/* The size of the entry of a peer whose address is len bytes. */
static size_t
peer_share_size(size_t len)
{
	return sizeof(struct peer_share) + len + 1;
}

static struct peer_share *
peer_shares_find(const struct peer_shares *t, const char *addr, uint64_t hash)
{
	struct peer_share *p = t->buckets[hash & (t->nbuckets - 1)];

	for (; p != NULL; p = p->next)
		if (p->hash == hash && strcmp(p->addr, addr) == 0)
			return p;
	return NULL;
}

static uint64_t
peer_shares_hash(const struct peer_shares *t, const char *addr)
{
	return siphash24(t->seed, addr, strlen(addr));
}

static void
peer_shares_rehash(struct peer_shares *t, size_t n)
{
	struct peer_share **nb = xcalloc(n, sizeof(*nb)), *p, *next;

	for (size_t i = 0; i < t->nbuckets; i++)
		for (p = t->buckets[i]; p != NULL; p = next) {
			next = p->next;
			p->next = nb[p->hash & (n - 1)];
			nb[p->hash & (n - 1)] = p;
		}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
}

struct peer_shares *
peer_shares_new(const uint64_t seed[2], const struct slab *states,
    size_t link_off)
{
	struct peer_shares *t = xcalloc(1, sizeof(*t));

	t->states = states;
	t->link_off = link_off;
	t->seed[0] = seed[0] ^ 0x7065657273686172ULL; /* apart from hosts' */
	t->seed[1] = seed[1];
	t->nbuckets = PEER_SHARES_BUCKETS_MIN;
	t->buckets = xcalloc(t->nbuckets, sizeof(*t->buckets));
	t->slab = slab_new();
	t->by_held = heap_new(t->slab, offsetof(struct peer_share, node));
	return t;
}

void
peer_shares_free(struct peer_shares *t)
{
	if (t == NULL)
		return;
	/* the entries own nothing: their blocks go with the slab */
	free(t->buckets);
	heap_free(t->by_held);
	slab_free(t->slab);
	free(t);
}

size_t
peer_shares_held(const struct peer_shares *t, const char *addr)
{
	const struct peer_share *p =
	    peer_shares_find(t, addr, peer_shares_hash(t, addr));

	return p != NULL ? p->held : 0;
}

void
peer_shares_add(struct peer_shares *t, const char *addr,
    struct peer_share_link *link)
{
	uint64_t hash = peer_shares_hash(t, addr);
	struct peer_share *p = peer_shares_find(t, addr, hash);
	uint32_t ref;
	size_t len;

	if (p == NULL) {
		if (t->count >= t->nbuckets && t->nbuckets <= SIZE_MAX / 4)
			peer_shares_rehash(t, t->nbuckets * 2);
		len = strlen(addr);
		/* an entry is a slab chunk (addresses are WINEVENT_PEER_MAX) */
		assert(peer_share_size(len) <= SLAB_CHUNK_MAX);
		p = slab_get(t->slab, peer_share_size(len));
		memcpy(p->addr, addr, len + 1);
		p->hash = hash;
		p->node.idx = HEAP_NONE;
		p->next = t->buckets[hash & (t->nbuckets - 1)];
		t->buckets[hash & (t->nbuckets - 1)] = p;
		t->count++;
		heap_push(t->by_held, &p->node, 0);
	}
	ref = peer_shares_ref(t, link);
	link->peer = slab_ref(p);
	link->prev = p->last;
	link->next = 0;
	if (p->last != 0)
		peer_shares_link(t, p->last)->next = ref;
	else
		p->first = ref;
	p->last = ref;
	p->held++;
	heap_update(t->by_held, &p->node, -(int64_t)p->held);
}

void
peer_shares_remove(struct peer_shares *t, struct peer_share_link *link)
{
	struct peer_share *p, **pp;

	if (link->peer == 0)
		return;
	p = slab_at(t->slab, link->peer);
	if (link->prev != 0)
		peer_shares_link(t, link->prev)->next = link->next;
	else
		p->first = link->next;
	if (link->next != 0)
		peer_shares_link(t, link->next)->prev = link->prev;
	else
		p->last = link->prev;
	link->peer = link->prev = link->next = 0;
	if (--p->held > 0) {
		heap_update(t->by_held, &p->node, -(int64_t)p->held);
		return;
	}
	heap_remove(t->by_held, &p->node);
	for (pp = &t->buckets[p->hash & (t->nbuckets - 1)]; *pp != p;)
		pp = &(*pp)->next;
	*pp = p->next;
	t->count--;
	slab_put(t->slab, p, peer_share_size(strlen(p->addr)));
	if (t->nbuckets > PEER_SHARES_BUCKETS_MIN && t->count < t->nbuckets / 8)
		peer_shares_rehash(t, t->nbuckets / 2);
}

struct peer_share_link *
peer_shares_oldest_of_largest(const struct peer_shares *t)
{
	struct heap_node *n = heap_top(t->by_held);
	struct peer_share *p;

	if (n == NULL)
		return NULL;
	p = (struct peer_share *)(void *)((char *)n -
	    offsetof(struct peer_share, node));
	return p->first != 0 ? peer_shares_link(t, p->first) : NULL;
}

const char *
peer_shares_addr(const struct peer_shares *t,
    const struct peer_share_link *link)
{
	const struct peer_share *p;

	if (link->peer == 0)
		return "";
	p = slab_at(t->slab, link->peer);
	return p->addr;
}

size_t
peer_shares_peers(const struct peer_shares *t)
{
	return t->count;
}
