#!/bin/bash
# SPDX-License-Identifier: ISC
# UDP ingestion A/B: two evcorrd binaries (say, before and after a change
# to the UDP input) receive the same blast of Snare datagrams, in turns,
# ROUNDS times each, in one run, so that the shared machine's load hits
# both alike.  Reports per run the daemon's CPU per datagram (from
# /proc/PID/stat: the sender's share is not counted), the kernel drops it
# counted, and its read system calls per datagram (strace -c, when
# BENCH_STRACE=1; strace slows the daemon, so that run is separate).
# usage: udp_ab.sh OLD_EVCORRD NEW_EVCORRD [ROUNDS]
set -u
OLD=${1:?usage: udp_ab.sh OLD NEW [ROUNDS]}
NEW=${2:?usage: udp_ab.sh OLD NEW [ROUNDS]}
ROUNDS=${3:-3}
BLAST=${BLAST:-$(dirname "$NEW")/../tests/bench/blast}
COUNT=${BENCH_COUNT:-200000}
HOSTS=${BENCH_HOSTS:-10000}
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$T"' EXIT
hz=$(getconf CLK_TCK)

counter() { # NAME: from the last stats line
	kill -USR1 "$PID"
	sleep 0.3
	grep "stats:" "$T/err" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$1=//p"
}

run() { # LABEL BINARY
	port=$((20000 + RANDOM % 30000))
	cat > "$T/conf" <<CONF
listen syslog udp on 127.0.0.1 port $port
state-directory none
rule "Q246115" {
	open event 2140
	close event 100
	within 5m by host
	holddown 0s
}
CONF
	: > "$T/err"
	if [ "${BENCH_STRACE:-0}" = 1 ]; then
		strace -f -c -o "$T/strace" "$2" -d -f "$T/conf" 2> "$T/err" &
	else
		"$2" -d -f "$T/conf" 2> "$T/err" &
	fi
	PID=$!
	for _ in $(seq 100); do grep -q started "$T/err" && break; sleep 0.1; done
	[ "${BENCH_STRACE:-0}" = 1 ] && PID=$(pgrep -P "$PID" || echo "$PID")
	c0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
	"$BLAST" "$port" "$COUNT" "$HOSTS" > /dev/null
	for _ in $(seq 50); do
		prev=$(counter syslog_udp_datagrams)
		sleep 0.2
		[ "$(counter syslog_udp_datagrams)" = "$prev" ] && break
	done
	c1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
	got=$(counter syslog_udp_datagrams)
	drops=$(counter syslog_udp_kernel_drops)
	kill "$PID"
	wait 2>/dev/null
	PID=""
	awk -v l="$1" -v c=$((c1 - c0)) -v hz="$hz" -v n="$got" -v d="$drops" \
	    'BEGIN { printf "%s received %d kernel_drops %d cpu_us_per_datagram %.2f\n", l, n, d, c / hz * 1e6 / n }'
	if [ "${BENCH_STRACE:-0}" = 1 ]; then
		awk -v l="$1" -v n="$got" '$NF ~ /^(recvmsg|recvmmsg)$/ {
		    printf "%s %s calls %d (%.3f per datagram)\n", l, $NF, $4, $4 / n }' "$T/strace"
	fi
}

echo "== udp A/B: $COUNT datagrams, $HOSTS hosts, $ROUNDS rounds, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for r in $(seq "$ROUNDS"); do
	run "round $r old" "$OLD"
	run "round $r new" "$NEW"
done
