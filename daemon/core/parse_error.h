/* SPDX-License-Identifier: ISC */
/*
 * The error a pure parser or decoder reports: where (line or byte offset)
 * and what.  The caller decides whether and how to count and log it.
 */
#ifndef DAEMON_CORE_PARSE_ERROR_H
#define DAEMON_CORE_PARSE_ERROR_H

#include <stddef.h>

#define PARSE_ERROR_MSG_MAX 256

struct parse_error {
	int line;      /* 1-based line (config); 0 when not line-oriented */
	size_t offset; /* byte offset into the input (datagram parsers) */
	char msg[PARSE_ERROR_MSG_MAX]; /* lower case, no final period */
};

#endif
