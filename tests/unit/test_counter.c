/* SPDX-License-Identifier: ISC */
/*
 * counter: sets and the registry: totals by name across sets, totals kept
 * when a set leaves, declared names listed at zero and in order, the
 * formatted line and its bound, and the walk over every counter.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/counter.h"

#include "criterion_str.h"

static const struct counter_def udp_defs[] = {
	{ "frames", "frames received" },
	{ "drops", "frames dropped" },
};

static const struct counter_def tcp_defs[] = {
	{ "frames", "frames received" },
	{ "connections", "connections accepted" },
};

Test(counter, totals_add_across_sets_of_one_name)
{
	struct counter_registry *reg = counter_registry_new();
	struct counter_set a, b;

	counter_set_init(&a, udp_defs, 2, "listener", "udp %d", 1);
	counter_set_init(&b, tcp_defs, 2, "listener", "tcp %d", 2);
	cr_assert(eq(str, a.label, "udp 1"));
	counter_registry_add(reg, &a);
	counter_registry_add(reg, &b);
	counter_inc(&a, 0);
	counter_add(&b, 0, 41);
	counter_inc(&b, 1);
	cr_assert(eq(u64, counter_registry_total(reg, "frames"), 42));
	cr_assert(eq(u64, counter_registry_total(reg, "connections"), 1));
	cr_assert(eq(u64, counter_registry_total(reg, "drops"), 0));
	cr_assert(eq(u64, counter_registry_total(reg, "nothing"), 0));
	counter_set_clear(&a);
	counter_set_clear(&b);
	counter_registry_free(reg);
}

Test(counter, a_set_that_leaves_keeps_its_counts_in_the_totals)
{
	struct counter_registry *reg = counter_registry_new();
	struct counter_set a, b;

	counter_set_init(&a, udp_defs, 2, "listener", "old");
	counter_registry_add(reg, &a);
	counter_add(&a, 0, 5);
	counter_set_clear(&a);
	cr_assert(eq(ptr, a.v, NULL));
	cr_assert(eq(u64, counter_registry_total(reg, "frames"), 5));
	counter_set_init(&b, udp_defs, 2, "listener", "new");
	counter_registry_add(reg, &b);
	counter_inc(&b, 0);
	cr_assert(eq(u64, counter_registry_total(reg, "frames"), 6));
	counter_set_clear(&b);
	counter_registry_free(reg);
}

Test(counter, format_lists_declared_names_in_order_at_zero)
{
	struct counter_registry *reg = counter_registry_new();
	struct counter_set b;
	char line[256];

	counter_registry_declare(reg, udp_defs, 2);
	counter_registry_declare(reg, tcp_defs, 2);
	counter_set_init(&b, tcp_defs, 2, "listener", "tcp");
	counter_registry_add(reg, &b);
	counter_add(&b, 1, 3);
	counter_registry_format(reg, line, sizeof(line));
	cr_assert(eq(str, line, "frames=0 drops=0 connections=3"));
	counter_set_clear(&b);
	counter_registry_free(reg);
}

Test(counter, format_cuts_between_counters)
{
	struct counter_registry *reg = counter_registry_new();
	char line[16];

	counter_registry_declare(reg, udp_defs, 2);
	cr_assert(eq(sz, counter_registry_format(reg, line, sizeof(line)),
	    strlen("frames=0")));
	cr_assert(eq(str, line, "frames=0"));
	cr_assert(eq(sz, counter_registry_format(reg, line, 0), 0));
	counter_registry_free(reg);
}

struct visit {
	char seen[256];
};

static void
visit_cb(const struct counter_set *s, size_t i, void *arg)
{
	struct visit *v = arg;
	size_t n = strlen(v->seen);

	snprintf(v->seen + n, sizeof(v->seen) - n, "%s/%s/%s=%llu;", s->group,
	    s->label, s->defs[i].name, (unsigned long long)s->v[i]);
}

Test(counter, foreach_walks_every_counter_with_its_labels)
{
	struct counter_registry *reg = counter_registry_new();
	struct counter_set a;
	struct visit v = { "" };

	counter_set_init(&a, udp_defs, 2, "listener", "udp");
	counter_registry_add(reg, &a);
	counter_inc(&a, 1);
	counter_registry_foreach(reg, visit_cb, &v);
	cr_assert(
	    eq(str, v.seen, "listener/udp/frames=0;listener/udp/drops=1;"));
	counter_set_clear(&a);
	counter_registry_free(reg);
}

Test(counter, registry_freed_before_its_sets)
{
	struct counter_registry *reg = counter_registry_new();
	struct counter_set a;

	counter_set_init(&a, udp_defs, 2, "listener", "udp");
	counter_registry_add(reg, &a);
	counter_registry_free(reg);
	cr_assert(eq(ptr, a.reg, NULL));
	counter_set_clear(&a);
	counter_registry_free(NULL);
}

struct totals {
	char line[256];
	size_t n;
};

static void
totals_cb(size_t pos, const char *name, uint64_t total, void *arg)
{
	struct totals *t = arg;
	size_t len = strlen(t->line);

	cr_assert(eq(sz, pos, t->n++));
	(void)snprintf(t->line + len, sizeof(t->line) - len, "%s%s=%llu",
	    len > 0 ? " " : "", name, (unsigned long long)total);
}

Test(counter, foreach_total_gives_positions_and_retired_counts)
{
	struct counter_registry *reg = counter_registry_new();
	struct totals t = { "", 0 };
	struct counter_set a, b;

	counter_set_init(&a, udp_defs, 2, "listener", "udp");
	counter_set_init(&b, tcp_defs, 2, "listener", "tcp");
	counter_registry_add(reg, &a);
	counter_registry_add(reg, &b);
	counter_add(&a, 0, 3);
	counter_add(&b, 0, 4);
	counter_inc(&b, 1);
	counter_set_clear(&b); /* its counts stay in the totals */
	counter_registry_foreach_total(reg, totals_cb, &t);
	cr_assert(eq(str, t.line, "frames=7 drops=0 connections=1"));
	cr_assert(eq(sz, t.n, 3));
	counter_set_clear(&a);
	counter_registry_free(reg);
}
