/* SPDX-License-Identifier: ISC */
/*
 * The files under the configuration tokenizer: a stack of them (include),
 * each read whole with caps on size, count and depth, include loops
 * refused.  A failure comes back as a message for conf_lex to report where
 * it belongs; conf_file keeps no error list.
 */
#ifndef DAEMON_CONF_CONF_FILE_H
#define DAEMON_CONF_CONF_FILE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#define CONF_FILE_INCLUDE_DEPTH 8 /* nesting of include */

/* One file on the stack; conf_lex moves its cursor (pos, line, is_bol). */
struct conf_file {
	const char *name; /* interned in conf_file_stack.names */
	char *owned;      /* the buffer when read from disk, else NULL */
	const char *buf;
	size_t len;
	size_t pos;
	int line;
	bool is_bol; /* at the beginning of a line: check its length */
	bool has_id; /* dev and ino identify it (include loop detection) */
	dev_t dev;
	ino_t ino;
	/* include of a glob(3) pattern: the matches still to read after the one
	 * on top of this file, in name order */
	char **pending;
	size_t npending;
	size_t ipending;
};

/* All zero is an empty stack. */
struct conf_file_stack {
	struct conf_file files[CONF_FILE_INCLUDE_DEPTH + 1];
	size_t nfiles;
	size_t nincludes;
	size_t total_len;
	char **names; /* every file name seen: errors may name them late */
	size_t nnames;
};

/* Frees every file and name st holds; their name pointers die with them. */
void conf_file_clear(struct conf_file_stack *st);
/* The file being read (the stack is not empty). */
struct conf_file *conf_file_top(struct conf_file_stack *st);

/*
 * The first file: text (borrowed, NUL-terminated; NULL reads as "") named
 * name, or the file at path.  0, or -1 with a message in err (errlen
 * bytes): the text or file is too large, or the file is unreadable.
 */
int conf_file_push_string(struct conf_file_stack *st, const char *text,
    const char *name, char *err, size_t errlen);
int conf_file_push_path(struct conf_file_stack *st, const char *path, char *err,
    size_t errlen);
/*
 * include "path", relative to the directory of the file on top: it is
 * read and pushed, and becomes the top.  0, or -1 with a message in err
 * (depth, count, loop, size, unreadable) and the stack unchanged.
 */
int conf_file_include(struct conf_file_stack *st, const char *path, char *err,
    size_t errlen);
/*
 * include of a pattern ("rules.d" "/" "*.conf"): it (relative as above) is
 * expanded with glob(3), and its matches, in name order, become the top file's
 * pending includes (none is read yet: see conf_file_pending_next()).  No match
 * is not an error.  0, or -1 with a message in err.
 */
int conf_file_glob(struct conf_file_stack *st, const char *pattern, char *err,
    size_t errlen);
/*
 * The next pending include of the top file, resolved, or NULL when none
 * is left; read it with conf_file_include_resolved().  Valid until the
 * next call.
 */
const char *conf_file_pending_next(struct conf_file_stack *st);
int conf_file_include_resolved(struct conf_file_stack *st, const char *full,
    char *err, size_t errlen);
/* Whether path holds glob(3) characters. */
bool conf_file_is_pattern(const char *path);
/* Pops the top file and returns true, unless it is the first file. */
bool conf_file_pop(struct conf_file_stack *st);

#endif
