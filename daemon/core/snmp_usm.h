/* SPDX-License-Identifier: ISC */
/*
 * SNMPv3 users (USM, RFC 3414) as configured (`snmpv3-user`), and their
 * installation into net-snmp's process-wide user list, which both the
 * trap listener (receiving) and the v3 targets (sending) use.  The name
 * tables are pure (the grammar uses them); snmp_usm_load() and
 * snmp_usm_free() change the library's state and log.
 */
#ifndef DAEMON_CORE_SNMP_USM_H
#define DAEMON_CORE_SNMP_USM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNMP_USM_NAME_MAX 33      /* bytes of a user name, NUL included */
#define SNMP_USM_ENGINE_ID_MIN 5  /* octets (RFC 3411 SnmpEngineID) */
#define SNMP_USM_ENGINE_ID_MAX 32 /* octets */
#define SNMP_USM_PASS_MIN 8       /* bytes of a passphrase (RFC 3414 11.2) */
#define SNMP_USM_PASS_MAX 255
#define SNMP_USM_USERS_MAX 256

enum snmp_usm_auth {
	SNMP_USM_AUTH_SHA,    /* HMAC-96-SHA-1, RFC 3414 */
	SNMP_USM_AUTH_SHA224, /* RFC 7860 */
	SNMP_USM_AUTH_SHA256,
	SNMP_USM_AUTH_SHA384,
	SNMP_USM_AUTH_SHA512,
	SNMP_USM_AUTH_COUNT,
};

enum snmp_usm_priv {
	SNMP_USM_PRIV_NONE,
	SNMP_USM_PRIV_AES,    /* AES-128 CFB, RFC 3826 */
	SNMP_USM_PRIV_AES192, /* draft-blumenthal-aes-usm-04 key extension */
	SNMP_USM_PRIV_AES256,
	SNMP_USM_PRIV_COUNT,
};

/* Security levels, ordered: a listener accepts its level and above. */
enum snmp_usm_level {
	SNMP_USM_LEVEL_NOAUTH,
	SNMP_USM_LEVEL_AUTH,
	SNMP_USM_LEVEL_PRIV,
};

struct snmp_usm_user {
	char name[SNMP_USM_NAME_MAX];
	enum snmp_usm_auth auth;
	char *auth_pass; /* owned; never logged */
	enum snmp_usm_priv priv;
	char *priv_pass; /* owned, NULL when priv is NONE; never logged */
	uint8_t engine_id[SNMP_USM_ENGINE_ID_MAX]; /* a sender's, for traps */
	size_t engine_id_len;                      /* 0: none given */
	int line;
};

/* The configuration word of each ("sha256", "aes192"); -1: unknown. */
int snmp_usm_auth_find(const char *word);
int snmp_usm_priv_find(const char *word);
const char *snmp_usm_auth_name(enum snmp_usm_auth auth);
const char *snmp_usm_priv_name(enum snmp_usm_priv priv);
const char *snmp_usm_level_name(enum snmp_usm_level level);
/* dst becomes a copy of src with passphrases of its own. */
void snmp_usm_user_copy(struct snmp_usm_user *dst,
    const struct snmp_usm_user *src);
/* Whether a and b are the same user, passphrases and all. */
bool snmp_usm_user_equal(const struct snmp_usm_user *a,
    const struct snmp_usm_user *b);
/* Wipes and frees the passphrases u owns (not u itself). */
void snmp_usm_user_clear(struct snmp_usm_user *u);

struct snmp_usm;
struct snmp_session;

/*
 * Makes s (snmp_sess_init()ed) an SNMPv3 session of user u: name, level
 * (authPriv with priv, else authNoPriv), protocols, and keys from the
 * passphrases (not yet localised: the library does that once the
 * engine ID is known).  Returns 0, or -1 when a key cannot be made.
 * s->securityName is malloc'd: snmp_usm_session_clear() frees it.
 */
int snmp_usm_session(struct snmp_session *s, const struct snmp_usm_user *u);
void snmp_usm_session_clear(struct snmp_session *s);

/*
 * Installs users[0..n) (borrowed) into net-snmp's user list: each under
 * this engine's own ID (informs to us are authoritative here) and, when
 * it has one, under the sender's engine ID (its traps).  Call after
 * snmp_setup_init().  A user the library refuses is logged (by name,
 * never its passphrases) and left out.  The result owns what it
 * installed; snmp_usm_free() removes it again (NULL is a no-op).
 */
struct snmp_usm *snmp_usm_load(const struct snmp_usm_user *users, size_t n);
void snmp_usm_free(struct snmp_usm *usm);
/* This engine's ID as hex text into buf (at least 65 bytes). */
void snmp_usm_engine_id_text(char *buf, size_t len);

#endif
