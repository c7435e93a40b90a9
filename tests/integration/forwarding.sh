#!/bin/bash
# SPDX-License-Identifier: ISC
# The forwarding examples of docs/forwarding.md, as shipped in
# docs/examples/: a real rsyslog and a real syslog-ng, each receiving the
# Windows events over TCP as an estate's relay would, hand them on to
# evcorrd by UDP, by TCP and by its Unix socket; every pair alerts, by
# the path it was sent.  rsyslog conflicts with syslog-ng-core as a
# package, so tests/deps.sh unpacks it (not installed) into
# $EVCORRD_RSYSLOG_DIR and it runs unprivileged on loopback.
. "$(dirname "$0")/lib.sh"
RSYSLOG_DIR=${EVCORRD_RSYSLOG_DIR:-/var/cache/evcorrd-tests/rsyslog}
RSYSLOGD=$RSYSLOG_DIR/usr/sbin/rsyslogd
RSYSLOG_MODS=$RSYSLOG_DIR/usr/lib/x86_64-linux-gnu/rsyslog
[ -x "$RSYSLOGD" ] || skip "no rsyslogd in $RSYSLOG_DIR: run tests/deps.sh"
need "$EVCORRD" "$LOGGER" "$SYSLOG_NG"
EX=${top_srcdir:-$(dirname "$0")/../..}/docs/examples
[ -f "$EX/rsyslog-evcorrd.conf" ] || fatal "no $EX/rsyslog-evcorrd.conf"

SOCK=$T/evcorrd.sock
pick_ports
CONF_ARGS="30s 0s"
EXTRA_CONF="listen syslog unix \"$SOCK\""
write_conf $CONF_ARGS
start_evcorrd

# the shipped examples, pointed at this daemon
example() { # FILE
	sed "s|\"127.0.0.1\" port(5514)|\"127.0.0.1\" port($P_SYSLOG)|;
	    s|target=\"127.0.0.1\" port=\"5514\"|target=\"127.0.0.1\" port=\"$P_SYSLOG\"|;
	    s|/run/evcorrd/syslog.sock|$SOCK|" "$EX/$1"
}

# ---------------------------------------------------------------- rsyslog
mkdir -p "$T/rsyslog"
example rsyslog-evcorrd.conf > "$T/rsyslog/evcorrd.conf"
R_UDP=$(free_port)
R_TCP=$(free_port)
R_UNIX=$(free_port)
cat > "$T/rsyslog/rsyslog.conf" <<CONF
global(workDirectory="$T/rsyslog")
include(file="$T/rsyslog/evcorrd.conf")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="$R_UDP" ruleset="evcorrd_udp")
input(type="imtcp" address="127.0.0.1" port="$R_TCP" ruleset="evcorrd_tcp")
input(type="imtcp" address="127.0.0.1" port="$R_UNIX" ruleset="evcorrd_unix")
CONF
"$RSYSLOGD" -n -M "$RSYSLOG_MODS" -f "$T/rsyslog/rsyslog.conf" \
    -i "$T/rsyslog/pid" > "$T/rsyslog/log" 2>&1 &
RS_PID=$!
wait_until 100 bash -c "ss -Hltn | grep -q ':$R_UNIX\b'" ||
    { cat "$T/rsyslog/log"; fatal "rsyslogd did not start"; }

# relay PORT HOST: the pair for HOST, sent to a relay on PORT
relay() {
	for id in 2140 100; do
		"$LOGGER" --tcp -n 127.0.0.1 -P "$1" --rfc3164 -t MSWinEventLog \
		    "$(snare_payload "$2" "$id" MSExchangeIMC)"
	done
}
# alerted HOST VIA: an alert for HOST whose closing event came by VIA
alerted() {
	jq -e --arg h "$1" --arg v "$2" \
	    'select(.host == $h and .close.via == $v)' "$T/alerts.json" \
	    > /dev/null 2>&1
}
relay "$R_UDP" rsudp
check "rsyslog omfwd udp: the pair alerts" \
    wait_until 100 alerted rsudp syslog/udp
relay "$R_TCP" rstcp
check "rsyslog omfwd tcp octet-counted: the pair alerts" \
    wait_until 100 alerted rstcp syslog/tcp
relay "$R_UNIX" rsunix
check "rsyslog omuxsock: the pair alerts" \
    wait_until 100 alerted rsunix syslog/unix
kill "$RS_PID"
wait "$RS_PID" 2>/dev/null

# ---------------------------------------------------------------- syslog-ng
example syslog-ng-evcorrd.conf > "$T/sng-evcorrd.conf"
S_UDP=$(free_port)
S_TCP=$(free_port)
S_UNIX=$(free_port)
cat > "$T/syslog-ng.conf" <<CONF
@version: 3.38
options { stats_freq(0); };
@include "$T/sng-evcorrd.conf"
source s_udp { network(ip("127.0.0.1") port($S_UDP) transport("tcp")); };
source s_tcp { network(ip("127.0.0.1") port($S_TCP) transport("tcp")); };
source s_unix { network(ip("127.0.0.1") port($S_UNIX) transport("tcp")); };
log { source(s_udp); destination(d_evcorrd_udp); };
log { source(s_tcp); destination(d_evcorrd_tcp); };
log { source(s_unix); destination(d_evcorrd_unix); };
CONF
start_syslog_ng "$S_UNIX"
relay "$S_UDP" sngudp
check "syslog-ng network() udp: the pair alerts" \
    wait_until 100 alerted sngudp syslog/udp
relay "$S_TCP" sngtcp
check "syslog-ng syslog() tcp (RFC 5424): the pair alerts" \
    wait_until 100 alerted sngtcp syslog/tcp
relay "$S_UNIX" sngunix
check "syslog-ng unix-dgram(): the pair alerts" \
    wait_until 100 alerted sngunix syslog/unix
stop_syslog_ng

check "six alerts, one a path" stat_eq alerts 6
check "nothing relayed was malformed" stat_eq syslog_malformed 0
stop_evcorrd
finish
