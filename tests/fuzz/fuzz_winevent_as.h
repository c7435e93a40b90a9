/* SPDX-License-Identifier: ISC */
/*
 * The body of the per-format fuzz targets (fuzz_winevent_<family>.c):
 * one frame through syslog_parse() and then winevent_from_syslog_as()
 * with each format of the family, as a listener with that `format` does.
 */
#ifndef TESTS_FUZZ_FUZZ_WINEVENT_AS_H
#define TESTS_FUZZ_FUZZ_WINEVENT_AS_H

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

static void
fuzz_winevent_check(const struct winevent *ev, int rc,
    const struct parse_error *err, enum winevent_format only)
{
	if (rc == 0) {
		assert(ev->format != WINEVENT_FORMAT_UNKNOWN);
		assert(strlen(ev->text) < sizeof(ev->text));
		assert(strlen(ev->computer) < sizeof(ev->computer));
		assert(strlen(ev->source) < sizeof(ev->source));
		assert(strlen(ev->user) < sizeof(ev->user));
		assert(strlen(ev->type) < sizeof(ev->type));
		assert(strlen(ev->log) < sizeof(ev->log));
		assert(!ev->has_event_id || ev->event_id <= 0xffff);
	} else {
		assert(rc == -1 && err->msg[0] != '\0');
		assert(ev->format != WINEVENT_FORMAT_TRAP &&
		    ev->format < WINEVENT_FORMAT_COUNT);
		(void)only;
	}
}

static int
fuzz_winevent_as(const uint8_t *data, size_t size,
    const enum winevent_format *formats, size_t nformats)
{
	struct syslog_msg msg;
	struct parse_error err;
	struct winevent ev;
	char *buf;

	if ((buf = malloc(size > 0 ? size : 1)) == NULL)
		return 0;
	if (size > 0)
		memcpy(buf, data, size);
	if (syslog_parse(buf, size, FUZZ_NOW_MS, &msg, &err) == 0) {
		for (size_t i = 0; i < nformats; i++) {
			int rc = winevent_from_syslog_as(&msg, formats[i], &ev,
			    &err);

			fuzz_winevent_check(&ev, rc, &err, formats[i]);
		}
	}
	free(buf);
	return 0;
}

#define FUZZ_WINEVENT_TARGET(...)                                              \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)           \
	{                                                                      \
		static const enum winevent_format formats[] = { __VA_ARGS__ }; \
                                                                               \
		return fuzz_winevent_as(data, size, formats,                   \
		    sizeof(formats) / sizeof(formats[0]));                     \
	}

#endif
