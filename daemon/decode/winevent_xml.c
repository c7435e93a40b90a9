/* SPDX-License-Identifier: ISC */
/*
 * NXLog's to_xml() -> struct winevent: one flat <Event> element whose
 * children are the fields (<EventID>2140</EventID>...), with the five
 * XML entities and character references.  Nested elements and
 * attributes are not NXLog's output: a record with them is refused.  The
 * field names are winevent_named.c's.  Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

static const char winevent_xml_open[] = "<Event>";
static const char winevent_xml_close[] = "</Event>";
#define WINEVENT_XML_NAME_MAX 64

static const struct {
	const char *name;
	char c;
} winevent_xml_entities[] = {
	{ "amp", '&' },
	{ "apos", '\'' },
	{ "gt", '>' },
	{ "lt", '<' },
	{ "quot", '"' },
};

/* cp as UTF-8 into out: its length, 0 for no character. */
static size_t
winevent_xml_utf8(uint32_t cp, char out[4])
{
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* "&...;" at p (its '&'): the bytes into out (*outn), or 0 when bad. */
static size_t
winevent_xml_entity(const char *p, size_t len, char out[4], size_t *outn)
{
	size_t i = 1, end;
	uint32_t cp = 0;

	for (end = 1; end < len && end < 12 && p[end] != ';';)
		end++;
	if (end >= len || p[end] != ';')
		return 0;
	for (size_t k = 0; k <
	     sizeof(winevent_xml_entities) / sizeof(winevent_xml_entities[0]);
	     k++) {
		size_t n = strlen(winevent_xml_entities[k].name);

		if (n == end - 1 &&
		    memcmp(p + 1, winevent_xml_entities[k].name, n) == 0) {
			out[0] = winevent_xml_entities[k].c;
			*outn = 1;
			return end + 1;
		}
	}
	if (end < 3 || p[1] != '#')
		return 0;
	for (i = p[2] == 'x' ? 3 : 2; i < end; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'              ? c - '0'
		    : p[2] == 'x' && c >= 'a' && c <= 'f' ? c - 'a' + 10
		    : p[2] == 'x' && c >= 'A' && c <= 'F' ? c - 'A' + 10
							  : -1;

		if (d < 0 || cp > 0x10ffff)
			return 0;
		cp = cp * (p[2] == 'x' ? 16 : 10) + (uint32_t)d;
	}
	if (i == (p[2] == 'x' ? 3u : 2u) ||
	    (*outn = winevent_xml_utf8(cp, out)) == 0)
		return 0;
	return end + 1;
}

/* Element text at p[*i] up to '<', decoded into buf; -1 when bad. */
static int
winevent_xml_text(const char *p, size_t len, size_t *i, char *buf, size_t bufsz,
    size_t *n)
{
	char ent[4];
	size_t used, en;

	*n = 0;
	while (*i < len && p[*i] != '<') {
		if (p[*i] == '&') {
			if ((used = winevent_xml_entity(p + *i, len - *i, ent,
				 &en)) == 0)
				return -1;
			*i += used;
		} else {
			ent[0] = p[(*i)++];
			en = 1;
		}
		for (size_t k = 0; k < en && *n < bufsz; k++)
			buf[(*n)++] = ent[k];
	}
	return 0;
}

/* One child "<Name>text</Name>" or "<Name/>" at p[*i]; -1 when bad. */
static int
winevent_xml_child(const char *p, size_t len, size_t *i, struct winevent *ev,
    struct winevent_named *nm)
{
	char buf[WINEVENT_TEXT_MAX + 1];
	size_t name, nlen = 0, n = 0;

	name = *i + 1;
	while (name + nlen < len && nlen <= WINEVENT_XML_NAME_MAX &&
	    (p[name + nlen] == '_' ||
		(p[name + nlen] >= 'a' && p[name + nlen] <= 'z') ||
		(p[name + nlen] >= 'A' && p[name + nlen] <= 'Z') ||
		(p[name + nlen] >= '0' && p[name + nlen] <= '9')))
		nlen++;
	*i = name + nlen;
	if (nlen == 0 || nlen > WINEVENT_XML_NAME_MAX || *i >= len)
		return -1;
	if (len - *i >= 2 && p[*i] == '/' && p[*i + 1] == '>') {
		*i += 2;
		return 0;
	}
	if (p[(*i)++] != '>' ||
	    winevent_xml_text(p, len, i, buf, sizeof(buf), &n) == -1 ||
	    len - *i < nlen + 3 || p[*i + 1] != '/' ||
	    memcmp(p + *i + 2, p + name, nlen) != 0 || p[*i + 2 + nlen] != '>')
		return -1;
	*i += nlen + 3;
	winevent_named_set(ev, nm, p + name, nlen, buf, n);
	return 0;
}

int
winevent_xml_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	const size_t olen = sizeof(winevent_xml_open) - 1;
	const size_t clen = sizeof(winevent_xml_close) - 1;
	struct winevent_named nm;
	size_t i = olen;

	if (len < olen || memcmp(p, winevent_xml_open, olen) != 0)
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_NXLOG_XML;
	winevent_named_init(&nm);
	for (;;) {
		while (i < len && winevent_field_is_space(p[i]))
			i++;
		if (len - i >= clen &&
		    memcmp(p + i, winevent_xml_close, clen) == 0)
			break;
		if (i >= len || p[i] != '<' ||
		    winevent_xml_child(p, len, &i, ev, &nm) == -1)
			return winevent_field_fail(err, off + i,
			    "nxlog xml: not a flat <Event> of fields");
	}
	if (i + clen != len)
		return winevent_field_fail(err, off + i + clen,
		    "nxlog xml: bytes after </Event>");
	if (nm.is_id_bad)
		return winevent_field_fail(err, off, "nxlog xml: bad EventID");
	if (!winevent_named_has(&nm, WN_ID) &&
	    !winevent_named_has(&nm, WN_SOURCE)) {
		ev->format = WINEVENT_FORMAT_UNKNOWN;
		return winevent_field_fail(err, off,
		    "not a windows event: xml without EventID or SourceName");
	}
	winevent_named_end(ev, &nm);
	return 0;
}
