/* SPDX-License-Identifier: ISC */
/*
 * Chunks for many small objects whose size the owner knows again when it
 * frees one (a correlator state: its host key and summary room): carved
 * back to back from large blocks, with no header and 8-byte rounding,
 * where malloc adds 8 bytes to each and rounds to 16.  A freed chunk goes
 * to the free list of its size and serves the next request of that size;
 * blocks go back to the system only with the slab, so after a peak the
 * memory stays for the next one (as malloc's heap mostly does).  Requests
 * above SLAB_CHUNK_MAX go to malloc.  A chunk from a block has a 32-bit
 * reference (slab_ref(), slab_at()), so that what indexes many chunks
 * (a heap of a million states) keeps 4 bytes a chunk, not a pointer's 8:
 * blocks are aligned to their size, so a chunk's block is found from its
 * address.  Not thread-safe: one owner.  Under
 * AddressSanitizer free chunks are poisoned, so a use after free is still
 * caught.  Pure; dies on OOM (xmalloc).
 */
#ifndef DAEMON_CORE_SLAB_H
#define DAEMON_CORE_SLAB_H

#include <stddef.h>
#include <stdint.h>

#define SLAB_ALIGN 8        /* every chunk is aligned to this */
#define SLAB_CHUNK_MAX 2048 /* larger requests: malloc */
#define SLAB_BLOCK_SHIFT 18
#define SLAB_BLOCK ((size_t)1 << SLAB_BLOCK_SHIFT) /* carved at a time */
/* a reference: block number, then the chunk's offset in 8-byte units */
#define SLAB_REF_OFF_BITS (SLAB_BLOCK_SHIFT - 3)
#define SLAB_BLOCKS_MAX ((size_t)1 << (32 - SLAB_REF_OFF_BITS)) /* 32 GiB */

/* Private: here for slab_at() and slab_ref() to be inlined. */
struct slab {
	struct slab_chunk *free[SLAB_CHUNK_MAX / SLAB_ALIGN + 1];
	char **blocks; /* by number */
	size_t nblocks;
	char *bump; /* the newest block's room not yet carved */
	char *end;
	size_t used;
};

/* Each block starts with its number. */
struct slab_block {
	uint32_t number;
	uint32_t pad[3]; /* chunks start 16 bytes in */
};

struct slab *slab_new(void);
/* Frees the slab, every block and every chunk left (NULL is a no-op). */
void slab_free(struct slab *sl);

/* A zeroed chunk of n bytes (n > 0), aligned to SLAB_ALIGN. */
void *slab_get(struct slab *sl, size_t n);
/* Gives back p (NULL is a no-op), got with slab_get(sl, n): the same n. */
void slab_put(struct slab *sl, void *p, size_t n);

/*
 * The reference of chunk p, got with slab_get(sl, n) for an n of at most
 * SLAB_CHUNK_MAX; never 0.
 */
static inline uint32_t
slab_ref(const void *p)
{
	uintptr_t base = (uintptr_t)p & ~(uintptr_t)(SLAB_BLOCK - 1);

	return ((const struct slab_block *)base)->number << SLAB_REF_OFF_BITS |
	    (uint32_t)(((uintptr_t)p - base) >> 3);
}

/* The chunk of reference ref (from slab_ref() of a chunk of sl). */
static inline void *
slab_at(const struct slab *sl, uint32_t ref)
{
	return sl->blocks[ref >> SLAB_REF_OFF_BITS] +
	    ((size_t)(ref & ((1u << SLAB_REF_OFF_BITS) - 1)) << 3);
}

/*
 * For an intrusive member (a heap node, a list link) off bytes into its
 * object's chunk: the member of the chunk of reference ref, and the
 * reference of the chunk that holds member m.
 */
static inline void *
slab_member(const struct slab *sl, uint32_t ref, size_t off)
{
	return (char *)slab_at(sl, ref) + off;
}

static inline uint32_t
slab_member_ref(const void *m, size_t off)
{
	return slab_ref((const char *)m - off);
}

/* Bytes in chunks given out and not back, rounded as kept. */
size_t slab_used(const struct slab *sl);
/* Bytes of the blocks held from the system (malloc'ed chunks not counted). */
size_t slab_reserved(const struct slab *sl);

#endif
