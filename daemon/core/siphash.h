/* SPDX-License-Identifier: ISC */
/*
 * SipHash-2-4 (Aumasson and Bernstein): a keyed hash for tables whose keys
 * come from the network, so that colliding keys cannot be chosen without
 * the key.  Pure.
 */
#ifndef DAEMON_CORE_SIPHASH_H
#define DAEMON_CORE_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/* key[0] is the first 8 key bytes read little-endian, key[1] the next 8. */
uint64_t siphash24(const uint64_t key[2], const void *data, size_t len);

#endif
