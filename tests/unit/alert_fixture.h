/* SPDX-License-Identifier: ISC */
/*
 * The Q246115 alert the alert_format and emit_log tests share, and JSON
 * helpers for checking what they write.
 */
#ifndef TESTS_UNIT_ALERT_FIXTURE_H
#define TESTS_UNIT_ALERT_FIXTURE_H

#include <stdbool.h>

#include <jansson.h>

#include "alert_format.h"
#include "correlator.h"
#include "rule.h"

#define T_OPEN_MS 1795987626000LL  /* 2026-11-29T21:27:06.000Z */
#define T_CLOSE_MS 1795987690000LL /* 2026-11-29T21:28:10.000Z */

/* The rule texts, as the rule points at them. */
extern char title[], cause[], fix[], reference[];
extern struct rule rule;
extern struct alert alert;
extern char buf[ALERT_FORMAT_MAX];

/* Fills rule and alert with the Q246115 alert (a Criterion .init). */
void setup(void);
bool is_type(json_t *v, json_type type);
/* Parses s as one JSON object; fails the test otherwise. */
json_t *parse(const char *s);
const char *get_str(json_t *obj, const char *key);
json_int_t get_int(json_t *obj, const char *key);

#endif
