#!/bin/bash
# SPDX-License-Identifier: ISC
# A forwarder's on-disk spool: with no collector, 100 alerts are spooled;
# evcorrd stops and starts again, now with a real syslog-ng listening:
# the spool drains after the restart, every alert once, in the order
# raised, and the spool file is cut back to its header.  A second
# forwarder with a 64K spool and no collector fills it: the alerts past
# it are counted (forward_spool_full, forward_dropped), nothing crashes.
# A reload that changes the spooled forwarder hands the spool over: the
# next alert arrives once and the file is cut back again.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SYSLOG_NG"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

SDID='evcorrd@8072.9999.9999.2140'
P_SNG=$(free_port)
P_NONE=$(free_port)
mkdir "$T/spool"
cat > "$T/syslog-ng.conf" <<CONF
@version: 3.38
options { stats_freq(0); };
source s { syslog(ip("127.0.0.1") port($P_SNG) transport("tcp")); };
destination d { file("$T/sng.out" template("\${.SDATA.$SDID.id}\n")); };
log { source(s); destination(d); };
CONF

pick_ports
EXTRA_CONF="forward \"siem\" syslog tcp to 127.0.0.1 port $P_SNG spool \"$T/spool\" max 1M
forward \"tiny\" syslog tcp to 127.0.0.1 port $P_NONE spool \"$T/spool\" max 64K"
CONF_ARGS="30s 30m"
write_conf $CONF_ARGS
start_evcorrd

send_pairs_tcp 100
check "100 alerts raised" wait_until 300 stat_eq alerts 100
check "all spooled by siem, some by tiny" stat_ge forward_spooled 101
check "tiny's full spool: counted" stat_ge forward_spool_full 1
check "and dropped" stat_ge forward_dropped 1
check "logged" grep -q 'forward tiny .*spool full (oldest kept)' "$T/evcorrd.err"
check "tiny's spool is within its max" test "$(wc -c < "$T/spool/tiny.spool")" -le 65536
grep -o ' id=[0-9a-f-]*' "$T/evcorrd.out" | cut -d= -f2 > "$T/raised.ids"
stop_evcorrd
check "SIGTERM exits 0 with a spool" test $? -eq 0
check "the spool was kept" grep -q 'forward siem .*kept in the spool' "$T/evcorrd.err"
cp "$T/evcorrd.err" "$T/evcorrd.err.1"

start_syslog_ng "$P_SNG"
start_evcorrd
check "the spool is read at start" grep -q 'forward siem .*spool holds' "$T/evcorrd.err"
received() { cat "$T/sng.out" 2>/dev/null | wc -l; }
check "the spool drained after the restart" wait_until 300 now received -ge 100
sleep 0.5 # a duplicate (there must be none) would arrive by now
check "each alert once, in the order raised" cmp "$T/raised.ids" "$T/sng.out"
spool_size() { wc -c < "$T/spool/siem.spool"; }
check "the spool file is back to its header" wait_until 50 now spool_size -eq 16

sed -i 's/^forward "siem" \(.*\) max 1M$/forward "siem" \1 max 2M/' "$T/evcorrd.conf"
grep -q '^forward "siem" .* max 2M$' "$T/evcorrd.conf" || fatal "conf not changed"
kill -HUP "$EVCORRD_PID"
check "reloaded" wait_until 50 stat_eq reloads 1
send_snare udp EXCH99 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_snare udp EXCH99 100
check "after the reload: the next alert arrives" wait_until 100 now received -eq 101
check "once" bash -c "sleep 0.5; [ \$(wc -l < '$T/sng.out') -eq 101 ]"
check "and the handed-over spool is cut back again" wait_until 50 now spool_size -eq 16
stop_evcorrd
finish
