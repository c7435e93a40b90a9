/* SPDX-License-Identifier: ISC */
/*
 * A forwarder's on-disk spool (forward_spool.c): records appended in
 * order, read back in order, acknowledged once delivered, kept across
 * restarts.  The caller (output/forward.c) owns when to sync.
 */
#ifndef DAEMON_OUTPUT_FORWARD_SPOOL_H
#define DAEMON_OUTPUT_FORWARD_SPOOL_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct forward_spool;

/*
 * Opens (creating) DIR/NAME.spool, at most max bytes, reading resumes at
 * its acknowledged offset.  NULL with err filled on failure.
 */
struct forward_spool *forward_spool_open(const char *dir, const char *name,
    uint64_t max, char *err, size_t errlen);
/* Appends one record; -1 with errno ENOSPC when max would be passed. */
int forward_spool_append(struct forward_spool *s, const char *data, size_t len);
/* Whether records wait to be read back. */
bool forward_spool_has_unread(const struct forward_spool *s);
/*
 * The next record into buf; its length, or -1 (none, or a broken tail,
 * skipped).  *end is what forward_spool_ack() takes once it is delivered.
 */
ssize_t forward_spool_read(struct forward_spool *s, char *buf, size_t len,
    uint64_t *end);
/* Records up to end were delivered (in order); 0 or -1 (I/O error). */
int forward_spool_ack(struct forward_spool *s, uint64_t end);
/* Makes what was appended durable (fdatasync); 0 or -1. */
int forward_spool_sync(struct forward_spool *s);
/* Bytes of records in the file. */
uint64_t forward_spool_bytes(const struct forward_spool *s);
/* Syncs and closes; NULL is a no-op. */
void forward_spool_close(struct forward_spool *s);

#endif
