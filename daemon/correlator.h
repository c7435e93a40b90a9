/* SPDX-License-Identifier: ISC */
/*
 * Windows and holddowns per (rule, host).  Pure: callers pass now_ms
 * (monotonic) in and get alerts out through a callback; the caller arms
 * one timer at correlator_next_deadline().
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
 * max-windows caps the states held.  An opening event that needs a new
 * state at the cap first evicts states that hold only a suppressed count,
 * earliest drop time first (each counted in suppressed_dropped), if that
 * makes room; otherwise it evicts nothing and is refused (windows_full).
 */
#ifndef DAEMON_CORRELATOR_H
#define DAEMON_CORRELATOR_H

#include <stdint.h>

#include "conf.h"
#include "hostkey.h"
#include "winevent.h"

#define ALERT_TEXT_MAX 512

/* What an alert says about one of its two events. */
struct alert_event {
	uint32_t event_id;
	char source[WINEVENT_SOURCE_MAX];
	char log[WINEVENT_LOG_MAX];
	char computer[WINEVENT_COMPUTER_MAX];
	char peer[WINEVENT_PEER_MAX];
	enum winevent_via via;
	int64_t time_ms; /* the event's own time, else its receipt (wall) */
	char text[ALERT_TEXT_MAX];
};

struct alert {
	const struct rule *rule; /* borrowed from the conf in force */
	char host[HOSTKEY_MAX];
	struct alert_event open;
	struct alert_event close;
	uint64_t suppressed; /* alerts held down since the previous one */
	int64_t time_ms;     /* wall clock: receipt of the closing event */
};

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
};

/*
 * Called once per alert, synchronously; alert is valid during the call,
 * which must not call back into the correlator.
 */
typedef void correlator_alert_fn(const struct alert *alert, void *arg);

struct correlator;

/* conf is borrowed and must outlive the correlator or the next reconf. */
struct correlator *correlator_new(const struct conf *conf,
    correlator_alert_fn *on_alert, void *arg);
void correlator_free(struct correlator *c);

/*
 * Switch to a new conf: windows, holddowns and carried counts of rules
 * that still exist (by name) are kept with the new rule's window and
 * holddown; the rest are dropped (not counted).
 */
void correlator_reconf(struct correlator *c, const struct conf *conf);

/* Feed one event of host key `host`; adds to *res. */
void correlator_feed(struct correlator *c, const struct winevent *ev,
    const char *host, int64_t now_ms, struct correlator_result *res);

/* Drop windows, holddowns and counts that are due at now_ms; adds to *res. */
void correlator_expire(struct correlator *c, int64_t now_ms,
    struct correlator_result *res);

/* The earliest time correlator_expire() has work, or INT64_MAX. */
int64_t correlator_next_deadline(const struct correlator *c);

/* Number of (rule, host) states held (bounded by conf->max_windows). */
size_t correlator_size(const struct correlator *c);

#endif
