#!/bin/bash
# SPDX-License-Identifier: ISC
# http on ADDR port N: GET /metrics parsed by python3's prometheus_client
# (every family with HELP and TYPE, evcorrd_..._total counters labelled
# by listener and target, the gauges), GET /healthz 200 and, once a
# listener cannot open, 503 with the reason, GET /windows (the open
# window), POST /test-alert (through a real snmptrapd and the alert
# logs, windows untouched), 404 and 405 (counted), an oversized request refused, and the
# connection cap: at 16 open, accepting pauses (counted) until one goes.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SNMPTRAPD"
# Debian's python3 (where python3-prometheus-client is), else the first one.
PY=""
for p in /usr/bin/python3 "$(command -v python3 || true)"; do
	[ -n "$p" ] && "$p" -c 'import prometheus_client.parser' 2>/dev/null &&
	    { PY=$p; break; }
done
[ -n "$PY" ] ||
    skip "prometheus_client not found (apt-get install python3-prometheus-client)"

# req METHOD PATH [EXTRA-HEADER-BYTES]: "status<TAB>content-type<TAB>allow"
# then the body, from a raw HTTP/1.1 request.
req() {
	"$PY" - "$P_HTTP" "$@" <<'PY'
import http.client, sys
port, method, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
pad = int(sys.argv[4]) if len(sys.argv) > 4 else 0
c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
try:
    c.putrequest(method, path)
    if pad:
        c.putheader("X-Pad", "a" * pad)
    c.endheaders()
    r = c.getresponse()
    body = r.read().decode()
    print("%d\t%s\t%s" % (r.status, r.getheader("Content-Type", ""),
                          r.getheader("Allow", "")))
    sys.stdout.write(body)
except (ConnectionError, http.client.HTTPException) as e:
    print("closed\t%s\t" % type(e).__name__)
PY
}

pick_ports
P_HTTP=$(free_port)
EXTRA_CONF="http on 127.0.0.1 port $P_HTTP"
CONF_ARGS="5m 30m"
write_conf $CONF_ARGS
start_trapd
start_evcorrd
send_snare udp EXCH01 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"

req GET /metrics > "$T/metrics"
check "GET /metrics: 200" grep -q "^200	text/plain; version=0.0.4" "$T/metrics"
tail -n +2 "$T/metrics" > "$T/metrics.txt"
"$PY" - "$T/metrics.txt" "$P_SYSLOG" > "$T/parsed" 2>&1 <<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
port = sys.argv[2]
fams = list(text_string_to_metric_families(text))
bad = [f.name for f in fams if not f.documentation or f.type not in ("counter", "gauge")]
print("families", len(fams))
print("undocumented", " ".join(bad) or "none")
names = set()
for f in fams:
    for s in f.samples:
        names.add(s.name)
        if f.type == "counter" and not s.name.endswith("_total"):
            print("counter sample without _total:", s.name)
        if s.name == "evcorrd_windows_opened_total":
            print("windows_opened", int(s.value))
        if s.name == "evcorrd_windows_open":
            print("windows_open", int(s.value))
        for k, v in s.labels.items():
            if k == "listener" and v == "syslog/udp 127.0.0.1:" + port:
                print("listener label", s.name)
            if k == "target" and v.endswith("nms"):
                print("target label", s.name)
            if k == "rule" and v == "Q246115":
                print("rule label", s.name)
print("all prefixed", all(n.startswith("evcorrd_") for n in names))
PY
cat "$T/parsed"
check "prometheus_client parses /metrics" grep -q "^families [1-9]" "$T/parsed"
check "every family has HELP and a TYPE" grep -qx "undocumented none" "$T/parsed"
check "every counter sample ends in _total" bash -c "! grep -q 'without _total' '$T/parsed'"
check "every name starts evcorrd_" grep -qx "all prefixed True" "$T/parsed"
check "windows_opened counted 1" grep -qx "windows_opened 1" "$T/parsed"
check "gauge windows_open is 1" grep -qx "windows_open 1" "$T/parsed"
check "samples labelled by listener" grep -q "^listener label evcorrd_syslog" "$T/parsed"
check "samples labelled by target" grep -q "^target label evcorrd_" "$T/parsed"
check "samples labelled by rule" grep -q "^rule label evcorrd_rule_alerts_total" "$T/parsed"

req GET /healthz > "$T/healthz"
check "GET /healthz: 200 JSON" grep -q "^200	application/json" "$T/healthz"
check "healthz says ok" bash -c "tail -n +2 '$T/healthz' | jq -e '.status == \"ok\"'"

req GET /windows > "$T/windows"
tail -n +2 "$T/windows" > "$T/windows.json"
check "GET /windows: 200 JSON" grep -q "^200	application/json" "$T/windows"
check "one window listed" jq -e '.count == 1 and .shown == 1 and (.truncated | not)' "$T/windows.json"
check "the window: rule, host, open, closes in <= 5m" \
    jq -e '.windows[0] | .rule == "Q246115" and .host == "exch01" and .open and .closes_in_ms <= 300000 and .closes_in_ms > 0' \
    "$T/windows.json"

req GET /nope > "$T/nope"
check "unknown path: 404" grep -q "^404" "$T/nope"
req POST /metrics > "$T/post"
check "POST /metrics: 405 with Allow: GET" grep -q "^405	.*	GET$" "$T/post"
req GET /metrics 20000 > "$T/big"
check "a 20 KB header is refused" bash -c "! grep -q '^200' '$T/big'"
check "404 counted" stat_eq http_not_found 1
check "405 counted" stat_eq http_bad_method 1

check "gauge http_connections is listed" grep -q "^# TYPE evcorrd_http_connections gauge" "$T/metrics.txt"

# POST /test-alert: the test alert through every output, verdicts as JSON.
req POST /test-alert > "$T/test"
tail -n +2 "$T/test" > "$T/test.json"
cat "$T/test.json"
check "POST /test-alert: 200 JSON" grep -q "^200	application/json" "$T/test"
check "every destination took it" jq -e '.ok and (.destinations | length) == 3' "$T/test.json"
check "the target: delivered" \
    jq -e '.destinations[] | select(.destination == "target nms") | .result == "delivered"' "$T/test.json"
check "snmptrapd got the test notification" wait_until 50 now test_trap_count -eq 1
check "the JSON alert line is the test alert" \
    bash -c "tail -n 1 '$T/alerts.json' | jq -e '.rule == \"evcorrd-test\"'"
req GET /test-alert > "$T/test-get"
check "GET /test-alert: 405 with Allow: POST" grep -q "^405	.*	POST$" "$T/test-get"
req GET /windows > "$T/windows2"
check "the test alert left the windows alone" \
    bash -c "tail -n +2 '$T/windows2' | jq -e '.count == 1 and .windows[0].open'"

# The connection cap: 16 idle connections pause accepting; a 17th is
# answered only once one of them is gone.
"$PY" - "$P_HTTP" "$EVCORRD_PID" "$T" > "$T/cap" 2>&1 <<'PY'
import os, signal, socket, sys, time
port, pid, t = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(16)]
def paused():
    os.kill(pid, signal.SIGUSR1)
    time.sleep(0.2)
    lines = [l for l in open(t + "/evcorrd.err") if "stats: " in l]
    return bool(lines) and "http_paused=1" in lines[-1]
ok = False
for _ in range(50):
    if paused():
        ok = True
        break
print("paused", ok)
extra = socket.create_connection(("127.0.0.1", port), timeout=5)
extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
extra.settimeout(1.0)
try:
    got = extra.recv(100)
    print("answered while paused", got[:12])
except socket.timeout:
    print("waiting while paused")
idle[0].close()
extra.settimeout(10)
data = b""
try:
    while True:
        b = extra.recv(4096)
        if not b:
            break
        data += b
except socket.timeout:
    pass
print("after one closed", data.split(b"\r\n")[0].decode())
for s in idle[1:]:
    s.close()
PY
cat "$T/cap"
check "16 connections pause accepting (http_paused)" grep -qx "paused True" "$T/cap"
check "a 17th waits while 16 are open" grep -qx "waiting while paused" "$T/cap"
check "it is answered once one is gone" grep -qx "after one closed HTTP/1.1 200 OK" "$T/cap"
check "the pause is logged" grep -q "http 127.0.0.1 port $P_HTTP: 16 connections open" "$T/evcorrd.err"

# A listener that cannot open (its port taken): 503 and why.
P_BUSY=$(free_port)
"$PY" -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
open(sys.argv[2], "w").close(); time.sleep(30)' "$P_BUSY" "$T/busy.ready" &
BUSY_PID=$!
wait_until 50 test -f "$T/busy.ready" || fatal "no busy port"
EXTRA_CONF="$EXTRA_CONF
listen syslog tcp on 127.0.0.1 port $P_BUSY"
write_conf $CONF_ARGS
kill -HUP "$EVCORRD_PID"
wait_until 50 grep -q "reloaded" "$T/evcorrd.err"
req GET /healthz > "$T/healthz2"
check "a listener down: /healthz 503" grep -q "^503	application/json" "$T/healthz2"
check "the reason names the listeners" bash -c \
    "tail -n +2 '$T/healthz2' | jq -e '.status == \"unavailable\" and .reason == \"3 of 4 listeners open\"'"
kill "$BUSY_PID" 2>/dev/null
wait "$BUSY_PID" 2>/dev/null
stop_evcorrd
finish
