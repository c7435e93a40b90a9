/* SPDX-License-Identifier: ISC */
/*
 * evcorrd --replay FILE: one syslog message a line (PRI and header as it
 * would arrive over UDP), through the same parser and engine as fast as it
 * goes, on the events' own times.  Alerts go to stdout in the configured
 * alert-log formats, or with use_outputs to the configured outputs; a
 * one-line summary goes to stderr.  It binds no listener and touches no
 * saved state.
 */
#ifndef DAEMON_INPUT_REPLAY_H
#define DAEMON_INPUT_REPLAY_H

#include <stdbool.h>

#include "conf/conf.h"

/*
 * path "-" is stdin.  nthreads decode (replay_threads.h): 1 decodes on
 * this thread, 0 means one per CPU.  Returns the exit status: 0, or 1
 * (logged).
 */
int replay_run(const struct conf *conf, const char *path, bool use_outputs,
    unsigned int nthreads);

#endif
