/* SPDX-License-Identifier: ISC */
/*
 * The set of open inputs and the table of input kinds.
 */
#include "config.h"

#include <sys/queue.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "core/xmalloc.h"
#include "input/input.h"
#include "input/input_set.h"

/* One row a kind, indexed by the `listen` line it serves. */
static const struct input_kind *const input_set_kinds[] = {
	[CONF_LISTEN_SYSLOG_UDP] = &syslog_udp_kind,
	[CONF_LISTEN_SYSLOG_TCP] = &syslog_tcp_kind,
	[CONF_LISTEN_TRAP] = &trap_listen_kind,
	[CONF_LISTEN_SYSLOG_TLS] = &syslog_tls_kind,
	[CONF_LISTEN_SYSLOG_UNIX] = &syslog_unix_kind,
};

#define INPUT_SET_NKINDS (sizeof(input_set_kinds) / sizeof(input_set_kinds[0]))

TAILQ_HEAD(input_list, input);

struct input_set {
	struct input_env env;
	struct counter_registry *reg;
	struct input_list open;
	size_t count;
};

static const struct input_kind *
input_set_kind(const struct conf_listen *cl)
{
	if ((size_t)cl->kind >= INPUT_SET_NKINDS)
		return NULL;
	return input_set_kinds[cl->kind];
}

struct input_set *
input_set_new(const struct input_env *env, struct counter_registry *reg)
{
	struct input_set *set = xcalloc(1, sizeof(*set));

	set->env = *env;
	set->reg = reg;
	TAILQ_INIT(&set->open);
	for (size_t i = 0; i < INPUT_SET_NKINDS; i++)
		counter_registry_declare(reg, input_set_kinds[i]->counters,
		    input_set_kinds[i]->ncounters);
	return set;
}

static bool
input_set_is(const struct input *in, const struct conf_listen *cl)
{
	return in->kind == input_set_kind(cl) && in->port == cl->port &&
	    strcmp(in->addr, cl->addr) == 0 &&
	    strcmp(in->path, cl->path != NULL ? cl->path : "") == 0;
}

static void
input_set_close(struct input_set *set, struct input *in)
{
	TAILQ_REMOVE(&set->open, in, entry);
	set->count--;
	in->kind->close(in);
}

int
input_set_sync(struct input_set *set, const struct conf *conf)
{
	struct input *in, *next;
	bool *is_kept = NULL;
	int failed = 0;

	if (conf->nlistens > 0)
		is_kept = xcalloc(conf->nlistens, sizeof(*is_kept));
	/* Keep what is still configured, close the rest... */
	for (in = TAILQ_FIRST(&set->open); in != NULL; in = next) {
		size_t i;

		next = TAILQ_NEXT(in, entry);
		for (i = 0; i < conf->nlistens; i++)
			if (!is_kept[i] && input_set_is(in, &conf->listens[i]))
				break;
		if (i == conf->nlistens) {
			input_set_close(set, in);
			continue;
		}
		is_kept[i] = true;
		in->kind->reconf(in, conf, &conf->listens[i]);
	}
	/* ...then open what is new. */
	for (size_t i = 0; i < conf->nlistens; i++) {
		const struct input_kind *kind =
		    input_set_kind(&conf->listens[i]);

		if (is_kept[i])
			continue;
		if (kind == NULL ||
		    (in = kind->open(&set->env, conf, &conf->listens[i])) ==
			NULL) {
			failed++;
			continue;
		}
		TAILQ_INSERT_TAIL(&set->open, in, entry);
		set->count++;
		counter_registry_add(set->reg, &in->counters);
	}
	free(is_kept);
	return failed;
}

void
input_set_close_all(struct input_set *set)
{
	struct input *in;

	while ((in = TAILQ_FIRST(&set->open)) != NULL)
		input_set_close(set, in);
}

size_t
input_set_count(const struct input_set *set)
{
	return set->count;
}

void
input_set_free(struct input_set *set)
{
	if (set == NULL)
		return;
	input_set_close_all(set);
	free(set);
}
