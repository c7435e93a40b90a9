/* SPDX-License-Identifier: ISC */
/*
 * The rule block of the configuration grammar: rule "name" { ... }, one
 * setting a line, each at most once, defaults filled and the whole rule
 * checked at its '}'.  `emit to` names are checked once all is read.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf.h"
#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"
#include "core/regex.h"
#include "core/severity.h"
#include "core/xmalloc.h"

/* A rule's `emit to` name, checked once every target is known. */
struct conf_target_ref {
	bool is_forward; /* names a forwarder (forward to), else a target */
	char target[CONF_NAME_MAX];
	char rule[CONF_RULE_NAME_MAX];
	const char *file;
	int line;
};

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
	SET_LATENESS,
	SET_TIMEOUT_ALERT,
	SET_CLEAR,
	SET_FORWARD,
	SET_COUNT,
};

struct conf_rule_ctx {
	struct conf_rule r;
	const char *file;
	int line;
	int seen_line[SET_COUNT];       /* 0: not set */
	char q[CONF_RULE_NAME_MAX * 4]; /* the name, quoted for messages */
};

/* A quoted PCRE2 pattern, compiled now: a bad one is a file:line error. */
static int
conf_rule_regex(struct conf_parser *p, struct conf_match *m)
{
	char pat[REGEX_PATTERN_MAX + 1], err[256];
	int line = p->lx.tok_line;
	struct regex *re;

	if (conf_lex_string_buf(&p->lx, "regular expression", pat, sizeof(pat),
		CONF_LEX_STR_NONEMPTY) == -1)
		return -1;
	if ((re = regex_compile(pat, err, sizeof(err))) == NULL) {
		conf_lex_error_at(&p->lx, p->lx.tok_file, line,
		    "bad regular expression: %s", err);
		return 0;
	}
	regex_free(m->text);
	m->text = re;
	return 0;
}

static int
conf_rule_match(struct conf_parser *p, struct conf_match *m)
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
				CONF_SOURCE_MAX, CONF_LEX_STR_NAME,
				&m->source) == -1)
				return -1;
		} else if (conf_lex_is_kw(&p->lx, KW_LOG)) {
			if (m->log != NULL)
				conf_lex_error(&p->lx, "duplicate 'log'");
			conf_lex_next(&p->lx);
			if (conf_lex_string_dup(&p->lx, "log", CONF_LOG_MAX,
				CONF_LEX_STR_NAME, &m->log) == -1)
				return -1;
		} else if (conf_lex_is_kw(&p->lx, KW_TEXT)) {
			if (m->text != NULL)
				conf_lex_error(&p->lx, "duplicate 'text'");
			conf_lex_next(&p->lx);
			if (p->lx.tok != CONF_TOK_WORD ||
			    strcmp(p->lx.text, "~") != 0)
				return conf_lex_expected(&p->lx, "'~'");
			conf_lex_next(&p->lx);
			if (conf_rule_regex(p, m) == -1)
				return -1;
		} else {
			return conf_lex_want_eol(&p->lx);
		}
	}
}

static int
conf_rule_open(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_match(p, &rc->r.open);
}

static int
conf_rule_close(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_match(p, &rc->r.close);
}

static int
conf_rule_clear(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	rc->r.has_clear = true;
	return conf_rule_match(p, &rc->r.clear);
}

static int
conf_rule_set_lateness(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "lateness", 0, CONF_LATENESS_MAX_MS,
		&rc->r.lateness_ms) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_rule_timeout_alert(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_lex_next(&p->lx);
	if (conf_lex_is_kw(&p->lx, KW_YES))
		rc->r.timeout_alert = true;
	else if (conf_lex_is_kw(&p->lx, KW_NO))
		rc->r.timeout_alert = false;
	else
		return conf_lex_expected(&p->lx, "'yes' or 'no'");
	conf_lex_next(&p->lx);
	return conf_lex_want_eol(&p->lx);
}

static int
conf_rule_within(struct conf_parser *p, struct conf_rule_ctx *rc)
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
conf_rule_holddown(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_lex_next(&p->lx);
	if (conf_lex_duration(&p->lx, "holddown", 0, CONF_DURATION_MAX_MS,
		&rc->r.holddown_ms) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_rule_severity(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_lex_next(&p->lx);
	if (p->lx.tok != CONF_TOK_WORD)
		return conf_lex_expected(&p->lx, "a severity");
	if (severity_parse(p->lx.text, &rc->r.severity) == -1)
		conf_lex_error(&p->lx,
		    "unknown severity '%s' (critical, major, "
		    "minor, warning, info)",
		    p->lx.text);
	conf_lex_next(&p->lx);
	return conf_lex_want_eol(&p->lx);
}

static int
conf_rule_text(struct conf_parser *p, const char *what, size_t size, int flags,
    char **out)
{
	conf_lex_next(&p->lx);
	if (conf_lex_string_dup(&p->lx, what, size, flags, out) == -1)
		return -1;
	return conf_lex_want_eol(&p->lx);
}

static int
conf_rule_title(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_text(p, "title", 256, CONF_LEX_STR_NAME, &rc->r.title);
}

static int
conf_rule_cause(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_text(p, "cause", CONF_LEX_STRING_MAX + 1, 0,
	    &rc->r.cause);
}

static int
conf_rule_fix(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_text(p, "fix", CONF_LEX_STRING_MAX + 1, 0, &rc->r.fix);
}

static int
conf_rule_reference(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_text(p, "reference", 256, CONF_LEX_STR_NOCTRL,
	    &rc->r.reference);
}

static void
conf_rule_target(struct conf_parser *p, struct conf_rule_ctx *rc,
    const char *name, int line, bool is_forward)
{
	struct conf_target_ref *ref;
	struct conf_rule *r = &rc->r;
	char ***list = is_forward ? &r->forwards : &r->targets;
	size_t *n = is_forward ? &r->nforwards : &r->ntargets, i;
	const char *what = is_forward ? "forward" : "target";
	char q[CONF_NAME_MAX * 4];

	if (!conf_grammar_room(p, line, *n, CONF_TARGETS_MAX,
		is_forward ? "forwards in a rule" : "targets in a rule"))
		return;
	for (i = 0; i < *n; i++) {
		if (strcmp((*list)[i], name) == 0) {
			conf_lex_error_at(&p->lx, p->lx.tok_file, line,
			    "%s \"%s\" named twice", what,
			    conf_lex_quote(name, q, sizeof(q)));
			return;
		}
	}
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = xstrdup(name);
	/* Targets may be defined after the rule: check at the end. */
	p->refs = xreallocarray(p->refs, p->nrefs + 1, sizeof(*p->refs));
	ref = &p->refs[p->nrefs++];
	ref->is_forward = is_forward;
	memcpy(ref->target, name, strlen(name) + 1);
	memcpy(ref->rule, r->name, strlen(r->name) + 1);
	ref->file = p->lx.tok_file;
	ref->line = line;
}

/* emit to "NAME"... and forward to "NAME"...: names, at least one. */
static int
conf_rule_names(struct conf_parser *p, struct conf_rule_ctx *rc,
    bool is_forward)
{
	char name[CONF_NAME_MAX];
	int line;

	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_TO, "'to'") == -1)
		return -1;
	if (p->lx.tok != CONF_TOK_STRING)
		return conf_lex_expected(&p->lx,
		    is_forward ? "a forward name" : "a target name");
	while (p->lx.tok == CONF_TOK_STRING) {
		line = p->lx.tok_line;
		if (conf_lex_string_buf(&p->lx,
			is_forward ? "forward name" : "target name", name,
			sizeof(name), CONF_LEX_STR_NAME) == -1)
			return -1;
		if (name[0] != '\0')
			conf_rule_target(p, rc, name, line, is_forward);
	}
	return conf_lex_want_eol(&p->lx);
}

static int
conf_rule_emit(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_names(p, rc, false);
}

static int
conf_rule_forward(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_rule_names(p, rc, true);
}

static const struct conf_rule_setting {
	enum conf_kw kw;
	enum conf_rule_setting_id id;
	const char *name;
	int (*parse)(struct conf_parser *, struct conf_rule_ctx *);
} conf_rule_settings[] = {
	{ KW_OPEN, SET_OPEN, "open", conf_rule_open },
	{ KW_CLOSE, SET_CLOSE, "close", conf_rule_close },
	{ KW_WITHIN, SET_WITHIN, "within", conf_rule_within },
	{ KW_HOLDDOWN, SET_HOLDDOWN, "holddown", conf_rule_holddown },
	{ KW_SEVERITY, SET_SEVERITY, "severity", conf_rule_severity },
	{ KW_TITLE, SET_TITLE, "title", conf_rule_title },
	{ KW_CAUSE, SET_CAUSE, "cause", conf_rule_cause },
	{ KW_FIX, SET_FIX, "fix", conf_rule_fix },
	{ KW_REFERENCE, SET_REFERENCE, "reference", conf_rule_reference },
	{ KW_EMIT, SET_EMIT, "emit", conf_rule_emit },
	{ KW_LATENESS, SET_LATENESS, "lateness", conf_rule_set_lateness },
	{ KW_TIMEOUT_ALERT, SET_TIMEOUT_ALERT, "timeout-alert",
	    conf_rule_timeout_alert },
	{ KW_CLEAR, SET_CLEAR, "clear", conf_rule_clear },
	{ KW_FORWARD, SET_FORWARD, "forward", conf_rule_forward },
};

static const struct conf_rule_setting *
conf_rule_setting_find(enum conf_kw kw)
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
conf_rule_setting(struct conf_parser *p, struct conf_rule_ctx *rc,
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
conf_rule_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/* Checks a complete rule, fills its defaults and adds it to the conf. */
static void
conf_rule_finish(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	struct conf_rule *r = &rc->r;

	if (rc->seen_line[SET_OPEN] == 0)
		conf_lex_error_at(&p->lx, rc->file, rc->line,
		    "rule \"%s\" has no 'open event'", rc->q);
	if (rc->seen_line[SET_CLOSE] == 0)
		conf_lex_error_at(&p->lx, rc->file, rc->line,
		    "rule \"%s\" has no 'close event'", rc->q);
	if (rc->seen_line[SET_OPEN] != 0 && rc->seen_line[SET_CLOSE] != 0 &&
	    r->open.event_id == r->close.event_id &&
	    conf_rule_streq(r->open.source, r->close.source) &&
	    conf_rule_streq(r->open.log, r->close.log) &&
	    r->open.text == NULL && r->close.text == NULL)
		conf_lex_error_at(&p->lx, rc->file, rc->seen_line[SET_CLOSE],
		    "rule \"%s\": open and close match the same events", rc->q);
	if (!conf_grammar_room(p, rc->line, p->conf->nrules, CONF_RULES_MAX,
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

static void
conf_rule_body(struct conf_parser *p, struct conf_rule_ctx *rc)
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
		if ((s = conf_rule_setting_find(p->lx.kw)) != NULL) {
			conf_rule_setting(p, rc, s);
		} else if (conf_grammar_is_statement(p->lx.kw)) {
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

int
conf_rule_parse(struct conf_parser *p)
{
	struct conf_rule_ctx rc;
	bool is_bad;

	memset(&rc, 0, sizeof(rc));
	rc.file = p->lx.tok_file;
	rc.line = rc.r.line = p->lx.tok_line;
	rc.r.window_ms = CONF_DEFAULT_WINDOW_MS;
	rc.r.holddown_ms = CONF_DEFAULT_HOLDDOWN_MS;
	rc.r.lateness_ms = -1;
	rc.r.severity = SEVERITY_MAJOR;
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
	if (rc.r.name[0] != '\0' && conf_find_rule(p->conf, rc.r.name) != NULL)
		conf_lex_error_at(&p->lx, rc.file, rc.line,
		    "duplicate rule \"%s\" (line %d)", rc.q,
		    conf_find_rule(p->conf, rc.r.name)->line);
	conf_lex_next(&p->lx);
	if (conf_lex_want_eol(&p->lx) == -1)
		conf_lex_skip_line(&p->lx);
	conf_rule_body(p, &rc);
	conf_rule_finish(p, &rc);
	return 0;
}

void
conf_rule_check_targets(struct conf_parser *p)
{
	const struct conf_target_ref *ref;
	char q1[CONF_RULE_NAME_MAX * 4], q2[CONF_NAME_MAX * 4];
	size_t i;

	for (i = 0; i < p->nrefs; i++) {
		ref = &p->refs[i];
		if (ref->is_forward) {
			if (conf_find_forward(p->conf, ref->target) == NULL)
				conf_lex_error_at(&p->lx, ref->file, ref->line,
				    "rule \"%s\": forward to unknown forward "
				    "\"%s\"",
				    conf_lex_quote(ref->rule, q1, sizeof(q1)),
				    conf_lex_quote(ref->target, q2,
					sizeof(q2)));
			continue;
		}
		if (conf_find_target(p->conf, ref->target) == NULL)
			conf_lex_error_at(&p->lx, ref->file, ref->line,
			    "rule \"%s\": emit to unknown target \"%s\"",
			    conf_lex_quote(ref->rule, q1, sizeof(q1)),
			    conf_lex_quote(ref->target, q2, sizeof(q2)));
	}
}
