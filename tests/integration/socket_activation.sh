#!/bin/bash
# SPDX-License-Identifier: ISC
# Socket activation: sockets passed as systemd does ($LISTEN_PID,
# $LISTEN_FDS from fd 3, $LISTEN_FDNAMES; a python3 parent binds them and
# keeps them, so evcorrd binding its own would fail) are taken by the
# listen lines with their kind, address and port, in any order; one that
# no line names is reported; events arrive through them.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

pick_ports
P_SPARE=$(free_port)
CONF_ARGS="5m 30m"
write_conf $CONF_ARGS
: > "$T/evcorrd.err"
# fd 3: trap (udp), 4: syslog tcp, 5: syslog udp, 6: a socket no line names
python3 - "$EVCORRD" "$T" "$P_SYSLOG" "$P_TRAP" "$P_SPARE" <<'PY' &
import os, signal, socket, sys
evcorrd, t, p_syslog, p_trap, p_spare = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def udp(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    return s
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind(("127.0.0.1", p_syslog))
tcp.listen(16)
socks = [udp(p_trap), tcp, udp(p_syslog), udp(p_spare)]
pid = os.fork()
if pid == 0:
    high = [os.dup2(s.fileno(), 100 + i) for i, s in enumerate(socks)]
    for i, fd in enumerate(high):
        os.dup2(fd, 3 + i, inheritable=True)
        os.close(fd)
    env = dict(os.environ, LISTEN_PID=str(os.getpid()), LISTEN_FDS=str(len(socks)),
               LISTEN_FDNAMES="traps:syslog-tcp:syslog-udp:spare")
    out = os.open(t + "/evcorrd.out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err = os.open(t + "/evcorrd.err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.execve(evcorrd, [evcorrd, "-d", "-v", "-f", t + "/evcorrd.conf"], env)
with open(t + "/child.pid", "w") as f:
    f.write(str(pid))
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
os.waitpid(pid, 0)
PY
PARENT_PID=$!
wait_until 100 test -s "$T/child.pid" || fatal "no child"
EVCORRD_PID=$(cat "$T/child.pid")
wait_until 100 grep -q "evcorrd .* started" "$T/evcorrd.err" || fatal "evcorrd did not start"
check "four sockets passed" grep -q "systemd passed 4 sockets" "$T/evcorrd.err"
check "syslog udp takes its socket" grep -q "syslog/udp on 127.0.0.1 port $P_SYSLOG: the socket systemd passed (syslog-udp)" "$T/evcorrd.err"
check "syslog tcp takes its socket" grep -q "syslog/tcp on 127.0.0.1 port $P_SYSLOG: the socket systemd passed (syslog-tcp)" "$T/evcorrd.err"
check "trap takes its socket" grep -q "trap on 127.0.0.1 port $P_TRAP: the socket systemd passed (traps)" "$T/evcorrd.err"
check "the spare is reported" grep -q "systemd passed a socket (spare) on udp 127.0.0.1 port $P_SPARE that no listen line names" "$T/evcorrd.err"
check "no bind error" bash -c "! grep -q 'cannot listen' '$T/evcorrd.err'"
send_snare udp EXCH01 2140
check "an event over the passed UDP socket" wait_stat windows_opened 1
send_json tcp EXCH01 100
check "and over the passed TCP socket: one alert" wait_until 50 now alert_count -eq 1
stop_evcorrd
kill "$PARENT_PID" 2>/dev/null
wait "$PARENT_PID" 2>/dev/null
finish
