#!/bin/bash
# SPDX-License-Identifier: ISC
# evcorrd -T: one marked test alert through every target and alert log,
# with informs acknowledged by a real snmptrapd, and one verdict per
# destination; exit 0 only when every one took it.  A refused inform
# fails it (exit 1).  No listener is opened: a busy listen port is fine.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$SNMPTRAPD" "$SYSLOG_NG"

pick_ports
P_DEAD=$(free_port)
P_SNG=$(free_port)
start_trapd
# a forwarder's collector: syslog-ng over TCP, writing what it receives
cat > "$T/syslog-ng.conf" <<CONF
@version: 3.38
options { stats_freq(0); flush_lines(0); };
source s { syslog(ip("127.0.0.1") port($P_SNG) transport("tcp")); };
destination d { file("$T/sng.out" template("\${MSG}\n")); };
log { source(s); destination(d); };
CONF
start_syslog_ng "$P_SNG"
cat > "$T/t.conf" <<CONF
listen syslog udp on 127.0.0.1 port $P_SYSLOG
target "nms" inform v2c to 127.0.0.1 port $P_NMS community "public"
target "nms-trap" trap v2c to 127.0.0.1 port $P_NMS community "public"
alert-log file "$T/alerts.json" format json
forward "siem" syslog tcp to 127.0.0.1 port $P_SNG format json
state-directory none
CONF
# the listen port taken: -T must not bind it
python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").close(); time.sleep(30)' "$P_SYSLOG" "$T/busy" &
BUSY=$!
wait_until 50 test -f "$T/busy" || fatal "no busy port"
"$EVCORRD" -T -f "$T/t.conf" > "$T/t.out" 2> "$T/t.err"
rc=$?
cat "$T/t.out"
check "-T exits 0 when every destination took it" test "$rc" -eq 0
check "the inform target: delivered (acknowledged)" grep -qx "target nms: delivered" "$T/t.out"
check "the trap target: delivered" grep -qx "target nms-trap: delivered" "$T/t.out"
check "the alert log: delivered" grep -qx "alert-log $T/alerts.json: delivered" "$T/t.out"
check "the forwarder: delivered" grep -Eq "^forward .*siem.*: delivered\$" "$T/t.out"
check "the collector got the test alert" wait_until 50 grep -q '"kind":"test"' "$T/sng.out"
check "snmptrapd got both, as test notifications" wait_until 50 now test_trap_count -eq 2
check "the JSON line is the test alert" \
    jq -e '.rule == "evcorrd-test" and (.title | startswith("TEST ALERT"))' "$T/alerts.json"
check "no listener was opened" bash -c "! grep -q 'cannot listen\|listening' '$T/t.err'"
kill "$BUSY" 2>/dev/null
wait "$BUSY" 2>/dev/null

cat > "$T/dead.conf" <<CONF
target "dead" inform v2c to 127.0.0.1 port $P_DEAD community "public"
alert-log file "$T/alerts2.json" format json
state-directory none
CONF
"$EVCORRD" -T -f "$T/dead.conf" > "$T/dead.out" 2> "$T/dead.err"
rc=$?
cat "$T/dead.out"
check "-T exits 1 when a destination failed" test "$rc" -eq 1
check "the refused inform: failed, and why" \
    grep -qx "target dead: failed: refused by the host (ICMP unreachable)" "$T/dead.out"
check "the other destination still delivered" grep -qx "alert-log $T/alerts2.json: delivered" "$T/dead.out"

printf 'state-directory none\n' > "$T/none.conf"
"$EVCORRD" -T -f "$T/none.conf" > "$T/none.out" 2>&1
check "-T with nowhere to send: exit 1" test $? -eq 1
check "... and says so" grep -q "nowhere to send it" "$T/none.out"
finish
