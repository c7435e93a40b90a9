/* SPDX-License-Identifier: ISC */
/* Whole-or-nothing files for the saved state (state_file.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/civil.h"
#include "core/state_file.h"
#include "core/xmalloc.h"

#define STATE_FILE_BUF 65536

struct state_file_out {
	int fd;
	size_t len;
	char buf[STATE_FILE_BUF];
};

static int
state_file_flush(struct state_file_out *o)
{
	size_t off = 0;
	ssize_t n;

	while (off < o->len) {
		if ((n = write(o->fd, o->buf + off, o->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	o->len = 0;
	return 0;
}

static int
state_file_put(const char *s, size_t n, void *arg)
{
	struct state_file_out *o = arg;

	if (o->len + n > sizeof(o->buf) && state_file_flush(o) == -1)
		return -1;
	if (n > sizeof(o->buf)) {
		o->len = 0;
		return write(o->fd, s, n) == (ssize_t)n ? 0 : -1;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	return 0;
}

/* fsync of the directory holding path, so that the rename is durable. */
static int
state_file_sync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path),
		     path) >= (int)sizeof(dir))
		return -1;
	if (dir[0] == '\0')
		snprintf(dir, sizeof(dir), "/");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
state_file_write(const char *path, state_file_producer produce, void *arg)
{
	struct state_file_out *o = xmalloc(sizeof(*o));
	char tmp[PATH_MAX];
	int saved;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		free(o);
		errno = ENAMETOOLONG;
		return -1;
	}
	o->len = 0;
	o->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (o->fd == -1) {
		free(o);
		return -1;
	}
	if (produce(state_file_put, o, arg) == -1 ||
	    state_file_flush(o) == -1 || fsync(o->fd) == -1) {
		saved = errno;
		close(o->fd);
		unlink(tmp);
		free(o);
		errno = saved != 0 ? saved : EIO;
		return -1;
	}
	if (close(o->fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		free(o);
		errno = saved;
		return -1;
	}
	free(o);
	return state_file_sync_dir(path);
}

int
state_file_read(const char *path, size_t max, char **bufp, size_t *lenp)
{
	struct stat sb;
	size_t len = 0;
	ssize_t n;
	char *buf;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (uintmax_t)sb.st_size > max) {
		if (errno == 0 || S_ISREG(sb.st_mode))
			errno = EFBIG;
		else
			errno = EINVAL;
		close(fd);
		return -1;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (len < (size_t)sb.st_size) {
		n = read(fd, buf + len, (size_t)sb.st_size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

int
state_file_move_aside(const char *path, int64_t wall_ms, char *to, size_t tolen)
{
	struct civil c;

	civil_from_ms(wall_ms, &c);
	if (snprintf(to, tolen, "%s.bad-%04d%02d%02dT%02d%02d%02dZ", path,
		(int)c.year, c.mon, c.mday, c.hour, c.min,
		c.sec) >= (int)tolen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return rename(path, to);
}
