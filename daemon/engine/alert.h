/* SPDX-License-Identifier: ISC */
/*
 * struct alert: what the engine tells the outputs, a message that owns
 * all it says.  It names its rule and carries the rule's texts, both
 * events and the targets the rule emits to, in one allocation, so that an
 * output may keep it (queue, spool, hand it on) past the configuration
 * that raised it.  Outputs see nothing else of the engine.
 */
#ifndef DAEMON_ENGINE_ALERT_H
#define DAEMON_ENGINE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/severity.h"

#define ALERT_TEXT_MAX 511 /* bytes of an event's text kept in an alert */
#define ALERT_ID_MAX 37    /* a UUID's 36 characters and the NUL */

/*
 * What an alert says.  Outputs show the kind and id of every alert and
 * never assume a pair: a kind without a closing event leaves close zero
 * (has_close false).
 */
enum alert_kind {
	ALERT_PAIR,    /* an opening event, then its closing event in time */
	ALERT_TIMEOUT, /* an opening event whose window ran out unclosed */
	ALERT_CLEAR,   /* the rule's clear event for a host whose alert is
			  active: clears names that alert's id, open is
			  the clear event */
	ALERT_TEST,    /* a marked test alert (evcorrd -T), no correlation */
	ALERT_KIND_COUNT,
};

/* What an alert says about one of its events. */
struct alert_event {
	uint32_t event_id;
	const char *source;   /* "" when unknown */
	const char *log;      /* "" when unknown */
	const char *computer; /* as the event named it, "" when it did not */
	const char *peer;     /* numeric address it came from */
	const char *via;      /* the path: "syslog/udp", "trap/v1"... */
	const char *type;     /* "Error", "Warning"... as decoded; "" unknown */
	const char *text;     /* at most ALERT_TEXT_MAX bytes, UTF-8 safe */
	int64_t time_ms;      /* the event's own time, else its receipt */
};

struct alert {
	enum alert_kind kind;
	char id[ALERT_ID_MAX];     /* unique, kept across restarts */
	char clears[ALERT_ID_MAX]; /* ALERT_CLEAR: the alert cleared; else "" */
	bool has_close;            /* close is an event (ALERT_PAIR) */
	const char *rule;          /* its name */
	const char *title;
	const char *cause;
	const char *fix;
	const char *reference;
	enum severity severity;
	const char *const *targets; /* the rule's `emit to`; none: all */
	size_t ntargets;
	const char *const *forwards; /* its `forward to`; none: all */
	size_t nforwards;
	const char *host; /* the host key both events share */
	struct alert_event open;
	struct alert_event close;
	uint64_t suppressed; /* alerts held down since the previous one */
	int64_t time_ms;     /* wall clock: receipt of the closing event */
	unsigned int refs;   /* alert_hold() / alert_free() */
	/* (the strings above live after the struct, in its allocation) */
};

/* "pair", "timeout", "clear", "test". */
const char *alert_kind_name(enum alert_kind kind);

/*
 * The id of the seq-th alert made under key, as a version 4 UUID: 122
 * bits of SipHash of seq under key.  With a key drawn at random at each
 * start, ids are unique across restarts too.  Pure.
 */
void alert_id_make(const uint64_t key[2], uint64_t seq, char out[ALERT_ID_MAX]);

/*
 * A new alert with one reference: every string of tmpl (borrowed; NULL
 * reads as "") is copied into it, event texts cut to ALERT_TEXT_MAX on a
 * character boundary.  Dies on OOM.
 */
struct alert *alert_new(const struct alert *tmpl);
/* One more reference (an output that keeps it); returns a. */
struct alert *alert_hold(struct alert *a);
/* Drops a reference, freeing a with the last one.  NULL is a no-op. */
void alert_free(struct alert *a);

/* Alerts raised by one call, in order; all zero is an empty list. */
struct alert_list {
	struct alert **v;
	size_t n;
	size_t cap;
};

/* Appends a, taking over the caller's reference.  Dies on OOM. */
void alert_list_push(struct alert_list *l, struct alert *a);
/* Drops the references the list still holds and empties it. */
void alert_list_clear(struct alert_list *l);

#endif
