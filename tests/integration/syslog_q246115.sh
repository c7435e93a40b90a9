#!/bin/bash
# SPDX-License-Identifier: ISC
# Q246115 end to end by syslog: 2140 (Snare over UDP) then 100 (NXLog JSON
# over TCP) from one host -> one alert line, one JSON line, and one
# EVCORR-MIB notification at a real snmptrapd with every varbind checked.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAPD"

command -v python3 >/dev/null 2>&1 || skip "python3 not found"

# A local syslog socket the alert lines also go to (as to /dev/log).
python3 - "$T/log.sock" "$T/syslog.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], "ab") as f:
    try:
        f.write(s.recv(65536) + b"\n")
    except socket.timeout:
        pass
PY
SYSLOG_PID=$!
wait_until 50 test -S "$T/log.sock" || fatal "no syslog socket"

pick_ports
EXTRA_CONF="alert-log syslog format json facility local3 socket \"$T/log.sock\""
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
wait "$SYSLOG_PID"
# local3 (19) * 8 + err (3, severity major) = 155
check "syslog sink: one datagram with PRI local3.err" grep -q '^<155>' "$T/syslog.out"
check "syslog sink: tagged evcorrd[pid]" grep -q "evcorrd\[$EVCORRD_PID\]: " "$T/syslog.out"
check "syslog sink: the JSON alert" bash -c "sed 's/^[^{]*//' '$T/syslog.out' | jq -e '.rule == \"Q246115\"'"
check "syslog sink: counted" stat_eq alert_log_lines 3
stop_evcorrd
check "SIGTERM exits 0" test $? -eq 0
finish
