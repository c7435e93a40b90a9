/* SPDX-License-Identifier: ISC */
/*
 * An intrusive (four-ary) min-heap on int64_t keys: callers embed a struct
 * heap_node in their objects, and each node knows its own position, so
 * any node can be re-keyed or removed in O(log n).  The objects live in a
 * slab (core/slab.h), so that the heap's array holds each as a 32-bit
 * reference with its key: 12 bytes a node, not 16.  Pure.
 */
#ifndef DAEMON_CORE_HEAP_H
#define DAEMON_CORE_HEAP_H

#include <stddef.h>
#include <stdint.h>

#define HEAP_NONE UINT32_MAX
/* A heap holds fewer than HEAP_NONE nodes: heap_push() dies beyond. */

/*
 * The key lives only in the heap's array (heap_top_key()); a node is its
 * position alone, 32 bits, so that objects of which a million sit in a
 * heap (correlator windows) stay small.
 */
struct heap_node {
	uint32_t idx; /* HEAP_NONE when in no heap */
};

struct heap;

/*
 * A heap of objects that are chunks of sl (of at most SLAB_CHUNK_MAX
 * bytes), each with its node node_off bytes in.  Nodes are borrowed:
 * heap_free() frees only the heap's own array.  sl must outlive h.
 */
struct slab;
struct heap *heap_new(const struct slab *sl, size_t node_off);
void heap_free(struct heap *h);

/* Inserts n (which must be in no heap) with key. */
void heap_push(struct heap *h, struct heap_node *n, int64_t key);

/* Gives n, which is in h, a new key. */
void heap_update(struct heap *h, struct heap_node *n, int64_t key);

/* Takes n, which is in h, out of h; n->idx becomes HEAP_NONE. */
void heap_remove(struct heap *h, struct heap_node *n);

/* Empties h, setting every node's idx to HEAP_NONE. */
void heap_clear(struct heap *h);

/* The node with the least key, or NULL when h is empty. */
struct heap_node *heap_top(const struct heap *h);
/* The least key; h must not be empty. */
int64_t heap_top_key(const struct heap *h);

size_t heap_len(const struct heap *h);

#endif
