#!/bin/bash
# SPDX-License-Identifier: ISC
# listen syslog tls (RFC 5425) with mutual TLS, on 127.0.0.1 and ::1,
# with certificates made here (a CA; the server; a good client; a client
# of another CA; an expired client): openssl s_client and gnutls-cli with
# the good certificate deliver octet-counted frames, the pair alerts and
# the alert's via names the client's certificate subject; no certificate,
# an untrusted or an expired one, plain text, TLS 1.1, and a client that
# never starts the handshake are refused, counted and logged; SIGHUP
# re-reads the certificates, and a bad one keeps the old; back-pressure:
# a burst arrives whole over TLS and TCP, and memory does not grow; the
# TCP connection limits apply.
. "$(dirname "$0")/lib.sh"
OPENSSL=${OPENSSL:-$(command -v openssl || true)}
GNUTLS_CLI=${GNUTLS_CLI:-$(command -v gnutls-cli || true)}
need "$EVCORRD" "$LOGGER" "$OPENSSL" "$GNUTLS_CLI"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

# ---------------------------------------------------------------- certificates
C=$T/certs
mkdir -p "$C/db"
: > "$C/db/index.txt"
echo 01 > "$C/db/serial"
cat > "$C/ca.cnf" <<CNF
[ ca ]
default_ca = local
[ local ]
dir = $C/db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
default_md = sha256
policy = any
copy_extensions = copy
[ any ]
commonName = supplied
organizationName = optional
CNF
mkca() { # NAME
	"$OPENSSL" req -x509 -newkey rsa:2048 -nodes -days 2 \
	    -subj "/O=evcorrd test/CN=$1 CA" -keyout "$C/$1-ca.key" \
	    -out "$C/$1-ca.pem" 2>/dev/null
}
# mkcert NAME CA SUBJECT [openssl-ca dates...]: a certificate CA signed
mkcert() {
	n=$1 ca=$2 subj=$3
	shift 3
	"$OPENSSL" req -newkey rsa:2048 -nodes -subj "$subj" \
	    -addext "subjectAltName=IP:127.0.0.1,IP:::1" \
	    -keyout "$C/$n.key" -out "$C/$n.csr" 2>/dev/null &&
	"$OPENSSL" ca -batch -config "$C/ca.cnf" -cert "$C/$ca-ca.pem" \
	    -keyfile "$C/$ca-ca.key" -in "$C/$n.csr" -out "$C/$n.pem" \
	    -notext "$@" 2>/dev/null
}
{ mkca good && mkca other &&
    mkcert server good "/CN=evcorrd server" -days 2 &&
    mkcert server2 good "/CN=evcorrd server two" -days 2 &&
    mkcert client good "/O=Example/CN=exch01" -days 2 &&
    mkcert stranger other "/CN=stranger" -days 2 &&
    mkcert expired good "/CN=expired" -startdate 20200101000000Z \
        -enddate 20200102000000Z; } || fatal "cannot make certificates"
cp "$C/server.pem" "$C/live.pem"
cp "$C/server.key" "$C/live.key"

pick_ports
P_TLS=$(free_port)
CONF_ARGS="30s 0s"
EXTRA_CONF="listen syslog tls on 127.0.0.1 port $P_TLS certificate \"$C/live.pem\" key \"$C/live.key\" ca \"$C/good-ca.pem\" handshake-timeout 1s
listen syslog tls on ::1 port $P_TLS certificate \"$C/live.pem\" key \"$C/live.key\" ca \"$C/good-ca.pem\""
write_conf $CONF_ARGS
start_evcorrd

frame() { # HOST ID: one octet-counted Snare frame
	m="<13>Nov 29 21:27:06 $1 MSWinEventLog: $(snare_payload "$1" "$2" MSExchangeIMC)"
	printf '%d %s' "${#m}" "$m"
}
# s_client ADDR CERT [args]: one frame from stdin over TLS
s_client() {
	addr=$1 cert=$2
	shift 2
	timeout 10 "$OPENSSL" s_client -connect "$addr" -quiet -no_ign_eof \
	    -CAfile "$C/good-ca.pem" ${cert:+-cert "$C/$cert.pem" -key "$C/$cert.key"} \
	    "$@" > "$T/s_client.out" 2>&1
}

frame tlshost 2140 | s_client "127.0.0.1:$P_TLS" client
check "openssl s_client: the frame arrived" wait_stat events 1
check "one handshake" stat_eq syslog_tls_handshakes 1
check "the -v log names the client's certificate" \
    grep -q "TLS TLSv1.3, client certificate \"O=Example,CN=exch01\"" "$T/evcorrd.err"
check "the event's via shows it" \
    grep -q "event: host tlshost source \"MSExchangeIMC\" id 2140 via syslog/tls O=Example,CN=exch01" \
    "$T/evcorrd.err"
frame tlshost 100 | timeout 10 "$GNUTLS_CLI" --x509cafile "$C/good-ca.pem" \
    --x509certfile "$C/client.pem" --x509keyfile "$C/client.key" \
    -p "$P_TLS" ::1 > "$T/gnutls.out" 2>&1
check "gnutls-cli over IPv6: the pair alerts" wait_until 50 now alert_count -eq 1
check "the alert's via names the certificate" \
    grep -q '"via":"syslog/tls O=Example,CN=exch01"' "$T/alerts.json"
check "...for the opening event kept in the window too" \
    test "$(grep -o '"via":"syslog/tls O=Example,CN=exch01"' "$T/alerts.json" | wc -l)" -eq 2
echo | timeout 10 "$OPENSSL" s_client -connect "127.0.0.1:$P_TLS" -tls1_2 \
    -CAfile "$C/good-ca.pem" -cert "$C/client.pem" -key "$C/client.key" \
    > "$T/tls12.out" 2>&1
check "TLS 1.2 is taken" grep -q "Protocol  *: TLSv1.2" "$T/tls12.out"

failures() { stat syslog_tls_handshake_failures; }
f=0
# refused_with WHAT LOGTEXT COMMAND...: the client is refused, counted, logged
refused_with() {
	what=$1 text=$2
	shift 2
	"$@" < /dev/null > /dev/null 2>&1
	f=$((f + 1))
	check "$what: refused and counted" wait_until 50 now failures -ge "$f"
	check "$what: logged" grep -q "TLS handshake failed: .*$text" "$T/evcorrd.err"
}
refused_with "no client certificate" "" s_client "127.0.0.1:$P_TLS" ""
refused_with "a client of another CA" "unable to get local issuer certificate\|certificate verify failed" \
    s_client "127.0.0.1:$P_TLS" stranger
refused_with "an expired client certificate" "certificate has expired" \
    s_client "[::1]:$P_TLS" expired
refused_with "plain text on the TLS port" "wrong version number\|packet length too long\|http request\|record layer" \
    "$LOGGER" --tcp --octet-count -n 127.0.0.1 -P "$P_TLS" -t x "plain text"
refused_with "TLS 1.1" "protocol\|version" \
    s_client "127.0.0.1:$P_TLS" client -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'
check "no refused client's frame became an event" stat_eq events 2

python3 - "$P_TLS" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(4)
PY
check "a client that never shakes hands is closed after handshake-timeout" \
    wait_until 50 stat_ge syslog_tls_handshake_timeouts 1
check "and logged" grep -q "no TLS handshake within 1000 ms" "$T/evcorrd.err"

# Back-pressure: a burst far larger than the capped input, over TLS and
# over plain TCP, sent as fast as the client can.  Every frame arrives
# (none dropped, none uncounted) and the daemon's memory does not grow
# with the burst: a client is not read while its bytes wait to be framed.
# (libevent's OpenSSL bufferevent reads a few KiB per wakeup and each is
# framed at once, so the watermark is a second bound; what this catches
# is buffering that outgrows the framing.  RSS is not compared under
# AddressSanitizer, whose allocator keeps freed memory.)
N=100000
python3 - "$N" > "$T/burst" <<'PY'
import sys
out = []
for i in range(int(sys.argv[1])):
    m = ("<13>Nov 29 21:27:06 burst%d evtsys: 7036: not a pair %d" % (i, i)).encode()
    out.append(b"%d %s" % (len(m), m))
sys.stdout.buffer.write(b"".join(out))
PY
rss() { awk '/VmRSS/ {print $2}' "/proc/$EVCORRD_PID/status"; }
asan=0
ldd "$EVCORRD" 2>/dev/null | grep -q asan && asan=1
rss0=$(rss)
before=$(stat syslog_tcp_frames)
s_client "127.0.0.1:$P_TLS" client < "$T/burst"
check "TLS: a $N-frame burst ($(wc -c < "$T/burst") bytes) arrives whole" \
    wait_until 300 stat_ge syslog_tcp_frames $((before + N))
python3 - "$P_SYSLOG" "$T/burst" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(open(sys.argv[2], "rb").read())
s.close()
PY
check "TCP: the same burst arrives whole" \
    wait_until 300 stat_ge syslog_tcp_frames $((before + 2 * N))
check "exactly" stat_eq syslog_tcp_frames $((before + 2 * N))
check "with no framing error" stat_eq syslog_tcp_framing_errors 0
check "nothing cut at the end" stat_eq syslog_tcp_truncated_at_eof 0
rss1=$(rss)
if [ "$asan" = 0 ]; then
	check "memory did not grow with the bursts (${rss0} KiB -> ${rss1} KiB)" \
	    [ "$((rss1 - rss0))" -lt 4096 ]
fi

# SIGHUP: a broken certificate keeps the old one; a new good one is used.
echo "not a certificate" > "$C/live.pem"
kill -HUP "$EVCORRD_PID"
check "a bad certificate on reload is counted" wait_stat syslog_tls_reload_errors 2
check "and logged" grep -q "keeping the certificates in use" "$T/evcorrd.err"
echo | s_client "127.0.0.1:$P_TLS" client
check "the old certificate still serves" grep -q "CN = evcorrd server$" "$T/s_client.out"
cp "$C/server2.pem" "$C/live.pem"
cp "$C/server2.key" "$C/live.key"
kill -HUP "$EVCORRD_PID"
check "reloaded" wait_stat reloads 2
check "certificates reloaded" grep -q "syslog/tls 127.0.0.1:$P_TLS: certificates reloaded" "$T/evcorrd.err"
echo | s_client "127.0.0.1:$P_TLS" client
check "new connections get the new certificate" \
    grep -q "CN = evcorrd server two" "$T/s_client.out"

# The TCP limits hold for TLS: with max-connections-per-address 1, a
# second client from 127.0.0.1 is closed at once while the first is still
# in its handshake (closed by handshake-timeout 1 s after).
EXTRA_CONF="$EXTRA_CONF
max-connections-per-address 1"
write_conf $CONF_ARGS
kill -HUP "$EVCORRD_PID"
check "reloaded with max-connections-per-address 1" wait_stat reloads 3
limited=$(stat syslog_tcp_address_limit)
python3 - "$P_TLS" <<'PY'
import socket, sys, time
a = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
b = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(0.5)
PY
check "max-connections-per-address applies to TLS" \
    wait_until 50 stat_ge syslog_tcp_address_limit $((limited + 1))

stop_evcorrd
finish
