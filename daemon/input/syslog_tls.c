/* SPDX-License-Identifier: ISC */
/*
 * `listen syslog tls`: the OpenSSL server context, and each connection as
 * an OpenSSL bufferevent (its handshake, the client certificate's
 * subject, why it failed, its capped input framed a bounded amount per
 * turn of the loop) inside syslog_tcp.c's listener, which accepts, limits
 * and frames as for TCP.
 */
#include "config.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/util.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "core/escape.h"
#include "core/log.h"
#include "decode/syslog_frame.h"
#include "input/syslog_in.h"
#include "input/syslog_tcp.h"
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

static void
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

static const char *
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

/*
 * TLS: frames at most SYSLOG_TCP_READ_MAX bytes of what the bufferevent
 * decrypted; what is left is framed on the next turn of the loop (while
 * it stays over the watermark, libevent reads no more from the client).
 */
static bool
syslog_tls_frame(struct syslog_tcp_conn *c, size_t max,
    const struct clock_stamp *now)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	size_t total = 0, room;
	int n;
	char *p;

	while (total < max && evbuffer_get_length(in) > 0) {
		p = syslog_frame_space(c->frame, &room);
		assert(room > 0);
		if ((n = evbuffer_remove(in, p, room)) <= 0)
			break;
		total += (size_t)n;
		if (!syslog_tcp_commit(c, (size_t)n, now))
			return false;
	}
	return true;
}

static void
syslog_tls_drain(struct syslog_tcp_conn *c)
{
	struct clock_stamp now;

	clock_read(&now);
	if (syslog_tls_frame(c, SYSLOG_TCP_READ_MAX, &now) &&
	    evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
		event_active(c->more, EV_TIMEOUT, 0);
}

static void
syslog_tls_read_cb(struct bufferevent *bev, void *arg)
{
	syslog_tls_drain(arg);
}

static void
syslog_tls_more_cb(evutil_socket_t fd, short what, void *arg)
{
	syslog_tls_drain(arg);
}

/* The handshake is done: the client's certificate, the idle timer. */
static void
syslog_tls_up(struct syslog_tcp_conn *c)
{
	struct clock_stamp now;
	char esub[SYSLOG_TCP_SUBJECT_MAX * 4];

	clock_read(&now);
	c->is_handshaken = true;
	counter_inc(&c->l->si.base.counters, ST_TLS_HANDSHAKES);
	syslog_tls_subject(bufferevent_openssl_get_ssl(c->bev), c->subject,
	    sizeof(c->subject));
	syslog_tcp_arm_idle(c, now.mono_ms);
	escape_text(c->subject, strlen(c->subject), esub, sizeof(esub));
	log_debug("%s: %s: TLS %s, client certificate \"%s\"",
	    syslog_tcp_name(c->l), c->peer,
	    SSL_get_version(bufferevent_openssl_get_ssl(c->bev)),
	    c->subject[0] != '\0' ? esub : "(none)");
}

static void
syslog_tls_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct syslog_tcp_conn *c = arg;
	struct syslog_tcp *l = c->l;
	struct clock_stamp now;
	char why[256];

	if (what & BEV_EVENT_CONNECTED) {
		syslog_tls_up(c);
		return;
	}
	if (!(what & (BEV_EVENT_ERROR | BEV_EVENT_EOF)))
		return;
	clock_read(&now);
	if (!c->is_handshaken) {
		counter_inc(&l->si.base.counters, ST_TLS_HANDSHAKE_FAILURES);
		(void)syslog_tls_why(bev, why, sizeof(why));
		if (log_rate_allow(&l->si.rate_bad, now.mono_ms))
			log_warnx("%s: %s: TLS handshake failed: %s: closing",
			    syslog_tcp_name(l), c->peer,
			    (what & BEV_EVENT_ERROR) ? why
						     : "closed by the client");
		syslog_tcp_conn_free(c);
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		counter_inc(&l->si.base.counters, SI_READ_ERRORS);
		(void)syslog_tls_why(bev, why, sizeof(why));
		if (log_rate_allow(&l->si.rate_io, now.mono_ms))
			log_warnx("%s: %s: %s", syslog_tcp_name(l), c->peer,
			    why);
	}
	/* bytes decrypted but not framed yet are framed first */
	event_del(c->more);
	if (syslog_tls_frame(c, SIZE_MAX, &now))
		syslog_tcp_eof(c, &now);
}

/* A TLS connection on c->fd, its handshake under way. */
void
syslog_tls_start(struct syslog_tcp_conn *c)
{
	struct syslog_tcp *l = c->l;
	SSL *ssl = SSL_new(l->tls);

	if (ssl == NULL ||
	    (c->bev = bufferevent_openssl_socket_new(l->base, c->fd, ssl,
		 BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE)) == NULL ||
	    (c->more = event_new(l->base, -1, 0, syslog_tls_more_cb, c)) ==
		NULL)
		fatalx("%s: cannot make a TLS connection", syslog_tcp_name(l));
	bufferevent_setcb(c->bev, syslog_tls_read_cb, NULL, syslog_tls_event_cb,
	    c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, SYSLOG_TCP_READ_MAX);
	bufferevent_enable(c->bev, EV_READ);
}

/*
 * TLS: the certificates are read again; new connections use them, those
 * under way keep theirs.  When they cannot be used, the old ones stay.
 */
void
syslog_tls_reload(struct syslog_tcp *l, const struct conf_listen *cl)
{
	SSL_CTX *tls;
	char err[512];

	if ((tls = syslog_tls_ctx_new(cl, err, sizeof(err))) == NULL) {
		counter_inc(&l->si.base.counters, ST_TLS_RELOAD_ERRORS);
		log_warnx("%s:%d: %s: %s: keeping the certificates in use",
		    cl->file, cl->line, syslog_tcp_name(l), err);
		return;
	}
	SSL_CTX_free(l->tls); /* connections hold their own reference */
	l->tls = tls;
	log_info("%s: certificates reloaded", syslog_tcp_name(l));
}
