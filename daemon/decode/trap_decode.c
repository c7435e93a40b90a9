/* SPDX-License-Identifier: ISC */
/*
 * The Windows Event-to-Trap translator's notifications -> struct winevent.
 * The trap OID carries the event source (its length, then one sub-id per
 * character) and the event ID; fixed varbinds carry the rest.  Pure: the
 * caller counts and logs what this rejects.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/net.h"
#include "core/utf8.h"
#include "decode/trap_decode.h"

#define TRAP_DECODE_PREFIX_LEN 10
#define TRAP_DECODE_VB_ARC 9999 /* prefix.9999.K.0: the varbinds */
#define TRAP_DECODE_VB_LEN (TRAP_DECODE_PREFIX_LEN + 3)
#define TRAP_DECODE_OIDSTR_MAX 96
#define TRAP_DECODE_GENERIC_SPECIFIC 6 /* enterpriseSpecific */

/* Varbind K (prefix.9999.K.0); 6 and up are insertion strings: ignored. */
enum trap_decode_vb {
	TRAP_DECODE_VB_TEXT = 1,
	TRAP_DECODE_VB_USER,
	TRAP_DECODE_VB_COMPUTER,
	TRAP_DECODE_VB_TYPE,
	TRAP_DECODE_VB_CATEGORY,
	TRAP_DECODE_VB_LAST = TRAP_DECODE_VB_CATEGORY,
};

static const oid trap_decode_prefix[] = { TRAP_DECODE_MS_PREFIX };
static const oid trap_decode_sysuptime[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };
static const oid trap_decode_trapoid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
/* SNMP-COMMUNITY-MIB snmpTrapAddress.0 (RFC 3584 5.2) */
static const oid trap_decode_trapaddr[] = { 1, 3, 6, 1, 6, 3, 18, 1, 3, 0 };

/* Windows EVENTLOG_*_TYPE values as the translator may send them. */
static const struct {
	long value;
	const char *name;
} trap_decode_types[] = {
	{ 0, "Success" },
	{ 1, "Error" },
	{ 2, "Warning" },
	{ 4, "Information" },
	{ 8, "Audit Success" },
	{ 16, "Audit Failure" },
};

/* The identity of a notification: its enterprise and specific number. */
struct trap_decode_id {
	const oid *enterprise;
	size_t enterprise_len;
	unsigned long specific;
	const netsnmp_variable_list *varbinds; /* those after the header */
};

static int trap_decode_fail(struct parse_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
trap_decode_fail(struct parse_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Dotted text of an OID for messages, "..." when cut short. */
static const char *
trap_decode_oid_str(const oid *name, size_t len, char *buf, size_t buflen)
{
	size_t off = 0, i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < len; i++) {
		n = snprintf(buf + off, buflen - off, "%s%lu", i ? "." : "",
		    (unsigned long)name[i]);
		if (n < 0 || (size_t)n >= buflen - off - 4) {
			buf[off] = '\0';
			(void)snprintf(buf + off, buflen - off, "...");
			break;
		}
		off += (size_t)n;
	}
	if (len == 0)
		(void)snprintf(buf, buflen, "(empty)");
	return buf;
}

static bool
trap_decode_oid_is(const netsnmp_variable_list *vb, const oid *name, size_t len)
{
	return vb != NULL && vb->name != NULL &&
	    netsnmp_oid_equals(vb->name, vb->name_length, name, len) == 0;
}

static int
trap_decode_id_v1(const netsnmp_pdu *pdu, struct trap_decode_id *id,
    struct parse_error *err)
{
	if (pdu->trap_type != TRAP_DECODE_GENERIC_SPECIFIC)
		return trap_decode_fail(err,
		    "generic trap %ld is not enterprise-specific (6)",
		    pdu->trap_type);
	/* specific-trap is an INTEGER: Windows event IDs may arrive negative */
	if (pdu->specific_type < INT32_MIN ||
	    (pdu->specific_type > 0 &&
		(unsigned long)pdu->specific_type > UINT32_MAX))
		return trap_decode_fail(err, "specific trap %ld out of range",
		    pdu->specific_type);
	if (pdu->enterprise == NULL && pdu->enterprise_length != 0)
		return trap_decode_fail(err, "enterprise missing");
	id->enterprise = pdu->enterprise;
	id->enterprise_len = pdu->enterprise_length;
	id->specific = (unsigned long)(uint32_t)pdu->specific_type;
	id->varbinds = pdu->variables;
	return 0;
}

/* RFC 3416 4.2.6: sysUpTime.0, then snmpTrapOID.0 = enterprise.0.specific */
static int
trap_decode_id_v2(const netsnmp_pdu *pdu, struct trap_decode_id *id,
    struct parse_error *err)
{
	const netsnmp_variable_list *up = pdu->variables, *to;
	size_t len;

	if (!trap_decode_oid_is(up, trap_decode_sysuptime,
		OID_LENGTH(trap_decode_sysuptime)))
		return trap_decode_fail(err,
		    "first varbind is not sysUpTime.0");
	if (up->type != ASN_TIMETICKS)
		return trap_decode_fail(err, "sysUpTime.0 is not TimeTicks");
	to = up->next_variable;
	if (!trap_decode_oid_is(to, trap_decode_trapoid,
		OID_LENGTH(trap_decode_trapoid)))
		return trap_decode_fail(err,
		    "second varbind is not snmpTrapOID.0");
	if (to->type != ASN_OBJECT_ID || to->val.objid == NULL ||
	    to->val_len % sizeof(oid) != 0)
		return trap_decode_fail(err,
		    "snmpTrapOID.0 is not an OBJECT IDENTIFIER");
	len = to->val_len / sizeof(oid);
	if (len < 2 || to->val.objid[len - 2] != 0)
		return trap_decode_fail(err,
		    "snmpTrapOID.0 is not enterprise.0.specific");
	if (to->val.objid[len - 1] > UINT32_MAX)
		return trap_decode_fail(err, "specific trap %lu out of range",
		    (unsigned long)to->val.objid[len - 1]);
	id->enterprise = to->val.objid;
	id->enterprise_len = len - 2;
	id->specific = (unsigned long)to->val.objid[len - 1];
	id->varbinds = to->next_variable;
	return 0;
}

static int
trap_decode_id(const netsnmp_pdu *pdu, struct trap_decode_id *id,
    struct parse_error *err)
{
	switch (pdu->command) {
	case SNMP_MSG_TRAP:
		return trap_decode_id_v1(pdu, id, err);
	case SNMP_MSG_TRAP2:
	case SNMP_MSG_INFORM:
		return trap_decode_id_v2(pdu, id, err);
	default:
		return trap_decode_fail(err,
		    "pdu type 0x%02x is not a notification",
		    (unsigned int)pdu->command & 0xffu);
	}
}

static bool
trap_decode_has_prefix(const oid *name, size_t len)
{
	return name != NULL && len >= TRAP_DECODE_PREFIX_LEN &&
	    memcmp(name, trap_decode_prefix, sizeof(trap_decode_prefix)) == 0;
}

/* enterprise = prefix.n.c1...cn: the event source name, one byte each */
static int
trap_decode_source(const struct trap_decode_id *id, char *out, size_t outlen,
    struct parse_error *err)
{
	const oid *ent = id->enterprise;
	char text[TRAP_DECODE_OIDSTR_MAX];
	size_t i, n, len = id->enterprise_len;

	if (!trap_decode_has_prefix(ent, len) || len == TRAP_DECODE_PREFIX_LEN)
		return trap_decode_fail(err,
		    "enterprise %s is not the event-to-trap translator",
		    trap_decode_oid_str(ent, len, text, sizeof(text)));
	if (ent[TRAP_DECODE_PREFIX_LEN] == 0)
		return trap_decode_fail(err, "event source name length is 0");
	if (ent[TRAP_DECODE_PREFIX_LEN] != len - TRAP_DECODE_PREFIX_LEN - 1)
		return trap_decode_fail(err,
		    "event source name length %lu but %zu characters follow",
		    (unsigned long)ent[TRAP_DECODE_PREFIX_LEN],
		    len - TRAP_DECODE_PREFIX_LEN - 1);
	n = len - TRAP_DECODE_PREFIX_LEN - 1;
	if (n >= outlen)
		return trap_decode_fail(err, "event source name too long");
	for (i = 0; i < n; i++) {
		oid c = ent[TRAP_DECODE_PREFIX_LEN + 1 + i];

		if (c == 0 || c > 255)
			return trap_decode_fail(err,
			    "event source character %zu is %lu, not a byte "
			    "1..255",
			    i + 1, (unsigned long)c);
		out[i] = (char)(unsigned char)c;
	}
	out[n] = '\0';
	return 0;
}

/*
 * Copies an OCTET STRING: trailing NULs (C strings sent with their
 * terminator) are dropped, inner NULs become spaces, and a cut never
 * splits a UTF-8 sequence.  Returns true when the value did not fit.
 */
static bool
trap_decode_copy(char *dst, size_t dstlen, const u_char *src, size_t srclen)
{
	size_t i, n;

	if (src == NULL)
		srclen = 0;
	while (srclen > 0 && src[srclen - 1] == '\0')
		srclen--;
	n = utf8_cut((const char *)src, srclen, dstlen - 1);
	for (i = 0; i < n; i++)
		dst[i] = src[i] == '\0' ? ' ' : (char)src[i];
	dst[n] = '\0';
	return n < srclen;
}

/* The event type: a name as sent, or a Windows EVENTLOG_* number. */
static void
trap_decode_type(const netsnmp_variable_list *vb, char *out, size_t outlen)
{
	long value;
	size_t i;

	if (vb->type == ASN_INTEGER && vb->val.integer != NULL) {
		value = *vb->val.integer;
	} else if (vb->type == ASN_OCTET_STR) {
		trap_decode_copy(out, outlen, vb->val.string, vb->val_len);
		/* at most 10 digits: fits a long */
		if (out[0] == '\0' || strlen(out) > 10 ||
		    strspn(out, "0123456789") != strlen(out))
			return;
		value = strtol(out, NULL, 10);
	} else {
		return;
	}
	for (i = 0;
	     i < sizeof(trap_decode_types) / sizeof(trap_decode_types[0]);
	     i++) {
		if (trap_decode_types[i].value == value) {
			(void)snprintf(out, outlen, "%s",
			    trap_decode_types[i].name);
			return;
		}
	}
	(void)snprintf(out, outlen, "%ld", value);
}

/* K of prefix.9999.K.0, or 0 for any other name. */
static unsigned long
trap_decode_vb_index(const netsnmp_variable_list *vb)
{
	if (vb->name_length != TRAP_DECODE_VB_LEN ||
	    !trap_decode_has_prefix(vb->name, vb->name_length) ||
	    vb->name[TRAP_DECODE_PREFIX_LEN] != TRAP_DECODE_VB_ARC ||
	    vb->name[TRAP_DECODE_VB_LEN - 1] != 0)
		return 0;
	return (unsigned long)vb->name[TRAP_DECODE_PREFIX_LEN + 1];
}

static void
trap_decode_varbind(const netsnmp_variable_list *vb, unsigned long k,
    struct winevent *ev)
{
	if (k == TRAP_DECODE_VB_TYPE) {
		trap_decode_type(vb, ev->type, sizeof(ev->type));
		return;
	}
	/* Strings are OCTET STRINGs; any other type is ignored. */
	if (vb->type != ASN_OCTET_STR)
		return;
	switch (k) {
	case TRAP_DECODE_VB_TEXT:
		ev->is_text_truncated = trap_decode_copy(ev->text,
		    sizeof(ev->text), vb->val.string, vb->val_len);
		break;
	case TRAP_DECODE_VB_USER:
		trap_decode_copy(ev->user, sizeof(ev->user), vb->val.string,
		    vb->val_len);
		break;
	case TRAP_DECODE_VB_COMPUTER:
		ev->is_computer_cut = trap_decode_copy(ev->computer,
		    sizeof(ev->computer), vb->val.string, vb->val_len);
		break;
	case TRAP_DECODE_VB_CATEGORY:
		trap_decode_copy(ev->category, sizeof(ev->category),
		    vb->val.string, vb->val_len);
		break;
	default:
		break;
	}
}

/* The first of each K wins; every varbind is looked at (no cap). */
static void
trap_decode_varbinds(const struct trap_decode_id *id, struct winevent *ev)
{
	const netsnmp_variable_list *vb;
	bool is_seen[TRAP_DECODE_VB_LAST + 1] = { false };
	unsigned long k;

	for (vb = id->varbinds; vb != NULL; vb = vb->next_variable) {
		k = trap_decode_vb_index(vb);
		if (k == 0 || k > TRAP_DECODE_VB_LAST || is_seen[k])
			continue;
		is_seen[k] = true;
		trap_decode_varbind(vb, k, ev);
	}
}

/* An IPv4 address of 4 octets as text; 0.0.0.0 is none. */
static void
trap_decode_ipv4(const u_char *a, char *out, size_t outlen)
{
	if (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0)
		return;
	net_ipv4_text(a, out, outlen);
}

/* The origin a relayed trap names: agent-addr (v1), snmpTrapAddress.0. */
static void
trap_decode_origin(const netsnmp_pdu *pdu, struct winevent *ev)
{
	const netsnmp_variable_list *vb;

	ev->origin[0] = '\0';
	if (pdu->command == SNMP_MSG_TRAP) {
		trap_decode_ipv4(pdu->agent_addr, ev->origin,
		    sizeof(ev->origin));
		return;
	}
	for (vb = pdu->variables; vb != NULL; vb = vb->next_variable) {
		if (!trap_decode_oid_is(vb, trap_decode_trapaddr,
			sizeof(trap_decode_trapaddr) / sizeof(oid)))
			continue;
		if (vb->type == ASN_IPADDRESS && vb->val_len == 4 &&
		    vb->val.string != NULL)
			trap_decode_ipv4(vb->val.string, ev->origin,
			    sizeof(ev->origin));
		return;
	}
}

int
trap_decode(const netsnmp_pdu *pdu, struct winevent *ev,
    struct parse_error *err)
{
	struct trap_decode_id id;
	char source[WINEVENT_SOURCE_MAX];

	err->line = 0;
	err->offset = 0;
	err->msg[0] = '\0';
	if (pdu == NULL)
		return trap_decode_fail(err, "no pdu");
	if (trap_decode_id(pdu, &id, err) == -1)
		return -1;
	if (trap_decode_source(&id, source, sizeof(source), err) == -1)
		return -1;

	ev->computer[0] = ev->log[0] = ev->user[0] = '\0';
	ev->type[0] = ev->category[0] = ev->text[0] = '\0';
	ev->is_text_truncated = ev->is_computer_cut = false;
	(void)snprintf(ev->source, sizeof(ev->source), "%s", source);
	if (winevent_id(id.specific, &ev->event_id) == -1)
		return trap_decode_fail(err,
		    "specific trap %lu is no Windows event identifier "
		    "(reserved "
		    "bit set)",
		    id.specific);
	ev->has_event_id = true;
	ev->time_ms = 0; /* the trap's time stamp is the sender's uptime */
	ev->format = WINEVENT_FORMAT_TRAP;
	trap_decode_origin(pdu, ev);
	trap_decode_varbinds(&id, ev);
	return 0;
}

bool
trap_decode_is_translator(const netsnmp_pdu *pdu)
{
	struct trap_decode_id id;
	struct parse_error err;

	if (pdu == NULL || trap_decode_id(pdu, &id, &err) == -1)
		return false;
	return trap_decode_has_prefix(id.enterprise, id.enterprise_len);
}
