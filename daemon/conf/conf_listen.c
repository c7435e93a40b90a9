/* SPDX-License-Identifier: ISC */
/*
 * The transport and access options of a `listen` line: the Unix socket's
 * path, receive-buffer, the TLS files and handshake-timeout, and the
 * `allow` list that ends a line (address blocks, IPv4-mapped IPv6 peers
 * comparing as IPv4), with the checks that join them to the kind.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"
#include "core/xmalloc.h"

#define CONF_LISTEN_ALLOW_MAX 256 /* blocks per listener */
#define CONF_RECEIVE_BUFFER_MIN 4096
#define CONF_RECEIVE_BUFFER_MAX (512 * 1024 * 1024)
#define CONF_HANDSHAKE_TIMEOUT_MAX_MS (5 * 60 * 1000)

void
conf_listen_clear(struct conf_listen *l)
{
	free(l->allow);
	free(l->certificate);
	free(l->key);
	free(l->ca);
	free(l->path);
	l->allow = NULL;
	l->nallow = 0;
	l->certificate = l->key = l->ca = l->path = NULL;
}

int
conf_cidr_parse(const char *text, struct conf_cidr *out)
{
	char addr[CONF_ADDR_MAX];
	const char *slash = strchr(text, '/');
	size_t len = slash != NULL ? (size_t)(slash - text) : strlen(text);
	unsigned int bits, max;
	char *end;
	unsigned long v;

	if (len >= sizeof(addr))
		return -1;
	memcpy(addr, text, len);
	addr[len] = '\0';
	if (conf_addr_parse(addr, &out->addr) == -1)
		return -1;
	max = strchr(addr, ':') != NULL ? 128 : 32;
	bits = max;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		v = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || v > max)
			return -1;
		bits = (unsigned int)v;
	}
	out->bits = bits + (128 - max);
	/* the bits past the prefix do not matter: clear them */
	for (unsigned int i = out->bits; i < 128; i++)
		out->addr.bytes[i / 8] &= (uint8_t) ~(0x80u >> (i % 8));
	return 0;
}

static bool
conf_cidr_contains(const struct conf_cidr *c, const struct conf_addr *a)
{
	unsigned int whole = c->bits / 8, rest = c->bits % 8;
	uint8_t mask;

	if (memcmp(c->addr.bytes, a->bytes, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xffu << (8 - rest));
	return (a->bytes[whole] & mask) == c->addr.bytes[whole];
}

bool
conf_listen_allows(const struct conf_listen *l, const struct conf_addr *addr)
{
	if (l->nallow == 0)
		return true;
	for (size_t i = 0; i < l->nallow; i++)
		if (conf_cidr_contains(&l->allow[i], addr))
			return true;
	return false;
}

int
conf_listen_unix_path(struct conf_parser *p, struct conf_listen *l)
{
	if (conf_lex_string_dup(&p->lx, "socket path", CONF_UNIX_PATH_MAX,
		CONF_LEX_STR_PATH | CONF_LEX_STR_NOCTRL, &l->path) == -1)
		return -1;
	/* the identity of the input, shown in its label */
	(void)snprintf(l->addr, sizeof(l->addr), "%s", "unix");
	return 0;
}

/* A quoted path after a TLS keyword, given once. */
static int
conf_listen_file(struct conf_parser *p, const char *what, char **out)
{
	if (*out != NULL)
		conf_lex_error(&p->lx, "duplicate '%s'", what);
	conf_lex_next(&p->lx);
	return conf_lex_string_dup(&p->lx, what, CONF_LEX_STRING_MAX,
	    CONF_LEX_STR_NONEMPTY | CONF_LEX_STR_NOCTRL, out);
}

/* Whether kw is an option of l's kind; reports it when it is not. */
static bool
conf_listen_option_fits(struct conf_parser *p, const struct conf_listen *l,
    int kw)
{
	bool is_tls = l->kind == CONF_LISTEN_SYSLOG_TLS;
	bool is_udp =
	    l->kind == CONF_LISTEN_SYSLOG_UDP || l->kind == CONF_LISTEN_TRAP;

	if (kw == KW_RECEIVE_BUFFER ? is_udp : is_tls)
		return true;
	conf_lex_error(&p->lx, "'%s' does not apply to this listen line",
	    p->lx.text);
	return false;
}

/* The keyword of an option conf_listen_options() knows, or KW_NONE. */
static int
conf_listen_option_kw(struct conf_parser *p)
{
	static const int kws[] = { KW_RECEIVE_BUFFER, KW_CERTIFICATE, KW_KEY,
		KW_CA, KW_HANDSHAKE_TIMEOUT };

	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (conf_lex_is_kw(&p->lx, kws[i]))
			return kws[i];
	return KW_NONE;
}

int
conf_listen_options(struct conf_parser *p, struct conf_listen *l)
{
	int kw, rc;

	while ((kw = conf_listen_option_kw(p)) != KW_NONE) {
		if (!conf_listen_option_fits(p, l, kw))
			return -1;
		if (kw == KW_CERTIFICATE)
			rc =
			    conf_listen_file(p, "certificate", &l->certificate);
		else if (kw == KW_KEY)
			rc = conf_listen_file(p, "key", &l->key);
		else if (kw == KW_CA)
			rc = conf_listen_file(p, "ca", &l->ca);
		else if (kw == KW_RECEIVE_BUFFER) {
			conf_lex_next(&p->lx);
			rc = conf_lex_size(&p->lx, "receive-buffer",
			    CONF_RECEIVE_BUFFER_MIN, CONF_RECEIVE_BUFFER_MAX,
			    &l->receive_buffer);
		} else {
			conf_lex_next(&p->lx);
			rc = conf_lex_duration(&p->lx, "handshake-timeout", 100,
			    CONF_HANDSHAKE_TIMEOUT_MAX_MS,
			    &l->handshake_timeout_ms);
		}
		if (rc == -1)
			return -1;
	}
	return 0;
}

int
conf_listen_allow(struct conf_parser *p, struct conf_listen *l)
{
	struct conf_cidr c;

	if (!conf_lex_is_kw(&p->lx, KW_ALLOW))
		return 0;
	if (l->kind == CONF_LISTEN_SYSLOG_UNIX) {
		conf_lex_error(&p->lx,
		    "'allow' does not apply to a unix "
		    "socket: use its file permissions");
		return -1;
	}
	conf_lex_next(&p->lx);
	if (p->lx.tok != CONF_TOK_WORD)
		return conf_lex_expected(&p->lx,
		    "an address or address/prefix");
	while (p->lx.tok == CONF_TOK_WORD) {
		if (conf_cidr_parse(p->lx.text, &c) == -1)
			conf_lex_error(&p->lx,
			    "'%s' is not a numeric IPv4 or IPv6 address or "
			    "address/prefix",
			    p->lx.text);
		else if (conf_grammar_room(p, p->lx.tok_line, l->nallow,
			     CONF_LISTEN_ALLOW_MAX, "allow blocks")) {
			l->allow = xreallocarray(l->allow, l->nallow + 1,
			    sizeof(*l->allow));
			l->allow[l->nallow++] = c;
		}
		conf_lex_next(&p->lx);
	}
	return 0;
}

void
conf_listen_finish(struct conf_parser *p, const struct conf_listen *l)
{
	const struct conf_listen *o;

	if (l->kind == CONF_LISTEN_SYSLOG_TLS &&
	    (l->certificate == NULL || l->key == NULL))
		conf_lex_error_at(&p->lx, p->lx.tok_file, l->line,
		    "listen syslog tls needs a certificate and a key");
	if (l->kind != CONF_LISTEN_SYSLOG_UNIX || l->path == NULL)
		return;
	for (size_t i = 0; i < p->conf->nlistens; i++) {
		o = &p->conf->listens[i];
		if (o->path != NULL && strcmp(o->path, l->path) == 0)
			conf_lex_error_at(&p->lx, p->lx.tok_file, l->line,
			    "duplicate listen syslog unix \"%s\" (line %d)",
			    l->path, o->line);
	}
}
