/* SPDX-License-Identifier: ISC */
/*
 * SO_RXQ_OVFL: the kernel's count of datagrams it dropped on a UDP socket
 * because the receive buffer was full, delivered with each datagram read
 * by recvmsg() or recvmmsg() (a control buffer of
 * CMSG_SPACE(sizeof(uint32_t))), accounted in the listener's counter and
 * logged at a bounded rate; and the batch of buffers recvmmsg() reads
 * into.
 */
#ifndef DAEMON_INPUT_UDP_RXQ_H
#define DAEMON_INPUT_UDP_RXQ_H

#include <sys/socket.h>

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/counter.h"
#include "core/log.h"

/* One listener's drop accounting: the last total seen, its counter. */
struct udp_rxq {
	uint32_t last;
	struct counter_set *counters; /* the listener's */
	size_t counter;               /* which of them */
	const char *name; /* for the log line, e.g. "syslog/udp ..." */
	struct log_rate rate;
};

/*
 * Asks for the drop count on fd and readies rxq (counters and name are
 * borrowed); 0, or -1 with errno set (drops will then go uncounted).
 */
int udp_rxq_open(struct udp_rxq *rxq, int fd, struct counter_set *counters,
    size_t counter, const char *name);

/*
 * Adds the drops mh tells of to rxq's counter and logs them, rate-
 * limited (none with a zeroed rxq: a Unix socket, which never drops).  The
 * kernel reports drops with the next datagram it accepts.
 */
void udp_rxq_account(struct udp_rxq *rxq, struct msghdr *mh, int64_t now_ms);

/*
 * A batch of datagrams read with one recvmmsg(): count slots of slot_len
 * bytes each, their senders and control buffers, all allocated once by
 * udp_rxq_batch_new(), so that reading allocates and copies nothing.
 */
struct udp_rxq_batch;

/* One datagram of a batch, pointing into the batch (valid until the next
 * read into it). */
struct udp_rxq_datagram {
	const char *buf;
	size_t len;        /* bytes in buf: at most the slot's length */
	bool is_truncated; /* the datagram was longer than the slot: cut */
	const struct sockaddr *peer;
	socklen_t peer_len;
};

/* count (1..UDP_RXQ_BATCH_MAX) slots of slot_len (> 0) bytes. */
#define UDP_RXQ_BATCH_MAX 256
struct udp_rxq_batch *udp_rxq_batch_new(size_t count, size_t slot_len);
void udp_rxq_batch_free(struct udp_rxq_batch *b); /* NULL is a no-op */
size_t udp_rxq_batch_slot_len(const struct udp_rxq_batch *b);

/*
 * Reads what fd (non-blocking) holds, up to the batch's count, with one
 * recvmmsg(); the kernel's drops every datagram tells of are accounted, in
 * order, so the count stays exact whatever the batch.  Returns the number
 * read (> 0), or -1 with errno set (EAGAIN: none waiting).
 */
int udp_rxq_recv_batch(struct udp_rxq *rxq, int fd, struct udp_rxq_batch *b,
    int64_t now_ms);
/* The i-th datagram the last udp_rxq_recv_batch() read (i < its result). */
void udp_rxq_batch_get(const struct udp_rxq_batch *b, size_t i,
    struct udp_rxq_datagram *d);

/*
 * Asks the kernel for a receive buffer of len bytes on fd, past
 * net.core.rmem_max when the process may (CAP_NET_ADMIN: SO_RCVBUFFORCE);
 * when it gives less (rmem_max caps it), says so in a log line naming
 * name.
 */
void udp_rxq_rcvbuf(int fd, size_t len, const char *name);

/* Asks for the drop count on fd; 0, or -1 with errno set. */
int udp_rxq_enable(int fd);

/*
 * The drops since *last (modulo 2^32, as the kernel's counter wraps) told
 * by mh's control messages, 0 when none tells any; updates *last.
 */
uint32_t udp_rxq_dropped(struct msghdr *mh, uint32_t *last);

#endif
