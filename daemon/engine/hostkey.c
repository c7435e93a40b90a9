/* SPDX-License-Identifier: ISC */
/*
 * Host keys: one name per server whichever path its events took.  Names
 * are trimmed, lower-cased (ASCII) and optionally cut at the first dot;
 * address literals are canonicalised and looked up in the conf host
 * aliases.  Pure; numeric addresses only, never DNS.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "conf/conf.h"
#include "engine/hostkey.h"
#include "decode/winevent.h"

/* An address literal: binary (IPv4 as v4-mapped IPv6) and canonical text. */
struct hostkey_addr {
	struct conf_addr bin;
	char text[INET6_ADDRSTRLEN];
};

static bool
hostkey_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Finds the name inside surrounding white space; false when empty. */
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
	return n > 0;
}

static const uint8_t hostkey_v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff };

/*
 * Parses a numeric IPv4 or IPv6 address of len bytes at s.  A v4-mapped
 * IPv6 address becomes the plain IPv4 one.  0 or -1.
 */
static int
hostkey_addr_parse(const char *s, size_t len, struct hostkey_addr *a)
{
	char buf[INET6_ADDRSTRLEN];
	struct in_addr in4;
	struct in6_addr in6;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, &in4) == 1) {
		memcpy(a->bin.bytes, hostkey_v4mapped, 12);
		memcpy(a->bin.bytes + 12, &in4, 4);
	} else if (inet_pton(AF_INET6, buf, &in6) == 1) {
		memcpy(a->bin.bytes, &in6, 16);
	} else
		return -1;
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

/* Copies a host name lower-cased; -1 on a control byte or inner space. */
static int
hostkey_copy_name(const char *s, size_t len, bool strip_domain, char *key,
    size_t keylen)
{
	size_t i, n = len;
	const char *dot;

	if ((dot = memchr(s, '.', len)) != NULL) {
		if (dot == s)
			return -1; /* ".example": no host label */
		if (strip_domain)
			n = (size_t)(dot - s);
		else if (s[len - 1] == '.')
			n = len - 1; /* absolute name: drop the root dot */
	}
	if (n >= keylen)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7f)
			return -1;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		key[i] = (char)c;
	}
	key[n] = '\0';
	return 0;
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
	return hostkey_copy_name(s, len, strip_domain, key, keylen);
}

/* The name of the conf host alias listing addr, or NULL. */
static const char *
hostkey_alias_find(const struct conf *conf, const struct conf_addr *addr)
{
	size_t i, j;

	for (i = 0; i < conf->nhosts; i++) {
		const struct conf_host *h = &conf->hosts[i];

		for (j = 0; j < h->naddrs; j++)
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
	const char *alias;

	alias = hostkey_alias_find(conf, &addr->bin);
	if (alias != NULL &&
	    hostkey_normalise(alias, conf->strip_domain, key, keylen) == 0)
		return 0;
	return hostkey_copy(addr->text, key, keylen);
}

int
hostkey_for_event(const struct conf *conf, const struct winevent *ev, char *key,
    size_t keylen)
{
	struct hostkey_addr computer, peer;
	bool has_computer = false, has_peer = false;
	const char *s;
	size_t len;

	if (key == NULL || keylen == 0)
		return -1;
	if (hostkey_trim(ev->computer, &s, &len)) {
		if (hostkey_addr_parse(s, len, &computer) == 0)
			has_computer = true;
		else if (hostkey_copy_name(s, len, conf->strip_domain, key,
			     keylen) == 0)
			return 0;
		/* A malformed name is not trusted: fall back to addresses. */
	}
	if (hostkey_trim(ev->peer, &s, &len) &&
	    hostkey_addr_parse(s, len, &peer) == 0)
		has_peer = true;

	/* An alias for either address wins over a bare address. */
	if (has_computer && hostkey_alias_find(conf, &computer.bin) != NULL)
		return hostkey_for_addr(conf, &computer, key, keylen);
	if (has_peer && hostkey_alias_find(conf, &peer.bin) != NULL)
		return hostkey_for_addr(conf, &peer, key, keylen);
	if (has_computer)
		return hostkey_copy(computer.text, key, keylen);
	if (has_peer)
		return hostkey_copy(peer.text, key, keylen);
	return -1;
}
