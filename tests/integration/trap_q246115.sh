#!/bin/bash
# SPDX-License-Identifier: ISC
# Q246115 end to end by SNMP: the Event-to-Trap translator's v1 trap for
# 2140 (severity bits set), then 100 as a v2c trap, and again as a v2c
# INFORM that must be acknowledged.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$SNMPTRAP" "$SNMPTRAPD"
SNMPINFORM=$(dirname "$SNMPTRAP")/snmpinform
need "$SNMPINFORM"

pick_ports
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_trapd
start_evcorrd

send_trap v1 EXCH01 2140
wait_stat windows_opened 1 || fatal "v1 trap 2140 did not open a window"
send_trap v2c EXCH01 100
check "alert after v1 2140 + v2c 100" wait_until 50 now alert_count -eq 1
check "notification received" wait_until 50 now trap_count -eq 1
check_notification Q246115 exch01 2140 100 0
check "json via trap" jq -e '.open.via == "trap/v1" and .close.via == "trap/v2c"' "$T/alerts.json"

# The same pair again, the 100 as an INFORM: snmpinform exits 0 only
# when evcorrd answered.
send_trap v2c EXCH01 2140
wait_stat windows_opened 2 || fatal "second 2140 did not open a window"
ent=$(ms_enterprise MSExchangeIMC)
vb=".1.3.6.1.4.1.311.1.13.1.9999"
"$SNMPINFORM" -v 2c -c public -t 2 -r 1 "127.0.0.1:$P_TRAP" "" "$ent.0.100" \
    "$vb.1.0" s "Event 100" "$vb.3.0" s "exch01"
check "INFORM acknowledged" test $? -eq 0
check "second alert after the INFORM" wait_until 50 now alert_count -eq 2
check "inform counted" stat_ge trap_inform_acked 1
check "json via inform" bash -c "tail -n 1 '$T/alerts.json' | jq -e '.close.via == \"inform\"'"
finish
