#!/bin/bash
# SPDX-License-Identifier: ISC
# The benchmark's ground truth (tests/bench/bench_gen.c): its replica of
# replay_gen.py writes byte for byte what the Python model writes; evcorrd
# --replay of a small workload of the bench's own raises exactly the
# truth's pairs; bench_compare finds a planted missing and extra pair,
# reads the peers' line format, and counts a pair raised twice as extra.
. "$(dirname "$0")/lib.sh"
PY=$(command -v python3) || PY=python3
need "$EVCORRD" "$PY"
GEN=$top_builddir/tests/bench/bench_gen
CMP=$top_builddir/tests/bench/bench_compare
need "$GEN" "$CMP"

for args in "46115 400" "10 300" "17 60 3"; do
	# shellcheck disable=SC2086
	set -- $args
	"$PY" "$top_srcdir/tests/integration/replay_gen.py" "$1" "$2" "$T/py.log" "$T/py.want" ${3:+"$3"}
	"$GEN" -P "$1" "$2" "$T/c.log" "$T/c.want" ${3:+"$3"}
	check "bench_gen -P $args: the fixture of replay_gen.py" cmp -s "$T/py.log" "$T/c.log"
	check "bench_gen -P $args: its expected pairs" cmp -s "$T/py.want" "$T/c.want"
done
check "the Python model's pairs are not empty" test "$(wc -l < "$T/py.want")" -gt 10

# The truth is that of the shipped rule: take it from conf/evcorrd.conf.
{
	echo "state-directory none"
	echo "alert-log stdout format json"
	awk '/^rule "Q246115"/,/^}/' "$top_srcdir/conf/evcorrd.conf"
} > "$T/q.conf"
check "the shipped rule is in the configuration" grep -q "within 5m" "$T/q.conf"
"$GEN" -s 7 -n 60000 -H 2000 -p 100 "$T/w.log" "$T/w.truth" 2> "$T/gen.err"
check "the workload has its lines" test "$(wc -l < "$T/w.log")" -eq 60000
check "...and a few hundred pairs" test "$(wc -l < "$T/w.truth")" -gt 300
"$GEN" -s 7 -n 60000 -H 2000 -p 100 "$T/w2.log" "$T/w2.truth" 2>/dev/null
check "the same seed writes the same workload" cmp -s "$T/w.log" "$T/w2.log"
"$GEN" -s 8 -n 60000 -H 2000 -p 100 "$T/w3.log" "$T/w3.truth" 2>/dev/null
check "another seed another" bash -c "! cmp -s '$T/w.log' '$T/w3.log'"

"$EVCORRD" -f "$T/q.conf" --replay "$T/w.log" > "$T/w.out" 2> "$T/w.err"
check "evcorrd --replay exits 0" test $? -eq 0
"$CMP" "$T/w.truth" "$T/w.out" > "$T/cmp.out"
check "evcorrd raises exactly the truth's pairs" test $? -eq 0
check "...as it says" grep -q " missing 0 extra 0$" "$T/cmp.out"
check "the workload exercises the holddown" grep -Eq " alerts_suppressed=[1-9]" "$T/w.err"
check "...late pairs" grep -Eq " alerts_late_pairs=[1-9]" "$T/w.err"
check "...orphan closes" grep -Eq " close_without_window=[1-9]" "$T/w.err"
check "...repeated opens" grep -Eq " windows_repeat_open=[1-9]" "$T/w.err"
check "...and non-Windows lines" grep -Eq " not_winevent=[1-9]" "$T/w.err"

# A missing pair (the first alert dropped) and an extra one (made up).
first=$(grep -n -m 1 '"kind":"pair"' "$T/w.out" | cut -d: -f1)
sed "${first}d" "$T/w.out" > "$T/planted.out"
printf 'pair\tEXCH99999\tTue Jan 01 00:10:00 2030\tTue Jan 01 00:11:00 2030\n' >> "$T/planted.out"
"$CMP" "$T/w.truth" "$T/planted.out" > "$T/planted.cmp"
check "a planted difference fails the comparison" test $? -eq 1
check "...one missing, one extra" grep -q " missing 1 extra 1$" "$T/planted.cmp"
check "...the extra one named" grep -q "^extra exch99999 1893456600 1893456660$" "$T/planted.cmp"
check "...the missing one named" test "$(grep -c '^missing ' "$T/planted.cmp")" -eq 1

# The peers' format, Snare times and epoch seconds; a pair twice.
read -r h o c < "$T/w.truth"
snare() { date -u -d "@$1" '+%a %b %d %H:%M:%S %Y'; }
printf 'pair\t%s\t%s\t%s\n' "$(echo "$h" | tr a-z A-Z)" "$(snare "$o")" "$(snare "$c")" > "$T/peer.out"
tail -n +2 "$T/w.truth" | awk '{ printf "pair\t%s\t%s\t%s\n", $1, $2, $3 }' >> "$T/peer.out"
check "the peers' lines compare equal" "$CMP" -q "$T/w.truth" "$T/peer.out"
tail -n 1 "$T/peer.out" >> "$T/peer.out"
"$CMP" -q "$T/w.truth" "$T/peer.out" > "$T/twice.cmp"
check "a pair raised twice is one extra" grep -q " missing 0 extra 1$" "$T/twice.cmp"

finish
