#!/bin/bash
# SPDX-License-Identifier: ISC
# The command line: -h/--help (usage on stdout, exit 0), --version, the
# long options; -n prints the warnings the daemon would print and names
# the file it checked (or the built-in default), lower-case size units; a
# bind failure names file:line; -p writes the pid file (removed at exit);
# -u and `user` drop root once bound; root without either warns;
# detached with no /dev/log, the log goes to stderr.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD"

"$EVCORRD" -h > "$T/h.out" 2> "$T/h.err"
check "-h exits 0" test $? -eq 0
check "-h prints usage on stdout" grep -q "^usage: evcorrd" "$T/h.out"
check "-h lists --foreground" grep -q -- "--foreground" "$T/h.out"
"$EVCORRD" --help > "$T/help.out"
check "--help exits 0 with usage" bash -c "[ $? -eq 0 ] && cmp -s '$T/h.out' '$T/help.out'"
check "--version like -V" test "$("$EVCORRD" --version)" = "$("$EVCORRD" -V)"
"$EVCORRD" --bogus > /dev/null 2> "$T/bogus.err"
check "an unknown long option exits 1" test $? -eq 1
check "... with the usage on stderr" grep -q "^usage:" "$T/bogus.err"

printf 'max-message-size 8k\n' > "$T/empty.conf"
"$EVCORRD" --check --config "$T/empty.conf" > "$T/n.out" 2> "$T/n.err"
check "--check --config: exit 0" test $? -eq 0
check "-n names the file it checked" grep -qx "configuration OK: $T/empty.conf" "$T/n.out"
check "-n warns: no listener" grep -q "no listen statements" "$T/n.err"
check "-n warns: no rule" grep -q "no rules configured" "$T/n.err"
check "-n warns: alerts go nowhere" grep -q "alerts go nowhere" "$T/n.err"
printf 'http on 0.0.0.0 port 9514\n' > "$T/http.conf"
"$EVCORRD" -n -f "$T/http.conf" > /dev/null 2> "$T/http.err"
check "-n warns: http not on loopback" \
    grep -q "http.conf:1: http on 0.0.0.0: not loopback" "$T/http.err"
for a in ::1 127.0.0.2; do
	printf 'http on %s port 9514\n' "$a" > "$T/http2.conf"
	"$EVCORRD" -n -f "$T/http2.conf" > "$T/http2.out" 2> "$T/http2.err"
	check "-n: http on loopback $a is valid" grep -q "^configuration OK" "$T/http2.out"
	check "-n: http on loopback $a gives no such warning" \
	    bash -c "! grep -q 'not loopback' '$T/http2.err'"
done
(cd "$T" && "$EVCORRD" -n > "$T/dflt.out" 2>&1)
check "-n without -f names what it checked" \
    grep -qE "^configuration OK: (/.*evcorrd\.conf|the built-in default \(no /.*evcorrd\.conf\))$" "$T/dflt.out"

# A bind failure names the file and line.
pick_ports
CONF_ARGS="5m 30m"
write_conf $CONF_ARGS
start_evcorrd
cp "$T/evcorrd.conf" "$T/second.conf"
"$EVCORRD" -d -f "$T/second.conf" > /dev/null 2> "$T/second.err"
check "a taken port: exit 1" test $? -eq 1
check "it names file:line" \
    grep -q "$T/second.conf:3: cannot listen syslog/tcp on 127.0.0.1 port $P_SYSLOG: .*Address already in use" "$T/second.err"
stop_evcorrd

# -p: the pid file, gone at exit.
start_evcorrd -p "$T/evcorrd.pid"
check "-p writes the pid" test "$(cat "$T/evcorrd.pid" 2>/dev/null)" = "$EVCORRD_PID"
if [ "$(id -u)" -eq 0 ]; then
	check "root without -u or user: a warning" grep -q "running as root: use -u user" "$T/evcorrd.err"
fi
stop_evcorrd
check "the pid file is removed at exit" test ! -e "$T/evcorrd.pid"

# Detached (no -d, not under systemd) with no /dev/log: stderr, not nowhere.
if [ ! -e /dev/log ]; then
	env -u NOTIFY_SOCKET -u JOURNAL_STREAM "$EVCORRD" -f "$T/evcorrd.conf" \
	    -p "$T/detached.pid" > /dev/null 2> "$T/detached.err"
	check "detached: the parent exits 0" test $? -eq 0
	wait_until 100 grep -q "evcorrd .* started" "$T/detached.err"
	check "no /dev/log: says so on stderr" grep -q "no /dev/log: detached, logging to stderr" "$T/detached.err"
	check "no /dev/log: the start is logged to stderr after detaching" \
	    grep -q "evcorrd .* started" "$T/detached.err"
	dpid=$(cat "$T/detached.pid" 2>/dev/null)
	check "detached: the pid file names the daemon" kill -0 "${dpid:-0}"
	[ -n "$dpid" ] && kill "$dpid" 2>/dev/null
	wait_until 100 grep -q "evcorrd stopped" "$T/detached.err"
	check "detached: its shutdown is logged to stderr too" grep -q "evcorrd stopped" "$T/detached.err"
else
	echo "# /dev/log exists here: the stderr fallback is not tried"
fi

if [ "$(id -u)" -ne 0 ] || ! getent passwd nobody > /dev/null; then
	echo "# not root or no user nobody: -u not tried"
	finish
fi
chmod 755 "$T"
start_evcorrd -u nobody
uid=$(awk '/^Uid:/ { print $2 $3 $4 $5 }' "/proc/$EVCORRD_PID/status")
nobody=$(id -u nobody)
check "-u nobody: every uid is nobody's" test "$uid" = "$nobody$nobody$nobody$nobody"
check "-u: logged" grep -q "running as user nobody" "$T/evcorrd.err"
check "-u: no root warning" bash -c "! grep -q 'running as root' '$T/evcorrd.err'"
send_snare udp EXCH01 2140
check "-u: still receiving (bound before the drop)" wait_stat windows_opened 1
stop_evcorrd
EXTRA_CONF='user "nobody"'
write_conf $CONF_ARGS
start_evcorrd
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$EVCORRD_PID/status")
check "user \"nobody\" in the configuration: runs as nobody" test "$uid" = "$nobody"
stop_evcorrd
EXTRA_CONF='user "no-such-user-here"'
write_conf $CONF_ARGS
"$EVCORRD" -d -f "$T/evcorrd.conf" > /dev/null 2> "$T/nouser.err"
check "an unknown user: exit 1" test $? -eq 1
check "... named" grep -q "user no-such-user-here: no such user" "$T/nouser.err"
finish
