/* SPDX-License-Identifier: ISC */
/*
 * Counter sets and their registry.  The registry keeps the declared names
 * in order, each with what sets that left it had counted, and the list of
 * sets registered now; a total is the retired count plus the live ones.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/counter.h"
#include "core/xmalloc.h"

struct counter_name {
	const char *name;
	uint64_t retired; /* counted by sets that have left */
};

struct counter_registry {
	struct counter_name *names; /* declaration order */
	size_t nnames;
	TAILQ_HEAD(counter_sets, counter_set) sets;
};

void
counter_set_init(struct counter_set *s, const struct counter_def *defs,
    size_t n, const char *group, const char *fmt, ...)
{
	va_list ap;

	memset(s, 0, sizeof(*s));
	s->defs = defs;
	s->n = n;
	s->v = xcalloc(n > 0 ? n : 1, sizeof(*s->v));
	s->group = group;
	va_start(ap, fmt);
	/* A label cut short only shortens what is shown. */
	(void)vsnprintf(s->label, sizeof(s->label), fmt, ap);
	va_end(ap);
}

static struct counter_name *
counter_registry_find(const struct counter_registry *reg, const char *name)
{
	for (size_t i = 0; i < reg->nnames; i++)
		if (strcmp(reg->names[i].name, name) == 0)
			return &reg->names[i];
	return NULL;
}

void
counter_set_clear(struct counter_set *s)
{
	struct counter_name *cn;

	if (s->reg != NULL) {
		for (size_t i = 0; i < s->n; i++)
			if ((cn = counter_registry_find(s->reg,
				 s->defs[i].name)) != NULL)
				cn->retired += s->v[i];
		TAILQ_REMOVE(&s->reg->sets, s, entry);
		s->reg = NULL;
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

struct counter_registry *
counter_registry_new(void)
{
	struct counter_registry *reg = xcalloc(1, sizeof(*reg));

	TAILQ_INIT(&reg->sets);
	return reg;
}

void
counter_registry_free(struct counter_registry *reg)
{
	struct counter_set *s;

	if (reg == NULL)
		return;
	while ((s = TAILQ_FIRST(&reg->sets)) != NULL) {
		TAILQ_REMOVE(&reg->sets, s, entry);
		s->reg = NULL;
	}
	free(reg->names);
	free(reg);
}

void
counter_registry_declare(struct counter_registry *reg,
    const struct counter_def *defs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (counter_registry_find(reg, defs[i].name) != NULL)
			continue;
		reg->names = xreallocarray(reg->names, reg->nnames + 1,
		    sizeof(*reg->names));
		reg->names[reg->nnames].name = defs[i].name;
		reg->names[reg->nnames].retired = 0;
		reg->nnames++;
	}
}

void
counter_registry_add(struct counter_registry *reg, struct counter_set *s)
{
	counter_registry_declare(reg, s->defs, s->n);
	TAILQ_INSERT_TAIL(&reg->sets, s, entry);
	s->reg = reg;
}

uint64_t
counter_registry_total(const struct counter_registry *reg, const char *name)
{
	const struct counter_name *cn = counter_registry_find(reg, name);
	const struct counter_set *s;
	uint64_t total;

	if (cn == NULL)
		return 0;
	total = cn->retired;
	TAILQ_FOREACH(s, &reg->sets, entry)
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->defs[i].name, name) == 0)
			total += s->v[i];
	return total;
}

void
counter_registry_foreach(const struct counter_registry *reg,
    counter_visit_fn *fn, void *arg)
{
	const struct counter_set *s;

	TAILQ_FOREACH(s, &reg->sets, entry)
	for (size_t i = 0; i < s->n; i++)
		fn(s, i, arg);
}

void
counter_registry_foreach_total(const struct counter_registry *reg,
    counter_total_fn *fn, void *arg)
{
	for (size_t i = 0; i < reg->nnames; i++)
		fn(i, reg->names[i].name,
		    counter_registry_total(reg, reg->names[i].name), arg);
}

size_t
counter_registry_format(const struct counter_registry *reg, char *buf,
    size_t len)
{
	size_t off = 0;
	int n;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	for (size_t i = 0; i < reg->nnames; i++) {
		n = snprintf(buf + off, len - off, "%s%s=%" PRIu64,
		    i > 0 ? " " : "", reg->names[i].name,
		    counter_registry_total(reg, reg->names[i].name));
		if (n < 0 || (size_t)n >= len - off) {
			buf[off] = '\0';
			break;
		}
		off += (size_t)n;
	}
	return off;
}
