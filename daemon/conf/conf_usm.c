/* SPDX-License-Identifier: ISC */
/*
 * The SNMPv3 part of the grammar: `snmpv3-user` declarations, the
 * `user` / `security-level` options of `listen trap`, and a target's
 * security (community or user) and delivery options.  Passphrases are
 * never quoted in an error message, whatever the mistake around them.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"
#include "core/snmp_usm.h"
#include "core/xmalloc.h"

#define CONF_USM_LISTEN_USERS_MAX 64
#define CONF_TARGET_TIMEOUT_MAX_MS (60 * 1000)
#define CONF_TARGET_RETRIES_MAX 10
#define CONF_TARGET_QUEUE_MAX 100000

const struct snmp_usm_user *
conf_find_usm_user(const struct conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nusm_users; i++)
		if (strcmp(conf->usm_users[i].name, name) == 0)
			return &conf->usm_users[i];
	return NULL;
}

/* A quoted passphrase; a token of another kind is named, not quoted. */
static int
conf_usm_pass(struct conf_parser *p, const char *what, char **out)
{
	size_t len;

	if (p->lx.tok != CONF_TOK_STRING) {
		conf_lex_error(&p->lx, "expected a quoted %s", what);
		return -1;
	}
	len = strlen(p->lx.text);
	if (len < SNMP_USM_PASS_MIN || len > SNMP_USM_PASS_MAX)
		conf_lex_error(&p->lx, "%s must be %d to %d bytes", what,
		    SNMP_USM_PASS_MIN, SNMP_USM_PASS_MAX);
	else
		*out = xstrdup(p->lx.text);
	explicit_bzero(p->lx.text, len);
	conf_lex_next(&p->lx);
	return 0;
}

static int
conf_usm_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* engine-id HEX: 5 to 32 octets, with or without 0x. */
static int
conf_usm_engine_id(struct conf_parser *p, struct snmp_usm_user *u)
{
	const char *s = p->lx.text;
	size_t len, i;
	int hi, lo;

	if (p->lx.tok != CONF_TOK_WORD)
		return conf_lex_expected(&p->lx, "an engine ID in hex");
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	len = strlen(s);
	if (len % 2 != 0 || len / 2 < SNMP_USM_ENGINE_ID_MIN ||
	    len / 2 > SNMP_USM_ENGINE_ID_MAX) {
		conf_lex_error(&p->lx,
		    "engine-id must be %d to %d octets in hex digits",
		    SNMP_USM_ENGINE_ID_MIN, SNMP_USM_ENGINE_ID_MAX);
		conf_lex_next(&p->lx);
		return 0;
	}
	for (i = 0; i < len / 2; i++) {
		hi = conf_usm_hex_digit(s[2 * i]);
		lo = conf_usm_hex_digit(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			conf_lex_error(&p->lx, "engine-id: not a hex digit");
			conf_lex_next(&p->lx);
			return 0;
		}
		u->engine_id[i] = (uint8_t)(hi << 4 | lo);
	}
	u->engine_id_len = len / 2;
	conf_lex_next(&p->lx);
	return 0;
}

/* auth PROTO "PASS" [priv PROTO "PASS"] [engine-id HEX] */
static int
conf_usm_user_body(struct conf_parser *p, struct snmp_usm_user *u)
{
	int v;

	if (conf_lex_want_kw(&p->lx, KW_AUTH, "'auth'") == -1)
		return -1;
	if (p->lx.tok != CONF_TOK_WORD ||
	    (v = snmp_usm_auth_find(p->lx.text)) == -1) {
		conf_lex_error(&p->lx,
		    "expected an auth protocol (sha, "
		    "sha224, sha256, sha384, sha512)");
		return -1;
	}
	u->auth = (enum snmp_usm_auth)v;
	conf_lex_next(&p->lx);
	if (conf_usm_pass(p, "auth passphrase", &u->auth_pass) == -1)
		return -1;
	if (conf_lex_is_kw(&p->lx, KW_PRIV)) {
		conf_lex_next(&p->lx);
		if (p->lx.tok != CONF_TOK_WORD ||
		    (v = snmp_usm_priv_find(p->lx.text)) == -1) {
			conf_lex_error(&p->lx,
			    "expected a priv protocol "
			    "(aes, aes192, aes256)");
			return -1;
		}
		u->priv = (enum snmp_usm_priv)v;
		conf_lex_next(&p->lx);
		if (conf_usm_pass(p, "priv passphrase", &u->priv_pass) == -1)
			return -1;
	}
	if (conf_lex_is_kw(&p->lx, KW_ENGINE_ID)) {
		conf_lex_next(&p->lx);
		if (conf_usm_engine_id(p, u) == -1)
			return -1;
	}
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_snmpv3_user(struct conf_parser *p)
{
	struct snmp_usm_user u;
	const struct snmp_usm_user *o;
	char q[SNMP_USM_NAME_MAX * 4];

	memset(&u, 0, sizeof(u));
	u.line = p->lx.tok_line;
	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "user name", u.name, sizeof(u.name),
		CONF_LEX_STR_NAME | CONF_LEX_STR_NOSPACE) == -1)
		return -1;
	if (conf_usm_user_body(p, &u) == -1) {
		snmp_usm_user_clear(&u);
		return -1;
	}
	if (u.name[0] != '\0' && (o = conf_find_usm_user(p->conf, u.name)))
		conf_lex_error_at(&p->lx, p->lx.tok_file, u.line,
		    "duplicate snmpv3-user \"%s\" (line %d)",
		    conf_lex_quote(u.name, q, sizeof(q)), o->line);
	if (!conf_grammar_room(p, u.line, p->conf->nusm_users,
		SNMP_USM_USERS_MAX, "snmpv3 users")) {
		snmp_usm_user_clear(&u);
		return 0;
	}
	p->conf->usm_users = xreallocarray(p->conf->usm_users,
	    p->conf->nusm_users + 1, sizeof(*p->conf->usm_users));
	p->conf->usm_users[p->conf->nusm_users++] = u;
	return 0;
}

/* user "NAME": a declared snmpv3-user, once per listener. */
int
conf_usm_listen_user(struct conf_parser *p, struct conf_listen *l)
{
	char name[SNMP_USM_NAME_MAX], q[SNMP_USM_NAME_MAX * 4];

	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "user name", name, sizeof(name),
		CONF_LEX_STR_NAME) == -1)
		return -1;
	if (name[0] == '\0' ||
	    !conf_grammar_room(p, l->line, l->nusers, CONF_USM_LISTEN_USERS_MAX,
		"users"))
		return 0;
	conf_lex_quote(name, q, sizeof(q));
	if (conf_find_usm_user(p->conf, name) == NULL) {
		conf_lex_error(&p->lx,
		    "user \"%s\": no snmpv3-user of that name before it", q);
		return 0;
	}
	for (size_t i = 0; i < l->nusers; i++) {
		if (strcmp(l->users[i], name) == 0) {
			conf_lex_error(&p->lx, "duplicate user \"%s\"", q);
			return 0;
		}
	}
	l->users = xreallocarray(l->users, l->nusers + 1, sizeof(*l->users));
	l->users[l->nusers++] = xstrdup(name);
	return 0;
}

/* security-level noauth|auth|priv */
int
conf_usm_listen_level(struct conf_parser *p, struct conf_listen *l)
{
	conf_lex_next(&p->lx);
	if (conf_lex_is_kw(&p->lx, KW_NOAUTH))
		l->min_level = SNMP_USM_LEVEL_NOAUTH;
	else if (conf_lex_is_kw(&p->lx, KW_AUTH))
		l->min_level = SNMP_USM_LEVEL_AUTH;
	else if (conf_lex_is_kw(&p->lx, KW_PRIV))
		l->min_level = SNMP_USM_LEVEL_PRIV;
	else
		return conf_lex_expected(&p->lx, "'noauth', 'auth' or 'priv'");
	conf_lex_next(&p->lx);
	return 0;
}

int
conf_usm_target_security(struct conf_parser *p, struct conf_target *t)
{
	const struct snmp_usm_user *u;
	char q[SNMP_USM_NAME_MAX * 4];

	if (!t->is_v3)
		return conf_lex_want_kw(&p->lx, KW_COMMUNITY, "'community'") ==
			    -1 ||
			conf_lex_string_buf(&p->lx, "community", t->community,
			    sizeof(t->community), CONF_LEX_STR_NAME) == -1
		    ? -1
		    : 0;
	if (conf_lex_want_kw(&p->lx, KW_USER, "'user'") == -1 ||
	    conf_lex_string_buf(&p->lx, "user name", t->user, sizeof(t->user),
		CONF_LEX_STR_NAME) == -1)
		return -1;
	if (t->user[0] == '\0')
		return 0;
	if ((u = conf_find_usm_user(p->conf, t->user)) == NULL) {
		conf_lex_error_at(&p->lx, p->lx.tok_file, t->line,
		    "user \"%s\": no snmpv3-user of that name before it",
		    conf_lex_quote(t->user, q, sizeof(q)));
		return 0;
	}
	snmp_usm_user_copy(&t->usm, u);
	return 0;
}

int
conf_usm_target_options(struct conf_parser *p, struct conf_target *t)
{
	unsigned int seen = 0, bit;
	long long v;
	int kw;

	for (;;) {
		kw = p->lx.kw;
		if (p->lx.tok != CONF_TOK_WORD ||
		    (kw != KW_RETRIES && kw != KW_TIMEOUT && kw != KW_QUEUE))
			return conf_lex_want_eol(&p->lx);
		/* one bit each: the keyword ids need not be adjacent */
		bit = kw == KW_RETRIES ? 1u : kw == KW_TIMEOUT ? 2u : 4u;
		if (seen & bit)
			conf_lex_error(&p->lx, "duplicate '%s'", p->lx.text);
		seen |= bit;
		conf_lex_next(&p->lx);
		if (kw == KW_TIMEOUT) {
			if (conf_lex_duration(&p->lx, "timeout", 100,
				CONF_TARGET_TIMEOUT_MAX_MS,
				&t->timeout_ms) == -1)
				return -1;
		} else if (conf_lex_number(&p->lx,
			       kw == KW_QUEUE ? "queue" : "retries",
			       kw == KW_QUEUE ? 1 : 0,
			       kw == KW_QUEUE ? CONF_TARGET_QUEUE_MAX
					      : CONF_TARGET_RETRIES_MAX,
			       &v) == -1) {
			return -1;
		} else if (kw == KW_QUEUE) {
			t->queue_max = (size_t)v;
		} else {
			t->retries = (int)v;
		}
	}
}
