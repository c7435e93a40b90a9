/* SPDX-License-Identifier: ISC */
/*
 * Dropping root for a named user, for good (groups, gid, then uid, and a
 * check that root cannot be regained), and writing the pid file.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/priv.h"

int
priv_drop(const char *user, const char *const *paths, size_t npaths, char *err,
    size_t errlen)
{
	struct passwd *pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		(void)snprintf(err, errlen, "user %s: %s", user,
		    errno != 0 ? strerror(errno) : "no such user");
		return -1;
	}
	for (size_t i = 0; i < npaths; i++)
		/* never through a link someone put in the socket's place */
		if (lchown(paths[i], pw->pw_uid, pw->pw_gid) == -1 &&
		    errno != ENOENT)
			log_warn("cannot give \"%s\" to user %s", paths[i],
			    user);
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
		(void)snprintf(err, errlen, "cannot become %s: %s", user,
		    strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && (setuid(0) != -1 || geteuid() == 0)) {
		(void)snprintf(err, errlen, "root regained after becoming %s",
		    user);
		return -1;
	}
	return 0;
}

int
priv_pidfile_write(const char *path)
{
	char buf[32];
	int fd, n, saved;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1)
		return -1;
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}
