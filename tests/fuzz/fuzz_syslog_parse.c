/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: one syslog frame through syslog_parse() and through
 * syslog_parse_as() with each header a listener's `format` can fix.  The
 * input is copied to a buffer of exactly its size so any read past len is
 * caught.
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

static void
fuzz_parse(char *buf, size_t size, enum syslog_header hdr)
{
	struct syslog_msg msg;
	struct parse_error err;

	if (syslog_parse_as(buf, size, FUZZ_NOW_MS, hdr, &msg, &err) == 0) {
		assert(hdr != SYSLOG_HEADER_RFC5424 || msg.version == 1);
		assert(hdr != SYSLOG_HEADER_RFC3164 || msg.version == 0);
		assert(msg.sd == NULL ||
		    (msg.sd >= buf && msg.sd + msg.sd_len <= msg.msg &&
			msg.sd[0] == '[' && msg.sd[msg.sd_len - 1] == ']'));
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
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;

	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(buf, data, size);
	fuzz_parse(buf, size, SYSLOG_HEADER_ANY);
	fuzz_parse(buf, size, SYSLOG_HEADER_RFC3164);
	fuzz_parse(buf, size, SYSLOG_HEADER_RFC5424);
	free(buf);
	return 0;
}
