/* SPDX-License-Identifier: ISC */
/*
 * pipeline: the one path from bytes to alerts, driven as --replay will
 * drive it: a recorded sequence of frames and trap datagrams with their
 * clock values (tests/data/pipeline/q246115.rec), no sockets, no timers
 * (the harness expires at each deadline the pipeline tells, as the
 * daemon's timer would).  Every record's outcome, the engine's counters
 * and the alert lines (tests/data/pipeline/q246115.alerts) are checked.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "conf/conf.h"
#include "conf/conf_parse.h"
#include "core/clock.h"
#include "core/counter.h"
#include "decode/snmp_msg.h"
#include "engine/alert.h"
#include "engine/pipeline.h"
#include "output/alert_format.h"

#include "criterion_str.h"

#define REC_LINE_MAX 8192
#define ALERTS_MAX 16

static const char conf_text[] = "rule \"Q246115\" {\n"
				"	open event 2140\n"
				"	close event 100\n"
				"	within 5m by host\n"
				"	holddown 30m\n"
				"	title \"Exchange IMS cannot start\"\n"
				"}\n";

static const uint64_t hash_key[2] = { 1, 2 };

/* What the hooks saw. */
struct seen {
	char lines[ALERTS_MAX][ALERT_FORMAT_MAX];
	size_t nalerts;
	int64_t due_ms; /* the deadline last told */
	size_t ndeadlines;
};

static void
seen_deliver(struct alert *a, const struct clock_stamp *now, void *arg)
{
	struct seen *s = arg;

	cr_assert(lt(sz, s->nalerts, ALERTS_MAX));
	cr_assert(eq(u32, a->refs, 1));
	alert_format_text(a, s->lines[s->nalerts++], ALERT_FORMAT_MAX);
	alert_free(a);
}

static void
seen_deadline(int64_t due_ms, const struct clock_stamp *now, void *arg)
{
	struct seen *s = arg;

	s->due_ms = due_ms;
	s->ndeadlines++;
}

static const struct {
	const char *name;
	enum pipeline_outcome outcome;
} outcomes[] = {
	{ "event", PIPELINE_EVENT },
	{ "empty", PIPELINE_EMPTY },
	{ "malformed", PIPELINE_MALFORMED },
	{ "not_winevent", PIPELINE_NOT_WINEVENT },
	{ "no_event_id", PIPELINE_NO_EVENT_ID },
	{ "no_host", PIPELINE_NO_HOST },
	{ "host_too_long", PIPELINE_HOST_TOO_LONG },
};

static enum pipeline_outcome
outcome_of(const char *name)
{
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		if (strcmp(outcomes[i].name, name) == 0)
			return outcomes[i].outcome;
	cr_assert(false, "unknown outcome %s", name);
	return PIPELINE_OUTCOME_COUNT;
}

static int
hex_digit(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* The record's data, unescaped (C escapes) or from hex: into out. */
static size_t
rec_data(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	if (strncmp(s, "hex:", 4) == 0) {
		for (s += 4; isxdigit((unsigned char)s[0]) && n < max; s += 2)
			out[n++] = (unsigned char)(hex_digit(s[0]) << 4 |
			    hex_digit(s[1]));
		return n;
	}
	for (; *s != '\0' && *s != '\n' && n < max; s++) {
		if (*s != '\\') {
			out[n++] = (unsigned char)*s;
			continue;
		}
		switch (*++s) {
		case 't':
			out[n++] = '\t';
			break;
		case 'n':
			out[n++] = '\n';
			break;
		case 'r':
			out[n++] = '\r';
			break;
		case '0':
			out[n++] = '\0';
			break;
		case 'x':
			out[n++] = (unsigned char)(hex_digit(s[1]) << 4 |
			    hex_digit(s[2]));
			s += 2;
			break;
		default: /* \\ and \" */
			out[n++] = (unsigned char)*s;
			break;
		}
	}
	return n;
}

static enum winevent_via
via_of(const char *name)
{
	static const char *const names[] = { "syslog/udp", "syslog/tcp",
		"trap/v1", "trap/v2c", "inform" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return (enum winevent_via)i;
	cr_assert(false, "unknown path %s", name);
	return WINEVENT_VIA_SYSLOG_UDP;
}

/* A trap datagram, judged as the trap input does, to the pipeline. */
static enum pipeline_outcome
feed_trap(struct pipeline *p, const struct pipeline_src *src,
    const unsigned char *data, size_t len, const struct clock_stamp *now,
    struct pipeline_result *res)
{
	static char *communities[] = { "public" };
	netsnmp_session sess;
	struct snmp_msg m;
	enum pipeline_outcome o;

	snmp_sess_init(&sess);
	cr_assert(eq(int,
	    snmp_msg_decode(data, len, &sess, communities, 1, NULL, 0, &m),
	    SNMP_MSG_NOTIFICATION));
	o = pipeline_trap(p, src, m.pdu, now, res);
	snmp_msg_clear(&m);
	return o;
}

/* As the daemon's timer would: expire at every deadline before now. */
static void
catch_up(struct pipeline *p, struct seen *s, struct clock_stamp *last,
    int64_t mono_ms)
{
	struct clock_stamp at;

	while (pipeline_next_deadline(p) <= mono_ms) {
		int64_t due = pipeline_next_deadline(p);

		cr_assert(eq(i64, s->due_ms, due), "the hook was not told");
		at.mono_ms = at.boot_ms = due;
		at.wall_ms = last->wall_ms + (due - last->mono_ms);
		pipeline_expire(p, &at);
	}
}

/* Replays path through p; returns the number of records. */
static size_t
replay(struct pipeline *p, struct seen *s, const char *path)
{
	static unsigned char data[65536];
	char line[REC_LINE_MAX], via[16], peer[64], expect[16];
	struct clock_stamp now = { 0, 0, 0 }, last = { 0, 0, 0 };
	struct pipeline_result res;
	FILE *fp = fopen(path, "r");
	size_t nrec = 0, len;
	int off;

	cr_assert(ne(ptr, fp, NULL), "%s", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		struct pipeline_src src;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		cr_assert(eq(int,
			      sscanf(line,
				  "%" SCNd64 " %" SCNd64 " %15s %63s %15s %n",
				  &now.mono_ms, &now.wall_ms, via, peer, expect,
				  &off),
			      5),
		    "bad record: %s", line);
		now.boot_ms = now.mono_ms;
		catch_up(p, s, &last, now.mono_ms);
		len = rec_data(line + off, data, sizeof(data));
		src.via = via_of(via);
		src.peer = peer;
		src.tz = NULL;
		src.format = CONF_INPUT_AUTO;
		if (strncmp(via, "trap", 4) == 0 || strcmp(via, "inform") == 0)
			feed_trap(p, &src, data, len, &now, &res);
		else
			pipeline_syslog(p, &src, (const char *)data, len, &now,
			    &res);
		cr_assert(eq(int, (int)res.outcome, (int)outcome_of(expect)),
		    "record %zu (%s): %s", nrec + 1, expect, res.err.msg);
		last = now;
		nrec++;
	}
	fclose(fp);
	/* the daemon's timer goes on: what is held for lateness comes out */
	catch_up(p, s, &last, last.mono_ms + 10 * 1000);
	return nrec;
}

static struct pipeline *
pipeline_for(struct conf **conf, struct seen *s)
{
	struct pipeline_hooks hooks = { seen_deliver, seen_deadline, s };
	struct conf_errors errs;

	memset(s, 0, sizeof(*s));
	s->due_ms = INT64_MAX;
	*conf = conf_parse_string(conf_text, "test", &errs);
	cr_assert(ne(ptr, *conf, NULL));
	return pipeline_new(*conf, hash_key, &hooks);
}

static uint64_t
count(struct pipeline *p, const char *name)
{
	const struct counter_set *c = pipeline_counters(p);

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->defs[i].name, name) == 0)
			return counter_get(c, i);
	cr_assert(false, "no counter %s", name);
	return 0;
}

/* The expected alert lines, one a line. */
static size_t
expected(char lines[ALERTS_MAX][ALERT_FORMAT_MAX], const char *path)
{
	FILE *fp = fopen(path, "r");
	size_t n = 0;

	cr_assert(ne(ptr, fp, NULL), "%s", path);
	while (
	    n < ALERTS_MAX && fgets(lines[n], ALERT_FORMAT_MAX, fp) != NULL) {
		lines[n][strcspn(lines[n], "\n")] = '\0';
		n++;
	}
	fclose(fp);
	return n;
}

Test(pipeline, recorded_sequence_gives_the_expected_alerts)
{
	static char want[ALERTS_MAX][ALERT_FORMAT_MAX];
	struct seen *s = calloc(1, sizeof(*s));
	struct conf *conf;
	struct pipeline *p = pipeline_for(&conf, s);
	size_t nwant;

	cr_assert(
	    eq(sz, replay(p, s, TEST_DATADIR "/pipeline/q246115.rec"), 14));
	nwant = expected(want, TEST_DATADIR "/pipeline/q246115.alerts");
	for (size_t i = 0; i < s->nalerts && s->nalerts != nwant; i++)
		cr_log_warn("got: %s", s->lines[i]);
	cr_assert(eq(sz, s->nalerts, nwant));
	for (size_t i = 0; i < nwant; i++)
		cr_assert(eq(str, s->lines[i], want[i]), "alert %zu", i + 1);
	cr_assert(eq(u64, count(p, "events"), 11));
	cr_assert(eq(u64, count(p, "events_no_event_id"), 1));
	cr_assert(eq(u64, count(p, "windows_opened"), 5));
	cr_assert(eq(u64, count(p, "windows_expired"), 2));
	cr_assert(eq(u64, count(p, "close_without_window"), 2));
	cr_assert(eq(u64, count(p, "alerts_suppressed"), 1));
	cr_assert(eq(u64, count(p, "alerts"), 2));
	/*
	 * the holddown of the last alert is all that is left: on host time,
	 * it is kept lateness (10s) past its end for a late close
	 */
	cr_assert(eq(sz, pipeline_windows(p), 1));
	cr_assert(eq(i64, pipeline_next_deadline(p),
	    INT64_C(2901000) + 30 * 60 * 1000 + 10 * 1000));
	cr_assert(eq(i64, s->due_ms, pipeline_next_deadline(p)));
	pipeline_free(p);
	conf_free(conf);
	free(s);
}

/* The line without its id (the id key is drawn with the hash key). */
static char *
without_id(const char *line, char *out, size_t len)
{
	const char *id = strstr(line, " id="), *end;

	cr_assert(id != NULL, "no id in %s", line);
	end = strchr(id + 1, ' ');
	cr_assert(end != NULL);
	(void)snprintf(out, len, "%.*s%s", (int)(id - line), line, end);
	return out;
}

Test(pipeline, same_sequence_same_alerts_whatever_the_hash_key)
{
	static char la[ALERT_FORMAT_MAX], lb[ALERT_FORMAT_MAX];

	struct seen *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct pipeline_hooks hooks = { seen_deliver, seen_deadline, b };
	static const uint64_t other[2] = { 0xdeadbeef, 42 };
	struct conf *ca, *cb;
	struct pipeline *pa = pipeline_for(&ca, a), *pb;
	struct conf_errors errs;

	memset(b, 0, sizeof(*b));
	b->due_ms = INT64_MAX;
	cb = conf_parse_string(conf_text, "test", &errs);
	pb = pipeline_new(cb, other, &hooks);
	replay(pa, a, TEST_DATADIR "/pipeline/q246115.rec");
	replay(pb, b, TEST_DATADIR "/pipeline/q246115.rec");
	cr_assert(eq(sz, a->nalerts, b->nalerts));
	for (size_t i = 0; i < a->nalerts; i++) {
		cr_assert(ne(str, a->lines[i], b->lines[i]), "same id");
		cr_assert(eq(str, without_id(a->lines[i], la, sizeof(la)),
		    without_id(b->lines[i], lb, sizeof(lb))));
	}
	pipeline_free(pa);
	pipeline_free(pb);
	conf_free(ca);
	conf_free(cb);
	free(a);
	free(b);
}

Test(pipeline, reconf_keeps_the_window_and_tells_the_deadline)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct conf *conf, *next;
	struct pipeline *p = pipeline_for(&conf, s);
	struct clock_stamp now = { 1000, 1795987626000, 1000 };
	struct pipeline_src src = { .via = WINEVENT_VIA_SYSLOG_UDP,
		.peer = "192.0.2.5" };
	struct pipeline_result res;
	struct conf_errors errs;
	const char *open = "<11>Nov 29 21:27:06 EXCH01 MSExchangeIMC: 2140: x";
	const char *close = "<11>Nov 29 21:27:07 EXCH01 MSExchangeIMC: 100: y";

	pipeline_syslog(p, &src, open, strlen(open), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_EVENT));
	cr_assert(eq(str, res.key, "exch01"));
	cr_assert(eq(sz, s->ndeadlines, 1));
	/* it carries a host time: held for lateness (10s) first */
	cr_assert(eq(i64, s->due_ms, 1000 + 10 * 1000));
	next = conf_parse_string(conf_text, "test", &errs);
	pipeline_reconf(p, next, &now);
	conf_free(conf);
	cr_assert(eq(sz, s->ndeadlines, 2));
	now.mono_ms += 1000;
	now.wall_ms += 1000;
	pipeline_syslog(p, &src, close, strlen(close), &now, &res);
	cr_assert(eq(sz, s->nalerts, 0));
	catch_up(p, s, &now, 2000 + 10 * 1000);
	cr_assert(eq(sz, s->nalerts, 1));
	cr_assert(ne(ptr, strstr(s->lines[0], "host=exch01"), NULL));
	pipeline_free(p);
	conf_free(next);
	free(s);
}

/* Two names alike in their first 1023 bytes are never one host. */
Test(pipeline, a_name_too_long_to_keep_whole_is_refused)
{
	static char line[4096];
	struct seen *s = calloc(1, sizeof(*s));
	struct conf *conf;
	struct pipeline *p = pipeline_for(&conf, s);
	struct clock_stamp now = { 1000, 1795987626000, 1000 };
	struct pipeline_src src = { .via = WINEVENT_VIA_SYSLOG_UDP,
		.peer = "127.0.0.1" };
	struct pipeline_result res;
	char name[WINEVENT_COMPUTER_MAX + 8];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(line, sizeof(line),
	    "<13>1 2026-11-29T21:27:06Z relay nxlog - - - "
	    "{\"EventID\":2140,\"Hostname\":\"%s\","
	    "\"SourceName\":\"MSExchangeIMC\"}",
	    name);
	pipeline_syslog(p, &src, line, strlen(line), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_HOST_TOO_LONG), "%s",
	    res.err.msg);
	cr_assert(eq(u64, count(p, "events_host_too_long"), 1));
	cr_assert(eq(u64, count(p, "events_no_host"), 0));
	cr_assert(eq(sz, pipeline_windows(p), 0));
	/* one byte shorter fits whole, and is keyed on itself */
	name[sizeof(name) - 9] = '\0';
	snprintf(line, sizeof(line),
	    "<13>1 2026-11-29T21:27:06Z relay nxlog - - - "
	    "{\"EventID\":2140,\"Hostname\":\"%s\","
	    "\"SourceName\":\"MSExchangeIMC\"}",
	    name);
	pipeline_syslog(p, &src, line, strlen(line), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_EVENT));
	cr_assert(ne(ptr, strchr(res.key, '~'), NULL));
	cr_assert(eq(sz, pipeline_windows(p), 1));
	pipeline_free(p);
	conf_free(conf);
	free(s);
}

Test(pipeline, an_event_without_a_host_is_told_not_correlated)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct conf *conf;
	struct pipeline *p = pipeline_for(&conf, s);
	struct clock_stamp now = { 1000, 1795987626000, 1000 };
	struct pipeline_src src = { .via = WINEVENT_VIA_SYSLOG_UDP,
		.peer = "" };
	struct pipeline_result res;
	const char *line = "MSExchangeIMC: 2140: no header, no host";

	pipeline_syslog(p, &src, line, strlen(line), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_NO_HOST));
	cr_assert(eq(u32, res.ev->event_id, 2140));
	cr_assert(eq(u64, count(p, "events_no_host"), 1));
	cr_assert(eq(sz, pipeline_windows(p), 0));
	pipeline_free(p);
	conf_free(conf);
	free(s);
}

/*
 * The decode says when its result depends on the time it is given (what
 * --replay's threads redo at the correlator's clock), and only then.
 */
Test(pipeline, decode_says_when_it_depends_on_the_time_given)
{
	static const struct {
		const char *line;
		bool is_dependent;
		enum pipeline_outcome outcome;
	} cases[] = {
		/* evtsys: the event's time is the 3164 header's, year guessed
		 */
		{ "<11>Dec 31 23:59:50 EXCH01 MSExchangeIMC: 2140: x", true,
		    PIPELINE_EVENT },
		/* Snare's own DateTime has its year: the header's is unused */
		{ "<11>Dec 31 23:59:50 EXCH01 MSWinEventLog\t1\tApplication\t42"
		  "\tFri Dec 31 23:59:50 2027\t2140\tMSExchangeIMC\tN/A\tN/A"
		  "\tError\tEXCH01\tNone\t\tx\t7",
		    false, PIPELINE_EVENT },
		/* a yearless DateTime takes the guessed year of the header */
		{ "<11>Dec 31 23:59:50 EXCH01 MSWinEventLog\t1\tApplication\t42"
		  "\tFri Dec 31 23:59:50\t2140\tMSExchangeIMC\tN/A\tN/A"
		  "\tError\tEXCH01\tNone\t\tx\t7",
		    true, PIPELINE_EVENT },
		/* ... and the known one of an RFC 5424 header */
		{ "<11>1 2027-12-31T23:59:50Z EXCH01 MSWinEventLog - - - "
		  "MSWinEventLog\t1\tApplication\t42"
		  "\tFri Dec 31 23:59:50\t2140\tMSExchangeIMC\tN/A\tN/A"
		  "\tError\tEXCH01\tNone\t\tx\t7",
		    false, PIPELINE_EVENT },
		/* RFC 5424 stamps have their year */
		{ "<11>1 2027-12-31T23:59:50Z EXCH01 MSExchangeIMC - - - "
		  "2140: x",
		    false, PIPELINE_EVENT },
		/*
		 * Feb 29 in none of the years tried around 2027: read as no
		 * stamp, so no event either; in 2028 it would be one
		 */
		{ "<11>Feb 29 12:00:00 EXCH01 MSExchangeIMC: 2140: x", true,
		    PIPELINE_NOT_WINEVENT },
		/* no event: its year changes nothing */
		{ "<11>Dec 31 23:59:50 EXCH01 sshd[1]: hello", false,
		    PIPELINE_NOT_WINEVENT },
		/*
		 * Snare without its counter, a yearless Feb 29: no date in
		 * 2027, so the layout is wrong and the record malformed; in
		 * 2028 it is an event.  Refused, it still depends on the year
		 */
		{ "<13>Feb 28 23:30:00 host MSWinEventLog\t1\tSecurity"
		  "\tFeb 29 10:00:00\t4624\tSecurity-Auditing\tSYSTEM"
		  "\tUser\tSuccess Audit\tHOST1\tLogon\t\tx",
		    true, PIPELINE_MALFORMED },
	};
	struct pipeline_src src = { .via = WINEVENT_VIA_SYSLOG_UDP,
		.peer = "127.0.0.1" };
	struct conf *conf = conf_new();
	struct winevent *ev = malloc(sizeof(*ev));
	struct pipeline_result res;
	const char *last;
	bool dep;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum pipeline_outcome o;

		/* 2027-06-01: Feb 29 exists in none of 2026..2028's windows */
		o = pipeline_decode_syslog(conf, &src, cases[i].line,
		    strlen(cases[i].line), INT64_C(1811808000000), ev, &res,
		    &dep);
		cr_assert(eq(int, o, cases[i].outcome), "case %zu: %s", i,
		    res.err.msg);
		cr_assert(eq(int, dep, cases[i].is_dependent), "case %zu", i);
	}
	/* the year of an evtsys event follows the time given */
	pipeline_decode_syslog(conf, &src, cases[0].line, strlen(cases[0].line),
	    INT64_C(1830211200000) /* 2027-12-31 */, ev, &res, &dep);
	cr_assert(eq(i64, ev->time_ms, INT64_C(1830297590000)));
	pipeline_decode_syslog(conf, &src, cases[0].line, strlen(cases[0].line),
	    INT64_C(1811808000000) /* 2027-06-01 */, ev, &res, &dep);
	cr_assert(eq(i64, ev->time_ms, INT64_C(1798761590000)));
	/* ... and in a leap year the counterless Snare record is an event */
	last = cases[sizeof(cases) / sizeof(cases[0]) - 1].line;
	cr_assert(eq(int,
	    pipeline_decode_syslog(conf, &src, last, strlen(last),
		INT64_C(1835481600000) /* 2028-03-01 */, ev, &res, &dep),
	    PIPELINE_EVENT));
	cr_assert(dep);
	cr_assert(eq(u32, ev->event_id, 4624));
	free(ev);
	conf_free(conf);
}

/* A broken message counts for its format; a listener may fix the format. */
Test(pipeline, malformed_per_format_and_a_fixed_format)
{
	struct seen *s = calloc(1, sizeof(*s));
	struct conf *conf;
	struct pipeline *p = pipeline_for(&conf, s);
	struct counter_registry *reg = counter_registry_new();
	struct clock_stamp now = { 1000, 1795987626000, 1000 };
	struct pipeline_src src = { .via = WINEVENT_VIA_SYSLOG_UDP,
		.peer = "192.0.2.5" };
	struct pipeline_result res;
	const char *snare = "MSWinEventLog\t1\tApp\t7\td\t21x\tS";
	const char *json = "{\"EventID\":2140,\"SourceName\":\"S\","
			   "\"Hostname\":\"h\"}";
	const char *bsd = "<11>Nov 29 21:27:06 EXCH01 MSExchangeIMC: 2140: x";

	pipeline_register(p, reg);
	cr_assert(
	    eq(int, pipeline_syslog(p, &src, snare, strlen(snare), &now, &res),
		PIPELINE_MALFORMED));
	cr_assert(eq(int, strcmp(res.what, "snare"), 0));
	cr_assert(eq(u64, counter_registry_total(reg, "malformed_snare"), 1));
	pipeline_syslog(p, &src, "<13>1 bad", 9, &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_MALFORMED));
	cr_assert(
	    eq(u64, counter_registry_total(reg, "malformed_syslog_header"), 1));
	pipeline_syslog(p, &src, "plain text", 10, &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_NOT_WINEVENT));
	/* format snare: JSON is a broken Snare record */
	src.format = CONF_INPUT_SNARE;
	pipeline_syslog(p, &src, json, strlen(json), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_MALFORMED));
	cr_assert(eq(u64, counter_registry_total(reg, "malformed_snare"), 2));
	src.format = CONF_INPUT_NXLOG_JSON;
	pipeline_syslog(p, &src, json, strlen(json), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_EVENT));
	/* JSON that is no event: on a nxlog-json listener, that format broken
	 */
	pipeline_syslog(p, &src, "{\"foo\":1}", 9, &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_MALFORMED));
	cr_assert(
	    eq(u64, counter_registry_total(reg, "malformed_nxlog_json"), 1));
	/* format rfc5424: a 3164 header is broken */
	src.format = CONF_INPUT_RFC5424;
	pipeline_syslog(p, &src, bsd, strlen(bsd), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_MALFORMED));
	cr_assert(
	    eq(u64, counter_registry_total(reg, "malformed_syslog_header"), 2));
	src.format = CONF_INPUT_RFC3164;
	pipeline_syslog(p, &src, bsd, strlen(bsd), &now, &res);
	cr_assert(eq(int, res.outcome, PIPELINE_EVENT));
	cr_assert(
	    eq(u64, counter_registry_total(reg, "malformed_nxlog_json"), 1));
	pipeline_free(p);
	counter_registry_free(reg);
	conf_free(conf);
	free(s);
}
