/* SPDX-License-Identifier: ISC */
/*
 * The benchmark's seeded workload: Snare Application-log events as RFC
 * 3164 syslog lines, one a line in arrival order, and their ground truth,
 * the exact set of pairs (host key, open host time, close host time) that
 * evcorrd's default rule Q246115 (within 5m, holddown 30m, lateness 10s)
 * raises on them (docs/correlation.md).
 *
 * usage: bench_gen [-s SEED] [-n EVENTS] [-H HOSTS] [-p PERMILLE]
 *            [-r RATE] [-b BASE] FILE TRUTH
 *        bench_gen -O [-s SEED] [-n EVENTS] [-H HOSTS] [-C CLOSING] FILE TRUTH
 *        bench_gen -P SEED HOSTS FILE TRUTH [PER_HOST]
 *
 * -n events in all (2,000,000), -H hosts (50,000, up to 1,000,000), -p the
 * rule's share of them in per mille (15: 1.5%), -r events per second of
 * time the file spans (200), -b the host time it starts at (1893456000,
 * 2030-01-01: --replay's clock starts at the wall clock and follows the
 * newest host time, so a file must lie in the future to run on its own
 * times).  -P writes exactly what tests/integration/replay_gen.py writes
 * for the same arguments (its random generator is Python's, reproduced),
 * the check that both models agree.
 *
 * The workload: every host has a clock skew (most within 2 s, some
 * minutes to two hours behind; none more than 2 s ahead, since the replay
 * clock is the newest host time of any host), events reach the collector
 * 0 to 6 s after they are stamped, and noise (other sources and IDs, a few
 * non-Windows lines) fills the file.  Incidents of rule Q246115, each on a
 * host that has no other incident near it (so that no holddown, carried
 * count or "too late" check of one decides another's outcome):
 *
 *   pair        2140, 100 within 5m                         one pair
 *   repeat      2140, 2140 again, 100                       one pair
 *   early       the 100 arrives 1-3 s before its 2140       one pair
 *   late-open   the 100 arrives 30-130 s before its 2140    none: the 100
 *               (beyond lateness: it is released alone)     was an orphan
 *   late-close  the 100 arrives 6-20 minutes late           one pair
 *   backlog     both arrive 10-30 minutes late, in order    one pair
 *   far         the 100 comes 5-15 minutes after            none
 *   timeout     a 2140 alone                                none
 *   stray       a 100 alone                                 none
 *   dup-open    the 2140 sent twice                         one pair
 *   dup-close   the 100 sent twice                          one pair
 *   dup-pair    both sent again half a minute to 3m later   one pair (the
 *                                                           copy held down)
 *   flap        a pair, a second one within the holddown,   two pairs: the
 *               a third after it                            second held down
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GEN_W 300   /* within 5m */
#define GEN_H 1800  /* holddown 30m */
#define GEN_L 10    /* lateness 10s */
#define GEN_JIT 6.0 /* delivery delay: 0 .. L - 4 s */

/* ---------------------------------------------- Python's random, exactly */

struct pyrand {
	uint32_t mt[624];
	int i;
};

static void
pyrand_init_genrand(struct pyrand *r, uint32_t s)
{
	r->mt[0] = s;
	for (int i = 1; i < 624; i++)
		r->mt[i] = 1812433253U * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) +
		    (uint32_t)i;
	r->i = 624;
}

/* random.seed(n) for a non-negative n below 2**32: init_by_array([n]). */
static void
pyrand_seed(struct pyrand *r, uint32_t n)
{
	int i = 1, j = 0;

	pyrand_init_genrand(r, 19650218U);
	for (int k = 624; k > 0; k--) {
		r->mt[i] =
		    (r->mt[i] ^
			((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1664525U)) +
		    n + (uint32_t)j;
		i++;
		j = 0; /* the key has one word */
		if (i >= 624) {
			r->mt[0] = r->mt[623];
			i = 1;
		}
	}
	for (int k = 623; k > 0; k--) {
		r->mt[i] =
		    (r->mt[i] ^
			((r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) * 1566083941U)) -
		    (uint32_t)i;
		i++;
		if (i >= 624) {
			r->mt[0] = r->mt[623];
			i = 1;
		}
	}
	r->mt[0] = 0x80000000U;
}

static uint32_t
pyrand_u32(struct pyrand *r)
{
	uint32_t y;

	if (r->i >= 624) {
		for (int k = 0; k < 624; k++) {
			y = (r->mt[k] & 0x80000000U) |
			    (r->mt[(k + 1) % 624] & 0x7fffffffU);
			r->mt[k] = r->mt[(k + 397) % 624] ^ (y >> 1) ^
			    (y & 1 ? 0x9908b0dfU : 0);
		}
		r->i = 0;
	}
	y = r->mt[r->i++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

/* random.random() */
static double
pyrand_random(struct pyrand *r)
{
	uint32_t a = pyrand_u32(r) >> 5, b = pyrand_u32(r) >> 6;

	return ((double)a * 67108864.0 + (double)b) *
	    (1.0 / 9007199254740992.0);
}

/* _randbelow(n) for 0 < n < 2**31, through getrandbits(n.bit_length()) */
static uint32_t
pyrand_below(struct pyrand *r, uint32_t n)
{
	int k = 0;
	uint32_t v;

	while (k < 32 && (n >> k) != 0)
		k++;
	do
		v = pyrand_u32(r) >> (32 - k);
	while (v >= n);
	return v;
}

/* random.randint(a, b) */
static int64_t
pyrand_int(struct pyrand *r, int64_t a, int64_t b)
{
	return a + pyrand_below(r, (uint32_t)(b - a + 1));
}

/* random.uniform(a, b) */
static double
pyrand_uniform(struct pyrand *r, double a, double b)
{
	return a + (b - a) * pyrand_random(r);
}

/* ------------------------------------------------------------ the events */

struct gen_ev {
	double arrival;
	uint64_t seq;
	int64_t t;     /* host time, s */
	uint32_t host; /* index */
	uint16_t eid;  /* event ID; 0: not a Windows event */
	uint8_t noise; /* index in gen_noise, 0 for the rule's events */
};

struct gen_pair {
	uint32_t host;
	int64_t open, close;
};

struct gen {
	struct gen_ev *ev;
	size_t nev, capev;
	struct gen_pair *pairs;
	size_t npairs, cappairs;
	uint64_t seq;
};

static void *
gen_grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap == 0 ? 1024 : *cap * 2;
	if ((p = realloc(p, *cap * size)) == NULL) {
		perror("bench_gen");
		exit(1);
	}
	return p;
}

static void
gen_event(struct gen *g, double arrival, int64_t t, uint32_t host, uint16_t eid,
    uint8_t noise)
{
	g->ev = gen_grow(g->ev, &g->capev, g->nev, sizeof(*g->ev));
	g->ev[g->nev++] =
	    (struct gen_ev){ arrival, g->seq++, t, host, eid, noise };
}

static void
gen_pair(struct gen *g, uint32_t host, int64_t open, int64_t close)
{
	g->pairs =
	    gen_grow(g->pairs, &g->cappairs, g->npairs, sizeof(*g->pairs));
	g->pairs[g->npairs++] = (struct gen_pair){ host, open, close };
}

static int
gen_ev_cmp(const void *a, const void *b)
{
	const struct gen_ev *x = a, *y = b;

	if (x->arrival != y->arrival)
		return x->arrival < y->arrival ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* host names: EXCH and the index, at least this many digits */
static int gen_host_digits;

static void
gen_host_key(uint32_t host, char *buf, size_t len)
{
	(void)snprintf(buf, len, "EXCH%0*u", gen_host_digits, host);
	for (char *p = buf; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

static int
gen_pair_cmp(const void *a, const void *b)
{
	const struct gen_pair *x = a, *y = b;
	char hx[32], hy[32];
	int c;

	if (x->host != y->host) {
		gen_host_key(x->host, hx, sizeof(hx));
		gen_host_key(y->host, hy, sizeof(hy));
		if ((c = strcmp(hx, hy)) != 0)
			return c;
	}
	if (x->open != y->open)
		return x->open < y->open ? -1 : 1;
	return x->close < y->close ? -1 : x->close > y->close;
}

/* Writes the truth, sorted as Python sorts the tuples, without repeats. */
static int
gen_write_truth(struct gen *g, const char *path)
{
	FILE *fp;
	char key[32];

	if ((fp = fopen(path, "w")) == NULL) {
		perror(path);
		return -1;
	}
	qsort(g->pairs, g->npairs, sizeof(*g->pairs), gen_pair_cmp);
	for (size_t i = 0; i < g->npairs; i++) {
		if (i > 0 && gen_pair_cmp(&g->pairs[i - 1], &g->pairs[i]) == 0)
			continue;
		gen_host_key(g->pairs[i].host, key, sizeof(key));
		fprintf(fp, "%s %" PRId64 " %" PRId64 "\n", key,
		    g->pairs[i].open, g->pairs[i].close);
	}
	return fclose(fp) == 0 ? 0 : -1;
}

/* ---------------------------------------------- replay_gen.py, exactly */

static int
gen_python(uint32_t seed, uint32_t nhosts, const char *fixture,
    const char *expected, int per_host)
{
	enum { PAIR, FAR, OPEN, CLOSE, REPEAT, EARLY };
	static const int kinds[8] = { PAIR, PAIR, PAIR, FAR, OPEN, CLOSE,
		REPEAT, EARLY };
	const int64_t base = 1798761600; /* 2027-01-01T00:00:00Z */
	struct gen g = { 0 };
	struct pyrand r;
	FILE *fp;

	gen_host_digits = 4;
	pyrand_seed(&r, seed);
	for (uint32_t h = 0; h < nhosts; h++) {
		int64_t t = base + pyrand_int(&r, 0, 3600);
		int n = per_host ? per_host : (int)pyrand_int(&r, 1, 4);

		for (int k = 0; k < n; k++) {
			int kind = kinds[pyrand_below(&r, 8)];
			int64_t et[3], u = 0;
			uint16_t id[3];
			int ne = 0;

			switch (kind) {
			case PAIR:
				u = pyrand_int(&r, 0, GEN_W);
				et[0] = t, id[0] = 2140;
				et[1] = t + u, id[1] = 100;
				ne = 2;
				gen_pair(&g, h, t, t + u);
				break;
			case FAR:
				et[0] = t, id[0] = 2140;
				et[1] = t + GEN_W + pyrand_int(&r, 1, 600);
				id[1] = 100;
				ne = 2;
				break;
			case OPEN:
			case CLOSE:
				et[0] = t, id[0] = kind == OPEN ? 2140 : 100;
				ne = 1;
				break;
			case REPEAT:
				u = pyrand_int(&r, 60, GEN_W);
				et[0] = t, id[0] = 2140;
				et[1] = t + pyrand_int(&r, 1, 50), id[1] = 2140;
				et[2] = t + u, id[2] = 100;
				ne = 3;
				gen_pair(&g, h, t, t + u);
				break;
			default: /* EARLY */
				u = pyrand_int(&r, 1, 5);
				et[0] = t, id[0] = 2140;
				et[1] = t + u, id[1] = 100;
				ne = 2;
				gen_pair(&g, h, t, t + u);
				break;
			}
			for (int i = 0; i < ne; i++) {
				double jitter = 0;

				if (kind != EARLY || id[i] == 2140)
					jitter =
					    pyrand_uniform(&r, 0, GEN_L - 4);
				if (kind == EARLY && id[i] == 2140)
					jitter = (double)(u + 2);
				gen_event(&g, (double)et[i] + jitter, et[i], h,
				    id[i], 0);
			}
			if (pyrand_random(&r) < 0.3)
				gen_event(&g, (double)(t + 1), t, h, 0, 0);
			t += GEN_W + GEN_H + GEN_W + pyrand_int(&r, 60, 3600);
		}
	}
	qsort(g.ev, g.nev, sizeof(*g.ev), gen_ev_cmp);
	if ((fp = fopen(fixture, "w")) == NULL) {
		perror(fixture);
		return 1;
	}
	for (size_t i = 0; i < g.nev; i++) {
		const struct gen_ev *e = &g.ev[i];
		time_t tt = (time_t)e->t;
		char hdr[32], stamp[40], host[32];
		struct tm tm;

		gmtime_r(&tt, &tm);
		if (e->eid == 0) {
			strftime(hdr, sizeof(hdr), "%b %d %H:%M:%S", &tm);
			fprintf(fp, "<13>%s gw sshd[1]: Accepted publickey\n",
			    hdr);
			continue;
		}
		strftime(hdr, sizeof(hdr), "%b %d %H:%M:%S", &tm);
		if (tm.tm_mday < 10)
			hdr[4] = ' '; /* .replace(" 0", "  ", 1) */
		strftime(stamp, sizeof(stamp), "%a %b %d %H:%M:%S %Y", &tm);
		(void)snprintf(host, sizeof(host), "EXCH%0*u", gen_host_digits,
		    e->host);
		fprintf(fp,
		    "<11>%s %s MSWinEventLog\t1\tApplication\t42\t%s\t%u"
		    "\tMSExchangeIMC\tN/A\tN/A\tError\t%s\tNone\t\tevent %u"
		    "\t7\n",
		    hdr, host, stamp, e->eid, host, e->eid);
	}
	if (fclose(fp) != 0 || gen_write_truth(&g, expected) == -1)
		return 1;
	free(g.ev);
	free(g.pairs);
	return 0;
}

/* ------------------------------------------------------ the bench's own */

/* xoshiro256** seeded by splitmix64: fast and the same everywhere. */
struct rng {
	uint64_t s[4];
};

static uint64_t
rng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&seed);
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, res = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9,
		 t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = s[3] << 45 | s[3] >> 19;
	return res;
}

/* uniform in [a, b] */
static int64_t
rng_int(struct rng *r, int64_t a, int64_t b)
{
	return a + (int64_t)(rng_next(r) % (uint64_t)(b - a + 1));
}

static double
rng_real(struct rng *r, double a, double b)
{
	return a + (b - a) * (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* The Application log's other events: the noise around the rule's. */
static const struct gen_noise {
	const char *source;
	uint16_t eid;
	const char *type;
	const char *text;
} gen_noise[] = {
	{ "MSExchangeIMC", 0, "Error", "" }, /* the rule's: index 0 */
	{ "MSExchangeIS", 9523, "Warning",
	    "The Microsoft Exchange Information Store service could not "
	    "find the specified object." },
	{ "MSExchangeIS Mailbox Store", 1221, "Information",
	    "The database \"First Storage Group\\Mailbox Store (EXCH)\" has "
	    "52 megabytes of free space after online defragmentation has "
	    "terminated." },
	{ "MSExchangeTransport", 1020, "Information",
	    "The SMTP virtual server started processing the queue." },
	{ "MSExchangeSA", 9095, "Information",
	    "The MAD Monitoring thread was initialized." },
	{ "ESE", 701, "Information",
	    "Information Store (2844) First Storage Group: Online "
	    "defragmentation has completed a full pass on database." },
	{ "Userenv", 1517, "Warning",
	    "Windows saved user EXCH\\svc-backup registry while an "
	    "application or service was still using the registry during "
	    "log off." },
	{ "MSExchangeMTA", 9297, "Information",
	    "The message transfer agent has started a new session." },
	{ "MSExchangeIMC", 4000, "Information",
	    "The Internet Mail Service delivered a message to the "
	    "Information Store." },
	{ "Perflib", 1008, "Error",
	    "The Open Procedure for service \"BITS\" in DLL "
	    "\"C:\\WINDOWS\\System32\\bitsperf.dll\" failed." },
	{ "Winlogon", 6000, "Information",
	    "The winlogon notification subscriber <SessionEnv> was "
	    "unavailable to handle a notification event." },
	{ "MSExchangeSA", 5008, "Warning",
	    "The Exchange System Attendant could not read the Active "
	    "Directory." },
};
#define GEN_NOISE_N (sizeof(gen_noise) / sizeof(gen_noise[0]))

enum gen_kind {
	K_PAIR,
	K_REPEAT,
	K_EARLY,
	K_LATE_OPEN,
	K_LATE_CLOSE,
	K_BACKLOG,
	K_FAR,
	K_TIMEOUT,
	K_STRAY,
	K_DUP_OPEN,
	K_DUP_CLOSE,
	K_DUP_PAIR,
	K_FLAP,
	K_COUNT
};

/* weights of the kinds, per hundred incidents */
static const int gen_weight[K_COUNT] = { 36, 6, 8, 4, 4, 3, 5, 10, 10, 3, 3, 4,
	4 };

/* Host time an incident may take, including late deliveries. */
#define GEN_INCIDENT_SPAN (GEN_H + 600 + GEN_W + 1800)
/* Between two incidents of a host: every holddown, carry, lateness over. */
#define GEN_INCIDENT_GAP (GEN_INCIDENT_SPAN + 2 * GEN_H + GEN_W + 600)

struct gen_host {
	int32_t skew;        /* host clock minus true time, s */
	int64_t first, last; /* true times of its first and last incidents */
};

struct gen_ctx {
	struct gen *g;
	struct rng *r;
	struct gen_host *hosts;
	uint32_t host;
	int64_t t0; /* true time of the incident */
	size_t rule_events;
};

/* One event of the incident: host time dt after its start, delivered
 * with the usual jitter plus `delay` seconds. */
static double
gen_at(struct gen_ctx *x, int64_t dt, uint16_t eid, double delay)
{
	int64_t t = x->t0 + dt + x->hosts[x->host].skew;
	double arrival =
	    (double)(x->t0 + dt) + rng_real(x->r, 0, GEN_JIT) + delay;

	gen_event(x->g, arrival, t, x->host, eid, 0);
	x->rule_events++;
	return arrival;
}

/* Like gen_at, delivered at a given arrival. */
static void
gen_at_arrival(struct gen_ctx *x, int64_t dt, uint16_t eid, double arrival)
{
	gen_event(x->g, arrival, x->t0 + dt + x->hosts[x->host].skew, x->host,
	    eid, 0);
	x->rule_events++;
}

static void
gen_truth(struct gen_ctx *x, int64_t dopen, int64_t dclose)
{
	int64_t s = x->hosts[x->host].skew;

	gen_pair(x->g, x->host, x->t0 + dopen + s, x->t0 + dclose + s);
}

static void
gen_incident(struct gen_ctx *x, enum gen_kind k)
{
	struct rng *r = x->r;
	int64_t u = rng_int(r, 0, GEN_W), d;
	double a;

	switch (k) {
	case K_PAIR:
		gen_at(x, 0, 2140, 0);
		gen_at(x, u, 100, 0);
		gen_truth(x, 0, u);
		break;
	case K_REPEAT:
		u = rng_int(r, 60, GEN_W);
		gen_at(x, 0, 2140, 0);
		gen_at(x, rng_int(r, 1, 50), 2140, 0);
		gen_at(x, u, 100, 0);
		gen_truth(x, 0, u);
		break;
	case K_EARLY:
		u = rng_int(r, 1, 5);
		a = gen_at(x, u, 100, 0);
		gen_at_arrival(x, 0, 2140, a + rng_real(r, 1, 3));
		gen_truth(x, 0, u);
		break;
	case K_LATE_OPEN:
		u = rng_int(r, 1, GEN_W);
		a = gen_at(x, u, 100, 0);
		gen_at_arrival(x, 0, 2140, a + GEN_L + rng_real(r, 20, 120));
		break;
	case K_LATE_CLOSE:
		gen_at(x, 0, 2140, 0);
		gen_at(x, u, 100, rng_real(r, GEN_W + 60, 1200));
		gen_truth(x, 0, u);
		break;
	case K_BACKLOG:
		d = rng_int(r, 600, 1800);
		gen_at(x, 0, 2140, (double)d);
		gen_at(x, u, 100, (double)d + 0.5);
		gen_truth(x, 0, u);
		break;
	case K_FAR:
		gen_at(x, 0, 2140, 0);
		gen_at(x, GEN_W + rng_int(r, 1, 600), 100, 0);
		break;
	case K_TIMEOUT:
		gen_at(x, 0, 2140, 0);
		break;
	case K_STRAY:
		gen_at(x, 0, 100, 0);
		break;
	case K_DUP_OPEN:
		u = rng_int(r, 10, GEN_W);
		a = gen_at(x, 0, 2140, 0);
		gen_at_arrival(x, 0, 2140, a + rng_real(r, 0, 3));
		gen_at(x, u, 100, 0);
		gen_truth(x, 0, u);
		break;
	case K_DUP_CLOSE:
		gen_at(x, 0, 2140, 0);
		a = gen_at(x, u, 100, 0);
		gen_at_arrival(x, u, 100, a + rng_real(r, 0, 3));
		gen_truth(x, 0, u);
		break;
	case K_DUP_PAIR:
		d = rng_int(r, 30, 180);
		gen_at(x, 0, 2140, 0);
		a = gen_at(x, u, 100, 0);
		gen_at_arrival(x, 0, 2140, a + (double)d);
		gen_at_arrival(x, u, 100, a + (double)d + 0.5);
		gen_truth(x, 0, u);
		break;
	default: { /* K_FLAP */
		int64_t d2 = rng_int(r, u + 60, u + GEN_H - 900);
		int64_t u2 = rng_int(r, 0, GEN_W);
		int64_t d3 = rng_int(r, u + GEN_H + 60, u + GEN_H + 600);
		int64_t u3 = rng_int(r, 0, GEN_W);

		gen_at(x, 0, 2140, 0);
		gen_at(x, u, 100, 0);
		gen_truth(x, 0, u);
		gen_at(x, d2, 2140, 0);
		gen_at(x, d2 + u2, 100, 0); /* held down */
		gen_at(x, d3, 2140, 0);
		gen_at(x, d3 + u3, 100, 0);
		gen_truth(x, d3, d3 + u3);
		break;
	}
	}
}

/* Fast civil time of a UTC second: no libc time zone machinery. */
static void
gen_civil(int64_t t, int *y, int *mo, int *d, int *hh, int *mm, int *ss,
    int *wd)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t sec = t - days * 86400, z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)((int64_t)yoe + era * 400 + (*mo <= 2));
	*hh = (int)(sec / 3600);
	*mm = (int)(sec / 60 % 60);
	*ss = (int)(sec % 60);
	*wd = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
}

static void
gen_write_line(FILE *fp, const struct gen_ev *e, uint64_t counter)
{
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const char day[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	const struct gen_noise *n = &gen_noise[e->noise];
	int y, mo, d, hh, mm, ss, wd;
	char host[32];

	gen_civil(e->t, &y, &mo, &d, &hh, &mm, &ss, &wd);
	if (e->eid == 0) {
		fprintf(fp,
		    "<86>%s %2d %02d:%02d:%02d gw%u sshd[%u]: Accepted "
		    "publickey for backup from 192.0.2.%u port 22\n",
		    mon[mo - 1], d, hh, mm, ss, e->host % 8,
		    (unsigned)(counter % 30000), e->host % 250 + 1);
		return;
	}
	(void)snprintf(host, sizeof(host), "EXCH%0*u", gen_host_digits,
	    e->host);
	fprintf(fp,
	    "<%d>%s %2d %02d:%02d:%02d %s "
	    "MSWinEventLog\t%d\tApplication\t%" PRIu64
	    "\t%s %s %02d %02d:%02d:%02d %d\t%u\t%s\tN/A\tN/A\t%s\t%s\tNone"
	    "\t\t%s\t%" PRIu64 "\n",
	    e->noise == 0 ? 11 : 14, mon[mo - 1], d, hh, mm, ss, host,
	    e->noise == 0 ? 1 : 0, counter, day[wd], mon[mo - 1], d, hh, mm, ss,
	    y, e->eid, n->source, n->type, host,
	    e->noise != 0        ? n->text
		: e->eid == 2140 ? "The Internet Mail Service failed to start "
				   "because the administrator's mailbox is "
				   "not valid."
				 : "The Internet Mail Service is stopping.",
	    counter & 0xffff);
}

static int
gen_bench(uint64_t seed, size_t nevents, uint32_t nhosts, unsigned permille,
    double rate, int64_t base, const char *file, const char *truth)
{
	struct gen g = { 0 };
	struct rng r;
	struct gen_host *hosts;
	struct gen_ctx x = { &g, &r, NULL, 0, 0, 0 };
	int64_t span = (int64_t)((double)nevents / rate) + 1;
	size_t want = nevents * permille / 1000, tries = 0, nonwin;
	int wsum = 0;
	FILE *fp;

	gen_host_digits = 5;
	rng_seed(&r, seed);
	if ((hosts = calloc(nhosts, sizeof(*hosts))) == NULL) {
		perror("bench_gen");
		return 1;
	}
	x.hosts = hosts;
	for (uint32_t h = 0; h < nhosts; h++) {
		uint64_t c = rng_next(&r) % 100;

		if (c < 80)
			hosts[h].skew = (int32_t)rng_int(&r, -2, 2);
		else if (c < 95)
			hosts[h].skew = (int32_t)rng_int(&r, -600, 0);
		else
			hosts[h].skew = (int32_t)rng_int(&r, -7200, -600);
		hosts[h].first = INT64_MAX;
		hosts[h].last = INT64_MIN;
	}
	for (int k = 0; k < K_COUNT; k++)
		wsum += gen_weight[k];
	/* incidents, each on a host free at the time, till the share is met */
	while (x.rule_events < want && tries < want * 20) {
		int w = (int)rng_int(&r, 0, wsum - 1), k = 0;

		tries++;
		x.host = (uint32_t)rng_int(&r, 0, nhosts - 1);
		x.t0 = base + rng_int(&r, 60, span > 120 ? span - 60 : 61);
		/* every incident of a host GEN_INCIDENT_GAP from the others */
		if (hosts[x.host].first != INT64_MAX &&
		    x.t0 > hosts[x.host].first - GEN_INCIDENT_GAP &&
		    x.t0 < hosts[x.host].last + GEN_INCIDENT_GAP)
			continue;
		while (w >= gen_weight[k])
			w -= gen_weight[k++];
		gen_incident(&x, (enum gen_kind)k);
		if (x.t0 < hosts[x.host].first)
			hosts[x.host].first = x.t0;
		if (x.t0 > hosts[x.host].last)
			hosts[x.host].last = x.t0;
	}
	/* the noise: other Application events and a few non-Windows lines */
	nonwin = nevents / 200;
	while (g.nev < nevents) {
		uint32_t h = (uint32_t)rng_int(&r, 0, nhosts - 1);
		int64_t t = base + rng_int(&r, 0, span);
		bool is_win = g.nev >= nevents - nonwin ? false : true;
		uint8_t n = (uint8_t)rng_int(&r, 1, GEN_NOISE_N - 1);

		gen_event(&g, (double)t + rng_real(&r, 0, GEN_JIT),
		    t + hosts[h].skew, h, is_win ? gen_noise[n].eid : 0,
		    is_win ? n : 0);
	}
	qsort(g.ev, g.nev, sizeof(*g.ev), gen_ev_cmp);
	if ((fp = fopen(file, "w")) == NULL) {
		perror(file);
		return 1;
	}
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	for (size_t i = 0; i < g.nev; i++)
		gen_write_line(fp, &g.ev[i], i + 1);
	if (fclose(fp) != 0 || gen_write_truth(&g, truth) == -1)
		return 1;
	fprintf(stderr,
	    "bench_gen: %zu lines, %zu of rule Q246115, %zu pairs, %" PRIu32
	    " hosts, %" PRId64 " s of host time\n",
	    g.nev, x.rule_events, g.npairs, nhosts, span);
	free(hosts);
	free(g.ev);
	free(g.pairs);
	return 0;
}

/*
 * -O: HOSTS opening events (a window open on every host), then EVENTS
 * more on random hosts (a third repeats, a third closes, a third noise),
 * all within 250 s of host time: the cost per event with that many
 * windows open.  TRUTH gets each host's first pair.  -C CLOSING: the
 * closes go to the first CLOSING hosts only (0: all), so that runs with
 * more hosts make the same number of alerts and compare the same work.
 */
static int
gen_open(uint64_t seed, size_t nevents, uint32_t nhosts, uint32_t nclosing,
    int64_t base, const char *file, const char *truth)
{
	struct gen g = { 0 };
	struct rng r;
	uint8_t *closed = calloc(nhosts, 1);
	FILE *fp;

	gen_host_digits = 5;
	rng_seed(&r, seed);
	if (closed == NULL)
		return 1;
	for (uint32_t h = 0; h < nhosts; h++)
		gen_event(&g, (double)h, base + (int64_t)h * 200 / nhosts, h,
		    2140, 0);
	for (size_t i = 0; i < nevents; i++) {
		uint32_t h = (uint32_t)rng_int(&r, 0, nhosts - 1);
		int64_t t = base + 200 + (int64_t)(i * 50 / (nevents + 1));
		uint64_t k = rng_next(&r) % 3;

		if (k == 1 && nclosing != 0 && nclosing < nhosts)
			h %= nclosing;
		uint8_t n = (uint8_t)rng_int(&r, 1, GEN_NOISE_N - 1);

		gen_event(&g, (double)(nhosts + i), t, h,
		    k == 0       ? 2140
			: k == 1 ? 100
				 : gen_noise[n].eid,
		    k == 2 ? n : 0);
		if (k == 1 && !closed[h]) {
			closed[h] = 1;
			gen_pair(&g, h, base + (int64_t)h * 200 / nhosts, t);
		}
	}
	if ((fp = fopen(file, "w")) == NULL) {
		perror(file);
		return 1;
	}
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	for (size_t i = 0; i < g.nev; i++)
		gen_write_line(fp, &g.ev[i], i + 1);
	free(closed);
	if (fclose(fp) != 0 || gen_write_truth(&g, truth) == -1)
		return 1;
	free(g.ev);
	free(g.pairs);
	return 0;
}

static void
gen_usage(void)
{
	fprintf(stderr,
	    "usage: bench_gen [-s SEED] [-n EVENTS] [-H HOSTS] [-p PERMILLE] "
	    "[-r RATE] [-b BASE] FILE TRUTH\n"
	    "       bench_gen -O [-s SEED] [-n EVENTS] [-H HOSTS] [-C CLOSING] "
	    "FILE TRUTH\n"
	    "       bench_gen -P SEED HOSTS FILE TRUTH [PER_HOST]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	uint64_t seed = 1;
	size_t nevents = 2000000;
	unsigned long hosts = 50000, permille = 15, closing = 0;
	double rate = 200;
	int64_t base = 1893456000; /* 2030-01-01T00:00:00Z */
	bool is_python = false, is_open = false;
	int ch;

	while ((ch = getopt(argc, argv, "OPs:n:H:C:p:r:b:")) != -1) {
		switch (ch) {
		case 'O':
			is_open = true;
			break;
		case 'P':
			is_python = true;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'n':
			nevents = strtoull(optarg, NULL, 10);
			break;
		case 'H':
			hosts = strtoul(optarg, NULL, 10);
			break;
		case 'C':
			closing = strtoul(optarg, NULL, 10);
			break;
		case 'p':
			permille = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			rate = strtod(optarg, NULL);
			break;
		case 'b':
			base = strtoll(optarg, NULL, 10);
			break;
		default:
			gen_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (is_python) {
		if (argc != 4 && argc != 5)
			gen_usage();
		return gen_python((uint32_t)strtoul(argv[0], NULL, 10),
		    (uint32_t)strtoul(argv[1], NULL, 10), argv[2], argv[3],
		    argc == 5 ? atoi(argv[4]) : 0);
	}
	if (argc != 2 || hosts == 0 || hosts > 1000000 || rate <= 0 ||
	    permille > 1000)
		gen_usage();
	if (is_open)
		return gen_open(seed, nevents, (uint32_t)hosts,
		    closing > hosts ? (uint32_t)hosts : (uint32_t)closing, base,
		    argv[0], argv[1]);
	return gen_bench(seed, nevents, (uint32_t)hosts, (unsigned)permille,
	    rate, base, argv[0], argv[1]);
}
