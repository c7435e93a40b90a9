#!/bin/bash
# SPDX-License-Identifier: ISC
# agentx socket: evcorrd as an AgentX subagent of a real snmpd (master on
# a Unix socket in the test's directory, its own UDP agent on a free
# loopback port, rocommunity for 127.0.0.1 only).  evcorrd starts first,
# with no master: it works, says so once, and connects when snmpd comes.
# Then through snmpd with snmpget/snmpwalk/snmptable: a counter equals
# the stats line's, a window appears in evcorrWindowTable (rule, host,
# path, event ID, time left) and leaves with its pair, whose alert is in
# evcorrHistoryTable with the id of the alert line, the gauges and the
# target's queue.  snmpd stopped: evcorrd keeps correlating, counts the
# disconnect, and reconnects when snmpd is back.
. "$(dirname "$0")/lib.sh"
: "${SNMPD:=$(command -v snmpd || echo /usr/sbin/snmpd)}"
SNMPGET=$(command -v snmpget || true)
SNMPWALK=$(command -v snmpwalk || true)
SNMPTABLE=$(command -v snmptable || true)
SNMPSET=$(command -v snmpset || true)
need "$EVCORRD" "$LOGGER" "$SNMPD" "$SNMPGET" "$SNMPWALK" "$SNMPTABLE" "$SNMPSET"

ROOT=.1.3.6.1.4.1.8072.9999.9999.2140.1
SNMPD_PID=""
pick_ports
P_SNMPD=$(free_port)
SOCK="$T/agentx.sock"
EXTRA_CONF="agentx socket \"$SOCK\""
CONF_ARGS="5m 30m"
write_conf $CONF_ARGS

start_snmpd() {
	mkdir -p "$T/snmpd-state"
	cat > "$T/snmpd.conf" <<CONF
master agentx
agentXSocket $SOCK
agentaddress udp:127.0.0.1:$P_SNMPD
rocommunity public 127.0.0.1
CONF
	: > "$T/snmpd.log"
	SNMP_PERSISTENT_DIR="$T/snmpd-state" "$SNMPD" -f -C \
	    -c "$T/snmpd.conf" -Lf "$T/snmpd.log" -p "$T/snmpd.pid" \
	    > "$T/snmpd.out" 2>&1 &
	SNMPD_PID=$!
	wait_until 100 grep -q "NET-SNMP version" "$T/snmpd.log" ||
	    fatal "snmpd did not start"
}

stop_snmpd() {
	kill "$SNMPD_PID"
	wait "$SNMPD_PID" 2>/dev/null
	SNMPD_PID=""
}
trap '[ -n "$SNMPD_PID" ] && kill "$SNMPD_PID" 2>/dev/null; cleanup' EXIT

snmp() {
	tool=$1
	shift
	"$tool" -v2c -c public -t 3 -r 1 -On -Oq "$@" "127.0.0.1:$P_SNMPD" \
	    ${OIDS:-} 2>>"$T/snmp.err"
}
get() { OIDS="$*" snmp "$SNMPGET" -Ov; }
walk() { OIDS="$1" snmp "$SNMPWALK"; }

# counter_index NAME: the row of evcorrCounterTable named NAME
counter_index() {
	walk "$ROOT.2.1.1.2" | sed -n "s/^$ROOT\.2\.1\.1\.2\.\([0-9]*\) \"*$1\"*\$/\1/p"
}
counter_is_stat() {
	i=$(counter_index "$1")
	[ -n "$i" ] && [ "$(get "$ROOT.2.1.1.3.$i")" = "$(stat "$1")" ]
}
# window_col COL: the values of column COL of evcorrWindowTable
window_col() { walk "$ROOT.4.1.1.$1" | sed 's/^[^ ]* //; s/^"\(.*\)"$/\1/'; }
window_has() { window_col 3 | grep -qx "$1"; }
window_gone() { ! window_col 3 | grep -qx "$1"; }
gauge_is() { [ "$(get "$ROOT.3.$1.0")" = "$2" ]; }
agentx_lines() { grep -c "$1" "$T/evcorrd.err" || true; }

# --- no master: evcorrd starts, works, and says so once
start_evcorrd
check "no master: logged" grep -q "agentx: no master agent at $SOCK" \
    "$T/evcorrd.err"
send_snare udp EXCH00 2140
send_snare udp EXCH00 100
check "no master: correlation goes on" wait_stat alerts 1
# net-snmp retries every 5 s (its own words, at debug level): after the
# first retry, still one warning of ours
retried() {
	[ "$(agentx_lines 'Failed to connect to the agentx master')" -ge 2 ]
}
check "no master: retried" wait_until 150 retried
check "no master: one warning, not one per retry" \
    test "$(agentx_lines 'agentx: no master agent')" -eq 1

# --- snmpd comes: evcorrd connects by itself
start_snmpd
check "master up: connected (agentx_connects 1)" \
    wait_until 150 stat_ge agentx_connects 1
check "master up: logged" grep -q "agentx: connected to the master agent" \
    "$T/evcorrd.err"

# --- counters: Counter64 rows, the value of the stats line
check "evcorrCounterName: the events row" test -n "$(counter_index events)"
check "evcorrCounterValue: is Counter64" \
    bash -c "'$SNMPGET' -v2c -c public -On 127.0.0.1:$P_SNMPD \
    $ROOT.2.1.1.3.$(counter_index events) | grep -q Counter64"
check "evcorrCounterValue events = stats line" \
    wait_until 30 counter_is_stat events
check "evcorrCounterValue alerts = stats line" \
    wait_until 30 counter_is_stat alerts
check "agentx_connects in the table" test -n "$(counter_index agentx_connects)"

# --- a window opens: a row, with what it says
send_snare udp EXCH01 2140
wait_stat windows_opened 2 || fatal "2140 did not open a window"
check "evcorrWindowTable: exch01's window" wait_until 30 window_has exch01
check "evcorrWindowRule" test "$(window_col 2)" = Q246115
check "evcorrWindowPath" test "$(window_col 6)" = syslog/udp
check "evcorrWindowEventId" test "$(window_col 7)" = 2140
left=$(window_col 5)
check "evcorrWindowExpiresIn: under 5 min, not 0 ($left)" \
    test "${left:-0}" -gt 0 -a "${left:-0}" -le 30000
check "evcorrWindowOpened: DateAndTime 2026-11-29" \
    bash -c "'$SNMPWALK' -v2c -c public -On 127.0.0.1:$P_SNMPD \
    $ROOT.4.1.1.4 | grep -q '07 EA 0B 1D'"
check "evcorrWindowsOpen = 1" wait_until 30 gauge_is 2 1
check "evcorrQueueName: target nms" \
    test "$(walk "$ROOT.3.5.1.2" | sed 's/^[^ ]* //')" = '"target nms"'
check "evcorrQueueLength: 0" test "$(walk "$ROOT.3.5.1.3" |
    sed 's/^[^ ]* //')" = 0
if [ -d "$IETF_MIBS" ]; then
	"$SNMPTABLE" -v2c -c public -M "$top_srcdir/mibs:$IETF_MIBS:/usr/share/snmp/mibs" \
	    -m SNMPv2-MIB:EVCORR-MIB -Cf '|' "127.0.0.1:$P_SNMPD" \
	    EVCORR-MIB::evcorrWindowTable > "$T/snmptable" 2>>"$T/snmp.err"
	check "snmptable evcorrWindowTable: the row by name" \
	    grep -q "^Q246115|exch01|.*|syslog/udp|2140$" "$T/snmptable"
else
	echo "# $IETF_MIBS absent: snmptable by name not checked"
fi

# --- its pair closes it: the row goes, the alert is in the history
send_snare udp EXCH01 100
wait_stat alerts 2 || fatal "the pair raised no alert"
check "evcorrWindowTable: the window is gone" wait_until 30 window_gone exch01
check "evcorrWindowsOpen = 0" wait_until 30 gauge_is 2 0
id=$(jq -r 'select(.host == "exch01") | .id' "$T/alerts.json" | tail -n 1)
hist() { walk "$ROOT.5.1.1.$1" | tail -n 1 | sed 's/^[^ ]* //; s/^"\(.*\)"$/\1/'; }
check "evcorrHistoryAlertId = the alert line's id ($id)" \
    test -n "$id" -a "$(hist 2)" = "$id"
check "evcorrHistoryKind: pair(1)" test "$(hist 3)" = 1
check "evcorrHistoryRule" test "$(hist 4)" = Q246115
check "evcorrHistoryHost" test "$(hist 5)" = exch01
check "evcorrHistoryOpenEventId" test "$(hist 7)" = 2140
check "evcorrHistoryCloseEventId" test "$(hist 8)" = 100
check "evcorrHistoryIndex: the 2nd alert" \
    test "$(walk "$ROOT.5.1.1.2" | tail -n 1 | cut -d' ' -f1)" = "$ROOT.5.1.1.2.2"
check "read-only: a set is refused" bash -c "! '$SNMPSET' -v2c -c public \
    127.0.0.1:$P_SNMPD $ROOT.3.1.0 u 5 >/dev/null 2>&1"

# --- the master goes: counted, logged, evcorrd goes on; then it is back
stop_snmpd
check "master down: agentx_disconnects 1" \
    wait_until 150 stat_ge agentx_disconnects 1
check "master down: logged" grep -q "agentx: lost the master agent" \
    "$T/evcorrd.err"
send_snare udp EXCH02 2140
send_snare udp EXCH02 100
check "master down: correlation goes on" wait_stat alerts 3
start_snmpd
check "master back: reconnected (agentx_connects 2)" \
    wait_until 150 stat_ge agentx_connects 2
check "master back: the counters answer again" \
    wait_until 50 counter_is_stat alerts
check "no agentx error line" bash -c "! grep -q 'agentx: cannot' '$T/evcorrd.err'"

# --- a reload cannot move the subagent: said so, and it stays connected
sed -i "s|^agentx socket .*|agentx socket \"$T/other.sock\"|" "$T/evcorrd.conf"
kill -HUP "$EVCORRD_PID"
check "reload: a changed agentx line waits for a restart" \
    wait_until 50 grep -q "agentx changed: takes effect at restart" \
    "$T/evcorrd.err"
check "reload: still answering" wait_until 50 counter_is_stat reloads
stop_snmpd
check "evcorrd stops cleanly" stop_evcorrd

# --- over TCP on loopback: agentx socket tcp:127.0.0.1:PORT
P_AX=$(free_port)
SOCK="tcp:127.0.0.1:$P_AX"
EXTRA_CONF="agentx socket $SOCK"
write_conf $CONF_ARGS
start_snmpd
start_evcorrd
check "tcp: connected at start" wait_until 50 stat_ge agentx_connects 1
check "tcp: a counter through snmpd" wait_until 50 counter_is_stat events
stop_snmpd
check "evcorrd stops cleanly (tcp)" stop_evcorrd
finish
