/* SPDX-License-Identifier: ISC */
/*
 * Regular expressions for rules (`text ~ "REGEX"`): PCRE2, compiled once
 * at load (with its JIT where the machine has one), UTF-8 with invalid
 * sequences tolerated in the subject.  Matching is pure and allocates
 * nothing: each regex owns its match data, so it is not thread-safe.
 */
#ifndef DAEMON_CORE_REGEX_H
#define DAEMON_CORE_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#define REGEX_PATTERN_MAX 1024

struct regex;

/*
 * Compiles pattern (NUL-terminated), case-sensitive unless it says
 * otherwise ("(?i)").  NULL, with a message in err giving the offset of
 * the fault, when it does not compile.
 */
struct regex *regex_compile(const char *pattern, char *err, size_t errlen);
void regex_free(struct regex *re); /* NULL is a no-op */
const char *regex_pattern(const struct regex *re);

/*
 * Whether re matches somewhere in s[0..len).  A match that would run past
 * PCRE2's match limit counts as no match.
 */
bool regex_match(struct regex *re, const char *s, size_t len);

#endif
