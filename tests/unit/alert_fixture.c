/* SPDX-License-Identifier: ISC */
/* The shared Q246115 alert fixture: see alert_fixture.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "alert_fixture.h"

char title[] = "Exchange Internet Mail Service cannot start";
char cause[] = "The administrator's mailbox on the Internet Mail tab "
	       "is not valid";
char fix[] = "In Exchange Administrator, Configuration > Connectors > "
	     "Internet Mail Service > Internet Mail: select a valid "
	     "administrator's mailbox";
char reference[] = "Microsoft KB Q246115";

char rule_name[64], host[256];
struct fixture_event open_ev, close_ev;
struct alert alert;
char buf[ALERT_FORMAT_MAX];

static void
setup_event(struct alert_event *ae, struct fixture_event *fe)
{
	ae->source = fe->source;
	ae->log = fe->log;
	ae->computer = fe->computer;
	ae->peer = fe->peer;
	ae->via = fe->via;
	ae->text = fe->text;
}

void
setup(void)
{
	snprintf(rule_name, sizeof(rule_name), "Q246115");
	snprintf(host, sizeof(host), "exch01");
	memset(&open_ev, 0, sizeof(open_ev));
	snprintf(open_ev.source, sizeof(open_ev.source), "MSExchangeIMC");
	snprintf(open_ev.log, sizeof(open_ev.log), "Application");
	snprintf(open_ev.computer, sizeof(open_ev.computer), "EXCH01");
	snprintf(open_ev.peer, sizeof(open_ev.peer), "192.0.2.5");
	snprintf(open_ev.via, sizeof(open_ev.via), "syslog/udp");
	snprintf(open_ev.text, sizeof(open_ev.text),
	    "The Internet Mail Service could not start.");
	close_ev = open_ev;
	snprintf(close_ev.via, sizeof(close_ev.via), "trap/v2c");
	snprintf(close_ev.peer, sizeof(close_ev.peer), "192.0.2.6");
	snprintf(close_ev.text, sizeof(close_ev.text),
	    "The service is stopping.");

	memset(&alert, 0, sizeof(alert));
	alert.kind = ALERT_PAIR;
	alert.has_close = true;
	snprintf(alert.id, sizeof(alert.id), "%s", FIXTURE_ID);
	alert.rule = rule_name;
	alert.severity = SEVERITY_MAJOR;
	alert.title = title;
	alert.cause = cause;
	alert.fix = fix;
	alert.reference = reference;
	alert.host = host;
	alert.open.event_id = 2140;
	alert.open.time_ms = T_OPEN_MS;
	setup_event(&alert.open, &open_ev);
	alert.close.event_id = 100;
	alert.close.time_ms = T_CLOSE_MS;
	setup_event(&alert.close, &close_ev);
	alert.time_ms = T_CLOSE_MS + 123;
	alert.refs = 1;
}

void
fixture_hostile(void)
{
	static char htitle[] = "t\"itle\r\n\\ \xff\xc2\x85";
	static char hcause[] = "cause\0hidden";
	size_t i;

	snprintf(host, sizeof(host), "h\nx\"y\\z\x01\xc3(");
	snprintf(open_ev.source, sizeof(open_ev.source), "s\"\r\n");
	snprintf(open_ev.log, sizeof(open_ev.log), "\xed\xa0\x80log");
	snprintf(open_ev.computer, sizeof(open_ev.computer),
	    "\xf4\x90\x80\x80\xe2\x80\xa8");
	for (i = 0; i < ALERT_TEXT_MAX; i++)
		open_ev.text[i] = (char)(1 + i % 255);
	open_ev.text[i] = '\0';
	snprintf(close_ev.text, sizeof(close_ev.text),
	    "line1\nline2\r\n\"quoted\" \\ back \x7f\x80\xfe");
	alert.title = htitle;
	alert.cause = hcause;
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
