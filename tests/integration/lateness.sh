#!/bin/bash
# SPDX-License-Identifier: ISC
# Host time over the real sockets: a 100 sent before its 2140 (host times in
# order) pairs within lateness; a flushed backlog pairs on host time, never
# across more than the window; a zone-less time is read in the listener's
# timezone; a timeout alert and a clear reach the alert log with their kind
# and id.
. "$(dirname "$0")/lib.sh"
JQ=$(command -v jq) || JQ=jq
need "$EVCORRD" "$LOGGER" "$SNMPTRAPD" "$JQ"

pick_ports
LATENESS=3s
EXTRA_CONF="listen syslog udp on 127.0.0.1 port \$P_NY timezone \"America/New_York\"
rule \"lifecycle\" {
	open event 3000
	close event 3001
	clear event 3002 text ~ \"(?i)service\\\\s+started\"
	within 5s
	holddown 0s
	timeout-alert yes
	lateness 1s
}"
P_NY=$(free_port)
EXTRA_CONF=${EXTRA_CONF//\$P_NY/$P_NY}
write_conf 5m 0s
start_trapd
start_evcorrd

# snare_at PORT HOST ID "Www Mmm dd hh:mm:ss yyyy" [TEXT]: a Snare line with
# its own event time, over UDP.
snare_at() {
	"$LOGGER" --udp -n 127.0.0.1 -P "$1" --rfc3164 -t MSWinEventLog \
	    "$(printf '1\tApplication\t42\t%s\t%s\tMSExchangeIMC\tN/A\tN/A\tError\t%s\tNone\t\t%s\t7' \
		"$4" "$3" "$2" "${5:-Event $3}")"
}
N=0
ev() {
	N=$((N + 1))
	snare_at "$@"
	wait_stat events "$N" || fatal "event $N ($2 $3) not counted"
}
json_has() { json_kind "$1" .host | grep -qx "$2"; }
json_kind() { "$JQ" -r "select(.kind == \"$1\") | $2" "$T/alerts.json" 2>/dev/null; }

# 1. The 100 (host time 21:27:46) is sent before its 2140 (21:27:06).
ev "$P_SYSLOG" late01 100 "Sun Nov 29 21:27:46 2026"
ev "$P_SYSLOG" late01 2140 "Sun Nov 29 21:27:06 2026"
check "close sent first is held" stat_ge events_held 2
check "...and pairs within lateness" wait_until 100 now alert_count -eq 1
check "the pair is counted as late" stat_eq alerts_late_pairs 1
check "the alert is for late01" grep -q 'host=late01 ' "$T/evcorrd.out"
check "the alert names both host times" grep -q 'open="2140 MSExchangeIMC 2026-11-29T21:27:06.000Z" close="100 MSExchangeIMC 2026-11-29T21:27:46.000Z"' "$T/evcorrd.out"

# 2. A backlog flushed at once, in host-time order: 2140 at 10:00 and its
#    100 at 10:30 (farther apart than 5m: no pair), then 2140 11:00 and 100
#    11:03 (a pair).  On arrival all four are within a second.
ev "$P_SYSLOG" backlog01 2140 "Mon Nov 30 10:00:00 2026"
ev "$P_SYSLOG" backlog01 100 "Mon Nov 30 10:30:00 2026"
ev "$P_SYSLOG" backlog01 2140 "Mon Nov 30 11:00:00 2026"
ev "$P_SYSLOG" backlog01 100 "Mon Nov 30 11:03:00 2026"
check "backlog: the pair within the window alerts" wait_until 100 now alert_count -eq 2
check "backlog: it is the 11:00 .. 11:03 pair" grep -q 'host=backlog01 .*open="2140 MSExchangeIMC 2026-11-30T11:00:00.000Z" close="100 MSExchangeIMC 2026-11-30T11:03:00.000Z"' "$T/evcorrd.out"
check "backlog: the 10:00 window ended unpaired" stat_ge windows_expired 1
check "backlog: no pair across 30 minutes" test "$(grep -c 'host=backlog01 ' "$T/evcorrd.out")" -eq 1

# 3. An opening event older than window + lateness before the newest time.
ev "$P_SYSLOG" backlog01 2140 "Mon Nov 30 10:50:00 2026"
check "too late an opening event opens nothing" stat_eq windows_too_late 1

# 4. The listener's zone: 16:27:06 in New York is 21:27:06 UTC.
ev "$P_NY" nyc01 2140 "Sun Nov 29 16:27:06 2026"
ev "$P_NY" nyc01 100 "Sun Nov 29 16:27:30 2026"
check "zoned listener: pair" wait_until 100 now alert_count -eq 3
check "zoned listener: times read in America/New_York" grep -q 'host=nyc01 .*open="2140 MSExchangeIMC 2026-11-29T21:27:06.000Z"' "$T/evcorrd.out"

# 5. Timeout and clear, as the console sees them in the JSON alert log.
ev "$P_SYSLOG" life01 3000 "Sun Nov 29 22:00:00 2026"
check "timeout alert when the window runs out (5s + 1s)" wait_until 150 stat_eq alerts_timeout 1
check "timeout alert in the JSON log" test "$(json_kind timeout .host)" = life01
ev "$P_SYSLOG" life02 3000 "Sun Nov 29 22:00:00 2026"
ev "$P_SYSLOG" life02 3001 "Sun Nov 29 22:00:03 2026"
check "lifecycle pair alerts" wait_until 100 json_has pair life02
ev "$P_SYSLOG" life02 3002 "Sun Nov 29 22:05:00 2026" "The service did not start"
check "a clear event whose text does not match clears nothing" stat_eq alerts_clear 0
ev "$P_SYSLOG" life02 3002 "Sun Nov 29 22:05:10 2026" "The Service  started."
check "the clear event clears the alert" wait_until 100 stat_eq alerts_clear 1
pair_id=$(json_kind pair '.id' | tail -n 1)
check "the pair has an id" test -n "$pair_id"
check "the clear names the pair's id" test "$(json_kind clear .clears)" = "$pair_id"
check "ids are UUIDs" bash -c "echo '$pair_id' | grep -Eq '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$'"
check "the console gets a timeout notification" wait_until 50 grep -q "evcorrAlertTimeoutNotification" "$T/trapd.log"
check "...and a clear notification naming the pair's id" wait_until 50 bash -c "grep evcorrAlertClearNotification '$T/trapd.log' | grep -q '$pair_id'"
ev "$P_SYSLOG" life03 3002 "Sun Nov 29 22:05:10 2026" "service started"
check "a clear with nothing active is counted" wait_until 50 stat_eq clear_without_alert 1

finish
