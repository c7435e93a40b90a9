/* SPDX-License-Identifier: ISC */
/*
 * A ring of chunks: the reader fills chunk k while decoders work on
 * later ones and the feeder waits for the oldest; one mutex and two
 * condition variables, taken once per chunk (about REPLAY_CHUNK bytes, a
 * few thousand lines), so locking costs nothing per line.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xmalloc.h"
#include "engine/rule_index.h"
#include "input/replay_threads.h"

#define REPLAY_CHUNK (512 * 1024) /* bytes read per chunk, lines whole */

enum replay_item_kind {
	REPLAY_CLOCK, /* events no rule names: the newest of their times */
	REPLAY_EVENT, /* an event a rule names: packed at evs + ev */
	REPLAY_REDO,  /* a line to decode again at the replay clock */
};

struct replay_item {
	enum replay_item_kind kind;
	uint32_t eid;  /* EVENT: its event ID */
	int64_t t;     /* CLOCK */
	size_t ev;     /* EVENT: its offset in evs */
	size_t key;    /* EVENT: its host key's offset in evs */
	uint64_t hash; /* EVENT: its host's hash, once prefetched */
	size_t off;    /* REDO: the line, in buf */
	size_t len;
};

enum replay_chunk_state {
	REPLAY_FREE,    /* the reader's */
	REPLAY_FILLED,  /* waiting for a decoder */
	REPLAY_DECODED, /* waiting for the feeder */
};

struct replay_chunk {
	enum replay_chunk_state state;
	char *buf; /* whole lines, the last maybe without its "\n" (EOF) */
	size_t len;
	size_t cap;
	int64_t hint; /* the replay clock when it was read */
	struct replay_item *items;
	size_t nitems;
	size_t capitems;
	/* the events a rule names, each winevent_pack()ed then its host key
	   (NUL-terminated): a few hundred bytes each, not the struct's 4 KB */
	char *evs;
	size_t nevs; /* bytes used */
	size_t capevs;
	struct replay_tally tally; /* REDO lines are tallied when redone */
};

struct replay_pool {
	const struct conf *conf;
	struct rule_index *index;
	pthread_mutex_t mu;
	pthread_cond_t work; /* a chunk FILLED, or the end */
	pthread_cond_t done; /* a chunk DECODED */
	struct replay_chunk *ring;
	size_t nring;
	uint64_t next_fill;   /* sequence numbers: chunk = seq % nring */
	uint64_t next_decode; /* the next chunk a decoder takes */
	bool is_end;          /* nothing more will be filled */
};

static const struct pipeline_src replay_src = {
	.via = WINEVENT_VIA_SYSLOG_UDP,
	.peer = "replay",
};

size_t
replay_line_len(const char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	return len;
}

static struct replay_item *
replay_item_add(struct replay_chunk *c, enum replay_item_kind kind)
{
	struct replay_item *it;

	if (c->nitems == c->capitems) {
		c->capitems = c->capitems ? c->capitems * 2 : 256;
		c->items =
		    xreallocarray(c->items, c->capitems, sizeof(*c->items));
	}
	it = &c->items[c->nitems++];
	it->kind = kind;
	return it;
}

/* One line of a chunk, by a decoder: keep what the feeder needs. */
static void
replay_decode_line(struct replay_pool *pool, struct replay_chunk *c, size_t off,
    size_t len, struct winevent *ev, int64_t *hint)
{
	struct pipeline_result res;
	struct replay_item *it;
	enum pipeline_outcome o;
	bool is_now_dependent;
	size_t n, need, klen;

	c->tally.lines++;
	if (len > pool->conf->max_message_len) {
		len = pool->conf->max_message_len;
		c->tally.truncated++;
	}
	o = pipeline_decode_syslog(pool->conf, &replay_src, c->buf + off, len,
	    *hint, ev, &res, &is_now_dependent);
	if (is_now_dependent) {
		it = replay_item_add(c, REPLAY_REDO);
		it->off = off;
		it->len = len;
		return;
	}
	c->tally.outcomes[o]++;
	if (o == PIPELINE_MALFORMED)
		c->tally.malformed[res.malformed_format]++;
	if (o != PIPELINE_EVENT)
		return;
	if (ev->time_ms > *hint)
		*hint = ev->time_ms; /* the clock will be at least that */
	if (rule_index_find(pool->index, ev->event_id, &n) == NULL) {
		/* no rule names it: it only moves the clock */
		if (ev->time_ms == 0)
			return;
		if (c->nitems > 0 &&
		    c->items[c->nitems - 1].kind == REPLAY_CLOCK) {
			it = &c->items[c->nitems - 1];
			if (ev->time_ms > it->t)
				it->t = ev->time_ms;
		} else
			replay_item_add(c, REPLAY_CLOCK)->t = ev->time_ms;
		return;
	}
	klen = strnlen(res.key, sizeof(res.key) - 1);
	need = winevent_packed_size(ev) + klen + 1;
	if (c->capevs - c->nevs < need) {
		while (c->capevs - c->nevs < need)
			c->capevs = c->capevs ? c->capevs * 2 : 64 * 1024;
		c->evs = xreallocarray(c->evs, c->capevs, 1);
	}
	it = replay_item_add(c, REPLAY_EVENT);
	it->ev = c->nevs;
	it->eid = ev->event_id;
	c->nevs += winevent_pack(ev, c->evs + c->nevs);
	it->key = c->nevs;
	memcpy(c->evs + c->nevs, res.key, klen);
	c->evs[c->nevs + klen] = '\0';
	c->nevs += klen + 1;
}

static void
replay_decode_chunk(struct replay_pool *pool, struct replay_chunk *c,
    struct winevent *ev)
{
	int64_t hint = c->hint;
	size_t off = 0, len;
	const char *nl;

	while (off < c->len) {
		nl = memchr(c->buf + off, '\n', c->len - off);
		len = nl != NULL ? (size_t)(nl - (c->buf + off)) + 1
				 : c->len - off;
		replay_decode_line(pool, c, off,
		    replay_line_len(c->buf + off, len), ev, &hint);
		off += len;
	}
}

static void *
replay_decoder(void *arg)
{
	struct replay_pool *pool = arg;
	struct winevent *ev = xmalloc(sizeof(*ev));
	struct replay_chunk *c;

	pthread_mutex_lock(&pool->mu);
	for (;;) {
		while (pool->next_decode == pool->next_fill && !pool->is_end)
			pthread_cond_wait(&pool->work, &pool->mu);
		if (pool->next_decode == pool->next_fill)
			break; /* the end, and nothing left */
		c = &pool->ring[pool->next_decode++ % pool->nring];
		pthread_mutex_unlock(&pool->mu);
		replay_decode_chunk(pool, c, ev);
		pthread_mutex_lock(&pool->mu);
		c->state = REPLAY_DECODED;
		pthread_cond_broadcast(&pool->done);
	}
	pthread_mutex_unlock(&pool->mu);
	free(ev);
	return NULL;
}

/*
 * Reads the next chunk: the carried partial line, then whole lines up to
 * about REPLAY_CHUNK bytes (more for a longer line); what follows the
 * last "\n" is carried to the next.  Returns false at the end of fp with
 * nothing read.
 */
static bool
replay_fill(struct replay_chunk *c, FILE *fp, char **carry, size_t *ncarry,
    size_t *capcarry)
{
	size_t got, scan;
	const char *nl = NULL;

	c->len = 0;
	c->nitems = c->nevs = 0;
	memset(&c->tally, 0, sizeof(c->tally));
	if (c->cap < *ncarry + REPLAY_CHUNK) {
		c->cap = *ncarry + REPLAY_CHUNK;
		c->buf = xreallocarray(c->buf, c->cap, 1);
	}
	if (*ncarry > 0) /* *carry is NULL before the first line is cut */
		memcpy(c->buf, *carry, *ncarry);
	c->len = scan = *ncarry;
	*ncarry = 0;
	for (;;) {
		got = fread(c->buf + c->len, 1, c->cap - c->len, fp);
		c->len += got;
		/* the last "\n" of what was read */
		for (size_t i = c->len; i > scan; i--)
			if (c->buf[i - 1] == '\n') {
				nl = c->buf + i - 1;
				break;
			}
		if (nl != NULL || got == 0)
			break;
		scan = c->len;
		if (c->len == c->cap) {
			/* one line longer than the buffer: grow it */
			c->cap *= 2;
			c->buf = xreallocarray(c->buf, c->cap, 1);
		}
	}
	if (nl != NULL && got != 0) {
		size_t keep = c->len - (size_t)(nl + 1 - c->buf);

		if (*capcarry < keep) {
			*capcarry = keep;
			*carry = xreallocarray(*carry, keep, 1);
		}
		if (keep > 0)
			memcpy(*carry, nl + 1, keep);
		*ncarry = keep;
		c->len -= keep;
	}
	return c->len > 0;
}

/*
 * Items this far ahead of the one fed have their state's bucket fetched
 * into the cache, half as far their state (correlator_prefetch()).
 */
#define REPLAY_PREFETCH 16

static void
replay_prefetch(const struct pipeline *p, struct replay_chunk *c, size_t i,
    int stage)
{
	struct replay_item *it;

	if (i >= c->nitems || (it = &c->items[i])->kind != REPLAY_EVENT)
		return;
	it->hash =
	    pipeline_prefetch(p, it->eid, c->evs + it->key, it->hash, stage);
}

/* The feeder: one decoded chunk into the pipeline, in order (ev, key: its
   room to unpack an event into). */
static void
replay_feed(struct pipeline *p, struct replay_chunk *c, struct replay_tally *t,
    struct winevent *ev, char *key)
{
	struct clock_stamp now = { 0, 0, 0 };
	struct pipeline_result res;
	size_t i, n;

	for (i = 0; i < PIPELINE_OUTCOME_COUNT; i++) {
		pipeline_account(p, (enum pipeline_outcome)i,
		    c->tally.outcomes[i]);
		t->outcomes[i] += c->tally.outcomes[i];
	}
	for (i = 0; i < WINEVENT_FORMAT_COUNT; i++)
		pipeline_account_malformed(p, i, c->tally.malformed[i]);
	t->lines += c->tally.lines;
	t->truncated += c->tally.truncated;
	for (i = 0; i < c->nitems; i++) {
		const struct replay_item *it = &c->items[i];

		replay_prefetch(p, c, i + REPLAY_PREFETCH, 0);
		replay_prefetch(p, c, i + REPLAY_PREFETCH / 2, 1);
		switch (it->kind) {
		case REPLAY_CLOCK:
			pipeline_replay_advance(p, it->t);
			break;
		case REPLAY_EVENT:
			n = winevent_unpack(c->evs + it->ev, ev);
			memcpy(key, c->evs + it->ev + n,
			    strlen(c->evs + it->ev + n) + 1);
			pipeline_feed(p, ev, key, &now, &res);
			break;
		case REPLAY_REDO:
			t->outcomes[pipeline_syslog(p, &replay_src,
			    c->buf + it->off, it->len, &now, &res)]++;
			break;
		}
	}
}

static void
replay_pool_free(struct replay_pool *pool)
{
	for (size_t i = 0; i < pool->nring; i++) {
		free(pool->ring[i].buf);
		free(pool->ring[i].items);
		free(pool->ring[i].evs);
	}
	free(pool->ring);
	rule_index_free(pool->index);
	pthread_cond_destroy(&pool->work);
	pthread_cond_destroy(&pool->done);
	pthread_mutex_destroy(&pool->mu);
}

int
replay_threads_run(const struct conf *conf, struct pipeline *p, FILE *fp,
    unsigned int nthreads, struct replay_tally *t)
{
	struct replay_pool pool;
	pthread_t threads[REPLAY_THREADS_MAX];
	uint64_t next_feed = 0;
	struct winevent *ev = xmalloc(sizeof(*ev));
	char key[HOSTKEY_MAX];
	char *carry = NULL;
	size_t ncarry = 0, capcarry = 0;
	unsigned int n;
	bool is_eof = false;
	int rc = 0, e;

	if (nthreads > REPLAY_THREADS_MAX)
		nthreads = REPLAY_THREADS_MAX;
	memset(&pool, 0, sizeof(pool));
	pool.conf = conf;
	pool.index = rule_index_new(conf);
	pthread_mutex_init(&pool.mu, NULL);
	pthread_cond_init(&pool.work, NULL);
	pthread_cond_init(&pool.done, NULL);
	/* enough chunks that every decoder has one while one is fed */
	pool.nring = 2 * (size_t)nthreads + 2;
	pool.ring = xcalloc(pool.nring, sizeof(*pool.ring));
	for (n = 0; n < nthreads; n++)
		if ((e = pthread_create(&threads[n], NULL, replay_decoder,
			 &pool)) != 0) {
			errno = e;
			log_warn("replay: pthread_create");
			rc = -1;
			is_eof = true; /* read nothing: join and go */
			break;
		}
	for (;;) {
		while (!is_eof && pool.next_fill - next_feed < pool.nring) {
			struct replay_chunk *c =
			    &pool.ring[pool.next_fill % pool.nring];

			c->hint = pipeline_replay_now(p);
			if (!replay_fill(c, fp, &carry, &ncarry, &capcarry)) {
				is_eof = true;
				break;
			}
			pthread_mutex_lock(&pool.mu);
			c->state = REPLAY_FILLED;
			pool.next_fill++;
			pthread_cond_signal(&pool.work);
			pthread_mutex_unlock(&pool.mu);
		}
		if (next_feed == pool.next_fill)
			break;
		struct replay_chunk *c = &pool.ring[next_feed % pool.nring];

		pthread_mutex_lock(&pool.mu);
		while (c->state != REPLAY_DECODED)
			pthread_cond_wait(&pool.done, &pool.mu);
		pthread_mutex_unlock(&pool.mu);
		replay_feed(p, c, t, ev, key);
		c->state = REPLAY_FREE;
		next_feed++;
	}
	pthread_mutex_lock(&pool.mu);
	pool.is_end = true;
	pthread_cond_broadcast(&pool.work);
	pthread_mutex_unlock(&pool.mu);
	while (n-- > 0)
		pthread_join(threads[n], NULL);
	free(carry);
	free(ev);
	replay_pool_free(&pool);
	return rc;
}
