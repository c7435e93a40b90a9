#!/bin/bash
# SPDX-License-Identifier: ISC
# Q246115 end to end by syslog: 2140 (Snare over UDP) then 100 (NXLog JSON
# over TCP) from one host -> one alert line, one JSON line, and one
# EVCORR-MIB notification at a real snmptrapd with every varbind checked.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAPD"

pick_ports
CONF_ARGS="30s 30m"
write_conf $CONF_ARGS
start_trapd
start_evcorrd

send_snare udp EXCH01 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_json tcp exch01.corp.example 100
check "one alert line" wait_until 50 now alert_count -eq 1
check "one notification at snmptrapd" wait_until 50 now trap_count -eq 1

line=$(grep "evcorrd alert" "$T/evcorrd.out")
echo "# $line"
check "line names the rule" grep -q 'rule=Q246115' <<<"$line"
check "line names the host key" grep -q 'host=exch01' <<<"$line"
check "line carries the cause" grep -q 'invalid administrator mailbox' <<<"$line"
check "line carries the fix" grep -q 'select a valid administrator mailbox' <<<"$line"
check "line carries both events" grep -q '2140' <<<"$line"
check "json line parses" jq -e . "$T/alerts.json"
check "json rule" jq -e '.rule == "Q246115"' "$T/alerts.json"
check "json host" jq -e '.host == "exch01"' "$T/alerts.json"
check "json open event" jq -e '.open.event_id == 2140 and .open.source == "MSExchangeIMC"' "$T/alerts.json"
check "json close event" jq -e '.close.event_id == 100' "$T/alerts.json"
check "json via" jq -e '.open.via == "syslog/udp" and .close.via == "syslog/tcp"' "$T/alerts.json"
check_notification Q246115 exch01 2140 100 0
check "counted" stat_eq alerts 1
stop_evcorrd
check "SIGTERM exits 0" test $? -eq 0
finish
