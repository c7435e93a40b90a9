/* SPDX-License-Identifier: ISC */
/*
 * The Prometheus text format of the counter registry and the gauges:
 * families grouped by name (every sample of a family together, as the
 * format requires), HELP and TYPE lines, label values escaped.  Pure.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "core/counter.h"
#include "core/xmalloc.h"
#include "output/metrics_format.h"

#define METRICS_NAME_MAX 128

/* The distinct counter names, in the registry's order. */
struct metrics_names {
	const char **v;
	size_t n;
	const struct counter_def **defs; /* the first def of each name */
};

static void
metrics_names_add_cb(const struct counter_set *s, size_t i, void *arg)
{
	struct metrics_names *names = arg;
	const char *name = s->defs[i].name;

	for (size_t k = 0; k < names->n; k++)
		if (strcmp(names->v[k], name) == 0)
			return;
	names->v = xreallocarray(names->v, names->n + 1, sizeof(*names->v));
	names->defs =
	    xreallocarray(names->defs, names->n + 1, sizeof(*names->defs));
	names->v[names->n] = name;
	names->defs[names->n++] = &s->defs[i];
}

/* [a-zA-Z0-9_] kept, anything else becomes '_'. */
static void
metrics_format_sanitize(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++)
		out[i] = (in[i] >= 'a' && in[i] <= 'z') ||
			(in[i] >= 'A' && in[i] <= 'Z') ||
			(in[i] >= '0' && in[i] <= '9')
		    ? in[i]
		    : '_';
	out[i] = '\0';
}

void
metrics_format_name(const char *counter, char *buf, size_t len)
{
	char clean[METRICS_NAME_MAX - 16];
	size_t n;

	metrics_format_sanitize(counter, clean, sizeof(clean));
	n = strlen(clean);
	if (n >= 6 && strcmp(clean + n - 6, "_total") == 0)
		clean[n - 6] = '\0';
	(void)snprintf(buf, len, "evcorrd_%s_total", clean);
}

/* HELP text: backslash and newline escaped. */
static int
metrics_format_help(struct evbuffer *out, const char *name, const char *help)
{
	if (evbuffer_add_printf(out, "# HELP %s ", name) < 0)
		return -1;
	for (; *help != '\0'; help++) {
		if (*help == '\\' || *help == '\n') {
			if (evbuffer_add(out, *help == '\\' ? "\\\\" : "\\n",
				2) == -1)
				return -1;
		} else if (evbuffer_add(out, help, 1) == -1) {
			return -1;
		}
	}
	return evbuffer_add(out, "\n", 1);
}

/* A label value: backslash, double quote and newline escaped. */
static int
metrics_format_label(struct evbuffer *out, const char *v)
{
	for (; *v != '\0'; v++) {
		const char *esc = *v == '\\' ? "\\\\"
		    : *v == '"'              ? "\\\""
		    : *v == '\n'             ? "\\n"
					     : NULL;
		if (esc != NULL ? evbuffer_add(out, esc, 2) == -1
				: evbuffer_add(out, v, 1) == -1)
			return -1;
	}
	return 0;
}

struct metrics_family {
	struct evbuffer *out;
	const char *counter; /* the counter name being written */
	const char *metric;  /* its metric name */
	int rc;
};

static void
metrics_sample_cb(const struct counter_set *s, size_t i, void *arg)
{
	struct metrics_family *f = arg;
	char key[METRICS_NAME_MAX];

	if (f->rc == -1 || strcmp(s->defs[i].name, f->counter) != 0)
		return;
	metrics_format_sanitize(s->group, key, sizeof(key));
	if (evbuffer_add_printf(f->out, "%s{%s=\"", f->metric, key) < 0 ||
	    metrics_format_label(f->out, s->label) == -1 ||
	    evbuffer_add_printf(f->out, "\"} %llu\n",
		(unsigned long long)counter_get(s, i)) < 0)
		f->rc = -1;
}

static int
metrics_format_gauges(const struct metrics_gauge *gauges, size_t ngauges,
    struct evbuffer *out)
{
	char name[METRICS_NAME_MAX + 16], clean[METRICS_NAME_MAX];

	for (size_t i = 0; i < ngauges; i++) {
		metrics_format_sanitize(gauges[i].name, clean, sizeof(clean));
		(void)snprintf(name, sizeof(name), "evcorrd_%s", clean);
		if (metrics_format_help(out, name, gauges[i].help) == -1 ||
		    evbuffer_add_printf(out, "# TYPE %s gauge\n%s %.17g\n",
			name, name, gauges[i].value) < 0)
			return -1;
	}
	return 0;
}

int
metrics_format(const struct counter_registry *reg,
    const struct metrics_gauge *gauges, size_t ngauges, struct evbuffer *out)
{
	struct metrics_names names = { NULL, 0, NULL };
	struct metrics_family f = { out, NULL, NULL, 0 };
	char metric[METRICS_NAME_MAX];

	counter_registry_foreach(reg, metrics_names_add_cb, &names);
	for (size_t k = 0; k < names.n && f.rc == 0; k++) {
		metrics_format_name(names.v[k], metric, sizeof(metric));
		f.counter = names.v[k];
		f.metric = metric;
		if (metrics_format_help(out, metric, names.defs[k]->help) ==
			-1 ||
		    evbuffer_add_printf(out, "# TYPE %s counter\n", metric) <
			0) {
			f.rc = -1;
			break;
		}
		counter_registry_foreach(reg, metrics_sample_cb, &f);
	}
	free(names.v);
	free(names.defs);
	if (f.rc == -1)
		return -1;
	return metrics_format_gauges(gauges, ngauges, out);
}
