/* SPDX-License-Identifier: ISC */
/*
 * The configuration tokenizer: tokens over the files of conf_file.c, the
 * error list, and the one parser for each kind of value.  conf_parse.c
 * and its companions hold the grammar.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_file.h"
#include "conf/conf_lex.h"
#include "conf/conf_parse.h"
#include "core/escape.h"
#include "core/xmalloc.h"

#define CONF_LEX_LINE_MAX 8192 /* bytes of one line */

static void __attribute__((format(printf, 4, 0)))
conf_lex_verror(struct conf_lex *lx, const char *file, int line,
    const char *fmt, va_list ap)
{
	struct conf_errors *e = lx->errs;

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

void
conf_lex_error_at(struct conf_lex *lx, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_lex_verror(lx, file, line, fmt, ap);
	va_end(ap);
}

void
conf_lex_error(struct conf_lex *lx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	conf_lex_verror(lx, lx->tok_file, lx->tok_line, fmt, ap);
	va_end(ap);
}

const char *
conf_lex_quote(const char *s, char *buf, size_t len)
{
	escape_text(s, strlen(s), buf, len);
	return buf;
}

static int
conf_lex_kwcmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct conf_lex_keyword *)elem)->name);
}

static int
conf_lex_keyword(const struct conf_lex *lx, const char *word)
{
	const struct conf_lex_keyword *k;

	if (lx->nkeywords == 0)
		return 0;
	k = bsearch(word, lx->keywords, lx->nkeywords, sizeof(*lx->keywords),
	    conf_lex_kwcmp);
	return k == NULL ? 0 : k->id;
}

/* Reports a lexical error and skips to the end of the line. */
static enum conf_tok __attribute__((format(printf, 3, 4)))
conf_lex_fail(struct conf_lex *lx, struct conf_file *f, const char *fmt, ...)
{
	const char *nl;
	va_list ap;

	va_start(ap, fmt);
	conf_lex_verror(lx, f->name, f->line, fmt, ap);
	va_end(ap);
	nl = memchr(f->buf + f->pos, '\n', f->len - f->pos);
	f->pos = nl == NULL ? f->len : (size_t)(nl - f->buf);
	return CONF_TOK_ERROR;
}

static bool
conf_lex_is_word_char(unsigned char c)
{
	return c > ' ' && c < 0x7f && c != '"' && c != '#' && c != '{' &&
	    c != '}';
}

static bool
conf_lex_is_delim(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' ||
	    c == '#' || c == '{' || c == '}';
}

static enum conf_tok
conf_lex_word(struct conf_lex *lx, struct conf_file *f)
{
	size_t start = f->pos, n;

	while (f->pos < f->len &&
	    conf_lex_is_word_char((unsigned char)f->buf[f->pos]))
		f->pos++;
	if (f->pos < f->len &&
	    !conf_lex_is_delim((unsigned char)f->buf[f->pos]))
		return conf_lex_fail(lx, f, "invalid character 0x%02x",
		    (unsigned char)f->buf[f->pos]);
	n = f->pos - start;
	if (n > CONF_LEX_WORD_MAX)
		return conf_lex_fail(lx, f, "word longer than %d bytes",
		    CONF_LEX_WORD_MAX);
	memcpy(lx->text, f->buf + start, n);
	lx->text[n] = '\0';
	lx->kw = conf_lex_keyword(lx, lx->text);
	return CONF_TOK_WORD;
}

static enum conf_tok
conf_lex_string(struct conf_lex *lx, struct conf_file *f)
{
	size_t n = 0;
	unsigned char c;

	for (f->pos++;; f->pos++) {
		if (f->pos >= f->len || f->buf[f->pos] == '\n')
			return conf_lex_fail(lx, f, "unterminated string");
		c = (unsigned char)f->buf[f->pos];
		if (c == '"')
			break;
		if (c == '\\') {
			if (f->pos + 1 >= f->len || f->buf[f->pos + 1] == '\n')
				return conf_lex_fail(lx, f,
				    "unterminated string");
			c = (unsigned char)f->buf[++f->pos];
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c != '"' && c != '\\')
				return conf_lex_fail(lx, f,
				    "invalid escape 0x%02x in string "
				    "(use \\\" \\\\ \\n \\t)",
				    c);
		} else if (c == '\0') {
			return conf_lex_fail(lx, f, "NUL byte in string");
		} else if ((c < ' ' && c != '\t') || c == 0x7f) {
			return conf_lex_fail(lx, f,
			    "control character 0x%02x in string", c);
		}
		if (n >= CONF_LEX_STRING_MAX)
			return conf_lex_fail(lx, f,
			    "string longer than %d bytes", CONF_LEX_STRING_MAX);
		lx->text[n++] = (char)c;
	}
	f->pos++;
	lx->text[n] = '\0';
	return CONF_TOK_STRING;
}

static enum conf_tok
conf_lex_token(struct conf_lex *lx)
{
	struct conf_file *f = conf_file_top(&lx->files);
	const char *nl;
	size_t linelen;

	lx->tok_file = f->name;
	for (;;) {
		lx->tok_line = f->line;
		if (f->is_bol) {
			f->is_bol = false;
			nl = memchr(f->buf + f->pos, '\n', f->len - f->pos);
			linelen = (nl == NULL ? f->buf + f->len : nl) -
			    (f->buf + f->pos);
			if (linelen > CONF_LEX_LINE_MAX)
				return conf_lex_fail(lx, f,
				    "line longer than %d bytes",
				    CONF_LEX_LINE_MAX);
		}
		if (f->pos >= f->len)
			return CONF_TOK_EOF;
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
			return CONF_TOK_NEWLINE;
		case '{':
			f->pos++;
			return CONF_TOK_LBRACE;
		case '}':
			f->pos++;
			return CONF_TOK_RBRACE;
		case '"':
			return conf_lex_string(lx, f);
		default:
			return conf_lex_word(lx, f);
		}
	}
}

void
conf_lex_next(struct conf_lex *lx)
{
	lx->tok = conf_lex_token(lx);
	if (lx->tok != CONF_TOK_WORD)
		lx->kw = 0;
}

void
conf_lex_init(struct conf_lex *lx, struct conf_errors *errs,
    const struct conf_lex_keyword *keywords, size_t nkeywords)
{
	memset(lx, 0, sizeof(*lx));
	memset(errs, 0, sizeof(*errs));
	lx->errs = errs;
	lx->keywords = keywords;
	lx->nkeywords = nkeywords;
}

void
conf_lex_clear(struct conf_lex *lx)
{
	conf_file_clear(&lx->files);
}

int
conf_lex_push_string(struct conf_lex *lx, const char *text, const char *name)
{
	char msg[PARSE_ERROR_MSG_MAX];

	if (conf_file_push_string(&lx->files, text, name, msg, sizeof(msg)) ==
	    -1) {
		conf_lex_error_at(lx, name, 1, "%s", msg);
		return -1;
	}
	return 0;
}

int
conf_lex_push_file(struct conf_lex *lx, const char *path)
{
	char msg[PARSE_ERROR_MSG_MAX];

	if (conf_file_push_path(&lx->files, path, msg, sizeof(msg)) == -1) {
		conf_lex_error_at(lx, path, 0, "%s", msg);
		return -1;
	}
	return 0;
}

/* Pushes the top file's next pending include that can be read. */
static void
conf_lex_include_pending(struct conf_lex *lx)
{
	char msg[PARSE_ERROR_MSG_MAX];
	const char *next;

	while ((next = conf_file_pending_next(&lx->files)) != NULL) {
		if (conf_file_include_resolved(&lx->files, next, msg,
			sizeof(msg)) == 0)
			return;
		conf_lex_error(lx, "%s", msg);
	}
}

void
conf_lex_include(struct conf_lex *lx, const char *path)
{
	char msg[PARSE_ERROR_MSG_MAX];

	if (conf_file_is_pattern(path)) {
		if (conf_file_glob(&lx->files, path, msg, sizeof(msg)) == -1)
			conf_lex_error(lx, "%s", msg);
		else
			conf_lex_include_pending(lx);
	} else if (conf_file_include(&lx->files, path, msg, sizeof(msg)) ==
	    -1) {
		conf_lex_error(lx, "%s", msg);
	}
}

bool
conf_lex_pop(struct conf_lex *lx)
{
	if (!conf_file_pop(&lx->files))
		return false;
	conf_lex_include_pending(lx);
	return true;
}

static const char *
conf_lex_tok_name(const struct conf_lex *lx, char *buf, size_t len)
{
	switch (lx->tok) {
	case CONF_TOK_EOF:
		return "end of file";
	case CONF_TOK_NEWLINE:
		return "end of line";
	case CONF_TOK_STRING:
		return "a string";
	case CONF_TOK_LBRACE:
		return "'{'";
	case CONF_TOK_RBRACE:
		return "'}'";
	case CONF_TOK_WORD:
		/* A word has at most CONF_LEX_WORD_MAX bytes. */
		(void)snprintf(buf, len, "'%.*s'", CONF_LEX_WORD_MAX, lx->text);
		return buf;
	case CONF_TOK_ERROR:
		break;
	}
	return "an invalid token";
}

int
conf_lex_expected(struct conf_lex *lx, const char *what)
{
	char buf[CONF_LEX_WORD_MAX + 3];

	if (lx->tok != CONF_TOK_ERROR)
		conf_lex_error(lx, "expected %s, got %s", what,
		    conf_lex_tok_name(lx, buf, sizeof(buf)));
	return -1;
}

bool
conf_lex_is_kw(const struct conf_lex *lx, int kw)
{
	return lx->tok == CONF_TOK_WORD && lx->kw == kw;
}

int
conf_lex_want_kw(struct conf_lex *lx, int kw, const char *what)
{
	if (!conf_lex_is_kw(lx, kw))
		return conf_lex_expected(lx, what);
	conf_lex_next(lx);
	return 0;
}

int
conf_lex_want_eol(struct conf_lex *lx)
{
	if (lx->tok == CONF_TOK_EOF)
		return 0;
	if (lx->tok != CONF_TOK_NEWLINE)
		return conf_lex_expected(lx, "end of line");
	conf_lex_next(lx);
	return 0;
}

void
conf_lex_skip_line(struct conf_lex *lx)
{
	while (lx->tok != CONF_TOK_NEWLINE && lx->tok != CONF_TOK_EOF)
		conf_lex_next(lx);
	if (lx->tok == CONF_TOK_NEWLINE)
		conf_lex_next(lx);
}

/*
 * The one number parser: decimal digits only, within min..max.  Returns
 * 0, -1 when s is not a number, or -2 when it is out of range (overflow
 * included).
 */
static int
conf_lex_number_text(const char *s, long long min, long long max,
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

int
conf_lex_number(struct conf_lex *lx, const char *what, long long min,
    long long max, long long *out)
{
	*out = min;
	if (lx->tok != CONF_TOK_WORD)
		return conf_lex_expected(lx, what);
	switch (conf_lex_number_text(lx->text, min, max, out)) {
	case -1:
		conf_lex_error(lx, "%s '%s' is not a number", what, lx->text);
		break;
	case -2:
		conf_lex_error(lx, "%s '%s' is out of range (%lld..%lld)", what,
		    lx->text, min, max);
		break;
	}
	conf_lex_next(lx);
	return 0;
}

struct conf_lex_unit {
	const char *name;
	long long scale;
};

/* Smallest first. */
static const struct conf_lex_unit conf_lex_duration_units[] = {
	{ "ms", 1 },
	{ "s", 1000 },
	{ "m", 60 * 1000 },
	{ "h", 60 * 60 * 1000 },
	{ "d", 24LL * 60 * 60 * 1000 },
	{ NULL, 0 },
};

static const struct conf_lex_unit conf_lex_size_units[] = {
	{ "B", 1 },
	{ "K", 1024 },
	{ "M", 1024 * 1024 },
	{ "b", 1 }, /* lower case too: 8k */
	{ "k", 1024 },
	{ "m", 1024 * 1024 },
	{ NULL, 0 },
};

/*
 * Digits and a unit of units, scaled; a value too large for a long long
 * becomes LLONG_MAX, out of any range.  -1 with *why set on bad syntax.
 */
static int
conf_lex_scaled(const char *s, const struct conf_lex_unit *units,
    long long *out, const char **why)
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
	if (conf_lex_number_text(digits, 0, LLONG_MAX / units->scale, out) ==
	    0) /* no overflow */
		*out *= units->scale;
	else
		*out = LLONG_MAX;
	return 0;
}

/* v in the largest unit that holds it exactly: "7d", "1500ms", "8K". */
static const char *
conf_lex_fmt_scaled(long long v, const struct conf_lex_unit *units, char *buf,
    size_t len)
{
	const struct conf_lex_unit *u = units;

	for (; units->name != NULL; units++)
		if (v % units->scale == 0 && units->scale > u->scale)
			u = units; /* the first spelling: "8K", not "8k" */
	(void)snprintf(buf, len, "%lld%s", v / u->scale, u->name); /* fits */
	return buf;
}

/* A value with a unit in min..max; see conf_lex.h for returns. */
static int
conf_lex_unit_value(struct conf_lex *lx, const char *what,
    const struct conf_lex_unit *units, const char *unit_names, long long min,
    long long max, long long *out)
{
	const char *why;
	char lo[32], hi[32];
	long long v;

	*out = min;
	if (lx->tok != CONF_TOK_WORD)
		return conf_lex_expected(lx, what);
	if (conf_lex_scaled(lx->text, units, &v, &why) == -1)
		conf_lex_error(lx, "%s '%s' %s (%s)", what, lx->text, why,
		    unit_names);
	else if (v < min || v > max)
		conf_lex_error(lx, "%s '%s' is out of range (%s..%s)", what,
		    lx->text, conf_lex_fmt_scaled(min, units, lo, sizeof(lo)),
		    conf_lex_fmt_scaled(max, units, hi, sizeof(hi)));
	else
		*out = v;
	conf_lex_next(lx);
	return 0;
}

int
conf_lex_duration(struct conf_lex *lx, const char *what, int64_t min_ms,
    int64_t max_ms, int64_t *out)
{
	long long v;

	if (conf_lex_unit_value(lx, what, conf_lex_duration_units,
		"units: ms, s, m, h, d", min_ms, max_ms, &v) == -1)
		return -1;
	*out = v;
	return 0;
}

int
conf_lex_size(struct conf_lex *lx, const char *what, long long min,
    long long max, size_t *out)
{
	long long v;

	if (conf_lex_unit_value(lx, what, conf_lex_size_units,
		"units: B, K, M (or b, k, m)", min, max, &v) == -1)
		return -1;
	*out = (size_t)v;
	return 0;
}

int
conf_lex_addr(struct conf_lex *lx, char *text, struct conf_addr *bin)
{
	memset(bin, 0, sizeof(*bin));
	text[0] = '\0';
	if (lx->tok != CONF_TOK_WORD)
		return conf_lex_expected(lx, "an address");
	if (strlen(lx->text) >= CONF_ADDR_MAX ||
	    conf_addr_parse(lx->text, bin) == -1)
		conf_lex_error(lx, "'%s' is not a numeric IPv4 or IPv6 address",
		    lx->text);
	else
		memcpy(text, lx->text, strlen(lx->text) + 1);
	conf_lex_next(lx);
	return 0;
}

/* Whether s may hold a character of its own under flags; reports it. */
static bool
conf_lex_string_chars_ok(struct conf_lex *lx, const char *what, const char *s,
    int flags)
{
	for (; *s != '\0'; s++) {
		if ((flags & CONF_LEX_STR_NOCTRL) &&
		    ((unsigned char)*s < ' ' || *s == 0x7f)) {
			conf_lex_error(lx, "%s contains a control character",
			    what);
			return false;
		}
		if ((flags & CONF_LEX_STR_NOSPACE) && *s == ' ') {
			conf_lex_error(lx, "%s contains a blank", what);
			return false;
		}
	}
	return true;
}

/*
 * Checks the current token as a string of fewer than size bytes: -1 when
 * it is not a string, 1 when it is a bad one (reported), else 0.
 */
static int
conf_lex_check_string(struct conf_lex *lx, const char *what, size_t size,
    int flags)
{
	size_t len;

	if (lx->tok != CONF_TOK_STRING)
		return conf_lex_expected(lx, what);
	len = strlen(lx->text);
	if ((flags & CONF_LEX_STR_NONEMPTY) && len == 0)
		conf_lex_error(lx, "%s is empty", what);
	else if (len >= size)
		conf_lex_error(lx, "%s longer than %zu bytes", what, size - 1);
	else if ((flags & CONF_LEX_STR_PATH) && lx->text[0] != '/')
		conf_lex_error(lx, "%s must be an absolute path", what);
	else if (conf_lex_string_chars_ok(lx, what, lx->text, flags))
		return 0;
	return 1;
}

int
conf_lex_string_buf(struct conf_lex *lx, const char *what, char *buf,
    size_t size, int flags)
{
	int rc;

	buf[0] = '\0';
	if ((rc = conf_lex_check_string(lx, what, size, flags)) == -1)
		return -1;
	if (rc == 0)
		memcpy(buf, lx->text, strlen(lx->text) + 1);
	conf_lex_next(lx);
	return 0;
}

int
conf_lex_string_dup(struct conf_lex *lx, const char *what, size_t size,
    int flags, char **out)
{
	int rc;

	if ((rc = conf_lex_check_string(lx, what, size, flags)) == -1)
		return -1;
	free(*out);
	*out = xstrdup(rc == 0 ? lx->text : "");
	conf_lex_next(lx);
	return 0;
}
