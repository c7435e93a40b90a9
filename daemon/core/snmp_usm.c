/* SPDX-License-Identifier: ISC */
/*
 * SNMPv3 users into net-snmp's user list.  The library localises keys per
 * engine ID (RFC 3414 2.6) and knows each protocol's key extension, so a
 * user goes in through its own createUser parser, fed a line we quote;
 * the line holds passphrases and is wiped after use.  What went in is
 * recorded (name, engine ID) so that a reload takes it out again.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "core/log.h"
#include "core/snmp_usm.h"
#include "core/xmalloc.h"

/* The configuration's words and the library's createUser spellings. */
static const struct {
	const char *word;
	const char *lib;
} snmp_usm_auths[SNMP_USM_AUTH_COUNT] = {
	[SNMP_USM_AUTH_SHA] = { "sha", "SHA" },
	[SNMP_USM_AUTH_SHA224] = { "sha224", "SHA-224" },
	[SNMP_USM_AUTH_SHA256] = { "sha256", "SHA-256" },
	[SNMP_USM_AUTH_SHA384] = { "sha384", "SHA-384" },
	[SNMP_USM_AUTH_SHA512] = { "sha512", "SHA-512" },
}, snmp_usm_privs[SNMP_USM_PRIV_COUNT] = {
	[SNMP_USM_PRIV_NONE] = { "none", NULL },
	[SNMP_USM_PRIV_AES] = { "aes", "AES" },
	[SNMP_USM_PRIV_AES192] = { "aes192", "AES-192" },
	[SNMP_USM_PRIV_AES256] = { "aes256", "AES-256" },
};

static const struct {
	const oid *proto;
	size_t len;
} snmp_usm_auth_oids[SNMP_USM_AUTH_COUNT] = {
	[SNMP_USM_AUTH_SHA] = { usmHMACSHA1AuthProtocol, 10 },
	[SNMP_USM_AUTH_SHA224] = { usmHMAC128SHA224AuthProtocol, 10 },
	[SNMP_USM_AUTH_SHA256] = { usmHMAC192SHA256AuthProtocol, 10 },
	[SNMP_USM_AUTH_SHA384] = { usmHMAC256SHA384AuthProtocol, 10 },
	[SNMP_USM_AUTH_SHA512] = { usmHMAC384SHA512AuthProtocol, 10 },
}, snmp_usm_priv_oids[SNMP_USM_PRIV_COUNT] = {
	[SNMP_USM_PRIV_NONE] = { usmNoPrivProtocol, 10 },
	[SNMP_USM_PRIV_AES] = { usmAESPrivProtocol, 10 },
	[SNMP_USM_PRIV_AES192] = { usmAES192PrivProtocol, 9 },
	[SNMP_USM_PRIV_AES256] = { usmAES256PrivProtocol, 9 },
};

static const char *const snmp_usm_levels[] = { "noauth", "auth", "priv" };

struct snmp_usm_entry {
	char name[SNMP_USM_NAME_MAX];
	u_char engine_id[SNMP_USM_ENGINE_ID_MAX];
	size_t engine_id_len;
};

struct snmp_usm {
	struct snmp_usm_entry *v;
	size_t count;
};

int
snmp_usm_auth_find(const char *word)
{
	for (int i = 0; i < SNMP_USM_AUTH_COUNT; i++)
		if (strcmp(word, snmp_usm_auths[i].word) == 0)
			return i;
	return -1;
}

int
snmp_usm_priv_find(const char *word)
{
	/* "none" is the absence of priv, not a word of the grammar */
	for (int i = SNMP_USM_PRIV_AES; i < SNMP_USM_PRIV_COUNT; i++)
		if (strcmp(word, snmp_usm_privs[i].word) == 0)
			return i;
	return -1;
}

const char *
snmp_usm_auth_name(enum snmp_usm_auth auth)
{
	return snmp_usm_auths[auth].word;
}

const char *
snmp_usm_priv_name(enum snmp_usm_priv priv)
{
	return snmp_usm_privs[priv].word;
}

const char *
snmp_usm_level_name(enum snmp_usm_level level)
{
	return snmp_usm_levels[level];
}

static void
snmp_usm_wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void
snmp_usm_user_clear(struct snmp_usm_user *u)
{
	snmp_usm_wipe_free(u->auth_pass);
	snmp_usm_wipe_free(u->priv_pass);
	u->auth_pass = NULL;
	u->priv_pass = NULL;
}

void
snmp_usm_user_copy(struct snmp_usm_user *dst, const struct snmp_usm_user *src)
{
	*dst = *src;
	dst->auth_pass = src->auth_pass ? xstrdup(src->auth_pass) : NULL;
	dst->priv_pass = src->priv_pass ? xstrdup(src->priv_pass) : NULL;
}

static bool
snmp_usm_str_equal(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool
snmp_usm_user_equal(const struct snmp_usm_user *a,
    const struct snmp_usm_user *b)
{
	return strcmp(a->name, b->name) == 0 && a->auth == b->auth &&
	    a->priv == b->priv &&
	    snmp_usm_str_equal(a->auth_pass, b->auth_pass) &&
	    snmp_usm_str_equal(a->priv_pass, b->priv_pass) &&
	    a->engine_id_len == b->engine_id_len &&
	    memcmp(a->engine_id, b->engine_id, a->engine_id_len) == 0;
}

/* s as one quoted createUser token (copy_nword's rules) at *p. */
static bool
snmp_usm_quote(char **p, char *end, const char *s)
{
	if (*p + 3 > end)
		return false;
	*(*p)++ = '"';
	for (; *s != '\0'; s++) {
		if (*p + 4 > end)
			return false;
		if (*s == '"' || *s == '\\')
			*(*p)++ = '\\';
		*(*p)++ = *s;
	}
	*(*p)++ = '"';
	*(*p)++ = ' ';
	**p = '\0';
	return true;
}

/* One createUser for u under engine id eid; true when the user is in. */
static bool
snmp_usm_create(const struct snmp_usm_user *u, const u_char *eid,
    size_t eid_len)
{
	char line[2048], *p = line, *end = line + sizeof(line);
	bool ok;

	if (eid_len > 0) {
		p += snprintf(p, (size_t)(end - p), "-e ");
		for (size_t i = 0; i < eid_len; i++)
			p += snprintf(p, (size_t)(end - p), "%02x", eid[i]);
		*p++ = ' ';
	}
	ok = snmp_usm_quote(&p, end, u->name) &&
	    snmp_usm_quote(&p, end, snmp_usm_auths[u->auth].lib) &&
	    snmp_usm_quote(&p, end, u->auth_pass);
	if (ok && u->priv != SNMP_USM_PRIV_NONE)
		ok = snmp_usm_quote(&p, end, snmp_usm_privs[u->priv].lib) &&
		    snmp_usm_quote(&p, end, u->priv_pass);
	if (ok)
		usm_parse_create_usmUser(NULL, line);
	explicit_bzero(line, sizeof(line));
	return ok &&
	    usm_get_user((u_char *)(uintptr_t)eid, eid_len,
		(char *)(uintptr_t)u->name) != NULL;
}

static void
snmp_usm_add(struct snmp_usm *usm, const struct snmp_usm_user *u,
    const u_char *eid, size_t eid_len)
{
	struct snmp_usm_entry *e;

	if (!snmp_usm_create(u, eid, eid_len)) {
		log_warnx("snmpv3-user \"%s\" (line %d): net-snmp refused it: "
			  "left out",
		    u->name, u->line);
		return;
	}
	usm->v = xreallocarray(usm->v, usm->count + 1, sizeof(*usm->v));
	e = &usm->v[usm->count++];
	memset(e, 0, sizeof(*e));
	(void)snprintf(e->name, sizeof(e->name), "%s", u->name);
	memcpy(e->engine_id, eid, eid_len);
	e->engine_id_len = eid_len;
}

struct snmp_usm *
snmp_usm_load(const struct snmp_usm_user *users, size_t n)
{
	struct snmp_usm *usm = xcalloc(1, sizeof(*usm));
	u_char local[SNMP_USM_ENGINE_ID_MAX];
	size_t local_len;

	local_len = snmpv3_get_engineID(local, sizeof(local));
	for (size_t i = 0; i < n; i++) {
		if (local_len > 0)
			snmp_usm_add(usm, &users[i], local, local_len);
		if (users[i].engine_id_len > 0 &&
		    (users[i].engine_id_len != local_len ||
			memcmp(users[i].engine_id, local, local_len) != 0))
			snmp_usm_add(usm, &users[i], users[i].engine_id,
			    users[i].engine_id_len);
	}
	return usm;
}

void
snmp_usm_free(struct snmp_usm *usm)
{
	struct usmUser *u;

	if (usm == NULL)
		return;
	for (size_t i = 0; i < usm->count; i++) {
		u = usm_get_user(usm->v[i].engine_id, usm->v[i].engine_id_len,
		    usm->v[i].name);
		if (u == NULL)
			continue;
		/* it returns the list's new head, not a status */
		(void)usm_remove_user(u);
		(void)usm_free_user(u);
	}
	free(usm->v);
	free(usm);
}

void
snmp_usm_engine_id_text(char *buf, size_t len)
{
	u_char eid[SNMP_USM_ENGINE_ID_MAX];
	size_t n = snmpv3_get_engineID(eid, sizeof(eid)), off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off + 3 <= len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%02x", eid[i]);
}

int
snmp_usm_session(struct snmp_session *s, const struct snmp_usm_user *u)
{
	const oid *auth = snmp_usm_auth_oids[u->auth].proto;
	u_int auth_len = (u_int)snmp_usm_auth_oids[u->auth].len;

	s->version = SNMP_VERSION_3;
	s->securityModel = SNMP_SEC_MODEL_USM;
	s->securityName = xstrdup(u->name);
	s->securityNameLen = strlen(u->name);
	s->securityLevel = u->priv != SNMP_USM_PRIV_NONE
	    ? SNMP_SEC_LEVEL_AUTHPRIV
	    : SNMP_SEC_LEVEL_AUTHNOPRIV;
	/* snmp_sess_add_ex() copies these, and the keys, into its own */
	s->securityAuthProto = (oid *)(uintptr_t)auth;
	s->securityAuthProtoLen = auth_len;
	s->securityAuthKeyLen = USM_AUTH_KU_LEN;
	if (generate_Ku(auth, auth_len, (const u_char *)u->auth_pass,
		strlen(u->auth_pass), s->securityAuthKey,
		&s->securityAuthKeyLen) != SNMPERR_SUCCESS)
		return -1;
	if (u->priv == SNMP_USM_PRIV_NONE)
		return 0;
	s->securityPrivProto =
	    (oid *)(uintptr_t)snmp_usm_priv_oids[u->priv].proto;
	s->securityPrivProtoLen = snmp_usm_priv_oids[u->priv].len;
	s->securityPrivKeyLen = USM_PRIV_KU_LEN;
	if (generate_Ku(auth, auth_len, (const u_char *)u->priv_pass,
		strlen(u->priv_pass), s->securityPrivKey,
		&s->securityPrivKeyLen) != SNMPERR_SUCCESS)
		return -1;
	return 0;
}

void
snmp_usm_session_clear(struct snmp_session *s)
{
	free(s->securityName);
	s->securityName = NULL;
	explicit_bzero(s->securityAuthKey, sizeof(s->securityAuthKey));
	explicit_bzero(s->securityPrivKey, sizeof(s->securityPrivKey));
}
