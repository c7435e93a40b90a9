/* SPDX-License-Identifier: ISC */
/*
 * The field helpers every agent format's decoder uses: trimming, copying
 * into the fixed fields of struct winevent (NUL bytes as U+FFFD, cut on a
 * character boundary), event IDs, errors.  Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

#define WINEVENT_FIELD_ID_DIGITS_MAX 10
#define WINEVENT_FIELD_REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

bool
winevent_field_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool
winevent_field_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

struct winevent_span
winevent_field_trim(const char *p, size_t len)
{
	struct winevent_span s;

	while (len > 0 && winevent_field_is_space(*p))
		p++, len--;
	while (len > 0 && winevent_field_is_space(p[len - 1]))
		len--;
	s.p = p;
	s.len = len;
	return s;
}

size_t
winevent_field_digits(const char *p, size_t len)
{
	size_t n = 0;

	while (n < len && winevent_field_is_digit(p[n]))
		n++;
	return n;
}

bool
winevent_field_copy(char *dst, size_t dstsz, const char *src, size_t len)
{
	struct winevent_span s = winevent_field_trim(src, len);
	size_t room = dstsz - 1, o = 0, i, keep;

	for (i = 0; i < s.len; i++) {
		if (s.p[i] != '\0') {
			if (o == room)
				break;
			dst[o++] = s.p[i];
		} else {
			if (room - o < 3)
				break;
			memcpy(dst + o, WINEVENT_FIELD_REPLACEMENT, 3);
			o += 3;
		}
	}
	if (i < s.len) {
		/* Cut short: not inside a character (a NUL took three bytes).
		 */
		for (keep = utf8_cut(s.p, s.len, i); i > keep; i--)
			o -= s.p[i - 1] == '\0' ? 3 : 1;
		dst[o] = '\0';
		return true;
	}
	dst[o] = '\0';
	return false;
}

int
winevent_field_fail(struct parse_error *err, size_t offset, const char *what)
{
	err->offset = offset;
	snprintf(err->msg, sizeof(err->msg), "%s", what);
	return -1;
}

/*
 * A decimal event ID: 1-10 digits, a value winevent_id() takes (the
 * 16-bit code, or a 32-bit message identifier whose low 16 bits are it).
 */
static int
winevent_field_parse_id(const char *p, size_t len, uint32_t *id)
{
	uint64_t v = 0;

	if (len == 0 || len > WINEVENT_FIELD_ID_DIGITS_MAX ||
	    winevent_field_digits(p, len) != len)
		return -1;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (uint64_t)(p[i] - '0');
	return winevent_id(v, id);
}

int
winevent_field_set_id(struct winevent *ev, const char *p, size_t len,
    size_t off, struct parse_error *err, const char *what)
{
	if (winevent_field_parse_id(p, len, &ev->event_id) == -1)
		return winevent_field_fail(err, off, what);
	ev->has_event_id = true;
	return 0;
}

void
winevent_field_set_text(struct winevent *ev, const char *p, size_t len)
{
	ev->is_text_truncated =
	    winevent_field_copy(ev->text, sizeof(ev->text), p, len);
}
