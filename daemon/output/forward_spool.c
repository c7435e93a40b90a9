/* SPDX-License-Identifier: ISC */
/*
 * A forwarder's on-disk spool: one file, DIR/NAME.spool, a 16-byte
 * header ("EVSPOOL1" and the offset up to which the collector has taken
 * the records) and then records (a 4-byte big-endian length, the framed
 * message), appended in order.  Records are appended as alerts are
 * accepted, read back in order to be sent, and acknowledged once the
 * collector took them; when every record is acknowledged the file is cut
 * back to its header.  It survives a restart: reading resumes at the
 * acknowledged offset.  Appends are made durable by forward_spool_sync()
 * (fdatasync), which the forwarder calls once per burst.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "output/forward_spool.h"

#define SPOOL_MAGIC "EVSPOOL1"
#define SPOOL_HDR 16
#define SPOOL_REC_HDR 4

struct forward_spool {
	int fd;
	uint64_t size;  /* file size: where the next record goes */
	uint64_t read;  /* the next record not yet read back */
	uint64_t acked; /* records before it were delivered */
	uint64_t max;
	bool is_dirty; /* appended since the last sync */
};

static void
spool_put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static uint64_t
spool_get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static int
spool_write_header(struct forward_spool *s)
{
	unsigned char h[SPOOL_HDR];

	memcpy(h, SPOOL_MAGIC, 8);
	spool_put_u64(h + 8, s->acked);
	return pwrite(s->fd, h, sizeof(h), 0) == (ssize_t)sizeof(h) ? 0 : -1;
}

/* Reads the header of an existing spool; a new or empty one gets one. */
static int
spool_load(struct forward_spool *s, char *err, size_t errlen)
{
	unsigned char h[SPOOL_HDR];
	struct stat st;
	ssize_t n;

	if (fstat(s->fd, &st) == -1)
		return -1;
	s->size = (uint64_t)st.st_size;
	if (s->size < SPOOL_HDR) {
		s->size = s->read = s->acked = SPOOL_HDR;
		if (ftruncate(s->fd, SPOOL_HDR) == -1 || spool_write_header(s))
			return -1;
		return fdatasync(s->fd);
	}
	n = pread(s->fd, h, sizeof(h), 0);
	if (n != (ssize_t)sizeof(h) || memcmp(h, SPOOL_MAGIC, 8) != 0) {
		(void)snprintf(err, errlen, "not an evcorrd spool");
		errno = 0;
		return -1;
	}
	s->acked = s->read = spool_get_u64(h + 8);
	if (s->acked < SPOOL_HDR || s->acked > s->size) {
		(void)snprintf(err, errlen, "bad offset in the spool header");
		errno = 0;
		return -1;
	}
	return 0;
}

struct forward_spool *
forward_spool_open(const char *dir, const char *name, uint64_t max, char *err,
    size_t errlen)
{
	struct forward_spool *s = xcalloc(1, sizeof(*s));
	char path[PATH_MAX];
	int r;

	err[0] = '\0';
	s->max = max;
	r = snprintf(path, sizeof(path), "%s/%s.spool", dir, name);
	if (r < 0 || (size_t)r >= sizeof(path)) {
		(void)snprintf(err, errlen, "spool path too long");
		free(s);
		return NULL;
	}
	s->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (s->fd == -1 || spool_load(s, err, errlen) == -1) {
		if (err[0] == '\0')
			(void)snprintf(err, errlen, "%s: %s", path,
			    strerror(errno));
		if (s->fd != -1)
			close(s->fd);
		free(s);
		return NULL;
	}
	return s;
}

int
forward_spool_append(struct forward_spool *s, const char *data, size_t len)
{
	unsigned char h[SPOOL_REC_HDR];
	ssize_t w;

	if (len > UINT32_MAX || s->size + SPOOL_REC_HDR + len > s->max) {
		errno = ENOSPC;
		return -1;
	}
	for (int i = 0; i < SPOOL_REC_HDR; i++)
		h[i] = (unsigned char)(len >> (24 - 8 * i));
	if ((w = pwrite(s->fd, h, sizeof(h), (off_t)s->size)) !=
		(ssize_t)sizeof(h) ||
	    (w = pwrite(s->fd, data, len, (off_t)(s->size + sizeof(h)))) !=
		(ssize_t)len) {
		int e = w >= 0 ? EIO : errno;

		/* Cut back: a torn record must never be read. */
		if (ftruncate(s->fd, (off_t)s->size) == -1)
			s->max = s->size; /* and append no more */
		errno = e;
		return -1;
	}
	s->size += sizeof(h) + len;
	s->is_dirty = true;
	return 0;
}

bool
forward_spool_has_unread(const struct forward_spool *s)
{
	return s->read < s->size;
}

ssize_t
forward_spool_read(struct forward_spool *s, char *buf, size_t len,
    uint64_t *end)
{
	unsigned char h[SPOOL_REC_HDR];
	uint64_t n = 0;

	if (s->read + SPOOL_REC_HDR > s->size ||
	    pread(s->fd, h, sizeof(h), (off_t)s->read) != (ssize_t)sizeof(h))
		return -1;
	for (int i = 0; i < SPOOL_REC_HDR; i++)
		n = n << 8 | h[i];
	if (n > len || s->read + SPOOL_REC_HDR + n > s->size ||
	    pread(s->fd, buf, n, (off_t)(s->read + SPOOL_REC_HDR)) !=
		(ssize_t)n) {
		/* A broken tail: skip it all, it cannot be framed again. */
		s->read = s->size;
		return -1;
	}
	s->read += SPOOL_REC_HDR + n;
	*end = s->read;
	return (ssize_t)n;
}

int
forward_spool_ack(struct forward_spool *s, uint64_t end)
{
	if (end <= s->acked)
		return 0;
	s->acked = end;
	if (s->acked == s->size && s->read == s->size) {
		/* All delivered: start over, as small as it gets. */
		s->size = s->read = s->acked = SPOOL_HDR;
		if (ftruncate(s->fd, SPOOL_HDR) == -1)
			return -1;
	}
	/* Not synced: a header that lags only sends records twice. */
	return spool_write_header(s);
}

int
forward_spool_sync(struct forward_spool *s)
{
	if (!s->is_dirty)
		return 0;
	s->is_dirty = false;
	return fdatasync(s->fd);
}

uint64_t
forward_spool_bytes(const struct forward_spool *s)
{
	return s->size - SPOOL_HDR;
}

void
forward_spool_close(struct forward_spool *s)
{
	if (s == NULL)
		return;
	(void)forward_spool_sync(s);
	close(s->fd);
	free(s);
}
