/* SPDX-License-Identifier: ISC */
/*
 * PCRE2 behind a small contract (regex.h).  The match limit bounds the
 * work one hostile event text can cost: patterns come from the operator,
 * text from the network.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/regex.h"
#include "core/xmalloc.h"

#define REGEX_MATCH_LIMIT 100000
#define REGEX_DEPTH_LIMIT 10000

struct regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	char *pattern;
};

struct regex *
regex_compile(const char *pattern, char *err, size_t errlen)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	struct regex *re;
	pcre2_code *code;
	int rc;

	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &rc, &off, NULL);
	if (code == NULL) {
		pcre2_get_error_message(rc, msg, sizeof(msg));
		(void)snprintf(err, errlen, "%s at offset %zu", (char *)msg,
		    (size_t)off);
		return NULL;
	}
	/* Without a JIT (or where it cannot be used) matching interprets. */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	re = xcalloc(1, sizeof(*re));
	re->code = code;
	re->md = pcre2_match_data_create_from_pattern(code, NULL);
	re->mc = pcre2_match_context_create(NULL);
	if (re->md == NULL || re->mc == NULL)
		fatalx("regex: out of memory for match data");
	pcre2_set_match_limit(re->mc, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mc, REGEX_DEPTH_LIMIT);
	re->pattern = xstrdup(pattern);
	return re;
}

void
regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	pcre2_match_context_free(re->mc);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

const char *
regex_pattern(const struct regex *re)
{
	return re->pattern;
}

bool
regex_match(struct regex *re, const char *s, size_t len)
{
	return pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md,
		   re->mc) >= 0;
}
