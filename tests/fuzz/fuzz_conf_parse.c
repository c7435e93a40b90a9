/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: configuration text through conf_parse_string().  The
 * input is NUL-terminated in a copy of exactly its size plus one.  The
 * file name lives in a directory that does not exist, so that relative
 * includes fail instead of reading whatever is in the working directory.
 */
#include "config.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_parse.h"

#define FUZZ_NAME "/nonexistent-evcorrd-fuzz/fuzz.conf"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What conf_parse promises of a conf it returns. */
static void
fuzz_check_conf(const struct conf *conf)
{
	const struct conf_rule *r;
	size_t i, j;

	for (i = 0; i < conf->nrules; i++) {
		r = &conf->rules[i];
		assert(r->name[0] != '\0');
		assert(r->title != NULL && r->cause != NULL && r->fix != NULL &&
		    r->reference != NULL);
		assert(r->window_ms > 0 && r->holddown_ms >= 0);
		assert(r->open.event_id <= 65535 && r->close.event_id <= 65535);
		assert(conf_find_rule(conf, r->name) == r);
		for (j = 0; j < r->ntargets; j++)
			assert(conf_find_target(conf, r->targets[j]) != NULL);
	}
	for (i = 0; i < conf->nlistens; i++) {
		assert(conf->listens[i].port != 0);
		assert(conf->listens[i].kind != CONF_LISTEN_TRAP ||
		    conf->listens[i].ncommunities > 0);
	}
	assert(conf->max_windows >= 1 && conf->max_connections >= 1);
	assert(conf->max_message_len >= 256);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_errors errs;
	struct conf *conf;
	char *text, line[600];
	size_t i;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(text, data, size);
	text[size] = '\0';
	conf = conf_parse_string(text, FUZZ_NAME, &errs);
	if (conf != NULL) {
		assert(errs.count == 0);
		fuzz_check_conf(conf);
		conf_free(conf);
	} else {
		assert(errs.count > 0);
		for (i = 0; i < errs.count && i < CONF_ERRORS_MAX; i++) {
			assert(memchr(errs.list[i].err.msg, '\0',
				   sizeof(errs.list[i].err.msg)) != NULL);
			conf_errors_format(&errs, i, line, sizeof(line));
			assert(line[0] != '\0');
		}
	}
	free(text);
	return 0;
}
