/* SPDX-License-Identifier: ISC */
/* utf8: strict decoding, and cuts that never end inside a character. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/utf8.h"

static size_t
dec(const char *s, size_t len, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, len, cp);
}

Test(utf8, decodes_one_to_four_bytes)
{
	uint32_t cp;

	cr_assert(eq(sz, dec("A", 1, &cp), 1));
	cr_assert(eq(u32, cp, 0x41));
	cr_assert(eq(sz, dec("\xc3\xa9", 2, &cp), 2));
	cr_assert(eq(u32, cp, 0xe9));
	cr_assert(eq(sz, dec("\xe2\x82\xac", 3, &cp), 3));
	cr_assert(eq(u32, cp, 0x20ac));
	cr_assert(eq(sz, dec("\xf0\x9f\x98\x80", 4, &cp), 4));
	cr_assert(eq(u32, cp, 0x1f600));
	cr_assert(eq(sz, dec("\xf4\x8f\xbf\xbf", 4, &cp), 4));
	cr_assert(eq(u32, cp, 0x10ffff));
}

Test(utf8, refuses_what_is_not_utf8)
{
	uint32_t cp;

	cr_assert(eq(sz, dec("\x80", 1, &cp), 0)); /* stray */
	cr_assert(eq(u32, cp, 0x80));
	cr_assert(eq(sz, dec("\xc0\xaf", 2, &cp), 0)); /* overlong */
	cr_assert(eq(sz, dec("\xc1\xbf", 2, &cp), 0));
	cr_assert(eq(sz, dec("\xe0\x80\xaf", 3, &cp), 0)); /* overlong */
	cr_assert(eq(sz, dec("\xf0\x80\x80\xaf", 4, &cp), 0));
	cr_assert(eq(sz, dec("\xed\xa0\x80", 3, &cp), 0));     /* surrogate */
	cr_assert(eq(sz, dec("\xf4\x90\x80\x80", 4, &cp), 0)); /* > U+10FFFF */
	cr_assert(eq(sz, dec("\xf5\x80\x80\x80", 4, &cp), 0));
	cr_assert(eq(sz, dec("\xe2\x82", 2, &cp), 0));     /* cut short */
	cr_assert(eq(sz, dec("\xe2\x41\xac", 3, &cp), 0)); /* not a cont. */
}

Test(utf8, cut_keeps_all_that_fits)
{
	cr_assert(eq(sz, utf8_cut("abc", 3, 3), 3));
	cr_assert(eq(sz, utf8_cut("abc", 3, 10), 3));
	cr_assert(eq(sz, utf8_cut("", 0, 0), 0));
	cr_assert(eq(sz, utf8_cut("abc", 3, 0), 0));
}

Test(utf8, cut_backs_up_over_a_split_character)
{
	/* "ab" then U+20AC (3 bytes) then "c" */
	const char *s = "ab\xe2\x82\xac"
			"c";

	cr_assert(eq(sz, utf8_cut(s, 6, 2), 2));
	cr_assert(eq(sz, utf8_cut(s, 6, 3), 2));
	cr_assert(eq(sz, utf8_cut(s, 6, 4), 2));
	cr_assert(eq(sz, utf8_cut(s, 6, 5), 5));
	/* four bytes: cut at 1, 2 or 3 falls inside */
	cr_assert(eq(sz, utf8_cut("\xf0\x9f\x98\x80x", 5, 3), 0));
	cr_assert(eq(sz, utf8_cut("\xf0\x9f\x98\x80x", 5, 4), 4));
}

Test(utf8, cut_of_stray_continuation_bytes_is_cut_not_emptied)
{
	char s[301];

	memset(s, 0x80, 300);
	s[300] = '\0';
	/* not UTF-8: backing up more than 3 bytes would lose everything */
	cr_assert(eq(sz, utf8_cut(s, 300, 255), 255));
}
