/* SPDX-License-Identifier: ISC */
/*
 * Event fields in RFC 5424 structured data -> struct winevent: NXLog's
 * to_syslog_ietf() ([NXLOG@14506 EventID="2140" ...]), syslog-ng Agent's
 * [win@18372.4 EVENT_ID="7036" ...], and any other SD-ID whose params
 * have the names of winevent_named.c (eventID=, EventID=, EVENT_ID=).
 * The message is the event text.  syslog_parse() checked the syntax.
 * Pure.
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

#define WINEVENT_SD_VALUE_MAX WINEVENT_TEXT_MAX
static const char winevent_sd_syslog_ng[] = "win@18372";

/* A param value at p (just past its '"'), unescaped into buf. */
static size_t
winevent_sd_value(const char *p, size_t len, size_t *used, char *buf,
    size_t bufsz)
{
	size_t i = 0, o = 0;

	for (; i < len && p[i] != '"'; i++) {
		if (p[i] == '\\' && i + 1 < len &&
		    (p[i + 1] == '"' || p[i + 1] == '\\' || p[i + 1] == ']'))
			i++;
		if (o < bufsz)
			buf[o++] = p[i];
	}
	*used = i < len ? i + 1 : i;
	return o;
}

/* The params of one element; *i is past the SD-ID.  Returns at its ']'. */
static void
winevent_sd_params(const char *sd, size_t len, size_t *i, struct winevent *ev,
    struct winevent_named *nm)
{
	char val[WINEVENT_SD_VALUE_MAX];
	size_t k, vlen, used;

	while (*i < len && sd[*i] != ']') {
		while (*i < len && sd[*i] == ' ')
			(*i)++;
		for (k = *i; k < len && sd[k] != '=' && sd[k] != ']';)
			k++;
		if (k + 1 >= len || sd[k] != '=' || sd[k + 1] != '"') {
			/* not a param (syslog_parse() checked): step past */
			*i = k < len && sd[k] == ']' ? k : k + 1;
			continue;
		}
		vlen = winevent_sd_value(sd + k + 2, len - k - 2, &used, val,
		    sizeof(val));
		winevent_named_set(ev, nm, sd + *i, k - *i, val, vlen);
		*i = k + 2 + used;
	}
}

/* Every element; true when one was syslog-ng Agent's. */
static bool
winevent_sd_scan(const struct syslog_msg *msg, struct winevent *ev,
    struct winevent_named *nm)
{
	const char *sd = msg->sd;
	size_t len = msg->sd_len, i = 0, id;
	bool is_syslog_ng = false;

	while (i < len && sd[i] == '[') {
		for (id = ++i; i < len && sd[i] != ' ' && sd[i] != ']';)
			i++;
		if (i - id >= sizeof(winevent_sd_syslog_ng) - 1 &&
		    memcmp(sd + id, winevent_sd_syslog_ng,
			sizeof(winevent_sd_syslog_ng) - 1) == 0)
			is_syslog_ng = true;
		winevent_sd_params(sd, len, &i, ev, nm);
		if (i < len)
			i++;
	}
	return is_syslog_ng;
}

int
winevent_sd_decode(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_named nm;
	bool is_syslog_ng;

	if (msg->sd == NULL || msg->sd_len == 0)
		return WINEVENT_NOT_MINE;
	winevent_named_init(&nm);
	is_syslog_ng = winevent_sd_scan(msg, ev, &nm);
	if (!winevent_named_has(&nm, WN_ID)) {
		/* Fields of no event (e.g. [meta ...]): leave it to others. */
		winevent_reset(ev);
		return WINEVENT_NOT_MINE;
	}
	ev->format = is_syslog_ng ? WINEVENT_FORMAT_SYSLOG_NG
				  : WINEVENT_FORMAT_RFC5424_SD;
	if (nm.is_id_bad)
		return winevent_field_fail(err, 0,
		    is_syslog_ng ? "syslog-ng: bad EVENT_ID in structured data"
				 : "rfc5424 sd: bad event id in structured "
				   "data");
	winevent_named_end(ev, &nm);
	if (!winevent_named_has(&nm, WN_SOURCE))
		winevent_field_copy(ev->source, sizeof(ev->source),
		    msg->app_name, strlen(msg->app_name));
	if (!winevent_named_has(&nm, WN_TEXT))
		winevent_field_set_text(ev, p, len);
	return 0;
}
