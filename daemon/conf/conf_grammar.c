/* SPDX-License-Identifier: ISC */
/*
 * What the three grammar files share: the keyword table (which words are
 * keywords, and which of them start a statement or a rule setting) and
 * the check for caps.  conf_parse, conf_decl and conf_rule call it; it
 * calls only conf_lex.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"

/* Sorted by name (strcmp order): conf_lex finds words in it by bsearch. */
static const struct conf_lex_keyword conf_grammar_kw[] = {
	{ "address", KW_ADDRESS },
	{ "agentx", KW_AGENTX },
	{ "alert-log", KW_ALERT_LOG },
	{ "allow", KW_ALLOW },
	{ "auth", KW_AUTH },
	{ "by", KW_BY },
	{ "ca", KW_CA },
	{ "cause", KW_CAUSE },
	{ "cef", KW_CEF },
	{ "certificate", KW_CERTIFICATE },
	{ "clear", KW_CLEAR },
	{ "close", KW_CLOSE },
	{ "community", KW_COMMUNITY },
	{ "ecs", KW_ECS },
	{ "emit", KW_EMIT },
	{ "engine-id", KW_ENGINE_ID },
	{ "event", KW_EVENT },
	{ "facility", KW_FACILITY },
	{ "file", KW_FILE },
	{ "fix", KW_FIX },
	{ "format", KW_FORMAT },
	{ "forward", KW_FORWARD },
	{ "handshake-timeout", KW_HANDSHAKE_TIMEOUT },
	{ "holddown", KW_HOLDDOWN },
	{ "host", KW_HOST },
	{ "hostname", KW_HOSTNAME },
	{ "http", KW_HTTP },
	{ "include", KW_INCLUDE },
	{ "inform", KW_INFORM },
	{ "json", KW_JSON },
	{ "json-schema", KW_JSON_SCHEMA },
	{ "key", KW_KEY },
	{ "lateness", KW_LATENESS },
	{ "leef", KW_LEEF },
	{ "listen", KW_LISTEN },
	{ "log", KW_LOG },
	{ "max", KW_MAX },
	{ "max-connections", KW_MAX_CONNECTIONS },
	{ "max-connections-per-address", KW_MAX_CONNECTIONS_PER_ADDRESS },
	{ "max-message-size", KW_MAX_MESSAGE_SIZE },
	{ "max-windows", KW_MAX_WINDOWS },
	{ "max-windows-per-peer", KW_MAX_WINDOWS_PER_PEER },
	{ "no", KW_NO },
	{ "noauth", KW_NOAUTH },
	{ "none", KW_NONE_WORD },
	{ "on", KW_ON },
	{ "open", KW_OPEN },
	{ "port", KW_PORT },
	{ "priv", KW_PRIV },
	{ "queue", KW_QUEUE },
	{ "receive-buffer", KW_RECEIVE_BUFFER },
	{ "reference", KW_REFERENCE },
	{ "retries", KW_RETRIES },
	{ "rfc5424", KW_RFC5424 },
	{ "rule", KW_RULE },
	{ "save-interval", KW_SAVE_INTERVAL },
	{ "security-level", KW_SECURITY_LEVEL },
	{ "severity", KW_SEVERITY },
	{ "snmpv3-user", KW_SNMPV3_USER },
	{ "socket", KW_SOCKET },
	{ "source", KW_SOURCE },
	{ "spool", KW_SPOOL },
	{ "state-directory", KW_STATE_DIRECTORY },
	{ "stdout", KW_STDOUT },
	{ "strip-domain", KW_STRIP_DOMAIN },
	{ "syslog", KW_SYSLOG },
	{ "target", KW_TARGET },
	{ "tcp", KW_TCP },
	{ "tcp-evict-after", KW_TCP_EVICT_AFTER },
	{ "tcp-idle-timeout", KW_TCP_IDLE_TIMEOUT },
	{ "text", KW_TEXT },
	{ "timeout", KW_TIMEOUT },
	{ "timeout-alert", KW_TIMEOUT_ALERT },
	{ "timezone", KW_TIMEZONE },
	{ "title", KW_TITLE },
	{ "tls", KW_TLS },
	{ "to", KW_TO },
	{ "trap", KW_TRAP },
	{ "udp", KW_UDP },
	{ "unix", KW_UNIX },
	{ "user", KW_USER },
	{ "v2c", KW_V2C },
	{ "v3", KW_V3 },
	{ "within", KW_WITHIN },
	{ "yes", KW_YES },
};

/* Where each keyword may start a line. */
enum conf_grammar_class {
	CONF_GRAMMAR_OTHER,
	CONF_GRAMMAR_STATEMENT, /* at top level */
	CONF_GRAMMAR_SETTING,   /* inside rule "name" { ... } */
};

static const unsigned char conf_grammar_class[KW_COUNT] = {
	[KW_AGENTX] = CONF_GRAMMAR_STATEMENT,
	[KW_ALERT_LOG] = CONF_GRAMMAR_STATEMENT,
	[KW_FORWARD] = CONF_GRAMMAR_STATEMENT,
	[KW_HOST] = CONF_GRAMMAR_STATEMENT,
	[KW_HOSTNAME] = CONF_GRAMMAR_STATEMENT,
	[KW_HTTP] = CONF_GRAMMAR_STATEMENT,
	[KW_INCLUDE] = CONF_GRAMMAR_STATEMENT,
	[KW_LISTEN] = CONF_GRAMMAR_STATEMENT,
	[KW_MAX_CONNECTIONS] = CONF_GRAMMAR_STATEMENT,
	[KW_MAX_CONNECTIONS_PER_ADDRESS] = CONF_GRAMMAR_STATEMENT,
	[KW_MAX_WINDOWS_PER_PEER] = CONF_GRAMMAR_STATEMENT,
	[KW_TCP_EVICT_AFTER] = CONF_GRAMMAR_STATEMENT,
	[KW_MAX_MESSAGE_SIZE] = CONF_GRAMMAR_STATEMENT,
	[KW_MAX_WINDOWS] = CONF_GRAMMAR_STATEMENT,
	[KW_RULE] = CONF_GRAMMAR_STATEMENT,
	[KW_LATENESS] = CONF_GRAMMAR_STATEMENT, /* and a rule setting */
	[KW_TIMEZONE] = CONF_GRAMMAR_STATEMENT,
	[KW_SAVE_INTERVAL] = CONF_GRAMMAR_STATEMENT,
	[KW_SNMPV3_USER] = CONF_GRAMMAR_STATEMENT,
	[KW_STATE_DIRECTORY] = CONF_GRAMMAR_STATEMENT,
	[KW_TARGET] = CONF_GRAMMAR_STATEMENT,
	[KW_TCP_IDLE_TIMEOUT] = CONF_GRAMMAR_STATEMENT,
	[KW_USER] = CONF_GRAMMAR_STATEMENT,
	[KW_CAUSE] = CONF_GRAMMAR_SETTING,
	[KW_CLEAR] = CONF_GRAMMAR_SETTING,
	[KW_CLOSE] = CONF_GRAMMAR_SETTING,
	[KW_TIMEOUT_ALERT] = CONF_GRAMMAR_SETTING,
	[KW_EMIT] = CONF_GRAMMAR_SETTING,
	[KW_FIX] = CONF_GRAMMAR_SETTING,
	[KW_HOLDDOWN] = CONF_GRAMMAR_SETTING,
	[KW_OPEN] = CONF_GRAMMAR_SETTING,
	[KW_REFERENCE] = CONF_GRAMMAR_SETTING,
	[KW_SEVERITY] = CONF_GRAMMAR_SETTING,
	[KW_TITLE] = CONF_GRAMMAR_SETTING,
	[KW_WITHIN] = CONF_GRAMMAR_SETTING,
};

const struct conf_lex_keyword *
conf_grammar_keywords(size_t *n)
{
	*n = sizeof(conf_grammar_kw) / sizeof(conf_grammar_kw[0]);
	return conf_grammar_kw;
}

bool
conf_grammar_is_statement(int kw)
{
	return kw > 0 && kw < KW_COUNT &&
	    conf_grammar_class[kw] == CONF_GRAMMAR_STATEMENT;
}

bool
conf_grammar_is_rule_setting(int kw)
{
	return kw > 0 && kw < KW_COUNT &&
	    conf_grammar_class[kw] == CONF_GRAMMAR_SETTING;
}

/* Whether one more fits under a cap; reports it when not. */
bool
conf_grammar_room(struct conf_parser *p, int line, size_t count, size_t max,
    const char *what)
{
	if (count < max)
		return true;
	conf_lex_error_at(&p->lx, p->lx.tok_file, line, "more than %zu %s", max,
	    what);
	return false;
}
