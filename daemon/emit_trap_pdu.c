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
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "emit_trap_pdu.h"
#include "rule.h"

/*
 * EVCORR-MIB (mibs/EVCORR-MIB.txt).  EMIT_TRAP_PDU_ROOT is evcorrMIB, the
 * one place to change for a registered enterprise number (with the MIB's
 * MODULE-IDENTITY).  tests/integration/mib.sh reads the root and the
 * table below and checks every name against snmptranslate -On, and the
 * table order against the OBJECTS of evcorrAlertNotification: keep one
 * entry per line as { "name", { arcs }, count } (hence clang-format off).
 */
#define EMIT_TRAP_PDU_ROOT 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 2140
#define EMIT_TRAP_PDU_ARCS_MAX 3

enum emit_trap_pdu_vb {
	EMIT_TRAP_PDU_VB_RULE,
	EMIT_TRAP_PDU_VB_HOST,
	EMIT_TRAP_PDU_VB_OPEN_ID,
	EMIT_TRAP_PDU_VB_OPEN_SOURCE,
	EMIT_TRAP_PDU_VB_OPEN_TIME,
	EMIT_TRAP_PDU_VB_CLOSE_ID,
	EMIT_TRAP_PDU_VB_CLOSE_SOURCE,
	EMIT_TRAP_PDU_VB_CLOSE_TIME,
	EMIT_TRAP_PDU_VB_REFERENCE,
	EMIT_TRAP_PDU_VB_TITLE,
	EMIT_TRAP_PDU_VB_SEVERITY,
	EMIT_TRAP_PDU_VB_CAUSE,
	EMIT_TRAP_PDU_VB_FIX,
	EMIT_TRAP_PDU_VB_SUPPRESSED,
	EMIT_TRAP_PDU_VB_OPEN_PEER_TYPE,
	EMIT_TRAP_PDU_VB_OPEN_PEER,
	EMIT_TRAP_PDU_VB_CLOSE_PEER_TYPE,
	EMIT_TRAP_PDU_VB_CLOSE_PEER,
	EMIT_TRAP_PDU_VB_OPEN_COMPUTER,
	EMIT_TRAP_PDU_VB_CLOSE_COMPUTER,
	EMIT_TRAP_PDU_VB_COUNT,
	EMIT_TRAP_PDU_NOTIFICATION = EMIT_TRAP_PDU_VB_COUNT,
};

/* clang-format off */
static const struct emit_trap_pdu_mib {
	const char *name;
	oid arcs[EMIT_TRAP_PDU_ARCS_MAX]; /* under EMIT_TRAP_PDU_ROOT */
	size_t count;
} emit_trap_pdu_mib[] = {
	[EMIT_TRAP_PDU_VB_RULE] = { "evcorrRuleName", { 1, 1, 1 }, 3 },
	[EMIT_TRAP_PDU_VB_HOST] = { "evcorrHost", { 1, 1, 2 }, 3 },
	[EMIT_TRAP_PDU_VB_OPEN_ID] = { "evcorrOpenEventId", { 1, 1, 3 }, 3 },
	[EMIT_TRAP_PDU_VB_OPEN_SOURCE] = { "evcorrOpenSource", { 1, 1, 4 }, 3 },
	[EMIT_TRAP_PDU_VB_OPEN_TIME] = { "evcorrOpenTime", { 1, 1, 5 }, 3 },
	[EMIT_TRAP_PDU_VB_CLOSE_ID] = { "evcorrCloseEventId", { 1, 1, 6 }, 3 },
	[EMIT_TRAP_PDU_VB_CLOSE_SOURCE] = { "evcorrCloseSource", { 1, 1, 7 }, 3 },
	[EMIT_TRAP_PDU_VB_CLOSE_TIME] = { "evcorrCloseTime", { 1, 1, 8 }, 3 },
	[EMIT_TRAP_PDU_VB_REFERENCE] = { "evcorrReference", { 1, 1, 9 }, 3 },
	[EMIT_TRAP_PDU_VB_TITLE] = { "evcorrTitle", { 1, 1, 10 }, 3 },
	[EMIT_TRAP_PDU_VB_SEVERITY] = { "evcorrSeverity", { 1, 1, 11 }, 3 },
	[EMIT_TRAP_PDU_VB_CAUSE] = { "evcorrCause", { 1, 1, 12 }, 3 },
	[EMIT_TRAP_PDU_VB_FIX] = { "evcorrFix", { 1, 1, 13 }, 3 },
	[EMIT_TRAP_PDU_VB_SUPPRESSED] = { "evcorrSuppressedCount", { 1, 1, 14 }, 3 },
	[EMIT_TRAP_PDU_VB_OPEN_PEER_TYPE] = { "evcorrOpenPeerAddressType", { 1, 1, 15 }, 3 },
	[EMIT_TRAP_PDU_VB_OPEN_PEER] = { "evcorrOpenPeerAddress", { 1, 1, 16 }, 3 },
	[EMIT_TRAP_PDU_VB_CLOSE_PEER_TYPE] = { "evcorrClosePeerAddressType", { 1, 1, 17 }, 3 },
	[EMIT_TRAP_PDU_VB_CLOSE_PEER] = { "evcorrClosePeerAddress", { 1, 1, 18 }, 3 },
	[EMIT_TRAP_PDU_VB_OPEN_COMPUTER] = { "evcorrOpenComputer", { 1, 1, 19 }, 3 },
	[EMIT_TRAP_PDU_VB_CLOSE_COMPUTER] = { "evcorrCloseComputer", { 1, 1, 20 }, 3 },
	[EMIT_TRAP_PDU_NOTIFICATION] = { "evcorrAlertNotification", { 0, 1 }, 2 },
};
/* clang-format on */

/* SNMPv2-MIB: the two varbinds every v2 notification starts with */
static const oid emit_trap_pdu_sysuptime[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };
static const oid emit_trap_pdu_trapoid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };

/* INET-ADDRESS-MIB InetAddressType */
enum emit_trap_pdu_inet {
	EMIT_TRAP_PDU_INET_UNKNOWN = 0,
	EMIT_TRAP_PDU_INET_IPV4 = 1,
	EMIT_TRAP_PDU_INET_IPV6 = 2,
};

static size_t
emit_trap_pdu_oid(enum emit_trap_pdu_vb vb, oid *out)
{
	static const oid root[] = { EMIT_TRAP_PDU_ROOT };
	const struct emit_trap_pdu_mib *m = &emit_trap_pdu_mib[vb];

	memcpy(out, root, sizeof(root));
	memcpy(out + OID_LENGTH(root), m->arcs, m->count * sizeof(oid));
	return OID_LENGTH(root) + m->count;
}

static int
emit_trap_pdu_add(netsnmp_pdu *pdu, enum emit_trap_pdu_vb vb, u_char type,
    const void *val, size_t len)
{
	oid name[MAX_OID_LEN];
	size_t n = emit_trap_pdu_oid(vb, name);

	if (snmp_pdu_add_variable(pdu, name, n, type, val, len) == NULL)
		return -1;
	return 0;
}

size_t
emit_trap_pdu_text_len(const char *s, size_t max)
{
	size_t len = s != NULL ? strlen(s) : 0;

	if (len > max) {
		/*
		 * s[len] is the first octet left out: not a continuation.
		 * A UTF-8 character has at most 3 continuation octets; past
		 * that the bytes are not UTF-8 and are cut where they are.
		 */
		size_t cut = max;

		len = max;
		while (len > 0 && max - len < 3 &&
		    ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
		if (((unsigned char)s[len] & 0xc0) == 0x80)
			len = cut;
	}
	return len;
}

static int
emit_trap_pdu_add_text(netsnmp_pdu *pdu, enum emit_trap_pdu_vb vb,
    const char *s, size_t max)
{
	size_t len = emit_trap_pdu_text_len(s, max);

	return emit_trap_pdu_add(pdu, vb, ASN_OCTET_STR, len ? s : "", len);
}

static int
emit_trap_pdu_add_u32(netsnmp_pdu *pdu, enum emit_trap_pdu_vb vb, u_char type,
    uint64_t value)
{
	u_long v = value > UINT32_MAX ? UINT32_MAX : (u_long)value;

	return emit_trap_pdu_add(pdu, vb, type, &v, sizeof(v));
}

void
emit_trap_pdu_date_and_time(int64_t ms, unsigned char *out)
{
	int64_t t_ms = ms < 0                ? 0
	    : ms > EMIT_TRAP_PDU_TIME_MAX_MS ? EMIT_TRAP_PDU_TIME_MAX_MS
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
	out[0] = (unsigned char)((tm.tm_year + 1900) >> 8);
	out[1] = (unsigned char)((tm.tm_year + 1900) & 0xff);
	out[2] = (unsigned char)(tm.tm_mon + 1);
	out[3] = (unsigned char)tm.tm_mday;
	out[4] = (unsigned char)tm.tm_hour;
	out[5] = (unsigned char)tm.tm_min;
	out[6] = (unsigned char)tm.tm_sec;
	out[7] = (unsigned char)((t_ms % 1000) / 100);
	out[8] = '+';
	out[9] = 0;
	out[10] = 0;
}

static int
emit_trap_pdu_add_time(netsnmp_pdu *pdu, enum emit_trap_pdu_vb vb, int64_t ms)
{
	unsigned char dt[EMIT_TRAP_PDU_DATE_LEN];

	emit_trap_pdu_date_and_time(ms, dt);
	return emit_trap_pdu_add(pdu, vb, ASN_OCTET_STR, dt, sizeof(dt));
}

/* InetAddressType + InetAddress; IPv4-mapped IPv6 is sent as IPv4. */
static int
emit_trap_pdu_add_peer(netsnmp_pdu *pdu, enum emit_trap_pdu_vb type_vb,
    const char *peer)
{
	struct in6_addr a6;
	struct in_addr a4;
	long type = EMIT_TRAP_PDU_INET_UNKNOWN;
	const void *addr = "";
	size_t len = 0;

	if (inet_pton(AF_INET, peer, &a4) == 1) {
		type = EMIT_TRAP_PDU_INET_IPV4;
		addr = &a4;
		len = 4;
	} else if (inet_pton(AF_INET6, peer, &a6) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			type = EMIT_TRAP_PDU_INET_IPV4;
			addr = &a6.s6_addr[12];
			len = 4;
		} else {
			type = EMIT_TRAP_PDU_INET_IPV6;
			addr = &a6;
			len = 16;
		}
	}
	if (emit_trap_pdu_add(pdu, type_vb, ASN_INTEGER, &type, sizeof(type)) ==
		-1 ||
	    emit_trap_pdu_add(pdu, type_vb + 1, ASN_OCTET_STR, addr, len) == -1)
		return -1;
	return 0;
}

/* sysUpTime.0 and snmpTrapOID.0 */
static int
emit_trap_pdu_add_header(netsnmp_pdu *pdu, uint32_t uptime_ticks)
{
	oid trapoid[MAX_OID_LEN];
	size_t n = emit_trap_pdu_oid(EMIT_TRAP_PDU_NOTIFICATION, trapoid);
	u_long ticks = uptime_ticks;

	if (snmp_pdu_add_variable(pdu, emit_trap_pdu_sysuptime,
		OID_LENGTH(emit_trap_pdu_sysuptime), ASN_TIMETICKS, &ticks,
		sizeof(ticks)) == NULL ||
	    snmp_pdu_add_variable(pdu, emit_trap_pdu_trapoid,
		OID_LENGTH(emit_trap_pdu_trapoid), ASN_OBJECT_ID, trapoid,
		n * sizeof(oid)) == NULL)
		return -1;
	return 0;
}

/* What the alert says about the two events, in OBJECTS order. */
static int
emit_trap_pdu_add_event(netsnmp_pdu *pdu, enum emit_trap_pdu_vb id_vb,
    const struct alert_event *e)
{
	/* id, source and time are consecutive for both events */
	if (emit_trap_pdu_add_u32(pdu, id_vb, ASN_UNSIGNED, e->event_id) ==
		-1 ||
	    emit_trap_pdu_add_text(pdu, id_vb + 1, e->source,
		EMIT_TRAP_PDU_SHORT_MAX) == -1 ||
	    emit_trap_pdu_add_time(pdu, id_vb + 2, e->time_ms) == -1)
		return -1;
	return 0;
}

/* The varbinds in the order of evcorrAlertNotification's OBJECTS. */
static int
emit_trap_pdu_add_all(netsnmp_pdu *pdu, const struct alert *a)
{
	const struct rule *r = a->rule;
	long severity = (long)r->severity;

	if (emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_RULE, r->name,
		EMIT_TRAP_PDU_NAME_MAX) == -1 ||
	    emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_HOST, a->host,
		EMIT_TRAP_PDU_SHORT_MAX) == -1 ||
	    emit_trap_pdu_add_event(pdu, EMIT_TRAP_PDU_VB_OPEN_ID, &a->open) ==
		-1 ||
	    emit_trap_pdu_add_event(pdu, EMIT_TRAP_PDU_VB_CLOSE_ID,
		&a->close) == -1 ||
	    emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_REFERENCE,
		r->reference, EMIT_TRAP_PDU_SHORT_MAX) == -1 ||
	    emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_TITLE, r->title,
		EMIT_TRAP_PDU_SHORT_MAX) == -1 ||
	    emit_trap_pdu_add(pdu, EMIT_TRAP_PDU_VB_SEVERITY, ASN_INTEGER,
		&severity, sizeof(severity)) == -1 ||
	    emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_CAUSE, r->cause,
		EMIT_TRAP_PDU_TEXT_MAX) == -1 ||
	    emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_FIX, r->fix,
		EMIT_TRAP_PDU_TEXT_MAX) == -1 ||
	    emit_trap_pdu_add_u32(pdu, EMIT_TRAP_PDU_VB_SUPPRESSED,
		ASN_UNSIGNED, a->suppressed) == -1 ||
	    emit_trap_pdu_add_peer(pdu, EMIT_TRAP_PDU_VB_OPEN_PEER_TYPE,
		a->open.peer) == -1 ||
	    emit_trap_pdu_add_peer(pdu, EMIT_TRAP_PDU_VB_CLOSE_PEER_TYPE,
		a->close.peer) == -1 ||
	    emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_OPEN_COMPUTER,
		a->open.computer, EMIT_TRAP_PDU_SHORT_MAX) == -1 ||
	    emit_trap_pdu_add_text(pdu, EMIT_TRAP_PDU_VB_CLOSE_COMPUTER,
		a->close.computer, EMIT_TRAP_PDU_SHORT_MAX) == -1)
		return -1;
	return 0;
}

struct snmp_pdu *
emit_trap_pdu_new(const struct alert *alert, uint32_t uptime_ticks,
    bool is_inform)
{
	netsnmp_pdu *pdu;

	if (alert == NULL || alert->rule == NULL)
		return NULL;
	pdu = snmp_pdu_create(is_inform ? SNMP_MSG_INFORM : SNMP_MSG_TRAP2);
	if (pdu == NULL)
		return NULL;
	if (emit_trap_pdu_add_header(pdu, uptime_ticks) == -1 ||
	    emit_trap_pdu_add_all(pdu, alert) == -1) {
		snmp_free_pdu(pdu);
		return NULL;
	}
	return pdu;
}
