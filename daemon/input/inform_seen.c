/* SPDX-License-Identifier: ISC */
/*
 * The ring of recent INFORMs, keyed by peer address, port and request-id.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "input/inform_seen.h"

/* The peer as a ring key; false for families we cannot key. */
static bool
inform_seen_key(const struct sockaddr *sa, socklen_t salen,
    struct inform_seen_entry *key)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;

	memset(key, 0, sizeof(*key));
	if (sa == NULL)
		return false;
	if (sa->sa_family == AF_INET && salen >= sizeof(*sin)) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		memcpy(key->addr, &sin->sin_addr, sizeof(sin->sin_addr));
		key->port = sin->sin_port;
		return true;
	}
	if (sa->sa_family == AF_INET6 && salen >= sizeof(*sin6)) {
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		memcpy(key->addr, &sin6->sin6_addr, sizeof(sin6->sin6_addr));
		key->port = sin6->sin6_port;
		key->is_v6 = true;
		return true;
	}
	return false;
}

bool
inform_seen_check(struct inform_seen *s, const struct sockaddr *sa,
    socklen_t salen, long reqid, int64_t now_ms)
{
	struct inform_seen_entry key, *e;
	size_t i;

	if (!inform_seen_key(sa, salen, &key))
		return false;
	for (i = 0; i < INFORM_SEEN_MAX; i++) {
		e = &s->entries[i];
		if (e->is_used && e->reqid == reqid && e->port == key.port &&
		    e->is_v6 == key.is_v6 &&
		    memcmp(e->addr, key.addr, sizeof(key.addr)) == 0 &&
		    now_ms - e->at_ms < INFORM_SEEN_MS)
			return true;
	}
	key.is_used = true;
	key.reqid = reqid;
	key.at_ms = now_ms;
	s->entries[s->next] = key;
	s->next = (s->next + 1) % INFORM_SEEN_MAX;
	return false;
}
