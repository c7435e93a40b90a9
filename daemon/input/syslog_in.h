/* SPDX-License-Identifier: ISC */
/*
 * What the syslog input kinds (syslog_udp.c, syslog_tcp.c) share: their
 * common state and counters, binding, and the handing of one complete
 * frame to the pipeline with the counting and rate-limited logging of
 * what happened to it.  Used by the kinds; calls none of them.
 */
#ifndef DAEMON_INPUT_SYSLOG_IN_H
#define DAEMON_INPUT_SYSLOG_IN_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/log.h"
#include "decode/winevent.h"
#include "engine/pipeline.h"
#include "input/input.h"

/* The counters every syslog kind has first; each kind's follow. */
enum syslog_in_counter {
	SI_TRUNCATED,
	SI_EMPTY,
	SI_MALFORMED,
	SI_NOT_WINEVENT,
	SI_READ_ERRORS,
	SI_NOT_ALLOWED,
	SI_COMMON, /* the first of the kind's own */
};

#define SYSLOG_IN_COUNTER_DEFS                                                 \
	[SI_TRUNCATED] = { "syslog_truncated",                                 \
		"messages longer than max-message-size, cut" },                \
	[SI_EMPTY] = { "syslog_empty", "messages with nothing in them" },      \
	[SI_MALFORMED] = { "syslog_malformed",                                 \
		"messages whose syslog header or agent format is broken" },    \
	[SI_NOT_WINEVENT] = { "syslog_not_winevent",                           \
		"messages that are no Windows event" },                        \
	[SI_READ_ERRORS] = { "syslog_read_errors", "socket read errors" },     \
	[SI_NOT_ALLOWED] = { "syslog_not_allowed",                             \
		"datagrams dropped and connections closed: the peer is in no " \
		"block of the listener's allow list" }

/* The part of a syslog input both kinds share; each starts with it. */
struct syslog_in {
	struct input base;
	const struct conf *conf; /* borrowed until the next reconf */
	struct pipeline *pipe;
	enum winevent_via via;
	int line;                      /* of its listen statement */
	const struct tz *tz;           /* of zone-less times: in conf, or UTC */
	enum conf_input_format format; /* its `format` */
	struct log_rate rate_bad;
	struct log_rate rate_other;
	struct log_rate rate_io;
	struct log_rate rate_windows;
};

void syslog_in_init(struct syslog_in *si, const struct input_kind *kind,
    const struct input_env *env, const struct conf *conf,
    const struct conf_listen *cl, enum winevent_via via);
/* A new conf for a listener that stays (cl: its statement there). */
void syslog_in_reconf(struct syslog_in *si, const struct conf *conf,
    const struct conf_listen *cl);
/*
 * A socket of type bound to cl's address and port (a stream socket
 * listening); -1 when that failed, logged with cl's line.
 */
int syslog_in_bind(const struct input_env *env, const struct conf_listen *cl,
    const char *name, int type);

/*
 * One complete frame buf[0..len) from peer (TLS: subject, its certificate's;
 * else NULL), cut when is_truncated: to the pipeline, then counted and,
 * when dropped, logged at a bounded rate with its first bytes escaped.
 */
void syslog_in_frame(struct syslog_in *si, const char *buf, size_t len,
    bool is_truncated, const char *peer, const char *subject,
    const struct clock_stamp *now);

#endif
