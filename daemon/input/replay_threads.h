/* SPDX-License-Identifier: ISC */
/*
 * --replay on several threads.  The calling thread cuts the file into
 * chunks of whole lines; decoder threads run pipeline_decode_syslog() on
 * chunks ahead of the correlator and keep what it needs in file order:
 * events some rule names (copied with their key), the times of the others
 * (all an event no rule names changes is the replay clock), and lines to
 * decode again at the correlator's clock (a guessed year).  The calling
 * thread feeds each chunk to the pipeline in turn.  So the pipeline sees
 * what one thread would have fed it, in the same order: the same alerts,
 * in the same order, and the same counters.
 */
#ifndef DAEMON_INPUT_REPLAY_THREADS_H
#define DAEMON_INPUT_REPLAY_THREADS_H

#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "engine/pipeline.h"

/* What the lines were, for the summary. */
struct replay_tally {
	uint64_t outcomes[PIPELINE_OUTCOME_COUNT];
	/* the MALFORMED ones by res->malformed_format; a chunk's only */
	uint64_t malformed[WINEVENT_FORMAT_COUNT];
	uint64_t lines;
	uint64_t truncated; /* lines cut to max-message-size */
};

#define REPLAY_THREADS_MAX 16

/*
 * Every line of fp through p (in replay mode, on conf), decoded on
 * nthreads threads (2..REPLAY_THREADS_MAX); adds to *t.  Returns 0, or -1
 * when a thread could not be started (nothing was read then).
 */
int replay_threads_run(const struct conf *conf, struct pipeline *p, FILE *fp,
    unsigned int nthreads, struct replay_tally *t);

/* A line as replay_lines() takes it: without its "\n" and one "\r". */
size_t replay_line_len(const char *line, size_t len);

#endif
