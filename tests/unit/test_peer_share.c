/* SPDX-License-Identifier: ISC */
/* peer_share: each peer's states oldest first, the largest peer on top. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/slab.h"
#include "engine/peer_share.h"

#include "criterion_str.h"

/* A state as the correlator's: a slab chunk with its link inside. */
struct st {
	char name[8];
	struct peer_share_link link;
};

static const uint64_t seed[2] = { 3, 4 };

static struct st *
st_new(struct slab *sl, const char *name)
{
	struct st *s = slab_get(sl, sizeof(*s));

	snprintf(s->name, sizeof(s->name), "%s", name);
	return s;
}

static const char *
oldest(const struct peer_shares *t)
{
	struct peer_share_link *l = peer_shares_oldest_of_largest(t);

	return l == NULL
	    ? "-"
	    : ((struct st *)(void *)((char *)l - offsetof(struct st, link)))
		  ->name;
}

Test(peer_share, oldest_of_the_largest_through_removals)
{
	struct slab *sl = slab_new();
	struct peer_shares *t =
	    peer_shares_new(seed, sl, offsetof(struct st, link));
	struct st *a1 = st_new(sl, "a1"), *a2 = st_new(sl, "a2"),
		  *a3 = st_new(sl, "a3"), *b1 = st_new(sl, "b1"),
		  *b2 = st_new(sl, "b2");

	cr_assert(eq(str, oldest(t), "-"));
	peer_shares_add(t, "192.0.2.1", &a1->link);
	peer_shares_add(t, "192.0.2.2", &b1->link);
	peer_shares_add(t, "192.0.2.1", &a2->link);
	peer_shares_add(t, "192.0.2.1", &a3->link);
	peer_shares_add(t, "192.0.2.2", &b2->link);
	cr_assert(eq(sz, peer_shares_held(t, "192.0.2.1"), 3));
	cr_assert(eq(sz, peer_shares_held(t, "192.0.2.2"), 2));
	cr_assert(eq(sz, peer_shares_peers(t), 2));
	cr_assert(eq(str, peer_shares_addr(t, &b2->link), "192.0.2.2"));
	cr_assert(eq(str, oldest(t), "a1"));
	/* the middle one, then the first: the list stays whole */
	peer_shares_remove(t, &a2->link);
	cr_assert(eq(str, peer_shares_addr(t, &a2->link), ""));
	peer_shares_remove(t, &a2->link); /* held by none: a no-op */
	cr_assert(eq(sz, peer_shares_held(t, "192.0.2.1"), 2));
	peer_shares_remove(t, &a1->link);
	/* 1 against 2: b is the largest now, its oldest first */
	cr_assert(eq(str, oldest(t), "b1"));
	peer_shares_remove(t, &b1->link);
	peer_shares_remove(t, &b2->link);
	cr_assert(eq(sz, peer_shares_peers(t), 1));
	cr_assert(eq(str, oldest(t), "a3"));
	/* the last of a peer, then a new one after it */
	peer_shares_remove(t, &a3->link);
	cr_assert(eq(str, oldest(t), "-"));
	cr_assert(eq(sz, peer_shares_peers(t), 0));
	peer_shares_add(t, "192.0.2.1", &a2->link);
	cr_assert(eq(str, oldest(t), "a2"));
	peer_shares_remove(t, &a2->link);
	peer_shares_free(t);
	slab_free(sl);
}
