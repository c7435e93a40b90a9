/* SPDX-License-Identifier: ISC */
/*
 * Text -> struct conf.  Keyword-first lines, '#' comments, quoted strings,
 * braces for a rule, include "file", units on durations and sizes.  Every
 * error is collected as file:line: message; any error means no conf.
 * Never touches running state.
 */
#ifndef DAEMON_CONF_CONF_PARSE_H
#define DAEMON_CONF_CONF_PARSE_H

#include <stddef.h>

#include "conf/conf.h"
#include "core/parse_error.h"

#define CONF_ERRORS_MAX 32

struct conf_errors {
	size_t count; /* may exceed CONF_ERRORS_MAX; only the first are kept */
	struct {
		char file[256];
		struct parse_error err;
	} list[CONF_ERRORS_MAX];
};

/*
 * Parses text; name is the file name used in errors and for resolving
 * relative includes.  Returns a conf owned by the caller, or NULL with
 * errs filled (errs->count > 0).
 */
struct conf *conf_parse_string(const char *text, const char *name,
    struct conf_errors *errs);
struct conf *conf_parse_file(const char *path, struct conf_errors *errs);

/*
 * Formats error i as "file:line: message" ("file: message" when the file
 * itself could not be read); "" when there is no error i.
 */
void conf_errors_format(const struct conf_errors *errs, size_t i, char *buf,
    size_t len);

#endif
