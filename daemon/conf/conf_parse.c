/* SPDX-License-Identifier: ISC */
/*
 * Configuration grammar -> struct conf: the top-level loop over
 * keyword-first lines and include, over the tokens of conf_lex, and the
 * table of statements; conf_decl.c and conf_rule.c parse them, with the
 * keywords of conf_grammar.c.  Every error is
 * collected as file:line: message; parsing goes on after an error
 * (skipping the rest of the line) so that all of them are reported, and
 * any error means no conf.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"
#include "conf/conf_parse.h"

static int
conf_parse_include(struct conf_parser *p)
{
	char path[PATH_MAX];

	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "include path", path, sizeof(path),
		CONF_LEX_STR_NAME) == -1)
		return -1;
	if (p->lx.tok != CONF_TOK_NEWLINE && p->lx.tok != CONF_TOK_EOF)
		return conf_lex_expected(&p->lx, "end of line");
	/*
	 * The newline is the current token and the lexer has passed it:
	 * push the file, and the next token is its first.
	 */
	if (path[0] != '\0')
		conf_lex_include(&p->lx, path);
	conf_lex_next(&p->lx);
	return 0;
}

static const struct conf_parse_stmt {
	enum conf_kw kw;
	enum conf_global global; /* GLOBAL_REPEATABLE or the setting */
	int (*parse)(struct conf_parser *);
} conf_parse_stmts[] = {
	{ KW_AGENTX, GLOBAL_AGENTX, conf_agentx_parse },
	{ KW_ALERT_LOG, GLOBAL_REPEATABLE, conf_decl_alert_log },
	{ KW_FORWARD, GLOBAL_REPEATABLE, conf_forward_parse },
	{ KW_HOST, GLOBAL_REPEATABLE, conf_decl_host },
	{ KW_HOSTNAME, GLOBAL_HOSTNAME, conf_decl_hostname },
	{ KW_HTTP, GLOBAL_HTTP, conf_decl_http },
	{ KW_INCLUDE, GLOBAL_REPEATABLE, conf_parse_include },
	{ KW_LATENESS, GLOBAL_LATENESS, conf_decl_lateness },
	{ KW_LISTEN, GLOBAL_REPEATABLE, conf_decl_listen },
	{ KW_MAX_CONNECTIONS, GLOBAL_MAX_CONNECTIONS,
	    conf_decl_max_connections },
	{ KW_MAX_MESSAGE_SIZE, GLOBAL_MAX_MESSAGE_SIZE,
	    conf_decl_max_message_size },
	{ KW_MAX_CONNECTIONS_PER_ADDRESS, GLOBAL_MAX_CONNECTIONS_PER_ADDRESS,
	    conf_decl_max_connections_per_address },
	{ KW_MAX_WINDOWS, GLOBAL_MAX_WINDOWS, conf_decl_max_windows },
	{ KW_MAX_WINDOWS_PER_PEER, GLOBAL_MAX_WINDOWS_PER_PEER,
	    conf_decl_max_windows_per_peer },
	{ KW_RULE, GLOBAL_REPEATABLE, conf_rule_parse },
	{ KW_SAVE_INTERVAL, GLOBAL_SAVE_INTERVAL, conf_decl_save_interval },
	{ KW_STATE_DIRECTORY, GLOBAL_STATE_DIRECTORY,
	    conf_decl_state_directory },
	{ KW_SNMPV3_USER, GLOBAL_REPEATABLE, conf_decl_snmpv3_user },
	{ KW_TARGET, GLOBAL_REPEATABLE, conf_decl_target },
	{ KW_TCP_EVICT_AFTER, GLOBAL_TCP_EVICT_AFTER,
	    conf_decl_tcp_evict_after },
	{ KW_TCP_IDLE_TIMEOUT, GLOBAL_TCP_IDLE_TIMEOUT,
	    conf_decl_tcp_idle_timeout },
	{ KW_TIMEZONE, GLOBAL_TIMEZONE, conf_decl_timezone },
	{ KW_USER, GLOBAL_USER, conf_decl_user },
};

static const struct conf_parse_stmt *
conf_parse_stmt_find(enum conf_kw kw)
{
	size_t i;

	for (i = 0; i < sizeof(conf_parse_stmts) / sizeof(conf_parse_stmts[0]);
	     i++)
		if (conf_parse_stmts[i].kw == kw)
			return &conf_parse_stmts[i];
	return NULL;
}

static void
conf_parse_statement(struct conf_parser *p)
{
	const struct conf_parse_stmt *s;
	enum conf_global g;

	if ((s = conf_parse_stmt_find(p->lx.kw)) == NULL) {
		if (conf_grammar_is_rule_setting(p->lx.kw))
			conf_lex_error(&p->lx,
			    "'%s' is only valid inside a rule", p->lx.text);
		else
			conf_lex_error(&p->lx, "unknown keyword '%s'",
			    p->lx.text);
		conf_lex_skip_line(&p->lx);
		return;
	}
	if ((g = s->global) != GLOBAL_REPEATABLE) {
		if (p->global_line[g] != 0)
			conf_lex_error(&p->lx,
			    "duplicate '%s' (first at %s:%d)", p->lx.text,
			    p->global_file[g], p->global_line[g]);
		else {
			p->global_file[g] = p->lx.tok_file;
			p->global_line[g] = p->lx.tok_line;
		}
	}
	if (s->parse(p) == -1)
		conf_lex_skip_line(&p->lx);
}

static void
conf_parse_run(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	for (;;) {
		switch (p->lx.tok) {
		case CONF_TOK_NEWLINE:
			conf_lex_next(&p->lx);
			break;
		case CONF_TOK_EOF:
			if (!conf_lex_pop(&p->lx))
				return;
			conf_lex_next(&p->lx);
			break;
		case CONF_TOK_WORD:
			conf_parse_statement(p);
			break;
		case CONF_TOK_ERROR:
			conf_lex_skip_line(&p->lx);
			break;
		default:
			conf_lex_expected(&p->lx, "a keyword");
			conf_lex_skip_line(&p->lx);
			break;
		}
	}
}

/* Parses the pushed first file unless is_pushed is false; frees p. */
static struct conf *
conf_parse_finish(struct conf_parser *p, bool is_pushed)
{
	struct conf *conf = p->conf;

	if (is_pushed) {
		conf_parse_run(p);
		conf_rule_check_targets(p);
	}
	conf_lex_clear(&p->lx);
	free(p->refs);
	if (p->lx.errs->count > 0) {
		conf_free(conf);
		return NULL;
	}
	return conf;
}

static void
conf_parse_init(struct conf_parser *p, struct conf_errors *errs)
{
	memset(p, 0, sizeof(*p));
	size_t nkeywords;
	const struct conf_lex_keyword *keywords =
	    conf_grammar_keywords(&nkeywords);

	conf_lex_init(&p->lx, errs, keywords, nkeywords);
	p->conf = conf_new();
}

struct conf *
conf_parse_string(const char *text, const char *name, struct conf_errors *errs)
{
	struct conf_errors dummy;
	struct conf_parser p;

	conf_parse_init(&p, errs != NULL ? errs : &dummy);
	if (name == NULL)
		name = "<string>";
	return conf_parse_finish(&p,
	    conf_lex_push_string(&p.lx, text, name) == 0);
}

struct conf *
conf_parse_file(const char *path, struct conf_errors *errs)
{
	struct conf_errors dummy;
	struct conf_parser p;

	conf_parse_init(&p, errs != NULL ? errs : &dummy);
	if (path == NULL)
		path = "";
	return conf_parse_finish(&p, conf_lex_push_file(&p.lx, path) == 0);
}
void
conf_errors_format(const struct conf_errors *errs, size_t i, char *buf,
    size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (errs == NULL || i >= errs->count || i >= CONF_ERRORS_MAX)
		return;
	/* Truncation only shortens a message meant for display. */
	if (errs->list[i].err.line > 0)
		(void)snprintf(buf, len, "%s:%d: %s", errs->list[i].file,
		    errs->list[i].err.line, errs->list[i].err.msg);
	else /* about the file as a whole: it could not be read */
		(void)snprintf(buf, len, "%s: %s", errs->list[i].file,
		    errs->list[i].err.msg);
}
