#!/bin/bash
# SPDX-License-Identifier: ISC
# Agent formats end to end: the Q246115 pair sent in two of the new shapes
# (Snare relayed through rsyslog's #011 escaping, NXLog to_syslog_ietf()
# with the fields in structured data) raises the alert; a message broken
# in a known format moves that format's malformed_ counter; a listener
# with `format snare` counts anything else as a broken Snare record; an
# event without an ID is counted and logged.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD"
command -v python3 >/dev/null 2>&1 || skip "python3 not found (raw sender)"

pick_ports
P_SNARE=$(free_port)
EXTRA_CONF="listen syslog udp on 127.0.0.1 port $P_SNARE format snare"
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_evcorrd

# udp PORT PRINTF-FORMAT: the bytes in one datagram.
udp() {
	printf "$2" > "$T/raw"
	python3 - "$1" "$T/raw" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(open(sys.argv[2], "rb").read(), ("127.0.0.1", int(sys.argv[1])))
PY
}

# expect COUNTER DESCRIPTION PORT PRINTF-FORMAT: the counter must grow.
expect() {
	before=$(stat "$1") || fatal "no counters from evcorrd"
	udp "$3" "$4"
	if wait_until 50 stat_ge "$1" $((before + 1)); then
		ok "$2 -> $1"
	else
		not_ok "$2 -> $1 (stayed ${before:-?})"
	fi
}

S=$P_SYSLOG
T0=$(date -u +%s)
WHEN=$(date -u -d "@$T0" '+%a %b %e %H:%M:%S %Y' | tr -s ' ')
HDR=$(date -u -d "@$T0" '+%b %e %H:%M:%S')
ISO=$(date -u -d "@$T0" '+%Y-%m-%dT%H:%M:%SZ')
expect windows_opened "Snare through rsyslog (#011)" $S "<11>$HDR EXCH01 MSWinEventLog#0111#011Application#0117#011$WHEN#0112140#011MSExchangeIMC#011N/A#011N/A#011Error#011EXCH01#011None#011#011cannot start#0117"
expect events "NXLog to_syslog_ietf(), fields in [NXLOG@14506]" $S "<11>1 $ISO EXCH01 MSExchangeIMC 1988 - [NXLOG@14506 EventType=\"ERROR\" EventID=\"100\" SourceName=\"MSExchangeIMC\" Channel=\"Application\"] stopped"
check "the pair in the new shapes raised the alert" wait_until 50 now alert_count -eq 1

expect malformed_snare "Snare with a bad event ID" $S '<13>Nov 29 21:27:06 h MSWinEventLog\t1\tApp\t1\td\t21x\tS'
expect malformed_nxlog_xml "NXLog XML cut short" $S '<Event><EventID>2140</EventID>'
expect malformed_ossec "OSSEC line with a bad ID" $S 'WinEvtLog: Application: ERROR(x): S: u: d: h: t'
expect malformed_syslog_header "broken RFC 5424 header" $S '<13>1 bad'
expect syslog_not_winevent "an sshd line" $S '<38>Nov 29 21:27:06 h sshd[12]: Accepted publickey'
expect malformed_snare "JSON to a format-snare listener" $P_SNARE '{"EventID":2140,"SourceName":"S"}'
expect syslog_malformed "...counted by that listener too" $P_SNARE '{"EventID":2140,"SourceName":"S"}'
expect events_no_event_id "NXLog JSON without an EventID" $S '{"SourceName":"MSExchangeIMC","Hostname":"EXCH01"}'
check "the event without an ID is logged" \
    grep -q 'ignored: nxlog-json event from host "EXCH01" source "MSExchangeIMC" has no event id' "$T/evcorrd.err"
check "a broken format is logged by name" grep -q 'dropped nxlog-xml at byte' "$T/evcorrd.err"
check "the format-snare listener says why" grep -q 'snare: not in this format' "$T/evcorrd.err"
kill -0 "$EVCORRD_PID" 2>/dev/null || fatal "evcorrd died"
finish
