/* SPDX-License-Identifier: ISC */
/*
 * Socket addresses: numeric text of a peer, numeric parsing (never a name
 * lookup), and the one way the daemon makes a bound or connected socket:
 * non-blocking, close-on-exec, "::" meaning IPv6 only.
 */
#ifndef DAEMON_CORE_NET_H
#define DAEMON_CORE_NET_H

#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#define NET_ADDR_TEXT_MAX 64 /* numeric IPv4 or IPv6 text and its NUL */

/*
 * The numeric address of sa (no port): IPv4-mapped IPv6 shown as IPv4,
 * IPv6 compressed; "unknown" for another family or a short sa.
 */
void net_addr_text(const struct sockaddr *sa, socklen_t salen, char *out,
    size_t outlen);

/* Numeric addr and port -> *ss; 0, or -1 with a message in err. */
int net_parse(const char *addr, uint16_t port, struct sockaddr_storage *ss,
    socklen_t *sslen, char *err, size_t errlen);

/*
 * A socket of type (SOCK_DGRAM or SOCK_STREAM) bound to addr:port; a
 * stream socket listens with backlog and has SO_REUSEADDR (a datagram
 * socket does not: a second process could share its port).  Returns the
 * fd, or -1 with errno kept and "what: strerror" in err.
 */
int net_bind(const char *addr, uint16_t port, int type, int backlog, char *err,
    size_t errlen);

/*
 * A Unix datagram socket bound at path (non-blocking, close-on-exec, mode
 * 0666: who may send is the directory's to say).  A socket file nobody
 * listens on (a stale one) is removed first; one in use, or a file that
 * is no socket, is left alone and refused.  Returns the fd, or -1 with
 * "what: strerror" in err.
 */
int net_bind_unix(const char *path, char *err, size_t errlen);

/*
 * fd made non-blocking and close-on-exec, then connected to addr:port
 * (datagram sockets: only that peer's datagrams are received).  0, or -1
 * with a message in err.
 */
int net_connect_fd(int fd, const char *addr, uint16_t port, char *err,
    size_t errlen);

/*
 * This machine's name (gethostname(), no lookup) into buf, NUL-terminated
 * and cut to fit; "-" when it has none.
 */
void net_hostname(char *buf, size_t len);

/*
 * The family a numeric address of len bytes at p can only be, by its
 * bytes alone: AF_INET (digits and dots), AF_INET6 (hex digits, dots and
 * at least one colon), or AF_UNSPEC when it is no address.  Pure; a
 * cheap test before inet_pton(), which most host names never need.
 */
int net_addr_shape(const char *p, size_t len);

/*
 * The dotted quad of the 4 octets at a into out (16 bytes hold any),
 * as inet_ntop() writes it, without its sprintf(); "" when outlen is too
 * small.  Pure.
 */
void net_ipv4_text(const unsigned char a[4], char *out, size_t outlen);

#endif
