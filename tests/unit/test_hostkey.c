/* SPDX-License-Identifier: ISC */
/* hostkey_normalise and hostkey_for_event: names, addresses, aliases. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "conf/conf.h"
#include "engine/hostkey.h"
#include "decode/winevent.h"

static char key[HOSTKEY_MAX];

/* Normalises name into the static key; returns the result code. */
static int
norm(const char *name, bool strip)
{
	memset(key, 'X', sizeof(key));
	return hostkey_normalise(name, strip, key, sizeof(key));
}

Test(hostkey, lower_cases_and_strips_domain)
{
	cr_assert(eq(int, norm("EXCH01.Corp.Example", true), 0));
	cr_assert(eq(str, key, "exch01"));
}

Test(hostkey, keeps_domain_without_strip)
{
	cr_assert(eq(int, norm("EXCH01.Corp.Example", false), 0));
	cr_assert(eq(str, key, "exch01.corp.example"));
}

Test(hostkey, drops_root_dot_of_absolute_name)
{
	cr_assert(eq(int, norm("EXCH01.corp.example.", false), 0));
	cr_assert(eq(str, key, "exch01.corp.example"));
	cr_assert(eq(int, norm("EXCH01.", true), 0));
	cr_assert(eq(str, key, "exch01"));
}

Test(hostkey, trims_surrounding_white_space)
{
	cr_assert(eq(int, norm(" \t EXCH01\r\n", true), 0));
	cr_assert(eq(str, key, "exch01"));
}

Test(hostkey, no_name_when_empty_blank_or_nil)
{
	cr_assert(eq(int, norm("", true), -1));
	cr_assert(eq(int, norm(" \t\r\n", true), -1));
	cr_assert(eq(int, norm(NULL, true), -1));
	/* RFC 5424 NILVALUE and Snare's placeholder */
	cr_assert(eq(int, norm("-", true), -1));
	cr_assert(eq(int, norm(" - ", false), -1));
	cr_assert(eq(int, norm("--", true), 0));
	cr_assert(eq(str, key, "--"));
}

Test(hostkey, escapes_inner_space_control_backslash_and_bad_bytes)
{
	cr_assert(eq(int, norm("EXCH 01", true), 0));
	cr_assert(eq(str, key, "exch\\x2001"));
	cr_assert(eq(int, norm("EXCH\t01", false), 0));
	cr_assert(eq(str, key, "exch\\x0901"));
	cr_assert(eq(int,
	    norm("EX\x01"
		 "CH",
		true),
	    0));
	cr_assert(eq(str, key, "ex\\x01ch"));
	cr_assert(eq(int, norm("EXCH\x7f", true), 0));
	cr_assert(eq(str, key, "exch\\x7f"));
	cr_assert(eq(int, norm("A\\B", true), 0));
	cr_assert(eq(str, key, "a\\x5cb"));
	/* not UTF-8: escaped, so keys are valid UTF-8 */
	cr_assert(eq(int, norm("EXCH\xff\xc3", true), 0));
	cr_assert(eq(str, key, "exch\\xff\\xc3"));
}

Test(hostkey, escaping_keeps_distinct_names_distinct)
{
	char a[HOSTKEY_MAX];

	/* "a b" must not meet "a_b", "a\\x20b" or "a\tb" */
	cr_assert(eq(int, norm("a b", true), 0));
	snprintf(a, sizeof(a), "%s", key);
	cr_assert(eq(int, norm("a_b", true), 0));
	cr_assert(ne(str, key, a));
	cr_assert(eq(int, norm("a\\x20b", true), 0));
	cr_assert(ne(str, key, a));
	cr_assert(eq(int, norm("a\tb", true), 0));
	cr_assert(ne(str, key, a));
}

Test(hostkey, control_bytes_in_stripped_domain_are_dropped_with_it)
{
	cr_assert(eq(int, norm("exch01.bad domain", true), 0));
	cr_assert(eq(str, key, "exch01"));
	cr_assert(eq(int, norm("exch01.bad domain", false), 0));
	cr_assert(eq(str, key, "exch01.bad\\x20domain"));
}

Test(hostkey, name_without_host_label_is_kept_whole)
{
	cr_assert(eq(int, norm(".corp.example", true), 0));
	cr_assert(eq(str, key, ".corp.example"));
	cr_assert(eq(int, norm(".", false), 0));
	cr_assert(eq(str, key, "."));
}

Test(hostkey, domain_not_stripped_from_what_starts_like_an_address)
{
	cr_assert(eq(int, norm("10.0.0.1.evil.com", true), 0));
	cr_assert(eq(str, key, "10.0.0.1.evil.com"));
	cr_assert(eq(int, norm("10.example.com", true), 0));
	cr_assert(eq(str, key, "10.example.com"));
	/* a label with a letter is a host label */
	cr_assert(eq(int, norm("10a.example.com", true), 0));
	cr_assert(eq(str, key, "10a"));
}

Test(hostkey, bracketed_ipv6_is_the_same_address)
{
	char a[HOSTKEY_MAX];

	cr_assert(eq(int, norm("[::1]", true), 0));
	snprintf(a, sizeof(a), "%s", key);
	cr_assert(eq(int, norm("::1", true), 0));
	cr_assert(eq(str, key, a));
	cr_assert(eq(str, key, "::1"));
	cr_assert(eq(int, norm("[2001:DB8::5]", true), 0));
	cr_assert(eq(str, key, "2001:db8::5"));
	/* brackets hold IPv6 only */
	cr_assert(eq(int, norm("[192.0.2.5]", true), 0));
	cr_assert(eq(str, key, "[192"));
}

Test(hostkey, keeps_non_ascii_bytes)
{
	cr_assert(eq(int, norm("SERVEUR-\xc3\x89T\xc3\x89.x", true), 0));
	cr_assert(eq(str, key, "serveur-\xc3\x89t\xc3\x89"));
}

Test(hostkey, ipv4_literal_is_never_stripped)
{
	cr_assert(eq(int, norm("192.0.2.5", true), 0));
	cr_assert(eq(str, key, "192.0.2.5"));
	cr_assert(eq(int, norm("  10.0.0.1 ", true), 0));
	cr_assert(eq(str, key, "10.0.0.1"));
}

Test(hostkey, ipv6_literal_is_canonicalised)
{
	cr_assert(eq(int, norm("2001:DB8:0:0:0:0:0:5", true), 0));
	cr_assert(eq(str, key, "2001:db8::5"));
	cr_assert(eq(int, norm("::1", true), 0));
	cr_assert(eq(str, key, "::1"));
}

Test(hostkey, v4_mapped_ipv6_becomes_ipv4)
{
	cr_assert(eq(int, norm("::ffff:192.0.2.5", true), 0));
	cr_assert(eq(str, key, "192.0.2.5"));
	cr_assert(eq(int, norm("::FFFF:c000:0205", false), 0));
	cr_assert(eq(str, key, "192.0.2.5"));
}

Test(hostkey, almost_addresses_are_names_kept_whole)
{
	/* Not dotted quads: names, but numeric first labels are not cut. */
	cr_assert(eq(int, norm("192.0.2", true), 0));
	cr_assert(eq(str, key, "192.0.2"));
	cr_assert(eq(int, norm("192.0.2.256", true), 0));
	cr_assert(eq(str, key, "192.0.2.256"));
}

Test(hostkey, fails_when_key_does_not_fit)
{
	char small[7];

	cr_assert(eq(int, hostkey_normalise("EXCH01", true, small, 7), 0));
	cr_assert(eq(str, small, "exch01"));
	cr_assert(eq(int, hostkey_normalise("EXCH012", true, small, 7), -1));
	cr_assert(
	    eq(int, hostkey_normalise("2001:db8::1", true, small, 7), -1));
	cr_assert(eq(int, hostkey_normalise("x", true, small, 0), -1));
}

Test(hostkey, fails_when_address_key_does_not_fit)
{
	char buf[10];

	/* "192.0.2.5" is 9 bytes: it needs 10 with the NUL. */
	cr_assert(eq(int, hostkey_normalise("192.0.2.5", true, buf, 9), -1));
	cr_assert(eq(int, hostkey_normalise("192.0.2.5", true, buf, 10), 0));
	cr_assert(eq(str, buf, "192.0.2.5"));
}

Test(hostkey, names_up_to_the_bound_are_kept_whole)
{
	char name[HOSTKEY_NAME_MAX + 1];

	memset(name, 'A', HOSTKEY_NAME_MAX);
	name[HOSTKEY_NAME_MAX] = '\0';
	cr_assert(eq(int, norm(name, true), 0));
	cr_assert(eq(sz, strlen(key), (size_t)HOSTKEY_NAME_MAX));
	cr_assert(eq(int, key[0], 'a'));
	cr_assert(eq(ptr, strchr(key, '~'), NULL));
}

Test(hostkey, long_names_are_cut_with_a_hash_and_stay_distinct)
{
	char name[2 * HOSTKEY_MAX], a[HOSTKEY_MAX];

	memset(name, 'A', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	cr_assert(eq(int, norm(name, true), 0));
	cr_assert(eq(sz, strlen(key), (size_t)HOSTKEY_NAME_MAX + 33));
	cr_assert(eq(chr, key[HOSTKEY_NAME_MAX], '~'));
	snprintf(a, sizeof(a), "%s", key);
	/* the same name: the same key, in any process */
	cr_assert(eq(int, norm(name, true), 0));
	cr_assert(eq(str, key, a));
	/* differing past the cut: another key */
	name[sizeof(name) - 2] = 'B';
	cr_assert(eq(int, norm(name, true), 0));
	cr_assert(ne(str, key, a));
	cr_assert(eq(int, strncmp(key, a, HOSTKEY_NAME_MAX), 0));
	/* escapes are never cut in half: 201 bytes of "\\x01" pieces */
	memset(name, 1, 60);
	name[60] = '\0';
	cr_assert(eq(int, norm(name, true), 0));
	cr_assert(eq(sz, strlen(key), (size_t)(50 * 4 + 33)));
}

/* ---- hostkey_for_event */

static struct conf *
conf_with_alias(bool strip, const char *alias, const char *const *addrs,
    size_t naddrs)
{
	struct conf *conf = calloc(1, sizeof(*conf));
	size_t i;

	cr_assert(not(eq(ptr, conf, NULL)));
	conf->strip_domain = strip;
	if (alias == NULL)
		return conf;
	conf->hosts = calloc(1, sizeof(*conf->hosts));
	conf->nhosts = 1;
	snprintf(conf->hosts[0].name, sizeof(conf->hosts[0].name), "%s", alias);
	conf->hosts[0].addrs = calloc(naddrs, sizeof(struct conf_addr));
	conf->hosts[0].naddrs = naddrs;
	for (i = 0; i < naddrs; i++) {
		struct conf_addr *a = &conf->hosts[0].addrs[i];
		struct in_addr in4;

		if (inet_pton(AF_INET, addrs[i], &in4) == 1) {
			a->bytes[10] = 0xff;
			a->bytes[11] = 0xff;
			memcpy(a->bytes + 12, &in4, 4);
		} else
			cr_assert(eq(int,
			    inet_pton(AF_INET6, addrs[i], a->bytes), 1));
	}
	return conf;
}

static void
conf_release(struct conf *conf)
{
	size_t i;

	for (i = 0; i < conf->nhosts; i++)
		free(conf->hosts[i].addrs);
	free(conf->hosts);
	free(conf);
}

static struct winevent
ev_from(const char *computer, const char *peer)
{
	struct winevent ev;

	memset(&ev, 0, sizeof(ev));
	snprintf(ev.computer, sizeof(ev.computer), "%s", computer);
	snprintf(ev.peer, sizeof(ev.peer), "%s", peer);
	return ev;
}

static const char *const exch_addrs[] = { "192.0.2.5", "2001:db8::5" };

Test(hostkey, event_computer_name_wins)
{
	struct conf *conf = conf_with_alias(true, "OTHER", exch_addrs, 2);
	struct winevent ev = ev_from("EXCH01.corp.example", "192.0.2.5");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	conf_release(conf);
}

Test(hostkey, event_name_respects_strip_domain_off)
{
	struct conf *conf = conf_with_alias(false, NULL, NULL, 0);
	struct winevent ev = ev_from("EXCH01.corp.example", "192.0.2.5");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01.corp.example"));
	conf_release(conf);
}

Test(hostkey, event_without_name_uses_peer_alias)
{
	struct conf *conf =
	    conf_with_alias(true, "EXCH01.corp.example", exch_addrs, 2);
	struct winevent ev = ev_from("", "192.0.2.5");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	conf_release(conf);
}

Test(hostkey, alias_name_keeps_domain_without_strip)
{
	struct conf *conf =
	    conf_with_alias(false, "EXCH01.corp.example", exch_addrs, 2);
	struct winevent ev = ev_from("", "2001:db8::5");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01.corp.example"));
	conf_release(conf);
}

Test(hostkey, alias_matches_any_listed_address_in_any_spelling)
{
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent ev = ev_from("", "2001:0DB8:0::5");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	ev = ev_from("", "::ffff:192.0.2.5");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	conf_release(conf);
}

Test(hostkey, computer_name_address_uses_alias)
{
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent ev = ev_from("192.0.2.5", "198.51.100.9");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	conf_release(conf);
}

Test(hostkey, computer_address_is_never_the_relays_alias)
{
	static const char *const relay[] = { "198.51.100.9" };
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent ev;

	/* Add a second alias for the relay that forwarded the event. */
	conf->hosts = realloc(conf->hosts, 2 * sizeof(*conf->hosts));
	memset(&conf->hosts[1], 0, sizeof(conf->hosts[1]));
	snprintf(conf->hosts[1].name, sizeof(conf->hosts[1].name), "RELAY");
	conf->hosts[1].addrs = calloc(1, sizeof(struct conf_addr));
	conf->hosts[1].addrs[0].bytes[10] = 0xff;
	conf->hosts[1].addrs[0].bytes[11] = 0xff;
	inet_pton(AF_INET, relay[0], conf->hosts[1].addrs[0].bytes + 12);
	conf->hosts[1].naddrs = 1;
	conf->nhosts = 2;

	ev = ev_from("192.0.2.5", "198.51.100.9");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	/* the event names its own address: the relay's alias is not it */
	ev = ev_from("192.0.2.77", "198.51.100.9");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "192.0.2.77"));
	ev = ev_from("", "198.51.100.9");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "relay"));
	conf_release(conf);
}

Test(hostkey, computer_address_without_alias_is_the_key)
{
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent ev = ev_from("2001:DB8::77", "198.51.100.9");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "2001:db8::77"));
	conf_release(conf);
}

Test(hostkey, peer_without_alias_is_the_key)
{
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent ev = ev_from("  ", "::ffff:198.51.100.9");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "198.51.100.9"));
	conf_release(conf);
}

Test(hostkey, odd_computer_name_never_falls_back_to_the_peer)
{
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent ev = ev_from("EXCH\x01"
				     "01",
	    "192.0.2.5");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch\\x0101"));
	ev = ev_from("two words", "192.0.2.99");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "two\\x20words"));
	conf_release(conf);
}

/* The attack run's false alert: two odd names behind one relay. */
Test(hostkey, two_servers_behind_one_relay_never_share_a_key)
{
	struct conf *conf = conf_with_alias(true, NULL, NULL, 0);
	struct winevent a = ev_from("SERVER A", "127.0.0.1");
	struct winevent b = ev_from("OTHER\tBOX", "127.0.0.1");
	char ka[HOSTKEY_MAX];

	cr_assert(eq(int, hostkey_for_event(conf, &a, ka, sizeof(ka)), 0));
	cr_assert(eq(int, hostkey_for_event(conf, &b, key, sizeof(key)), 0));
	cr_assert(ne(str, ka, key));
	cr_assert(ne(str, ka, "127.0.0.1"));
	cr_assert(ne(str, key, "127.0.0.1"));
	conf_release(conf);
}

Test(hostkey, nil_computer_name_uses_the_peer)
{
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent ev = ev_from("-", "192.0.2.5");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	ev = ev_from("[2001:db8::5]", "198.51.100.9");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	conf_release(conf);
}

Test(hostkey, nothing_to_key_on_fails)
{
	struct conf *conf = conf_with_alias(true, NULL, NULL, 0);
	struct winevent ev = ev_from("", "");

	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), -1));
	ev = ev_from("-", "not-an-address");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), -1));
	ev = ev_from("", "example.com");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), -1));
	conf_release(conf);
}

/* A name the decoder had to cut is refused, never keyed on the peer. */
Test(hostkey, a_cut_name_is_refused)
{
	struct conf *conf = conf_with_alias(true, NULL, NULL, 0);
	struct winevent ev = ev_from("EXCH01", "192.0.2.1");

	ev.is_computer_cut = true;
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)),
	    HOSTKEY_TOO_LONG));
	conf_release(conf);
}

Test(hostkey, same_server_by_every_path_gets_one_key)
{
	struct conf *conf = conf_with_alias(true, "EXCH01", exch_addrs, 2);
	struct winevent paths[] = {
		ev_from("EXCH01", "198.51.100.9"),
		ev_from("exch01.corp.example", "203.0.113.1"),
		ev_from("", "192.0.2.5"),
		ev_from("192.0.2.5", ""),
		ev_from("", "2001:db8::5"),
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		cr_assert(eq(int,
		    hostkey_for_event(conf, &paths[i], key, sizeof(key)), 0));
		cr_assert(eq(str, key, "exch01"), "path %zu", i);
	}
	conf_release(conf);
}

Test(hostkey, event_key_fails_when_buffer_too_small)
{
	struct conf *conf = conf_with_alias(true, NULL, NULL, 0);
	struct winevent ev = ev_from("EXCH01", "");
	char small[4];

	cr_assert(
	    eq(int, hostkey_for_event(conf, &ev, small, sizeof(small)), -1));
	ev = ev_from("", "192.0.2.5");
	cr_assert(
	    eq(int, hostkey_for_event(conf, &ev, small, sizeof(small)), -1));
	conf_release(conf);
}

Test(hostkey, long_names_differing_in_case_only_meet)
{
	char name[HOSTKEY_MAX], a[HOSTKEY_MAX];

	memset(name, 'A', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	cr_assert(eq(int, norm(name, true), 0));
	snprintf(a, sizeof(a), "%s", key);
	memset(name + HOSTKEY_NAME_MAX, 'a', 10);
	cr_assert(eq(int, norm(name, true), 0));
	cr_assert(eq(str, key, a));
}

/* The table in docs/correlation.md, "Host keys": keep the two in step. */
Test(hostkey, documented_examples)
{
	static const struct {
		const char *name;
		bool strip;
		const char *key;
	} ex[] = {
		{ "EXCH01", true, "exch01" },
		{ "EXCH01.corp.example", true, "exch01" },
		{ "exch01.corp.example.", true, "exch01" },
		{ "exch01.corp.example.", false, "exch01.corp.example" },
		{ "10.0.0.1.evil.com", true, "10.0.0.1.evil.com" },
		{ "SERVER A", true, "server\\x20a" },
		{ "OTHER\tBOX", true, "other\\x09box" },
		{ "A\\B", true, "a\\x5cb" },
		{ "EXCH\xff", true, "exch\\xff" },
		{ ".corp.example", true, ".corp.example" },
		{ "exch01.bad domain", true, "exch01" },
		{ "exch01.bad domain", false, "exch01.bad\\x20domain" },
		{ "[::1]", true, "::1" },
		{ "::1", true, "::1" },
		{ "2001:DB8:0::5", true, "2001:db8::5" },
		{ "[2001:db8::5]", true, "2001:db8::5" },
		{ "::ffff:192.0.2.5", true, "192.0.2.5" },
	};

	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		cr_assert(eq(int, norm(ex[i].name, ex[i].strip), 0), "%s",
		    ex[i].name);
		cr_assert(eq(int, strcmp(key, ex[i].key), 0), "%s: %s",
		    ex[i].name, key);
	}
	cr_assert(eq(int, norm("-", true), -1));
}

Test(hostkey, relayed_trap_without_name_keys_on_its_origin)
{
	struct conf *conf =
	    conf_with_alias(true, "EXCH01.corp.example", exch_addrs, 2);
	struct winevent ev = ev_from("", "203.0.113.1"); /* the relay */

	snprintf(ev.origin, sizeof(ev.origin), "%s", "192.0.2.5");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch01"));
	conf_release(conf);
}

Test(hostkey, computer_name_wins_over_the_origin)
{
	struct conf *conf = conf_with_alias(true, NULL, NULL, 0);
	struct winevent ev = ev_from("EXCH02", "203.0.113.1");

	snprintf(ev.origin, sizeof(ev.origin), "%s", "192.0.2.5");
	cr_assert(eq(int, hostkey_for_event(conf, &ev, key, sizeof(key)), 0));
	cr_assert(eq(str, key, "exch02"));
	conf_release(conf);
}
