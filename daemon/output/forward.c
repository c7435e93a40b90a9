/* SPDX-License-Identifier: ISC */
/*
 * Alert forwarders: every alert, as one syslog message in the configured
 * format, to a remote collector over UDP, TCP or TLS (RFC 6587 octet
 * counting on both streams; TLS through libevent's OpenSSL bufferevents,
 * the collector's certificate checked against `ca` and the address we
 * dialled).  Never blocks: alerts wait in a bounded queue while the
 * collector is away, and reconnection backs off exponentially, capped,
 * with jitter.
 *
 * Delivery is at least once for TCP: a message stays held until the
 * collector's TCP has acknowledged its last byte (the bytes still in our
 * buffer plus the kernel's unacknowledged ones, SIOCOUTQ); when the
 * connection breaks, the held ones are sent again first.  So only the
 * messages in flight when it broke can arrive twice.  TLS counts bytes it
 * cannot map to messages: there a message is released when nothing at
 * all is unacknowledged.  UDP is fire and forget.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <linux/sockios.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "core/log.h"
#include "core/net.h"
#include "core/xmalloc.h"
#include "engine/alert.h"
#include "output/alert_format.h"
#include "output/forward_spool.h"
#include "output/output.h"

#define FORWARD_BACKOFF_MIN_MS 250
#define FORWARD_BACKOFF_MAX_MS 10000
#define FORWARD_ACK_POLL_MS 100 /* held messages are looked at this often */
#define FORWARD_DRAIN_MS 5000   /* a retired forwarder's time to drain */
/* Octet count, header, record. */
#define FORWARD_MSG_MAX (16 + ALERT_FORMAT_SYSLOG_HEADER_MAX + ALERT_FORMAT_MAX)

enum forward_counter {
	FC_SENT,
	FC_QUEUED,
	FC_DROPPED,
	FC_RECONNECTS,
	FC_RESENT,
	FC_TLS_FAILURES,
	FC_SPOOLED,
	FC_SPOOL_FULL,
	FC_COUNT,
};

static const struct counter_def forward_counters[FC_COUNT] = {
	[FC_SENT] = { "forward_sent",
	    "alerts the collector received (TCP: acknowledged)" },
	[FC_QUEUED] = { "forward_queued",
	    "alerts queued for a forwarder (all that it accepted)" },
	[FC_DROPPED] = { "forward_dropped",
	    "alerts a forwarder lost: queue full, UDP send failed, or "
	    "closed while still queued" },
	[FC_RECONNECTS] = { "forward_reconnects",
	    "connection attempts to a collector after the first" },
	[FC_RESENT] = { "forward_resent",
	    "alerts sent again after a connection broke (in flight)" },
	[FC_TLS_FAILURES] = { "forward_tls_failures",
	    "TLS handshakes that failed (certificate or name refused)" },
	[FC_SPOOLED] = { "forward_spooled",
	    "alerts written to a forwarder's on-disk spool" },
	[FC_SPOOL_FULL] = { "forward_spool_full",
	    "alerts dropped because the spool was full (oldest kept)" },
};

/* One framed message, waiting or in flight. */
struct forward_msg {
	TAILQ_ENTRY(forward_msg) entry;
	uint64_t spool_end; /* read back from the spool: ack up to; else 0 */
	size_t len;
	char data[]; /* TCP and TLS: "LEN " first */
};

TAILQ_HEAD(forward_msgs, forward_msg);

enum forward_state {
	FORWARD_DOWN,       /* waiting for the retry timer */
	FORWARD_CONNECTING, /* TCP connect or TLS handshake */
	FORWARD_UP,
};

struct forward {
	struct output base; /* first */
	struct conf_forward cf;
	struct event_base *evbase;
	char label[CONF_NAME_MAX + CONF_ADDR_MAX + 32];
	char hostname[ALERT_FORMAT_HOSTNAME_MAX + 1];
	struct alert_format_ctx ctx;
	struct sockaddr_storage ss;
	socklen_t sslen;
	int udp_fd;
	SSL_CTX *ssl_ctx;
	struct bufferevent *bev;
	enum forward_state state;
	struct event *retry;
	struct event *ack_poll;
	struct forward_spool *spool; /* NULL: no spool */
	struct event *sync_ev;       /* syncs the spool once per burst */
	int64_t backoff_ms;
	unsigned int attempts;
	struct forward_msgs queue; /* not yet written */
	struct forward_msgs held;  /* written, not yet acknowledged */
	size_t nqueued, nheld, held_bytes;
	struct log_rate rate;
	char buf[FORWARD_MSG_MAX];
};

static void forward_connect(struct forward *f);

/* The message for a: syslog header (unless rfc5424 is one), record. */
static struct forward_msg *
forward_msg_new(struct forward *f, const struct alert *a)
{
	struct forward_msg *m;
	size_t off = 0, n;
	int r;

	/* Another format is the MSG of a message without structured data. */
	if (f->cf.format != CONF_FORMAT_RFC5424) {
		off = alert_format_syslog_header(a, &f->ctx, f->buf,
		    ALERT_FORMAT_SYSLOG_HEADER_MAX);
		f->buf[off++] = '-';
		f->buf[off++] = ' ';
	}
	r = alert_format_write(f->cf.format, a, &f->ctx, f->buf + off,
	    ALERT_FORMAT_MAX);
	n = off + (r >= 0 ? (size_t)r : strlen(f->buf + off));
	m = xmalloc(sizeof(*m) + n + 16);
	m->spool_end = 0;
	if (f->cf.transport == CONF_TRANSPORT_UDP) {
		m->len = n;
		memcpy(m->data, f->buf, n);
	} else {
		r = snprintf(m->data, 16, "%zu ", n);
		memcpy(m->data + r, f->buf, n);
		m->len = (size_t)r + n;
	}
	return m;
}

static void
forward_msgs_free(struct forward_msgs *l)
{
	struct forward_msg *m;

	while ((m = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, m, entry);
		free(m);
	}
}

/*
 * Bytes written and not yet acknowledged by the collector's TCP: ours
 * still buffered, and the kernel's; TLS: nonzero while any are.
 */
static size_t
forward_unacked(const struct forward *f)
{
	size_t n = evbuffer_get_length(bufferevent_get_output(f->bev));
	int q = 0, fd = (int)bufferevent_getfd(f->bev);

	if (fd != -1 && ioctl(fd, SIOCOUTQ, &q) == 0 && q > 0)
		n += (size_t)q;
	if (f->cf.transport == CONF_TRANSPORT_TLS && n > 0)
		return f->held_bytes;
	return n;
}

/* Releases the held messages the collector has acknowledged. */
static void
forward_release(struct forward *f)
{
	struct forward_msg *m;
	size_t unacked = forward_unacked(f);

	while ((m = TAILQ_FIRST(&f->held)) != NULL &&
	    f->held_bytes - m->len >= unacked) {
		TAILQ_REMOVE(&f->held, m, entry);
		f->held_bytes -= m->len;
		f->nheld--;
		counter_inc(&f->base.counters, FC_SENT);
		if (m->spool_end != 0 &&
		    forward_spool_ack(f->spool, m->spool_end) == -1)
			log_warn("forward %s: spool", f->label);
		free(m);
	}
}

static void
forward_arm_poll(struct forward *f)
{
	struct timeval tv = clock_timeval(FORWARD_ACK_POLL_MS);

	if (f->nheld > 0)
		evtimer_add(f->ack_poll, &tv);
}

/* Moves spooled records into the queue, in order, while it has room. */
static void
forward_refill(struct forward *f)
{
	struct forward_msg *m;
	uint64_t end;
	ssize_t n;

	while (f->spool != NULL && forward_spool_has_unread(f->spool) &&
	    f->nqueued + f->nheld < f->cf.queue_max) {
		if ((n = forward_spool_read(f->spool, f->buf, sizeof(f->buf),
			 &end)) == -1) {
			log_warnx("forward %s: spool: a broken record, skipped",
			    f->label);
			continue;
		}
		m = xmalloc(sizeof(*m) + (size_t)n);
		m->spool_end = end;
		m->len = (size_t)n;
		memcpy(m->data, f->buf, (size_t)n);
		TAILQ_INSERT_TAIL(&f->queue, m, entry);
		f->nqueued++;
	}
}

/* Writes what is queued to a connection that is up. */
static void
forward_flush(struct forward *f)
{
	struct forward_msg *m;

	if (f->state != FORWARD_UP)
		return;
	while ((m = TAILQ_FIRST(&f->queue)) != NULL) {
		if (bufferevent_write(f->bev, m->data, m->len) == -1)
			break;
		TAILQ_REMOVE(&f->queue, m, entry);
		f->nqueued--;
		TAILQ_INSERT_TAIL(&f->held, m, entry);
		f->nheld++;
		f->held_bytes += m->len;
	}
	forward_arm_poll(f);
}

/* Releases what was acknowledged, and refills from the spool. */
static void
forward_progress(struct forward *f)
{
	forward_release(f);
	if (f->spool != NULL && forward_spool_has_unread(f->spool)) {
		forward_refill(f);
		forward_flush(f);
	}
	forward_arm_poll(f);
}

static void
forward_ack_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct forward *f = arg;

	if (f->state == FORWARD_UP)
		forward_progress(f);
}

static void
forward_write_cb(struct bufferevent *bev, void *arg)
{
	forward_progress(arg);
}

static void
forward_sync_cb(evutil_socket_t fd, short what, void *arg)
{
	struct forward *f = arg;

	if (forward_spool_sync(f->spool) == -1)
		log_warn("forward %s: spool: fdatasync", f->label);
}

/* The held messages go back to the head of the queue, in order. */
static void
forward_requeue_held(struct forward *f)
{
	struct forward_msg *m;

	while ((m = TAILQ_LAST(&f->held, forward_msgs)) != NULL) {
		TAILQ_REMOVE(&f->held, m, entry);
		TAILQ_INSERT_HEAD(&f->queue, m, entry);
		f->nqueued++;
		counter_inc(&f->base.counters, FC_RESENT);
	}
	f->nheld = 0;
	f->held_bytes = 0;
}

/* Capped exponential back-off, the second half of it drawn at random. */
static void
forward_schedule(struct forward *f)
{
	struct timeval tv;
	int64_t delay;

	delay = f->backoff_ms / 2 +
	    (int64_t)(arc4random_uniform((uint32_t)(f->backoff_ms / 2 + 1)));
	f->backoff_ms = f->backoff_ms * 2 > FORWARD_BACKOFF_MAX_MS
	    ? FORWARD_BACKOFF_MAX_MS
	    : f->backoff_ms * 2;
	tv = clock_timeval(delay);
	f->state = FORWARD_DOWN;
	evtimer_add(f->retry, &tv);
}

static void
forward_drop_bev(struct forward *f)
{
	if (f->bev != NULL)
		bufferevent_free(f->bev);
	f->bev = NULL;
	evtimer_del(f->ack_poll);
}

/* What broke a connection, for the log line. */
static const char *
forward_why(struct forward *f, short what, char *buf, size_t len)
{
	unsigned long e = f->bev != NULL && f->ssl_ctx != NULL
	    ? bufferevent_get_openssl_error(f->bev)
	    : 0;

	if (e != 0) {
		counter_inc(&f->base.counters, FC_TLS_FAILURES);
		ERR_error_string_n(e, buf, len);
		return buf;
	}
	if (what & BEV_EVENT_EOF)
		return "closed by the collector";
	(void)snprintf(buf, len, "%s",
	    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	return buf;
}

static void
forward_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct forward *f = arg;
	struct clock_stamp now;
	char why[256];

	if (what & BEV_EVENT_CONNECTED) {
		log_info("forward %s: connected", f->label);
		f->state = FORWARD_UP;
		f->backoff_ms = FORWARD_BACKOFF_MIN_MS;
		forward_flush(f);
		return;
	}
	if (!(what & (BEV_EVENT_ERROR | BEV_EVENT_EOF)))
		return;
	clock_read(&now);
	if (log_rate_allow(&f->rate, now.mono_ms))
		log_warnx("forward %s: %s; %zu alerts held, retrying", f->label,
		    forward_why(f, what, why, sizeof(why)),
		    f->nqueued + f->nheld);
	else
		(void)forward_why(f, what, why, sizeof(why));
	forward_drop_bev(f);
	forward_requeue_held(f);
	forward_schedule(f);
}

static void
forward_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct forward *f = arg;

	counter_inc(&f->base.counters, FC_RECONNECTS);
	forward_connect(f);
}

/* A TLS client for one connection: verification on, our address. */
static SSL *
forward_ssl_new(struct forward *f)
{
	SSL *ssl = SSL_new(f->ssl_ctx);

	if (ssl == NULL)
		return NULL;
	if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), f->cf.addr) !=
	    1) {
		SSL_free(ssl);
		return NULL;
	}
	return ssl;
}

static void
forward_connect(struct forward *f)
{
	SSL *ssl;

	if (f->cf.transport == CONF_TRANSPORT_TLS) {
		if ((ssl = forward_ssl_new(f)) == NULL) {
			log_warnx("forward %s: TLS setup failed", f->label);
			forward_schedule(f);
			return;
		}
		f->bev = bufferevent_openssl_socket_new(f->evbase, -1, ssl,
		    BUFFEREVENT_SSL_CONNECTING,
		    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	} else {
		f->bev = bufferevent_socket_new(f->evbase, -1,
		    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
	}
	if (f->bev == NULL) {
		log_warnx("forward %s: cannot make a connection", f->label);
		forward_schedule(f);
		return;
	}
	bufferevent_setcb(f->bev, NULL, forward_write_cb, forward_event_cb, f);
	bufferevent_enable(f->bev, EV_READ | EV_WRITE);
	f->state = FORWARD_CONNECTING;
	/* A numeric address: the connect never looks a name up. */
	if (bufferevent_socket_connect(f->bev, (struct sockaddr *)&f->ss,
		(int)f->sslen) == -1) {
		forward_drop_bev(f);
		forward_schedule(f);
	}
}

static SSL_CTX *
forward_ssl_ctx(const struct forward *f)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	if ((f->cf.ca != NULL
		    ? SSL_CTX_load_verify_locations(ctx, f->cf.ca, NULL)
		    : SSL_CTX_set_default_verify_paths(ctx)) != 1 ||
	    (f->cf.certificate != NULL &&
		(SSL_CTX_use_certificate_chain_file(ctx, f->cf.certificate) !=
			1 ||
		    SSL_CTX_use_PrivateKey_file(ctx, f->cf.key,
			SSL_FILETYPE_PEM) != 1))) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static void
forward_free(struct forward *f)
{
	forward_drop_bev(f);
	if (f->retry != NULL)
		event_free(f->retry);
	if (f->ack_poll != NULL)
		event_free(f->ack_poll);
	if (f->sync_ev != NULL)
		event_free(f->sync_ev);
	forward_spool_close(f->spool);
	if (f->udp_fd != -1)
		close(f->udp_fd);
	if (f->ssl_ctx != NULL)
		SSL_CTX_free(f->ssl_ctx);
	forward_msgs_free(&f->queue);
	forward_msgs_free(&f->held);
	conf_forward_clear(&f->cf);
	if (f->base.counters.v != NULL)
		counter_set_clear(&f->base.counters);
	free(f);
}

/* The socket or TLS context this transport needs; -1 logged. */
static int
forward_open_transport(struct forward *f)
{
	char err[256];

	if (f->cf.transport == CONF_TRANSPORT_UDP) {
		f->udp_fd = socket(f->ss.ss_family,
		    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (f->udp_fd == -1 ||
		    connect(f->udp_fd, (struct sockaddr *)&f->ss, f->sslen) ==
			-1) {
			log_warn("forward %s: udp socket", f->label);
			return -1;
		}
		return 0;
	}
	if (f->cf.transport == CONF_TRANSPORT_TLS &&
	    (f->ssl_ctx = forward_ssl_ctx(f)) == NULL) {
		ERR_error_string_n(ERR_get_error(), err, sizeof(err));
		log_warnx("forward %s: TLS: %s", f->label, err);
		return -1;
	}
	return 0;
}

/* The spool, if configured, and what it kept from before. */
static int
forward_open_spool(struct forward *f)
{
	char err[PATH_MAX + 64];

	if (f->cf.spool == NULL)
		return 0;
	f->spool = forward_spool_open(f->cf.spool, f->cf.name, f->cf.spool_max,
	    err, sizeof(err));
	if (f->spool == NULL) {
		log_warnx("forward %s: spool: %s", f->label, err);
		return -1;
	}
	f->sync_ev = evtimer_new(f->evbase, forward_sync_cb, f);
	if (forward_spool_bytes(f->spool) > 0)
		log_info("forward %s: spool holds %llu bytes from before",
		    f->label,
		    (unsigned long long)forward_spool_bytes(f->spool));
	forward_refill(f);
	return 0;
}

static struct output *
forward_open(const struct output_env *env, const void *item)
{
	const struct conf_forward *cf = item;
	struct forward *f = xcalloc(1, sizeof(*f));
	char err[128];

	conf_forward_copy(&f->cf, cf);
	f->evbase = env->base;
	f->udp_fd = -1;
	TAILQ_INIT(&f->queue);
	TAILQ_INIT(&f->held);
	(void)snprintf(f->label, sizeof(f->label), "%s (%s %s:%u)", cf->name,
	    cf->transport == CONF_TRANSPORT_UDP       ? "udp"
		: cf->transport == CONF_TRANSPORT_TCP ? "tcp"
						      : "tls",
	    cf->addr, cf->port);
	f->rate.what = f->label;
	net_hostname(f->hostname, sizeof(f->hostname));
	f->ctx = (struct alert_format_ctx){ cf->facility, f->hostname,
		(long)getpid() };
	f->backoff_ms = FORWARD_BACKOFF_MIN_MS;
	if (net_parse(cf->addr, cf->port, &f->ss, &f->sslen, err,
		sizeof(err)) == -1) {
		log_warnx("forward %s: %s", f->label, err);
		forward_free(f);
		return NULL;
	}
	f->retry = evtimer_new(env->base, forward_retry_cb, f);
	f->ack_poll = evtimer_new(env->base, forward_ack_poll_cb, f);
	if (forward_open_transport(f) == -1 || forward_open_spool(f) == -1) {
		forward_free(f);
		return NULL;
	}
	output_init(&f->base, &forward_kind, cf->name, false, f->label);
	if (cf->transport != CONF_TRANSPORT_UDP)
		forward_connect(f);
	return &f->base;
}

static bool
forward_is_same(const struct output *o, const void *item)
{
	const struct forward *f = (const struct forward *)(const void *)o;

	return conf_forward_is_same(&f->cf, item);
}

static void
forward_dropped(struct forward *f, const struct clock_stamp *now,
    const char *why)
{
	counter_inc(&f->base.counters, FC_DROPPED);
	if (log_rate_allow(&f->rate, now->mono_ms))
		log_warnx("forward %s: alert dropped: %s", f->label, why);
}

static void
forward_send_udp(struct forward *f, struct forward_msg *m,
    const struct clock_stamp *now)
{
	ssize_t w;

	do {
		w = send(f->udp_fd, m->data, m->len,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
	} while (w == -1 && errno == EINTR);
	if (w == (ssize_t)m->len)
		counter_inc(&f->base.counters, FC_SENT);
	else
		forward_dropped(f, now, w == -1 ? strerror(errno) : "cut");
	free(m);
}

/*
 * With a spool every alert goes through it, so that the queue is only
 * ever spooled records and their order holds across a restart.
 */
static void
forward_spool_msg(struct forward *f, struct forward_msg *m,
    const struct clock_stamp *now)
{
	struct timeval zero = { 0, 0 };

	if (forward_spool_append(f->spool, m->data, m->len) == -1) {
		if (errno == ENOSPC)
			counter_inc(&f->base.counters, FC_SPOOL_FULL);
		forward_dropped(f, now,
		    errno == ENOSPC ? "spool full (oldest kept)"
				    : strerror(errno));
		free(m);
		return;
	}
	free(m);
	counter_inc(&f->base.counters, FC_QUEUED);
	counter_inc(&f->base.counters, FC_SPOOLED);
	evtimer_add(f->sync_ev, &zero);
	forward_refill(f);
	forward_flush(f);
}

static void
forward_deliver(struct output *o, const struct alert *a,
    const struct clock_stamp *now)
{
	struct forward *f = (struct forward *)(void *)o;
	struct forward_msg *m;

	if (f->cf.transport != CONF_TRANSPORT_UDP && f->spool == NULL &&
	    f->nqueued + f->nheld >= f->cf.queue_max) {
		forward_dropped(f, now, "queue full");
		return;
	}
	m = forward_msg_new(f, a);
	if (f->cf.transport == CONF_TRANSPORT_UDP) {
		counter_inc(&f->base.counters, FC_QUEUED);
		forward_send_udp(f, m, now);
		return;
	}
	if (f->spool != NULL) {
		forward_spool_msg(f, m, now);
		return;
	}
	counter_inc(&f->base.counters, FC_QUEUED);
	TAILQ_INSERT_TAIL(&f->queue, m, entry);
	f->nqueued++;
	forward_flush(f);
}

/*
 * A spooled forwarder has nothing pending: what it holds is in its spool,
 * which the forwarder a reload opens in its place has already read.  It
 * is closed at once, so that two never write the same spool.
 */
static size_t
forward_pending(const struct output *o)
{
	const struct forward *f = (const struct forward *)(const void *)o;

	return f->spool != NULL ? 0 : f->nqueued + f->nheld;
}

static void
forward_close(struct output *o)
{
	struct forward *f = (struct forward *)(void *)o;
	size_t n;

	/*
	 * Not with a spool: its successor (a reload) has the file open, and
	 * an acknowledgement could cut it back under it.
	 */
	if (f->state == FORWARD_UP && f->spool == NULL)
		forward_release(f);
	n = f->nqueued + f->nheld;
	if (n > 0 && f->spool != NULL) {
		log_info("forward %s: %zu alerts and more kept in the spool",
		    f->label, n);
		n = 0;
	}
	if (n > 0) {
		log_warnx("forward %s: closed with %zu alerts not delivered",
		    f->label, n);
		counter_add(&f->base.counters, FC_DROPPED, n);
	}
	forward_free(f);
}

const struct output_kind forward_kind = {
	.name = "forward",
	.group = "forward",
	.counters = forward_counters,
	.ncounters = FC_COUNT,
	.open = forward_open,
	.is_same = forward_is_same,
	.deliver = forward_deliver,
	.pending = forward_pending,
	.pending_noun = "alerts",
	.drain_ms = FORWARD_DRAIN_MS,
	.is_forwarder = true,
	.close = forward_close,
};
