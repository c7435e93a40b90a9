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
