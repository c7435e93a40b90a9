/* SPDX-License-Identifier: ISC */
/*
 * The intrusive min-heap of heap.h, four-ary: an array of (key, object's
 * slab reference) that grows by doubling and shrinks by half when a
 * quarter full.
 */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/heap.h"
#include "core/slab.h"
#include "core/xmalloc.h"

#define HEAP_CAP_MIN 16
/*
 * Four children a node: half the levels of a binary heap, and the
 * children's keys side by side, so a sift touches half as many nodes.
 */
#define HEAP_ARITY 4
#define HEAP_PARENT(i) (((i)-1) / HEAP_ARITY)

/*
 * Each slot holds its node's key as well: sifting compares keys in the
 * array, touching a node only to tell it where it moved, so a heap of a
 * million windows costs about one cache miss per level, not three.
 */
struct __attribute__((packed, aligned(4))) heap_slot {
	int64_t key;
	uint32_t ref; /* the object's (slab_ref()) */
};
_Static_assert(sizeof(struct heap_slot) == 12, "12 bytes a node");

struct heap {
	struct heap_slot *slots;
	size_t len;
	size_t cap;
	const struct slab *sl;
	size_t node_off;
};

static struct heap_node *
heap_node_of(const struct heap *h, uint32_t ref)
{
	return slab_member(h->sl, ref, h->node_off);
}

static uint32_t
heap_ref_of(const struct heap *h, const struct heap_node *n)
{
	return slab_member_ref(n, h->node_off);
}

static void
heap_set(struct heap *h, size_t i, struct heap_slot slot)
{
	h->slots[i] = slot;
	/* i < len < HEAP_NONE: heap_push() */
	heap_node_of(h, slot.ref)->idx = (uint32_t)i;
}

static void
heap_up(struct heap *h, size_t i)
{
	struct heap_slot n = h->slots[i];

	while (i > 0 && h->slots[HEAP_PARENT(i)].key > n.key) {
		heap_set(h, i, h->slots[HEAP_PARENT(i)]);
		i = HEAP_PARENT(i);
	}
	heap_set(h, i, n);
}

static void
heap_down(struct heap *h, size_t i)
{
	struct heap_slot n = h->slots[i];
	size_t first, last, child;

	while ((first = HEAP_ARITY * i + 1) < h->len) {
		last =
		    first + HEAP_ARITY < h->len ? first + HEAP_ARITY : h->len;
		child = first;
		for (size_t k = first + 1; k < last; k++)
			if (h->slots[k].key < h->slots[child].key)
				child = k;
		if (h->slots[child].key >= n.key)
			break;
		heap_set(h, i, h->slots[child]);
		i = child;
	}
	heap_set(h, i, n);
}

static void
heap_resize(struct heap *h, size_t cap)
{
	h->slots = xreallocarray(h->slots, cap, sizeof(*h->slots));
	h->cap = cap;
}

struct heap *
heap_new(const struct slab *sl, size_t node_off)
{
	struct heap *h = xcalloc(1, sizeof(*h));

	h->sl = sl;
	h->node_off = node_off;
	heap_resize(h, HEAP_CAP_MIN);
	return h;
}

void
heap_free(struct heap *h)
{
	if (h == NULL)
		return;
	free(h->slots);
	free(h);
}

void
heap_push(struct heap *h, struct heap_node *n, int64_t key)
{
	assert(n->idx == HEAP_NONE);
	if (h->len >= (size_t)HEAP_NONE - 1)
		abort(); /* positions are 32-bit; as an allocation failure */
	if (h->len == h->cap)
		heap_resize(h, h->cap * 2);
	heap_set(h, h->len++, (struct heap_slot){ key, heap_ref_of(h, n) });
	heap_up(h, n->idx);
}

void
heap_update(struct heap *h, struct heap_node *n, int64_t key)
{
	size_t i = n->idx;
	int64_t old;

	assert(i < h->len && h->slots[i].ref == heap_ref_of(h, n));
	/* only the way the key moved: an unchanged key reads no parent and
	   no children (at a million nodes, each a cache miss) */
	if ((old = h->slots[i].key) == key)
		return;
	h->slots[i].key = key;
	if (key < old)
		heap_up(h, i);
	else
		heap_down(h, i);
}

void
heap_remove(struct heap *h, struct heap_node *n)
{
	size_t i = n->idx;

	assert(i < h->len && h->slots[i].ref == heap_ref_of(h, n));
	n->idx = HEAP_NONE;
	if (i != --h->len) {
		heap_set(h, i, h->slots[h->len]);
		heap_up(h, i);
		heap_down(h, heap_node_of(h, h->slots[i].ref)->idx);
	}
	if (h->cap > HEAP_CAP_MIN && h->len < h->cap / 4)
		heap_resize(h, h->cap / 2);
}

void
heap_clear(struct heap *h)
{
	size_t i;

	for (i = 0; i < h->len; i++)
		heap_node_of(h, h->slots[i].ref)->idx = HEAP_NONE;
	h->len = 0;
	if (h->cap > HEAP_CAP_MIN)
		heap_resize(h, HEAP_CAP_MIN);
}

struct heap_node *
heap_top(const struct heap *h)
{
	return h->len > 0 ? heap_node_of(h, h->slots[0].ref) : NULL;
}

int64_t
heap_top_key(const struct heap *h)
{
	assert(h->len > 0);
	return h->slots[0].key;
}

size_t
heap_len(const struct heap *h)
{
	return h->len;
}
