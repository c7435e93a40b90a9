/* SPDX-License-Identifier: ISC */
/*
 * Interned strings: entries in a slot array indexed by id (free slots
 * chained through the array itself), found by a keyed hash table of ids
 * chained through the entries.  An entry keeps no hash (the table
 * recomputes it to unlink or to resize, both rare next to lookups).
 */
#include "config.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/intern.h"
#include "core/siphash.h"
#include "core/xmalloc.h"

#define INTERN_BUCKETS_MIN 16
#define INTERN_ID_MAX (UINT32_MAX - 1)

struct intern_entry {
	uint32_t next; /* hash chain: the next entry's id, or 0 */
	uint32_t refs;
	uint16_t len;
	char s[];
};

/* An entry, or a free slot: (the next free slot's id << 1) | 1. */
union intern_slot {
	struct intern_entry *e;
	uintptr_t free;
};

struct intern {
	uint64_t seed[2];
	union intern_slot *slots; /* slots[0] is never used: id 0 is none */
	size_t nslots;            /* allocated */
	size_t used;              /* slots handed out so far, 0 included */
	uint32_t free;            /* the first free slot below used, or 0 */
	uint32_t *buckets;        /* entry ids, 0 ends a chain */
	size_t nbuckets;          /* a power of two */
	size_t count;             /* entries */
};

static bool
intern_is_free(union intern_slot sl)
{
	return (sl.free & 1) != 0;
}

static struct intern_entry *
intern_entry(const struct intern *t, uint32_t id)
{
	assert(id > 0 && id < t->used && !intern_is_free(t->slots[id]));
	return t->slots[id].e;
}

static size_t
intern_bucket(const struct intern *t, const char *s, size_t len,
    size_t nbuckets)
{
	return (size_t)(siphash24(t->seed, s, len) & (nbuckets - 1));
}

static void
intern_resize(struct intern *t, size_t n)
{
	uint32_t *nb = xcalloc(n, sizeof(*nb)), id, next;
	struct intern_entry *e;
	size_t i, b;

	for (i = 0; i < t->nbuckets; i++)
		for (id = t->buckets[i]; id != 0; id = next) {
			e = t->slots[id].e;
			next = e->next;
			b = intern_bucket(t, e->s, e->len, n);
			e->next = nb[b];
			nb[b] = id;
		}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = n;
}

struct intern *
intern_new(const uint64_t seed[2])
{
	struct intern *t = xcalloc(1, sizeof(*t));

	t->seed[0] = seed[0];
	t->seed[1] = seed[1];
	t->nbuckets = INTERN_BUCKETS_MIN;
	t->buckets = xcalloc(t->nbuckets, sizeof(*t->buckets));
	t->used = 1;
	return t;
}

void
intern_free(struct intern *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 1; i < t->used; i++)
		if (!intern_is_free(t->slots[i]))
			free(t->slots[i].e);
	free(t->slots);
	free(t->buckets);
	free(t);
}

/* A slot for a new entry: the first free one, else one past the last. */
static uint32_t
intern_slot_take(struct intern *t)
{
	uint32_t id = t->free;

	if (id != 0) {
		t->free = (uint32_t)(t->slots[id].free >> 1);
		return id;
	}
	if (t->used > INTERN_ID_MAX)
		abort(); /* ids are 32-bit; as an allocation failure */
	if (t->used >= t->nslots) {
		t->nslots = t->nslots == 0 ? 64 : t->nslots * 2;
		t->slots =
		    xreallocarray(t->slots, t->nslots, sizeof(*t->slots));
	}
	return (uint32_t)t->used++;
}

uint32_t
intern_get(struct intern *t, const char *s, size_t len)
{
	size_t b = intern_bucket(t, s, len, t->nbuckets);
	struct intern_entry *e;
	uint32_t id;

	assert(len <= INTERN_LEN_MAX && memchr(s, '\0', len) == NULL);
	for (id = t->buckets[b]; id != 0; id = e->next) {
		e = t->slots[id].e;
		if (e->len == len && memcmp(e->s, s, len) == 0) {
			intern_ref(t, id);
			return id;
		}
	}
	if (t->count >= t->nbuckets) {
		intern_resize(t, t->nbuckets * 2);
		b = intern_bucket(t, s, len, t->nbuckets);
	}
	id = intern_slot_take(t);
	e = xmalloc(offsetof(struct intern_entry, s) + len + 1);
	memcpy(e->s, s, len);
	e->s[len] = '\0';
	e->len = (uint16_t)len;
	e->refs = 1;
	e->next = t->buckets[b];
	t->buckets[b] = id;
	t->slots[id].e = e;
	t->count++;
	return id;
}

void
intern_ref(struct intern *t, uint32_t id)
{
	struct intern_entry *e = intern_entry(t, id);

	if (e->refs == UINT32_MAX)
		abort(); /* more references than memory could hold */
	e->refs++;
}

void
intern_put(struct intern *t, uint32_t id)
{
	struct intern_entry *e = intern_entry(t, id);
	uint32_t *pp;

	assert(e->refs > 0);
	if (--e->refs > 0)
		return;
	pp = &t->buckets[intern_bucket(t, e->s, e->len, t->nbuckets)];
	while (*pp != id) {
		assert(*pp != 0);
		pp = &t->slots[*pp].e->next;
	}
	*pp = e->next;
	free(e);
	t->slots[id].free = ((uintptr_t)t->free << 1) | 1;
	t->free = id;
	t->count--;
	/* the table follows what is referenced down as well as up */
	if (t->nbuckets > INTERN_BUCKETS_MIN && t->count < t->nbuckets / 8)
		intern_resize(t, t->nbuckets / 2);
}

bool
intern_is(const struct intern *t, uint32_t id, const char *s, size_t len)
{
	const struct intern_entry *e = intern_entry(t, id);

	return e->len == len && memcmp(e->s, s, len) == 0;
}

const char *
intern_str(const struct intern *t, uint32_t id)
{
	return intern_entry(t, id)->s;
}

size_t
intern_len(const struct intern *t, uint32_t id)
{
	return intern_entry(t, id)->len;
}

size_t
intern_count(const struct intern *t)
{
	return t->count;
}

uint32_t
intern_refs(const struct intern *t, uint32_t id)
{
	return intern_entry(t, id)->refs;
}
