/* SPDX-License-Identifier: ISC */
/*
 * What the winevent tests share: a frame through syslog_parse() and
 * winevent_from_syslog_as() in a buffer of exactly its size, and the
 * fixtures of tests/data/syslog/.
 */
#ifndef TESTS_UNIT_WINEVENT_FIXTURE_H
#define TESTS_UNIT_WINEVENT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/parse_error.h"
#include "decode/winevent.h"

/* 2026-12-01T00:00:00Z: the clock syslog_parse() gets. */
#define WINEVENT_FIXTURE_NOW_MS INT64_C(1796083200000)

/*
 * frame[0..len) decoded as a listener of format only does (UNKNOWN:
 * auto).  Returns winevent_from_syslog_as()'s result, or -2 when
 * syslog_parse() refused the frame.
 */
int winevent_fixture_try(const char *frame, size_t len,
    enum winevent_format only, struct winevent *ev, struct parse_error *err);

/* tests/data/syslog/name into buf (bufsz bytes); its length, asserted > 0. */
size_t winevent_fixture_read(const char *name, char *buf, size_t bufsz);

#endif
