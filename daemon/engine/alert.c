/* SPDX-License-Identifier: ISC */
/*
 * Alerts in one allocation: the struct, then an arena holding its target
 * list and every string, so that a copy is one malloc and the alert
 * outlives the configuration and the events it came from.
 */
#include "config.h"

#include <inttypes.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/siphash.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "engine/alert.h"

/* The strings of an alert, in the order the arena holds them. */
#define ALERT_NSTRINGS 20

/* Pointers to the string fields of a, in arena order; their caps. */
static void
alert_strings(struct alert *a, const char **p[ALERT_NSTRINGS],
    size_t max[ALERT_NSTRINGS])
{
	const char **fields[ALERT_NSTRINGS] = { &a->rule, &a->title, &a->cause,
		&a->fix, &a->reference, &a->host, &a->open.source, &a->open.log,
		&a->open.computer, &a->open.peer, &a->open.via, &a->open.text,
		&a->close.source, &a->close.log, &a->close.computer,
		&a->close.peer, &a->close.via, &a->close.text, &a->open.type,
		&a->close.type };

	for (size_t i = 0; i < ALERT_NSTRINGS; i++) {
		p[i] = fields[i];
		max[i] = SIZE_MAX;
	}
	max[11] = max[17] = ALERT_TEXT_MAX; /* the two event texts */
}

static const char *const alert_kind_names[ALERT_KIND_COUNT] = {
	[ALERT_PAIR] = "pair",
	[ALERT_TIMEOUT] = "timeout",
	[ALERT_CLEAR] = "clear",
	[ALERT_TEST] = "test",
};

const char *
alert_kind_name(enum alert_kind kind)
{
	return (unsigned int)kind < ALERT_KIND_COUNT ? alert_kind_names[kind]
						     : "unknown";
}

/* The low 4 * n bits of v as n lower-case hex digits at out. */
static void
alert_hex(char *out, uint64_t v, int n)
{
	static const char digits[] = "0123456789abcdef";

	while (n-- > 0) {
		out[n] = digits[v & 0xf];
		v >>= 4;
	}
}

void
alert_id_make(const uint64_t key[2], uint64_t seq, char out[ALERT_ID_MAX])
{
	uint64_t in[2] = { seq, 0 }, hi, lo;

	hi = siphash24(key, in, sizeof(in));
	in[1] = 1;
	lo = siphash24(key, in, sizeof(in));
	hi = (hi & ~UINT64_C(0xf000)) | UINT64_C(0x4000);       /* version 4 */
	lo = (lo & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62); /* RFC 4122 */
	/* 8-4-4-4-12 hex digits, by hand: one per alert, snprintf was 6% */
	alert_hex(out, hi >> 32, 8);
	out[8] = '-';
	alert_hex(out + 9, hi >> 16, 4);
	out[13] = '-';
	alert_hex(out + 14, hi, 4);
	out[18] = '-';
	alert_hex(out + 19, lo >> 48, 4);
	out[23] = '-';
	alert_hex(out + 24, lo, 12);
	out[36] = '\0';
}

/* Bytes kept of s: all of it, or the first max on a character boundary. */
static size_t
alert_keep(const char *s, size_t max)
{
	return s != NULL ? utf8_cut(s, strlen(s), max) : 0;
}

/* Copies n bytes of s (NULL: none) to *arena as a string; returns it. */
static const char *
alert_put(char **arena, const char *s, size_t n)
{
	char *d = *arena;

	if (n > 0)
		memcpy(d, s, n);
	d[n] = '\0';
	*arena += n + 1;
	return d;
}

/* Copies the n names of v into the pointers at out and the arena. */
static const char *const *
alert_put_names(char **arena, const char **out, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = alert_put(arena, v[i], alert_keep(v[i], SIZE_MAX));
	return n > 0 ? out : NULL;
}

struct alert *
alert_new(const struct alert *tmpl)
{
	size_t ptrs = (tmpl->ntargets + tmpl->nforwards) * sizeof(char *);
	size_t len[ALERT_NSTRINGS], max[ALERT_NSTRINGS], total = 0;
	const char **field[ALERT_NSTRINGS], **targets;
	struct alert *a, t = *tmpl;
	char *arena;

	_Static_assert(sizeof(struct alert) % alignof(char *) == 0,
	    "the target list follows the struct");
	alert_strings(&t, field, max);
	for (size_t i = 0; i < ALERT_NSTRINGS; i++)
		total += (len[i] = alert_keep(*field[i], max[i])) + 1;
	for (size_t i = 0; i < tmpl->ntargets; i++)
		total += alert_keep(tmpl->targets[i], SIZE_MAX) + 1;
	for (size_t i = 0; i < tmpl->nforwards; i++)
		total += alert_keep(tmpl->forwards[i], SIZE_MAX) + 1;
	a = xmalloc(sizeof(*a) + ptrs + total);
	*a = t;
	targets = (const char **)(void *)(a + 1);
	arena = (char *)(a + 1) + ptrs;
	alert_strings(a, field, max);
	for (size_t i = 0; i < ALERT_NSTRINGS; i++)
		*field[i] = alert_put(&arena, *field[i], len[i]);
	a->targets =
	    alert_put_names(&arena, targets, tmpl->targets, tmpl->ntargets);
	a->forwards = alert_put_names(&arena, targets + tmpl->ntargets,
	    tmpl->forwards, tmpl->nforwards);
	a->refs = 1;
	return a;
}

struct alert *
alert_hold(struct alert *a)
{
	a->refs++;
	return a;
}

void
alert_free(struct alert *a)
{
	if (a == NULL || --a->refs > 0)
		return;
	free(a);
}

void
alert_list_push(struct alert_list *l, struct alert *a)
{
	if (l->n == l->cap) {
		l->cap = l->cap > 0 ? l->cap * 2 : 4;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = a;
}

void
alert_list_clear(struct alert_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		alert_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
