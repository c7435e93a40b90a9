/* SPDX-License-Identifier: ISC */
/*
 * What every input logs of what the pipeline did with an event beyond
 * its own counters: events it could not key, the correlator's table
 * filling up.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <stdbool.h>
#include <string.h>

#include "core/clock.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/net.h"
#include "decode/winevent.h"
#include "engine/pipeline.h"
#include "input/input.h"
#include "input/input_log.h"

/* An event with no event ID: what it was, so that one can see why. */
static void
input_log_no_event_id(const char *name, const char *peer,
    const struct winevent *ev)
{
	char ehost[WINEVENT_COMPUTER_MAX * 4], esrc[WINEVENT_SOURCE_MAX * 4];

	escape_text(ev->computer, strlen(ev->computer), ehost, sizeof(ehost));
	escape_text(ev->source, strlen(ev->source), esrc, sizeof(esrc));
	log_info("%s: %s: ignored: %s event from host \"%s\" source \"%s\" "
		 "has no event id: nothing to match",
	    name, peer, winevent_format_name(ev->format), ehost, esrc);
}

bool
input_log_unkeyed(struct log_rate *rate, const char *name, const char *peer,
    const struct pipeline_result *res, const struct clock_stamp *now)
{
	if (res->outcome != PIPELINE_NO_HOST &&
	    res->outcome != PIPELINE_HOST_TOO_LONG &&
	    res->outcome != PIPELINE_NO_EVENT_ID)
		return false;
	if (!log_rate_allow(rate, now->mono_ms))
		return true;
	if (res->outcome == PIPELINE_NO_EVENT_ID) {
		input_log_no_event_id(name, peer, res->ev);
		return true;
	}
	if (res->outcome == PIPELINE_NO_HOST)
		log_warnx("%s: %s: event %u: no host name or address to key "
			  "on: dropped",
		    name, peer, res->ev->event_id);
	else
		log_warnx("%s: %s: event %u: computer name longer than %d "
			  "bytes: dropped",
		    name, peer, res->ev->event_id, WINEVENT_COMPUTER_MAX - 1);
	return true;
}

/* A window refused, or given up at the cap: who fills the table. */
void
input_log_windows(struct log_rate *rate, const char *name, const char *peer,
    const struct pipeline_result *res, const struct clock_stamp *now)
{
	char epeer[NET_ADDR_TEXT_MAX * 4], ekey[HOSTKEY_MAX * 4];

	if (res->evicted_peer == NULL && !res->is_peer_full &&
	    !res->is_held_down)
		return;
	if (!log_rate_allow(rate, now->mono_ms))
		return;
	if (res->is_held_down) {
		escape_text(res->key, strlen(res->key), ekey, sizeof(ekey));
		log_info("%s: %s: event %u for host %s: alert held down "
			 "(holddown): counted on the next alert",
		    name, peer, res->ev->event_id, ekey);
	}
	if (res->is_peer_full)
		log_warnx("%s: %s: max-windows-per-peer reached: window for "
			  "host refused",
		    name, peer);
	if (res->evicted_peer != NULL) {
		escape_text(res->evicted_peer, strlen(res->evicted_peer), epeer,
		    sizeof(epeer));
		log_warnx("max-windows reached: %s holds the most windows: its "
			  "oldest gave way",
		    epeer);
	}
}

/* sa as conf's binary address; false for a family without one. */
static bool
input_log_addr(const struct sockaddr *sa, socklen_t salen,
    struct conf_addr *out)
{
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *sin = (const void *)sa;

		memset(out->bytes, 0, 10);
		out->bytes[10] = out->bytes[11] = 0xff;
		memcpy(&out->bytes[12], &sin->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		memcpy(out->bytes, &sin6->sin6_addr, 16);
		return true;
	}
	return false;
}

bool
input_log_allowed(struct input *in, size_t counter, const struct sockaddr *sa,
    socklen_t salen, const char *what, int64_t now_ms)
{
	struct conf_addr addr;
	char peer[NET_ADDR_TEXT_MAX];

	if (in->listen->nallow == 0 ||
	    (input_log_addr(sa, salen, &addr) &&
		conf_listen_allows(in->listen, &addr)))
		return true;
	counter_inc(&in->counters, counter);
	if (log_rate_allow(&in->rate_refused, now_ms)) {
		net_addr_text(sa, salen, peer, sizeof(peer));
		log_warnx("%s: %s from %s refused: not in its allow list",
		    in->counters.label, what, peer);
	}
	return false;
}
