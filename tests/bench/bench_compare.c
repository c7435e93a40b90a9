/* SPDX-License-Identifier: ISC */
/*
 * The exact set comparison of alerts against a ground truth (bench_gen's
 * TRUTH: "host open close" a line, host times in seconds since the epoch).
 * OUTPUT holds the alerts in any mix of:
 *   - evcorrd's JSON alert lines: those of "kind":"pair", their "host",
 *     and the "time" of their "open" and "close" events (RFC 3339, UTC);
 *   - the peers' lines (configs under tests/bench): "pair HOST OPEN
 *     CLOSE", separated by tabs or "|", each time the Snare form "Tue Jan
 *     01 00:00:01 2030" or seconds since the epoch;
 * other lines are ignored.  Pairs compare as a multiset (an alert raised
 * twice is one extra); hosts ASCII case-insensitively.
 *
 * usage: bench_compare [-q] [-l N] TRUTH OUTPUT
 * Prints "truth N alerts N matched N missing N extra N" and, unless -q,
 * up to N (10) of the missing and extra pairs; exits 0 when the sets are
 * equal, 1 when they differ, 2 on a usage or I/O error.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cmp_pair {
	char host[64];
	int64_t open, close;
};

struct cmp_set {
	struct cmp_pair *v;
	size_t n, cap;
};

static void
cmp_add(struct cmp_set *s, const char *host, size_t hostlen, int64_t open,
    int64_t close)
{
	struct cmp_pair *p;

	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 4096 : s->cap * 2;
		if ((s->v = realloc(s->v, s->cap * sizeof(*s->v))) == NULL) {
			perror("bench_compare");
			exit(2);
		}
	}
	p = &s->v[s->n++];
	if (hostlen >= sizeof(p->host))
		hostlen = sizeof(p->host) - 1;
	for (size_t i = 0; i < hostlen; i++)
		p->host[i] = (char)tolower((unsigned char)host[i]);
	p->host[hostlen] = '\0';
	p->open = open;
	p->close = close;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
cmp_days(int64_t y, int m, int d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int
cmp_month(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	for (int i = 0; i < 12; i++)
		if (strncmp(s, names + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

/*
 * A time: "YYYY-MM-DDTHH:MM:SS..." (UTC; fractions ignored), Snare's
 * "Dow Mon DD HH:MM:SS YYYY", or digits (seconds).  -1 if none.
 */
static int64_t
cmp_time(const char *s)
{
	int y, mo, d, hh, mm, ss, n = 0;
	char dow[4], mon[4];

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &hh, &mm, &ss,
		&n) == 6 &&
	    n > 0)
		return cmp_days(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss;
	if (sscanf(s, "%3s %3s %d %d:%d:%d %d", dow, mon, &d, &hh, &mm, &ss,
		&y) == 7 &&
	    (mo = cmp_month(mon)) != 0)
		return cmp_days(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss;
	if (isdigit((unsigned char)*s))
		return strtoll(s, NULL, 10);
	return -1;
}

/* The string value after `"key":"` at or after p, its length in *len. */
static const char *
cmp_json_str(const char *p, const char *key, size_t *len)
{
	char pat[64];
	const char *v, *e;

	(void)snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if (p == NULL || (v = strstr(p, pat)) == NULL)
		return NULL;
	v += strlen(pat);
	for (e = v; *e != '\0' && *e != '"'; e++)
		if (*e == '\\' && e[1] != '\0')
			e++;
	*len = (size_t)(e - v);
	return v;
}

/* One line of OUTPUT into s, if it is a pair alert. */
static void
cmp_line(struct cmp_set *s, char *line)
{
	const char *host, *o, *c;
	size_t hl, ol, cl;
	char *f[4], *save = NULL;
	int i = 0;

	if (line[0] == '{') {
		if (strstr(line, "\"kind\":\"pair\"") == NULL ||
		    (host = cmp_json_str(line, "host", &hl)) == NULL ||
		    (o = cmp_json_str(strstr(line, "\"open\":{"), "time",
			 &ol)) == NULL ||
		    (c = cmp_json_str(strstr(line, "\"close\":{"), "time",
			 &cl)) == NULL)
			return;
		cmp_add(s, host, hl, cmp_time(o), cmp_time(c));
		return;
	}
	if (strncmp(line, "pair\t", 5) != 0 && strncmp(line, "pair|", 5) != 0)
		return;
	for (char *t = strtok_r(line, "\t|\r\n", &save); t != NULL && i < 4;
	     t = strtok_r(NULL, "\t|\r\n", &save))
		f[i++] = t;
	if (i == 4)
		cmp_add(s, f[1], strlen(f[1]), cmp_time(f[2]), cmp_time(f[3]));
}

static int
cmp_read(struct cmp_set *s, const char *path, bool is_truth)
{
	char *line = NULL, host[64];
	size_t cap = 0;
	int64_t o, c;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		return -1;
	}
	while (getline(&line, &cap, fp) != -1) {
		if (!is_truth)
			cmp_line(s, line);
		else if (sscanf(line, "%63s %" SCNd64 " %" SCNd64, host, &o,
			     &c) == 3)
			cmp_add(s, host, strlen(host), o, c);
	}
	free(line);
	fclose(fp);
	return 0;
}

static int
cmp_pair_cmp(const void *a, const void *b)
{
	const struct cmp_pair *x = a, *y = b;
	int c = strcmp(x->host, y->host);

	if (c != 0)
		return c;
	if (x->open != y->open)
		return x->open < y->open ? -1 : 1;
	return x->close < y->close ? -1 : x->close > y->close;
}

static void
cmp_show(const char *what, const struct cmp_pair *p)
{
	printf("%s %s %" PRId64 " %" PRId64 "\n", what, p->host, p->open,
	    p->close);
}

int
main(int argc, char *argv[])
{
	struct cmp_set truth = { 0 }, got = { 0 };
	size_t i = 0, j = 0, matched = 0, missing = 0, extra = 0;
	unsigned long limit = 10;
	bool is_quiet = false;
	int ch;

	while ((ch = getopt(argc, argv, "ql:")) != -1) {
		if (ch == 'q')
			is_quiet = true;
		else if (ch == 'l')
			limit = strtoul(optarg, NULL, 10);
		else
			goto usage;
	}
	if (argc - optind != 2)
		goto usage;
	if (cmp_read(&truth, argv[optind], true) == -1 ||
	    cmp_read(&got, argv[optind + 1], false) == -1)
		return 2;
	/* an empty list has no array: qsort() must not see NULL */
	if (truth.n > 0)
		qsort(truth.v, truth.n, sizeof(*truth.v), cmp_pair_cmp);
	if (got.n > 0)
		qsort(got.v, got.n, sizeof(*got.v), cmp_pair_cmp);
	while (i < truth.n || j < got.n) {
		int c = i == truth.n ? 1
		    : j == got.n     ? -1
				     : cmp_pair_cmp(&truth.v[i], &got.v[j]);

		if (c == 0) {
			matched++, i++, j++;
		} else if (c < 0) {
			if (!is_quiet && missing < limit)
				cmp_show("missing", &truth.v[i]);
			missing++, i++;
		} else {
			if (!is_quiet && extra < limit)
				cmp_show("extra", &got.v[j]);
			extra++, j++;
		}
	}
	printf("truth %zu alerts %zu matched %zu missing %zu extra %zu\n",
	    truth.n, got.n, matched, missing, extra);
	free(truth.v);
	free(got.v);
	return missing == 0 && extra == 0 ? 0 : 1;
usage:
	fprintf(stderr, "usage: bench_compare [-q] [-l N] TRUTH OUTPUT\n");
	return 2;
}
