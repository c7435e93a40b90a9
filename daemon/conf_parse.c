/* SPDX-License-Identifier: ISC */
/*
 * Configuration grammar -> struct conf: the keyword table, recursive
 * descent over keyword-first lines and the checks across them, over the
 * tokens of conf_lex.  Every error is collected as file:line: message;
 * parsing goes on after an error (skipping the rest of the line) so that
 * all of them are reported, and any error means no conf.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "conf.h"
#include "conf_lex.h"
#include "conf_parse.h"
#include "rule.h"
#include "xmalloc.h"

#define CONF_DURATION_MAX_MS (7 * 24LL * 60 * 60 * 1000)
#define CONF_MESSAGE_MIN 256
#define CONF_MESSAGE_MAX (1024 * 1024)
#define CONF_MAX_WINDOWS_MAX 10000000
/* Caps on what a file may declare, so that checks stay fast. */
#define CONF_LISTENS_MAX 64
#define CONF_COMMUNITIES_MAX 16 /* per listener */
#define CONF_TARGETS_MAX 64
#define CONF_ALERT_LOGS_MAX 16
#define CONF_HOSTS_MAX 10000
#define CONF_HOST_ADDRS_MAX 20000 /* all hosts together */
#define CONF_RULES_MAX 1024

enum conf_kw {
	KW_NONE, /* 0: a word that is not a keyword (conf_lex.h) */
	KW_ADDRESS,
	KW_ALERT_LOG,
	KW_BY,
	KW_CAUSE,
	KW_CLOSE,
	KW_COMMUNITY,
	KW_EMIT,
	KW_EVENT,
	KW_FACILITY,
	KW_FILE,
	KW_FIX,
	KW_FORMAT,
	KW_HOLDDOWN,
	KW_HOST,
	KW_HOSTNAME,
	KW_INCLUDE,
	KW_INFORM,
	KW_JSON,
	KW_LISTEN,
	KW_LOG,
	KW_MAX_CONNECTIONS,
	KW_MAX_MESSAGE_SIZE,
	KW_MAX_WINDOWS,
	KW_NO,
	KW_NONE_WORD,
	KW_ON,
	KW_OPEN,
	KW_PORT,
	KW_REFERENCE,
	KW_RULE,
	KW_SEVERITY,
	KW_SOURCE,
	KW_STATE_DIRECTORY,
	KW_STDOUT,
	KW_STRIP_DOMAIN,
	KW_SYSLOG,
	KW_TARGET,
	KW_TCP,
	KW_TCP_IDLE_TIMEOUT,
	KW_TEXT,
	KW_TITLE,
	KW_TO,
	KW_TRAP,
	KW_UDP,
	KW_V2C,
	KW_WITHIN,
	KW_YES,
};

/* Sorted by name (strcmp order): conf_lex finds words in it by bsearch. */
static const struct conf_lex_keyword conf_keywords[] = {
	{ "address", KW_ADDRESS },
	{ "alert-log", KW_ALERT_LOG },
	{ "by", KW_BY },
	{ "cause", KW_CAUSE },
	{ "close", KW_CLOSE },
	{ "community", KW_COMMUNITY },
	{ "emit", KW_EMIT },
	{ "event", KW_EVENT },
	{ "facility", KW_FACILITY },
	{ "file", KW_FILE },
	{ "fix", KW_FIX },
	{ "format", KW_FORMAT },
	{ "holddown", KW_HOLDDOWN },
	{ "host", KW_HOST },
	{ "hostname", KW_HOSTNAME },
	{ "include", KW_INCLUDE },
	{ "inform", KW_INFORM },
	{ "json", KW_JSON },
	{ "listen", KW_LISTEN },
	{ "log", KW_LOG },
	{ "max-connections", KW_MAX_CONNECTIONS },
	{ "max-message-size", KW_MAX_MESSAGE_SIZE },
	{ "max-windows", KW_MAX_WINDOWS },
	{ "no", KW_NO },
	{ "none", KW_NONE_WORD },
	{ "on", KW_ON },
	{ "open", KW_OPEN },
	{ "port", KW_PORT },
	{ "reference", KW_REFERENCE },
	{ "rule", KW_RULE },
	{ "severity", KW_SEVERITY },
	{ "source", KW_SOURCE },
	{ "state-directory", KW_STATE_DIRECTORY },
	{ "stdout", KW_STDOUT },
	{ "strip-domain", KW_STRIP_DOMAIN },
	{ "syslog", KW_SYSLOG },
	{ "target", KW_TARGET },
	{ "tcp", KW_TCP },
	{ "tcp-idle-timeout", KW_TCP_IDLE_TIMEOUT },
	{ "text", KW_TEXT },
	{ "title", KW_TITLE },
	{ "to", KW_TO },
	{ "trap", KW_TRAP },
	{ "udp", KW_UDP },
	{ "v2c", KW_V2C },
	{ "within", KW_WITHIN },
	{ "yes", KW_YES },
};

/* A rule's `emit to` name, checked once every target is known. */
struct conf_target_ref {
	char target[CONF_NAME_MAX];
	char rule[RULE_NAME_MAX];
	const char *file;
	int line;
};

enum conf_global {
	GLOBAL_HOSTNAME,
	GLOBAL_MAX_MESSAGE_SIZE,
	GLOBAL_MAX_WINDOWS,
	GLOBAL_MAX_CONNECTIONS,
	GLOBAL_TCP_IDLE_TIMEOUT,
	GLOBAL_STATE_DIRECTORY,
	GLOBAL_COUNT,
	GLOBAL_REPEATABLE = GLOBAL_COUNT, /* listen, target, rule... */
};

struct conf_parser {
	struct conf *conf;
	struct conf_lex lx; /* tokens, files and the error list */

	struct conf_target_ref *refs;
	size_t nrefs;
	size_t nhost_addrs;
	const char *global_file[GLOBAL_COUNT];
	int global_line[GLOBAL_COUNT];
};

/* Whether one more fits under a cap; reports it when not. */
static bool
conf_parse_room(struct conf_parser *p, int line, size_t count, size_t max,
    const char *what)
{
	if (count < max)
		return true;
	conf_lex_error_at(&p->lx, p->lx.tok_file, line, "more than %zu %s", max,
	    what);
	return false;
}

static int
conf_parse_port(struct conf_parser *p, uint16_t *port)
{
	long long v;

	if (conf_lex_want_kw(&p->lx, KW_PORT, "'port'") == -1 ||
	    conf_lex_number(&p->lx, "port", 1, 65535, &v) == -1)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

static int
conf_parse_hostname(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_STRIP_DOMAIN, "'strip-domain'") == -1)
		return -1;
	if (conf_lex_is_kw(&p->lx, KW_YES))
		p->conf->strip_domain = true;
	else if (conf_lex_is_kw(&p->lx, KW_NO))
		p->conf->strip_domain = false;
	else
		return conf_lex_expected(&p->lx, "'yes' or 'no'");
	conf_lex_next(&p->lx);
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_max_message_size(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_size(&p->lx, "max-message-size", CONF_MESSAGE_MIN,
		CONF_MESSAGE_MAX, &p->conf->max_message_len) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_max_windows(struct conf_parser *p)
{
	long long v;

	conf_lex_next(&p->lx);
	if (conf_lex_number(&p->lx, "max-windows", 1, CONF_MAX_WINDOWS_MAX,
		&v) == -1)
		return -1;
	p->conf->max_windows = (size_t)v;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_max_connections(struct conf_parser *p)
{
	long long v;

	conf_lex_next(&p->lx);
	if (conf_lex_number(&p->lx, "max-connections", 1, 65535, &v) == -1)
		return -1;
	p->conf->max_connections = (size_t)v;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_tcp_idle_timeout(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "tcp-idle-timeout", 1000,
		CONF_DURATION_MAX_MS, &p->conf->tcp_idle_timeout_ms) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_state_directory(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_is_kw(&p->lx, KW_NONE_WORD)) {
		free(p->conf->state_dir);
		p->conf->state_dir = NULL;
		conf_lex_next(&p->lx);
	} else if (p->lx.tok != CONF_TOK_STRING) {
		return conf_lex_expected(&p->lx, "a quoted path or 'none'");
	} else if (conf_lex_string_dup(&p->lx, "state-directory", PATH_MAX,
		       CONF_LEX_STR_NAME | CONF_LEX_STR_PATH,
		       &p->conf->state_dir) == -1) {
		return -1;
	}
	return conf_lex_want_eol(&p->lx);
}

static void
conf_parse_listen_check(struct conf_parser *p, const struct conf_listen *l)
{
	static const char *const kinds[] = { "syslog udp", "syslog tcp",
		"trap" };
	const struct conf_listen *o;
	struct conf_addr a, b;
	size_t i;

	if (conf_addr_parse(l->addr, &a) == -1)
		return; /* already reported */
	for (i = 0; i < p->conf->nlistens; i++) {
		o = &p->conf->listens[i];
		if (o->port != l->port || conf_addr_parse(o->addr, &b) == -1 ||
		    memcmp(&a, &b, sizeof(a)) != 0)
			continue;
		if (o->kind == l->kind)
			conf_lex_error_at(&p->lx, p->lx.tok_file, l->line,
			    "duplicate listen %s on %s port %u (line %d)",
			    kinds[l->kind], l->addr, l->port, o->line);
		else if (o->kind != CONF_LISTEN_SYSLOG_TCP &&
		    l->kind != CONF_LISTEN_SYSLOG_TCP)
			conf_lex_error_at(&p->lx, p->lx.tok_file, l->line,
			    "listen %s and listen %s (line %d) both on udp "
			    "%s port %u",
			    kinds[l->kind], kinds[o->kind], o->line, l->addr,
			    l->port);
	}
}

static int
conf_parse_listen_community(struct conf_parser *p, struct conf_listen *l)
{
	char comm[CONF_COMMUNITY_MAX], q[CONF_COMMUNITY_MAX * 4];
	size_t i;

	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "community", comm, sizeof(comm),
		CONF_LEX_STR_NAME) == -1)
		return -1;
	if (comm[0] == '\0' ||
	    !conf_parse_room(p, l->line, l->ncommunities, CONF_COMMUNITIES_MAX,
		"communities"))
		return 0;
	for (i = 0; i < l->ncommunities; i++) {
		if (strcmp(l->communities[i], comm) == 0) {
			conf_lex_error(&p->lx, "duplicate community \"%s\"",
			    conf_lex_quote(comm, q, sizeof(q)));
			return 0;
		}
	}
	l->communities = xreallocarray(l->communities, l->ncommunities + 1,
	    sizeof(*l->communities));
	l->communities[l->ncommunities++] = xstrdup(comm);
	return 0;
}

static int
conf_parse_listen(struct conf_parser *p)
{
	struct conf_listen l;
	struct conf_addr bin;
	bool has_community = false;

	memset(&l, 0, sizeof(l));
	l.line = p->lx.tok_line;
	conf_lex_next(&p->lx);
	if (conf_lex_is_kw(&p->lx, KW_TRAP)) {
		l.kind = CONF_LISTEN_TRAP;
	} else if (conf_lex_is_kw(&p->lx, KW_SYSLOG)) {
		conf_lex_next(&p->lx);
		if (conf_lex_is_kw(&p->lx, KW_UDP))
			l.kind = CONF_LISTEN_SYSLOG_UDP;
		else if (conf_lex_is_kw(&p->lx, KW_TCP))
			l.kind = CONF_LISTEN_SYSLOG_TCP;
		else
			return conf_lex_expected(&p->lx, "'udp' or 'tcp'");
	} else {
		return conf_lex_expected(&p->lx, "'syslog' or 'trap'");
	}
	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_ON, "'on'") == -1 ||
	    conf_lex_addr(&p->lx, l.addr, &bin) == -1 ||
	    conf_parse_port(p, &l.port) == -1)
		return -1;
	while (l.kind == CONF_LISTEN_TRAP &&
	    conf_lex_is_kw(&p->lx, KW_COMMUNITY)) {
		has_community = true;
		if (conf_parse_listen_community(p, &l) == -1)
			goto fail;
	}
	if (conf_lex_want_eol(&p->lx) == -1)
		goto fail;
	if (l.kind == CONF_LISTEN_TRAP && !has_community)
		conf_lex_error_at(&p->lx, p->lx.tok_file, l.line,
		    "listen trap needs at least one community");
	conf_parse_listen_check(p, &l);
	if (!conf_parse_room(p, l.line, p->conf->nlistens, CONF_LISTENS_MAX,
		"listeners")) {
		conf_free_strings(l.communities, l.ncommunities);
		return 0;
	}
	p->conf->listens = xreallocarray(p->conf->listens,
	    p->conf->nlistens + 1, sizeof(*p->conf->listens));
	p->conf->listens[p->conf->nlistens++] = l;
	return 0;
fail:
	conf_free_strings(l.communities, l.ncommunities);
	return -1;
}

static int
conf_parse_target(struct conf_parser *p)
{
	struct conf_target t;
	struct conf_addr bin;
	const struct conf_target *o;
	char q[CONF_NAME_MAX * 4];

	memset(&t, 0, sizeof(t));
	t.line = p->lx.tok_line;
	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "target name", t.name, sizeof(t.name),
		CONF_LEX_STR_NAME) == -1)
		return -1;
	if (conf_lex_is_kw(&p->lx, KW_INFORM))
		t.is_inform = true;
	else if (!conf_lex_is_kw(&p->lx, KW_TRAP))
		return conf_lex_expected(&p->lx, "'trap' or 'inform'");
	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_V2C, "'v2c'") == -1 ||
	    conf_lex_want_kw(&p->lx, KW_TO, "'to'") == -1 ||
	    conf_lex_addr(&p->lx, t.addr, &bin) == -1 ||
	    conf_parse_port(p, &t.port) == -1 ||
	    conf_lex_want_kw(&p->lx, KW_COMMUNITY, "'community'") == -1 ||
	    conf_lex_string_buf(&p->lx, "community", t.community,
		sizeof(t.community), CONF_LEX_STR_NAME) == -1 ||
	    conf_lex_want_eol(&p->lx) == -1)
		return -1;
	if (t.name[0] != '\0' &&
	    (o = conf_target_find(p->conf, t.name)) != NULL)
		conf_lex_error_at(&p->lx, p->lx.tok_file, t.line,
		    "duplicate target \"%s\" (line %d)",
		    conf_lex_quote(t.name, q, sizeof(q)), o->line);
	if (!conf_parse_room(p, t.line, p->conf->ntargets, CONF_TARGETS_MAX,
		"targets"))
		return 0;
	p->conf->targets = xreallocarray(p->conf->targets,
	    p->conf->ntargets + 1, sizeof(*p->conf->targets));
	p->conf->targets[p->conf->ntargets++] = t;
	return 0;
}

static const struct conf_facility {
	const char *name;
	int facility;
} conf_facilities[] = {
	{ "daemon", LOG_DAEMON },
	{ "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
	{ "user", LOG_USER },
};

static int
conf_parse_facility(struct conf_parser *p, int *facility)
{
	size_t i;

	if (p->lx.tok != CONF_TOK_WORD)
		return conf_lex_expected(&p->lx, "a facility");
	for (i = 0; i < sizeof(conf_facilities) / sizeof(conf_facilities[0]);
	     i++)
		if (strcmp(p->lx.text, conf_facilities[i].name) == 0)
			break;
	if (i == sizeof(conf_facilities) / sizeof(conf_facilities[0]))
		conf_lex_error(&p->lx,
		    "unknown facility '%s' (user, daemon, "
		    "local0..local7)",
		    p->lx.text);
	else
		*facility = conf_facilities[i].facility;
	conf_lex_next(&p->lx);
	return 0;
}

/* [format text|json] [facility F], in any order, each at most once. */
static int
conf_parse_alert_log_options(struct conf_parser *p, struct conf_alert_log *a)
{
	bool has_format = false, has_facility = false;

	for (;;) {
		if (conf_lex_is_kw(&p->lx, KW_FORMAT)) {
			if (has_format)
				conf_lex_error(&p->lx, "duplicate 'format'");
			has_format = true;
			conf_lex_next(&p->lx);
			if (conf_lex_is_kw(&p->lx, KW_TEXT))
				a->format = CONF_FORMAT_TEXT;
			else if (conf_lex_is_kw(&p->lx, KW_JSON))
				a->format = CONF_FORMAT_JSON;
			else
				return conf_lex_expected(&p->lx,
				    "'text' or 'json'");
			conf_lex_next(&p->lx);
		} else if (conf_lex_is_kw(&p->lx, KW_FACILITY)) {
			if (a->sink != CONF_SINK_SYSLOG)
				conf_lex_error(&p->lx,
				    "'facility' applies only "
				    "to alert-log syslog");
			else if (has_facility)
				conf_lex_error(&p->lx, "duplicate 'facility'");
			has_facility = true;
			conf_lex_next(&p->lx);
			if (conf_parse_facility(p, &a->facility) == -1)
				return -1;
		} else {
			return conf_lex_want_eol(&p->lx);
		}
	}
}

static void
conf_parse_alert_log_check(struct conf_parser *p,
    const struct conf_alert_log *a)
{
	const struct conf_alert_log *o;
	size_t i;

	for (i = 0; i < p->conf->nalert_logs; i++) {
		o = &p->conf->alert_logs[i];
		if (o->sink != a->sink)
			continue;
		if (a->sink != CONF_SINK_FILE ||
		    (a->path != NULL && o->path != NULL &&
			strcmp(a->path, o->path) == 0))
			conf_lex_error_at(&p->lx, p->lx.tok_file, a->line,
			    "duplicate alert-log (line %d)", o->line);
	}
}

static int
conf_parse_alert_log(struct conf_parser *p)
{
	struct conf_alert_log a;

	memset(&a, 0, sizeof(a));
	a.line = p->lx.tok_line;
	a.format = CONF_FORMAT_TEXT;
	a.facility = LOG_DAEMON;
	conf_lex_next(&p->lx);
	if (conf_lex_is_kw(&p->lx, KW_STDOUT)) {
		a.sink = CONF_SINK_STDOUT;
		conf_lex_next(&p->lx);
	} else if (conf_lex_is_kw(&p->lx, KW_SYSLOG)) {
		a.sink = CONF_SINK_SYSLOG;
		conf_lex_next(&p->lx);
	} else if (conf_lex_is_kw(&p->lx, KW_FILE)) {
		a.sink = CONF_SINK_FILE;
		conf_lex_next(&p->lx);
		if (conf_lex_string_dup(&p->lx, "alert-log file", PATH_MAX,
			CONF_LEX_STR_NAME | CONF_LEX_STR_PATH, &a.path) == -1)
			return -1;
	} else {
		return conf_lex_expected(&p->lx,
		    "'stdout', 'file' or 'syslog'");
	}
	if (conf_parse_alert_log_options(p, &a) == -1) {
		free(a.path);
		return -1;
	}
	conf_parse_alert_log_check(p, &a);
	if (!conf_parse_room(p, a.line, p->conf->nalert_logs,
		CONF_ALERT_LOGS_MAX, "alert logs")) {
		free(a.path);
		return 0;
	}
	p->conf->alert_logs = xreallocarray(p->conf->alert_logs,
	    p->conf->nalert_logs + 1, sizeof(*p->conf->alert_logs));
	p->conf->alert_logs[p->conf->nalert_logs++] = a;
	return 0;
}

static void
conf_parse_host_address(struct conf_parser *p, struct conf_host *h,
    const struct conf_addr *a, const char *text)
{
	const struct conf_host *o;
	char q[sizeof(h->name) * 4];
	size_t i, j;

	for (i = 0; i <= p->conf->nhosts; i++) {
		o = i < p->conf->nhosts ? &p->conf->hosts[i] : h;
		for (j = 0; j < o->naddrs; j++) {
			if (memcmp(&o->addrs[j], a, sizeof(*a)) == 0) {
				conf_lex_error(&p->lx,
				    "address %s already "
				    "belongs to host \"%s\"",
				    text,
				    conf_lex_quote(o->name, q, sizeof(q)));
				return;
			}
		}
	}
	if (!conf_parse_room(p, p->lx.tok_line, p->nhost_addrs,
		CONF_HOST_ADDRS_MAX, "host addresses"))
		return;
	p->nhost_addrs++;
	h->addrs = xreallocarray(h->addrs, h->naddrs + 1, sizeof(*h->addrs));
	h->addrs[h->naddrs++] = *a;
}

static int
conf_parse_host(struct conf_parser *p)
{
	struct conf_host h;
	struct conf_addr a;
	char text[CONF_ADDR_MAX], q[sizeof(h.name) * 4];
	size_t i;

	memset(&h, 0, sizeof(h));
	h.line = p->lx.tok_line;
	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "host name", h.name, sizeof(h.name),
		CONF_LEX_STR_NAME | CONF_LEX_STR_NOSPACE) == -1)
		return -1;
	if (!conf_lex_is_kw(&p->lx, KW_ADDRESS))
		return conf_lex_expected(&p->lx, "'address'");
	while (conf_lex_is_kw(&p->lx, KW_ADDRESS)) {
		conf_lex_next(&p->lx);
		if (conf_lex_addr(&p->lx, text, &a) == -1)
			goto fail;
		if (text[0] != '\0')
			conf_parse_host_address(p, &h, &a, text);
	}
	if (conf_lex_want_eol(&p->lx) == -1)
		goto fail;
	for (i = 0; h.name[0] != '\0' && i < p->conf->nhosts; i++)
		if (strcasecmp(p->conf->hosts[i].name, h.name) == 0)
			conf_lex_error_at(&p->lx, p->lx.tok_file, h.line,
			    "duplicate host \"%s\" (line %d)",
			    conf_lex_quote(h.name, q, sizeof(q)),
			    p->conf->hosts[i].line);
	if (!conf_parse_room(p, h.line, p->conf->nhosts, CONF_HOSTS_MAX,
		"hosts")) {
		free(h.addrs);
		return 0;
	}
	p->conf->hosts = xreallocarray(p->conf->hosts, p->conf->nhosts + 1,
	    sizeof(*p->conf->hosts));
	p->conf->hosts[p->conf->nhosts++] = h;
	return 0;
fail:
	free(h.addrs);
	return -1;
}

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

enum conf_rule_setting_id {
	SET_OPEN,
	SET_CLOSE,
	SET_WITHIN,
	SET_HOLDDOWN,
	SET_SEVERITY,
	SET_TITLE,
	SET_CAUSE,
	SET_FIX,
	SET_REFERENCE,
	SET_EMIT,
	SET_COUNT,
};

struct conf_rule_ctx {
	struct rule r;
	const char *file;
	int line;
	int seen_line[SET_COUNT];  /* 0: not set */
	char q[RULE_NAME_MAX * 4]; /* the name, quoted for messages */
};

static int
conf_parse_rule_match(struct conf_parser *p, struct rule_match *m)
{
	long long v;

	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_EVENT, "'event'") == -1 ||
	    conf_lex_number(&p->lx, "event ID", 0, 65535, &v) == -1)
		return -1;
	m->event_id = (uint32_t)v;
	for (;;) {
		if (conf_lex_is_kw(&p->lx, KW_SOURCE)) {
			if (m->source != NULL)
				conf_lex_error(&p->lx, "duplicate 'source'");
			conf_lex_next(&p->lx);
			if (conf_lex_string_dup(&p->lx, "source",
				WINEVENT_SOURCE_MAX, CONF_LEX_STR_NAME,
				&m->source) == -1)
				return -1;
		} else if (conf_lex_is_kw(&p->lx, KW_LOG)) {
			if (m->log != NULL)
				conf_lex_error(&p->lx, "duplicate 'log'");
			conf_lex_next(&p->lx);
			if (conf_lex_string_dup(&p->lx, "log", WINEVENT_LOG_MAX,
				CONF_LEX_STR_NAME, &m->log) == -1)
				return -1;
		} else {
			return conf_lex_want_eol(&p->lx);
		}
	}
}

static int
conf_parse_rule_open(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_match(p, &rc->r.open);
}

static int
conf_parse_rule_close(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_match(p, &rc->r.close);
}

static int
conf_parse_rule_within(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "window", 1, CONF_DURATION_MAX_MS,
		&rc->r.window_ms) == -1)
		return -1;
	if (conf_lex_is_kw(&p->lx, KW_BY)) {
		conf_lex_next(&p->lx);
		if (conf_lex_want_kw(&p->lx, KW_HOST, "'host'") == -1)
			return -1;
	}
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_rule_holddown(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "holddown", 0, CONF_DURATION_MAX_MS,
		&rc->r.holddown_ms) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_rule_severity(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_lex_next(&p->lx);
	if (p->lx.tok != CONF_TOK_WORD)
		return conf_lex_expected(&p->lx, "a severity");
	if (rule_severity_parse(p->lx.text, &rc->r.severity) == -1)
		conf_lex_error(&p->lx,
		    "unknown severity '%s' (critical, major, "
		    "minor, warning, info)",
		    p->lx.text);
	conf_lex_next(&p->lx);
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_rule_text(struct conf_parser *p, const char *what, size_t size,
    int flags, char **out)
{
	conf_lex_next(&p->lx);
	if (conf_lex_string_dup(&p->lx, what, size, flags, out) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_parse_rule_title(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "title", 256, CONF_LEX_STR_NAME,
	    &rc->r.title);
}

static int
conf_parse_rule_cause(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "cause", CONF_LEX_STRING_MAX + 1, 0,
	    &rc->r.cause);
}

static int
conf_parse_rule_fix(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "fix", CONF_LEX_STRING_MAX + 1, 0,
	    &rc->r.fix);
}

static int
conf_parse_rule_reference(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "reference", 256, CONF_LEX_STR_NOCTRL,
	    &rc->r.reference);
}

static void
conf_parse_rule_target(struct conf_parser *p, struct conf_rule_ctx *rc,
    const char *name, int line)
{
	struct conf_target_ref *ref;
	struct rule *r = &rc->r;
	char q[CONF_NAME_MAX * 4];
	size_t i;

	if (!conf_parse_room(p, line, r->ntargets, CONF_TARGETS_MAX,
		"targets in a rule"))
		return;
	for (i = 0; i < r->ntargets; i++) {
		if (strcmp(r->targets[i], name) == 0) {
			conf_lex_error_at(&p->lx, p->lx.tok_file, line,
			    "target \"%s\" named twice",
			    conf_lex_quote(name, q, sizeof(q)));
			return;
		}
	}
	r->targets =
	    xreallocarray(r->targets, r->ntargets + 1, sizeof(*r->targets));
	r->targets[r->ntargets++] = xstrdup(name);
	/* Targets may be defined after the rule: check at the end. */
	p->refs = xreallocarray(p->refs, p->nrefs + 1, sizeof(*p->refs));
	ref = &p->refs[p->nrefs++];
	memcpy(ref->target, name, strlen(name) + 1);
	memcpy(ref->rule, r->name, strlen(r->name) + 1);
	ref->file = p->lx.tok_file;
	ref->line = line;
}

static int
conf_parse_rule_emit(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	char name[CONF_NAME_MAX];
	int line;

	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_TO, "'to'") == -1)
		return -1;
	if (p->lx.tok != CONF_TOK_STRING)
		return conf_lex_expected(&p->lx, "a target name");
	while (p->lx.tok == CONF_TOK_STRING) {
		line = p->lx.tok_line;
		if (conf_lex_string_buf(&p->lx, "target name", name,
			sizeof(name), CONF_LEX_STR_NAME) == -1)
			return -1;
		if (name[0] != '\0')
			conf_parse_rule_target(p, rc, name, line);
	}
	return conf_lex_want_eol(&p->lx);
}

static const struct conf_rule_setting {
	enum conf_kw kw;
	enum conf_rule_setting_id id;
	const char *name;
	int (*parse)(struct conf_parser *, struct conf_rule_ctx *);
} conf_rule_settings[] = {
	{ KW_OPEN, SET_OPEN, "open", conf_parse_rule_open },
	{ KW_CLOSE, SET_CLOSE, "close", conf_parse_rule_close },
	{ KW_WITHIN, SET_WITHIN, "within", conf_parse_rule_within },
	{ KW_HOLDDOWN, SET_HOLDDOWN, "holddown", conf_parse_rule_holddown },
	{ KW_SEVERITY, SET_SEVERITY, "severity", conf_parse_rule_severity },
	{ KW_TITLE, SET_TITLE, "title", conf_parse_rule_title },
	{ KW_CAUSE, SET_CAUSE, "cause", conf_parse_rule_cause },
	{ KW_FIX, SET_FIX, "fix", conf_parse_rule_fix },
	{ KW_REFERENCE, SET_REFERENCE, "reference", conf_parse_rule_reference },
	{ KW_EMIT, SET_EMIT, "emit", conf_parse_rule_emit },
};

static const struct conf_rule_setting *
conf_parse_rule_setting_find(enum conf_kw kw)
{
	size_t i;

	for (i = 0;
	     i < sizeof(conf_rule_settings) / sizeof(conf_rule_settings[0]);
	     i++)
		if (conf_rule_settings[i].kw == kw)
			return &conf_rule_settings[i];
	return NULL;
}

static void
conf_parse_rule_setting(struct conf_parser *p, struct conf_rule_ctx *rc,
    const struct conf_rule_setting *s)
{
	if (rc->seen_line[s->id] != 0) {
		conf_lex_error(&p->lx,
		    "duplicate '%s' in rule \"%s\" (line %d)", s->name, rc->q,
		    rc->seen_line[s->id]);
		conf_lex_skip_line(&p->lx);
		return;
	}
	rc->seen_line[s->id] = p->lx.tok_line;
	if (s->parse(p, rc) == -1)
		conf_lex_skip_line(&p->lx);
}

static bool
conf_parse_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/* Checks a complete rule, fills its defaults and adds it to the conf. */
static void
conf_parse_rule_finish(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	struct rule *r = &rc->r;

	if (rc->seen_line[SET_OPEN] == 0)
		conf_lex_error_at(&p->lx, rc->file, rc->line,
		    "rule \"%s\" has no 'open event'", rc->q);
	if (rc->seen_line[SET_CLOSE] == 0)
		conf_lex_error_at(&p->lx, rc->file, rc->line,
		    "rule \"%s\" has no 'close event'", rc->q);
	if (rc->seen_line[SET_OPEN] != 0 && rc->seen_line[SET_CLOSE] != 0 &&
	    r->open.event_id == r->close.event_id &&
	    conf_parse_streq(r->open.source, r->close.source) &&
	    conf_parse_streq(r->open.log, r->close.log))
		conf_lex_error_at(&p->lx, rc->file, rc->seen_line[SET_CLOSE],
		    "rule \"%s\": open and close match the same events", rc->q);
	if (!conf_parse_room(p, rc->line, p->conf->nrules, CONF_RULES_MAX,
		"rules")) {
		conf_free_rule(r);
		return;
	}
	if (r->title == NULL)
		r->title = xstrdup(r->name);
	if (r->cause == NULL)
		r->cause = xstrdup("");
	if (r->fix == NULL)
		r->fix = xstrdup("");
	if (r->reference == NULL)
		r->reference = xstrdup("");
	p->conf->rules = xreallocarray(p->conf->rules, p->conf->nrules + 1,
	    sizeof(*p->conf->rules));
	p->conf->rules[p->conf->nrules++] = *r;
}

static const struct conf_parse_stmt *conf_parse_stmt_find(enum conf_kw);

static void
conf_parse_rule_body(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	const struct conf_rule_setting *s;

	for (;;) {
		switch (p->lx.tok) {
		case CONF_TOK_NEWLINE:
			conf_lex_next(&p->lx);
			continue;
		case CONF_TOK_RBRACE:
			conf_lex_next(&p->lx);
			if (conf_lex_want_eol(&p->lx) == -1)
				conf_lex_skip_line(&p->lx);
			return;
		case CONF_TOK_EOF:
			conf_lex_error_at(&p->lx, rc->file, rc->line,
			    "rule \"%s\" has no closing '}'", rc->q);
			return;
		case CONF_TOK_WORD:
			break;
		case CONF_TOK_ERROR:
			conf_lex_skip_line(&p->lx);
			continue;
		default:
			conf_lex_expected(&p->lx, "a rule setting or '}'");
			conf_lex_skip_line(&p->lx);
			continue;
		}
		if ((s = conf_parse_rule_setting_find(p->lx.kw)) != NULL) {
			conf_parse_rule_setting(p, rc, s);
		} else if (conf_parse_stmt_find(p->lx.kw) != NULL) {
			/* Most likely a forgotten '}': resume at top level. */
			conf_lex_error(&p->lx,
			    "missing '}' after rule \"%s\" "
			    "(line %d)",
			    rc->q, rc->line);
			return;
		} else {
			conf_lex_error(&p->lx, "unknown rule setting '%s'",
			    p->lx.text);
			conf_lex_skip_line(&p->lx);
		}
	}
}

static int
conf_parse_rule(struct conf_parser *p)
{
	struct conf_rule_ctx rc;
	bool is_bad;

	memset(&rc, 0, sizeof(rc));
	rc.file = p->lx.tok_file;
	rc.line = rc.r.line = p->lx.tok_line;
	rc.r.window_ms = CONF_DEFAULT_WINDOW_MS;
	rc.r.holddown_ms = CONF_DEFAULT_HOLDDOWN_MS;
	rc.r.severity = RULE_SEVERITY_MAJOR;
	conf_lex_next(&p->lx);
	is_bad = conf_lex_string_buf(&p->lx, "rule name", rc.r.name,
		     sizeof(rc.r.name), CONF_LEX_STR_NAME) == -1;
	if (!is_bad && p->lx.tok != CONF_TOK_LBRACE)
		is_bad = conf_lex_expected(&p->lx, "'{'") == -1;
	if (is_bad) {
		/* Still parse the body when the line has its '{'. */
		while (p->lx.tok != CONF_TOK_LBRACE &&
		    p->lx.tok != CONF_TOK_NEWLINE && p->lx.tok != CONF_TOK_EOF)
			conf_lex_next(&p->lx);
		if (p->lx.tok != CONF_TOK_LBRACE)
			return -1;
	}
	conf_lex_quote(rc.r.name, rc.q, sizeof(rc.q));
	if (rc.r.name[0] != '\0' && conf_rule_find(p->conf, rc.r.name) != NULL)
		conf_lex_error_at(&p->lx, rc.file, rc.line,
		    "duplicate rule \"%s\" (line %d)", rc.q,
		    conf_rule_find(p->conf, rc.r.name)->line);
	conf_lex_next(&p->lx);
	if (conf_lex_want_eol(&p->lx) == -1)
		conf_lex_skip_line(&p->lx);
	conf_parse_rule_body(p, &rc);
	conf_parse_rule_finish(p, &rc);
	return 0;
}

static const struct conf_parse_stmt {
	enum conf_kw kw;
	enum conf_global global; /* GLOBAL_REPEATABLE or the setting */
	int (*parse)(struct conf_parser *);
} conf_parse_stmts[] = {
	{ KW_ALERT_LOG, GLOBAL_REPEATABLE, conf_parse_alert_log },
	{ KW_HOST, GLOBAL_REPEATABLE, conf_parse_host },
	{ KW_HOSTNAME, GLOBAL_HOSTNAME, conf_parse_hostname },
	{ KW_INCLUDE, GLOBAL_REPEATABLE, conf_parse_include },
	{ KW_LISTEN, GLOBAL_REPEATABLE, conf_parse_listen },
	{ KW_MAX_CONNECTIONS, GLOBAL_MAX_CONNECTIONS,
	    conf_parse_max_connections },
	{ KW_MAX_MESSAGE_SIZE, GLOBAL_MAX_MESSAGE_SIZE,
	    conf_parse_max_message_size },
	{ KW_MAX_WINDOWS, GLOBAL_MAX_WINDOWS, conf_parse_max_windows },
	{ KW_RULE, GLOBAL_REPEATABLE, conf_parse_rule },
	{ KW_STATE_DIRECTORY, GLOBAL_STATE_DIRECTORY,
	    conf_parse_state_directory },
	{ KW_TARGET, GLOBAL_REPEATABLE, conf_parse_target },
	{ KW_TCP_IDLE_TIMEOUT, GLOBAL_TCP_IDLE_TIMEOUT,
	    conf_parse_tcp_idle_timeout },
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
		if (conf_parse_rule_setting_find(p->lx.kw) != NULL)
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

/* Checks what can only be checked once everything is read. */
static void
conf_parse_check_refs(struct conf_parser *p)
{
	const struct conf_target_ref *ref;
	char q1[RULE_NAME_MAX * 4], q2[CONF_NAME_MAX * 4];
	size_t i;

	for (i = 0; i < p->nrefs; i++) {
		ref = &p->refs[i];
		if (conf_target_find(p->conf, ref->target) == NULL)
			conf_lex_error_at(&p->lx, ref->file, ref->line,
			    "rule \"%s\": emit to unknown target \"%s\"",
			    conf_lex_quote(ref->rule, q1, sizeof(q1)),
			    conf_lex_quote(ref->target, q2, sizeof(q2)));
	}
}

/* Parses the pushed first file unless is_pushed is false; frees p. */
static struct conf *
conf_parse_finish(struct conf_parser *p, bool is_pushed)
{
	struct conf *conf = p->conf;

	if (is_pushed) {
		conf_parse_run(p);
		conf_parse_check_refs(p);
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
	conf_lex_init(&p->lx, errs, conf_keywords,
	    sizeof(conf_keywords) / sizeof(conf_keywords[0]));
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
