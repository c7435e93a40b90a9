/* SPDX-License-Identifier: ISC */
/*
 * UTF-8 decoding and cutting: the one place that knows the encoding.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "core/utf8.h"

#define UTF8_CONT_MAX 3 /* continuation bytes after a lead byte */

static int
utf8_is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t v;

	*cp = c;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, v = c & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (!utf8_is_cont(s[i]))
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) ||
	    (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	*cp = v;
	return n;
}

size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = max;

	if (len <= max)
		return len;
	/* u[n] is the first byte left out: a character must not go on there */
	while (n > 0 && max - n < UTF8_CONT_MAX && utf8_is_cont(u[n]))
		n--;
	return utf8_is_cont(u[n]) ? max : n;
}
