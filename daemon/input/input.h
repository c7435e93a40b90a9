/* SPDX-License-Identifier: ISC */
/*
 * input/: where bytes come in.  Each kind of input (syslog over UDP,
 * syslog over TCP, SNMP notifications) is one file behind the small table
 * of functions below, and input_set.c opens, reconciles and closes the
 * configured ones; main knows the set, not the kinds.  An input only
 * receives: it hands each frame or PDU to the pipeline (engine/), counts
 * what the pipeline says happened in its own counters, and logs it.
 *
 * The interface every kind implements.
 */
#ifndef DAEMON_INPUT_INPUT_H
#define DAEMON_INPUT_INPUT_H

#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <event2/event.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "core/log.h"
#include "core/sdlisten.h"
#include "engine/pipeline.h"

/* What every input is given. */
struct input_env {
	struct event_base *base;
	struct pipeline *pipe;      /* where frames and PDUs go */
	struct sdlisten *inherited; /* sockets systemd passed; NULL: none */
};

/*
 * The part of every input the set handles: each kind's struct starts
 * with it.  The kind fills it in open() (input_init()).
 */
struct input {
	const struct input_kind *kind;
	char addr[CONF_ADDR_MAX]; /* with port and kind: the reload identity */
	uint16_t port;
	char path[CONF_UNIX_PATH_MAX]; /* unix: its socket (the identity) */
	struct counter_set counters;   /* this input's, with its label */
	TAILQ_ENTRY(input) entry;      /* the set's */
	/* its statement in the conf in force (input_init(), reconf()) */
	const struct conf_listen *listen;
	struct log_rate rate_refused; /* peers its allow list refuses */
};

struct input_kind {
	const char *name;                   /* "syslog/udp": labels and logs */
	enum conf_listen_kind listen;       /* the `listen` lines it serves */
	const struct counter_def *counters; /* its counters' schema */
	size_t ncounters;
	/*
	 * Binds cl (copied); conf is borrowed until the next reconf().
	 * NULL on failure, logged with cl's line.
	 */
	struct input *(*open)(const struct input_env *env,
	    const struct conf *conf, const struct conf_listen *cl);
	/* A reload kept it (same kind, address and port): the new conf. */
	void (*reconf)(struct input *in, const struct conf *conf,
	    const struct conf_listen *cl);
	/*
	 * Stops receiving, counts what is half-read, then clears its counters
	 * (counter_set_clear(), keeping their totals) and frees it.
	 */
	void (*close)(struct input *in);
};

/* The kinds, one table row each in input_set.c. */
extern const struct input_kind syslog_udp_kind;
extern const struct input_kind syslog_tcp_kind;
extern const struct input_kind syslog_tls_kind;
extern const struct input_kind syslog_unix_kind;
extern const struct input_kind trap_listen_kind;

/* Fills in the common part for a kind's open(). */
static inline void
input_init(struct input *in, const struct input_kind *kind,
    const struct conf_listen *cl)
{
	in->kind = kind;
	memcpy(in->addr, cl->addr, sizeof(in->addr));
	in->port = cl->port;
	in->listen = cl;
	in->rate_refused.what = in->counters.label;
	in->path[0] = '\0';
	if (cl->path != NULL) {
		(void)snprintf(in->path, sizeof(in->path), "%s", cl->path);
		counter_set_init(&in->counters, kind->counters, kind->ncounters,
		    "listener", "%s %s", kind->name, cl->path);
		return;
	}
	counter_set_init(&in->counters, kind->counters, kind->ncounters,
	    "listener",
	    strchr(cl->addr, ':') != NULL ? "%s [%s]:%u" : "%s %s:%u",
	    kind->name, cl->addr, (unsigned int)cl->port);
}

#endif
