#!/bin/bash
# SPDX-License-Identifier: ISC
# A table of malformed and unwanted inputs, each sent to a running daemon:
# for every one the daemon stays up, the named counter moves, and a
# correlation still works afterwards.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAP" "$SNMPTRAPD"
command -v python3 >/dev/null 2>&1 || skip "python3 not found (raw sender)"
SNMPGET=$(dirname "$SNMPTRAP")/snmpget

pick_ports
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_trapd
start_evcorrd

# udp|tcp PORT PRINTF-FORMAT: the bytes in one datagram, or one connection
# (python3 sends them whole; bash's /dev/udp would split them into writes).
raw() {
	printf "$3" > "$T/raw"
	python3 - "$1" "$2" "$T/raw" <<'PY'
import socket, sys
kind, port, data = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "rb").read()
if kind == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(data, ("127.0.0.1", port))
else:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(data)
s.close()
PY
}
udp() { raw udp "$@"; }
tcp() { raw tcp "$@"; }
big() { head -c "$1" /dev/zero | tr '\0' 'A'; }

# expect COUNTER DESCRIPTION SEND-COMMAND...: the counter must grow.
expect() {
	counter=$1 desc=$2
	shift 2
	before=$(stat "$counter") || fatal "no counters from evcorrd"
	"$@" 2>/dev/null
	if wait_until 50 stat_ge "$counter" $((before + 1)); then
		ok "$desc -> $counter"
	else
		not_ok "$desc -> $counter (stayed ${before:-?})"
	fi
	kill -0 "$EVCORRD_PID" 2>/dev/null || fatal "evcorrd died after: $desc"
}

S=$P_SYSLOG
expect syslog_empty "syslog/udp: only a newline" udp $S '\n'
expect syslog_not_winevent "syslog/udp: PRI and nothing else" udp $S '<13>'
expect syslog_truncated "syslog/udp: 20 KB datagram" udp $S "<13>Nov 29 21:27:06 h t: $(big 20000)"
expect syslog_not_winevent "syslog/udp: binary with NULs" udp $S '\x00\x01\x02\xff\xfe<13>\x00'
expect syslog_malformed "syslog/udp: broken RFC 5424 structured data" udp $S '<13>1 2026-11-29T21:27:06Z h app - - [bad'
expect syslog_not_winevent "syslog/udp: ordinary sshd line" udp $S '<38>Nov 29 21:27:06 h sshd[12]: Accepted publickey for root'
expect syslog_malformed "syslog/udp: Snare line with a bad event ID" udp $S '<13>Nov 29 21:27:06 h MSWinEventLog\t1\tApplication\t1\tSun Nov 29 21:27:06 2026\tnotanumber\tMSExchangeIMC\tN/A\tN/A\tError\th\tNone\t\ttext\t1'
expect syslog_malformed "syslog/udp: cut NXLog JSON" udp $S '<13>1 2026-11-29T21:27:06Z h nxlog - - {"EventID":21'
expect syslog_not_winevent "syslog/udp: newline injection attempt" udp $S '<13>Nov 29 21:27:06 h evil: line\nevcorrd alert rule=fake'
expect syslog_tcp_framing_errors "syslog/tcp: 12-digit octet count" tcp $S '123456789012 <13>x'
expect syslog_tcp_truncated_at_eof "syslog/tcp: frame cut by EOF" tcp $S '100 <13>Nov 29 21:27:06 h t: short'
expect syslog_truncated "syslog/tcp: 20 KB LF line" tcp $S "<13>Nov 29 21:27:06 h t: $(big 20000)\n"
expect syslog_truncated "syslog/tcp: 20 KB octet-counted frame" tcp $S "20025 <13>Nov 29 21:27:06 h t: $(big 20000)"

P=$P_TRAP
expect trap_malformed "trap: garbage datagram" udp $P 'hello, not BER'
expect trap_malformed "trap: truncated BER" udp $P '\x30\x82\x01\x00\x02\x01\x01\x04\x06public'
expect trap_bad_version "trap: SNMPv3 trap" "$SNMPTRAP" -v 3 -u nobody -l noAuthNoPriv -e 0x8000000001020304 "127.0.0.1:$P" "" .1.3.6.1.6.3.1.1.5.1
expect trap_bad_version "trap: version 7 message" udp $P '\x30\x1d\x02\x01\x07\x04\x06public\xa7\x10\x02\x01\x01\x02\x01\x00\x02\x01\x00\x30\x05\x30\x03\x06\x01\x00'
expect trap_bad_community "trap: wrong community" send_trap v2c EXCH01 2140 MSExchangeIMC wrong
expect trap_not_notification "trap: a GET to the trap port" "$SNMPGET" -v 2c -c public -t 0.3 -r 0 "127.0.0.1:$P" .1.3.6.1.2.1.1.1.0
expect trap_not_winevent "trap: coldStart, not the translator" "$SNMPTRAP" -v 2c -c public "127.0.0.1:$P" "" .1.3.6.1.6.3.1.1.5.1
expect trap_not_winevent "trap: v1 trap of another enterprise" "$SNMPTRAP" -v 1 -c public "127.0.0.1:$P" .1.3.6.1.4.1.8072.2.3 127.0.0.1 6 2140 ""
check "...judged by its enterprise, unparsed" wait_until 50 grep -q "a trap of another enterprise than the event-to-trap" "$T/evcorrd.err"
expect trap_malformed "trap: translator enterprise whose length lies" "$SNMPTRAP" -v 1 -c public "127.0.0.1:$P" .1.3.6.1.4.1.311.1.13.1.9.77.83 127.0.0.1 6 2140 ""

check "wrong community logged with the peer" grep -q "127.0.0.1.*communit" "$T/evcorrd.err"
check "no injected alert line" test "$(alert_count)" -eq 0
check "injection logged escaped on one line" grep -q 'line\\nevcorrd alert' "$T/evcorrd.err"

# Still correlating after all of that.
send_snare udp EXCH01 2140
wait_stat windows_opened 1 || fatal "2140 after the garbage did not open a window"
send_trap v2c EXCH01 100
check "still correlates afterwards" wait_until 50 now alert_count -eq 1
finish
