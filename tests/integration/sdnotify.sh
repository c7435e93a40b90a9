#!/bin/bash
# SPDX-License-Identifier: ISC
# sd_notify: READY=1, a STATUS= line that says something (events/s, open
# windows, last alert) and changes at most once a second, and WATCHDOG=1
# pings from the loop when $WATCHDOG_USEC asks for them (none when
# $WATCHDOG_PID names another process).  A python3 socket plays systemd.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

# notify_listen FILE: records every datagram on $T/notify.sock as
# "seconds<TAB>message" lines (newlines in a message as '|') for 60 s.
notify_listen() {
	rm -f "$T/notify.sock" "$1"
	python3 - "$T/notify.sock" "$1" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
t0 = time.monotonic()
with open(sys.argv[2], "a") as f:
    while True:
        try:
            m = s.recv(4096).decode()
        except socket.timeout:
            break
        f.write("%.3f\t%s\n" % (time.monotonic() - t0, m.replace("\n", "|")))
        f.flush()
PY
	NOTIFY_PID=$!
	wait_until 50 test -S "$T/notify.sock" || fatal "no notify socket"
}

pick_ports
CONF_ARGS="5m 30m"
write_conf $CONF_ARGS
notify_listen "$T/notify.log"
t_start=$(date +%s.%N)
NOTIFY_SOCKET="$T/notify.sock" WATCHDOG_USEC=400000 start_evcorrd
send_snare udp EXCH01 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_snare udp EXCH01 100
check "one alert" wait_until 50 now alert_count -eq 1
wait_until 50 grep -q "STATUS=.*last alert: Q246115 on exch01" "$T/notify.log"
sleep 2.5
stop_evcorrd
t_end=$(date +%s.%N)
kill "$NOTIFY_PID" 2>/dev/null
wait "$NOTIFY_PID" 2>/dev/null
cat "$T/notify.log" | cut -c1-120 | head -30
check "READY=1" grep -q "	READY=1" "$T/notify.log"
check "STATUS= shows events/s and open windows" \
    grep -qE "STATUS=[0-9]+ events/s, [0-9]+ windows open, last alert: " "$T/notify.log"
check "STATUS= names the last alert" \
    grep -qE "STATUS=.*last alert: Q246115 on exch01 at [0-9]{2}:[0-9]{2}:[0-9]{2}Z" "$T/notify.log"
# At most one STATUS= a second over the daemon's whole life, which the
# listener's (started before, stopped after) contains.
n_status=$(grep -c "	STATUS=[0-9]" "$T/notify.log")
life=$(echo "$t_end - $t_start" | bc -l 2>/dev/null || python3 -c "print($t_end - $t_start)")
check "STATUS= at most once a second ($n_status in ${life%.*} s)" \
    python3 -c "import sys; sys.exit(0 if $n_status <= $life + 1 else 1)"
check "the same STATUS= is not sent twice in a row" \
    bash -c "! grep -o 'STATUS=.*' '$T/notify.log' | uniq -d | grep -q ."
n_wd=$(grep -c "	WATCHDOG=1" "$T/notify.log")
check "WATCHDOG=1 pings (WATCHDOG_USEC=400000: every 200 ms; $n_wd)" test "$n_wd" -ge 5
check "the watchdog is logged" grep -q "systemd watchdog: pinging every 200 ms" "$T/evcorrd.err"
check "STOPPING=1" grep -q "	STOPPING=1" "$T/notify.log"

# WATCHDOG_PID naming another process: not ours, no pings.
notify_listen "$T/notify2.log"
NOTIFY_SOCKET="$T/notify.sock" WATCHDOG_USEC=400000 WATCHDOG_PID=1 start_evcorrd
sleep 1
stop_evcorrd
kill "$NOTIFY_PID" 2>/dev/null
wait "$NOTIFY_PID" 2>/dev/null
check "READY=1 (second run)" grep -q "	READY=1" "$T/notify2.log"
check "WATCHDOG_PID of another process: no WATCHDOG=1" \
    bash -c "! grep -q WATCHDOG=1 '$T/notify2.log'"
finish
