/* SPDX-License-Identifier: ISC */
/*
 * Escaping of network bytes for log lines and JSON.  Both walk the input
 * as UTF-8 (core/utf8.c), so a valid multi-byte character passes whole and a
 * broken one can never smuggle a control byte through.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/escape.h"
#include "core/utf8.h"

/*
 * Valid UTF-8 that still ends or breaks a line for some reader: the C1
 * controls (U+0085 NEL among them) and U+2028/U+2029, which Python's
 * splitlines() and older JavaScript treat as line terminators.
 */
static bool
escape_is_line_break(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029;
}

/*
 * Valid UTF-8 that reorders how a line displays (Unicode bidirectional
 * embeddings, overrides and isolates, and the marks): network text must
 * not be able to make a line read backwards.
 */
static bool
escape_is_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
	    cp == 0x061c;
}

/* Appends piece[0..n) if it fits whole; false when it does not. */
static bool
escape_put(char *out, size_t outlen, size_t *off, const char *piece, size_t n)
{
	if (*off + n + 1 > outlen)
		return false;
	memcpy(out + *off, piece, n);
	*off += n;
	return true;
}

/*
 * The visible escaping of escape_text(), with the bytes of specials
 * backslashed: text lines and RFC 5424 SD-PARAM values share it.
 */
static size_t
escape_visible(const char *in, size_t inlen, char *out, size_t outlen,
    const char *specials)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t off = 0, i = 0, n, adv;
	uint32_t cp;
	char tmp[16];
	const char *piece;

	if (outlen == 0)
		return 0;
	while (i < inlen) {
		unsigned char c = s[i];

		n = utf8_decode(s + i, inlen - i, &cp);
		adv = n ? n : 1;
		if (n > 1 && (escape_is_line_break(cp) || escape_is_bidi(cp))) {
			/* Every byte of the character, as one piece. */
			for (size_t k = 0; k < n; k++)
				snprintf(tmp + 4 * k, sizeof(tmp) - 4 * k,
				    "\\x%02x", s[i + k]);
			n = 4 * n, piece = tmp;
		} else if (n > 1) {
			piece = in + i;
		} else if (c != '\0' && strchr(specials, c) != NULL) {
			tmp[0] = '\\', tmp[1] = (char)c, n = 2, piece = tmp;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			tmp[0] = '\\';
			tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			n = 2, piece = tmp;
		} else if (n == 1 && c >= 0x20 && c < 0x7f) {
			piece = in + i;
		} else {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			n = 4, piece = tmp;
		}
		if (!escape_put(out, outlen, &off, piece, n))
			break;
		i += adv;
	}
	out[off] = '\0';
	return off;
}

size_t
escape_text(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_visible(in, inlen, out, outlen, "\\\"");
}

size_t
escape_sd(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_visible(in, inlen, out, outlen, "\\\"]");
}

/*
 * CEF: specials backslashed; newlines as \n and \r where is_ext (the
 * extension; the header may hold none); any other control, line break,
 * bidirectional control or invalid byte becomes U+FFFD, as the
 * specification defines no other escape.
 */
static size_t
escape_cef(const char *in, size_t inlen, char *out, size_t outlen,
    const char *specials, bool is_ext)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t off = 0, i = 0, n, adv;
	uint32_t cp;
	char tmp[4];
	const char *piece;

	if (outlen == 0)
		return 0;
	while (i < inlen) {
		unsigned char c = s[i];

		n = utf8_decode(s + i, inlen - i, &cp);
		adv = n ? n : 1;
		if (n == 0 ||
		    (n > 1 &&
			(escape_is_line_break(cp) || escape_is_bidi(cp)))) {
			piece = "\xef\xbf\xbd", n = 3;
		} else if (n > 1) {
			piece = in + i;
		} else if (c != '\0' && strchr(specials, c) != NULL) {
			tmp[0] = '\\', tmp[1] = (char)c, n = 2, piece = tmp;
		} else if (is_ext && (c == '\n' || c == '\r')) {
			piece = c == '\n' ? "\\n" : "\\r", n = 2;
		} else if (c < 0x20 || c == 0x7f) {
			piece = "\xef\xbf\xbd", n = 3;
		} else {
			piece = in + i;
		}
		if (!escape_put(out, outlen, &off, piece, n))
			break;
		i += adv;
	}
	out[off] = '\0';
	return off;
}

size_t
escape_cef_header(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_cef(in, inlen, out, outlen, "\\|", false);
}

size_t
escape_cef_ext(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_cef(in, inlen, out, outlen, "\\=", true);
}

size_t
escape_json(const char *in, size_t inlen, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t off = 0, i = 0, n, adv;
	uint32_t cp;
	char tmp[8];
	const char *piece;

	if (outlen == 0)
		return 0;
	while (i < inlen) {
		unsigned char c = s[i];

		n = utf8_decode(s + i, inlen - i, &cp);
		adv = n ? n : 1;
		if (n == 0) {
			piece = "\xef\xbf\xbd", n = 3; /* U+FFFD */
		} else if (n > 1 &&
		    (escape_is_line_break(cp) || escape_is_bidi(cp))) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned int)cp);
			n = 6, piece = tmp;
		} else if (n > 1) {
			piece = in + i;
		} else if (c == '"' || c == '\\') {
			tmp[0] = '\\', tmp[1] = (char)c, n = 2, piece = tmp;
		} else if (c == '\n') {
			piece = "\\n", n = 2;
		} else if (c == '\r') {
			piece = "\\r", n = 2;
		} else if (c == '\t') {
			piece = "\\t", n = 2;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", c);
			n = 6, piece = tmp;
		} else {
			piece = in + i;
		}
		if (!escape_put(out, outlen, &off, piece, n))
			break;
		i += adv;
	}
	out[off] = '\0';
	return off;
}
