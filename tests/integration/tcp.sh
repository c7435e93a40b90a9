#!/bin/bash
# SPDX-License-Identifier: ISC
# Syslog over TCP under pressure: logger with octet counting and with LF
# framing; max-connections held by silent clients (a new client is closed
# at once, counted, until the one silent longest has been so for
# tcp-evict-after, then takes its place); a slowloris client that never
# completes a message is closed after tcp-idle-timeout; nothing is lost
# uncounted.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

pick_ports
EXTRA_CONF='max-connections 2
max-connections-per-address 8
tcp-evict-after 1s
tcp-idle-timeout 2s'
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_evcorrd

"$LOGGER" --tcp --octet-count -n 127.0.0.1 -P "$P_SYSLOG" --rfc5424 \
    -t MSWinEventLog "$(snare_payload oc1 2140 MSExchangeIMC)"
check "octet-counted frame from logger" wait_stat events 1
send_snare tcp oc1 100
check "LF frame from logger closes the pair" wait_until 50 now alert_count -eq 1

# Two silent clients take both places, a slow one dribbles a frame that
# never ends; all held for up to 8 s.
python3 - "$P_SYSLOG" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]
end = time.time() + 8
while time.time() < end:
    time.sleep(0.2)
PY
HOLD=$!
check "both places taken" wait_stat syslog_tcp_connections 4
# A third client at once: nobody has been silent for tcp-evict-after yet,
# so it is closed at once, counted, rather than left in the backlog.
send_snare tcp early 2140
check "a client arriving too soon is refused at once" wait_stat syslog_tcp_refused 1
# Once a silent client has been quiet for tcp-evict-after (1 s), the
# next new client takes its place.
try_evict() { send_snare tcp ev1 2140; stat_ge syslog_tcp_evicted 1; }
check "a silent client was evicted for a new one" wait_until 30 try_evict
check "the new client's event arrived" wait_stat events 3
check "idle clients are closed" wait_until 80 stat_ge syslog_tcp_idle_closed 1

python3 - "$P_SYSLOG" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
try:
    for b in b"<13>Nov 29 21:27:06 slow evtsys: 2140: never ends":
        s.send(bytes([b]))
        time.sleep(0.3)
except OSError:
    pass
PY
SLOW=$!
idle0=$(stat syslog_tcp_idle_closed)
check "a slowloris client is closed though it keeps sending" \
    wait_until 100 stat_ge syslog_tcp_idle_closed $((idle0 + 1))
check "its unfinished message is counted" stat_ge syslog_tcp_truncated_at_eof 1
kill "$HOLD" "$SLOW" 2>/dev/null
wait "$HOLD" "$SLOW" 2>/dev/null
check "daemon still alive" kill -0 "$EVCORRD_PID"
send_snare tcp after 2140
send_snare tcp after 100
check "still correlates over TCP" wait_until 50 now alert_count -eq 2
finish
