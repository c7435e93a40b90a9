#!/bin/bash
# SPDX-License-Identifier: ISC
# The correlation scenarios against a running daemon, each on its own
# host so they cannot disturb each other: 100 alone, 100 then 2140, expiry,
# duplicate 2140s, two hosts interleaved, holddown and the suppressed count
# on the next alert, host name case and domain variants.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAPD"

pick_ports
# Snare times move with the clock: windows and holddowns run on them (whole
# seconds, so each wait below has a second more than the daemon's clock).
SNARE_NOW=1
# A rule narrowed to a source and a log, beside the default any-source one.
EXTRA_CONF='rule "narrow" {
	open event 3000 source "MSExchangeIMC" log "Application"
	close event 3001 source "msexchangeimc"
	within 3s by host
	holddown 0s
}'
CONF_ARGS="3s 3s"
write_conf $CONF_ARGS
start_trapd
start_evcorrd

N=0
# ev udp|tcp HOST ID: send one Snare event and wait until it was counted.
ev() {
	N=$((N + 1))
	send_snare "$1" "$2" "$3"
	wait_stat events "$N" || fatal "event $N ($2 $3) not counted"
}

# Expiry first, alone: 2140, wait for the window to expire, then 100.
ev udp hostc 2140
check "window expires" wait_until 80 stat_eq windows_expired 1
sleep 1.1 # and on host time, whose stamps have whole seconds
ev udp hostc 100
check "100 after expiry: counted as close without window" stat_eq close_without_window 1
check "100 after expiry: no alert" test "$(alert_count)" -eq 0

ev udp hosta 100
check "100 alone: counted" stat_eq close_without_window 2
check "100 alone: no alert" test "$(alert_count)" -eq 0

ev tcp hostb 100
ev tcp hostb 2140
check "100 then 2140: no alert" test "$(alert_count)" -eq 0
check "100 then 2140: 2140 opened a window" stat_eq windows_opened 2

ev udp hostd 2140
ev udp hostd 2140
check "duplicate 2140 counted as repeat" stat_eq windows_repeat_open 1
ev udp hostd 100
check "duplicate 2140s: one alert" wait_until 30 now alert_count -eq 1
check "alert is for hostd" grep -q 'host=hostd ' "$T/evcorrd.out"

ev udp hoste 2140
ev udp hostf 2140
ev udp hostf 100
ev udp hoste 100
check "interleaved hosts: two alerts" wait_until 30 now alert_count -eq 3
check "interleaved: f fired before e" bash -c "grep 'evcorrd alert' '$T/evcorrd.out' | tail -n 2 | head -n 1 | grep -q 'host=hostf '"
check "interleaved: e fired second" bash -c "grep 'evcorrd alert' '$T/evcorrd.out' | tail -n 1 | grep -q 'host=hoste '"

ev udp hostg 2140
ev udp hostg 100
check "holddown: first alert" wait_until 30 now alert_count -eq 4
ev udp hostg 2140
ev udp hostg 100
check "holddown: second pair suppressed" stat_eq alerts_suppressed 1
check "holddown: the held-down repeat is logged" grep -q "event 100 for host hostg: alert held down (holddown)" "$T/evcorrd.err"
check "holddown: no alert while held down" test "$(alert_count)" -eq 4
sleep 4.2 # the 3 s holddown runs on host time, in whole seconds
ev udp hostg 2140
ev udp hostg 100
check "after holddown: alert" wait_until 30 now alert_count -eq 5
check "after holddown: suppressed count rides on the alert" \
    bash -c "grep 'evcorrd alert' '$T/evcorrd.out' | tail -n 1 | grep -q 'suppressed=1'"
check "after holddown: json suppressed" bash -c "tail -n 1 '$T/alerts.json' | jq -e '.suppressed == 1'"

ev udp Exch07 2140
ev tcp EXCH07.CORP.example 100
check "case and domain variants are one host" wait_until 30 now alert_count -eq 6
check "variant alert keyed exch07" bash -c "grep 'evcorrd alert' '$T/evcorrd.out' | tail -n 1 | grep -q 'host=exch07 '"
# The narrowed rule: the same IDs from another source do not match.
N=$((N + 1)); send_snare udp hosth 3000 OtherSource; wait_stat events $N
N=$((N + 1)); send_snare udp hosth 3001 OtherSource; wait_stat events $N
check "narrowed rule ignores another source" test "$(alert_count)" -eq 6
N=$((N + 1)); send_snare udp hosth 3000 MSExchangeIMC; wait_stat events $N
N=$((N + 1)); send_snare udp hosth 3001 MSExchangeIMC; wait_stat events $N
check "narrowed rule fires for its source and log" wait_until 30 now alert_count -eq 7
check "narrowed alert names the rule" bash -c "grep 'evcorrd alert' '$T/evcorrd.out' | tail -n 1 | grep -q 'rule=narrow '"
# NXLog JSON carries Channel=Application: the narrowed log matches it too.
N=$((N + 1)); send_json udp hosti 3000; wait_stat events $N
N=$((N + 1)); send_json tcp hosti 3001; wait_stat events $N
check "narrowed rule matches NXLog JSON's Channel" wait_until 30 now alert_count -eq 8
check "every alert reached snmptrapd" wait_until 50 now trap_count -eq 8
finish
