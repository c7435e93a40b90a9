/* SPDX-License-Identifier: ISC */
/*
 * Private to listen_syslog.c (sockets, UDP, frame -> event) and
 * listen_syslog_tcp.c (TCP connections): the listener's state and what
 * each calls in the other.
 */
#ifndef DAEMON_LISTEN_SYSLOG_INT_H
#define DAEMON_LISTEN_SYSLOG_INT_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "conf.h"
#include "ingest.h"
#include "log.h"
#include "udp_rxq.h"

struct listen_conn;

struct listen_syslog {
	struct event_base *base;
	const struct conf *conf;
	struct conf_listen cl;
	struct ingest *in;
	int fd;
	struct event *ev;
	struct event *retry; /* TCP: re-enable accepting after EMFILE */
	bool is_paused;
	bool is_closing;
	size_t nconns;
	TAILQ_HEAD(listen_conns, listen_conn) conns;
	char *udp_buf;
	struct udp_rxq rxq; /* UDP: the kernel's drops */
	struct log_rate rate_bad;
	struct log_rate rate_other;
	struct log_rate rate_io;
};

const char *listen_syslog_name(const struct listen_syslog *l);
/* Numeric peer address, IPv4-mapped IPv6 shown as IPv4. */
void listen_syslog_peer(const struct sockaddr_storage *ss, char *out,
    size_t len);
/* One complete frame (possibly truncated) -> counters, log, ingest. */
void listen_syslog_frame(struct listen_syslog *l, const char *buf, size_t len,
    const char *peer, bool is_truncated, int64_t now_ms);

/* TCP: the accepting socket's callbacks, resuming after a pause, and
 * closing every client (their unfinished frames are counted). */
void listen_syslog_tcp_accept_cb(evutil_socket_t fd, short what, void *arg);
void listen_syslog_tcp_retry_cb(evutil_socket_t fd, short what, void *arg);
void listen_syslog_tcp_resume(struct listen_syslog *l);
void listen_syslog_tcp_close_all(struct listen_syslog *l);

#endif
