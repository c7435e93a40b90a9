/* SPDX-License-Identifier: ISC */
/*
 * syslog_frame: octet counting and LF framing, mixed on one stream, every
 * way of cutting a stream into reads, oversized frames, counts at the
 * digit limit, end of stream, and the promise that there is always room
 * to read into.  A run of the framer is recorded as a transcript:
 * "O[bytes]" an octet-counted frame, "L[bytes]" an LF frame, a "T" after
 * the letter when truncated; "ERR@offset:message" a framing error;
 * "CUT" + O or L + "[bytes]" for eof() returning -1 (a message
 * without its end is no frame).  Bytes outside printable ASCII are escaped.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "core/parse_error.h"
#include "decode/syslog_frame.h"

/* A writable copy of a literal: eq(str, ...) takes char *. */
#define STR(lit) ((char[]){ lit })
/* A literal and its length, NUL bytes included. */
#define LIT(lit) (lit), (sizeof(lit) - 1)

#define RUN_MAX (1 << 20)

struct run {
	char log[RUN_MAX];
	size_t len;
	size_t frames;
	size_t max_frame_len;
};

static struct run ra, rb;

static void
run_add(struct run *r, const char *s, size_t len)
{
	cr_assert(lt(sz, r->len + len, sizeof(r->log)));
	memcpy(r->log + r->len, s, len);
	r->len += len;
	r->log[r->len] = '\0';
}

static void
run_str(struct run *r, const char *s)
{
	run_add(r, s, strlen(s));
}

static void
run_bytes(struct run *r, const char *buf, size_t len)
{
	char hex[8];

	run_str(r, "[");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\\')
			run_str(r, "\\\\");
		else if (c == '\n')
			run_str(r, "\\n");
		else if (c == '\r')
			run_str(r, "\\r");
		else if (c >= 0x20 && c < 0x7f)
			run_add(r, (const char *)&buf[i], 1);
		else {
			snprintf(hex, sizeof(hex), "\\x%02x", c);
			run_str(r, hex);
		}
	}
	run_str(r, "]");
}

static void
run_token(struct run *r, const char *prefix, const struct syslog_frame_out *out,
    bool with_truncated)
{
	if (r->len > 0)
		run_str(r, " ");
	run_str(r, prefix);
	run_str(r, out->is_octet_counted ? "O" : "L");
	if (with_truncated && out->is_truncated)
		run_str(r, "T");
	run_bytes(r, out->buf, out->len);
}

/* Takes every frame available; false after a framing error. */
static bool
run_drain(struct run *r, struct syslog_frame *f, size_t cap)
{
	struct syslog_frame_out out;
	struct parse_error err;
	char msg[PARSE_ERROR_MSG_MAX + 32];
	int rc;

	while ((rc = syslog_frame_next(f, &out, &err)) == 1) {
		cr_assert(le(sz, out.len, cap));
		r->frames++;
		if (out.len > r->max_frame_len)
			r->max_frame_len = out.len;
		run_token(r, "", &out, true);
	}
	if (rc == 0)
		return true;
	cr_assert(eq(int, rc, -1));
	snprintf(msg, sizeof(msg), "%sERR@%zu:%s", r->len > 0 ? " " : "",
	    err.offset, err.msg);
	run_str(r, msg);
	return false;
}

/*
 * Feeds in[0..len) to a framer of cap bytes, in reads that end at the
 * (ascending) split points and at most as big as the room offered, then
 * ends the stream.  Returns the transcript.
 */
static char *
run_splits(struct run *r, size_t cap, const char *in, size_t len,
    const size_t *splits, size_t nsplits)
{
	struct syslog_frame *f = syslog_frame_new(cap);
	struct syslog_frame_out out;
	size_t pos = 0, room, n, stop;
	bool is_ok = true;
	char *p;
	int rc;

	r->len = 0;
	r->log[0] = '\0';
	r->frames = 0;
	r->max_frame_len = 0;
	for (size_t s = 0; s <= nsplits && is_ok; s++) {
		stop = s < nsplits ? splits[s] : len;
		while (pos < stop && is_ok) {
			p = syslog_frame_space(f, &room);
			cr_assert(ge(sz, room, 1));
			n = stop - pos < room ? stop - pos : room;
			memcpy(p, in + pos, n);
			syslog_frame_commit(f, n);
			pos += n;
			is_ok = run_drain(r, f, cap);
		}
	}
	if (is_ok) {
		if ((rc = syslog_frame_eof(f, &out)) == -1) {
			cr_assert(out.is_truncated);
			run_token(r, "CUT", &out, false);
		} else
			cr_assert(eq(int, rc, 0));
	}
	syslog_frame_free(f);
	return r->log;
}

static char *
run_whole(struct run *r, size_t cap, const char *in, size_t len)
{
	return run_splits(r, cap, in, len, NULL, 0);
}

static char *
run_bytewise(struct run *r, size_t cap, const char *in, size_t len)
{
	size_t *splits = calloc(len + 1, sizeof(*splits));

	cr_assert(not(eq(ptr, splits, NULL)));
	for (size_t i = 0; i < len; i++)
		splits[i] = i + 1;
	run_splits(r, cap, in, len, splits, len);
	free(splits);
	return r->log;
}

/* Several frames of every kind, for cap 16. */
static const char mixed[] = "11 <13>first 1"
			    "<14>second line\r\n"
			    "\n"
			    "2140x then text\n"
			    "0 zero\n"
			    "3 a\nb"
			    "1 \0"
			    "nul\0in\n"
			    "20 0123456789abcdefghij"
			    "a line longer than sixteen bytes\n"
			    "16 0123456789ABCDEF"
			    "0123456789ABCDEF\n"
			    "9 \n\n\n\n\n\n\n\n\n"
			    "tail without lf";

static char mixed_want[] = "O[<13>first 1] "
			   "L[<14>second line\\r] "
			   "L[] "
			   "L[2140x then text] "
			   "L[0 zero] "
			   "O[a\\nb] "
			   "O[\\x00] "
			   "L[nul\\x00in] "
			   "OT[0123456789abcdef] "
			   "LT[a line longer th] "
			   "O[0123456789ABCDEF] "
			   "L[0123456789ABCDEF] "
			   "O[\\n\\n\\n\\n\\n\\n\\n\\n\\n] "
			   "CUTL[tail without lf]";

Test(syslog_frame, delivers_octet_counted_frame)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("5 hello")), STR("O[hello]")));
}

Test(syslog_frame, delivers_lf_frame_without_its_lf)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("<13>hello\n")),
	    STR("L[<13>hello]")));
}

Test(syslog_frame, keeps_cr_before_lf_for_the_parser)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("hello\r\nbye\r\n")),
	    STR("L[hello\\r] L[bye\\r]")));
}

Test(syslog_frame, octet_frame_keeps_lf_and_cr_inside)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("7 a\r\nb\nc\n2 ok")),
	    STR("O[a\\r\\nb\\nc\\n] O[ok]")));
}

Test(syslog_frame, mixed_framing_on_one_stream)
{
	cr_assert(eq(str, run_whole(&ra, 16, LIT(mixed)), mixed_want));
	cr_assert(eq(sz, ra.frames, 13));
}

Test(syslog_frame, one_byte_reads_give_the_same_frames)
{
	cr_assert(eq(str, run_bytewise(&ra, 16, LIT(mixed)), mixed_want));
}

Test(syslog_frame, every_two_read_split_gives_the_same_frames)
{
	for (size_t i = 0; i <= sizeof(mixed) - 1; i++) {
		run_splits(&ra, 16, LIT(mixed), &i, 1);
		cr_assert(eq(str, ra.log, mixed_want), "split at %zu", i);
	}
}

Test(syslog_frame, every_three_read_split_gives_the_same_frames)
{
	const char in[] = "3 ab\ncd\n12 0123456789ab3 xyz\n\n5 ";
	size_t len = sizeof(in) - 1, s[2];

	run_whole(&rb, 8, in, len);
	cr_assert(eq(str, rb.log,
	    STR("O[ab\\n] L[cd] OT[01234567] O[xyz] L[] L[] CUTO[]")));
	for (s[0] = 0; s[0] <= len; s[0]++)
		for (s[1] = s[0]; s[1] <= len; s[1]++) {
			run_splits(&ra, 8, in, len, s, 2);
			cr_assert(eq(str, ra.log, rb.log), "splits %zu %zu",
			    s[0], s[1]);
		}
}

Test(syslog_frame, random_reads_give_the_same_frames_for_every_cap)
{
	size_t len = sizeof(mixed) - 1, splits[64], n;
	unsigned int seed = 1;

	for (size_t cap = 1; cap <= 40; cap++) {
		run_whole(&rb, cap, LIT(mixed));
		run_bytewise(&ra, cap, LIT(mixed));
		cr_assert(eq(str, ra.log, rb.log), "cap %zu", cap);
		cr_assert(le(sz, rb.max_frame_len, cap));
		for (int round = 0; round < 50; round++) {
			n = (size_t)rand_r(&seed) % 64;
			for (size_t i = 0; i < n; i++)
				splits[i] = (size_t)rand_r(&seed) % (len + 1);
			for (size_t i = 1; i < n; i++) /* insertion sort */
				for (size_t j = i;
				     j > 0 && splits[j - 1] > splits[j]; j--) {
					size_t t = splits[j];

					splits[j] = splits[j - 1];
					splits[j - 1] = t;
				}
			run_splits(&ra, cap, LIT(mixed), splits, n);
			cr_assert(eq(str, ra.log, rb.log), "cap %zu round %d",
			    cap, round);
		}
	}
}

Test(syslog_frame, oversized_octet_frame_truncated_and_rest_skipped)
{
	cr_assert(eq(str,
	    run_whole(&ra, 4,
		LIT("10 0123456789"
		    "2 ok")),
	    STR("OT[0123] O[ok]")));
}

Test(syslog_frame, oversized_octet_frame_rest_may_contain_anything)
{
	/* the skipped part looks like frames; it must not become any */
	cr_assert(eq(str,
	    run_whole(&ra, 4,
		LIT("14 abcd1 x\n2 yyy\n"
		    "1 z")),
	    STR("OT[abcd] O[z]")));
}

Test(syslog_frame, oversized_lf_frame_truncated_and_rest_skipped)
{
	cr_assert(eq(str, run_whole(&ra, 4, LIT("abcdefgh\nij\n")),
	    STR("LT[abcd] L[ij]")));
}

Test(syslog_frame, oversized_lf_frame_without_its_lf_is_dropped)
{
	/* held until its end, which never comes */
	cr_assert(
	    eq(str, run_whole(&ra, 4, LIT("abcdefgh")), STR("CUTL[abcd]")));
	cr_assert(
	    eq(str, run_bytewise(&ra, 4, LIT("abcdefgh")), STR("CUTL[abcd]")));
}

Test(syslog_frame, oversized_frames_arrive_when_their_end_does)
{
	/* far more than the read slack, in every split */
	static char big[3 * 4096 + 64];

	memset(big, 'x', sizeof(big));
	memcpy(big, "12345 ", 6);
	cr_assert(eq(str, run_whole(&ra, 4, big, 6 + 8000), STR("CUTO[xxxx]")));
	memset(big, 'y', sizeof(big));
	big[sizeof(big) - 3] = '\n';
	big[sizeof(big) - 2] = 'o';
	big[sizeof(big) - 1] = '\n';
	cr_assert(
	    eq(str, run_whole(&ra, 4, big, sizeof(big)), STR("LT[yyyy] L[o]")));
	cr_assert(eq(str, run_bytewise(&ra, 4, big, sizeof(big)),
	    STR("LT[yyyy] L[o]")));
}

Test(syslog_frame, octet_frame_of_exactly_cap_is_not_truncated)
{
	cr_assert(eq(str, run_whole(&ra, 4, LIT("4 abcd5 abcde")),
	    STR("O[abcd] OT[abcd]")));
}

Test(syslog_frame, lf_frame_of_exactly_cap_is_not_truncated)
{
	cr_assert(eq(str, run_whole(&ra, 4, LIT("abcd\nabcde\nabc\n")),
	    STR("L[abcd] LT[abcd] L[abc]")));
}

Test(syslog_frame, lf_frame_of_exactly_cap_at_eof_lacks_its_lf)
{
	cr_assert(
	    eq(str, run_whole(&ra, 4, LIT("x\nabcd")), STR("L[x] CUTL[abcd]")));
}

Test(syslog_frame, count_of_nine_digits_is_octet_counting)
{
	/* a huge frame: everything is skipped, and its end never comes */
	cr_assert(eq(str, run_whole(&ra, 4, LIT("999999999 abcdef\n5 hello")),
	    STR("CUTO[abcd]")));
	cr_assert(eq(str, run_whole(&ra, 64, LIT("000000012 abc\n")),
	    STR("L[000000012 abc]")));
	cr_assert(eq(str, run_whole(&ra, 64, LIT("100000000 abc")),
	    STR("CUTO[abc]")));
}

Test(syslog_frame, count_of_ten_digits_is_a_framing_error)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("3 abc1000000000 abc")),
	    STR("O[abc] ERR@5:octet count longer than 9 digits")));
}

Test(syslog_frame, ten_digits_framing_error_with_tiny_cap)
{
	cr_assert(eq(str, run_bytewise(&ra, 1, LIT("1234567890 x")),
	    STR("ERR@0:octet count longer than 9 digits")));
}

Test(syslog_frame, framing_error_is_sticky)
{
	struct syslog_frame *f = syslog_frame_new(64);
	struct syslog_frame_out out;
	struct parse_error err;
	size_t room;
	char *p = syslog_frame_space(f, &room);

	cr_assert(ge(sz, room, 16));
	memcpy(p, "12345678901 x\n", 14);
	syslog_frame_commit(f, 14);
	cr_assert(eq(int, syslog_frame_next(f, &out, &err), -1));
	cr_assert(eq(sz, err.offset, 0));
	cr_assert(eq(int, syslog_frame_next(f, &out, &err), -1));
	cr_assert(eq(int, syslog_frame_eof(f, &out), 0));
	cr_assert(eq(int, syslog_frame_next(f, &out, &err), -1));
	syslog_frame_free(f);
}

Test(syslog_frame, digits_then_not_a_space_is_lf_text)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("2140\tx\n12345678901x\n")),
	    STR("L[2140\\x09x] L[12345678901x]")));
	cr_assert(eq(str, run_whole(&ra, 64, LIT("2140\n")), STR("L[2140]")));
}

Test(syslog_frame, zero_count_is_lf_text)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("0 \n0 x\n05 hello\n")),
	    STR("L[0 ] L[0 x] L[05 hello]")));
}

Test(syslog_frame, digit_run_filling_the_buffer_is_truncated_lf_text)
{
	/* cap 4: the buffer holds 11 bytes, all digits: no count */
	cr_assert(eq(str, run_bytewise(&ra, 4, LIT("123456789012345\nab\n")),
	    STR("LT[1234] L[ab]")));
	/* cap 16: 17 digits fill it */
	cr_assert(
	    eq(str, run_whole(&ra, 16, LIT("12345678901234567890 tail\n1 x")),
		STR("LT[1234567890123456] O[x]")));
}

Test(syslog_frame, empty_lines_are_delivered_as_empty_frames)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("\n\r\n\nx\n")),
	    STR("L[] L[\\r] L[] L[x]")));
}

Test(syslog_frame, nul_bytes_inside_frames_are_kept)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("\0a\0\n3 \0\0\0")),
	    STR("L[\\x00a\\x00] O[\\x00\\x00\\x00]")));
}

Test(syslog_frame, eof_drops_final_lf_frame_without_lf)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("a\nlast")),
	    STR("L[a] CUTL[last]")));
}

Test(syslog_frame, eof_inside_octet_frame_reports_bytes_dropped)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("10 abc")), STR("CUTO[abc]")));
	cr_assert(eq(str, run_whole(&ra, 64, LIT("10 ")), STR("CUTO[]")));
	/* oversized and cut before cap bytes came */
	cr_assert(eq(str, run_whole(&ra, 4, LIT("10 ab")), STR("CUTO[ab]")));
}

Test(syslog_frame, eof_inside_count_reports_the_digits)
{
	cr_assert(
	    eq(str, run_whole(&ra, 64, LIT("1 x12")), STR("O[x] CUTL[12]")));
}

Test(syslog_frame, eof_at_a_frame_boundary_is_clean)
{
	cr_assert(eq(str, run_whole(&ra, 64, LIT("")), STR("")));
	cr_assert(eq(str, run_whole(&ra, 64, LIT("1 x")), STR("O[x]")));
	cr_assert(eq(str, run_whole(&ra, 64, LIT("x\n")), STR("L[x]")));
}

Test(syslog_frame, eof_while_skipping_drops_the_held_frame)
{
	cr_assert(eq(str, run_whole(&ra, 2, LIT("9 abcd")), STR("CUTO[ab]")));
	cr_assert(eq(str, run_whole(&ra, 2, LIT("abcd")), STR("CUTL[ab]")));
	cr_assert(eq(str, run_whole(&ra, 2, LIT("4 abcd")), STR("OT[ab]")));
}

Test(syslog_frame, eof_leaves_the_framer_as_new)
{
	struct syslog_frame *f = syslog_frame_new(8);
	struct syslog_frame_out out;
	struct parse_error err;
	size_t room;
	char *p = syslog_frame_space(f, &room);

	memcpy(p, "5 ab", 4);
	syslog_frame_commit(f, 4);
	cr_assert(eq(int, syslog_frame_next(f, &out, &err), 0));
	cr_assert(eq(int, syslog_frame_eof(f, &out), -1));
	cr_assert(eq(sz, out.len, 2));
	cr_assert(eq(int, syslog_frame_eof(f, &out), 0));
	p = syslog_frame_space(f, &room);
	/* max(cap + 1, 9 digits + SPACE + 1), and the slack */
	cr_assert(eq(sz, room, 11 + 4096));
	memcpy(p, "2 cd", 4);
	syslog_frame_commit(f, 4);
	cr_assert(eq(int, syslog_frame_next(f, &out, &err), 1));
	cr_assert(eq(sz, out.len, 2));
	cr_assert(eq(int, memcmp(out.buf, "cd", 2), 0));
	syslog_frame_free(f);
}

Test(syslog_frame, frames_stay_valid_until_space_is_asked)
{
	struct syslog_frame *f = syslog_frame_new(32);
	struct syslog_frame_out a, b, c;
	struct parse_error err;
	size_t room;
	char *p = syslog_frame_space(f, &room);

	memcpy(p, "3 abcdef\ngh", 11);
	syslog_frame_commit(f, 11);
	cr_assert(eq(int, syslog_frame_next(f, &a, &err), 1));
	cr_assert(eq(int, syslog_frame_next(f, &b, &err), 1));
	cr_assert(eq(int, syslog_frame_next(f, &c, &err), 0));
	cr_assert(eq(sz, a.len, 3));
	cr_assert(eq(int, memcmp(a.buf, "abc", 3), 0));
	cr_assert(eq(sz, b.len, 3));
	cr_assert(eq(int, memcmp(b.buf, "def", 3), 0));
	syslog_frame_free(f);
}

Test(syslog_frame, room_is_offered_after_every_need_for_bytes)
{
	/* streams that hold the buffer as full as the framer allows */
	static const char *const streams[] = { "99999999", "1234567890",
		"12345678901234567890123", "xxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
		"30 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "\n\n\n\n\n\n",
		"5 \n\n\n\n\n9 123456789" };

	for (size_t cap = 1; cap <= 24; cap++)
		for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]);
		     i++) {
			/* run_splits asserts room >= 1 before every read */
			run_bytewise(&ra, cap, streams[i], strlen(streams[i]));
			cr_assert(le(sz, ra.max_frame_len, cap));
			run_whole(&rb, cap, streams[i], strlen(streams[i]));
			cr_assert(eq(str, ra.log, rb.log), "cap %zu stream %zu",
			    cap, i);
		}
}

Test(syslog_frame, room_grows_back_as_frames_are_taken)
{
	struct syslog_frame *f = syslog_frame_new(8);
	struct syslog_frame_out out;
	struct parse_error err;
	size_t room;
	char *p = syslog_frame_space(f, &room);

	/* a 9-digit count and its SPACE fit, and the slack */
	cr_assert(eq(sz, room, 11 + 4096));
	memcpy(p, "1 a1 b1 c1", 10);
	syslog_frame_commit(f, 10);
	for (int i = 0; i < 3; i++)
		cr_assert(eq(int, syslog_frame_next(f, &out, &err), 1));
	cr_assert(eq(int, syslog_frame_next(f, &out, &err), 0));
	p = syslog_frame_space(f, &room);
	/* the pending "1" moved to the front */
	cr_assert(eq(sz, room, 10 + 4096));
	cr_assert(eq(int, p[-1], '1'));
	syslog_frame_free(f);
}

Test(syslog_frame, cap_of_one_byte_works)
{
	cr_assert(eq(str, run_bytewise(&ra, 1, LIT("1 a2 bcxy\nz\n\n")),
	    STR("O[a] OT[b] LT[x] L[z] L[]")));
}

Test(syslog_frame, free_of_null_is_a_no_op)
{
	syslog_frame_free(NULL); /* fails by crashing */
}
