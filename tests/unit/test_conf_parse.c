/* SPDX-License-Identifier: ISC */
/*
 * conf_parse: every keyword, every default, every error class with its
 * line, includes, the shipped conf/evcorrd.conf; and conf.c's lookups.
 */
#include "config.h"

#include <syslog.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "conf/conf.h"
#include "conf/conf_parse.h"
#include "engine/rule.h"

#define DATA TEST_DATADIR "/conf/"

/* Criterion's eq(str, ...) and eq(ptr, ...) take non-const operands. */
#define S(lit) ((char[]){ lit })
#define P(ptr) ((void *)(uintptr_t)(ptr))

#define RULE_OK "rule \"r\" {\n\topen event 1\n\tclose event 2\n"

/* Parses text that must be valid. */
static struct conf *
parse_ok(const char *text)
{
	struct conf_errors errs;
	struct conf *conf;
	char msg[600];

	conf = conf_parse_string(text, "test.conf", &errs);
	conf_errors_format(&errs, 0, msg, sizeof(msg));
	cr_assert(ne(ptr, conf, NULL), "rejected: %s", msg);
	cr_assert(eq(sz, errs.count, 0));
	return conf;
}

static bool
has_error(const struct conf_errors *errs, const char *file, int line,
    const char *needle)
{
	size_t i;

	for (i = 0; i < errs->count && i < CONF_ERRORS_MAX; i++)
		if (errs->list[i].err.line == line &&
		    strstr(errs->list[i].err.msg, needle) != NULL &&
		    (file == NULL || strcmp(errs->list[i].file, file) == 0))
			return true;
	return false;
}

static void
dump_errors(const struct conf_errors *errs)
{
	char msg[600];
	size_t i;

	for (i = 0; i < errs->count && i < CONF_ERRORS_MAX; i++) {
		conf_errors_format(errs, i, msg, sizeof(msg));
		cr_log_info("%s", msg);
	}
}

/* Text must be rejected with an error on line containing needle. */
static void
assert_error(const char *text, int line, const char *needle)
{
	struct conf_errors errs;
	struct conf *conf;

	conf = conf_parse_string(text, "test.conf", &errs);
	cr_assert(eq(ptr, conf, NULL), "accepted: %s", text);
	cr_assert(gt(sz, errs.count, 0));
	if (!has_error(&errs, "test.conf", line, needle))
		dump_errors(&errs);
	cr_assert(has_error(&errs, "test.conf", line, needle),
	    "no error \"%s\" on line %d for: %s", needle, line, text);
}

/* ------------------------------------------------------------ defaults */

Test(conf_parse, conf_new_holds_every_default)
{
	struct conf *conf = conf_new();

	cr_assert(eq(int, conf->strip_domain, 1));
	cr_assert(eq(sz, conf->max_message_len, 8192));
	cr_assert(eq(sz, conf->max_windows, 100000));
	cr_assert(eq(sz, conf->max_connections, 256));
	cr_assert(eq(i64, conf->tcp_idle_timeout_ms, 600000));
	cr_assert(eq(str, conf->state_dir, S(LOCALSTATEDIR "/lib/evcorrd")));
	cr_assert(eq(sz,
	    conf->nlistens + conf->ntargets + conf->nalert_logs + conf->nhosts +
		conf->nrules,
	    0));
	conf_free(conf);
	conf_free(NULL);
}

Test(conf_parse, empty_config_is_valid_and_keeps_defaults)
{
	struct conf *conf = parse_ok("# nothing but a comment\n\n   \n");

	cr_assert(eq(sz, conf->nrules, 0));
	cr_assert(eq(sz, conf->max_windows, CONF_DEFAULT_MAX_WINDOWS));
	cr_assert(eq(str, conf->state_dir, S(LOCALSTATEDIR "/lib/evcorrd")));
	conf_free(conf);
	conf = parse_ok("");
	cr_assert(eq(sz, conf->nlistens, 0));
	conf_free(conf);
}

Test(conf_parse, rule_defaults)
{
	struct conf *conf = parse_ok(RULE_OK "}\n");
	const struct conf_rule *r = &conf->rules[0];

	cr_assert(eq(sz, conf->nrules, 1));
	cr_assert(eq(i64, r->window_ms, 5 * 60 * 1000));
	cr_assert(eq(i64, r->holddown_ms, 30 * 60 * 1000));
	cr_assert(eq(int, r->severity, SEVERITY_MAJOR));
	cr_assert(eq(str, r->title, S("r")));
	cr_assert(eq(str, r->cause, S("")));
	cr_assert(eq(str, r->fix, S("")));
	cr_assert(eq(str, r->reference, S("")));
	cr_assert(eq(ptr, r->open.source, NULL));
	cr_assert(eq(ptr, r->open.log, NULL));
	cr_assert(eq(ptr, r->close.source, NULL));
	cr_assert(eq(sz, r->ntargets, 0));
	cr_assert(eq(int, r->line, 1));
	conf_free(conf);
}

/* ------------------------------------------------------------ files */

Test(conf_parse, shipped_config_parses)
{
	struct conf_errors errs;
	struct conf *conf;
	const struct conf_rule *r;

	conf = conf_parse_file(TEST_DATADIR "/../../conf/evcorrd.conf", &errs);
	if (conf == NULL)
		dump_errors(&errs);
	cr_assert(ne(ptr, conf, NULL));
	cr_assert(eq(sz, conf->nlistens, 3));
	cr_assert(eq(int, conf->listens[0].kind, CONF_LISTEN_SYSLOG_UDP));
	cr_assert(eq(int, conf->listens[1].kind, CONF_LISTEN_SYSLOG_TCP));
	cr_assert(eq(int, conf->listens[2].kind, CONF_LISTEN_TRAP));
	cr_assert(eq(u16, conf->listens[0].port, 5514));
	cr_assert(eq(u16, conf->listens[2].port, 1162));
	cr_assert(eq(str, conf->listens[2].communities[0], S("public")));
	cr_assert(eq(sz, conf->ntargets, 1));
	cr_assert(eq(str, conf->targets[0].name, S("local")));
	cr_assert(eq(u16, conf->targets[0].port, 1163));
	cr_assert(eq(sz, conf->nalert_logs, 1));
	cr_assert(eq(int, conf->alert_logs[0].sink, CONF_SINK_STDOUT));
	cr_assert(eq(sz, conf->nrules, 1));
	r = conf_find_rule(conf, "Q246115");
	cr_assert(ne(ptr, P(r), NULL));
	cr_assert(eq(u32, r->open.event_id, 2140));
	cr_assert(eq(u32, r->close.event_id, 100));
	cr_assert(eq(ptr, r->open.source, NULL));
	cr_assert(eq(i64, r->window_ms, 300000));
	cr_assert(eq(i64, r->holddown_ms, 1800000));
	cr_assert(eq(int, r->severity, SEVERITY_MAJOR));
	cr_assert(eq(str, r->reference, S("Microsoft KB Q246115")));
	cr_assert(ne(ptr, strstr(r->fix, "Internet Mail"), NULL));
	/* Commented-out settings hold their defaults. */
	cr_assert(eq(int, conf->strip_domain, 1));
	cr_assert(eq(sz, conf->max_message_len, 8192));
	conf_free(conf);
}

Test(conf_parse, every_keyword)
{
	struct conf_errors errs;
	struct conf *conf = conf_parse_file(DATA "full.conf", &errs);
	const struct conf_target *t;
	const struct conf_rule *r;

	if (conf == NULL)
		dump_errors(&errs);
	cr_assert(ne(ptr, conf, NULL));
	cr_assert(eq(int, conf->strip_domain, 0));
	cr_assert(eq(sz, conf->max_message_len, 16384));
	cr_assert(eq(sz, conf->max_windows, 5000));
	cr_assert(eq(sz, conf->max_connections, 100));
	cr_assert(eq(i64, conf->tcp_idle_timeout_ms, 90000));
	cr_assert(eq(str, conf->state_dir, S("/var/tmp/evcorrd-state")));

	cr_assert(eq(sz, conf->nlistens, 3));
	cr_assert(eq(str, conf->listens[0].addr, S("127.0.0.1")));
	cr_assert(eq(str, conf->listens[1].addr, S("::1")));
	cr_assert(eq(u16, conf->listens[1].port, 5515));
	cr_assert(eq(int, conf->listens[1].line, 10));
	cr_assert(eq(sz, conf->listens[2].ncommunities, 2));
	cr_assert(eq(str, conf->listens[2].communities[1], S("exchange")));
	cr_assert(eq(sz, conf->listens[0].ncommunities, 0));

	cr_assert(eq(sz, conf->ntargets, 2));
	t = conf_find_target(conf, "siem");
	cr_assert(ne(ptr, P(t), NULL));
	cr_assert(eq(int, t->is_inform, 1));
	cr_assert(eq(u16, t->port, 10162));
	cr_assert(eq(int, conf->targets[0].is_inform, 0));
	cr_assert(eq(str, conf->targets[0].community, S("noc")));
	cr_assert(eq(str, conf->targets[0].addr, S("192.0.2.10")));

	cr_assert(eq(sz, conf->nalert_logs, 3));
	cr_assert(eq(int, conf->alert_logs[0].format, CONF_FORMAT_TEXT));
	cr_assert(eq(ptr, conf->alert_logs[0].path, NULL));
	cr_assert(eq(int, conf->alert_logs[1].sink, CONF_SINK_FILE));
	cr_assert(eq(int, conf->alert_logs[1].format, CONF_FORMAT_JSON));
	cr_assert(eq(str, conf->alert_logs[1].path,
	    S("/var/log/evcorrd/alerts.json")));
	cr_assert(eq(int, conf->alert_logs[2].sink, CONF_SINK_SYSLOG));
	cr_assert(eq(int, conf->alert_logs[2].facility, LOG_LOCAL0));

	cr_assert(eq(sz, conf->nhosts, 2));
	cr_assert(eq(str, conf->hosts[0].name, S("EXCH01")));
	cr_assert(eq(sz, conf->hosts[0].naddrs, 2));
	cr_assert(eq(u8, conf->hosts[0].addrs[0].bytes[15], 5));
	cr_assert(eq(u8, conf->hosts[0].addrs[1].bytes[0], 0x20));

	cr_assert(eq(sz, conf->nrules, 2));
	r = &conf->rules[0];
	cr_assert(eq(str, r->open.source, S("MSExchangeIMC")));
	cr_assert(eq(str, r->open.log, S("Application")));
	cr_assert(eq(str, r->close.source, S("MSExchangeIMC")));
	cr_assert(eq(i64, r->window_ms, 120000));
	cr_assert(eq(i64, r->holddown_ms, 0));
	cr_assert(eq(int, r->severity, SEVERITY_CRITICAL));
	cr_assert(eq(str, r->title, S("IMC cannot start")));
	cr_assert(eq(str, r->cause, S("bad \"admin\" mailbox")));
	cr_assert(
	    eq(str, r->fix, S("line one\nline two\ttabbed \\ backslash")));
	cr_assert(eq(sz, r->ntargets, 2));
	cr_assert(eq(str, r->targets[1], S("siem")));
	cr_assert(eq(str, conf->rules[1].title, S("minimal")));
	conf_free(conf);
}

Test(conf_parse, crlf_line_endings)
{
	struct conf *conf = conf_parse_file(DATA "crlf.conf", NULL);

	cr_assert(ne(ptr, conf, NULL));
	cr_assert(eq(sz, conf->max_windows, 5));
	cr_assert(eq(sz, conf->nrules, 1));
	conf_free(conf);
}

Test(conf_parse, missing_file_is_an_error)
{
	struct conf_errors errs;
	char msg[600];

	cr_assert(eq(ptr, conf_parse_file(DATA "absent.conf", &errs), NULL));
	cr_assert(eq(sz, errs.count, 1));
	conf_errors_format(&errs, 0, msg, sizeof(msg));
	cr_assert(
	    eq(str, msg, S(DATA "absent.conf: No such file or directory")));
	cr_assert(eq(ptr, conf_parse_file(DATA "inc", &errs), NULL));
	cr_assert(has_error(&errs, NULL, 0, "not a regular file"));
}

Test(conf_parse, nul_byte_in_file)
{
	struct conf_errors errs;

	cr_assert(eq(ptr, conf_parse_file(DATA "nul.conf", &errs), NULL));
	cr_assert(has_error(&errs, DATA "nul.conf", 4, "NUL byte"));
}

/* ------------------------------------------------------------ include */

Test(conf_parse, include_is_relative_to_including_file)
{
	struct conf_errors errs;
	struct conf *conf = conf_parse_file(DATA "include_main.conf", &errs);

	if (conf == NULL)
		dump_errors(&errs);
	cr_assert(ne(ptr, conf, NULL));
	cr_assert(ne(ptr, P(conf_find_target(conf, "included")), NULL));
	cr_assert(
	    ne(ptr, P(conf_find_rule(conf, "from-nested-include")), NULL));
	cr_assert(eq(sz, conf->nrules, 2));
	/* The including file goes on after the include. */
	cr_assert(eq(str, conf->rules[1].name, S("uses-included-target")));
	conf_free(conf);
}

Test(conf_parse, include_from_string_uses_name_for_directory)
{
	struct conf *conf = conf_parse_string("include \"inc/rules.conf\"\n",
	    DATA "virtual.conf", NULL);

	cr_assert(ne(ptr, conf, NULL));
	cr_assert(eq(sz, conf->nrules, 1));
	conf_free(conf);
}

Test(conf_parse, include_absolute_path)
{
	struct conf *conf =
	    conf_parse_string("include \"" DATA "inc/rules.conf\"\n",
		"x/y.conf", NULL);

	cr_assert(ne(ptr, conf, NULL));
	cr_assert(eq(str, conf->rules[0].name, S("from-nested-include")));
	conf_free(conf);
}

Test(conf_parse, include_device_rejected)
{
	assert_error("\ninclude \"/dev/null\"\n", 2,
	    "include \"/dev/null\": not a regular file");
}

Test(conf_parse, include_errors_name_included_file)
{
	struct conf_errors errs;

	cr_assert(
	    eq(ptr, conf_parse_file(DATA "include_bad.conf", &errs), NULL));
	cr_assert(eq(sz, errs.count, 2));
	cr_assert(has_error(&errs, DATA "inc/bad.conf", 2, "port"));
	cr_assert(has_error(&errs, DATA "include_bad.conf", 3, "max-windows"));
}

Test(conf_parse, include_missing_file)
{
	struct conf_errors errs;

	cr_assert(
	    eq(ptr, conf_parse_file(DATA "include_missing.conf", &errs), NULL));
	cr_assert(eq(sz, errs.count, 1));
	cr_assert(
	    has_error(&errs, DATA "include_missing.conf", 2, "No such file"));
}

Test(conf_parse, include_directory_rejected)
{
	struct conf_errors errs;

	cr_assert(
	    eq(ptr, conf_parse_file(DATA "include_dir.conf", &errs), NULL));
	cr_assert(has_error(&errs, NULL, 1, "not a regular file"));
}

Test(conf_parse, include_loop_detected)
{
	struct conf_errors errs;

	cr_assert(eq(ptr, conf_parse_file(DATA "loop_a.conf", &errs), NULL));
	cr_assert(eq(sz, errs.count, 1));
	cr_assert(has_error(&errs, DATA "loop_b.conf", 2, "include loop"));
}

Test(conf_parse, include_depth_limited)
{
	struct conf_errors errs;
	struct conf *conf;

	/* d2 includes d3 .. d10: eight levels are allowed. */
	conf = conf_parse_file(DATA "depth/d2.conf", &errs);
	cr_assert(ne(ptr, conf, NULL));
	cr_assert(eq(sz, conf->max_windows, 7));
	conf_free(conf);
	/* d0 needs ten. */
	cr_assert(eq(ptr, conf_parse_file(DATA "depth/d0.conf", &errs), NULL));
	cr_assert(eq(sz, errs.count, 1));
	cr_assert(has_error(&errs, DATA "depth/d8.conf", 1, "nested"));
}

Test(conf_parse, rule_cannot_span_files)
{
	struct conf_errors errs;

	cr_assert(eq(ptr,
	    conf_parse_file(DATA "include_unterminated_rule.conf", &errs),
	    NULL));
	cr_assert(eq(sz, errs.count, 1));
	cr_assert(
	    has_error(&errs, DATA "inc/open_rule.conf", 2, "no closing '}'"));
}

Test(conf_parse, include_needs_a_string)
{
	assert_error("include other.conf\n", 1, "expected include path");
	assert_error("include \"\"\n", 1, "include path is empty");
	assert_error("include \"a\" \"b\"\n", 1, "expected end of line");
}

/* ------------------------------------------------------------ globals */

Test(conf_parse, hostname_strip_domain)
{
	struct conf *conf = parse_ok("hostname strip-domain no\n");

	cr_assert(eq(int, conf->strip_domain, 0));
	conf_free(conf);
	conf = parse_ok("hostname strip-domain yes");
	cr_assert(eq(int, conf->strip_domain, 1));
	conf_free(conf);
	assert_error("hostname strip-domain maybe\n", 1, "'yes' or 'no'");
	assert_error("hostname keep\n", 1, "expected 'strip-domain'");
}

Test(conf_parse, max_message_size_units_and_range)
{
	struct conf *conf = parse_ok("max-message-size 256B\n");

	cr_assert(eq(sz, conf->max_message_len, 256));
	conf_free(conf);
	conf = parse_ok("max-message-size 1M\n");
	cr_assert(eq(sz, conf->max_message_len, 1048576));
	conf_free(conf);
	conf = parse_ok("max-message-size 2K\n");
	cr_assert(eq(sz, conf->max_message_len, 2048));
	conf_free(conf);
	assert_error("max-message-size 255B\n", 1, "out of range");
	conf = parse_ok("max-message-size 8k\n");
	cr_assert(eq(sz, conf->max_message_len, 8192));
	conf_free(conf);
	assert_error("max-message-size 2M\n", 1, "out of range");
	assert_error("max-message-size 1025K\n", 1, "out of range");
	assert_error("max-message-size 8192\n", 1, "needs a unit");
	assert_error("max-message-size 8q\n", 1, "unknown unit");
	assert_error("max-message-size K\n", 1, "not a number");
	assert_error("max-message-size 99999999999999999999999K\n", 1,
	    "out of range (256B..1M)");
}

Test(conf_parse, max_windows_range)
{
	struct conf *conf = parse_ok("max-windows 10000000\n");

	cr_assert(eq(sz, conf->max_windows, 10000000));
	conf_free(conf);
	conf = parse_ok("max-windows 1\n");
	cr_assert(eq(sz, conf->max_windows, 1));
	conf_free(conf);
	assert_error("max-windows 0\n", 1, "'0' is out of range (1..10000000)");
	assert_error("max-windows 10000001\n", 1, "out of range");
}

Test(conf_parse, numbers_reject_junk_sign_and_overflow)
{
	assert_error("max-windows 10x\n", 1, "'10x' is not a number");
	assert_error("max-windows -1\n", 1, "'-1' is not a number");
	assert_error("max-windows +5\n", 1, "'+5' is not a number");
	assert_error("max-windows 0x10\n", 1, "not a number");
	assert_error("max-windows 99999999999999999999\n", 1, "out of range");
	assert_error("max-windows \"5\"\n", 1, "expected max-windows");
	assert_error("max-windows\n", 1, "got end of line");
}

Test(conf_parse, max_connections_range)
{
	struct conf *conf = parse_ok("max-connections 65535\n");

	cr_assert(eq(sz, conf->max_connections, 65535));
	conf_free(conf);
	assert_error("max-connections 0\n", 1, "1..65535");
	assert_error("max-connections 65536\n", 1, "1..65535");
}

/* The shares: 0 (unset) means the default, derived when read. */
Test(conf_parse, shares_and_eviction)
{
	struct conf *conf = parse_ok("max-connections 64\n"
				     "max-windows 1000\n");

	cr_assert(eq(sz, conf_max_connections_per_address(conf), 8));
	cr_assert(eq(sz, conf_max_windows_per_peer(conf), 500));
	cr_assert(eq(i64, conf->tcp_evict_after_ms, 5000));
	conf_free(conf);
	conf = parse_ok("max-connections 4\nmax-windows 1\n");
	cr_assert(eq(sz, conf_max_connections_per_address(conf), 1));
	cr_assert(eq(sz, conf_max_windows_per_peer(conf), 1));
	conf_free(conf);
	conf = parse_ok("max-connections-per-address 3\n"
			"max-windows-per-peer 7\n"
			"tcp-evict-after 250ms\n");
	cr_assert(eq(sz, conf_max_connections_per_address(conf), 3));
	cr_assert(eq(sz, conf_max_windows_per_peer(conf), 7));
	cr_assert(eq(i64, conf->tcp_evict_after_ms, 250));
	conf_free(conf);
	assert_error("max-connections-per-address 0\n", 1, "1..65535");
	assert_error("max-connections-per-address 65536\n", 1, "1..65535");
	assert_error("max-windows-per-peer 0\n", 1, "out of range");
	assert_error("tcp-evict-after 99ms\n", 1, "out of range");
	assert_error("tcp-evict-after 8d\n", 1, "out of range");
	assert_error("tcp-evict-after 5\n", 1, "needs a unit");
}

Test(conf_parse, tcp_idle_timeout_duration)
{
	struct conf *conf = parse_ok("tcp-idle-timeout 1h\n");

	cr_assert(eq(i64, conf->tcp_idle_timeout_ms, 3600000));
	conf_free(conf);
	conf = parse_ok("tcp-idle-timeout 1500ms\n");
	cr_assert(eq(i64, conf->tcp_idle_timeout_ms, 1500));
	conf_free(conf);
	assert_error("tcp-idle-timeout 999ms\n", 1, "out of range");
	assert_error("tcp-idle-timeout 8d\n", 1, "out of range");
	assert_error("tcp-idle-timeout 600\n", 1, "needs a unit");
}

Test(conf_parse, state_directory)
{
	struct conf *conf = parse_ok("state-directory none\n");

	cr_assert(eq(ptr, conf->state_dir, NULL));
	conf_free(conf);
	conf = parse_ok("state-directory \"/srv/evcorrd\"\n");
	cr_assert(eq(str, conf->state_dir, S("/srv/evcorrd")));
	conf_free(conf);
	assert_error("state-directory \"relative/dir\"\n", 1, "absolute");
	assert_error("state-directory \"\"\n", 1, "empty");
	assert_error("state-directory /srv\n", 1, "quoted path or 'none'");
}

Test(conf_parse, duplicate_global_setting)
{
	assert_error("max-windows 5\n\nmax-windows 6\n", 3,
	    "duplicate 'max-windows' (first at test.conf:1)");
	assert_error("state-directory none\nstate-directory none\n", 2,
	    "duplicate 'state-directory'");
}

/* ------------------------------------------------------------ listen */

Test(conf_parse, listen_syslog_and_trap)
{
	struct conf *conf = parse_ok(
	    "listen syslog udp on :: port 514\n"
	    "listen syslog tcp on :: port 514\n"
	    "listen trap on 127.0.0.1 port 162 community \"a\" community "
	    "\"b\"\n");

	cr_assert(eq(sz, conf->nlistens, 3));
	cr_assert(eq(str, conf->listens[0].addr, S("::")));
	cr_assert(eq(u16, conf->listens[0].port, 514));
	cr_assert(eq(int, conf->listens[2].line, 3));
	cr_assert(eq(sz, conf->listens[2].ncommunities, 2));
	cr_assert(eq(str, conf->listens[2].communities[0], S("a")));
	conf_free(conf);
}

Test(conf_parse, listen_rejects_bad_port_and_address)
{
	assert_error("listen syslog udp on 0.0.0.0 port 0\n", 1, "1..65535");
	assert_error("listen syslog udp on 0.0.0.0 port 65536\n", 1,
	    "1..65535");
	assert_error("listen syslog tcp on localhost port 514\n", 1,
	    "'localhost' is not a numeric IPv4 or IPv6 address");
	assert_error("listen syslog tcp on 1.2.3 port 514\n", 1, "numeric");
	assert_error("listen syslog tcp on fe80::1%eth0 port 514\n", 1,
	    "numeric");
	assert_error("listen syslog sctp on :: port 514\n", 1,
	    "expected 'udp', 'tcp', 'tls' or 'unix', got 'sctp'");
	assert_error("listen snmp on :: port 514\n", 1, "'syslog' or 'trap'");
	assert_error("listen syslog udp :: port 514\n", 1, "expected 'on'");
	assert_error("listen syslog udp on ::\n", 1,
	    "expected 'port', got end of line");
}

Test(conf_parse, listen_trap_needs_community)
{
	assert_error("listen trap on 0.0.0.0 port 162\n", 1,
	    "needs at least one community");
	assert_error("listen trap on 0.0.0.0 port 162 community \"\"\n", 1,
	    "community is empty");
	assert_error("listen trap on 0.0.0.0 port 162 community \"a\" "
		     "community \"a\"\n",
	    1, "duplicate community");
	assert_error("listen syslog udp on 0.0.0.0 port 514 community \"a\"\n",
	    1, "expected end of line, got 'community'");
}

Test(conf_parse, listen_duplicates_and_conflicts)
{
	assert_error("listen syslog udp on 0.0.0.0 port 514\n"
		     "listen syslog udp on 0.0.0.0 port 514\n",
	    2, "duplicate listen syslog udp on 0.0.0.0 port 514 (line 1)");
	/* ::ffff:0.0.0.0 is the same address in v4-mapped form. */
	assert_error("listen syslog udp on 0.0.0.0 port 162\n"
		     "listen trap on ::ffff:0.0.0.0 port 162 community \"p\"\n",
	    2, "both on udp");
	conf_free(parse_ok("listen syslog udp on 0.0.0.0 port 514\n"
			   "listen syslog tcp on 0.0.0.0 port 514\n"
			   "listen syslog udp on 127.0.0.1 port 514\n"));
}

/* ------------------------------------------------------------ target */

Test(conf_parse, target_trap_and_inform)
{
	struct conf *conf = parse_ok(
	    "target \"a\" trap v2c to 192.0.2.1 port 162 community \"c\"\n"
	    "target \"b\" inform v2c to 2001:db8::1 port 1162 community "
	    "\"d\"\n");

	cr_assert(eq(sz, conf->ntargets, 2));
	cr_assert(eq(int, conf->targets[0].is_inform, 0));
	cr_assert(eq(int, conf->targets[1].is_inform, 1));
	cr_assert(eq(str, conf->targets[1].addr, S("2001:db8::1")));
	cr_assert(eq(int, conf->targets[1].line, 2));
	cr_assert(eq(ptr, P(conf_find_target(conf, "c")), NULL));
	cr_assert(eq(ptr, P(conf_find_target(conf, NULL)), NULL));
	conf_free(conf);
}

Test(conf_parse, target_errors)
{
	assert_error("target \"a\" trap v2c to 192.0.2.1 port 162 community "
		     "\"c\"\ntarget \"a\" trap v2c to 192.0.2.2 port 162 "
		     "community \"c\"\n",
	    2, "duplicate target \"a\" (line 1)");
	assert_error("target \"a\" trap v1 to 192.0.2.1 port 162 community "
		     "\"c\"\n",
	    1, "expected 'v2c' or 'v3', got 'v1'");
	assert_error("target \"a\" notify v2c to 192.0.2.1 port 162\n", 1,
	    "'trap' or 'inform'");
	assert_error("target \"a\" trap v2c to 192.0.2.1 port 162\n", 1,
	    "expected 'community'");
	assert_error("target a trap v2c to 192.0.2.1 port 162 community "
		     "\"c\"\n",
	    1, "expected target name, got 'a'");
	assert_error("target \"0123456789012345678901234567890123456789012345"
		     "678901234567890123\" trap v2c to 192.0.2.1 port 162 "
		     "community \"c\"\n",
	    1, "target name longer than 63 bytes");
}

/* ------------------------------------------------------------ alert-log */

Test(conf_parse, alert_log_sinks_and_defaults)
{
	struct conf *conf;

	conf = parse_ok("alert-log stdout format json\n"
			"alert-log syslog facility local7 format json\n"
			"alert-log file \"/tmp/a\"\n");
	cr_assert(eq(sz, conf->nalert_logs, 3));
	cr_assert(eq(int, conf->alert_logs[0].format, CONF_FORMAT_JSON));
	cr_assert(eq(int, conf->alert_logs[1].facility, LOG_LOCAL7));
	cr_assert(eq(int, conf->alert_logs[2].format, CONF_FORMAT_TEXT));
	cr_assert(eq(str, conf->alert_logs[2].path, S("/tmp/a")));
	conf_free(conf);
	conf = parse_ok("alert-log syslog\n");
	cr_assert(eq(int, conf->alert_logs[0].facility, LOG_DAEMON));
	cr_assert(eq(int, conf->alert_logs[0].format, CONF_FORMAT_TEXT));
	conf_free(conf);
	conf = parse_ok("alert-log syslog facility user\n");
	cr_assert(eq(int, conf->alert_logs[0].facility, LOG_USER));
	conf_free(conf);
}

Test(conf_parse, alert_log_siem_formats)
{
	struct conf *conf;

	conf =
	    parse_ok("alert-log stdout format rfc5424\n"
		     "alert-log syslog format cef facility local4\n"
		     "alert-log file \"/tmp/a\" format leef\n"
		     "alert-log file \"/tmp/b\" format json json-schema ecs\n"
		     "alert-log file \"/tmp/c\" format json\n");
	cr_assert(eq(int, conf->alert_logs[0].format, CONF_FORMAT_RFC5424));
	cr_assert(eq(int, conf->alert_logs[1].format, CONF_FORMAT_CEF));
	cr_assert(eq(int, conf->alert_logs[2].format, CONF_FORMAT_LEEF));
	cr_assert(eq(int, conf->alert_logs[3].format, CONF_FORMAT_JSON_ECS));
	cr_assert(eq(int, conf->alert_logs[4].format, CONF_FORMAT_JSON));
	conf_free(conf);
}

Test(conf_parse, alert_log_format_errors)
{
	assert_error("alert-log stdout format cef json-schema ecs\n", 1,
	    "'json-schema' applies only to json");
	assert_error("alert-log stdout format json json-schema otel\n", 1,
	    "'ecs'");
}

Test(conf_parse, forward_statements_and_defaults)
{
	struct conf *conf;
	const struct conf_forward *f;

	conf = parse_ok(
	    "forward \"siem\" syslog tcp to 192.0.2.7 port 6514\n"
	    "forward \"qradar\" syslog udp to ::1 port 514 format leef "
	    "facility local5 queue 50\n"
	    "forward \"sp\" syslog tcp to 127.0.0.1 port 1 spool \"/var/s\" "
	    "max 64M\n"
	    "forward \"tls\" syslog tls to 127.0.0.1 port 6514 format cef "
	    "ca \"/etc/ca.pem\" certificate \"/etc/c.pem\" key "
	    "\"/etc/k.pem\"\n");
	cr_assert(eq(sz, conf->nforwards, 4));
	cr_assert(eq(str, conf->forwards[2].spool, S("/var/s")));
	cr_assert(eq(sz, conf->forwards[2].spool_max, 64 * 1024 * 1024));
	f = &conf->forwards[0];
	cr_assert(eq(str, conf->forwards[0].name, S("siem")));
	cr_assert(eq(int, f->transport, CONF_TRANSPORT_TCP));
	cr_assert(eq(str, conf->forwards[0].addr, S("192.0.2.7")));
	cr_assert(eq(u16, f->port, 6514));
	cr_assert(eq(int, f->format, CONF_FORMAT_RFC5424));
	cr_assert(eq(int, f->facility, LOG_DAEMON));
	cr_assert(eq(sz, f->queue_max, CONF_DEFAULT_FORWARD_QUEUE));
	cr_assert(eq(ptr, f->ca, NULL));
	cr_assert(eq(ptr, f->spool, NULL));
	f = &conf->forwards[1];
	cr_assert(eq(int, f->transport, CONF_TRANSPORT_UDP));
	cr_assert(eq(int, f->format, CONF_FORMAT_LEEF));
	cr_assert(eq(int, f->facility, LOG_LOCAL5));
	cr_assert(eq(sz, f->queue_max, 50));
	f = &conf->forwards[3];
	cr_assert(eq(int, f->transport, CONF_TRANSPORT_TLS));
	cr_assert(eq(str, f->ca, S("/etc/ca.pem")));
	cr_assert(eq(str, f->key, S("/etc/k.pem")));
	cr_assert(conf_forward_is_same(f, f));
	cr_assert(not(conf_forward_is_same(f, &conf->forwards[0])));
	conf_free(conf);
}

Test(conf_parse, forward_errors)
{
	assert_error("forward \"a\" syslog sctp to 127.0.0.1 port 1\n", 1,
	    "'udp', 'tcp' or 'tls'");
	assert_error("forward \"a\" syslog tcp to 127.0.0.1 port 1 "
		     "ca \"/x\"\n",
	    1, "'ca' applies only to forward tls");
	assert_error("forward \"a\" syslog tls to 127.0.0.1 port 1 "
		     "certificate \"/x\"\n",
	    1, "'certificate' and 'key' go together");
	assert_error("forward \"a\" syslog tcp to 127.0.0.1 port 1 queue 0\n",
	    1, "queue");
	assert_error("forward \"a\" syslog tcp to 127.0.0.1 port 1 "
		     "format cef format leef\n",
	    1, "duplicate 'format'");
	assert_error("forward \"a\" syslog tcp to 127.0.0.1 port 1\n"
		     "forward \"a\" syslog udp to 127.0.0.1 port 2\n",
	    2, "duplicate forward");
	assert_error("forward \"a\" syslog tcp to exch01 port 1\n", 1, "");
	assert_error("forward \"a\" syslog udp to 127.0.0.1 port 1 "
		     "spool \"/var/spool\" max 1M\n",
	    1, "'spool' applies only to tcp and tls");
	assert_error("forward \"a\" syslog tcp to 127.0.0.1 port 1 "
		     "spool \"/var/spool\"\n",
	    1, "'max'");
	assert_error("forward \"a\" syslog tcp to 127.0.0.1 port 1 "
		     "spool \"/var/spool\" max 1K\n",
	    1, "spool max");
}

Test(conf_parse, alert_log_syslog_socket)
{
	struct conf *conf;

	conf = parse_ok("alert-log syslog format json socket \"/run/x.sock\" "
			"facility local3\n");
	cr_assert(eq(str, conf->alert_logs[0].path, S("/run/x.sock")));
	cr_assert(eq(int, conf->alert_logs[0].facility, LOG_LOCAL3));
	conf_free(conf);
	conf = parse_ok("alert-log syslog\n");
	cr_assert(eq(ptr, conf->alert_logs[0].path, NULL));
	conf_free(conf);
	assert_error("alert-log stdout socket \"/run/x.sock\"\n", 1,
	    "only to alert-log syslog");
	assert_error("alert-log syslog socket \"/a\" socket \"/b\"\n", 1,
	    "duplicate 'socket'");
	assert_error("alert-log syslog socket \"relative.sock\"\n", 1,
	    "absolute");
}

Test(conf_parse, alert_log_errors)
{
	assert_error("alert-log syslog facility local8\n", 1,
	    "unknown facility 'local8'");
	assert_error("alert-log stdout facility local0\n", 1,
	    "only to alert-log syslog");
	assert_error("alert-log stdout format xml\n", 1,
	    "'text', 'json', 'rfc5424', 'cef' or 'leef'");
	assert_error("alert-log stdout format text format json\n", 1,
	    "duplicate 'format'");
	assert_error("alert-log file \"alerts.log\"\n", 1, "absolute");
	assert_error("alert-log stderr\n", 1, "'stdout', 'file' or 'syslog'");
	assert_error("alert-log stdout\nalert-log stdout format json\n", 2,
	    "duplicate alert-log (line 1)");
	assert_error("alert-log file \"/a\"\nalert-log file \"/a\"\n", 2,
	    "duplicate alert-log");
	conf_free(parse_ok("alert-log file \"/a\"\nalert-log file \"/b\"\n"));
}

/* ------------------------------------------------------------ host */

Test(conf_parse, host_aliases)
{
	struct conf *conf =
	    parse_ok("host \"EXCH01\" address 192.0.2.5 address 2001:db8::5\n"
		     "host \"exch02.corp.example\" address 192.0.2.6\n");
	struct conf_addr a;

	cr_assert(eq(sz, conf->nhosts, 2));
	cr_assert(eq(sz, conf->hosts[0].naddrs, 2));
	cr_assert(eq(int, conf_addr_parse("192.0.2.5", &a), 0));
	cr_assert(eq(int, memcmp(&a, &conf->hosts[0].addrs[0], sizeof(a)), 0));
	cr_assert(eq(str, conf->hosts[1].name, S("exch02.corp.example")));
	cr_assert(eq(int, conf->hosts[1].line, 2));
	conf_free(conf);
}

Test(conf_parse, host_errors)
{
	assert_error("host \"A\" address 192.0.2.1\nhost \"a\" address "
		     "192.0.2.2\n",
	    2, "duplicate host \"a\" (line 1)");
	assert_error("host \"A\" address 192.0.2.1\nhost \"B\" address "
		     "::ffff:192.0.2.1\n",
	    2, "already belongs to host \"A\"");
	assert_error("host \"A\" address 192.0.2.1 address 192.0.2.1\n", 1,
	    "already belongs");
	assert_error("host \"A\"\n", 1, "expected 'address'");
	assert_error("host \"A B\" address 192.0.2.1\n", 1, "blank");
	assert_error("host \"A\" address exch01\n", 1, "numeric");
}

/* ------------------------------------------------------------ rule */

Test(conf_parse, rule_narrowed_to_source_and_log)
{
	struct conf *conf =
	    parse_ok("rule \"imc\" {\n"
		     "\topen event 2140 source \"MSExchangeIMC\" "
		     "log \"Application\"\n"
		     "\tclose event 100 log \"Application\" "
		     "source \"MSExchangeIMC\"\n"
		     "}\n");

	cr_assert(eq(str, conf->rules[0].open.source, S("MSExchangeIMC")));
	cr_assert(eq(str, conf->rules[0].open.log, S("Application")));
	cr_assert(eq(str, conf->rules[0].close.source, S("MSExchangeIMC")));
	cr_assert(eq(str, conf->rules[0].close.log, S("Application")));
	conf_free(conf);
	assert_error(RULE_OK "\topen event 3 source \"a\" source \"b\"\n}\n", 4,
	    "duplicate");
	assert_error("rule \"r\" {\n\topen event 1 source \"\"\n\tclose event "
		     "2\n}\n",
	    2, "source is empty");
	assert_error("rule \"r\" {\n\topen event 1 source x\n\tclose event "
		     "2\n}\n",
	    2, "expected source");
}

Test(conf_parse, rule_event_ids)
{
	struct conf *conf =
	    parse_ok("rule \"r\" {\n\topen event 0\n\tclose event 65535\n}\n");

	cr_assert(eq(u32, conf->rules[0].open.event_id, 0));
	cr_assert(eq(u32, conf->rules[0].close.event_id, 65535));
	conf_free(conf);
	assert_error("rule \"r\" {\n\topen event 65536\n\tclose event 1\n}\n",
	    2, "event ID '65536' is out of range (0..65535)");
	assert_error("rule \"r\" {\n\topen 2140\n\tclose event 1\n}\n", 2,
	    "expected 'event'");
}

Test(conf_parse, rule_window_and_holddown)
{
	struct conf *conf = parse_ok(RULE_OK "\twithin 500ms\n"
					     "\tholddown 7d\n}\n");

	cr_assert(eq(i64, conf->rules[0].window_ms, 500));
	cr_assert(eq(i64, conf->rules[0].holddown_ms, 7 * 86400000LL));
	conf_free(conf);
	conf = parse_ok(RULE_OK "\twithin 7d by host\n\tholddown 0ms\n}\n");
	cr_assert(eq(i64, conf->rules[0].window_ms, 7 * 86400000LL));
	cr_assert(eq(i64, conf->rules[0].holddown_ms, 0));
	conf_free(conf);
	conf = parse_ok(RULE_OK "\twithin 2h\n\tholddown 90s\n}\n");
	cr_assert(eq(i64, conf->rules[0].window_ms, 7200000));
	cr_assert(eq(i64, conf->rules[0].holddown_ms, 90000));
	conf_free(conf);
	assert_error(RULE_OK "\twithin 0s\n}\n", 4, "window '0s'");
	assert_error(RULE_OK "\twithin 8d\n}\n", 4, "out of range");
	assert_error(RULE_OK "\twithin 30\n}\n", 4, "needs a unit");
	assert_error(RULE_OK "\twithin 5x\n}\n", 4, "unknown unit");
	assert_error(RULE_OK "\twithin 5m by source\n}\n", 4,
	    "expected 'host'");
	assert_error(RULE_OK "\tholddown 8d\n}\n", 4, "holddown '8d'");
	assert_error(RULE_OK "\tholddown -1s\n}\n", 4, "not a number");
}

Test(conf_parse, rule_severity_names)
{
	static const struct {
		const char *name;
		enum severity severity;
	} names[] = {
		{ "critical", SEVERITY_CRITICAL },
		{ "major", SEVERITY_MAJOR },
		{ "minor", SEVERITY_MINOR },
		{ "warning", SEVERITY_WARNING },
		{ "info", SEVERITY_INFO },
	};
	char text[256];
	struct conf *conf;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(text, sizeof(text), RULE_OK "\tseverity %s\n}\n",
		    names[i].name);
		conf = parse_ok(text);
		cr_assert(eq(int, conf->rules[0].severity, names[i].severity));
		conf_free(conf);
	}
	assert_error(RULE_OK "\tseverity huge\n}\n", 4,
	    "unknown severity 'huge'");
	assert_error(RULE_OK "\tseverity \"major\"\n}\n", 4,
	    "expected a severity");
}

Test(conf_parse, rule_texts)
{
	struct conf *conf =
	    parse_ok(RULE_OK "\ttitle \"T\"\n\tcause \"C\"\n"
			     "\tfix \"F\"\n\treference \"R\"\n}\n");

	cr_assert(eq(str, conf->rules[0].title, S("T")));
	cr_assert(eq(str, conf->rules[0].cause, S("C")));
	cr_assert(eq(str, conf->rules[0].fix, S("F")));
	cr_assert(eq(str, conf->rules[0].reference, S("R")));
	conf_free(conf);
	assert_error(RULE_OK "\ttitle \"\"\n}\n", 4, "title is empty");
	assert_error(RULE_OK "\ttitle \"a\\nb\"\n}\n", 4, "control character");
	assert_error(RULE_OK "\tcause C\n}\n", 4, "expected cause");
}

Test(conf_parse, rule_emit_to_targets_defined_later)
{
	struct conf *conf = parse_ok(RULE_OK
	    "\temit to \"b\" \"a\"\n}\n"
	    "target \"a\" trap v2c to 192.0.2.1 port 162 community \"c\"\n"
	    "target \"b\" trap v2c to 192.0.2.2 port 162 community \"c\"\n");

	cr_assert(eq(sz, conf->rules[0].ntargets, 2));
	cr_assert(eq(str, conf->rules[0].targets[0], S("b")));
	cr_assert(eq(str, conf->rules[0].targets[1], S("a")));
	conf_free(conf);
}

Test(conf_parse, rule_forward_to_names_forwarders)
{
	struct conf *conf;

	conf = parse_ok(
	    RULE_OK "\tforward to \"siem\" \"qradar\"\n}\n"
		    "forward \"siem\" syslog tcp to 127.0.0.1 port 1\n"
		    "forward \"qradar\" syslog udp to 127.0.0.1 port 2\n");
	cr_assert(eq(sz, conf->rules[0].nforwards, 2));
	cr_assert(eq(str, conf->rules[0].forwards[1], S("qradar")));
	cr_assert(eq(sz, conf->rules[0].ntargets, 0));
	conf_free(conf);
	assert_error(RULE_OK "\tforward to \"nowhere\"\n}\n", 4,
	    "rule \"r\": forward to unknown forward \"nowhere\"");
	assert_error("forward \"a\" syslog tcp to 127.0.0.1 port 1\n" RULE_OK
		     "\tforward to \"a\" \"a\"\n}\n",
	    5, "forward \"a\" named twice");
}

Test(conf_parse, rule_emit_errors)
{
	assert_error(RULE_OK "\temit to \"nowhere\"\n}\n", 4,
	    "rule \"r\": emit to unknown target \"nowhere\"");
	assert_error("target \"a\" trap v2c to 192.0.2.1 port 162 community "
		     "\"c\"\n" RULE_OK "\temit to \"a\" \"a\"\n}\n",
	    5, "target \"a\" named twice");
	assert_error(RULE_OK "\temit to\n}\n", 4, "expected a target name");
	assert_error(RULE_OK "\temit \"a\"\n}\n", 4, "expected 'to'");
}

Test(conf_parse, rule_needs_open_and_close)
{
	assert_error("\nrule \"r\" {\n\tclose event 1\n}\n", 2,
	    "rule \"r\" has no 'open event'");
	assert_error("\nrule \"r\" {\n\topen event 1\n}\n", 2,
	    "rule \"r\" has no 'close event'");
}

Test(conf_parse, rule_open_and_close_identical)
{
	assert_error("rule \"r\" {\n\topen event 7 source \"S\"\n"
		     "\tclose event 7 source \"s\"\n}\n",
	    3, "open and close match the same events");
	assert_error("rule \"r\" {\n\topen event 7\n\tclose event 7\n}\n", 3,
	    "same events");
	/* Same ID but a different source or log is a valid rule. */
	conf_free(parse_ok("rule \"r\" {\n\topen event 7 source \"A\"\n"
			   "\tclose event 7 source \"B\"\n}\n"));
	conf_free(parse_ok("rule \"r\" {\n\topen event 7 log \"System\"\n"
			   "\tclose event 7\n}\n"));
}

Test(conf_parse, rule_duplicate_setting)
{
	assert_error(RULE_OK "\twithin 5m\n\twithin 6m\n}\n", 5,
	    "duplicate 'within' in rule \"r\" (line 4)");
	assert_error(RULE_OK "\topen event 3\n}\n", 4, "duplicate 'open'");
	assert_error(RULE_OK "\tfix \"a\"\n\tfix \"b\"\n}\n", 5,
	    "duplicate 'fix'");
}

Test(conf_parse, rule_duplicate_name)
{
	assert_error(RULE_OK "}\n" RULE_OK "}\n", 5,
	    "duplicate rule \"r\" (line 1)");
}

Test(conf_parse, rule_name_checks)
{
	assert_error("rule \"\" {\n\topen event 1\n\tclose event 2\n}\n", 1,
	    "rule name is empty");
	assert_error(
	    "rule \"0123456789012345678901234567890123456789012345678"
	    "901234567890123\" {\n\topen event 1\n\tclose event 2\n}\n",
	    1, "rule name longer than 63 bytes");
	assert_error("rule r {\n\topen event 1\n\tclose event 2\n}\n", 1,
	    "expected rule name");
	assert_error("rule \"r\"\n", 1, "expected '{'");
}

Test(conf_parse, rule_braces)
{
	struct conf_errors errs;

	assert_error("\n" RULE_OK, 2, "rule \"r\" has no closing '}'");
	assert_error(RULE_OK "} junk\n", 4, "expected end of line, got 'junk'");
	assert_error("}\n", 1, "expected a keyword, got '}'");
	assert_error(RULE_OK "\t{\n}\n", 4, "expected a rule setting or '}'");
	/* A forgotten '}' is reported once; the next rule still parses. */
	cr_assert(eq(ptr,
	    conf_parse_string(RULE_OK "rule \"s\" {\n"
				      "\topen event 1\n"
				      "\tclose event 3\n}\n",
		"test.conf", &errs),
	    NULL));
	cr_assert(eq(sz, errs.count, 1));
	cr_assert(has_error(&errs, "test.conf", 4, "missing '}' after rule"));
}

Test(conf_parse, unknown_keywords_are_named)
{
	assert_error("\nfrobnicate 1\n", 2, "unknown keyword 'frobnicate'");
	assert_error(RULE_OK "\tfrobnicate 1\n}\n", 4,
	    "unknown rule setting 'frobnicate'");
	assert_error("within 5m\n", 1, "'within' is only valid inside a rule");
	assert_error("\"string\"\n", 1, "expected a keyword, got a string");
}

/* ------------------------------------------------------------ tokens */

Test(conf_parse, comments_and_blanks)
{
	struct conf *conf = parse_ok("  # leading comment\n"
				     "max-windows 5 # trailing comment\n"
				     "\t\n"
				     "max-connections 6#tight\n"
				     "rule \"a#b\" { # brace comment\n"
				     "\topen event 1\n\tclose event 2\n}");

	cr_assert(eq(sz, conf->max_windows, 5));
	cr_assert(eq(sz, conf->max_connections, 6));
	cr_assert(eq(str, conf->rules[0].name, S("a#b")));
	conf_free(conf);
}

Test(conf_parse, string_escapes_and_errors)
{
	struct conf *conf = parse_ok(RULE_OK "\tcause \"q\\\" b\\\\ n\\n t\\t "
					     "raw\ttab\"\n}\n");

	cr_assert(eq(str, conf->rules[0].cause, S("q\" b\\ n\n t\t raw\ttab")));
	conf_free(conf);
	assert_error(RULE_OK "\tcause \"bad \\x escape\"\n}\n", 4,
	    "invalid escape");
	assert_error(RULE_OK "\tcause \"never closed\n}\n", 4,
	    "unterminated string");
	assert_error(RULE_OK "\tcause \"ends in escape\\", 4,
	    "unterminated string");
	assert_error(RULE_OK "\tcause \"bell \a\"\n}\n", 4,
	    "control character 0x07 in string");
}

Test(conf_parse, overlong_tokens_and_lines)
{
	char *text = malloc(20000);
	int n;

	cr_assert(ne(ptr, text, NULL));
	n = snprintf(text, 20000, RULE_OK "\tcause \"");
	memset(text + n, 'x', 4097);
	snprintf(text + n + 4097, 100, "\"\n}\n");
	assert_error(text, 4, "string longer than 4096 bytes");
	memset(text + n, 'x', 4096);
	snprintf(text + n + 4096, 100, "\"\n}\n");
	conf_free(parse_ok(text));

	memcpy(text, "max-windows ", 12);
	memset(text + 12, '1', 256);
	snprintf(text + 12 + 256, 100, "\n");
	assert_error(text, 1, "word longer than 255 bytes");

	memset(text, ' ', 9000);
	snprintf(text + 9000, 100, "max-windows 1\n\nmax-windows 2\n");
	assert_error(text, 1, "line longer than 8192 bytes");
	free(text);
}

Test(conf_parse, oversized_input_rejected)
{
	size_t len = 1024 * 1024 + 1;
	char *text = malloc(len + 1);

	cr_assert(ne(ptr, text, NULL));
	memset(text, '\n', len);
	text[len] = '\0';
	assert_error(text, 1, "configuration larger than 1048576 bytes");
	text[len - 1] = '\0'; /* exactly 1 MiB of blank lines is fine */
	conf_free(parse_ok(text));
	free(text);
}

Test(conf_parse, invalid_bytes_outside_strings)
{
	assert_error("max-windows 5\xc3\xa9\n", 1, "invalid character 0xc3");
	assert_error("\nmax\x01windows 5\n", 2, "invalid character 0x01");
	/* UTF-8 inside a string is fine. */
	conf_free(parse_ok(RULE_OK "\tcause \"caf\xc3\xa9\"\n}\n"));
}

Test(conf_parse, caps_on_declarations)
{
	struct conf_errors errs;
	struct conf *conf;
	char *text = malloc(200000);
	size_t len = 0;
	int i;

	cr_assert(ne(ptr, text, NULL));
	for (i = 1; i <= 65; i++)
		len += (size_t)snprintf(text + len, 200000 - len,
		    "listen syslog udp on 127.0.0.1 port %d\n", i);
	snprintf(text + len, 200000 - len, "bogus\n");
	cr_assert(eq(ptr, conf_parse_string(text, "t", &errs), NULL));
	cr_assert(eq(sz, errs.count, 2));
	cr_assert(has_error(&errs, "t", 65, "more than 64 listeners"));
	/* The line after a capped statement is still parsed. */
	cr_assert(has_error(&errs, "t", 66, "unknown keyword 'bogus'"));

	len = (size_t)snprintf(text, 200000, "listen trap on :: port 1");
	for (i = 1; i <= 17; i++)
		len += (size_t)snprintf(text + len, 200000 - len,
		    " community \"c%d\"", i);
	assert_error(text, 1, "more than 16 communities");

	len = 0;
	for (i = 1; i <= 1025; i++)
		len += (size_t)snprintf(text + len, 200000 - len,
		    "rule \"r%d\" {\n\topen event 1\n\tclose event 2\n}\n", i);
	assert_error(text, 4097, "more than 1024 rules");
	/* Without the last rule: exactly at the cap. */
	*strstr(text, "rule \"r1025\"") = '\0';
	conf = parse_ok(text);
	cr_assert(eq(sz, conf->nrules, 1024));
	conf_free(conf);
	free(text);
}

/* ------------------------------------------------------------ errors */

Test(conf_parse, all_errors_reported_together)
{
	struct conf_errors errs;

	cr_assert(eq(ptr, conf_parse_file(DATA "errors.conf", &errs), NULL));
	if (errs.count != 7)
		dump_errors(&errs);
	cr_assert(eq(sz, errs.count, 7));
	cr_assert(has_error(&errs, NULL, 2, "port '70000'"));
	cr_assert(has_error(&errs, NULL, 3, "'example.com'"));
	cr_assert(has_error(&errs, NULL, 4, "max-windows 'lots'"));
	cr_assert(has_error(&errs, NULL, 5, "unknown keyword 'frobnicate'"));
	cr_assert(has_error(&errs, NULL, 8, "needs a unit"));
	cr_assert(has_error(&errs, NULL, 9, "unknown severity 'huge'"));
	cr_assert(has_error(&errs, NULL, 11, "unknown target \"nowhere\""));
}

Test(conf_parse, error_count_beyond_list)
{
	struct conf_errors errs;
	char text[4096], msg[600];
	size_t len = 0;
	int i;

	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "bogus%d\n", i);
	cr_assert(eq(ptr, conf_parse_string(text, "many.conf", &errs), NULL));
	cr_assert(eq(sz, errs.count, 40));
	conf_errors_format(&errs, CONF_ERRORS_MAX - 1, msg, sizeof(msg));
	cr_assert(eq(str, msg, S("many.conf:32: unknown keyword 'bogus31'")));
	conf_errors_format(&errs, CONF_ERRORS_MAX, msg, sizeof(msg));
	cr_assert(eq(str, msg, S("")));
}

Test(conf_parse, errors_format_and_null_name)
{
	struct conf_errors errs;
	char msg[600], small[8];

	cr_assert(eq(ptr, conf_parse_string("\n\nbogus\n", NULL, &errs), NULL));
	conf_errors_format(&errs, 0, msg, sizeof(msg));
	cr_assert(eq(str, msg, S("<string>:3: unknown keyword 'bogus'")));
	conf_errors_format(&errs, 0, small, sizeof(small));
	cr_assert(eq(str, small, S("<string")));
	conf_errors_format(&errs, 1, msg, sizeof(msg));
	cr_assert(eq(str, msg, S("")));
	/* No error struct: still rejected, nothing written. */
	cr_assert(eq(ptr, conf_parse_string("bogus\n", "x", NULL), NULL));
}

/* ------------------------------------------------------------ conf.c */

Test(conf_parse, addr_parse)
{
	struct conf_addr a;
	static const uint8_t mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
		0xff, 192, 0, 2, 1 };

	cr_assert(eq(int, conf_addr_parse("192.0.2.1", &a), 0));
	cr_assert(eq(int, memcmp(a.bytes, mapped, 16), 0));
	cr_assert(eq(int, conf_addr_parse("::ffff:192.0.2.1", &a), 0));
	cr_assert(eq(int, memcmp(a.bytes, mapped, 16), 0));
	cr_assert(eq(int, conf_addr_parse("2001:db8::1", &a), 0));
	cr_assert(eq(u8, a.bytes[0], 0x20));
	cr_assert(eq(u8, a.bytes[1], 0x01));
	cr_assert(eq(u8, a.bytes[15], 0x01));
	cr_assert(eq(int, conf_addr_parse("localhost", &a), -1));
	cr_assert(eq(int, conf_addr_parse("192.0.2", &a), -1));
	cr_assert(eq(int, conf_addr_parse("192.0.2.256", &a), -1));
	cr_assert(eq(int, conf_addr_parse(" 192.0.2.1", &a), -1));
	cr_assert(eq(int, conf_addr_parse("", &a), -1));
	cr_assert(eq(int, conf_addr_parse(NULL, &a), -1));
}

Test(conf_parse, rule_find)
{
	struct conf *conf = parse_ok(RULE_OK "}\nrule \"s\" {\n\topen event 3\n"
					     "\tclose event 4\n}\n");

	cr_assert(eq(ptr, P(conf_find_rule(conf, "s")), &conf->rules[1]));
	cr_assert(eq(ptr, P(conf_find_rule(conf, "S")), NULL));
	cr_assert(eq(ptr, P(conf_find_rule(conf, NULL)), NULL));
	cr_assert(eq(ptr, P(conf_find_rule(NULL, "s")), NULL));
	cr_assert(eq(int, conf->rules[1].line, 5));
	conf_free(conf);
}

/* ------------------------------------------------ correlation in depth */

Test(conf_parse, lateness_and_timezone)
{
	struct conf *conf;

	conf = parse_ok("");
	cr_assert(eq(i64, conf->lateness_ms, 10000));
	cr_assert(eq(i64, conf->save_interval_ms, 10000));
	cr_assert(eq(str, P(tz_name(conf_listen_tz(conf, NULL))), S("UTC")));
	conf_free(conf);

	conf = parse_ok("lateness 2m\nsave-interval 0s\n"
			"timezone \"Europe/Berlin\"\n"
			"listen syslog udp on 127.0.0.1 port 5514 timezone "
			"\"America/New_York\"\n"
			"listen syslog tcp on 127.0.0.1 port 5514\n" RULE_OK
			"\tlateness 0s\n}\n");
	cr_assert(eq(i64, conf->lateness_ms, 120000));
	cr_assert(eq(i64, conf->save_interval_ms, 0));
	cr_assert(eq(str, P(tz_name(conf_listen_tz(conf, NULL))),
	    S("Europe/Berlin")));
	cr_assert(eq(str, P(tz_name(conf_listen_tz(conf, &conf->listens[0]))),
	    S("America/New_York")));
	cr_assert(eq(str, P(tz_name(conf_listen_tz(conf, &conf->listens[1]))),
	    S("Europe/Berlin")));
	cr_assert(eq(i64, conf_rule_lateness(conf, &conf->rules[0]), 0));
	conf_free(conf);

	conf = parse_ok("lateness 30s\n" RULE_OK "}\n");
	cr_assert(eq(i64, conf->rules[0].lateness_ms, -1));
	cr_assert(eq(i64, conf_rule_lateness(conf, &conf->rules[0]), 30000));
	conf_free(conf);
}

Test(conf_parse, bad_timezone_and_lateness)
{
	assert_error("timezone \"Mars/Olympus\"\n", 1, "Mars/Olympus");
	assert_error("timezone \"../etc/passwd\"\n", 1, "timezone");
	assert_error("\n\nlisten syslog udp on 127.0.0.1 port 1 timezone "
		     "\"Nowhere\"\n",
	    3, "Nowhere");
	assert_error("listen trap on 127.0.0.1 port 1 community \"c\" "
		     "timezone \"UTC\"\n",
	    1, "end of line");
	assert_error("lateness 2d\n", 1, "lateness");
	assert_error("save-interval 500ms\n", 1, "save-interval");
	assert_error("lateness 1s\nlateness 2s\n", 2, "duplicate");
}

Test(conf_parse, rule_text_clear_timeout_alert)
{
	struct conf *conf;
	const struct conf_rule *r;

	conf = parse_ok("rule \"r\" {\n"
			"\topen event 2140 source \"MSExchangeIMC\" text ~ "
			"\"(?i)administrator\"\n"
			"\tclose event 100 text ~ \"\\\\bstopped\\\\b\"\n"
			"\tclear event 1000 source \"MSExchangeIMC\" log "
			"\"Application\"\n"
			"\ttimeout-alert yes\n"
			"}\n");
	r = &conf->rules[0];
	cr_assert(ne(ptr, r->open.text, NULL));
	cr_assert(
	    eq(str, P(regex_pattern(r->open.text)), S("(?i)administrator")));
	cr_assert(regex_match(r->open.text, "The ADMINISTRATOR mailbox", 25));
	cr_assert(not(regex_match(r->open.text, "mailbox", 7)));
	cr_assert(regex_match(r->close.text, "service stopped.", 16));
	cr_assert(not(regex_match(r->close.text, "unstopped", 9)));
	cr_assert(r->has_clear);
	cr_assert(eq(u32, r->clear.event_id, 1000));
	cr_assert(eq(str, r->clear.log, S("Application")));
	cr_assert(r->timeout_alert);
	conf_free(conf);

	conf = parse_ok(RULE_OK "}\n");
	cr_assert(not(conf->rules[0].has_clear));
	cr_assert(not(conf->rules[0].timeout_alert));
	conf_free(conf);

	/* Same IDs but told apart by text: allowed. */
	conf = parse_ok("rule \"r\" {\n\topen event 7 text ~ \"begin\"\n"
			"\tclose event 7 text ~ \"end\"\n}\n");
	conf_free(conf);
}

Test(conf_parse, bad_rule_text_clear_timeout_alert)
{
	assert_error("rule \"r\" {\n\topen event 1\n\tclose event 3 text ~ "
		     "\"(unclosed\"\n}\n",
	    3, "bad regular expression");
	assert_error(RULE_OK "\ttimeout-alert maybe\n}\n", 4, "'yes' or 'no'");
	assert_error(RULE_OK "\tclear event 70000\n}\n", 4, "event ID");
	assert_error(RULE_OK "\tclear event 5\n\tclear event 6\n}\n", 5,
	    "duplicate 'clear'");
	assert_error("rule \"r\" {\n\topen event 1 text \"x\"\n", 2, "'~'");
}

Test(conf_parse, include_pattern_reads_files_in_name_order)
{
	struct conf_errors errs;
	struct conf *conf = conf_parse_file(DATA "include_glob.conf", &errs);

	if (conf == NULL)
		dump_errors(&errs);
	cr_assert(ne(ptr, conf, NULL));
	cr_assert(eq(sz, conf->nrules, 2));
	cr_assert(eq(str, conf->rules[0].name, S("first")));
	cr_assert(eq(str, conf->rules[1].name, S("second")));
	cr_assert(regex_match(conf->rules[0].close.text, "started  ok", 11));
	conf_free(conf);
}

/* ------------------------------------------------------------ http */

Test(conf_parse, http_is_off_unless_given)
{
	struct conf *conf = parse_ok("");

	cr_assert(not(conf->http.is_on));
	conf_free(conf);
}

Test(conf_parse, http_on_address_port)
{
	struct conf *conf = parse_ok("\nhttp on ::1 port 9514\n");

	cr_assert(conf->http.is_on);
	cr_assert(eq(str, conf->http.addr, "::1"));
	cr_assert(eq(u16, conf->http.port, 9514));
	cr_assert(eq(int, conf->http.line, 2));
	conf_free(conf);
}

Test(conf_parse, http_rejects_a_name_and_a_second_line)
{
	assert_error("http on localhost port 80\n", 1, "address");
	assert_error("http on 127.0.0.1 port 1\nhttp on 127.0.0.1 port 2\n", 2,
	    "http");
	assert_error("http on 127.0.0.1\n", 1, "port");
}

/* ------------------------------------------------------------ agentx */

Test(conf_parse, agentx_is_off_unless_given)
{
	struct conf *conf = parse_ok("");

	cr_assert(not(conf->agentx.is_on));
	conf_free(conf);
}

Test(conf_parse, agentx_socket_path_or_tcp)
{
	struct conf *conf =
	    parse_ok("\nagentx socket \"/var/agentx/master\"\n");

	cr_assert(conf->agentx.is_on);
	cr_assert(eq(str, conf->agentx.socket, "/var/agentx/master"));
	cr_assert(eq(int, conf->agentx.line, 2));
	conf_free(conf);
	conf = parse_ok("agentx socket tcp:127.0.0.1:705\n");
	cr_assert(eq(str, conf->agentx.socket, "tcp:127.0.0.1:705"));
	conf_free(conf);
	conf = parse_ok("agentx socket \"tcp:[::1]:705\"\n");
	cr_assert(eq(str, conf->agentx.socket, "tcp:[::1]:705"));
	conf_free(conf);
}

Test(conf_parse, agentx_rejects_names_relative_paths_and_a_second_line)
{
	assert_error("agentx socket tcp:localhost:705\n", 1, "numeric");
	assert_error("agentx socket tcp:127.0.0.1:0\n", 1, "port 1-65535");
	assert_error("agentx socket tcp:127.0.0.1\n", 1, "tcp:ADDR:PORT");
	assert_error("agentx socket \"agentx.sock\"\n", 1, "absolute path");
	assert_error("agentx socket /var/agentx/master\n", 1, "in quotes");
	assert_error("agentx \"/x\"\n", 1, "socket");
	assert_error("agentx socket \"/a\"\nagentx socket \"/b\"\n", 2,
	    "duplicate");
}

/* ------------------------------------------------------------ SNMPv3 */

Test(conf_parse, snmpv3_user_with_priv_and_engine_id)
{
	struct conf *conf = parse_ok(
	    "snmpv3-user \"noc\" auth sha512 \"auth pass 1\" priv aes256 "
	    "\"privpass1\" engine-id 0x8000000001020304\n"
	    "snmpv3-user \"lite\" auth sha \"authpass2\"\n"
	    "listen trap on 127.0.0.1 port 162 user \"noc\" user \"lite\" "
	    "security-level noauth\n");
	const struct snmp_usm_user *u = conf_find_usm_user(conf, "noc");

	cr_assert(ne(ptr, (void *)(uintptr_t)u, NULL));
	cr_assert(eq(int, u->auth, SNMP_USM_AUTH_SHA512));
	cr_assert(eq(str, u->auth_pass, "auth pass 1"));
	cr_assert(eq(int, u->priv, SNMP_USM_PRIV_AES256));
	cr_assert(eq(sz, u->engine_id_len, 8));
	cr_assert(eq(u8, u->engine_id[7], 4));
	u = conf_find_usm_user(conf, "lite");
	cr_assert(eq(int, u->priv, SNMP_USM_PRIV_NONE));
	cr_assert(eq(ptr, u->priv_pass, NULL));
	cr_assert(eq(sz, conf->listens[0].nusers, 2));
	cr_assert(eq(sz, conf->listens[0].ncommunities, 0));
	cr_assert(eq(int, conf->listens[0].min_level, SNMP_USM_LEVEL_NOAUTH));
	conf_free(conf);
}

Test(conf_parse, listen_trap_security_level_defaults_to_auth)
{
	struct conf *conf = parse_ok("snmpv3-user \"u\" auth sha256 "
				     "\"authpass1\"\n"
				     "listen trap on 127.0.0.1 port 162 user "
				     "\"u\" community \"public\"\n");

	cr_assert(eq(int, conf->listens[0].min_level, SNMP_USM_LEVEL_AUTH));
	conf_free(conf);
}

Test(conf_parse, every_auth_and_priv_protocol)
{
	static const char *const auths[] = { "sha", "sha224", "sha256",
		"sha384", "sha512" };
	static const char *const privs[] = { "aes", "aes192", "aes256" };
	char text[256];

	for (size_t i = 0; i < 5; i++) {
		for (size_t j = 0; j < 3; j++) {
			struct conf *conf;

			snprintf(text, sizeof(text),
			    "snmpv3-user \"u\" auth %s \"authpass1\" priv %s "
			    "\"privpass1\"\n",
			    auths[i], privs[j]);
			conf = parse_ok(text);
			cr_assert(eq(int, conf->usm_users[0].auth, (int)i));
			cr_assert(eq(int, conf->usm_users[0].priv, (int)j + 1));
			conf_free(conf);
		}
	}
}

Test(conf_parse, short_passphrase_is_refused_and_not_quoted)
{
	struct conf_errors errs;
	struct conf *conf;
	char msg[600];

	conf = conf_parse_string("snmpv3-user \"u\" auth sha \"s3cr\"\n",
	    "test.conf", &errs);
	cr_assert(eq(ptr, conf, NULL));
	cr_assert(has_error(&errs, "test.conf", 1, "8 to 255 bytes"));
	for (size_t i = 0; i < errs.count && i < CONF_ERRORS_MAX; i++) {
		conf_errors_format(&errs, i, msg, sizeof(msg));
		cr_assert(eq(ptr, strstr(msg, "s3cr"), NULL), "%s", msg);
	}
}

Test(conf_parse, passphrase_in_place_of_a_protocol_is_not_quoted)
{
	struct conf_errors errs;
	struct conf *conf;
	char msg[600];

	conf = conf_parse_string("snmpv3-user \"u\" auth \"s3cr3t-pass\"\n",
	    "test.conf", &errs);
	cr_assert(eq(ptr, conf, NULL));
	cr_assert(has_error(&errs, "test.conf", 1, "auth protocol"));
	for (size_t i = 0; i < errs.count && i < CONF_ERRORS_MAX; i++) {
		conf_errors_format(&errs, i, msg, sizeof(msg));
		cr_assert(eq(ptr, strstr(msg, "s3cr3t"), NULL), "%s", msg);
	}
}

Test(conf_parse, snmpv3_user_errors)
{
	assert_error("snmpv3-user \"u\" auth md5 \"authpass1\"\n", 1,
	    "auth protocol");
	assert_error("snmpv3-user \"u\" auth sha \"authpass1\" priv des "
		     "\"privpass1\"\n",
	    1, "priv protocol");
	assert_error("snmpv3-user \"u\" auth sha \"authpass1\" engine-id "
		     "80000000\n",
	    1, "engine-id must be");
	assert_error("snmpv3-user \"u\" auth sha \"authpass1\" engine-id "
		     "80000000010g\n",
	    1, "hex digit");
	assert_error("snmpv3-user \"u\" auth sha \"authpass1\"\n"
		     "snmpv3-user \"u\" auth sha \"authpass2\"\n",
	    2, "duplicate snmpv3-user");
	assert_error("listen trap on 127.0.0.1 port 162 user \"nobody\"\n", 1,
	    "no snmpv3-user");
	assert_error("listen trap on 127.0.0.1 port 162 community \"c\" "
		     "security-level priv\n",
	    1, "security-level without a user");
	assert_error("snmpv3-user \"u\" auth sha \"authpass1\"\n"
		     "listen trap on 127.0.0.1 port 162 user \"u\" "
		     "security-level secret\n",
	    2, "'noauth', 'auth' or 'priv'");
}

Test(conf_parse, target_v3_and_delivery_options)
{
	struct conf *conf = parse_ok(
	    "snmpv3-user \"noc\" auth sha256 \"authpass1\" priv aes "
	    "\"privpass1\"\n"
	    "target \"a\" inform v3 to 192.0.2.1 port 162 user \"noc\" "
	    "retries 5 timeout 500ms queue 20\n"
	    "target \"b\" trap v2c to 192.0.2.2 port 162 community \"c\"\n");
	const struct conf_target *a = conf_find_target(conf, "a");
	const struct conf_target *b = conf_find_target(conf, "b");

	cr_assert(a->is_v3);
	cr_assert(a->is_inform);
	cr_assert(eq(int, strcmp(a->user, "noc"), 0));
	cr_assert(eq(str, a->usm.auth_pass, "authpass1"));
	cr_assert(eq(int, a->retries, 5));
	cr_assert(eq(i64, a->timeout_ms, 500));
	cr_assert(eq(sz, a->queue_max, 20));
	cr_assert(not(b->is_v3));
	cr_assert(eq(int, b->retries, CONF_DEFAULT_TARGET_RETRIES));
	cr_assert(eq(i64, b->timeout_ms, CONF_DEFAULT_TARGET_TIMEOUT_MS));
	cr_assert(eq(sz, b->queue_max, CONF_DEFAULT_TARGET_QUEUE));
	conf_free(conf);
}

Test(conf_parse, target_option_errors)
{
	assert_error("target \"a\" inform v3 to 192.0.2.1 port 162 user "
		     "\"nobody\"\n",
	    1, "no snmpv3-user");
	assert_error("target \"a\" inform v3 to 192.0.2.1 port 162 community "
		     "\"c\"\n",
	    1, "'user'");
	assert_error("target \"a\" inform v2c to 192.0.2.1 port 162 community "
		     "\"c\" queue 0\n",
	    1, "queue");
	assert_error("target \"a\" inform v2c to 192.0.2.1 port 162 community "
		     "\"c\" retries 11\n",
	    1, "retries");
	assert_error("target \"a\" inform v2c to 192.0.2.1 port 162 community "
		     "\"c\" timeout 61s\n",
	    1, "timeout");
	assert_error("target \"a\" inform v2c to 192.0.2.1 port 162 community "
		     "\"c\" retries 1 retries 2\n",
	    1, "duplicate 'retries'");
	assert_error("target \"a\" inform v1 to 192.0.2.1 port 162 community "
		     "\"c\"\n",
	    1, "'v2c' or 'v3'");
}

/* ------------------------------------------------ syslog formats */

Test(conf_parse, listen_format)
{
	struct conf *conf;

	conf =
	    parse_ok("listen syslog udp on 127.0.0.1 port 5514\n"
		     "listen syslog tcp on 127.0.0.1 port 5515 format snare\n"
		     "listen syslog udp on 127.0.0.1 port 5516 timezone "
		     "\"UTC\" format syslog-ng-agent\n"
		     "listen syslog udp on 127.0.0.1 port 5517 format rfc5424\n"
		     "listen syslog udp on 127.0.0.1 port 5518 format cef\n");
	cr_assert(eq(int, conf->listens[0].format, CONF_INPUT_AUTO));
	cr_assert(eq(int, conf->listens[1].format, CONF_INPUT_SNARE));
	cr_assert(eq(int, conf->listens[2].format, CONF_INPUT_SYSLOG_NG));
	cr_assert(eq(int, conf->listens[3].format, CONF_INPUT_RFC5424));
	cr_assert(eq(int, conf->listens[4].format, CONF_INPUT_CEF));
	cr_assert(eq(str, P(conf_input_format_name(CONF_INPUT_NXLOG_KVP)),
	    S("nxlog-kvp")));
	cr_assert(
	    eq(str, P(conf_input_format_name(CONF_INPUT_COUNT)), S("auto")));
	conf_free(conf);
}

Test(conf_parse, bad_listen_format)
{
	assert_error("listen syslog udp on 127.0.0.1 port 5514 format snares\n",
	    1, "a format: auto, rfc3164");
	assert_error("listen syslog udp on 127.0.0.1 port 5514 format\n", 1,
	    "a format");
	assert_error("listen syslog udp on 127.0.0.1 port 5514 format "
		     "\"snare\"\n",
	    1, "a format");
	assert_error("listen trap on 127.0.0.1 port 1162 community \"p\" "
		     "format snare\n",
	    1, "format");
}
