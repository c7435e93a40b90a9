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

#include "decode/syslog_frame.h"
#include "core/xmalloc.h"

enum syslog_frame_state {
	SYSLOG_FRAME_START,   /* deciding the framing; scan: digits seen */
	SYSLOG_FRAME_OCTET,   /* octet counting: want frame_len bytes */
	SYSLOG_FRAME_LF,      /* up to the LF; scan: bytes seen, no LF */
	SYSLOG_FRAME_SKIP,    /* dropping frame_len more bytes */
	SYSLOG_FRAME_SKIP_LF, /* dropping up to and including the LF */
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
	size_t cap;       /* bytes of a frame delivered */
	size_t start;     /* first byte not consumed */
	size_t end;       /* one past the last byte committed */
	size_t scan;      /* bytes after start already examined */
	size_t frame_len; /* OCTET: bytes wanted; SKIP: bytes left */
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
	 * kept until the byte after it decides what it was.
	 */
	f->size = cap + 1;
	if (f->size < SYSLOG_FRAME_DIGITS_MAX + 2)
		f->size = SYSLOG_FRAME_DIGITS_MAX + 2;
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
	if (i == avail) {
		if (avail < f->size)
			return SYSLOG_FRAME_STEP_MORE;
		/* digits filled the buffer: an oversized line */
		f->state = SYSLOG_FRAME_LF;
		return SYSLOG_FRAME_STEP_AGAIN;
	}
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
	syslog_frame_set(out, p, n, f->frame_len > f->cap, true);
	syslog_frame_consume(f, n);
	f->frame_len -= n;
	f->state = f->frame_len > 0 ? SYSLOG_FRAME_SKIP : SYSLOG_FRAME_START;
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
	syslog_frame_set(out, p, f->cap, true, false);
	syslog_frame_consume(f, f->cap);
	f->state = SYSLOG_FRAME_SKIP_LF;
	return SYSLOG_FRAME_STEP_FRAME;
}

static enum syslog_frame_step
syslog_frame_skip(struct syslog_frame *f)
{
	size_t avail = f->end - f->start;
	size_t n = f->frame_len < avail ? f->frame_len : avail;

	syslog_frame_consume(f, n);
	f->frame_len -= n;
	if (f->frame_len > 0)
		return SYSLOG_FRAME_STEP_MORE;
	f->state = SYSLOG_FRAME_START;
	return SYSLOG_FRAME_STEP_AGAIN;
}

static enum syslog_frame_step
syslog_frame_skip_lf(struct syslog_frame *f)
{
	const char *p = f->buf + f->start, *lf;
	size_t avail = f->end - f->start;

	if ((lf = memchr(p, '\n', avail)) == NULL) {
		syslog_frame_consume(f, avail);
		return SYSLOG_FRAME_STEP_MORE;
	}
	syslog_frame_consume(f, (size_t)(lf - p) + 1);
	f->state = SYSLOG_FRAME_START;
	return SYSLOG_FRAME_STEP_AGAIN;
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
		return syslog_frame_skip(f);
	case SYSLOG_FRAME_SKIP_LF:
		return syslog_frame_skip_lf(f);
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
	case SYSLOG_FRAME_LF:
		if (avail == 0)
			break;
		/* next() returned 0, so avail <= cap */
		syslog_frame_set(out, p, avail < f->cap ? avail : f->cap,
		    avail > f->cap, false);
		rc = 1;
		break;
	case SYSLOG_FRAME_START: /* digits without their SPACE */
		if (avail == 0)
			break;
		syslog_frame_set(out, p, avail, true, false);
		rc = -1;
		break;
	case SYSLOG_FRAME_OCTET:
		syslog_frame_set(out, p, avail, true, true);
		rc = -1;
		break;
	case SYSLOG_FRAME_SKIP:
	case SYSLOG_FRAME_SKIP_LF:
		break;
	}
	/* empty, as if new; the bytes stay where out points */
	f->pos += avail;
	f->start = f->end = 0;
	f->scan = 0;
	f->frame_len = 0;
	f->state = SYSLOG_FRAME_START;
	return rc;
}
