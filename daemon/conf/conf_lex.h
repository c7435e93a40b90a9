/* SPDX-License-Identifier: ISC */
/*
 * The configuration tokenizer under conf_parse: tokens over the files of
 * conf_file (include), the error list, and the value parsers (numbers,
 * durations, sizes, addresses, strings) that read the current token.
 * Reentrant: all state is in struct conf_lex.
 */
#ifndef DAEMON_CONF_CONF_LEX_H
#define DAEMON_CONF_CONF_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "conf/conf_file.h"
#include "conf/conf_parse.h"

#define CONF_LEX_STRING_MAX 4096 /* bytes of a quoted string, decoded */
#define CONF_LEX_WORD_MAX 255    /* bytes of a bare word */

enum conf_tok {
	CONF_TOK_EOF,
	CONF_TOK_NEWLINE,
	CONF_TOK_WORD,
	CONF_TOK_STRING,
	CONF_TOK_LBRACE,
	CONF_TOK_RBRACE,
	CONF_TOK_ERROR, /* a lexical error, already reported; line skipped */
};

/* A keyword and the id a word spelled so gets in conf_lex.kw. */
struct conf_lex_keyword {
	const char *name;
	int id; /* not 0: 0 is "not a keyword" */
};

struct conf_lex {
	struct conf_errors *errs;
	const struct conf_lex_keyword *keywords; /* sorted by strcmp */
	size_t nkeywords;

	struct conf_file_stack files; /* the include stack */

	/* The current token; read-only outside conf_lex.c. */
	enum conf_tok tok;
	int kw;               /* CONF_TOK_WORD: its keyword id, else 0 */
	int tok_line;         /* 1-based */
	const char *tok_file; /* valid until conf_lex_clear() */
	char text[CONF_LEX_STRING_MAX + 1]; /* CONF_TOK_WORD, CONF_TOK_STRING */
};

/* Flags for strings. */
#define CONF_LEX_STR_NONEMPTY 0x1
#define CONF_LEX_STR_NOCTRL 0x2  /* no control characters (from \n or \t) */
#define CONF_LEX_STR_NOSPACE 0x4 /* no blanks */
#define CONF_LEX_STR_PATH 0x8    /* an absolute path */
#define CONF_LEX_STR_NAME (CONF_LEX_STR_NONEMPTY | CONF_LEX_STR_NOCTRL)

/*
 * Sets up lx with no file: errors go to errs (borrowed, cleared here);
 * words found in keywords (borrowed, sorted) get its id in lx->kw.
 */
void conf_lex_init(struct conf_lex *lx, struct conf_errors *errs,
    const struct conf_lex_keyword *keywords, size_t nkeywords);
/* Frees every file and name lx holds; tok_file pointers die with them. */
void conf_lex_clear(struct conf_lex *lx);

/*
 * The first file: text (borrowed, NUL-terminated; NULL reads as "") or
 * the file at path.  0, or -1 with the error reported (text too large,
 * file unreadable).  The first token is read by conf_lex_next().
 */
int conf_lex_push_string(struct conf_lex *lx, const char *text,
    const char *name);
int conf_lex_push_file(struct conf_lex *lx, const char *path);
/*
 * include "path", relative to the directory of the current file; call
 * it while the current token is the newline ending the include line.
 * Errors (depth, count, loop, size, unreadable) are reported at the
 * current token.  The next conf_lex_next() reads the included file.
 */
void conf_lex_include(struct conf_lex *lx, const char *path);
/*
 * At CONF_TOK_EOF: returns to the including file and returns true, or
 * returns false at the end of the first file.
 */
bool conf_lex_pop(struct conf_lex *lx);

/* Reads the next token into lx->tok (and lx->text, lx->kw). */
void conf_lex_next(struct conf_lex *lx);

/* Adds an error at file:line (line 0: about the file as a whole). */
void conf_lex_error_at(struct conf_lex *lx, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Adds an error on the line of the current token. */
void conf_lex_error(struct conf_lex *lx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Reports "expected what, got <token>" unless the token is already an
 * error; returns -1.
 */
int conf_lex_expected(struct conf_lex *lx, const char *what);
/* s escaped into buf (len bytes) to be safe in a message; returns buf. */
const char *conf_lex_quote(const char *s, char *buf, size_t len);

bool conf_lex_is_kw(const struct conf_lex *lx, int kw);
/* Consumes keyword kw, or reports it expected and returns -1. */
int conf_lex_want_kw(struct conf_lex *lx, int kw, const char *what);
/* Consumes the end of the line (end of file is one too); else -1. */
int conf_lex_want_eol(struct conf_lex *lx);
/* Skips past the end of the current line. */
void conf_lex_skip_line(struct conf_lex *lx);

/*
 * The value parsers read the current token, what naming it in errors.
 * Each returns -1 on a syntax error (the token is not what was expected;
 * reported, not consumed).  Otherwise it consumes the token and returns
 * 0, even when the value is bad: that is reported and *out holds min,
 * "" or zero, so that the rest of the line is still checked.
 */
/* Decimal digits only (no sign, blanks or junk), in min..max. */
int conf_lex_number(struct conf_lex *lx, const char *what, long long min,
    long long max, long long *out);
/* Digits and a unit of ms, s, m, h or d, in min_ms..max_ms. */
int conf_lex_duration(struct conf_lex *lx, const char *what, int64_t min_ms,
    int64_t max_ms, int64_t *out);
/* Digits and a unit of B, K or M, in min..max bytes. */
int conf_lex_size(struct conf_lex *lx, const char *what, long long min,
    long long max, size_t *out);
/* A numeric IPv4 or IPv6 address, into text (CONF_ADDR_MAX) and bin. */
int conf_lex_addr(struct conf_lex *lx, char *text, struct conf_addr *bin);
/* A quoted string of fewer than size bytes checked against flags. */
int conf_lex_string_buf(struct conf_lex *lx, const char *what, char *buf,
    size_t size, int flags);
/* The same, allocated into *out, freeing what *out held. */
int conf_lex_string_dup(struct conf_lex *lx, const char *what, size_t size,
    int flags, char **out);

#endif
