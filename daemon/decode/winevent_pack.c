/* SPDX-License-Identifier: ISC */
/*
 * A struct winevent packed for a queue: its string arrays cut at their
 * NUL, every other byte (scalars, padding) copied as it is, in the
 * struct's order.  A field added to struct winevent is carried without a
 * change here; a string array added is carried whole until it is listed
 * below.  Pure.
 */
#include "config.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "decode/winevent.h"

#define WINEVENT_STR(f)                                                        \
	{                                                                      \
		offsetof(struct winevent, f),                                  \
		    sizeof(((struct winevent *)0)->f),                         \
	}

/* The string arrays, in the order of their offsets. */
static const struct winevent_str {
	size_t off;
	size_t size;
} winevent_strs[] = {
	WINEVENT_STR(computer),
	WINEVENT_STR(source),
	WINEVENT_STR(log),
	WINEVENT_STR(user),
	WINEVENT_STR(type),
	WINEVENT_STR(category),
	WINEVENT_STR(text),
	WINEVENT_STR(origin),
	WINEVENT_STR(peer),
	WINEVENT_STR(via_text),
};
#define WINEVENT_NSTRS (sizeof(winevent_strs) / sizeof(winevent_strs[0]))

/* The bytes of string s in ev, its NUL excluded (at most size - 1). */
static size_t
winevent_str_len(const struct winevent *ev, const struct winevent_str *s)
{
	return strnlen((const char *)ev + s->off, s->size - 1);
}

size_t
winevent_packed_size(const struct winevent *ev)
{
	size_t n = sizeof(*ev);

	for (size_t i = 0; i < WINEVENT_NSTRS; i++)
		n -= winevent_strs[i].size -
		    winevent_str_len(ev, &winevent_strs[i]) - 1;
	return n;
}

size_t
winevent_pack(const struct winevent *ev, char *buf)
{
	const char *src = (const char *)ev;
	size_t at = 0, pos = 0, len;

	for (size_t i = 0; i < WINEVENT_NSTRS; i++) {
		const struct winevent_str *s = &winevent_strs[i];

		assert(s->off >= at);
		memcpy(buf + pos, src + at, s->off - at);
		pos += s->off - at;
		len = winevent_str_len(ev, s);
		memcpy(buf + pos, src + s->off, len);
		buf[pos + len] = '\0';
		pos += len + 1;
		at = s->off + s->size;
	}
	memcpy(buf + pos, src + at, sizeof(*ev) - at);
	return pos + sizeof(*ev) - at;
}

size_t
winevent_unpack(const char *buf, struct winevent *ev)
{
	char *dst = (char *)ev;
	size_t at = 0, pos = 0, len;

	for (size_t i = 0; i < WINEVENT_NSTRS; i++) {
		const struct winevent_str *s = &winevent_strs[i];

		memcpy(dst + at, buf + pos, s->off - at);
		pos += s->off - at;
		len = strnlen(buf + pos, s->size - 1);
		memcpy(dst + s->off, buf + pos, len);
		dst[s->off + len] = '\0';
		pos += len + 1;
		at = s->off + s->size;
	}
	memcpy(dst + at, buf + pos, sizeof(*ev) - at);
	return pos + sizeof(*ev) - at;
}
