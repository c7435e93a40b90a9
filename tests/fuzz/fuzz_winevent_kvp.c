/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: one frame as a listener with `format` set to each of
 * key=value (NXLog to_kvp(), WinCollect, Win32_NTLogEvent names).
 */
#include "config.h"

#include "fuzz_winevent_as.h"

FUZZ_WINEVENT_TARGET(WINEVENT_FORMAT_NXLOG_KVP, WINEVENT_FORMAT_WINCOLLECT,
    WINEVENT_FORMAT_WMI)
