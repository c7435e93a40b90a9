#!/bin/bash
# SPDX-License-Identifier: ISC
# SIGHUP: a new config is swapped in and open windows of rules that still
# exist are kept; windows of a removed rule are dropped; a bad config is
# logged and the old one stays.  sd_notify READY/RELOADING/STOPPING reach
# $NOTIFY_SOCKET.  SIGTERM exits 0.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER"

pick_ports
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
cp "$T/evcorrd.conf" "$T/base.conf"
other='rule "Other" {
	open event 1
	close event 2
}'

# A receiver for sd_notify datagrams, when python3 is at hand.
NOTIFY=""
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/notify.sock" "$T/notify.log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
with open(sys.argv[2], "a") as f:
    try:
        while True:
            msg = s.recv(4096).decode()
            f.write(msg.replace("\n", " ") + "\n")
            f.flush()
            if "STOPPING=1" in msg:
                break
    except socket.timeout:
        pass
PY
	NOTIFY_PID=$!
	wait_until 50 test -S "$T/notify.sock" && NOTIFY="$T/notify.sock"
fi
if [ -n "$NOTIFY" ]; then
	export NOTIFY_SOCKET="$NOTIFY"
	start_evcorrd
	unset NOTIFY_SOCKET
	check "READY=1 sent" wait_until 50 grep -q "READY=1" "$T/notify.log"
else
	echo "# python3 absent: sd_notify checks skipped"
	start_evcorrd
fi

reloads() { grep -c "reloaded: \|reload failed" "$T/evcorrd.err"; }
hup() {
	before=$(reloads)
	kill -HUP "$EVCORRD_PID"
	wait_until 50 now reloads -gt "$before" || fatal "SIGHUP not handled"
}

send_snare udp r1 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
{ cat "$T/base.conf"; echo "$other"; } > "$T/evcorrd.conf"
hup
check "reload logged" grep -q "reloaded: 2 rules" "$T/evcorrd.err"
[ -n "$NOTIFY" ] && check "RELOADING=1 sent" wait_until 50 grep -q "RELOADING=1" "$T/notify.log"
send_snare udp r1 100
check "window opened before the reload still fires" wait_until 50 now alert_count -eq 1

printf 'rule "broken" {\n\twithin 5\n' > "$T/evcorrd.conf"
hup
check "bad config on SIGHUP is logged" wait_until 30 grep -q "reload failed" "$T/evcorrd.err"
check "bad config errors name file:line" grep -q "evcorrd.conf:[0-9]*:" "$T/evcorrd.err"
check "reload error counted" stat_eq reload_errors 1
send_snare udp r2 2140
wait_stat windows_opened 2 || fatal "2140 after the bad reload did not open a window"
send_snare udp r2 100
check "old config still correlates" wait_until 50 now alert_count -eq 2

send_snare udp r3 2140
wait_stat windows_opened 3 || fatal "r3 2140 did not open a window"
{ grep -v "^rule\|^	\|^}" "$T/base.conf"; echo "$other"; } > "$T/evcorrd.conf"
hup
cp "$T/base.conf" "$T/evcorrd.conf"
hup
send_snare udp r3 100
wait_stat close_without_window 1
check "window of a removed rule is dropped" test "$(alert_count)" -eq 2

stop_evcorrd
check "SIGTERM exits 0" test $? -eq 0
check "stopped cleanly" grep -q "evcorrd stopped" "$T/evcorrd.err"
if [ -n "$NOTIFY" ]; then
	check "STOPPING=1 sent" wait_until 50 grep -q "STOPPING=1" "$T/notify.log"
	wait "$NOTIFY_PID" 2>/dev/null
fi
finish
