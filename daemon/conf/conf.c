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
conf_free_rule(struct conf_rule *r)
{
	free(r->open.source);
	free(r->open.log);
	free(r->close.source);
	free(r->close.log);
	free(r->title);
	free(r->cause);
	free(r->fix);
	free(r->reference);
	conf_free_strings(r->targets, r->ntargets);
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
		conf_free_strings(conf->listens[i].users,
		    conf->listens[i].nusers);
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
	for (i = 0; i < conf->nhosts; i++)
		free(conf->hosts[i].addrs);
	free(conf->hosts);
	for (i = 0; i < conf->nrules; i++)
		conf_free_rule(&conf->rules[i]);
	free(conf->rules);
	free(conf->state_dir);
	free(conf);
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
