/* SPDX-License-Identifier: ISC */
/*
 * alert_format: the text line and the JSON object for the Q246115 alert,
 * for hostile network text, and cut to every buffer size.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <jansson.h>

#include "alert_fixture.h"
#include "output/alert_format.h"
#include "decode/winevent.h"

#include "criterion_str.h"

TestSuite(alert_format, .init = setup);

/* One line: no byte a line reader splits on, quotes balanced. */
static void
assert_one_text_line(const char *s)
{
	bool in_quote = false;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		cr_assert(ge(int, p[0], 0x20), "control byte in %s", s);
		cr_assert(ne(int, p[0], 0x7f), "control byte in %s", s);
		if (*p == '\\') {
			cr_assert(in_quote, "backslash outside quotes: %s", s);
			cr_assert(ne(chr, p[1], '\0'));
			p++;
		} else if (*p == '"') {
			in_quote = !in_quote;
		}
	}
	cr_assert(not(in_quote), "unbalanced quotes: %s", s);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

Test(alert_format, text_full_alert)
{
	const char *want =
	    "evcorrd alert time=2026-11-29T21:28:10.123Z kind=pair "
	    "id=" FIXTURE_ID " rule=Q246115 "
	    "host=exch01 severity=major "
	    "title=\"Exchange Internet Mail Service cannot start\" "
	    "open=\"2140 MSExchangeIMC 2026-11-29T21:27:06.000Z\" "
	    "close=\"100 MSExchangeIMC 2026-11-29T21:28:10.000Z\" "
	    "peer=192.0.2.6 suppressed=0 "
	    "cause=\"The administrator's mailbox on the Internet Mail tab is "
	    "not valid\" "
	    "fix=\"In Exchange Administrator, Configuration > Connectors > "
	    "Internet Mail Service > Internet Mail: select a valid "
	    "administrator's mailbox\" "
	    "ref=\"Microsoft KB Q246115\"";
	int n = alert_format_text(&alert, buf, sizeof(buf));

	cr_assert(eq(str, buf, want));
	cr_assert(eq(int, n, (int)strlen(want)));
}

Test(alert_format, json_full_alert_exact_layout)
{
	char want[2048];
	int n;

	snprintf(want, sizeof(want),
	    "{\"time\":\"2026-11-29T21:28:10.123Z\",\"kind\":\"pair\","
	    "\"id\":\"" FIXTURE_ID "\",\"rule\":\"Q246115\","
	    "\"host\":\"exch01\",\"severity\":\"major\","
	    "\"title\":\"Exchange Internet Mail Service cannot start\","
	    "\"suppressed\":0,"
	    "\"open\":{\"event_id\":2140,\"source\":\"MSExchangeIMC\","
	    "\"log\":\"Application\",\"computer\":\"EXCH01\","
	    "\"peer\":\"192.0.2.5\",\"via\":\"%s\","
	    "\"time\":\"2026-11-29T21:27:06.000Z\","
	    "\"text\":\"The Internet Mail Service could not start.\"},"
	    "\"close\":{\"event_id\":100,\"source\":\"MSExchangeIMC\","
	    "\"log\":\"Application\",\"computer\":\"EXCH01\","
	    "\"peer\":\"192.0.2.6\",\"via\":\"%s\","
	    "\"time\":\"2026-11-29T21:28:10.000Z\","
	    "\"text\":\"The service is stopping.\"},"
	    "\"cause\":\"%s\",\"fix\":\"%s\",\"reference\":\"%s\","
	    "\"truncated\":false}",
	    winevent_via_name(WINEVENT_VIA_SYSLOG_UDP),
	    winevent_via_name(WINEVENT_VIA_TRAP_V2C), cause, fix, reference);
	n = alert_format_json(&alert, buf, sizeof(buf));
	cr_assert(eq(str, buf, want));
	cr_assert(eq(int, n, (int)strlen(want)));
}

Test(alert_format, json_full_alert_types_and_values)
{
	json_t *v, *open, *close;

	cr_assert(gt(int, alert_format_json(&alert, buf, sizeof(buf)), 0));
	v = parse(buf);
	cr_assert(eq(str, get_str(v, "rule"), "Q246115"));
	cr_assert(eq(str, get_str(v, "host"), "exch01"));
	cr_assert(eq(str, get_str(v, "severity"), "major"));
	cr_assert(eq(str, get_str(v, "title"), title));
	cr_assert(eq(str, get_str(v, "cause"), cause));
	cr_assert(eq(str, get_str(v, "fix"), fix));
	cr_assert(eq(str, get_str(v, "reference"), reference));
	cr_assert(eq(i64, get_int(v, "suppressed"), 0));
	cr_assert(is_type(json_object_get(v, "truncated"), JSON_FALSE));
	open = json_object_get(v, "open");
	close = json_object_get(v, "close");
	cr_assert(is_type(open, JSON_OBJECT));
	cr_assert(is_type(close, JSON_OBJECT));
	cr_assert(eq(i64, get_int(open, "event_id"), 2140));
	cr_assert(eq(i64, get_int(close, "event_id"), 100));
	cr_assert(eq(str, get_str(open, "peer"), "192.0.2.5"));
	cr_assert(eq(str, get_str(close, "via"),
	    winevent_via_name(WINEVENT_VIA_TRAP_V2C)));
	cr_assert(eq(str, get_str(close, "time"), "2026-11-29T21:28:10.000Z"));
	cr_assert(eq(sz, json_object_size(v), 14));
	cr_assert(eq(sz, json_object_size(open), 8));
	json_decref(v);
}

Test(alert_format, severity_names_follow_the_rule)
{
	static const struct {
		enum severity s;
		const char *name;
	} cases[] = { { SEVERITY_CRITICAL, "critical" },
		{ SEVERITY_MAJOR, "major" }, { SEVERITY_MINOR, "minor" },
		{ SEVERITY_WARNING, "warning" }, { SEVERITY_INFO, "info" } };
	char want[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		alert.severity = cases[i].s;
		alert_format_text(&alert, buf, sizeof(buf));
		snprintf(want, sizeof(want), " severity=%s ", cases[i].name);
		cr_assert(ne(ptr, strstr(buf, want), NULL), "%s", buf);
		alert_format_json(&alert, buf, sizeof(buf));
		snprintf(want, sizeof(want), "\"severity\":\"%s\"",
		    cases[i].name);
		cr_assert(ne(ptr, strstr(buf, want), NULL), "%s", buf);
	}
}

Test(alert_format, suppressed_is_a_json_number)
{
	json_t *v;

	alert.suppressed = 4000000000ULL;
	alert_format_json(&alert, buf, sizeof(buf));
	v = parse(buf);
	cr_assert(eq(i64, get_int(v, "suppressed"), 4000000000LL));
	json_decref(v);
	alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(ne(ptr, strstr(buf, " suppressed=4000000000 "), NULL));
}

Test(alert_format, huge_suppressed_count_stays_readable_json)
{
	json_t *v;

	alert.suppressed = UINT64_MAX;
	alert_format_json(&alert, buf, sizeof(buf));
	v = parse(buf); /* jansson refuses integers past INT64_MAX */
	cr_assert(eq(i64, get_int(v, "suppressed"), 9007199254740991LL));
	json_decref(v);
	alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(
	    ne(ptr, strstr(buf, " suppressed=18446744073709551615 "), NULL));
}

Test(alert_format, text_quotes_host_and_rule_that_are_not_tokens)
{
	snprintf(host, sizeof(host), "exch 01\" fix=\"evil");
	snprintf(rule_name, sizeof(rule_name), "a b");
	alert_format_text(&alert, buf, sizeof(buf));
	assert_one_text_line(buf);
	cr_assert(ne(ptr, strstr(buf, " rule=\"a b\" "), NULL), "%s", buf);
	cr_assert(
	    ne(ptr, strstr(buf, " host=\"exch 01\\\" fix=\\\"evil\" severity="),
		NULL),
	    "%s", buf);
}

Test(alert_format, text_quotes_empty_values)
{
	host[0] = '\0';
	close_ev.peer[0] = '\0';
	alert.reference = "";
	alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(ne(ptr, strstr(buf, " host=\"\" "), NULL), "%s", buf);
	cr_assert(ne(ptr, strstr(buf, " peer=\"\" "), NULL), "%s", buf);
	cr_assert(ends_with(buf, " ref=\"\""), "%s", buf);
}

Test(alert_format, text_marks_a_missing_source_with_a_dash)
{
	open_ev.source[0] = '\0';
	alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(ne(ptr,
		      strstr(buf, " open=\"2140 - 2026-11-29T21:27:06.000Z\" "),
		      NULL),
	    "%s", buf);
}

Test(alert_format, text_escapes_a_hostile_source)
{
	snprintf(close_ev.source, sizeof(close_ev.source),
	    "IMC\"\n<13>evil\x1b[2J");
	alert_format_text(&alert, buf, sizeof(buf));
	assert_one_text_line(buf);
	cr_assert(ne(ptr,
		      strstr(buf,
			  " close=\"100 IMC\\\"\\n<13>evil\\x1b[2J "
			  "2026-11-29T21:28:10.000Z\" "),
		      NULL),
	    "%s", buf);
}

Test(alert_format, hostile_text_stays_one_text_line)
{
	int n;

	fixture_hostile();
	n = alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(gt(int, n, 0));
	cr_assert(eq(sz, strlen(buf), (size_t)n));
	assert_one_text_line(buf);
	cr_assert(ne(ptr, strstr(buf, " host=\"h\\nx\\\"y\\\\z\\x01\\xc3(\" "),
		      NULL),
	    "%s", buf);
	cr_assert(ne(ptr,
		      strstr(buf,
			  "title=\"t\\\"itle\\r\\n\\\\ \\xff\\xc2\\x85\" "),
		      NULL),
	    "%s", buf);
}

Test(alert_format, hostile_text_stays_valid_json)
{
	json_t *v, *open;
	int n;

	fixture_hostile();
	n = alert_format_json(&alert, buf, sizeof(buf));
	cr_assert(gt(int, n, 0));
	cr_assert(eq(ptr, strchr(buf, '\n'), NULL));
	v = parse(buf);
	cr_assert(eq(str, get_str(v, "host"), "h\nx\"y\\z\x01\xef\xbf\xbd("));
	cr_assert(
	    eq(str, get_str(v, "title"), "t\"itle\r\n\\ \xef\xbf\xbd\xc2\x85"));
	cr_assert(eq(str, get_str(v, "cause"), "cause"));
	open = json_object_get(v, "open");
	cr_assert(eq(str, get_str(open, "source"), "s\"\r\n"));
	cr_assert(eq(str, get_str(open, "log"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdlog"));
	cr_assert(eq(str, get_str(open, "computer"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xe2\x80\xa8"));
	cr_assert(eq(sz, strlen(get_str(open, "text")),
	    2 * (127 + 128 * 3) + 1 /* 0x80..0xff each become U+FFFD */));
	cr_assert(eq(str, get_str(json_object_get(v, "close"), "text"),
	    "line1\nline2\r\n\"quoted\" \\ back \x7f\xef\xbf\xbd\xef\xbf\xbd"));
	cr_assert(is_type(json_object_get(v, "truncated"), JSON_FALSE));
	json_decref(v);
}

Test(alert_format, text_with_10k_plain_cause_fits_whole)
{
	static char big[10240];
	int n;

	memset(big, 'c', sizeof(big) - 1);
	alert.cause = big;
	n = alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(gt(int, n, 10240));
	cr_assert(ne(ptr, strstr(buf, big), NULL));
	assert_one_text_line(buf);
}

Test(alert_format, text_with_10k_control_cause_is_cut_fairly)
{
	static char big[10240];
	int n;

	memset(big, '\x01', sizeof(big) - 1); /* 40 KB once escaped */
	alert.cause = big;
	n = alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(eq(int, n, -1));
	cr_assert(lt(sz, strlen(buf), sizeof(buf)));
	cr_assert(gt(sz, strlen(buf), sizeof(buf) - 64), "space was wasted");
	assert_one_text_line(buf);
	cr_assert(ends_with(buf, " truncated=1"), "%s", buf);
	/* the short texts after the long one survive whole */
	cr_assert(
	    ne(ptr, strstr(buf, " fix=\"In Exchange Administrator"), NULL));
	cr_assert(ne(ptr, strstr(buf, " ref=\"Microsoft KB Q246115\""), NULL));
}

Test(alert_format, json_with_10k_hostile_texts_is_cut_and_parses)
{
	static char big[10240], big2[10240];
	json_t *v;
	int n;

	memset(big, '\x01', sizeof(big) - 1); /* 60 KB once escaped */
	memset(big2, '"', sizeof(big2) - 1);  /* 20 KB */
	fixture_hostile();
	alert.cause = big;
	alert.fix = big2;
	n = alert_format_json(&alert, buf, sizeof(buf));
	cr_assert(eq(int, n, -1));
	cr_assert(gt(sz, strlen(buf), sizeof(buf) - 64), "space was wasted");
	v = parse(buf);
	cr_assert(is_type(json_object_get(v, "truncated"), JSON_TRUE));
	/* short fields whole, long texts shortened but present */
	cr_assert(eq(str, get_str(v, "reference"), reference));
	cr_assert(eq(str, get_str(v, "host"), "h\nx\"y\\z\x01\xef\xbf\xbd("));
	cr_assert(gt(sz, strlen(get_str(v, "cause")), 500));
	cr_assert(gt(sz, strlen(get_str(v, "fix")), 500));
	cr_assert(
	    eq(i64, get_int(json_object_get(v, "close"), "event_id"), 100));
	json_decref(v);
}

/* Every buffer size from 0 up: bounded, terminated, one valid line. */
Test(alert_format, text_every_buffer_size_gives_a_valid_line)
{
	static char full[ALERT_FORMAT_MAX], small[ALERT_FORMAT_MAX + 1];
	int total;

	fixture_hostile();
	total = alert_format_text(&alert, full, sizeof(full));
	cr_assert(gt(int, total, 0));
	for (size_t len = 0; len <= (size_t)total + 1; len++) {
		int n;

		memset(small, 'Z', sizeof(small));
		n = alert_format_text(&alert, small, len);
		cr_assert(eq(chr, small[len], 'Z'), "wrote past %zu", len);
		if (len == 0)
			continue;
		cr_assert(lt(sz, strlen(small), len));
		if (len > (size_t)total) {
			cr_assert(eq(int, n, total));
			cr_assert(eq(str, small, full));
			continue;
		}
		cr_assert(eq(int, n, -1), "len %zu", len);
		assert_one_text_line(small);
		if (small[0] != '\0')
			cr_assert(ends_with(small, " truncated=1"), "%s",
			    small);
	}
}

Test(alert_format, json_every_buffer_size_gives_valid_json)
{
	static char full[ALERT_FORMAT_MAX], small[ALERT_FORMAT_MAX + 1];
	int total;

	fixture_hostile();
	total = alert_format_json(&alert, full, sizeof(full));
	cr_assert(gt(int, total, 0));
	for (size_t len = 0; len <= (size_t)total + 1; len++) {
		json_t *v;
		int n;

		memset(small, 'Z', sizeof(small));
		n = alert_format_json(&alert, small, len);
		cr_assert(eq(chr, small[len], 'Z'), "wrote past %zu", len);
		if (len == 0)
			continue;
		cr_assert(lt(sz, strlen(small), len));
		if (len > (size_t)total) {
			cr_assert(eq(int, n, total));
			cr_assert(eq(str, small, full));
			continue;
		}
		cr_assert(eq(int, n, -1), "len %zu", len);
		if (small[0] == '\0') {
			cr_assert(lt(sz, len, 64), "empty at len %zu", len);
			continue;
		}
		v = parse(small);
		cr_assert(is_type(json_object_get(v, "truncated"), JSON_TRUE),
		    "len %zu: %s", len, small);
		json_decref(v);
	}
}

Test(alert_format, json_shortened_keeps_every_member_when_it_can)
{
	json_t *v;
	int total;

	total = alert_format_json(&alert, buf, sizeof(buf));
	/* room for the skeleton but not the free texts */
	cr_assert(
	    eq(int, alert_format_json(&alert, buf, (size_t)total - 40), -1));
	v = parse(buf);
	cr_assert(eq(sz, json_object_size(v), 14), "%s", buf);
	cr_assert(eq(sz, json_object_size(json_object_get(v, "open")), 8));
	cr_assert(eq(sz, json_object_size(json_object_get(v, "close")), 8));
	cr_assert(eq(str, get_str(v, "host"), "exch01"));
	cr_assert(is_type(json_object_get(v, "truncated"), JSON_TRUE));
	json_decref(v);
}

Test(alert_format, null_rule_texts_are_empty)
{
	json_t *v;

	alert.cause = NULL;
	alert.fix = NULL;
	alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(ne(ptr, strstr(buf, " cause=\"\" fix=\"\" "), NULL), "%s",
	    buf);
	alert_format_json(&alert, buf, sizeof(buf));
	v = parse(buf);
	cr_assert(eq(str, get_str(v, "cause"), ""));
	json_decref(v);
}

Test(alert_format, text_and_json_have_no_newline)
{
	alert_format_text(&alert, buf, sizeof(buf));
	cr_assert(eq(ptr, strchr(buf, '\n'), NULL));
	alert_format_json(&alert, buf, sizeof(buf));
	cr_assert(eq(ptr, strchr(buf, '\n'), NULL));
}
