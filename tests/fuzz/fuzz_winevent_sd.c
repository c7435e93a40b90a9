/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: one frame as a listener with `format` set to each of
 * event fields in RFC 5424 structured data.
 */
#include "config.h"

#include "fuzz_winevent_as.h"

FUZZ_WINEVENT_TARGET(WINEVENT_FORMAT_RFC5424_SD, WINEVENT_FORMAT_SYSLOG_NG)
