#!/bin/bash
# SPDX-License-Identifier: ISC
# One host, two paths: 2140 by syslog naming the host exch01.corp.example,
# 100 by trap whose computer-name varbind says EXCH01 -> one host, one
# alert.  And a trap with no computer name from an aliased address.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAP" "$SNMPTRAPD"

pick_ports
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_trapd
start_evcorrd

send_json udp exch01.corp.example 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_trap v1 EXCH01 100
check "mixed syslog + trap pair alerts" wait_until 50 now alert_count -eq 1
check "host key is exch01" grep -q 'host=exch01 ' "$T/evcorrd.out"
check_notification Q246115 exch01 2140 100 0

# host "EXCH09" address 127.0.0.9: a trap with no computer-name varbind,
# sent from 127.0.0.9, joins a syslog event naming EXCH09.
send_snare udp EXCH09.corp.example 2140
wait_stat windows_opened 2 || fatal "EXCH09 2140 did not open a window"
ent=$(ms_enterprise MSExchangeIMC)
"$SNMPTRAP" --clientaddr=127.0.0.9 -v 1 -c public "127.0.0.1:$P_TRAP" "$ent" \
    127.0.0.9 6 100 "" .1.3.6.1.4.1.311.1.13.1.9999.1.0 s "no computer name"
check "alias maps the trap's address to exch09" wait_until 50 now alert_count -eq 2
check "second alert is for exch09" grep -q 'host=exch09 ' "$T/evcorrd.out"
finish
