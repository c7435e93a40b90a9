/* SPDX-License-Identifier: ISC */
/* SipHash-2-4, as in the reference implementation; checked by its vectors. */
#include "config.h"

#include "core/siphash.h"

#define SIPHASH_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static void
siphash_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = SIPHASH_ROTL(v[1], 13) ^ v[0];
	v[0] = SIPHASH_ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = SIPHASH_ROTL(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = SIPHASH_ROTL(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = SIPHASH_ROTL(v[1], 17) ^ v[2];
	v[2] = SIPHASH_ROTL(v[2], 32);
}

static void
siphash_block(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	siphash_round(v);
	siphash_round(v);
	v[0] ^= m;
}

uint64_t
siphash24(const uint64_t key[2], const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i, left;
	uint64_t v[4], m;

	v[0] = key[0] ^ 0x736f6d6570736575ULL;
	v[1] = key[1] ^ 0x646f72616e646f6dULL;
	v[2] = key[0] ^ 0x6c7967656e657261ULL;
	v[3] = key[1] ^ 0x7465646279746573ULL;
	for (left = len; left >= 8; left -= 8, p += 8) {
		for (m = 0, i = 0; i < 8; i++)
			m |= (uint64_t)p[i] << (8 * i);
		siphash_block(v, m);
	}
	m = (uint64_t)len << 56;
	for (i = 0; i < left; i++)
		m |= (uint64_t)p[i] << (8 * i);
	siphash_block(v, m);
	v[2] ^= 0xff;
	for (i = 0; i < 4; i++)
		siphash_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}
