#!/bin/bash
# SPDX-License-Identifier: ISC
# listen syslog unix "PATH": a stale socket left at PATH is replaced, one
# in use by another process is not; logger -u and a real syslog-ng
# (unix-dgram() destination, as a local relay that owns port 514 would
# run it) hand events over; the pair alerts via syslog/unix; the
# datagrams are counted; the socket is removed at exit; bound as root and
# run with -u, the socket is the user's, who removes it at exit.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SYSLOG_NG"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

SOCK=$T/evcorrd.sock
# A stale socket: bound, then its process gone without removing it.
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind(sys.argv[1])' "$SOCK"
check "a stale socket is there" test -S "$SOCK"

pick_ports
P_SNG=$(free_port)
CONF_ARGS="30s 0s"
EXTRA_CONF="listen syslog unix \"$SOCK\""
write_conf $CONF_ARGS
start_evcorrd
check "the stale socket was replaced" grep -q "syslog/unix $SOCK: listening" "$T/evcorrd.err"
check "mode 0666" [ "$(command stat -c %a "$SOCK")" = 666 ]

# A second daemon may not take the socket of the first.
sed "s|^listen syslog [ut][dc]p .*||; s|^listen trap .*||" "$T/evcorrd.conf" > "$T/second.conf"
timeout 5 "$EVCORRD" -d -f "$T/second.conf" > /dev/null 2> "$T/second.err"
check "a socket in use is not taken over" grep -q "in use by another process" "$T/second.err"
check "and still works" test -S "$SOCK"

"$LOGGER" -u "$SOCK" -t MSWinEventLog "$(snare_payload unixhost 2140 MSExchangeIMC)"
check "logger -u: the event arrived" wait_stat events 1
check "counted as a unix datagram" stat_eq syslog_unix_datagrams 1
check "from local" grep -q "event: host unixhost .* id 2140 via syslog/unix from local" "$T/evcorrd.err"

cat > "$T/syslog-ng.conf" <<CONF
@version: 3.38
options { stats_freq(0); };
source net { network(ip("127.0.0.1") port($P_SNG) transport("tcp")); };
destination evcorrd { unix-dgram("$SOCK"); };
log { source(net); destination(evcorrd); };
CONF
start_syslog_ng "$P_SNG"
"$LOGGER" --tcp -n 127.0.0.1 -P "$P_SNG" --rfc3164 -t MSWinEventLog \
    "$(snare_payload unixhost 100 MSExchangeIMC)"
check "syslog-ng unix-dgram(): the closing event arrived" wait_stat events 2
check "the pair alerts" wait_until 50 now alert_count -eq 1
check "via syslog/unix" grep -q '"via":"syslog/unix"' "$T/alerts.json"
check "two unix datagrams" stat_eq syslog_unix_datagrams 2
stop_syslog_ng

stop_evcorrd
check "the socket is removed at exit" test ! -e "$SOCK"

# Bound as root, then -u: the socket becomes the user's, who removes it.
if [ "$(id -u)" -eq 0 ] && getent passwd nobody > /dev/null; then
	chmod 711 "$T"
	mkdir -m 755 "$T/run" && chown nobody "$T/run"
	SOCK=$T/run/evcorrd.sock
	EXTRA_CONF="listen syslog unix \"$SOCK\""
	write_conf $CONF_ARGS
	start_evcorrd -u nobody
	check "-u nobody: the socket is nobody's" \
	    [ "$(command stat -c %U:%G "$SOCK")" = "nobody:$(id -gn nobody)" ]
	"$LOGGER" -u "$SOCK" -t MSWinEventLog "$(snare_payload unixhost 2140 MSExchangeIMC)"
	check "and still takes events" wait_stat events 1
	stop_evcorrd
	check "nobody removed it at exit" test ! -e "$SOCK"
else
	echo "# not root or no user nobody: the socket's owner not tried"
fi
finish
