/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: one frame as a listener with `format` set to each of
 * the text agents (NXLog BSD, evtsys, OSSEC, EventReporter, syslog-ng Agent,
 * plain).
 */
#include "config.h"

#include "fuzz_winevent_as.h"

FUZZ_WINEVENT_TARGET(WINEVENT_FORMAT_NXLOG_BSD, WINEVENT_FORMAT_EVTSYS,
    WINEVENT_FORMAT_OSSEC, WINEVENT_FORMAT_EVENTREPORTER,
    WINEVENT_FORMAT_SYSLOG_NG, WINEVENT_FORMAT_TEXT)
