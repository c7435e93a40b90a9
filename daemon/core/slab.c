/* SPDX-License-Identifier: ISC */
/*
 * The chunk allocator of slab.h: one free list per 8-byte size class, and
 * a bump pointer through the newest block for chunks no list has.
 */
#include "config.h"

#include <sys/mman.h>

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/slab.h"
#include "core/xmalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_ASAN 1
#endif
#endif

#ifdef SLAB_ASAN
#include <sanitizer/asan_interface.h>
#define SLAB_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define SLAB_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define SLAB_POISON(p, n) ((void)(p), (void)(n))
#define SLAB_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define SLAB_CLASSES (SLAB_CHUNK_MAX / SLAB_ALIGN + 1)

_Static_assert(SLAB_BLOCK % SLAB_ALIGN == 0, "blocks hold whole units");

struct slab_chunk {
	struct slab_chunk *next; /* on its class's free list */
};

_Static_assert(sizeof(struct slab_block) == 16, "chunks start 16 in");
_Static_assert(SLAB_CLASSES ==
	sizeof(((struct slab *)NULL)->free) / sizeof(struct slab_chunk *),
    "a free list per class");

static size_t
slab_round(size_t n)
{
	return (n + SLAB_ALIGN - 1) & ~(size_t)(SLAB_ALIGN - 1);
}

static void
slab_push(struct slab *sl, void *p, size_t n)
{
	struct slab_chunk *ch = p;

	SLAB_UNPOISON(p, sizeof(*ch)); /* a block's tail is poisoned */
	ch->next = sl->free[n / SLAB_ALIGN];
	sl->free[n / SLAB_ALIGN] = ch;
	SLAB_POISON(p, n);
}

/*
 * A block, aligned to its size (slab_ref() finds it from a chunk's
 * address): twice its size mapped, the rest unmapped.  Not malloc's
 * aligned_alloc(), which writes its header in the page before, a page of
 * RSS more per block.
 */
static struct slab_block *
slab_map(void)
{
	char *p, *at;
	size_t head;

	p = mmap(NULL, 2 * SLAB_BLOCK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatal("slab: mapping a block of %zu bytes", SLAB_BLOCK);
	at = (char *)(((uintptr_t)p + SLAB_BLOCK - 1) &
	    ~(uintptr_t)(SLAB_BLOCK - 1));
	head = (size_t)(at - p);
	if (head > 0)
		(void)munmap(p, head);
	(void)munmap(at + SLAB_BLOCK, SLAB_BLOCK - head);
	return (struct slab_block *)(void *)at;
}

/* A new block; what is left of the old one goes to its size's list. */
static void
slab_grow(struct slab *sl)
{
	struct slab_block *b;
	size_t left = (size_t)(sl->end - sl->bump);

	if (sl->nblocks == SLAB_BLOCKS_MAX)
		fatalx("slab: %zu blocks of %zu bytes in use", sl->nblocks,
		    SLAB_BLOCK);
	b = slab_map();
	if (left >= sizeof(struct slab_chunk))
		slab_push(sl, sl->bump, left);
	sl->blocks =
	    xreallocarray(sl->blocks, sl->nblocks + 1, sizeof(*sl->blocks));
	b->number = (uint32_t)sl->nblocks;
	sl->blocks[sl->nblocks++] = (char *)b;
	sl->bump = (char *)(b + 1);
	sl->end = (char *)b + SLAB_BLOCK;
	SLAB_POISON(sl->bump, (size_t)(sl->end - sl->bump));
}

struct slab *
slab_new(void)
{
	return xcalloc(1, sizeof(struct slab));
}

void
slab_free(struct slab *sl)
{
	if (sl == NULL)
		return;
	for (size_t i = 0; i < sl->nblocks; i++) {
		SLAB_UNPOISON(sl->blocks[i], SLAB_BLOCK);
		(void)munmap(sl->blocks[i], SLAB_BLOCK);
	}
	free(sl->blocks);
	free(sl);
}

void *
slab_get(struct slab *sl, size_t n)
{
	struct slab_chunk *ch;
	void *p;

	assert(n > 0);
	if (n > SLAB_CHUNK_MAX)
		return xcalloc(1, n);
	n = slab_round(n);
	if ((ch = sl->free[n / SLAB_ALIGN]) != NULL) {
		SLAB_UNPOISON(ch, n);
		sl->free[n / SLAB_ALIGN] = ch->next;
		p = ch;
	} else {
		if ((size_t)(sl->end - sl->bump) < n)
			slab_grow(sl);
		p = sl->bump;
		sl->bump += n;
		SLAB_UNPOISON(p, n);
	}
	sl->used += n;
	return memset(p, 0, n);
}

void
slab_put(struct slab *sl, void *p, size_t n)
{
	if (p == NULL)
		return;
	assert(n > 0);
	if (n > SLAB_CHUNK_MAX) {
		free(p);
		return;
	}
	n = slab_round(n);
	assert(sl->used >= n);
	sl->used -= n;
	slab_push(sl, p, n);
}

size_t
slab_used(const struct slab *sl)
{
	return sl->used;
}

size_t
slab_reserved(const struct slab *sl)
{
	return sl->nblocks * SLAB_BLOCK;
}
