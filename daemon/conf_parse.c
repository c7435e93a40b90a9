/* SPDX-License-Identifier: ISC */
/*
 * Configuration text -> struct conf: a small tokenizer over a stack of
 * files (include), a keyword table searched with bsearch, and recursive
 * descent over keyword-first lines.  Every error is collected as
 * file:line: message; parsing goes on after an error (skipping the rest of
 * the line) so that all of them are reported, and any error means no conf.
 * Reads the files it is told to include; touches nothing else.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

#include "conf.h"
#include "conf_parse.h"
#include "escape.h"
#include "rule.h"
#include "xmalloc.h"

#define CONF_FILE_MAX (1024 * 1024)      /* bytes of one file */
#define CONF_TOTAL_MAX (8 * 1024 * 1024) /* bytes of all files read */
#define CONF_INCLUDES_MAX 256            /* files included in all */
#define CONF_INCLUDE_DEPTH 8             /* nesting of include */
#define CONF_LINE_MAX 8192               /* bytes of one line */
#define CONF_STRING_MAX 4096             /* bytes of a quoted string, decoded */
#define CONF_WORD_MAX 255                /* bytes of a bare word */
#define CONF_DAY_MS (24LL * 60 * 60 * 1000)
#define CONF_DURATION_MAX_MS (7 * CONF_DAY_MS)
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

enum conf_tok {
	TOK_EOF,
	TOK_NEWLINE,
	TOK_WORD,
	TOK_STRING,
	TOK_LBRACE,
	TOK_RBRACE,
	TOK_ERROR, /* a lexical error, already reported; rest of line skipped */
};

enum conf_kw {
	KW_NONE, /* a word that is not a keyword */
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

/* Sorted by name (strcmp order) for bsearch. */
static const struct conf_keyword {
	const char *name;
	enum conf_kw kw;
} conf_keywords[] = {
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

/* One file on the include stack. */
struct conf_file {
	const char *name; /* interned in conf_parser.names */
	char *owned;      /* the buffer when read from disk, else NULL */
	const char *buf;
	size_t len;
	size_t pos;
	int line;
	bool is_bol; /* at the beginning of a line: check its length */
	bool has_id; /* dev and ino identify it (include loop detection) */
	dev_t dev;
	ino_t ino;
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
	struct conf_errors *errs;

	struct conf_file files[CONF_INCLUDE_DEPTH + 1];
	size_t nfiles;
	size_t nincludes;
	size_t total_len;
	char **names; /* every file name seen, for errors reported late */
	size_t nnames;

	enum conf_tok tok; /* the current token */
	enum conf_kw kw;   /* TOK_WORD: its keyword, or KW_NONE */
	int tok_line;
	const char *tok_file;
	char text[CONF_STRING_MAX + 1]; /* TOK_WORD, TOK_STRING */

	struct conf_target_ref *refs;
	size_t nrefs;
	size_t nhost_addrs;
	const char *global_file[GLOBAL_COUNT];
	int global_line[GLOBAL_COUNT];
};

/* Flags for strings. */
#define STR_NONEMPTY 0x1
#define STR_NOCTRL 0x2  /* no control characters (from \n or \t) */
#define STR_NOSPACE 0x4 /* no blanks */
#define STR_PATH 0x8    /* an absolute path */
#define STR_NAME (STR_NONEMPTY | STR_NOCTRL)

/* ------------------------------------------------------------ errors */

static void __attribute__((format(printf, 4, 0)))
conf_parse_verror(struct conf_parser *p, const char *file, int line,
    const char *fmt, va_list ap)
{
	struct conf_errors *e = p->errs;

	if (e->count < CONF_ERRORS_MAX) {
		/* Truncation only shortens a message meant for display. */
		(void)snprintf(e->list[e->count].file,
		    sizeof(e->list[e->count].file), "%s", file);
		e->list[e->count].err.line = line;
		e->list[e->count].err.offset = 0;
		(void)vsnprintf(e->list[e->count].err.msg,
		    sizeof(e->list[e->count].err.msg), fmt, ap);
	}
	e->count++;
}

static void __attribute__((format(printf, 4, 5)))
conf_parse_error_at(struct conf_parser *p, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_parse_verror(p, file, line, fmt, ap);
	va_end(ap);
}

/* An error on the line of the current token. */
static void __attribute__((format(printf, 2, 3)))
conf_parse_error(struct conf_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_parse_verror(p, p->tok_file, p->tok_line, fmt, ap);
	va_end(ap);
}

/* A name from the file, made safe for a message. */
static const char *
conf_parse_quote(const char *s, char *buf, size_t len)
{
	escape_text(s, strlen(s), buf, len);
	return buf;
}

static void
conf_parse_free_strings(char **v, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(v[i]);
	free(v);
}

/* Whether one more fits under a cap; reports it when not. */
static bool
conf_parse_room(struct conf_parser *p, int line, size_t count, size_t max,
    const char *what)
{
	if (count < max)
		return true;
	conf_parse_error_at(p, p->tok_file, line, "more than %zu %s", max,
	    what);
	return false;
}

/* ------------------------------------------------------------ tokenizer */

static int
conf_parse_kwcmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct conf_keyword *)elem)->name);
}

static enum conf_kw
conf_parse_keyword(const char *word)
{
	const struct conf_keyword *k;

	k = bsearch(word, conf_keywords,
	    sizeof(conf_keywords) / sizeof(conf_keywords[0]),
	    sizeof(conf_keywords[0]), conf_parse_kwcmp);
	return k == NULL ? KW_NONE : k->kw;
}

/* Reports a lexical error and skips to the end of the line. */
static enum conf_tok __attribute__((format(printf, 3, 4)))
conf_parse_lex_error(struct conf_parser *p, struct conf_file *f,
    const char *fmt, ...)
{
	const char *nl;
	va_list ap;

	va_start(ap, fmt);
	conf_parse_verror(p, f->name, f->line, fmt, ap);
	va_end(ap);
	nl = memchr(f->buf + f->pos, '\n', f->len - f->pos);
	f->pos = nl == NULL ? f->len : (size_t)(nl - f->buf);
	return TOK_ERROR;
}

static bool
conf_parse_is_word_char(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '"' && c != '#' && c != '{' &&
	    c != '}';
}

static bool
conf_parse_is_delim(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' ||
	    c == '#' || c == '{' || c == '}';
}

static enum conf_tok
conf_parse_lex_word(struct conf_parser *p, struct conf_file *f)
{
	size_t start = f->pos, n;

	while (f->pos < f->len &&
	    conf_parse_is_word_char((unsigned char)f->buf[f->pos]))
		f->pos++;
	if (f->pos < f->len &&
	    !conf_parse_is_delim((unsigned char)f->buf[f->pos]))
		return conf_parse_lex_error(p, f, "invalid character 0x%02x",
		    (unsigned char)f->buf[f->pos]);
	n = f->pos - start;
	if (n > CONF_WORD_MAX)
		return conf_parse_lex_error(p, f, "word longer than %d bytes",
		    CONF_WORD_MAX);
	memcpy(p->text, f->buf + start, n);
	p->text[n] = '\0';
	p->kw = conf_parse_keyword(p->text);
	return TOK_WORD;
}

static enum conf_tok
conf_parse_lex_string(struct conf_parser *p, struct conf_file *f)
{
	size_t n = 0;
	unsigned char c;

	for (f->pos++;; f->pos++) {
		if (f->pos >= f->len || f->buf[f->pos] == '\n')
			return conf_parse_lex_error(p, f,
			    "unterminated string");
		c = (unsigned char)f->buf[f->pos];
		if (c == '"')
			break;
		if (c == '\\') {
			if (f->pos + 1 >= f->len || f->buf[f->pos + 1] == '\n')
				return conf_parse_lex_error(p, f,
				    "unterminated string");
			c = (unsigned char)f->buf[++f->pos];
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c != '"' && c != '\\')
				return conf_parse_lex_error(p, f,
				    "invalid escape 0x%02x in string "
				    "(use \\\" \\\\ \\n \\t)",
				    c);
		} else if (c == '\0') {
			return conf_parse_lex_error(p, f, "NUL byte in string");
		} else if ((c < ' ' && c != '\t') || c == 0x7f) {
			return conf_parse_lex_error(p, f,
			    "control character 0x%02x in string", c);
		}
		if (n >= CONF_STRING_MAX)
			return conf_parse_lex_error(p, f,
			    "string longer than %d bytes", CONF_STRING_MAX);
		p->text[n++] = (char)c;
	}
	f->pos++;
	p->text[n] = '\0';
	return TOK_STRING;
}

static enum conf_tok
conf_parse_lex(struct conf_parser *p)
{
	struct conf_file *f = &p->files[p->nfiles - 1];
	const char *nl;
	size_t linelen;

	p->tok_file = f->name;
	for (;;) {
		p->tok_line = f->line;
		if (f->is_bol) {
			f->is_bol = false;
			nl = memchr(f->buf + f->pos, '\n', f->len - f->pos);
			linelen = (nl == NULL ? f->buf + f->len : nl) -
			    (f->buf + f->pos);
			if (linelen > CONF_LINE_MAX)
				return conf_parse_lex_error(p, f,
				    "line longer than %d bytes", CONF_LINE_MAX);
		}
		if (f->pos >= f->len)
			return TOK_EOF;
		switch (f->buf[f->pos]) {
		case ' ':
		case '\t':
		case '\r':
			f->pos++;
			break;
		case '#':
			nl = memchr(f->buf + f->pos, '\n', f->len - f->pos);
			f->pos = nl == NULL ? f->len : (size_t)(nl - f->buf);
			break;
		case '\n':
			f->pos++;
			f->line++;
			f->is_bol = true;
			return TOK_NEWLINE;
		case '{':
			f->pos++;
			return TOK_LBRACE;
		case '}':
			f->pos++;
			return TOK_RBRACE;
		case '"':
			return conf_parse_lex_string(p, f);
		default:
			return conf_parse_lex_word(p, f);
		}
	}
}

static void
conf_parse_next(struct conf_parser *p)
{
	p->tok = conf_parse_lex(p);
	if (p->tok != TOK_WORD)
		p->kw = KW_NONE;
}

/* ------------------------------------------------------------ files */

static const char *
conf_parse_intern(struct conf_parser *p, const char *name)
{
	p->names = xreallocarray(p->names, p->nnames + 1, sizeof(*p->names));
	p->names[p->nnames] = xstrdup(name);
	return p->names[p->nnames++];
}

static bool
conf_parse_push_ok(struct conf_parser *p, size_t len)
{
	if (p->nfiles > CONF_INCLUDE_DEPTH) {
		conf_parse_error(p, "include nested more than %d deep",
		    CONF_INCLUDE_DEPTH);
		return false;
	}
	if (len > CONF_FILE_MAX || p->total_len + len > CONF_TOTAL_MAX) {
		conf_parse_error(p,
		    "configuration too large (a file may hold "
		    "%d bytes, all files %d)",
		    CONF_FILE_MAX, CONF_TOTAL_MAX);
		return false;
	}
	return true;
}

/* Pushes a file to read next; takes ownership of owned. */
static void
conf_parse_push(struct conf_parser *p, const char *name, const char *buf,
    char *owned, size_t len, const struct stat *sb)
{
	struct conf_file *f = &p->files[p->nfiles++];

	memset(f, 0, sizeof(*f));
	f->name = conf_parse_intern(p, name);
	f->buf = buf;
	f->owned = owned;
	f->len = len;
	f->line = 1;
	f->is_bol = true;
	if (sb != NULL) {
		f->has_id = true;
		f->dev = sb->st_dev;
		f->ino = sb->st_ino;
	}
	p->total_len += len;
}

static void
conf_parse_pop(struct conf_parser *p)
{
	free(p->files[--p->nfiles].owned);
}

/*
 * Reads a regular file of at most CONF_FILE_MAX bytes into a buffer of
 * about its size.  NULL with *why set on failure.
 */
static char *
conf_parse_read(const char *path, struct stat *sb, size_t *lenp,
    const char **why)
{
	size_t len = 0, size;
	ssize_t n = 0;
	char *buf;
	int fd;

	/* O_NONBLOCK: opening a FIFO named by mistake must not hang. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1 || fstat(fd, sb) == -1) {
		*why = strerror(errno);
		if (fd != -1)
			close(fd);
		return NULL;
	}
	*why = S_ISREG(sb->st_mode) ? "file larger than 1 MiB"
				    : "not a regular file";
	if (!S_ISREG(sb->st_mode) || sb->st_size > CONF_FILE_MAX) {
		close(fd);
		return NULL;
	}
	/* The size may change while reading (or be 0, as in /proc). */
	size = (size_t)sb->st_size + 1;
	buf = xmalloc(size);
	for (;;) {
		if (len == size) {
			if (size > CONF_FILE_MAX)
				break; /* larger than the cap */
			size = size * 2 > CONF_FILE_MAX + 1 ? CONF_FILE_MAX + 1
							    : size * 2;
			buf = xreallocarray(buf, size, 1);
		}
		n = read(fd, buf + len, size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (n == -1)
		*why = strerror(errno);
	close(fd);
	if (n == -1 || len > CONF_FILE_MAX) {
		free(buf);
		return NULL;
	}
	*lenp = len;
	return buf;
}

static bool
conf_parse_is_open(const struct conf_parser *p, const struct stat *sb)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++)
		if (p->files[i].has_id && p->files[i].dev == sb->st_dev &&
		    p->files[i].ino == sb->st_ino)
			return true;
	return false;
}

/* include "path": relative to the directory of the including file. */
static void
conf_parse_include_file(struct conf_parser *p, const char *path)
{
	const char *from = p->files[p->nfiles - 1].name, *slash;
	char full[PATH_MAX], q[128];
	const char *why;
	struct stat sb;
	size_t len;
	char *buf;
	int n;

	slash = strrchr(from, '/');
	if (path[0] == '/' || slash == NULL)
		n = snprintf(full, sizeof(full), "%s", path);
	else
		n = snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - from),
		    from, path);
	if (n < 0 || (size_t)n >= sizeof(full)) {
		conf_parse_error(p, "include path too long");
		return;
	}
	if (++p->nincludes > CONF_INCLUDES_MAX) {
		conf_parse_error(p, "more than %d includes", CONF_INCLUDES_MAX);
		return;
	}
	if ((buf = conf_parse_read(full, &sb, &len, &why)) == NULL) {
		conf_parse_error(p, "include \"%s\": %s",
		    conf_parse_quote(full, q, sizeof(q)), why);
		return;
	}
	if (conf_parse_is_open(p, &sb)) {
		conf_parse_error(p,
		    "include loop: \"%s\" is already being read",
		    conf_parse_quote(full, q, sizeof(q)));
		free(buf);
		return;
	}
	if (!conf_parse_push_ok(p, len)) {
		free(buf);
		return;
	}
	conf_parse_push(p, full, buf, buf, len, &sb);
}

/* ------------------------------------------------------------ values */

static const char *
conf_parse_tok_name(const struct conf_parser *p, char *buf, size_t len)
{
	switch (p->tok) {
	case TOK_EOF:
		return "end of file";
	case TOK_NEWLINE:
		return "end of line";
	case TOK_STRING:
		return "a string";
	case TOK_LBRACE:
		return "'{'";
	case TOK_RBRACE:
		return "'}'";
	case TOK_WORD:
		/* A word has at most CONF_WORD_MAX bytes. */
		(void)snprintf(buf, len, "'%.*s'", CONF_WORD_MAX, p->text);
		return buf;
	case TOK_ERROR:
		break;
	}
	return "an invalid token";
}

/* Reports a syntax error at the current token; returns -1. */
static int
conf_parse_expected(struct conf_parser *p, const char *what)
{
	char buf[CONF_WORD_MAX + 3];

	if (p->tok != TOK_ERROR)
		conf_parse_error(p, "expected %s, got %s", what,
		    conf_parse_tok_name(p, buf, sizeof(buf)));
	return -1;
}

static bool
conf_parse_is_kw(const struct conf_parser *p, enum conf_kw kw)
{
	return p->tok == TOK_WORD && p->kw == kw;
}

static int
conf_parse_want_kw(struct conf_parser *p, enum conf_kw kw, const char *what)
{
	if (!conf_parse_is_kw(p, kw))
		return conf_parse_expected(p, what);
	conf_parse_next(p);
	return 0;
}

static int
conf_parse_want_eol(struct conf_parser *p)
{
	if (p->tok == TOK_EOF)
		return 0;
	if (p->tok != TOK_NEWLINE)
		return conf_parse_expected(p, "end of line");
	conf_parse_next(p);
	return 0;
}

static void
conf_parse_skip_line(struct conf_parser *p)
{
	while (p->tok != TOK_NEWLINE && p->tok != TOK_EOF)
		conf_parse_next(p);
	if (p->tok == TOK_NEWLINE)
		conf_parse_next(p);
}

/*
 * The one number parser: decimal digits only (no sign, no blanks, no
 * junk), within min..max.  Returns 0, -1 when s is not a number, or -2
 * when it is out of range (overflow included).
 */
static int
conf_parse_number_text(const char *s, long long min, long long max,
    long long *out)
{
	long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		return -1;
	if (errno == ERANGE || v < min || v > max)
		return -2;
	*out = v;
	return 0;
}

/*
 * A number in min..max.  Like every value getter: -1 on a syntax error
 * (token not consumed); a bad value is reported and consumed, returning 0,
 * so that the rest of the line is still checked.
 */
static int
conf_parse_number(struct conf_parser *p, const char *what, long long min,
    long long max, long long *out)
{
	*out = min;
	if (p->tok != TOK_WORD)
		return conf_parse_expected(p, what);
	switch (conf_parse_number_text(p->text, min, max, out)) {
	case -1:
		conf_parse_error(p, "%s '%s' is not a number", what, p->text);
		break;
	case -2:
		conf_parse_error(p, "%s '%s' is out of range (%lld..%lld)",
		    what, p->text, min, max);
		break;
	}
	conf_parse_next(p);
	return 0;
}

struct conf_unit {
	const char *name;
	long long scale;
};

/* Smallest first. */
static const struct conf_unit conf_duration_units[] = {
	{ "ms", 1 },
	{ "s", 1000 },
	{ "m", 60 * 1000 },
	{ "h", 60 * 60 * 1000 },
	{ "d", CONF_DAY_MS },
	{ NULL, 0 },
};

static const struct conf_unit conf_size_units[] = {
	{ "B", 1 },
	{ "K", 1024 },
	{ "M", 1024 * 1024 },
	{ NULL, 0 },
};

/*
 * Digits and a unit of units, scaled; a value too large for a long long
 * becomes LLONG_MAX, out of any range.  -1 with *why set on bad syntax.
 */
static int
conf_parse_scaled(const char *s, const struct conf_unit *units, long long *out,
    const char **why)
{
	char digits[24];
	size_t n = strspn(s, "0123456789");

	*why = n == 0 ? "is not a number with a unit" : "needs a unit";
	if (n == 0 || s[n] == '\0')
		return -1;
	for (; units->name != NULL; units++)
		if (strcmp(s + n, units->name) == 0)
			break;
	*why = "has an unknown unit";
	if (units->name == NULL)
		return -1;
	*out = LLONG_MAX;
	if (n >= sizeof(digits))
		return 0;
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (conf_parse_number_text(digits, 0, LLONG_MAX / units->scale, out) ==
	    0) /* no overflow */
		*out *= units->scale;
	else
		*out = LLONG_MAX;
	return 0;
}

/* v in the largest unit that holds it exactly: "7d", "1500ms", "8K". */
static const char *
conf_parse_fmt_scaled(long long v, const struct conf_unit *units, char *buf,
    size_t len)
{
	const struct conf_unit *u = units;

	for (; units->name != NULL; units++)
		if (v % units->scale == 0)
			u = units;
	(void)snprintf(buf, len, "%lld%s", v / u->scale, u->name); /* fits */
	return buf;
}

/* A value with a unit in min..max; see conf_parse_number for returns. */
static int
conf_parse_unit_value(struct conf_parser *p, const char *what,
    const struct conf_unit *units, const char *unit_names, long long min,
    long long max, long long *out)
{
	const char *why;
	char lo[32], hi[32];
	long long v;

	*out = min;
	if (p->tok != TOK_WORD)
		return conf_parse_expected(p, what);
	if (conf_parse_scaled(p->text, units, &v, &why) == -1)
		conf_parse_error(p, "%s '%s' %s (%s)", what, p->text, why,
		    unit_names);
	else if (v < min || v > max)
		conf_parse_error(p, "%s '%s' is out of range (%s..%s)", what,
		    p->text, conf_parse_fmt_scaled(min, units, lo, sizeof(lo)),
		    conf_parse_fmt_scaled(max, units, hi, sizeof(hi)));
	else
		*out = v;
	conf_parse_next(p);
	return 0;
}

static int
conf_parse_duration(struct conf_parser *p, const char *what, int64_t min_ms,
    int64_t max_ms, int64_t *out)
{
	long long v;

	if (conf_parse_unit_value(p, what, conf_duration_units,
		"units: ms, s, m, h, d", min_ms, max_ms, &v) == -1)
		return -1;
	*out = v;
	return 0;
}

static int
conf_parse_size(struct conf_parser *p, const char *what, long long min,
    long long max, size_t *out)
{
	long long v;

	if (conf_parse_unit_value(p, what, conf_size_units, "units: B, K, M",
		min, max, &v) == -1)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int
conf_parse_port(struct conf_parser *p, uint16_t *port)
{
	long long v;

	if (conf_parse_want_kw(p, KW_PORT, "'port'") == -1 ||
	    conf_parse_number(p, "port", 1, 65535, &v) == -1)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* A numeric IPv4 or IPv6 address, kept as text and in binary. */
static int
conf_parse_addr(struct conf_parser *p, char *text, struct conf_addr *bin)
{
	memset(bin, 0, sizeof(*bin));
	text[0] = '\0';
	if (p->tok != TOK_WORD)
		return conf_parse_expected(p, "an address");
	if (strlen(p->text) >= CONF_ADDR_MAX ||
	    conf_addr_parse(p->text, bin) == -1)
		conf_parse_error(p,
		    "'%s' is not a numeric IPv4 or IPv6 "
		    "address",
		    p->text);
	else
		memcpy(text, p->text, strlen(p->text) + 1);
	conf_parse_next(p);
	return 0;
}

/* Checks the current token as a string of fewer than size bytes. */
static int
conf_parse_check_string(struct conf_parser *p, const char *what, size_t size,
    int flags)
{
	size_t len, i;

	if (p->tok != TOK_STRING)
		return conf_parse_expected(p, what);
	len = strlen(p->text);
	if ((flags & STR_NONEMPTY) && len == 0)
		conf_parse_error(p, "%s is empty", what);
	else if (len >= size)
		conf_parse_error(p, "%s longer than %zu bytes", what, size - 1);
	else if ((flags & STR_PATH) && p->text[0] != '/')
		conf_parse_error(p, "%s must be an absolute path", what);
	else {
		for (i = 0; i < len; i++) {
			if ((flags & STR_NOCTRL) &&
			    ((unsigned char)p->text[i] < ' ' ||
				p->text[i] == 0x7f)) {
				conf_parse_error(p,
				    "%s contains a control "
				    "character",
				    what);
				break;
			}
			if ((flags & STR_NOSPACE) && p->text[i] == ' ') {
				conf_parse_error(p, "%s contains a blank",
				    what);
				break;
			}
		}
		if (i == len)
			return 0;
	}
	return 1;
}

/* A string into buf (size bytes); see conf_parse_number for returns. */
static int
conf_parse_string_buf(struct conf_parser *p, const char *what, char *buf,
    size_t size, int flags)
{
	int rc;

	buf[0] = '\0';
	if ((rc = conf_parse_check_string(p, what, size, flags)) == -1)
		return -1;
	if (rc == 0)
		memcpy(buf, p->text, strlen(p->text) + 1);
	conf_parse_next(p);
	return 0;
}

/* A string, allocated into *out (freeing what was there). */
static int
conf_parse_string_dup(struct conf_parser *p, const char *what, size_t size,
    int flags, char **out)
{
	int rc;

	if ((rc = conf_parse_check_string(p, what, size, flags)) == -1)
		return -1;
	free(*out);
	*out = xstrdup(rc == 0 ? p->text : "");
	conf_parse_next(p);
	return 0;
}

/* ------------------------------------------------------------ globals */

static int
conf_parse_hostname(struct conf_parser *p)
{
	conf_parse_next(p);
	if (conf_parse_want_kw(p, KW_STRIP_DOMAIN, "'strip-domain'") == -1)
		return -1;
	if (conf_parse_is_kw(p, KW_YES))
		p->conf->strip_domain = true;
	else if (conf_parse_is_kw(p, KW_NO))
		p->conf->strip_domain = false;
	else
		return conf_parse_expected(p, "'yes' or 'no'");
	conf_parse_next(p);
	return conf_parse_want_eol(p);
}

static int
conf_parse_max_message_size(struct conf_parser *p)
{
	conf_parse_next(p);
	if (conf_parse_size(p, "max-message-size", CONF_MESSAGE_MIN,
		CONF_MESSAGE_MAX, &p->conf->max_message_len) == -1)
		return -1;
	return conf_parse_want_eol(p);
}

static int
conf_parse_max_windows(struct conf_parser *p)
{
	long long v;

	conf_parse_next(p);
	if (conf_parse_number(p, "max-windows", 1, CONF_MAX_WINDOWS_MAX, &v) ==
	    -1)
		return -1;
	p->conf->max_windows = (size_t)v;
	return conf_parse_want_eol(p);
}

static int
conf_parse_max_connections(struct conf_parser *p)
{
	long long v;

	conf_parse_next(p);
	if (conf_parse_number(p, "max-connections", 1, 65535, &v) == -1)
		return -1;
	p->conf->max_connections = (size_t)v;
	return conf_parse_want_eol(p);
}

static int
conf_parse_tcp_idle_timeout(struct conf_parser *p)
{
	conf_parse_next(p);
	if (conf_parse_duration(p, "tcp-idle-timeout", 1000,
		CONF_DURATION_MAX_MS, &p->conf->tcp_idle_timeout_ms) == -1)
		return -1;
	return conf_parse_want_eol(p);
}

static int
conf_parse_state_directory(struct conf_parser *p)
{
	conf_parse_next(p);
	if (conf_parse_is_kw(p, KW_NONE_WORD)) {
		free(p->conf->state_dir);
		p->conf->state_dir = NULL;
		conf_parse_next(p);
	} else if (p->tok != TOK_STRING) {
		return conf_parse_expected(p, "a quoted path or 'none'");
	} else if (conf_parse_string_dup(p, "state-directory", PATH_MAX,
		       STR_NAME | STR_PATH, &p->conf->state_dir) == -1) {
		return -1;
	}
	return conf_parse_want_eol(p);
}

/* ------------------------------------------------------------ listen */

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
			conf_parse_error_at(p, p->tok_file, l->line,
			    "duplicate listen %s on %s port %u (line %d)",
			    kinds[l->kind], l->addr, l->port, o->line);
		else if (o->kind != CONF_LISTEN_SYSLOG_TCP &&
		    l->kind != CONF_LISTEN_SYSLOG_TCP)
			conf_parse_error_at(p, p->tok_file, l->line,
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

	conf_parse_next(p);
	if (conf_parse_string_buf(p, "community", comm, sizeof(comm),
		STR_NAME) == -1)
		return -1;
	if (comm[0] == '\0' ||
	    !conf_parse_room(p, l->line, l->ncommunities, CONF_COMMUNITIES_MAX,
		"communities"))
		return 0;
	for (i = 0; i < l->ncommunities; i++) {
		if (strcmp(l->communities[i], comm) == 0) {
			conf_parse_error(p, "duplicate community \"%s\"",
			    conf_parse_quote(comm, q, sizeof(q)));
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
	l.line = p->tok_line;
	conf_parse_next(p);
	if (conf_parse_is_kw(p, KW_TRAP)) {
		l.kind = CONF_LISTEN_TRAP;
	} else if (conf_parse_is_kw(p, KW_SYSLOG)) {
		conf_parse_next(p);
		if (conf_parse_is_kw(p, KW_UDP))
			l.kind = CONF_LISTEN_SYSLOG_UDP;
		else if (conf_parse_is_kw(p, KW_TCP))
			l.kind = CONF_LISTEN_SYSLOG_TCP;
		else
			return conf_parse_expected(p, "'udp' or 'tcp'");
	} else {
		return conf_parse_expected(p, "'syslog' or 'trap'");
	}
	conf_parse_next(p);
	if (conf_parse_want_kw(p, KW_ON, "'on'") == -1 ||
	    conf_parse_addr(p, l.addr, &bin) == -1 ||
	    conf_parse_port(p, &l.port) == -1)
		return -1;
	while (
	    l.kind == CONF_LISTEN_TRAP && conf_parse_is_kw(p, KW_COMMUNITY)) {
		has_community = true;
		if (conf_parse_listen_community(p, &l) == -1)
			goto fail;
	}
	if (conf_parse_want_eol(p) == -1)
		goto fail;
	if (l.kind == CONF_LISTEN_TRAP && !has_community)
		conf_parse_error_at(p, p->tok_file, l.line,
		    "listen trap needs at least one community");
	conf_parse_listen_check(p, &l);
	if (!conf_parse_room(p, l.line, p->conf->nlistens, CONF_LISTENS_MAX,
		"listeners")) {
		conf_parse_free_strings(l.communities, l.ncommunities);
		return 0;
	}
	p->conf->listens = xreallocarray(p->conf->listens,
	    p->conf->nlistens + 1, sizeof(*p->conf->listens));
	p->conf->listens[p->conf->nlistens++] = l;
	return 0;
fail:
	conf_parse_free_strings(l.communities, l.ncommunities);
	return -1;
}

/* ------------------------------------------------------------ target */

static int
conf_parse_target(struct conf_parser *p)
{
	struct conf_target t;
	struct conf_addr bin;
	const struct conf_target *o;
	char q[CONF_NAME_MAX * 4];

	memset(&t, 0, sizeof(t));
	t.line = p->tok_line;
	conf_parse_next(p);
	if (conf_parse_string_buf(p, "target name", t.name, sizeof(t.name),
		STR_NAME) == -1)
		return -1;
	if (conf_parse_is_kw(p, KW_INFORM))
		t.is_inform = true;
	else if (!conf_parse_is_kw(p, KW_TRAP))
		return conf_parse_expected(p, "'trap' or 'inform'");
	conf_parse_next(p);
	if (conf_parse_want_kw(p, KW_V2C, "'v2c'") == -1 ||
	    conf_parse_want_kw(p, KW_TO, "'to'") == -1 ||
	    conf_parse_addr(p, t.addr, &bin) == -1 ||
	    conf_parse_port(p, &t.port) == -1 ||
	    conf_parse_want_kw(p, KW_COMMUNITY, "'community'") == -1 ||
	    conf_parse_string_buf(p, "community", t.community,
		sizeof(t.community), STR_NAME) == -1 ||
	    conf_parse_want_eol(p) == -1)
		return -1;
	if (t.name[0] != '\0' &&
	    (o = conf_target_find(p->conf, t.name)) != NULL)
		conf_parse_error_at(p, p->tok_file, t.line,
		    "duplicate target \"%s\" (line %d)",
		    conf_parse_quote(t.name, q, sizeof(q)), o->line);
	if (!conf_parse_room(p, t.line, p->conf->ntargets, CONF_TARGETS_MAX,
		"targets"))
		return 0;
	p->conf->targets = xreallocarray(p->conf->targets,
	    p->conf->ntargets + 1, sizeof(*p->conf->targets));
	p->conf->targets[p->conf->ntargets++] = t;
	return 0;
}

/* ------------------------------------------------------------ alert-log */

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

	if (p->tok != TOK_WORD)
		return conf_parse_expected(p, "a facility");
	for (i = 0; i < sizeof(conf_facilities) / sizeof(conf_facilities[0]);
	     i++)
		if (strcmp(p->text, conf_facilities[i].name) == 0)
			break;
	if (i == sizeof(conf_facilities) / sizeof(conf_facilities[0]))
		conf_parse_error(p,
		    "unknown facility '%s' (user, daemon, "
		    "local0..local7)",
		    p->text);
	else
		*facility = conf_facilities[i].facility;
	conf_parse_next(p);
	return 0;
}

/* [format text|json] [facility F], in any order, each at most once. */
static int
conf_parse_alert_log_options(struct conf_parser *p, struct conf_alert_log *a)
{
	bool has_format = false, has_facility = false;

	for (;;) {
		if (conf_parse_is_kw(p, KW_FORMAT)) {
			if (has_format)
				conf_parse_error(p, "duplicate 'format'");
			has_format = true;
			conf_parse_next(p);
			if (conf_parse_is_kw(p, KW_TEXT))
				a->format = CONF_FORMAT_TEXT;
			else if (conf_parse_is_kw(p, KW_JSON))
				a->format = CONF_FORMAT_JSON;
			else
				return conf_parse_expected(p,
				    "'text' or 'json'");
			conf_parse_next(p);
		} else if (conf_parse_is_kw(p, KW_FACILITY)) {
			if (a->sink != CONF_SINK_SYSLOG)
				conf_parse_error(p,
				    "'facility' applies only "
				    "to alert-log syslog");
			else if (has_facility)
				conf_parse_error(p, "duplicate 'facility'");
			has_facility = true;
			conf_parse_next(p);
			if (conf_parse_facility(p, &a->facility) == -1)
				return -1;
		} else {
			return conf_parse_want_eol(p);
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
			conf_parse_error_at(p, p->tok_file, a->line,
			    "duplicate alert-log (line %d)", o->line);
	}
}

static int
conf_parse_alert_log(struct conf_parser *p)
{
	struct conf_alert_log a;

	memset(&a, 0, sizeof(a));
	a.line = p->tok_line;
	a.format = CONF_FORMAT_TEXT;
	a.facility = LOG_DAEMON;
	conf_parse_next(p);
	if (conf_parse_is_kw(p, KW_STDOUT)) {
		a.sink = CONF_SINK_STDOUT;
		conf_parse_next(p);
	} else if (conf_parse_is_kw(p, KW_SYSLOG)) {
		a.sink = CONF_SINK_SYSLOG;
		conf_parse_next(p);
	} else if (conf_parse_is_kw(p, KW_FILE)) {
		a.sink = CONF_SINK_FILE;
		conf_parse_next(p);
		if (conf_parse_string_dup(p, "alert-log file", PATH_MAX,
			STR_NAME | STR_PATH, &a.path) == -1)
			return -1;
	} else {
		return conf_parse_expected(p, "'stdout', 'file' or 'syslog'");
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

/* ------------------------------------------------------------ host */

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
				conf_parse_error(p,
				    "address %s already "
				    "belongs to host \"%s\"",
				    text,
				    conf_parse_quote(o->name, q, sizeof(q)));
				return;
			}
		}
	}
	if (!conf_parse_room(p, p->tok_line, p->nhost_addrs,
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
	h.line = p->tok_line;
	conf_parse_next(p);
	if (conf_parse_string_buf(p, "host name", h.name, sizeof(h.name),
		STR_NAME | STR_NOSPACE) == -1)
		return -1;
	if (!conf_parse_is_kw(p, KW_ADDRESS))
		return conf_parse_expected(p, "'address'");
	while (conf_parse_is_kw(p, KW_ADDRESS)) {
		conf_parse_next(p);
		if (conf_parse_addr(p, text, &a) == -1)
			goto fail;
		if (text[0] != '\0')
			conf_parse_host_address(p, &h, &a, text);
	}
	if (conf_parse_want_eol(p) == -1)
		goto fail;
	for (i = 0; h.name[0] != '\0' && i < p->conf->nhosts; i++)
		if (strcasecmp(p->conf->hosts[i].name, h.name) == 0)
			conf_parse_error_at(p, p->tok_file, h.line,
			    "duplicate host \"%s\" (line %d)",
			    conf_parse_quote(h.name, q, sizeof(q)),
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

/* ------------------------------------------------------------ include */

static int
conf_parse_include(struct conf_parser *p)
{
	char path[PATH_MAX];

	conf_parse_next(p);
	if (conf_parse_string_buf(p, "include path", path, sizeof(path),
		STR_NAME) == -1)
		return -1;
	if (p->tok != TOK_NEWLINE && p->tok != TOK_EOF)
		return conf_parse_expected(p, "end of line");
	/*
	 * The newline is the current token and the lexer has passed it:
	 * push the file, and the next token is its first.
	 */
	if (path[0] != '\0')
		conf_parse_include_file(p, path);
	conf_parse_next(p);
	return 0;
}

/* ------------------------------------------------------------ rule */

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

	conf_parse_next(p);
	if (conf_parse_want_kw(p, KW_EVENT, "'event'") == -1 ||
	    conf_parse_number(p, "event ID", 0, 65535, &v) == -1)
		return -1;
	m->event_id = (uint32_t)v;
	for (;;) {
		if (conf_parse_is_kw(p, KW_SOURCE)) {
			if (m->source != NULL)
				conf_parse_error(p, "duplicate 'source'");
			conf_parse_next(p);
			if (conf_parse_string_dup(p, "source",
				WINEVENT_SOURCE_MAX, STR_NAME,
				&m->source) == -1)
				return -1;
		} else if (conf_parse_is_kw(p, KW_LOG)) {
			if (m->log != NULL)
				conf_parse_error(p, "duplicate 'log'");
			conf_parse_next(p);
			if (conf_parse_string_dup(p, "log", WINEVENT_LOG_MAX,
				STR_NAME, &m->log) == -1)
				return -1;
		} else {
			return conf_parse_want_eol(p);
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
	conf_parse_next(p);
	if (conf_parse_duration(p, "window", 1, CONF_DURATION_MAX_MS,
		&rc->r.window_ms) == -1)
		return -1;
	if (conf_parse_is_kw(p, KW_BY)) {
		conf_parse_next(p);
		if (conf_parse_want_kw(p, KW_HOST, "'host'") == -1)
			return -1;
	}
	return conf_parse_want_eol(p);
}

static int
conf_parse_rule_holddown(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_parse_next(p);
	if (conf_parse_duration(p, "holddown", 0, CONF_DURATION_MAX_MS,
		&rc->r.holddown_ms) == -1)
		return -1;
	return conf_parse_want_eol(p);
}

static int
conf_parse_rule_severity(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	conf_parse_next(p);
	if (p->tok != TOK_WORD)
		return conf_parse_expected(p, "a severity");
	if (rule_severity_parse(p->text, &rc->r.severity) == -1)
		conf_parse_error(p,
		    "unknown severity '%s' (critical, major, "
		    "minor, warning, info)",
		    p->text);
	conf_parse_next(p);
	return conf_parse_want_eol(p);
}

static int
conf_parse_rule_text(struct conf_parser *p, const char *what, size_t size,
    int flags, char **out)
{
	conf_parse_next(p);
	if (conf_parse_string_dup(p, what, size, flags, out) == -1)
		return -1;
	return conf_parse_want_eol(p);
}

static int
conf_parse_rule_title(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "title", 256, STR_NAME, &rc->r.title);
}

static int
conf_parse_rule_cause(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "cause", CONF_STRING_MAX + 1, 0,
	    &rc->r.cause);
}

static int
conf_parse_rule_fix(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "fix", CONF_STRING_MAX + 1, 0,
	    &rc->r.fix);
}

static int
conf_parse_rule_reference(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	return conf_parse_rule_text(p, "reference", 256, STR_NOCTRL,
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
			conf_parse_error_at(p, p->tok_file, line,
			    "target \"%s\" named twice",
			    conf_parse_quote(name, q, sizeof(q)));
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
	ref->file = p->tok_file;
	ref->line = line;
}

static int
conf_parse_rule_emit(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	char name[CONF_NAME_MAX];
	int line;

	conf_parse_next(p);
	if (conf_parse_want_kw(p, KW_TO, "'to'") == -1)
		return -1;
	if (p->tok != TOK_STRING)
		return conf_parse_expected(p, "a target name");
	while (p->tok == TOK_STRING) {
		line = p->tok_line;
		if (conf_parse_string_buf(p, "target name", name, sizeof(name),
			STR_NAME) == -1)
			return -1;
		if (name[0] != '\0')
			conf_parse_rule_target(p, rc, name, line);
	}
	return conf_parse_want_eol(p);
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
		conf_parse_error(p, "duplicate '%s' in rule \"%s\" (line %d)",
		    s->name, rc->q, rc->seen_line[s->id]);
		conf_parse_skip_line(p);
		return;
	}
	rc->seen_line[s->id] = p->tok_line;
	if (s->parse(p, rc) == -1)
		conf_parse_skip_line(p);
}

static bool
conf_parse_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

static void
conf_parse_rule_free(struct rule *r)
{
	free(r->open.source);
	free(r->open.log);
	free(r->close.source);
	free(r->close.log);
	free(r->title);
	free(r->cause);
	free(r->fix);
	free(r->reference);
	conf_parse_free_strings(r->targets, r->ntargets);
}

/* Checks a complete rule, fills its defaults and adds it to the conf. */
static void
conf_parse_rule_finish(struct conf_parser *p, struct conf_rule_ctx *rc)
{
	struct rule *r = &rc->r;

	if (rc->seen_line[SET_OPEN] == 0)
		conf_parse_error_at(p, rc->file, rc->line,
		    "rule \"%s\" has no 'open event'", rc->q);
	if (rc->seen_line[SET_CLOSE] == 0)
		conf_parse_error_at(p, rc->file, rc->line,
		    "rule \"%s\" has no 'close event'", rc->q);
	if (rc->seen_line[SET_OPEN] != 0 && rc->seen_line[SET_CLOSE] != 0 &&
	    r->open.event_id == r->close.event_id &&
	    conf_parse_streq(r->open.source, r->close.source) &&
	    conf_parse_streq(r->open.log, r->close.log))
		conf_parse_error_at(p, rc->file, rc->seen_line[SET_CLOSE],
		    "rule \"%s\": open and close match the same events", rc->q);
	if (!conf_parse_room(p, rc->line, p->conf->nrules, CONF_RULES_MAX,
		"rules")) {
		conf_parse_rule_free(r);
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
		switch (p->tok) {
		case TOK_NEWLINE:
			conf_parse_next(p);
			continue;
		case TOK_RBRACE:
			conf_parse_next(p);
			if (conf_parse_want_eol(p) == -1)
				conf_parse_skip_line(p);
			return;
		case TOK_EOF:
			conf_parse_error_at(p, rc->file, rc->line,
			    "rule \"%s\" has no closing '}'", rc->q);
			return;
		case TOK_WORD:
			break;
		case TOK_ERROR:
			conf_parse_skip_line(p);
			continue;
		default:
			conf_parse_expected(p, "a rule setting or '}'");
			conf_parse_skip_line(p);
			continue;
		}
		if ((s = conf_parse_rule_setting_find(p->kw)) != NULL) {
			conf_parse_rule_setting(p, rc, s);
		} else if (conf_parse_stmt_find(p->kw) != NULL) {
			/* Most likely a forgotten '}': resume at top level. */
			conf_parse_error(p,
			    "missing '}' after rule \"%s\" "
			    "(line %d)",
			    rc->q, rc->line);
			return;
		} else {
			conf_parse_error(p, "unknown rule setting '%s'",
			    p->text);
			conf_parse_skip_line(p);
		}
	}
}

static int
conf_parse_rule(struct conf_parser *p)
{
	struct conf_rule_ctx rc;
	bool is_bad;

	memset(&rc, 0, sizeof(rc));
	rc.file = p->tok_file;
	rc.line = rc.r.line = p->tok_line;
	rc.r.window_ms = CONF_DEFAULT_WINDOW_MS;
	rc.r.holddown_ms = CONF_DEFAULT_HOLDDOWN_MS;
	rc.r.severity = RULE_SEVERITY_MAJOR;
	conf_parse_next(p);
	is_bad = conf_parse_string_buf(p, "rule name", rc.r.name,
		     sizeof(rc.r.name), STR_NAME) == -1;
	if (!is_bad && p->tok != TOK_LBRACE)
		is_bad = conf_parse_expected(p, "'{'") == -1;
	if (is_bad) {
		/* Still parse the body when the line has its '{'. */
		while (p->tok != TOK_LBRACE && p->tok != TOK_NEWLINE &&
		    p->tok != TOK_EOF)
			conf_parse_next(p);
		if (p->tok != TOK_LBRACE)
			return -1;
	}
	conf_parse_quote(rc.r.name, rc.q, sizeof(rc.q));
	if (rc.r.name[0] != '\0' && conf_rule_find(p->conf, rc.r.name) != NULL)
		conf_parse_error_at(p, rc.file, rc.line,
		    "duplicate rule \"%s\" (line %d)", rc.q,
		    conf_rule_find(p->conf, rc.r.name)->line);
	conf_parse_next(p);
	if (conf_parse_want_eol(p) == -1)
		conf_parse_skip_line(p);
	conf_parse_rule_body(p, &rc);
	conf_parse_rule_finish(p, &rc);
	return 0;
}

/* ------------------------------------------------------------ top level */

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

	if ((s = conf_parse_stmt_find(p->kw)) == NULL) {
		if (conf_parse_rule_setting_find(p->kw) != NULL)
			conf_parse_error(p, "'%s' is only valid inside a rule",
			    p->text);
		else
			conf_parse_error(p, "unknown keyword '%s'", p->text);
		conf_parse_skip_line(p);
		return;
	}
	if ((g = s->global) != GLOBAL_REPEATABLE) {
		if (p->global_line[g] != 0)
			conf_parse_error(p, "duplicate '%s' (first at %s:%d)",
			    p->text, p->global_file[g], p->global_line[g]);
		else {
			p->global_file[g] = p->tok_file;
			p->global_line[g] = p->tok_line;
		}
	}
	if (s->parse(p) == -1)
		conf_parse_skip_line(p);
}

static void
conf_parse_run(struct conf_parser *p)
{
	conf_parse_next(p);
	for (;;) {
		switch (p->tok) {
		case TOK_NEWLINE:
			conf_parse_next(p);
			break;
		case TOK_EOF:
			if (p->nfiles == 1)
				return;
			conf_parse_pop(p);
			conf_parse_next(p);
			break;
		case TOK_WORD:
			conf_parse_statement(p);
			break;
		case TOK_ERROR:
			conf_parse_skip_line(p);
			break;
		default:
			conf_parse_expected(p, "a keyword");
			conf_parse_skip_line(p);
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
			conf_parse_error_at(p, ref->file, ref->line,
			    "rule \"%s\": emit to unknown target \"%s\"",
			    conf_parse_quote(ref->rule, q1, sizeof(q1)),
			    conf_parse_quote(ref->target, q2, sizeof(q2)));
	}
}

/* Parses the pushed top file; frees the parser state. */
static struct conf *
conf_parse_finish(struct conf_parser *p)
{
	struct conf *conf = p->conf;
	size_t i;

	if (p->nfiles > 0) {
		conf_parse_run(p);
		conf_parse_check_refs(p);
	}
	while (p->nfiles > 0)
		conf_parse_pop(p);
	for (i = 0; i < p->nnames; i++)
		free(p->names[i]);
	free(p->names);
	free(p->refs);
	if (p->errs->count > 0) {
		conf_free(conf);
		return NULL;
	}
	return conf;
}

static void
conf_parse_init(struct conf_parser *p, struct conf_errors *errs)
{
	memset(p, 0, sizeof(*p));
	memset(errs, 0, sizeof(*errs));
	p->errs = errs;
	p->conf = conf_new();
}

struct conf *
conf_parse_string(const char *text, const char *name, struct conf_errors *errs)
{
	struct conf_errors dummy;
	struct conf_parser p;
	size_t len;

	conf_parse_init(&p, errs != NULL ? errs : &dummy);
	if (name == NULL)
		name = "<string>";
	len = text == NULL ? 0 : strnlen(text, CONF_FILE_MAX + 1);
	if (len > CONF_FILE_MAX)
		conf_parse_error_at(&p, name, 1,
		    "configuration larger than "
		    "%d bytes",
		    CONF_FILE_MAX);
	else
		conf_parse_push(&p, name, text == NULL ? "" : text, NULL, len,
		    NULL);
	return conf_parse_finish(&p);
}

struct conf *
conf_parse_file(const char *path, struct conf_errors *errs)
{
	struct conf_errors dummy;
	struct conf_parser p;
	struct stat sb;
	const char *why;
	size_t len;
	char *buf;

	conf_parse_init(&p, errs != NULL ? errs : &dummy);
	if (path == NULL)
		path = "";
	if ((buf = conf_parse_read(path, &sb, &len, &why)) == NULL)
		conf_parse_error_at(&p, path, 0, "%s", why);
	else
		conf_parse_push(&p, path, buf, buf, len, &sb);
	return conf_parse_finish(&p);
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
