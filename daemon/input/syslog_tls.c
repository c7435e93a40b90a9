/* SPDX-License-Identifier: ISC */
/*
 * OpenSSL for `listen syslog tls`: the server context, a client
 * certificate's subject, the reason a handshake failed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/util.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "conf/conf.h"
#include "input/syslog_tls.h"

/* OpenSSL's last error about what, into err. */
static void
syslog_tls_err(const char *what, const char *path, char *err, size_t errlen)
{
	char reason[160];
	unsigned long e = ERR_peek_last_error();

	if (e != 0)
		ERR_error_string_n(e, reason, sizeof(reason));
	else
		(void)snprintf(reason, sizeof(reason), "%s", "unusable");
	ERR_clear_error();
	(void)snprintf(err, errlen, "%s \"%s\": %s", what, path, reason);
}

SSL_CTX *
syslog_tls_ctx_new(const struct conf_listen *cl, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL) {
		(void)snprintf(err, errlen, "%s", "cannot make a TLS context");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
	/* no resumption: every connection's certificate is checked */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_num_tickets(ctx, 0);
	if (SSL_CTX_use_certificate_chain_file(ctx, cl->certificate) != 1) {
		syslog_tls_err("certificate", cl->certificate, err, errlen);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, cl->key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		syslog_tls_err("key", cl->key, err, errlen);
		goto fail;
	}
	if (cl->ca != NULL) {
		STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cl->ca);

		if (names == NULL ||
		    SSL_CTX_load_verify_locations(ctx, cl->ca, NULL) != 1) {
			if (names != NULL)
				sk_X509_NAME_pop_free(names, X509_NAME_free);
			syslog_tls_err("ca", cl->ca, err, errlen);
			goto fail;
		}
		SSL_CTX_set_client_CA_list(ctx, names);
		SSL_CTX_set_verify(ctx,
		    SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

void
syslog_tls_subject(SSL *ssl, char *buf, size_t len)
{
	X509 *cert = SSL_get0_peer_certificate(ssl);
	BIO *bio;
	int n;

	buf[0] = '\0';
	if (cert == NULL || (bio = BIO_new(BIO_s_mem())) == NULL)
		return;
	/* RFC 2253: one line, controls and non-ASCII escaped */
	if (X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0,
		XN_FLAG_RFC2253) >= 0 &&
	    (n = BIO_read(bio, buf, (int)len - 1)) > 0)
		buf[n] = '\0';
	BIO_free(bio);
}

const char *
syslog_tls_why(struct bufferevent *bev, char *buf, size_t len)
{
	SSL *ssl = bufferevent_openssl_get_ssl(bev);
	unsigned long e = bufferevent_get_openssl_error(bev);
	long v;

	/* the rest of this connection's errors are no other's */
	while (bufferevent_get_openssl_error(bev) != 0)
		;
	if (ssl != NULL && (v = SSL_get_verify_result(ssl)) != X509_V_OK) {
		(void)snprintf(buf, len, "client certificate: %s",
		    X509_verify_cert_error_string(v));
		return buf;
	}
	if (e != 0) {
		const char *r = ERR_reason_error_string(e);

		(void)snprintf(buf, len, "%s", r != NULL ? r : "TLS error");
		return buf;
	}
	(void)snprintf(buf, len, "%s",
	    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	return buf;
}
