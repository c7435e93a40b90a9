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
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "core/heap.h"
#include "core/siphash.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "decode/winevent.h"
#include "engine/alert.h"
#include "engine/correlator.h"
#include "engine/peer_share.h"
#include "engine/rule.h"

#define CORRELATOR_BUCKETS_MIN 16

#define CORRELATOR_NFIELDS 5 /* strings an opening event keeps */

/* The opening event while its window is open: its strings packed. */
struct correlator_summary {
	uint32_t event_id;
	enum winevent_via via;
	int64_t time_ms;
	uint16_t off[CORRELATOR_NFIELDS]; /* into strs, each NUL-terminated */
	char strs[];
};

struct correlator_state {
	struct correlator_state *next; /* hash chain */
	const struct conf_rule *rule;
	size_t rule_idx;
	uint64_t host_hash;
	struct heap *queue;    /* active or carried; NULL only while new */
	struct heap_node node; /* key: the next deadline (correlator_settle) */
	struct correlator_summary *open; /* NULL: no window open */
	int64_t opened_ms;
	int64_t alert_ms; /* monotonic time of the last alert */
	bool is_holding;  /* alert_ms + holddown not yet reached */
	uint64_t suppressed;
	struct peer_share_link peer; /* the sender whose event made it */
	char host[];
};

struct correlator {
	const struct conf *conf;
	uint64_t seed[2];
	uint64_t id_key[2]; /* alert ids: alert_id_make() */
	uint64_t nalerts;   /* alerts made: the next id's sequence number */
	struct correlator_state **buckets;
	size_t nbuckets; /* a power of two */
	size_t count;
	struct heap *active;  /* states with a window open or a holddown */
	struct heap *carried; /* states that only carry a suppressed count */
	struct peer_shares *peers;
	char evicted_peer[WINEVENT_PEER_MAX]; /* the last call's */
};

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

/* The last instant a close may come and still fire. */
static int64_t
correlator_window_end(const struct correlator_state *s)
{
	return correlator_add_sat(s->opened_ms, s->rule->window_ms);
}

/* The first instant an alert is no longer held down. */
static int64_t
correlator_holddown_end(const struct correlator_state *s)
{
	return correlator_add_sat(s->alert_ms, s->rule->holddown_ms);
}

/* The last instant the suppressed count is kept: holddown end + max(w, h). */
static int64_t
correlator_carry_end(const struct correlator_state *s)
{
	const struct conf_rule *r = s->rule;

	return correlator_add_sat(correlator_holddown_end(s),
	    r->window_ms > r->holddown_ms ? r->window_ms : r->holddown_ms);
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

	s = c->buckets[correlator_bucket(c->nbuckets, rule_idx, host_hash)];
	for (; s != NULL; s = s->next)
		if (s->rule_idx == rule_idx && s->host_hash == host_hash &&
		    strcmp(s->host, host) == 0)
			return s;
	return NULL;
}

static void
correlator_link(struct correlator_state **buckets, size_t nbuckets,
    struct correlator_state *s)
{
	size_t b = correlator_bucket(nbuckets, s->rule_idx, s->host_hash);

	s->next = buckets[b];
	buckets[b] = s;
}

/* Rehashes every state into n buckets (states may have new indexes). */
static void
correlator_rehash(struct correlator *c, size_t n)
{
	struct correlator_state **nb, *s, *next;
	size_t i;

	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < c->nbuckets; i++)
		for (s = c->buckets[i]; s != NULL; s = next) {
			next = s->next;
			correlator_link(nb, n, s);
		}
	free(c->buckets);
	c->buckets = nb;
	c->nbuckets = n;
}

static void
correlator_table_insert(struct correlator *c, struct correlator_state *s)
{
	if (c->count >= c->nbuckets && c->nbuckets <= SIZE_MAX / 4)
		correlator_rehash(c, c->nbuckets * 2);
	correlator_link(c->buckets, c->nbuckets, s);
	c->count++;
}

static void
correlator_table_remove(struct correlator *c, struct correlator_state *s)
{
	struct correlator_state **pp;

	pp = &c->buckets[correlator_bucket(c->nbuckets, s->rule_idx,
	    s->host_hash)];
	while (*pp != s) {
		assert(*pp != NULL);
		pp = &(*pp)->next;
	}
	*pp = s->next;
	c->count--;
	if (c->nbuckets > CORRELATOR_BUCKETS_MIN && c->count < c->nbuckets / 8)
		correlator_rehash(c, c->nbuckets / 2);
}

static void
correlator_state_free(struct correlator_state *s)
{
	free(s->open);
	free(s);
}

static void
correlator_state_destroy(struct correlator *c, struct correlator_state *s)
{
	peer_shares_remove(c->peers, &s->peer);
	if (s->queue != NULL)
		heap_remove(s->queue, &s->node);
	correlator_table_remove(c, s);
	correlator_state_free(s);
}

/*
 * After any change to s: frees it when it holds nothing (no window, no
 * holddown, no suppressed count to carry), else files its next deadline
 * in the heap for its kind.  INT64_MAX (never) stays filed, so a carried
 * count with no deadline can still be evicted.
 */
static void
correlator_settle(struct correlator *c, struct correlator_state *s)
{
	int64_t deadline = INT64_MAX, end;
	struct heap *q;

	if (s->open == NULL && !s->is_holding && s->suppressed == 0) {
		correlator_state_destroy(c, s);
		return;
	}
	if (s->open != NULL)
		deadline = correlator_after(correlator_window_end(s));
	if (s->is_holding)
		end = correlator_holddown_end(s);
	else if (s->suppressed > 0)
		end = correlator_after(correlator_carry_end(s));
	else
		end = INT64_MAX;
	if (end < deadline)
		deadline = end;
	q = s->open == NULL && !s->is_holding ? c->carried : c->active;
	if (s->queue == q) {
		heap_update(q, &s->node, deadline);
		return;
	}
	if (s->queue != NULL)
		heap_remove(s->queue, &s->node);
	s->queue = q;
	heap_push(q, &s->node, deadline);
}

/*
 * Ends the window and the holddown of s, and drops its suppressed count,
 * if they are over at now_ms.
 */
static void
correlator_catch_up(struct correlator_state *s, int64_t now_ms,
    struct correlator_result *res)
{
	if (s->open != NULL && now_ms > correlator_window_end(s)) {
		free(s->open);
		s->open = NULL;
		res->expired++;
	}
	if (s->is_holding && now_ms >= correlator_holddown_end(s))
		s->is_holding = false;
	if (!s->is_holding && s->suppressed > 0 &&
	    now_ms > correlator_carry_end(s)) {
		s->suppressed = 0;
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
 * At the cap, evicts carried counts, earliest deadline first, if that
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

	if (c->count < max)
		return true;
	if (c->count - heap_len(c->carried) < max) {
		while (c->count >= max) {
			correlator_state_destroy(c,
			    correlator_state_of(heap_top(c->carried)));
			res->suppressed_dropped++;
		}
		return true;
	}
	if (c->count > max ||
	    (link = peer_shares_oldest_of_largest(c->peers)) == NULL)
		return false;
	(void)snprintf(c->evicted_peer, sizeof(c->evicted_peer), "%s",
	    peer_shares_addr(link));
	res->evicted_peer = c->evicted_peer;
	correlator_state_destroy(c, correlator_state_of_peer(link));
	res->windows_evicted++;
	return true;
}

/* The strings an opening event keeps, and the room each may take. */
enum correlator_field {
	CF_SOURCE,
	CF_LOG,
	CF_COMPUTER,
	CF_PEER,
	CF_TEXT,
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

static struct correlator_summary *
correlator_summary_new(const struct winevent *ev)
{
	size_t len[CORRELATOR_NFIELDS], total = 0, i;
	struct correlator_summary *sum;

	for (i = 0; i < CORRELATOR_NFIELDS; i++) {
		len[i] = correlator_keep(ev, i);
		total += len[i] + 1;
	}
	sum = xmalloc(sizeof(*sum) + total);
	sum->event_id = ev->event_id;
	sum->via = ev->via;
	sum->time_ms = ev->time_ms != 0 ? ev->time_ms : ev->recv_ms;
	for (total = 0, i = 0; i < CORRELATOR_NFIELDS; i++) {
		sum->off[i] = (uint16_t)total;
		memcpy(sum->strs + total, correlator_ev_field(ev, i), len[i]);
		sum->strs[total + len[i]] = '\0';
		total += len[i] + 1;
	}
	return sum;
}

/* What the alert says of the opening event, borrowing the summary. */
static void
correlator_summary_event(const struct correlator_summary *sum,
    struct alert_event *ae)
{
	ae->event_id = sum->event_id;
	ae->via = winevent_via_name(sum->via);
	ae->time_ms = sum->time_ms;
	ae->source = sum->strs + sum->off[CF_SOURCE];
	ae->log = sum->strs + sum->off[CF_LOG];
	ae->computer = sum->strs + sum->off[CF_COMPUTER];
	ae->peer = sum->strs + sum->off[CF_PEER];
	ae->text = sum->strs + sum->off[CF_TEXT];
}

/* ...and of the closing event, borrowing it (alert_new() cuts its text). */
static void
correlator_close_event(const struct winevent *ev, struct alert_event *ae)
{
	ae->event_id = ev->event_id;
	ae->via = winevent_via_name(ev->via);
	ae->time_ms = ev->time_ms != 0 ? ev->time_ms : ev->recv_ms;
	ae->source = ev->source;
	ae->log = ev->log;
	ae->computer = ev->computer;
	ae->peer = ev->peer;
	ae->text = ev->text;
}

/* The alert for s, its window open, closed by ev. */
static struct alert *
correlator_alert(struct correlator *c, const struct correlator_state *s,
    const struct winevent *ev)
{
	const struct conf_rule *r = s->rule;
	struct alert t;

	memset(&t, 0, sizeof(t));
	t.kind = ALERT_PAIR;
	t.has_close = true;
	alert_id_make(c->id_key, c->nalerts++, t.id);
	t.rule = r->name;
	t.title = r->title;
	t.cause = r->cause;
	t.fix = r->fix;
	t.reference = r->reference;
	t.severity = r->severity;
	t.targets = (const char *const *)r->targets;
	t.ntargets = r->ntargets;
	t.forwards = (const char *const *)r->forwards;
	t.nforwards = r->nforwards;
	t.host = s->host;
	correlator_summary_event(s->open, &t.open);
	correlator_close_event(ev, &t.close);
	t.suppressed = s->suppressed;
	t.time_ms = ev->recv_ms;
	return alert_new(&t);
}

/* A closing event while s has a window open: alert, or suppress. */
static void
correlator_close(struct correlator *c, struct correlator_state *s,
    const struct winevent *ev, int64_t now_ms, struct correlator_result *res,
    struct alert_list *out)
{
	if (!s->is_holding) {
		alert_list_push(out, correlator_alert(c, s, ev));
		s->suppressed = 0;
		s->alert_ms = now_ms;
		s->is_holding = s->rule->holddown_ms > 0;
		res->alerts++;
	} else {
		s->suppressed++;
		res->suppressed++;
	}
	free(s->open);
	s->open = NULL;
}

/* An opening event: a new window, a repeat, or refused at the cap. */
static struct correlator_state *
correlator_open(struct correlator *c, struct correlator_state *s,
    size_t rule_idx, const char *host, uint64_t host_hash,
    const struct winevent *ev, int64_t now_ms, struct correlator_result *res)
{
	size_t hostlen;

	if (s != NULL && s->open != NULL) {
		res->repeats++;
		return s;
	}
	if (s == NULL) {
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
		hostlen = strlen(host);
		s = xcalloc(1, sizeof(*s) + hostlen + 1);
		memcpy(s->host, host, hostlen + 1);
		s->rule = &c->conf->rules[rule_idx];
		s->rule_idx = rule_idx;
		s->host_hash = host_hash;
		s->node.idx = HEAP_NONE;
		correlator_table_insert(c, s);
		peer_shares_add(c->peers, ev->peer, &s->peer);
	}
	s->open = correlator_summary_new(ev);
	s->opened_ms = now_ms;
	res->opened++;
	return s;
}

void
correlator_feed(struct correlator *c, const struct winevent *ev,
    const char *host, int64_t now_ms, struct correlator_result *res,
    struct alert_list *out)
{
	struct correlator_state *s;
	uint64_t host_hash = 0;
	bool is_hashed = false, is_open, is_close;
	size_t i;

	assert(host != NULL && host[0] != '\0' &&
	    strnlen(host, HOSTKEY_MAX) < HOSTKEY_MAX);
	for (i = 0; i < c->conf->nrules; i++) {
		is_open = rule_match_event(&c->conf->rules[i].open, ev);
		is_close = rule_match_event(&c->conf->rules[i].close, ev);
		if (!is_open && !is_close)
			continue;
		if (!is_hashed) {
			host_hash = siphash24(c->seed, host, strlen(host));
			is_hashed = true;
		}
		if ((s = correlator_find(c, i, host, host_hash)) != NULL)
			correlator_catch_up(s, now_ms, res);
		if (is_close && s != NULL && s->open != NULL)
			correlator_close(c, s, ev, now_ms, res, out);
		else if (is_open)
			s = correlator_open(c, s, i, host, host_hash, ev,
			    now_ms, res);
		else
			res->orphan_closes++;
		if (s != NULL)
			correlator_settle(c, s);
	}
}

/* The node with the earliest deadline of either heap, or NULL. */
static struct heap_node *
correlator_earliest(const struct correlator *c)
{
	struct heap_node *a = heap_top(c->active), *b = heap_top(c->carried);

	if (a == NULL || (b != NULL && b->key < a->key))
		return b;
	return a;
}

void
correlator_expire(struct correlator *c, int64_t now_ms,
    struct correlator_result *res)
{
	struct correlator_state *s;
	struct heap_node *n;

	/*
	 * Each round ends a due window or holddown or drops a due count,
	 * moving that state's deadline later, so this terminates.
	 */
	while ((n = correlator_earliest(c)) != NULL && n->key <= now_ms &&
	    n->key < INT64_MAX) {
		s = correlator_state_of(n);
		correlator_catch_up(s, now_ms, res);
		correlator_settle(c, s);
	}
}

int64_t
correlator_next_deadline(const struct correlator *c)
{
	const struct heap_node *n = correlator_earliest(c);

	return n != NULL ? n->key : INT64_MAX;
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

	assert(conf != NULL);
	c = xcalloc(1, sizeof(*c));
	c->conf = conf;
	c->seed[0] = seed[0];
	c->seed[1] = seed[1];
	c->id_key[0] = seed[0] ^ UINT64_C(0x616c657274696431); /* "alertid1" */
	c->id_key[1] = seed[1] ^ UINT64_C(0x616c657274696432);
	c->nbuckets = CORRELATOR_BUCKETS_MIN;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	c->active = heap_new();
	c->carried = heap_new();
	c->peers = peer_shares_new(seed);
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

void
correlator_reconf(struct correlator *c, const struct conf *conf)
{
	struct correlator_state *s, *next, *keep = NULL;
	size_t i, *map = NULL;

	assert(conf != NULL);
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
		for (s = c->buckets[i]; s != NULL; s = next) {
			next = s->next;
			if (map[s->rule_idx] == SIZE_MAX) {
				peer_shares_remove(c->peers, &s->peer);
				correlator_state_free(s);
				c->count--;
				continue;
			}
			s->rule_idx = map[s->rule_idx];
			s->rule = &conf->rules[s->rule_idx];
			s->queue = NULL;
			s->next = keep;
			keep = s;
		}
		c->buckets[i] = NULL;
	}
	free(map);
	c->conf = conf;
	for (s = keep; s != NULL; s = next) {
		next = s->next;
		correlator_link(c->buckets, c->nbuckets, s);
		correlator_settle(c, s);
	}
}

void
correlator_free(struct correlator *c)
{
	struct correlator_state *s, *next;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nbuckets; i++)
		for (s = c->buckets[i]; s != NULL; s = next) {
			next = s->next;
			correlator_state_free(s);
		}
	free(c->buckets);
	heap_free(c->active);
	heap_free(c->carried);
	peer_shares_free(c->peers);
	free(c);
}
