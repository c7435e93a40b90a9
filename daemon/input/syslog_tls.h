/* SPDX-License-Identifier: ISC */
/*
 * The TLS side of `listen syslog tls` (RFC 5425): the server context made
 * from the listener's certificate, key and ca (TLS 1.2 and later; with
 * ca, a client certificate that chains to it is required), the subject of
 * a client's certificate, and why a handshake failed; each connection an
 * OpenSSL bufferevent inside syslog_tcp.c's listener (syslog_tcp.h).
 */
#ifndef DAEMON_INPUT_SYSLOG_TLS_H
#define DAEMON_INPUT_SYSLOG_TLS_H

#include <stddef.h>

#include <openssl/ssl.h>

#include "conf/conf.h"

/*
 * A server context from cl's files, read now; NULL on failure with why
 * ("certificate /x: ...") in err.  SSL_CTX_free() frees it; connections
 * made from it hold their own reference.
 */
SSL_CTX *syslog_tls_ctx_new(const struct conf_listen *cl, char *err,
    size_t errlen);

struct syslog_tcp;
struct syslog_tcp_conn;

/*
 * c, just accepted on a TLS listener, becomes an OpenSSL bufferevent on
 * c->fd (owning it from then on) with its handshake under way.
 */
void syslog_tls_start(struct syslog_tcp_conn *c);

/*
 * A reload: cl's files read again into a new context for new
 * connections; when they cannot be used, l keeps its own (counted,
 * logged).
 */
void syslog_tls_reload(struct syslog_tcp *l, const struct conf_listen *cl);

#endif
