/* SPDX-License-Identifier: ISC */
/*
 * The open inputs, as the configuration asks: opened at start, reconciled
 * at each reload (kept when their kind, address and port are unchanged),
 * closed at shutdown.  Each input's counters are in the registry while it
 * is open.
 */
#ifndef DAEMON_INPUT_INPUT_SET_H
#define DAEMON_INPUT_INPUT_SET_H

#include <stddef.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "input/input.h"

struct input_set;

/* env is copied, reg borrowed; every kind's counters are declared. */
struct input_set *input_set_new(const struct input_env *env,
    struct counter_registry *reg);
/*
 * Brings the open inputs in line with conf (borrowed until the next
 * sync): keeps those still configured (handing them conf), closes the
 * others, then opens the new ones, so that a changed address can take
 * over a port the old one held.  Returns the number that failed to open.
 */
int input_set_sync(struct input_set *set, const struct conf *conf);
/* Closes every input (shutdown: stop receiving). */
void input_set_close_all(struct input_set *set);
size_t input_set_count(const struct input_set *set);
void input_set_free(struct input_set *set); /* NULL is a no-op */

#endif
