#!/bin/bash
# SPDX-License-Identifier: ISC
# Forwarding to a real collector: syslog-ng's syslog() source on loopback
# TCP (RFC 6587 octet counting) parses every message with its RFC 5424
# parser.  A json forwarder's messages parse with python3's json.  Then
# the collector is stopped while 500 alerts are raised and started again:
# all 500 arrive, once each, in the order they were raised.  Last, a rule
# with `forward to "siem-json"` reaches that forwarder only.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SYSLOG_NG"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

SDID='evcorrd@8072.9999.9999.2140'
P_SNG=$(free_port)
P_SNG_JSON=$(free_port)
cat > "$T/syslog-ng.conf" <<CONF
@version: 3.38
options { stats_freq(0); flush_lines(0); };
source s5424 { syslog(ip("127.0.0.1") port($P_SNG) transport("tcp")); };
source sjson { syslog(ip("127.0.0.1") port($P_SNG_JSON) transport("tcp")); };
destination d5424 { file("$T/sng.5424" template("\${PROGRAM} \${MSGID} \${.SDATA.$SDID.id} \${.SDATA.$SDID.host} \${.SDATA.$SDID.kind}\n")); };
destination djson { file("$T/sng.json" template("\${MSG}\n")); };
log { source(s5424); destination(d5424); };
log { source(sjson); destination(djson); };
CONF
start_syslog_ng "$P_SNG_JSON"

pick_ports
EXTRA_CONF="forward \"siem\" syslog tcp to 127.0.0.1 port $P_SNG format rfc5424 facility local4 queue 2000
forward \"siem-json\" syslog tcp to 127.0.0.1 port $P_SNG_JSON format json
rule \"narrow\" {
	open event 3000
	close event 3001
	within 30s by host
	forward to \"siem-json\"
}"
CONF_ARGS="30s 30m"
write_conf $CONF_ARGS
start_evcorrd
check "both forwarders connected" wait_until 100 bash -c \
    "[ \$(grep -c 'forward siem.*: connected' '$T/evcorrd.err') -eq 2 ]"

send_snare udp EXCH01 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_snare udp EXCH01 100
check "one alert" wait_until 50 now alert_count -eq 1
lines() { cat "$T/$1" 2>/dev/null | wc -l; }
sng5424() { lines sng.5424; }
sngjson() { lines sng.json; }
check "syslog-ng received the rfc5424 message" wait_until 100 now sng5424 -eq 1
check "syslog-ng received the json message" wait_until 100 now sngjson -eq 1
id=$(sed -n 's/.* id=\([0-9a-f-]*\) .*/\1/p' "$T/evcorrd.out")
check "rfc5424: parsed by syslog-ng, the alert's id" \
    grep -qx "evcorrd pair $id exch01 pair" "$T/sng.5424"
check "json: python3 parses the MSG" python3 - "$T/sng.json" "$id" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read().splitlines()[0])
assert r["id"] == sys.argv[2] and r["kind"] == "pair" and r["close"]["event_id"] == 100, r
PY
check "counted as sent" wait_until 50 stat_eq forward_sent 2

# The collector goes away; 500 alerts are raised for 500 hosts.
stop_syslog_ng
send_pairs_tcp 500
check "500 more alerts raised" wait_until 300 stat_eq alerts 501
check "held, not dropped" stat_eq forward_dropped 0
start_syslog_ng "$P_SNG_JSON"
check "all 500 arrived after the restart" wait_until 600 now sng5424 -ge 501
sleep 0.5 # let a duplicate (there must be none) arrive too
grep -o ' id=[0-9a-f-]*' "$T/evcorrd.out" | cut -d= -f2 > "$T/raised.ids"
awk '{print $3}' "$T/sng.5424" > "$T/received.ids"
check "each alert once, in the order raised" cmp "$T/raised.ids" "$T/received.ids"
check "reconnects counted" stat_ge forward_reconnects 1
check "sent counts both forwarders" wait_until 100 stat_ge forward_sent 1002
send_snare udp EXCH02 3000
wait_stat windows_opened 502 || fatal "3000 did not open a window"
send_snare udp EXCH02 3001
check "forward to: the named forwarder got it" wait_until 100 now sngjson -eq 502
check "forward to: the other did not" bash -c "sleep 0.5; [ \$(wc -l < '$T/sng.5424') -eq 501 ]"
check "forward to: the narrow rule's alert" bash -c "tail -n 1 '$T/sng.json' | grep -q '\"rule\":\"narrow\"'"
stop_evcorrd
check "SIGTERM exits 0" test $? -eq 0
finish
