#!/bin/bash
# SPDX-License-Identifier: ISC
# allow CIDR... per listener, IPv4 and IPv6: a datagram or a connection
# from an address no block holds is refused, counted (syslog_not_allowed,
# trap_not_allowed) and logged at a bounded rate; a reload that widens the
# list lets the sender in; receive-buffer sets the UDP socket's buffer.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAP"
command -v ss >/dev/null 2>&1 || skip "ss not found"

pick_ports
P_A=$(free_port)
P_B=$(free_port)
P_T2=$(free_port)
CONF_ARGS="30s 0s"
refusing="allow 192.0.2.0/24 10.0.0.0/8"
extra() {
	EXTRA_CONF="listen syslog udp on ::1 port $P_A $refusing
listen syslog udp on 127.0.0.1 port $P_B receive-buffer 64K $1
listen syslog tcp on ::1 port $P_A allow ::1
listen syslog tcp on 127.0.0.1 port $P_B allow 2001:db8::/32
listen trap on 127.0.0.1 port $P_T2 community \"public\" allow 192.0.2.1"
}
extra "$refusing"
write_conf $CONF_ARGS
start_evcorrd

# receive-buffer 64K: Linux shows twice what was asked (rb131072)
check "receive-buffer sets SO_RCVBUF" \
    bash -c "ss -Hulmn 'sport = :$P_B' | grep -q 'rb131072'"

"$LOGGER" --udp -n ::1 -P "$P_A" --rfc3164 -t MSWinEventLog \
    "$(snare_payload v6udp 2140 MSExchangeIMC)"
check "an IPv6 datagram from outside the list is counted" \
    wait_stat syslog_not_allowed 1
check "and logged with the listener and the peer" \
    grep -q "syslog/udp \[::1\]:$P_A: datagram from ::1 refused: not in its allow list" \
    "$T/evcorrd.err"
check "and is no event" stat_eq events 0

for i in $(seq 30); do
	"$LOGGER" --udp -n 127.0.0.1 -P "$P_B" --rfc3164 -t MSWinEventLog \
	    "$(snare_payload v4udp$i 2140 MSExchangeIMC)"
done
check "every refused IPv4 datagram is counted" wait_stat syslog_not_allowed 31
check "still no event" stat_eq events 0
n=$(grep -c "syslog/udp 127.0.0.1:$P_B: datagram from 127.0.0.1 refused" "$T/evcorrd.err")
check "the log line is rate-limited ($n lines for 30)" [ "$n" -le 10 ]

"$LOGGER" --tcp -n 127.0.0.1 -P "$P_B" --rfc3164 -t MSWinEventLog \
    "$(snare_payload v4tcp 2140 MSExchangeIMC)"
check "a TCP connection from outside the list is refused" \
    wait_stat syslog_not_allowed 32
check "and logged" grep -q "syslog/tcp 127.0.0.1:$P_B: connection from 127.0.0.1 refused" \
    "$T/evcorrd.err"
check "it was never accepted" stat_eq syslog_tcp_connections 0

"$LOGGER" --tcp -n ::1 -P "$P_A" --rfc3164 -t MSWinEventLog \
    "$(snare_payload v6tcp 2140 MSExchangeIMC)"
check "an IPv6 client in the list is served" wait_stat events 1

P_TRAP_SAVED=$P_TRAP
P_TRAP=$P_T2 send_trap v2c trapped 2140
check "a trap from outside the list is counted" wait_stat trap_not_allowed 1
check "and is not received" stat_eq trap_received 0
P_TRAP=$P_TRAP_SAVED send_trap v2c trapped 2140
check "the listener without a list takes it" wait_stat trap_received 1

# A reload widens the list: the sender that was refused is let in.
extra "allow 127.0.0.0/8"
write_conf $CONF_ARGS
kill -HUP "$EVCORRD_PID"
check "reloaded" wait_stat reloads 1
"$LOGGER" --udp -n 127.0.0.1 -P "$P_B" --rfc3164 -t MSWinEventLog \
    "$(snare_payload widened 2140 MSExchangeIMC)"
check "after the reload the sender is let in" wait_stat events 3
check "and no more refusals were counted" stat_eq syslog_not_allowed 32

stop_evcorrd
finish
