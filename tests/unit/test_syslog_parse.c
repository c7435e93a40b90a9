/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/civil.h"
#include "decode/syslog_parse.h"

#include "criterion_str.h"

/* 2026-12-01T00:00:00Z */
#define NOW_MS INT64_C(1796083200000)

static char msgbuf[65536];

/* Parses a copy of s[0..len) in a buffer of exactly len bytes. */
static int
parse_n(const char *s, size_t len, int64_t now_ms, struct syslog_msg *m,
    struct parse_error *e)
{
	char *buf = malloc(len > 0 ? len : 1);
	int rc;

	cr_assert(buf != NULL);
	memcpy(buf, s, len);
	rc = syslog_parse(buf, len, now_ms, m, e);
	if (rc == 0) {
		cr_assert(m->msg >= buf && m->msg + m->msg_len <= buf + len);
		cr_assert(m->msg_len < sizeof(msgbuf));
		memcpy(msgbuf, m->msg, m->msg_len);
		msgbuf[m->msg_len] = '\0';
	}
	free(buf);
	return rc;
}

static int
parse(const char *s, struct syslog_msg *m, struct parse_error *e)
{
	return parse_n(s, strlen(s), NOW_MS, m, e);
}

static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	int64_t t;

	cr_assert(eq(int, civil_to_ms(y, mo, d, h, mi, s, &t), 0));
	return t;
}

Test(syslog_parse, rfc3164_full_header)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed", &m, &e),
	    0));
	cr_assert(eq(int, m.pri, 34));
	cr_assert(eq(int, m.version, 0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 10, 11, 22, 14, 15)));
	cr_assert(eq(str, m.hostname, "mymachine"));
	cr_assert(eq(str, m.app_name, "su"));
	cr_assert(eq(str, m.procid, ""));
	cr_assert(eq(str, msgbuf, "'su root' failed"));
}

Test(syslog_parse, rfc3164_tag_with_pid)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<38>Nov 29 21:27:06 mail sshd[12]: Accepted", &m, &e), 0));
	cr_assert(eq(str, m.app_name, "sshd"));
	cr_assert(eq(str, m.procid, "12"));
	cr_assert(eq(str, msgbuf, "Accepted"));
}

Test(syslog_parse, rfc3164_day_padding_variants)
{
	struct syslog_msg m;
	struct parse_error e;
	const char *frames[] = { "<13>Nov  9 01:02:03 h t: x",
		"<13>Nov 9 01:02:03 h t: x", "<13>Nov 09 01:02:03 h t: x" };

	for (size_t i = 0; i < 3; i++) {
		cr_assert(eq(int, parse(frames[i], &m, &e), 0));
		cr_assert(eq(i64, m.time_ms, utc(2026, 11, 9, 1, 2, 3)));
		cr_assert(eq(str, m.hostname, "h"));
		cr_assert(eq(str, msgbuf, "x"));
	}
}

Test(syslog_parse, rfc3164_fraction_of_second)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<13>Nov 29 21:27:06.25 h t: x", &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 11, 29, 21, 27, 6) + 250));
}

Test(syslog_parse, rfc3164_takes_previous_year_when_in_future)
{
	struct syslog_msg m;
	struct parse_error e;
	int64_t now = utc(2026, 1, 1, 0, 0, 0);
	const char *dec = "<13>Dec 31 23:00:00 h t: x";
	const char *jan = "<13>Jan  1 12:00:00 h t: x";

	cr_assert(eq(int, parse_n(dec, strlen(dec), now, &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, utc(2025, 12, 31, 23, 0, 0)));
	/* Less than a day ahead: clock skew, same year. */
	cr_assert(eq(int, parse_n(jan, strlen(jan), now, &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 1, 1, 12, 0, 0)));
}

Test(syslog_parse, rfc3164_feb29_needs_a_leap_year)
{
	struct syslog_msg m;
	struct parse_error e;
	const char *f = "<13>Feb 29 10:00:00 h t: x";

	cr_assert(eq(int,
	    parse_n(f, strlen(f), utc(2029, 1, 15, 0, 0, 0), &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, utc(2028, 2, 29, 10, 0, 0)));
	/* Neither 2027 nor 2026 has one: no timestamp, all text. */
	cr_assert(eq(int,
	    parse_n(f, strlen(f), utc(2027, 6, 1, 0, 0, 0), &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, 0));
	cr_assert(eq(str, m.hostname, ""));
	cr_assert(eq(str, msgbuf, "Feb 29 10:00:00 h t: x"));
}

Test(syslog_parse, rfc3164_iso_timestamp)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<13>2026-11-29T21:27:06.123+01:00 EXCH01 tag: x", &m, &e),
	    0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 11, 29, 20, 27, 6) + 123));
	cr_assert(eq(str, m.hostname, "EXCH01"));
	cr_assert(eq(str, m.app_name, "tag"));
	cr_assert(
	    eq(int, parse("<13>2026-11-29T21:27:06 EXCH01 tag: x", &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 11, 29, 21, 27, 6)));
}

Test(syslog_parse, rfc3164_missing_hostname)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(
	    eq(int, parse("<13>Nov 29 21:27:06 sshd[12]: hi", &m, &e), 0));
	cr_assert(eq(str, m.hostname, ""));
	cr_assert(eq(str, m.app_name, "sshd"));
	cr_assert(eq(str, m.procid, "12"));
	cr_assert(eq(str, msgbuf, "hi"));
}

Test(syslog_parse, rfc3164_hostname_without_tag)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<13>Nov 29 21:27:06 EXCH01 MSWinEventLog\t1\tApp", &m, &e),
	    0));
	cr_assert(eq(str, m.hostname, "EXCH01"));
	cr_assert(eq(str, m.app_name, ""));
	cr_assert(eq(str, msgbuf, "MSWinEventLog\t1\tApp"));
}

Test(syslog_parse, missing_pri)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("Nov 29 21:27:06 host tag: hi", &m, &e), 0));
	cr_assert(eq(int, m.pri, -1));
	cr_assert(eq(str, m.hostname, "host"));
	cr_assert(eq(str, m.app_name, "tag"));
	cr_assert(eq(str, msgbuf, "hi"));
}

Test(syslog_parse, headerless_text)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("hello world", &m, &e), 0));
	cr_assert(eq(int, m.pri, -1));
	cr_assert(eq(i64, m.time_ms, 0));
	cr_assert(eq(str, m.app_name, ""));
	cr_assert(eq(str, msgbuf, "hello world"));
}

Test(syslog_parse, tag_without_timestamp)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<11>MSExchangeIMC: 2140: text", &m, &e), 0));
	cr_assert(eq(int, m.pri, 11));
	cr_assert(eq(str, m.hostname, ""));
	cr_assert(eq(str, m.app_name, "MSExchangeIMC"));
	cr_assert(eq(str, msgbuf, "2140: text"));
}

Test(syslog_parse, json_frame_is_not_a_tag)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("{\"EventID\":2140}", &m, &e), 0));
	cr_assert(eq(str, m.app_name, ""));
	cr_assert(eq(str, msgbuf, "{\"EventID\":2140}"));
}

Test(syslog_parse, bad_pri_is_text)
{
	struct syslog_msg m;
	struct parse_error e;
	const char *frames[] = { "<192>Nov 29 21:27:06 h t: x",
		"<0013>Nov 29 21:27:06 h t: x", "<1a>x", "<>x", "<13",
		"<-1>x" };

	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		cr_assert(eq(int, parse(frames[i], &m, &e), 0));
		cr_assert(eq(int, m.pri, -1));
		cr_assert(eq(i64, m.time_ms, 0));
		cr_assert(eq(str, msgbuf, frames[i]));
	}
}

Test(syslog_parse, pri_bounds)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<0>x", &m, &e), 0));
	cr_assert(eq(int, m.pri, 0));
	cr_assert(eq(int, parse("<191>x", &m, &e), 0));
	cr_assert(eq(int, m.pri, 191));
	cr_assert(eq(int, parse("<013>x", &m, &e), 0));
	cr_assert(eq(int, m.pri, 13));
}

Test(syslog_parse, pri_only_gives_empty_message)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<13>", &m, &e), 0));
	cr_assert(eq(int, m.pri, 13));
	cr_assert(eq(sz, m.msg_len, 0));
}

Test(syslog_parse, version_other_than_1_is_rfc3164_text)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<13>2 errors found", &m, &e), 0));
	cr_assert(eq(int, m.version, 0));
	cr_assert(eq(str, msgbuf, "2 errors found"));
}

Test(syslog_parse, trims_trailing_nul_cr_lf)
{
	struct syslog_msg m;
	struct parse_error e;
	const char f[] = "<13>Nov 29 21:27:06 h t: x y\r\n\0\0";

	cr_assert(eq(int, parse_n(f, sizeof(f) - 1, NOW_MS, &m, &e), 0));
	cr_assert(eq(str, msgbuf, "x y"));
}

Test(syslog_parse, keeps_embedded_nul)
{
	struct syslog_msg m;
	struct parse_error e;
	const char f[] = "<13>Nov 29 21:27:06 h t: a\0b";

	cr_assert(eq(int, parse_n(f, sizeof(f) - 1, NOW_MS, &m, &e), 0));
	cr_assert(eq(sz, m.msg_len, 3));
	cr_assert(eq(int, memcmp(msgbuf, "a\0b", 3), 0));
}

Test(syslog_parse, empty_frames_fail)
{
	struct syslog_msg m;
	struct parse_error e;
	const char f[] = "\r\n\0\n";

	cr_assert(eq(int, parse_n("", 0, NOW_MS, &m, &e), -1));
	cr_assert(eq(str, e.msg, "empty frame"));
	cr_assert(eq(int, parse_n(f, sizeof(f) - 1, NOW_MS, &m, &e), -1));
	cr_assert(eq(str, e.msg, "empty frame"));
	cr_assert(eq(int, parse("\xef\xbb\xbf", &m, &e), -1));
}

Test(syslog_parse, strips_bom_before_rfc3164_message)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<13>Nov 29 21:27:06 h t: \xef\xbb\xbfhello", &m, &e), 0));
	cr_assert(eq(str, msgbuf, "hello"));
	cr_assert(eq(int, parse("\xef\xbb\xbfhello", &m, &e), 0));
	cr_assert(eq(str, msgbuf, "hello"));
}

Test(syslog_parse, rfc5424_full_header)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com "
		  "evntslog 1370 ID47 [exampleSDID@32473 iut=\"3\" "
		  "eventSource=\"Application\" eventID=\"1011\"] "
		  "\xef\xbb\xbf"
		  "An application event log entry",
		&m, &e),
	    0));
	cr_assert(eq(int, m.pri, 165));
	cr_assert(eq(int, m.version, 1));
	cr_assert(eq(i64, m.time_ms, utc(2003, 10, 11, 22, 14, 15) + 3));
	cr_assert(eq(str, m.hostname, "mymachine.example.com"));
	cr_assert(eq(str, m.app_name, "evntslog"));
	cr_assert(eq(str, m.procid, "1370"));
	cr_assert(eq(str, m.msgid, "ID47"));
	cr_assert(eq(str, msgbuf, "An application event log entry"));
}

Test(syslog_parse, rfc5424_nilvalues)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<13>1 - - - - - -", &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, 0));
	cr_assert(eq(str, m.hostname, ""));
	cr_assert(eq(str, m.app_name, ""));
	cr_assert(eq(str, m.procid, ""));
	cr_assert(eq(str, m.msgid, ""));
	cr_assert(eq(sz, m.msg_len, 0));
	cr_assert(eq(int, parse("<13>1 - - - - - - text", &m, &e), 0));
	cr_assert(eq(str, msgbuf, "text"));
}

Test(syslog_parse, rfc5424_zone_offset)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<13>1 2026-11-29T16:27:06-05:00 h a p m - x", &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 11, 29, 21, 27, 6)));
}

Test(syslog_parse, rfc5424_structured_data_escapes)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<13>1 - h a - - [a@1 x=\"a\\]b\\\"c\\\\\" y=\"]\"][b@2] msg",
		&m, &e),
	    0));
	cr_assert(eq(str, msgbuf, "msg"));
	cr_assert(
	    eq(int, parse("<13>1 - h a - - [a@1][b@2 k=\"v\"]", &m, &e), 0));
	cr_assert(eq(sz, m.msg_len, 0));
}

Test(syslog_parse, rfc5424_bom_after_structured_data)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<13>1 - h a - - [a@1 k=\"v\"] \xef\xbb\xbfhi", &m, &e), 0));
	cr_assert(eq(str, msgbuf, "hi"));
}

Test(syslog_parse, rfc5424_bad_structured_data_fails)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<13>1 - h a - - [a@1 x=1] m", &m, &e), -1));
	cr_assert(eq(sz, e.offset, 23));
	cr_assert(eq(int, parse("<13>1 - h a - - [a@1 x=\"v] m", &m, &e), -1));
	cr_assert(eq(int, parse("<13>1 - h a - - [a@1", &m, &e), -1));
	cr_assert(eq(str, e.msg, "rfc 5424: unterminated structured data"));
	cr_assert(eq(int, parse("<13>1 - h a - - [] m", &m, &e), -1));
	cr_assert(eq(int, parse("<13>1 - h a - - x m", &m, &e), -1));
	cr_assert(eq(int, parse("<13>1 - h a - - [a]x", &m, &e), -1));
	cr_assert(eq(int, parse("<13>1 - h a - - -x", &m, &e), -1));
	cr_assert(
	    eq(str, e.msg, "rfc 5424: expected space after structured data"));
}

Test(syslog_parse, rfc5424_bad_timestamp_fails)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(
	    eq(int, parse("<13>1 2026-13-01T00:00:00Z h a - - -", &m, &e), -1));
	cr_assert(eq(sz, e.offset, 6));
	cr_assert(eq(str, e.msg, "rfc 5424: bad timestamp"));
	cr_assert(eq(int, parse("<13>1 yesterday h a - - -", &m, &e), -1));
}

Test(syslog_parse, rfc5424_truncated_header_fails)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int, parse("<13>1 - h a p", &m, &e), -1));
	cr_assert(eq(str, e.msg, "rfc 5424: bad or missing procid"));
	cr_assert(eq(int, parse("<13>1 - h a p m", &m, &e), -1));
	cr_assert(eq(str, e.msg, "rfc 5424: bad or missing msgid"));
	cr_assert(eq(int, parse("<13>1 - h\ta - - -", &m, &e), -1));
}

Test(syslog_parse, rfc5424_field_too_long_fails)
{
	struct syslog_msg m;
	struct parse_error e;
	char f[256];

	/* APP-NAME is at most 48 bytes. */
	snprintf(f, sizeof(f), "<13>1 - h %s - - -",
	    "0123456789012345678901234567890123456789012345678");
	cr_assert(eq(int, parse(f, &m, &e), -1));
	cr_assert(eq(sz, e.offset, 10));
	snprintf(f, sizeof(f), "<13>1 - h %s - - -",
	    "012345678901234567890123456789012345678901234567");
	cr_assert(eq(int, parse(f, &m, &e), 0));
	cr_assert(eq(sz, strlen(m.app_name), 48));
}

Test(syslog_parse, rfc5424_every_prefix_is_safe)
{
	const char f[] =
	    "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com "
	    "evntslog 1370 ID47 [exampleSDID@32473 iut=\"3\" "
	    "eventSource=\"App\\]\"][x@1] \xef\xbb\xbfmsg";
	struct syslog_msg m;
	struct parse_error e;
	int ok = 0;

	for (size_t n = 0; n <= sizeof(f) - 1; n++) {
		int rc = parse_n(f, n, NOW_MS, &m, &e);

		cr_assert(rc == 0 || rc == -1);
		if (rc == -1) {
			cr_assert(gt(sz, strlen(e.msg), 0));
			cr_assert(le(sz, e.offset, n));
		} else
			ok++;
	}
	/* "<", "<1", "<16", "<165" are text; the full frame parses. */
	cr_assert(eq(int, parse_n(f, sizeof(f) - 1, NOW_MS, &m, &e), 0));
	cr_assert(eq(str, msgbuf, "msg"));
	cr_assert(ge(int, ok, 5));
}

Test(syslog_parse, rfc3164_every_prefix_is_safe)
{
	const char f[] = "<13>2026-11-29T21:27:06.5+01:00 EXCH01 src[12]: m";
	struct syslog_msg m;
	struct parse_error e;

	for (size_t n = 1; n <= sizeof(f) - 1; n++)
		cr_assert(eq(int, parse_n(f, n, NOW_MS, &m, &e), 0));
	cr_assert(eq(str, m.app_name, "src"));
}

Test(syslog_parse, time_helpers)
{
	int64_t t = 42;

	cr_assert(eq(int, civil_to_ms(2026, 2, 29, 0, 0, 0, &t), -1));
	cr_assert(eq(int, civil_to_ms(2028, 2, 29, 0, 0, 0, &t), 0));
	cr_assert(eq(int, civil_to_ms(1970, 1, 1, 0, 0, 0, &t), 0));
	cr_assert(eq(i64, t, 0));
	cr_assert(eq(int, civil_to_ms(2026, 1, 1, 24, 0, 0, &t), -1));
	cr_assert(
	    eq(sz, syslog_parse_time("2026-11-29 21:27:06", 19, &t, NULL), 19));
	cr_assert(eq(i64, t, INT64_C(1795987626000)));
	cr_assert(eq(sz,
	    syslog_parse_time("2026-11-29T21:27:06+0100x", 25, &t, NULL), 24));
	cr_assert(eq(i64, t, INT64_C(1795987626000) - 3600000));
	cr_assert(
	    eq(sz, syslog_parse_time("2026-11-29T21:27:0", 18, &t, NULL), 0));
	cr_assert(
	    eq(sz, syslog_parse_time("2026-11-31T21:27:06", 19, &t, NULL), 0));
}

Test(syslog_parse, rfc3164_year_across_new_year_and_local_time)
{
	struct syslog_msg m;
	struct parse_error e;
	const char *late = "<13>Dec 31 23:59:00 h t: x";
	const char *ahead = "<13>Jan  1 00:00:30 h t: x";
	const char *zoned = "<13>2026-12-31T23:59:00+01:00 h t: x";

	/* received on Jan 1: last year's */
	cr_assert(eq(int,
	    parse_n(late, strlen(late), utc(2027, 1, 1, 0, 0, 10), &m, &e), 0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 12, 31, 23, 59, 0)));
	cr_assert(m.is_time_local);
	/* from a sender a little ahead, received on Dec 31: next year's */
	cr_assert(eq(int,
	    parse_n(ahead, strlen(ahead), utc(2026, 12, 31, 23, 59, 50), &m,
		&e),
	    0));
	cr_assert(eq(i64, m.time_ms, utc(2027, 1, 1, 0, 0, 30)));
	/* ...but a January line received in December is not next year's */
	cr_assert(eq(int,
	    parse_n(ahead, strlen(ahead), utc(2026, 12, 20, 0, 0, 0), &m, &e),
	    0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 1, 1, 0, 0, 30)));
	/* a zone in the stamp: not local */
	cr_assert(eq(int,
	    parse_n(zoned, strlen(zoned), utc(2027, 1, 1, 0, 0, 0), &m, &e),
	    0));
	cr_assert(eq(i64, m.time_ms, utc(2026, 12, 31, 22, 59, 0)));
	cr_assert(not(m.is_time_local));
}

Test(syslog_parse, rfc5424_structured_data_is_kept)
{
	struct syslog_msg m;
	struct parse_error e;
	const char *f = "<11>1 - h a - - [x@1 k=\"v\\\"]\"][y] text";

	cr_assert(eq(int, parse(f, &m, &e), 0));
	cr_assert(m.sd != NULL);
	cr_assert(eq(sz, m.sd_len, strlen("[x@1 k=\"v\\\"]\"][y]")));
	cr_assert(eq(str, msgbuf, "text"));
	cr_assert(eq(int, parse("<11>1 - h a - - - text", &m, &e), 0));
	cr_assert(m.sd == NULL);
	cr_assert(eq(sz, m.sd_len, 0));
	cr_assert(
	    eq(int, parse("<11>Nov 29 21:27:06 h t: [x k=\"v\"]", &m, &e), 0));
	cr_assert(m.sd == NULL);
}

/* A listener's `format rfc3164` / `rfc5424` fixes the header. */
Test(syslog_parse, header_mode_fixes_the_header)
{
	struct syslog_msg m;
	struct parse_error e;
	char buf[64];
	const char *f5424 = "<13>1 - h a - - - x",
		   *f3164 = "<13>Nov 29 "
			    "21:27:06 h t: x";

	snprintf(buf, sizeof(buf), "%s", f5424);
	cr_assert(eq(int,
	    syslog_parse_as(buf, strlen(buf), NOW_MS, SYSLOG_HEADER_RFC3164, &m,
		&e),
	    0));
	cr_assert(eq(int, m.version, 0));
	cr_assert(eq(int,
	    syslog_parse_as(buf, strlen(buf), NOW_MS, SYSLOG_HEADER_RFC5424, &m,
		&e),
	    0));
	cr_assert(eq(int, m.version, 1));
	snprintf(buf, sizeof(buf), "%s", f3164);
	cr_assert(eq(int,
	    syslog_parse_as(buf, strlen(buf), NOW_MS, SYSLOG_HEADER_RFC5424, &m,
		&e),
	    -1));
	cr_assert(eq(str, e.msg, "rfc 5424: no version 1 after <PRI>"));
	snprintf(buf, sizeof(buf), "no pri at all");
	cr_assert(eq(int,
	    syslog_parse_as(buf, strlen(buf), NOW_MS, SYSLOG_HEADER_RFC5424, &m,
		&e),
	    -1));
	cr_assert(eq(int,
	    syslog_parse_as(buf, strlen(buf), NOW_MS, SYSLOG_HEADER_ANY, &m,
		&e),
	    0));
}

/* Snare with '#', '|', ... right after the timestamp: no hostname. */
Test(syslog_parse, delimited_word_is_no_hostname)
{
	struct syslog_msg m;
	struct parse_error e;

	cr_assert(eq(int,
	    parse("<11>Nov 29 21:27:06 MSWinEventLog#1#App#7#Sun Nov", &m, &e),
	    0));
	cr_assert(eq(str, m.hostname, ""));
	cr_assert(eq(str, msgbuf, "MSWinEventLog#1#App#7#Sun Nov"));
	cr_assert(eq(int, parse("<11>Nov 29 21:27:06 a|b c", &m, &e), 0));
	cr_assert(eq(str, m.hostname, ""));
	cr_assert(eq(int, parse("<11>Nov 29 21:27:06 host-1.x c", &m, &e), 0));
	cr_assert(eq(str, m.hostname, "host-1.x"));
}
