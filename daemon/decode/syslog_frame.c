/* SPDX-License-Identifier: ISC */
/*
 * RFC 6587 framing of a syslog TCP stream (see syslog_frame.h).  Bytes
 * live in one buffer between start and end; consuming a frame only moves
 * start, and syslog_frame_space() compacts, so a frame's bytes stay put
 * until the caller asks for room.  scan remembers how far the current
 * frame was already examined, so bytes trickling in are looked at once.
 */
#include "config.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "decode/syslog_frame.h"

#define SYSLOG_FRAME_SKIP_SLACK 4096 /* see syslog_frame_new() */

enum syslog_frame_state {
	SYSLOG_FRAME_START,   /* deciding the framing; scan: digits seen */
	SYSLOG_FRAME_OCTET,   /* octet counting: want frame_len bytes */
	SYSLOG_FRAME_LF,      /* up to the LF; scan: bytes seen, no LF */
	SYSLOG_FRAME_SKIP,    /* holding cap bytes, dropping frame_len more */
	SYSLOG_FRAME_SKIP_LF, /* holding cap bytes, dropping up to the LF */
	SYSLOG_FRAME_FAILED,  /* framing error: the stream is lost */
};

/* What one step of the state machine did. */
enum syslog_frame_step {
	SYSLOG_FRAME_STEP_ERROR = -1,
	SYSLOG_FRAME_STEP_MORE = 0, /* needs more bytes */
	SYSLOG_FRAME_STEP_FRAME = 1,
	SYSLOG_FRAME_STEP_AGAIN = 2, /* state changed, go on */
};

struct syslog_frame {
	char *buf;
	size_t size;      /* allocated: see syslog_frame_new() */
	size_t line_min;  /* a digit run this long is no count: LF text */
	size_t cap;       /* bytes of a frame delivered */
	size_t start;     /* first byte not consumed */
	size_t end;       /* one past the last byte committed */
	size_t scan;      /* bytes after start already examined */
	size_t frame_len; /* OCTET: bytes wanted; SKIP: bytes left */
	size_t dropped;   /* SKIP, SKIP_LF: bytes dropped after the held ones */
	uint64_t pos;     /* stream offset of buf[start] */
	enum syslog_frame_state state;
};

struct syslog_frame *
syslog_frame_new(size_t cap)
{
	struct syslog_frame *f;

	assert(cap >= 1 && cap < SIZE_MAX);
	f = xcalloc(1, sizeof(*f));
	f->cap = cap;
	/*
	 * cap + 1: an LF right after cap bytes ends a frame of exactly cap
	 * bytes, not a truncated one.  DIGITS_MAX + 2: a run of digits is
	 * kept until the byte after it decides what it was.  The slack: room
	 * to read the rest of an oversized frame into, in chunks, while its
	 * first cap bytes are held until its end.
	 */
	f->line_min = cap + 1;
	if (f->line_min < SYSLOG_FRAME_DIGITS_MAX + 2)
		f->line_min = SYSLOG_FRAME_DIGITS_MAX + 2;
	f->size = f->line_min + SYSLOG_FRAME_SKIP_SLACK;
	f->buf = xmalloc(f->size);
	f->state = SYSLOG_FRAME_START;
	return f;
}

void
syslog_frame_free(struct syslog_frame *f)
{
	if (f == NULL)
		return;
	free(f->buf);
	free(f);
}

char *
syslog_frame_space(struct syslog_frame *f, size_t *len)
{
	if (f->start > 0) {
		memmove(f->buf, f->buf + f->start, f->end - f->start);
		f->end -= f->start;
		f->start = 0;
	}
	*len = f->size - f->end;
	return f->buf + f->end;
}

void
syslog_frame_commit(struct syslog_frame *f, size_t n)
{
	assert(n <= f->size - f->end);
	f->end += n;
}

static void
syslog_frame_consume(struct syslog_frame *f, size_t n)
{
	f->start += n;
	f->pos += n;
	f->scan = 0;
}

static void
syslog_frame_set(struct syslog_frame_out *out, const char *buf, size_t len,
    bool is_truncated, bool is_octet_counted)
{
	out->buf = buf;
	out->len = len;
	out->is_truncated = is_truncated;
	out->is_octet_counted = is_octet_counted;
}

/* A frame starts at buf[start]: octet count, LF text, or an error. */
static enum syslog_frame_step
syslog_frame_start(struct syslog_frame *f)
{
	const char *p = f->buf + f->start;
	size_t avail = f->end - f->start, i, n = 0;

	if (avail == 0)
		return SYSLOG_FRAME_STEP_MORE;
	if (p[0] < '1' || p[0] > '9') {
		f->state = SYSLOG_FRAME_LF;
		return SYSLOG_FRAME_STEP_AGAIN;
	}
	for (i = f->scan; i < avail && p[i] >= '0' && p[i] <= '9'; i++)
		;
	f->scan = i; /* digits only: no LF in them either */
	if (i >= f->line_min) {
		/* more digits than a frame holds: an oversized line */
		f->state = SYSLOG_FRAME_LF;
		return SYSLOG_FRAME_STEP_AGAIN;
	}
	if (i == avail)
		return SYSLOG_FRAME_STEP_MORE;
	if (p[i] != ' ') {
		f->state = SYSLOG_FRAME_LF; /* text that starts with digits */
		return SYSLOG_FRAME_STEP_AGAIN;
	}
	if (i > SYSLOG_FRAME_DIGITS_MAX) {
		f->state = SYSLOG_FRAME_FAILED;
		return SYSLOG_FRAME_STEP_ERROR;
	}
	for (size_t j = 0; j < i; j++)
		n = n * 10 + (size_t)(p[j] - '0');
	syslog_frame_consume(f, i + 1);
	f->frame_len = n;
	f->state = SYSLOG_FRAME_OCTET;
	return SYSLOG_FRAME_STEP_AGAIN;
}

static enum syslog_frame_step
syslog_frame_octet(struct syslog_frame *f, struct syslog_frame_out *out)
{
	const char *p = f->buf + f->start;
	size_t n = f->frame_len < f->cap ? f->frame_len : f->cap;

	if (f->end - f->start < n)
		return SYSLOG_FRAME_STEP_MORE;
	if (f->frame_len > f->cap) {
		/* too long: hold the first cap bytes until the end comes */
		f->frame_len -= n;
		f->dropped = 0;
		f->state = SYSLOG_FRAME_SKIP;
		return SYSLOG_FRAME_STEP_AGAIN;
	}
	syslog_frame_set(out, p, n, false, true);
	syslog_frame_consume(f, n);
	f->state = SYSLOG_FRAME_START;
	return SYSLOG_FRAME_STEP_FRAME;
}

static enum syslog_frame_step
syslog_frame_lf(struct syslog_frame *f, struct syslog_frame_out *out)
{
	const char *p = f->buf + f->start, *lf;
	size_t avail = f->end - f->start, n;
	size_t limit = avail < f->cap + 1 ? avail : f->cap + 1;
	size_t from = f->scan < limit ? f->scan : limit;

	lf = memchr(p + from, '\n', limit - from);
	if (lf != NULL) {
		n = (size_t)(lf - p);
		syslog_frame_set(out, p, n, false, false);
		syslog_frame_consume(f, n + 1);
		f->state = SYSLOG_FRAME_START;
		return SYSLOG_FRAME_STEP_FRAME;
	}
	if (avail <= f->cap) {
		f->scan = avail;
		return SYSLOG_FRAME_STEP_MORE;
	}
	/* too long: hold the first cap bytes until the LF comes */
	f->dropped = 0;
	f->state = SYSLOG_FRAME_SKIP_LF;
	return SYSLOG_FRAME_STEP_AGAIN;
}

/* Drops n bytes right after the held cap bytes, keeping what follows. */
static void
syslog_frame_drop(struct syslog_frame *f, size_t n)
{
	char *held_end = f->buf + f->start + f->cap;

	memmove(held_end, held_end + n, f->end - (f->start + f->cap) - n);
	f->end -= n;
	f->dropped += n;
}

/* The held frame's end has come: it goes out, truncated, whole. */
static enum syslog_frame_step
syslog_frame_release(struct syslog_frame *f, struct syslog_frame_out *out,
    bool is_octet_counted)
{
	syslog_frame_set(out, f->buf + f->start, f->cap, true,
	    is_octet_counted);
	syslog_frame_consume(f, f->cap);
	f->pos += f->dropped;
	f->dropped = 0;
	f->state = SYSLOG_FRAME_START;
	return SYSLOG_FRAME_STEP_FRAME;
}

static enum syslog_frame_step
syslog_frame_skip(struct syslog_frame *f, struct syslog_frame_out *out)
{
	size_t avail = f->end - f->start - f->cap;
	size_t n = f->frame_len < avail ? f->frame_len : avail;

	syslog_frame_drop(f, n);
	f->frame_len -= n;
	if (f->frame_len > 0)
		return SYSLOG_FRAME_STEP_MORE;
	return syslog_frame_release(f, out, true);
}

static enum syslog_frame_step
syslog_frame_skip_lf(struct syslog_frame *f, struct syslog_frame_out *out)
{
	const char *p = f->buf + f->start + f->cap, *lf;
	size_t avail = f->end - f->start - f->cap;

	if ((lf = memchr(p, '\n', avail)) == NULL) {
		syslog_frame_drop(f, avail);
		return SYSLOG_FRAME_STEP_MORE;
	}
	syslog_frame_drop(f, (size_t)(lf - p) + 1);
	return syslog_frame_release(f, out, false);
}

static enum syslog_frame_step
syslog_frame_step(struct syslog_frame *f, struct syslog_frame_out *out)
{
	switch (f->state) {
	case SYSLOG_FRAME_START:
		return syslog_frame_start(f);
	case SYSLOG_FRAME_OCTET:
		return syslog_frame_octet(f, out);
	case SYSLOG_FRAME_LF:
		return syslog_frame_lf(f, out);
	case SYSLOG_FRAME_SKIP:
		return syslog_frame_skip(f, out);
	case SYSLOG_FRAME_SKIP_LF:
		return syslog_frame_skip_lf(f, out);
	case SYSLOG_FRAME_FAILED:
		break;
	}
	return SYSLOG_FRAME_STEP_ERROR;
}

int
syslog_frame_next(struct syslog_frame *f, struct syslog_frame_out *out,
    struct parse_error *err)
{
	enum syslog_frame_step step;

	while ((step = syslog_frame_step(f, out)) == SYSLOG_FRAME_STEP_AGAIN)
		;
	switch (step) {
	case SYSLOG_FRAME_STEP_MORE:
		/* the promise of syslog_frame_space(): room to read into */
		assert(f->end - f->start < f->size);
		return 0;
	case SYSLOG_FRAME_STEP_FRAME:
		return 1;
	default:
		break;
	}
	err->line = 0;
	err->offset = (size_t)f->pos;
	snprintf(err->msg, sizeof(err->msg),
	    "octet count longer than %d digits", SYSLOG_FRAME_DIGITS_MAX);
	return -1;
}

int
syslog_frame_eof(struct syslog_frame *f, struct syslog_frame_out *out)
{
	const char *p = f->buf + f->start;
	size_t avail = f->end - f->start;
	int rc = 0;

	switch (f->state) {
	case SYSLOG_FRAME_FAILED:
		return 0;
	case SYSLOG_FRAME_LF:    /* a line without its LF */
	case SYSLOG_FRAME_START: /* digits without their SPACE */
		if (avail == 0)
			break;
		/* next() returned 0, so avail <= cap + 1 */
		syslog_frame_set(out, p, avail < f->cap ? avail : f->cap, true,
		    false);
		rc = -1;
		break;
	case SYSLOG_FRAME_OCTET:
		syslog_frame_set(out, p, avail, true, true);
		rc = -1;
		break;
	case SYSLOG_FRAME_SKIP: /* the held bytes of a frame never ended */
	case SYSLOG_FRAME_SKIP_LF:
		syslog_frame_set(out, p, f->cap, true,
		    f->state == SYSLOG_FRAME_SKIP);
		rc = -1;
		break;
	}
	/* empty, as if new; the bytes stay where out points */
	f->pos += avail + f->dropped;
	f->start = f->end = 0;
	f->scan = 0;
	f->frame_len = 0;
	f->dropped = 0;
	f->state = SYSLOG_FRAME_START;
	return rc;
}
