/* SPDX-License-Identifier: ISC */
/*
 * Private to the grammar (conf_parse.c, conf_decl.c, conf_rule.c and
 * conf_grammar.c): keyword ids, struct conf_parser, the caps they share
 * and the functions they call across files.  No other file includes it.
 * Calls run one way: conf_parse -> conf_decl, conf_rule -> conf_grammar.
 */
#ifndef DAEMON_CONF_CONF_GRAMMAR_H
#define DAEMON_CONF_CONF_GRAMMAR_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "conf/conf_lex.h"

#define CONF_TARGETS_MAX 64 /* targets; also targets named in a rule */

/* conf_grammar.c maps each keyword to its id for conf_lex. */
enum conf_kw {
	KW_NONE, /* 0: a word that is not a keyword (conf_lex.h) */
	KW_ADDRESS,
	KW_ALERT_LOG,
	KW_BY,
	KW_CA,
	KW_CAUSE,
	KW_CLEAR,
	KW_CEF,
	KW_CERTIFICATE,
	KW_CLOSE,
	KW_COMMUNITY,
	KW_ECS,
	KW_EMIT,
	KW_EVENT,
	KW_FACILITY,
	KW_FILE,
	KW_FIX,
	KW_FORMAT,
	KW_FORWARD,
	KW_HOLDDOWN,
	KW_HOST,
	KW_HOSTNAME,
	KW_HTTP,
	KW_INCLUDE,
	KW_INFORM,
	KW_JSON,
	KW_LATENESS,
	KW_JSON_SCHEMA,
	KW_KEY,
	KW_LEEF,
	KW_LISTEN,
	KW_LOG,
	KW_MAX,
	KW_MAX_CONNECTIONS,
	KW_MAX_CONNECTIONS_PER_ADDRESS,
	KW_MAX_MESSAGE_SIZE,
	KW_MAX_WINDOWS,
	KW_MAX_WINDOWS_PER_PEER,
	KW_NO,
	KW_NONE_WORD,
	KW_ON,
	KW_OPEN,
	KW_PORT,
	KW_QUEUE,
	KW_REFERENCE,
	KW_RFC5424,
	KW_RULE,
	KW_SAVE_INTERVAL,
	KW_SEVERITY,
	KW_SOCKET,
	KW_SOURCE,
	KW_SPOOL,
	KW_STATE_DIRECTORY,
	KW_STDOUT,
	KW_STRIP_DOMAIN,
	KW_SYSLOG,
	KW_TARGET,
	KW_TCP,
	KW_TCP_EVICT_AFTER,
	KW_TCP_IDLE_TIMEOUT,
	KW_TEXT,
	KW_TIMEOUT_ALERT,
	KW_TIMEZONE,
	KW_TITLE,
	KW_TLS,
	KW_TO,
	KW_TRAP,
	KW_UDP,
	KW_USER,
	KW_V2C,
	KW_WITHIN,
	KW_YES,
	/* SNMPv3 (conf_usm.c) */
	KW_AUTH,
	KW_ENGINE_ID,
	KW_NOAUTH,
	KW_PRIV,
	KW_SECURITY_LEVEL,
	KW_SNMPV3_USER,
	KW_V3,
	KW_RETRIES,
	KW_TIMEOUT,
	KW_AGENTX, /* agentx socket ... (conf_agentx.c) */
	KW_ALLOW,
	KW_HANDSHAKE_TIMEOUT,
	KW_RECEIVE_BUFFER,
	KW_UNIX,
	KW_COUNT,
};

/* Settings that may appear once at top level. */
enum conf_global {
	GLOBAL_HOSTNAME,
	GLOBAL_MAX_MESSAGE_SIZE,
	GLOBAL_MAX_WINDOWS,
	GLOBAL_MAX_CONNECTIONS,
	GLOBAL_MAX_CONNECTIONS_PER_ADDRESS,
	GLOBAL_MAX_WINDOWS_PER_PEER,
	GLOBAL_TCP_IDLE_TIMEOUT,
	GLOBAL_TCP_EVICT_AFTER,
	GLOBAL_STATE_DIRECTORY,
	GLOBAL_LATENESS,
	GLOBAL_TIMEZONE,
	GLOBAL_SAVE_INTERVAL,
	GLOBAL_HTTP,
	GLOBAL_USER,
	GLOBAL_AGENTX,
	GLOBAL_COUNT,
	GLOBAL_REPEATABLE = GLOBAL_COUNT, /* listen, target, rule... */
};

struct conf_target_ref; /* conf_rule.c */

struct conf_parser {
	struct conf *conf;
	struct conf_lex lx; /* tokens, files and the error list */

	struct conf_target_ref *refs; /* rules' `emit to`, checked at the end */
	size_t nrefs;
	size_t nhost_addrs;
	const char *global_file[GLOBAL_COUNT];
	int global_line[GLOBAL_COUNT];
};

/*
 * A statement parser starts at its keyword and consumes its line.  It
 * returns -1 on a syntax error (reported), and the caller skips the rest
 * of the line; a bad value is reported and parsing goes on.
 */

/* conf_grammar.c */
/* The keywords, sorted for conf_lex's bsearch; *n gets their number. */
const struct conf_lex_keyword *conf_grammar_keywords(size_t *n);
/* Whether keyword id kw starts a top-level statement. */
bool conf_grammar_is_statement(int kw);
/* Whether keyword id kw starts a setting inside a rule. */
bool conf_grammar_is_rule_setting(int kw);
/* Whether one more fits under a cap; reports it at line when not. */
bool conf_grammar_room(struct conf_parser *p, int line, size_t count,
    size_t max, const char *what);

/* conf_decl.c: the global settings and the repeatable declarations */
int conf_decl_hostname(struct conf_parser *p);
int conf_decl_max_message_size(struct conf_parser *p);
int conf_decl_max_windows(struct conf_parser *p);
int conf_decl_max_connections(struct conf_parser *p);
int conf_decl_tcp_idle_timeout(struct conf_parser *p);
int conf_decl_tcp_evict_after(struct conf_parser *p);
int conf_decl_max_windows_per_peer(struct conf_parser *p);
int conf_decl_max_connections_per_address(struct conf_parser *p);
int conf_decl_state_directory(struct conf_parser *p);
int conf_decl_lateness(struct conf_parser *p);
int conf_decl_timezone(struct conf_parser *p);
int conf_decl_save_interval(struct conf_parser *p);
int conf_decl_http(struct conf_parser *p);
int conf_decl_user(struct conf_parser *p);
int conf_decl_listen(struct conf_parser *p);
int conf_decl_target(struct conf_parser *p);
/* conf_listen.c: a listen line's transport and access options */
int conf_listen_unix_path(struct conf_parser *p, struct conf_listen *l);
int conf_listen_options(struct conf_parser *p, struct conf_listen *l);
int conf_listen_allow(struct conf_parser *p, struct conf_listen *l);
void conf_listen_finish(struct conf_parser *p, const struct conf_listen *l);
int conf_decl_alert_log(struct conf_parser *p);
/* forward "NAME" syslog udp|tcp|tls to ADDR port N ... (conf_forward.c) */
int conf_forward_parse(struct conf_parser *p);
/* `port N`, `facility F` (conf_decl.c). */
int conf_decl_port(struct conf_parser *p, uint16_t *port);
int conf_decl_facility(struct conf_parser *p, int *facility);
/* `format`'s argument, after the keyword: -1 on a syntax error. */
int conf_decl_format(struct conf_parser *p, enum conf_format *format);
int conf_decl_host(struct conf_parser *p);

/* conf_usm.c: snmpv3-user, and listen trap's user / security-level */
int conf_decl_snmpv3_user(struct conf_parser *p);
int conf_usm_listen_user(struct conf_parser *p, struct conf_listen *l);
int conf_usm_listen_level(struct conf_parser *p, struct conf_listen *l);
/* target: community "C" (v2c) or user "NAME" (v3) */
int conf_usm_target_security(struct conf_parser *p, struct conf_target *t);
/* target: [retries N] [timeout DURATION] [queue N] to the end of line */
int conf_usm_target_options(struct conf_parser *p, struct conf_target *t);

/* conf_agentx.c: agentx socket "PATH"|tcp:ADDR:PORT */
int conf_agentx_parse(struct conf_parser *p);

/* conf_rule.c: rule "name" { ... } */
int conf_rule_parse(struct conf_parser *p);
/* Reports every `emit to` naming no target; call once all is read. */
void conf_rule_check_targets(struct conf_parser *p);

#endif
