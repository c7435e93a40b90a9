/* SPDX-License-Identifier: ISC */
/*
 * Alert lines to standard output or to an append-only file: two output
 * kinds.  Every line goes out in one write(2) and never blocks the event
 * loop; a line that cannot be written is counted and logged
 * (rate-limited), never retried.  In a file a record is written whole or
 * not at all (a short write, ENOSPC, is truncated away), and a file
 * deleted or renamed under the daemon is noticed and reopened.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/net.h"
#include "core/xmalloc.h"
#include "engine/alert.h"
#include "output/alert_format.h"
#include "output/log_line.h"
#include "output/output.h"

#define LOG_STREAM_FILE_MODE 0640

struct log_stream {
	struct output base;        /* first */
	struct conf_alert_log cal; /* path owned */
	char name[32 + PATH_MAX];  /* "alert-log file /var/log/..." */
	int fd;
	bool is_fd_owned;   /* false for our inherited standard output */
	bool is_socket;     /* stream socket (journald): send(MSG_DONTWAIT) */
	bool needs_newline; /* a cut write left the previous line open */
	struct log_rate rate;
	char hostname[ALERT_FORMAT_HOSTNAME_MAX + 1];
	struct alert_format_ctx ctx; /* rfc5424's header */
	/* leading newline, line, trailing newline */
	char line[1 + ALERT_FORMAT_MAX + 1];
};

static int
log_stream_open_file(const struct log_stream *l)
{
	int fd;

	/* O_NONBLOCK: a FIFO without a reader fails instead of hanging. */
	fd = open(l->cal.path,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
	    LOG_STREAM_FILE_MODE);
	if (fd == -1)
		log_warn("%s: open", l->name);
	return fd;
}

/*
 * Standard output is shared with whoever started us, so its flags are
 * left alone.  A socket (journald) gets per-call MSG_DONTWAIT; a pipe is
 * reopened through /proc as a description of our own, non-blocking.
 */
static int
log_stream_open_stdout(struct log_stream *l)
{
	struct stat st;
	int fd;

	if (fstat(STDOUT_FILENO, &st) == -1) {
		log_warn("%s: standard output", l->name);
		return -1;
	}
	l->fd = STDOUT_FILENO;
	l->is_socket = S_ISSOCK(st.st_mode);
	if (S_ISFIFO(st.st_mode)) {
		fd = open("/proc/self/fd/1", O_WRONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd != -1) {
			l->fd = fd;
			l->is_fd_owned = true;
		} else {
			log_debug("%s: pipe stays blocking: %s", l->name,
			    strerror(errno));
		}
	}
	return 0;
}

static void
log_stream_free(struct log_stream *l)
{
	if (l->is_fd_owned && l->fd != -1)
		close(l->fd);
	free(l->cal.path);
	if (l->base.counters.v != NULL)
		counter_set_clear(&l->base.counters);
	free(l);
}

static struct output *
log_stream_open(const struct output_kind *kind, const struct output_env *env,
    const struct conf_alert_log *cal)
{
	struct log_stream *l = xcalloc(1, sizeof(*l));
	int r;

	l->cal = *cal;
	l->cal.path = cal->path != NULL ? xstrdup(cal->path) : NULL;
	l->fd = -1;
	/* A name cut short only shortens our own messages. */
	(void)snprintf(l->name, sizeof(l->name), "alert-log %s%s%s",
	    cal->sink == CONF_SINK_FILE ? "file" : "stdout",
	    l->cal.path != NULL ? " " : "",
	    l->cal.path != NULL ? l->cal.path : "");
	l->rate.what = l->name;
	if (cal->sink == CONF_SINK_STDOUT) {
		r = log_stream_open_stdout(l);
	} else if (l->cal.path == NULL) {
		log_warnx("%s: no file name", l->name);
		r = -1;
	} else if ((l->fd = log_stream_open_file(l)) == -1) {
		r = -1;
	} else {
		l->is_fd_owned = true;
		r = 0;
	}
	if (r == -1) {
		log_stream_free(l);
		return NULL;
	}
	net_hostname(l->hostname, sizeof(l->hostname));
	log_line_ctx(&l->cal, l->hostname, (long)getpid(), &l->ctx);
	output_init(&l->base, kind, NULL, false,
	    l->cal.path != NULL ? l->cal.path : "stdout");
	return &l->base;
}

static struct output *
log_stream_open_stdout_kind(const struct output_env *env, const void *item)
{
	return log_stream_open(&log_stdout_kind, env, item);
}

static struct output *
log_stream_open_file_kind(const struct output_env *env, const void *item)
{
	return log_stream_open(&log_file_kind, env, item);
}

static bool
log_stream_is_same(const struct output *o, const void *item)
{
	const struct log_stream *l = (const struct log_stream *)(const void *)o;

	return log_line_is_same(&l->cal, item);
}

/* Counts a line not written whole; err is the errno of the failure. */
static void
log_stream_failed(struct log_stream *l, const struct clock_stamp *now,
    const char *what, int err)
{
	counter_inc(&l->base.counters, LL_ERRORS);
	if (log_rate_allow(&l->rate, now->mono_ms))
		log_warnx("%s: %s: %s", l->name, what, strerror(err));
}

/*
 * Writes buf[0..n) until it is out or the kernel refuses more (each pass
 * makes progress or ends); returns the bytes written, *err the errno of
 * a refusal.
 */
static size_t
log_stream_put(struct log_stream *l, const char *buf, size_t n, int *err)
{
	size_t done = 0;
	ssize_t w;

	*err = EIO;
	while (done < n) {
		if (l->is_socket)
			w = send(l->fd, buf + done, n - done,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
		else
			w = write(l->fd, buf + done, n - done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == -1)
				*err = errno;
			break;
		}
		done += (size_t)w;
	}
	return done;
}

/*
 * A stream (stdout): a line cut short is counted, and the next line
 * starts with a newline so that it is not glued to the cut one.
 */
static void
log_stream_write_stream(struct log_stream *l, const char *buf, size_t n,
    const struct clock_stamp *now)
{
	int err;
	size_t done = log_stream_put(l, buf, n, &err);

	if (done == n) {
		l->needs_newline = false;
		counter_inc(&l->base.counters, LL_LINES);
		return;
	}
	if (done > 0) {
		l->needs_newline = true;
		log_stream_failed(l, now, "alert line cut", err);
	} else {
		log_stream_failed(l, now, "alert line dropped", err);
	}
}

/*
 * A regular file: a record is whole or absent.  A short write (the disk
 * filled, a size limit) is cut back to where the record began, so the
 * file holds only whole records when space returns.  A FIFO is a stream.
 */
static void
log_stream_write_file(struct log_stream *l, const char *buf, size_t n,
    const struct clock_stamp *now)
{
	struct stat st;
	bool has_st = fstat(l->fd, &st) == 0;
	off_t start = has_st ? st.st_size : -1;
	int err;
	size_t done;

	if (has_st && !S_ISREG(st.st_mode)) {
		log_stream_write_stream(l, buf, n, now);
		return;
	}
	done = log_stream_put(l, buf, n, &err);

	if (done == n) {
		counter_inc(&l->base.counters, LL_LINES);
		return;
	}
	if (done > 0 && start >= 0 && ftruncate(l->fd, start) == 0) {
		log_stream_failed(l, now, "alert record not written (cut back)",
		    err);
		return;
	}
	log_stream_failed(l, now,
	    done > 0 ? "alert record cut, cannot cut it back"
		     : "alert record dropped",
	    err);
}

/*
 * The file was deleted or renamed under us (logrotate without a SIGHUP,
 * an operator): lines would go on into a file nobody sees.  Reopen it by
 * name, counted.
 */
static void
log_stream_check_file(struct log_stream *l, const struct clock_stamp *now)
{
	struct stat fd_st, path_st;
	int fd;

	if (fstat(l->fd, &fd_st) == 0 && fd_st.st_nlink > 0 &&
	    stat(l->cal.path, &path_st) == 0 &&
	    path_st.st_ino == fd_st.st_ino && path_st.st_dev == fd_st.st_dev)
		return;
	if ((fd = log_stream_open_file(l)) == -1)
		return; /* logged; the old file stays in use */
	close(l->fd);
	l->fd = fd;
	counter_inc(&l->base.counters, LL_REOPENED);
	if (log_rate_allow(&l->rate, now->mono_ms))
		log_warnx("%s: deleted or renamed: reopened", l->name);
}

static void
log_stream_deliver(struct output *o, const struct alert *a,
    const struct clock_stamp *now)
{
	struct log_stream *l = (struct log_stream *)(void *)o;
	size_t off = 0;
	bool is_truncated;

	if (l->needs_newline)
		l->line[off++] = '\n';
	off += log_line_format(&l->cal, &l->ctx, a, l->line + off,
	    ALERT_FORMAT_MAX, &is_truncated);
	if (is_truncated)
		counter_inc(&l->base.counters, LL_TRUNCATED);
	l->line[off++] = '\n';
	if (l->cal.sink != CONF_SINK_FILE) {
		log_stream_write_stream(l, l->line, off, now);
		return;
	}
	log_stream_check_file(l, now);
	log_stream_write_file(l, l->line, off, now);
}

static int
log_stream_reopen(struct output *o)
{
	struct log_stream *l = (struct log_stream *)(void *)o;
	int fd;

	if (l->cal.sink != CONF_SINK_FILE)
		return 0;
	/* The old file stays in use unless the new one opens. */
	if ((fd = log_stream_open_file(l)) == -1)
		return -1;
	close(l->fd);
	l->fd = fd;
	return 0;
}

static void
log_stream_close(struct output *o)
{
	log_stream_free((struct log_stream *)(void *)o);
}

const struct output_kind log_stdout_kind = {
	.name = "alert-log stdout",
	.group = "alert-log",
	.counters = log_line_counters,
	.ncounters = LL_COUNT,
	.open = log_stream_open_stdout_kind,
	.is_same = log_stream_is_same,
	.deliver = log_stream_deliver,
	.reopen = log_stream_reopen,
	.close = log_stream_close,
};

const struct output_kind log_file_kind = {
	.name = "alert-log file",
	.group = "alert-log",
	.counters = log_line_counters,
	.ncounters = LL_COUNT,
	.open = log_stream_open_file_kind,
	.is_same = log_stream_is_same,
	.deliver = log_stream_deliver,
	.reopen = log_stream_reopen,
	.close = log_stream_close,
};
