/* SPDX-License-Identifier: ISC */
/*
 * struct conf: its defaults, its release (whole or in parts), lookups by
 * name and the one numeric address parser the configuration uses.  Pure.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "core/xmalloc.h"

#ifndef LOCALSTATEDIR
#define LOCALSTATEDIR "/var"
#endif

struct conf *
conf_new(void)
{
	struct conf *conf;

	conf = xcalloc(1, sizeof(*conf));
	conf->strip_domain = true;
	conf->max_message_len = CONF_DEFAULT_MAX_MESSAGE_LEN;
	conf->max_windows = CONF_DEFAULT_MAX_WINDOWS;
	conf->max_connections = CONF_DEFAULT_MAX_CONNECTIONS;
	conf->tcp_idle_timeout_ms = CONF_DEFAULT_TCP_IDLE_TIMEOUT_MS;
	conf->tcp_evict_after_ms = CONF_DEFAULT_TCP_EVICT_AFTER_MS;
	conf->state_dir = xstrdup(LOCALSTATEDIR "/lib/evcorrd");
	conf->lateness_ms = CONF_DEFAULT_LATENESS_MS;
	conf->save_interval_ms = CONF_DEFAULT_SAVE_INTERVAL_MS;
	return conf;
}

void
conf_free_strings(char **v, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(v[i]);
	free(v);
}

void
conf_free_match(struct conf_match *m)
{
	free(m->source);
	free(m->log);
	regex_free(m->text);
	memset(m, 0, sizeof(*m));
}

void
conf_free_rule(struct conf_rule *r)
{
	conf_free_match(&r->open);
	conf_free_match(&r->close);
	conf_free_match(&r->clear);
	free(r->title);
	free(r->cause);
	free(r->fix);
	free(r->reference);
	conf_free_strings(r->targets, r->ntargets);
	conf_free_strings(r->forwards, r->nforwards);
}

void
conf_free(struct conf *conf)
{
	size_t i;

	if (conf == NULL)
		return;
	for (i = 0; i < conf->nlistens; i++) {
		conf_free_strings(conf->listens[i].communities,
		    conf->listens[i].ncommunities);
		tz_free(conf->listens[i].tz);
		conf_free_strings(conf->listens[i].users,
		    conf->listens[i].nusers);
		conf_listen_clear(&conf->listens[i]);
	}
	free(conf->listens);
	for (i = 0; i < conf->nusm_users; i++)
		snmp_usm_user_clear(&conf->usm_users[i]);
	free(conf->usm_users);
	for (i = 0; i < conf->ntargets; i++)
		snmp_usm_user_clear(&conf->targets[i].usm);
	free(conf->targets);
	for (i = 0; i < conf->nalert_logs; i++)
		free(conf->alert_logs[i].path);
	free(conf->alert_logs);
	for (i = 0; i < conf->nforwards; i++)
		conf_forward_clear(&conf->forwards[i]);
	free(conf->forwards);
	for (i = 0; i < conf->nhosts; i++)
		free(conf->hosts[i].addrs);
	free(conf->hosts);
	for (i = 0; i < conf->nrules; i++)
		conf_free_rule(&conf->rules[i]);
	free(conf->rules);
	free(conf->state_dir);
	tz_free(conf->tz);
	free(conf->user);
	free(conf);
}

int64_t
conf_rule_lateness(const struct conf *conf, const struct conf_rule *r)
{
	return r->lateness_ms >= 0 ? r->lateness_ms : conf->lateness_ms;
}

const struct tz *
conf_listen_tz(const struct conf *conf, const struct conf_listen *l)
{
	if (l != NULL && l->tz != NULL)
		return l->tz;
	return conf->tz != NULL ? conf->tz : tz_utc();
}

size_t
conf_max_windows_per_peer(const struct conf *conf)
{
	size_t half = conf->max_windows / 2;

	if (conf->max_windows_per_peer != 0)
		return conf->max_windows_per_peer;
	return half > 0 ? half : 1;
}

size_t
conf_max_connections_per_address(const struct conf *conf)
{
	size_t share = conf->max_connections / 8;

	if (conf->max_connections_per_address != 0)
		return conf->max_connections_per_address;
	return share > 0 ? share : 1;
}

const struct conf_forward *
conf_find_forward(const struct conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nforwards; i++)
		if (strcmp(conf->forwards[i].name, name) == 0)
			return &conf->forwards[i];
	return NULL;
}

const struct conf_target *
conf_find_target(const struct conf *conf, const char *name)
{
	size_t i;

	if (conf == NULL || name == NULL)
		return NULL;
	for (i = 0; i < conf->ntargets; i++)
		if (strcmp(conf->targets[i].name, name) == 0)
			return &conf->targets[i];
	return NULL;
}

const struct conf_rule *
conf_find_rule(const struct conf *conf, const char *name)
{
	size_t i;

	if (conf == NULL || name == NULL)
		return NULL;
	for (i = 0; i < conf->nrules; i++)
		if (strcmp(conf->rules[i].name, name) == 0)
			return &conf->rules[i];
	return NULL;
}

int
conf_addr_parse(const char *text, struct conf_addr *out)
{
	struct in_addr in4;
	struct in6_addr in6;

	if (text == NULL || out == NULL)
		return -1;
	if (inet_pton(AF_INET, text, &in4) == 1) {
		/* ::ffff:a.b.c.d, so v4 and v4-mapped v6 peers compare equal */
		memset(out->bytes, 0, 10);
		out->bytes[10] = 0xff;
		out->bytes[11] = 0xff;
		memcpy(&out->bytes[12], &in4, 4);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &in6) == 1) {
		memcpy(out->bytes, &in6, 16);
		return 0;
	}
	return -1;
}

void
conf_forward_clear(struct conf_forward *f)
{
	free(f->ca);
	free(f->certificate);
	free(f->key);
	free(f->spool);
	f->ca = f->certificate = f->key = f->spool = NULL;
}

static char *
conf_strdup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
conf_forward_copy(struct conf_forward *dst, const struct conf_forward *f)
{
	*dst = *f;
	dst->ca = conf_strdup_or_null(f->ca);
	dst->certificate = conf_strdup_or_null(f->certificate);
	dst->key = conf_strdup_or_null(f->key);
	dst->spool = conf_strdup_or_null(f->spool);
}

static bool
conf_streq_or_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

bool
conf_forward_is_same(const struct conf_forward *a, const struct conf_forward *b)
{
	return strcmp(a->name, b->name) == 0 && a->transport == b->transport &&
	    strcmp(a->addr, b->addr) == 0 && a->port == b->port &&
	    a->format == b->format && a->facility == b->facility &&
	    a->queue_max == b->queue_max && conf_streq_or_null(a->ca, b->ca) &&
	    conf_streq_or_null(a->certificate, b->certificate) &&
	    conf_streq_or_null(a->key, b->key) &&
	    conf_streq_or_null(a->spool, b->spool) &&
	    a->spool_max == b->spool_max;
}
