/* SPDX-License-Identifier: ISC */
/*
 * key=value events -> struct winevent: NXLog's to_kvp() (xm_kvp, values
 * quoted when they hold the delimiter), QRadar WinCollect's TAB-separated
 * "AgentDevice=WindowsLog AgentLogFile=Security ..." and the
 * Win32_NTLogEvent names Splunk and WMI collectors write ("EventCode=4776
 * Logfile=Security ...", CR LF between them).  The field names are
 * winevent_named.c's.  Pure; docs/formats.md shows the shapes.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "decode/winevent_field.h"

#define WINEVENT_KVP_KEY_MAX 64
#define WINEVENT_KVP_PAIRS_MAX 128

static bool
winevent_kvp_is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
	    c == '@';
}

/* A key and '=' at p: the key's length (0: none). */
static size_t
winevent_kvp_key(const char *p, size_t len)
{
	size_t n = 0;

	if (len == 0 || (p[0] >= '0' && p[0] <= '9'))
		return 0;
	while (n < len && n <= WINEVENT_KVP_KEY_MAX &&
	    winevent_kvp_is_key_char(p[n]))
		n++;
	return n > 0 && n <= WINEVENT_KVP_KEY_MAX && n < len && p[n] == '=' ? n
									    : 0;
}

static bool
winevent_kvp_is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' ||
	    c == ',';
}

/* Separators, then a key at p[*i]: where the key starts, else len. */
static size_t
winevent_kvp_next_key(const char *p, size_t len, size_t i)
{
	while (i < len && winevent_kvp_is_sep(p[i]))
		i++;
	return winevent_kvp_key(p + i, len - i) > 0 ? i : len;
}

/*
 * An unquoted value at p[i]: up to the separator before the next key
 * (values hold spaces: "Message=An account was ..."), or the end for
 * the event text, which the agents put last.
 */
static size_t
winevent_kvp_plain_end(const char *p, size_t len, size_t i, bool is_text)
{
	size_t run;

	if (is_text)
		return len;
	while (i < len) {
		if (p[i] == '\t' || p[i] == '\r' || p[i] == '\n')
			return i;
		if (!winevent_kvp_is_sep(p[i])) {
			i++;
			continue;
		}
		/* A run of separators is looked past once, not at each byte. */
		for (run = i; run < len && winevent_kvp_is_sep(p[run]); run++)
			if (p[run] == '\t' || p[run] == '\r' || p[run] == '\n')
				return i;
		if (winevent_kvp_key(p + run, len - run) > 0)
			return i;
		i = run;
	}
	return len;
}

/* A quoted value at p[i] (its quote): unescaped into buf. */
static size_t
winevent_kvp_quoted(const char *p, size_t len, size_t *i, char *buf,
    size_t bufsz, bool *is_closed)
{
	char q = p[(*i)++];
	size_t o = 0;

	*is_closed = false;
	for (; *i < len; (*i)++) {
		if (p[*i] == q) {
			(*i)++;
			*is_closed = true;
			break;
		}
		if (p[*i] == '\\' && *i + 1 < len)
			(*i)++;
		if (o < bufsz)
			buf[o++] = p[*i];
	}
	return o;
}

struct winevent_kvp_scan {
	struct winevent_named nm;
	size_t pairs;
	bool is_wincollect;
	bool is_broken; /* an unterminated quote */
};

static void
winevent_kvp_pairs(const char *p, size_t len, struct winevent *ev,
    struct winevent_kvp_scan *sc)
{
	char buf[WINEVENT_TEXT_MAX + 1];
	size_t i = 0, k, end, n;
	int field;

	while (i < len && sc->pairs < WINEVENT_KVP_PAIRS_MAX &&
	    (k = winevent_kvp_key(p + i, len - i)) > 0) {
		const char *key = p + i;

		field = winevent_named_field(key, k);
		if (field == WN_ID && !winevent_named_has(&sc->nm, WN_ID))
			sc->nm.is_wmi =
			    k == 9 && memcmp(key, "EventCode", 9) == 0;
		i += k + 1;
		if (i < len && (p[i] == '"' || p[i] == '\'')) {
			bool is_closed;

			n = winevent_kvp_quoted(p, len, &i, buf, sizeof(buf),
			    &is_closed);
			sc->is_broken |= !is_closed;
			winevent_named_put(ev, &sc->nm, field, buf, n);
		} else {
			end =
			    winevent_kvp_plain_end(p, len, i, field == WN_TEXT);
			if (k == 11 &&
			    strncasecmp(key, "AgentDevice", 11) == 0 &&
			    end - i == 10 &&
			    strncasecmp(p + i, "WindowsLog", 10) == 0)
				sc->is_wincollect = true;
			winevent_named_put(ev, &sc->nm, field, p + i, end - i);
			i = end;
		}
		sc->pairs++;
		i = winevent_kvp_next_key(p, len, i);
	}
}

int
winevent_kvp_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_kvp_scan sc;

	if (winevent_kvp_key(p, len) == 0)
		return WINEVENT_NOT_MINE;
	memset(&sc, 0, sizeof(sc));
	winevent_named_init(&sc.nm);
	winevent_kvp_pairs(p, len, ev, &sc);
	/* "EventID=2140 text" is NXLog BSD's convention, not key=value. */
	if (sc.pairs < 2 || !winevent_named_has(&sc.nm, WN_ID)) {
		winevent_reset(ev);
		return WINEVENT_NOT_MINE;
	}
	ev->format = sc.is_wincollect ? WINEVENT_FORMAT_WINCOLLECT
	    : sc.nm.is_wmi            ? WINEVENT_FORMAT_WMI
				      : WINEVENT_FORMAT_NXLOG_KVP;
	if (sc.is_broken)
		return winevent_field_fail(err, off + len,
		    "key=value: unterminated quoted value");
	if (sc.nm.is_id_bad)
		return winevent_field_fail(err, off, "key=value: bad event id");
	winevent_named_end(ev, &sc.nm);
	return 0;
}
