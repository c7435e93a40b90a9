/* SPDX-License-Identifier: ISC */
/*
 * UTF-8: decoding one sequence (strictly: no overlongs, surrogates or
 * code points past U+10FFFF) and cutting text to a size without ending
 * inside a character.  Pure.
 */
#ifndef DAEMON_CORE_UTF8_H
#define DAEMON_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Length (1..4) of the valid UTF-8 sequence at s[0..len), len >= 1, or
 * 0 when the bytes there are not valid UTF-8 (a stray continuation, an
 * overlong form, a surrogate, past U+10FFFF, cut short).  *cp gets the
 * code point of a valid sequence, else the byte s[0].
 */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * How much of s[0..len) to keep in at most max bytes: len when it fits,
 * else max backed up so that the cut does not fall inside a character
 * (s[max] is the first byte left out).  A character has at most three
 * continuation bytes: past three the bytes are not UTF-8 and are cut at
 * max.
 */
size_t utf8_cut(const char *s, size_t len, size_t max);

#endif
