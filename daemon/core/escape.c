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
 * How one style writes a character it does not pass as it is: pick()
 * gets the n bytes of s (n 0: an invalid byte), the code point, and a
 * scratch buffer; it returns the piece and sets *len, or NULL to pass
 * the bytes as they are.
 */
struct escape_style {
	const char *specials; /* bytes written backslashed */
	bool is_cef_ext;      /* CEF extension: \n and \r as escapes */
	const char *(*pick)(const struct escape_style *st,
	    const unsigned char *s, size_t n, uint32_t cp, char tmp[16],
	    size_t *len);
};

/* The walk every style shares: whole pieces only, NUL-terminated. */
static size_t
escape_walk(const char *in, size_t inlen, char *out, size_t outlen,
    const struct escape_style *st)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t off = 0, i = 0, n, len;
	uint32_t cp;
	char tmp[16];
	const char *piece;

	if (outlen == 0)
		return 0;
	while (i < inlen) {
		n = utf8_decode(s + i, inlen - i, &cp);
		if (n == 1 && s[i] != '\0' && strchr(st->specials, s[i])) {
			tmp[0] = '\\', tmp[1] = (char)s[i];
			piece = tmp, len = 2;
		} else if ((piece = st->pick(st, s + i, n, cp, tmp, &len)) ==
		    NULL) {
			piece = in + i, len = n;
		}
		if (!escape_put(out, outlen, &off, piece, len))
			break;
		i += n ? n : 1;
	}
	out[off] = '\0';
	return off;
}

/* Text lines and SD-PARAM values: \n \r \t, else \xNN a byte. */
static const char *
escape_pick_visible(const struct escape_style *st, const unsigned char *s,
    size_t n, uint32_t cp, char tmp[16], size_t *len)
{
	if (n > 1 && (escape_is_line_break(cp) || escape_is_bidi(cp))) {
		/* Every byte of the character, as one piece. */
		for (size_t k = 0; k < n; k++)
			snprintf(tmp + 4 * k, 16 - 4 * k, "\\x%02x", s[k]);
		*len = 4 * n;
		return tmp;
	}
	if (n > 1 || (n == 1 && s[0] >= 0x20 && s[0] < 0x7f))
		return NULL;
	if (s[0] == '\n' || s[0] == '\r' || s[0] == '\t') {
		tmp[0] = '\\';
		tmp[1] = s[0] == '\n' ? 'n' : s[0] == '\r' ? 'r' : 't';
		*len = 2;
		return tmp;
	}
	snprintf(tmp, 16, "\\x%02x", s[0]);
	*len = 4;
	return tmp;
}

/*
 * CEF: newlines as \n and \r in the extension (the header may hold
 * none); any other control, line break, bidirectional control or invalid
 * byte becomes U+FFFD, as the specification defines no other escape.
 */
static const char *
escape_pick_cef(const struct escape_style *st, const unsigned char *s, size_t n,
    uint32_t cp, char tmp[16], size_t *len)
{
	if (n == 0 ||
	    (n > 1 && (escape_is_line_break(cp) || escape_is_bidi(cp)))) {
		*len = 3;
		return "\xef\xbf\xbd";
	}
	if (n > 1 || (s[0] >= 0x20 && s[0] != 0x7f))
		return NULL;
	if (st->is_cef_ext && (s[0] == '\n' || s[0] == '\r')) {
		*len = 2;
		return s[0] == '\n' ? "\\n" : "\\r";
	}
	*len = 3;
	return "\xef\xbf\xbd";
}

static const struct escape_style escape_text_style = { "\\\"", false,
	escape_pick_visible };
static const struct escape_style escape_sd_style = { "\\\"]", false,
	escape_pick_visible };
static const struct escape_style escape_cef_header_style = { "\\|", false,
	escape_pick_cef };
static const struct escape_style escape_cef_ext_style = { "\\=", true,
	escape_pick_cef };

size_t
escape_text(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_walk(in, inlen, out, outlen, &escape_text_style);
}

size_t
escape_sd(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_walk(in, inlen, out, outlen, &escape_sd_style);
}

size_t
escape_cef_header(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_walk(in, inlen, out, outlen, &escape_cef_header_style);
}

size_t
escape_cef_ext(const char *in, size_t inlen, char *out, size_t outlen)
{
	return escape_walk(in, inlen, out, outlen, &escape_cef_ext_style);
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

		/* a run of printable ASCII that needs no escape, whole */
		for (n = 0; i + n < inlen && s[i + n] >= 0x20 &&
		     s[i + n] < 0x7f && s[i + n] != '"' && s[i + n] != '\\';)
			n++;
		if (n > 0) {
			adv = outlen - 1 - off < n ? outlen - 1 - off : n;
			memcpy(out + off, in + i, adv);
			off += adv;
			i += adv;
			if (adv < n)
				break;
			continue;
		}
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
