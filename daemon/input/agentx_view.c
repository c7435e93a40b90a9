/* SPDX-License-Identifier: ISC */
/*
 * The subagent's snapshot: an array of variables and one buffer of the
 * octets of their strings, sorted by OID once built, searched by
 * bisection.  Pure.
 */
#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "input/agentx_view.h"

struct agentx_view {
	struct agentx_var *vars;
	size_t n, cap;
	unsigned char *strs;
	size_t nstrs, capstrs;
};

struct agentx_view *
agentx_view_new(void)
{
	return xcalloc(1, sizeof(struct agentx_view));
}

void
agentx_view_free(struct agentx_view *v)
{
	if (v == NULL)
		return;
	free(v->vars);
	free(v->strs);
	free(v);
}

void
agentx_view_clear(struct agentx_view *v)
{
	v->n = 0;
	v->nstrs = 0;
}

static struct agentx_var *
agentx_view_push(struct agentx_view *v, const oid *prefix, size_t n,
    uint32_t index)
{
	struct agentx_var *var;

	assert(n + (index != 0) <= AGENTX_VIEW_OID_MAX);
	if (v->n == v->cap) {
		v->cap = v->cap > 0 ? v->cap * 2 : 256;
		v->vars = xreallocarray(v->vars, v->cap, sizeof(*v->vars));
	}
	var = &v->vars[v->n++];
	memset(var, 0, sizeof(*var));
	memcpy(var->name, prefix, n * sizeof(*prefix));
	var->len = n;
	if (index != 0)
		var->name[var->len++] = index;
	return var;
}

void
agentx_view_add_num(struct agentx_view *v, const oid *prefix, size_t n,
    uint32_t index, unsigned char type, uint64_t num)
{
	struct agentx_var *var = agentx_view_push(v, prefix, n, index);

	var->type = type;
	var->num = num;
}

void
agentx_view_add_str(struct agentx_view *v, const oid *prefix, size_t n,
    uint32_t index, const void *s, size_t len)
{
	struct agentx_var *var = agentx_view_push(v, prefix, n, index);

	var->type = ASN_OCTET_STR;
	if (v->nstrs + len > v->capstrs) {
		while (v->nstrs + len > v->capstrs)
			v->capstrs = v->capstrs > 0 ? v->capstrs * 2 : 4096;
		v->strs = xreallocarray(v->strs, v->capstrs, 1);
	}
	if (len > 0)
		memcpy(v->strs + v->nstrs, s, len);
	var->off = v->nstrs;
	var->str_len = len;
	v->nstrs += len;
}

static int
agentx_view_cmp(const void *a, const void *b)
{
	const struct agentx_var *x = a, *y = b;

	return snmp_oid_compare(x->name, x->len, y->name, y->len);
}

void
agentx_view_sort(struct agentx_view *v)
{
	if (v->n > 1)
		qsort(v->vars, v->n, sizeof(*v->vars), agentx_view_cmp);
}

const struct agentx_var *
agentx_view_find(const struct agentx_view *v, const oid *name, size_t len,
    bool is_next)
{
	size_t lo = 0, hi = v->n, mid;
	int c;

	/* lo: the first variable not less than name */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (snmp_oid_compare(v->vars[mid].name, v->vars[mid].len, name,
			len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == v->n)
		return NULL;
	c = snmp_oid_compare(v->vars[lo].name, v->vars[lo].len, name, len);
	if (!is_next)
		return c == 0 ? &v->vars[lo] : NULL;
	if (c == 0 && ++lo == v->n)
		return NULL;
	return &v->vars[lo];
}

const unsigned char *
agentx_view_str(const struct agentx_view *v, const struct agentx_var *var)
{
	return v->strs + var->off;
}

size_t
agentx_view_count(const struct agentx_view *v)
{
	return v->n;
}
