/* SPDX-License-Identifier: ISC */
/*
 * engine/: pure correlation.  The pipeline (bytes or a decoded PDU ->
 * event -> host key -> correlator -> alerts), host keys, rule matching,
 * the correlator and its windows, and the alert message.  No sockets, no
 * timers, no clock reads: time comes in, results and alerts go out.
 *
 * The one path from what an input received to alerts: a syslog frame is
 * parsed (decode/syslog_parse) and its agent payload decoded
 * (decode/winevent), a trap PDU decoded (decode/trap_decode); the event
 * gets its host key and is fed to the correlator.  Sockets, --replay, the
 * tests and the benchmarks all drive this code.  Pure: no sockets, no
 * timers, no clock reads (the dispatch's stamp comes in), no logging
 * (what happened goes back to the caller to count and log).
 *
 * Alerts are handed to hooks.deliver once the call that raised them has
 * left the correlator, one call per alert, in order; the caller's timer
 * follows hooks.deadline.  The pipeline owns the correlator and the
 * engine's counters ("events", "windows_opened", "alerts", ...).
 */
#ifndef DAEMON_ENGINE_PIPELINE_H
#define DAEMON_ENGINE_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/counter.h"
#include "core/parse_error.h"
#include "decode/winevent.h"
#include "engine/alert.h"
#include "engine/correlator.h"
#include "engine/hostkey.h"

struct snmp_pdu; /* net-snmp's netsnmp_pdu */
struct pipeline;

struct pipeline_hooks {
	/* An alert, with the caller's reference: the hook owns it. */
	void (*deliver)(struct alert *alert, const struct clock_stamp *now,
	    void *arg);
	/* The earliest time pipeline_expire() has work: INT64_MAX none. */
	void (*deadline)(int64_t due_ms, const struct clock_stamp *now,
	    void *arg);
	void *arg;
};

/* Where an input's bytes came from. */
struct pipeline_src {
	enum winevent_via via;
	const char *peer; /* numeric address of the sender */
	/* the zone of times that carry none; NULL: the conf's global one */
	const struct tz *tz;
	/* TLS: the client certificate's subject; NULL: none */
	const char *subject;
	/* syslog: the listener's `format` (0, auto: detected per message) */
	enum conf_input_format format;
};

enum pipeline_outcome {
	PIPELINE_EVENT,         /* an event, fed to the correlator */
	PIPELINE_EMPTY,         /* syslog: blanks only */
	PIPELINE_MALFORMED,     /* a broken header or agent payload */
	PIPELINE_NOT_WINEVENT,  /* no Windows event in a format we know */
	PIPELINE_NO_EVENT_ID,   /* an event without an ID: nothing to match */
	PIPELINE_NO_HOST,       /* an event with no name or address to key */
	PIPELINE_HOST_TOO_LONG, /* a computer name too long to keep whole */
	PIPELINE_OUTCOME_COUNT, /* not an outcome */
};

/* What happened to one input, for the caller to count and log. */
struct pipeline_result {
	enum pipeline_outcome outcome;
	struct parse_error err; /* MALFORMED, NOT_WINEVENT: why */
	/* MALFORMED: which format broke ("malformed message": the header) */
	const char *what;
	/* MALFORMED: the slot of the per-format counters it counts in (0:
	 * the header, else its enum winevent_format) */
	size_t malformed_format;
	/* MALFORMED, NOT_WINEVENT: the bytes to quote, in the caller's buffer
	 */
	const char *sample;
	size_t sample_len;
	/* EVENT, NO_EVENT_ID, NO_HOST: the event, valid until the next call */
	const struct winevent *ev;
	/* EVENT: the sender whose oldest window gave way at max-windows */
	const char *evicted_peer;
	bool is_peer_full; /* EVENT: refused a window at the sender's share */
	bool is_held_down; /* EVENT: it closed a window, its alert held down */
	char key[HOSTKEY_MAX]; /* EVENT: its host key */
};

/*
 * conf is borrowed until the next pipeline_reconf(); seed keys the
 * correlator's host table; hooks are copied.  Dies on OOM.
 */
struct pipeline *pipeline_new(const struct conf *conf, const uint64_t seed[2],
    const struct pipeline_hooks *hooks);
void pipeline_free(struct pipeline *p); /* NULL is a no-op */

/*
 * Switch to a new conf: windows of rules that still exist are kept (see
 * correlator_reconf()); the deadline hook is called again.
 */
void pipeline_reconf(struct pipeline *p, const struct conf *conf,
    const struct clock_stamp *now);

/*
 * One syslog frame buf[0..len) (already cut to max-message-size by the
 * transport), received at now.  Fills res; returns res->outcome.
 */
enum pipeline_outcome pipeline_syslog(struct pipeline *p,
    const struct pipeline_src *src, const char *buf, size_t len,
    const struct clock_stamp *now, struct pipeline_result *res);

/*
 * What pipeline_syslog() does before the correlator, pure and counting
 * nothing, for threads that decode ahead of it (--replay): the frame
 * decoded into ev (res->ev points at it) and keyed, received at now_wall
 * (which also gives RFC 3164 stamps their year).  *is_now_dependent says
 * that another now_wall may decode it otherwise (a guessed year): decode
 * it again at the correlator's time.  Returns res->outcome.
 */
enum pipeline_outcome pipeline_decode_syslog(const struct conf *conf,
    const struct pipeline_src *src, const char *buf, size_t len,
    int64_t now_wall, struct winevent *ev, struct pipeline_result *res,
    bool *is_now_dependent);
/* Counts n outcomes as pipeline_syslog() does ("events", ...). */
void pipeline_account(struct pipeline *p, enum pipeline_outcome outcome,
    uint64_t n);
/* Counts n malformed messages of a format slot (res->malformed_format). */
void pipeline_account_malformed(struct pipeline *p, size_t format, uint64_t n);
/*
 * Feeds an event pipeline_decode_syslog() made (outcome PIPELINE_EVENT,
 * accounted) with its key; on replay ev->recv_ms becomes the clock.
 */
void pipeline_feed(struct pipeline *p, struct winevent *ev, const char *key,
    const struct clock_stamp *now, struct pipeline_result *res);
/* correlator_prefetch() for an event pipeline_feed() will soon have. */
uint64_t pipeline_prefetch(const struct pipeline *p, uint32_t event_id,
    const char *key, uint64_t hash, int stage);

/*
 * One notification PDU from an accepted community (v1 trap, v2c trap or
 * INFORM).  A PDU that is no translator trap is NOT_WINEVENT; a damaged
 * translator trap MALFORMED.
 */
enum pipeline_outcome pipeline_trap(struct pipeline *p,
    const struct pipeline_src *src, const struct snmp_pdu *pdu,
    const struct clock_stamp *now, struct pipeline_result *res);

/* Drops the windows, holddowns and counts due at now. */
void pipeline_expire(struct pipeline *p, const struct clock_stamp *now);

/*
 * Replay (evcorrd --replay): from now on the clock of correlation is the
 * newest event time seen (starting at start_ms, wall ms): an event
 * without one takes the current clock, and what falls due before an
 * event is done first, as the daemon's timer would.  The stamps callers
 * pass in are then ignored.  pipeline_replay_end() runs the clock on by
 * after_ms, ending what is still held or open.
 */
void pipeline_set_replay(struct pipeline *p, int64_t start_ms);
/*
 * Replay: the clock moves on to t_ms as an event of that time would move
 * it (an event no rule names: only its time matters), doing what falls
 * due.  Consecutive calls are one call with the largest time.
 */
void pipeline_replay_advance(struct pipeline *p, int64_t t_ms);
/* Replay: the clock (wall ms). */
int64_t pipeline_replay_now(const struct pipeline *p);
void pipeline_replay_end(struct pipeline *p, int64_t after_ms);

/* The correlator's state out and in (correlator_save(), _load()). */
int pipeline_save(const struct pipeline *p, const struct clock_stamp *now,
    int (*write_fn)(const char *buf, size_t len, void *arg), void *arg);
int pipeline_load(struct pipeline *p, const char *text, size_t len,
    const struct clock_stamp *now, struct correlator_load_result *lr, char *err,
    size_t errlen);

/* The earliest time pipeline_expire() has work, or INT64_MAX. */
int64_t pipeline_next_deadline(const struct pipeline *p);
/* (rule, host) states held. */
size_t pipeline_windows(const struct pipeline *p);
/*
 * Registers the engine's counters, the set of malformed messages per
 * format (group "engine", label "formats": malformed_snare, ...), and one
 * set per rule (group "rule",
 * labelled by its name: rule_alerts, rule_alerts_timeout,
 * rule_alerts_clear), renewed at each reconf (a reload starts a rule's
 * set at 0; the totals keep what was counted).
 */
void pipeline_register(struct pipeline *p, struct counter_registry *reg);
/* The engine's counters, for the registry. */
struct counter_set *pipeline_counters(struct pipeline *p);

/* Every (rule, host) state, read-only: correlator_foreach(). */
void pipeline_foreach_window(const struct pipeline *p, correlator_visit_fn *fn,
    void *arg);

#endif
