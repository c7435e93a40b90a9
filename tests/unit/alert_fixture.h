/* SPDX-License-Identifier: ISC */
/*
 * The Q246115 alert the output tests share, and JSON helpers for checking
 * what they write.  The alert's strings point into the fixture's arrays
 * below, so a test changes a string by writing its array (or points the
 * alert at another string).
 */
#ifndef TESTS_UNIT_ALERT_FIXTURE_H
#define TESTS_UNIT_ALERT_FIXTURE_H

#include <stdbool.h>

#include <jansson.h>

#include "engine/alert.h"
#include "output/alert_format.h"

#define FIXTURE_ID "5c1d3f7a-9b2e-4c8d-a6f0-1e2d3c4b5a69"
#define T_OPEN_MS 1795987626000LL  /* 2026-11-29T21:27:06.000Z */
#define T_CLOSE_MS 1795987690000LL /* 2026-11-29T21:28:10.000Z */

/* One event's strings. */
struct fixture_event {
	char source[256];
	char log[128];
	char computer[256];
	char peer[64];
	char via[16];
	char text[2 * ALERT_TEXT_MAX];
};

/* The rule texts, as the alert points at them. */
extern char rule_name[64], title[], cause[], fix[], reference[];
extern char host[256];
extern struct fixture_event open_ev, close_ev;
extern struct alert alert;
extern char buf[ALERT_FORMAT_MAX];

/* Fills the arrays and alert with the Q246115 alert (a Criterion .init). */
void setup(void);
/*
 * Makes the alert hostile: quotes, backslashes, controls, line breaks,
 * invalid UTF-8 and a NUL in its host, title, cause and event fields.
 */
void fixture_hostile(void);
bool is_type(json_t *v, json_type type);
/* Parses s as one JSON object; fails the test otherwise. */
json_t *parse(const char *s);
const char *get_str(json_t *obj, const char *key);
json_int_t get_int(json_t *obj, const char *key);

#endif
