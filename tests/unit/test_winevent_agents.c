/* SPDX-License-Identifier: ISC */
/*
 * The agent formats beyond Snare, NXLog BSD/JSON and evtsys, and the
 * real-world shapes of issue 12: one fixture a shape (tests/data/syslog/,
 * where each came from in SOURCES.md), decoded through syslog_parse() and
 * winevent_from_syslog(), then hostile variants of each.
 */
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

#define T2140_MS INT64_C(1795987626000) /* 2026-11-29T21:27:06Z */
#define TEXT_2140                                                              \
	"The Internet Mail Service could not be started because the "          \
	"administrator's mailbox on the Internet Mail tab is not valid."

static struct winevent ev;
static struct parse_error err;

static int
decode_try(const char *frame, size_t len, enum winevent_format only)
{
	return winevent_fixture_try(frame, len, only, &ev, &err);
}

static int
decode_as_n(const char *frame, size_t len, enum winevent_format only)
{
	int rc = decode_try(frame, len, only);

	cr_assert(ne(int, rc, -2), "syslog_parse failed");
	return rc;
}

static int
decode(const char *frame)
{
	return decode_as_n(frame, strlen(frame), WINEVENT_FORMAT_UNKNOWN);
}

static int
decode_as(const char *frame, enum winevent_format only)
{
	return decode_as_n(frame, strlen(frame), only);
}

static int
decode_fixture(const char *name)
{
	char buf[16384];

	return decode_as_n(buf, winevent_fixture_read(name, buf, sizeof(buf)),
	    WINEVENT_FORMAT_UNKNOWN);
}

/* What each fixture must decode to ("" and 0: must be empty / unknown). */
static const struct fixture {
	const char *file;
	enum winevent_format format;
	uint32_t id;
	const char *computer, *source, *log, *type, *user;
	int64_t time_ms;
	const char *text_start;
} fixtures[] = {
	{ "snare_rsyslog_011.txt", WINEVENT_FORMAT_SNARE, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "snare_hash_nohost.txt", WINEVENT_FORMAT_SNARE, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "snare_pipe_emptyhost.txt", WINEVENT_FORMAT_SNARE, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "snare_host_space.txt", WINEVENT_FORMAT_SNARE, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "snare_missing_user.txt", WINEVENT_FORMAT_SNARE, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "nxlog_ietf_2140.txt", WINEVENT_FORMAT_RFC5424_SD, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "syslogng_5424_7036.txt", WINEVENT_FORMAT_SYSLOG_NG, 7036,
	    "zts-win101", "Microsoft-Windows-Service Control Manager", "System",
	    "Information", "", INT64_C(1460710806000), "N/A: System" },
	{ "syslogng_3164_7036.txt", WINEVENT_FORMAT_SYSLOG_NG, 7036,
	    "syslogng-win7", "Microsoft-Windows-Service Control Manager",
	    "System", "Information", "", INT64_C(1785164112000),
	    "The Multimedia Class Scheduler service entered the running "
	    "state." },
	{ "nxlog_xml_2140.txt", WINEVENT_FORMAT_NXLOG_XML, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "nxlog_kvp_2140.txt", WINEVENT_FORMAT_NXLOG_KVP, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "nxlog_json_tag_spaces.txt", WINEVENT_FORMAT_NXLOG_JSON, 7036,
	    "EXCH01", "Service Control Manager", "System", "Information", "",
	    T2140_MS, "The Microsoft Exchange Internet Mail service" },
	{ "nxlog_mseventlog_filename.txt", WINEVENT_FORMAT_NXLOG_JSON, 2140,
	    "EXCH01", "MSExchangeIMC", "Application", "Error", "", T2140_MS,
	    TEXT_2140 },
	{ "wmi_json_2140.txt", WINEVENT_FORMAT_WMI, 2140, "EXCH01",
	    "MSExchangeIMC", "Application", "Error", "", T2140_MS, TEXT_2140 },
	{ "wmi_kv_4776.txt", WINEVENT_FORMAT_WMI, 4776, "YYYYY",
	    "Microsoft-Windows-Security-Auditing", "Security", "", "",
	    INT64_C(1425994037784), "The computer attempted to validate" },
	{ "wincollect_4776.txt", WINEVENT_FORMAT_WINCOLLECT, 4776,
	    "dc01.corp.example.com", "Microsoft-Windows-Security-Auditing",
	    "Security", "Success Audit", "", INT64_C(1456144380009),
	    "The computer attempted to validate" },
	{ "cef_4776.txt", WINEVENT_FORMAT_CEF, 4776,
	    "YYYYYY.subDomain.domain.com",
	    "Microsoft-Windows-Security-Auditing", "Security", "", "XXXXXX",
	    INT64_C(1426218619000), "The domain controller attempted" },
	{ "ossec_11707.txt", WINEVENT_FORMAT_OSSEC, 11707, "OSSEC64",
	    "MsiInstaller", "Application", "Information", "OSSEC64\\lac", 0,
	    "Product: Microsoft Office Live Meeting 2007" },
	{ "eventreporter_4102.txt", WINEVENT_FORMAT_EVENTREPORTER, 4102,
	    "FMSRV", "Wins", "", "Error", "", INT64_C(982245658000),
	    "The connection was aborted by the remote WINS." },
	{ "evtsys_relay_addr.txt", WINEVENT_FORMAT_EVTSYS, 4624, "EXCH01",
	    "Security-Auditing", "", "Information", "CORP\\admin", T2140_MS,
	    "An account was successfully logged on." },
	{ "text_plain_7036.txt", WINEVENT_FORMAT_TEXT, 7036, "",
	    "Service Control Manager", "", "", "", 0,
	    "The Microsoft Exchange Internet Mail service" },
};

Test(winevent_agents, every_fixture_decodes_to_its_fields)
{
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		const struct fixture *f = &fixtures[i];

		cr_assert(eq(int, decode_fixture(f->file), 0), "%s: %s",
		    f->file, err.msg);
		cr_assert(eq(int, ev.format, f->format), "%s: %s", f->file,
		    winevent_format_name(ev.format));
		cr_assert(ev.has_event_id, "%s", f->file);
		cr_assert(eq(u32, ev.event_id, f->id), "%s", f->file);
		cr_assert(eq(str, ev.computer, f->computer), "%s", f->file);
		cr_assert(eq(str, ev.source, f->source), "%s", f->file);
		cr_assert(eq(str, ev.log, f->log), "%s", f->file);
		cr_assert(eq(str, ev.type, f->type), "%s", f->file);
		cr_assert(eq(str, ev.user, f->user), "%s", f->file);
		cr_assert(eq(i64, ev.time_ms, f->time_ms), "%s", f->file);
		cr_assert(eq(int,
			      strncmp(ev.text, f->text_start,
				  strlen(f->text_start)),
			      0),
		    "%s: text \"%s\"", f->file, ev.text);
	}
}

/* rsyslog escapes every control character, not only TAB. */
Test(winevent_agents, snare_rsyslog_escapes_decode_back)
{
	cr_assert(
	    eq(int,
		decode(
		    "<11>Nov 29 21:27:06 EXCH01 MSWinEventLog#0111#011App#011"
		    "7#011Sun Nov 29 21:27:06 "
		    "2026#0112140#011S#011N/A#011N/A#011"
		    "Error#011EXCH01#011None#011#011line one#015#012line "
		    "two#011"
		    "7"),
		0),
	    "%s", err.msg);
	cr_assert(eq(str, ev.text, "line one\r\nline two"));
	/* "#" alone stays a delimiter: "#1#" is no escape. */
	cr_assert(eq(int,
	    decode("MSWinEventLog#1#App#7#Sun Nov 29 21:27:06 2026#2140#S#N/A#"
		   "N/A#Error#H#None##a #012 b#7"),
	    0));
	cr_assert(eq(str, ev.log, "App"));
	cr_assert(eq(str, ev.text, "a")); /* a '#' in it ends the field */
}

Test(winevent_agents, snare_datetime_shapes)
{
	static const struct {
		const char *date;
		int64_t ms;
	} dates[] = {
		{ "Sun Nov 29 21:27:06 2026", T2140_MS },
		{ "Sun Nov 29 21:27:06.123 2026", T2140_MS + 123 },
		{ "Nov 29 21:27:06 2026", T2140_MS },
		{ "Sun Nov 29 21 27 06 2026", T2140_MS },
		/* no year: the header's (Nov 29 2026 here) */
		{ "Sun Nov 29 21:27:06", T2140_MS },
		{ "Sun Nov 29 21:27:06.5", T2140_MS + 500 },
		/* not a date: the header's time */
		{ "Sun Nov 29 21:27", T2140_MS + 2000 },
		{ "Xyz 29 21:27:06 2026", T2140_MS + 2000 },
	};
	char f[512];

	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		snprintf(f, sizeof(f),
		    "<11>Nov 29 21:27:08 EXCH01 MSWinEventLog\t1\tApp\t7\t%s"
		    "\t2140\tS\tN/A\tN/A\tError\tEXCH01\tNone\t\tt\t7",
		    dates[i].date);
		cr_assert(eq(int, decode(f), 0), "%s", dates[i].date);
		cr_assert(eq(i64, ev.time_ms, dates[i].ms), "%s",
		    dates[i].date);
	}
}

/* Fields left out or misplaced: text never becomes the computer name. */
Test(winevent_agents, snare_field_shapes_guard_positions)
{
	/* no SIDType: the type is found one field early */
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApp\t7\tSun Nov 29 21:27:06 2026\t"
		   "2140\tS\tCORP\\u\tError\tEXCH01\tNone\t\tthe text\t7"),
	    0));
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(str, ev.user, "CORP\\u"));
	cr_assert(eq(str, ev.text, "the text"));
	/* no counter: the time is one field early */
	cr_assert(
	    eq(int,
		decode("MSWinEventLog\t1\tApp\tSun Nov 29 21:27:06 2026\t2140\t"
		       "S\tN/A\tN/A\tError\tEXCH01\tNone\t\tthe text\t7"),
		0),
	    "%s", err.msg);
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(eq(i64, ev.time_ms, T2140_MS));
	cr_assert(eq(str, ev.computer, "EXCH01"));
	/* text where the computer should be: the syslog hostname instead */
	cr_assert(eq(int,
	    decode("<11>Nov 29 21:27:06 EXCH02 MSWinEventLog\t1\tApp\t7\t"
		   "Sun Nov 29 21:27:06 2026\t2140\tS\tN/A\tN/A\tOdd\t"
		   "The service could not start\tNone"),
	    0));
	cr_assert(eq(str, ev.computer, "EXCH02"));
	cr_assert(eq(str, ev.type, ""));
	/* where the record fits, a type Snare's list lacks is kept */
	cr_assert(eq(int,
	    decode("MSWinEventLog\t1\tApp\t7\tSun Nov 29 21:27:06 2026\t"
		   "2140\tS\tN/A\tN/A\tFehler\tEXCH01\tNone\t\ttext\t7"),
	    0));
	cr_assert(eq(str, ev.type, "Fehler"));
}

Test(winevent_agents, snare_hostile_variants)
{
	/* truncated in the marker, after it, with the wrong delimiter */
	cr_assert(eq(int, decode("<11>Nov 29 21:27:06 H MSWinEventLo"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
	cr_assert(eq(int, decode("MSWinEventLog#011"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
	cr_assert(eq(int, decode("H|MSWinEventLog#1#App#7#d#2140#S"), -1));
	cr_assert(eq(int, decode("MSWinEventLog\t1\tApp\t7\td\t21x40\tS"), -1));
	cr_assert(eq(str, err.msg, "snare: bad event id"));
}

Test(winevent_agents, nxlog_json_big_numbers_keep_the_record)
{
	cr_assert(eq(int,
		      decode(
			  "{\"EventID\":2140,\"Keywords\":36028797018963968000,"
			  "\"SourceName\":\"S\"}"),
		      0),
	    "%s", err.msg);
	cr_assert(eq(u32, ev.event_id, 2140));
	/* an ID beyond 32 bits is still refused, whatever reads it */
	cr_assert(eq(int,
	    decode("{\"EventID\":36028797018963968000,\"SourceName\":\"S\"}"),
	    -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_JSON));
	cr_assert(eq(int,
	    decode("{\"EventID\":2140.5,\"Keywords\":99999999999999999999}"),
	    -1));
}

Test(winevent_agents, sd_fields_under_any_sd_id)
{
	const char *ids[] = { "eventID", "EventID", "EVENT_ID", "event-id" };
	char f[256];

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(f, sizeof(f),
		    "<11>1 2026-11-29T21:27:06Z EXCH01 app - - [x@32473 "
		    "%s=\"2140\""
		    " source=\"MSExchangeIMC\"] text",
		    ids[i]);
		cr_assert(eq(int, decode(f), 0), "%s: %s", ids[i], err.msg);
		cr_assert(eq(u32, ev.event_id, 2140));
		cr_assert(eq(str, ev.source, "MSExchangeIMC"));
		cr_assert(eq(str, ev.text, "text"));
	}
	/* escapes in values; no event fields: not this decoder's */
	cr_assert(eq(int,
	    decode("<11>1 - h a - - [x EventID=\"100\" Message=\"a \\\"q\\\" "
		   "\\] b\"]"),
	    0));
	cr_assert(eq(str, ev.text, "a \"q\" ] b"));
	cr_assert(
	    eq(int, decode("<11>1 - h a - - [meta sequenceId=\"1\"] x"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
	cr_assert(eq(int, decode("<11>1 - h a - - [x EventID=\"21x\"] x"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_RFC5424_SD));
}

Test(winevent_agents, xml_hostile_variants)
{
	cr_assert(eq(int,
	    decode("<Event><EventID>1</EventID><Message>&lt;&#65;&#x42;&amp;"
		   "</Message><Empty/></Event>"),
	    0));
	cr_assert(eq(str, ev.text, "<AB&"));
	cr_assert(eq(int, decode("<Event><EventID>1</EventID>"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_XML));
	cr_assert(eq(int, decode("<Event><EventID>1</EventId></Event>"), -1));
	cr_assert(eq(int, decode("<Event><A><B>1</B></A></Event>"), -1));
	cr_assert(eq(int, decode("<Event><M>&bogus;</M></Event>"), -1));
	cr_assert(eq(int, decode("<Event><M>&#0;</M></Event>"), -1));
	cr_assert(eq(int, decode("<Event><EventID>x</EventID></Event>"), -1));
	cr_assert(eq(int, decode("<Event><Level>1</Level></Event>"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
}

Test(winevent_agents, kvp_hostile_variants)
{
	/* two pairs at least: "EventID=2140 text" stays NXLog BSD's */
	cr_assert(eq(int, decode("EventID=2140 The text"), 0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_BSD));
	cr_assert(
	    eq(int, decode("EventID=2140;SourceName='S;x';Message=m"), 0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_KVP));
	cr_assert(eq(str, ev.source, "S;x"));
	cr_assert(eq(int, decode("EventID=2140 SourceName='open"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_NXLOG_KVP));
	cr_assert(eq(int, decode("EventID=99999999999 SourceName=S"), -1));
	cr_assert(eq(int, decode("a=1 b=2 c=3"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
}

Test(winevent_agents, cef_hostile_variants)
{
	cr_assert(eq(int, decode("CEF:0|Microsoft|Microsoft Windows|"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_CEF));
	cr_assert(eq(int,
	    decode("CEF:0|Acme|Firewall|1|100|blocked|5| src=192.0.2.1"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
	/* the ID from the signature when externalId is absent; \| escaped */
	cr_assert(
	    eq(int,
		decode(
		    "<13>Nov 29 21:27:06 h CEF:0|Microsoft|Microsoft Windows||"
		    "MSExchangeIMC:2140|a \\| b|High| dhost=EXCH01"),
		0),
	    "%s", err.msg);
	cr_assert(eq(u32, ev.event_id, 2140));
	cr_assert(eq(str, ev.source, "MSExchangeIMC"));
	cr_assert(eq(str, ev.computer, "EXCH01"));
	cr_assert(eq(int,
	    decode("CEF:0|Microsoft|Microsoft Windows||x|n|Low| dhost=h"), -1));
}

Test(winevent_agents, ossec_eventreporter_syslogng_hostile)
{
	cr_assert(
	    eq(int, decode("WinEvtLog: Application: ERROR(21x): S: u"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_OSSEC));
	cr_assert(eq(int,
		      decode(
			  "WinEvtLog: Application: ERROR(2140): MSExchangeIMC: "
			  "(no user): no domain: EXCH01:"),
		      0),
	    "%s", err.msg);
	cr_assert(eq(str, ev.user, ""));
	cr_assert(eq(str, ev.text, ""));
	cr_assert(eq(int,
	    decode("EvntSLog: [AUF] Thu Nov 29 21:27:06 2026: DC01/Security "
		   "(5152) - \"The Windows Filtering Platform blocked\""),
	    0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_EVENTREPORTER));
	cr_assert(eq(str, ev.type, "Failure Audit"));
	cr_assert(eq(u32, ev.event_id, 5152));
	cr_assert(eq(int, decode("[AUF] no date or origin"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_UNKNOWN));
	cr_assert(
	    eq(int, decode("<13>Nov 29 21:27:06 h s[1]: odd (EventID 7)"), 0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SYSLOG_NG));
	cr_assert(eq(str, ev.source, "s"));
	cr_assert(eq(int, decode("x (EventID 99999999999)"), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SYSLOG_NG));
}

/* A listener's `format`: only that decoder, anything else malformed. */
Test(winevent_agents, forced_format_tries_only_that_decoder)
{
	cr_assert(
	    eq(int, decode_as("{\"EventID\":1}", WINEVENT_FORMAT_SNARE), -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_SNARE));
	cr_assert(eq(str, err.msg, "snare: not in this format"));
	cr_assert(eq(int,
	    decode_as("{\"EventID\":1}", WINEVENT_FORMAT_NXLOG_JSON), 0));
	cr_assert(eq(int,
	    decode_as("<38>Nov 29 21:27:06 mail sshd[12]: Accepted",
		WINEVENT_FORMAT_EVTSYS),
	    -1));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_EVTSYS));
	cr_assert(eq(int,
	    decode_as("EventCode=1 Logfile=x", WINEVENT_FORMAT_WMI), 0));
	cr_assert(eq(int, ev.format, WINEVENT_FORMAT_WMI));
}

Test(winevent_agents, format_names_are_the_option_words)
{
	cr_assert(eq(int,
	    strcmp(winevent_format_name(WINEVENT_FORMAT_TEXT), "text"), 0));
	cr_assert(eq(int,
	    strcmp(winevent_format_name(WINEVENT_FORMAT_SYSLOG_NG),
		"syslog-ng-agent"),
	    0));
	cr_assert(eq(int,
	    strcmp(winevent_format_name(WINEVENT_FORMAT_COUNT), "unknown"), 0));
}

/* Bad UTF-8, NULs and oversized fields never overrun the fixed fields. */
Test(winevent_agents, hostile_bytes_in_every_format)
{
	static char big[12000], f[16384];
	const char *fmt[] = {
		"WinEvtLog: App\xff: ERROR(1): %s: u: d: %s: t",
		"<Event><EventID>1</EventID><Hostname>%s</Hostname><Message>%s"
		"</Message></Event>",
		"EventID=1 Computer=%s Message=%s",
		"CEF:0|Microsoft|Windows||S:1|n|1| dhost=%s msg=%s",
		"<11>1 - h a - - [x EventID=\"1\" Hostname=\"%s\"] %s",
		"x\xc3: %s (EventID 1) %s",
	};

	memset(big, 'a', sizeof(big) - 1);
	big[100] = '\xc3'; /* a cut UTF-8 sequence */
	for (size_t i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		size_t n;

		/* cut to f's size: the second field may end short */
		cr_assert(gt(int, snprintf(f, sizeof(f), fmt[i], big, big), 0));
		n = strlen(f);
		cr_assert(
		    ne(int, decode_try(f, n, WINEVENT_FORMAT_UNKNOWN), -2));
		cr_assert(lt(sz, strlen(ev.computer), sizeof(ev.computer)));
		cr_assert(lt(sz, strlen(ev.text), sizeof(ev.text)));
		cr_assert(lt(sz, strlen(ev.source), sizeof(ev.source)));
		f[n / 2] = '\0'; /* a NUL inside, and truncated */
		(void)decode_try(f, n, WINEVENT_FORMAT_UNKNOWN);
		(void)decode_try(f, n / 3, WINEVENT_FORMAT_UNKNOWN);
		cr_assert(lt(sz, strlen(ev.text), sizeof(ev.text)));
	}
}

/*
 * Long runs of separators cost one look, not one a byte: 1 MB of spaces
 * took minutes when each separator looked past the whole run again
 * (2.3 s for 64 KB), a few ms now; the timeout fails the old code.
 */
Test(winevent_agents, kvp_and_cef_stay_linear, .timeout = 10)
{
	static char big[1 << 20], f[65536];
	size_t n;

	n = (size_t)snprintf(big, sizeof(big), "EventID=1 Hostname=h ");
	memset(big + n, ' ', sizeof(big) - n - 8);
	/* no key after the spaces: the value runs on to the end */
	memcpy(big + sizeof(big) - 8, "xy  tail", 8);
	cr_assert(
	    eq(int, decode_as_n(big, sizeof(big), WINEVENT_FORMAT_UNKNOWN), 0));
	cr_assert(ev.is_computer_cut);
	n = (size_t)snprintf(f, sizeof(f),
	    "CEF:0|Microsoft|Windows||S:1|n|1| ");
	for (size_t i = n; i + 2 < sizeof(f); i += 2)
		memcpy(f + i, "a ", 2);
	cr_assert(
	    eq(int, decode_as_n(f, sizeof(f) - 2, WINEVENT_FORMAT_UNKNOWN), 0));
	/* a value ends at a TAB even after spaces */
	cr_assert(
	    eq(int, decode("EventID=1\tHostname=h  \tSourceName=s t"), 0));
	cr_assert(eq(str, ev.computer, "h"));
	cr_assert(eq(str, ev.source, "s t"));
}
