/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: syslog_parse() then winevent_from_syslog() on one
 * frame, as the syslog listener does.
 */
#include "config.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"

/* 2026-12-01T00:00:00Z: a fixed clock keeps runs reproducible. */
#define FUZZ_NOW_MS INT64_C(1796083200000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct syslog_msg msg;
	struct parse_error err;
	struct winevent ev;
	char *buf;

	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(buf, data, size);
	memset(&ev, 0, sizeof(ev));
	if (syslog_parse(buf, size, FUZZ_NOW_MS, &msg, &err) == 0) {
		if (winevent_from_syslog(&msg, &ev, &err) == 0) {
			assert(ev.format != WINEVENT_FORMAT_UNKNOWN);
			assert(strlen(ev.text) < sizeof(ev.text));
			assert(strlen(ev.computer) < sizeof(ev.computer));
			assert(!ev.has_event_id || ev.event_id <= 0xffff);
		} else
			assert(err.msg[0] != '\0');
	}
	free(buf);
	return 0;
}
