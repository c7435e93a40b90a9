/* SPDX-License-Identifier: ISC */
/*
 * The set of alert sinks: SNMP notifications (emit_trap) and alert logs
 * (emit_log).  A reload builds a whole new set and swaps it in only when
 * every sink opened, so a bad reload leaves the running sinks untouched.
 */
#include "config.h"

#include <stdlib.h>

#include "emit.h"
#include "emit_log.h"
#include "emit_trap.h"
#include "log.h"
#include "xmalloc.h"

struct emit_sinks {
	struct emit_trap *trap; /* NULL when no targets are configured */
	struct emit_log **logs;
	size_t nlogs;
};

struct emit {
	struct event_base *base;
	struct emit_sinks sinks;
};

static void
emit_sinks_free(struct emit_sinks *s)
{
	for (size_t i = 0; i < s->nlogs; i++)
		emit_log_free(s->logs[i]);
	free(s->logs);
	emit_trap_free(s->trap);
	s->logs = NULL;
	s->nlogs = 0;
	s->trap = NULL;
}

/* Opens every sink in conf, or none (each failure is logged where seen). */
static int
emit_sinks_open(struct emit_sinks *s, struct event_base *base,
    const struct conf *conf)
{
	s->trap = emit_trap_new(base, conf);
	s->logs = NULL;
	s->nlogs = 0;
	if (s->trap == NULL && conf->ntargets > 0)
		return -1;
	if (conf->nalert_logs > 0)
		s->logs = xcalloc(conf->nalert_logs, sizeof(*s->logs));
	for (size_t i = 0; i < conf->nalert_logs; i++) {
		if ((s->logs[i] = emit_log_new(&conf->alert_logs[i])) == NULL) {
			emit_sinks_free(s);
			return -1;
		}
		s->nlogs++;
	}
	return 0;
}

struct emit *
emit_new(struct event_base *base, const struct conf *conf)
{
	struct emit *e = xcalloc(1, sizeof(*e));

	e->base = base;
	if (emit_sinks_open(&e->sinks, base, conf) == -1) {
		free(e);
		return NULL;
	}
	return e;
}

int
emit_reconf(struct emit *e, const struct conf *conf)
{
	struct emit_sinks fresh;

	if (emit_sinks_open(&fresh, e->base, conf) == -1) {
		log_warnx("emit: new alert sinks failed to open: keeping the "
			  "old ones");
		return -1;
	}
	emit_sinks_free(&e->sinks);
	e->sinks = fresh;
	return 0;
}

void
emit_alert(struct emit *e, const struct alert *alert)
{
	if (e->sinks.trap != NULL)
		emit_trap_send(e->sinks.trap, alert);
	for (size_t i = 0; i < e->sinks.nlogs; i++)
		emit_log_write(e->sinks.logs[i], alert);
}

void
emit_reopen(struct emit *e)
{
	for (size_t i = 0; i < e->sinks.nlogs; i++)
		emit_log_reopen(e->sinks.logs[i]);
}

void
emit_free(struct emit *e)
{
	if (e == NULL)
		return;
	emit_sinks_free(&e->sinks);
	free(e);
}
