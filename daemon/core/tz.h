/* SPDX-License-Identifier: ISC */
/*
 * Time zones from the system tz database, for timestamps that carry no
 * zone (RFC 3164 headers, Snare's and NXLog's event times): a zone's UTC
 * offsets over time, taken once from libc (which reads the database) when
 * the configuration is loaded, then looked up with no I/O and no libc:
 * the conversions are pure.  No zone rules are written here.
 */
#ifndef DAEMON_CORE_TZ_H
#define DAEMON_CORE_TZ_H

#include <stddef.h>
#include <stdint.h>

#define TZ_NAME_MAX 64

struct tz;

/*
 * The zone named name ("UTC", "Europe/Berlin": a file of the tz database
 * under TZDIR, default /usr/share/zoneinfo), or NULL with a message in
 * err: an unknown name, or one that is not a plain relative name.  Its
 * offsets are sampled from 1900 to 2200 (the last offset holds after).
 * Not reentrant: it sets and restores TZ.
 */
struct tz *tz_load(const char *name, char *err, size_t errlen);
/* UTC, with no I/O: shared, never freed (tz_free ignores it). */
const struct tz *tz_utc(void);
void tz_free(const struct tz *tz); /* NULL is a no-op */
const char *tz_name(const struct tz *tz);

/* The zone's offset from UTC, in ms, at utc_ms. */
int64_t tz_offset_at(const struct tz *tz, int64_t utc_ms);

/*
 * A local time, its fields read as if UTC (civil_to_ms()), to UTC.  A
 * local time a change of offset skips (spring forward) is read with the
 * offset before the change; one it repeats (fall back), as its first
 * occurrence.
 */
int64_t tz_to_utc(const struct tz *tz, int64_t local_ms);

#endif
