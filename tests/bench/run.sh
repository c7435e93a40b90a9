#!/bin/bash
# SPDX-License-Identifier: ISC
# make bench: the correlator micro-benchmark, then evcorrd end to end
# (Snare datagrams over UDP loopback -> correlation -> alert lines and
# notifications), reporting CPU per event and loss rather than wall time,
# so results compare across runs on a shared machine.  Record results in
# docs/PERFORMANCE.md with the date and machine.
set -u
EVCORRD=${1:?usage: run.sh path/to/evcorrd}
B=$(dirname "$EVCORRD")/../tests/bench
T=$(mktemp -d)
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT
PID=""

echo "== machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
echo "== correlator (200000 hosts)"
"$B/bench_correlator" 200000 || echo "bench_correlator: FAILED"

port=$((20000 + RANDOM % 30000))
nms=$((port + 1))
cat > "$T/bench.conf" <<CONF
listen syslog udp on 127.0.0.1 port $port
target "nms" trap v2c to 127.0.0.1 port $nms community "public"
alert-log file "$T/alerts.json" format json
state-directory none
rule "Q246115" {
	open event 2140
	close event 100
	within 5m by host
	holddown 0s
}
CONF
"$EVCORRD" -d -f "$T/bench.conf" 2> "$T/err" &
PID=$!
for _ in $(seq 100); do grep -q started "$T/err" && break; sleep 0.1; done

cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
stats() {
	kill -USR1 $PID
	sleep 0.5
	grep "stats:" "$T/err" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$1=//p"
}
count=${BENCH_COUNT:-400000}
hosts=${BENCH_HOSTS:-10000}
hz=$(getconf CLK_TCK)
c0=$(cpu)
t0=$(date +%s.%N)
"$B/blast" "$port" "$count" "$hosts"
for _ in $(seq 50); do
	prev=$(stats syslog_udp_datagrams)
	sleep 0.2
	[ "$(stats syslog_udp_datagrams)" = "$prev" ] && break
done
t1=$(date +%s.%N)
c1=$(cpu)
got=$(stats syslog_udp_datagrams)
alerts=$(stats alerts)
rss=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
echo "== end to end ($count datagrams, $hosts hosts)"
echo "datagrams_received $got of $count"
echo "alerts $alerts of $((count / 2))"
awk -v c=$((c1 - c0)) -v hz="$hz" -v n="$got" \
    'BEGIN { printf "cpu_us_per_event %.2f us\n", c / hz * 1e6 / n }'
awk -v a="$t0" -v b="$t1" -v n="$got" \
    'BEGIN { printf "events_per_s_wall %.0f /s (includes sender pacing)\n", n / (b - a) }'
echo "peak_rss $rss KiB"
kill $PID
