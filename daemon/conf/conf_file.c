/* SPDX-License-Identifier: ISC */
/*
 * The include stack of the configuration: reading each file whole (a
 * regular file, capped in size, never blocking on a FIFO), resolving an
 * include against the including file, and refusing loops and excess.
 */
#include "config.h"

#include <sys/stat.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf_file.h"
#include "core/escape.h"
#include "core/xmalloc.h"

#define CONF_FILE_MAX (1024 * 1024)           /* bytes of one file */
#define CONF_FILE_TOTAL_MAX (8 * 1024 * 1024) /* bytes of all files read */
#define CONF_FILE_INCLUDES_MAX 256            /* files included in all */

/* Fills err; returns -1.  Truncation only shortens a message. */
static int __attribute__((format(printf, 3, 4)))
conf_file_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void
conf_file_free_pending(struct conf_file *f)
{
	size_t i;

	for (i = 0; i < f->npending; i++)
		free(f->pending[i]);
	free(f->pending);
	f->pending = NULL;
	f->npending = f->ipending = 0;
}

static void
conf_file_release(struct conf_file *f)
{
	free(f->owned);
	conf_file_free_pending(f);
}

void
conf_file_clear(struct conf_file_stack *st)
{
	size_t i;

	while (st->nfiles > 0)
		conf_file_release(&st->files[--st->nfiles]);
	for (i = 0; i < st->nnames; i++)
		free(st->names[i]);
	free(st->names);
	st->names = NULL;
	st->nnames = 0;
}

struct conf_file *
conf_file_top(struct conf_file_stack *st)
{
	assert(st->nfiles > 0);
	return &st->files[st->nfiles - 1];
}

static const char *
conf_file_intern(struct conf_file_stack *st, const char *name)
{
	st->names =
	    xreallocarray(st->names, st->nnames + 1, sizeof(*st->names));
	st->names[st->nnames] = xstrdup(name);
	return st->names[st->nnames++];
}

/* Pushes a file to read next; takes ownership of owned. */
static void
conf_file_push(struct conf_file_stack *st, const char *name, const char *buf,
    char *owned, size_t len, const struct stat *sb)
{
	struct conf_file *f = &st->files[st->nfiles++];

	memset(f, 0, sizeof(*f));
	f->name = conf_file_intern(st, name);
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
	st->total_len += len;
}

bool
conf_file_pop(struct conf_file_stack *st)
{
	if (st->nfiles <= 1)
		return false;
	conf_file_release(&st->files[--st->nfiles]);
	return true;
}

/*
 * Reads a regular file of at most CONF_FILE_MAX bytes into a buffer of
 * about its size.  NULL with *why set on failure.
 */
static char *
conf_file_read(const char *path, struct stat *sb, size_t *lenp,
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

int
conf_file_push_string(struct conf_file_stack *st, const char *text,
    const char *name, char *err, size_t errlen)
{
	size_t len;

	len = text == NULL ? 0 : strnlen(text, CONF_FILE_MAX + 1);
	if (len > CONF_FILE_MAX)
		return conf_file_fail(err, errlen,
		    "configuration larger than %d bytes", CONF_FILE_MAX);
	conf_file_push(st, name, text == NULL ? "" : text, NULL, len, NULL);
	return 0;
}

int
conf_file_push_path(struct conf_file_stack *st, const char *path, char *err,
    size_t errlen)
{
	const char *why;
	struct stat sb;
	size_t len;
	char *buf;

	if ((buf = conf_file_read(path, &sb, &len, &why)) == NULL)
		return conf_file_fail(err, errlen, "%s", why);
	conf_file_push(st, path, buf, buf, len, &sb);
	return 0;
}

static bool
conf_file_is_open(const struct conf_file_stack *st, const struct stat *sb)
{
	size_t i;

	for (i = 0; i < st->nfiles; i++)
		if (st->files[i].has_id && st->files[i].dev == sb->st_dev &&
		    st->files[i].ino == sb->st_ino)
			return true;
	return false;
}

/* Whether a file of len bytes may be pushed: -1 with err set if not. */
static int
conf_file_check_room(const struct conf_file_stack *st, size_t len, char *err,
    size_t errlen)
{
	if (st->nfiles > CONF_FILE_INCLUDE_DEPTH)
		return conf_file_fail(err, errlen,
		    "include nested more than %d deep",
		    CONF_FILE_INCLUDE_DEPTH);
	if (len > CONF_FILE_MAX || st->total_len + len > CONF_FILE_TOTAL_MAX)
		return conf_file_fail(err, errlen,
		    "configuration too large (a file may hold "
		    "%d bytes, all files %d)",
		    CONF_FILE_MAX, CONF_FILE_TOTAL_MAX);
	return 0;
}

/* path relative to the directory of from, into full; 0 or -1. */
static int
conf_file_resolve(const char *from, const char *path, char *full, size_t size)
{
	const char *slash = strrchr(from, '/');
	int n;

	if (path[0] == '/' || slash == NULL)
		n = snprintf(full, size, "%s", path);
	else
		n = snprintf(full, size, "%.*s/%s", (int)(slash - from), from,
		    path);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
conf_file_include(struct conf_file_stack *st, const char *path, char *err,
    size_t errlen)
{
	char full[PATH_MAX];

	if (conf_file_resolve(conf_file_top(st)->name, path, full,
		sizeof(full)) == -1)
		return conf_file_fail(err, errlen, "include path too long");
	return conf_file_include_resolved(st, full, err, errlen);
}

bool
conf_file_is_pattern(const char *path)
{
	return strpbrk(path, "*?[") != NULL;
}

/* A directory that does not exist holds no match; others are errors. */
static int
conf_file_glob_error(const char *path, int err)
{
	(void)path;
	return err != ENOENT && err != ENOTDIR;
}

int
conf_file_glob(struct conf_file_stack *st, const char *pattern, char *err,
    size_t errlen)
{
	struct conf_file *top = conf_file_top(st);
	char full[PATH_MAX], q[128];
	glob_t g;
	size_t i;
	int rc;

	if (conf_file_resolve(top->name, pattern, full, sizeof(full)) == -1)
		return conf_file_fail(err, errlen, "include path too long");
	escape_text(full, strlen(full), q, sizeof(q));
	memset(&g, 0, sizeof(g));
	rc = glob(full, 0, conf_file_glob_error, &g);
	if (rc == GLOB_NOMATCH) {
		globfree(&g);
		return 0;
	}
	if (rc != 0) {
		globfree(&g);
		return conf_file_fail(err, errlen,
		    "include \"%s\": cannot read the directory", q);
	}
	if (g.gl_pathc > CONF_FILE_INCLUDES_MAX) {
		globfree(&g);
		return conf_file_fail(err, errlen,
		    "include \"%s\": more than %d files", q,
		    CONF_FILE_INCLUDES_MAX);
	}
	conf_file_free_pending(top);
	top->pending = xcalloc(g.gl_pathc + 1, sizeof(*top->pending));
	for (i = 0; i < g.gl_pathc; i++)
		top->pending[i] = xstrdup(g.gl_pathv[i]);
	top->npending = g.gl_pathc;
	globfree(&g);
	return 0;
}

const char *
conf_file_pending_next(struct conf_file_stack *st)
{
	struct conf_file *top = conf_file_top(st);

	if (top->ipending < top->npending)
		return top->pending[top->ipending++];
	return NULL;
}

int
conf_file_include_resolved(struct conf_file_stack *st, const char *full,
    char *err, size_t errlen)
{
	char q[128];
	const char *why;
	struct stat sb;
	size_t len;
	char *buf;

	if (++st->nincludes > CONF_FILE_INCLUDES_MAX)
		return conf_file_fail(err, errlen, "more than %d includes",
		    CONF_FILE_INCLUDES_MAX);
	escape_text(full, strlen(full), q, sizeof(q));
	if ((buf = conf_file_read(full, &sb, &len, &why)) == NULL)
		return conf_file_fail(err, errlen, "include \"%s\": %s", q,
		    why);
	if (conf_file_is_open(st, &sb)) {
		free(buf);
		return conf_file_fail(err, errlen,
		    "include loop: \"%s\" is already being read", q);
	}
	if (conf_file_check_room(st, len, err, errlen) == -1) {
		free(buf);
		return -1;
	}
	conf_file_push(st, full, buf, buf, len, &sb);
	return 0;
}
