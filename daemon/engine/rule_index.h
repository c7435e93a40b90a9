/* SPDX-License-Identifier: ISC */
/*
 * Rules by event ID: which rules one of whose sides (open, close, clear)
 * names an event ID, so that an event costs the same whether 1 or 1,000
 * rules are configured, and an event no rule names costs one lookup.
 * Every side of a rule names exactly one event ID (struct conf_match).
 * Pure and immutable once built: threads may look up concurrently.
 */
#ifndef DAEMON_ENGINE_RULE_INDEX_H
#define DAEMON_ENGINE_RULE_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"

struct rule_index;

/* The index of conf's rules (conf is only read here).  Dies on OOM. */
struct rule_index *rule_index_new(const struct conf *conf);
void rule_index_free(struct rule_index *x); /* NULL is a no-op */

/*
 * The indexes into conf->rules of the rules that name event_id, in
 * ascending order, each once; *n is their number.  NULL and *n == 0 when
 * no rule names it.  Valid until rule_index_free().
 */
const uint32_t *rule_index_find(const struct rule_index *x, uint32_t event_id,
    size_t *n);

#endif
