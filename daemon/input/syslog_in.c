/* SPDX-License-Identifier: ISC */
/*
 * The syslog input kinds' common part: a frame goes to the pipeline, and
 * what the pipeline made of it becomes a counter and, for what it
 * dropped, a rate-limited log line.
 */
#include "config.h"

#include <sys/socket.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "conf/conf.h"
#include "core/clock.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/net.h"
#include "core/sdlisten.h"
#include "engine/pipeline.h"
#include "input/input_log.h"
#include "input/syslog_in.h"

#define SYSLOG_IN_SAMPLE 48 /* bytes of a dropped message quoted */
#define SYSLOG_IN_BACKLOG 128

void
syslog_in_reconf(struct syslog_in *si, const struct conf *conf,
    const struct conf_listen *cl)
{
	si->conf = conf;
	si->base.listen = cl;
	si->line = cl->line;
	si->tz = conf_listen_tz(conf, cl);
	si->format = cl->format;
}

void
syslog_in_init(struct syslog_in *si, const struct input_kind *kind,
    const struct input_env *env, const struct conf *conf,
    const struct conf_listen *cl, enum winevent_via via)
{
	input_init(&si->base, kind, cl);
	si->pipe = env->pipe;
	si->via = via;
	syslog_in_reconf(si, conf, cl);
	si->rate_bad.what = si->base.counters.label;
	si->rate_other.what = si->base.counters.label;
	si->rate_io.what = si->base.counters.label;
	si->rate_windows.what = "windows";
}

int
syslog_in_bind(const struct input_env *env, const struct conf_listen *cl,
    const char *name, int type)
{
	const char *sdname;
	char err[256];
	int fd;

	fd = sdlisten_bind(env->inherited, cl->addr, cl->port, type,
	    SYSLOG_IN_BACKLOG, &sdname, err, sizeof(err));
	if (fd != -1 && sdname != NULL)
		log_info("%s on %s port %u: the socket systemd passed (%s)",
		    name, cl->addr, (unsigned int)cl->port,
		    sdname[0] != '\0' ? sdname : "unnamed");
	if (fd == -1)
		log_warnx("%s:%d: cannot listen %s on %s port %u: %s", cl->file,
		    cl->line, name, cl->addr, (unsigned int)cl->port, err);
	return fd;
}

/* The counter each outcome the pipeline reports goes to (-1: none). */
static const int syslog_in_outcome_counter[PIPELINE_OUTCOME_COUNT] = {
	[PIPELINE_EVENT] = -1,
	[PIPELINE_EMPTY] = SI_EMPTY,
	[PIPELINE_MALFORMED] = SI_MALFORMED,
	[PIPELINE_NOT_WINEVENT] = SI_NOT_WINEVENT,
	[PIPELINE_NO_EVENT_ID] = -1, /* the engine counts these two */
	[PIPELINE_NO_HOST] = -1,
	[PIPELINE_HOST_TOO_LONG] = -1,
};

static void
syslog_in_dropped(struct syslog_in *si, const struct pipeline_result *res,
    const char *peer, const struct clock_stamp *now)
{
	const char *name = si->base.kind->name;
	char sample[SYSLOG_IN_SAMPLE * 4 + 1];
	bool is_bad = res->outcome != PIPELINE_NOT_WINEVENT;

	if (!log_rate_allow(is_bad ? &si->rate_bad : &si->rate_other,
		now->mono_ms))
		return;
	escape_text(res->sample,
	    res->sample_len < SYSLOG_IN_SAMPLE ? res->sample_len
					       : SYSLOG_IN_SAMPLE,
	    sample, sizeof(sample));
	if (is_bad)
		log_warnx("%s: %s: dropped %s at byte %zu: %s: \"%s\"", name,
		    peer, res->what, res->err.offset, res->err.msg, sample);
	else
		log_info("%s: %s: ignored: %s: \"%s\"", name, peer,
		    res->err.msg, sample);
}

/* An event the pipeline took, or could not key. */
static void
syslog_in_event(struct syslog_in *si, const struct pipeline_result *res,
    const char *peer, const struct clock_stamp *now)
{
	const struct winevent *ev = res->ev;
	char ekey[HOSTKEY_MAX * 4], esrc[WINEVENT_SOURCE_MAX * 4];
	char evia[WINEVENT_VIA_TEXT_MAX * 4];

	if (input_log_unkeyed(&si->rate_other, si->base.kind->name, peer, res,
		now))
		return;
	if (res->outcome == PIPELINE_EVENT)
		input_log_windows(&si->rate_windows, si->base.kind->name, peer,
		    res, now);
	if (res->outcome != PIPELINE_EVENT || log_get_verbose() == 0)
		return;
	escape_text(res->key, strlen(res->key), ekey, sizeof(ekey));
	escape_text(ev->source, strlen(ev->source), esrc, sizeof(esrc));
	escape_text(ev->via_text, strlen(ev->via_text), evia, sizeof(evia));
	log_debug("event: host %s source \"%s\" id %u via %s from %s", ekey,
	    esrc, ev->event_id,
	    ev->via_text[0] != '\0' ? evia : winevent_via_name(ev->via),
	    ev->peer);
}

void
syslog_in_frame(struct syslog_in *si, const char *buf, size_t len,
    bool is_truncated, const char *peer, const char *subject,
    const struct clock_stamp *now)
{
	struct pipeline_src src = { .via = si->via,
		.peer = peer,
		.tz = si->tz,
		.subject = subject,
		.format = si->format };
	struct pipeline_result res;
	int counter;

	if (is_truncated) {
		counter_inc(&si->base.counters, SI_TRUNCATED);
		if (log_rate_allow(&si->rate_bad, now->mono_ms))
			log_warnx("%s: %s: message longer than %zu bytes: "
				  "truncated",
			    si->base.kind->name, peer,
			    si->conf->max_message_len);
	}
	pipeline_syslog(si->pipe, &src, buf, len, now, &res);
	if ((counter = syslog_in_outcome_counter[res.outcome]) != -1) {
		counter_inc(&si->base.counters, (size_t)counter);
		syslog_in_dropped(si, &res, peer, now);
		return;
	}
	syslog_in_event(si, &res, peer, now);
}
