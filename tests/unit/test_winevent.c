/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "winevent_fixture.h"

#include "criterion_str.h"

/* 2026-12-01T00:00:00Z */
#define NOW_MS INT64_C(1796083200000)
/* 2026-11-29T21:27:06Z and 21:27:08Z */
#define T2140_MS INT64_C(1795987626000)
#define T100_MS INT64_C(1795987628000)
#define TEXT_2140                                                              \
	"The Internet Mail Service could not be started because the "          \
	"administrator's mailbox on the Internet Mail tab is not valid."
#define TEXT_100                                                               \
	"The Internet Mail Service was stopped because of an error. See the "  \
	"previous event for details."

static struct winevent ev;
static struct parse_error err;

/* syslog_parse (which must succeed) then winevent_from_syslog. */
static int
decode_n(const char *frame, size_t len)
{
	int rc = winevent_fixture_try(frame, len, WINEVENT_FORMAT_UNKNOWN, &ev,
	    &err);

	cr_assert(ne(int, rc, -2), "syslog_parse failed");
	return rc;
}

static int
decode(const char *frame)
{
	return decode_n(frame, strlen(frame));
}

static int
decode_fixture(const char *name)
{
	char buf[16384];

	return decode_n(buf, winevent_fixture_read(name, buf, sizeof(buf)));
}

static void
assert_imc(uint32_t id, int64_t time_ms, const char *text)
{
	cr_assert(eq(u32, ev.event_id, id));
	cr_assert(ev.has_event_id);
	cr_assert(eq(str, ev.source, "MSExchangeIMC"));
	cr_assert(eq(i64, ev.time_ms, time_ms));
	cr_assert(eq(str, ev.text, text));
	cr_assert(not(ev.is_text_truncated));
}

Test(winevent, snare_fixture_2140)
{
	cr_assert(eq(int, decode_fixture("snare_2140.txt"), 0), "%s", err.msg);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
	assert_imc(2140, T2140_MS, TEXT_2140);
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(str, ev.log, "Application"));
	cr_assert(eq(str, ev.user, ""));
	cr_assert(eq(str, ev.type, "Error"));
	cr_assert(eq(str, ev.category, "None"));
}

Test(winevent, snare_fixture_100)
{
	cr_assert(eq(int, decode_fixture("snare_100.txt"), 0), "%s", err.msg);
	assert_imc(100, T100_MS, TEXT_100);
}

Test(winevent, snare_without_syslog_header)
{
	cr_assert(eq(int, decode_fixture("snare_nohdr_2140.txt"), 0), "%s",
	    err.msg);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
	assert_imc(2140, T2140_MS, TEXT_2140);
	cr_assert(eq(str, ev.computer, "EXCH01"));
}

Test(winevent, snare_marker_as_rfc5424_app_name)
{
	cr_assert(eq(int, decode_fixture("snare_5424_2140.txt"), 0), "%s",
	    err.msg);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
	assert_imc(2140, T2140_MS, TEXT_2140);
	cr_assert(eq(str, ev.log, "Application"));
}

Test(winevent, snare_criticality_in_tag_pid)
{
	cr_assert(eq(int,
	    decode(
		"<11>Nov 29 21:27:06 EXCH01 MSWinEventLog[1]: Application\t"
		"7\tSun Nov 29 21:27:06 2026\t2140\tMSExchangeIMC\tN/A\tN/A\t"
		"Error\tEXCH01\tNone\t\ttext"),
	    0));
	cr_assert(eq(str, ev.log, "Application"));
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(eq(str, ev.text, "text"));
}

Test(winevent, snare_other_delimiter)
{
	cr_assert(eq(int,
	    decode("<11>Nov 29 21:27:06 EXCH01 MSWinEventLog|1|Application|7|"
		   "Sun Nov 29 21:27:06 2026|2140|MSExchangeIMC|CORP\\svc|User|"
		   "Error|EXCH01|None||text here|7"),
	    0));
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(eq(str, ev.user, "CORP\\svc"));
	cr_assert(eq(str, ev.text, "text here"));
}

Test(winevent, snare_short_record_and_fallbacks)
{
	/* Cut after SourceName: the rest is absent, header fills in. */
	cr_assert(eq(int,
	    decode("<11>Nov 29 21:27:08 EXCH01 MSWinEventLog\t1\tApplication\t"
		   "7\tnot a date\t2140\tMSExchangeIMC"),
	    0));
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(i64, ev.time_ms, T100_MS));
	cr_assert(eq(str, ev.text, ""));
	cr_assert(eq(str, ev.type, ""));
}

Test(winevent, snare_text_from_data_string)
{
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApplication\t7\tSun Nov 29 21:27:06 2026"
		   "\t2140\tMSExchangeIMC\tN/A\tN/A\tError\tEXCH01  \tNone\t"
		   "data string  \t \t7"),
	    0));
	cr_assert(eq(str, ev.text, "data string"));
	cr_assert(eq(str, ev.computer, "EXCH01"));
}

Test(winevent, snare_too_few_fields_fails)
{
	cr_assert(eq(int,
	    decode("<11>Nov 29 21:27:06 EXCH01 MSWinEventLog\t1\tApplication\t7"
		   "\tSun Nov 29 21:27:06 2026\t2140"),
	    -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
	cr_assert(eq(int, strncmp(err.msg, "snare: too few fields", 21), 0));
}

Test(winevent, snare_bad_event_id_fails)
{
	const char *bad[] = { "21x40", "", "-1", "4294967296", "12345678901" };
	char f[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(f, sizeof(f),
		    "MSWinEventLog\t1\tApplication\t7\tdate\t%s\tMSExchangeIMC",
		    bad[i]);
		cr_assert(eq(int, decode(f), -1), "%s", bad[i]);
		cr_assert(eq(str, err.msg, "snare: bad event id"));
		cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
		cr_assert(eq(sz, err.offset, 35));
	}
}

Test(winevent, event_id_keeps_low_16_bits)
{
	/* 0xC000085C: severity error, code 2140. */
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApplication\t7\tdate\t3221227612\t"
		   "MSExchangeIMC"),
	    0));
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApplication\t7\tdate\t65535\tX"), 0));
	cr_assert(eq(u32, ev.event_id, 65535));
}

Test(winevent, event_id_with_the_reserved_bit_is_malformed)
{
	/* bit 28 is reserved in a Windows event identifier: no event id */
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApplication\t7\tdate\t4294967295\tX"),
	    -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApplication\t7\tdate\t268437596\tX"),
	    -1));
	/* the other high bits are the severity, customer and facility */
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApplication\t7\tdate\t3758098524\tX"),
	    0));
	cr_assert(eq(u32, ev.event_id, 2140));
}

Test(winevent, nxlog_bsd_fixtures)
{
	cr_assert(eq(int, decode_fixture("nxlog_bsd_2140.txt"), 0), "%s",
	    err.msg);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_BSD));
	assert_imc(2140, T2140_MS, TEXT_2140);
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(str, ev.type, "Error"));
	cr_assert(eq(str, ev.log, ""));
	cr_assert(eq(int, decode_fixture("nxlog_bsd_100.txt"), 0));
	assert_imc(100, T100_MS, TEXT_100);
	cr_assert(eq(int, decode_fixture("nxlog_bsd_eventid_2140.txt"), 0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_BSD));
	assert_imc(2140, T2140_MS, TEXT_2140);
}

Test(winevent, nxlog_eventid_conventions)
{
	const char *frames[] = {
		"<14>Nov 29 21:27:06 EXCH01 MSExchangeIMC[9]: EventID: 2140 t",
		"<14>Nov 29 21:27:06 EXCH01 MSExchangeIMC[9]: EventID=2140, t",
		"<14>Nov 29 21:27:06 EXCH01 MSExchangeIMC[9]: eventid 2140 t",
		"<14>Nov 29 21:27:06 EXCH01 MSExchangeIMC: EventID=2140 t",
	};

	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		cr_assert(eq(int, decode(frames[i]), 0), "%s", frames[i]);
		cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_BSD));
		cr_assert(eq(u32, ev.event_id, 2140));
		cr_assert(eq(str, ev.source, "MSExchangeIMC"));
		cr_assert(eq(str, ev.type, "Information"));
		cr_assert(eq(str, ev.text, "t"));
	}
}

Test(winevent, nxlog_bad_event_id_fails)
{
	cr_assert(eq(int,
	    decode("<14>Nov 29 21:27:06 EXCH01 IMC[9]: EventID=x t"), -1));
	cr_assert(eq(str, err.msg, "nxlog: bad event id after EventID"));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_BSD));
	cr_assert(eq(int,
	    decode("<14>Nov 29 21:27:06 EXCH01 IMC[9]: EventID=21a t"), -1));
	cr_assert(eq(str, err.msg, "nxlog: junk after the event id"));
	cr_assert(eq(int,
	    decode("<14>Nov 29 21:27:06 EXCH01 IMC[9]: 99999999999: t"), -1));
	cr_assert(eq(str, err.msg, "nxlog: event id out of range"));
}

Test(winevent, nxlog_rfc5424)
{
	cr_assert(eq(int,
	    decode("<11>1 2026-11-29T21:27:06Z EXCH01 MSExchangeIMC 1988 - - "
		   "2140: " TEXT_2140),
	    0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_BSD));
	assert_imc(2140, T2140_MS, TEXT_2140);
}

Test(winevent, source_name_with_spaces)
{
	cr_assert(eq(int,
	    decode("<14>Nov 29 21:27:06 EXCH01 Service Control Manager[604]: "
		   "7036: The service entered the running state."),
	    0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_BSD));
	cr_assert(eq(str, ev.source, "Service Control Manager"));
	cr_assert(eq(u32, ev.event_id, 7036));
	cr_assert(eq(str, ev.computer, "EXCH01"));
}

Test(winevent, nxlog_json_fixtures)
{
	cr_assert(eq(int, decode_fixture("nxlog_json_2140.txt"), 0), "%s",
	    err.msg);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_JSON));
	assert_imc(2140, T2140_MS, TEXT_2140);
	cr_assert(eq(str, ev.computer, "EXCH01.corp.example.com"));
	cr_assert(eq(str, ev.log, "Application"));
	cr_assert(eq(str, ev.type, "Error"));
	cr_assert(eq(str, ev.category, "None"));
	cr_assert(eq(int, decode_fixture("nxlog_json_100.txt"), 0), "%s",
	    err.msg);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_JSON));
	assert_imc(100, T100_MS, TEXT_100);
}

Test(winevent, nxlog_json_user_and_types)
{
	cr_assert(eq(int,
	    decode("{\"EventID\":1,\"SourceName\":\"s\",\"Domain\":\"CORP\","
		   "\"AccountName\":\"svc\",\"EventType\":\"AUDIT_FAILURE\","
		   "\"Extra\":[1,{\"a\":null}]}"),
	    0));
	cr_assert(eq(str, ev.user, "CORP\\svc"));
	cr_assert(eq(str, ev.type, "Failure Audit"));
	cr_assert(eq(int,
	    decode("{\"EventID\":1,\"UserID\":\"S-1-5-18\",\"EventType\":"
		   "\"Odd\",\"Category\":12}"),
	    0));
	cr_assert(eq(str, ev.user, "S-1-5-18"));
	cr_assert(eq(str, ev.type, "Odd"));
	cr_assert(eq(str, ev.category, "12"));
}

Test(winevent, nxlog_json_event_id_forms)
{
	cr_assert(eq(int, decode("{\"EventID\":\" 2140 \"}"), 0));
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(eq(int, decode("{\"EventID\":3221227612}"), 0));
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(eq(int, decode("{\"SourceName\":\"s\"}"), 0));
	cr_assert(not(ev.has_event_id));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_JSON));
}

Test(winevent, nxlog_json_bad_event_id_fails)
{
	cr_assert(eq(int, decode("{\"EventID\":-1}"), -1));
	cr_assert(eq(str, err.msg, "nxlog json: EventID out of range"));
	cr_assert(eq(int, decode("{\"EventID\":4294967296}"), -1));
	cr_assert(eq(int, decode("{\"EventID\":2140.0}"), -1));
	cr_assert(eq(str, err.msg, "nxlog json: EventID is not a number"));
	cr_assert(eq(int, decode("{\"EventID\":\"21 40\"}"), -1));
	cr_assert(eq(str, err.msg, "nxlog json: bad EventID string"));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_JSON));
}

Test(winevent, nxlog_json_duplicate_keys_are_refused)
{
	/* another reader would take the first: no guessing */
	cr_assert(eq(int, decode("{\"EventID\":100,\"EventID\":2140}"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_JSON));
	cr_assert(eq(int, strncmp(err.msg, "nxlog json: duplicate key", 25), 0),
	    "%s", err.msg);
	cr_assert(eq(int,
	    decode("{\"EventID\":100,\"Hostname\":\"A\",\"Hostname\":\"B\"}"),
	    -1));
	cr_assert(eq(int, decode("{\"EventID\":4294967295}"), -1));
}

Test(winevent, nxlog_json_invalid_fails)
{
	cr_assert(eq(int, decode("{\"EventID\":2140"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_JSON));
	cr_assert(eq(int, strncmp(err.msg, "nxlog json: invalid json", 24), 0));
	cr_assert(eq(int, decode("{\"EventID\":2140} trailing"), -1));
	cr_assert(
	    eq(int, decode("<13>Nov 29 21:27:06 h t: {\"a\":\"\\x\"}"), -1));
}

Test(winevent, json_without_windows_keys_is_not_a_windows_event)
{
	cr_assert(eq(int, decode("{\"level\":\"info\",\"msg\":\"hi\"}"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
	cr_assert(eq(int, strncmp(err.msg, "not a windows event: ", 21), 0));
}

Test(winevent, nxlog_json_nul_in_message)
{
	cr_assert(
	    eq(int, decode("{\"EventID\":1,\"Message\":\"a\\u0000b\"}"), 0));
	cr_assert(eq(str, ev.text,
	    "a\xef\xbf\xbd"
	    "b"));
}

Test(winevent, evtsys_fixtures)
{
	cr_assert(eq(int, decode_fixture("evtsys_2140.txt"), 0), "%s", err.msg);
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_EVTSYS));
	assert_imc(2140, T2140_MS, TEXT_2140);
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(str, ev.type, "Error"));
	cr_assert(eq(int, decode_fixture("evtsys_100.txt"), 0));
	assert_imc(100, T100_MS, TEXT_100);
	cr_assert(eq(int, decode_fixture("evtsys_tag_2140.txt"), 0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_EVTSYS));
	assert_imc(2140, T2140_MS, TEXT_2140);
}

Test(winevent, evtsys_user_and_no_header)
{
	cr_assert(eq(int,
	    decode("<13>Nov 29 21:27:06 EXCH01 MSExchangeIMC: 2140: "
		   "CORP\\admin: the text"),
	    0));
	cr_assert(eq(str, ev.user, "CORP\\admin"));
	cr_assert(eq(str, ev.text, "the text"));
	cr_assert(eq(str, ev.type, "Information"));
	/* Original Purdue evtsys: PRI, tag, no timestamp or hostname. */
	cr_assert(eq(int, decode("<11>MSExchangeIMC: 2140: text"), 0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_EVTSYS));
	cr_assert(eq(str, ev.computer, ""));
	cr_assert(eq(i64, ev.time_ms, 0));
	cr_assert(eq(str, ev.text, "text"));
	cr_assert(eq(int,
	    decode("<11>Nov 29 21:27:06 EXCH01 MSExchangeIMC: "
		   "2140:"),
	    0));
	cr_assert(eq(str, ev.text, ""));
}

Test(winevent, non_windows_syslog_is_rejected)
{
	const char *frames[] = {
		"<38>Nov 29 21:27:06 mail sshd[12]: Accepted publickey",
		"plain text",
		"<13>Nov 29 21:27:06 h cron: 12:30 job started",
		"<13>Nov 29 21:27:06 h 2140: no tag",
		"<13>1 - h a - - - MSWinEventLog",
	};

	cr_assert(eq(int, decode_fixture("sshd_not_winevent.txt"), -1));
	cr_assert(eq(str, err.msg,
	    "not a windows event: no snare, nxlog or evtsys payload"));
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		cr_assert(eq(int, decode(frames[i]), -1), "%s", frames[i]);
		cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
		cr_assert(
		    eq(int, strncmp(err.msg, "not a windows event: ", 21), 0));
	}
}

Test(winevent, text_truncated_at_char_boundary)
{
	char f[4096];
	int n;

	n = snprintf(f, sizeof(f), "<13>Nov 29 21:27:06 h S[1]: 1: ");
	memset(f + n, 'a', 2046);
	memcpy(f + n + 2046, "\xc3\xa9xyz", 5);
	cr_assert(eq(int, decode_n(f, (size_t)n + 2051), 0));
	cr_assert(ev.is_text_truncated);
	cr_assert(eq(sz, strlen(ev.text), 2046));
	/* A fitting text is not flagged. */
	cr_assert(eq(int, decode_n(f, (size_t)n + 2046), 0));
	cr_assert(not(ev.is_text_truncated));
	cr_assert(eq(sz, strlen(ev.text), 2046));
}

Test(winevent, fields_truncated_to_struct_sizes)
{
	char f[2048], src[401];
	size_t n;

	memset(src, 's', 400);
	src[400] = '\0';
	n = (size_t)snprintf(f, sizeof(f),
	    "{\"EventID\":1,\"SourceName\":\"%s\",\"Channel\":\"%s\"}", src,
	    src);
	cr_assert(n < sizeof(f));
	cr_assert(eq(int, decode(f), 0));
	cr_assert(eq(sz, strlen(ev.source), WINEVENT_SOURCE_MAX - 1));
	cr_assert(eq(sz, strlen(ev.log), WINEVENT_LOG_MAX - 1));
	cr_assert(not(ev.is_text_truncated));
}

/* A computer name is kept whole up to the bound, else flagged as cut. */
Test(winevent, long_computer_names_whole_or_flagged)
{
	static char f[8192], name[WINEVENT_COMPUTER_MAX + 1];
	const char *fmt[] = {
		"{\"EventID\":1,\"Hostname\":\"%s\"}",
		"<13>Nov 29 21:27:06 relay MSWinEventLog\t1\tApplication\t1\t"
		"Sun Nov 29 21:27:06 2026\t2140\tMSExchangeIMC\tN/A\tN/A\t"
		"Error\t%s\tNone\t\ttext\t1",
	};

	for (size_t i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		memset(name, 'n', WINEVENT_COMPUTER_MAX - 1);
		name[WINEVENT_COMPUTER_MAX - 1] = '\0';
		snprintf(f, sizeof(f), fmt[i], name);
		cr_assert(eq(int, decode(f), 0), "%s", err.msg);
		cr_assert(
		    eq(sz, strlen(ev.computer), WINEVENT_COMPUTER_MAX - 1));
		cr_assert(not(ev.is_computer_cut));
		name[WINEVENT_COMPUTER_MAX - 1] = 'n';
		name[WINEVENT_COMPUTER_MAX] = '\0';
		snprintf(f, sizeof(f), fmt[i], name);
		cr_assert(eq(int, decode(f), 0), "%s", err.msg);
		cr_assert(ev.is_computer_cut, "format %zu", i);
	}
}

Test(winevent, embedded_nul_becomes_replacement_char)
{
	const char f[] = "MSWinEventLog\t1\tApp\t7\tdate\t1\tS\tN/A\tN/A\tError"
			 "\tH\tNone\t\ta\0b\t7";

	cr_assert(eq(int, decode_n(f, sizeof(f) - 1), 0));
	cr_assert(eq(str, ev.text,
	    "a\xef\xbf\xbd"
	    "b"));
}

Test(winevent, listener_fields_left_alone)
{
	ev.via = WINEVENT_VIA_SYSLOG_TCP;
	snprintf(ev.peer, sizeof(ev.peer), "192.0.2.5");
	ev.recv_ms = 77;
	cr_assert(eq(int, decode_fixture("evtsys_2140.txt"), 0));
	cr_assert(eq(int, ev.via, WINEVENT_VIA_SYSLOG_TCP));
	cr_assert(eq(str, ev.peer, "192.0.2.5"));
	cr_assert(eq(i64, ev.recv_ms, 77));
}

Test(winevent, every_prefix_of_fixtures_is_safe)
{
	const char *names[] = { "snare_2140.txt", "nxlog_json_100.txt",
		"evtsys_tag_2140.txt", "snare_5424_2140.txt" };
	char path[1024], buf[16384];

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		FILE *fp;
		size_t len;

		snprintf(path, sizeof(path), "%s/syslog/%s", TEST_DATADIR,
		    names[k]);
		fp = fopen(path, "rb");
		cr_assert(fp != NULL);
		len = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		for (size_t n = 1; n <= len; n++) {
			struct syslog_msg m;
			struct parse_error perr;
			char *cut = malloc(n);
			int rc;

			cr_assert(cut != NULL);
			memcpy(cut, buf, n);
			if (syslog_parse(cut, n, NOW_MS, &m, &perr) == 0) {
				rc = winevent_from_syslog(&m, &ev, &err);
				cr_assert(rc == 0 || rc == -1);
				cr_assert(rc == 0 || err.msg[0] != '\0');
				cr_assert(
				    lt(sz, strlen(ev.text), sizeof(ev.text)));
			}
			free(cut);
		}
	}
}

Test(winevent, names)
{
	cr_assert(
	    eq(str, winevent_via_name(WINEVENT_VIA_SYSLOG_UDP), "syslog/udp"));
	cr_assert(
	    eq(str, winevent_via_name(WINEVENT_VIA_SYSLOG_TCP), "syslog/tcp"));
	cr_assert(eq(str, winevent_via_name(WINEVENT_VIA_TRAP_V1), "trap/v1"));
	cr_assert(
	    eq(str, winevent_via_name(WINEVENT_VIA_TRAP_V2C), "trap/v2c"));
	cr_assert(eq(str, winevent_via_name(WINEVENT_VIA_INFORM), "inform"));
	cr_assert(eq(str, winevent_via_name((enum winevent_via)99), "unknown"));
	cr_assert(
	    eq(str, winevent_format_name(WINEVENT_FORMAT_UNKNOWN), "unknown"));
	cr_assert(
	    eq(str, winevent_format_name(WINEVENT_FORMAT_SNARE), "snare"));
	cr_assert(eq(str, winevent_format_name(WINEVENT_FORMAT_NXLOG_BSD),
	    "nxlog-bsd"));
	cr_assert(eq(str, winevent_format_name(WINEVENT_FORMAT_NXLOG_JSON),
	    "nxlog-json"));
	cr_assert(
	    eq(str, winevent_format_name(WINEVENT_FORMAT_EVTSYS), "evtsys"));
	cr_assert(eq(str, winevent_format_name(WINEVENT_FORMAT_TRAP), "trap"));
	cr_assert(
	    eq(str, winevent_format_name((enum winevent_format)99), "unknown"));
}

/* winevent_reset() empties every field a decoder fills, whatever was there. */
Test(winevent, reset_empties_what_a_decoder_fills)
{
	struct winevent *w = malloc(sizeof(*w));

	cr_assert(not(eq(ptr, w, NULL)));
	memset(w, 0xa5, sizeof(*w));
	w->via = WINEVENT_VIA_SYSLOG_TCP;
	winevent_reset(w);
	cr_assert(eq(str, w->computer, ""));
	cr_assert(eq(str, w->source, ""));
	cr_assert(eq(str, w->log, ""));
	cr_assert(eq(str, w->user, ""));
	cr_assert(eq(str, w->type, ""));
	cr_assert(eq(str, w->category, ""));
	cr_assert(eq(str, w->text, ""));
	cr_assert(eq(str, w->origin, ""));
	cr_assert(not(w->is_computer_cut || w->has_event_id ||
	    w->is_time_local || w->is_year_guessed || w->is_text_truncated));
	cr_assert(eq(u32, w->event_id, 0));
	cr_assert(eq(i64, w->time_ms, 0));
	cr_assert(eq(int, w->format, WINEVENT_FORMAT_UNKNOWN));
	cr_assert(
	    eq(int, w->via, WINEVENT_VIA_SYSLOG_TCP)); /* the listener's */
	free(w);
}

/*
 * Packing: every byte outside the strings' unused tails comes back, the
 * strings whole (full ones too), and the packed form is small.
 */
static void
pack_fill_str(char *s, size_t size, size_t len, char c)
{
	memset(s, c, len);
	s[len] = '\0';
}

Test(winevent, pack_round_trip)
{
	struct winevent *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	char *buf = malloc(sizeof(*a));
	size_t n;

	cr_assert(a != NULL && b != NULL && buf != NULL);
	memset(a, 0x5a, sizeof(*a));
	pack_fill_str(a->computer, sizeof(a->computer), sizeof(a->computer) - 1,
	    'c');
	pack_fill_str(a->source, sizeof(a->source), 13, 's');
	pack_fill_str(a->log, sizeof(a->log), 0, 'l');
	pack_fill_str(a->user, sizeof(a->user), 3, 'u');
	pack_fill_str(a->type, sizeof(a->type), sizeof(a->type) - 1, 't');
	pack_fill_str(a->category, sizeof(a->category), 4, 'g');
	pack_fill_str(a->text, sizeof(a->text), 91, 'x');
	pack_fill_str(a->origin, sizeof(a->origin), 0, 'o');
	pack_fill_str(a->peer, sizeof(a->peer), 9, 'p');
	pack_fill_str(a->via_text, sizeof(a->via_text), 0, 'v');
	a->event_id = 2140;
	a->time_ms = -1234567;
	a->recv_ms = 987654321;
	a->format = WINEVENT_FORMAT_SNARE;
	a->is_text_truncated = true;

	n = winevent_packed_size(a);
	cr_assert(eq(sz, winevent_pack(a, buf), n));
	cr_assert(lt(sz, n, sizeof(*a) - 3000));
	memset(b, 0xa5, sizeof(*b));
	cr_assert(eq(sz, winevent_unpack(buf, b), n));
	cr_assert(eq(str, b->computer, a->computer));
	cr_assert(eq(str, b->source, a->source));
	cr_assert(eq(str, b->log, ""));
	cr_assert(eq(str, b->type, a->type));
	cr_assert(eq(str, b->text, a->text));
	cr_assert(eq(str, b->peer, a->peer));
	cr_assert(eq(u32, b->event_id, 2140));
	cr_assert(eq(i64, b->time_ms, -1234567));
	cr_assert(eq(i64, b->recv_ms, 987654321));
	cr_assert(b->is_text_truncated);
	cr_assert(eq(int, b->format, WINEVENT_FORMAT_SNARE));
	/* the strings' tails past their NUL aside, the two are the same bytes:
	   a field added to struct winevent and not packed would differ */
	memset(a->source + 14, 0, sizeof(a->source) - 14);
	memset(b->source + 14, 0, sizeof(b->source) - 14);
	memset(a->log, 0, sizeof(a->log));
	memset(b->log, 0, sizeof(b->log));
	memset(a->user + 4, 0, sizeof(a->user) - 4);
	memset(b->user + 4, 0, sizeof(b->user) - 4);
	memset(a->category + 5, 0, sizeof(a->category) - 5);
	memset(b->category + 5, 0, sizeof(b->category) - 5);
	memset(a->text + 92, 0, sizeof(a->text) - 92);
	memset(b->text + 92, 0, sizeof(b->text) - 92);
	memset(a->origin, 0, sizeof(a->origin));
	memset(b->origin, 0, sizeof(b->origin));
	memset(a->peer + 10, 0, sizeof(a->peer) - 10);
	memset(b->peer + 10, 0, sizeof(b->peer) - 10);
	memset(a->via_text, 0, sizeof(a->via_text));
	memset(b->via_text, 0, sizeof(b->via_text));
	cr_assert(eq(int, memcmp(a, b, sizeof(*a)), 0));
	free(a);
	free(b);
	free(buf);
}
