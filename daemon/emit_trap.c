/* SPDX-License-Identifier: ISC */
/*
 * Alerts as EVCORR-MIB evcorrAlertNotification (SNMPv2c trap or inform),
 * one net-snmp session per configured target.  A trap is sent and
 * forgotten; an inform waits for its RESPONSE while the library retries,
 * its socket (connected to the target, non-blocking) and retry timer
 * driven from the libevent loop.  A reload keeps unchanged targets with
 * their pending informs and lets removed or changed ones drain first.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include "clock.h"
#include "emit_trap.h"
#include "escape.h"
#include "log.h"
#include "stats.h"
#include "xmalloc.h"

#define EMIT_TRAP_TIMEOUT_US (2 * 1000 * 1000) /* per inform attempt */
#define EMIT_TRAP_RETRIES 3        /* an inform gives up after 4 tries, 8 s */
#define EMIT_TRAP_PENDING_MAX 1024 /* unacknowledged informs per target */
#define EMIT_TRAP_TEXT_MAX 1024    /* EvcorrText: SIZE (0..1024) */
#define EMIT_TRAP_SHORT_MAX 255    /* EvcorrText (SIZE (0..255)) */
#define EMIT_TRAP_NAME_MAX 64      /* evcorrRuleName: SIZE (0..64) */
#define EMIT_TRAP_PEERNAME_MAX (CONF_ADDR_MAX + 16)

/*
 * EVCORR-MIB (mibs/EVCORR-MIB.txt).  EMIT_TRAP_ROOT is evcorrMIB, the one
 * place to change for a registered enterprise number (with the MIB's
 * MODULE-IDENTITY).  tests/integration/mib.sh reads the root and the
 * table below and checks every name against snmptranslate -On, and the
 * table order against the OBJECTS of evcorrAlertNotification: keep one
 * entry per line as { "name", { arcs }, count } (hence clang-format off).
 */
#define EMIT_TRAP_ROOT 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 2140
#define EMIT_TRAP_ARCS_MAX 3

enum emit_trap_vb {
	EMIT_TRAP_VB_RULE,
	EMIT_TRAP_VB_HOST,
	EMIT_TRAP_VB_OPEN_ID,
	EMIT_TRAP_VB_OPEN_SOURCE,
	EMIT_TRAP_VB_OPEN_TIME,
	EMIT_TRAP_VB_CLOSE_ID,
	EMIT_TRAP_VB_CLOSE_SOURCE,
	EMIT_TRAP_VB_CLOSE_TIME,
	EMIT_TRAP_VB_REFERENCE,
	EMIT_TRAP_VB_TITLE,
	EMIT_TRAP_VB_SEVERITY,
	EMIT_TRAP_VB_CAUSE,
	EMIT_TRAP_VB_FIX,
	EMIT_TRAP_VB_SUPPRESSED,
	EMIT_TRAP_VB_OPEN_PEER_TYPE,
	EMIT_TRAP_VB_OPEN_PEER,
	EMIT_TRAP_VB_CLOSE_PEER_TYPE,
	EMIT_TRAP_VB_CLOSE_PEER,
	EMIT_TRAP_VB_OPEN_COMPUTER,
	EMIT_TRAP_VB_CLOSE_COMPUTER,
	EMIT_TRAP_VB_COUNT,
	EMIT_TRAP_NOTIFICATION = EMIT_TRAP_VB_COUNT,
};

/* clang-format off */
static const struct emit_trap_mib {
	const char *name;
	oid arcs[EMIT_TRAP_ARCS_MAX]; /* under EMIT_TRAP_ROOT */
	size_t count;
} emit_trap_mib[] = {
	[EMIT_TRAP_VB_RULE] = { "evcorrRuleName", { 1, 1, 1 }, 3 },
	[EMIT_TRAP_VB_HOST] = { "evcorrHost", { 1, 1, 2 }, 3 },
	[EMIT_TRAP_VB_OPEN_ID] = { "evcorrOpenEventId", { 1, 1, 3 }, 3 },
	[EMIT_TRAP_VB_OPEN_SOURCE] = { "evcorrOpenSource", { 1, 1, 4 }, 3 },
	[EMIT_TRAP_VB_OPEN_TIME] = { "evcorrOpenTime", { 1, 1, 5 }, 3 },
	[EMIT_TRAP_VB_CLOSE_ID] = { "evcorrCloseEventId", { 1, 1, 6 }, 3 },
	[EMIT_TRAP_VB_CLOSE_SOURCE] = { "evcorrCloseSource", { 1, 1, 7 }, 3 },
	[EMIT_TRAP_VB_CLOSE_TIME] = { "evcorrCloseTime", { 1, 1, 8 }, 3 },
	[EMIT_TRAP_VB_REFERENCE] = { "evcorrReference", { 1, 1, 9 }, 3 },
	[EMIT_TRAP_VB_TITLE] = { "evcorrTitle", { 1, 1, 10 }, 3 },
	[EMIT_TRAP_VB_SEVERITY] = { "evcorrSeverity", { 1, 1, 11 }, 3 },
	[EMIT_TRAP_VB_CAUSE] = { "evcorrCause", { 1, 1, 12 }, 3 },
	[EMIT_TRAP_VB_FIX] = { "evcorrFix", { 1, 1, 13 }, 3 },
	[EMIT_TRAP_VB_SUPPRESSED] = { "evcorrSuppressedCount", { 1, 1, 14 }, 3 },
	[EMIT_TRAP_VB_OPEN_PEER_TYPE] = { "evcorrOpenPeerAddressType", { 1, 1, 15 }, 3 },
	[EMIT_TRAP_VB_OPEN_PEER] = { "evcorrOpenPeerAddress", { 1, 1, 16 }, 3 },
	[EMIT_TRAP_VB_CLOSE_PEER_TYPE] = { "evcorrClosePeerAddressType", { 1, 1, 17 }, 3 },
	[EMIT_TRAP_VB_CLOSE_PEER] = { "evcorrClosePeerAddress", { 1, 1, 18 }, 3 },
	[EMIT_TRAP_VB_OPEN_COMPUTER] = { "evcorrOpenComputer", { 1, 1, 19 }, 3 },
	[EMIT_TRAP_VB_CLOSE_COMPUTER] = { "evcorrCloseComputer", { 1, 1, 20 }, 3 },
	[EMIT_TRAP_NOTIFICATION] = { "evcorrAlertNotification", { 0, 1 }, 2 },
};
/* clang-format on */

/* SNMPv2-MIB: the two varbinds every v2 notification starts with */
static const oid emit_trap_sysuptime[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };
static const oid emit_trap_trapoid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

/* INET-ADDRESS-MIB InetAddressType */
enum emit_trap_inet {
	EMIT_TRAP_INET_UNKNOWN = 0,
	EMIT_TRAP_INET_IPV4 = 1,
	EMIT_TRAP_INET_IPV6 = 2,
};

/* A target removed or changed by a reload is freed by then at the latest. */
#define EMIT_TRAP_DRAIN_MS                                                     \
	((EMIT_TRAP_RETRIES + 1) * (EMIT_TRAP_TIMEOUT_US / 1000) + 2000)
/* DateAndTime holds any year to 65535; 9999-12-31 23:59:59.999 UTC suffices */
#define EMIT_TRAP_TIME_MAX_MS INT64_C(253402300799999)

struct emit_trap;

struct emit_trap_target {
	struct emit_trap *t;
	struct emit_trap_target *next; /* on t->retired */
	struct conf_target conf;       /* as opened: a reload compares it */
	char *name;                    /* conf.name */
	char peername[EMIT_TRAP_PEERNAME_MAX]; /* "udp:192.0.2.1:162" */
	bool is_retired; /* removed or changed by a reload: draining */
	bool is_closing; /* in snmp_sess_close(): callbacks only count */
	void *sessp;
	struct event *ev_read;
	struct event *timer;
	size_t pending;      /* informs awaiting their RESPONSE */
	int64_t close_by_ms; /* retired: freed by then at the latest */
};

struct emit_trap {
	struct event_base *base;
	struct emit_trap_target **targets; /* those of the running conf */
	size_t ntargets;
	struct emit_trap_target *retired; /* draining after a reload */
	struct event *reap;               /* frees drained retired targets */
	int64_t start_ms; /* CLOCK_BOOTTIME ms when the daemon started */
	struct log_rate rate;
};

static int64_t
emit_trap_boottime_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Field 22 of /proc/self/stat: the process start, clock ticks since boot. */
static int64_t
emit_trap_process_start_read(void)
{
	char buf[1024], *p, *end;
	unsigned long long ticks;
	long hz = sysconf(_SC_CLK_TCK);
	size_t n;
	FILE *fp;
	int field;

	if (hz <= 0 || (fp = fopen("/proc/self/stat", "re")) == NULL)
		return emit_trap_boottime_ms();
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* fields after the command name, which may hold spaces and ')' */
	if ((p = strrchr(buf, ')')) == NULL)
		return emit_trap_boottime_ms();
	for (field = 2; field < 22 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return emit_trap_boottime_ms();
	errno = 0;
	ticks = strtoull(p + 1, &end, 10);
	if (errno != 0 || end == p + 1)
		return emit_trap_boottime_ms();
	return (int64_t)(ticks * 1000 / (unsigned long long)hz);
}

/*
 * sysUpTime.0 is the daemon's uptime, not this object's: a reload that
 * recreates the emitter must not look like a restart.  Read once, on the
 * first call: the daemon is one process, its start time never changes.
 */
static int64_t
emit_trap_process_start_ms(void)
{
	static int64_t start_ms = -1;

	if (start_ms == -1)
		start_ms = emit_trap_process_start_read();
	return start_ms;
}

static size_t
emit_trap_oid(enum emit_trap_vb vb, oid *out)
{
	static const oid root[] = { EMIT_TRAP_ROOT };
	const struct emit_trap_mib *m = &emit_trap_mib[vb];

	memcpy(out, root, sizeof(root));
	memcpy(out + OID_LENGTH(root), m->arcs, m->count * sizeof(oid));
	return OID_LENGTH(root) + m->count;
}

static void
emit_trap_add(netsnmp_pdu *pdu, enum emit_trap_vb vb, u_char type,
    const void *val, size_t len)
{
	oid name[MAX_OID_LEN];
	size_t n = emit_trap_oid(vb, name);

	if (snmp_pdu_add_variable(pdu, name, n, type, val, len) == NULL)
		fatalx("emit_trap: cannot add %s", emit_trap_mib[vb].name);
}

/* An OCTET STRING cut to max octets, never inside a UTF-8 sequence. */
static void
emit_trap_add_text(netsnmp_pdu *pdu, enum emit_trap_vb vb, const char *s,
    size_t max)
{
	size_t len = s != NULL ? strlen(s) : 0;

	if (len > max) {
		len = max;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	emit_trap_add(pdu, vb, ASN_OCTET_STR, len ? s : "", len);
}

static void
emit_trap_add_u32(netsnmp_pdu *pdu, enum emit_trap_vb vb, u_char type,
    uint64_t value)
{
	u_long v = value > UINT32_MAX ? UINT32_MAX : (u_long)value;

	emit_trap_add(pdu, vb, type, &v, sizeof(v));
}

/*
 * SNMPv2-TC DateAndTime, 11 octets, UTC.  Always a valid date: times
 * before the epoch (or unknown, 0) are sent as the epoch, times past
 * year 9999 as its last millisecond.
 */
static void
emit_trap_add_time(netsnmp_pdu *pdu, enum emit_trap_vb vb, int64_t ms)
{
	u_char dt[11] = { 0 };
	int64_t t_ms = ms < 0            ? 0
	    : ms > EMIT_TRAP_TIME_MAX_MS ? EMIT_TRAP_TIME_MAX_MS
					 : ms;
	time_t secs = (time_t)(t_ms / 1000);
	struct tm tm;

	if (gmtime_r(&secs, &tm) == NULL) {
		/* a 32-bit time_t: the epoch rather than an invalid date */
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 70;
		tm.tm_mday = 1;
		t_ms = 0;
	}
	dt[0] = (u_char)((tm.tm_year + 1900) >> 8);
	dt[1] = (u_char)((tm.tm_year + 1900) & 0xff);
	dt[2] = (u_char)(tm.tm_mon + 1);
	dt[3] = (u_char)tm.tm_mday;
	dt[4] = (u_char)tm.tm_hour;
	dt[5] = (u_char)tm.tm_min;
	dt[6] = (u_char)tm.tm_sec;
	dt[7] = (u_char)((t_ms % 1000) / 100);
	dt[8] = '+';
	emit_trap_add(pdu, vb, ASN_OCTET_STR, dt, sizeof(dt));
}

/*
 * A request-id nobody can predict (RFC 3416 leaves it to the sender):
 * with the connected socket, an off-path host cannot forge an ack.
 * Keeps the library's sequential id if the kernel has no randomness yet.
 */
static void
emit_trap_reqid(netsnmp_pdu *pdu)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		return;
	r &= 0x7fffffffu;
	pdu->reqid = r != 0 ? (long)r : 1;
}

/* InetAddressType + InetAddress; IPv4-mapped IPv6 is sent as IPv4. */
static void
emit_trap_add_peer(netsnmp_pdu *pdu, enum emit_trap_vb type_vb,
    const char *peer)
{
	struct in6_addr a6;
	struct in_addr a4;
	long type = EMIT_TRAP_INET_UNKNOWN;
	const void *addr = "";
	size_t len = 0;

	if (inet_pton(AF_INET, peer, &a4) == 1) {
		type = EMIT_TRAP_INET_IPV4;
		addr = &a4;
		len = 4;
	} else if (inet_pton(AF_INET6, peer, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			type = EMIT_TRAP_INET_IPV4;
			addr = &a6.s6_addr[12];
			len = 4;
		} else {
			type = EMIT_TRAP_INET_IPV6;
			addr = &a6;
			len = 16;
		}
	}
	emit_trap_add(pdu, type_vb, ASN_INTEGER, &type, sizeof(type));
	emit_trap_add(pdu, type_vb + 1, ASN_OCTET_STR, addr, len);
}

/* The varbinds in the order of evcorrAlertNotification's OBJECTS. */
static netsnmp_pdu *
emit_trap_pdu(const struct emit_trap *t, const struct alert *a, bool is_inform)
{
	const struct rule *r = a->rule;
	netsnmp_pdu *pdu =
	    snmp_pdu_create(is_inform ? SNMP_MSG_INFORM : SNMP_MSG_TRAP2);
	oid trapoid[MAX_OID_LEN];
	size_t n = emit_trap_oid(EMIT_TRAP_NOTIFICATION, trapoid);
	int64_t up = emit_trap_boottime_ms() - t->start_ms;
	u_long ticks = (u_long)(uint32_t)((up > 0 ? up : 0) / 10);
	long severity = (long)r->severity;

	if (pdu == NULL)
		fatalx("emit_trap: out of memory");
	if (is_inform)
		emit_trap_reqid(pdu);
	if (snmp_pdu_add_variable(pdu, emit_trap_sysuptime,
		OID_LENGTH(emit_trap_sysuptime), ASN_TIMETICKS, &ticks,
		sizeof(ticks)) == NULL ||
	    snmp_pdu_add_variable(pdu, emit_trap_trapoid,
		OID_LENGTH(emit_trap_trapoid), ASN_OBJECT_ID, trapoid,
		n * sizeof(oid)) == NULL)
		fatalx("emit_trap: out of memory");
	emit_trap_add_text(pdu, EMIT_TRAP_VB_RULE, r->name, EMIT_TRAP_NAME_MAX);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_HOST, a->host,
	    EMIT_TRAP_SHORT_MAX);
	emit_trap_add_u32(pdu, EMIT_TRAP_VB_OPEN_ID, ASN_UNSIGNED,
	    a->open.event_id);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_OPEN_SOURCE, a->open.source,
	    EMIT_TRAP_SHORT_MAX);
	emit_trap_add_time(pdu, EMIT_TRAP_VB_OPEN_TIME, a->open.time_ms);
	emit_trap_add_u32(pdu, EMIT_TRAP_VB_CLOSE_ID, ASN_UNSIGNED,
	    a->close.event_id);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_CLOSE_SOURCE, a->close.source,
	    EMIT_TRAP_SHORT_MAX);
	emit_trap_add_time(pdu, EMIT_TRAP_VB_CLOSE_TIME, a->close.time_ms);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_REFERENCE, r->reference,
	    EMIT_TRAP_SHORT_MAX);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_TITLE, r->title,
	    EMIT_TRAP_SHORT_MAX);
	emit_trap_add(pdu, EMIT_TRAP_VB_SEVERITY, ASN_INTEGER, &severity,
	    sizeof(severity));
	emit_trap_add_text(pdu, EMIT_TRAP_VB_CAUSE, r->cause,
	    EMIT_TRAP_TEXT_MAX);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_FIX, r->fix, EMIT_TRAP_TEXT_MAX);
	emit_trap_add_u32(pdu, EMIT_TRAP_VB_SUPPRESSED, ASN_UNSIGNED,
	    a->suppressed);
	emit_trap_add_peer(pdu, EMIT_TRAP_VB_OPEN_PEER_TYPE, a->open.peer);
	emit_trap_add_peer(pdu, EMIT_TRAP_VB_CLOSE_PEER_TYPE, a->close.peer);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_OPEN_COMPUTER, a->open.computer,
	    EMIT_TRAP_SHORT_MAX);
	emit_trap_add_text(pdu, EMIT_TRAP_VB_CLOSE_COMPUTER, a->close.computer,
	    EMIT_TRAP_SHORT_MAX);
	return pdu;
}

/* Keeps the retry timer at the library's next deadline. */
static void
emit_trap_arm(struct emit_trap_target *tg)
{
	netsnmp_large_fd_set fds;
	struct timeval tv = { 0, 0 };
	int numfds = 0, block = 1;

	if (tg->is_closing)
		return;
	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	(void)snmp_sess_select_info2_flags(tg->sessp, &numfds, &fds, &tv,
	    &block, NETSNMP_SELECT_NOALARMS);
	netsnmp_large_fd_set_cleanup(&fds);
	if (block)
		evtimer_del(tg->timer);
	else
		evtimer_add(tg->timer, &tv);
}

static void emit_trap_failed(struct emit_trap_target *tg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Counts one notification lost; the log line is rate-limited. */
static void
emit_trap_failed(struct emit_trap_target *tg, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	stats_inc(STATS_TRAP_SEND_ERRORS);
	if (tg->is_closing || !log_rate_allow(&tg->t->rate, clock_now_ms()))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warnx("target %s (%s): %s", tg->name, tg->peername, msg);
}

static const char *
emit_trap_errstr(const struct emit_trap_target *tg)
{
	const netsnmp_session *s = snmp_sess_session(tg->sessp);

	return snmp_api_errstring(s != NULL ? s->s_snmp_errno : SNMPERR_GENERR);
}

/* A retired target with nothing pending is freed from the loop. */
static void
emit_trap_drained(struct emit_trap_target *tg)
{
	struct timeval now = { 0, 0 };

	if (tg->is_retired && !tg->is_closing && tg->pending == 0)
		evtimer_add(tg->t->reap, &now);
}

static int
emit_trap_inform_cb(int op, netsnmp_session *sess, int reqid, netsnmp_pdu *pdu,
    void *magic)
{
	struct emit_trap_target *tg = magic;

	/* a retry in progress: the request stays pending */
	if (op == NETSNMP_CALLBACK_OP_RESEND) {
		log_debug("target %s: inform %d: resent", tg->name, reqid);
		return 1;
	}
	if (tg->pending > 0)
		tg->pending--;
	switch (op) {
	case NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE:
		if (pdu != NULL && pdu->command == SNMP_MSG_RESPONSE &&
		    pdu->errstat == SNMP_ERR_NOERROR)
			stats_inc(STATS_TRAPS_SENT);
		else
			emit_trap_failed(tg, "inform %d: error response: %s",
			    reqid,
			    pdu != NULL ? snmp_errstring((int)pdu->errstat)
					: "none");
		break;
	case NETSNMP_CALLBACK_OP_TIMED_OUT:
		emit_trap_failed(tg,
		    "inform %d: no acknowledgement after %d "
		    "tries",
		    reqid, EMIT_TRAP_RETRIES + 1);
		break;
	default:
		emit_trap_failed(tg, "inform %d: send failed (%d)", reqid, op);
		break;
	}
	emit_trap_drained(tg);
	return 1;
}

/*
 * net-snmp's post-parse hook: a message that is not a v2c message with
 * our community does not acknowledge anything.  Returning 0 makes the
 * library drop it before matching it to a request, so the inform stays
 * pending and is retried.  (The connected socket already keeps out
 * datagrams from any other address and port.)
 */
static int
emit_trap_post_parse_cb(netsnmp_session *sp, netsnmp_pdu *pdu, int result)
{
	struct emit_trap_target *tg = sp != NULL ? sp->myvoid : NULL;
	size_t len;

	if (tg == NULL || pdu == NULL || result != SNMPERR_SUCCESS)
		return 1;
	len = strlen(tg->conf.community);
	if (pdu->version == SNMP_VERSION_2c && pdu->community != NULL &&
	    pdu->community_len == len &&
	    memcmp(pdu->community, tg->conf.community, len) == 0)
		return 1;
	stats_inc(STATS_TRAP_INFORM_ACK_ERRORS);
	if (!tg->is_closing && log_rate_allow(&tg->t->rate, clock_now_ms()))
		log_warnx("target %s (%s): message %ld with another community "
			  "or version: ignored",
		    tg->name, tg->peername, pdu->reqid);
	return 0;
}

static void
emit_trap_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap_target *tg = arg;
	netsnmp_large_fd_set fds;

	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	NETSNMP_LARGE_FD_SET(fd, &fds);
	(void)snmp_sess_read2(tg->sessp, &fds);
	netsnmp_large_fd_set_cleanup(&fds);
	emit_trap_arm(tg);
}

static void
emit_trap_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap_target *tg = arg;

	snmp_sess_timeout(tg->sessp);
	emit_trap_arm(tg);
}

static void
emit_trap_send_one(struct emit_trap *t, struct emit_trap_target *tg,
    const struct alert *a)
{
	netsnmp_pdu *pdu;

	if (tg->conf.is_inform && tg->pending >= EMIT_TRAP_PENDING_MAX) {
		emit_trap_failed(tg,
		    "rule %s: %zu informs unacknowledged: "
		    "dropped",
		    a->rule->name, tg->pending);
		return;
	}
	pdu = emit_trap_pdu(t, a, tg->conf.is_inform);
	if (!tg->conf.is_inform) {
		/* the library frees the PDU once sent */
		if (snmp_sess_send(tg->sessp, pdu) == 0) {
			emit_trap_failed(tg, "rule %s: %s", a->rule->name,
			    emit_trap_errstr(tg));
			snmp_free_pdu(pdu);
			return;
		}
		stats_inc(STATS_TRAPS_SENT);
		return;
	}
	if (snmp_sess_async_send(tg->sessp, pdu, emit_trap_inform_cb, tg) ==
	    0) {
		emit_trap_failed(tg, "rule %s: %s", a->rule->name,
		    emit_trap_errstr(tg));
		snmp_free_pdu(pdu);
		return;
	}
	tg->pending++;
	emit_trap_arm(tg);
}

static struct emit_trap_target *
emit_trap_find(struct emit_trap *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ntargets; i++)
		if (strcmp(t->targets[i]->name, name) == 0)
			return t->targets[i];
	return NULL;
}

void
emit_trap_send(struct emit_trap *t, const struct alert *alert)
{
	const struct rule *r;
	struct emit_trap_target *tg;
	size_t i;

	if (t == NULL || alert == NULL || alert->rule == NULL)
		return;
	r = alert->rule;
	if (r->ntargets == 0) {
		for (i = 0; i < t->ntargets; i++)
			emit_trap_send_one(t, t->targets[i], alert);
		return;
	}
	for (i = 0; i < r->ntargets; i++) {
		if ((tg = emit_trap_find(t, r->targets[i])) != NULL) {
			emit_trap_send_one(t, tg, alert);
			continue;
		}
		/* conf_parse checks the names: a broken invariant, counted */
		stats_inc(STATS_TRAP_SEND_ERRORS);
		if (log_rate_allow(&t->rate, clock_now_ms()))
			log_warnx("rule %s: no target named %s", r->name,
			    r->targets[i]);
	}
}

/*
 * Non-blocking, close-on-exec, and connected to the target: the kernel
 * then delivers only datagrams from the target's address and port, so
 * no other host can acknowledge our informs.
 */
static int
emit_trap_socket(struct emit_trap_target *tg, int fd)
{
	struct addrinfo hints, *res;
	char port[8];
	int flags, rc;

	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    (flags = fcntl(fd, F_GETFD)) == -1 ||
	    fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == -1) {
		log_warn("target %s: fcntl", tg->name);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	(void)snprintf(port, sizeof(port), "%u", (unsigned int)tg->conf.port);
	if ((rc = getaddrinfo(tg->conf.addr, port, &hints, &res)) != 0) {
		log_warnx("target %s: %s: %s", tg->name, tg->conf.addr,
		    gai_strerror(rc));
		return -1;
	}
	rc = connect(fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (rc == -1) {
		log_warn("target %s: connect %s", tg->name, tg->peername);
		return -1;
	}
	return 0;
}

/* The session on a transport we opened, with our post-parse hook. */
static int
emit_trap_session(struct emit_trap_target *tg)
{
	netsnmp_session s;
	netsnmp_transport *tr;
	u_char community[CONF_COMMUNITY_MAX];
	int n;

	/* numeric addresses only: net-snmp never resolves a name here */
	if ((tr = netsnmp_tdomain_transport(tg->peername, 0, "udp")) == NULL) {
		log_warnx("target %s: cannot open a socket to %s", tg->name,
		    tg->peername);
		return -1;
	}
	if (emit_trap_socket(tg, tr->sock) == -1) {
		tr->f_close(tr);
		netsnmp_transport_free(tr);
		return -1;
	}
	n = snprintf((char *)community, sizeof(community), "%s",
	    tg->conf.community);
	snmp_sess_init(&s);
	s.version = SNMP_VERSION_2c;
	s.peername = tg->peername;
	s.community = community;
	s.community_len = (size_t)n;
	s.retries = EMIT_TRAP_RETRIES;
	s.timeout = EMIT_TRAP_TIMEOUT_US;
	s.myvoid = tg;
	/* on failure the library has closed and freed the transport */
	tg->sessp = snmp_sess_add_ex(&s, tr, NULL, NULL,
	    emit_trap_post_parse_cb, NULL, NULL, NULL, NULL);
	if (tg->sessp == NULL) {
		log_warnx("target %s: cannot open a session to %s: %s",
		    tg->name, tg->peername, snmp_api_errstring(s.s_snmp_errno));
		return -1;
	}
	return 0;
}

/* Frees a target: what is still pending is counted and logged as lost. */
static void
emit_trap_target_free(struct emit_trap_target *tg)
{
	size_t lost = tg->pending;

	if (lost > 0)
		log_warnx("target %s (%s): %zu informs not acknowledged at "
			  "close: lost",
		    tg->name, tg->peername, lost);
	tg->is_closing = true;
	if (tg->ev_read != NULL)
		event_free(tg->ev_read);
	if (tg->timer != NULL)
		event_free(tg->timer);
	/* calls emit_trap_inform_cb (timed out) for each pending inform */
	if (tg->sessp != NULL)
		snmp_sess_close(tg->sessp);
	/* what the library did not report is counted here */
	if (tg->pending > 0)
		stats_add(STATS_TRAP_SEND_ERRORS, tg->pending);
	free(tg);
}

static struct emit_trap_target *
emit_trap_target_new(struct emit_trap *t, const struct conf_target *ct)
{
	struct emit_trap_target *tg = xcalloc(1, sizeof(*tg));
	netsnmp_transport *tr;
	int n;

	tg->t = t;
	tg->conf = *ct;
	tg->name = tg->conf.name;
	n = snprintf(tg->peername, sizeof(tg->peername),
	    strchr(ct->addr, ':') != NULL ? "udp6:[%s]:%u" : "udp:%s:%u",
	    ct->addr, (unsigned int)ct->port);
	if (n < 0 || (size_t)n >= sizeof(tg->peername)) {
		log_warnx("target %s: address too long", ct->name);
		goto fail;
	}
	if (emit_trap_session(tg) == -1)
		goto fail;
	if ((tr = snmp_sess_transport(tg->sessp)) == NULL || tr->sock < 0) {
		log_warnx("target %s: session without a socket", ct->name);
		goto fail;
	}
	tg->ev_read = event_new(t->base, tr->sock, EV_READ | EV_PERSIST,
	    emit_trap_read_cb, tg);
	tg->timer = evtimer_new(t->base, emit_trap_timer_cb, tg);
	if (tg->ev_read == NULL || tg->timer == NULL ||
	    event_add(tg->ev_read, NULL) == -1) {
		log_warnx("target %s: cannot add events", ct->name);
		goto fail;
	}
	return tg;
fail:
	emit_trap_target_free(tg);
	return NULL;
}

/* Re-arms the reaper for the earliest drain deadline, if any. */
static void
emit_trap_reap_arm(struct emit_trap *t, int64_t now_ms)
{
	struct emit_trap_target *tg;
	struct timeval tv;
	int64_t first = INT64_MAX, wait_ms;

	for (tg = t->retired; tg != NULL; tg = tg->next)
		if (tg->close_by_ms < first)
			first = tg->close_by_ms;
	if (first == INT64_MAX) {
		evtimer_del(t->reap);
		return;
	}
	wait_ms = first > now_ms ? first - now_ms : 0;
	tv.tv_sec = (time_t)(wait_ms / 1000);
	tv.tv_usec = (suseconds_t)(wait_ms % 1000) * 1000;
	evtimer_add(t->reap, &tv);
}

/* Frees retired targets that drained or ran out of time. */
static void
emit_trap_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct emit_trap *t = arg;
	struct emit_trap_target **pp, *tg;
	int64_t now_ms = clock_now_ms();

	for (pp = &t->retired; (tg = *pp) != NULL;) {
		if (tg->pending > 0 && now_ms < tg->close_by_ms) {
			pp = &tg->next;
			continue;
		}
		*pp = tg->next;
		log_debug("target %s (%s): drained after the reload", tg->name,
		    tg->peername);
		emit_trap_target_free(tg);
	}
	emit_trap_reap_arm(t, now_ms);
}

/* A target the new configuration no longer has (or has changed). */
static void
emit_trap_retire(struct emit_trap *t, struct emit_trap_target *tg,
    int64_t now_ms)
{
	if (tg->pending == 0) {
		emit_trap_target_free(tg);
		return;
	}
	log_info("target %s (%s): removed or changed: %zu informs pending "
		 "are retried for up to %d s",
	    tg->name, tg->peername, tg->pending, EMIT_TRAP_DRAIN_MS / 1000);
	tg->is_retired = true;
	tg->close_by_ms = now_ms + EMIT_TRAP_DRAIN_MS;
	tg->next = t->retired;
	t->retired = tg;
}

struct emit_trap *
emit_trap_new(struct event_base *base, const struct conf *conf)
{
	struct emit_trap *t = xcalloc(1, sizeof(*t));

	t->base = base;
	t->start_ms = emit_trap_process_start_ms();
	t->rate.what = "emit_trap";
	if ((t->reap = evtimer_new(base, emit_trap_reap_cb, t)) == NULL) {
		log_warnx("emit_trap: cannot create the reaper event");
		free(t);
		return NULL;
	}
	if (emit_trap_reconf(t, conf) == -1) {
		emit_trap_free(t);
		return NULL;
	}
	return t;
}

static bool
emit_trap_is_same(const struct emit_trap_target *tg,
    const struct conf_target *ct)
{
	return strcmp(tg->conf.name, ct->name) == 0 &&
	    tg->conf.is_inform == ct->is_inform &&
	    strcmp(tg->conf.addr, ct->addr) == 0 && tg->conf.port == ct->port &&
	    strcmp(tg->conf.community, ct->community) == 0;
}

/* Index of an unclaimed running target identical to ct, or ntargets. */
static size_t
emit_trap_match(const struct emit_trap *t, const bool *is_kept,
    const struct conf_target *ct)
{
	size_t j;

	for (j = 0; j < t->ntargets; j++)
		if (!is_kept[j] && emit_trap_is_same(t->targets[j], ct))
			return j;
	return t->ntargets;
}

int
emit_trap_reconf(struct emit_trap *t, const struct conf *conf)
{
	struct emit_trap_target **fresh = NULL;
	bool *is_kept = NULL, *is_new = NULL;
	int64_t now_ms = clock_now_ms();
	size_t i, j, nkept = 0;

	if (conf->ntargets > 0) {
		fresh = xcalloc(conf->ntargets, sizeof(*fresh));
		is_new = xcalloc(conf->ntargets, sizeof(*is_new));
	}
	if (t->ntargets > 0)
		is_kept = xcalloc(t->ntargets, sizeof(*is_kept));
	for (i = 0; i < conf->ntargets; i++) {
		j = emit_trap_match(t, is_kept, &conf->targets[i]);
		if (j < t->ntargets) {
			is_kept[j] = true;
			fresh[i] = t->targets[j];
			nkept++;
			continue;
		}
		if ((fresh[i] = emit_trap_target_new(t, &conf->targets[i])) ==
		    NULL)
			goto fail;
		is_new[i] = true;
	}
	for (j = 0; j < t->ntargets; j++)
		if (!is_kept[j])
			emit_trap_retire(t, t->targets[j], now_ms);
	if (t->ntargets > 0 || conf->ntargets > 0)
		log_debug("emit_trap: %zu targets kept, %zu opened, %zu "
			  "closed",
		    nkept, conf->ntargets - nkept, t->ntargets - nkept);
	free(t->targets);
	t->targets = fresh;
	t->ntargets = conf->ntargets;
	emit_trap_reap_arm(t, now_ms);
	free(is_kept);
	free(is_new);
	return 0;
fail:
	/* nothing changed: close only what this call opened */
	while (i-- > 0)
		if (is_new[i])
			emit_trap_target_free(fresh[i]);
	free(fresh);
	free(is_kept);
	free(is_new);
	return -1;
}

size_t
emit_trap_pending(const struct emit_trap *t)
{
	const struct emit_trap_target *tg;
	size_t i, n = 0;

	if (t == NULL)
		return 0;
	for (i = 0; i < t->ntargets; i++)
		n += t->targets[i]->pending;
	for (tg = t->retired; tg != NULL; tg = tg->next)
		n += tg->pending;
	return n;
}

void
emit_trap_free(struct emit_trap *t)
{
	struct emit_trap_target *tg;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ntargets; i++)
		emit_trap_target_free(t->targets[i]);
	while ((tg = t->retired) != NULL) {
		t->retired = tg->next;
		emit_trap_target_free(tg);
	}
	if (t->reap != NULL)
		event_free(t->reap);
	free(t->targets);
	free(t);
}
