/* SPDX-License-Identifier: ISC */
/*
 * syslog_frame on a stream cut into reads whose sizes come from the
 * input.  Layout: byte 0 picks cap (1..255, or 8192 when 0), byte 1 the
 * number of read sizes (1..8), then those sizes (0: as much as the room
 * offered), used in turn; the rest is the stream.  Invariants: room to
 * read into whenever the framer needs bytes, no frame longer than cap,
 * at most one frame per stream byte plus one, a failed framer stays
 * failed, eof() leaves it empty, and the same frames (hashed) whatever
 * the reads.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse_error.h"
#include "decode/syslog_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_READS_MAX 8

struct fuzz_run {
	uint64_t hash; /* FNV-1a over every frame and result */
	size_t frames;
};

static void
fuzz_hash(struct fuzz_run *r, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		r->hash ^= p[i];
		r->hash *= 1099511628211ULL;
	}
}

static void
fuzz_frame(struct fuzz_run *r, int rc, const struct syslog_frame_out *out,
    size_t cap)
{
	unsigned char flags[3];

	if (rc == 1 && out->len > cap)
		abort();
	flags[0] = (unsigned char)(rc + 1);
	flags[1] = out->is_truncated;
	flags[2] = out->is_octet_counted;
	fuzz_hash(r, flags, sizeof(flags));
	fuzz_hash(r, &out->len, sizeof(out->len));
	fuzz_hash(r, out->buf, out->len);
	r->frames++;
}

/* Takes every frame available; false after a framing error. */
static bool
fuzz_drain(struct fuzz_run *r, struct syslog_frame *f, size_t cap)
{
	struct syslog_frame_out out;
	struct parse_error err;
	int rc;

	while ((rc = syslog_frame_next(f, &out, &err)) == 1)
		fuzz_frame(r, rc, &out, cap);
	if (rc == 0)
		return true;
	if (rc != -1 || err.msg[0] == '\0' ||
	    syslog_frame_next(f, &out, &err) != -1 ||
	    syslog_frame_eof(f, &out) != 0)
		abort();
	fuzz_hash(r, &err.offset, sizeof(err.offset));
	return false;
}

static void
fuzz_run(struct fuzz_run *r, size_t cap, const uint8_t *reads, size_t nreads,
    const uint8_t *in, size_t len)
{
	struct syslog_frame *f = syslog_frame_new(cap);
	struct syslog_frame_out out;
	size_t pos = 0, room, n, i = 0;
	char *p;
	int rc;

	r->hash = 14695981039346656037ULL;
	r->frames = 0;
	while (pos < len) {
		p = syslog_frame_space(f, &room);
		if (room == 0) /* no progress possible */
			abort();
		n = reads[i++ % nreads];
		if (n == 0 || n > room)
			n = room;
		if (n > len - pos)
			n = len - pos;
		memcpy(p, in + pos, n);
		syslog_frame_commit(f, n);
		pos += n;
		if (!fuzz_drain(r, f, cap))
			goto done;
	}
	if ((rc = syslog_frame_eof(f, &out)) != 0) {
		/* a message without its end is dropped, never delivered */
		if (rc != -1 || !out.is_truncated || out.len > cap)
			abort();
		fuzz_frame(r, rc, &out, cap);
	}
	if (syslog_frame_eof(f, &out) != 0)
		abort();
	if (r->frames > len + 1)
		abort();
done:
	syslog_frame_free(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t whole[] = { 0 };
	struct fuzz_run chunked, single;
	size_t cap, nreads;

	if (size < 2)
		return 0;
	cap = data[0] == 0 ? 8192 : data[0];
	nreads = (size_t)data[1] % FUZZ_READS_MAX + 1;
	if (size < 2 + nreads)
		return 0;
	fuzz_run(&chunked, cap, data + 2, nreads, data + 2 + nreads,
	    size - 2 - nreads);
	fuzz_run(&single, cap, whole, 1, data + 2 + nreads, size - 2 - nreads);
	if (chunked.hash != single.hash || chunked.frames != single.frames)
		abort();
	return 0;
}
