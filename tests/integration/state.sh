#!/bin/bash
# SPDX-License-Identifier: ISC
# State that survives: a window open at SIGTERM still pairs after the
# restart (one alert); after kill -9 the last periodic save still pairs;
# a damaged state file is moved aside and the daemon starts empty;
# net-snmp keeps its own file in its own directory.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAPD"

pick_ports
EXTRA_CONF='save-interval 1s'
write_conf 5m 30m
sed -i "s|^state-directory none|state-directory \"$T/state\"|" "$T/evcorrd.conf"
start_trapd
start_evcorrd

restart() {
	kill "-${1:-TERM}" "$EVCORRD_PID"
	wait "$EVCORRD_PID" 2>/dev/null
	cp "$T/evcorrd.out" "$T/evcorrd.out.$RUN"
	RUN=$((RUN + 1))
	start_evcorrd
}
RUN=1
all_alerts() { cat "$T"/evcorrd.out* 2>/dev/null | grep -c "evcorrd alert" || true; }

# 1. SIGTERM mid-window, then the 100.
send_snare udp keep01 2140
wait_stat windows_opened 1 || fatal "2140 not counted"
restart TERM
check "the state file exists" test -s "$T/state/windows.state"
check "net-snmp's file is not ours" test ! -e "$T/state/evcorrd.conf"
check "the window was loaded" stat_ge state_loaded 1
send_snare udp keep01 100
check "the pair alerts after the restart" wait_until 50 now all_alerts -eq 1
check "...once" bash -c "sleep 1; test \$(cat '$T'/evcorrd.out* | grep -c 'host=keep01 ') -eq 1"

# 2. kill -9 after a periodic save.
send_snare udp kill01 2140
wait_stat windows_opened 1 || fatal "2140 not counted"
check "a periodic save happened" wait_until 50 stat_ge state_saves 1
restart KILL
check "after kill -9 the window was loaded" stat_ge state_loaded 1
send_snare udp kill01 100
check "the pair alerts after kill -9" wait_until 50 now all_alerts -eq 2

# 3. A damaged file: moved aside, the daemon starts empty and says so.
kill "$EVCORRD_PID"; wait "$EVCORRD_PID" 2>/dev/null
cp "$T/evcorrd.out" "$T/evcorrd.out.$RUN"; RUN=$((RUN + 1))
printf 'evcorrd-state 1 0\nR garbage\n' > "$T/state/windows.state"
start_evcorrd
check "a damaged file is counted" stat_eq state_bad_files 1
check "...reported" grep -q "saved state .*windows.state: .*moved to" "$T/evcorrd.err"
check "...and moved aside" bash -c "ls '$T/state/' | grep -q 'windows.state.bad-'"
check "the daemon runs empty" stat_eq state_loaded 0
send_snare udp fresh01 2140
send_snare udp fresh01 100
check "and correlates" wait_until 50 now all_alerts -eq 3

# SIGUSR1 also lists the windows, bounded, with the total.
send_snare udp dump01 2140
wait_stat windows_opened 2 || fatal "2140 not counted"
check "SIGUSR1 lists an open window" wait_until 50 grep -q "window: rule Q246115 host dump01: open by host time 2026-11-29T21:27:06.000Z" "$T/evcorrd.err"
check "...and the total" grep -Eq "windows: [0-9]+ of [0-9]+ shown" "$T/evcorrd.err"

finish
