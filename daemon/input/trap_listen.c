/* SPDX-License-Identifier: ISC */
/*
 * SNMP notifications over UDP: one socket per `listen trap`, read from the
 * libevent loop in a bounded burst.  Each datagram is judged once by
 * decode/snmp_msg (version, community, then net-snmp's parse), an INFORM
 * is answered (input/trap_response) and a retransmitted one recognised
 * (input/inform_seen), and a notification goes to the pipeline.
 *
 * We own the socket (recvmsg/sendto) rather than letting a net-snmp
 * transport session read it, because that gives the control a receiver
 * needs: every datagram is seen with its peer and counted exactly once
 * (net-snmp drops what it cannot parse without telling its callback who
 * sent it), SNMPv3 and unknown versions are refused before any USM
 * processing (no REPORTs to unauthenticated peers, no engine state),
 * reads are non-blocking and bounded, and there is no fd_set or library
 * timer to mirror into libevent.  The kernel's drops on the socket
 * (SO_RXQ_OVFL) are counted.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/clock.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/net.h"
#include "core/sdlisten.h"
#include "core/snmp_usm.h"
#include "core/xmalloc.h"
#include "decode/snmp_msg.h"
#include "decode/trap_decode.h"
#include "engine/pipeline.h"
#include "input/inform_seen.h"
#include "input/input.h"
#include "input/input_log.h"
#include "input/trap_response.h"
#include "input/udp_rxq.h"

#define TRAP_LISTEN_DATAGRAM_MAX 65535      /* the largest UDP payload */
#define TRAP_LISTEN_BATCH 64                /* datagrams per recvmmsg() */
#define TRAP_LISTEN_BURST TRAP_LISTEN_BATCH /* per wakeup: see the read */
#define TRAP_LISTEN_RCVBUF CONF_DEFAULT_TRAP_RECEIVE_BUFFER

enum trap_listen_counter {
	TC_RECEIVED,
	TC_KERNEL_DROPS,
	TC_READ_ERRORS,
	TC_INFORM_DUPLICATES,
	TC_BAD_COMMUNITY,
	TC_BAD_VERSION,
	TC_MALFORMED,
	TC_NOT_NOTIFICATION,
	TC_NOT_WINEVENT,
	TC_INFORM_ACKED,
	TC_INFORM_ACK_ERRORS,
	TC_V1V2C_REFUSED,
	TC_V3_UNKNOWN_USER,
	TC_V3_UNKNOWN_ENGINE,
	TC_V3_WRONG_DIGEST,
	TC_V3_DECRYPTION,
	TC_V3_NOT_IN_TIME,
	TC_V3_UNSUPPORTED_LEVEL,
	TC_V3_LEVEL_TOO_LOW,
	TC_V3_USER_REFUSED,
	TC_V3_DISCOVERY,
	TC_V3_REPORTS,
	TC_NOT_ALLOWED,
	TC_COUNT,
};

static const struct counter_def trap_listen_counters[TC_COUNT] = {
	[TC_RECEIVED] = { "trap_received", "event-to-trap events received" },
	[TC_KERNEL_DROPS] = { "trap_kernel_drops",
	    "datagrams the kernel dropped: receive buffer full" },
	[TC_READ_ERRORS] = { "trap_read_errors", "socket read errors" },
	[TC_INFORM_DUPLICATES] = { "trap_inform_duplicates",
	    "retransmitted informs, acknowledged again, not ingested" },
	[TC_BAD_COMMUNITY] = { "trap_bad_community",
	    "messages with a community not accepted" },
	[TC_BAD_VERSION] = { "trap_bad_version",
	    "SNMPv3 on a listener without users, or unknown versions" },
	[TC_MALFORMED] = { "trap_malformed",
	    "datagrams that are no SNMP message, or damaged translator traps" },
	[TC_NOT_NOTIFICATION] = { "trap_not_notification",
	    "SNMP messages that are no notification" },
	[TC_NOT_WINEVENT] = { "trap_not_winevent",
	    "notifications that are no event-to-trap translator trap" },
	[TC_INFORM_ACKED] = { "trap_inform_acked", "informs acknowledged" },
	[TC_INFORM_ACK_ERRORS] = { "trap_inform_ack_errors",
	    "informs whose acknowledgement could not be sent" },
	[TC_V1V2C_REFUSED] = { "trap_v1v2c_refused",
	    "v1/v2c messages on a listener with users only" },
	[TC_V3_UNKNOWN_USER] = { "trap_v3_unknown_user",
	    "SNMPv3 messages from a user not configured" },
	[TC_V3_UNKNOWN_ENGINE] = { "trap_v3_unknown_engine_id",
	    "SNMPv3 messages of a known user from an unknown engine ID" },
	[TC_V3_WRONG_DIGEST] = { "trap_v3_wrong_digest",
	    "SNMPv3 messages failing authentication (wrong auth key)" },
	[TC_V3_DECRYPTION] = { "trap_v3_decryption_errors",
	    "SNMPv3 messages that do not decrypt (wrong priv key)" },
	[TC_V3_NOT_IN_TIME] = { "trap_v3_not_in_time_window",
	    "SNMPv3 messages outside the time window (and time probes)" },
	[TC_V3_UNSUPPORTED_LEVEL] = { "trap_v3_unsupported_level",
	    "SNMPv3 messages at a level their user is not configured for" },
	[TC_V3_LEVEL_TOO_LOW] = { "trap_v3_level_too_low",
	    "SNMPv3 notifications below the listener's security-level" },
	[TC_V3_USER_REFUSED] = { "trap_v3_user_refused",
	    "SNMPv3 notifications of a user not accepted by the listener" },
	[TC_V3_DISCOVERY] = { "trap_v3_discovery",
	    "SNMPv3 engine ID discovery probes answered" },
	[TC_V3_REPORTS] = { "trap_v3_reports_sent",
	    "SNMPv3 REPORTs sent (discovery, time, refusals)" },
	[TC_NOT_ALLOWED] = { "trap_not_allowed",
	    "datagrams dropped: the sender is in no block of the listener's "
	    "allow list" },
};

struct trap_listen {
	struct input base; /* first */
	struct pipeline *pipe;
	char **communities;
	size_t ncommunities;
	char **users; /* snmpv3-user names accepted */
	size_t nusers;
	enum snmp_usm_level min_level;
	int fd;
	struct event *ev;
	struct udp_rxq_batch *batch; /* slots of the largest UDP payload */
	netsnmp_session sess;        /* parse and build context, never opened */
	struct udp_rxq rxq;          /* the kernel's drops on fd */
	size_t rcvbuf;               /* SO_RCVBUF asked for */
	struct inform_seen seen;     /* recent INFORMs, for retransmissions */
	struct log_rate rate_community;
	struct log_rate rate_version;
	struct log_rate rate_malformed;
	struct log_rate rate_other;
	struct log_rate rate_windows;
	struct log_rate rate_v3;
};

/* One datagram being handled. */
struct trap_listen_msg {
	const u_char *data;
	size_t len;
	const struct sockaddr *sa;
	socklen_t salen;
	char peer[NET_ADDR_TEXT_MAX];
	const struct clock_stamp *now; /* read once per wakeup */
};

static const char *
trap_listen_name(const struct trap_listen *l)
{
	return l->base.counters.label;
}

/* *v, *n become a copy of src[0..nsrc), what they held freed. */
static void
trap_listen_set_strings(char ***v, size_t *n, char *const *src, size_t nsrc)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = nsrc;
	if (nsrc == 0)
		return;
	*v = xcalloc(nsrc, sizeof(char *));
	for (size_t i = 0; i < nsrc; i++)
		(*v)[i] = xstrdup(src[i]);
}

static void
trap_listen_set_communities(struct trap_listen *l, const struct conf_listen *cl)
{
	trap_listen_set_strings(&l->communities, &l->ncommunities,
	    cl->communities, cl->ncommunities);
	trap_listen_set_strings(&l->users, &l->nusers, cl->users, cl->nusers);
	l->min_level = cl->min_level;
}

static void
trap_listen_malformed(struct trap_listen *l, const struct trap_listen_msg *m,
    const char *what)
{
	char ewhat[PARSE_ERROR_MSG_MAX * 4];

	counter_inc(&l->base.counters, TC_MALFORMED);
	if (!log_rate_allow(&l->rate_malformed, m->now->mono_ms))
		return;
	/* net-snmp's detail text may quote what it parsed */
	escape_text(what, strnlen(what, PARSE_ERROR_MSG_MAX), ewhat,
	    sizeof(ewhat));
	log_warnx("%s: %s: malformed SNMP message (%zu bytes): %s: dropped",
	    trap_listen_name(l), m->peer, m->len, ewhat);
}

static void
trap_listen_bad_version(struct trap_listen *l, const struct trap_listen_msg *m,
    long version)
{
	counter_inc(&l->base.counters, TC_BAD_VERSION);
	if (log_rate_allow(&l->rate_version, m->now->mono_ms))
		log_warnx("%s: %s: %s (version field %ld) not supported: "
			  "dropped",
		    trap_listen_name(l), m->peer,
		    version == SNMP_VERSION_3 ? "SNMPv3"
					      : "unknown SNMP version",
		    version);
}

static void
trap_listen_bad_community(struct trap_listen *l,
    const struct trap_listen_msg *m, const struct snmp_msg *sm)
{
	char ec[CONF_COMMUNITY_MAX * 4];
	size_t n = sm->community_len < CONF_COMMUNITY_MAX ? sm->community_len
							  : CONF_COMMUNITY_MAX;

	counter_inc(&l->base.counters, TC_BAD_COMMUNITY);
	if (!log_rate_allow(&l->rate_community, m->now->mono_ms))
		return;
	escape_text((const char *)sm->community, n, ec, sizeof(ec));
	log_warnx("%s: %s: wrong community \"%s\"%s: dropped",
	    trap_listen_name(l), m->peer, ec,
	    sm->community_len > CONF_COMMUNITY_MAX ? "..." : "");
}

static void
trap_listen_v1v2c_refused(struct trap_listen *l,
    const struct trap_listen_msg *m, long version)
{
	counter_inc(&l->base.counters, TC_V1V2C_REFUSED);
	if (log_rate_allow(&l->rate_version, m->now->mono_ms))
		log_warnx("%s: %s: %s refused: this listener takes SNMPv3 "
			  "users only: dropped",
		    trap_listen_name(l), m->peer,
		    version == SNMP_VERSION_1 ? "SNMPv1" : "SNMPv2c");
}

/* What USM refused, counted under its own name; probes logged as debug. */
static const struct trap_listen_usm_refusal {
	int usm_error;
	enum trap_listen_counter counter;
	const char *what;
} trap_listen_usm_refusals[] = {
	{ SNMPERR_USM_UNKNOWNSECURITYNAME, TC_V3_UNKNOWN_USER, "unknown user" },
	{ SNMPERR_USM_UNKNOWNENGINEID, TC_V3_UNKNOWN_ENGINE,
	    "unknown engine ID" },
	{ SNMPERR_USM_AUTHENTICATIONFAILURE, TC_V3_WRONG_DIGEST,
	    "authentication failed (wrong auth key or protocol)" },
	{ SNMPERR_USM_DECRYPTIONERROR, TC_V3_DECRYPTION,
	    "decryption failed (wrong priv key or protocol)" },
	{ SNMPERR_USM_NOTINTIMEWINDOW, TC_V3_NOT_IN_TIME,
	    "not in the time window" },
	{ SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL, TC_V3_UNSUPPORTED_LEVEL,
	    "security level not configured for the user" },
};

static bool
trap_listen_has_user(const struct trap_listen *l, const char *name)
{
	for (size_t i = 0; i < l->nusers; i++)
		if (name != NULL && strcmp(l->users[i], name) == 0)
			return true;
	return false;
}

/* The PDU's user name, escaped for a log line. */
static const char *
trap_listen_v3_user(const netsnmp_pdu *pdu, char *buf, size_t len)
{
	if (pdu->securityName == NULL)
		return "";
	escape_text(pdu->securityName,
	    strnlen(pdu->securityName, pdu->securityNameLen), buf, len);
	return buf;
}

/* Sends a reply datagram to m's sender: NULL, or why it failed. */
static const char *
trap_listen_reply(struct trap_listen *l, const struct trap_listen_msg *m,
    const u_char *msg, size_t len)
{
	if (sendto(l->fd, msg, len, 0, m->sa, m->salen) != (ssize_t)len)
		return strerror(errno);
	return NULL;
}

/* A REPORT to a v3 message USM refused, when the sender asked for one. */
static void
trap_listen_v3_report(struct trap_listen *l, const struct trap_listen_msg *m,
    const struct snmp_msg *sm)
{
	struct parse_error err;
	const u_char *msg;
	u_char *buf;
	size_t msg_len;
	const char *why = NULL;

	if (!sm->is_reportable)
		return;
	if (trap_response_report(sm->pdu, sm->usm_error, &l->sess, m->len, &buf,
		&msg, &msg_len, &err) == -1)
		why = err.msg;
	else
		why = trap_listen_reply(l, m, msg, msg_len);
	free(buf);
	if (why == NULL) {
		counter_inc(&l->base.counters, TC_V3_REPORTS);
		return;
	}
	counter_inc(&l->base.counters, TC_INFORM_ACK_ERRORS);
	if (log_rate_allow(&l->rate_other, m->now->mono_ms))
		log_warnx("%s: %s: cannot send a REPORT: %s",
		    trap_listen_name(l), m->peer, why);
}

static void
trap_listen_v3_refused(struct trap_listen *l, const struct trap_listen_msg *m,
    const struct snmp_msg *sm)
{
	const struct trap_listen_usm_refusal *r = &trap_listen_usm_refusals[0];
	enum trap_listen_counter counter;
	char user[SNMP_USM_NAME_MAX * 4];
	bool is_probe;

	for (size_t i = 0; i < sizeof(trap_listen_usm_refusals) /
		 sizeof(trap_listen_usm_refusals[0]);
	     i++)
		if (trap_listen_usm_refusals[i].usm_error == sm->usm_error)
			r = &trap_listen_usm_refusals[i];
	counter = r->counter;
	/* a trap names its sender's engine: a known user, another engine */
	if (counter == TC_V3_UNKNOWN_USER &&
	    trap_listen_has_user(l, sm->pdu->securityName))
		counter = TC_V3_UNKNOWN_ENGINE;
	/*
	 * RFC 3414 4: discovery, then time synchronisation, precede a
	 * sender's first inform; a trap out of its window is a refusal.
	 */
	is_probe = sm->is_reportable &&
	    ((sm->usm_error == SNMPERR_USM_UNKNOWNENGINEID &&
		 sm->pdu->securityEngineIDLen == 0) ||
		sm->usm_error == SNMPERR_USM_NOTINTIMEWINDOW);
	if (is_probe && counter == TC_V3_UNKNOWN_ENGINE)
		counter = TC_V3_DISCOVERY;
	counter_inc(&l->base.counters, counter);
	trap_listen_v3_report(l, m, sm);
	trap_listen_v3_user(sm->pdu, user, sizeof(user));
	if (is_probe)
		log_debug("%s: %s: SNMPv3 user \"%s\": %s: REPORT sent",
		    trap_listen_name(l), m->peer, user, r->what);
	else if (log_rate_allow(&l->rate_v3, m->now->mono_ms))
		log_warnx("%s: %s: SNMPv3 user \"%s\": %s: dropped",
		    trap_listen_name(l), m->peer, user,
		    counter == TC_V3_UNKNOWN_ENGINE ? "unknown engine ID"
						    : r->what);
}

/*
 * A decoded SNMPv3 message: refusals counted and logged here (false);
 * true: the caller goes on with the verdict.  A notification must come
 * from one of the listener's users at its security level or above.
 */
static bool
trap_listen_v3_admit(struct trap_listen *l, const struct trap_listen_msg *m,
    enum snmp_msg_verdict v, const struct snmp_msg *sm)
{
	char user[SNMP_USM_NAME_MAX * 4];
	/* net-snmp's levels are 1 (noAuthNoPriv) .. 3 (authPriv) */
	int level = sm->pdu != NULL ? sm->pdu->securityLevel - 1 : 0;

	if (v == SNMP_MSG_USM_REFUSED) {
		trap_listen_v3_refused(l, m, sm);
		return false;
	}
	if (v != SNMP_MSG_NOTIFICATION)
		return true;
	trap_listen_v3_user(sm->pdu, user, sizeof(user));
	if (!trap_listen_has_user(l, sm->pdu->securityName)) {
		counter_inc(&l->base.counters, TC_V3_USER_REFUSED);
		if (log_rate_allow(&l->rate_v3, m->now->mono_ms))
			log_warnx("%s: %s: SNMPv3 user \"%s\" not accepted "
				  "here: dropped",
			    trap_listen_name(l), m->peer, user);
		return false;
	}
	if (level < (int)l->min_level) {
		counter_inc(&l->base.counters, TC_V3_LEVEL_TOO_LOW);
		if (log_rate_allow(&l->rate_v3, m->now->mono_ms))
			log_warnx("%s: %s: SNMPv3 user \"%s\": security level "
				  "below %s: dropped",
			    trap_listen_name(l), m->peer, user,
			    snmp_usm_level_name(l->min_level));
		return false;
	}
	return true;
}

/* INFORM: the RESPONSE is a copy with the command changed (RFC 3416). */
static void
trap_listen_ack(struct trap_listen *l, const struct trap_listen_msg *m,
    netsnmp_pdu *pdu)
{
	struct parse_error err;
	const u_char *msg;
	u_char *buf;
	size_t msg_len;
	const char *why = NULL;

	if (trap_response_build(pdu, &l->sess, m->len, &buf, &msg, &msg_len,
		&err) == -1)
		why = err.msg;
	else
		why = trap_listen_reply(l, m, msg, msg_len);
	free(buf);
	if (why == NULL) {
		counter_inc(&l->base.counters, TC_INFORM_ACKED);
		return;
	}
	counter_inc(&l->base.counters, TC_INFORM_ACK_ERRORS);
	if (log_rate_allow(&l->rate_other, m->now->mono_ms))
		log_warnx("%s: %s: cannot acknowledge inform %ld: %s",
		    trap_listen_name(l), m->peer, pdu->reqid, why);
}

/* A notification from an accepted community: to the pipeline. */
static void
trap_listen_notification(struct trap_listen *l, const struct trap_listen_msg *m,
    const netsnmp_pdu *pdu)
{
	struct pipeline_src src = { .via = WINEVENT_VIA_TRAP_V2C,
		.peer = m->peer };
	struct pipeline_result res;

	if (pdu->command == SNMP_MSG_TRAP)
		src.via = WINEVENT_VIA_TRAP_V1;
	else if (pdu->command == SNMP_MSG_INFORM)
		src.via = WINEVENT_VIA_INFORM;
	switch (pipeline_trap(l->pipe, &src, pdu, m->now, &res)) {
	case PIPELINE_MALFORMED:
		counter_inc(&l->base.counters, TC_MALFORMED);
		if (log_rate_allow(&l->rate_malformed, m->now->mono_ms))
			log_warnx("%s: %s: damaged event-to-trap "
				  "notification: %s: dropped",
			    trap_listen_name(l), m->peer, res.err.msg);
		break;
	case PIPELINE_NOT_WINEVENT:
		counter_inc(&l->base.counters, TC_NOT_WINEVENT);
		if (log_rate_allow(&l->rate_other, m->now->mono_ms))
			log_info("%s: %s: ignored: %s", trap_listen_name(l),
			    m->peer, res.err.msg);
		break;
	case PIPELINE_NO_HOST:
	case PIPELINE_HOST_TOO_LONG:
		counter_inc(&l->base.counters, TC_RECEIVED);
		(void)input_log_unkeyed(&l->rate_other, trap_listen_name(l),
		    m->peer, &res, m->now);
		break;
	default:
		counter_inc(&l->base.counters, TC_RECEIVED);
		if (res.outcome != PIPELINE_EVENT)
			break;
		input_log_windows(&l->rate_windows, trap_listen_name(l),
		    m->peer, &res, m->now);
		log_debug("event: host %s id %u via %s from %s", res.key,
		    res.ev->event_id, winevent_via_name(res.ev->via), m->peer);
		break;
	}
}

/*
 * Every INFORM is acknowledged; one the same peer and port sent with the
 * same request-id moments ago is a retransmission (our RESPONSE was lost)
 * and is not ingested again.
 */
static void
trap_listen_inform(struct trap_listen *l, const struct trap_listen_msg *m,
    netsnmp_pdu *pdu)
{
	trap_listen_ack(l, m, pdu);
	if (inform_seen_check(&l->seen, m->sa, m->salen, pdu->reqid,
		m->now->mono_ms)) {
		counter_inc(&l->base.counters, TC_INFORM_DUPLICATES);
		log_debug("%s: %s: inform %ld retransmitted: acknowledged "
			  "again, not ingested",
		    trap_listen_name(l), m->peer, pdu->reqid);
		return;
	}
	trap_listen_notification(l, m, pdu);
}

/* What the Event-to-Trap translator sends under: other traps are not
 * parsed (INFORMs are, to be acknowledged). */
static const oid trap_listen_translator[] = { TRAP_DECODE_MS_PREFIX };

static void
trap_listen_message(struct trap_listen *l, const struct trap_listen_msg *m)
{
	struct snmp_msg sm;

	enum snmp_msg_verdict v;

	v = snmp_msg_decode(m->data, m->len, &l->sess, l->communities,
	    l->ncommunities, trap_listen_translator,
	    sizeof(trap_listen_translator) / sizeof(trap_listen_translator[0]),
	    &sm);
	if (v == SNMP_MSG_BAD_VERSION && sm.version == SNMP_VERSION_3 &&
	    l->nusers > 0) {
		snmp_msg_clear(&sm);
		v = snmp_msg_decode_v3(m->data, m->len, &l->sess, &sm);
		if (!trap_listen_v3_admit(l, m, v, &sm)) {
			snmp_msg_clear(&sm);
			return;
		}
	}
	switch (v) {
	case SNMP_MSG_MALFORMED:
		trap_listen_malformed(l, m, sm.err.msg);
		break;
	case SNMP_MSG_BAD_VERSION:
		trap_listen_bad_version(l, m, sm.version);
		break;
	case SNMP_MSG_BAD_COMMUNITY:
		if (l->ncommunities == 0)
			trap_listen_v1v2c_refused(l, m, sm.version);
		else
			trap_listen_bad_community(l, m, &sm);
		break;
	case SNMP_MSG_USM_REFUSED: /* trap_listen_v3_admit() handled it */
		break;
	case SNMP_MSG_FOREIGN: /* not parsed: no translator trap */
		counter_inc(&l->base.counters, TC_NOT_WINEVENT);
		if (log_rate_allow(&l->rate_other, m->now->mono_ms))
			log_info("%s: %s: ignored: a trap of another "
				 "enterprise than the event-to-trap "
				 "translator's",
			    trap_listen_name(l), m->peer);
		break;
	case SNMP_MSG_NOT_NOTIFICATION:
		counter_inc(&l->base.counters, TC_NOT_NOTIFICATION);
		if (log_rate_allow(&l->rate_other, m->now->mono_ms))
			log_warnx("%s: %s: pdu type 0x%02x is not a "
				  "notification: dropped",
			    trap_listen_name(l), m->peer,
			    (unsigned int)sm.pdu->command & 0xffu);
		break;
	case SNMP_MSG_NOTIFICATION:
		if (sm.is_inform)
			trap_listen_inform(l, m, sm.pdu);
		else
			trap_listen_notification(l, m, sm.pdu);
		break;
	}
	snmp_msg_clear(&sm);
}

static void
trap_listen_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct trap_listen *l = arg;
	struct udp_rxq_datagram d;
	struct trap_listen_msg m;
	struct clock_stamp now;
	int n = 0;

	clock_read(&now);
	memset(&m, 0, sizeof(m));
	m.now = &now;
	for (int got = 0; got < TRAP_LISTEN_BURST; got += n) {
		n = udp_rxq_recv_batch(&l->rxq, fd, l->batch, now.mono_ms);
		if (n == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				counter_inc(&l->base.counters, TC_READ_ERRORS);
				if (log_rate_allow(&l->rate_other, now.mono_ms))
					log_warn("%s: recvmmsg",
					    trap_listen_name(l));
			}
			return;
		}
		for (int i = 0; i < n; i++) {
			udp_rxq_batch_get(l->batch, (size_t)i, &d);
			m.sa = d.peer;
			m.salen = d.peer_len;
			if (!input_log_allowed(&l->base, TC_NOT_ALLOWED, m.sa,
				m.salen, "notification", now.mono_ms))
				continue;
			m.data = (const u_char *)d.buf;
			m.len = d.len;
			net_addr_text(m.sa, m.salen, m.peer, sizeof(m.peer));
			if (d.is_truncated) {
				trap_listen_malformed(l, &m,
				    "datagram too long");
				continue;
			}
			trap_listen_message(l, &m);
		}
		if (n < TRAP_LISTEN_BATCH)
			return; /* drained: no read just to learn EAGAIN */
	}
}

static void
trap_listen_free(struct trap_listen *l)
{
	struct conf_listen none;

	if (l->ev != NULL)
		event_free(l->ev);
	if (l->fd != -1)
		close(l->fd);
	memset(&none, 0, sizeof(none));
	trap_listen_set_communities(l, &none);
	udp_rxq_batch_free(l->batch);
	counter_set_clear(&l->base.counters);
	free(l);
}

/* receive-buffer as configured, or the default. */
static size_t
trap_listen_rcvbuf_len(const struct conf_listen *cl)
{
	return cl->receive_buffer != 0 ? cl->receive_buffer
				       : TRAP_LISTEN_RCVBUF;
}

static struct input *
trap_listen_open(const struct input_env *env, const struct conf *conf,
    const struct conf_listen *cl)
{
	struct trap_listen *l;
	const char *sdname;
	char err[256];

	l = xcalloc(1, sizeof(*l));
	input_init(&l->base, &trap_listen_kind, cl);
	l->pipe = env->pipe;
	l->rate_community.what = "trap: wrong community";
	l->rate_version.what = "trap: unsupported version";
	l->rate_malformed.what = "trap: malformed";
	l->rate_other.what = "trap";
	l->rate_windows.what = "windows";
	l->rate_v3.what = "trap: SNMPv3 refused";
	snmp_sess_init(&l->sess);
	/* informs are addressed to this engine, traps come from theirs */
	l->sess.isAuthoritative = SNMP_SESS_UNKNOWNAUTH;
	trap_listen_set_communities(l, cl);
	l->batch =
	    udp_rxq_batch_new(TRAP_LISTEN_BATCH, TRAP_LISTEN_DATAGRAM_MAX);
	l->fd = sdlisten_bind(env->inherited, cl->addr, cl->port, SOCK_DGRAM, 0,
	    &sdname, err, sizeof(err));
	if (l->fd != -1 && sdname != NULL)
		log_info("trap on %s port %u: the socket systemd passed (%s)",
		    cl->addr, (unsigned int)cl->port,
		    sdname[0] != '\0' ? sdname : "unnamed");
	if (l->fd == -1) {
		log_warnx("%s:%d: cannot listen trap on %s port %u: %s",
		    cl->file, cl->line, cl->addr, (unsigned int)cl->port, err);
		goto fail;
	}
	/* Bursts of traps: a larger queue, best effort. */
	l->rcvbuf = trap_listen_rcvbuf_len(cl);
	udp_rxq_rcvbuf(l->fd, l->rcvbuf, trap_listen_name(l));
	if (udp_rxq_open(&l->rxq, l->fd, &l->base.counters, TC_KERNEL_DROPS,
		trap_listen_name(l)) == -1)
		log_warn("%s: SO_RXQ_OVFL: kernel drops will not be counted",
		    trap_listen_name(l));
	l->ev = event_new(env->base, l->fd, EV_READ | EV_PERSIST,
	    trap_listen_read_cb, l);
	if (l->ev == NULL || event_add(l->ev, NULL) == -1) {
		log_warnx("%s: cannot add the read event", trap_listen_name(l));
		goto fail;
	}
	log_info("%s: listening, %zu communit%s, %zu SNMPv3 user%s",
	    trap_listen_name(l), l->ncommunities,
	    l->ncommunities == 1 ? "y" : "ies", l->nusers,
	    l->nusers == 1 ? "" : "s");
	return &l->base;
fail:
	trap_listen_free(l);
	return NULL;
}

static void
trap_listen_reconf(struct input *in, const struct conf *conf,
    const struct conf_listen *cl)
{
	struct trap_listen *l = (struct trap_listen *)(void *)in;
	size_t rcvbuf = trap_listen_rcvbuf_len(cl);

	trap_listen_set_communities(l, cl);
	in->listen = cl;
	if (rcvbuf != l->rcvbuf) {
		l->rcvbuf = rcvbuf;
		udp_rxq_rcvbuf(l->fd, rcvbuf, trap_listen_name(l));
	}
}

static void
trap_listen_close(struct input *in)
{
	trap_listen_free((struct trap_listen *)(void *)in);
}

const struct input_kind trap_listen_kind = {
	.name = "trap",
	.listen = CONF_LISTEN_TRAP,
	.counters = trap_listen_counters,
	.ncounters = TC_COUNT,
	.open = trap_listen_open,
	.reconf = trap_listen_reconf,
	.close = trap_listen_close,
};
