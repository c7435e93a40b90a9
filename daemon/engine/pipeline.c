/* SPDX-License-Identifier: ISC */
/*
 * The pipeline: frame or PDU -> event -> host key -> correlator -> alerts
 * handed to the hooks after the correlator returns.  Counts what the
 * engine did in its own counter set.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "conf/conf.h"
#include "core/counter.h"
#include "core/tz.h"
#include "core/xmalloc.h"
#include "decode/syslog_parse.h"
#include "decode/trap_decode.h"
#include "decode/winevent.h"
#include "engine/alert.h"
#include "engine/correlator.h"
#include "engine/hostkey.h"
#include "engine/pipeline.h"

enum pipeline_counter {
	PC_EVENTS,
	PC_NO_EVENT_ID,
	PC_NO_HOST,
	PC_HOST_TOO_LONG,
	PC_OPENED,
	PC_REPEATS,
	PC_ORPHAN_CLOSES,
	PC_EXPIRED,
	PC_WINDOWS_FULL,
	PC_WINDOWS_PEER_FULL,
	PC_WINDOWS_EVICTED,
	PC_SUPPRESSED,
	PC_SUPPRESSED_DROPPED,
	PC_ALERTS,
	PC_TOO_LATE,
	PC_HELD,
	PC_HELD_FULL,
	PC_LATE_PAIRS,
	PC_TIMEOUTS,
	PC_CLEARS,
	PC_CLEARS_UNMATCHED,
	PC_RELOAD_DROPPED,
	PC_COUNT,
};

static const struct counter_def pipeline_counter_defs[PC_COUNT] = {
	[PC_EVENTS] = { "events", "Windows events decoded" },
	[PC_NO_EVENT_ID] = { "events_no_event_id",
	    "events without an event ID (nothing to match)" },
	[PC_NO_HOST] = { "events_no_host",
	    "events with no host name or address to key on" },
	[PC_HOST_TOO_LONG] = { "events_host_too_long",
	    "events whose computer name is too long to keep whole: refused" },
	[PC_OPENED] = { "windows_opened", "correlation windows opened" },
	[PC_REPEATS] = { "windows_repeat_open",
	    "opening events while the window was open" },
	[PC_ORPHAN_CLOSES] = { "close_without_window",
	    "closing events with no window open" },
	[PC_EXPIRED] = { "windows_expired",
	    "windows that ended without their closing event" },
	[PC_WINDOWS_FULL] = { "windows_full_dropped",
	    "opening events refused: the sender's share or the table full" },
	[PC_WINDOWS_PEER_FULL] = { "windows_peer_full",
	    "opening events refused at max-windows-per-peer" },
	[PC_WINDOWS_EVICTED] = { "windows_evicted",
	    "windows given up at max-windows by the sender holding most" },
	[PC_SUPPRESSED] = { "alerts_suppressed", "alerts held down" },
	[PC_SUPPRESSED_DROPPED] = { "suppressed_counts_dropped",
	    "counts of held-down alerts dropped unreported" },
	[PC_ALERTS] = { "alerts", "alerts raised" },
	[PC_TOO_LATE] = { "windows_too_late",
	    "opening events older than window + lateness: opened nothing" },
	[PC_HELD] = { "events_held",
	    "events held for lateness before correlating" },
	[PC_HELD_FULL] = { "events_held_full",
	    "events that could not be held (max-windows): correlated at once" },
	[PC_LATE_PAIRS] = { "alerts_late_pairs",
	    "pairs whose closing event arrived before the opening one" },
	[PC_TIMEOUTS] = { "alerts_timeout",
	    "timeout alerts: windows that ran out unclosed" },
	[PC_CLEARS] = { "alerts_clear", "clears of an active alert" },
	[PC_CLEARS_UNMATCHED] = { "clear_without_alert",
	    "clear events for a host with no active alert" },
	[PC_RELOAD_DROPPED] = { "windows_dropped_on_reload",
	    "windows and holddowns of rules a reload removed" },
};

/*
 * Per format: messages that named it (or came to a listener of that
 * `format`) but broke it.  Indexed by enum winevent_format; the header's
 * own errors have one too.
 */
#define PF_HEADER 0 /* the [WINEVENT_FORMAT_UNKNOWN] slot */
static const struct counter_def pipeline_format_defs[WINEVENT_FORMAT_COUNT] = {
	[PF_HEADER] = { "malformed_syslog_header",
	    "messages whose syslog header is broken (RFC 5424, or not the "
	    "listener's format)" },
	[WINEVENT_FORMAT_SNARE] = { "malformed_snare",
	    "Snare MSWinEventLog records that break the format" },
	[WINEVENT_FORMAT_NXLOG_BSD] = { "malformed_nxlog_bsd",
	    "NXLog BSD payloads with a bad event ID" },
	[WINEVENT_FORMAT_NXLOG_JSON] = { "malformed_nxlog_json",
	    "NXLog JSON records that are no valid JSON or have a bad ID" },
	[WINEVENT_FORMAT_EVTSYS] = { "malformed_evtsys",
	    "evtsys payloads with a bad event ID" },
	[WINEVENT_FORMAT_TRAP] = { "malformed_trap_payload",
	    "never counted here: damaged translator traps are trap_malformed" },
	[WINEVENT_FORMAT_NXLOG_KVP] = { "malformed_nxlog_kvp",
	    "key=value records with a bad ID or an open quote" },
	[WINEVENT_FORMAT_NXLOG_XML] = { "malformed_nxlog_xml",
	    "NXLog XML records that are no flat <Event>" },
	[WINEVENT_FORMAT_RFC5424_SD] = { "malformed_rfc5424_sd",
	    "RFC 5424 messages with a bad event ID in structured data" },
	[WINEVENT_FORMAT_WMI] = { "malformed_wmi",
	    "Win32_NTLogEvent-style records with a bad EventCode" },
	[WINEVENT_FORMAT_WINCOLLECT] = { "malformed_wincollect",
	    "WinCollect AgentDevice=WindowsLog records that break it" },
	[WINEVENT_FORMAT_CEF] = { "malformed_cef",
	    "CEF records of Windows events with a broken header or no ID" },
	[WINEVENT_FORMAT_OSSEC] = { "malformed_ossec",
	    "OSSEC/Wazuh WinEvtLog lines that break the format" },
	[WINEVENT_FORMAT_EVENTREPORTER] = { "malformed_eventreporter",
	    "EventReporter lines with a bad event ID" },
	[WINEVENT_FORMAT_SYSLOG_NG] = { "malformed_syslog_ng_agent",
	    "syslog-ng Agent messages with a bad event ID" },
	[WINEVENT_FORMAT_TEXT] = { "malformed_text",
	    "plain \"Source: ID: text\" lines with an ID out of range" },
};

/* A listener's `format` -> the header and payload it fixes. */
static const struct {
	enum syslog_header header;
	enum winevent_format payload;
} pipeline_input_formats[CONF_INPUT_COUNT] = {
	[CONF_INPUT_AUTO] = { SYSLOG_HEADER_ANY, WINEVENT_FORMAT_UNKNOWN },
	[CONF_INPUT_RFC3164] = { SYSLOG_HEADER_RFC3164,
	    WINEVENT_FORMAT_UNKNOWN },
	[CONF_INPUT_RFC5424] = { SYSLOG_HEADER_RFC5424,
	    WINEVENT_FORMAT_UNKNOWN },
	[CONF_INPUT_SNARE] = { SYSLOG_HEADER_ANY, WINEVENT_FORMAT_SNARE },
	[CONF_INPUT_NXLOG_BSD] = { SYSLOG_HEADER_ANY,
	    WINEVENT_FORMAT_NXLOG_BSD },
	[CONF_INPUT_NXLOG_JSON] = { SYSLOG_HEADER_ANY,
	    WINEVENT_FORMAT_NXLOG_JSON },
	[CONF_INPUT_NXLOG_KVP] = { SYSLOG_HEADER_ANY,
	    WINEVENT_FORMAT_NXLOG_KVP },
	[CONF_INPUT_NXLOG_XML] = { SYSLOG_HEADER_ANY,
	    WINEVENT_FORMAT_NXLOG_XML },
	[CONF_INPUT_RFC5424_SD] = { SYSLOG_HEADER_RFC5424,
	    WINEVENT_FORMAT_RFC5424_SD },
	[CONF_INPUT_EVTSYS] = { SYSLOG_HEADER_ANY, WINEVENT_FORMAT_EVTSYS },
	[CONF_INPUT_WMI] = { SYSLOG_HEADER_ANY, WINEVENT_FORMAT_WMI },
	[CONF_INPUT_WINCOLLECT] = { SYSLOG_HEADER_ANY,
	    WINEVENT_FORMAT_WINCOLLECT },
	[CONF_INPUT_CEF] = { SYSLOG_HEADER_ANY, WINEVENT_FORMAT_CEF },
	[CONF_INPUT_OSSEC] = { SYSLOG_HEADER_ANY, WINEVENT_FORMAT_OSSEC },
	[CONF_INPUT_EVENTREPORTER] = { SYSLOG_HEADER_ANY,
	    WINEVENT_FORMAT_EVENTREPORTER },
	[CONF_INPUT_SYSLOG_NG] = { SYSLOG_HEADER_ANY,
	    WINEVENT_FORMAT_SYSLOG_NG },
	[CONF_INPUT_TEXT] = { SYSLOG_HEADER_ANY, WINEVENT_FORMAT_TEXT },
};

/* Per rule: the alerts of each kind it raised (labelled by rule). */
enum pipeline_rule_counter {
	PRC_PAIRS,
	PRC_TIMEOUTS,
	PRC_CLEARS,
	PRC_COUNT,
};

static const struct counter_def pipeline_rule_counter_defs[PRC_COUNT] = {
	[PRC_PAIRS] = { "rule_alerts", "pair alerts the rule raised" },
	[PRC_TIMEOUTS] = { "rule_alerts_timeout",
	    "timeout alerts the rule raised" },
	[PRC_CLEARS] = { "rule_alerts_clear", "clears the rule raised" },
};

struct pipeline {
	const struct conf *conf;
	struct counter_registry *reg;  /* NULL: per-rule sets unregistered */
	struct counter_set *rule_sets; /* one per conf rule, in its order */
	size_t nrule_sets;
	struct correlator *corr;
	struct pipeline_hooks hooks;
	int64_t armed_ms; /* the deadline last told; -1: tell again */
	struct counter_set counters;
	struct counter_set formats; /* pipeline_format_defs */
	struct alert_list out;      /* raised by the call under way */
	struct winevent ev;         /* the event of the call under way */
	bool is_replay;             /* the events' own times are the clock */
	int64_t replay_ms;          /* replay: the clock, never going back */
};

/* The per-rule sets for p->conf, registered when p has a registry. */
static void
pipeline_rule_sets(struct pipeline *p)
{
	size_t i;

	for (i = 0; i < p->nrule_sets; i++)
		counter_set_clear(&p->rule_sets[i]);
	free(p->rule_sets);
	p->rule_sets = NULL;
	p->nrule_sets = p->conf->nrules;
	if (p->nrule_sets == 0)
		return;
	p->rule_sets = xcalloc(p->nrule_sets, sizeof(*p->rule_sets));
	for (i = 0; i < p->nrule_sets; i++) {
		counter_set_init(&p->rule_sets[i], pipeline_rule_counter_defs,
		    PRC_COUNT, "rule", "%s", p->conf->rules[i].name);
		if (p->reg != NULL)
			counter_registry_add(p->reg, &p->rule_sets[i]);
	}
}

struct pipeline *
pipeline_new(const struct conf *conf, const uint64_t seed[2],
    const struct pipeline_hooks *hooks)
{
	struct pipeline *p = xcalloc(1, sizeof(*p));

	p->conf = conf;
	p->corr = correlator_new(conf, seed);
	p->hooks = *hooks;
	p->armed_ms = INT64_MAX;
	counter_set_init(&p->counters, pipeline_counter_defs, PC_COUNT,
	    "engine", "correlator");
	counter_set_init(&p->formats, pipeline_format_defs,
	    WINEVENT_FORMAT_COUNT, "engine", "formats");
	pipeline_rule_sets(p);
	return p;
}

void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	alert_list_clear(&p->out);
	correlator_free(p->corr);
	for (size_t i = 0; i < p->nrule_sets; i++)
		counter_set_clear(&p->rule_sets[i]);
	free(p->rule_sets);
	counter_set_clear(&p->counters);
	counter_set_clear(&p->formats);
	free(p);
}

/* Counts a by its rule and kind (alerts are few: a search by name). */
static void
pipeline_count_alert(struct pipeline *p, const struct alert *a)
{
	size_t i;

	for (i = 0; i < p->nrule_sets; i++)
		if (strcmp(p->conf->rules[i].name, a->rule) == 0)
			break;
	if (i == p->nrule_sets)
		return;
	if (a->kind == ALERT_PAIR)
		counter_inc(&p->rule_sets[i], PRC_PAIRS);
	else if (a->kind == ALERT_TIMEOUT)
		counter_inc(&p->rule_sets[i], PRC_TIMEOUTS);
	else if (a->kind == ALERT_CLEAR)
		counter_inc(&p->rule_sets[i], PRC_CLEARS);
}

void
pipeline_register(struct pipeline *p, struct counter_registry *reg)
{
	counter_registry_declare(reg, pipeline_rule_counter_defs, PRC_COUNT);
	counter_registry_add(reg, &p->counters);
	counter_registry_add(reg, &p->formats);
	p->reg = reg;
	for (size_t i = 0; i < p->nrule_sets; i++)
		counter_registry_add(reg, &p->rule_sets[i]);
}

static void
pipeline_count(struct pipeline *p, const struct correlator_result *r)
{
	struct counter_set *c = &p->counters;

	counter_add(c, PC_OPENED, r->opened);
	counter_add(c, PC_REPEATS, r->repeats);
	counter_add(c, PC_ORPHAN_CLOSES, r->orphan_closes);
	counter_add(c, PC_WINDOWS_FULL, r->windows_full);
	counter_add(c, PC_WINDOWS_PEER_FULL, r->windows_peer_full);
	counter_add(c, PC_WINDOWS_EVICTED, r->windows_evicted);
	counter_add(c, PC_SUPPRESSED, r->suppressed);
	counter_add(c, PC_SUPPRESSED_DROPPED, r->suppressed_dropped);
	counter_add(c, PC_EXPIRED, r->expired);
	counter_add(c, PC_ALERTS, r->alerts);
	counter_add(c, PC_TOO_LATE, r->too_late);
	counter_add(c, PC_HELD, r->held);
	counter_add(c, PC_HELD_FULL, r->held_full);
	counter_add(c, PC_LATE_PAIRS, r->late_pairs);
	counter_add(c, PC_TIMEOUTS, r->timeouts);
	counter_add(c, PC_CLEARS, r->clears);
	counter_add(c, PC_CLEARS_UNMATCHED, r->clears_unmatched);
}

/*
 * The end of every entry point: the correlator has returned, so the
 * alerts go out (each hook call takes one over), then the deadline.
 */
static void
pipeline_settle(struct pipeline *p, const struct clock_stamp *now)
{
	int64_t due;

	for (size_t i = 0; i < p->out.n; i++) {
		struct alert *a = p->out.v[i];

		p->out.v[i] = NULL;
		pipeline_count_alert(p, a);
		if (p->hooks.deliver != NULL)
			p->hooks.deliver(a, now, p->hooks.arg);
		else
			alert_free(a);
	}
	p->out.n = 0;
	due = correlator_next_deadline(p->corr);
	if (due != p->armed_ms) {
		p->armed_ms = due;
		if (p->hooks.deadline != NULL)
			p->hooks.deadline(due, now, p->hooks.arg);
	}
}

/*
 * Replay: the clock moves on to t_ms (never back); what falls due up to
 * it is done first, as the daemon's timer would have done it.
 */
static void
pipeline_replay_to(struct pipeline *p, int64_t t_ms)
{
	struct correlator_result cr = { 0 };
	int64_t due;

	if (t_ms > p->replay_ms)
		p->replay_ms = t_ms;
	while ((due = correlator_next_deadline(p->corr)) <= p->replay_ms)
		correlator_expire(p->corr, due, &cr, &p->out);
	pipeline_count(p, &cr);
}

/* Counts n outcomes of pipeline_decode_syslog() or of traps. */
void
pipeline_account(struct pipeline *p, enum pipeline_outcome outcome, uint64_t n)
{
	static const int detail[PIPELINE_OUTCOME_COUNT] = {
		[PIPELINE_EVENT] = -1,
		[PIPELINE_EMPTY] = -2, /* the input counts what was no event */
		[PIPELINE_MALFORMED] = -2,
		[PIPELINE_NOT_WINEVENT] = -2,
		[PIPELINE_NO_EVENT_ID] = PC_NO_EVENT_ID,
		[PIPELINE_NO_HOST] = PC_NO_HOST,
		[PIPELINE_HOST_TOO_LONG] = PC_HOST_TOO_LONG,
	};

	if (outcome >= PIPELINE_OUTCOME_COUNT || detail[outcome] == -2)
		return;
	counter_add(&p->counters, PC_EVENTS, n);
	if (detail[outcome] >= 0)
		counter_add(&p->counters, (size_t)detail[outcome], n);
}

void
pipeline_account_malformed(struct pipeline *p, size_t format, uint64_t n)
{
	if (format < WINEVENT_FORMAT_COUNT && n > 0)
		counter_add(&p->formats, format, n);
}

void
pipeline_feed(struct pipeline *p, struct winevent *ev, const char *key,
    const struct clock_stamp *now, struct pipeline_result *res)
{
	struct correlator_result cr = { 0 };
	struct clock_stamp replay_now;

	if (p->is_replay) {
		pipeline_replay_to(p, ev->time_ms);
		replay_now.mono_ms = replay_now.wall_ms = replay_now.boot_ms =
		    p->replay_ms;
		ev->recv_ms = p->replay_ms;
		now = &replay_now;
	}
	correlator_feed(p->corr, ev, key, now->mono_ms, &cr, &p->out);
	pipeline_count(p, &cr);
	res->evicted_peer = cr.evicted_peer;
	res->is_peer_full = cr.windows_peer_full > 0;
	res->is_held_down = cr.suppressed > 0;
	pipeline_settle(p, now);
}

uint64_t
pipeline_prefetch(const struct pipeline *p, uint32_t event_id, const char *key,
    uint64_t hash, int stage)
{
	return correlator_prefetch(p->corr, event_id, key, hash, stage);
}

/* A decoded event: its key, or why it has none.  Pure. */
static enum pipeline_outcome
pipeline_key(const struct conf *conf, const struct winevent *ev,
    struct pipeline_result *res)
{
	res->ev = ev;
	if (!ev->has_event_id)
		return res->outcome = PIPELINE_NO_EVENT_ID;
	switch (hostkey_for_event(conf, ev, res->key, sizeof(res->key))) {
	case 0:
		return res->outcome = PIPELINE_EVENT;
	case HOSTKEY_TOO_LONG:
		return res->outcome = PIPELINE_HOST_TOO_LONG;
	default:
		return res->outcome = PIPELINE_NO_HOST;
	}
}

/* Where ev came from, its receipt, and its time in UTC.  Pure. */
static void
pipeline_src(const struct conf *conf, struct winevent *ev,
    const struct pipeline_src *src, int64_t now_wall)
{
	size_t n = strnlen(src->peer, sizeof(ev->peer) - 1);

	ev->via = src->via;
	ev->via_text[0] = '\0';
	if (src->subject != NULL)
		(void)snprintf(ev->via_text, sizeof(ev->via_text), "%s %s",
		    winevent_via_name(src->via), src->subject);
	memcpy(ev->peer, src->peer, n);
	ev->peer[n] = '\0';
	ev->recv_ms = now_wall;
	if (ev->is_time_local && ev->time_ms != 0) {
		ev->time_ms =
		    tz_to_utc(src->tz != NULL ? src->tz
					      : conf_listen_tz(conf, NULL),
			ev->time_ms);
		ev->is_time_local = false;
	}
}

/* Nothing but the NUL/CR/LF/space a sender may leave around a message. */
static bool
pipeline_is_blank(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != '\0' && buf[i] != '\r' && buf[i] != '\n' &&
		    buf[i] != ' ')
			return false;
	return true;
}

static void
pipeline_result_init(struct pipeline_result *res, const char *buf, size_t len)
{
	memset(res, 0, offsetof(struct pipeline_result, key));
	res->key[0] = '\0';
	res->sample = buf;
	res->sample_len = len;
}

enum pipeline_outcome
pipeline_decode_syslog(const struct conf *conf, const struct pipeline_src *src,
    const char *buf, size_t len, int64_t now_wall, struct winevent *ev,
    struct pipeline_result *res, bool *is_now_dependent)
{
	size_t f = (size_t)src->format < CONF_INPUT_COUNT ? src->format : 0;
	struct syslog_msg msg;

	pipeline_result_init(res, buf, len);
	*is_now_dependent = false;
	if (syslog_parse_as(buf, len, now_wall,
		pipeline_input_formats[f].header, &msg, &res->err) == -1) {
		res->what = "malformed message";
		if (pipeline_is_blank(buf, len))
			return res->outcome = PIPELINE_EMPTY;
		res->malformed_format = PF_HEADER;
		return res->outcome = PIPELINE_MALFORMED;
	}
	*is_now_dependent = msg.is_stamp_refused;
	res->sample = msg.msg;
	res->sample_len = msg.msg_len;
	if (winevent_from_syslog_as(&msg, pipeline_input_formats[f].payload, ev,
		&res->err) == -1) {
		/* a known agent format with a broken payload is malformed */
		res->what = winevent_format_name(ev->format);
		if (ev->is_year_guessed)
			*is_now_dependent = true;
		if (ev->format == WINEVENT_FORMAT_UNKNOWN)
			return res->outcome = PIPELINE_NOT_WINEVENT;
		res->malformed_format = ev->format;
		return res->outcome = PIPELINE_MALFORMED;
	}
	pipeline_src(conf, ev, src, now_wall);
	if (pipeline_key(conf, ev, res) == PIPELINE_EVENT &&
	    ev->is_year_guessed)
		*is_now_dependent = true;
	return res->outcome;
}

/* Counts what pipeline_decode_syslog() or a trap made, feeds an event. */
static enum pipeline_outcome
pipeline_event(struct pipeline *p, const struct clock_stamp *now,
    struct pipeline_result *res)
{
	pipeline_account(p, res->outcome, 1);
	if (res->outcome == PIPELINE_MALFORMED)
		pipeline_account_malformed(p, res->malformed_format, 1);
	if (res->outcome == PIPELINE_EVENT)
		pipeline_feed(p, &p->ev, res->key, now, res);
	return res->outcome;
}

enum pipeline_outcome
pipeline_syslog(struct pipeline *p, const struct pipeline_src *src,
    const char *buf, size_t len, const struct clock_stamp *now,
    struct pipeline_result *res)
{
	bool is_now_dependent;

	/* on replay, the year of a 3164 stamp is the replay clock's */
	pipeline_decode_syslog(p->conf, src, buf, len,
	    p->is_replay && p->replay_ms > 0 ? p->replay_ms : now->wall_ms,
	    &p->ev, res, &is_now_dependent);
	return pipeline_event(p, now, res);
}

enum pipeline_outcome
pipeline_trap(struct pipeline *p, const struct pipeline_src *src,
    const struct snmp_pdu *pdu, const struct clock_stamp *now,
    struct pipeline_result *res)
{
	pipeline_result_init(res, NULL, 0);
	winevent_reset(&p->ev); /* pipeline_src() sets the rest */
	if (trap_decode(pdu, &p->ev, &res->err) == -1) {
		res->what = "event-to-trap notification";
		return res->outcome = trap_decode_is_translator(pdu)
		    ? PIPELINE_MALFORMED
		    : PIPELINE_NOT_WINEVENT;
	}
	pipeline_src(p->conf, &p->ev, src, now->wall_ms);
	pipeline_key(p->conf, &p->ev, res);
	return pipeline_event(p, now, res);
}

void
pipeline_expire(struct pipeline *p, const struct clock_stamp *now)
{
	struct correlator_result cr = { 0 };

	p->armed_ms = -1; /* the caller's timer fired: it is unarmed */
	correlator_expire(p->corr, now->mono_ms, &cr, &p->out);
	pipeline_count(p, &cr);
	pipeline_settle(p, now);
}

void
pipeline_reconf(struct pipeline *p, const struct conf *conf,
    const struct clock_stamp *now)
{
	p->conf = conf;
	counter_add(&p->counters, PC_RELOAD_DROPPED,
	    correlator_reconf(p->corr, conf));
	pipeline_rule_sets(p);
	p->armed_ms = -1; /* deadlines may have moved */
	pipeline_settle(p, now);
}

void
pipeline_set_replay(struct pipeline *p, int64_t start_ms)
{
	p->is_replay = true;
	p->replay_ms = start_ms;
}

void
pipeline_replay_advance(struct pipeline *p, int64_t t_ms)
{
	struct clock_stamp at;

	pipeline_replay_to(p, t_ms);
	at.mono_ms = at.wall_ms = at.boot_ms = p->replay_ms;
	pipeline_settle(p, &at);
}

int64_t
pipeline_replay_now(const struct pipeline *p)
{
	return p->replay_ms;
}

void
pipeline_replay_end(struct pipeline *p, int64_t after_ms)
{
	struct clock_stamp at;

	at.mono_ms = at.wall_ms = at.boot_ms = p->replay_ms + after_ms;
	pipeline_expire(p, &at);
}

int
pipeline_save(const struct pipeline *p, const struct clock_stamp *now,
    int (*write_fn)(const char *buf, size_t len, void *arg), void *arg)
{
	return correlator_save(p->corr, now->mono_ms, now->wall_ms, write_fn,
	    arg);
}

int
pipeline_load(struct pipeline *p, const char *text, size_t len,
    const struct clock_stamp *now, struct correlator_load_result *lr, char *err,
    size_t errlen)
{
	int rc = correlator_load(p->corr, text, len, now->mono_ms, now->wall_ms,
	    lr, err, errlen);

	p->armed_ms = -1;
	pipeline_settle(p, now);
	return rc;
}

int64_t
pipeline_next_deadline(const struct pipeline *p)
{
	return correlator_next_deadline(p->corr);
}

size_t
pipeline_windows(const struct pipeline *p)
{
	return correlator_size(p->corr);
}

struct counter_set *
pipeline_counters(struct pipeline *p)
{
	return &p->counters;
}

void
pipeline_foreach_window(const struct pipeline *p, correlator_visit_fn *fn,
    void *arg)
{
	correlator_foreach(p->corr, fn, arg);
}
