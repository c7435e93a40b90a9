/* SPDX-License-Identifier: ISC */
/*
 * The set of alert sinks: SNMP notifications (emit_trap) and alert logs
 * (emit_log).  A reload opens the new alert logs and reconciles the SNMP
 * targets, and commits only when everything opened, so a bad reload
 * leaves the running sinks untouched.
 */
#include "config.h"

#include <stdlib.h>

#include "emit.h"
#include "emit_log.h"
#include "emit_trap.h"
#include "log.h"
#include "xmalloc.h"

struct emit_sinks {
	struct emit_trap *trap; /* possibly without targets */
	struct emit_log **logs;
	size_t nlogs;
};

struct emit {
	struct event_base *base;
	struct emit_sinks sinks;
};

static void
emit_logs_free(struct emit_sinks *s)
{
	for (size_t i = 0; i < s->nlogs; i++)
		emit_log_free(s->logs[i]);
	free(s->logs);
	s->logs = NULL;
	s->nlogs = 0;
}

static void
emit_sinks_free(struct emit_sinks *s)
{
	emit_logs_free(s);
	emit_trap_free(s->trap);
	s->trap = NULL;
}

/* Opens every alert log in conf; on failure (logged where seen) the
 * caller frees what did open. */
static int
emit_logs_open(struct emit_sinks *s, const struct conf *conf)
{
	s->logs = NULL;
	s->nlogs = 0;
	if (conf->nalert_logs > 0)
		s->logs = xcalloc(conf->nalert_logs, sizeof(*s->logs));
	for (size_t i = 0; i < conf->nalert_logs; i++) {
		if ((s->logs[i] = emit_log_new(&conf->alert_logs[i])) == NULL)
			return -1;
		s->nlogs++;
	}
	return 0;
}

struct emit *
emit_new(struct event_base *base, const struct conf *conf)
{
	struct emit *e = xcalloc(1, sizeof(*e));

	e->base = base;
	if ((e->sinks.trap = emit_trap_new(base, conf)) == NULL ||
	    emit_logs_open(&e->sinks, conf) == -1) {
		emit_sinks_free(&e->sinks);
		free(e);
		return NULL;
	}
	return e;
}

/*
 * Alert logs are reopened from the new configuration; SNMP targets are
 * reconciled in place (emit_trap_reconf) so that informs in flight to an
 * unchanged target survive the reload.
 */
int
emit_reconf(struct emit *e, const struct conf *conf)
{
	struct emit_sinks fresh = { 0 };

	if (emit_logs_open(&fresh, conf) == -1 ||
	    emit_trap_reconf(e->sinks.trap, conf) == -1) {
		emit_logs_free(&fresh);
		log_warnx("emit: new alert sinks failed to open: keeping the "
			  "old ones");
		return -1;
	}
	emit_logs_free(&e->sinks);
	e->sinks.logs = fresh.logs;
	e->sinks.nlogs = fresh.nlogs;
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

size_t
emit_pending(const struct emit *e)
{
	return e != NULL ? emit_trap_pending(e->sinks.trap) : 0;
}

void
emit_free(struct emit *e)
{
	if (e == NULL)
		return;
	emit_sinks_free(&e->sinks);
	free(e);
}
