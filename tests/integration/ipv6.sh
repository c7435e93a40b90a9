#!/bin/bash
# SPDX-License-Identifier: ISC
# IPv6 on every transport (TLS's is in tls.sh): syslog over UDP on "::"
# and over TCP on ::1, and traps on ::1, each delivering a pair that
# alerts with the peer ::1; "::" is IPv6 only, so an IPv4 listener can
# share its port.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAP"

pick_ports
P_U6=$(free_port)
P_T6=$(free_port)
P_TRAP6=$(free_port)
CONF_ARGS="30s 0s"
EXTRA_CONF="listen syslog udp on :: port $P_U6
listen syslog udp on 0.0.0.0 port $P_U6
listen syslog tcp on ::1 port $P_T6
listen trap on ::1 port $P_TRAP6 community \"public\""
write_conf $CONF_ARGS
start_evcorrd
check "syslog/udp on [::] listens" grep -q "syslog/udp \[::\]:$P_U6: listening" "$T/evcorrd.err"
check "beside 0.0.0.0 on the same port" grep -q "syslog/udp 0.0.0.0:$P_U6: listening" "$T/evcorrd.err"

# alerted HOST: an alert for HOST whose both events came from ::1
alerted() {
	jq -e --arg h "$1" 'select(.host == $h and .open.peer == "::1" and
	    .close.peer == "::1")' "$T/alerts.json" > /dev/null 2>&1
}
for id in 2140 100; do
	"$LOGGER" --udp -n ::1 -P "$P_U6" --rfc3164 -t MSWinEventLog \
	    "$(snare_payload udp6 "$id" MSExchangeIMC)"
done
check "UDP over IPv6: the pair alerts, peer ::1" wait_until 50 alerted udp6
for id in 2140 100; do
	"$LOGGER" --tcp --octet-count -n ::1 -P "$P_T6" --rfc5424 -t MSWinEventLog \
	    "$(snare_payload tcp6 "$id" MSExchangeIMC)"
done
check "TCP over IPv6: the pair alerts, peer ::1" wait_until 50 alerted tcp6

ent=$(ms_enterprise MSExchangeIMC)
vb=".1.3.6.1.4.1.311.1.13.1.9999"
for id in 2140 100; do
	"$SNMPTRAP" -v 2c -c public "udp6:[::1]:$P_TRAP6" "" "$ent.0.$id" \
	    "$vb.1.0" s "Event $id" "$vb.2.0" s "N/A" "$vb.3.0" s "trap6" \
	    "$vb.4.0" s "1" "$vb.5.0" s "0"
done
check "traps over IPv6: the pair alerts, peer ::1" wait_until 50 alerted trap6
check "three alerts" stat_eq alerts 3
stop_evcorrd
finish
