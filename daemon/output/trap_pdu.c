/* SPDX-License-Identifier: ISC */
/*
 * The EVCORR-MIB OID table and the evcorrAlertNotification PDU built from
 * a struct alert: varbinds, DateAndTime, UTF-8 safe truncation,
 * InetAddress, severity.  Pure: the uptime comes in, the PDU goes out.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/civil.h"
#include "core/utf8.h"
#include "engine/alert.h"
#include "output/trap_pdu.h"

/*
 * EVCORR-MIB (mibs/EVCORR-MIB.txt).  TRAP_PDU_ROOT is evcorrMIB, the
 * one place to change for a registered enterprise number (with the MIB's
 * MODULE-IDENTITY).  tests/integration/mib.sh reads the root and the
 * table below and checks every name against snmptranslate -On, and the
 * table order against the OBJECTS of evcorrAlertNotification: keep one
 * entry per line as { "name", { arcs }, count } (hence clang-format off).
 */
#define TRAP_PDU_ROOT 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 2140
#define TRAP_PDU_ARCS_MAX 3

enum trap_pdu_vb {
	TRAP_PDU_VB_RULE,
	TRAP_PDU_VB_HOST,
	TRAP_PDU_VB_OPEN_ID,
	TRAP_PDU_VB_OPEN_SOURCE,
	TRAP_PDU_VB_OPEN_TIME,
	TRAP_PDU_VB_CLOSE_ID,
	TRAP_PDU_VB_CLOSE_SOURCE,
	TRAP_PDU_VB_CLOSE_TIME,
	TRAP_PDU_VB_REFERENCE,
	TRAP_PDU_VB_TITLE,
	TRAP_PDU_VB_SEVERITY,
	TRAP_PDU_VB_CAUSE,
	TRAP_PDU_VB_FIX,
	TRAP_PDU_VB_SUPPRESSED,
	TRAP_PDU_VB_OPEN_PEER_TYPE,
	TRAP_PDU_VB_OPEN_PEER,
	TRAP_PDU_VB_CLOSE_PEER_TYPE,
	TRAP_PDU_VB_CLOSE_PEER,
	TRAP_PDU_VB_OPEN_COMPUTER,
	TRAP_PDU_VB_CLOSE_COMPUTER,
	TRAP_PDU_VB_ALERT_ID,
	TRAP_PDU_VB_CLEARED_ID,
	TRAP_PDU_VB_OPEN_LOG,
	TRAP_PDU_VB_CLOSE_LOG,
	TRAP_PDU_VB_OPEN_TEXT,
	TRAP_PDU_VB_CLOSE_TEXT,
	TRAP_PDU_VB_OPEN_TYPE,
	TRAP_PDU_VB_CLOSE_TYPE,
	TRAP_PDU_VB_COUNT,
	/* one notification per alert kind, in enum alert_kind order */
	TRAP_PDU_NOTIFICATION = TRAP_PDU_VB_COUNT,
	TRAP_PDU_NOTIFICATION_TIMEOUT,
	TRAP_PDU_NOTIFICATION_CLEAR,
	TRAP_PDU_NOTIFICATION_TEST,
};

/* clang-format off */
static const struct trap_pdu_mib {
	const char *name;
	oid arcs[TRAP_PDU_ARCS_MAX]; /* under TRAP_PDU_ROOT */
	size_t count;
} trap_pdu_mib[] = {
	[TRAP_PDU_VB_RULE] = { "evcorrRuleName", { 1, 1, 1 }, 3 },
	[TRAP_PDU_VB_HOST] = { "evcorrHost", { 1, 1, 2 }, 3 },
	[TRAP_PDU_VB_OPEN_ID] = { "evcorrOpenEventId", { 1, 1, 3 }, 3 },
	[TRAP_PDU_VB_OPEN_SOURCE] = { "evcorrOpenSource", { 1, 1, 4 }, 3 },
	[TRAP_PDU_VB_OPEN_TIME] = { "evcorrOpenTime", { 1, 1, 5 }, 3 },
	[TRAP_PDU_VB_CLOSE_ID] = { "evcorrCloseEventId", { 1, 1, 6 }, 3 },
	[TRAP_PDU_VB_CLOSE_SOURCE] = { "evcorrCloseSource", { 1, 1, 7 }, 3 },
	[TRAP_PDU_VB_CLOSE_TIME] = { "evcorrCloseTime", { 1, 1, 8 }, 3 },
	[TRAP_PDU_VB_REFERENCE] = { "evcorrReference", { 1, 1, 9 }, 3 },
	[TRAP_PDU_VB_TITLE] = { "evcorrTitle", { 1, 1, 10 }, 3 },
	[TRAP_PDU_VB_SEVERITY] = { "evcorrSeverity", { 1, 1, 11 }, 3 },
	[TRAP_PDU_VB_CAUSE] = { "evcorrCause", { 1, 1, 12 }, 3 },
	[TRAP_PDU_VB_FIX] = { "evcorrFix", { 1, 1, 13 }, 3 },
	[TRAP_PDU_VB_SUPPRESSED] = { "evcorrSuppressedCount", { 1, 1, 14 }, 3 },
	[TRAP_PDU_VB_OPEN_PEER_TYPE] = { "evcorrOpenPeerAddressType", { 1, 1, 15 }, 3 },
	[TRAP_PDU_VB_OPEN_PEER] = { "evcorrOpenPeerAddress", { 1, 1, 16 }, 3 },
	[TRAP_PDU_VB_CLOSE_PEER_TYPE] = { "evcorrClosePeerAddressType", { 1, 1, 17 }, 3 },
	[TRAP_PDU_VB_CLOSE_PEER] = { "evcorrClosePeerAddress", { 1, 1, 18 }, 3 },
	[TRAP_PDU_VB_OPEN_COMPUTER] = { "evcorrOpenComputer", { 1, 1, 19 }, 3 },
	[TRAP_PDU_VB_CLOSE_COMPUTER] = { "evcorrCloseComputer", { 1, 1, 20 }, 3 },
	[TRAP_PDU_VB_ALERT_ID] = { "evcorrAlertId", { 1, 1, 21 }, 3 },
	[TRAP_PDU_VB_CLEARED_ID] = { "evcorrClearedAlertId", { 1, 1, 22 }, 3 },
	[TRAP_PDU_VB_OPEN_LOG] = { "evcorrOpenLog", { 1, 1, 23 }, 3 },
	[TRAP_PDU_VB_CLOSE_LOG] = { "evcorrCloseLog", { 1, 1, 24 }, 3 },
	[TRAP_PDU_VB_OPEN_TEXT] = { "evcorrOpenText", { 1, 1, 25 }, 3 },
	[TRAP_PDU_VB_CLOSE_TEXT] = { "evcorrCloseText", { 1, 1, 26 }, 3 },
	[TRAP_PDU_VB_OPEN_TYPE] = { "evcorrOpenEventType", { 1, 1, 27 }, 3 },
	[TRAP_PDU_VB_CLOSE_TYPE] = { "evcorrCloseEventType", { 1, 1, 28 }, 3 },
	[TRAP_PDU_NOTIFICATION] = { "evcorrAlertNotification", { 0, 1 }, 2 },
	[TRAP_PDU_NOTIFICATION_TIMEOUT] = { "evcorrAlertTimeoutNotification", { 0, 2 }, 2 },
	[TRAP_PDU_NOTIFICATION_CLEAR] = { "evcorrAlertClearNotification", { 0, 3 }, 2 },
	[TRAP_PDU_NOTIFICATION_TEST] = { "evcorrTestNotification", { 0, 4 }, 2 },
};
/* clang-format on */

/* SNMPv2-MIB: the two varbinds every v2 notification starts with */
static const oid trap_pdu_sysuptime[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };
static const oid trap_pdu_trapoid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

/* INET-ADDRESS-MIB InetAddressType */
enum trap_pdu_inet {
	TRAP_PDU_INET_UNKNOWN = 0,
	TRAP_PDU_INET_IPV4 = 1,
	TRAP_PDU_INET_IPV6 = 2,
};

static size_t
trap_pdu_oid(enum trap_pdu_vb vb, oid *out)
{
	static const oid root[] = { TRAP_PDU_ROOT };
	const struct trap_pdu_mib *m = &trap_pdu_mib[vb];

	memcpy(out, root, sizeof(root));
	memcpy(out + OID_LENGTH(root), m->arcs, m->count * sizeof(oid));
	return OID_LENGTH(root) + m->count;
}

static int
trap_pdu_add(netsnmp_pdu *pdu, enum trap_pdu_vb vb, u_char type,
    const void *val, size_t len)
{
	oid name[MAX_OID_LEN];
	size_t n = trap_pdu_oid(vb, name);

	if (snmp_pdu_add_variable(pdu, name, n, type, val, len) == NULL)
		return -1;
	return 0;
}

size_t
trap_pdu_text_len(const char *s, size_t max)
{
	return s != NULL ? utf8_cut(s, strlen(s), max) : 0;
}

static int
trap_pdu_add_text(netsnmp_pdu *pdu, enum trap_pdu_vb vb, const char *s,
    size_t max)
{
	size_t len = trap_pdu_text_len(s, max);

	return trap_pdu_add(pdu, vb, ASN_OCTET_STR, len ? s : "", len);
}

static int
trap_pdu_add_u32(netsnmp_pdu *pdu, enum trap_pdu_vb vb, u_char type,
    uint64_t value)
{
	u_long v = value > UINT32_MAX ? UINT32_MAX : (u_long)value;

	return trap_pdu_add(pdu, vb, type, &v, sizeof(v));
}

void
trap_pdu_date_and_time(int64_t ms, unsigned char *out)
{
	int64_t t_ms = ms < 0           ? 0
	    : ms > TRAP_PDU_TIME_MAX_MS ? TRAP_PDU_TIME_MAX_MS
					: ms;
	struct civil c;

	civil_from_ms(t_ms, &c);
	out[0] = (unsigned char)(c.year >> 8);
	out[1] = (unsigned char)(c.year & 0xff);
	out[2] = (unsigned char)c.mon;
	out[3] = (unsigned char)c.mday;
	out[4] = (unsigned char)c.hour;
	out[5] = (unsigned char)c.min;
	out[6] = (unsigned char)c.sec;
	out[7] = (unsigned char)(c.msec / 100);
	out[8] = '+';
	out[9] = 0;
	out[10] = 0;
}

static int
trap_pdu_add_time(netsnmp_pdu *pdu, enum trap_pdu_vb vb, int64_t ms)
{
	unsigned char dt[TRAP_PDU_DATE_LEN];

	trap_pdu_date_and_time(ms, dt);
	return trap_pdu_add(pdu, vb, ASN_OCTET_STR, dt, sizeof(dt));
}

/* InetAddressType + InetAddress; IPv4-mapped IPv6 is sent as IPv4. */
static int
trap_pdu_add_peer(netsnmp_pdu *pdu, enum trap_pdu_vb type_vb, const char *peer)
{
	struct in6_addr a6;
	struct in_addr a4;
	long type = TRAP_PDU_INET_UNKNOWN;
	const void *addr = "";
	size_t len = 0;

	if (inet_pton(AF_INET, peer, &a4) == 1) {
		type = TRAP_PDU_INET_IPV4;
		addr = &a4;
		len = 4;
	} else if (inet_pton(AF_INET6, peer, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			type = TRAP_PDU_INET_IPV4;
			addr = &a6.s6_addr[12];
			len = 4;
		} else {
			type = TRAP_PDU_INET_IPV6;
			addr = &a6;
			len = 16;
		}
	}
	if (trap_pdu_add(pdu, type_vb, ASN_INTEGER, &type, sizeof(type)) ==
		-1 ||
	    trap_pdu_add(pdu, type_vb + 1, ASN_OCTET_STR, addr, len) == -1)
		return -1;
	return 0;
}

/* sysUpTime.0 and snmpTrapOID.0: the notification of the alert's kind */
static int
trap_pdu_add_header(netsnmp_pdu *pdu, uint32_t uptime_ticks,
    enum alert_kind kind)
{
	oid trapoid[MAX_OID_LEN];
	size_t n = trap_pdu_oid(kind < ALERT_KIND_COUNT
		? (enum trap_pdu_vb)(TRAP_PDU_NOTIFICATION + (int)kind)
		: TRAP_PDU_NOTIFICATION,
	    trapoid);
	u_long ticks = uptime_ticks;

	if (snmp_pdu_add_variable(pdu, trap_pdu_sysuptime,
		OID_LENGTH(trap_pdu_sysuptime), ASN_TIMETICKS, &ticks,
		sizeof(ticks)) == NULL ||
	    snmp_pdu_add_variable(pdu, trap_pdu_trapoid,
		OID_LENGTH(trap_pdu_trapoid), ASN_OBJECT_ID, trapoid,
		n * sizeof(oid)) == NULL)
		return -1;
	return 0;
}

/* What the alert says about the two events, in OBJECTS order. */
static int
trap_pdu_add_event(netsnmp_pdu *pdu, enum trap_pdu_vb id_vb,
    const struct alert_event *e)
{
	/* id, source and time are consecutive for both events */
	if (trap_pdu_add_u32(pdu, id_vb, ASN_UNSIGNED, e->event_id) == -1 ||
	    trap_pdu_add_text(pdu, id_vb + 1, e->source, TRAP_PDU_SHORT_MAX) ==
		-1 ||
	    trap_pdu_add_time(pdu, id_vb + 2, e->time_ms) == -1)
		return -1;
	return 0;
}

/* The varbinds in the order of evcorrAlertNotification's OBJECTS. */
static int
trap_pdu_add_all(netsnmp_pdu *pdu, const struct alert *a)
{
	long severity = (long)a->severity;

	if (trap_pdu_add_text(pdu, TRAP_PDU_VB_RULE, a->rule,
		TRAP_PDU_NAME_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_HOST, a->host,
		TRAP_PDU_SHORT_MAX) == -1 ||
	    trap_pdu_add_event(pdu, TRAP_PDU_VB_OPEN_ID, &a->open) == -1 ||
	    trap_pdu_add_event(pdu, TRAP_PDU_VB_CLOSE_ID, &a->close) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_REFERENCE, a->reference,
		TRAP_PDU_SHORT_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_TITLE, a->title,
		TRAP_PDU_SHORT_MAX) == -1 ||
	    trap_pdu_add(pdu, TRAP_PDU_VB_SEVERITY, ASN_INTEGER, &severity,
		sizeof(severity)) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_CAUSE, a->cause,
		TRAP_PDU_TEXT_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_FIX, a->fix,
		TRAP_PDU_TEXT_MAX) == -1 ||
	    trap_pdu_add_u32(pdu, TRAP_PDU_VB_SUPPRESSED, ASN_UNSIGNED,
		a->suppressed) == -1 ||
	    trap_pdu_add_peer(pdu, TRAP_PDU_VB_OPEN_PEER_TYPE, a->open.peer) ==
		-1 ||
	    trap_pdu_add_peer(pdu, TRAP_PDU_VB_CLOSE_PEER_TYPE,
		a->close.peer) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_OPEN_COMPUTER, a->open.computer,
		TRAP_PDU_SHORT_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_CLOSE_COMPUTER,
		a->close.computer, TRAP_PDU_SHORT_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_ALERT_ID, a->id,
		TRAP_PDU_NAME_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_CLEARED_ID, a->clears,
		TRAP_PDU_NAME_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_OPEN_LOG, a->open.log,
		TRAP_PDU_LOG_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_CLOSE_LOG, a->close.log,
		TRAP_PDU_LOG_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_OPEN_TEXT, a->open.text,
		TRAP_PDU_TEXT_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_CLOSE_TEXT, a->close.text,
		TRAP_PDU_TEXT_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_OPEN_TYPE, a->open.type,
		TRAP_PDU_TYPE_MAX) == -1 ||
	    trap_pdu_add_text(pdu, TRAP_PDU_VB_CLOSE_TYPE, a->close.type,
		TRAP_PDU_TYPE_MAX) == -1)
		return -1;
	return 0;
}

struct snmp_pdu *
trap_pdu_new(const struct alert *alert, uint32_t uptime_ticks, bool is_inform)
{
	netsnmp_pdu *pdu;

	if (alert == NULL)
		return NULL;
	pdu = snmp_pdu_create(is_inform ? SNMP_MSG_INFORM : SNMP_MSG_TRAP2);
	if (pdu == NULL)
		return NULL;
	if (trap_pdu_add_header(pdu, uptime_ticks, alert->kind) == -1 ||
	    trap_pdu_add_all(pdu, alert) == -1) {
		snmp_free_pdu(pdu);
		return NULL;
	}
	return pdu;
}
