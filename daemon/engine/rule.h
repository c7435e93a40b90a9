/* SPDX-License-Identifier: ISC */
/*
 * How an event matches one side of a rule (struct conf_match).  Pure.
 */
#ifndef DAEMON_ENGINE_RULE_H
#define DAEMON_ENGINE_RULE_H

#include <stdbool.h>

#include "conf/conf.h"
#include "decode/winevent.h"

bool rule_match_event(const struct conf_match *m, const struct winevent *ev);

#endif
