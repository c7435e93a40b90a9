/* SPDX-License-Identifier: ISC */
/* rule_match_event: event IDs, sources and logs, case folding. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "engine/rule.h"
#include "decode/winevent.h"

static struct winevent
ev_make(uint32_t id, const char *source, const char *log)
{
	struct winevent ev;

	memset(&ev, 0, sizeof(ev));
	ev.event_id = id;
	ev.has_event_id = true;
	snprintf(ev.source, sizeof(ev.source), "%s", source);
	snprintf(ev.log, sizeof(ev.log), "%s", log);
	return ev;
}

Test(rule, matches_event_id_with_any_source_and_log)
{
	struct conf_match m = { .event_id = 2140 };
	struct winevent ev = ev_make(2140, "MSExchangeIMC", "Application");

	cr_assert(rule_match_event(&m, &ev));
	ev = ev_make(2140, "", "");
	cr_assert(rule_match_event(&m, &ev));
}

Test(rule, rejects_other_event_id)
{
	struct conf_match m = { .event_id = 2140 };
	struct winevent ev = ev_make(100, "MSExchangeIMC", "Application");

	cr_assert(not(rule_match_event(&m, &ev)));
	ev = ev_make(2141, "MSExchangeIMC", "Application");
	cr_assert(not(rule_match_event(&m, &ev)));
}

Test(rule, rejects_event_without_event_id)
{
	struct conf_match m = { .event_id = 0 };
	struct winevent ev = ev_make(0, "x", "y");

	cr_assert(rule_match_event(&m, &ev));
	ev.has_event_id = false;
	cr_assert(not(rule_match_event(&m, &ev)));
}

Test(rule, event_id_compared_in_full_32_bits)
{
	struct conf_match m = { .event_id = 100 };
	struct winevent ev = ev_make(100 + 65536, "", "");

	cr_assert(not(rule_match_event(&m, &ev)));
}

Test(rule, source_is_case_insensitive)
{
	char src[] = "MSExchangeIMC";
	struct conf_match m = { .event_id = 2140, .source = src };
	struct winevent ev = ev_make(2140, "msexchangeimc", "Application");

	cr_assert(rule_match_event(&m, &ev));
	ev = ev_make(2140, "MSEXCHANGEIMC", "Application");
	cr_assert(rule_match_event(&m, &ev));
}

Test(rule, source_must_be_equal_not_prefix)
{
	char src[] = "MSExchangeIMC";
	struct conf_match m = { .event_id = 2140, .source = src };
	struct winevent ev = ev_make(2140, "MSExchangeIMC2", "Application");

	cr_assert(not(rule_match_event(&m, &ev)));
	ev = ev_make(2140, "MSExchange", "Application");
	cr_assert(not(rule_match_event(&m, &ev)));
	ev = ev_make(2140, "", "Application");
	cr_assert(not(rule_match_event(&m, &ev)));
}

Test(rule, log_is_case_insensitive_and_narrows)
{
	char log[] = "Application";
	struct conf_match m = { .event_id = 100, .log = log };
	struct winevent ev = ev_make(100, "MSExchangeIMC", "APPLICATION");

	cr_assert(rule_match_event(&m, &ev));
	ev = ev_make(100, "MSExchangeIMC", "System");
	cr_assert(not(rule_match_event(&m, &ev)));
}

Test(rule, source_and_log_both_required)
{
	char src[] = "MSExchangeIMC", log[] = "Application";
	struct conf_match m = { .event_id = 100, .source = src, .log = log };
	struct winevent ev = ev_make(100, "MSExchangeIMC", "Application");

	cr_assert(rule_match_event(&m, &ev));
	ev = ev_make(100, "MSExchangeMTA", "Application");
	cr_assert(not(rule_match_event(&m, &ev)));
	ev = ev_make(100, "MSExchangeIMC", "System");
	cr_assert(not(rule_match_event(&m, &ev)));
}

Test(rule, case_folding_is_ascii_only)
{
	/* "É" (C3 89) and "é" (C3 A9) are not folded: bytes >= 0x80 exact. */
	char src[] = "\xc3\x89vt";
	struct conf_match m = { .event_id = 1, .source = src };
	struct winevent ev = ev_make(1, "\xc3\xa9VT", "");

	cr_assert(not(rule_match_event(&m, &ev)));
	ev = ev_make(1, "\xc3\x89VT", "");
	cr_assert(rule_match_event(&m, &ev));
	/* '@' (0x40) and '`' (0x60) differ by the case bit but are not letters.
	 */
	m.source = (char[]){ "a@" };
	ev = ev_make(1, "A`", "");
	cr_assert(not(rule_match_event(&m, &ev)));
}
