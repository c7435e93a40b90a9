/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: one syslog frame through syslog_parse().  The input is
 * copied to a buffer of exactly its size so any read past len is caught.
 */
#include "config.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/syslog_parse.h"

/* 2026-12-01T00:00:00Z: a fixed clock keeps runs reproducible. */
#define FUZZ_NOW_MS INT64_C(1796083200000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct syslog_msg msg;
	struct parse_error err;
	char *buf;

	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(buf, data, size);
	if (syslog_parse(buf, size, FUZZ_NOW_MS, &msg, &err) == 0) {
		assert(msg.msg >= buf && msg.msg_len <= size &&
		    (size_t)(msg.msg - buf) <= size - msg.msg_len);
		assert(msg.pri >= -1 && msg.pri <= 191);
		assert(memchr(msg.hostname, '\0', sizeof(msg.hostname)));
		assert(memchr(msg.app_name, '\0', sizeof(msg.app_name)));
		assert(memchr(msg.procid, '\0', sizeof(msg.procid)));
		assert(memchr(msg.msgid, '\0', sizeof(msg.msgid)));
	} else {
		assert(err.msg[0] != '\0' && err.offset <= size);
	}
	free(buf);
	return 0;
}
