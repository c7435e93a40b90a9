/* SPDX-License-Identifier: ISC */
/*
 * The forward statement: an alert forwarder to a remote syslog collector,
 *   forward "NAME" syslog udp|tcp|tls to ADDR port N [format F]
 *       [facility F] [ca "PATH"] [certificate "PATH" key "PATH"] [queue N]
 *       [spool "DIR" max SIZE]
 * options in any order, each at most once; ca, certificate and key only
 * for tls.  Pure.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "conf/conf.h"
#include "conf/conf_grammar.h"
#include "conf/conf_lex.h"
#include "core/xmalloc.h"

#define CONF_FORWARD_QUEUE_MAX 1000000
#define CONF_FORWARD_SPOOL_MIN (64 * 1024)
#define CONF_FORWARD_SPOOL_MAX (1024LL * 1024 * 1024 * 1024)

static const struct conf_forward_transport {
	enum conf_kw kw;
	enum conf_transport transport;
} conf_forward_transports[] = {
	{ KW_UDP, CONF_TRANSPORT_UDP },
	{ KW_TCP, CONF_TRANSPORT_TCP },
	{ KW_TLS, CONF_TRANSPORT_TLS },
};

/* A TLS file option: ca, certificate or key, once, only for tls. */
static int
conf_forward_path(struct conf_parser *p, struct conf_forward *f,
    const char *what, char **out)
{
	if (f->transport != CONF_TRANSPORT_TLS)
		conf_lex_error(&p->lx, "'%s' applies only to forward tls",
		    what);
	else if (*out != NULL)
		conf_lex_error(&p->lx, "duplicate '%s'", what);
	conf_lex_next(&p->lx);
	return conf_lex_string_dup(&p->lx, what, PATH_MAX,
	    CONF_LEX_STR_NAME | CONF_LEX_STR_PATH, out);
}

/* spool "DIR" max SIZE: not for udp. */
static int
conf_forward_spool(struct conf_parser *p, struct conf_forward *f)
{
	if (f->transport == CONF_TRANSPORT_UDP)
		conf_lex_error(&p->lx, "'spool' applies only to tcp and tls");
	else if (f->spool != NULL)
		conf_lex_error(&p->lx, "duplicate 'spool'");
	conf_lex_next(&p->lx);
	if (conf_lex_string_dup(&p->lx, "spool", PATH_MAX,
		CONF_LEX_STR_NAME | CONF_LEX_STR_PATH, &f->spool) == -1 ||
	    conf_lex_want_kw(&p->lx, KW_MAX, "'max'") == -1)
		return -1;
	return conf_lex_size(&p->lx, "spool max", CONF_FORWARD_SPOOL_MIN,
	    CONF_FORWARD_SPOOL_MAX, &f->spool_max);
}

static int
conf_forward_option(struct conf_parser *p, struct conf_forward *f,
    unsigned int *seen)
{
	long long v;
	int kw = conf_lex_is_kw(&p->lx, KW_FORMAT) ? KW_FORMAT
	    : conf_lex_is_kw(&p->lx, KW_FACILITY)  ? KW_FACILITY
	    : conf_lex_is_kw(&p->lx, KW_QUEUE)     ? KW_QUEUE
						   : KW_NONE;

	if (kw != KW_NONE) {
		unsigned int bit = 1u << (kw == KW_FORMAT      ? 0
					   : kw == KW_FACILITY ? 1
							       : 2);

		if (*seen & bit)
			conf_lex_error(&p->lx, "duplicate '%s'", p->lx.text);
		*seen |= bit;
		conf_lex_next(&p->lx);
	}
	switch (kw) {
	case KW_FORMAT:
		return conf_decl_format(p, &f->format);
	case KW_FACILITY:
		return conf_decl_facility(p, &f->facility);
	case KW_QUEUE:
		if (conf_lex_number(&p->lx, "queue", 1, CONF_FORWARD_QUEUE_MAX,
			&v) == -1)
			return -1;
		f->queue_max = (size_t)v;
		return 0;
	default:
		break;
	}
	if (conf_lex_is_kw(&p->lx, KW_CA))
		return conf_forward_path(p, f, "ca", &f->ca);
	if (conf_lex_is_kw(&p->lx, KW_CERTIFICATE))
		return conf_forward_path(p, f, "certificate", &f->certificate);
	if (conf_lex_is_kw(&p->lx, KW_KEY))
		return conf_forward_path(p, f, "key", &f->key);
	if (conf_lex_is_kw(&p->lx, KW_SPOOL))
		return conf_forward_spool(p, f);
	return 1; /* not an option */
}

/* The statement's head: "NAME" syslog udp|tcp|tls to ADDR port N. */
static int
conf_forward_head(struct conf_parser *p, struct conf_forward *f)
{
	struct conf_addr bin;
	size_t i;

	conf_lex_next(&p->lx);
	if (conf_lex_string_buf(&p->lx, "forward name", f->name,
		sizeof(f->name), CONF_LEX_STR_NAME) == -1 ||
	    conf_lex_want_kw(&p->lx, KW_SYSLOG, "'syslog'") == -1)
		return -1;
	for (i = 0; i < sizeof(conf_forward_transports) /
		 sizeof(conf_forward_transports[0]);
	     i++)
		if (conf_lex_is_kw(&p->lx, conf_forward_transports[i].kw))
			break;
	if (i ==
	    sizeof(conf_forward_transports) /
		sizeof(conf_forward_transports[0]))
		return conf_lex_expected(&p->lx, "'udp', 'tcp' or 'tls'");
	f->transport = conf_forward_transports[i].transport;
	conf_lex_next(&p->lx);
	if (conf_lex_want_kw(&p->lx, KW_TO, "'to'") == -1 ||
	    conf_lex_addr(&p->lx, f->addr, &bin) == -1 ||
	    conf_decl_port(p, &f->port) == -1)
		return -1;
	return 0;
}

static void
conf_forward_check(struct conf_parser *p, const struct conf_forward *f)
{
	size_t i;

	if ((f->certificate == NULL) != (f->key == NULL))
		conf_lex_error_at(&p->lx, p->lx.tok_file, f->line,
		    "'certificate' and 'key' go together");
	for (i = 0; i < p->conf->nforwards; i++)
		if (strcmp(p->conf->forwards[i].name, f->name) == 0)
			conf_lex_error_at(&p->lx, p->lx.tok_file, f->line,
			    "duplicate forward \"%s\" (line %d)", f->name,
			    p->conf->forwards[i].line);
}

int
conf_forward_parse(struct conf_parser *p)
{
	struct conf_forward f;
	unsigned int seen = 0;
	int r;

	memset(&f, 0, sizeof(f));
	f.line = p->lx.tok_line;
	f.format = CONF_FORMAT_RFC5424;
	f.facility = LOG_DAEMON;
	f.queue_max = CONF_DEFAULT_FORWARD_QUEUE;
	if (conf_forward_head(p, &f) == -1)
		return -1;
	while ((r = conf_forward_option(p, &f, &seen)) == 0)
		;
	if (r == -1 || conf_lex_want_eol(&p->lx) == -1) {
		conf_forward_clear(&f);
		return -1;
	}
	conf_forward_check(p, &f);
	if (!conf_grammar_room(p, f.line, p->conf->nforwards, CONF_FORWARDS_MAX,
		"forwards")) {
		conf_forward_clear(&f);
		return 0;
	}
	p->conf->forwards = xreallocarray(p->conf->forwards,
	    p->conf->nforwards + 1, sizeof(*p->conf->forwards));
	p->conf->forwards[p->conf->nforwards++] = f;
	return 0;
}
