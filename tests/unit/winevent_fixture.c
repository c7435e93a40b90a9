/* SPDX-License-Identifier: ISC */
/* The winevent tests' shared decoding and fixture reading. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "decode/syslog_parse.h"
#include "decode/winevent.h"
#include "winevent_fixture.h"

int
winevent_fixture_try(const char *frame, size_t len, enum winevent_format only,
    struct winevent *ev, struct parse_error *err)
{
	char *buf = malloc(len > 0 ? len : 1);
	struct syslog_msg m;
	struct parse_error perr;
	int rc = -2;

	cr_assert(buf != NULL);
	memcpy(buf, frame, len);
	if (syslog_parse(buf, len, WINEVENT_FIXTURE_NOW_MS, &m, &perr) == 0)
		rc = winevent_from_syslog_as(&m, only, ev, err);
	free(buf);
	return rc;
}

size_t
winevent_fixture_read(const char *name, char *buf, size_t bufsz)
{
	char path[1024];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/syslog/%s", TEST_DATADIR, name);
	fp = fopen(path, "rb");
	cr_assert(fp != NULL, "%s: cannot open", path);
	n = fread(buf, 1, bufsz, fp);
	fclose(fp);
	cr_assert(gt(sz, n, 0));
	return n;
}
