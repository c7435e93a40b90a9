/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: a saved state file through correlator_load().  An
 * input whose first byte is even is loaded as it is (the whole-file
 * checks); otherwise the rest is sealed with a valid end record first,
 * so that every record parser behind the checksum is reached.  What
 * loads must then save, and the saved text must load again.
 */
#include "config.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "engine/correlator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct conf *
fuzz_conf(void)
{
	static struct conf *conf;
	static const char *const names[] = { "Q246115", "r2" };

	if (conf != NULL)
		return conf;
	conf = conf_new();
	conf->rules = calloc(2, sizeof(*conf->rules));
	conf->nrules = 2;
	for (size_t i = 0; i < 2; i++) {
		struct conf_rule *r = &conf->rules[i];

		strcpy(r->name, names[i]);
		r->open.event_id = 2140;
		r->close.event_id = 100;
		r->window_ms = 300000;
		r->holddown_ms = 1800000;
		r->lateness_ms = -1;
		r->has_clear = i == 1;
		r->clear.event_id = 1000;
		r->title = strdup("t");
		r->cause = strdup("");
		r->fix = strdup("");
		r->reference = strdup("");
	}
	conf->max_windows = 64;
	return conf;
}

struct fuzz_buf {
	char *p;
	size_t len, cap;
};

static int
fuzz_put(const char *s, size_t n, void *arg)
{
	struct fuzz_buf *b = arg;

	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t key[2] = { 1, 2 };
	struct correlator_load_result lr;
	struct fuzz_buf saved = { 0 };
	struct correlator *c;
	char err[256], end[64];
	char *buf;
	size_t len;
	int n;

	if (size == 0)
		return 0;
	len = size - 1;
	if ((buf = malloc(len + sizeof(end))) == NULL)
		return 0;
	memcpy(buf, data + 1, len);
	if ((data[0] & 1) &&
	    (n = correlator_state_seal(buf, len, end, sizeof(end))) > 0) {
		memcpy(buf + len, end, (size_t)n);
		len += (size_t)n;
	}
	c = correlator_new(fuzz_conf(), key);
	if (correlator_load(c, buf, len, 1000000, 1800000000000, &lr, err,
		sizeof(err)) == 0) {
		assert(correlator_size(c) <= 64);
		assert(correlator_save(c, 1000000, 1800000000000, fuzz_put,
			   &saved) == 0);
		correlator_free(c);
		c = correlator_new(fuzz_conf(), key);
		assert(correlator_load(c, saved.p, saved.len, 1000000,
			   1800000000000, &lr, err, sizeof(err)) == 0);
		assert(lr.bad == 0);
	} else {
		assert(correlator_size(c) == 0);
	}
	correlator_free(c);
	free(saved.p);
	free(buf);
	return 0;
}
