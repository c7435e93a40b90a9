/* SPDX-License-Identifier: ISC */
/*
 * Running outside systemd: dropping root for a named user once the
 * sockets are bound, and the pid file.  Called at startup only.
 */
#ifndef DAEMON_CORE_PRIV_H
#define DAEMON_CORE_PRIV_H

#include <stddef.h>

/*
 * Becomes user (its uid, primary gid and supplementary groups) for good,
 * first handing it the npaths files in paths (the Unix sockets bound as
 * root: chowned to the user and its group; one that is gone is skipped,
 * one that cannot be chowned is logged).  0, or -1 with why in err.
 */
int priv_drop(const char *user, const char *const *paths, size_t npaths,
    char *err, size_t errlen);
/* Writes this process's pid and a newline to path.  0, or -1 (errno). */
int priv_pidfile_write(const char *path);

#endif
