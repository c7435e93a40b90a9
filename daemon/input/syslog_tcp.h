/* SPDX-License-Identifier: ISC */
/*
 * What the two stream kinds share inside input/: syslog_tcp.c (accepting,
 * limits, eviction, framing, plain TCP reads) and syslog_tls.c (the TLS
 * connections, through OpenSSL bufferevents).  Not for other modules.
 */
#ifndef DAEMON_INPUT_SYSLOG_TCP_H
#define DAEMON_INPUT_SYSLOG_TCP_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include <openssl/ssl.h>

#include "core/clock.h"
#include "core/net.h"
#include "decode/syslog_frame.h"
#include "input/syslog_in.h"

#define SYSLOG_TCP_READ_MAX 65536 /* bytes per connection per wakeup */
#define SYSLOG_TCP_SUBJECT_MAX 256

enum syslog_tcp_counter {
	ST_FRAMES = SI_COMMON,
	ST_ACCEPTED,
	ST_REFUSED,
	ST_IDLE_CLOSED,
	ST_EVICTED,
	ST_FRAMING_ERRORS,
	ST_TRUNCATED_AT_EOF,
	ST_ADDRESS_LIMIT,
	ST_TLS_HANDSHAKES,
	ST_TLS_HANDSHAKE_FAILURES,
	ST_TLS_HANDSHAKE_TIMEOUTS,
	ST_TLS_RELOAD_ERRORS,
	ST_COUNT,
};

struct syslog_tcp_conn;

/* The places one address holds. */
struct syslog_tcp_addr {
	char text[NET_ADDR_TEXT_MAX];
	size_t n;
	LIST_ENTRY(syslog_tcp_addr) entry;
};

struct syslog_tcp {
	struct syslog_in si; /* first */
	struct event_base *base;
	int fd;
	struct event *ev;
	struct event *retry; /* re-enable accepting after a pause */
	bool is_paused;
	bool is_closing;
	int spare_fd; /* /dev/null, given up to accept and close at EMFILE */
	SSL_CTX *tls; /* syslog/tls: the certificates in force; NULL: tcp */
	size_t nconns;
	TAILQ_HEAD(syslog_tcp_conns, syslog_tcp_conn) conns;
	LIST_HEAD(syslog_tcp_addrs, syslog_tcp_addr) addrs; /* n > 0 each */
};

struct syslog_tcp_conn {
	struct syslog_tcp *l;
	int fd;
	struct event *ev;        /* tcp: readable */
	struct bufferevent *bev; /* tls: the connection (owns fd) */
	struct event *more;      /* tls: frame what a wakeup left */
	bool is_handshaken;      /* tls: and subject is the client's */
	char subject[SYSLOG_TCP_SUBJECT_MAX]; /* "" without a certificate */
	struct event *idle; /* armed at accept and at every complete frame */
	char peer[NET_ADDR_TEXT_MAX];
	struct syslog_tcp_addr *addr; /* its address's tally */
	struct syslog_frame *frame;   /* cap: max_message_len when accepted */
	int64_t last_frame_ms;        /* accept, or the last complete frame */
	bool has_framed;              /* a complete frame came, ever */
	TAILQ_ENTRY(syslog_tcp_conn) entry; /* least recently framed first */
};

/* The listener's label, for log lines. */
const char *syslog_tcp_name(const struct syslog_tcp *l);
/* Closes and frees c (not inside one of its bufferevent's callbacks
 * that goes on using it). */
void syslog_tcp_conn_free(struct syslog_tcp_conn *c);
/* A complete frame came (or the connection is new): the idle timer. */
void syslog_tcp_arm_idle(struct syslog_tcp_conn *c, int64_t now_ms);
/* The client ended the connection: what was half-read is counted. */
void syslog_tcp_eof(struct syslog_tcp_conn *c, const struct clock_stamp *now);
/*
 * n more bytes in c's frame buffer: frames them.  false when that closed
 * the connection (a framing error, counted and logged): c is gone.
 */
bool syslog_tcp_commit(struct syslog_tcp_conn *c, size_t n,
    const struct clock_stamp *now);

#endif
