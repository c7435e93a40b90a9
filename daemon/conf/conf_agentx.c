/* SPDX-License-Identifier: ISC */
/*
 * agentx socket "PATH"|tcp:ADDR:PORT: where the AgentX master agent
 * (snmpd) listens, as net-snmp's agentx socket spells it: an absolute
 * path (a Unix socket), or tcp:ADDR:PORT with a numeric address (IPv6 in
 * brackets).  Names are never looked up: the loop must not block.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"

#define CONF_AGENTX_TCP "tcp:"

/* tcp:ADDR:PORT, ADDR numeric ([v6] bracketed), PORT 1..65535. */
static int
conf_agentx_tcp(const char *s)
{
	char addr[CONF_ADDR_MAX];
	const char *colon = strrchr(s, ':');
	struct conf_addr bin;
	size_t len;
	char *end;
	long port;

	s += strlen(CONF_AGENTX_TCP);
	if (colon == NULL || colon < s)
		return -1;
	len = (size_t)(colon - s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(addr))
		return -1;
	memcpy(addr, s, len);
	addr[len] = '\0';
	if (conf_addr_parse(addr, &bin) == -1)
		return -1;
	if (colon[1] < '0' || colon[1] > '9')
		return -1;
	port = strtol(colon + 1, &end, 10);
	return *end == '\0' && port >= 1 && port <= 65535 ? 0 : -1;
}

int
conf_agentx_parse(struct conf_parser *p)
{
	struct conf_agentx a;
	char q[CONF_AGENTX_SOCKET_MAX * 4];

	memset(&a, 0, sizeof(a));
	a.line = p->lx.tok_line;
	(void)snprintf(a.file, sizeof(a.file), "%s", p->lx.tok_file);
	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_SOCKET, "'socket'") == -1)
		return -1;
	if (p->lx.tok != CONF_TOK_STRING && p->lx.tok != CONF_TOK_WORD)
		return conf_lex_expected(&p->lx,
		    "a quoted path or tcp:ADDR:PORT");
	if (strlen(p->lx.text) >= sizeof(a.socket)) {
		conf_lex_error(&p->lx, "agentx socket: longer than %zu bytes",
		    sizeof(a.socket) - 1);
	} else if (strncmp(p->lx.text, CONF_AGENTX_TCP,
		       strlen(CONF_AGENTX_TCP)) == 0) {
		if (conf_agentx_tcp(p->lx.text) == -1)
			conf_lex_error(&p->lx,
			    "agentx socket \"%s\": expected tcp:ADDR:PORT with "
			    "a numeric address and a port 1-65535",
			    conf_lex_quote(p->lx.text, q, sizeof(q)));
	} else if (p->lx.tok != CONF_TOK_STRING || p->lx.text[0] != '/' ||
	    strpbrk(p->lx.text, "\t\n\r ") != NULL) {
		conf_lex_error(&p->lx,
		    "agentx socket \"%s\": expected an absolute path in "
		    "quotes, or tcp:ADDR:PORT",
		    conf_lex_quote(p->lx.text, q, sizeof(q)));
	}
	/* (a longer one was reported above: cut, never used) */
	memcpy(a.socket, p->lx.text, strnlen(p->lx.text, sizeof(a.socket) - 1));
	conf_lex_next(&p->lx);
	if (conf_lex_want_eol(&p->lx) == -1)
		return -1;
	a.is_on = true;
	p->conf->agentx = a;
	return 0;
}
