/* SPDX-License-Identifier: ISC */
/* rule_index: the rules naming an event ID, against a linear scan. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "engine/rule_index.h"

static struct conf
conf_with(struct conf_rule *rules, size_t n)
{
	struct conf conf;

	memset(&conf, 0, sizeof(conf));
	conf.rules = rules;
	conf.nrules = n;
	return conf;
}

/* What rule_index_find() must say, by looking at every rule. */
static size_t
scan(const struct conf *conf, uint32_t id, uint32_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < conf->nrules; i++) {
		const struct conf_rule *r = &conf->rules[i];

		if (r->open.event_id == id || r->close.event_id == id ||
		    (r->has_clear && r->clear.event_id == id))
			out[n++] = (uint32_t)i;
	}
	return n;
}

Test(rule_index, no_rules_finds_nothing)
{
	struct conf conf = conf_with(NULL, 0);
	struct rule_index *x = rule_index_new(&conf);
	size_t n = 99;

	cr_assert(rule_index_find(x, 2140, &n) == NULL);
	cr_assert(eq(sz, n, 0));
	rule_index_free(x);
}

Test(rule_index, one_rule_on_both_sides_is_listed_once)
{
	struct conf_rule r[2];
	struct conf conf;
	struct rule_index *x;
	const uint32_t *v;
	size_t n;

	memset(r, 0, sizeof(r));
	r[0].open.event_id = 5;
	r[0].close.event_id = 5;
	r[1].open.event_id = 2140;
	r[1].close.event_id = 100;
	r[1].has_clear = true;
	r[1].clear.event_id = 5;
	conf = conf_with(r, 2);
	x = rule_index_new(&conf);
	v = rule_index_find(x, 5, &n);
	cr_assert(eq(sz, n, 2));
	cr_assert(eq(u32, v[0], 0));
	cr_assert(eq(u32, v[1], 1));
	v = rule_index_find(x, 100, &n);
	cr_assert(eq(sz, n, 1));
	cr_assert(eq(u32, v[0], 1));
	cr_assert(rule_index_find(x, 101, &n) == NULL);
	/* a clear that is not set names nothing */
	r[1].has_clear = false;
	rule_index_free(x);
	x = rule_index_new(&conf);
	v = rule_index_find(x, 5, &n);
	cr_assert(eq(sz, n, 1));
	cr_assert(eq(u32, v[0], 0));
	rule_index_free(x);
}

Test(rule_index, agrees_with_a_scan_on_random_rule_sets)
{
	uint32_t want[3000];
	unsigned int seed = 1;

	for (int round = 0; round < 200; round++) {
		size_t nrules = (size_t)(rand_r(&seed) % 1000) + 1;
		/* few IDs for many rules: long runs and collisions */
		uint32_t span = (uint32_t)(rand_r(&seed) % 2000) + 1;
		struct conf_rule *r = calloc(nrules, sizeof(*r));
		struct conf conf;
		struct rule_index *x;

		for (size_t i = 0; i < nrules; i++) {
			r[i].open.event_id = (uint32_t)rand_r(&seed) % span;
			r[i].close.event_id = (uint32_t)rand_r(&seed) % span;
			r[i].has_clear = rand_r(&seed) % 4 == 0;
			r[i].clear.event_id = (uint32_t)rand_r(&seed) % span;
		}
		conf = conf_with(r, nrules);
		x = rule_index_new(&conf);
		for (uint32_t id = 0; id <= span; id++) {
			size_t n, k = scan(&conf, id, want);
			const uint32_t *v = rule_index_find(x, id, &n);

			cr_assert(eq(sz, n, k), "round %d id %u", round, id);
			for (size_t j = 0; j < n; j++)
				cr_assert(eq(u32, v[j], want[j]));
		}
		/* IDs far outside the span, UINT32_MAX included */
		for (uint32_t id = UINT32_MAX - 3; id != 0; id++) {
			size_t n;

			cr_assert(rule_index_find(x, id, &n) == NULL);
		}
		rule_index_free(x);
		free(r);
	}
}
