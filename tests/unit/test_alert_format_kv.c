/* SPDX-License-Identifier: ISC */
/*
 * alert_format's SIEM formats (json-ecs, rfc5424, cef, leef): the
 * Q246115 alert, kinds without a closing event, hostile text (quotes,
 * =, |, \, ], line breaks, NUL, ANSI escapes, invalid UTF-8, 64 KiB) and
 * every buffer size.  Each record is checked by a strict reader of its
 * format written here from the specification, which returns the pairs it
 * found: hostile text must neither break a record nor add a key.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <jansson.h>

#include "alert_fixture.h"
#include "core/utf8.h"
#include "output/alert_format.h"

#include "criterion_str.h"

TestSuite(alert_format_kv, .init = setup);

#define PAIRS_MAX 64

/* What a reader found: key=value pairs, values unescaped. */
struct pairs {
	size_t n;
	char key[PAIRS_MAX][64];
	char *value[PAIRS_MAX];
	bool is_truncated;
};

static void
pairs_add(struct pairs *p, const char *key, size_t keylen, const char *val,
    size_t vallen)
{
	cr_assert(lt(sz, p->n, PAIRS_MAX));
	cr_assert(lt(sz, keylen, sizeof(p->key[0])));
	memcpy(p->key[p->n], key, keylen);
	p->key[p->n][keylen] = '\0';
	p->value[p->n] = strndup(val, vallen);
	p->n++;
}

static void
pairs_free(struct pairs *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->value[i]);
	p->n = 0;
}

static char *
pairs_get(const struct pairs *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->key[i], key) == 0)
			return p->value[i];
	return NULL;
}

/* The whole record: valid UTF-8 without a control byte. */
static void
assert_clean(const char *s, bool may_tab)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		cr_assert(gt(sz, n, 0), "invalid UTF-8 at %zu: %s", i, s);
		cr_assert(cp >= 0x20 || (may_tab && cp == '\t'),
		    "control byte %#x at %zu: %s", cp, i, s);
		cr_assert(ne(u32, cp, 0x7f));
		cr_assert(cp < 0x80 || cp > 0x9f, "C1 control in %s", s);
		i += n;
	}
}

/*
 * RFC 5424 (section 6): HEADER SP STRUCTURED-DATA, no MSG: one
 * SD-ELEMENT, ALERT_FORMAT_SD_ID, its PARAM-VALUEs with '"', '\' and ']'
 * escaped.
 */
static void
read_rfc5424(const char *s, struct pairs *p)
{
	const char *q = s, *k;
	char val[ALERT_FORMAT_MAX];
	size_t vn;
	int pri, fields = 0;

	assert_clean(s, false);
	cr_assert(eq(int, sscanf(s, "<%d>1 ", &pri), 1), "%s", s);
	cr_assert(pri >= 0 && pri <= 191);
	/* PRI+VERSION, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID */
	while (fields < 6) {
		while (*q > ' ' && *q < 0x7f)
			q++;
		cr_assert(eq(chr, *q, ' '), "header: %s", s);
		q++, fields++;
	}
	cr_assert(eq(int,
		      strncmp(q, "[" ALERT_FORMAT_SD_ID " ",
			  strlen(ALERT_FORMAT_SD_ID) + 2),
		      0),
	    "%s", s);
	q += strlen(ALERT_FORMAT_SD_ID) + 1;
	while (*q == ' ') {
		k = ++q;
		while (*q != '=' && *q != ' ' && *q != ']' && *q != '"' &&
		    *q > ' ' && *q < 0x7f)
			q++;
		cr_assert(gt(sz, (size_t)(q - k), 0), "%s", s);
		cr_assert(le(sz, (size_t)(q - k), 32));
		cr_assert(eq(chr, q[0], '='), "%s", s);
		cr_assert(eq(chr, q[1], '"'), "%s", s);
		q += 2, vn = 0;
		while (*q != '"') {
			cr_assert(ne(chr, *q, '\0'), "unterminated: %s", s);
			cr_assert(ne(chr, *q, ']'), "bare ]: %s", s);
			if (*q == '\\' && strchr("\"\\]", q[1]) != NULL)
				q++;
			val[vn++] = *q++;
		}
		q++;
		pairs_add(p, k, (size_t)(strchr(k, '=') - k), val, vn);
	}
	cr_assert(eq(chr, *q, ']'), "%s", s);
	cr_assert(eq(chr, q[1], '\0'), "after SD: %s", s);
	p->is_truncated = pairs_get(p, "truncated") != NULL;
}

static bool
is_cef_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* An unescaped '=' at q that ends a key: the key's start, else NULL. */
static const char *
cef_key_at(const char *start, const char *q)
{
	const char *k = q;

	while (k > start && is_cef_key_char(k[-1]))
		k--;
	if (k == q || (k > start && k[-1] != ' '))
		return NULL;
	return k;
}

/*
 * CEF: "CEF:0|" and six more header fields ('\|', '\\'), then key=value
 * pairs separated by spaces, '\=' '\\' '\n' '\r' in values.  The key
 * before every unescaped '=' starts a pair: an injected "k=v" would show.
 */
static void
read_cef(const char *s, struct pairs *p)
{
	const char *q = s, *v, *k = NULL, *next;
	char val[ALERT_FORMAT_MAX];
	int bars = 0;
	size_t vn;

	assert_clean(s, false);
	cr_assert(eq(int, strncmp(s, "CEF:0|", 6), 0), "%s", s);
	for (; *q != '\0' && bars < 7; q++) {
		if (*q == '\\') {
			cr_assert(ne(ptr, strchr("|\\", q[1]), NULL),
			    "bad header escape: %s", s);
			q++;
		} else if (*q == '|') {
			bars++;
		}
	}
	cr_assert(eq(int, bars, 7), "header: %s", s);
	while (*q != '\0') {
		k = q;
		while (is_cef_key_char(*q))
			q++;
		cr_assert(eq(chr, *q, '='), "key at %s", k);
		v = ++q, vn = 0;
		/* The value runs to the space before the next key. */
		for (next = NULL; *q != '\0'; q++) {
			if (*q == '\\') {
				cr_assert(ne(ptr, strchr("=\\nr", q[1]), NULL),
				    "bad escape: %s", q);
				val[vn++] = q[1] == 'n' ? '\n'
				    : q[1] == 'r'       ? '\r'
							: q[1];
				q++;
				continue;
			}
			cr_assert(ne(chr, *q, '='), "unescaped = in %s", v);
			if (*q == ' ' && (next = strchr(q + 1, '=')) != NULL &&
			    cef_key_at(q + 1, next) == q + 1)
				break;
			val[vn++] = *q;
		}
		pairs_add(p, k, (size_t)(v - 1 - k), val, vn);
		if (*q == ' ')
			q++;
	}
	p->is_truncated = pairs_get(p, "evcorrdTruncated") != NULL;
}

/* LEEF 2.0: six header fields, delimiter x09, then tab-separated pairs. */
static void
read_leef(const char *s, struct pairs *p)
{
	static const char head[] =
	    "LEEF:2.0|evcorrd|evcorrd|" PACKAGE_VERSION "|";
	const char *q, *end, *eq;

	assert_clean(s, true);
	cr_assert(eq(int, strncmp(s, head, strlen(head)), 0), "%s", s);
	q = strchr(s + strlen(head), '|');
	cr_assert(ne(ptr, q, NULL));
	cr_assert(eq(int, strncmp(q, "|x09|", 5), 0), "%s", s);
	for (q += 5; *q != '\0'; q = *end != '\0' ? end + 1 : end) {
		end = q + strcspn(q, "\t");
		eq = memchr(q, '=', (size_t)(end - q));
		cr_assert(ne(ptr, eq, NULL), "pair without =: %s", q);
		pairs_add(p, q, (size_t)(eq - q), eq + 1,
		    (size_t)(end - eq - 1));
	}
	p->is_truncated = pairs_get(p, "truncated") != NULL;
}

/* ECS: one JSON object of dotted keys, every value a string or number. */
static void
read_ecs(const char *s, struct pairs *p)
{
	json_t *v = parse(s), *m;
	const char *key;
	char num[32];

	json_object_foreach(v, key, m)
	{
		if (json_is_string(m)) {
			pairs_add(p, key, strlen(key), json_string_value(m),
			    json_string_length(m));
		} else {
			cr_assert(is_type(m, JSON_INTEGER) ||
				is_type(m, JSON_TRUE),
			    "%s: %s", key, s);
			snprintf(num, sizeof(num), "%lld",
			    (long long)json_integer_value(m));
			pairs_add(p, key, strlen(key), num, strlen(num));
		}
	}
	p->is_truncated = json_object_get(v, "evcorrd.truncated") != NULL;
	json_decref(v);
}

static const struct format_case {
	enum conf_format format;
	void (*read)(const char *, struct pairs *);
	const char *kind_key, *id_key, *close_key, *clears_key;
	size_t npairs; /* the Q246115 pair's */
} cases[] = {
	{ CONF_FORMAT_JSON_ECS, read_ecs, "event.action", "event.id",
	    "evcorrd.close.event_id", "evcorrd.clears", 29 },
	{ CONF_FORMAT_RFC5424, read_rfc5424, "kind", "id", "close_event_id",
	    "clears", 27 },
	{ CONF_FORMAT_CEF, read_cef, "cat", "externalId", "cn2", "cs5", 34 },
	{ CONF_FORMAT_LEEF, read_leef, "cat", "id", "close_event_id", "clears",
	    29 },
};

static const struct alert_format_ctx ctx = { LOG_LOCAL4, "evcorr01", 4242 };

/* Writes alert in c's format, reads it back into p; returns the length. */
static int
write_read(const struct format_case *c, char *out, size_t len, struct pairs *p)
{
	int n = alert_format_write(c->format, &alert, &ctx, out, len);

	if (n != -1)
		cr_assert(eq(sz, strlen(out), (size_t)n));
	c->read(out, p);
	cr_assert(eq(int, p->is_truncated, n == -1), "%s", out);
	return n;
}

Test(alert_format_kv, every_format_reads_back_the_q246115_pair)
{
	struct pairs p = { 0 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct format_case *c = &cases[i];

		cr_assert(gt(int, write_read(c, buf, sizeof(buf), &p), 0));
		cr_assert(eq(sz, p.n, c->npairs), "%zu %s: %s", p.n,
		    alert_format_name(c->format), buf);
		cr_assert(eq(str, pairs_get(&p, c->kind_key), "pair"));
		cr_assert(eq(str, pairs_get(&p, c->id_key), FIXTURE_ID));
		cr_assert(eq(str, pairs_get(&p, c->close_key), "100"), "%s",
		    buf);
		cr_assert(eq(ptr, pairs_get(&p, c->clears_key), NULL));
		pairs_free(&p);
	}
}

Test(alert_format_kv, rfc5424_header_and_values)
{
	struct pairs p = { 0 };

	cr_assert(gt(int, write_read(&cases[1], buf, sizeof(buf), &p), 0));
	cr_assert(
	    eq(int,
		strncmp(buf,
		    "<163>1 2026-11-29T21:28:10.123Z evcorr01 evcorrd 4242 "
		    "pair "
		    "[evcorrd@8072.9999.9999.2140 "
		    "time=\"2026-11-29T21:28:10.123Z\" "
		    "kind=\"pair\" id=\"" FIXTURE_ID "\" rule=\"Q246115\"",
		    strlen(
			"<163>1 2026-11-29T21:28:10.123Z evcorr01 evcorrd 4242 "
			"pair [evcorrd@8072.9999.9999.2140 "
			"time=\"2026-11-29T21:"
			"28:10.123Z\" kind=\"pair\" id=\"" FIXTURE_ID
			"\" rule=\"Q246115\"")),
		0),
	    "%s", buf);
	cr_assert(eq(str, pairs_get(&p, "cause"), cause));
	cr_assert(eq(str, pairs_get(&p, "open_event_id"), "2140"));
	cr_assert(eq(str, pairs_get(&p, "close_peer"), "192.0.2.6"));
	pairs_free(&p);
}

Test(alert_format_kv, cef_header_and_dictionary_keys)
{
	struct pairs p = { 0 };
	char want[256];

	snprintf(want, sizeof(want),
	    "CEF:0|evcorrd|evcorrd|%s|Q246115|%s|7|rt=1795987690123 cat=pair "
	    "externalId=" FIXTURE_ID " cs1Label=rule cs1=Q246115 dhost=exch01",
	    PACKAGE_VERSION, title);
	cr_assert(gt(int, write_read(&cases[2], buf, sizeof(buf), &p), 0));
	cr_assert(eq(int, strncmp(buf, want, strlen(want)), 0), "%s", buf);
	cr_assert(eq(str, pairs_get(&p, "cs2"), cause));
	cr_assert(eq(str, pairs_get(&p, "cs2Label"), "cause"));
	cr_assert(eq(str, pairs_get(&p, "msg"),
	    "The Internet Mail Service could not start."));
	cr_assert(eq(str, pairs_get(&p, "start"), "1795987626000"));
	pairs_free(&p);
}

Test(alert_format_kv, leef_header_and_keys)
{
	struct pairs p = { 0 };
	const char *want = "LEEF:2.0|evcorrd|evcorrd|" PACKAGE_VERSION
			   "|pair|x09|devTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSX"
			   "\tdevTime=2026-11-29T21:28:10.123Z\tcat=pair\tid=";

	cr_assert(gt(int, write_read(&cases[3], buf, sizeof(buf), &p), 0));
	cr_assert(eq(int, strncmp(buf, want, strlen(want)), 0), "%s", buf);
	cr_assert(eq(str, pairs_get(&p, "sev"), "7"));
	cr_assert(eq(str, pairs_get(&p, "rule"), "Q246115"));
	pairs_free(&p);
}

Test(alert_format_kv, ecs_names_fields_as_elastic_does)
{
	json_t *v;

	cr_assert(gt(int,
	    alert_format_write(CONF_FORMAT_JSON_ECS, &alert, &ctx, buf,
		sizeof(buf)),
	    0));
	v = parse(buf);
	cr_assert(
	    eq(str, get_str(v, "@timestamp"), "2026-11-29T21:28:10.123Z"));
	cr_assert(eq(str, get_str(v, "event.kind"), "alert"));
	cr_assert(eq(str, get_str(v, "host.name"), "exch01"));
	cr_assert(eq(str, get_str(v, "rule.name"), "Q246115"));
	cr_assert(eq(str, get_str(v, "event.provider"), "MSExchangeIMC"));
	cr_assert(eq(str, get_str(v, "message"), title));
	cr_assert(eq(i64, get_int(v, "event.code"), 2140));
	cr_assert(eq(i64, get_int(v, "event.severity"), 7));
	cr_assert(eq(str, get_str(v, "log.level"), "major"));
	json_decref(v);
}

Test(alert_format_kv, kinds_without_a_close_have_no_close_fields)
{
	struct pairs p = { 0 };

	alert.kind = ALERT_CLEAR;
	alert.has_close = false;
	memset(&alert.close, 0, sizeof(alert.close));
	snprintf(alert.clears, sizeof(alert.clears), "%s",
	    "0118b386-5680-4feb-96f7-4abf206ed05a");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct format_case *c = &cases[i];

		cr_assert(gt(int, write_read(c, buf, sizeof(buf), &p), 0));
		cr_assert(eq(str, pairs_get(&p, c->kind_key), "clear"));
		cr_assert(eq(str, pairs_get(&p, c->id_key), FIXTURE_ID));
		cr_assert(eq(str, pairs_get(&p, c->clears_key),
			      "0118b386-5680-4feb-96f7-4abf206ed05a"),
		    "%s", buf);
		cr_assert(eq(ptr, pairs_get(&p, c->close_key), NULL), "%s",
		    buf);
		cr_assert(eq(ptr, strstr(buf, "lose"), NULL), "%s", buf);
		pairs_free(&p);
	}
}

/* Injection attempts for each format's own syntax, in every free text. */
static void
make_injecting(void)
{
	static char fix_s[] = "a=b|c]d\" \\ cs1=evil dhost=evil\n\tsev=1 "
			      "\x1b[31mred\x1b[0m [x@1 k=\"v\"] \xc0\xaf";

	fixture_hostile();
	alert.fix = fix_s;
	alert.reference = "ref\0after the NUL";
	snprintf(rule_name, sizeof(rule_name), "Q|2=4\\6]");
}

Test(alert_format_kv, hostile_text_cannot_break_a_record_or_add_a_key)
{
	struct pairs p = { 0 }, clean = { 0 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct format_case *c = &cases[i];

		setup();
		cr_assert(gt(int, write_read(c, buf, sizeof(buf), &clean), 0));
		make_injecting();
		cr_assert(gt(int, write_read(c, buf, sizeof(buf), &p), 0), "%s",
		    buf);
		/* The same keys, in the same order. */
		cr_assert(eq(sz, p.n, clean.n), "%s: %s",
		    alert_format_name(c->format), buf);
		for (size_t k = 0; k < p.n; k++)
			cr_assert(eq(str, p.key[k], clean.key[k]), "%s", buf);
		cr_assert(eq(ptr, strstr(buf, "after the NUL"), NULL));
		cr_assert(eq(ptr, strchr(buf, '\x1b'), NULL));
		pairs_free(&p);
		pairs_free(&clean);
	}
}

Test(alert_format_kv, cef_and_sd_escapes_read_back_exactly)
{
	struct pairs p = { 0 };
	static char s[] = "a=b|c]d\"e\\f\ng";

	alert.cause = s;
	write_read(&cases[1], buf, sizeof(buf), &p);
	cr_assert(eq(str, pairs_get(&p, "cause"), "a=b|c]d\"e\\f\\ng"), "%s",
	    buf);
	pairs_free(&p);
	write_read(&cases[2], buf, sizeof(buf), &p);
	cr_assert(eq(str, pairs_get(&p, "cs2"), s), "%s", buf);
	pairs_free(&p);
	alert.title = s;
	write_read(&cases[2], buf, sizeof(buf), &p);
	cr_assert(ne(ptr, strstr(buf, "|a=b\\|c]d\"e\\\\f\xef\xbf\xbdg|"),
		      NULL),
	    "%s", buf);
	pairs_free(&p);
}

Test(alert_format_kv, sixty_four_kib_of_text_is_cut_and_stays_valid)
{
	static char big[64 * 1024 + 1];
	struct pairs p = { 0 };

	for (size_t i = 0; i < sizeof(big) - 1; i++)
		big[i] = "a=|\\]\"\n\x1b\xff"[i % 9];
	big[sizeof(big) - 1] = '\0';
	make_injecting();
	alert.cause = big;
	alert.fix = big;
	alert.title = big;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert(
		    eq(int, write_read(&cases[i], buf, sizeof(buf), &p), -1));
		cr_assert(ne(ptr, pairs_get(&p, cases[i].id_key), NULL), "%s",
		    buf);
		pairs_free(&p);
	}
}

Test(alert_format_kv, every_buffer_size_gives_a_valid_record)
{
	static char small[ALERT_FORMAT_MAX];
	struct pairs p = { 0 };
	int full;

	make_injecting();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		full = alert_format_write(cases[i].format, &alert, &ctx, buf,
		    sizeof(buf));
		cr_assert(gt(int, full, 0));
		for (size_t len = 512; len <= (size_t)full + 1; len += 7) {
			write_read(&cases[i], small, len, &p);
			cr_assert(lt(sz, strlen(small), len));
			pairs_free(&p);
		}
		if (cases[i].format == CONF_FORMAT_JSON_ECS)
			continue; /* JSON is valid at any size */
		cr_assert(eq(int,
		    alert_format_write(cases[i].format, &alert, &ctx, small,
			511),
		    -1));
		cr_assert(eq(str, small, ""));
	}
}

Test(alert_format_kv, names_of_the_formats)
{
	cr_assert(eq(str, alert_format_name(CONF_FORMAT_TEXT), "text"));
	cr_assert(eq(str, alert_format_name(CONF_FORMAT_RFC5424), "rfc5424"));
	cr_assert(eq(str, alert_format_name(CONF_FORMAT_LEEF), "leef"));
}
