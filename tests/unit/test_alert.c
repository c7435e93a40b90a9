/* SPDX-License-Identifier: ISC */
/*
 * alert: the owned message.  alert_new() copies every string (the source
 * may go away), cuts event texts on a character boundary, keeps the
 * target list, and holds references; alert_list takes them over.
 */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "alert_fixture.h"
#include "core/siphash.h"
#include "engine/alert.h"

#include "criterion_str.h"

TestSuite(alert, .init = setup);

Test(alert, new_copies_every_string)
{
	static const char *const targets[] = { "noc", "backup" };
	static const char *const forwards[] = { "siem" };
	struct alert *a;
	char before[ALERT_FORMAT_MAX];

	alert.targets = targets;
	alert.ntargets = 2;
	alert.forwards = forwards;
	alert.nforwards = 1;
	alert.suppressed = 7;
	alert_format_json(&alert, before, sizeof(before));
	a = alert_new(&alert);
	/* the fixture's strings change: the copy does not */
	memset(open_ev.text, 'z', 10);
	memset(host, 'q', 3);
	snprintf(title, 5, "gone");
	cr_assert(eq(str, a->host, "exch01"));
	cr_assert(eq(str, a->open.text,
	    "The Internet Mail Service could not start."));
	cr_assert(eq(str, a->rule, "Q246115"));
	cr_assert(eq(str, a->open.via, "syslog/udp"));
	cr_assert(eq(str, a->close.via, "trap/v2c"));
	cr_assert(eq(sz, a->ntargets, 2));
	cr_assert(eq(str, a->targets[1], "backup"));
	cr_assert(a->targets != targets);
	cr_assert(eq(sz, a->nforwards, 1));
	cr_assert(eq(str, a->forwards[0], "siem"));
	cr_assert(a->forwards != forwards);
	cr_assert(eq(u64, a->suppressed, 7));
	cr_assert(eq(u32, a->refs, 1));
	alert_format_json(a, buf, sizeof(buf));
	cr_assert(eq(str, buf, before));
	alert_free(a);
}

Test(alert, null_strings_become_empty)
{
	struct alert t, *a;

	memset(&t, 0, sizeof(t));
	a = alert_new(&t);
	cr_assert(eq(str, a->rule, ""));
	cr_assert(eq(str, a->open.text, ""));
	cr_assert(a->targets == NULL);
	alert_free(a);
}

Test(alert, text_cut_on_a_character_boundary)
{
	struct alert *a;
	size_t i;

	/* 'x' then "é" (2 bytes) to the end: 1 + 2k bytes fit exactly */
	open_ev.text[0] = 'x';
	for (i = 1; i + 2 <= ALERT_TEXT_MAX; i += 2)
		memcpy(open_ev.text + i, "\xc3\xa9", 2);
	open_ev.text[i] = '\0';
	alert.close.text = "\xc3\xa9\xc3\xa9\xc3\xa9";
	a = alert_new(&alert);
	cr_assert(eq(sz, strlen(a->open.text), ALERT_TEXT_MAX));
	cr_assert(eq(str, a->close.text, "\xc3\xa9\xc3\xa9\xc3\xa9"));
	alert_free(a);
	/* one more: the last "é" would be split, so it goes */
	memmove(open_ev.text + 1, open_ev.text, ALERT_TEXT_MAX);
	open_ev.text[ALERT_TEXT_MAX + 1] = '\0';
	a = alert_new(&alert);
	cr_assert(eq(sz, strlen(a->open.text), ALERT_TEXT_MAX - 1));
	alert_free(a);
}

Test(alert, hold_and_free_count_references)
{
	struct alert *a = alert_new(&alert);

	cr_assert(eq(ptr, alert_hold(a), a));
	cr_assert(eq(u32, a->refs, 2));
	alert_free(a);
	cr_assert(eq(u32, a->refs, 1));
	alert_free(a);
	alert_free(NULL);
}

Test(alert, list_takes_over_and_clears)
{
	struct alert_list l = { 0 };
	struct alert *kept;

	for (int i = 0; i < 9; i++)
		alert_list_push(&l, alert_new(&alert));
	cr_assert(eq(sz, l.n, 9));
	cr_assert(ge(sz, l.cap, 9));
	kept = alert_hold(l.v[3]);
	alert_list_clear(&l);
	cr_assert(eq(sz, l.n, 0));
	cr_assert(eq(ptr, l.v, NULL));
	cr_assert(eq(u32, kept->refs, 1));
	alert_free(kept);
}

Test(alert, ids_are_uuids_unique_per_sequence_and_key)
{
	static const uint64_t k1[2] = { 1, 2 }, k2[2] = { 1, 3 };
	char a[ALERT_ID_MAX], b[ALERT_ID_MAX], c[ALERT_ID_MAX];

	alert_id_make(k1, 0, a);
	alert_id_make(k1, 1, b);
	alert_id_make(k2, 0, c);
	cr_assert(eq(sz, strlen(a), 36));
	cr_assert(eq(chr, a[8], '-'));
	cr_assert(eq(chr, a[14], '4'), "version 4: %s", a);
	cr_assert(strchr("89ab", a[19]) != NULL, "RFC 4122 variant: %s", a);
	cr_assert(eq(int, strspn(a, "0123456789abcdef-"), 36));
	cr_assert(ne(int, strcmp(a, b), 0));
	cr_assert(ne(int, strcmp(a, c), 0));
	alert_id_make(k1, 0, b);
	cr_assert(eq(int, strcmp(a, b), 0), "the same key and sequence");
	/* the digits are the two SipHash values', as printf writes them */
	for (uint64_t seq = 0; seq < 1000; seq++) {
		uint64_t in[2] = { seq, 0 }, hi, lo;
		char want[ALERT_ID_MAX];

		hi = siphash24(k2, in, sizeof(in));
		in[1] = 1;
		lo = siphash24(k2, in, sizeof(in));
		hi = (hi & ~UINT64_C(0xf000)) | UINT64_C(0x4000);
		lo = (lo & ~(UINT64_C(3) << 62)) | (UINT64_C(2) << 62);
		snprintf(want, sizeof(want),
		    "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64
		    "-%012" PRIx64,
		    hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
		    lo & UINT64_C(0xffffffffffff));
		alert_id_make(k2, seq, a);
		cr_assert(eq(str, a, want), "seq %" PRIu64, seq);
	}
}

Test(alert, kind_names)
{
	cr_assert(eq(int, strcmp(alert_kind_name(ALERT_PAIR), "pair"), 0));
	cr_assert(
	    eq(int, strcmp(alert_kind_name(ALERT_TIMEOUT), "timeout"), 0));
	cr_assert(eq(int, strcmp(alert_kind_name(ALERT_CLEAR), "clear"), 0));
	cr_assert(eq(int, strcmp(alert_kind_name(ALERT_TEST), "test"), 0));
	cr_assert(
	    eq(int, strcmp(alert_kind_name(ALERT_KIND_COUNT), "unknown"), 0));
}

Test(alert, new_keeps_kind_and_ids)
{
	struct alert t = { 0 }, *a;

	t.kind = ALERT_CLEAR;
	snprintf(t.id, sizeof(t.id), "%s", "id-of-the-clear");
	snprintf(t.clears, sizeof(t.clears), "%s", "id-of-the-alert");
	a = alert_new(&t);
	cr_assert(eq(int, a->kind, ALERT_CLEAR));
	cr_assert(eq(int, strcmp(a->id, "id-of-the-clear"), 0));
	cr_assert(eq(int, strcmp(a->clears, "id-of-the-alert"), 0));
	cr_assert(not(a->has_close));
	alert_free(a);
}
