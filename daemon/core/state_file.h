/* SPDX-License-Identifier: ISC */
/*
 * A file written whole or not at all, for the saved state: written to
 * PATH.tmp, fsync'd, renamed over PATH and the directory fsync'd; read
 * back whole with a cap; moved aside with a timestamp when unusable.
 */
#ifndef DAEMON_CORE_STATE_FILE_H
#define DAEMON_CORE_STATE_FILE_H

#include <stddef.h>
#include <stdint.h>

/* What writes the content: each piece through put(buf, len, put_arg). */
typedef int (*state_file_producer)(int (*put)(const char *, size_t, void *),
    void *put_arg, void *arg);

/* 0, or -1 with errno set (PATH untouched, PATH.tmp removed). */
int state_file_write(const char *path, state_file_producer produce, void *arg);

/*
 * Reads path whole into *buf (malloc'd, NUL-terminated) of *len bytes.
 * 0; 1 when there is no file; -1 with errno (EFBIG above max bytes).
 */
int state_file_read(const char *path, size_t max, char **buf, size_t *len);

/* Renames path to path.bad-YYYYMMDDTHHMMSSZ (wall_ms); 0 or -1. */
int state_file_move_aside(const char *path, int64_t wall_ms, char *to,
    size_t tolen);

#endif
