/* SPDX-License-Identifier: ISC */
/*
 * The field helpers every agent format's decoder uses: trimming, copying
 * into the fixed fields of struct winevent (NUL bytes as U+FFFD, cut on a
 * character boundary), event IDs, errors.  Pure.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/civil.h"
#include "core/net.h"
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

	/* runs between NULs are copied whole; a NUL becomes U+FFFD */
	for (i = 0; i < s.len;) {
		const char *z = memchr(s.p + i, '\0', s.len - i);
		size_t run = (z != NULL ? (size_t)(z - s.p) : s.len) - i;
		size_t take = run < room - o ? run : room - o;

		memcpy(dst + o, s.p + i, take);
		o += take;
		i += take;
		if (take < run || z == NULL || room - o < 3)
			break;
		memcpy(dst + o, WINEVENT_FIELD_REPLACEMENT, 3);
		o += 3;
		i++;
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

size_t
winevent_field_source_prefix(const char *p, size_t len, bool allow_space,
    size_t *name_len, bool *has_pid)
{
	size_t i = 0, pid;

	for (; i < len && i < WINEVENT_SOURCE_MAX; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ':' || c == '[' || c == ']' || c < ' ' || c == 0x7f ||
		    (c == ' ' && !allow_space))
			break;
	}
	*name_len = i;
	*has_pid = false;
	if (i == 0 || i >= len || p[i - 1] == ' ')
		return 0;
	if (p[i] == '[') {
		pid = winevent_field_digits(p + i + 1, len - i - 1);
		if (pid == 0 || i + 1 + pid >= len || p[i + 1 + pid] != ']')
			return 0;
		i += pid + 2;
		*has_pid = true;
	}
	if (i + 1 >= len || p[i] != ':' || p[i + 1] != ' ')
		return 0;
	return i + 2;
}

bool
winevent_field_is_address(const char *p, size_t len)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];

	/* as inet_pton() did on the copy: up to a NUL */
	int af = net_addr_shape(p, strnlen(p, len));

	if (af == AF_UNSPEC || len >= sizeof(buf))
		return false;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return inet_pton(af, buf, bin) == 1;
}

/* Up to max digits at p[*i]: their value, or -1 when there is none. */
static int
winevent_field_number(const char *p, size_t len, size_t *i, size_t max)
{
	size_t n = winevent_field_digits(p + *i, len - *i);
	int v = 0;

	if (n == 0 || n > max)
		return -1;
	for (size_t k = 0; k < n; k++)
		v = v * 10 + (p[*i + k] - '0');
	*i += n;
	return v;
}

/* "hh:mm:ss" or "hh mm ss" at p[*i], an optional fraction (*ms). */
static int
winevent_field_clock(const char *p, size_t len, size_t *i, int *h, int *mi,
    int *sec, int *ms)
{
	int *parts[3] = { h, mi, sec };
	size_t n;

	for (int k = 0; k < 3; k++) {
		if (k > 0) {
			if (*i >= len || (p[*i] != ':' && p[*i] != ' '))
				return -1;
			(*i)++;
		}
		if ((*parts[k] = winevent_field_number(p, len, i, 2)) == -1)
			return -1;
	}
	*ms = 0;
	if (*i + 1 < len && (p[*i] == '.' || p[*i] == ',') &&
	    winevent_field_is_digit(p[*i + 1])) {
		(*i)++;
		n = winevent_field_digits(p + *i, len - *i);
		for (size_t k = 0; k < 3; k++)
			*ms = *ms * 10 + (k < n ? p[*i + k] - '0' : 0);
		*i += n;
	}
	return 0;
}

int64_t
winevent_field_ctime(const char *p, size_t len, int64_t hint_ms,
    bool *is_yearless)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct winevent_span s = winevent_field_trim(p, len);
	int mon = 0, mday, h, mi, sec, ms, year = -1;
	struct civil hint;
	size_t i = 0;
	int64_t t;

	*is_yearless = false;
	p = s.p;
	len = s.len;
	/* An optional weekday: three letters and a space, then the month. */
	if (len > 4 && p[3] == ' ' && !winevent_field_is_digit(p[4]))
		i = 4;
	while (i < len && p[i] == ' ')
		i++;
	if (len - i < 3)
		return 0;
	while (mon < 12 && strncasecmp(p + i, months + mon * 3, 3) != 0)
		mon++;
	if (mon == 12)
		return 0;
	for (i += 3; i < len && p[i] == ' ';)
		i++;
	if ((mday = winevent_field_number(p, len, &i, 2)) == -1 || i >= len ||
	    p[i] != ' ')
		return 0;
	i++;
	if (winevent_field_clock(p, len, &i, &h, &mi, &sec, &ms) == -1)
		return 0;
	while (i < len && p[i] == ' ')
		i++;
	if (i < len && (year = winevent_field_number(p, len, &i, 4)) == -1)
		return 0;
	if (i != len)
		return 0;
	if (year != -1)
		return civil_to_ms(year, mon + 1, mday, h, mi, sec, &t) == -1
		    ? 0
		    : t + ms;
	if (hint_ms <= 0)
		return 0;
	*is_yearless = true;
	civil_from_ms(hint_ms, &hint);
	if (civil_to_ms((int)hint.year, mon + 1, mday, h, mi, sec, &t) == 0 &&
	    t - CIVIL_MS_PER_DAY <= hint_ms)
		return t + ms;
	if (civil_to_ms((int)hint.year - 1, mon + 1, mday, h, mi, sec, &t) == 0)
		return t + ms;
	return 0; /* *is_yearless stays: another year may make it a date */
}

/* Agents' type names -> the Windows ones (Snare's, the translator's). */
static const struct {
	const char *name;
	const char *windows;
} winevent_field_types[] = {
	{ "1", "Error" },
	{ "16", "Failure Audit" },
	{ "2", "Warning" },
	{ "4", "Information" },
	{ "8", "Success Audit" },
	{ "AUDIT_FAILURE", "Failure Audit" },
	{ "AUDIT_SUCCESS", "Success Audit" },
	{ "Audit Failure", "Failure Audit" },
	{ "Audit Success", "Success Audit" },
	{ "CRITICAL", "Critical" },
	{ "ERROR", "Error" },
	{ "INFO", "Information" },
	{ "INFORMATION", "Information" },
	{ "Security Audit Failure", "Failure Audit" },
	{ "Security Audit Success", "Success Audit" },
	{ "VERBOSE", "Verbose" },
	{ "WARNING", "Warning" },
};

const char *
winevent_field_type_name(const char *p, size_t len)
{
	for (size_t i = 0;
	     i < sizeof(winevent_field_types) / sizeof(winevent_field_types[0]);
	     i++) {
		if (strlen(winevent_field_types[i].name) == len &&
		    strncasecmp(p, winevent_field_types[i].name, len) == 0)
			return winevent_field_types[i].windows;
	}
	return NULL;
}
