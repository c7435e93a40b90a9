/* SPDX-License-Identifier: ISC */
/*
 * The top-level declarations of the configuration grammar: the global
 * settings (hostname, max-*, tcp-idle-timeout, state-directory) and the
 * repeatable listen, target, alert-log and host lines, each checked
 * against those before it.
 */
#include "config.h"

#include <sys/un.h>

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "conf/conf.h"
#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"
#include "core/xmalloc.h"

#define CONF_MESSAGE_MIN 256
#define CONF_MESSAGE_MAX (1024 * 1024)
#define CONF_MAX_WINDOWS_MAX 10000000
/* Caps on what a file may declare, so that checks stay fast. */
#define CONF_LISTENS_MAX 64
#define CONF_COMMUNITIES_MAX 16 /* per listener */
#define CONF_ALERT_LOGS_MAX 16
#define CONF_HOSTS_MAX 10000
#define CONF_HOST_ADDRS_MAX 20000 /* all hosts together */

int
conf_decl_port(struct conf_parser *p, uint16_t *port)
{
	long long v;

	if (conf_lex_want_kw(&p->lx, KW_PORT, "'port'") == -1 ||
	    conf_lex_number(&p->lx, "port", 1, 65535, &v) == -1)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int
conf_decl_hostname(struct conf_parser *p)
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

int
conf_decl_max_message_size(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_size(&p->lx, "max-message-size", CONF_MESSAGE_MIN,
		CONF_MESSAGE_MAX, &p->conf->max_message_len) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_max_windows(struct conf_parser *p)
{
	long long v;

	conf_lex_next(&p->lx);
	if (conf_lex_number(&p->lx, "max-windows", 1, CONF_MAX_WINDOWS_MAX,
		&v) == -1)
		return -1;
	p->conf->max_windows = (size_t)v;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_max_connections(struct conf_parser *p)
{
	long long v;

	conf_lex_next(&p->lx);
	if (conf_lex_number(&p->lx, "max-connections", 1, 65535, &v) == -1)
		return -1;
	p->conf->max_connections = (size_t)v;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_tcp_idle_timeout(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "tcp-idle-timeout", 1000,
		CONF_DURATION_MAX_MS, &p->conf->tcp_idle_timeout_ms) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_max_windows_per_peer(struct conf_parser *p)
{
	long long v;

	conf_lex_next(&p->lx);
	if (conf_lex_number(&p->lx, "max-windows-per-peer", 1,
		CONF_MAX_WINDOWS_MAX, &v) == -1)
		return -1;
	p->conf->max_windows_per_peer = (size_t)v;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_max_connections_per_address(struct conf_parser *p)
{
	long long v;

	conf_lex_next(&p->lx);
	if (conf_lex_number(&p->lx, "max-connections-per-address", 1, 65535,
		&v) == -1)
		return -1;
	p->conf->max_connections_per_address = (size_t)v;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_tcp_evict_after(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "tcp-evict-after", 100,
		CONF_DURATION_MAX_MS, &p->conf->tcp_evict_after_ms) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_state_directory(struct conf_parser *p)
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
	p->conf->has_state_dir = true;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_lateness(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "lateness", 0, CONF_LATENESS_MAX_MS,
		&p->conf->lateness_ms) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_user(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	free(p->conf->user);
	p->conf->user = NULL;
	if (conf_lex_string_dup(&p->lx, "user", CONF_NAME_MAX,
		CONF_LEX_STR_NAME, &p->conf->user) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_save_interval(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "save-interval", 0, CONF_LATENESS_MAX_MS,
		&p->conf->save_interval_ms) == -1)
		return -1;
	if (p->conf->save_interval_ms > 0 && p->conf->save_interval_ms < 1000)
		conf_lex_error(&p->lx,
		    "save-interval must be 0s (only at exit) or at least 1s");
	return conf_lex_want_eol(&p->lx);
}

/* A quoted zone name at the current token, loaded into *out. */
static int
conf_decl_zone(struct conf_parser *p, struct tz **out)
{
	char name[TZ_NAME_MAX], err[256], q[TZ_NAME_MAX * 4];
	int line = p->lx.tok_line;

	if (conf_lex_string_buf(&p->lx, "time zone", name, sizeof(name),
		CONF_LEX_STR_NAME | CONF_LEX_STR_NOSPACE) == -1)
		return -1;
	tz_free(*out);
	if ((*out = tz_load(name, err, sizeof(err))) == NULL)
		conf_lex_error_at(&p->lx, p->lx.tok_file, line,
		    "timezone \"%s\": %s", conf_lex_quote(name, q, sizeof(q)),
		    err);
	return 0;
}

int
conf_decl_timezone(struct conf_parser *p)
{
	conf_lex_next(&p->lx);
	if (conf_decl_zone(p, &p->conf->tz) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

int
conf_decl_http(struct conf_parser *p)
{
	struct conf_http h;
	struct conf_addr bin;

	memset(&h, 0, sizeof(h));
	h.line = p->lx.tok_line;
	(void)snprintf(h.file, sizeof(h.file), "%s", p->lx.tok_file);
	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_ON, "'on'") == -1 ||
	    conf_lex_addr(&p->lx, h.addr, &bin) == -1 ||
	    conf_decl_port(p, &h.port) == -1 || conf_lex_want_eol(&p->lx) == -1)
		return -1;
	h.is_on = true;
	p->conf->http = h;
	return 0;
}

static bool
conf_decl_listen_is_stream(const struct conf_listen *l)
{
	return l->kind == CONF_LISTEN_SYSLOG_TCP ||
	    l->kind == CONF_LISTEN_SYSLOG_TLS;
}

static void
conf_decl_listen_check(struct conf_parser *p, const struct conf_listen *l)
{
	static const char *const kinds[] = { "syslog udp", "syslog tcp", "trap",
		"syslog tls", "syslog unix" };
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
		else if (conf_decl_listen_is_stream(o) ==
		    conf_decl_listen_is_stream(l))
			conf_lex_error_at(&p->lx, p->lx.tok_file, l->line,
			    "listen %s and listen %s (line %d) both on %s "
			    "%s port %u",
			    kinds[l->kind], kinds[o->kind], o->line,
			    conf_decl_listen_is_stream(l) ? "tcp" : "udp",
			    l->addr, l->port);
	}
}

static int
conf_decl_listen_community(struct conf_parser *p, struct conf_listen *l)
{
	char comm[CONF_COMMUNITY_MAX], q[CONF_COMMUNITY_MAX * 4];
	size_t i;

	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "community", comm, sizeof(comm),
		CONF_LEX_STR_NAME) == -1)
		return -1;
	if (comm[0] == '\0' ||
	    !conf_grammar_room(p, l->line, l->ncommunities,
		CONF_COMMUNITIES_MAX, "communities"))
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

static const char *const conf_decl_input_formats[CONF_INPUT_COUNT] = {
	[CONF_INPUT_AUTO] = "auto",
	[CONF_INPUT_RFC3164] = "rfc3164",
	[CONF_INPUT_RFC5424] = "rfc5424",
	[CONF_INPUT_SNARE] = "snare",
	[CONF_INPUT_NXLOG_BSD] = "nxlog-bsd",
	[CONF_INPUT_NXLOG_JSON] = "nxlog-json",
	[CONF_INPUT_NXLOG_KVP] = "nxlog-kvp",
	[CONF_INPUT_NXLOG_XML] = "nxlog-xml",
	[CONF_INPUT_RFC5424_SD] = "rfc5424-sd",
	[CONF_INPUT_EVTSYS] = "evtsys",
	[CONF_INPUT_WMI] = "wmi",
	[CONF_INPUT_WINCOLLECT] = "wincollect",
	[CONF_INPUT_CEF] = "cef",
	[CONF_INPUT_OSSEC] = "ossec",
	[CONF_INPUT_EVENTREPORTER] = "eventreporter",
	[CONF_INPUT_SYSLOG_NG] = "syslog-ng-agent",
	[CONF_INPUT_TEXT] = "text",
};

const char *
conf_input_format_name(enum conf_input_format f)
{
	return (size_t)f < CONF_INPUT_COUNT ? conf_decl_input_formats[f]
					    : "auto";
}

/* After a syslog listener's `format`: one of the words above. */
static int
conf_decl_listen_format(struct conf_parser *p, struct conf_listen *l)
{
	size_t i;

	conf_lex_next(&p->lx);
	for (i = 0; p->lx.tok == CONF_TOK_WORD && i < CONF_INPUT_COUNT; i++)
		if (strcmp(p->lx.text, conf_decl_input_formats[i]) == 0)
			break;
	if (p->lx.tok != CONF_TOK_WORD || i == CONF_INPUT_COUNT)
		return conf_lex_expected(&p->lx,
		    "a format: auto, rfc3164, rfc5424, snare, nxlog-bsd, "
		    "nxlog-json, nxlog-kvp, nxlog-xml, rfc5424-sd, evtsys, "
		    "wmi, "
		    "wincollect, cef, ossec, eventreporter, syslog-ng-agent or "
		    "text");
	l->format = (enum conf_input_format)i;
	conf_lex_next(&p->lx);
	return 0;
}

int
conf_decl_listen(struct conf_parser *p)
{
	struct conf_listen l;
	struct conf_addr bin;
	bool has_community = false, has_level = false;

	memset(&l, 0, sizeof(l));
	l.line = p->lx.tok_line;
	(void)snprintf(l.file, sizeof(l.file), "%s", p->lx.tok_file);
	l.min_level = SNMP_USM_LEVEL_AUTH;
	l.handshake_timeout_ms = CONF_DEFAULT_HANDSHAKE_TIMEOUT_MS;
	conf_lex_next(&p->lx);
	if (conf_lex_is_kw(&p->lx, KW_TRAP)) {
		l.kind = CONF_LISTEN_TRAP;
	} else if (conf_lex_is_kw(&p->lx, KW_SYSLOG)) {
		conf_lex_next(&p->lx);
		if (conf_lex_is_kw(&p->lx, KW_UDP))
			l.kind = CONF_LISTEN_SYSLOG_UDP;
		else if (conf_lex_is_kw(&p->lx, KW_TCP))
			l.kind = CONF_LISTEN_SYSLOG_TCP;
		else if (conf_lex_is_kw(&p->lx, KW_TLS))
			l.kind = CONF_LISTEN_SYSLOG_TLS;
		else if (conf_lex_is_kw(&p->lx, KW_UNIX))
			l.kind = CONF_LISTEN_SYSLOG_UNIX;
		else
			return conf_lex_expected(&p->lx,
			    "'udp', 'tcp', 'tls' or 'unix'");
	} else {
		return conf_lex_expected(&p->lx, "'syslog' or 'trap'");
	}
	conf_lex_next(&p->lx);
	if (l.kind == CONF_LISTEN_SYSLOG_UNIX) {
		if (conf_listen_unix_path(p, &l) == -1)
			goto fail;
	} else if (conf_lex_want_kw(&p->lx, KW_ON, "'on'") == -1 ||
	    conf_lex_addr(&p->lx, l.addr, &bin) == -1 ||
	    conf_decl_port(p, &l.port) == -1)
		return -1;
	while (l.kind == CONF_LISTEN_TRAP) {
		int rc;

		if (conf_lex_is_kw(&p->lx, KW_COMMUNITY)) {
			has_community = true;
			rc = conf_decl_listen_community(p, &l);
		} else if (conf_lex_is_kw(&p->lx, KW_USER)) {
			rc = conf_usm_listen_user(p, &l);
		} else if (conf_lex_is_kw(&p->lx, KW_SECURITY_LEVEL)) {
			if (has_level)
				conf_lex_error(&p->lx,
				    "duplicate 'security-level'");
			has_level = true;
			rc = conf_usm_listen_level(p, &l);
		} else {
			break;
		}
		if (rc == -1)
			goto fail;
	}
	if (conf_listen_options(p, &l) == -1)
		goto fail;
	if (l.kind != CONF_LISTEN_TRAP && conf_lex_is_kw(&p->lx, KW_TIMEZONE)) {
		conf_lex_next(&p->lx);
		if (conf_decl_zone(p, &l.tz) == -1)
			goto fail;
	}
	if (l.kind != CONF_LISTEN_TRAP && conf_lex_is_kw(&p->lx, KW_FORMAT) &&
	    conf_decl_listen_format(p, &l) == -1)
		goto fail;
	if (conf_listen_allow(p, &l) == -1 || conf_lex_want_eol(&p->lx) == -1)
		goto fail;
	if (l.kind == CONF_LISTEN_TRAP && !has_community && l.nusers == 0)
		conf_lex_error_at(&p->lx, p->lx.tok_file, l.line,
		    "listen trap needs at least one community or user");
	if (has_level && l.nusers == 0)
		conf_lex_error_at(&p->lx, p->lx.tok_file, l.line,
		    "security-level without a user");
	conf_decl_listen_check(p, &l);
	conf_listen_finish(p, &l);
	if (!conf_grammar_room(p, l.line, p->conf->nlistens, CONF_LISTENS_MAX,
		"listeners")) {
		conf_free_strings(l.communities, l.ncommunities);
		tz_free(l.tz);
		conf_free_strings(l.users, l.nusers);
		conf_listen_clear(&l);
		return 0;
	}
	p->conf->listens = xreallocarray(p->conf->listens,
	    p->conf->nlistens + 1, sizeof(*p->conf->listens));
	p->conf->listens[p->conf->nlistens++] = l;
	return 0;
fail:
	conf_free_strings(l.communities, l.ncommunities);
	tz_free(l.tz);
	conf_free_strings(l.users, l.nusers);
	conf_listen_clear(&l);
	return -1;
}

int
conf_decl_target(struct conf_parser *p)
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
	t.retries = CONF_DEFAULT_TARGET_RETRIES;
	t.timeout_ms = CONF_DEFAULT_TARGET_TIMEOUT_MS;
	t.queue_max = CONF_DEFAULT_TARGET_QUEUE;
	if (conf_lex_is_kw(&p->lx, KW_V3))
		t.is_v3 = true;
	else if (!conf_lex_is_kw(&p->lx, KW_V2C))
		return conf_lex_expected(&p->lx, "'v2c' or 'v3'");
	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_TO, "'to'") == -1 ||
	    conf_lex_addr(&p->lx, t.addr, &bin) == -1 ||
	    conf_decl_port(p, &t.port) == -1 ||
	    conf_usm_target_security(p, &t) == -1 ||
	    conf_usm_target_options(p, &t) == -1) {
		snmp_usm_user_clear(&t.usm);
		return -1;
	}
	if (t.name[0] != '\0' &&
	    (o = conf_find_target(p->conf, t.name)) != NULL)
		conf_lex_error_at(&p->lx, p->lx.tok_file, t.line,
		    "duplicate target \"%s\" (line %d)",
		    conf_lex_quote(t.name, q, sizeof(q)), o->line);
	if (!conf_grammar_room(p, t.line, p->conf->ntargets, CONF_TARGETS_MAX,
		"targets")) {
		snmp_usm_user_clear(&t.usm);
		return 0;
	}
	p->conf->targets = xreallocarray(p->conf->targets,
	    p->conf->ntargets + 1, sizeof(*p->conf->targets));
	p->conf->targets[p->conf->ntargets++] = t;
	return 0;
}

static const struct conf_decl_facility_name {
	const char *name;
	int facility;
} conf_decl_facilities[] = {
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

int
conf_decl_facility(struct conf_parser *p, int *facility)
{
	size_t i;

	if (p->lx.tok != CONF_TOK_WORD)
		return conf_lex_expected(&p->lx, "a facility");
	for (i = 0;
	     i < sizeof(conf_decl_facilities) / sizeof(conf_decl_facilities[0]);
	     i++)
		if (strcmp(p->lx.text, conf_decl_facilities[i].name) == 0)
			break;
	if (i == sizeof(conf_decl_facilities) / sizeof(conf_decl_facilities[0]))
		conf_lex_error(&p->lx,
		    "unknown facility '%s' (user, daemon, "
		    "local0..local7)",
		    p->lx.text);
	else
		*facility = conf_decl_facilities[i].facility;
	conf_lex_next(&p->lx);
	return 0;
}

/* The words of `format`, one row a format. */
static const struct conf_decl_format_word {
	enum conf_kw kw;
	enum conf_format format;
} conf_decl_formats[] = {
	{ KW_TEXT, CONF_FORMAT_TEXT },
	{ KW_JSON, CONF_FORMAT_JSON },
	{ KW_RFC5424, CONF_FORMAT_RFC5424 },
	{ KW_CEF, CONF_FORMAT_CEF },
	{ KW_LEEF, CONF_FORMAT_LEEF },
};

/* After `format`: text|json|rfc5424|cef|leef [json-schema ecs]. */
int
conf_decl_format(struct conf_parser *p, enum conf_format *format)
{
	size_t i;

	for (i = 0;
	     i < sizeof(conf_decl_formats) / sizeof(conf_decl_formats[0]); i++)
		if (conf_lex_is_kw(&p->lx, conf_decl_formats[i].kw))
			break;
	if (i == sizeof(conf_decl_formats) / sizeof(conf_decl_formats[0]))
		return conf_lex_expected(&p->lx,
		    "'text', 'json', 'rfc5424', 'cef' or 'leef'");
	*format = conf_decl_formats[i].format;
	conf_lex_next(&p->lx);
	if (!conf_lex_is_kw(&p->lx, KW_JSON_SCHEMA))
		return 0;
	if (*format != CONF_FORMAT_JSON)
		conf_lex_error(&p->lx, "'json-schema' applies only to json");
	conf_lex_next(&p->lx);
	if (!conf_lex_is_kw(&p->lx, KW_ECS))
		return conf_lex_expected(&p->lx, "'ecs'");
	conf_lex_next(&p->lx);
	if (*format == CONF_FORMAT_JSON)
		*format = CONF_FORMAT_JSON_ECS;
	return 0;
}

/*
 * [format F [json-schema ecs]] [facility F] [socket "path"], in any order, each
 * at most once; facility and socket only for syslog.
 */
static int
conf_decl_alert_log_options(struct conf_parser *p, struct conf_alert_log *a)
{
	bool has_format = false, has_facility = false;

	for (;;) {
		if (conf_lex_is_kw(&p->lx, KW_FORMAT)) {
			if (has_format)
				conf_lex_error(&p->lx, "duplicate 'format'");
			has_format = true;
			conf_lex_next(&p->lx);
			if (conf_decl_format(p, &a->format) == -1)
				return -1;
		} else if (conf_lex_is_kw(&p->lx, KW_FACILITY)) {
			if (a->sink != CONF_SINK_SYSLOG)
				conf_lex_error(&p->lx,
				    "'facility' applies only "
				    "to alert-log syslog");
			else if (has_facility)
				conf_lex_error(&p->lx, "duplicate 'facility'");
			has_facility = true;
			conf_lex_next(&p->lx);
			if (conf_decl_facility(p, &a->facility) == -1)
				return -1;
		} else if (conf_lex_is_kw(&p->lx, KW_SOCKET)) {
			if (a->sink != CONF_SINK_SYSLOG)
				conf_lex_error(&p->lx,
				    "'socket' applies only "
				    "to alert-log syslog");
			else if (a->path != NULL)
				conf_lex_error(&p->lx, "duplicate 'socket'");
			conf_lex_next(&p->lx);
			free(a->path);
			a->path = NULL;
			if (conf_lex_string_dup(&p->lx, "alert-log socket",
				sizeof(((struct sockaddr_un *)0)->sun_path) - 1,
				CONF_LEX_STR_NAME | CONF_LEX_STR_PATH,
				&a->path) == -1)
				return -1;
		} else {
			return conf_lex_want_eol(&p->lx);
		}
	}
}

static void
conf_decl_alert_log_check(struct conf_parser *p, const struct conf_alert_log *a)
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

int
conf_decl_alert_log(struct conf_parser *p)
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
	if (conf_decl_alert_log_options(p, &a) == -1) {
		free(a.path);
		return -1;
	}
	conf_decl_alert_log_check(p, &a);
	if (!conf_grammar_room(p, a.line, p->conf->nalert_logs,
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
conf_decl_host_address(struct conf_parser *p, struct conf_host *h,
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
	if (!conf_grammar_room(p, p->lx.tok_line, p->nhost_addrs,
		CONF_HOST_ADDRS_MAX, "host addresses"))
		return;
	p->nhost_addrs++;
	h->addrs = xreallocarray(h->addrs, h->naddrs + 1, sizeof(*h->addrs));
	h->addrs[h->naddrs++] = *a;
}

int
conf_decl_host(struct conf_parser *p)
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
			conf_decl_host_address(p, &h, &a, text);
	}
	if (conf_lex_want_eol(&p->lx) == -1)
		goto fail;
	for (i = 0; h.name[0] != '\0' && i < p->conf->nhosts; i++)
		if (strcasecmp(p->conf->hosts[i].name, h.name) == 0)
			conf_lex_error_at(&p->lx, p->lx.tok_file, h.line,
			    "duplicate host \"%s\" (line %d)",
			    conf_lex_quote(h.name, q, sizeof(q)),
			    p->conf->hosts[i].line);
	if (!conf_grammar_room(p, h.line, p->conf->nhosts, CONF_HOSTS_MAX,
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
