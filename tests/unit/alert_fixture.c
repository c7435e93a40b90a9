/* SPDX-License-Identifier: ISC */
/* The shared Q246115 alert fixture: see alert_fixture.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "alert_fixture.h"
#include "winevent.h"

char title[] = "Exchange Internet Mail Service cannot start";
char cause[] = "The administrator's mailbox on the Internet Mail tab "
	       "is not valid";
char fix[] = "In Exchange Administrator, Configuration > Connectors > "
	     "Internet Mail Service > Internet Mail: select a valid "
	     "administrator's mailbox";
char reference[] = "Microsoft KB Q246115";

struct rule rule;
struct alert alert;
char buf[ALERT_FORMAT_MAX];

void
setup(void)
{
	memset(&rule, 0, sizeof(rule));
	snprintf(rule.name, sizeof(rule.name), "Q246115");
	rule.open.event_id = 2140;
	rule.close.event_id = 100;
	rule.severity = RULE_SEVERITY_MAJOR;
	rule.title = title;
	rule.cause = cause;
	rule.fix = fix;
	rule.reference = reference;

	memset(&alert, 0, sizeof(alert));
	alert.rule = &rule;
	snprintf(alert.host, sizeof(alert.host), "exch01");
	alert.open.event_id = 2140;
	snprintf(alert.open.source, sizeof(alert.open.source), "MSExchangeIMC");
	snprintf(alert.open.log, sizeof(alert.open.log), "Application");
	snprintf(alert.open.computer, sizeof(alert.open.computer), "EXCH01");
	snprintf(alert.open.peer, sizeof(alert.open.peer), "192.0.2.5");
	alert.open.via = WINEVENT_VIA_SYSLOG_UDP;
	alert.open.time_ms = T_OPEN_MS;
	snprintf(alert.open.text, sizeof(alert.open.text),
	    "The Internet Mail Service could not start.");
	alert.close = alert.open;
	alert.close.event_id = 100;
	alert.close.via = WINEVENT_VIA_TRAP_V2C;
	snprintf(alert.close.peer, sizeof(alert.close.peer), "192.0.2.6");
	alert.close.time_ms = T_CLOSE_MS;
	snprintf(alert.close.text, sizeof(alert.close.text),
	    "The service is stopping.");
	alert.time_ms = T_CLOSE_MS + 123;
}

/* jansson's type tests are macros, which cr_assert() cannot take whole. */
bool
is_type(json_t *v, json_type type)
{
	return v != NULL && json_typeof(v) == type;
}

json_t *
parse(const char *s)
{
	json_error_t err;
	json_t *v = json_loads(s, 0, &err);

	cr_assert(ne(ptr, v, NULL), "not JSON (%s at %d): %s", err.text,
	    err.position, s);
	cr_assert(is_type(v, JSON_OBJECT));
	return v;
}

const char *
get_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	cr_assert(is_type(v, JSON_STRING), "%s is not a string", key);
	return json_string_value(v);
}

json_int_t
get_int(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	cr_assert(is_type(v, JSON_INTEGER), "%s is not an integer", key);
	return json_integer_value(v);
}
