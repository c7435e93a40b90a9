#!/bin/bash
# SPDX-License-Identifier: ISC
# Regressions from the attack runs (issue 13), each against a running
# daemon: a target with nothing listening counts every refusal against
# its own send; host names that are not clean never fall back to the
# relay's address; out-of-range trap IDs, cut-off TCP messages and
# duplicate JSON keys are refused, counted; bidirectional controls are
# escaped; a deleted alert log is reopened; one sender cannot fill the
# window table, nor keep a new client out of the TCP listener.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER"
command -v python3 >/dev/null 2>&1 || skip "python3 not found (raw sender)"

# The raw sender: python3 h.py COMMAND PORT ARGS...
cat > "$T/h.py" <<'PY'
import socket, struct, sys, time

def snare(host, ev, src="MSExchangeIMC"):
    return ("<13>Nov 29 21:27:06 relay MSWinEventLog\t1\tApplication\t42\t"
            "Sun Nov 29 21:27:06 2026\t%d\t%s\tN/A\tN/A\tError\t%s\tNone\t\t"
            "Event %d from %s\t7" % (ev, src, host, ev, src)).encode()

def udp(port, data, src="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.sendto(data, ("127.0.0.1", port))
    s.close()

# BER, enough for an SNMPv1 trap with any specific-trap INTEGER.
def tlv(tag, body):
    n = len(body)
    if n < 128:
        return bytes([tag, n]) + body
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(ln)]) + ln + body

def ber_int(v, tag=0x02):
    n = 1
    while not -(1 << (8 * n - 1)) <= v < (1 << (8 * n - 1)):
        n += 1
    return tlv(tag, v.to_bytes(n, "big", signed=True))

def ber_oid(arcs):
    body = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        enc = [a & 0x7f]
        a >>= 7
        while a:
            enc.insert(0, 0x80 | (a & 0x7f))
            a >>= 7
        body += bytes(enc)
    return tlv(0x06, body)

def v1_trap(specific, host="EXCH01", src="MSExchangeIMC"):
    ent = [1, 3, 6, 1, 4, 1, 311, 1, 13, 1, len(src)] + [ord(c) for c in src]
    vb = [1, 3, 6, 1, 4, 1, 311, 1, 13, 1, 9999]
    binds = b"".join(
        tlv(0x30, ber_oid(vb + [i, 0]) + tlv(0x04, v.encode()))
        for i, v in ((1, "Event from " + src), (2, "N/A"), (3, host),
                     (4, "1"), (5, "0")))
    pdu = (ber_oid(ent) + tlv(0x40, bytes([127, 0, 0, 1])) + ber_int(6) +
           ber_int(specific) + ber_int(0, 0x43) + tlv(0x30, binds))
    return tlv(0x30, ber_int(0) + tlv(0x04, b"public") + tlv(0xa4, pdu))

def cut(port, how):
    """A message without its end, then a FIN or a reset."""
    line = snare("CUT01", 2140)
    data = line if how.startswith("lf") else b"%d " % (len(line) + 50) + line
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(data)
    time.sleep(0.2)
    if how.endswith("rst"):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
    s.close()

def pairs(port, n):
    for i in range(n):
        udp(port, snare("BURST%02d" % i, 2140))
        udp(port, snare("BURST%02d" % i, 100))
        time.sleep(0.01)

def flood(port, src, n, first=0):
    for i in range(first, first + n):
        udp(port, snare("FAKE%s-%04d" % (src.split(".")[-1], i), 2140), src)
        time.sleep(0.002)

def hold(port, src, n, secs):
    """n connections from src that send a message and never finish it."""
    end = time.time() + secs
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind((src, 0))
        s.connect(("127.0.0.1", port))
        s.send(b"<13>Nov 29 21:27:06 slow MSWinEventLog\t1\t")
        socks.append(s)
    while time.time() < end:
        time.sleep(0.1)

def attack(port, nsrc, per, secs):
    """nsrc addresses, per connections each, dribbling partial frames and
    reconnecting whenever closed."""
    import selectors
    end = time.time() + secs
    sel = selectors.DefaultSelector()
    def connect(src):
        s = socket.socket()
        s.setblocking(False)
        s.bind((src, 0))
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        sel.register(s, selectors.EVENT_READ, src)
    for a in range(nsrc):
        for _ in range(per):
            connect("127.0.0.%d" % (2 + a))
    last = 0
    while time.time() < end:
        for key, _ in sel.select(0.05):
            try:
                if key.fileobj.recv(64):
                    continue
            except OSError:
                pass
            sel.unregister(key.fileobj)
            key.fileobj.close()
            time.sleep(0.005)
            connect(key.data)
        if time.time() - last >= 0.2:
            last = time.time()
            for key in list(sel.get_map().values()):
                try:
                    key.fileobj.send(b"x")
                except OSError:
                    pass

def legit(port, out, limit):
    """A pair over one new connection; prints the seconds to its alert."""
    t0 = time.time()
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(snare("LEGIT01", 2140) + b"\n" + snare("LEGIT01", 100) + b"\n")
    while time.time() - t0 < limit:
        if b"host=legit01" in open(out, "rb").read():
            print("%.3f" % (time.time() - t0))
            return
        time.sleep(0.01)
    print("none")

cmd, port = sys.argv[1], int(sys.argv[2])
a = sys.argv[3:]
if cmd == "trap":
    udp(port, v1_trap(int(a[0])))
elif cmd == "udp":
    udp(port, a[0].encode("utf-8", "surrogateescape"))
elif cmd == "cut":
    cut(port, a[0])
elif cmd == "pairs":
    pairs(port, int(a[0]))
elif cmd == "flood":
    flood(port, a[0], int(a[1]), int(a[2]) if len(a) > 2 else 0)
elif cmd == "hold":
    hold(port, a[0], int(a[1]), float(a[2]))
elif cmd == "attack":
    attack(port, int(a[0]), int(a[1]), float(a[2]))
elif cmd == "legit":
    legit(port, a[0], float(a[1]))
PY
h() { python3 "$T/h.py" "$@"; }

pick_ports
# Nothing listens on the target's port (no snmptrapd here).
EXTRA_CONF='max-connections 32
tcp-evict-after 500ms
tcp-idle-timeout 30s
max-windows 64
max-windows-per-peer 64'
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_evcorrd
S=$P_SYSLOG

# --- 9: every refusal counted against its own send
h pairs "$S" 20
check "20 alerts" wait_until 50 now alert_count -eq 20
check "20 traps handed to the network" wait_stat notifications_sent 20
check "20 refusals counted" wait_stat notification_refused 20
check "no send counted as failed for another's refusal" \
    stat_eq notification_send_errors 0
check "exactly 20 refusals" stat_eq notification_refused 20

# --- 1: host identity
alerts=$(alert_count)
send_json udp 'SERVER A' 2140
send_json udp 'OTHER\tBOX' 100
send_json udp '10.0.0.1.evil.com' 2140
send_json udp '10.0.0.2.evil.com' 100
long=$(printf 'X%.0s' $(seq 1 299))
send_json udp "${long}A" 2140
send_json udp "${long}B" 100
check "all six events decoded" wait_stat events 46
check "unclean names behind one relay are not one host" \
    test "$(alert_count)" -eq "$alerts"
# longer than the decoders keep whole: refused, counted, never the relay
h udp "$S" "<13>1 2026-11-29T21:27:06Z relay nxlog - - - {\"EventID\":2140,\"Hostname\":\"$(printf 'Y%.0s' $(seq 1 1100))\",\"SourceName\":\"MSExchangeIMC\"}"
check "a name too long to keep whole is refused" wait_stat events_host_too_long 1
check "no alert keyed on the relay's address" \
    sh -c "! grep -q 'host=127.0.0.1' '$T/evcorrd.out'"
send_json udp 'server a' 100
# the key is server\x20a, quoted and escaped again in the text line
check "a name with a space keys as itself, escaped and folded" \
    wait_until 50 grep -qF 'host="server\\x20a" ' "$T/evcorrd.out"
send_json udp '-' 2140
send_json udp '-' 100
check "\"-\" is no name: keyed on the sender's address" \
    wait_until 50 grep -q 'host=127.0.0.1 ' "$T/evcorrd.out"

# --- 8: duplicate keys, bidirectional controls
m0=$(stat syslog_malformed)
"$LOGGER" --udp -n 127.0.0.1 -P "$S" --rfc5424 -t nxlog \
    '{"EventID":100,"EventID":2140,"Hostname":"DUP01","SourceName":"MSExchangeIMC"}'
check "duplicate JSON keys are malformed" wait_stat syslog_malformed $((m0 + 1))
send_json udp 'EXCH\u202eXX' 2140
send_json udp 'EXCH\u202eXX' 100
check "a pair with U+202E in its name alerts" \
    wait_until 50 grep -q 'host="exch' "$T/evcorrd.out"
check "no raw U+202E in the text alert line" \
    sh -c "! grep -q \$'\\xe2\\x80\\xae' '$T/evcorrd.out'"
check "U+202E escaped in the text alert line" \
    grep -qF 'exch\xe2\x80\xaexx' "$T/evcorrd.out"
check "U+202E escaped in the JSON record" \
    grep -qF 'exch\u202exx' "$T/alerts.json"

# --- 5, 6: trap IDs out of range are malformed, and logged
e0=$(stat events)
t0=$(stat trap_malformed)
h trap "$P_TRAP" 1099511627776      # 2^40
h trap "$P_TRAP" 1099511629916      # 2^40 + 2140
h trap "$P_TRAP" -1
check "three out-of-range specific-trap values are malformed" \
    wait_stat trap_malformed $((t0 + 3))
check "none became an event" stat_eq events "$e0"
check "a malformed trap is logged" \
    grep -q "trap.*127.0.0.1.*malformed\|trap.*127.0.0.1.*damaged" "$T/evcorrd.err"
h trap "$P_TRAP" $((3221225472 + 2140))
check "the translator's own encoding still decodes" wait_stat events $((e0 + 1))

# --- 4: a message without its end is no event, however the connection ends
e0=$(stat events)
c0=$(stat syslog_tcp_truncated_at_eof)
for how in lf-fin lf-rst oc-fin oc-rst; do
	h cut "$S" "$how"
done
check "four cut-off messages counted as truncated at EOF" \
    wait_stat syslog_tcp_truncated_at_eof $((c0 + 4))
check "none became an event" stat_eq events "$e0"

# --- 6: the alert log deleted under the daemon
rm -f "$T/alerts.json"
send_snare udp FILE01 2140
send_snare udp FILE01 100
check "deleted alert log reopened, counted" wait_stat alert_log_reopened 1
check "the alert is in the new file" \
    wait_until 50 grep -q '"host":"file01"' "$T/alerts.json"

# --- 3: one address fills the window table; another's pair still alerts
h flood "$S" 127.0.0.40 200
check "the table filled: the largest peer's oldest windows evicted" \
    wait_stat windows_evicted 136
check "the peer filling the table is logged" \
    grep -q "127.0.0.40 holds the most windows" "$T/evcorrd.err"
# the table full to the last place (a window that expired meanwhile retaken)
e0=$(stat events)
h flood "$S" 127.0.0.40 5 200
wait_stat events $((e0 + 5))
send_snare udp REAL01 2140
send_snare udp REAL01 100
check "a real pair from another address alerts" \
    wait_until 50 grep -q 'host=real01 ' "$T/evcorrd.out"
check "no window was refused" stat_eq windows_full_dropped 0
# Each sender's share, the default: half of max-windows (here 100 of 200,
# room enough that nobody is evicted).
sed -i '/^max-windows-per-peer/d; s/^max-windows 64$/max-windows 200/' \
    "$T/evcorrd.conf"
kill -HUP "$EVCORRD_PID"
check "reloaded" wait_stat reloads 1
p0=$(stat windows_peer_full)
v0=$(stat windows_evicted)
h flood "$S" 127.0.0.41 150
check "a second flooder stops at its share" wait_stat windows_peer_full $((p0 + 50))
check "exactly at its share" stat_eq windows_peer_full $((p0 + 50))
check "nobody else gave way for it" stat_eq windows_evicted "$v0"

# --- 2: a per-address share, and no starvation by slow clients
a0=$(stat syslog_tcp_address_limit)
h hold "$S" 127.0.0.30 6 2 &
HOLD=$!
check "one address beyond its share (max-connections/8) is closed, counted" \
    wait_stat syslog_tcp_address_limit $((a0 + 2))
wait "$HOLD" 2>/dev/null
# 16 addresses x 4 connections, twice max-connections, reconnecting at once.
r0=$(stat syslog_tcp_refused)
h attack "$S" 16 4 8 &
ATTACK=$!
check "the attackers take every place" wait_stat syslog_tcp_refused $((r0 + 1))
sleep 0.7 # past tcp-evict-after: the attackers have no complete message
secs=$(h legit "$S" "$T/evcorrd.out" 1)
check "a new client's pair alerts within a second under attack ($secs s)" \
    test "$secs" != none
check "attackers were evicted" stat_ge syslog_tcp_evicted 1
check "attackers were closed at the limit, not left in the backlog" \
    stat_ge syslog_tcp_refused 1
kill "$ATTACK" 2>/dev/null
wait "$ATTACK" 2>/dev/null
check "daemon still alive" kill -0 "$EVCORRD_PID"
finish
