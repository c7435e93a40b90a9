/* SPDX-License-Identifier: ISC */
/*
 * Windows and holddowns per (rule, host): a keyed hash table finds the
 * state of a pair in O(1), and two min-heaps over the states' next
 * deadlines (one for states that only carry a suppressed count, which
 * may be evicted at the cap) make expiry O(log n) with no scan.  Pure:
 * time comes in as now_ms, alerts go out as owned messages in a list.
 * docs/correlation.md has the semantics.
 */
#include "config.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "core/heap.h"
#include "core/intern.h"
#include "core/siphash.h"
#include "core/slab.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "decode/winevent.h"
#include "engine/alert.h"
#include "engine/correlator.h"
#include "engine/peer_share.h"
#include "engine/rule.h"
#include "engine/rule_index.h"

#define CORRELATOR_BUCKETS_MIN 16
#define CORRELATOR_BUCKETS_MAX ((size_t)1 << 24) /* sized up front */

#define CORRELATOR_NFIELDS 7   /* strings a kept event keeps */
#define CORRELATOR_HELD_MAX 64 /* events one state holds for lateness */
/* the largest opening summary kept in the state's chunk (inl4 units) */
#define CORRELATOR_INLINE_MAX ((size_t)127 * 4)
_Static_assert(CORRELATOR_HELD_MAX <= 127, "nheld is 7 bits");
_Static_assert(CONF_RULES_MAX <= 1024, "rule_idx is 10 bits");

/*
 * A state keeps its arrival times (monotonic) as 32-bit milliseconds after
 * the correlator's base, which moves up as the clock does (about every 37
 * days, correlator_clock()) and stays CORRELATOR_MONO_BACK behind it.  An
 * arrival older than that is kept as the base: still older than any
 * window, lateness and holddown after it, so every comparison the state
 * machine makes with it comes out the same.
 */
#define CORRELATOR_MONO_BACK ((int64_t)1 << 31)
#define CORRELATOR_MONO_AHEAD (((int64_t)1 << 32) - ((int64_t)1 << 30))
_Static_assert(2 * CONF_DURATION_MAX_MS + CONF_LATENESS_MAX_MS <
	CORRELATOR_MONO_BACK,
    "an arrival kept as the base is past every deadline it sets");

/*
 * A kept event (an open window's opening event, a held event) of one
 * state: its strings as ids of the correlator's intern table, one per
 * field that is neither empty nor kept as a flag (kept: CORRELATOR_CS_*),
 * in field order, then the computer inline when it is not the state's
 * host key.  Its time is its context's (correlator_open_time() for an
 * open window's, the held event's host time for a held one's), unless a
 * state file said otherwise (CORRELATOR_CS_TIME: then it follows the ids).
 * Reading one needs its state (correlator_summary_str()).
 */
struct correlator_summary {
	uint32_t event_id;
	uint8_t via;   /* an enum winevent_via (static assert below) */
	uint8_t empty; /* bit i: field i is "" and not kept */
	uint8_t kept;  /* CORRELATOR_CS_* */
	uint32_t ids[];
};

enum {
	CORRELATOR_CS_COMPUTER_HOST = 1,  /* the computer is the host key */
	CORRELATOR_CS_COMPUTER_UPPER = 2, /* ...in ASCII upper case */
	CORRELATOR_CS_COMPUTER = 3,
	CORRELATOR_CS_PEER_STATE = 4, /* the peer is the state's sender */
	CORRELATOR_CS_TIME = 8,       /* a time of its own after the ids */
};
_Static_assert(WINEVENT_VIA_LAST <= UINT8_MAX, "via is a uint8_t");
_Static_assert(CORRELATOR_NFIELDS <= 8, "empty is a uint8_t");

/* An event held for lateness: matched at arrival, processed in order. */
struct correlator_held {
	int64_t t;    /* host time (wall ms, never 0) */
	int64_t a;    /* arrival (monotonic ms) */
	int64_t wall; /* arrival (wall ms) */
	struct correlator_summary *sum;
	uint8_t roles; /* CORRELATOR_OPEN...: at most 7 */
};

/*
 * What a state needs once it has raised an alert, suppressed one, held an
 * event or opened a window whose summary has no room in the state's chunk,
 * and a state with only a window open does not (memory per window,
 * docs/PERFORMANCE.md): one chunk, made at the first need, kept till the
 * state ends, and grown with the held events.
 */
struct correlator_extra {
	int64_t alert_t; /* host time of the last alert's close, or 0 */
	int64_t alert_a; /* monotonic time of the last alert */
	uint64_t suppressed;
	char *active_id; /* has_active: an alert a clear may close */
	/* is_open_own: the open window's summary, in a chunk of its own */
	struct correlator_summary *open;
	/* by host time, at equal ones in arrival order (correlator_hold());
	   room for a power of two >= nheld, at least 2,
	   once one was held */
	struct correlator_held held[];
};

/*
 * One (rule, host): what a window, a holddown, a carried count and held
 * events need, and nothing an empty one does not (memory per window is a
 * goal: docs/PERFORMANCE.md).  Its rule is conf->rules[rule_idx].
 */
struct correlator_state {
	struct correlator_state *next; /* hash chain */
	/* the opening event's host time, or (is_arrival_t) its arrival's
	   wall clock: correlator_opened_t() */
	int64_t opened_t;
	int64_t newest_t; /* newest host time of the rule's events; 0 */
	struct correlator_extra *x;  /* NULL: none of what it holds needed */
	struct peer_share_link peer; /* the sender whose event made it */
	/* arrivals (monotonic), after c->mono_base: correlator_mono() */
	uint32_t opened_a32; /* of the opening event */
	uint32_t last_a32;   /* of the last event */
	/* no host hash: the table recomputes it to unlink (memory) */
	struct heap_node node; /* key: the next deadline (correlator_settle) */
	unsigned int rule_idx : 10; /* < CONF_RULES_MAX (correlator_new()) */
	/* <= CORRELATOR_HELD_MAX (64): correlator_feed_rule() and the load
	   check it before holding one more */
	unsigned int nheld : 7;
	unsigned int queue : 2;        /* CORRELATOR_Q_*: the heap it is on */
	unsigned int is_holding : 1;   /* the holddown may still apply */
	unsigned int is_overdue : 1;   /* the window's time ran out on the
					  daemon's clock (timeout raised); on
					  host time a close may still come
					  from a backlog */
	unsigned int has_active : 1;   /* x->active_id is an alert a clear may
					  close */
	unsigned int is_open : 1;      /* a window is open: its summary is
					  correlator_open() */
	unsigned int is_open_own : 1;  /* ...in a chunk of its own (x->open),
					  not in the state's chunk */
	unsigned int is_arrival_t : 1; /* the opening event had no host
					  time: opened_t is its arrival's */
	/*
	 * Room, in 4-byte units, for an opening summary in the state's own
	 * chunk, after host (correlator_inline()); 0: none.
	 */
	unsigned int inl4 : 7;
	char host[];
};

enum {
	CORRELATOR_Q_NONE, /* only while new */
	CORRELATOR_Q_ACTIVE,
	CORRELATOR_Q_CARRIED,
};

struct correlator {
	const struct conf *conf;
	struct rule_index *index; /* conf's rules by event ID */
	uint64_t seed[2];
	uint64_t id_key[2]; /* alert ids: alert_id_make() */
	uint64_t nalerts;   /* alerts made: the next id's sequence number */
	/* each a chain's first state, as its slab reference (0: none):
	   4 bytes a bucket (correlator_head()) */
	uint32_t *buckets;
	size_t nbuckets; /* a power of two */
	size_t count;
	struct heap *active;  /* states with a window open or a holddown */
	struct heap *carried; /* states that only carry a count, an active
				 alert or a host's newest time: evictable */
	struct peer_shares *peers;
	struct intern *strs; /* the kept events' strings */
	struct slab *slab;   /* the states' chunks (no malloc header each) */
	/* per field, the string interned last (a reference), or 0 */
	uint32_t last_id[CORRELATOR_NFIELDS];
	/* wall clock - monotonic, at the last event fed (or the load) */
	int64_t wall_off;
	int64_t mono_base; /* the states' arrival times are after it */
	bool has_mono_base;
	size_t nheld; /* events held in all states (within max_windows) */
	char evicted_peer[WINEVENT_PEER_MAX]; /* the last call's */
};

/* The first state of bucket i of buckets, or NULL. */
static struct correlator_state *
correlator_head_of(const struct slab *sl, const uint32_t *buckets, size_t i)
{
	return buckets[i] != 0 ? slab_at(sl, buckets[i]) : NULL;
}

static struct correlator_state *
correlator_head(const struct correlator *c, size_t i)
{
	return correlator_head_of(c->slab, c->buckets, i);
}

static struct heap *
correlator_heap(struct correlator *c, uint8_t q)
{
	return q == CORRELATOR_Q_CARRIED ? c->carried : c->active;
}

static const struct conf_rule *
correlator_rule(const struct correlator *c, const struct correlator_state *s)
{
	return &c->conf->rules[s->rule_idx];
}

/* A state's arrival time a32 as the monotonic clock's. */
static int64_t
correlator_mono(const struct correlator *c, uint32_t a32)
{
	return c->mono_base + (int64_t)a32;
}

/* Monotonic time t as 32 bits after base, the older kept as base. */
static uint32_t
correlator_after_base(int64_t base, int64_t t)
{
	if (t <= base)
		return 0;
	return t - base >= (int64_t)UINT32_MAX ? UINT32_MAX
					       : (uint32_t)(t - base);
}

/* Monotonic time t as a state keeps it (correlator_clock() saw t). */
static uint32_t
correlator_mono32(const struct correlator *c, int64_t t)
{
	return correlator_after_base(c->mono_base, t);
}

static int64_t
correlator_opened_a(const struct correlator *c,
    const struct correlator_state *s)
{
	return correlator_mono(c, s->opened_a32);
}

static int64_t
correlator_last_a(const struct correlator *c, const struct correlator_state *s)
{
	return correlator_mono(c, s->last_a32);
}

/*
 * The clock is at now (monotonic): the first time, the states' time base
 * is set CORRELATOR_MONO_BACK before it; once now nears the end of what
 * 32 bits after the base hold, every state's arrivals move to a new base
 * that far before now (one pass over the table, about every 37 days).
 */
static void
correlator_clock(struct correlator *c, int64_t now)
{
	struct correlator_state *s;
	int64_t old = c->mono_base, base;
	size_t i;

	base = now > INT64_MIN + CORRELATOR_MONO_BACK
	    ? now - CORRELATOR_MONO_BACK
	    : INT64_MIN;
	if (!c->has_mono_base) {
		c->mono_base = base;
		c->has_mono_base = true;
		return;
	}
	if (now <= old || now - old < CORRELATOR_MONO_AHEAD)
		return;
	for (i = 0; i < c->nbuckets; i++)
		for (s = correlator_head(c, i); s != NULL; s = s->next) {
			s->opened_a32 = correlator_after_base(base,
			    old + (int64_t)s->opened_a32);
			s->last_a32 = correlator_after_base(base,
			    old + (int64_t)s->last_a32);
		}
	c->mono_base = base;
}

/* s's extra record, made if it has none. */
static struct correlator_extra *
correlator_extra(struct correlator_state *s)
{
	if (s->x == NULL)
		s->x = xcalloc(1, sizeof(*s->x));
	return s->x;
}

/*
 * Frees s's extra record once nothing in it counts any more: no event
 * held, no holddown (the last alert's times are read only during one,
 * or while a count is carried), no count, no active alert, the window's
 * summary not in it.  Every window whose opening event was held for
 * lateness (all with a host time, by default) made one: kept, it cost
 * 128 bytes more per open window.
 */
static void
correlator_extra_trim(struct correlator_state *s)
{
	if (s->x == NULL || s->nheld > 0 || s->is_holding || s->has_active ||
	    s->is_open_own || s->x->suppressed != 0)
		return;
	free(s->x->active_id);
	free(s->x);
	s->x = NULL;
}

static int64_t
correlator_alert_t(const struct correlator_state *s)
{
	return s->x != NULL ? s->x->alert_t : 0;
}

static int64_t
correlator_alert_a(const struct correlator_state *s)
{
	return s->x != NULL ? s->x->alert_a : 0;
}

static uint64_t
correlator_suppressed(const struct correlator_state *s)
{
	return s->x != NULL ? s->x->suppressed : 0;
}

/* a + b, with b < 0 taken as 0, saturating at INT64_MAX. */
static int64_t
correlator_add_sat(int64_t a, int64_t b)
{
	if (b <= 0)
		return a;
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* The first instant after end, for ends that are inclusive. */
static int64_t
correlator_after(int64_t end)
{
	return end < INT64_MAX ? end + 1 : INT64_MAX;
}

static int64_t
correlator_lateness(const struct correlator *c,
    const struct correlator_state *s)
{
	return conf_rule_lateness(c->conf, correlator_rule(c, s));
}

/* The host time of the open window's opening event; 0: it had none. */
static int64_t
correlator_opened_t(const struct correlator_state *s)
{
	return s->is_arrival_t ? 0 : s->opened_t;
}

/*
 * The last instant (monotonic) the window may still take a close: its
 * length after the opening event arrived, and on host time lateness more,
 * for a close that is on its way.
 */
static int64_t
correlator_window_end(const struct correlator *c,
    const struct correlator_state *s)
{
	int64_t end = correlator_add_sat(correlator_opened_a(c, s),
	    correlator_rule(c, s)->window_ms);

	return correlator_opened_t(s) != 0
	    ? correlator_add_sat(end, correlator_lateness(c, s))
	    : end;
}

/* The time of the open window's opening event (its summary's, usually). */
static int64_t
correlator_open_time(const struct correlator_state *s)
{
	return s->opened_t;
}

/* The first instant (monotonic) the holddown certainly no longer applies. */
static int64_t
correlator_holddown_end(const struct correlator *c,
    const struct correlator_state *s)
{
	int64_t end = correlator_add_sat(correlator_alert_a(s),
	    correlator_rule(c, s)->holddown_ms);

	return correlator_alert_t(s) != 0
	    ? correlator_add_sat(end, correlator_lateness(c, s))
	    : end;
}

/* The last instant the suppressed count is kept: holddown end + max(w, h). */
static int64_t
correlator_carry_end(const struct correlator *c,
    const struct correlator_state *s)
{
	const struct conf_rule *r = correlator_rule(c, s);

	return correlator_add_sat(correlator_holddown_end(c, s),
	    r->window_ms > r->holddown_ms ? r->window_ms : r->holddown_ms);
}

/*
 * The last instant a host's newest time is kept once nothing else is:
 * window + lateness after its last event, so that an opening event too
 * old to pair is still known as such.
 */
static int64_t
correlator_newest_end(const struct correlator *c,
    const struct correlator_state *s)
{
	return correlator_add_sat(correlator_add_sat(correlator_last_a(c, s),
				      correlator_rule(c, s)->window_ms),
	    correlator_lateness(c, s));
}

static struct correlator_state *
correlator_state_of(struct heap_node *n)
{
	return (struct correlator_state *)(void *)((char *)n -
	    offsetof(struct correlator_state, node));
}

static uint64_t
correlator_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static size_t
correlator_bucket(size_t nbuckets, size_t rule_idx, uint64_t host_hash)
{
	uint64_t h = host_hash ^ ((uint64_t)rule_idx * 0x9e3779b97f4a7c15ULL);

	return (size_t)(correlator_mix(h) & (nbuckets - 1));
}

static struct correlator_state *
correlator_find(const struct correlator *c, size_t rule_idx, const char *host,
    uint64_t host_hash)
{
	struct correlator_state *s;

	s = correlator_head(c,
	    correlator_bucket(c->nbuckets, rule_idx, host_hash));
	for (; s != NULL; s = s->next)
		if (s->rule_idx == rule_idx && strcmp(s->host, host) == 0)
			return s;
	return NULL;
}

/* The hash of s's host (the states do not keep it: memory per window). */
static uint64_t
correlator_host_hash(const struct correlator *c,
    const struct correlator_state *s)
{
	return siphash24(c->seed, s->host, strlen(s->host));
}

static void
correlator_link(const struct slab *sl, uint32_t *buckets, size_t nbuckets,
    struct correlator_state *s, uint64_t host_hash)
{
	size_t b = correlator_bucket(nbuckets, s->rule_idx, host_hash);

	s->next = correlator_head_of(sl, buckets, b);
	buckets[b] = slab_ref(s);
}

/* Rehashes every state into n buckets (states may have new indexes). */
static void
correlator_rehash(struct correlator *c, size_t n)
{
	struct correlator_state *s, *next;
	uint32_t *nb;
	size_t i;

	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < c->nbuckets; i++)
		for (s = correlator_head(c, i); s != NULL; s = next) {
			next = s->next;
			correlator_link(c->slab, nb, n, s,
			    correlator_host_hash(c, s));
		}
	free(c->buckets);
	c->buckets = nb;
	c->nbuckets = n;
}

/*
 * Buckets for a table that will hold up to max-windows states: sized
 * once, so that filling it never walks every state to rehash (at a
 * million windows, rehashing was a seventh of the cache misses).  The
 * array is calloc'd: pages never touched cost no memory.
 */
static size_t
correlator_buckets_for(const struct conf *conf)
{
	size_t n = CORRELATOR_BUCKETS_MIN;

	while (n < conf->max_windows && n < CORRELATOR_BUCKETS_MAX)
		n *= 2;
	return n;
}

static void
correlator_table_insert(struct correlator *c, struct correlator_state *s,
    uint64_t host_hash)
{
	if (c->count >= c->nbuckets && c->nbuckets <= SIZE_MAX / 4)
		correlator_rehash(c, c->nbuckets * 2);
	correlator_link(c->slab, c->buckets, c->nbuckets, s, host_hash);
	c->count++;
}

static void
correlator_table_remove(struct correlator *c, struct correlator_state *s)
{
	size_t b = correlator_bucket(c->nbuckets, s->rule_idx,
	    correlator_host_hash(c, s));
	struct correlator_state *prev = correlator_head(c, b);

	if (prev == s) {
		c->buckets[b] = s->next != NULL ? slab_ref(s->next) : 0;
	} else {
		while (prev->next != s) {
			assert(prev->next != NULL);
			prev = prev->next;
		}
		prev->next = s->next;
	}
	c->count--;
	/* never below the size max-windows asks: no rehash as it drains */
	if (c->nbuckets > correlator_buckets_for(c->conf) &&
	    c->count < c->nbuckets / 8)
		correlator_rehash(c, c->nbuckets / 2);
}

static void correlator_open_free(struct correlator *c,
    struct correlator_state *s);
static void correlator_summary_free(struct correlator *c,
    struct correlator_summary *sum);
static void correlator_state_put(struct correlator *c,
    struct correlator_state *s);

static void
correlator_state_free(struct correlator *c, struct correlator_state *s)
{
	uint32_t i;

	for (i = 0; i < s->nheld; i++)
		correlator_summary_free(c, s->x->held[i].sum);
	correlator_open_free(c, s);
	correlator_state_put(c, s);
}

/* The alert a clear of s would close (only rules with a clear keep one). */
static void
correlator_set_active(struct correlator_state *s, const char *id)
{
	struct correlator_extra *x = correlator_extra(s);

	if (x->active_id == NULL)
		x->active_id = xmalloc(ALERT_ID_MAX);
	snprintf(x->active_id, ALERT_ID_MAX, "%s", id);
}

static void
correlator_state_destroy(struct correlator *c, struct correlator_state *s)
{
	c->nheld -= s->nheld;
	peer_shares_remove(c->peers, &s->peer);
	if (s->queue != CORRELATOR_Q_NONE)
		heap_remove(correlator_heap(c, s->queue), &s->node);
	correlator_table_remove(c, s);
	correlator_state_free(c, s);
}

/* Whether s holds only what may be evicted (a count, an id, a time). */
static bool
correlator_is_carried(const struct correlator_state *s)
{
	return (!s->is_open || s->is_overdue) && !s->is_holding &&
	    s->nheld == 0;
}

/*
 * After any change to s at now_ms: frees it when it holds nothing (no
 * window, no holddown, no held event, no count to carry, no active alert,
 * and its newest host time has aged out), else files its next deadline in
 * the heap for its kind.  INT64_MAX (never) stays filed, so that a
 * carried state with no deadline can still be evicted.
 */
static void
correlator_settle(struct correlator *c, struct correlator_state *s,
    int64_t now_ms)
{
	int64_t deadline = INT64_MAX, end;
	uint8_t q;

	if (!s->is_open && correlator_is_carried(s) &&
	    correlator_suppressed(s) == 0 && !s->has_active &&
	    (s->newest_t == 0 || now_ms > correlator_newest_end(c, s))) {
		correlator_state_destroy(c, s);
		return;
	}
	correlator_extra_trim(s);
	if (s->is_open && !s->is_overdue)
		deadline = correlator_after(correlator_window_end(c, s));
	if (s->nheld > 0) {
		int64_t first = s->x->held[0].a;

		for (uint32_t i = 1; i < s->nheld; i++)
			if (s->x->held[i].a < first)
				first = s->x->held[i].a;
		end = correlator_add_sat(first, correlator_lateness(c, s));
		if (end < deadline)
			deadline = end;
	}
	if (s->is_holding)
		/* with events held, their release comes first (catch_up) */
		end = s->nheld == 0 ? correlator_holddown_end(c, s) : INT64_MAX;
	else if (correlator_suppressed(s) > 0)
		end = s->nheld == 0
		    ? correlator_after(correlator_carry_end(c, s))
		    : INT64_MAX;
	else if (!s->is_open && !s->has_active && s->newest_t != 0)
		end = correlator_after(correlator_newest_end(c, s));
	else
		end = INT64_MAX;
	if (end < deadline)
		deadline = end;
	q = correlator_is_carried(s) ? CORRELATOR_Q_CARRIED
				     : CORRELATOR_Q_ACTIVE;
	if (s->queue == q) {
		heap_update(correlator_heap(c, q), &s->node, deadline);
		return;
	}
	if (s->queue != CORRELATOR_Q_NONE)
		heap_remove(correlator_heap(c, s->queue), &s->node);
	s->queue = q;
	heap_push(correlator_heap(c, q), &s->node, deadline);
}

/* The strings an opening event keeps, and the room each may take. */
enum correlator_field {
	CF_SOURCE,
	CF_LOG,
	CF_COMPUTER,
	CF_PEER,
	CF_TEXT,
	CF_TYPE, /* a saved state without it or what follows still loads */
	CF_VIA,  /* the path with its detail (TLS subject); "": the kind's */
};

static const struct correlator_field_def {
	size_t ev_off; /* in struct winevent */
	size_t max;    /* bytes kept, NUL excluded */
} correlator_fields[CORRELATOR_NFIELDS] = {
	[CF_SOURCE] = { offsetof(struct winevent, source),
	    WINEVENT_SOURCE_MAX - 1 },
	[CF_LOG] = { offsetof(struct winevent, log), WINEVENT_LOG_MAX - 1 },
	[CF_COMPUTER] = { offsetof(struct winevent, computer),
	    WINEVENT_COMPUTER_MAX - 1 },
	[CF_PEER] = { offsetof(struct winevent, peer), WINEVENT_PEER_MAX - 1 },
	[CF_TEXT] = { offsetof(struct winevent, text), ALERT_TEXT_MAX },
	[CF_TYPE] = { offsetof(struct winevent, type), WINEVENT_TYPE_MAX - 1 },
	[CF_VIA] = { offsetof(struct winevent, via_text),
	    WINEVENT_VIA_TEXT_MAX - 1 },
};

static const char *
correlator_ev_field(const struct winevent *ev, size_t i)
{
	return (const char *)ev + correlator_fields[i].ev_off;
}

/* Bytes of field i of ev that are kept: cut on a character boundary. */
static size_t
correlator_keep(const struct winevent *ev, size_t i)
{
	const char *s = correlator_ev_field(ev, i);
	size_t max = correlator_fields[i].max;

	return utf8_cut(s, strnlen(s, max + 1), max);
}

/*
 * Where an event's kept strings go (docs/PERFORMANCE.md, fourth round):
 * empty ones nowhere; the computer as a flag when it is the state's host
 * key (as is, or in ASCII upper case), else inline after the ids; the
 * peer as a flag when it is the sender the state is held for; everything
 * else interned (the same source, log, type and text on every host).
 */
struct correlator_plan {
	size_t len[CORRELATOR_NFIELDS]; /* bytes kept */
	uint8_t empty;
	uint8_t kept;
	size_t nids;
	size_t size; /* of the summary */
};

static bool
correlator_is_upper_of(const char *s, size_t len, const char *host)
{
	size_t i;

	for (i = 0; i < len && host[i] != '\0'; i++) {
		char h = host[i];

		if (h >= 'a' && h <= 'z')
			h = (char)(h - 'a' + 'A');
		if (s[i] != h)
			return false;
	}
	return i == len && host[i] == '\0';
}

/* Whether field i (CF_*) is interned when it is not empty nor a flag. */
static bool
correlator_is_interned(size_t i)
{
	return i != CF_COMPUTER;
}

/* ev's summary for a state of host and peer (has_time: with a time). */
static void
correlator_plan(const struct winevent *ev, const char *host, const char *peer,
    bool has_time, struct correlator_plan *p)
{
	const char *f;
	size_t i, n;

	p->empty = 0;
	p->kept = 0;
	p->nids = 0;
	for (i = 0; i < CORRELATOR_NFIELDS; i++) {
		p->len[i] = n = correlator_keep(ev, i);
		f = correlator_ev_field(ev, i);
		if (n == 0)
			p->empty |= (uint8_t)(1u << i);
		else if (i == CF_COMPUTER && strncmp(f, host, n) == 0 &&
		    host[n] == '\0')
			p->kept |= CORRELATOR_CS_COMPUTER_HOST;
		else if (i == CF_COMPUTER && correlator_is_upper_of(f, n, host))
			p->kept |= CORRELATOR_CS_COMPUTER_UPPER;
		else if (i == CF_PEER && strncmp(f, peer, n) == 0 &&
		    peer[n] == '\0')
			p->kept |= CORRELATOR_CS_PEER_STATE;
		else if (correlator_is_interned(i))
			p->nids++;
	}
	p->size = offsetof(struct correlator_summary, ids) +
	    p->nids * sizeof(uint32_t);
	if (has_time) {
		p->kept |= CORRELATOR_CS_TIME;
		p->size += sizeof(int64_t);
	}
	if ((p->empty & (1u << CF_COMPUTER)) == 0 &&
	    (p->kept & CORRELATOR_CS_COMPUTER) == 0)
		p->size += p->len[CF_COMPUTER] + 1;
}

/* Whether field i of sum is one of its ids. */
static bool
correlator_summary_has_id(const struct correlator_summary *sum, size_t i)
{
	if ((sum->empty & (1u << i)) || !correlator_is_interned(i))
		return false;
	return i != CF_PEER || (sum->kept & CORRELATOR_CS_PEER_STATE) == 0;
}

static size_t
correlator_summary_nids(const struct correlator_summary *sum)
{
	size_t i, n = 0;

	for (i = 0; i < CORRELATOR_NFIELDS; i++)
		n += correlator_summary_has_id(sum, i);
	return n;
}

/* What follows the ids: a time of its own, then an inline computer. */
static const char *
correlator_summary_tail(const struct correlator_summary *sum)
{
	return (const char *)&sum->ids[correlator_summary_nids(sum)];
}

/* The time of sum, whose context's is ctx_time. */
static int64_t
correlator_summary_time(const struct correlator_summary *sum, int64_t ctx_time)
{
	int64_t t;

	if ((sum->kept & CORRELATOR_CS_TIME) == 0)
		return ctx_time;
	memcpy(&t, correlator_summary_tail(sum), sizeof(t));
	return t;
}

/* The inline computer, when it has one (else NULL). */
static const char *
correlator_summary_inline(const struct correlator_summary *sum)
{
	if ((sum->empty & (1u << CF_COMPUTER)) ||
	    (sum->kept & CORRELATOR_CS_COMPUTER))
		return NULL;
	return correlator_summary_tail(sum) +
	    (sum->kept & CORRELATOR_CS_TIME ? sizeof(int64_t) : 0);
}

/* The bytes of a summary already made. */
static size_t
correlator_summary_bytes(const struct correlator_summary *sum)
{
	const char *in = correlator_summary_inline(sum);

	return offsetof(struct correlator_summary, ids) +
	    correlator_summary_nids(sum) * sizeof(uint32_t) +
	    (sum->kept & CORRELATOR_CS_TIME ? sizeof(int64_t) : 0) +
	    (in != NULL ? strlen(in) + 1 : 0);
}

/*
 * A reference to s[0..len) as field i: the field's last string when it is
 * the same (events of one kind repeat their source, log and text: no hash
 * then), else from the table, which becomes the field's last.
 */
static uint32_t
correlator_intern(struct correlator *c, size_t i, const char *s, size_t len)
{
	uint32_t id = c->last_id[i];

	if (id != 0 && intern_is(c->strs, id, s, len)) {
		intern_ref(c->strs, id);
		return id;
	}
	id = intern_get(c->strs, s, len);
	intern_ref(c->strs, id); /* the cache's */
	if (c->last_id[i] != 0)
		intern_put(c->strs, c->last_id[i]);
	c->last_id[i] = id;
	return id;
}

/*
 * ev's summary written at sum (p->size bytes) as p, its plan for the
 * state, says: takes a reference to each interned string.  own_time: a
 * time other than its context's (a state file's; the plan has room for
 * it), else NULL.
 */
static struct correlator_summary *
correlator_summary_fill(struct correlator *c, struct correlator_summary *sum,
    const struct winevent *ev, const struct correlator_plan *p,
    const int64_t *own_time)
{
	size_t i, k = 0;
	char *tail;

	assert(((p->kept & CORRELATOR_CS_TIME) != 0) == (own_time != NULL));
	sum->event_id = ev->event_id;
	sum->via = (uint8_t)ev->via;
	sum->empty = p->empty;
	sum->kept = p->kept;
	for (i = 0; i < CORRELATOR_NFIELDS; i++)
		if (correlator_summary_has_id(sum, i))
			sum->ids[k++] = correlator_intern(c, i,
			    correlator_ev_field(ev, i), p->len[i]);
	tail = (char *)&sum->ids[k];
	if (own_time != NULL) {
		memcpy(tail, own_time, sizeof(*own_time));
		tail += sizeof(*own_time);
	}
	if ((p->empty & (1u << CF_COMPUTER)) == 0 &&
	    (p->kept & CORRELATOR_CS_COMPUTER) == 0) {
		memcpy(tail, ev->computer, p->len[CF_COMPUTER]);
		tail[p->len[CF_COMPUTER]] = '\0';
	}
	return sum;
}

static struct correlator_summary *
correlator_summary_new(struct correlator *c, const struct winevent *ev,
    const char *host, const char *peer, const int64_t *own_time)
{
	struct correlator_plan p;

	correlator_plan(ev, host, peer, own_time != NULL, &p);
	return correlator_summary_fill(c, xmalloc(p.size), ev, &p, own_time);
}

/* Gives up sum's references (its memory is the caller's). */
static void
correlator_summary_drop(struct correlator *c,
    const struct correlator_summary *sum)
{
	size_t i, n = correlator_summary_nids(sum);

	for (i = 0; i < n; i++)
		intern_put(c->strs, sum->ids[i]);
}

/* ...and frees a summary in a chunk of its own (NULL is a no-op). */
static void
correlator_summary_free(struct correlator *c, struct correlator_summary *sum)
{
	if (sum == NULL)
		return;
	correlator_summary_drop(c, sum);
	free(sum);
}

/* The sender s is held for ("" for none). */
static const char *
correlator_state_peer(const struct correlator *c,
    const struct correlator_state *s)
{
	return peer_shares_addr(c->peers, &s->peer);
}

/*
 * Kept field i (CF_*) of a summary of s; buf (HOSTKEY_MAX bytes) is where
 * a computer in upper case is written.
 */
static const char *
correlator_summary_str(const struct correlator *c,
    const struct correlator_state *s, const struct correlator_summary *sum,
    size_t i, char *buf)
{
	size_t k, n = 0;

	if (sum->empty & (1u << i))
		return "";
	if (i == CF_COMPUTER) {
		if (sum->kept & CORRELATOR_CS_COMPUTER_HOST)
			return s->host;
		if ((sum->kept & CORRELATOR_CS_COMPUTER_UPPER) == 0)
			return correlator_summary_inline(sum);
		for (k = 0; s->host[k] != '\0'; k++)
			buf[k] = s->host[k] >= 'a' && s->host[k] <= 'z'
			    ? (char)(s->host[k] - 'a' + 'A')
			    : s->host[k];
		buf[k] = '\0';
		return buf;
	}
	if (i == CF_PEER && (sum->kept & CORRELATOR_CS_PEER_STATE))
		return correlator_state_peer(c, s);
	for (k = 0; k < i; k++)
		n += correlator_summary_has_id(sum, k);
	return intern_str(c->strs, sum->ids[n]);
}

/* The path a kept event came by, as the alert and the MIB show it. */
static const char *
correlator_summary_via(const struct correlator *c,
    const struct correlator_state *s, const struct correlator_summary *sum)
{
	const char *via = correlator_summary_str(c, s, sum, CF_VIA, NULL);

	return via[0] != '\0' ? via
			      : winevent_via_name((enum winevent_via)sum->via);
}

/*
 * What an alert says of a kept event of s, whose context's time is
 * ctx_time, borrowing the summary and buf.
 */
static void
correlator_summary_event(const struct correlator *c,
    const struct correlator_state *s, const struct correlator_summary *sum,
    int64_t ctx_time, struct alert_event *ae, char *buf)
{
	ae->event_id = sum->event_id;
	ae->via = correlator_summary_via(c, s, sum);
	ae->time_ms = correlator_summary_time(sum, ctx_time);
	ae->source = correlator_summary_str(c, s, sum, CF_SOURCE, buf);
	ae->log = correlator_summary_str(c, s, sum, CF_LOG, buf);
	ae->computer = correlator_summary_str(c, s, sum, CF_COMPUTER, buf);
	ae->peer = correlator_summary_str(c, s, sum, CF_PEER, buf);
	ae->text = correlator_summary_str(c, s, sum, CF_TEXT, buf);
	ae->type = correlator_summary_str(c, s, sum, CF_TYPE, buf);
}

/* ...and of an event being fed, borrowing it (alert_new() cuts its text). */
static void
correlator_live_event(const struct winevent *ev, struct alert_event *ae)
{
	ae->event_id = ev->event_id;
	ae->via =
	    ev->via_text[0] != '\0' ? ev->via_text : winevent_via_name(ev->via);
	ae->time_ms = ev->time_ms != 0 ? ev->time_ms : ev->recv_ms;
	ae->source = ev->source;
	ae->log = ev->log;
	ae->computer = ev->computer;
	ae->peer = ev->peer;
	ae->text = ev->text;
	ae->type = ev->type;
}

/* The roles an event has in a rule. */
enum {
	CORRELATOR_OPEN = 1,
	CORRELATOR_CLOSE = 2,
	CORRELATOR_CLEAR = 4,
};

/*
 * One event as the state machine sees it: fed now (ev) or held (sum,
 * which processing takes over), with its two times.
 */
struct correlator_ev {
	int64_t t;     /* host time, 0 when it has none */
	int64_t a;     /* arrival, monotonic */
	int64_t wall;  /* arrival, wall clock */
	bool is_early; /* a close that arrived before the window's open */
	unsigned int roles;
	const struct winevent *ev;
	struct correlator_summary *sum;
	/* ev's summary plan for its state, when already made (or NULL) */
	const struct correlator_plan *plan;
};

static void
correlator_ev_event(const struct correlator *c,
    const struct correlator_state *s, const struct correlator_ev *e,
    struct alert_event *ae, char *buf)
{
	if (e->sum != NULL)
		correlator_summary_event(c, s, e->sum, e->t, ae, buf);
	else
		correlator_live_event(e->ev, ae);
}

/* A summary's alignment (it holds 32-bit ids) */
static size_t
correlator_round4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Where a state with a host of hostlen bytes has its inline summary. */
static size_t
correlator_inline_at(size_t hostlen)
{
	return correlator_round4(
	    offsetof(struct correlator_state, host) + hostlen + 1);
}

/* The largest state (host key HOSTKEY_MAX with its NUL, the largest
   inline room) is a chunk of a slab block, which a reference can name. */
_Static_assert(offsetof(struct correlator_state, host) + HOSTKEY_MAX + 3 +
	    CORRELATOR_INLINE_MAX <=
	SLAB_CHUNK_MAX,
    "a state is a slab block's chunk");

/* The size of a state's chunk: its host, then room for a summary. */
static size_t
correlator_state_size(size_t hostlen, size_t room)
{
	return room > 0 ? correlator_inline_at(hostlen) + room
			: offsetof(struct correlator_state, host) + hostlen + 1;
}

/*
 * A new state for host with room bytes (a multiple of 4, at most
 * CORRELATOR_INLINE_MAX) for an inline summary: zeroed, in no heap.
 */
static struct correlator_state *
correlator_state_get(struct correlator *c, const char *host, size_t room)
{
	size_t hostlen = strlen(host);
	struct correlator_state *s =
	    slab_get(c->slab, correlator_state_size(hostlen, room));

	assert(room % 4 == 0 && room <= CORRELATOR_INLINE_MAX);
	/* a chunk of a slab block: the heaps hold it by reference (the
	   static assert below correlator_state_size() says it always is) */
	assert(correlator_state_size(hostlen, room) <= SLAB_CHUNK_MAX);
	memcpy(s->host, host, hostlen + 1);
	s->inl4 = (unsigned int)(room / 4);
	s->node.idx = HEAP_NONE;
	return s;
}

/* Frees s's chunk and extra record (what they point to is gone). */
static void
correlator_state_put(struct correlator *c, struct correlator_state *s)
{
	if (s->x != NULL)
		free(s->x->active_id);
	free(s->x);
	slab_put(c->slab, s,
	    correlator_state_size(strlen(s->host), (size_t)s->inl4 * 4));
}

/*
 * s's inline summary room, or NULL if it has none.  Through uintptr_t:
 * the room is writable memory of s's chunk whether or not s is const here.
 */
static struct correlator_summary *
correlator_inline(const struct correlator_state *s)
{
	if (s->inl4 == 0)
		return NULL;
	return (struct correlator_summary *)((uintptr_t)s +
	    correlator_inline_at(strlen(s->host)));
}

/* The open window's summary, or NULL when none is open. */
static struct correlator_summary *
correlator_open(const struct correlator_state *s)
{
	if (!s->is_open)
		return NULL;
	return s->is_open_own ? s->x->open : correlator_inline(s);
}

/* s's window is closed: its summary goes (a chunk of its own is freed). */
static void
correlator_open_free(struct correlator *c, struct correlator_state *s)
{
	if (!s->is_open)
		return;
	if (s->is_open_own) {
		correlator_summary_free(c, s->x->open);
		s->x->open = NULL;
	} else {
		correlator_summary_drop(c, correlator_inline(s));
	}
	s->is_open = false;
	s->is_open_own = false;
}

/* sum, in a chunk of its own, becomes s's open window's. */
static void
correlator_open_own(struct correlator_state *s, struct correlator_summary *sum)
{
	correlator_extra(s)->open = sum;
	s->is_open = true;
	s->is_open_own = true;
}

/* The plan of e's event for s: the one e carries, else made in *p. */
static const struct correlator_plan *
correlator_ev_plan(const struct correlator *c, const struct correlator_state *s,
    const struct correlator_ev *e, struct correlator_plan *p)
{
	if (e->plan != NULL)
		return e->plan;
	correlator_plan(e->ev, s->host, correlator_state_peer(c, s), false, p);
	return p;
}

/* A summary of e's event (fed now) for s, in a chunk of its own. */
static struct correlator_summary *
correlator_ev_summary(struct correlator *c, const struct correlator_state *s,
    const struct correlator_ev *e)
{
	struct correlator_plan buf;
	const struct correlator_plan *p = correlator_ev_plan(c, s, e, &buf);

	return correlator_summary_fill(c, xmalloc(p->size), e->ev, p, NULL);
}

/* e's summary becomes s's open window's (none is open). */
static void
correlator_open_take(struct correlator *c, struct correlator_state *s,
    struct correlator_ev *e)
{
	struct correlator_summary *in = correlator_inline(s), *sum;
	const struct correlator_plan *p;
	struct correlator_plan buf;
	size_t need;

	assert(!s->is_open);
	if (e->sum != NULL) {
		sum = e->sum;
		e->sum = NULL;
		need = correlator_summary_bytes(sum);
		if (in != NULL && need <= (size_t)s->inl4 * 4) {
			/* its references move with it */
			memcpy(in, sum, need);
			free(sum);
			s->is_open = true;
		} else {
			correlator_open_own(s, sum);
		}
		return;
	}
	p = correlator_ev_plan(c, s, e, &buf);
	if (in != NULL && p->size <= (size_t)s->inl4 * 4) {
		correlator_summary_fill(c, in, e->ev, p, NULL);
		s->is_open = true;
	} else {
		correlator_open_own(s,
		    correlator_summary_fill(c, xmalloc(p->size), e->ev, p,
			NULL));
	}
}

/* The fields every alert of s's rule and host shares. */
static void
correlator_alert_init(struct correlator *c, const struct correlator_state *s,
    enum alert_kind kind, struct alert *t)
{
	const struct conf_rule *r = correlator_rule(c, s);

	memset(t, 0, sizeof(*t));
	t->kind = kind;
	alert_id_make(c->id_key, c->nalerts++, t->id);
	t->rule = r->name;
	t->title = r->title;
	t->cause = r->cause;
	t->fix = r->fix;
	t->reference = r->reference;
	t->severity = r->severity;
	t->targets = (const char *const *)r->targets;
	t->ntargets = r->ntargets;
	t->forwards = (const char *const *)r->forwards;
	t->nforwards = r->nforwards;
	t->host = s->host;
}

/* Whether e is past s's window: on host time when both have it. */
static bool
correlator_is_past_window(const struct correlator *c,
    const struct correlator_state *s, const struct correlator_ev *e)
{
	if (correlator_opened_t(s) != 0 && e->t != 0)
		return e->t > correlator_add_sat(correlator_opened_t(s),
				  correlator_rule(c, s)->window_ms);
	return e->a > correlator_add_sat(correlator_opened_a(c, s),
			  correlator_rule(c, s)->window_ms);
}

/*
 * The window of s ends unclosed at now_ms: a timeout alert if asked, once.
 * is_overdue: its time ran out on the daemon's clock rather than on the
 * host's, and a window on host time stays open to a late close.
 */
static void
correlator_window_over(struct correlator *c, struct correlator_state *s,
    int64_t now_ms, bool is_overdue, struct correlator_result *res,
    struct alert_list *out)
{
	struct alert t;
	char buf[HOSTKEY_MAX];

	if (!s->is_overdue) {
		if (correlator_rule(c, s)->timeout_alert) {
			correlator_alert_init(c, s, ALERT_TIMEOUT, &t);
			correlator_summary_event(c, s, correlator_open(s),
			    correlator_open_time(s), &t.open, buf);
			/* the wall clock now: the window's own when it
			   was opened on arrival, else the last event's */
			t.time_ms = s->is_arrival_t
			    ? correlator_add_sat(s->opened_t,
				  now_ms - correlator_opened_a(c, s))
			    : now_ms + c->wall_off;
			alert_list_push(out, alert_new(&t));
			res->timeouts++;
		}
		res->expired++;
	}
	/* On host time a backlog may still bring its close: keep it. */
	if (is_overdue && correlator_opened_t(s) != 0) {
		s->is_overdue = true;
		return;
	}
	correlator_open_free(c, s);
	s->is_overdue = false;
}

/* Whether a close e of s falls in the holddown of its last alert. */
static bool
correlator_is_held_down(const struct correlator *c,
    const struct correlator_state *s, const struct correlator_ev *e)
{
	if (!s->is_holding || e->a >= correlator_holddown_end(c, s))
		return false;
	if (correlator_alert_t(s) != 0 && e->t != 0)
		return e->t < correlator_add_sat(correlator_alert_t(s),
				  correlator_rule(c, s)->holddown_ms);
	return true;
}

/* A closing event while s has a window open: alert, or suppress. */
static void
correlator_close(struct correlator *c, struct correlator_state *s,
    struct correlator_ev *e, struct correlator_result *res,
    struct alert_list *out)
{
	struct correlator_extra *x = correlator_extra(s);
	struct alert t;
	char buf[2][HOSTKEY_MAX];

	if (!correlator_is_held_down(c, s, e)) {
		correlator_alert_init(c, s, ALERT_PAIR, &t);
		t.has_close = true;
		correlator_summary_event(c, s, correlator_open(s),
		    correlator_open_time(s), &t.open, buf[0]);
		correlator_ev_event(c, s, e, &t.close, buf[1]);
		t.suppressed = x->suppressed;
		t.time_ms = e->wall;
		alert_list_push(out, alert_new(&t));
		if ((s->has_active = correlator_rule(c, s)->has_clear))
			correlator_set_active(s, t.id);
		x->suppressed = 0;
		x->alert_t = correlator_opened_t(s) != 0 ? e->t : 0;
		x->alert_a = e->a;
		s->is_holding = correlator_rule(c, s)->holddown_ms > 0;
		res->alerts++;
		if (e->a < correlator_opened_a(c, s) || s->is_overdue)
			res->late_pairs++;
	} else {
		x->suppressed++;
		res->suppressed++;
	}
	correlator_open_free(c, s);
	s->is_overdue = false;
}

/* The rule's clear event: clears the host's active alert, if any. */
static void
correlator_clear(struct correlator *c, struct correlator_state *s,
    const struct correlator_ev *e, struct correlator_result *res,
    struct alert_list *out)
{
	struct alert t;
	char buf[HOSTKEY_MAX];

	if (!s->has_active) {
		res->clears_unmatched++;
		return;
	}
	correlator_alert_init(c, s, ALERT_CLEAR, &t);
	memcpy(t.clears, s->x->active_id, sizeof(t.clears));
	correlator_ev_event(c, s, e, &t.open, buf);
	t.time_ms = e->wall;
	alert_list_push(out, alert_new(&t));
	s->has_active = false;
	res->clears++;
}

/*
 * One event through the state machine of s, in order: the documented
 * semantics (docs/correlation.md), with each comparison on host time when
 * both events carry it, else on arrival.
 */
static void
correlator_process(struct correlator *c, struct correlator_state *s,
    struct correlator_ev *e, struct correlator_result *res,
    struct alert_list *out)
{
	if (e->roles & CORRELATOR_CLEAR)
		correlator_clear(c, s, e, res, out);
	if (s->is_open && correlator_is_past_window(c, s, e))
		correlator_window_over(c, s, e->a, false, res, out);
	if ((e->roles & CORRELATOR_CLOSE) && s->is_open &&
	    (correlator_opened_t(s) == 0 || e->t == 0 ||
		e->t >= correlator_opened_t(s))) {
		correlator_close(c, s, e, res, out);
	} else if (e->roles & CORRELATOR_OPEN) {
		if (s->is_open) {
			/* An earlier opening event that came late starts it. */
			if (correlator_opened_t(s) != 0 && e->t != 0 &&
			    e->t < correlator_opened_t(s)) {
				correlator_open_free(c, s);
				correlator_open_take(c, s, e);
				s->opened_t = e->t;
			}
			res->repeats++;
		} else {
			correlator_open_take(c, s, e);
			s->opened_t = e->t != 0 ? e->t : e->wall;
			s->is_arrival_t = e->t == 0;
			s->opened_a32 = correlator_mono32(c, e->a);
			res->opened++;
		}
	} else if (e->roles & CORRELATOR_CLOSE) {
		res->orphan_closes++;
	}
	correlator_summary_free(c, e->sum);
	e->sum = NULL;
}

/* Takes the held event at i out of s and processes it. */
static void
correlator_release_at(struct correlator *c, struct correlator_state *s,
    uint32_t i, struct correlator_result *res, struct alert_list *out)
{
	struct correlator_held h = s->x->held[i];
	struct correlator_ev e = { h.t, h.a, h.wall, false, h.roles, NULL,
		h.sum, NULL };

	memmove(&s->x->held[i], &s->x->held[i + 1],
	    (s->nheld - i - 1) * sizeof(*s->x->held));
	s->nheld--;
	c->nheld--;
	correlator_process(c, s, &e, res, out);
}

/*
 * Processes the held events of s that are due at now_ms, in host-time
 * order: the first one once the newest host time is lateness past it or it
 * has waited lateness since its arrival; all of them when is_all.
 */
static void
correlator_release(struct correlator *c, struct correlator_state *s,
    int64_t now_ms, bool is_all, struct correlator_result *res,
    struct alert_list *out)
{
	int64_t late = correlator_lateness(c, s);
	uint32_t i;

	while (s->nheld > 0) {
		if (is_all ||
		    correlator_add_sat(s->x->held[0].t, late) <= s->newest_t ||
		    correlator_add_sat(s->x->held[0].a, late) <= now_ms) {
			correlator_release_at(c, s, 0, res, out);
			continue;
		}
		/* One that waited its time behind a later-arriving earlier one.
		 */
		for (i = 1; i < s->nheld; i++)
			if (correlator_add_sat(s->x->held[i].a, late) <= now_ms)
				break;
		if (i == s->nheld)
			return;
		while (i-- > 0)
			correlator_release_at(c, s, 0, res, out);
	}
}

/* Whether held event h is not past the open window of s. */
static bool
correlator_is_in_window(const struct correlator *c,
    const struct correlator_state *s, const struct correlator_held *h)
{
	if (correlator_opened_t(s) != 0)
		return h->t <= correlator_add_sat(correlator_opened_t(s),
				   correlator_rule(c, s)->window_ms);
	return h->a <= correlator_add_sat(correlator_opened_a(c, s),
			   correlator_rule(c, s)->window_ms);
}

/*
 * Whether held event h goes after e: host-time order, and at equal host
 * times (stamps of whole seconds) an opening event before the rest, else
 * arrival order.
 */
static bool
correlator_held_after(const struct correlator_held *h,
    const struct correlator_ev *e)
{
	if (h->t != e->t)
		return h->t > e->t;
	return (e->roles & CORRELATOR_OPEN) && !(h->roles & CORRELATOR_OPEN);
}

/* Room for n held events in s's extra record (which it may move). */
static void
correlator_held_room(struct correlator_state *s, size_t n)
{
	size_t size = offsetof(struct correlator_extra, held) +
	    n * sizeof(struct correlator_held);

	if (s->x == NULL)
		s->x = xcalloc(1, size);
	else
		s->x = xreallocarray(s->x, 1, size);
}

/* Holds e in s, in host-time order, for lateness; e's summary is made. */
static void
correlator_hold(struct correlator *c, struct correlator_state *s,
    const struct correlator_ev *e, struct correlator_summary *sum)
{
	struct correlator_held h = { e->t, e->a, e->wall, NULL,
		(uint8_t)e->roles };
	uint32_t i = s->nheld;

	/* full when nheld is 0 or a power of two >= 2 (see the struct) */
	if (s->nheld == 0 ||
	    (s->nheld >= 2 && (s->nheld & (s->nheld - 1)) == 0))
		correlator_held_room(s,
		    s->nheld == 0 ? 2 : 2 * (size_t)s->nheld);
	while (i > 0 && correlator_held_after(&s->x->held[i - 1], e))
		i--;
	memmove(&s->x->held[i + 1], &s->x->held[i],
	    (s->nheld - i) * sizeof(*s->x->held));
	h.sum = sum;
	s->x->held[i] = h;
	s->nheld++;
	c->nheld++;
}

/*
 * Brings s up to now_ms: releases held events that are due; flushes them
 * all and ends the window when its time is over; ends the holddown and
 * drops the count when theirs is.
 */
static void
correlator_catch_up(struct correlator *c, struct correlator_state *s,
    int64_t now_ms, struct correlator_result *res, struct alert_list *out)
{
	correlator_release(c, s, now_ms, false, res, out);
	if (s->is_open && !s->is_overdue &&
	    now_ms > correlator_window_end(c, s)) {
		/* held events that belong to the window go first */
		while (s->nheld > 0 && s->is_open &&
		    correlator_is_in_window(c, s, &s->x->held[0]))
			correlator_release_at(c, s, 0, res, out);
		if (s->is_open && !s->is_overdue &&
		    now_ms > correlator_window_end(c, s))
			correlator_window_over(c, s, now_ms, true, res, out);
	}
	/* a held close may still fall in the holddown: keep it till then */
	if (s->is_holding && now_ms >= correlator_holddown_end(c, s) &&
	    s->nheld == 0)
		s->is_holding = false;
	if (!s->is_holding && correlator_suppressed(s) > 0 && s->nheld == 0 &&
	    now_ms > correlator_carry_end(c, s)) {
		s->x->suppressed = 0;
		res->suppressed_dropped++;
	}
}

static struct correlator_state *
correlator_state_of_peer(struct peer_share_link *link)
{
	return (struct correlator_state *)(void *)((char *)link -
	    offsetof(struct correlator_state, peer));
}

/*
 * At the cap, evicts carried states, earliest deadline first, if that
 * makes room for one more state; else the oldest state of the peer that
 * holds most gives way (counted, and the peer told in res).  Over a cap
 * a reload lowered, where one eviction would not make room, it evicts
 * nothing: the table shrinks as its states end.
 */
static bool
correlator_make_room(struct correlator *c, struct correlator_result *res)
{
	size_t max = c->conf->max_windows;
	struct peer_share_link *link;
	struct correlator_state *s;

	if (c->count < max)
		return true;
	if (c->count - heap_len(c->carried) < max) {
		while (c->count >= max) {
			s = correlator_state_of(heap_top(c->carried));
			if (correlator_suppressed(s) > 0)
				res->suppressed_dropped++;
			correlator_state_destroy(c, s);
		}
		return true;
	}
	if (c->count > max ||
	    (link = peer_shares_oldest_of_largest(c->peers)) == NULL)
		return false;
	(void)snprintf(c->evicted_peer, sizeof(c->evicted_peer), "%s",
	    peer_shares_addr(c->peers, link));
	res->evicted_peer = c->evicted_peer;
	correlator_state_destroy(c, correlator_state_of_peer(link));
	res->windows_evicted++;
	return true;
}

/*
 * A new state for (rule i, host), or NULL refused at a cap (counted).  For
 * an opening event, *plan is its summary's plan for the state, made to
 * size its room (NULL otherwise).
 */
static struct correlator_state *
correlator_state_new(struct correlator *c, size_t rule_idx, const char *host,
    uint64_t host_hash, const struct winevent *ev, unsigned int roles,
    struct correlator_plan *plan, struct correlator_result *res)
{
	struct correlator_state *s;
	size_t room = 0;

	if (peer_shares_held(c->peers, ev->peer) >=
	    conf_max_windows_per_peer(c->conf)) {
		res->windows_peer_full++;
		res->windows_full++;
		return NULL;
	}
	if (!correlator_make_room(c, res)) {
		res->windows_full++;
		return NULL;
	}
	if (roles & CORRELATOR_OPEN) {
		/* the window it opens, in the same chunk (one malloc) */
		correlator_plan(ev, host, ev->peer, false, plan);
		room = correlator_round4(plan->size);
		if (room > CORRELATOR_INLINE_MAX)
			room = 0;
	}
	s = correlator_state_get(c, host, room);
	assert(rule_idx < CONF_RULES_MAX);
	s->rule_idx = (unsigned int)rule_idx;
	correlator_table_insert(c, s, host_hash);
	peer_shares_add(c->peers, ev->peer, &s->peer);
	return s;
}

/* The roles of ev in rule r. */
static unsigned int
correlator_roles(const struct conf_rule *r, const struct winevent *ev)
{
	unsigned int roles = 0;

	if (rule_match_event(&r->open, ev))
		roles |= CORRELATOR_OPEN;
	if (rule_match_event(&r->close, ev))
		roles |= CORRELATOR_CLOSE;
	if (r->has_clear && rule_match_event(&r->clear, ev))
		roles |= CORRELATOR_CLEAR;
	return roles;
}

/* A closing or clear event that finds nothing to close or clear. */
static void
correlator_stray(unsigned int roles, struct correlator_result *res)
{
	if (roles & CORRELATOR_CLOSE)
		res->orphan_closes++;
	if (roles & CORRELATOR_CLEAR)
		res->clears_unmatched++;
}

/*
 * ev as rule i's event for host: too late, held for lateness, or
 * processed now (after what s holds, which arrived before it).
 */
static void
correlator_feed_rule(struct correlator *c, size_t i, const char *host,
    uint64_t host_hash, const struct winevent *ev, unsigned int roles,
    int64_t now_ms, struct correlator_result *res, struct alert_list *out)
{
	const struct conf_rule *r = &c->conf->rules[i];
	struct correlator_ev e = { ev->time_ms, now_ms, ev->recv_ms, false,
		roles, ev, NULL, NULL };
	struct correlator_plan plan;
	struct correlator_state *s;
	int64_t late = conf_rule_lateness(c->conf, r);
	bool is_holdable = e.t != 0 && late > 0;

	if ((s = correlator_find(c, i, host, host_hash)) != NULL)
		correlator_catch_up(c, s, now_ms, res, out);
	if ((roles & CORRELATOR_OPEN) && e.t != 0 && s != NULL &&
	    s->newest_t != 0 &&
	    e.t < s->newest_t - correlator_add_sat(r->window_ms, late)) {
		/* Older than any window still open to a close: nothing. */
		res->too_late++;
		roles &= ~(unsigned int)CORRELATOR_OPEN;
		if ((e.roles = roles) == 0) {
			correlator_settle(c, s, now_ms);
			return;
		}
	}
	if (s == NULL) {
		/* Without a state, only an opening event or one to hold. */
		if ((roles & CORRELATOR_OPEN) == 0 && !is_holdable) {
			correlator_stray(roles, res);
			return;
		}
		s = correlator_state_new(c, i, host, host_hash, ev, roles,
		    &plan, res);
		if (s == NULL) {
			if ((roles & CORRELATOR_OPEN) == 0)
				correlator_stray(roles, res);
			return;
		}
		if (roles & CORRELATOR_OPEN)
			e.plan = &plan;
	}
	if (e.t > s->newest_t)
		s->newest_t = e.t;
	s->last_a32 = correlator_mono32(c, now_ms);
	if (is_holdable && c->nheld < c->conf->max_windows &&
	    s->nheld < CORRELATOR_HELD_MAX) {
		correlator_hold(c, s, &e, correlator_ev_summary(c, s, &e));
		res->held++;
		correlator_release(c, s, now_ms, false, res, out);
	} else {
		if (is_holdable)
			res->held_full++;
		correlator_release(c, s, now_ms, true, res, out);
		correlator_process(c, s, &e, res, out);
	}
	correlator_settle(c, s, now_ms);
}

void
correlator_feed(struct correlator *c, const struct winevent *ev,
    const char *host, int64_t now_ms, struct correlator_result *res,
    struct alert_list *out)
{
	uint64_t host_hash = 0;
	bool is_hashed = false;
	const uint32_t *rules;
	unsigned int roles;
	size_t i, k, n;

	assert(host != NULL && host[0] != '\0' &&
	    strnlen(host, HOSTKEY_MAX) < HOSTKEY_MAX);
	c->wall_off = ev->recv_ms - now_ms;
	correlator_clock(c, now_ms);
	if (!ev->has_event_id)
		return;
	rules = rule_index_find(c->index, ev->event_id, &n);
	for (k = 0; k < n; k++) {
		i = rules[k];
		if ((roles = correlator_roles(&c->conf->rules[i], ev)) == 0)
			continue;
		if (!is_hashed) {
			host_hash = siphash24(c->seed, host, strlen(host));
			is_hashed = true;
		}
		correlator_feed_rule(c, i, host, host_hash, ev, roles, now_ms,
		    res, out);
	}
}

uint64_t
correlator_prefetch(const struct correlator *c, uint32_t event_id,
    const char *host, uint64_t hash, int stage)
{
	const struct correlator_state *s;
	const uint32_t *rules;
	size_t n, b;

	if ((rules = rule_index_find(c->index, event_id, &n)) == NULL || n == 0)
		return 0;
	if (stage == 0)
		hash = siphash24(c->seed, host, strlen(host));
	b = correlator_bucket(c->nbuckets, rules[0], hash);
	if (stage == 0)
		__builtin_prefetch(&c->buckets[b]);
	else if ((s = correlator_head(c, b)) != NULL) {
		__builtin_prefetch(s);
		__builtin_prefetch((const char *)s + 64);
	}
	return hash;
}

/*
 * The node with the earliest deadline of either heap, or NULL; *key is
 * that deadline (INT64_MAX when NULL).
 */
static struct heap_node *
correlator_earliest(const struct correlator *c, int64_t *key)
{
	struct heap_node *a = heap_top(c->active), *b = heap_top(c->carried);
	int64_t ka = a != NULL ? heap_top_key(c->active) : INT64_MAX;
	int64_t kb = b != NULL ? heap_top_key(c->carried) : INT64_MAX;

	if (a == NULL || (b != NULL && kb < ka)) {
		*key = kb;
		return b;
	}
	*key = ka;
	return a;
}

void
correlator_expire(struct correlator *c, int64_t now_ms,
    struct correlator_result *res, struct alert_list *out)
{
	struct correlator_state *s;
	struct heap_node *n;
	int64_t key;

	correlator_clock(c, now_ms);
	/*
	 * Each round ends a due window or holddown, releases due held
	 * events or drops a due count, moving that state's deadline later
	 * (or freeing it), so this terminates.
	 */
	while ((n = correlator_earliest(c, &key)) != NULL && key <= now_ms &&
	    key < INT64_MAX) {
		s = correlator_state_of(n);
		correlator_catch_up(c, s, now_ms, res, out);
		correlator_settle(c, s, now_ms);
	}
}

int64_t
correlator_next_deadline(const struct correlator *c)
{
	int64_t key;

	(void)correlator_earliest(c, &key);
	return key;
}

size_t
correlator_size(const struct correlator *c)
{
	return c->count;
}

struct correlator *
correlator_new(const struct conf *conf, const uint64_t seed[2])
{
	struct correlator *c;

	assert(conf != NULL && conf->nrules <= CONF_RULES_MAX);
	c = xcalloc(1, sizeof(*c));
	c->conf = conf;
	c->index = rule_index_new(conf);
	c->seed[0] = seed[0];
	c->seed[1] = seed[1];
	c->id_key[0] = seed[0] ^ UINT64_C(0x616c657274696431); /* "alertid1" */
	c->id_key[1] = seed[1] ^ UINT64_C(0x616c657274696432);
	c->nbuckets = correlator_buckets_for(conf);
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	c->slab = slab_new();
	c->active = heap_new(c->slab, offsetof(struct correlator_state, node));
	c->carried = heap_new(c->slab, offsetof(struct correlator_state, node));
	c->peers = peer_shares_new(seed, c->slab,
	    offsetof(struct correlator_state, peer));
	{
		const uint64_t k[2] = { seed[0] ^ UINT64_C(0x696e7465726e3031),
			seed[1] ^
			    UINT64_C(0x696e7465726e3032) }; /* "intern01" */

		c->strs = intern_new(k);
	}
	return c;
}

/* Index in conf of the rule named name, or SIZE_MAX. */
static size_t
correlator_rule_index(const struct conf *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->nrules; i++)
		if (strcmp(conf->rules[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

size_t
correlator_reconf(struct correlator *c, const struct conf *conf)
{
	struct correlator_state *s, *next, *keep = NULL;
	size_t i, *map = NULL, dropped = 0;

	assert(conf != NULL && conf->nrules <= CONF_RULES_MAX);
	if (c->conf->nrules > 0) {
		map = xcalloc(c->conf->nrules, sizeof(*map));
		for (i = 0; i < c->conf->nrules; i++)
			map[i] =
			    correlator_rule_index(conf, c->conf->rules[i].name);
	}
	/* Unlink everything, keeping the survivors on one list. */
	heap_clear(c->active);
	heap_clear(c->carried);
	for (i = 0; i < c->nbuckets; i++) {
		for (s = correlator_head(c, i); s != NULL; s = next) {
			next = s->next;
			if (map[s->rule_idx] == SIZE_MAX) {
				dropped++;
				c->nheld -= s->nheld;
				peer_shares_remove(c->peers, &s->peer);
				correlator_state_free(c, s);
				c->count--;
				continue;
			}
			assert(map[s->rule_idx] < CONF_RULES_MAX);
			s->rule_idx = (unsigned int)map[s->rule_idx];
			s->queue = CORRELATOR_Q_NONE;
			s->next = keep;
			keep = s;
		}
		c->buckets[i] = 0;
	}
	free(map);
	rule_index_free(c->index);
	c->index = rule_index_new(conf);
	c->conf = conf;
	if (correlator_buckets_for(conf) > c->nbuckets) {
		/* a larger max-windows: the table grows once, now, empty */
		free(c->buckets);
		c->nbuckets = correlator_buckets_for(conf);
		c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	}
	for (s = keep; s != NULL; s = next) {
		next = s->next;
		correlator_link(c->slab, c->buckets, c->nbuckets, s,
		    correlator_host_hash(c, s));
		correlator_settle(c, s, INT64_MIN);
	}
	return dropped;
}

void
correlator_free(struct correlator *c)
{
	struct correlator_state *s, *next;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nbuckets; i++)
		for (s = correlator_head(c, i); s != NULL; s = next) {
			next = s->next;
			correlator_state_free(c, s);
		}
	for (i = 0; i < CORRELATOR_NFIELDS; i++)
		if (c->last_id[i] != 0)
			intern_put(c->strs, c->last_id[i]);
	/* every string was some state's: none is left (refcounts) */
	assert(intern_count(c->strs) == 0);
	intern_free(c->strs);
	free(c->buckets);
	heap_free(c->active);
	heap_free(c->carried);
	peer_shares_free(c->peers);
	rule_index_free(c->index);
	/* every state was given back: only the blocks are left */
	assert(slab_used(c->slab) == 0);
	slab_free(c->slab);
	free(c);
}

/* ------------------------------------------------------------ saved state */

/*
 * The saved state is text, one record a line (docs/correlation.md, "State
 * that survives"): a header with the version and the clocks at the save,
 * a line per state (R), its open window's event (O) and its held events
 * (H), and an end line with the number of states and a SipHash of every
 * byte before it, so that a truncated or edited file is refused whole.
 * Monotonic times are saved relative to the save; strings are written
 * with %XX for '%', blanks, controls and DEL, and "%-" for "".
 */
#define CORRELATOR_STATE_MAGIC "evcorrd-state"
#define CORRELATOR_STATE_VERSION 1
#define CORRELATOR_STATE_LINE_MAX 8192

static const uint64_t correlator_state_key[2] = { UINT64_C(0x65766373746174),
	UINT64_C(0x31) };

enum {
	CORRELATOR_SF_HOLDING = 1,
	CORRELATOR_SF_ACTIVE = 2,
	CORRELATOR_SF_OVERDUE = 4,
};

struct correlator_writer {
	int (*write)(const char *buf, size_t len, void *arg);
	void *arg;
	uint64_t hash[4]; /* SipHash of each line, folded */
	uint64_t sum;
	int rc;
	char line[CORRELATOR_STATE_LINE_MAX * 3 + 64];
	size_t len;
};

static void
correlator_w_raw(struct correlator_writer *w, const char *s, size_t n)
{
	if (w->len + n >= sizeof(w->line)) {
		w->rc = -1; /* cannot happen with the fields' bounds */
		return;
	}
	memcpy(w->line + w->len, s, n);
	w->len += n;
}

static void
correlator_w_int(struct correlator_writer *w, int64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), " %" PRId64, v);

	correlator_w_raw(w, b, (size_t)n);
}

static void
correlator_w_str(struct correlator_writer *w, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	char b[3];

	correlator_w_raw(w, " ", 1);
	if (*p == '\0') {
		correlator_w_raw(w, "%-", 2);
		return;
	}
	for (; *p != '\0'; p++) {
		if (*p <= ' ' || *p == '%' || *p == 0x7f) {
			b[0] = '%';
			b[1] = hex[*p >> 4];
			b[2] = hex[*p & 15];
			correlator_w_raw(w, b, 3);
		} else {
			correlator_w_raw(w, (const char *)p, 1);
		}
	}
}

/* Ends the line: hashes it and hands it on. */
static void
correlator_w_end(struct correlator_writer *w)
{
	correlator_w_raw(w, "\n", 1);
	if (w->rc == 0) {
		w->sum = siphash24(correlator_state_key, w->line, w->len) ^
		    (w->sum * UINT64_C(0x9e3779b97f4a7c15));
		if (w->write(w->line, w->len, w->arg) == -1)
			w->rc = -1;
	}
	w->len = 0;
}

static void
correlator_w_summary(struct correlator_writer *w, const struct correlator *c,
    const struct correlator_state *s, const struct correlator_summary *sum,
    int64_t ctx_time)
{
	char buf[HOSTKEY_MAX];

	correlator_w_int(w, sum->event_id);
	correlator_w_int(w, (int64_t)sum->via);
	correlator_w_int(w, correlator_summary_time(sum, ctx_time));
	for (size_t i = 0; i < CORRELATOR_NFIELDS; i++)
		correlator_w_str(w, correlator_summary_str(c, s, sum, i, buf));
}

/* The wall clock at monotonic time mono, by the clocks' now (never < 0). */
static int64_t
correlator_wall_of(int64_t mono, int64_t now_mono, int64_t now_wall)
{
	int64_t w = now_wall - (now_mono - mono);

	return w > 0 ? w : 0;
}

int
correlator_save(const struct correlator *c, int64_t now_mono, int64_t now_wall,
    int (*write_fn)(const char *buf, size_t len, void *arg), void *arg)
{
	struct correlator_writer *w = xcalloc(1, sizeof(*w));
	const struct correlator_state *s;
	size_t i, n = 0;
	int rc;

	w->write = write_fn;
	w->arg = arg;
	correlator_w_raw(w, CORRELATOR_STATE_MAGIC,
	    strlen(CORRELATOR_STATE_MAGIC));
	correlator_w_int(w, CORRELATOR_STATE_VERSION);
	correlator_w_int(w, now_wall);
	correlator_w_end(w);
	for (i = 0; i < c->nbuckets; i++)
		for (s = correlator_head(c, i); s != NULL; s = s->next, n++) {
			unsigned int flags =
			    (s->is_holding ? CORRELATOR_SF_HOLDING : 0) |
			    (s->has_active ? CORRELATOR_SF_ACTIVE : 0) |
			    (s->is_overdue ? CORRELATOR_SF_OVERDUE : 0);

			correlator_w_raw(w, "R", 1);
			correlator_w_str(w, correlator_rule(c, s)->name);
			correlator_w_str(w, s->host);
			correlator_w_int(w, flags);
			correlator_w_int(w, correlator_opened_t(s));
			correlator_w_int(w,
			    correlator_opened_a(c, s) - now_mono);
			/* the opening's arrival, wall clock (read only
			   when it has no host time) */
			correlator_w_int(w,
			    s->is_arrival_t ? s->opened_t
				: s->is_open
				? correlator_wall_of(correlator_opened_a(c, s),
				      now_mono, now_wall)
				: 0);
			correlator_w_int(w, correlator_alert_t(s));
			correlator_w_int(w, correlator_alert_a(s) - now_mono);
			correlator_w_int(w, s->newest_t);
			correlator_w_int(w, correlator_last_a(c, s) - now_mono);
			correlator_w_int(w,
			    (int64_t)(correlator_suppressed(s) > INT64_MAX
				    ? INT64_MAX
				    : correlator_suppressed(s)));
			correlator_w_str(w,
			    s->has_active ? s->x->active_id : "");
			correlator_w_str(w, correlator_state_peer(c, s));
			correlator_w_end(w);
			if (s->is_open) {
				correlator_w_raw(w, "O", 1);
				correlator_w_summary(w, c, s,
				    correlator_open(s),
				    correlator_open_time(s));
				correlator_w_end(w);
			}
			for (uint32_t k = 0; k < s->nheld; k++) {
				const struct correlator_held *h =
				    &s->x->held[k];

				correlator_w_raw(w, "H", 1);
				correlator_w_int(w, h->t);
				correlator_w_int(w, h->a - now_mono);
				correlator_w_int(w, h->wall);
				correlator_w_int(w, h->roles);
				correlator_w_summary(w, c, s, h->sum, h->t);
				correlator_w_end(w);
			}
		}
	{
		char b[64];
		int k =
		    snprintf(b, sizeof(b), "E %zu %016" PRIx64 "\n", n, w->sum);

		if (w->rc == 0 && w->write(b, (size_t)k, w->arg) == -1)
			w->rc = -1;
	}
	rc = w->rc;
	free(w);
	return rc;
}

/* The loader's cursor over one line's fields. */
struct correlator_reader {
	const char *p, *end; /* the line, without its newline */
	bool is_bad;
};

static bool
correlator_r_field(struct correlator_reader *r, const char **f, size_t *n)
{
	if (r->p >= r->end || *r->p != ' ') {
		r->is_bad = true;
		return false;
	}
	r->p++;
	*f = r->p;
	while (r->p < r->end && *r->p != ' ')
		r->p++;
	*n = (size_t)(r->p - *f);
	if (*n == 0)
		r->is_bad = true;
	return *n > 0;
}

static int64_t
correlator_r_int(struct correlator_reader *r, int64_t min, int64_t max)
{
	const char *f;
	size_t n, i = 0;
	bool is_neg = false;
	uint64_t v = 0;

	if (!correlator_r_field(r, &f, &n))
		return 0;
	if (f[0] == '-') {
		is_neg = true;
		i = 1;
	}
	if (i == n || n - i > 19) {
		r->is_bad = true;
		return 0;
	}
	for (; i < n; i++) {
		if (f[i] < '0' || f[i] > '9') {
			r->is_bad = true;
			return 0;
		}
		v = v * 10 + (uint64_t)(f[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX) {
		r->is_bad = true;
		return 0;
	}
	if ((is_neg ? -(int64_t)v : (int64_t)v) < min ||
	    (is_neg ? -(int64_t)v : (int64_t)v) > max) {
		r->is_bad = true;
		return 0;
	}
	return is_neg ? -(int64_t)v : (int64_t)v;
}

static int
correlator_r_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A string field into out (size bytes, NUL included). */
static void
correlator_r_str(struct correlator_reader *r, char *out, size_t size)
{
	const char *f;
	size_t n, i, k = 0;
	int hi, lo;

	out[0] = '\0';
	if (!correlator_r_field(r, &f, &n))
		return;
	if (n == 2 && f[0] == '%' && f[1] == '-')
		return;
	for (i = 0; i < n; i++) {
		char ch = f[i];

		if (ch == '%') {
			if (i + 2 >= n) {
				r->is_bad = true;
				return;
			}
			hi = correlator_r_hex(f[i + 1]);
			lo = correlator_r_hex(f[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				r->is_bad = true;
				return;
			}
			ch = (char)(hi * 16 + lo);
			i += 2;
		}
		if (k + 1 >= size) {
			r->is_bad = true;
			return;
		}
		out[k++] = ch;
	}
	out[k] = '\0';
}

/* The scratch a summary is read into: the largest fields a summary keeps. */
struct correlator_scratch {
	struct winevent ev;
};

/* The fields of a kept event into sc->ev; false if they are bad. */
static bool
correlator_r_event(struct correlator_reader *r, struct correlator_scratch *sc)
{
	struct winevent *ev = &sc->ev;
	int64_t via;

	memset(ev, 0, sizeof(*ev));
	ev->event_id = (uint32_t)correlator_r_int(r, 0, 65535);
	via = correlator_r_int(r, WINEVENT_VIA_SYSLOG_UDP, WINEVENT_VIA_LAST);
	ev->via = (enum winevent_via)via;
	ev->time_ms = correlator_r_int(r, INT64_MIN / 2, INT64_MAX / 2);
	correlator_r_str(r, ev->source, sizeof(ev->source));
	correlator_r_str(r, ev->log, sizeof(ev->log));
	correlator_r_str(r, ev->computer, sizeof(ev->computer));
	correlator_r_str(r, ev->peer, sizeof(ev->peer));
	correlator_r_str(r, ev->text, ALERT_TEXT_MAX + 1);
	/* the type and the via's detail, absent from older saves */
	if (r->p != r->end)
		correlator_r_str(r, ev->type, sizeof(ev->type));
	if (r->p != r->end)
		correlator_r_str(r, ev->via_text, sizeof(ev->via_text));
	ev->recv_ms = ev->time_ms;
	return !r->is_bad && r->p == r->end;
}

/*
 * The room an R line's state makes for its window's summary: that of the
 * O line at next, if it is one (read twice: states loaded are as small as
 * states made by events).
 */
static size_t
correlator_load_room(const char *next, const char *end, const char *host,
    const char *peer, int64_t ctx_time, struct correlator_scratch *sc)
{
	struct correlator_reader r;
	struct correlator_plan p;
	const char *nl;

	if (next >= end || *next != 'O' ||
	    (nl = memchr(next, '\n', (size_t)(end - next))) == NULL)
		return 0;
	r.p = next + 1;
	r.end = nl;
	r.is_bad = false;
	if (!correlator_r_event(&r, sc))
		return 0;
	correlator_plan(&sc->ev, host, peer, sc->ev.time_ms != ctx_time, &p);
	return p.size <= CORRELATOR_INLINE_MAX ? correlator_round4(p.size) : 0;
}

/*
 * ev (read from an O line) becomes s's open window's summary: in its room
 * when it fits.  A time that is not its context's (never so in our saves)
 * is kept.
 */
static void
correlator_load_open(struct correlator *c, struct correlator_state *s,
    const struct winevent *ev)
{
	const int64_t *own =
	    ev->time_ms != correlator_open_time(s) ? &ev->time_ms : NULL;
	const char *peer = correlator_state_peer(c, s);
	struct correlator_plan p;

	correlator_plan(ev, s->host, peer, own != NULL, &p);
	if (p.size <= (size_t)s->inl4 * 4) {
		correlator_summary_fill(c, correlator_inline(s), ev, &p, own);
		s->is_open = true;
	} else {
		correlator_open_own(s,
		    correlator_summary_fill(c, xmalloc(p.size), ev, &p, own));
	}
}

static int
correlator_load_fail(char *err, size_t errlen, size_t line, const char *what)
{
	(void)snprintf(err, errlen, "line %zu: %s", line, what);
	return -1;
}

int
correlator_state_seal(const char *text, size_t len, char *out, size_t outlen)
{
	const char *p = text, *nl, *end = text + len;
	uint64_t sum = 0;
	size_t n = 0;
	int r;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		sum = siphash24(correlator_state_key, p, (size_t)(nl - p + 1)) ^
		    (sum * UINT64_C(0x9e3779b97f4a7c15));
		n += *p == 'R';
		p = nl + 1;
	}
	r = snprintf(out, outlen, "E %zu %016" PRIx64 "\n", n, sum);
	return r > 0 && (size_t)r < outlen ? r : -1;
}

/* Checks the header, the end line and the hash before anything is read. */
static int
correlator_load_check(const char *text, size_t len, int64_t *saved_wall,
    size_t *nstates, char *err, size_t errlen)
{
	const char *p = text, *nl, *end = text + len;
	uint64_t sum = 0, want;
	size_t lines = 0, n;
	struct correlator_reader r;
	char tail[64];

	if (len < strlen(CORRELATOR_STATE_MAGIC) ||
	    memcmp(text, CORRELATOR_STATE_MAGIC,
		strlen(CORRELATOR_STATE_MAGIC)) != 0)
		return correlator_load_fail(err, errlen, 1,
		    "not an evcorrd state file");
	for (;;) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return correlator_load_fail(err, errlen, lines + 1,
			    "truncated: no end record");
		lines++;
		if ((size_t)(nl - p) > CORRELATOR_STATE_LINE_MAX * 3 + 64)
			return correlator_load_fail(err, errlen, lines,
			    "line too long");
		if (p[0] == 'E' && (nl - p) < (ptrdiff_t)sizeof(tail) - 1)
			break;
		sum = siphash24(correlator_state_key, p, (size_t)(nl - p + 1)) ^
		    (sum * UINT64_C(0x9e3779b97f4a7c15));
		p = nl + 1;
	}
	memcpy(tail, p, (size_t)(nl - p));
	tail[nl - p] = '\0';
	if (nl + 1 != end)
		return correlator_load_fail(err, errlen, lines,
		    "data after the end record");
	if (sscanf(tail, "E %zu %" SCNx64, &n, &want) != 2)
		return correlator_load_fail(err, errlen, lines,
		    "bad end record");
	if (want != sum)
		return correlator_load_fail(err, errlen, lines,
		    "checksum mismatch: the file is damaged");
	r.p = text + strlen(CORRELATOR_STATE_MAGIC);
	r.end = memchr(text, '\n', len);
	r.is_bad = false;
	if (correlator_r_int(&r, 1, INT64_MAX) != CORRELATOR_STATE_VERSION ||
	    r.is_bad)
		return correlator_load_fail(err, errlen, 1,
		    "unknown state version (a newer evcorrd wrote it?)");
	*saved_wall = correlator_r_int(&r, 0, INT64_MAX);
	if (r.is_bad || r.p != r.end)
		return correlator_load_fail(err, errlen, 1, "bad header");
	*nstates = n;
	return 0;
}

/*
 * What ran out while the daemon was down ends quietly, counted: windows
 * (on host time they stay open to a backlog, as overdue ones do, but
 * raise no timeout now) and carried counts.  Held events stay: they
 * arrived, and are correlated at the next expiry as usual.
 */
static void
correlator_load_expire(struct correlator *c, int64_t now_mono,
    struct correlator_load_result *lr)
{
	struct correlator_state *s, **all;
	size_t i, n = 0;

	/* settling may free a state: a list first, then the pass */
	all = xcalloc(c->count + 1, sizeof(*all));
	for (i = 0; i < c->nbuckets; i++)
		for (s = correlator_head(c, i); s != NULL; s = s->next)
			all[n++] = s;
	for (i = 0; i < n; i++) {
		s = all[i];
		if (s->is_open && !s->is_overdue &&
		    now_mono > correlator_window_end(c, s)) {
			lr->expired++;
			if (correlator_opened_t(s) != 0) {
				s->is_overdue = true;
			} else {
				correlator_open_free(c, s);
			}
		}
		if (s->is_holding && s->nheld == 0 &&
		    now_mono >= correlator_holddown_end(c, s))
			s->is_holding = false;
		if (!s->is_holding && correlator_suppressed(s) > 0 &&
		    s->nheld == 0 && now_mono > correlator_carry_end(c, s)) {
			s->x->suppressed = 0;
			lr->expired++;
		}
		correlator_settle(c, s, now_mono);
	}
	free(all);
}

int
correlator_load(struct correlator *c, const char *text, size_t len,
    int64_t now_mono, int64_t now_wall, struct correlator_load_result *lr,
    char *err, size_t errlen)
{
	struct correlator_scratch *sc;
	struct correlator_state *s = NULL;
	struct correlator_reader r;
	const char *p, *nl, *end = text + len;
	char name[CONF_RULE_NAME_MAX], host[HOSTKEY_MAX],
	    peer[WINEVENT_PEER_MAX];
	char id[ALERT_ID_MAX];
	int64_t saved_wall, shift;
	size_t nstates, line = 1, rule_idx, seen = 0;
	bool is_skipping = false;
	uint64_t hh;

	memset(lr, 0, sizeof(*lr));
	assert(c->count == 0);
	if (correlator_load_check(text, len, &saved_wall, &nstates, err,
		errlen) == -1)
		return -1;
	/* mono' = now + (mono - saved) - downtime */
	shift = now_mono - (now_wall > saved_wall ? now_wall - saved_wall : 0);
	c->wall_off = now_wall - now_mono;
	correlator_clock(c, now_mono);
	sc = xmalloc(sizeof(*sc));
	p = (const char *)memchr(text, '\n', len) + 1;
	for (; p < end && *p != 'E'; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		r.p = p + 1;
		r.end = nl;
		r.is_bad = false;
		if (*p == 'R') {
			int64_t flags, v[8];

			seen++;
			if (s != NULL)
				correlator_settle(c, s, now_mono);
			s = NULL;
			correlator_r_str(&r, name, sizeof(name));
			correlator_r_str(&r, host, sizeof(host));
			flags = correlator_r_int(&r, 0, 7);
			v[0] = correlator_r_int(&r, 0, INT64_MAX / 2);
			v[1] =
			    correlator_r_int(&r, INT64_MIN / 4, INT64_MAX / 4);
			v[2] = correlator_r_int(&r, 0, INT64_MAX / 2);
			v[3] = correlator_r_int(&r, 0, INT64_MAX / 2);
			v[4] =
			    correlator_r_int(&r, INT64_MIN / 4, INT64_MAX / 4);
			v[5] = correlator_r_int(&r, 0, INT64_MAX / 2);
			v[6] =
			    correlator_r_int(&r, INT64_MIN / 4, INT64_MAX / 4);
			v[7] = correlator_r_int(&r, 0, INT64_MAX);
			correlator_r_str(&r, id, sizeof(id));
			correlator_r_str(&r, peer, sizeof(peer));
			if (r.is_bad || r.p != r.end || host[0] == '\0') {
				lr->bad++;
				is_skipping = true;
				continue;
			}
			rule_idx = correlator_rule_index(c->conf, name);
			if (rule_idx == SIZE_MAX) {
				lr->dropped_rule++;
				is_skipping = true;
				continue;
			}
			if (c->count >= c->conf->max_windows) {
				lr->dropped_full++;
				is_skipping = true;
				continue;
			}
			is_skipping = false;
			s = correlator_state_get(c, host,
			    correlator_load_room(nl + 1, end, host, peer,
				v[0] != 0 ? v[0] : v[2], sc));
			s->rule_idx = (unsigned int)rule_idx;
			hh = siphash24(c->seed, host, strlen(host));
			s->is_holding = (flags & CORRELATOR_SF_HOLDING) != 0;
			s->has_active = (flags & CORRELATOR_SF_ACTIVE) != 0;
			s->is_overdue = (flags & CORRELATOR_SF_OVERDUE) != 0;
			s->opened_t = v[0] != 0 ? v[0] : v[2];
			s->is_arrival_t = v[0] == 0;
			s->opened_a32 = correlator_mono32(c, v[1] + shift);
			s->newest_t = v[5];
			s->last_a32 = correlator_mono32(c, v[6] + shift);
			/* the alert's times matter only while they are used */
			if (s->is_holding || s->has_active || v[3] != 0 ||
			    v[7] > 0) {
				struct correlator_extra *x =
				    correlator_extra(s);

				x->alert_t = v[3];
				x->alert_a = v[4] + shift;
				x->suppressed = (uint64_t)v[7];
			}
			if (s->has_active)
				correlator_set_active(s, id);
			if (correlator_find(c, rule_idx, host, hh) != NULL) {
				correlator_state_put(c, s);
				s = NULL;
				lr->bad++;
				is_skipping = true;
				continue;
			}
			correlator_table_insert(c, s, hh);
			peer_shares_add(c->peers, peer, &s->peer);
			lr->states++;
		} else if (*p == 'O' || *p == 'H') {
			struct correlator_held h = { 0 };
			bool is_open = *p == 'O';

			if (is_skipping)
				continue;
			if (s == NULL || (is_open && s->is_open)) {
				lr->bad++;
				continue;
			}
			if (!is_open) {
				h.t = correlator_r_int(&r, 1, INT64_MAX / 2);
				h.a = correlator_r_int(&r, INT64_MIN / 4,
					  INT64_MAX / 4) +
				    shift;
				h.wall = correlator_r_int(&r, 0, INT64_MAX / 2);
				h.roles = (uint8_t)correlator_r_int(&r, 1, 7);
			}
			if (r.is_bad || !correlator_r_event(&r, sc)) {
				lr->bad++;
				continue;
			}
			if (is_open) {
				correlator_load_open(c, s, &sc->ev);
			} else if (s->nheld >= CORRELATOR_HELD_MAX) {
				lr->bad++;
			} else {
				struct correlator_ev e = { h.t, h.a, h.wall,
					false, h.roles, NULL, NULL, NULL };

				/* a time not its context's is kept */
				correlator_hold(c, s, &e,
				    correlator_summary_new(c, &sc->ev, s->host,
					correlator_state_peer(c, s),
					sc->ev.time_ms != h.t ? &sc->ev.time_ms
							      : NULL));
				lr->held++;
			}
		} else {
			lr->bad++;
		}
	}
	if (s != NULL)
		correlator_settle(c, s, now_mono);
	free(sc);
	correlator_load_expire(c, now_mono, lr);
	if (seen != nstates)
		lr->bad++;
	return 0;
}

void
correlator_foreach(const struct correlator *c, correlator_visit_fn *fn,
    void *arg)
{
	const struct correlator_state *s;
	struct correlator_view v;
	size_t i;

	for (i = 0; i < c->nbuckets; i++)
		for (s = correlator_head(c, i); s != NULL; s = s->next) {
			memset(&v, 0, sizeof(v));
			v.rule = correlator_rule(c, s)->name;
			v.host = s->host;
			v.open_via = "";
			v.is_open = s->is_open;
			if (v.is_open) {
				v.is_overdue = s->is_overdue;
				v.opened_t = correlator_opened_t(s);
				v.opened_wall = s->is_arrival_t
				    ? s->opened_t
				    : correlator_opened_a(c, s) + c->wall_off;
				v.open_id = correlator_open(s)->event_id;
				v.open_via = correlator_summary_via(c, s,
				    correlator_open(s));
				v.opened_ms = correlator_opened_a(c, s);
				v.closes_ms = correlator_window_end(c, s);
			}
			v.is_holding = s->is_holding;
			if (v.is_holding)
				v.held_until_ms = correlator_holddown_end(c, s);
			v.suppressed = correlator_suppressed(s);
			v.held = s->nheld;
			v.active_id = s->has_active ? s->x->active_id : "";
			if (!fn(&v, arg))
				return;
		}
}
