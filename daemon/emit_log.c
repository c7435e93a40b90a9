/* SPDX-License-Identifier: ISC */
/*
 * Alert lines to standard output, an append-only file, or local syslog
 * (/dev/log).  Every line goes out in one write(2) or datagram and never
 * blocks the event loop; a line that cannot be written is counted and
 * logged (rate-limited), never retried.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "alert_format.h"
#include "clock.h"
#include "emit_log.h"
#include "log.h"
#include "stats.h"
#include "xmalloc.h"

#define EMIT_LOG_SYSLOG_PATH "/dev/log"
#define EMIT_LOG_PREFIX_MAX 64 /* "<191>Nov 29 21:28:10 evcorrd[pid]: " */
#define EMIT_LOG_FILE_MODE 0640

struct emit_log {
	struct conf_alert_log cal; /* path owned */
	char name[32 + PATH_MAX];  /* "alert-log file /var/log/..." */
	int fd;
	bool is_fd_owned;   /* false for our inherited standard output */
	bool is_socket;     /* stream socket (journald): send(MSG_DONTWAIT) */
	bool needs_newline; /* a cut write left the previous line open */
	struct sockaddr_un sun;
	struct log_rate rate;
	/* leading newline, prefix, line, trailing newline */
	char line[1 + EMIT_LOG_PREFIX_MAX + ALERT_FORMAT_MAX + 1];
};

static const char *const emit_log_sink_names[] = {
	[CONF_SINK_STDOUT] = "stdout",
	[CONF_SINK_FILE] = "file",
	[CONF_SINK_SYSLOG] = "syslog",
};

static const char *
emit_log_sink_name(enum conf_sink sink)
{
	size_t n = sizeof(emit_log_sink_names) / sizeof(emit_log_sink_names[0]);

	return (size_t)sink < n ? emit_log_sink_names[sink] : "?";
}

/* Syslog severity for each rule severity. */
static int
emit_log_syslog_severity(enum rule_severity severity)
{
	switch (severity) {
	case RULE_SEVERITY_CRITICAL:
		return LOG_CRIT;
	case RULE_SEVERITY_MAJOR:
		return LOG_ERR;
	case RULE_SEVERITY_MINOR:
	case RULE_SEVERITY_WARNING:
		return LOG_WARNING;
	case RULE_SEVERITY_INFO:
		return LOG_INFO;
	}
	return LOG_ERR;
}

static int
emit_log_open_file(const struct emit_log *l)
{
	int fd;

	/* O_NONBLOCK: a FIFO without a reader fails instead of hanging. */
	fd = open(l->cal.path,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
	    EMIT_LOG_FILE_MODE);
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
emit_log_open_stdout(struct emit_log *l)
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

/* The syslog socket: "socket" in the config, else /dev/log. */
static const char *
emit_log_syslog_path(const struct emit_log *l)
{
	return l->cal.path != NULL ? l->cal.path : EMIT_LOG_SYSLOG_PATH;
}

static int
emit_log_open_syslog(struct emit_log *l)
{
	int r;

	l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd == -1) {
		log_warn("%s: socket", l->name);
		return -1;
	}
	l->is_fd_owned = true;
	l->sun.sun_family = AF_UNIX;
	r = snprintf(l->sun.sun_path, sizeof(l->sun.sun_path), "%s",
	    emit_log_syslog_path(l));
	if (r < 0 || (size_t)r >= sizeof(l->sun.sun_path))
		fatalx("%s: socket path too long", l->name);
	/* Not connected: each datagram finds a restarted syslog daemon. */
	if (access(l->sun.sun_path, W_OK) == -1)
		log_warn("%s: %s (alerts are counted as errors until it "
			 "appears)",
		    l->name, l->sun.sun_path);
	return 0;
}

struct emit_log *
emit_log_new(const struct conf_alert_log *cal)
{
	struct emit_log *l = xcalloc(1, sizeof(*l));
	int r = 0;

	l->cal = *cal;
	l->cal.path = cal->path != NULL ? xstrdup(cal->path) : NULL;
	l->fd = -1;
	/* A name cut short only shortens our own messages. */
	(void)snprintf(l->name, sizeof(l->name), "alert-log %s%s%s",
	    emit_log_sink_name(cal->sink), l->cal.path != NULL ? " " : "",
	    l->cal.path != NULL ? l->cal.path : "");
	l->rate.what = l->name;
	switch (cal->sink) {
	case CONF_SINK_STDOUT:
		r = emit_log_open_stdout(l);
		break;
	case CONF_SINK_FILE:
		if (l->cal.path == NULL) {
			log_warnx("%s: no file name", l->name);
			r = -1;
		} else if ((l->fd = emit_log_open_file(l)) == -1) {
			r = -1;
		} else {
			l->is_fd_owned = true;
		}
		break;
	case CONF_SINK_SYSLOG:
		if ((cal->facility & ~LOG_FACMASK) != 0) {
			log_warnx("%s: bad facility %d", l->name,
			    cal->facility);
			r = -1;
		} else {
			r = emit_log_open_syslog(l);
		}
		break;
	default:
		log_warnx("%s: unknown sink %d", l->name, (int)cal->sink);
		r = -1;
		break;
	}
	if (r == -1) {
		emit_log_free(l);
		return NULL;
	}
	return l;
}

/* "<PRI>Mmm dd hh:mm:ss evcorrd[pid]: " (RFC 3164, local time). */
static size_t
emit_log_syslog_prefix(const struct emit_log *l, const struct alert *alert,
    char *buf, size_t len)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t now = (time_t)(clock_wall_ms() / 1000);
	struct tm tm;
	int pri, r;

	pri = l->cal.facility | emit_log_syslog_severity(alert->rule->severity);
	if (localtime_r(&now, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	r = snprintf(buf, len, "<%d>%s %2d %02d:%02d:%02d evcorrd[%ld]: ", pri,
	    months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, (long)getpid());
	if (r < 0 || (size_t)r >= len)
		return 0;
	return (size_t)r;
}

/* Counts a line not written whole; err is the errno of the failure. */
static void
emit_log_failed(struct emit_log *l, const char *what, int err)
{
	stats_inc(STATS_ALERT_LOG_ERRORS);
	if (log_rate_allow(&l->rate, clock_now_ms()))
		log_warnx("%s: %s: %s", l->name, what, strerror(err));
}

static void
emit_log_send_syslog(struct emit_log *l, const char *buf, size_t n)
{
	ssize_t w;

	do {
		w = sendto(l->fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL,
		    (const struct sockaddr *)&l->sun, sizeof(l->sun));
	} while (w == -1 && errno == EINTR);
	if (w == -1) {
		/* EAGAIN: the syslog daemon's queue is full. */
		emit_log_failed(l, "alert line dropped: send to syslog socket",
		    errno);
		return;
	}
	stats_inc(STATS_ALERT_LOG_LINES);
}

/*
 * Writes until the line is out or the kernel refuses more (each pass
 * makes progress or ends).  A line cut short is counted, and the next
 * line starts with a newline so that it is not glued to the cut one.
 */
static void
emit_log_send_stream(struct emit_log *l, const char *buf, size_t n)
{
	size_t done = 0;
	ssize_t w;

	while (done < n) {
		if (l->is_socket)
			w = send(l->fd, buf + done, n - done,
			    MSG_DONTWAIT | MSG_NOSIGNAL);
		else
			w = write(l->fd, buf + done, n - done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done == n) {
		l->needs_newline = false;
		stats_inc(STATS_ALERT_LOG_LINES);
		return;
	}
	if (done > 0) {
		l->needs_newline = true;
		emit_log_failed(l, "alert line cut", w == -1 ? errno : EIO);
	} else {
		emit_log_failed(l, "alert line dropped", w == -1 ? errno : EIO);
	}
}

void
emit_log_write(struct emit_log *l, const struct alert *alert)
{
	size_t off = 0;
	int r;

	if (l->cal.sink == CONF_SINK_SYSLOG)
		off = emit_log_syslog_prefix(l, alert, l->line,
		    EMIT_LOG_PREFIX_MAX);
	else if (l->needs_newline)
		l->line[off++] = '\n';
	if (l->cal.format == CONF_FORMAT_JSON)
		r = alert_format_json(alert, l->line + off, ALERT_FORMAT_MAX);
	else
		r = alert_format_text(alert, l->line + off, ALERT_FORMAT_MAX);
	if (r == -1) {
		stats_inc(STATS_ALERT_LOG_TRUNCATED);
		off += strlen(l->line + off);
	} else {
		off += (size_t)r;
	}
	if (l->cal.sink == CONF_SINK_SYSLOG) {
		emit_log_send_syslog(l, l->line, off);
		return;
	}
	l->line[off++] = '\n';
	emit_log_send_stream(l, l->line, off);
}

int
emit_log_reopen(struct emit_log *l)
{
	int fd;

	if (l->cal.sink != CONF_SINK_FILE)
		return 0;
	/* The old file stays in use unless the new one opens. */
	if ((fd = emit_log_open_file(l)) == -1)
		return -1;
	close(l->fd);
	l->fd = fd;
	return 0;
}

void
emit_log_free(struct emit_log *l)
{
	if (l == NULL)
		return;
	if (l->is_fd_owned && l->fd != -1)
		close(l->fd);
	free(l->cal.path);
	free(l);
}
