#!/bin/bash
# SPDX-License-Identifier: ISC
# make bench-suite: evcorrd against syslog-ng, SEC and snmptrapd on the same
# work, on this machine, in one run (docs/PERFORMANCE.md says what each
# figure means).  usage: suite.sh quick|full BUILDDIR
#
# quick (the default) runs in a few minutes with smaller counts; full uses
# the issue's sizes (2,000,000 events, 50,000 hosts, 1,000,000 open
# windows).  Any size can be set: BENCH_EVENTS, BENCH_HOSTS, BENCH_SEC_EVENTS
# (SEC's own smaller workload), BENCH_STEP (seconds per rate step),
# BENCH_BISECT (bisection steps), BENCH_OPEN (open windows at the top of
# the scale), BENCH_LONG (seconds of the RSS run; 600 is the issue's 10
# minutes; the full mode's default is 60), BENCH_RUNS (runs of each
# replay whose median is the figure: 5 in full, 3 in quick), BENCH_SEED.
# Installs what it needs (sec, syslog-ng-core, snmptrapd, time) with
# apt-get when missing.  Prints one table.
set -u
MODE=${1:-quick}
BUILD=$(cd "${2:?usage: suite.sh quick|full BUILDDIR}" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
B=$BUILD/tests/bench
EVCORRD=$BUILD/daemon/evcorrd
T=$(mktemp -d "${TMPDIR:-/tmp}/evcorrd-bench.XXXXXX")
export MIBS="" SNMPCONFPATH=/nonexistent SNMP_PERSISTENT_DIR=$T/snmp
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -n "${BENCH_KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT

case $MODE in
quick)
	EVENTS=${BENCH_EVENTS:-200000} HOSTS=${BENCH_HOSTS:-5000}
	SEC_EVENTS=${BENCH_SEC_EVENTS:-20000} STEP=${BENCH_STEP:-2}
	BISECT=${BENCH_BISECT:-3} OPEN=${BENCH_OPEN:-100000}
	LONG=${BENCH_LONG:-20} RUNS=${BENCH_RUNS:-3} ;;
full)
	EVENTS=${BENCH_EVENTS:-2000000} HOSTS=${BENCH_HOSTS:-50000}
	SEC_EVENTS=${BENCH_SEC_EVENTS:-200000} STEP=${BENCH_STEP:-5}
	BISECT=${BENCH_BISECT:-5} OPEN=${BENCH_OPEN:-1000000}
	LONG=${BENCH_LONG:-60} RUNS=${BENCH_RUNS:-5} ;;
*) echo "usage: suite.sh quick|full BUILDDIR" >&2; exit 2 ;;
esac
SEED=${BENCH_SEED:-1}
RATE0=25000      # the search starts here and doubles till loss
RATE_MAX=3200000 # and gives up doubling here

declare -A R # the results, printed at the end
log() { echo "bench: $*" >&2; }
# A step that sends the replay step's workload needs it made first.
need_workload() {
	[ -s "$T/w.log" ] && return 0
	log "$1 sends the replay step's workload: BENCH_ONLY=\"deps replay $1\""
	exit 1
}

# ------------------------------------------------------------ the peers
deps() {
	local missing=""
	command -v sec > /dev/null || missing="$missing sec"
	[ -x /usr/sbin/syslog-ng ] || missing="$missing syslog-ng-core"
	[ -x /usr/sbin/snmptrapd ] || missing="$missing snmptrapd"
	[ -x /usr/bin/time ] || missing="$missing time"
	if [ -n "$missing" ]; then
		log "installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq --no-install-recommends $missing > /dev/null 2>&1 ||
		    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing > /dev/null; }
	fi
}

free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		ss -Hlnu "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return; }
	done
}

# timed NAME EVENTS CMD...: wall, CPU and peak RSS of CMD (GNU time).
timed() {
	local name=$1 n=$2
	shift 2
	/usr/bin/time -f "%e %U %S %M" -o "$T/$name.time" "$@"
	read -r wall user sys rss < <(tail -n 1 "$T/$name.time")
	R[$name.eps]=$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f", n / (w > 0 ? w : 0.01) }')
	R[$name.cpu]=$(awk -v n="$n" -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", (u + s) * 1e6 / n }')
	R[$name.rss]=$rss
}

# timed_median NAME EVENTS OUT CMD...: CMD RUNS times, its stdout to OUT
# (the last run's kept); the figures are the medians of wall and of CPU
# over the runs, the peak RSS their largest.
timed_median() {
	local name=$1 n=$2 out=$3 i
	shift 3
	: > "$T/$name.runs"
	for i in $(seq "$RUNS"); do
		timed "$name" "$n" "$@" > "$out"
		echo "${R[$name.eps]} ${R[$name.cpu]} ${R[$name.rss]}" >> "$T/$name.runs"
	done
	R[$name.eps]=$(sort -n -k1,1 "$T/$name.runs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
	R[$name.cpu]=$(sort -n -k2,2 "$T/$name.runs" | awk '{ v[NR] = $2 } END { print v[int((NR + 1) / 2)] }')
	R[$name.rss]=$(sort -n -k3,3 "$T/$name.runs" | awk 'END { print $3 }')
	R[$name.all]=$(awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $1 }' "$T/$name.runs")
	log "$name: events/s over $RUNS runs: ${R[$name.all]} (median ${R[$name.eps]})"
}

cmp_result() { # NAME TRUTH OUTPUT
	local out
	out=$("$B/bench_compare" -q "$2" "$3")
	R[$1.alerts]=$(echo "$out" | awk '{ print $4 }')
	R[$1.missing]=$(echo "$out" | awk '{ print $8 }')
	R[$1.extra]=$(echo "$out" | awk '{ print $10 }')
}

# The default rule of conf/evcorrd.conf, verbatim.
default_rule() { awk '/^rule "Q246115"/,/^}/' "$SRC/conf/evcorrd.conf"; }

replay_conf() { # MAX_WINDOWS: on stdout
	echo "state-directory none"
	echo "alert-log stdout format json"
	echo "max-windows $1"
	default_rule
}

# ------------------------------------------------------------ replay
replay() {
	local mw=$((HOSTS * 2 > 100000 ? HOSTS * 2 : 100000))
	log "workload: $EVENTS events, $HOSTS hosts"
	"$B/bench_gen" -s "$SEED" -n "$EVENTS" -H "$HOSTS" "$T/w.log" "$T/w.truth" 2> "$T/gen.err"
	R[work.pairs]=$(wc -l < "$T/w.truth")
	replay_conf "$mw" > "$T/replay.conf"
	log "replay: evcorrd"
	cat "$T/w.log" > /dev/null # every reader starts from the page cache
	timed_median replay.evcorrd "$EVENTS" "$T/ev.out" "$EVCORRD" -f "$T/replay.conf" --replay "$T/w.log" 2> "$T/ev.err"
	cmp_result replay.evcorrd "$T/w.truth" "$T/ev.out"
	log "replay: syslog-ng"
	# syslog-ng's stdin() reads a pipe, not a file, and ends at its end
	BENCH_OUT=$T/sng.out timed replay.sng "$EVENTS" /usr/sbin/syslog-ng -F --no-caps \
	    -f "$SRC/tests/bench/syslog-ng-replay.conf" -R "$T/sng.persist" -p "$T/sng.pid" \
	    -c "$T/sng.ctl" < <(cat "$T/w.log") 2> "$T/sng.err"
	touch "$T/sng.out"
	cmp_result replay.sng "$T/w.truth" "$T/sng.out"
	log "replay: SEC ($SEC_EVENTS events of their own)"
	"$B/bench_gen" -s "$SEED" -n "$SEC_EVENTS" -H "$HOSTS" "$T/s.log" "$T/s.truth" 2> /dev/null
	timed replay.sec "$SEC_EVENTS" sec --conf="$SRC/tests/bench/sec-q246115.sec" --input="$T/s.log" \
	    --notail --nodetach --log=/dev/null > "$T/sec.out" 2> "$T/sec.err"
	cmp_result replay.sec "$T/s.truth" "$T/sec.out"
	timed_median replay.evsec "$SEC_EVENTS" "$T/evs.out" "$EVCORRD" -f "$T/replay.conf" --replay "$T/s.log" 2> /dev/null
	cmp_result replay.evsec "$T/s.truth" "$T/evs.out"
}

# ------------------------------------------------------------ lossless search
# search NAME STEPFN: the highest rate at which STEPFN RATE loses nothing,
# doubling from RATE0 till loss, then BISECT bisection steps; then flat out.
# The figure is the rate the sender achieved at the best lossless step: when
# it falls short of its target (under 90%), the sender is the bound, the
# search stops there and the figure is marked "≥".
search() {
	local name=$1 fn=$2 lo=0 hi=0 r=$RATE0 mid ok
	BEST=0 BOUND=""
	while [ "$r" -le "$RATE_MAX" ]; do
		try_rate "$fn" "$r"; ok=$?
		if [ "$ok" -eq 0 ]; then
			lo=$r
			[ -n "$BOUND" ] && break
			r=$((r * 2))
		else
			hi=$r
			break
		fi
	done
	if [ "$hi" -gt 0 ]; then
		for _ in $(seq "$BISECT"); do
			mid=$(((lo + hi) / 2))
			if try_rate "$fn" "$mid"; then lo=$mid; else hi=$mid; fi
		done
	fi
	R[$name.lossless]=${BOUND:+≥}$BEST
	"$fn" 0
	R[$name.flat_offered]=$OFFERED
	R[$name.flat_kept]=$(awk -v a="$GOT" -v b="$SENT" 'BEGIN { printf "%.1f", 100 * a / b }')
	R[$name.flat_rate]=$(awk -v a="$GOT" -v b="$SENT" -v o="$OFFERED" 'BEGIN { printf "%.0f", a * o / b }')
	log "$name: lossless ${R[$name.lossless]}/s; flat out $OFFERED/s offered, ${R[$name.flat_kept]}% kept"
}

try_rate() { # FN RATE: FN's verdict; BEST and BOUND updated
	local ok
	"$1" "$2"; ok=$?
	[ "$ok" -eq 0 ] && [ "$OFFERED" -gt "$BEST" ] && BEST=$OFFERED
	[ "$ok" -eq 0 ] && [ "$OFFERED" -lt $(($2 * 9 / 10)) ] && BOUND=1
	return "$ok"
}

send() { # RATE PORT ARGS...: sets SENT, OFFERED
	local rate=$1 port=$2 out
	shift 2
	out=$("$B/bench_send" -r "$rate" -d "$STEP" "$@" "$port" ${SENDFILE:+"$SENDFILE"})
	SENT=$(echo "$out" | awk '{ print $2 }')
	OFFERED=$(echo "$out" | awk '{ print $6 }')
}

wait_file() { for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.05; done; return 1; }

# The minimal receiver: a new one each step (RECVARGS: -P parses each
# datagram with net-snmp, and a datagram it does not parse fails the step).
step_recv() {
	local port unparsed
	port=$(free_port)
	rm -f "$T/ready"
	"$B/bench_recv" ${RECVARGS:-} -r "$T/ready" "$port" > "$T/recv.out" &
	local rp=$!
	wait_file "$T/ready"
	send "$1" "$port" $SENDARGS
	wait "$rp"
	GOT=$(awk '{ print $2 }' "$T/recv.out")
	unparsed=$(awk '{ print $6 }' "$T/recv.out")
	log "  minimal receiver ${RECVARGS:-}at ${1:-flat out}/s: sent $SENT received $GOT${unparsed:+ unparsed $unparsed}"
	[ "$GOT" = "$SENT" ] && [ "${unparsed:-0}" = 0 ]
}

# evcorrd's counters, from the stats line SIGUSR1 logs.
stats() {
	kill -USR1 "$EVPID"
	sleep 0.2
	grep "stats:" "$T/evcorrd.err" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$1=//p"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# settle CMD...: waits (bounded) until CMD's output stops changing; prints it.
settle() {
	local prev now
	now=$("$@")
	for _ in $(seq 60); do
		prev=$now
		sleep 0.3
		now=$("$@")
		[ "$now" = "$prev" ] && break
	done
	echo "${now:-0}"
}

# daemon_conf LISTEN ALERTS [LINE...]: a daemon's configuration, on stdout
daemon_conf() {
	local l listen=$1 alerts=$2
	shift 2
	for l in "$@"; do echo "$l"; done
	echo "$listen"
	echo "state-directory none"
	echo "alert-log file \"$alerts\" format json"
	default_rule
}

# search_evcorrd NAME CONF: the search into a daemon of its own
search_evcorrd() {
	start_evcorrd "$2"
	search "$1" step_evcorrd
	R[$1.cpu]=$CPU_US
	R[$1.rss]=$(awk '/VmHWM/ { print $2 }' "/proc/$EVPID/status")
	R[$1.accounting]=$ACCOUNTING
	stop_evcorrd
}

start_evcorrd() { # CONF
	: > "$T/evcorrd.err"
	"$EVCORRD" -d -f "$1" 2> "$T/evcorrd.err" &
	EVPID=$!
	PIDS="$PIDS $EVPID"
	for _ in $(seq 100); do grep -q started "$T/evcorrd.err" && break; sleep 0.1; done
}
stop_evcorrd() { kill "$EVPID"; wait "$EVPID" 2>/dev/null; }

# One step into evcorrd: RECV and DROPS name its counters.
step_evcorrd() {
	local d0 k0 d1 k1 c0 c1
	d0=$(settle stats "$RECV"); k0=$(stats "$DROPS")
	c0=$(cpu_ticks "$EVPID")
	send "$1" "$EVPORT" $SENDARGS
	d1=$(settle stats "$RECV"); k1=$(stats "$DROPS")
	c1=$(cpu_ticks "$EVPID")
	GOT=$((d1 - d0))
	DROPPED=$((${k1:-0} - ${k0:-0}))
	[ $((GOT + DROPPED)) -eq "$SENT" ] || ACCOUNTING="off: sent $SENT received $GOT dropped $DROPPED"
	CPU_US=$(awk -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$GOT" 'BEGIN { printf "%.2f", c / hz * 1e6 / (n ? n : 1) }')
	log "  evcorrd at ${1}/s: sent $SENT received $GOT kernel drops $DROPPED (cpu ${CPU_US} us/event)"
	[ "$GOT" = "$SENT" ]
}

lines() { [ -f "$1" ] && wc -l < "$1" || echo 0; }

# One step into a peer writing a line per datagram to PEER_OUT.
step_peer() {
	local l0 l1 c0 c1
	l0=$(settle lines "$PEER_OUT")
	c0=$(cpu_ticks "$PEER_PID")
	send "$1" "$PEER_PORT" $SENDARGS
	l1=$(settle lines "$PEER_OUT")
	c1=$(cpu_ticks "$PEER_PID")
	GOT=$((l1 - l0))
	CPU_US=$(awk -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$GOT" 'BEGIN { printf "%.2f", c / hz * 1e6 / (n ? n : 1) }')
	log "  $PEER_NAME at ${1}/s: sent $SENT written $GOT"
	[ "$GOT" = "$SENT" ]
}

live_udp() {
	local ports
	need_workload live_udp
	SENDFILE=$T/w.log SENDARGS=""
	log "live UDP: the minimal receiver"
	search udp.recv step_recv

	log "live UDP: syslog-ng (UDP server writing a file, no correlation)"
	PEER_PORT=$(free_port) PEER_OUT=$T/sng-udp.out PEER_NAME=syslog-ng
	BENCH_PORT=$PEER_PORT BENCH_OUT=$PEER_OUT /usr/sbin/syslog-ng -F --no-caps \
	    -f "$SRC/tests/bench/syslog-ng-udp.conf" -R "$T/sngu.persist" -p "$T/sngu.pid" \
	    -c "$T/sngu.ctl" 2> "$T/sngu.err" &
	PEER_PID=$!
	PIDS="$PIDS $PEER_PID"
	sleep 1
	search udp.sng step_peer
	R[udp.sng.cpu]=$CPU_US
	R[udp.sng.rss]=$(awk '/VmHWM/ { print $2 }' "/proc/$PEER_PID/status")
	kill "$PEER_PID"; wait "$PEER_PID" 2>/dev/null

	log "live UDP: evcorrd (correlating, writing alerts)"
	EVPORT=$(free_port) RECV=syslog_udp_datagrams DROPS=syslog_udp_kernel_drops ACCOUNTING=ok
	daemon_conf "listen syslog udp on 127.0.0.1 port $EVPORT" "$T/alerts.json" \
	    "max-windows 1000000" > "$T/live.conf"
	search_evcorrd udp.evcorrd "$T/live.conf"
	# the machine's mark again, right after evcorrd's flat-out step: on a
	# shared machine the sender's speed drifts from minute to minute
	step_recv 0
	R[udp.recv.flat_after]=$(awk -v a="$GOT" -v b="$SENT" -v o="$OFFERED" 'BEGIN { printf "%.0f", a * o / b }')
}

# ------------------------------------------------------------ traps
traps() {
	local v
	SENDFILE=""
	for v in v1 v2c; do
		SENDARGS="-T $v -H 1000"
		log "traps $v: the minimal receiver through net-snmp's parser"
		RECVARGS="-P "
		search "trap.$v.recv" step_recv
		RECVARGS=""
		log "traps $v: snmptrapd (logging to a file)"
		PEER_PORT=$(free_port) PEER_OUT=$T/trapd-$v.log PEER_NAME=snmptrapd
		printf 'disableAuthorization yes\ndoNotRetainNotificationLogs yes\n' > "$T/trapd.conf"
		/usr/sbin/snmptrapd -f -C -c "$T/trapd.conf" -Lf "$PEER_OUT" -n -On \
		    -F '%a %W %v\n' "udp:127.0.0.1:$PEER_PORT" 2> "$T/trapd.err" &
		PEER_PID=$!
		PIDS="$PIDS $PEER_PID"
		sleep 1
		search "trap.$v.trapd" step_peer
		R[trap.$v.trapd.cpu]=$CPU_US
		R[trap.$v.trapd.rss]=$(awk '/VmHWM/ { print $2 }' "/proc/$PEER_PID/status")
		kill "$PEER_PID"; wait "$PEER_PID" 2>/dev/null

		log "traps $v: evcorrd"
		EVPORT=$(free_port) RECV=trap_received DROPS=trap_kernel_drops ACCOUNTING=ok
		daemon_conf "listen trap on 127.0.0.1 port $EVPORT community \"public\"" \
		    "$T/alerts-trap.json" > "$T/trap.conf"
		search_evcorrd "trap.$v.evcorrd" "$T/trap.conf"
	done
}

# SNMPv3 authPriv into evcorrd: a daemon of its own each step, since the
# sender's pre-encoded bytes (boots and time 0) leave the USM time window
# 150 s after the daemon first sees them.
step_evcorrd_v3() {
	local ok
	start_evcorrd "$T/trap3.conf"
	step_evcorrd "$1"; ok=$?
	R[trap.v3.evcorrd.cpu]=$CPU_US
	R[trap.v3.evcorrd.rss]=$(awk '/VmHWM/ { print $2 }' "/proc/$EVPID/status")
	stop_evcorrd
	return "$ok"
}

traps_v3() {
	SENDFILE="" SENDARGS="-T v3 -H 1000"
	log "traps v3 authPriv: evcorrd"
	EVPORT=$(free_port) RECV=trap_received DROPS=trap_kernel_drops ACCOUNTING=ok
	daemon_conf "listen trap on 127.0.0.1 port $EVPORT user \"bench\" security-level priv" \
	    "$T/alerts-trap3.json" \
	    'snmpv3-user "bench" auth sha "bench-auth-pass" priv aes "bench-priv-pass" engine-id 8000000001020304' \
	    > "$T/trap3.conf"
	search trap.v3.evcorrd step_evcorrd_v3
	R[trap.v3.evcorrd.accounting]=$ACCOUNTING
}

# ------------------------------------------------------------ engine scale
scale() {
	local i conf
	log "scale: 1 rule and 1000 rules, the same workload"
	replay_conf 200000 > "$T/r1.conf"
	{
		replay_conf 200000
		for i in $(seq 1 999); do
			printf 'rule "R%d" {\n\topen event %d\n\tclose event %d\n\twithin 5m by host\n}\n' \
			    "$i" $((10000 + 2 * i)) $((10001 + 2 * i))
		done
	} > "$T/r1000.conf"
	for conf in r1 r1000; do
		timed_median "scale.$conf" "$EVENTS" "$T/$conf.out" "$EVCORRD" -f "$T/$conf.conf" --replay "$T/w.log" 2> /dev/null
		cmp_result "scale.$conf" "$T/w.truth" "$T/$conf.out"
	done

	# The same work at every size: the closes go to the first 1000 hosts,
	# so that each size makes the same 1000 alerts (with closes on every
	# host, a million hosts made 280 times the alerts of a thousand, and
	# the figure measured the alerts' formatting, not the table).  Held:
	# replay's clock does not run, so an event held for lateness waits
	# for a later one of its own host (or the end); "l0" runs the rule
	# with lateness 0s, windows alone.
	log "scale: hosts with open windows, 1000 and $OPEN"
	replay_conf $((OPEN * 2)) > "$T/open.conf"
	sed 's/^\(\twithin .*\)$/\1\n\tlateness 0s/' "$T/open.conf" > "$T/open-l0.conf"
	local n h l m=$((OPEN > 200000 ? OPEN : 200000))
	for h in 1000 "$OPEN"; do
		"$B/bench_gen" -O -s "$SEED" -H "$h" -n 0 "$T/o0.log" "$T/o0.truth"
		"$B/bench_gen" -O -C 1000 -s "$SEED" -H "$h" -n "$m" "$T/o1.log" "$T/o1.truth"
		for l in "" -l0; do
			timed_median "open0$l.$h" "$h" /dev/null "$EVCORRD" -f "$T/open$l.conf" --replay "$T/o0.log" 2> /dev/null
			timed_median "open1$l.$h" $((h + m)) "$T/o1.out" "$EVCORRD" -f "$T/open$l.conf" --replay "$T/o1.log" 2> /dev/null
			cmp_result "open$l.$h" "$T/o1.truth" "$T/o1.out"
			# CPU per event of the second part: medians, in µs
			R[open$l.$h.cpu]=$(awk -v a="${R[open0$l.$h.cpu]}" -v na="$h" -v b="${R[open1$l.$h.cpu]}" -v nb=$((h + m)) -v m="$m" \
			    'BEGIN { printf "%.2f", (b * nb - a * na) / m }')
		done
	done
	for l in "" -l0; do
		R[open$l.bytes]=$(awk -v a="${R[open0$l.1000.rss]}" -v b="${R[open0$l.$OPEN.rss]}" -v n="$OPEN" \
		    'BEGIN { printf "%.0f", (b - a) * 1024 / (n - 1000) }')
		R[open$l.rss]=${R[open0$l.$OPEN.rss]}
	done
	if [ -x "$B/bench_state" ]; then
		R[open.bench_state]=$("$B/bench_state" "$OPEN" "$T" 2>/dev/null | awk '/^bytes_per_window_rss/ { print $2 }')
	fi
}

# ------------------------------------------------------------ latency, RSS over time
latency() {
	local half=${R[trap.v2c.evcorrd.lossless]:-20000} nms
	half=${BENCH_LAT_RATE:-$((${half#≥} / 2))}
	[ "$half" -gt 0 ] || half=10000
	log "latency: traps at $half/s (half the lossless rate), probe closes timed to the alert"
	nms=$(free_port)
	EVPORT=$(free_port) RECV=trap_received DROPS=trap_kernel_drops
	daemon_conf "listen trap on 127.0.0.1 port $EVPORT community \"public\"" \
	    "$T/alerts-lat.json" \
	    "target \"nms\" trap v2c to 127.0.0.1 port $nms community \"public\"" > "$T/lat.conf"
	start_evcorrd "$T/lat.conf"
	rm -f "$T/ready"
	"$B/bench_recv" -i 6000 -r "$T/ready" -l "$T/probe.recv" "$nms" > /dev/null &
	local rp=$!
	wait_file "$T/ready"
	# Warm-up without probes: the workload's hosts raise their first
	# pairs (a storm of alerts no steady state has: holddown 30m then
	# holds them) before the probes are timed.
	"$B/bench_send" -T v2c -H 1000 -r "$half" -d 2 "$EVPORT" > /dev/null
	sleep 1
	# one datagram a call, so that a probe's send time is its own
	"$B/bench_send" -T v2c -H 1000 -b 1 -r "$half" -d $((STEP > 5 ? STEP : 5)) -p 100 \
	    -o "$T/probe.sent" "$EVPORT" > /dev/null
	wait "$rp"
	stop_evcorrd
	join <(sort -k1,1 "$T/probe.sent") <(sort -k1,1 "$T/probe.recv") |
	    awk '{ print ($3 - $2) / 1000 }' | sort -n > "$T/lat.us"
	R[lat.n]=$(wc -l < "$T/lat.us")
	R[lat.sent]=$(wc -l < "$T/probe.sent")
	R[lat.p50]=$(awk '{ v[NR] = $1 } END { if (NR) printf "%.0f", v[int(NR * 0.5) + (NR * 0.5 > int(NR * 0.5))] }' "$T/lat.us")
	R[lat.p99]=$(awk '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.99); if (i < NR * 0.99) i++; printf "%.0f", v[i] } }' "$T/lat.us")
	R[lat.rate]=$half
}

long_rss() {
	local half=${R[udp.evcorrd.lossless]:-20000} t0 rss first="" max=0 last=0
	half=$((${half#≥} / 2))
	need_workload long_rss
	log "RSS over $LONG s at $half/s (half the lossless UDP rate)"
	EVPORT=$(free_port)
	sed "s/ port [0-9]*\$/ port $EVPORT/" "$T/live.conf" > "$T/live.conf.long"
	start_evcorrd "$T/live.conf.long"
	"$B/bench_send" -r "$half" -d "$LONG" "$EVPORT" "$T/w.log" > /dev/null &
	local sp=$!
	# a sample every LONG/60 s; the first kept once a tenth of the run
	# is over (warm: the workload's hosts all seen), the max after it
	t0=$SECONDS
	while kill -0 "$sp" 2>/dev/null; do
		sleep $((LONG / 60 > 0 ? LONG / 60 : 1))
		rss=$(awk '/VmRSS/ { print $2 }' "/proc/$EVPID/status")
		echo "$((SECONDS - t0)) $rss" >> "$T/rss.samples"
		[ $((SECONDS - t0)) -ge $((LONG / 10)) ] || continue
		[ -n "$first" ] || first=$rss
		[ "$rss" -gt "$max" ] && max=$rss
		last=$rss
	done
	R[long.samples]=$(awk '{ printf "%s%s", (NR > 1 ? " " : ""), $2 }' "$T/rss.samples")
	log "RSS samples (KiB, every $((LONG / 60 > 0 ? LONG / 60 : 1)) s): ${R[long.samples]}"
	wait "$sp"
	stop_evcorrd
	R[long.first]=$first R[long.last]=$last R[long.max]=$max R[long.rate]=$half
}

# ------------------------------------------------------------ the table
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2f×", a / b }'; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
cmpcell() { echo "${R[$1.alerts]:-?} (missing ${R[$1.missing]:-?}, extra ${R[$1.extra]:-?})"; }

table() {
	set +u # a figure not measured prints empty
	echo
	echo "evcorrd benchmark suite ($MODE), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m), $(uname -r)"
	echo "workload: $EVENTS events, $HOSTS hosts, ${R[work.pairs]} pairs in the truth (SEC: $SEC_EVENTS events); steps of $STEP s"
	echo
	row "figure" "evcorrd" "peer" "evcorrd ÷ peer"
	row "---" "---" "---" "---"
	row "replay events/s (median of $RUNS: ${R[replay.evcorrd.all]})" "${R[replay.evcorrd.eps]}" "syslog-ng ${R[replay.sng.eps]}" "$(ratio "${R[replay.evcorrd.eps]}" "${R[replay.sng.eps]}")"
	row "replay events/s, SEC's workload" "${R[replay.evsec.eps]}" "SEC ${R[replay.sec.eps]}" "$(ratio "${R[replay.evsec.eps]}" "${R[replay.sec.eps]}")"
	row "replay alerts vs truth (${R[work.pairs]})" "$(cmpcell replay.evcorrd)" "syslog-ng $(cmpcell replay.sng)" "-"
	row "replay alerts vs truth, SEC's workload" "$(cmpcell replay.evsec)" "SEC $(cmpcell replay.sec)" "-"
	row "replay CPU µs/event" "${R[replay.evcorrd.cpu]}" "syslog-ng ${R[replay.sng.cpu]}; SEC ${R[replay.sec.cpu]}" "$(ratio "${R[replay.evcorrd.cpu]}" "${R[replay.sng.cpu]}")"
	row "replay peak RSS KiB" "${R[replay.evcorrd.rss]}" "syslog-ng ${R[replay.sng.rss]}; SEC ${R[replay.sec.rss]}" "$(ratio "${R[replay.evcorrd.rss]}" "${R[replay.sng.rss]}")"
	row "UDP lossless rate /s" "${R[udp.evcorrd.lossless]}" "syslog-ng ${R[udp.sng.lossless]}; minimal receiver ${R[udp.recv.lossless]}" "$(ratio "${R[udp.evcorrd.lossless]#≥}" "${R[udp.sng.lossless]#≥}"); $(ratio "${R[udp.evcorrd.lossless]#≥}" "${R[udp.recv.lossless]#≥}") of the receiver"
	row "UDP flat out: offered /s, kept" "${R[udp.evcorrd.flat_offered]}, ${R[udp.evcorrd.flat_kept]}%" "syslog-ng ${R[udp.sng.flat_offered]}, ${R[udp.sng.flat_kept]}%; receiver ${R[udp.recv.flat_offered]}, ${R[udp.recv.flat_kept]}%" "-"
	row "UDP flat out: taken /s" "${R[udp.evcorrd.flat_rate]}" "syslog-ng ${R[udp.sng.flat_rate]}; minimal receiver ${R[udp.recv.flat_rate]}, right after evcorrd ${R[udp.recv.flat_after]}" "$(ratio "${R[udp.evcorrd.flat_rate]}" "${R[udp.recv.flat_after]}") of the receiver right after (target ≥ 0.95×)"
	row "UDP CPU µs/event (flat out)" "${R[udp.evcorrd.cpu]}" "syslog-ng ${R[udp.sng.cpu]}" "$(ratio "${R[udp.evcorrd.cpu]}" "${R[udp.sng.cpu]}")"
	row "UDP peak RSS KiB" "${R[udp.evcorrd.rss]}" "syslog-ng ${R[udp.sng.rss]}" "$(ratio "${R[udp.evcorrd.rss]}" "${R[udp.sng.rss]}")"
	row "UDP accounting (received + drops = sent)" "${R[udp.evcorrd.accounting]}" "-" "-"
	for v in v1 v2c; do
		row "traps $v lossless rate /s" "${R[trap.$v.evcorrd.lossless]}" "snmptrapd ${R[trap.$v.trapd.lossless]}; minimal receiver with net-snmp's parser ${R[trap.$v.recv.lossless]}" "$(ratio "${R[trap.$v.evcorrd.lossless]#≥}" "${R[trap.$v.trapd.lossless]#≥}"); $(ratio "${R[trap.$v.evcorrd.lossless]#≥}" "${R[trap.$v.recv.lossless]#≥}") of the receiver"
		row "traps $v flat out: offered /s, kept" "${R[trap.$v.evcorrd.flat_offered]}, ${R[trap.$v.evcorrd.flat_kept]}%" "snmptrapd ${R[trap.$v.trapd.flat_offered]}, ${R[trap.$v.trapd.flat_kept]}%" "-"
		row "traps $v CPU µs/trap (flat out)" "${R[trap.$v.evcorrd.cpu]}" "snmptrapd ${R[trap.$v.trapd.cpu]}" "$(ratio "${R[trap.$v.evcorrd.cpu]}" "${R[trap.$v.trapd.cpu]}")"
		row "traps $v peak RSS KiB" "${R[trap.$v.evcorrd.rss]}" "snmptrapd ${R[trap.$v.trapd.rss]}" "$(ratio "${R[trap.$v.evcorrd.rss]}" "${R[trap.$v.trapd.rss]}")"
		row "traps $v accounting" "${R[trap.$v.evcorrd.accounting]}" "-" "-"
	done
	row "traps v3 authPriv lossless rate /s" "${R[trap.v3.evcorrd.lossless]}" "-" "$(ratio "${R[trap.v3.evcorrd.lossless]#≥}" "${R[trap.v2c.evcorrd.lossless]#≥}") of v2c (target ≥ 0.33×)"
	row "traps v3 flat out: offered /s, kept" "${R[trap.v3.evcorrd.flat_offered]}, ${R[trap.v3.evcorrd.flat_kept]}%" "-" "-"
	row "traps v3 CPU µs/trap (flat out)" "${R[trap.v3.evcorrd.cpu]}" "-" "$(ratio "${R[trap.v3.evcorrd.cpu]}" "${R[trap.v2c.evcorrd.cpu]}") of v2c"
	row "traps v3 accounting" "${R[trap.v3.evcorrd.accounting]}" "-" "-"
	row "CPU µs/event, 1 rule → 1000 rules" "${R[scale.r1.cpu]} → ${R[scale.r1000.cpu]}" "-" "$(ratio "${R[scale.r1000.cpu]}" "${R[scale.r1.cpu]}") (target ≤ 1.5×)"
	row "...alerts vs truth with 1000 rules" "$(cmpcell scale.r1000)" "-" "-"
	row "CPU µs/event, 1000 → $OPEN hosts with open windows (same 1000 alerts)" "${R[open.1000.cpu]} → ${R[open.$OPEN.cpu]}" "-" "$(ratio "${R[open.$OPEN.cpu]}" "${R[open.1000.cpu]}") (target ≤ 1.5×)"
	row "...the same with lateness 0s (no event held)" "${R[open-l0.1000.cpu]} → ${R[open-l0.$OPEN.cpu]}" "-" "$(ratio "${R[open-l0.$OPEN.cpu]}" "${R[open-l0.1000.cpu]}")"
	row "...alerts vs truth at $OPEN hosts" "$(cmpcell open.$OPEN); lateness 0s: $(cmpcell open-l0.$OPEN)" "-" "-"
	row "bytes per open window (replay RSS; lateness 0s)" "${R[open-l0.bytes]} (bench_state: ${R[open.bench_state]:--})" "-" "target ≤ 128"
	row "bytes per open window with its opening event held (replay RSS)" "${R[open.bytes]}" "-" "-"
	row "peak RSS at $OPEN open windows KiB (lateness 0s; held)" "${R[open-l0.rss]}; ${R[open.rss]}" "-" "target ≤ 204800"
	row "alert latency p50 / p99 µs (traps at ${R[lat.rate]}/s)" "${R[lat.p50]:-?} / ${R[lat.p99]:-?} (${R[lat.n]} of ${R[lat.sent]} probes)" "-" "target p99 ≤ 1000"
	row "RSS over $LONG s at ${R[long.rate]}/s KiB: after the first tenth, last, max" "${R[long.first]}, ${R[long.last]}, ${R[long.max]}" "-" "$(ratio "${R[long.max]}" "${R[long.first]}") (max ÷ first)"
}

# BENCH_ONLY="deps latency": some steps alone (live_udp needs replay's
# workload, long_rss replay's and live_udp's files), for work on one
# figure; the table is always printed.
for step in ${BENCH_ONLY:-deps replay live_udp traps traps_v3 scale latency long_rss}; do
	"$step"
done
table
