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
for n in 100000 1000000; do
	echo "== saved state and memory ($n open windows)"
	"$B/bench_state" "$n" "$T" || echo "bench_state: FAILED"
done

# --replay of a Snare file: 50,000 hosts, about 2,000,000 lines.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
echo "== replay (50000 hosts)"
python3 "$SRC/tests/integration/replay_gen.py" 10 50000 "$T/replay.log" \
    "$T/replay.want" 17
cat > "$T/replay.conf" <<CONF
state-directory none
alert-log stdout format json
rule "Q246115" {
	open event 2140
	close event 100
	within 5m by host
	holddown 30m
}
CONF
lines=$(wc -l < "$T/replay.log")
t0=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$T/replay.rss" "$EVCORRD" -f "$T/replay.conf" \
    --replay "$T/replay.log" > "$T/replay.out" 2> "$T/replay.err"
t1=$(date +%s.%N)
got=$(grep -c '"kind":"pair"' "$T/replay.out")
echo "lines $lines, pairs $got of $(wc -l < "$T/replay.want") expected"
awk -v a="$t0" -v b="$t1" -v n="$lines" \
    'BEGIN { printf "replay_lines_per_s %.0f /s (wall)\n", n / (b - a) }'
echo "replay_peak_rss_kb $(cat "$T/replay.rss")"

# e2e NAME OUTPUTS: one daemon, COUNT datagrams over HOSTS hosts, each
# pair correlating; OUTPUTS are the config lines for the alert outputs.
e2e() {
	name=$1
	port=$((20000 + RANDOM % 30000))
	cat > "$T/bench.conf" <<CONF
listen syslog udp on 127.0.0.1 port $port
state-directory none
$2
rule "Q246115" {
	open event 2140
	close event 100
	within 5m by host
	holddown 0s
}
CONF
	: > "$T/err"
	"$EVCORRD" -d -f "$T/bench.conf" 2> "$T/err" &
	PID=$!
	for _ in $(seq 100); do grep -q started "$T/err" && break; sleep 0.1; done
	c0=$(cpu)
	t0=$(date +%s.%N)
	"$B/blast" "$port" "$count" "$hosts" > /dev/null # count + 1 datagrams
	for _ in $(seq 50); do
		prev=$(stats syslog_udp_datagrams)
		sleep 0.2
		[ "$(stats syslog_udp_datagrams)" = "$prev" ] && break
	done
	t1=$(date +%s.%N)
	c1=$(cpu)
	got=$(stats syslog_udp_datagrams)
	drops=$(stats syslog_udp_kernel_drops)
	alerts=$(stats alerts)
	rss=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
	echo "== end to end, $name ($count datagrams, $hosts hosts)"
	echo "datagrams_received $got of $((count + 1)) (the last one closes the burst)"
	echo "kernel_drops_counted $drops (received + counted = $((got + drops)) of $((count + 1)))"
	echo "alerts $alerts"
	awk -v c=$((c1 - c0)) -v hz="$hz" -v n="$got" \
	    'BEGIN { printf "cpu_us_per_datagram %.2f us\n", c / hz * 1e6 / n }'
	awk -v a="$t0" -v b="$t1" -v n="$got" \
	    'BEGIN { printf "datagrams_per_s %.0f /s (wall, sender paced)\n", n / (b - a) }'
	echo "peak_rss $rss KiB"
	kill $PID
	wait $PID 2>/dev/null
	PID=""
}

cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
stats() {
	kill -USR1 $PID
	sleep 0.3
	grep "stats:" "$T/err" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$1=//p"
}
count=${BENCH_COUNT:-200000}
hosts=${BENCH_HOSTS:-10000}
hz=$(getconf CLK_TCK)
nms=$((20000 + RANDOM % 30000))

e2e "correlation only" ""
e2e "every pair alerts: JSON line + SNMP trap" "target \"nms\" trap v2c to 127.0.0.1 port $nms community \"public\"
alert-log file \"$T/alerts.json\" format json"
