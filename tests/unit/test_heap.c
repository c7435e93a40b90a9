/* SPDX-License-Identifier: ISC */
/* heap: random pushes, re-keys and removals against a plain scan. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/heap.h"
#include "core/slab.h"

#define NODES 2000

struct item {
	struct heap_node node;
	int64_t key;
	bool is_in;
};

/* The least key of the items in the heap, by looking at each. */
static const struct item *
scan_min(struct item *const *v, size_t n)
{
	const struct item *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (v[i]->is_in && (best == NULL || v[i]->key < best->key))
			best = v[i];
	return best;
}

Test(heap, agrees_with_a_scan)
{
	/* the heap holds its objects by slab reference: items are chunks */
	static struct item *v[NODES];
	struct slab *sl = slab_new();
	struct heap *h = heap_new(sl, offsetof(struct item, node));
	unsigned int seed = 7;
	size_t in = 0;

	for (size_t i = 0; i < NODES; i++) {
		v[i] = slab_get(sl, sizeof(struct item));
		v[i]->node.idx = HEAP_NONE;
	}
	for (int step = 0; step < 200000; step++) {
		struct item *it = v[(size_t)rand_r(&seed) % NODES];
		/* few distinct keys: ties everywhere */
		int64_t key = (int64_t)(rand_r(&seed) % 500) - 250;
		const struct item *want;
		struct heap_node *top;

		switch (rand_r(&seed) % 3) {
		case 0:
			if (it->is_in)
				heap_update(h, &it->node, key);
			else {
				heap_push(h, &it->node, key);
				in++;
			}
			it->key = key;
			it->is_in = true;
			break;
		case 1:
			if (it->is_in) {
				heap_remove(h, &it->node);
				cr_assert(eq(sz, it->node.idx, HEAP_NONE));
				it->is_in = false;
				in--;
			}
			break;
		default:
			/* pop the least, as expiry does */
			if ((top = heap_top(h)) != NULL) {
				struct item *t = (struct item *)(void *)top;

				heap_remove(h, top);
				t->is_in = false;
				in--;
			}
			break;
		}
		cr_assert(eq(sz, heap_len(h), in));
		want = scan_min(v, NODES);
		top = heap_top(h);
		if (want == NULL) {
			cr_assert(top == NULL);
			continue;
		}
		cr_assert(top != NULL);
		cr_assert(eq(i64, heap_top_key(h), want->key), "step %d", step);
	}
	heap_clear(h);
	for (size_t i = 0; i < NODES; i++)
		cr_assert(eq(u32, v[i]->node.idx, HEAP_NONE));
	cr_assert(heap_top(h) == NULL);
	heap_free(h);
	slab_free(sl);
}
