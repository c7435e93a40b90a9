/* SPDX-License-Identifier: ISC */
/*
 * Alerts as EVCORR-MIB evcorrAlertNotification (SNMPv2c trap or inform,
 * the PDU built by emit_trap_pdu.c) to the targets a rule names, each a
 * net-snmp session of emit_trap_target.c.  A reload keeps unchanged
 * targets with their pending informs and lets removed or changed ones
 * drain first.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/types.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "clock.h"
#include "emit_trap.h"
#include "emit_trap_pdu.h"
#include "emit_trap_target.h"
#include "log.h"
#include "stats.h"
#include "xmalloc.h"

struct emit_trap {
	struct emit_trap_target **targets; /* those of the running conf */
	size_t ntargets;
	struct emit_trap_target_pool *pool; /* with the retired targets */
	int64_t start_ms; /* CLOCK_BOOTTIME ms when the daemon started */
	struct log_rate rate;
};

/*
 * A request-id nobody can predict (RFC 3416 leaves it to the sender):
 * with the connected socket, an off-path host cannot forge an ack.
 * Keeps the library's sequential id if the kernel has no randomness yet.
 */
static void
emit_trap_reqid(netsnmp_pdu *pdu)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		return;
	r &= 0x7fffffffu;
	pdu->reqid = r != 0 ? (long)r : 1;
}

/*
 * The notification for a, with the daemon's uptime as sysUpTime.0 (in
 * TimeTicks, which wrap after 497 days) and, for an inform, a random
 * request-id.
 */
static netsnmp_pdu *
emit_trap_build(const struct emit_trap *t, const struct alert *a,
    bool is_inform)
{
	int64_t up = clock_boot_ms() - t->start_ms;
	uint32_t ticks = (uint32_t)((up > 0 ? up : 0) / 10);
	netsnmp_pdu *pdu = emit_trap_pdu_new(a, ticks, is_inform);

	if (pdu == NULL)
		fatalx("emit_trap: out of memory");
	if (is_inform)
		emit_trap_reqid(pdu);
	return pdu;
}

static void
emit_trap_send_one(struct emit_trap *t, struct emit_trap_target *tg,
    const struct alert *a)
{
	if (emit_trap_target_admit(tg, a->rule->name) == -1)
		return;
	emit_trap_target_send(tg,
	    emit_trap_build(t, a, emit_trap_target_is_inform(tg)),
	    a->rule->name);
}

static struct emit_trap_target *
emit_trap_find(struct emit_trap *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ntargets; i++)
		if (strcmp(emit_trap_target_name(t->targets[i]), name) == 0)
			return t->targets[i];
	return NULL;
}

void
emit_trap_send(struct emit_trap *t, const struct alert *alert)
{
	const struct rule *r;
	struct emit_trap_target *tg;
	size_t i;

	if (t == NULL || alert == NULL || alert->rule == NULL)
		return;
	r = alert->rule;
	if (r->ntargets == 0) {
		for (i = 0; i < t->ntargets; i++)
			emit_trap_send_one(t, t->targets[i], alert);
		return;
	}
	for (i = 0; i < r->ntargets; i++) {
		if ((tg = emit_trap_find(t, r->targets[i])) != NULL) {
			emit_trap_send_one(t, tg, alert);
			continue;
		}
		/* conf_parse checks the names: a broken invariant, counted */
		stats_inc(STATS_TRAP_SEND_ERRORS);
		if (log_rate_allow(&t->rate, clock_now_ms()))
			log_warnx("rule %s: no target named %s", r->name,
			    r->targets[i]);
	}
}

struct emit_trap *
emit_trap_new(struct event_base *base, const struct conf *conf)
{
	struct emit_trap *t = xcalloc(1, sizeof(*t));

	/*
	 * sysUpTime.0 is the daemon's uptime, not this object's: a reload
	 * that recreates the emitter must not look like a restart.
	 */
	t->start_ms = clock_process_start_ms();
	t->rate.what = "emit_trap";
	if ((t->pool = emit_trap_target_pool_new(base, &t->rate)) == NULL) {
		free(t);
		return NULL;
	}
	if (emit_trap_reconf(t, conf) == -1) {
		emit_trap_free(t);
		return NULL;
	}
	return t;
}

/* Index of an unclaimed running target identical to ct, or ntargets. */
static size_t
emit_trap_match(const struct emit_trap *t, const bool *is_kept,
    const struct conf_target *ct)
{
	size_t j;

	for (j = 0; j < t->ntargets; j++)
		if (!is_kept[j] && emit_trap_target_is_same(t->targets[j], ct))
			return j;
	return t->ntargets;
}

int
emit_trap_reconf(struct emit_trap *t, const struct conf *conf)
{
	struct emit_trap_target **fresh = NULL;
	bool *is_kept = NULL, *is_new = NULL;
	int64_t now_ms = clock_now_ms();
	size_t i, j, nkept = 0;

	if (conf->ntargets > 0) {
		fresh = xcalloc(conf->ntargets, sizeof(*fresh));
		is_new = xcalloc(conf->ntargets, sizeof(*is_new));
	}
	if (t->ntargets > 0)
		is_kept = xcalloc(t->ntargets, sizeof(*is_kept));
	for (i = 0; i < conf->ntargets; i++) {
		j = emit_trap_match(t, is_kept, &conf->targets[i]);
		if (j < t->ntargets) {
			is_kept[j] = true;
			fresh[i] = t->targets[j];
			nkept++;
			continue;
		}
		fresh[i] = emit_trap_target_new(t->pool, &conf->targets[i]);
		if (fresh[i] == NULL)
			goto fail;
		is_new[i] = true;
	}
	for (j = 0; j < t->ntargets; j++)
		if (!is_kept[j])
			emit_trap_target_retire(t->targets[j], now_ms);
	if (t->ntargets > 0 || conf->ntargets > 0)
		log_debug("emit_trap: %zu targets kept, %zu opened, %zu "
			  "closed",
		    nkept, conf->ntargets - nkept, t->ntargets - nkept);
	free(t->targets);
	t->targets = fresh;
	t->ntargets = conf->ntargets;
	free(is_kept);
	free(is_new);
	return 0;
fail:
	/* nothing changed: close only what this call opened */
	while (i-- > 0)
		if (is_new[i])
			emit_trap_target_free(fresh[i]);
	free(fresh);
	free(is_kept);
	free(is_new);
	return -1;
}

size_t
emit_trap_pending(const struct emit_trap *t)
{
	size_t i, n;

	if (t == NULL)
		return 0;
	n = emit_trap_target_pool_pending(t->pool);
	for (i = 0; i < t->ntargets; i++)
		n += emit_trap_target_pending(t->targets[i]);
	return n;
}

void
emit_trap_free(struct emit_trap *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ntargets; i++)
		emit_trap_target_free(t->targets[i]);
	emit_trap_target_pool_free(t->pool);
	free(t->targets);
	free(t);
}
