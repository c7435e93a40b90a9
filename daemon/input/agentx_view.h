/* SPDX-License-Identifier: ISC */
/*
 * A snapshot of MIB variables for the AgentX subagent: OIDs with typed
 * values, sorted once built, looked up exactly (GET) or as the first
 * after an OID (GETNEXT).  Pure: no I/O, no clock, no logging.  Strings
 * are copied in; a variable is valid until the next agentx_view_clear().
 */
#ifndef DAEMON_INPUT_AGENTX_VIEW_H
#define DAEMON_INPUT_AGENTX_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define AGENTX_VIEW_OID_MAX 24 /* sub-identifiers of one variable */

struct agentx_var {
	oid name[AGENTX_VIEW_OID_MAX];
	size_t len;
	unsigned char type;  /* ASN_OCTET_STR, ASN_COUNTER64, ASN_GAUGE... */
	uint64_t num;        /* the value, but for ASN_OCTET_STR */
	size_t off, str_len; /* ASN_OCTET_STR: its octets in the view */
};

struct agentx_view;

struct agentx_view *agentx_view_new(void);
void agentx_view_free(struct agentx_view *v); /* NULL is a no-op */
/* Empties v for the next snapshot. */
void agentx_view_clear(struct agentx_view *v);

/*
 * Adds the variable prefix[0..n) (then index, unless index is 0: a
 * scalar takes .0 itself in prefix) with a number or a string (copied).
 * Dies on OOM; a name longer than AGENTX_VIEW_OID_MAX is a caller bug.
 */
void agentx_view_add_num(struct agentx_view *v, const oid *prefix, size_t n,
    uint32_t index, unsigned char type, uint64_t num);
void agentx_view_add_str(struct agentx_view *v, const oid *prefix, size_t n,
    uint32_t index, const void *s, size_t len);

/* Sorts the variables by OID: call once, after the last add. */
void agentx_view_sort(struct agentx_view *v);
/*
 * The variable named name[0..len) (is_next false), or the first whose
 * name is greater (is_next true); NULL when there is none.
 */
const struct agentx_var *agentx_view_find(const struct agentx_view *v,
    const oid *name, size_t len, bool is_next);
/* The octets of an ASN_OCTET_STR variable of v. */
const unsigned char *agentx_view_str(const struct agentx_view *v,
    const struct agentx_var *var);
/* Variables held. */
size_t agentx_view_count(const struct agentx_view *v);

#endif
