/* SPDX-License-Identifier: ISC */
/*
 * RFC 6587 framing of one syslog TCP stream: bytes in, frames out.  The
 * framing is chosen per frame: octet counting (3.4.1) when the frame
 * starts with a non-zero digit, at most SYSLOG_FRAME_DIGITS_MAX digits and
 * a SPACE; otherwise non-transparent framing (3.4.2), the frame ending at
 * LF.  Pure: no I/O, no clock, no logging, no stats; the caller counts.
 *
 * Decisions:
 * - A run of digits followed by anything but a SPACE ("2140 ..." is not,
 *   "2140x" is) is the start of LF text; "0 ..." is LF text too.  A run of
 *   more than SYSLOG_FRAME_DIGITS_MAX digits followed by a SPACE is a
 *   framing error: the stream cannot be resynchronised.  A run of digits
 *   that fills the whole buffer (more than cap bytes) is an oversized
 *   LF line.
 * - The LF is removed; a CR before it is kept (syslog_parse trims it).
 *   An octet-counted frame is delivered byte for byte.
 * - An empty line is delivered as an empty frame (len 0), never skipped,
 *   so the caller can count it (syslog_empty).
 * - A frame longer than cap is delivered once, as its first cap bytes with
 *   is_truncated set, when its end has come; the rest of it is skipped
 *   (octet counting: by its count; LF: up to and including the next LF).
 *   A frame of exactly cap bytes is not truncated.
 * - A message without its end is not a frame: at the end of the stream,
 *   a line without its LF, an octet-counted frame short of its count, a
 *   count without its SPACE and an oversized frame whose end never came
 *   are all reported by syslog_frame_eof() as bytes dropped.
 * - NUL and any other byte may occur inside a frame.
 *
 * Use, per connection:
 *	buf = syslog_frame_space(f, &len);   read at most len bytes into buf
 *	syslog_frame_commit(f, n);
 *	while ((rc = syslog_frame_next(f, &out, &err)) == 1)
 *		handle out.buf[0..out.len)
 *	rc == -1: framing error, close the connection
 * and at end of stream, once next() has returned 0, syslog_frame_eof().
 * Progress is guaranteed: once next() has returned 0, space() offers at
 * least one byte (the buffer holds cap + 1 bytes, and at least
 * SYSLOG_FRAME_DIGITS_MAX + 2 so a count and its SPACE always fit, plus a
 * few KiB to read the rest of an oversized frame into).
 */
#ifndef DAEMON_DECODE_SYSLOG_FRAME_H
#define DAEMON_DECODE_SYSLOG_FRAME_H

#include <stdbool.h>
#include <stddef.h>

#include "core/parse_error.h"

#define SYSLOG_FRAME_DIGITS_MAX 9 /* RFC 6587 MSG-LEN digits accepted */

struct syslog_frame;

struct syslog_frame_out {
	const char *buf;       /* inside the framer's buffer; no NUL added */
	size_t len;            /* a frame: at most cap */
	bool is_truncated;     /* longer than cap: the rest was skipped */
	bool is_octet_counted; /* RFC 6587 3.4.1, else LF-terminated */
};

/* A framer keeping at most cap (>= 1) bytes of a frame.  Dies on OOM. */
struct syslog_frame *syslog_frame_new(size_t cap);
void syslog_frame_free(struct syslog_frame *f); /* NULL is a no-op */

/*
 * Where to put the next bytes read: returns a pointer and sets *len to
 * the room there.  *len >= 1 whenever the last syslog_frame_next() call
 * returned 0 (or none was made since new or eof).  May move buffered
 * bytes: frames returned before become invalid.
 */
char *syslog_frame_space(struct syslog_frame *f, size_t *len);

/* n (<= the room space() reported) bytes were written at that pointer. */
void syslog_frame_commit(struct syslog_frame *f, size_t n);

/*
 * The next frame.  Returns 1 and fills out (valid until the next
 * syslog_frame_space() or syslog_frame_free(); next() itself never moves
 * bytes); 0 when more bytes are needed; -1 on a framing error, with err
 * (offset: stream byte where the bad frame starts; message).  After -1
 * the framer stays failed: next() returns -1 again, eof() returns 0.
 */
int syslog_frame_next(struct syslog_frame *f, struct syslog_frame_out *out,
    struct parse_error *err);

/*
 * The end of the stream, called once next() has returned 0.  Returns 0
 * when nothing was pending (a clean end); -1 when the stream ended inside
 * a message: a line without its LF, an octet-counted frame short of its
 * count, a count without its SPACE, an oversized frame whose end never
 * came.  Then out->buf[0..out->len) are (at most cap of) the bytes
 * dropped (len may be 0) and is_truncated is set.  Afterwards a framer
 * that has not failed is empty, as if new.
 */
int syslog_frame_eof(struct syslog_frame *f, struct syslog_frame_out *out);

#endif
