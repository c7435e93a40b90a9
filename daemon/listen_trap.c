/* SPDX-License-Identifier: ISC */
/*
 * The SNMP notification receiver: one UDP socket per `listen trap`, read
 * from the libevent loop; net-snmp parses each datagram and builds the
 * RESPONSE to an INFORM, we check the community and hand translator traps
 * to ingest.
 *
 * We own the socket (recvfrom/sendto) and call snmp_parse()/snmp_build()
 * rather than letting a net-snmp transport session read it, because that
 * gives the control a receiver needs: every datagram is seen with its peer
 * and counted exactly once (net-snmp drops what it cannot parse without
 * telling its callback who sent it), SNMPv3 and unknown versions are
 * refused before any USM processing (no REPORTs to unauthenticated peers,
 * no engine state), reads are non-blocking in a bounded burst, and there
 * is no fd_set or library timer to mirror into libevent.  The kernel's
 * drops on the socket (SO_RXQ_OVFL) are counted, and a retransmitted
 * INFORM (the sender lost our RESPONSE) is acknowledged again but
 * ingested once.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "clock.h"
#include "escape.h"
#include "listen_trap.h"
#include "log.h"
#include "stats.h"
#include "trap_decode.h"
#include "udp_rxq.h"
#include "xmalloc.h"

#define LISTEN_TRAP_DATAGRAM_MAX 65535 /* the largest UDP payload */
#define LISTEN_TRAP_BURST 64           /* datagrams per wakeup */
#define LISTEN_TRAP_RCVBUF (1024 * 1024)
#define LISTEN_TRAP_NAME_MAX (CONF_ADDR_MAX + 32)

struct listen_trap {
	struct event_base *base;
	struct ingest *in;
	char name[LISTEN_TRAP_NAME_MAX]; /* "trap 0.0.0.0:162" for logs */
	char **communities;
	size_t ncommunities;
	int fd;
	struct event *ev;
	u_char *buf;
	netsnmp_session sess; /* parse and build context, never opened */
	struct udp_rxq rxq;   /* the kernel's drops on fd */
	struct trap_decode_seen seen; /* recent INFORMs, for retransmissions */
	struct log_rate rate_community;
	struct log_rate rate_version;
	struct log_rate rate_malformed;
	struct log_rate rate_other;
};

/* One datagram being handled. */
struct listen_trap_msg {
	u_char *data;
	size_t len;
	const struct sockaddr *sa;
	socklen_t salen;
	char peer[WINEVENT_PEER_MAX];
	int64_t now_ms;  /* monotonic, read once per wakeup */
	int64_t wall_ms; /* receipt time for events, read once per wakeup */
};

static void
listen_trap_set_communities(struct listen_trap *l, const struct conf_listen *cl)
{
	size_t i;

	for (i = 0; i < l->ncommunities; i++)
		free(l->communities[i]);
	free(l->communities);
	l->communities = NULL;
	l->ncommunities = cl->ncommunities;
	if (cl->ncommunities == 0)
		return;
	l->communities = xcalloc(cl->ncommunities, sizeof(char *));
	for (i = 0; i < cl->ncommunities; i++)
		l->communities[i] = xstrdup(cl->communities[i]);
}

/* Compares every configured community in full: no early exit. */
static bool
listen_trap_community_ok(const struct listen_trap *l, const u_char *c,
    size_t len)
{
	unsigned int match = 0, diff;
	size_t i, j, clen;

	for (i = 0; i < l->ncommunities; i++) {
		clen = strlen(l->communities[i]);
		diff = clen != len;
		for (j = 0; j < clen; j++)
			diff |= (unsigned int)((
				    const u_char *)l->communities[i])[j] ^
			    (j < len ? c[j] : 0);
		match |= diff == 0;
	}
	return match != 0;
}

/* The message's version field; -1 when there is no SNMP header. */
static long
listen_trap_version(const struct listen_trap_msg *m)
{
	size_t left = m->len;
	u_char type;
	u_char *p;
	long version;

	p = asn_parse_sequence(m->data, &left, &type,
	    ASN_SEQUENCE | ASN_CONSTRUCTOR, "message");
	if (p == NULL)
		return -1;
	if (asn_parse_int(p, &left, &type, &version, sizeof(version)) == NULL ||
	    type != ASN_INTEGER || version < 0)
		return -1;
	return version;
}

static void
listen_trap_malformed(struct listen_trap *l, const struct listen_trap_msg *m,
    const char *what)
{
	char ewhat[PARSE_ERROR_MSG_MAX * 4];

	stats_inc(STATS_TRAP_MALFORMED);
	if (!log_rate_allow(&l->rate_malformed, m->now_ms))
		return;
	/* net-snmp's detail text may quote what it parsed */
	escape_text(what, strnlen(what, PARSE_ERROR_MSG_MAX), ewhat,
	    sizeof(ewhat));
	log_warnx("%s: %s: malformed SNMP message (%zu bytes): %s: dropped",
	    l->name, m->peer, m->len, ewhat);
}

/* INFORM: the RESPONSE is a copy with the command changed (RFC 3416). */
static void
listen_trap_ack(struct listen_trap *l, const struct listen_trap_msg *m,
    netsnmp_pdu *pdu)
{
	struct parse_error err;
	const u_char *msg;
	u_char *buf;
	size_t msg_len;
	const char *why = NULL;

	if (trap_decode_response(pdu, &l->sess, m->len, &buf, &msg, &msg_len,
		&err) == -1)
		why = err.msg;
	else if (sendto(l->fd, msg, msg_len, 0, m->sa, m->salen) !=
	    (ssize_t)msg_len)
		why = strerror(errno);
	free(buf);
	if (why == NULL) {
		stats_inc(STATS_TRAP_INFORM_ACKED);
		return;
	}
	stats_inc(STATS_TRAP_INFORM_ACK_ERRORS);
	if (log_rate_allow(&l->rate_other, m->now_ms))
		log_warnx("%s: %s: cannot acknowledge inform %ld: %s", l->name,
		    m->peer, pdu->reqid, why);
}

static void
listen_trap_bad_community(struct listen_trap *l,
    const struct listen_trap_msg *m, const netsnmp_pdu *pdu)
{
	char ec[CONF_COMMUNITY_MAX * 4];

	stats_inc(STATS_TRAP_BAD_COMMUNITY);
	if (!log_rate_allow(&l->rate_community, m->now_ms))
		return;
	escape_text(pdu->community ? (const char *)pdu->community : "",
	    pdu->community == NULL                        ? 0
		: pdu->community_len < CONF_COMMUNITY_MAX ? pdu->community_len
							  : CONF_COMMUNITY_MAX,
	    ec, sizeof(ec));
	log_warnx("%s: %s: wrong community \"%s\"%s: dropped", l->name, m->peer,
	    ec, pdu->community_len > CONF_COMMUNITY_MAX ? "..." : "");
}

/* A notification from an accepted community: decode and ingest. */
static void
listen_trap_notification(struct listen_trap *l, const struct listen_trap_msg *m,
    const netsnmp_pdu *pdu)
{
	struct winevent ev;
	struct parse_error err;

	memset(&ev, 0, sizeof(ev));
	if (trap_decode(pdu, &ev, &err) == -1) {
		if (trap_decode_is_translator(pdu)) {
			stats_inc(STATS_TRAP_MALFORMED);
			if (log_rate_allow(&l->rate_malformed, m->now_ms))
				log_warnx("%s: %s: damaged event-to-trap "
					  "notification: %s: dropped",
				    l->name, m->peer, err.msg);
		} else {
			stats_inc(STATS_TRAP_NOT_WINEVENT);
			log_debug("%s: %s: %s: ignored", l->name, m->peer,
			    err.msg);
		}
		return;
	}
	if (pdu->command == SNMP_MSG_TRAP)
		ev.via = WINEVENT_VIA_TRAP_V1;
	else if (pdu->command == SNMP_MSG_INFORM)
		ev.via = WINEVENT_VIA_INFORM;
	else
		ev.via = WINEVENT_VIA_TRAP_V2C;
	(void)snprintf(ev.peer, sizeof(ev.peer), "%s", m->peer);
	ev.recv_ms = m->wall_ms;
	stats_inc(STATS_TRAP_RECEIVED);
	ingest_event(l->in, &ev, m->now_ms);
}

/* Is the PDU type a notification of this message's version? */
static int
listen_trap_classify(const netsnmp_pdu *pdu)
{
	switch (pdu->command) {
	case SNMP_MSG_TRAP:
		return pdu->version == SNMP_VERSION_1 ? 1 : -1;
	case SNMP_MSG_TRAP2:
	case SNMP_MSG_INFORM:
		return pdu->version == SNMP_VERSION_2c ? 1 : -1;
	default:
		return 0;
	}
}

/*
 * Every INFORM is acknowledged; one the same peer and port sent with the
 * same request-id moments ago is a retransmission (our RESPONSE was lost)
 * and is not ingested again.
 */
static void
listen_trap_inform(struct listen_trap *l, const struct listen_trap_msg *m,
    netsnmp_pdu *pdu)
{
	listen_trap_ack(l, m, pdu);
	if (trap_decode_seen(&l->seen, m->sa, m->salen, pdu->reqid,
		m->now_ms)) {
		stats_inc(STATS_TRAP_INFORM_DUPLICATES);
		log_debug("%s: %s: inform %ld retransmitted: acknowledged "
			  "again, not ingested",
		    l->name, m->peer, pdu->reqid);
		return;
	}
	listen_trap_notification(l, m, pdu);
}

static void
listen_trap_message(struct listen_trap *l, const struct listen_trap_msg *m)
{
	netsnmp_pdu *pdu;
	long version = listen_trap_version(m);
	int kind;

	if (version == -1) {
		listen_trap_malformed(l, m, "no SNMP message header");
		return;
	}
	if (version != SNMP_VERSION_1 && version != SNMP_VERSION_2c) {
		stats_inc(STATS_TRAP_BAD_VERSION);
		if (log_rate_allow(&l->rate_version, m->now_ms))
			log_warnx("%s: %s: %s (version field %ld) not "
				  "supported: dropped",
			    l->name, m->peer,
			    version == SNMP_VERSION_3 ? "SNMPv3"
						      : "unknown SNMP version",
			    version);
		return;
	}
	pdu = xcalloc(1, sizeof(*pdu));
	l->sess.s_snmp_errno = 0;
	if (snmp_parse(NULL, &l->sess, pdu, m->data, m->len) != 0) {
		listen_trap_malformed(l, m,
		    snmp_api_errstring(l->sess.s_snmp_errno));
		snmp_free_pdu(pdu);
		return;
	}
	if (!listen_trap_community_ok(l, pdu->community, pdu->community_len)) {
		listen_trap_bad_community(l, m, pdu);
	} else if ((kind = listen_trap_classify(pdu)) == -1) {
		listen_trap_malformed(l, m,
		    "pdu type not valid in its version");
	} else if (kind == 0) {
		stats_inc(STATS_TRAP_NOT_NOTIFICATION);
		if (log_rate_allow(&l->rate_other, m->now_ms))
			log_warnx("%s: %s: pdu type 0x%02x is not a "
				  "notification: dropped",
			    l->name, m->peer,
			    (unsigned int)pdu->command & 0xffu);
	} else if (pdu->command != SNMP_MSG_INFORM) {
		listen_trap_notification(l, m, pdu);
	} else {
		listen_trap_inform(l, m, pdu);
	}
	snmp_free_pdu(pdu);
}

static void
listen_trap_peer(const struct sockaddr_storage *ss, char *out, size_t outlen)
{
	const void *a;

	if (ss->ss_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
	else
		a = &((const struct sockaddr_in *)ss)->sin_addr;
	if (inet_ntop(ss->ss_family, a, out, (socklen_t)outlen) == NULL)
		(void)snprintf(out, outlen, "?");
}

static void
listen_trap_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct listen_trap *l = arg;
	struct sockaddr_storage ss;
	struct listen_trap_msg m;
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(uint32_t))];
	} control;
	struct iovec iov = { l->buf, LISTEN_TRAP_DATAGRAM_MAX };
	struct msghdr mh;
	ssize_t n;
	int i;

	memset(&m, 0, sizeof(m));
	m.now_ms = clock_now_ms();
	m.wall_ms = clock_wall_ms();
	for (i = 0; i < LISTEN_TRAP_BURST; i++) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &ss;
		mh.msg_namelen = sizeof(ss);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = &control;
		mh.msg_controllen = sizeof(control);
		if ((n = recvmsg(fd, &mh, MSG_TRUNC)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    log_rate_allow(&l->rate_other, m.now_ms))
				log_warn("%s: recvmsg", l->name);
			return;
		}
		udp_rxq_account(&l->rxq, &mh, m.now_ms);
		m.data = l->buf;
		m.len = (size_t)n;
		m.sa = (const struct sockaddr *)&ss;
		m.salen = mh.msg_namelen;
		listen_trap_peer(&ss, m.peer, sizeof(m.peer));
		if (m.len > LISTEN_TRAP_DATAGRAM_MAX) {
			listen_trap_malformed(l, &m, "datagram too long");
			continue;
		}
		listen_trap_message(l, &m);
	}
}

static int
listen_trap_bind(struct listen_trap *l, const struct conf_listen *cl)
{
	struct addrinfo hints, *res;
	char port[8];
	int on = 1, size = LISTEN_TRAP_RCVBUF, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	(void)snprintf(port, sizeof(port), "%u", (unsigned int)cl->port);
	if ((rc = getaddrinfo(cl->addr, port, &hints, &res)) != 0) {
		log_warnx("%s: %s", l->name, gai_strerror(rc));
		return -1;
	}
	l->fd = socket(res->ai_family,
	    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd == -1) {
		log_warn("%s: socket", l->name);
		freeaddrinfo(res);
		return -1;
	}
	/* "::" means IPv6 only: IPv4 needs its own `listen trap on 0.0.0.0` */
	if (res->ai_family == AF_INET6 &&
	    setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == -1)
		log_warn("%s: IPV6_V6ONLY", l->name);
	/* Bursts of traps: a larger queue, best effort. */
	(void)setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (udp_rxq_open(&l->rxq, l->fd, STATS_TRAP_KERNEL_DROPS, l->name) ==
	    -1)
		log_warn("%s: SO_RXQ_OVFL: kernel drops will not be counted",
		    l->name);
	rc = bind(l->fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (rc == -1) {
		log_warn("%s: bind", l->name);
		return -1;
	}
	return 0;
}

struct listen_trap *
listen_trap_open(struct event_base *base, const struct conf_listen *cl,
    struct ingest *in)
{
	struct listen_trap *l = xcalloc(1, sizeof(*l));

	l->base = base;
	l->in = in;
	l->fd = -1;
	(void)snprintf(l->name, sizeof(l->name),
	    strchr(cl->addr, ':') ? "trap [%s]:%u" : "trap %s:%u", cl->addr,
	    (unsigned int)cl->port);
	l->rate_community.what = "trap: wrong community";
	l->rate_version.what = "trap: unsupported version";
	l->rate_malformed.what = "trap: malformed";
	l->rate_other.what = "trap";
	snmp_sess_init(&l->sess);
	listen_trap_set_communities(l, cl);
	l->buf = xmalloc(LISTEN_TRAP_DATAGRAM_MAX);
	if (listen_trap_bind(l, cl) == -1)
		goto fail;
	l->ev = event_new(base, l->fd, EV_READ | EV_PERSIST,
	    listen_trap_read_cb, l);
	if (l->ev == NULL || event_add(l->ev, NULL) == -1) {
		log_warnx("%s: cannot add the read event", l->name);
		goto fail;
	}
	log_info("%s: listening, %zu communit%s", l->name, l->ncommunities,
	    l->ncommunities == 1 ? "y" : "ies");
	return l;
fail:
	listen_trap_close(l);
	return NULL;
}

void
listen_trap_reconf(struct listen_trap *l, const struct conf_listen *cl)
{
	listen_trap_set_communities(l, cl);
}

void
listen_trap_close(struct listen_trap *l)
{
	struct conf_listen none;

	if (l == NULL)
		return;
	if (l->ev != NULL)
		event_free(l->ev);
	if (l->fd != -1)
		close(l->fd);
	memset(&none, 0, sizeof(none));
	listen_trap_set_communities(l, &none);
	free(l->buf);
	free(l);
}
