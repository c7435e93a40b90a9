/* SPDX-License-Identifier: ISC */
/*
 * Alert lines to the local syslog daemon: one datagram a line on a Unix
 * socket (/dev/log, or the configured one), never blocking: an RFC 3164
 * header before the record, or with format rfc5424 the RFC 5424 message
 * itself.  A full or absent socket is counted and logged (rate-limited),
 * never retried.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "conf/conf.h"
#include "core/civil.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/net.h"
#include "core/xmalloc.h"
#include "engine/alert.h"
#include "output/alert_format.h"
#include "output/log_line.h"
#include "output/output.h"

#define LOG_SYSLOG_PATH "/dev/log"
#define LOG_SYSLOG_PREFIX_MAX 64 /* "<191>Nov 29 21:28:10 evcorrd[pid]: " */

struct log_syslog {
	struct output base;        /* first */
	struct conf_alert_log cal; /* path owned */
	char name[32 + PATH_MAX];  /* "alert-log syslog /dev/log" */
	int fd;
	struct sockaddr_un sun;
	struct log_rate rate;
	char hostname[ALERT_FORMAT_HOSTNAME_MAX + 1];
	struct alert_format_ctx ctx; /* rfc5424's header */
	char line[LOG_SYSLOG_PREFIX_MAX + ALERT_FORMAT_MAX];
};

static void
log_syslog_free(struct log_syslog *l)
{
	if (l->fd != -1)
		close(l->fd);
	free(l->cal.path);
	if (l->base.counters.v != NULL)
		counter_set_clear(&l->base.counters);
	free(l);
}

static struct output *
log_syslog_open(const struct output_env *env, const void *item)
{
	const struct conf_alert_log *cal = item;
	struct log_syslog *l = xcalloc(1, sizeof(*l));
	const char *path = cal->path != NULL ? cal->path : LOG_SYSLOG_PATH;
	int r;

	l->cal = *cal;
	l->cal.path = cal->path != NULL ? xstrdup(cal->path) : NULL;
	(void)snprintf(l->name, sizeof(l->name), "alert-log syslog %s", path);
	l->rate.what = l->name;
	if ((cal->facility & ~LOG_FACMASK) != 0) {
		log_warnx("%s: bad facility %d", l->name, cal->facility);
		l->fd = -1;
		log_syslog_free(l);
		return NULL;
	}
	l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (l->fd == -1) {
		log_warn("%s: socket", l->name);
		log_syslog_free(l);
		return NULL;
	}
	l->sun.sun_family = AF_UNIX;
	r = snprintf(l->sun.sun_path, sizeof(l->sun.sun_path), "%s", path);
	if (r < 0 || (size_t)r >= sizeof(l->sun.sun_path)) {
		log_warnx("%s: socket path too long", l->name);
		log_syslog_free(l);
		return NULL;
	}
	/* Not connected: each datagram finds a restarted syslog daemon. */
	if (access(l->sun.sun_path, W_OK) == -1)
		log_warn("%s: %s (alerts are counted as errors until it "
			 "appears)",
		    l->name, l->sun.sun_path);
	net_hostname(l->hostname, sizeof(l->hostname));
	log_line_ctx(&l->cal, l->hostname, (long)getpid(), &l->ctx);
	output_init(&l->base, &log_syslog_kind, NULL, false, path);
	return &l->base;
}

static bool
log_syslog_is_same(const struct output *o, const void *item)
{
	const struct log_syslog *l = (const struct log_syslog *)(const void *)o;

	return log_line_is_same(&l->cal, item);
}

/*
 * "<PRI>Mmm dd hh:mm:ss evcorrd[pid]: ": RFC 3164 as the local syslog
 * daemon reads it, in local time (the alert line inside carries UTC).
 */
static size_t
log_syslog_prefix(const struct log_syslog *l, const struct alert *a,
    const struct clock_stamp *now, char *buf, size_t len)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct civil c;
	int pri, r;

	pri = l->cal.facility | alert_format_syslog_severity(a->severity);
	civil_local(now->wall_ms, &c);
	r = snprintf(buf, len, "<%d>%s %2d %02d:%02d:%02d evcorrd[%ld]: ", pri,
	    months[(c.mon + 11) % 12], c.mday, c.hour, c.min, c.sec,
	    (long)getpid());
	if (r < 0 || (size_t)r >= len)
		return 0;
	return (size_t)r;
}

static void
log_syslog_deliver(struct output *o, const struct alert *a,
    const struct clock_stamp *now)
{
	struct log_syslog *l = (struct log_syslog *)(void *)o;
	size_t off;
	bool is_truncated;
	ssize_t w;

	/* An rfc5424 record is a whole message: header, PRI and all. */
	off = l->cal.format == CONF_FORMAT_RFC5424
	    ? 0
	    : log_syslog_prefix(l, a, now, l->line, LOG_SYSLOG_PREFIX_MAX);
	off += log_line_format(&l->cal, &l->ctx, a, l->line + off,
	    ALERT_FORMAT_MAX, &is_truncated);
	if (is_truncated)
		counter_inc(&l->base.counters, LL_TRUNCATED);
	do {
		w = sendto(l->fd, l->line, off, MSG_DONTWAIT | MSG_NOSIGNAL,
		    (const struct sockaddr *)&l->sun, sizeof(l->sun));
	} while (w == -1 && errno == EINTR);
	if (w != -1) {
		counter_inc(&l->base.counters, LL_LINES);
		return;
	}
	/* EAGAIN: the syslog daemon's queue is full. */
	counter_inc(&l->base.counters, LL_ERRORS);
	if (log_rate_allow(&l->rate, now->mono_ms))
		log_warnx("%s: alert line dropped: send to syslog socket: %s",
		    l->name, strerror(errno));
}

static void
log_syslog_close(struct output *o)
{
	log_syslog_free((struct log_syslog *)(void *)o);
}

const struct output_kind log_syslog_kind = {
	.name = "alert-log syslog",
	.group = "alert-log",
	.counters = log_line_counters,
	.ncounters = LL_COUNT,
	.open = log_syslog_open,
	.is_same = log_syslog_is_same,
	.deliver = log_syslog_deliver,
	.close = log_syslog_close,
};
