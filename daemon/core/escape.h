/* SPDX-License-Identifier: ISC */
/*
 * Escaping of bytes that came from the network before they reach a log
 * line or a JSON document.  Pure; the output is always NUL-terminated and
 * truncated (never split inside an escape) when it does not fit.
 */
#ifndef DAEMON_CORE_ESCAPE_H
#define DAEMON_CORE_ESCAPE_H

#include <stddef.h>

/*
 * The longest piece any of these writes for one input character.  Each
 * stops only when the next piece does not fit, so an output that ends
 * ESCAPE_PIECE_MAX or more bytes before outlen - 1 holds all the input.
 */
#define ESCAPE_PIECE_MAX 16

/*
 * For log and text lines: printable ASCII and valid UTF-8 pass, except C1
 * controls and U+2028/U+2029 (some readers break lines there) and the
 * bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
 * U+061C: they can make a line display backwards), written as \xNN bytes; '\\'
 * and '"' are backslashed; control bytes become \n \r \t or \xNN; invalid UTF-8
 * bytes become \xNN.  Returns the length written (excluding NUL).
 */
size_t escape_text(const char *in, size_t inlen, char *out, size_t outlen);

/*
 * For JSON string contents (no surrounding quotes): RFC 8259 escaping,
 * invalid UTF-8 replaced by U+FFFD; the line breaks and bidirectional
 * controls above written as \uXXXX.  Returns the length written.
 */
size_t escape_json(const char *in, size_t inlen, char *out, size_t outlen);

/*
 * For RFC 5424 SD-PARAM values (no surrounding quotes): as escape_text(),
 * with ']' backslashed too, so '"', '\\' and ']' are escaped as RFC 5424
 * section 6.3.3 requires and no control byte or invalid UTF-8 is written.
 */
size_t escape_sd(const char *in, size_t inlen, char *out, size_t outlen);

/*
 * For ArcSight CEF (Common Event Format 25): a header field with '|' and
 * '\\' backslashed; an extension value with '=' and '\\' backslashed and
 * newlines written \n and \r.  Other control bytes, the line breaks and
 * bidirectional controls above and invalid UTF-8 become U+FFFD.
 */
size_t escape_cef_header(const char *in, size_t inlen, char *out,
    size_t outlen);
size_t escape_cef_ext(const char *in, size_t inlen, char *out, size_t outlen);

#endif
