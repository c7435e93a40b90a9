/* SPDX-License-Identifier: ISC */
/*
 * Criterion's eq(str, ...) holds its operands as char *, and the strings
 * the tests compare are const (the code's, and literals under
 * -Wwrite-strings): included after Criterion's headers, this silences
 * the one warning that gives, for the rest of the file.
 */
#ifndef TESTS_UNIT_CRITERION_STR_H
#define TESTS_UNIT_CRITERION_STR_H

#if defined(__clang__)
#pragma clang diagnostic ignored                                               \
    "-Wincompatible-pointer-types-discards-qualifiers"
#else
#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"
#endif

#endif
