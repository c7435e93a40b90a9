/* SPDX-License-Identifier: ISC */
/*
 * escape_text() and escape_json(): every byte class, the UTF-8 validity
 * edges, line-breaking code points, and cutting at escape boundaries.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <jansson.h>

#include "core/escape.h"

#include "criterion_str.h"

#define BIG 65536

static char out[BIG];

static char *
text(const char *in, size_t inlen)
{
	escape_text(in, inlen, out, sizeof(out));
	return out;
}

static char *
json(const char *in, size_t inlen)
{
	escape_json(in, inlen, out, sizeof(out));
	return out;
}

#define T(s) text((s), sizeof(s) - 1)
#define J(s) json((s), sizeof(s) - 1)

/* Reverses escape_text(); -1 on an escape it never produces. */
static ssize_t
unescape_text(const char *s, char *dst)
{
	size_t n = 0;

	while (*s != '\0') {
		if (*s != '\\') {
			dst[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n':
			dst[n++] = '\n';
			break;
		case 'r':
			dst[n++] = '\r';
			break;
		case 't':
			dst[n++] = '\t';
			break;
		case '\\':
		case '"':
			dst[n++] = *s;
			break;
		case 'x': {
			char hex[3] = { s[1], s[2], '\0' };
			char *end;

			dst[n++] = (char)strtoul(hex, &end, 16);
			if (end != hex + 2)
				return -1;
			s += 2;
			break;
		}
		default:
			return -1;
		}
		s++;
	}
	return (ssize_t)n;
}

/* True when s has no byte a line reader could split on or act upon. */
static bool
is_one_safe_line(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false; /* C1 control */
		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0xa8 || p[2] == 0xa9))
			return false; /* U+2028, U+2029 */
	}
	return true;
}

/* Decodes "<s>" as a JSON string; NULL when it is not valid JSON. */
static json_t *
json_decode_string(const char *s)
{
	size_t n = strlen(s) + 5;
	char *doc = malloc(n);
	json_error_t err;
	json_t *v;

	snprintf(doc, n, "[\"%s\"]", s);
	v = json_loads(doc, JSON_ALLOW_NUL, &err);
	free(doc);
	return v;
}

static uint32_t rng_state = 2463534242u;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

Test(escape_text, escapes_bidirectional_controls)
{
	/* U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE */
	cr_assert(eq(str,
	    T("a\xe2\x80\xae"
	      "b"),
	    "a\\xe2\\x80\\xae"
	    "b"));
	cr_assert(eq(str, T("\xe2\x81\xa6x\xe2\x81\xa9"),
	    "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9"));
	cr_assert(eq(str, T("\xe2\x80\x8f"), "\\xe2\\x80\\x8f")); /* RLM */
	/* their neighbours pass */
	cr_assert(eq(str, T("\xe2\x80\xaf"), "\xe2\x80\xaf"));
	cr_assert(eq(str, T("\xe2\x81\xaa"), "\xe2\x81\xaa"));
	cr_assert(eq(str,
	    J("a\xe2\x80\xae"
	      "b"),
	    "a\\u202e"
	    "b"));
	cr_assert(eq(str, J("\xd8\x9c"), "\\u061c"));
}

Test(escape_text, passes_printable_ascii)
{
	cr_assert(eq(str, T("Event 2140 MSExchangeIMC ok: {}[]'~"),
	    "Event 2140 MSExchangeIMC ok: {}[]'~"));
}

Test(escape_text, backslashes_quote_and_backslash)
{
	cr_assert(eq(str, T("a\"b\\c"), "a\\\"b\\\\c"));
}

Test(escape_text, short_escapes_newline_cr_tab)
{
	cr_assert(eq(str, T("a\nb\rc\td"), "a\\nb\\rc\\td"));
}

Test(escape_text, hex_escapes_other_controls)
{
	cr_assert(eq(str, T("\x01\x1b[31m\x7f\x1f\x0b\x0c"),
	    "\\x01\\x1b[31m\\x7f\\x1f\\x0b\\x0c"));
}

Test(escape_text, hex_escapes_nul_inside_length)
{
	cr_assert(eq(str, T("a\0b"), "a\\x00b"));
}

Test(escape_text, empty_input_gives_empty_string)
{
	out[0] = 'X';
	cr_assert(eq(sz, escape_text("abc", 0, out, sizeof(out)), 0));
	cr_assert(eq(str, out, ""));
}

Test(escape_text, passes_valid_multibyte_utf8)
{
	/* U+00E9, U+00A0, U+20AC, U+D7FF, U+E000, U+1F600, U+10FFFF */
	const char s[] = "\xc3\xa9\xc2\xa0\xe2\x82\xac\xed\x9f\xbf\xee\x80\x80"
			 "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf";

	cr_assert(eq(str, T(s), s));
}

Test(escape_text, escapes_overlong_encodings)
{
	/* '/' as 2, 3 and 4 bytes; C0 and C1 never start a valid sequence */
	cr_assert(eq(str, T("\xc0\xaf"), "\\xc0\\xaf"));
	cr_assert(eq(str, T("\xc1\xbf"), "\\xc1\\xbf"));
	cr_assert(eq(str, T("\xe0\x80\xaf"), "\\xe0\\x80\\xaf"));
	cr_assert(eq(str, T("\xe0\x9f\xbf"), "\\xe0\\x9f\\xbf"));
	cr_assert(eq(str, T("\xf0\x80\x80\xaf"), "\\xf0\\x80\\x80\\xaf"));
	cr_assert(eq(str, T("\xf0\x8f\xbf\xbf"), "\\xf0\\x8f\\xbf\\xbf"));
}

Test(escape_text, accepts_shortest_forms_at_overlong_edges)
{
	cr_assert(eq(str, T("\xc2\xa1"), "\xc2\xa1"));
	cr_assert(eq(str, T("\xe0\xa0\x80"), "\xe0\xa0\x80"));
	cr_assert(eq(str, T("\xf0\x90\x80\x80"), "\xf0\x90\x80\x80"));
}

Test(escape_text, escapes_utf16_surrogates)
{
	cr_assert(eq(str, T("\xed\xa0\x80"), "\\xed\\xa0\\x80"));
	cr_assert(eq(str, T("\xed\xbf\xbf"), "\\xed\\xbf\\xbf"));
	/* a CESU-8 pair for U+1F600 */
	cr_assert(eq(str, T("\xed\xa0\xbd\xed\xb8\x80"),
	    "\\xed\\xa0\\xbd\\xed\\xb8\\x80"));
}

Test(escape_text, escapes_code_points_above_10ffff)
{
	cr_assert(eq(str, T("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80"));
	cr_assert(eq(str, T("\xf5\x80\x80\x80"), "\\xf5\\x80\\x80\\x80"));
	cr_assert(
	    eq(str, T("\xf8\x88\x80\x80\x80"), "\\xf8\\x88\\x80\\x80\\x80"));
	cr_assert(eq(str, T("\xfe\xff"), "\\xfe\\xff"));
}

Test(escape_text, escapes_sequences_cut_at_end_of_input)
{
	cr_assert(eq(str, T("ok\xe2\x82"), "ok\\xe2\\x82"));
	cr_assert(eq(str, T("\xf0\x9f\x98"), "\\xf0\\x9f\\x98"));
	cr_assert(eq(str, T("\xc3"), "\\xc3"));
	/* the length cuts a valid character in two */
	cr_assert(eq(str, text("\xe2\x82\xac", 2), "\\xe2\\x82"));
}

Test(escape_text, resynchronises_after_a_broken_sequence)
{
	/* the lead byte is escaped, then '(' and the stray continuation */
	cr_assert(eq(str, T("\xe2(\xa1"), "\\xe2(\\xa1"));
	/* a broken lead cannot swallow the newline after it */
	cr_assert(eq(str, T("\xe2\n\xac"), "\\xe2\\n\\xac"));
	cr_assert(eq(str, T("\xc3\"x"), "\\xc3\\\"x"));
}

Test(escape_text, escapes_lone_continuation_bytes)
{
	cr_assert(eq(str, T("\x80\xbf"), "\\x80\\xbf"));
}

Test(escape_text, escapes_c1_controls_and_unicode_line_separators)
{
	cr_assert(eq(str,
	    T("a\xc2\x85"
	      "b"),
	    "a\\xc2\\x85b"));
	cr_assert(eq(str, T("\xc2\x9b"), "\\xc2\\x9b"));
	cr_assert(eq(str, T("\xe2\x80\xa8\xe2\x80\xa9"),
	    "\\xe2\\x80\\xa8\\xe2\\x80\\xa9"));
	/* neighbours pass: U+00A0 and U+202F */
	cr_assert(eq(str, T("\xc2\xa0\xe2\x80\xaf"), "\xc2\xa0\xe2\x80\xaf"));
}

Test(escape_text, every_single_byte_round_trips_on_one_line)
{
	for (int c = 0; c < 256; c++) {
		char in = (char)c, back[8];
		ssize_t n;

		text(&in, 1);
		cr_assert(is_one_safe_line(out), "byte 0x%02x", c);
		n = unescape_text(out, back);
		cr_assert(eq(sz, (size_t)n, 1), "byte 0x%02x", c);
		cr_assert(eq(int, (unsigned char)back[0], c));
	}
}

Test(escape_text, random_10k_bytes_round_trip_on_one_line)
{
	static char in[10240], back[BIG];

	for (int round = 0; round < 50; round++) {
		ssize_t n;

		for (size_t i = 0; i < sizeof(in); i++)
			in[i] = (char)rng();
		escape_text(in, sizeof(in), out, sizeof(out));
		cr_assert(is_one_safe_line(out));
		n = unescape_text(out, back);
		cr_assert(eq(sz, (size_t)n, sizeof(in)));
		cr_assert(eq(int, memcmp(in, back, sizeof(in)), 0));
	}
}

Test(escape_text, fills_buffer_exactly)
{
	char buf[4];

	cr_assert(eq(sz, escape_text("abc", 3, buf, 4), 3));
	cr_assert(eq(str, buf, "abc"));
	cr_assert(eq(sz, escape_text("abc", 3, buf, 3), 2));
	cr_assert(eq(str, buf, "ab"));
}

Test(escape_text, never_splits_an_escape)
{
	char buf[16];

	cr_assert(eq(sz, escape_text("a\n", 2, buf, 3), 1));
	cr_assert(eq(str, buf, "a"));
	cr_assert(eq(sz, escape_text("a\n", 2, buf, 4), 3));
	cr_assert(eq(str, buf, "a\\n"));
	cr_assert(eq(sz, escape_text("\x01", 1, buf, 4), 0));
	cr_assert(eq(str, buf, ""));
	cr_assert(eq(sz, escape_text("\x01", 1, buf, 5), 4));
	cr_assert(eq(str, buf, "\\x01"));
	/* U+2028 escapes to 12 bytes, all or nothing */
	cr_assert(eq(sz, escape_text("\xe2\x80\xa8", 3, buf, 12), 0));
	cr_assert(eq(sz, escape_text("\xe2\x80\xa8", 3, buf, 13), 12));
}

Test(escape_text, never_splits_a_utf8_character)
{
	char buf[8];

	cr_assert(eq(sz, escape_text("x\xe2\x82\xac", 4, buf, 4), 1));
	cr_assert(eq(str, buf, "x"));
	cr_assert(eq(sz, escape_text("x\xe2\x82\xac", 4, buf, 5), 4));
	cr_assert(eq(str, buf, "x\xe2\x82\xac"));
}

Test(escape_text, zero_length_buffer_is_left_alone)
{
	char buf[2] = { 'X', 'Y' };

	cr_assert(eq(sz, escape_text("abc", 3, buf, 0), 0));
	cr_assert(eq(chr, buf[0], 'X'));
	cr_assert(eq(sz, escape_text("abc", 3, buf, 1), 0));
	cr_assert(eq(chr, buf[0], '\0'));
	cr_assert(eq(chr, buf[1], 'Y'));
}

Test(escape_text, every_cut_is_nul_terminated_and_within_bounds)
{
	const char in[] = "a\"\n\x01\xe2\x82\xac\xff\xc2\x85z";
	char full[128];
	size_t total = escape_text(in, sizeof(in) - 1, full, sizeof(full));

	for (size_t len = 1; len <= total + 1; len++) {
		char buf[128], back[128];
		size_t n;

		memset(buf, 'Z', sizeof(buf));
		n = escape_text(in, sizeof(in) - 1, buf, len);
		cr_assert(lt(sz, n, len));
		cr_assert(eq(sz, strlen(buf), n));
		cr_assert(eq(chr, buf[len], 'Z'), "wrote past len %zu", len);
		/* a cut output is a prefix of the full one, escape-aligned */
		cr_assert(eq(int, strncmp(buf, full, n), 0));
		cr_assert(unescape_text(buf, back) >= 0);
	}
}

Test(escape_json, backslashes_quote_and_backslash)
{
	cr_assert(eq(str, J("a\"b\\c/"), "a\\\"b\\\\c/"));
}

Test(escape_json, short_escapes_newline_cr_tab)
{
	cr_assert(eq(str, J("a\nb\rc\td"), "a\\nb\\rc\\td"));
}

Test(escape_json, unicode_escapes_other_controls)
{
	cr_assert(eq(str, J("\x00\x08\x0c\x1b\x1f\x7f"),
	    "\\u0000\\u0008\\u000c\\u001b\\u001f\\u007f"));
}

Test(escape_json, passes_valid_multibyte_utf8)
{
	const char s[] = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf";

	cr_assert(eq(str, J(s), s));
}

Test(escape_json, replaces_each_invalid_byte_with_fffd)
{
	cr_assert(eq(str,
	    J("a\xff"
	      "b"),
	    "a\xef\xbf\xbd"
	    "b"));
	cr_assert(eq(str, J("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd"));
	cr_assert(eq(str, J("\xe2\x82"), "\xef\xbf\xbd\xef\xbf\xbd"));
	cr_assert(eq(str, J("\x80"), "\xef\xbf\xbd"));
}

Test(escape_json, replaces_surrogates_and_out_of_range)
{
	cr_assert(
	    eq(str, J("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"));
	cr_assert(eq(str, J("\xf4\x90\x80\x80"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"));
}

Test(escape_json, broken_lead_cannot_swallow_a_quote)
{
	cr_assert(eq(str, J("\xe2\"\xac"), "\xef\xbf\xbd\\\"\xef\xbf\xbd"));
}

Test(escape_json, escapes_c1_controls_and_unicode_line_separators)
{
	cr_assert(
	    eq(str, J("\xc2\x85\xc2\x80\xc2\x9f"), "\\u0085\\u0080\\u009f"));
	cr_assert(eq(str, J("\xe2\x80\xa8\xe2\x80\xa9"), "\\u2028\\u2029"));
	cr_assert(eq(str, J("\xc2\xa0"), "\xc2\xa0"));
}

Test(escape_json, never_splits_an_escape_or_replacement)
{
	char buf[16];

	cr_assert(eq(sz, escape_json("\x01", 1, buf, 6), 0));
	cr_assert(eq(str, buf, ""));
	cr_assert(eq(sz, escape_json("\x01", 1, buf, 7), 6));
	cr_assert(eq(str, buf, "\\u0001"));
	cr_assert(eq(sz, escape_json("\xff", 1, buf, 3), 0));
	cr_assert(eq(sz, escape_json("\xff", 1, buf, 4), 3));
	cr_assert(eq(sz, escape_json("a\"", 2, buf, 3), 1));
	cr_assert(eq(str, buf, "a"));
	cr_assert(eq(sz, escape_json("a\"", 2, buf, 4), 3));
	cr_assert(eq(sz, escape_json("abc", 3, buf, 4), 3));
	cr_assert(eq(sz, escape_json("abc", 3, buf, 3), 2));
}

Test(escape_json, zero_length_buffer_is_left_alone)
{
	char buf[1] = { 'X' };

	cr_assert(eq(sz, escape_json("abc", 3, buf, 0), 0));
	cr_assert(eq(chr, buf[0], 'X'));
}

Test(escape_json, every_single_byte_decodes_as_a_json_string)
{
	for (int c = 0; c < 256; c++) {
		char in = (char)c;
		json_t *v;

		json(&in, 1);
		cr_assert(is_one_safe_line(out), "byte 0x%02x", c);
		v = json_decode_string(out);
		cr_assert(ne(ptr, v, NULL), "byte 0x%02x: %s", c, out);
		if (c < 0x80) {
			cr_assert(eq(sz,
			    json_string_length(json_array_get(v, 0)), 1));
			cr_assert(eq(int,
			    (unsigned char)json_string_value(
				json_array_get(v, 0))[0],
			    c));
		} else {
			cr_assert(
			    eq(str, json_string_value(json_array_get(v, 0)),
				"\xef\xbf\xbd"));
		}
		json_decref(v);
	}
}

Test(escape_json, random_10k_bytes_always_decode)
{
	static char in[10240];

	for (int round = 0; round < 50; round++) {
		json_t *v;

		for (size_t i = 0; i < sizeof(in); i++)
			in[i] = (char)rng();
		escape_json(in, sizeof(in), out, sizeof(out));
		cr_assert(is_one_safe_line(out));
		v = json_decode_string(out);
		cr_assert(ne(ptr, v, NULL));
		json_decref(v);
	}
}

Test(escape_json, valid_text_round_trips_through_a_json_parser)
{
	/* ASCII with every control byte, and multibyte characters */
	static char in[4096];
	size_t n = 0;
	json_t *v;

	for (int c = 0; c < 0x80; c++)
		in[n++] = (char)c;
	memcpy(in + n, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
	n += 9;
	escape_json(in, n, out, sizeof(out));
	v = json_decode_string(out);
	cr_assert(ne(ptr, v, NULL));
	cr_assert(eq(sz, json_string_length(json_array_get(v, 0)), n));
	cr_assert(
	    eq(int, memcmp(json_string_value(json_array_get(v, 0)), in, n), 0));
	json_decref(v);
}

Test(escape_json, every_cut_still_decodes)
{
	const char in[] = "a\"\\\n\x01\xe2\x82\xac\xff\xe2\x80\xa8z";
	char full[128];
	size_t total = escape_json(in, sizeof(in) - 1, full, sizeof(full));

	for (size_t len = 1; len <= total + 1; len++) {
		char buf[128];
		size_t n;
		json_t *v;

		memset(buf, 'Z', sizeof(buf));
		n = escape_json(in, sizeof(in) - 1, buf, len);
		cr_assert(lt(sz, n, len));
		cr_assert(eq(chr, buf[len], 'Z'), "wrote past len %zu", len);
		cr_assert(eq(int, strncmp(buf, full, n), 0));
		v = json_decode_string(buf);
		cr_assert(ne(ptr, v, NULL), "cut at %zu: %s", len, buf);
		json_decref(v);
	}
}

static char *
sd(const char *in, size_t inlen)
{
	escape_sd(in, inlen, out, sizeof(out));
	return out;
}

static char *
cef_header(const char *in, size_t inlen)
{
	escape_cef_header(in, inlen, out, sizeof(out));
	return out;
}

static char *
cef_ext(const char *in, size_t inlen)
{
	escape_cef_ext(in, inlen, out, sizeof(out));
	return out;
}

#define SD(s) sd((s), sizeof(s) - 1)
#define CH(s) cef_header((s), sizeof(s) - 1)
#define CE(s) cef_ext((s), sizeof(s) - 1)

Test(escape, sd_backslashes_quote_backslash_and_bracket)
{
	cr_assert(eq(str, SD("a\"b\\c]d[e=f"), "a\\\"b\\\\c\\]d[e=f"));
	cr_assert(eq(str, SD("x\ny\0z\x1b\xff"), "x\\ny\\x00z\\x1b\\xff"));
	cr_assert(eq(str, SD("\xe2\x80\xa8"), "\\xe2\\x80\\xa8"));
}

Test(escape, cef_header_backslashes_bar_and_backslash_only)
{
	cr_assert(eq(str, CH("a|b\\c=d]e"), "a\\|b\\\\c=d]e"));
	/* No line break, control or invalid byte in a header. */
	cr_assert(eq(str, CH("x\ny\x1b\xff"),
	    "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbd"));
}

Test(escape, cef_extension_backslashes_equals_and_writes_newlines)
{
	cr_assert(eq(str, CE("a=b\\c|d"), "a\\=b\\\\c|d"));
	cr_assert(eq(str, CE("l1\nl2\r\t\x1b[2J"),
	    "l1\\nl2\\r\xef\xbf\xbd\xef\xbf\xbd[2J"));
	cr_assert(eq(str, CE("\xc2\x85\xe2\x80\xae\xc3\xa9"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9"));
}

Test(escape, cef_is_cut_on_an_escape_boundary)
{
	char small[4];

	escape_cef_ext("ab=c", 4, small, sizeof(small));
	cr_assert(eq(str, small, "ab"));
	escape_cef_ext("a\xff", 2, small, sizeof(small));
	cr_assert(eq(str, small, "a"));
}

/*
 * ESCAPE_PIECE_MAX's contract, which alert lines rely on to escape once:
 * an output that ends that far before its room holds all the input, for
 * every style, input and room.
 */
Test(escape, piece_max_short_of_the_room_means_all_of_it)
{
	static size_t (*const styles[])(const char *, size_t, char *,
	    size_t) = { escape_text, escape_json, escape_sd, escape_cef_header,
		escape_cef_ext };
	static const char *const inputs[] = { "plain ascii text",
		"quote \" back \\ ] | = tab\t nl\n cr\r",
		"\xe2\x80\xa8 line sep, \xe2\x80\xae bidi, \x01\x7f ctrl",
		"caf\xc3\xa9 \xff\xfe invalid \xc0\xaf overlong \xed\xa0\x80",
		"" };
	char full[1024], got[1024];

	for (size_t s = 0; s < sizeof(styles) / sizeof(styles[0]); s++)
		for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]);
		     i++) {
			size_t n = strlen(inputs[i]);
			size_t all =
			    styles[s](inputs[i], n, full, sizeof(full));

			for (size_t room = 1; room <= all + 40; room++) {
				size_t r = styles[s](inputs[i], n, got, room);

				if (r + ESCAPE_PIECE_MAX <= room - 1) {
					cr_assert(eq(sz, r, all),
					    "style %zu input %zu room %zu", s,
					    i, room);
				}
				cr_assert(le(sz, r, room - 1));
			}
		}
}
