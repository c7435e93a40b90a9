/* SPDX-License-Identifier: ISC */
/*
 * Windows event agents' syslog payloads -> struct winevent: Snare
 * (MSWinEventLog, delimited), NXLog JSON (to_json(), decoded in
 * winevent_json.c), NXLog syslog with the event ID put in the message, and
 * evtsys ("Source: ID: text").  The accepted shapes are documented in
 * docs/formats.md.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "syslog_parse.h"
#include "winevent.h"
#include "winevent_int.h"

#define WINEVENT_ID_DIGITS_MAX 10
#define WINEVENT_SNARE_FIELDS_MAX 16

_Static_assert(offsetof(struct winevent, format) <
	offsetof(struct winevent, via),
    "decoded fields must precede the listener's");

/* Snare fields after the marker and the criticality. */
enum winevent_snare_field {
	SNARE_LOG,
	SNARE_COUNTER,
	SNARE_TIME,
	SNARE_ID,
	SNARE_SOURCE,
	SNARE_USER,
	SNARE_SIDTYPE,
	SNARE_TYPE,
	SNARE_COMPUTER,
	SNARE_CATEGORY,
	SNARE_DATA,
	SNARE_EXPANDED,
};

static const char winevent_marker[] = "MSWinEventLog";
#define WINEVENT_MARKER_LEN (sizeof(winevent_marker) - 1)
/* Delimiters Snare can be configured with; TAB is the default. */
static const char winevent_delims[] = "\t|;^~#,";

static bool
winevent_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
winevent_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
winevent_is_delim(char c)
{
	return c != '\0' && strchr(winevent_delims, c) != NULL;
}

struct winevent_span
winevent_trim(const char *p, size_t len)
{
	struct winevent_span s;

	while (len > 0 && winevent_is_space(*p))
		p++, len--;
	while (len > 0 && winevent_is_space(p[len - 1]))
		len--;
	s.p = p;
	s.len = len;
	return s;
}

static size_t
winevent_count_digits(const char *p, size_t len)
{
	size_t n = 0;

	while (n < len && winevent_is_digit(p[n]))
		n++;
	return n;
}

bool
winevent_copy(char *dst, size_t dstsz, const char *src, size_t len)
{
	struct winevent_span s = winevent_trim(src, len);
	size_t i, k, o = 0;

	for (i = 0; i < s.len; i++) {
		if (s.p[i] == '\0') {
			if (dstsz - o < 4)
				break;
			memcpy(dst + o, "\xef\xbf\xbd", 3);
			o += 3;
		} else {
			if (dstsz - o < 2)
				break;
			dst[o++] = s.p[i];
		}
	}
	if (i < s.len && ((unsigned char)s.p[i] & 0xc0) == 0x80) {
		/* Cut inside a character: drop its first bytes too. */
		for (k = o;
		     k > 0 && ((unsigned char)dst[k - 1] & 0xc0) == 0x80;)
			k--;
		if (k > 0 && (unsigned char)dst[k - 1] >= 0xc0)
			o = k - 1;
	}
	dst[o] = '\0';
	return i < s.len;
}

int
winevent_fail(struct parse_error *err, size_t offset, const char *what)
{
	err->offset = offset;
	snprintf(err->msg, sizeof(err->msg), "%s", what);
	return -1;
}

/*
 * A decimal event ID: 1-10 digits, at most UINT32_MAX.  Windows keeps
 * severity, customer and facility bits above the low 16, so only those
 * are the event ID as shown in Event Viewer.
 */
static int
winevent_parse_id(const char *p, size_t len, uint32_t *id)
{
	uint64_t v = 0;

	if (len == 0 || len > WINEVENT_ID_DIGITS_MAX ||
	    winevent_count_digits(p, len) != len)
		return -1;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (uint64_t)(p[i] - '0');
	if (v > UINT32_MAX)
		return -1;
	*id = (uint32_t)(v & 0xffff);
	return 0;
}

int
winevent_set_id(struct winevent *ev, const char *p, size_t len, size_t off,
    struct parse_error *err, const char *what)
{
	if (winevent_parse_id(p, len, &ev->event_id) == -1)
		return winevent_fail(err, off, what);
	ev->has_event_id = true;
	return 0;
}

static void
winevent_set_text(struct winevent *ev, const char *p, size_t len)
{
	ev->is_text_truncated =
	    winevent_copy(ev->text, sizeof(ev->text), p, len);
}

/* "Www Mmm dd hh:mm:ss yyyy" (the agent's local time, taken as UTC). */
static int64_t
winevent_snare_time(const char *p, size_t len)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct winevent_span s = winevent_trim(p, len);
	char buf[32];
	int mon, mday, h, mi, sec, year, used = 0;
	int64_t t;

	if (s.len == 0 || s.len >= sizeof(buf))
		return 0;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	if (strlen(buf) != s.len || s.len < 24 || buf[3] != ' ' ||
	    buf[7] != ' ')
		return 0;
	for (mon = 0; mon < 12 && memcmp(buf + 4, months + mon * 3, 3) != 0;)
		mon++;
	if (mon == 12 || !winevent_is_digit(buf[s.len - 1]) ||
	    sscanf(buf + 8, "%2d %2d:%2d:%2d %4d%n", &mday, &h, &mi, &sec,
		&year, &used) != 5 ||
	    (size_t)used != s.len - 8 ||
	    syslog_parse_civil(year, mon + 1, mday, h, mi, sec, &t) == -1)
		return 0;
	return t;
}

/*
 * Finds the Snare marker: as the app name, at the start of the payload,
 * or after one delimited field (the agent's own hostname).  Sets the
 * delimiter, where the fields start, and the leading hostname if any.
 */
static bool
winevent_snare_find(const struct syslog_msg *msg, const char *p, size_t len,
    char *delim, size_t *start, struct winevent_span *host)
{
	size_t i;

	host->p = p;
	host->len = 0;
	if (strcasecmp(msg->app_name, winevent_marker) == 0) {
		for (i = 0; i < len && !winevent_is_delim(p[i]); i++)
			;
		*delim = i < len ? p[i] : '\t';
		*start = 0;
		return true;
	}
	for (i = 0; i < len && i < WINEVENT_COMPUTER_MAX; i++) {
		if (winevent_is_delim(p[i]) || p[i] == ' ' || p[i] == '\0')
			break;
	}
	if (i < len && winevent_is_delim(p[i]) &&
	    len - i - 1 > WINEVENT_MARKER_LEN &&
	    strncasecmp(p + i + 1, winevent_marker, WINEVENT_MARKER_LEN) == 0 &&
	    p[i + 1 + WINEVENT_MARKER_LEN] == p[i]) {
		host->len = i;
		*delim = p[i];
		*start = i + 2 + WINEVENT_MARKER_LEN;
		return true;
	}
	if (len > WINEVENT_MARKER_LEN &&
	    strncasecmp(p, winevent_marker, WINEVENT_MARKER_LEN) == 0 &&
	    winevent_is_delim(p[WINEVENT_MARKER_LEN])) {
		*delim = p[WINEVENT_MARKER_LEN];
		*start = WINEVENT_MARKER_LEN + 1;
		return true;
	}
	return false;
}

static size_t
winevent_split(const char *p, size_t len, char delim, struct winevent_span *f,
    size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len && n < max; i++) {
		if (i == len || p[i] == delim) {
			f[n].p = p + start;
			f[n].len = i - start;
			n++;
			start = i + 1;
		}
	}
	return n;
}

static void
winevent_snare_fields(struct winevent *ev, const struct winevent_span *f,
    size_t n)
{
#define SNARE_COPY(dst, idx)                                                   \
	do {                                                                   \
		if (n > (idx))                                                 \
			winevent_copy(dst, sizeof(dst), f[idx].p, f[idx].len); \
	} while (0)
	SNARE_COPY(ev->log, SNARE_LOG);
	SNARE_COPY(ev->source, SNARE_SOURCE);
	SNARE_COPY(ev->user, SNARE_USER);
	SNARE_COPY(ev->type, SNARE_TYPE);
	SNARE_COPY(ev->computer, SNARE_COMPUTER);
	SNARE_COPY(ev->category, SNARE_CATEGORY);
#undef SNARE_COPY
	if (strcmp(ev->user, "N/A") == 0)
		ev->user[0] = '\0';
	ev->time_ms = winevent_snare_time(f[SNARE_TIME].p, f[SNARE_TIME].len);
	/* The expanded description when present, else the data string. */
	if (n > SNARE_EXPANDED &&
	    winevent_trim(f[SNARE_EXPANDED].p, f[SNARE_EXPANDED].len).len > 0)
		winevent_set_text(ev, f[SNARE_EXPANDED].p,
		    f[SNARE_EXPANDED].len);
	else if (n > SNARE_DATA)
		winevent_set_text(ev, f[SNARE_DATA].p, f[SNARE_DATA].len);
}

static int
winevent_snare(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span f[WINEVENT_SNARE_FIELDS_MAX], *fp = f, host, id;
	size_t start, n;
	char delim;

	if (!winevent_snare_find(msg, p, len, &delim, &start, &host))
		return WINEVENT_NOT_MINE;
	ev->format = WINEVENT_FORMAT_SNARE;
	n = winevent_split(p + start, len - start, delim, f,
	    WINEVENT_SNARE_FIELDS_MAX);
	/* The criticality (0-4) is there unless the app name carried it. */
	if (n > 0 && f[0].len > 0 && f[0].len <= 3 &&
	    winevent_count_digits(f[0].p, f[0].len) == f[0].len) {
		fp++;
		n--;
	}
	if (n <= SNARE_SOURCE)
		return winevent_fail(err, off + len,
		    "snare: too few fields (need log, counter, time, event id "
		    "and source)");
	id = winevent_trim(fp[SNARE_ID].p, fp[SNARE_ID].len);
	if (winevent_set_id(ev, id.p, id.len,
		off + (size_t)(fp[SNARE_ID].p - p), err,
		"snare: bad event id") == -1)
		return -1;
	winevent_snare_fields(ev, fp, n);
	if (ev->computer[0] == '\0' && host.len > 0)
		winevent_copy(ev->computer, sizeof(ev->computer), host.p,
		    host.len);
	return 0;
}

/*
 * These payloads carry no event type, but both agents map it to the
 * syslog severity: error and worse, warning, the rest informational.
 */
static void
winevent_type_from_pri(const struct syslog_msg *msg, struct winevent *ev)
{
	if (msg->pri < 0)
		return;
	snprintf(ev->type, sizeof(ev->type), "%s",
	    msg->pri % 8 <= 3       ? "Error"
		: msg->pri % 8 == 4 ? "Warning"
				    : "Information");
}

/* "ID:" then a space or the end, at p: bytes used; *ndig the digits. */
static size_t
winevent_id_colon(const char *p, size_t len, size_t *ndig)
{
	size_t n = winevent_count_digits(p, len);

	*ndig = n;
	if (n == 0 || n >= len || p[n] != ':')
		return 0;
	if (n + 1 == len)
		return n + 1;
	return p[n + 1] == ' ' ? n + 2 : 0;
}

/* "EventID=2140", "EventID: 2140" or "EventID 2140" at the start. */
static int
winevent_keyed(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	size_t i = 7, n;

	if (strcasecmp(msg->app_name, "EventID") == 0 && len > 0 &&
	    winevent_is_digit(p[0]))
		i = 0;
	else if (len < 8 || strncasecmp(p, "EventID", 7) != 0 ||
	    (p[7] != '=' && p[7] != ':' &&
		!(p[7] == ' ' && len > 8 && winevent_is_digit(p[8]))))
		return WINEVENT_NOT_MINE;
	else {
		i = 8;
		while (i < len && p[i] == ' ')
			i++;
	}
	ev->format = WINEVENT_FORMAT_NXLOG_BSD;
	n = winevent_count_digits(p + i, len - i);
	if (winevent_set_id(ev, p + i, n, off + i, err,
		"nxlog: bad event id after EventID") == -1)
		return -1;
	i += n;
	if (i < len && (p[i] == ':' || p[i] == ',' || p[i] == ';'))
		i++;
	if (i < len && !winevent_is_space(p[i]))
		return winevent_fail(err, off + i,
		    "nxlog: junk after the event id");
	if (strcasecmp(msg->app_name, "EventID") != 0)
		winevent_copy(ev->source, sizeof(ev->source), msg->app_name,
		    strlen(msg->app_name));
	winevent_set_text(ev, p + i, len - i);
	winevent_type_from_pri(msg, ev);
	return 0;
}

/* evtsys puts "DOMAIN\user: " before the text when the event has a SID. */
static void
winevent_evtsys_user(struct winevent *ev, const char *p, size_t len,
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
	winevent_copy(ev->user, sizeof(ev->user), p, i);
	*skip = i + 2;
}

/*
 * Where the source name ends in "Source[pid]: ID: text" or "Source: ID:
 * text" without a syslog tag (the name may hold spaces).  Returns the
 * bytes of "Source[pid]: " (0: no such prefix); *name_len and *has_pid.
 */
static size_t
winevent_source_prefix(const char *p, size_t len, bool allow_space,
    size_t *name_len, bool *has_pid)
{
	size_t i = 0, pid;

	for (; i < len && i < WINEVENT_SOURCE_MAX; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == ':' || c == '[' || c == ']' || c < ' ' || c == 0x7f ||
		    (c == ' ' && !allow_space))
			break;
	}
	*name_len = i;
	*has_pid = false;
	if (i == 0 || i >= len || p[i - 1] == ' ')
		return 0;
	if (p[i] == '[') {
		pid = winevent_count_digits(p + i + 1, len - i - 1);
		if (pid == 0 || i + 1 + pid >= len || p[i + 1 + pid] != ']')
			return 0;
		i += pid + 2;
		*has_pid = true;
	}
	if (i + 1 >= len || p[i] != ':' || p[i + 1] != ' ')
		return 0;
	return i + 2;
}

/*
 * The tagged shapes: TAG[pid]: "ID: text" (NXLog with the ID put first;
 * evtsys when there is no pid), TAG: "Source: ID: text" (evtsys with its
 * own tag), and untagged "Source Name[pid]: ID: text".
 */
static int
winevent_tagged(const struct syslog_msg *msg, const char *p, size_t len,
    size_t off, struct winevent *ev, struct parse_error *err)
{
	struct winevent_span src = { msg->app_name, strlen(msg->app_name) };
	size_t pre = 0, used, ndig, skip = 0;
	bool has_pid = msg->procid[0] != '\0';

	if (src.len == 0 || (used = winevent_id_colon(p, len, &ndig)) == 0) {
		pre = winevent_source_prefix(p, len, src.len == 0, &src.len,
		    &has_pid);
		if (pre == 0 ||
		    (src.len > 0 && msg->app_name[0] != '\0' && has_pid) ||
		    (used = winevent_id_colon(p + pre, len - pre, &ndig)) == 0)
			return WINEVENT_NOT_MINE;
		src.p = p;
	}
	ev->format =
	    has_pid ? WINEVENT_FORMAT_NXLOG_BSD : WINEVENT_FORMAT_EVTSYS;
	if (winevent_set_id(ev, p + pre, ndig, off + pre, err,
		has_pid ? "nxlog: event id out of range"
			: "evtsys: event id out of range") == -1)
		return -1;
	winevent_copy(ev->source, sizeof(ev->source), src.p, src.len);
	pre += used;
	if (ev->format == WINEVENT_FORMAT_EVTSYS)
		winevent_evtsys_user(ev, p + pre, len - pre, &skip);
	winevent_set_text(ev, p + pre + skip, len - pre - skip);
	winevent_type_from_pri(msg, ev);
	return 0;
}

int
winevent_from_syslog(const struct syslog_msg *msg, struct winevent *ev,
    struct parse_error *err)
{
	struct winevent_span s = winevent_trim(msg->msg, msg->msg_len);
	size_t off = (size_t)(s.p - msg->msg);
	int rc;

	memset(ev, 0, offsetof(struct winevent, via));
	memset(err, 0, sizeof(*err));
	rc = winevent_snare(msg, s.p, s.len, off, ev, err);
	if (rc == WINEVENT_NOT_MINE)
		rc = winevent_json_decode(s.p, s.len, off, ev, err);
	if (rc == WINEVENT_NOT_MINE)
		rc = winevent_keyed(msg, s.p, s.len, off, ev, err);
	if (rc == WINEVENT_NOT_MINE)
		rc = winevent_tagged(msg, s.p, s.len, off, ev, err);
	if (rc == WINEVENT_NOT_MINE)
		return winevent_fail(err, off,
		    "not a windows event: no snare, nxlog or evtsys payload");
	if (rc == -1)
		return -1;
	if (ev->computer[0] == '\0')
		winevent_copy(ev->computer, sizeof(ev->computer), msg->hostname,
		    strlen(msg->hostname));
	if (ev->time_ms == 0)
		ev->time_ms = msg->time_ms;
	return 0;
}

const char *
winevent_via_name(enum winevent_via via)
{
	static const char *const names[] = {
		[WINEVENT_VIA_SYSLOG_UDP] = "syslog/udp",
		[WINEVENT_VIA_SYSLOG_TCP] = "syslog/tcp",
		[WINEVENT_VIA_TRAP_V1] = "trap/v1",
		[WINEVENT_VIA_TRAP_V2C] = "trap/v2c",
		[WINEVENT_VIA_INFORM] = "inform",
	};

	if ((size_t)via < sizeof(names) / sizeof(names[0]) && names[via])
		return names[via];
	return "unknown";
}

const char *
winevent_format_name(enum winevent_format format)
{
	static const char *const names[] = {
		[WINEVENT_FORMAT_UNKNOWN] = "unknown",
		[WINEVENT_FORMAT_SNARE] = "snare",
		[WINEVENT_FORMAT_NXLOG_BSD] = "nxlog-bsd",
		[WINEVENT_FORMAT_NXLOG_JSON] = "nxlog-json",
		[WINEVENT_FORMAT_EVTSYS] = "evtsys",
		[WINEVENT_FORMAT_TRAP] = "trap",
	};

	if ((size_t)format < sizeof(names) / sizeof(names[0]) && names[format])
		return names[format];
	return "unknown";
}
