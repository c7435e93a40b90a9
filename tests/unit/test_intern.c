/* SPDX-License-Identifier: ISC */
/* intern: one entry per distinct string, counted, freed with its last use. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/intern.h"

#include "criterion_str.h"

static const uint64_t seed[2] = { 1, 2 };

Test(intern, same_string_same_entry)
{
	struct intern *t = intern_new(seed);
	uint32_t a = intern_get(t, "MSExchangeIMC", 13);
	uint32_t b = intern_get(t, "MSExchangeIMCx", 13); /* the same 13 */
	uint32_t c = intern_get(t, "Application", 11);

	cr_assert(ne(u32, a, 0));
	cr_assert(eq(u32, a, b));
	cr_assert(ne(u32, a, c));
	cr_assert(eq(sz, intern_count(t), 2));
	cr_assert(eq(u32, intern_refs(t, a), 2));
	cr_assert(eq(str, intern_str(t, a), "MSExchangeIMC"));
	cr_assert(eq(sz, intern_len(t, c), 11));
	intern_free(t);
}

Test(intern, last_put_frees_and_the_slot_is_reused)
{
	struct intern *t = intern_new(seed);
	uint32_t a = intern_get(t, "one", 3), b;

	intern_ref(t, a);
	cr_assert(eq(u32, intern_refs(t, a), 2));
	intern_put(t, a);
	cr_assert(eq(sz, intern_count(t), 1));
	cr_assert(eq(u32, intern_refs(t, a), 1));
	intern_put(t, a);
	cr_assert(eq(sz, intern_count(t), 0));
	/* gone: the same text is a new entry, in the freed slot */
	b = intern_get(t, "two", 3);
	cr_assert(eq(u32, b, a));
	cr_assert(eq(u32, intern_refs(t, b), 1));
	cr_assert(eq(str, intern_str(t, b), "two"));
	intern_put(t, b);
	intern_free(t);
}

Test(intern, empty_string_and_prefixes_are_distinct)
{
	struct intern *t = intern_new(seed);
	uint32_t e = intern_get(t, "", 0), a = intern_get(t, "ab", 1);
	uint32_t ab = intern_get(t, "ab", 2);

	cr_assert(ne(u32, e, a));
	cr_assert(ne(u32, a, ab));
	cr_assert(eq(str, intern_str(t, e), ""));
	cr_assert(eq(str, intern_str(t, a), "a"));
	intern_free(t); /* frees what is left */
}

/*
 * Many distinct strings, each referenced a few times, then all released
 * in another order: the table grows and shrinks with them and ends empty
 * (ASan checks that nothing leaks or is used after its free).
 */
Test(intern, grows_and_drains_with_its_references)
{
	enum { N = 5000 };
	static uint32_t ids[N];
	struct intern *t = intern_new(seed);
	char b[32];
	size_t i;
	int n;

	for (i = 0; i < N; i++) {
		n = snprintf(b, sizeof(b), "text %zu", i);
		ids[i] = intern_get(t, b, (size_t)n);
		if (i % 3 == 0)
			cr_assert(eq(u32, intern_get(t, b, (size_t)n), ids[i]));
	}
	cr_assert(eq(sz, intern_count(t), N));
	for (i = 0; i < N; i++) {
		n = snprintf(b, sizeof(b), "text %zu", i);
		cr_assert(eq(str, intern_str(t, ids[i]), b));
		cr_assert(eq(u32, intern_refs(t, ids[i]), i % 3 == 0 ? 2 : 1));
	}
	for (i = N; i-- > 0;) {
		if (i % 3 == 0)
			intern_put(t, ids[i]);
		intern_put(t, ids[i]);
	}
	cr_assert(eq(sz, intern_count(t), 0));
	/* usable again after draining */
	ids[0] = intern_get(t, "again", 5);
	cr_assert(eq(str, intern_str(t, ids[0]), "again"));
	intern_put(t, ids[0]);
	cr_assert(eq(sz, intern_count(t), 0));
	intern_free(t);
}
