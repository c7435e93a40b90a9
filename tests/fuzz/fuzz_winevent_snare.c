/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: one frame as a listener with `format` set to each of
 * Snare MSWinEventLog (TAB, other delimiters, rsyslog #011).
 */
#include "config.h"

#include "fuzz_winevent_as.h"

FUZZ_WINEVENT_TARGET(WINEVENT_FORMAT_SNARE)
