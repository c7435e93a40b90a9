/* SPDX-License-Identifier: ISC */
/*
 * Interned strings, refcounted: one copy of each distinct string that is
 * in use, named by a 32-bit id, so that a million objects keeping the
 * same text (an event's source, its text) keep 4 bytes each.  An entry
 * lives exactly as long as its references: the table holds no string
 * nobody refers to.  The hash is keyed (SipHash): the strings come from
 * the network.  Pure; dies on OOM (xmalloc).
 */
#ifndef DAEMON_CORE_INTERN_H
#define DAEMON_CORE_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INTERN_LEN_MAX UINT16_MAX /* bytes of one string, NUL excluded */

struct intern;

/* seed keys the hash (copied). */
struct intern *intern_new(const uint64_t seed[2]);
/* Frees the table and every entry left (NULL is a no-op). */
void intern_free(struct intern *t);

/*
 * A reference to the string s[0..len) (len <= INTERN_LEN_MAX, no NUL in
 * it): an existing entry's with its count raised, or a new entry's with a
 * count of 1.  Never returns 0, which callers may use as "none".
 */
uint32_t intern_get(struct intern *t, const char *s, size_t len);
/* One more reference to id (held). */
void intern_ref(struct intern *t, uint32_t id);
/* One reference to id less; the entry is freed with its last one. */
void intern_put(struct intern *t, uint32_t id);

/* Whether id's string is s[0..len) (a cheap check before intern_get()). */
bool intern_is(const struct intern *t, uint32_t id, const char *s, size_t len);

/* id's string, NUL-terminated; valid while a reference is held. */
const char *intern_str(const struct intern *t, uint32_t id);
/* id's length. */
size_t intern_len(const struct intern *t, uint32_t id);

/* Entries held, and the references to id: for tests and accounting. */
size_t intern_count(const struct intern *t);
uint32_t intern_refs(const struct intern *t, uint32_t id);

#endif
