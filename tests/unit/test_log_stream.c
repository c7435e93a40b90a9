/* SPDX-License-Identifier: ISC */
/*
 * The alert-log output kinds (log_stream.c: file, FIFO, stdout socket and
 * pipe; log_syslog.c): rotation, failed reopen, full FIFO recovery, never
 * blocking, and their counters.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <jansson.h>

#include "alert_fixture.h"
#include "core/clock.h"
#include "core/counter.h"
#include "output/alert_format.h"
#include "output/output.h"

#include "criterion_str.h"

static char tmpdir[64];
static struct counter_registry *reg;
static const struct clock_stamp now = { 1000, T_CLOSE_MS + 200, 1000 };

static void
registry_reset(void)
{
	counter_registry_free(reg);
	reg = counter_registry_new();
}

/* The output of cal's sink kind, its counters in the registry. */
static struct output *
open_sink(const struct conf_alert_log *cal)
{
	static const struct output_kind *const kinds[] = {
		[CONF_SINK_STDOUT] = &log_stdout_kind,
		[CONF_SINK_FILE] = &log_file_kind,
		[CONF_SINK_SYSLOG] = &log_syslog_kind,
	};
	struct output_env env = { NULL, now };
	struct output *o;

	if (reg == NULL)
		registry_reset();
	if ((o = kinds[cal->sink]->open(&env, cal)) != NULL)
		counter_registry_add(reg, &o->counters);
	return o;
}

static void
deliver(struct output *o, const struct alert *a)
{
	o->kind->deliver(o, a, &now);
}

static void
close_sink(struct output *o)
{
	o->kind->close(o);
}

/* A counter's total over every sink, open or closed, since the reset. */
static uint64_t
total(const char *name)
{
	return reg != NULL ? counter_registry_total(reg, name) : 0;
}

static int
remove_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	remove(path);
	return 0;
}

static void
remove_tmpdir(void)
{
	if (tmpdir[0] != '\0')
		nftw(tmpdir, remove_cb, 8, FTW_DEPTH | FTW_PHYS);
}

TestSuite(log_stream, .init = setup, .fini = remove_tmpdir);

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/evcorrd-emit-log-XXXXXX");
	cr_assert(ne(ptr, mkdtemp(tmpdir), NULL));
	registry_reset();
	umask(022);
}

static char *
tmp_path(const char *name)
{
	static char paths[4][128];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
	return p;
}

/* The whole file, NUL-terminated, in a static buffer. */
static char *
slurp(const char *path)
{
	static char data[4 * ALERT_FORMAT_MAX];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	cr_assert(ne(int, fd, -1), "%s: %s", path, strerror(errno));
	n = read(fd, data, sizeof(data) - 1);
	cr_assert(ge(int, (int)n, 0));
	data[n] = '\0';
	close(fd);
	return data;
}

static struct output *
file_sink(const char *path, enum conf_format format)
{
	struct conf_alert_log cal = { .sink = CONF_SINK_FILE,
		.format = format,
		.path = (char *)(uintptr_t)path };

	return open_sink(&cal);
}

Test(log_stream, file_gets_one_text_line_per_alert)
{
	char want[2 * ALERT_FORMAT_MAX + 2];
	struct output *l;
	int n;

	make_tmpdir();
	l = file_sink(tmp_path("alerts.log"), CONF_FORMAT_TEXT);
	cr_assert(ne(ptr, l, NULL));
	deliver(l, &alert);
	alert.suppressed = 3;
	deliver(l, &alert);
	close_sink(l);
	alert.suppressed = 0;
	n = alert_format_text(&alert, want, sizeof(want));
	want[n++] = '\n';
	alert.suppressed = 3;
	n += alert_format_text(&alert, want + n, sizeof(want) - (size_t)n);
	want[n++] = '\n';
	want[n] = '\0';
	cr_assert(eq(str, slurp(tmp_path("alerts.log")), want));
	cr_assert(eq(u64, total("alert_log_lines"), 2));
	cr_assert(eq(u64, total("alert_log_errors"), 0));
}

Test(log_stream, file_json_lines_parse_and_appends)
{
	struct output *l;
	char *data, *nl;
	json_t *v;

	make_tmpdir();
	l = file_sink(tmp_path("a.json"), CONF_FORMAT_JSON);
	deliver(l, &alert);
	close_sink(l);
	/* a second open appends, never truncates */
	l = file_sink(tmp_path("a.json"), CONF_FORMAT_JSON);
	deliver(l, &alert);
	close_sink(l);
	data = slurp(tmp_path("a.json"));
	for (int i = 0; i < 2; i++) {
		nl = strchr(data, '\n');
		cr_assert(ne(ptr, nl, NULL));
		*nl = '\0';
		v = parse(data);
		cr_assert(eq(str, get_str(v, "rule"), "Q246115"));
		json_decref(v);
		data = nl + 1;
	}
	cr_assert(eq(str, data, ""));
}

Test(log_stream, file_is_created_0640)
{
	struct stat st;
	struct output *l;

	make_tmpdir();
	l = file_sink(tmp_path("m.log"), CONF_FORMAT_TEXT);
	cr_assert(ne(ptr, l, NULL));
	cr_assert(eq(int, stat(tmp_path("m.log"), &st), 0));
	cr_assert(eq(int, (int)(st.st_mode & 07777), 0640));
	close_sink(l);
}

Test(log_stream, reopen_follows_a_rotated_file)
{
	struct output *l;

	make_tmpdir();
	l = file_sink(tmp_path("r.log"), CONF_FORMAT_TEXT);
	deliver(l, &alert);
	cr_assert(eq(int, rename(tmp_path("r.log"), tmp_path("r.log.1")), 0));
	cr_assert(eq(int, l->kind->reopen(l), 0));
	alert.suppressed = 8;
	deliver(l, &alert);
	close_sink(l);
	cr_assert(
	    eq(ptr, strstr(slurp(tmp_path("r.log.1")), "suppressed=8"), NULL));
	cr_assert(
	    ne(ptr, strstr(slurp(tmp_path("r.log")), "suppressed=8"), NULL));
	cr_assert(eq(u64, total("alert_log_reopened"), 0));
}

/* Renamed without a SIGHUP: the next line notices and goes to the path. */
Test(log_stream, renamed_file_is_noticed_and_reopened)
{
	struct output *l;

	make_tmpdir();
	l = file_sink(tmp_path("r.log"), CONF_FORMAT_TEXT);
	deliver(l, &alert);
	cr_assert(eq(int, rename(tmp_path("r.log"), tmp_path("r.log.1")), 0));
	alert.suppressed = 7;
	deliver(l, &alert);
	alert.suppressed = 8;
	deliver(l, &alert);
	close_sink(l);
	cr_assert(
	    eq(ptr, strstr(slurp(tmp_path("r.log.1")), "suppressed=7"), NULL));
	cr_assert(
	    ne(ptr, strstr(slurp(tmp_path("r.log")), "suppressed=7"), NULL));
	cr_assert(
	    ne(ptr, strstr(slurp(tmp_path("r.log")), "suppressed=8"), NULL));
	cr_assert(eq(u64, total("alert_log_reopened"), 1));
	cr_assert(eq(u64, total("alert_log_lines"), 3));
}

/* Deleted under the daemon: lines would go on into an unlinked file. */
Test(log_stream, deleted_file_is_noticed_and_recreated)
{
	struct output *l;

	make_tmpdir();
	l = file_sink(tmp_path("d.log"), CONF_FORMAT_JSON);
	deliver(l, &alert);
	cr_assert(eq(int, unlink(tmp_path("d.log")), 0));
	alert.suppressed = 5;
	deliver(l, &alert);
	close_sink(l);
	cr_assert(ne(ptr, strstr(slurp(tmp_path("d.log")), "\"suppressed\":5"),
	    NULL));
	cr_assert(eq(u64, total("alert_log_reopened"), 1));
}

/*
 * The disk fills mid-record (RLIMIT_FSIZE stands in for ENOSPC: write(2)
 * returns short, then fails): the cut record is truncated away, counted,
 * and the file parses line by line once space returns.
 */
Test(log_stream, short_write_leaves_no_half_record)
{
	struct rlimit rl = { 0, 0 }, saved;
	struct stat st;
	struct output *l;
	char *data, *nl;
	off_t whole;
	json_t *v;
	int lines = 0;

	make_tmpdir();
	signal(SIGXFSZ, SIG_IGN);
	cr_assert(eq(int, getrlimit(RLIMIT_FSIZE, &saved), 0));
	l = file_sink(tmp_path("full.json"), CONF_FORMAT_JSON);
	deliver(l, &alert);
	cr_assert(eq(int, stat(tmp_path("full.json"), &st), 0));
	whole = st.st_size;
	rl.rlim_cur = (rlim_t)whole + 40; /* room for 40 bytes of the next */
	rl.rlim_max = saved.rlim_max;
	cr_assert(eq(int, setrlimit(RLIMIT_FSIZE, &rl), 0));
	deliver(l, &alert);
	cr_assert(eq(int, stat(tmp_path("full.json"), &st), 0));
	cr_assert(eq(i64, (int64_t)st.st_size, (int64_t)whole));
	cr_assert(eq(u64, total("alert_log_errors"), 1));
	cr_assert(eq(int, setrlimit(RLIMIT_FSIZE, &saved), 0));
	deliver(l, &alert);
	close_sink(l);
	for (data = slurp(tmp_path("full.json")); *data != '\0';
	     data = nl + 1) {
		cr_assert(ne(ptr, (nl = strchr(data, '\n')), NULL));
		*nl = '\0';
		v = parse(data);
		cr_assert(eq(str, get_str(v, "rule"), "Q246115"));
		json_decref(v);
		lines++;
	}
	cr_assert(eq(int, lines, 2));
	cr_assert(eq(u64, total("alert_log_lines"), 2));
}

Test(log_stream, failed_reopen_keeps_the_old_file)
{
	char sub[128], moved[128], path[160];
	struct output *l;

	make_tmpdir();
	snprintf(sub, sizeof(sub), "%s/d", tmpdir);
	snprintf(moved, sizeof(moved), "%s/e", tmpdir);
	snprintf(path, sizeof(path), "%s/f.log", sub);
	cr_assert(eq(int, mkdir(sub, 0755), 0));
	l = file_sink(path, CONF_FORMAT_TEXT);
	cr_assert(ne(ptr, l, NULL));
	cr_assert(eq(int, rename(sub, moved), 0));
	cr_assert(eq(int, l->kind->reopen(l), -1));
	deliver(l, &alert);
	close_sink(l);
	snprintf(path, sizeof(path), "%s/f.log", moved);
	cr_assert(ne(ptr, strstr(slurp(path), "rule=Q246115"), NULL));
	cr_assert(eq(u64, total("alert_log_lines"), 1));
}

Test(log_stream, file_that_cannot_open_fails)
{
	make_tmpdir();
	cr_assert(eq(ptr, file_sink(tmpdir, CONF_FORMAT_TEXT), NULL));
	cr_assert(eq(ptr, file_sink(tmp_path("no/such/dir"), CONF_FORMAT_TEXT),
	    NULL));
}

Test(log_stream, fifo_without_reader_fails_without_hanging)
{
	make_tmpdir();
	cr_assert(eq(int, mkfifo(tmp_path("fifo"), 0600), 0));
	cr_assert(eq(ptr, file_sink(tmp_path("fifo"), CONF_FORMAT_TEXT), NULL));
}

/*
 * A full pipe: lines are counted as errors, and once it drains the next
 * line starts on a line of its own, not glued to the one cut short.
 */
Test(log_stream, full_fifo_counts_errors_and_recovers_the_line)
{
	static char data[1 << 20], big[6000];
	struct output *l;
	char *last;
	size_t n = 0;
	ssize_t r;
	int rd;

	make_tmpdir();
	memset(big, 'x', sizeof(big) - 1); /* lines longer than the pipe */
	alert.cause = big;
	cr_assert(eq(int, mkfifo(tmp_path("fifo"), 0600), 0));
	rd = open(tmp_path("fifo"), O_RDONLY | O_NONBLOCK);
	cr_assert(ne(int, rd, -1));
	cr_assert(eq(int, fcntl(rd, F_SETPIPE_SZ, 4096), 4096));
	l = file_sink(tmp_path("fifo"), CONF_FORMAT_JSON);
	cr_assert(ne(ptr, l, NULL));
	for (int i = 0; i < 5; i++)
		deliver(l, &alert); /* must not block */
	cr_assert(eq(u64, total("alert_log_errors"), 5));
	cr_assert(eq(u64, total("alert_log_lines"), 0));
	while ((r = read(rd, data + n, sizeof(data) - 1 - n)) > 0)
		n += (size_t)r;
	cr_assert(eq(sz, n, 4096), "the first line was cut at the pipe size");
	alert.cause = cause;
	alert.suppressed = 99;
	deliver(l, &alert);
	cr_assert(eq(u64, total("alert_log_lines"), 1));
	while ((r = read(rd, data + n, sizeof(data) - 1 - n)) > 0)
		n += (size_t)r;
	data[n] = '\0';
	close_sink(l);
	close(rd);
	cr_assert(eq(ptr, strchr(data, '\n'), data + 4096));
	cr_assert(eq(chr, data[n - 1], '\n'));
	data[n - 1] = '\0';
	last = strrchr(data, '\n');
	cr_assert(eq(ptr, last, data + 4096));
	json_decref(parse(last + 1));
	cr_assert(ne(ptr, strstr(last + 1, "\"suppressed\":99"), NULL));
}

Test(log_stream, truncated_line_is_counted_and_still_written)
{
	static char big[20000];
	struct output *l;
	char *data;

	make_tmpdir();
	memset(big, '\x01', sizeof(big) - 1);
	alert.cause = big;
	l = file_sink(tmp_path("t.log"), CONF_FORMAT_TEXT);
	deliver(l, &alert);
	close_sink(l);
	data = slurp(tmp_path("t.log"));
	cr_assert(ne(ptr, strstr(data, " truncated=1\n"), NULL));
	cr_assert(eq(ptr, strchr(data, '\n'), data + strlen(data) - 1));
	cr_assert(eq(u64, total("alert_log_truncated"), 1));
	cr_assert(eq(u64, total("alert_log_lines"), 1));
}

Test(log_stream, stdout_socket_gets_whole_lines)
{
	struct conf_alert_log cal = { .sink = CONF_SINK_STDOUT,
		.format = CONF_FORMAT_TEXT };
	char want[ALERT_FORMAT_MAX + 1], got[ALERT_FORMAT_MAX + 1];
	struct output *l;
	int sv[2], n;
	ssize_t r;

	registry_reset();
	cr_assert(eq(int, socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0));
	cr_assert(ne(int, dup2(sv[0], STDOUT_FILENO), -1));
	l = open_sink(&cal);
	cr_assert(ne(ptr, l, NULL));
	deliver(l, &alert);
	close_sink(l);
	n = alert_format_text(&alert, want, sizeof(want) - 1);
	want[n++] = '\n';
	r = recv(sv[1], got, sizeof(got), MSG_DONTWAIT);
	cr_assert(eq(int, (int)r, n));
	cr_assert(eq(int, memcmp(got, want, (size_t)n), 0));
	cr_assert(eq(u64, total("alert_log_lines"), 1));
}

Test(log_stream, stdout_pipe_never_blocks, .timeout = 10)
{
	struct conf_alert_log cal = { .sink = CONF_SINK_STDOUT,
		.format = CONF_FORMAT_JSON };
	struct output *l;
	int p[2];

	registry_reset();
	cr_assert(eq(int, pipe(p), 0));
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	cr_assert(ne(int, dup2(p[1], STDOUT_FILENO), -1));
	l = open_sink(&cal);
	cr_assert(ne(ptr, l, NULL));
	for (int i = 0; i < 20; i++)
		deliver(l, &alert);
	close_sink(l);
	cr_assert(gt(u64, total("alert_log_errors"), 0));
	/* our fd 1 keeps its blocking mode: the description was not shared */
	cr_assert(eq(int, fcntl(STDOUT_FILENO, F_GETFL) & O_NONBLOCK, 0));
}

Test(log_stream, syslog_without_dev_log_counts_a_drop)
{
	struct conf_alert_log cal = { .sink = CONF_SINK_SYSLOG,
		.format = CONF_FORMAT_TEXT,
		.facility = LOG_LOCAL0 };
	struct output *l;

	if (access("/dev/log", F_OK) == 0)
		cr_skip_test("/dev/log exists: would write to the system log");
	registry_reset();
	l = open_sink(&cal);
	cr_assert(ne(ptr, l, NULL));
	deliver(l, &alert);
	close_sink(l);
	cr_assert(eq(u64, total("alert_log_errors"), 1));
	cr_assert(eq(u64, total("alert_log_lines"), 0));
}

Test(log_stream, syslog_rejects_a_bad_facility)
{
	struct conf_alert_log cal = { .sink = CONF_SINK_SYSLOG,
		.format = CONF_FORMAT_TEXT,
		.facility = 3 };

	cr_assert(eq(ptr, open_sink(&cal), NULL));
}
