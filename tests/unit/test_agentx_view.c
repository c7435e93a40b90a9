/* SPDX-License-Identifier: ISC */
/* input/agentx_view: the subagent's snapshot, sorted and searched by OID. */
#include "config.h"

#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "input/agentx_view.h"

static const oid col2[] = { 1, 3, 6, 2, 1, 2 };
static const oid col3[] = { 1, 3, 6, 2, 1, 3 };
static const oid scalar[] = { 1, 3, 6, 1, 0 };

static struct agentx_view *
view_fixture(void)
{
	struct agentx_view *v = agentx_view_new();

	/* added out of order, as the subagent does */
	agentx_view_add_num(v, col3, 6, 2, ASN_COUNTER64, 20);
	agentx_view_add_str(v, col2, 6, 10, "ten", 3);
	agentx_view_add_num(v, col3, 6, 10, ASN_COUNTER64, UINT64_C(1) << 40);
	agentx_view_add_str(v, col2, 6, 2, "two", 3);
	agentx_view_add_num(v, scalar, 5, 0, ASN_GAUGE, 7);
	agentx_view_sort(v);
	return v;
}

Test(agentx_view, get_finds_only_the_exact_name)
{
	struct agentx_view *v = view_fixture();
	const oid name[] = { 1, 3, 6, 2, 1, 3, 10 };
	const oid partial[] = { 1, 3, 6, 2, 1, 3 };
	const struct agentx_var *var;

	var = agentx_view_find(v, name, 7, false);
	cr_assert(var != NULL);
	cr_assert(eq(u64, var->num, UINT64_C(1) << 40));
	cr_assert(agentx_view_find(v, partial, 6, false) == NULL);
	cr_assert(agentx_view_find(v, scalar, 4, false) == NULL);
	var = agentx_view_find(v, scalar, 5, false);
	cr_assert(var != NULL);
	cr_assert(eq(u64, var->num, 7));
	agentx_view_free(v);
}

/* A walk: each GETNEXT from the name the last one returned. */
Test(agentx_view, getnext_walks_in_oid_order_numerically)
{
	struct agentx_view *v = view_fixture();
	static const char *const order[] = { "scalar", "two", "ten", "20",
		"big" };
	const oid start[] = { 1, 3 };
	const struct agentx_var *var;
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len = 2, n = 0;

	memcpy(name, start, sizeof(start));
	while ((var = agentx_view_find(v, name, len, true)) != NULL) {
		cr_assert(lt(sz, n, 5));
		if (n == 0)
			cr_assert(eq(u64, var->num, 7), "%s first", order[n]);
		if (n == 1 || n == 2)
			cr_assert(eq(int,
			    memcmp(agentx_view_str(v, var), order[n], 3), 0));
		if (n == 3)
			cr_assert(eq(u64, var->num, 20));
		memcpy(name, var->name, var->len * sizeof(oid));
		len = var->len;
		n++;
	}
	cr_assert(eq(sz, n, 5));
	cr_assert(eq(sz, agentx_view_count(v), 5));
	agentx_view_free(v);
}

Test(agentx_view, getnext_from_between_and_past_the_end)
{
	struct agentx_view *v = view_fixture();
	const oid between[] = { 1, 3, 6, 2, 1, 2, 5 };
	const oid past[] = { 1, 3, 6, 2, 1, 3, 10 };
	const struct agentx_var *var;

	var = agentx_view_find(v, between, 7, true);
	cr_assert(var != NULL);
	cr_assert(eq(u64, var->name[6], 10));
	cr_assert(eq(u64, var->name[5], 2));
	cr_assert(agentx_view_find(v, past, 7, true) == NULL);
	agentx_view_clear(v);
	cr_assert(agentx_view_find(v, between, 7, true) == NULL);
	agentx_view_free(v);
}
