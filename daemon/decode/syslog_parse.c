/* SPDX-License-Identifier: ISC */
/*
 * One syslog frame -> header fields and payload.  RFC 5424 is parsed
 * strictly enough to find the message (a broken header is an error); RFC
 * 3164 is parsed the way real senders write it, and anything that does not
 * look like a 3164 header is kept whole as the message.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/civil.h"
#include "decode/syslog_parse.h"

#define SYSLOG_PRI_MAX 191
#define SYSLOG_SD_NAME_MAX 32
#define SYSLOG_MS_PER_DAY CIVIL_MS_PER_DAY

static const char syslog_bom[3] = { '\xef', '\xbb', '\xbf' };

static bool
syslog_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 5424 PRINTUSASCII: the bytes allowed in header fields. */
static bool
syslog_is_print(char c)
{
	return c > ' ' && c < 0x7f;
}

/* A hostname byte: printable ASCII or part of a UTF-8 sequence. */
static bool
syslog_is_word(char c)
{
	return syslog_is_print(c) || (unsigned char)c >= 0x80;
}

/* Reads exactly n digits at s; -1 when one is not a digit. */
static int
syslog_digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (!syslog_is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* ".d+" at s: the fraction's milliseconds; returns bytes used (0: none). */
static size_t
syslog_parse_frac(const char *s, size_t len, int *ms)
{
	size_t i = 1;
	int v = 0;

	*ms = 0;
	if (len < 2 || s[0] != '.' || !syslog_is_digit(s[1]))
		return 0;
	for (; i < len && syslog_is_digit(s[i]); i++) {
		if (i <= 3)
			v = v * 10 + (s[i] - '0');
	}
	for (size_t k = i; k <= 3; k++)
		v *= 10;
	*ms = v;
	return i;
}

/* "Z", "+hh:mm" or "+hhmm" at s: offset in minutes; bytes used (0: none). */
static size_t
syslog_parse_zone(const char *s, size_t len, int *off_min)
{
	int sign, hh, mm;
	size_t n;

	*off_min = 0;
	if (len >= 1 && (s[0] == 'Z' || s[0] == 'z'))
		return 1;
	if (len < 5 || (s[0] != '+' && s[0] != '-'))
		return 0;
	sign = s[0] == '-' ? -1 : 1;
	hh = syslog_digits(s + 1, 2);
	if (len >= 6 && s[3] == ':') {
		mm = syslog_digits(s + 4, 2);
		n = 6;
	} else {
		mm = syslog_digits(s + 3, 2);
		n = 5;
	}
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return 0;
	*off_min = sign * (hh * 60 + mm);
	return n;
}

size_t
syslog_parse_time(const char *s, size_t len, int64_t *time_ms, bool *is_local)
{
	int y, mo, d, h, mi, sec, frac_ms, off_min;
	int64_t t;
	size_t pos = 19, zone;

	if (len < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
	    s[16] != ':')
		return 0;
	y = syslog_digits(s, 4);
	mo = syslog_digits(s + 5, 2);
	d = syslog_digits(s + 8, 2);
	h = syslog_digits(s + 11, 2);
	mi = syslog_digits(s + 14, 2);
	sec = syslog_digits(s + 17, 2);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 ||
	    civil_to_ms(y, mo, d, h, mi, sec, &t) == -1)
		return 0;
	pos += syslog_parse_frac(s + pos, len - pos, &frac_ms);
	zone = syslog_parse_zone(s + pos, len - pos, &off_min);
	pos += zone;
	*time_ms = t + frac_ms - (int64_t)off_min * 60000;
	if (is_local != NULL)
		*is_local = zone == 0;
	return pos;
}

/* "<PRI>" at buf: 1-3 digits, at most 191.  Returns bytes used (0: none). */
static size_t
syslog_parse_pri(const char *buf, size_t len, int *pri)
{
	size_t i = 1;
	int v = 0;

	if (len < 3 || buf[0] != '<')
		return 0;
	for (; i < len && i <= 4 && syslog_is_digit(buf[i]); i++)
		v = v * 10 + (buf[i] - '0');
	if (i == 1 || i > 4 || i >= len || buf[i] != '>' || v > SYSLOG_PRI_MAX)
		return 0;
	*pri = v;
	return i + 1;
}

static int
syslog_fail(struct parse_error *err, size_t offset, const char *what)
{
	err->offset = offset;
	snprintf(err->msg, sizeof(err->msg), "%s", what);
	return -1;
}

/* Copies a field known to fit (callers check the length first). */
static void
syslog_copy(char *dst, size_t dstsz, const char *src, size_t len)
{
	if (len >= dstsz)
		len = dstsz - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static size_t
syslog_skip_bom(const char *buf, size_t len, size_t pos)
{
	if (len - pos >= sizeof(syslog_bom) &&
	    memcmp(buf + pos, syslog_bom, sizeof(syslog_bom)) == 0)
		return pos + sizeof(syslog_bom);
	return pos;
}

static void
syslog_set_msg(struct syslog_msg *msg, const char *buf, size_t len, size_t pos)
{
	pos = syslog_skip_bom(buf, len, pos);
	msg->msg = buf + pos;
	msg->msg_len = len - pos;
}

/*
 * One RFC 5424 header field at *pos: NILVALUE "-" gives "".  Fields are
 * PRINTUSASCII, at most dstsz - 1 bytes, and end at a space.
 */
static int
syslog_parse_field(const char *buf, size_t len, size_t *pos, char *dst,
    size_t dstsz, const char *name, struct parse_error *err)
{
	size_t start = *pos, end = *pos;
	char what[64];

	while (end < len && syslog_is_print(buf[end]))
		end++;
	if (end == start || end >= len || buf[end] != ' ') {
		snprintf(what, sizeof(what), "rfc 5424: bad or missing %s",
		    name);
		return syslog_fail(err, end, what);
	}
	if (end - start >= dstsz) {
		snprintf(what, sizeof(what),
		    "rfc 5424: %s longer than %zu bytes", name, dstsz - 1);
		return syslog_fail(err, start, what);
	}
	if (end - start == 1 && buf[start] == '-')
		dst[0] = '\0';
	else
		syslog_copy(dst, dstsz, buf + start, end - start);
	while (end < len && buf[end] == ' ')
		end++;
	*pos = end;
	return 0;
}

/* An SD-NAME (SD-ID or PARAM-NAME): 1-32 printable but '=', ']', '"'. */
static size_t
syslog_sd_name(const char *buf, size_t len, size_t pos)
{
	size_t n = 0;

	while (pos + n < len && syslog_is_print(buf[pos + n]) &&
	    buf[pos + n] != '=' && buf[pos + n] != ']' && buf[pos + n] != '"')
		n++;
	return n <= SYSLOG_SD_NAME_MAX ? n : 0;
}

/* PARAM-NAME="value" at *pos; a backslash escapes the byte after it. */
static int
syslog_sd_param(const char *buf, size_t len, size_t *pos,
    struct parse_error *err)
{
	size_t p = *pos, n;

	if ((n = syslog_sd_name(buf, len, p)) == 0)
		return syslog_fail(err, p, "rfc 5424: bad sd param name");
	p += n;
	if (p >= len || buf[p] != '=')
		return syslog_fail(err, p,
		    "rfc 5424: expected '=' in sd param");
	if (++p >= len || buf[p] != '"')
		return syslog_fail(err, p,
		    "rfc 5424: expected '\"' in sd param");
	for (p++; p < len && buf[p] != '"'; p++) {
		if (buf[p] == '\\' && p + 1 < len)
			p++;
	}
	if (p >= len)
		return syslog_fail(err, *pos,
		    "rfc 5424: unterminated sd param");
	*pos = p + 1;
	return 0;
}

/* One SD-ELEMENT "[id param="v" ...]" at *pos (which holds '['). */
static int
syslog_sd_element(const char *buf, size_t len, size_t *pos,
    struct parse_error *err)
{
	size_t p = *pos + 1, n;

	if ((n = syslog_sd_name(buf, len, p)) == 0)
		return syslog_fail(err, p, "rfc 5424: bad sd-id");
	p += n;
	for (;;) {
		if (p >= len)
			return syslog_fail(err, *pos,
			    "rfc 5424: unterminated structured data");
		if (buf[p] == ']')
			break;
		if (buf[p] != ' ')
			return syslog_fail(err, p,
			    "rfc 5424: bad byte in structured data");
		while (p < len && buf[p] == ' ')
			p++;
		if (p < len && buf[p] == ']')
			break;
		if (p < len && syslog_sd_param(buf, len, &p, err) == -1)
			return -1;
	}
	*pos = p + 1;
	return 0;
}

static int
syslog_parse_sd(const char *buf, size_t len, size_t *pos,
    struct syslog_msg *msg, struct parse_error *err)
{
	size_t p = *pos;

	if (p >= len)
		return syslog_fail(err, p, "rfc 5424: missing structured data");
	if (buf[p] == '-') {
		p++;
	} else if (buf[p] == '[') {
		while (p < len && buf[p] == '[') {
			if (syslog_sd_element(buf, len, &p, err) == -1)
				return -1;
		}
		msg->sd = buf + *pos;
		msg->sd_len = p - *pos;
	} else
		return syslog_fail(err, p, "rfc 5424: bad structured data");
	if (p < len && buf[p] != ' ')
		return syslog_fail(err, p,
		    "rfc 5424: expected space after structured data");
	*pos = p < len ? p + 1 : p;
	return 0;
}

/* pos is just past "<PRI>1 ". */
static int
syslog_parse_5424(const char *buf, size_t len, size_t pos,
    struct syslog_msg *msg, struct parse_error *err)
{
	size_t n;

	msg->version = 1;
	if (len - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == ' ')
		pos += 2;
	else if ((n = syslog_parse_time(buf + pos, len - pos, &msg->time_ms,
		      &msg->is_time_local)) > 0 &&
	    pos + n < len && buf[pos + n] == ' ')
		pos += n + 1;
	else
		return syslog_fail(err, pos, "rfc 5424: bad timestamp");
	while (pos < len && buf[pos] == ' ')
		pos++;
	if (syslog_parse_field(buf, len, &pos, msg->hostname,
		sizeof(msg->hostname), "hostname", err) == -1 ||
	    syslog_parse_field(buf, len, &pos, msg->app_name,
		sizeof(msg->app_name), "app-name", err) == -1 ||
	    syslog_parse_field(buf, len, &pos, msg->procid, sizeof(msg->procid),
		"procid", err) == -1 ||
	    syslog_parse_field(buf, len, &pos, msg->msgid, sizeof(msg->msgid),
		"msgid", err) == -1 ||
	    syslog_parse_sd(buf, len, &pos, msg, err) == -1)
		return -1;
	syslog_set_msg(msg, buf, len, pos);
	return 0;
}

/*
 * "Mmm dd hh:mm:ss" (day space- or zero-padded, an optional fraction) at
 * buf, a local time with no zone: read as if UTC (the pipeline applies
 * the listener's zone).  The year is now_ms's, the previous one when
 * that would put the time more than a day ahead (a "Dec 31 23:59" line
 * received on Jan 1 is last year's), or the next one when that puts it
 * within a day of now_ms (a "Jan 1 00:00" line received on Dec 31 from a
 * sender ahead).  Returns bytes used (0: none).
 */
/*
 * civil_from_ms(now_ms) for the year and month only, remembered per
 * thread for the day of the last call: a stream's now_ms seldom leaves
 * its day, and the conversion was a tenth of a 3164 header's cost.
 */
static void
syslog_now_year_mon(int64_t now_ms, int64_t *year, int *mon)
{
	static _Thread_local int64_t day = INT64_MIN;
	static _Thread_local struct civil last;
	/* floor division; -(now_ms + 1) cannot overflow, as -now_ms could */
	int64_t d = now_ms >= 0 ? now_ms / SYSLOG_MS_PER_DAY
				: -(-(now_ms + 1) / SYSLOG_MS_PER_DAY) - 1;

	if (d != day) {
		civil_from_ms(now_ms, &last);
		day = d;
	}
	*year = last.year;
	*mon = last.mon;
}

static size_t
syslog_parse_ts3164(const char *buf, size_t len, int64_t now_ms,
    int64_t *time_ms, bool *is_refused)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int mon = 0, mday, h, mi, s, frac_ms, dy, now_mon;
	size_t p = 4;
	int64_t year, t, best;

	if (len < 14 || buf[3] != ' ')
		return 0;
	while (mon < 12 && memcmp(buf, months + mon * 3, 3) != 0)
		mon++;
	if (mon++ == 12)
		return 0;
	if (buf[p] == ' ')
		p++;
	if (!syslog_is_digit(buf[p]))
		return 0;
	mday = buf[p++] - '0';
	if (p < len && syslog_is_digit(buf[p]))
		mday = mday * 10 + (buf[p++] - '0');
	if (len - p < 9 || buf[p] != ' ' || buf[p + 3] != ':' ||
	    buf[p + 6] != ':')
		return 0;
	h = syslog_digits(buf + p + 1, 2);
	mi = syslog_digits(buf + p + 4, 2);
	s = syslog_digits(buf + p + 7, 2);
	if (h < 0 || mi < 0 || s < 0)
		return 0;
	p += 9;
	p += syslog_parse_frac(buf + p, len - p, &frac_ms);
	syslog_now_year_mon(now_ms, &year, &now_mon);
	if (year < 2 || year > 9998)
		return 0;
	/*
	 * Next year only for a sender up to a day ahead across New Year
	 * (so a January stamp received in December: any other is more than
	 * a day ahead); else this year unless that is more than a day
	 * ahead; else last year.  Feb 29 exists in some years only: no such
	 * date, no stamp.
	 */
	for (dy = mon == 1 && now_mon == 12 ? 1 : 0; dy >= -1; dy--) {
		if (civil_to_ms((int)year + dy, mon, mday, h, mi, s, &t) == -1)
			continue;
		if (dy == 1 &&
		    (t - now_ms > SYSLOG_MS_PER_DAY ||
			now_ms - t > SYSLOG_MS_PER_DAY))
			continue;
		if (dy == 0 && t - SYSLOG_MS_PER_DAY > now_ms)
			continue;
		break;
	}
	if (dy < -1) {
		*is_refused = true;
		return 0;
	}
	best = t;
	*time_ms = best + frac_ms;
	return p;
}

/* Bytes allowed in a 3164 TAG: enough for Windows source names. */
static bool
syslog_is_tag_char(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    syslog_is_digit(c))
		return true;
	switch (c) {
	case '-':
	case '_':
	case '.':
	case '/':
	case '@':
	case '$':
	case '%':
	case '+':
	case '#':
	case '(':
	case ')':
	case '!':
	case '~':
	case '*':
	case ',':
	case '&':
	case '\'':
		return true;
	default:
		return false;
	}
}

/*
 * A 3164 TAG at buf: "name:" or "name[procid]:", the name at most
 * SYSLOG_APP_NAME_MAX - 1 tag bytes.  Fills app_name and procid and
 * returns the bytes used including one space after ':' (0: not a tag).
 */
static size_t
syslog_parse_tag(const char *buf, size_t len, struct syslog_msg *msg)
{
	size_t n = 0, p, pid = 0;

	while (n < len && syslog_is_tag_char(buf[n]))
		n++;
	if (n == 0 || n >= sizeof(msg->app_name) || n >= len)
		return 0;
	p = n;
	if (buf[p] == '[') {
		while (p + 1 + pid < len && syslog_is_print(buf[p + 1 + pid]) &&
		    buf[p + 1 + pid] != ']')
			pid++;
		if (pid == 0 || pid >= sizeof(msg->procid) ||
		    p + 1 + pid >= len || buf[p + 1 + pid] != ']')
			return 0;
		p += pid + 2;
	}
	if (p >= len || buf[p] != ':')
		return 0;
	syslog_copy(msg->app_name, sizeof(msg->app_name), buf, n);
	syslog_copy(msg->procid, sizeof(msg->procid), buf + n + 1, pid);
	p++;
	if (p < len && buf[p] == ' ')
		p++;
	return p;
}

/*
 * Bytes no host name or address holds, but agents' field delimiters do
 * (Snare's "MSWinEventLog#1#..." behind an empty hostname).
 */
static bool
syslog_is_not_host(char c)
{
	switch (c) {
	case '|':
	case '#':
	case '^':
	case '~':
	case ';':
	case ',':
	case '"':
	case '{':
	case '}':
	case '<':
	case '>':
	case '=':
		return true;
	default:
		return false;
	}
}

/*
 * After a 3164 timestamp: "HOSTNAME TAG: msg", or straight "TAG: msg"
 * when the first word is itself a tag.  A first word not followed by a
 * space, or with a byte no host name has, is message text.
 */
static size_t
syslog_parse_host_tag(const char *buf, size_t len, size_t pos,
    struct syslog_msg *msg)
{
	size_t n = 0, used;

	if ((used = syslog_parse_tag(buf + pos, len - pos, msg)) > 0)
		return pos + used;
	while (pos + n < len && syslog_is_word(buf[pos + n])) {
		if (syslog_is_not_host(buf[pos + n]))
			return pos;
		n++;
	}
	if (n == 0 || n >= sizeof(msg->hostname) || pos + n >= len ||
	    buf[pos + n] != ' ')
		return pos;
	if (!(n == 1 && buf[pos] == '-'))
		syslog_copy(msg->hostname, sizeof(msg->hostname), buf + pos, n);
	pos += n;
	while (pos < len && buf[pos] == ' ')
		pos++;
	return pos + syslog_parse_tag(buf + pos, len - pos, msg);
}

static void
syslog_parse_3164(const char *buf, size_t len, size_t pos, int64_t now_ms,
    struct syslog_msg *msg)
{
	size_t n;

	while (pos < len && buf[pos] == ' ')
		pos++;
	if ((n = syslog_parse_ts3164(buf + pos, len - pos, now_ms,
		 &msg->time_ms, &msg->is_stamp_refused)) > 0)
		msg->is_time_local = msg->is_year_guessed = true;
	else
		n = syslog_parse_time(buf + pos, len - pos, &msg->time_ms,
		    &msg->is_time_local);
	if (n > 0 && pos + n < len && buf[pos + n] == ' ') {
		pos += n;
		while (pos < len && buf[pos] == ' ')
			pos++;
		pos = syslog_parse_host_tag(buf, len, pos, msg);
	} else {
		/* No timestamp: no hostname either, but maybe a tag. */
		msg->time_ms = 0;
		msg->is_time_local = msg->is_year_guessed = false;
		pos += syslog_parse_tag(buf + pos, len - pos, msg);
	}
	syslog_set_msg(msg, buf, len, pos);
}

static bool
syslog_is_trim(char c)
{
	return c == '\0' || c == '\r' || c == '\n';
}

int
syslog_parse(const char *buf, size_t len, int64_t now_ms,
    struct syslog_msg *msg, struct parse_error *err)
{
	return syslog_parse_as(buf, len, now_ms, SYSLOG_HEADER_ANY, msg, err);
}

int
syslog_parse_as(const char *buf, size_t len, int64_t now_ms,
    enum syslog_header hdr, struct syslog_msg *msg, struct parse_error *err)
{
	size_t pos = 0, n;

	memset(msg, 0, sizeof(*msg));
	memset(err, 0, sizeof(*err));
	msg->pri = -1;
	msg->msg = buf;
	while (len > 0 && syslog_is_trim(buf[len - 1]))
		len--;
	while (pos < len && (syslog_is_trim(buf[pos]) || buf[pos] == ' '))
		pos++;
	pos = syslog_skip_bom(buf, len, pos);
	if (pos == len)
		return syslog_fail(err, pos, "empty frame");
	msg->msg = buf + pos;
	if ((n = syslog_parse_pri(buf + pos, len - pos, &msg->pri)) == 0) {
		if (hdr == SYSLOG_HEADER_RFC5424)
			return syslog_fail(err, pos, "rfc 5424: no <PRI>");
		if (buf[pos] == '<') {
			/* Something like a PRI but not one: all text. */
			syslog_set_msg(msg, buf, len, pos);
			return 0;
		}
	} else
		pos += n;
	if (hdr != SYSLOG_HEADER_RFC3164 && msg->pri != -1 && len - pos >= 2 &&
	    buf[pos] == '1' && buf[pos + 1] == ' ')
		return syslog_parse_5424(buf, len, pos + 2, msg, err);
	if (hdr == SYSLOG_HEADER_RFC5424)
		return syslog_fail(err, pos,
		    "rfc 5424: no version 1 after <PRI>");
	syslog_parse_3164(buf, len, pos, now_ms, msg);
	return 0;
}
