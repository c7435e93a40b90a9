/* SPDX-License-Identifier: ISC */
/*
 * Retransmitted INFORMs: a sender that lost our RESPONSE sends the same
 * INFORM again (same peer address, port and request-id); it is answered
 * again but ingested once.  Pure: now_ms is passed in.
 */
#ifndef DAEMON_INPUT_INFORM_SEEN_H
#define DAEMON_INPUT_INFORM_SEEN_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A ring of the last INFORM_SEEN_MAX INFORMs, each remembered
 * INFORM_SEEN_MS; more INFORMs than that in the window push the oldest
 * out early.
 */
#define INFORM_SEEN_MAX 256
#define INFORM_SEEN_MS (30 * 1000)

struct inform_seen_entry {
	int64_t at_ms;
	long reqid;
	uint16_t port; /* network byte order, as in the sockaddr */
	bool is_used;
	bool is_v6;
	uint8_t addr[16]; /* IPv4: the first 4 octets */
};

/* Zero-initialise (memset or = { 0 }) before use. */
struct inform_seen {
	struct inform_seen_entry entries[INFORM_SEEN_MAX];
	size_t next; /* the slot the next new INFORM overwrites */
};

/*
 * True when an INFORM with reqid came from sa (AF_INET or AF_INET6) less
 * than INFORM_SEEN_MS before now_ms: a retransmission.  Otherwise
 * remembers it and returns false.  Other address families are never
 * duplicates and are not remembered.
 */
bool inform_seen_check(struct inform_seen *s, const struct sockaddr *sa,
    socklen_t salen, long reqid, int64_t now_ms);

#endif
