/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: one frame as a listener with `format` set to each of
 * NXLog to_json() and WMI-style JSON.
 */
#include "config.h"

#include "fuzz_winevent_as.h"

FUZZ_WINEVENT_TARGET(WINEVENT_FORMAT_NXLOG_JSON, WINEVENT_FORMAT_WMI)
