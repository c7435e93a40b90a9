/* SPDX-License-Identifier: ISC */
/*
 * The agents that write the event as text: NXLog with the event ID put in
 * the message ("EventID=2140 ..." or "Source[pid]: 2140: ..."), and evtsys
 * ("Source: 2140: DOMAIN\\user: text").  docs/formats.md shows the
 * accepted shapes.  Pure.
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

/* "ID:" then a space or the end, at p: bytes used; *ndig the digits. */
static size_t
winevent_text_id_colon(const char *p, size_t len, size_t *ndig)
{
	size_t n = winevent_field_digits(p, len);

	*ndig = n;
	if (n == 0 || n >= len || p[n] != ':')
		return 0;
	if (n + 1 == len)
		return n + 1;
	return p[n + 1] == ' ' ? n + 2 : 0;
}

/* "EventID=2140", "EventID: 2140" or "EventID 2140" at the start. */
int
winevent_text_keyed(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	size_t i = 7, n;

	if (strcasecmp(msg->app_name, "EventID") == 0 && len > 0 &&
	    winevent_field_is_digit(p[0]))
		i = 0;
	else if (len < 8 || strncasecmp(p, "EventID", 7) != 0 ||
	    (p[7] != '=' && p[7] != ':' &&
		!(p[7] == ' ' && len > 8 && winevent_field_is_digit(p[8]))))
		return WINEVENT_NOT_MINE;
	else {
		i = 8;
		while (i < len && p[i] == ' ')
			i++;
	}
	ev->format = WINEVENT_FORMAT_NXLOG_BSD;
	n = winevent_field_digits(p + i, len - i);
	if (winevent_field_set_id(ev, p + i, n, off + i, err,
		"nxlog: bad event id after EventID") == -1)
		return -1;
	i += n;
	if (i < len && (p[i] == ':' || p[i] == ',' || p[i] == ';'))
		i++;
	if (i < len && !winevent_field_is_space(p[i]))
		return winevent_field_fail(err, off + i,
		    "nxlog: junk after the event id");
	if (strcasecmp(msg->app_name, "EventID") != 0)
		winevent_field_copy(ev->source, sizeof(ev->source),
		    msg->app_name, strlen(msg->app_name));
	winevent_field_set_text(ev, p + i, len - i);
	return 0;
}

/* evtsys puts "DOMAIN\user: " before the text when the event has a SID. */
static void
winevent_text_evtsys_user(struct winevent *ev, const char *p, size_t len,
    size_t *skip)
{
	size_t i;
	bool has_backslash = false;

	*skip = 0;
	for (i = 0; i < len && i < WINEVENT_USER_MAX; i++) {
		if (p[i] == ':' || p[i] == ' ' || p[i] == '\0')
			break;
		has_backslash |= p[i] == '\\';
	}
	if (!has_backslash || i + 1 >= len || p[i] != ':' || p[i + 1] != ' ')
		return;
	winevent_field_copy(ev->user, sizeof(ev->user), p, i);
	*skip = i + 2;
}

/*
 * A relay (a syslog server that adds the sender's address) may put it
 * between the hostname and the source: "HOST 192.0.2.1 Source: ID: ...".
 * The bytes of such an address and its space, else 0.
 */
static size_t
winevent_text_relay_address(const struct syslog_msg *msg, const char *p,
    size_t len)
{
	size_t i = 0;

	if (msg->app_name[0] != '\0')
		return 0;
	while (i < len && i < WINEVENT_PEER_MAX && p[i] != ' ')
		i++;
	if (i == len || i == WINEVENT_PEER_MAX ||
	    !winevent_field_is_address(p, i))
		return 0;
	return i + 1;
}

/*
 * The tagged shapes: TAG[pid]: "ID: text" (NXLog with the ID put first;
 * evtsys when there is no pid), TAG: "Source: ID: text" (evtsys with its
 * own tag), untagged "Source Name[pid]: ID: text" (NXLog), and the plain
 * "Source Name: ID: text" of any other sender (text).
 */
int
winevent_text_tagged(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span src = { msg->app_name, strlen(msg->app_name) };
	size_t pre = 0, used, ndig, skip = 0, addr;
	bool has_pid = msg->procid[0] != '\0';

	if ((addr = winevent_text_relay_address(msg, p, len)) > 0)
		p += addr, len -= addr, off += addr;
	if (src.len == 0 ||
	    (used = winevent_text_id_colon(p, len, &ndig)) == 0) {
		pre = winevent_field_source_prefix(p, len, src.len == 0,
		    &src.len, &has_pid);
		if (pre == 0 ||
		    (src.len > 0 && msg->app_name[0] != '\0' && has_pid) ||
		    (used = winevent_text_id_colon(p + pre, len - pre,
			 &ndig)) == 0)
			return WINEVENT_NOT_MINE;
		src.p = p;
	}
	ev->format = has_pid                       ? WINEVENT_FORMAT_NXLOG_BSD
	    : msg->app_name[0] != '\0' || addr > 0 ? WINEVENT_FORMAT_EVTSYS
						   : WINEVENT_FORMAT_TEXT;
	if (winevent_field_set_id(ev, p + pre, ndig, off + pre, err,
		ev->format == WINEVENT_FORMAT_NXLOG_BSD
		    ? "nxlog: event id out of range"
		    : ev->format == WINEVENT_FORMAT_EVTSYS
		    ? "evtsys: event id out of range"
		    : "text: event id out of range") == -1)
		return -1;
	winevent_field_copy(ev->source, sizeof(ev->source), src.p, src.len);
	pre += used;
	if (ev->format != WINEVENT_FORMAT_NXLOG_BSD)
		winevent_text_evtsys_user(ev, p + pre, len - pre, &skip);
	winevent_field_set_text(ev, p + pre + skip, len - pre - skip);
	return 0;
}
