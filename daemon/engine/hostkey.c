/* SPDX-License-Identifier: ISC */
/*
 * Host keys: one name per server whichever path its events took, and
 * never one for two servers (hostkey.h has the rules).  Pure; numeric
 * addresses only, never DNS.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "conf/conf.h"
#include "core/net.h"
#include "core/siphash.h"
#include "core/utf8.h"
#include "decode/winevent.h"
#include "engine/hostkey.h"

#define HOSTKEY_HASH_LEN 33 /* "~" and 32 hex digits */
/* A name escaped whole: names come from fields of at most this many bytes. */
#define HOSTKEY_ESCAPED_MAX (4 * WINEVENT_COMPUTER_MAX + 1)

/*
 * The long-name hash is no secret: it only keeps long names apart, the
 * same in every process and across restarts.
 */
static const uint64_t hostkey_hash_keys[2][2] = {
	{ 0x686f73746b657931ULL, 0x6576636f72726431ULL },
	{ 0x686f73746b657932ULL, 0x6576636f72726432ULL },
};

/* An address literal: binary (IPv4 as v4-mapped IPv6) and canonical text. */
struct hostkey_addr {
	struct conf_addr bin;
	char text[INET6_ADDRSTRLEN];
};

/* The key being written: never past len - 1. */
struct hostkey_out {
	char *buf;
	size_t len;
	size_t off;
	bool is_full;
};

static bool
hostkey_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Finds the name inside surrounding white space; false when no name. */
static bool
hostkey_trim(const char *name, const char **start, size_t *len)
{
	const char *s = name;
	size_t n;

	while (hostkey_is_space((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && hostkey_is_space((unsigned char)s[n - 1]))
		n--;
	*start = s;
	*len = n;
	return n > 0 && !(n == 1 && s[0] == '-');
}

static const uint8_t hostkey_v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff };

/*
 * Parses a numeric IPv4 or IPv6 address of len bytes at s, IPv6 also in
 * [brackets].  A v4-mapped IPv6 address becomes the plain IPv4 one.
 */
static int
hostkey_addr_parse(const char *s, size_t len, struct hostkey_addr *a)
{
	char buf[INET6_ADDRSTRLEN];
	struct in_addr in4;
	struct in6_addr in6;
	bool is_bracketed = len >= 2 && s[0] == '[' && s[len - 1] == ']';
	int af;

	if (is_bracketed) {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(buf) ||
	    (af = net_addr_shape(s, len)) == AF_UNSPEC ||
	    (is_bracketed && af != AF_INET6))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (af == AF_INET && inet_pton(AF_INET, buf, &in4) == 1) {
		memcpy(a->bin.bytes, hostkey_v4mapped, 12);
		memcpy(a->bin.bytes + 12, &in4, 4);
	} else if (inet_pton(AF_INET6, buf, &in6) == 1) {
		memcpy(a->bin.bytes, &in6, 16);
	} else {
		return -1;
	}
	if (memcmp(a->bin.bytes, hostkey_v4mapped, 12) == 0) {
		memcpy(&in4, a->bin.bytes + 12, 4);
		if (inet_ntop(AF_INET, &in4, a->text, sizeof(a->text)) == NULL)
			return -1;
	} else {
		memcpy(&in6, a->bin.bytes, 16);
		if (inet_ntop(AF_INET6, &in6, a->text, sizeof(a->text)) == NULL)
			return -1;
	}
	return 0;
}

/* Appends piece[0..n) whole, or nothing (and marks the key full). */
static void
hostkey_put(struct hostkey_out *o, const char *piece, size_t n)
{
	if (o->is_full || o->off + n >= o->len) {
		o->is_full = true;
		return;
	}
	memcpy(o->buf + o->off, piece, n);
	o->off += n;
	o->buf[o->off] = '\0';
}

/*
 * Where a name's key part ends: the whole name, the root dot of an
 * absolute name dropped, or with strip_domain the first label, unless it
 * is all digits (it starts like an address) or empty.
 */
static size_t
hostkey_name_len(const char *s, size_t len, bool strip_domain)
{
	const char *dot = memchr(s, '.', len);
	size_t label;

	if (dot != NULL && strip_domain) {
		label = (size_t)(dot - s);
		if (label > 0 && strspn(s, "0123456789") < label)
			return label;
	}
	return len > 1 && s[len - 1] == '.' ? len - 1 : len;
}

/* The name s[0..len), folded and escaped, into o (cut at max bytes). */
static void
hostkey_escape(struct hostkey_out *o, const char *s, size_t len, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	char piece[5];
	uint32_t cp;
	size_t i = 0, adv, n;

	while (i < len && !o->is_full) {
		/* ASCII, the common case, without decoding */
		adv = n = u[i] < 0x80 ? 1 : utf8_decode(u + i, len - i, &cp);
		if (n > 1) {
			memcpy(piece, s + i, n);
		} else if (u[i] > 0x20 && u[i] < 0x7f && u[i] != '\\') {
			piece[0] =
			    (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] - 'A' + 'a'
							      : u[i]);
		} else {
			(void)snprintf(piece, sizeof(piece), "\\x%02x", u[i]);
			adv = 1;
			n = 4;
		}
		if (o->off + n > max)
			break;
		hostkey_put(o, piece, n);
		i += adv;
	}
}

/* "~" and the 128-bit hash of the whole escaped name, in hex. */
static void
hostkey_hash(struct hostkey_out *o, const char *whole, size_t len)
{
	char hex[HOSTKEY_HASH_LEN + 1];

	(void)snprintf(hex, sizeof(hex), "~%016llx%016llx",
	    (unsigned long long)siphash24(hostkey_hash_keys[0], whole, len),
	    (unsigned long long)siphash24(hostkey_hash_keys[1], whole, len));
	hostkey_put(o, hex, HOSTKEY_HASH_LEN);
}

/*
 * A name's key: folded and escaped, and when longer than the bound cut
 * there and followed by the hash of all of it (so names that differ only
 * in case still meet, and names that differ past the cut do not).
 */
static int
hostkey_name(const char *s, size_t len, bool strip_domain, char *key,
    size_t keylen)
{
	char whole[HOSTKEY_ESCAPED_MAX];
	struct hostkey_out o = { key, keylen, 0, false };
	struct hostkey_out w = { whole, sizeof(whole), 0, false };

	len = hostkey_name_len(s, len, strip_domain);
	hostkey_escape(&w, s, len, sizeof(whole) - 1);
	if (w.off <= HOSTKEY_NAME_MAX) {
		hostkey_put(&o, whole, w.off);
		return o.is_full ? -1 : 0;
	}
	hostkey_escape(&o, s, len, HOSTKEY_NAME_MAX);
	hostkey_hash(&o, whole, w.off);
	return o.is_full ? -1 : 0;
}

static int
hostkey_copy(const char *text, char *key, size_t keylen)
{
	size_t len = strlen(text);

	if (len >= keylen)
		return -1;
	memcpy(key, text, len + 1);
	return 0;
}

int
hostkey_normalise(const char *name, bool strip_domain, char *key, size_t keylen)
{
	struct hostkey_addr addr;
	const char *s;
	size_t len;

	if (name == NULL || key == NULL || keylen == 0)
		return -1;
	if (!hostkey_trim(name, &s, &len))
		return -1;
	if (hostkey_addr_parse(s, len, &addr) == 0)
		return hostkey_copy(addr.text, key, keylen);
	return hostkey_name(s, len, strip_domain, key, keylen);
}

/* The name of the conf host alias listing addr, or NULL. */
static const char *
hostkey_alias_find(const struct conf *conf, const struct conf_addr *addr)
{
	for (size_t i = 0; i < conf->nhosts; i++) {
		const struct conf_host *h = &conf->hosts[i];

		for (size_t j = 0; j < h->naddrs; j++)
			if (memcmp(h->addrs[j].bytes, addr->bytes, 16) == 0)
				return h->name;
	}
	return NULL;
}

/* Keys an address: its alias name when one lists it, else its text. */
static int
hostkey_for_addr(const struct conf *conf, const struct hostkey_addr *addr,
    char *key, size_t keylen)
{
	const char *alias = hostkey_alias_find(conf, &addr->bin);

	if (alias != NULL &&
	    hostkey_normalise(alias, conf->strip_domain, key, keylen) == 0)
		return 0;
	return hostkey_copy(addr->text, key, keylen);
}

int
hostkey_for_event(const struct conf *conf, const struct winevent *ev, char *key,
    size_t keylen)
{
	struct hostkey_addr addr;
	const char *s;
	size_t len;

	if (key == NULL || keylen == 0)
		return -1;
	if (ev->is_computer_cut)
		return HOSTKEY_TOO_LONG;
	if (hostkey_trim(ev->computer, &s, &len)) {
		if (hostkey_addr_parse(s, len, &addr) == 0)
			return hostkey_for_addr(conf, &addr, key, keylen);
		/* A name, however odd: never the peer's address instead. */
		return hostkey_name(s, len, conf->strip_domain, key, keylen);
	}
	/* a relayed trap's own origin before the relay's address */
	if (hostkey_trim(ev->origin, &s, &len) &&
	    hostkey_addr_parse(s, len, &addr) == 0)
		return hostkey_for_addr(conf, &addr, key, keylen);
	if (hostkey_trim(ev->peer, &s, &len) &&
	    hostkey_addr_parse(s, len, &addr) == 0)
		return hostkey_for_addr(conf, &addr, key, keylen);
	return -1;
}
