/* SPDX-License-Identifier: ISC */
/* siphash24 against the reference implementation's test vectors. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/siphash.h"

/* The reference key 00 01 .. 0f and message 00 01 .. len-1. */
static uint64_t
vector(size_t len)
{
	static const uint64_t key[2] = { 0x0706050403020100ULL,
		0x0f0e0d0c0b0a0908ULL };
	unsigned char msg[64];

	for (size_t i = 0; i < len; i++)
		msg[i] = (unsigned char)i;
	return siphash24(key, msg, len);
}

Test(siphash, empty_message_matches_reference)
{
	cr_assert(eq(u64, vector(0), 0x726fdb47dd0e0e31ULL));
}

Test(siphash, one_byte_matches_reference)
{
	cr_assert(eq(u64, vector(1), 0x74f839c593dc67fdULL));
}

Test(siphash, fifteen_bytes_match_the_paper)
{
	cr_assert(eq(u64, vector(15), 0xa129ca6149be45e5ULL));
}

Test(siphash, sixty_three_bytes_match_reference)
{
	cr_assert(eq(u64, vector(63), 0x958a324ceb064572ULL));
}

Test(siphash, key_changes_the_hash)
{
	const uint64_t k1[2] = { 1, 2 }, k2[2] = { 1, 3 };

	cr_assert(
	    ne(u64, siphash24(k1, "exch01", 6), siphash24(k2, "exch01", 6)));
}

Test(siphash, length_not_terminator_bounds_the_input)
{
	const uint64_t k[2] = { 7, 9 };

	cr_assert(
	    eq(u64, siphash24(k, "exch01XYZ", 6), siphash24(k, "exch01", 6)));
	cr_assert(
	    ne(u64, siphash24(k, "exch01", 6), siphash24(k, "exch01", 5)));
}
