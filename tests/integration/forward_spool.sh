#!/bin/bash
# SPDX-License-Identifier: ISC
# A forwarder's on-disk spool: with no collector, 100 alerts are spooled;
# evcorrd stops and starts again, now with a real syslog-ng listening:
# the spool drains after the restart, every alert once, in the order
# raised, and the spool file is cut back to its header.  A second
# forwarder with a 64K spool and no collector fills it: the alerts past
# it are counted (forward_spool_full, forward_dropped), nothing crashes.
. "$(dirname "$0")/lib.sh"
SYSLOG_NG=${SYSLOG_NG:-$(command -v syslog-ng || echo /usr/sbin/syslog-ng)}
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
SNG_PID=""
trap '[ -n "$SNG_PID" ] && kill $SNG_PID 2>/dev/null; cleanup' EXIT

pick_ports
EXTRA_CONF="forward \"siem\" syslog tcp to 127.0.0.1 port $P_SNG spool \"$T/spool\" max 1M
forward \"tiny\" syslog tcp to 127.0.0.1 port $P_NONE spool \"$T/spool\" max 64K"
CONF_ARGS="30s 30m"
write_conf $CONF_ARGS
start_evcorrd

python3 - "$P_SYSLOG" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
def snare(host, eid):
    p = ("1\tApplication\t42\tSun Nov 29 21:27:06 2026\t%d\tMSExchangeIMC\tN/A\tN/A\tError\t%s\tNone\t\tEvent %d\t7"
         % (eid, host, eid))
    m = ("<13>Nov 29 21:27:06 %s MSWinEventLog: %s" % (host, p)).encode()
    return b"%d %s" % (len(m), m)
for i in range(100):
    h = "HOST%03d" % i
    s.sendall(snare(h, 2140) + snare(h, 100))
s.close()
PY
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

"$SYSLOG_NG" -F -f "$T/syslog-ng.conf" --no-caps -R "$T/sng.persist" \
    -p "$T/sng.pid" -c "$T/sng.ctl" > "$T/syslog-ng.log" 2>&1 &
SNG_PID=$!
wait_until 100 bash -c "ss -Hltn | grep -q ':$P_SNG\\b'" || fatal "syslog-ng did not listen"
start_evcorrd
check "the spool is read at start" grep -q 'forward siem .*spool holds' "$T/evcorrd.err"
received() { cat "$T/sng.out" 2>/dev/null | wc -l; }
check "the spool drained after the restart" wait_until 300 now received -ge 100
sleep 0.5 # a duplicate (there must be none) would arrive by now
check "each alert once, in the order raised" cmp "$T/raised.ids" "$T/sng.out"
spool_size() { wc -c < "$T/spool/siem.spool"; }
check "the spool file is back to its header" wait_until 50 now spool_size -eq 16
stop_evcorrd
finish
