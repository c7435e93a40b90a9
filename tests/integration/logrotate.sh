#!/bin/bash
# SPDX-License-Identifier: ISC
# SIGUSR2 reopens the alert files without a reload: the file renamed as
# logrotate does keeps the first alert, a new file gets the second; the
# installed logrotate snippet names that signal and passes logrotate -d.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER"

pick_ports
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_evcorrd
send_snare udp EXCH01 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_snare udp EXCH01 100
check "first alert in the file" wait_until 50 test -s "$T/alerts.json"
mv "$T/alerts.json" "$T/alerts.json.1"
kill -USR2 "$EVCORRD_PID"
check "reopened, logged" wait_until 50 grep -q 'alert files reopened (SIGUSR2)' "$T/evcorrd.err"
check "no reload" stat_eq reloads 0
check "a new file" wait_until 50 test -e "$T/alerts.json"
send_snare udp EXCH02 2140
wait_stat windows_opened 2 || fatal "2140 did not open a window"
send_snare udp EXCH02 100
check "second alert in the new file" wait_until 50 grep -q '"host":"exch02"' "$T/alerts.json"
check "the rotated file kept only the first" bash -c \
    "[ \$(wc -l < '$T/alerts.json.1') -eq 1 ] && grep -q '\"host\":\"exch01\"' '$T/alerts.json.1'"
snippet="$top_srcdir/conf/evcorrd.logrotate"
check "the logrotate snippet signals USR2" grep -q 'signal=USR2 evcorrd.service' "$snippet"
if command -v logrotate >/dev/null 2>&1; then
	check "logrotate accepts the snippet" logrotate -d "$snippet"
fi
stop_evcorrd
finish
