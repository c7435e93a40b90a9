/* SPDX-License-Identifier: ISC */
/*
 * SNMP datagrams: the header (SEQUENCE { version, community, ... }) read
 * with the library's BER primitives, then the message parsed once by
 * snmp_parse().  SNMPv3 and unknown versions are refused from the header,
 * before any USM processing: no engine state, no REPORT to anyone.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/xmalloc.h"
#include "decode/snmp_msg.h"

static enum snmp_msg_verdict
snmp_msg_malformed(struct snmp_msg *m, const char *what)
{
	(void)snprintf(m->err.msg, sizeof(m->err.msg), "%s", what);
	return SNMP_MSG_MALFORMED;
}

/* The header's version, and for v1/v2c its community; -1: no header. */
static int
snmp_msg_header(const u_char *buf, size_t len, struct snmp_msg *m)
{
	size_t left = len, clen;
	u_char type, *p;
	long version;

	p = asn_parse_sequence((u_char *)(uintptr_t)buf, &left, &type,
	    ASN_SEQUENCE | ASN_CONSTRUCTOR, "message");
	if (p == NULL)
		return -1;
	p = asn_parse_int(p, &left, &type, &version, sizeof(version));
	if (p == NULL || type != ASN_INTEGER || version < 0)
		return -1;
	m->version = version;
	if (version != SNMP_VERSION_1 && version != SNMP_VERSION_2c)
		return 0;
	/* OCTET STRING: its contents lie in buf, read in place */
	if (left < 2 || p[0] != ASN_OCTET_STR)
		return -1;
	clen = left;
	if ((p = asn_parse_header(p, &clen, &type)) == NULL ||
	    type != ASN_OCTET_STR || clen > left)
		return -1;
	m->community = p;
	m->community_len = clen;
	return 0;
}

/* Steps over one TLV at *p, of type want (0: any); false when broken. */
static bool
snmp_msg_skip(const u_char **p, size_t *left, u_char want)
{
	size_t len = *left;
	u_char type, *body;

	body = asn_parse_header((u_char *)(uintptr_t)*p, &len, &type);
	if (body == NULL || (want != 0 && type != want))
		return false;
	len += (size_t)(body - *p);
	if (len > *left)
		return false;
	*p += len;
	*left -= len;
	return true;
}

/*
 * A v1 trap's specific-trap as encoded, before net-snmp narrows it to 32
 * bits: -1 when it is not in -2^31 .. 2^32-1 (an INTEGER of at most 5
 * octets that the translator's 32-bit event identifier fits), 0 when it
 * is, or when the PDU is not laid out as a v1 trap (snmp_parse judges).
 */
static int
snmp_msg_v1_specific(const u_char *buf, size_t len, struct snmp_msg *m)
{
	const u_char *p = buf;
	size_t left = len, n;
	u_char type, *body;
	int64_t v;

	/* SEQUENCE { version, community, Trap-PDU { enterprise, agent-addr,
	 * generic-trap, specific-trap, ... } } */
	body = asn_parse_header((u_char *)(uintptr_t)p, &left, &type);
	if (body == NULL)
		return 0;
	left = len - (size_t)(body - buf);
	p = body;
	if (!snmp_msg_skip(&p, &left, ASN_INTEGER) ||
	    !snmp_msg_skip(&p, &left, ASN_OCTET_STR) || left < 2 ||
	    p[0] != SNMP_MSG_TRAP)
		return 0;
	n = left;
	if ((body = asn_parse_header((u_char *)(uintptr_t)p, &n, &type)) ==
	    NULL)
		return 0;
	left -= (size_t)(body - p);
	p = body;
	if (!snmp_msg_skip(&p, &left, ASN_OBJECT_ID) ||
	    !snmp_msg_skip(&p, &left, 0) ||
	    !snmp_msg_skip(&p, &left, ASN_INTEGER))
		return 0;
	n = left;
	if ((body = asn_parse_header((u_char *)(uintptr_t)p, &n, &type)) ==
		NULL ||
	    type != ASN_INTEGER || n == 0)
		return 0;
	if (n > 5)
		return -1;
	v = (body[0] & 0x80) != 0 ? -1 : 0;
	for (size_t i = 0; i < n; i++)
		v = (int64_t)((uint64_t)v << 8 | body[i]);
	if (v < INT32_MIN || v > (int64_t)UINT32_MAX)
		return -1;
	m->v1_specific = v;
	return 0;
}

/* Steps into the TLV at *p, of type want: *p, *left become its contents. */
static bool
snmp_msg_enter(const u_char **p, size_t *left, u_char want)
{
	size_t len = *left;
	u_char type, *body;

	body = asn_parse_header((u_char *)(uintptr_t)*p, &len, &type);
	if (body == NULL || type != want || len > *left - (size_t)(body - *p))
		return false;
	*p = body;
	*left = len;
	return true;
}

/* An OBJECT IDENTIFIER at *p into out; its sub-identifiers, 0: broken. */
static size_t
snmp_msg_objid(const u_char **p, size_t *left, oid *out, size_t outlen)
{
	size_t len = *left, n = outlen;
	u_char type, *next;

	next = asn_parse_objid((u_char *)(uintptr_t)*p, &len, &type, out, &n);
	if (next == NULL || type != ASN_OBJECT_ID)
		return 0;
	*left -= (size_t)(next - *p);
	*p = next;
	return n;
}

size_t
snmp_msg_trap_oid(const u_char *buf, size_t len, oid *out, size_t outlen)
{
	static const oid trap_oid_name[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
	oid name[MAX_OID_LEN];
	const u_char *p = buf;
	size_t left = len, n;

	/* SEQUENCE { version, community, PDU ... } */
	if (!snmp_msg_enter(&p, &left, ASN_SEQUENCE | ASN_CONSTRUCTOR) ||
	    !snmp_msg_skip(&p, &left, ASN_INTEGER) ||
	    !snmp_msg_skip(&p, &left, ASN_OCTET_STR) || left < 2)
		return 0;
	if (p[0] == SNMP_MSG_TRAP) {
		/* Trap-PDU { enterprise, ... } */
		if (!snmp_msg_enter(&p, &left, SNMP_MSG_TRAP))
			return 0;
		return snmp_msg_objid(&p, &left, out, outlen);
	}
	/* SNMPv2-Trap-PDU { request-id, error-status, error-index,
	 * { { sysUpTime.0, t }, { snmpTrapOID.0, OID }, ... } } */
	if (!snmp_msg_enter(&p, &left, SNMP_MSG_TRAP2) ||
	    !snmp_msg_skip(&p, &left, ASN_INTEGER) ||
	    !snmp_msg_skip(&p, &left, ASN_INTEGER) ||
	    !snmp_msg_skip(&p, &left, ASN_INTEGER) ||
	    !snmp_msg_enter(&p, &left, ASN_SEQUENCE | ASN_CONSTRUCTOR) ||
	    !snmp_msg_skip(&p, &left, ASN_SEQUENCE | ASN_CONSTRUCTOR) ||
	    !snmp_msg_enter(&p, &left, ASN_SEQUENCE | ASN_CONSTRUCTOR))
		return 0;
	n = snmp_msg_objid(&p, &left, name, MAX_OID_LEN);
	if (n != sizeof(trap_oid_name) / sizeof(trap_oid_name[0]) ||
	    memcmp(name, trap_oid_name, sizeof(trap_oid_name)) != 0)
		return 0;
	return snmp_msg_objid(&p, &left, out, outlen);
}

/* Whether the message is a trap whose trap OID is not under only. */
static bool
snmp_msg_is_foreign(const u_char *buf, size_t len, const oid *only,
    size_t only_len)
{
	oid trap_oid[MAX_OID_LEN];
	size_t n;

	if (only == NULL ||
	    (n = snmp_msg_trap_oid(buf, len, trap_oid, MAX_OID_LEN)) == 0)
		return false;
	return n < only_len ||
	    memcmp(trap_oid, only, only_len * sizeof(*only)) != 0;
}

/* Compares every accepted community in full: no early exit. */
static bool
snmp_msg_community_ok(const struct snmp_msg *m, char *const *communities,
    size_t n)
{
	const u_char *c = m->community;
	size_t len = m->community_len, i, j, clen;
	unsigned int match = 0, diff;

	for (i = 0; i < n; i++) {
		clen = strlen(communities[i]);
		diff = clen != len;
		for (j = 0; j < clen; j++)
			diff |=
			    (unsigned int)((const u_char *)communities[i])[j] ^
			    (j < len ? c[j] : 0);
		match |= diff == 0;
	}
	return match != 0;
}

/* 1: a notification of this message's version; 0: none; -1: invalid. */
static int
snmp_msg_classify(const netsnmp_pdu *pdu)
{
	switch (pdu->command) {
	case SNMP_MSG_TRAP:
		return pdu->version == SNMP_VERSION_1 ? 1 : -1;
	case SNMP_MSG_TRAP2:
	case SNMP_MSG_INFORM:
		return pdu->version == SNMP_VERSION_2c ||
			pdu->version == SNMP_VERSION_3
		    ? 1
		    : -1;
	default:
		return 0;
	}
}

enum snmp_msg_verdict
snmp_msg_decode(const u_char *buf, size_t len, netsnmp_session *sess,
    char *const *communities, size_t ncommunities, const oid *only,
    size_t only_len, struct snmp_msg *m)
{
	int kind;

	memset(m, 0, sizeof(*m));
	m->version = -1;
	if (snmp_msg_header(buf, len, m) == -1)
		return snmp_msg_malformed(m, "no SNMP message header");
	if (m->version != SNMP_VERSION_1 && m->version != SNMP_VERSION_2c)
		return SNMP_MSG_BAD_VERSION;
	if (!snmp_msg_community_ok(m, communities, ncommunities))
		return SNMP_MSG_BAD_COMMUNITY;
	if (snmp_msg_is_foreign(buf, len, only, only_len))
		return SNMP_MSG_FOREIGN;
	if (snmp_msg_v1_specific(buf, len, m) == -1)
		return snmp_msg_malformed(m,
		    "specific-trap does not fit 32 bits: no Windows event "
		    "identifier");
	m->pdu = xcalloc(1, sizeof(*m->pdu));
	sess->s_snmp_errno = 0;
	if (snmp_parse(NULL, sess, m->pdu, (u_char *)(uintptr_t)buf, len) != 0)
		return snmp_msg_malformed(m,
		    snmp_api_errstring(sess->s_snmp_errno));
	if ((kind = snmp_msg_classify(m->pdu)) == -1)
		return snmp_msg_malformed(m,
		    "pdu type not valid in its version");
	if (kind == 0)
		return SNMP_MSG_NOT_NOTIFICATION;
	m->is_inform = m->pdu->command == SNMP_MSG_INFORM;
	return SNMP_MSG_NOTIFICATION;
}

/*
 * Whether buf[0..len) is a run of whole TLVs, every constructed one (to
 * depth levels) a run of whole TLVs too.  net-snmp 5.9.3's SNMPv3 parser
 * trusts some inner lengths (a USM field running past the end of the
 * security parameters reads past the datagram): nothing reaches it whose
 * lengths do not nest.
 */
static bool
snmp_msg_ber_nests(const u_char *buf, size_t len, int depth)
{
	const u_char *p = buf;
	size_t left = len, n;
	u_char type, *body;

	if (depth == 0)
		return false;
	while (left > 0) {
		n = left;
		body = asn_parse_header((u_char *)(uintptr_t)p, &n, &type);
		if (body == NULL || n > left - (size_t)(body - p))
			return false;
		if ((type & ASN_CONSTRUCTOR) != 0 &&
		    !snmp_msg_ber_nests(body, n, depth - 1))
			return false;
		left -= (size_t)(body - p) + n;
		p = body + n;
	}
	return true;
}

/*
 * An SNMPv3 message laid out as RFC 3412 6 says, every length nested in
 * its container: SEQUENCE { msgVersion, msgGlobalData SEQUENCE,
 * msgSecurityParameters OCTET STRING holding one whole SEQUENCE,
 * msgData (a plaintext SEQUENCE or an encrypted OCTET STRING) }.
 */
static bool
snmp_msg_v3_nests(const u_char *buf, size_t len)
{
	const u_char *p = buf;
	size_t left = len, n;
	u_char type, *body;

	n = left;
	body = asn_parse_header((u_char *)(uintptr_t)p, &n, &type);
	if (body == NULL || type != (ASN_SEQUENCE | ASN_CONSTRUCTOR) ||
	    n > left - (size_t)(body - p))
		return false;
	p = body;
	left = n;
	if (!snmp_msg_skip(&p, &left, ASN_INTEGER))
		return false;
	n = left;
	body = asn_parse_header((u_char *)(uintptr_t)p, &n, &type);
	if (body == NULL || type != (ASN_SEQUENCE | ASN_CONSTRUCTOR) ||
	    !snmp_msg_skip(&p, &left, type) || !snmp_msg_ber_nests(body, n, 1))
		return false;
	n = left;
	body = asn_parse_header((u_char *)(uintptr_t)p, &n, &type);
	if (body == NULL || type != ASN_OCTET_STR ||
	    !snmp_msg_skip(&p, &left, type) || !snmp_msg_ber_nests(body, n, 2))
		return false;
	/* the scoped PDU: varbinds nest at most SEQUENCE > PDU > list > bind */
	return snmp_msg_ber_nests(p, left, 5);
}

/* What USM refuses with a REPORT to a sender that asks for one. */
static bool
snmp_msg_usm_reports(int error)
{
	switch (error) {
	case SNMPERR_USM_UNKNOWNENGINEID:
	case SNMPERR_USM_UNKNOWNSECURITYNAME:
	case SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL:
	case SNMPERR_USM_NOTINTIMEWINDOW:
	case SNMPERR_USM_DECRYPTIONERROR:
	case SNMPERR_USM_AUTHENTICATIONFAILURE:
		return true;
	default:
		return false;
	}
}

enum snmp_msg_verdict
snmp_msg_decode_v3(const u_char *buf, size_t len, netsnmp_session *sess,
    struct snmp_msg *m)
{
	int kind, rc;

	memset(m, 0, sizeof(*m));
	m->version = SNMP_VERSION_3;
	if (!snmp_msg_v3_nests(buf, len))
		return snmp_msg_malformed(m,
		    "SNMPv3 message whose BER lengths do not nest");
	m->pdu = xcalloc(1, sizeof(*m->pdu));
	sess->s_snmp_errno = 0;
	rc = snmp_parse(NULL, sess, m->pdu, (u_char *)(uintptr_t)buf, len);
	/*
	 * An authentic authPriv message whose plaintext is no scoped PDU:
	 * decrypted with the wrong key (net-snmp reports a parse error).
	 */
	if (rc != 0 && sess->s_snmp_errno == SNMPERR_ASN_PARSE_ERR &&
	    m->pdu->securityLevel == SNMP_SEC_LEVEL_AUTHPRIV &&
	    m->pdu->securityNameLen > 0)
		sess->s_snmp_errno = SNMPERR_USM_DECRYPTIONERROR;
	if (rc != 0 && snmp_msg_usm_reports(sess->s_snmp_errno)) {
		m->usm_error = sess->s_snmp_errno;
		m->is_reportable = SNMP_CMD_CONFIRMED(m->pdu->command) ||
		    (m->pdu->command == 0 &&
			(m->pdu->flags & SNMP_MSG_FLAG_RPRT_BIT) != 0);
		return SNMP_MSG_USM_REFUSED;
	}
	if (rc != 0)
		return snmp_msg_malformed(m,
		    snmp_api_errstring(sess->s_snmp_errno));
	if (m->pdu->version != SNMP_VERSION_3 ||
	    (kind = snmp_msg_classify(m->pdu)) == -1)
		return snmp_msg_malformed(m,
		    "pdu type not valid in its version");
	if (kind == 0)
		return SNMP_MSG_NOT_NOTIFICATION;
	m->is_inform = m->pdu->command == SNMP_MSG_INFORM;
	return SNMP_MSG_NOTIFICATION;
}

static int snmp_msg_fail(struct parse_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
snmp_msg_fail(struct parse_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
snmp_msg_encode(netsnmp_pdu *reply, netsnmp_session *sess, size_t msg_len_hint,
    u_char **buf, const u_char **msg, size_t *msg_len, struct parse_error *err)
{
	/* forward encoding does not grow the buffer: room for longer lengths */
	size_t len = 2 * msg_len_hint + 256, off = 0;

	/* the library's setting decides; the flag then says which it used */
	reply->flags &= ~(unsigned long)(UCD_MSG_FLAG_FORWARD_ENCODE |
	    UCD_MSG_FLAG_EXPECT_RESPONSE);
	*buf = xmalloc(len);
	sess->s_snmp_errno = 0;
	if (snmp_build(buf, &len, &off, sess, reply) != 0) {
		(void)snmp_msg_fail(err, "cannot encode the %s: %s",
		    reply->command == SNMP_MSG_REPORT         ? "REPORT"
			: reply->command == SNMP_MSG_RESPONSE ? "RESPONSE"
							      : "message",
		    snmp_api_errstring(sess->s_snmp_errno));
		snmp_free_pdu(reply);
		free(*buf);
		*buf = NULL;
		return -1;
	}
	if (reply->flags & UCD_MSG_FLAG_FORWARD_ENCODE) {
		*msg = *buf;
		*msg_len = len;
	} else {
		*msg = *buf + len - off;
		*msg_len = off;
	}
	snmp_free_pdu(reply);
	return 0;
}

void
snmp_msg_clear(struct snmp_msg *m)
{
	if (m->pdu != NULL)
		snmp_free_pdu(m->pdu);
	m->pdu = NULL;
}
