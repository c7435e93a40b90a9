/* SPDX-License-Identifier: ISC */
/*
 * An open-addressing table from event ID to a run of rule indexes in one
 * array: built once per conf, two cache lines per lookup.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/xmalloc.h"
#include "engine/rule_index.h"

struct rule_index_slot {
	uint32_t event_id;
	uint32_t start; /* into rules */
	uint32_t n;     /* 0: an empty slot */
};

struct rule_index {
	struct rule_index_slot *slots;
	uint32_t mask; /* slots - 1, a power of two minus one */
	uint32_t *rules;
};

struct rule_index_pair {
	uint32_t event_id;
	uint32_t rule;
};

static int
rule_index_cmp(const void *a, const void *b)
{
	const struct rule_index_pair *x = a, *y = b;

	if (x->event_id != y->event_id)
		return x->event_id < y->event_id ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return 0;
}

static uint32_t
rule_index_hash(uint32_t id)
{
	return (uint32_t)(((uint64_t)id * UINT64_C(0x9e3779b97f4a7c15)) >> 32);
}

static struct rule_index_slot *
rule_index_slot(const struct rule_index *x, uint32_t event_id)
{
	uint32_t i = rule_index_hash(event_id) & x->mask;

	while (x->slots[i].n != 0 && x->slots[i].event_id != event_id)
		i = (i + 1) & x->mask;
	return &x->slots[i];
}

struct rule_index *
rule_index_new(const struct conf *conf)
{
	struct rule_index *x = xcalloc(1, sizeof(*x));
	struct rule_index_pair *p;
	struct rule_index_slot *s;
	size_t np = 0, nr = 0, cap = 4;

	p = xcalloc(conf->nrules * 3 + 1, sizeof(*p));
	for (size_t i = 0; i < conf->nrules; i++) {
		const struct conf_rule *r = &conf->rules[i];

		p[np++] =
		    (struct rule_index_pair){ r->open.event_id, (uint32_t)i };
		p[np++] =
		    (struct rule_index_pair){ r->close.event_id, (uint32_t)i };
		if (r->has_clear)
			p[np++] = (struct rule_index_pair){ r->clear.event_id,
				(uint32_t)i };
	}
	qsort(p, np, sizeof(*p), rule_index_cmp);
	/* at most half full: a miss ends at an empty slot soon */
	while (cap < 2 * np)
		cap *= 2;
	x->slots = xcalloc(cap, sizeof(*x->slots));
	x->mask = (uint32_t)(cap - 1);
	x->rules = xcalloc(np + 1, sizeof(*x->rules));
	for (size_t i = 0; i < np; i++) {
		if (i > 0 && rule_index_cmp(&p[i], &p[i - 1]) == 0)
			continue; /* a rule naming one ID on two sides */
		s = rule_index_slot(x, p[i].event_id);
		if (s->n == 0) {
			s->event_id = p[i].event_id;
			s->start = (uint32_t)nr;
		}
		s->n++;
		x->rules[nr++] = p[i].rule;
	}
	free(p);
	return x;
}

void
rule_index_free(struct rule_index *x)
{
	if (x == NULL)
		return;
	free(x->slots);
	free(x->rules);
	free(x);
}

const uint32_t *
rule_index_find(const struct rule_index *x, uint32_t event_id, size_t *n)
{
	const struct rule_index_slot *s = rule_index_slot(x, event_id);

	*n = s->n;
	return s->n != 0 ? &x->rules[s->start] : NULL;
}
