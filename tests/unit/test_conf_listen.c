/* SPDX-License-Identifier: ISC */
/*
 * conf_listen: the transport and access options of a listen line
 * (receive-buffer, allow, tls files, unix path) and the address blocks.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "conf/conf.h"
#include "conf/conf_parse.h"

#define S(lit) ((char[]){ lit })

/* The one listen statement of text, which must be valid. */
static struct conf *
listen_ok(const char *text)
{
	struct conf_errors errs;
	struct conf *conf;
	char msg[600] = "";

	conf = conf_parse_string(text, "t.conf", &errs);
	if (errs.count > 0)
		conf_errors_format(&errs, 0, msg, sizeof(msg));
	cr_assert(ne(ptr, conf, NULL), "rejected: %s", msg);
	cr_assert(eq(sz, conf->nlistens, 1));
	return conf;
}

/* Whether text is refused with an error containing needle. */
static bool
refused_with(const char *text, const char *needle)
{
	struct conf_errors errs;
	struct conf *conf;
	char msg[600];

	conf = conf_parse_string(text, "t.conf", &errs);
	conf_free(conf);
	for (size_t i = 0; i < errs.count && i < CONF_ERRORS_MAX; i++) {
		conf_errors_format(&errs, i, msg, sizeof(msg));
		if (strstr(msg, needle) != NULL)
			return conf == NULL;
	}
	return false;
}

static bool
allows(const struct conf_listen *l, const char *text)
{
	struct conf_addr a;

	cr_assert(eq(int, conf_addr_parse(text, &a), 0));
	return conf_listen_allows(l, &a);
}

Test(conf_listen, receive_buffer_on_udp_and_trap_lines)
{
	struct conf *conf;

	conf =
	    listen_ok("listen syslog udp on :: port 514 receive-buffer 8M\n");
	cr_assert(eq(sz, conf->listens[0].receive_buffer, 8u << 20));
	conf_free(conf);
	conf = listen_ok("listen trap on ::1 port 162 community \"p\" "
			 "receive-buffer 256K\n");
	cr_assert(eq(sz, conf->listens[0].receive_buffer, 256u << 10));
	conf_free(conf);
	conf = listen_ok("listen syslog udp on :: port 514\n");
	cr_assert(eq(sz, conf->listens[0].receive_buffer, 0));
	conf_free(conf);
	cr_assert(refused_with("listen syslog tcp on :: port 514 "
			       "receive-buffer 8M\n",
	    "'receive-buffer' does not apply"));
	cr_assert(refused_with("listen syslog udp on :: port 514 "
			       "receive-buffer 1K\n",
	    "receive-buffer"));
}

Test(conf_listen, allow_blocks_match_by_prefix)
{
	struct conf *conf;
	const struct conf_listen *l;

	conf = listen_ok("listen syslog udp on 0.0.0.0 port 514 timezone "
			 "\"UTC\" allow 192.0.2.0/24 10.1.2.3 2001:db8::/32\n");
	l = &conf->listens[0];
	cr_assert(eq(sz, l->nallow, 3));
	cr_assert(allows(l, "192.0.2.77"));
	cr_assert(not(allows(l, "192.0.3.1")));
	cr_assert(allows(l, "10.1.2.3"));
	cr_assert(not(allows(l, "10.1.2.4")));
	cr_assert(allows(l, "2001:db8:ffff::1"));
	cr_assert(not(allows(l, "2001:db9::1")));
	/* an IPv4-mapped IPv6 peer compares as IPv4 */
	cr_assert(allows(l, "::ffff:192.0.2.9"));
	conf_free(conf);
}

Test(conf_listen, no_allow_list_allows_everyone)
{
	struct conf *conf = listen_ok("listen syslog tcp on :: port 514\n");

	cr_assert(allows(&conf->listens[0], "203.0.113.5"));
	cr_assert(allows(&conf->listens[0], "::1"));
	conf_free(conf);
}

Test(conf_listen, cidr_host_bits_are_cleared_and_zero_prefix_is_all)
{
	struct conf_cidr c;
	struct conf_listen l;

	cr_assert(eq(int, conf_cidr_parse("192.0.2.99/24", &c), 0));
	cr_assert(eq(u32, c.bits, 120));
	cr_assert(eq(u8, c.addr.bytes[15], 0));
	memset(&l, 0, sizeof(l));
	l.allow = &c;
	l.nallow = 1;
	cr_assert(allows(&l, "192.0.2.1"));
	cr_assert(eq(int, conf_cidr_parse("0.0.0.0/0", &c), 0));
	cr_assert(allows(&l, "198.51.100.1"));
	cr_assert(not(allows(&l, "2001:db8::1"))); /* IPv4 blocks only */
	cr_assert(eq(int, conf_cidr_parse("::/0", &c), 0));
	cr_assert(allows(&l, "2001:db8::1"));
	cr_assert(eq(int, conf_cidr_parse("192.0.2.0/33", &c), -1));
	cr_assert(eq(int, conf_cidr_parse("2001:db8::/129", &c), -1));
	cr_assert(eq(int, conf_cidr_parse("192.0.2.0/", &c), -1));
	cr_assert(eq(int, conf_cidr_parse("192.0.2.0/-1", &c), -1));
	cr_assert(eq(int, conf_cidr_parse("192.0.2.0/8x", &c), -1));
	cr_assert(eq(int, conf_cidr_parse("host.example/8", &c), -1));
}

Test(conf_listen, allow_errors)
{
	cr_assert(refused_with("listen syslog udp on :: port 514 allow\n",
	    "expected an address or address/prefix"));
	cr_assert(refused_with("listen syslog udp on :: port 514 allow "
			       "10.0.0.0/8 nowhere\n",
	    "'nowhere' is not a numeric"));
	/* allow ends the line */
	cr_assert(refused_with("listen syslog udp on :: port 514 allow ::1 "
			       "timezone \"UTC\"\n",
	    "expected end of line"));
	cr_assert(refused_with("listen syslog unix \"/run/e.sock\" allow ::1\n",
	    "'allow' does not apply"));
}

Test(conf_listen, tls_needs_certificate_and_key)
{
	struct conf *conf;
	const struct conf_listen *l;

	conf = listen_ok("listen syslog tls on ::1 port 6514 certificate "
			 "\"/c.pem\" key \"/k.pem\" ca \"/ca.pem\" "
			 "handshake-timeout 3s allow ::1\n");
	l = &conf->listens[0];
	cr_assert(eq(int, l->kind, CONF_LISTEN_SYSLOG_TLS));
	cr_assert(eq(str, l->certificate, S("/c.pem")));
	cr_assert(eq(str, l->key, S("/k.pem")));
	cr_assert(eq(str, l->ca, S("/ca.pem")));
	cr_assert(eq(i64, l->handshake_timeout_ms, 3000));
	conf_free(conf);
	conf = listen_ok("listen syslog tls on ::1 port 6514 certificate "
			 "\"/c.pem\" key \"/k.pem\"\n");
	cr_assert(eq(ptr, conf->listens[0].ca, NULL));
	cr_assert(eq(i64, conf->listens[0].handshake_timeout_ms,
	    CONF_DEFAULT_HANDSHAKE_TIMEOUT_MS));
	conf_free(conf);
	cr_assert(refused_with("listen syslog tls on ::1 port 6514 key "
			       "\"/k.pem\"\n",
	    "needs a certificate and a key"));
	cr_assert(refused_with("listen syslog tls on ::1 port 6514 certificate "
			       "\"/c\" key \"/k\" key \"/k\"\n",
	    "duplicate 'key'"));
	cr_assert(refused_with("listen syslog udp on ::1 port 514 ca \"/c\"\n",
	    "'ca' does not apply"));
	cr_assert(refused_with("listen syslog tcp on ::1 port 514\n"
			       "listen syslog tls on ::1 port 514 certificate "
			       "\"/c\" key \"/k\"\n",
	    "both on tcp"));
}

Test(conf_listen, unix_socket_path)
{
	struct conf *conf;

	conf = listen_ok("listen syslog unix \"/run/evcorrd/syslog.sock\"\n");
	cr_assert(eq(int, conf->listens[0].kind, CONF_LISTEN_SYSLOG_UNIX));
	cr_assert(
	    eq(str, conf->listens[0].path, S("/run/evcorrd/syslog.sock")));
	conf_free(conf);
	cr_assert(
	    refused_with("listen syslog unix \"relative.sock\"\n", "absolute"));
	cr_assert(refused_with("listen syslog unix \"/run/a.sock\"\n"
			       "listen syslog unix \"/run/a.sock\"\n",
	    "duplicate listen syslog unix"));
	cr_assert(
	    refused_with("listen syslog unix \"/run/"
			 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			 "aaaaaaaaaa.sock\"\n",
		"socket path"));
}
