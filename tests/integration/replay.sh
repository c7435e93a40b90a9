#!/bin/bash
# SPDX-License-Identifier: ISC
# evcorrd --replay: a seeded fixture of a few thousand Snare lines with a
# known set of pairs gives exactly that set (host, open and close host
# times); the summary counts what it read; an unreadable file is a clear
# error; stdin works; the saved state and the listeners are not touched.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$SNMPTRAPD"
PY=$(command -v python3) || PY=python3
need "$PY"

pick_ports
LATENESS=10s
write_conf 5m 30m
"$PY" "$top_srcdir/tests/integration/replay_gen.py" 46115 400 "$T/fixture.log" "$T/want.txt"
check "the fixture has a few thousand lines" test "$(wc -l < "$T/fixture.log")" -gt 1000

# Listeners of the config are bound by a daemon: replay must not need them.
"$EVCORRD" -f "$T/evcorrd.conf" --replay "$T/fixture.log" > "$T/replay.out" 2> "$T/replay.err"
check "replay exits 0" test $? -eq 0
grep '^{' "$T/replay.out" | "$PY" -c '
import json, sys, calendar, time
for line in sys.stdin:
    a = json.loads(line)
    if a["kind"] != "pair":
        continue
    t = lambda s: calendar.timegm(time.strptime(s[:19], "%Y-%m-%dT%H:%M:%S"))
    print(a["host"], t(a["open"]["time"]), t(a["close"]["time"]))
' | sort > "$T/got.txt"
check "the alerts are exactly the pairs of the fixture" diff -u "$T/want.txt" "$T/got.txt"
check "as many text lines as JSON lines" test "$(grep -c '^evcorrd alert' "$T/replay.out")" -eq "$(grep -c '^{' "$T/replay.out")"
check "the summary counts the lines" grep -q "^replay: lines=$(wc -l < "$T/fixture.log") " "$T/replay.err"
check "the summary counts non-Windows lines" grep -Eq " not_winevent=[1-9]" "$T/replay.err"
check "the summary counts the late pairs" grep -Eq " alerts_late_pairs=[1-9]" "$T/replay.err"
check "the summary counts the alerts" grep -q " alerts=$(wc -l < "$T/want.txt")" "$T/replay.err"

"$EVCORRD" -f "$T/evcorrd.conf" --replay - < "$T/fixture.log" > "$T/stdin.out" 2>/dev/null
check "stdin gives the same alerts" test "$(grep -c '^{' "$T/stdin.out")" -eq "$(wc -l < "$T/want.txt")"

"$EVCORRD" -f "$T/evcorrd.conf" --replay "$T/no-such-file" > /dev/null 2> "$T/bad.err"
check "an unreadable file fails" test $? -ne 0
check "...saying which" grep -q "no-such-file" "$T/bad.err"
# Threads decode ahead of the correlator: the alerts, their order and the
# summary are those of one thread.  A file of awkward shapes: the fixture,
# evtsys pairs (their year is guessed: redone at the correlator's clock), a
# Feb 29 stamp, CRLF and empty lines, a line longer than a chunk, Snare
# records whose layout hangs on a guessed year, and a last line without
# its newline.
{
	cat "$T/fixture.log"
	for i in $(seq 1 50); do
		printf '<11>Jan  1 05:00:00 EVT%02d MSExchangeIMC: 2140: x\r\n' "$i"
		printf '<11>Jan  1 05:00:30 EVT%02d MSExchangeIMC: 100: y\n\n' "$i"
	done
	printf '<11>Feb 29 12:00:00 EXCH01 MSExchangeIMC: 2140: leap\n'
	printf '<11>Jan  1 06:00:00 LONG MSExchangeIMC: 2140: '
	head -c 1500000 /dev/zero | tr '\0' x
	printf '\n<11>Jan  1 06:00:01 LAST MSExchangeIMC: 100: ok\n'
	# Snare without its counter, a yearless Feb 29 after the clock
	# reached 2028: its layout hangs on the year, whatever the outcome
	for i in $(seq 1 3000); do
		printf '<13>1 2028-03-01T12:00:00Z h%d MSWinEventLog - - - MSWinEventLog\t1\tSecurity\t1\tWed Mar 01 12:00:00 2028\t4624\tAuditing\tSYSTEM\tUser\tSuccess Audit\tH\tLogon\t\tx\n' "$i"
	done
	for i in $(seq 1 3500); do
		printf '<13>Feb 28 23:30:00 h%d MSWinEventLog\t1\tSecurity\tFeb 29 10:00:00\t4624\tAuditing\tSYSTEM\tUser\tSuccess Audit\tH\tLogon\t\tx\n' "$i"
	done
	printf '<11>Feb 29 10:00:01 LAST MSExchangeIMC: 100: no newline'
} > "$T/shapes.log"
unids() { sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/ID/g' "$1"; }
for n in 1 2 3; do
	"$EVCORRD" -f "$T/evcorrd.conf" --replay "$T/shapes.log" --replay-threads $n > "$T/shapes.$n.out" 2> "$T/shapes.$n.err"
	check "--replay-threads $n exits 0" test $? -eq 0
	unids "$T/shapes.$n.out" > "$T/shapes.$n.cmp"
done
check "the evtsys pairs alert" test "$(grep -c '"host":"evt[0-9]*"' "$T/shapes.1.out")" -eq 50
check "the line longer than a chunk is one line" grep -q "^replay: lines=$(( $(wc -l < "$T/shapes.log") + 1 )) .* truncated=1 " "$T/shapes.1.err"
for n in 2 3; do
	check "$n threads: the same alerts in the same order" cmp -s "$T/shapes.1.cmp" "$T/shapes.$n.cmp"
	check "$n threads: the same summary" cmp -s "$T/shapes.1.err" "$T/shapes.$n.err"
done
"$EVCORRD" -f "$T/evcorrd.conf" --replay - --replay-threads 2 < "$T/shapes.log" > "$T/shapes.stdin.out" 2>/dev/null
check "threads on stdin: the same alerts" cmp -s "$T/shapes.1.cmp" <(unids "$T/shapes.stdin.out")
check "--replay-threads 0 is refused" bash -c "! '$EVCORRD' -f '$T/evcorrd.conf' --replay '$T/small.log' --replay-threads 0 2>/dev/null"
check "--replay-threads needs --replay" bash -c "! '$EVCORRD' -f '$T/evcorrd.conf' --replay-threads 2 2>/dev/null"

# --replay-outputs: the configured outputs instead of stdout.
head -n 40 "$T/fixture.log" > "$T/small.log"
start_trapd
"$EVCORRD" -f "$T/evcorrd.conf" --replay "$T/small.log" --replay-outputs > "$T/outputs.out" 2> "$T/outputs.err"
check "--replay-outputs exits 0" test $? -eq 0
n_small=$(grep -Eo " alerts=[0-9]+" "$T/outputs.err" | head -n 1 | cut -d= -f2)
check "the small file pairs" test "${n_small:-0}" -gt 0
check "--replay-outputs: alert-log stdout gets text lines" test "$(grep -c '^evcorrd alert' "$T/outputs.out")" -eq "$n_small"
check "...the alert-log file gets every alert" test "$(grep -c '"kind":"pair"' "$T/alerts.json")" -eq "$n_small"
check "...and the target every notification" wait_until 50 now trap_count -eq "$n_small"

check "--replay-outputs needs --replay" bash -c "! '$EVCORRD' -f '$T/evcorrd.conf' --replay-outputs 2>/dev/null"

finish
