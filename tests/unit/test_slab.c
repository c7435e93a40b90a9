/* SPDX-License-Identifier: ISC */
/* slab: headerless chunks by 8-byte class, reused by size, zeroed. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/slab.h"

Test(slab, chunks_are_back_to_back_and_aligned)
{
	struct slab *sl = slab_new();
	char *a = slab_get(sl, 100), *b = slab_get(sl, 100);

	/* 100 rounds to 104, with nothing between two chunks */
	cr_assert(eq(sz, (size_t)(b - a), 104));
	cr_assert(eq(u64, (uintptr_t)a % SLAB_ALIGN, 0));
	cr_assert(eq(sz, slab_used(sl), 208));
	cr_assert(eq(sz, slab_reserved(sl), SLAB_BLOCK));
	slab_free(sl);
}

Test(slab, a_freed_chunk_serves_its_size_zeroed)
{
	struct slab *sl = slab_new();
	char *a = slab_get(sl, 96), *b, *c;

	memset(a, 0xa5, 96);
	slab_put(sl, a, 96);
	cr_assert(eq(sz, slab_used(sl), 0));
	c = slab_get(sl, 88); /* another class: not a */
	cr_assert(ne(ptr, c, a));
	b = slab_get(sl, 93); /* rounds to 96: a again, cleared */
	cr_assert(eq(ptr, b, a));
	for (size_t i = 0; i < 96; i++)
		cr_assert(eq(u8, (uint8_t)b[i], 0));
	slab_put(sl, b, 93);
	slab_put(sl, c, 88);
	slab_free(sl);
}

Test(slab, blocks_are_added_and_their_tails_kept)
{
	struct slab *sl = slab_new();
	size_t n = 2000, per = (SLAB_BLOCK - 16) / n, tail;
	char *first = NULL, *p = NULL;

	for (size_t i = 0; i < per + 1; i++) {
		p = slab_get(sl, n);
		if (i == 0)
			first = p;
	}
	/* the one after a block's room is in a second block */
	cr_assert(eq(sz, slab_reserved(sl), 2 * (size_t)SLAB_BLOCK));
	cr_assert(eq(sz, slab_used(sl), (per + 1) * n));
	/* the first block's tail went to its class's list */
	tail = SLAB_BLOCK - 16 - per * n;
	p = slab_get(sl, tail);
	cr_assert(eq(ptr, p, first + per * n));
	slab_free(sl);
}

Test(slab, large_requests_go_to_malloc)
{
	struct slab *sl = slab_new();
	char *p = slab_get(sl, SLAB_CHUNK_MAX + 1);

	cr_assert(eq(sz, slab_reserved(sl), 0));
	cr_assert(eq(sz, slab_used(sl), 0));
	for (size_t i = 0; i < SLAB_CHUNK_MAX + 1; i++)
		cr_assert(eq(u8, (uint8_t)p[i], 0));
	slab_put(sl, p, SLAB_CHUNK_MAX + 1);
	slab_put(sl, NULL, 8);
	slab_free(sl);
	slab_free(NULL);
}

/* Whether p[0..n) is all b. */
static bool
slab_is_all(const char *p, size_t n, uint8_t b)
{
	for (size_t k = 0; k < n; k++)
		if ((uint8_t)p[k] != b)
			return false;
	return true;
}

/* Many sizes, freed in a scrambled order and got again: nothing overlaps. */
Test(slab, churn_never_overlaps)
{
	enum { N = 20000 };
	struct slab *sl = slab_new();
	static char *v[N];
	static size_t len[N];
	uint64_t x = 88172645463325252ULL;
	size_t bad = 0, freed = 0;

	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < N; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			if (v[i] != NULL && x % 3 == 0) {
				bad += !slab_is_all(v[i], len[i], (uint8_t)i);
				slab_put(sl, v[i], len[i]);
				v[i] = NULL;
				freed++;
			}
			if (v[i] == NULL) {
				len[i] = 1 + (size_t)(x % 300);
				v[i] = slab_get(sl, len[i]);
				bad += !slab_is_all(v[i], len[i], 0);
				memset(v[i], (int)(uint8_t)i, len[i]);
			}
		}
	}
	for (size_t i = 0; i < N; i++) {
		bad += !slab_is_all(v[i], len[i], (uint8_t)i);
		slab_put(sl, v[i], len[i]);
	}
	cr_assert(gt(sz, freed, N / 2)); /* the lists were used */
	cr_assert(eq(sz, bad, 0));
	cr_assert(eq(sz, slab_used(sl), 0));
	slab_free(sl);
}

/* A chunk's reference leads back to it, in every block, and is never 0. */
Test(slab, references_lead_back_to_their_chunks)
{
	enum { N = 12000 };
	struct slab *sl = slab_new();
	static char *v[N];
	size_t bad = 0;

	for (size_t i = 0; i < N; i++) {
		v[i] = slab_get(sl, 8 + (i % 7) * 24);
		bad += slab_ref(v[i]) == 0;
		bad += slab_at(sl, slab_ref(v[i])) != v[i];
	}
	cr_assert(gt(sz, slab_reserved(sl), 3 * (size_t)SLAB_BLOCK));
	for (size_t i = 1; i < N; i++)
		bad += slab_ref(v[i]) == slab_ref(v[i - 1]);
	cr_assert(eq(sz, bad, 0));
	slab_free(sl);
}
