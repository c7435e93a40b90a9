/* SPDX-License-Identifier: ISC */
/*
 * The TLS side of `listen syslog tls` (RFC 5425): the server context made
 * from the listener's certificate, key and ca (TLS 1.2 and later; with
 * ca, a client certificate that chains to it is required), the subject of
 * a client's certificate, and why a handshake failed.  The connections
 * themselves are syslog_tcp.c's, through libevent's OpenSSL bufferevents.
 */
#ifndef DAEMON_INPUT_SYSLOG_TLS_H
#define DAEMON_INPUT_SYSLOG_TLS_H

#include <stddef.h>

#include <event2/bufferevent.h>

#include <openssl/ssl.h>

#include "conf/conf.h"

#define SYSLOG_TLS_SUBJECT_MAX 256

/*
 * A server context from cl's files, read now; NULL on failure with why
 * ("certificate /x: ...") in err.  SSL_CTX_free() frees it; connections
 * made from it hold their own reference.
 */
SSL_CTX *syslog_tls_ctx_new(const struct conf_listen *cl, char *err,
    size_t errlen);

/*
 * The subject of the peer's certificate on ssl as one line
 * ("CN=exch01,O=Example"), "" when it presented none.
 */
void syslog_tls_subject(SSL *ssl, char *buf, size_t len);

/*
 * Why the TLS connection on bev failed: the certificate's verification
 * error when there was one ("certificate has expired"), else OpenSSL's
 * reason ("wrong version number" for plain text), else the socket's.
 */
const char *syslog_tls_why(struct bufferevent *bev, char *buf, size_t len);

#endif
