/* SPDX-License-Identifier: ISC */
/*
 * Chunks for many small objects whose size the owner knows again when it
 * frees one (a correlator state: its host key and summary room): carved
 * back to back from large blocks, with no header and 8-byte rounding,
 * where malloc adds 8 bytes to each and rounds to 16.  A freed chunk goes
 * to the free list of its size and serves the next request of that size;
 * blocks go back to the system only with the slab, so after a peak the
 * memory stays for the next one (as malloc's heap mostly does).  Requests
 * above SLAB_CHUNK_MAX go to malloc.  Not thread-safe: one owner.  Under
 * AddressSanitizer free chunks are poisoned, so a use after free is still
 * caught.  Pure; dies on OOM (xmalloc).
 */
#ifndef DAEMON_CORE_SLAB_H
#define DAEMON_CORE_SLAB_H

#include <stddef.h>

#define SLAB_ALIGN 8            /* every chunk is aligned to this */
#define SLAB_CHUNK_MAX 2048     /* larger requests: malloc */
#define SLAB_BLOCK (256 * 1024) /* carved at a time */

struct slab;

struct slab *slab_new(void);
/* Frees the slab, every block and every chunk left (NULL is a no-op). */
void slab_free(struct slab *sl);

/* A zeroed chunk of n bytes (n > 0), aligned to SLAB_ALIGN. */
void *slab_get(struct slab *sl, size_t n);
/* Gives back p (NULL is a no-op), got with slab_get(sl, n): the same n. */
void slab_put(struct slab *sl, void *p, size_t n);

/* Bytes in chunks given out and not back, rounded as kept. */
size_t slab_used(const struct slab *sl);
/* Bytes of the blocks held from the system (malloc'ed chunks not counted). */
size_t slab_reserved(const struct slab *sl);

#endif
