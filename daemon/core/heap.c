/* SPDX-License-Identifier: ISC */
/*
 * The intrusive min-heap of heap.h: an array of node pointers that grows
 * by doubling and shrinks by half when a quarter full.
 */
#include "config.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/heap.h"
#include "core/xmalloc.h"

#define HEAP_CAP_MIN 16

struct heap {
	struct heap_node **nodes;
	size_t len;
	size_t cap;
};

static void
heap_set(struct heap *h, size_t i, struct heap_node *n)
{
	h->nodes[i] = n;
	n->idx = i;
}

static void
heap_up(struct heap *h, size_t i)
{
	struct heap_node *n = h->nodes[i];

	while (i > 0 && h->nodes[(i - 1) / 2]->key > n->key) {
		heap_set(h, i, h->nodes[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(h, i, n);
}

static void
heap_down(struct heap *h, size_t i)
{
	struct heap_node *n = h->nodes[i];
	size_t child;

	while ((child = 2 * i + 1) < h->len) {
		if (child + 1 < h->len &&
		    h->nodes[child + 1]->key < h->nodes[child]->key)
			child++;
		if (h->nodes[child]->key >= n->key)
			break;
		heap_set(h, i, h->nodes[child]);
		i = child;
	}
	heap_set(h, i, n);
}

static void
heap_resize(struct heap *h, size_t cap)
{
	h->nodes = xreallocarray(h->nodes, cap, sizeof(*h->nodes));
	h->cap = cap;
}

struct heap *
heap_new(void)
{
	struct heap *h = xcalloc(1, sizeof(*h));

	heap_resize(h, HEAP_CAP_MIN);
	return h;
}

void
heap_free(struct heap *h)
{
	if (h == NULL)
		return;
	free(h->nodes);
	free(h);
}

void
heap_push(struct heap *h, struct heap_node *n, int64_t key)
{
	assert(n->idx == HEAP_NONE);
	if (h->len == h->cap)
		heap_resize(h, h->cap * 2);
	n->key = key;
	heap_set(h, h->len++, n);
	heap_up(h, n->idx);
}

void
heap_update(struct heap *h, struct heap_node *n, int64_t key)
{
	assert(n->idx < h->len && h->nodes[n->idx] == n);
	n->key = key;
	heap_up(h, n->idx);
	heap_down(h, n->idx);
}

void
heap_remove(struct heap *h, struct heap_node *n)
{
	size_t i = n->idx;

	assert(i < h->len && h->nodes[i] == n);
	n->idx = HEAP_NONE;
	if (i != --h->len) {
		heap_set(h, i, h->nodes[h->len]);
		heap_up(h, i);
		heap_down(h, h->nodes[i]->idx);
	}
	if (h->cap > HEAP_CAP_MIN && h->len < h->cap / 4)
		heap_resize(h, h->cap / 2);
}

void
heap_clear(struct heap *h)
{
	size_t i;

	for (i = 0; i < h->len; i++)
		h->nodes[i]->idx = HEAP_NONE;
	h->len = 0;
	if (h->cap > HEAP_CAP_MIN)
		heap_resize(h, HEAP_CAP_MIN);
}

struct heap_node *
heap_top(const struct heap *h)
{
	return h->len > 0 ? h->nodes[0] : NULL;
}

size_t
heap_len(const struct heap *h)
{
	return h->len;
}
