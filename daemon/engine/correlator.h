/* SPDX-License-Identifier: ISC */
/*
 * Windows and holddowns per (rule, host).  Pure: callers pass now_ms
 * (monotonic) in and get alerts out as owned messages in a list; the
 * caller arms one timer at correlator_next_deadline().
 *
 * Semantics (docs/correlation.md): an opening event opens a window for
 * (rule, host) unless one is open; a repeat while open does not move it.
 * The first closing event with now_ms <= opened + window fires one alert
 * and closes the window; a closing event with no open window does nothing.
 * A window is dropped once now_ms > opened + window.  After an alert,
 * alerts for (rule, host) are suppressed while now_ms < alert + holddown;
 * their count rides on the next alert if that comes while now_ms <=
 * alert + holddown + max(window, holddown) (window and holddown of the
 * rule in force); once now_ms is past that the count is dropped (counted
 * in suppressed_dropped) and a state holding nothing else is freed.
 *
 * max-windows caps the states held, and max-windows-per-peer those one
 * sender (ev->peer of the opening event) holds: an opening event from a
 * sender at its share is refused (windows_peer_full, windows_full).  One
 * that needs a new state at the table's cap first evicts states that hold
 * only a suppressed count, earliest drop time first (each counted in
 * suppressed_dropped), if that makes room; otherwise the oldest state of
 * the sender holding most gives way (windows_evicted, evicted_peer).  Over
 * a cap a reload lowered nothing is evicted and the event is refused
 * (windows_full) until states end.
 */
#ifndef DAEMON_ENGINE_CORRELATOR_H
#define DAEMON_ENGINE_CORRELATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "decode/winevent.h"
#include "engine/alert.h"
#include "engine/hostkey.h"

/* Counts of what one call did, for the caller to add to stats. */
struct correlator_result {
	unsigned int opened;
	unsigned int repeats;
	unsigned int orphan_closes;
	unsigned int windows_full;
	unsigned int alerts;
	unsigned int suppressed;
	unsigned int expired;
	unsigned int suppressed_dropped; /* non-zero counts dropped/evicted */
	unsigned int windows_peer_full;  /* refused: the sender's share */
	unsigned int windows_evicted;    /* given up at the table's cap */
	unsigned int too_late;   /* opening events older than window+lateness */
	unsigned int held;       /* events held for lateness */
	unsigned int held_full;  /* ...that could not be: processed at once */
	unsigned int late_pairs; /* pairs whose close arrived before the open */
	unsigned int timeouts;   /* ALERT_TIMEOUT raised */
	unsigned int clears;     /* ALERT_CLEAR raised */
	unsigned int clears_unmatched; /* clear events with no active alert */
	/* the sender whose state was evicted last, valid until the next call */
	const char *evicted_peer;
};

struct correlator;

/*
 * conf is borrowed, must outlive the correlator or the next reconf, and
 * must not change meanwhile (its rules are indexed by event ID here);
 * seed is the host table's SipHash key (copied: from getrandom(2)).
 */
struct correlator *correlator_new(const struct conf *conf,
    const uint64_t seed[2]);
void correlator_free(struct correlator *c);

/*
 * Switch to a new conf: windows, holddowns and carried counts of rules
 * that still exist (by name) are kept with the new rule's window and
 * holddown; the rest are dropped: returns how many.
 */
size_t correlator_reconf(struct correlator *c, const struct conf *conf);

/*
 * Feeds one event of host key `host` (non-empty: a caller bug otherwise);
 * adds to *res, and appends each alert it raises to out (the caller takes
 * them over).
 */
void correlator_feed(struct correlator *c, const struct winevent *ev,
    const char *host, int64_t now_ms, struct correlator_result *res,
    struct alert_list *out);

/*
 * A hint, no effect on what the correlator does: an event of event_id for
 * host key `host` is coming soon (replay's feeder, some events ahead).
 * Stage 0 returns the host's hash (0 when no rule names event_id) and
 * fetches its bucket into the cache; stage 1, later, with that hash,
 * fetches the state the bucket leads to.  At a million windows the two
 * reads are cache misses a lookup would otherwise wait for.
 */
uint64_t correlator_prefetch(const struct correlator *c, uint32_t event_id,
    const char *host, uint64_t hash, int stage);

/*
 * Processes held events, ends windows (raising timeout alerts, appended
 * to out), holddowns and counts that are due at now_ms; adds to *res.
 */
void correlator_expire(struct correlator *c, int64_t now_ms,
    struct correlator_result *res, struct alert_list *out);

/* The earliest time correlator_expire() has work, or INT64_MAX. */
int64_t correlator_next_deadline(const struct correlator *c);

/*
 * Saved state (docs/correlation.md): correlator_save() writes every state
 * as text through write_fn (which returns 0 or -1; -1 stops it), with
 * monotonic times relative to now_mono and now_wall the wall clock of the
 * save.  correlator_load() reads such text into c, which must hold no
 * state: rules are found by name, times shifted by the downtime
 * (now_wall - the save's), and what ran out meanwhile ends quietly.  It
 * returns -1 with a message in err, loading nothing, for a file that is
 * not whole (magic, version, end record, checksum); a record it cannot
 * use is skipped and counted in lr->bad.  Pure.
 */
struct correlator_load_result {
	size_t states;       /* loaded */
	size_t held;         /* held events loaded */
	size_t expired;      /* windows and counts that ran out while down */
	size_t dropped_rule; /* states of rules no longer configured */
	size_t dropped_full; /* states over max-windows */
	size_t bad;          /* records skipped */
};

int correlator_save(const struct correlator *c, int64_t now_mono,
    int64_t now_wall, int (*write_fn)(const char *buf, size_t len, void *arg),
    void *arg);
int correlator_load(struct correlator *c, const char *text, size_t len,
    int64_t now_mono, int64_t now_wall, struct correlator_load_result *lr,
    char *err, size_t errlen);

/*
 * The end record that makes text[0..len) (whole lines, header included) a
 * sealed state file, into out; its length or -1.  For tests and fuzzing.
 */
int correlator_state_seal(const char *text, size_t len, char *out,
    size_t outlen);

/* Number of (rule, host) states held (bounded by conf->max_windows). */
size_t correlator_size(const struct correlator *c);

/* A read-only view of one (rule, host) state, for correlator_foreach(). */
struct correlator_view {
	const char *rule;      /* the rule's name */
	const char *host;      /* the host key */
	bool is_open;          /* a window is open */
	bool is_overdue;       /* ...timed out on the daemon's clock, open to a
				  backlog on host time */
	int64_t opened_t;      /* is_open: host time of its opening event, 0 */
	int64_t opened_wall;   /* is_open: its arrival, wall clock */
	uint32_t open_id;      /* is_open: its event ID */
	const char *open_via;  /* is_open: its path ("syslog/udp"), else "" */
	int64_t opened_ms;     /* is_open: its arrival (monotonic) */
	int64_t closes_ms;     /* is_open: the window's end (monotonic) */
	bool is_holding;       /* alerts are held down */
	int64_t held_until_ms; /* is_holding: the holddown's end */
	uint64_t suppressed;   /* alerts held down so far */
	size_t held;           /* events held for lateness */
	const char *active_id; /* the alert a clear would close, or "" */
};

/*
 * Calls fn for every state held, in no particular order, until fn
 * returns false.  The view is valid during the call only; fn must not
 * feed, expire or reconf the correlator.
 */
typedef bool correlator_visit_fn(const struct correlator_view *v, void *arg);
void correlator_foreach(const struct correlator *c, correlator_visit_fn *fn,
    void *arg);

#endif
