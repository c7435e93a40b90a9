#!/bin/bash
# SPDX-License-Identifier: ISC
# Forwarding over TLS to a real syslog-ng (syslog() source, transport tls,
# RFC 6587 octet counting): a collector whose certificate our ca signed
# for 127.0.0.1 receives the alert; one whose certificate another CA
# signed, or that our CA signed for another address, is refused, counted
# in forward_tls_failures, and receives nothing.  Beside them, a udp
# forwarder in cef: one datagram, the CEF record as the message's MSG.
. "$(dirname "$0")/lib.sh"
OPENSSL=${OPENSSL:-$(command -v openssl || true)}
need "$EVCORRD" "$LOGGER" "$SYSLOG_NG" "$OPENSSL"

# ca NAME: a CA.  cert NAME CA IP: a server certificate CA signed for IP.
ca() {
	"$OPENSSL" req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1 CA" \
	    -keyout "$T/$1-ca.key" -out "$T/$1-ca.pem" 2>/dev/null
}
cert() {
	"$OPENSSL" req -newkey rsa:2048 -nodes -subj "/CN=collector" \
	    -keyout "$T/$1.key" -out "$T/$1.csr" 2>/dev/null &&
	printf 'subjectAltName=IP:%s\n' "$3" > "$T/$1.ext" &&
	"$OPENSSL" x509 -req -in "$T/$1.csr" -CA "$T/$2-ca.pem" \
	    -CAkey "$T/$2-ca.key" -CAcreateserial -days 2 \
	    -extfile "$T/$1.ext" -out "$T/$1.pem" 2>/dev/null
}
{ ca good && ca other && cert good good 127.0.0.1 &&
    cert other other 127.0.0.1 && cert elsewhere good 127.0.0.2; } ||
    fatal "cannot make certificates"

SDID='evcorrd@8072.9999.9999.2140'
P_GOOD=$(free_port)
P_BAD=$(free_port)
P_NAME=$(free_port)
P_UDP=$(free_port)
cat > "$T/syslog-ng.conf" <<CONF
@version: 3.38
options { stats_freq(0); };
source good { syslog(ip("127.0.0.1") port($P_GOOD) transport("tls")
    tls(key-file("$T/good.key") cert-file("$T/good.pem") peer-verify(optional-untrusted))); };
source bad { syslog(ip("127.0.0.1") port($P_BAD) transport("tls")
    tls(key-file("$T/other.key") cert-file("$T/other.pem") peer-verify(optional-untrusted))); };
source name { syslog(ip("127.0.0.1") port($P_NAME) transport("tls")
    tls(key-file("$T/elsewhere.key") cert-file("$T/elsewhere.pem") peer-verify(optional-untrusted))); };
destination dname { file("$T/name.out" template("\${.SDATA.$SDID.id}\n")); };
source udp { syslog(ip("127.0.0.1") port($P_UDP) transport("udp")); };
destination dudp { file("$T/udp.out" template("\${PROGRAM} \${MSGID} \${MSG}\n")); };
destination dgood { file("$T/good.out" template("\${.SDATA.$SDID.id}\n")); };
destination dbad { file("$T/bad.out" template("\${.SDATA.$SDID.id}\n")); };
log { source(good); destination(dgood); };
log { source(bad); destination(dbad); };
log { source(name); destination(dname); };
log { source(udp); destination(dudp); };
CONF
start_syslog_ng "$P_NAME"

pick_ports
EXTRA_CONF="forward \"good\" syslog tls to 127.0.0.1 port $P_GOOD ca \"$T/good-ca.pem\"
forward \"bad\" syslog tls to 127.0.0.1 port $P_BAD ca \"$T/good-ca.pem\"
forward \"name\" syslog tls to 127.0.0.1 port $P_NAME ca \"$T/good-ca.pem\"
forward \"udp\" syslog udp to 127.0.0.1 port $P_UDP format cef"
CONF_ARGS="30s 30m"
write_conf $CONF_ARGS
start_evcorrd
check "the good collector: connected" wait_until 100 grep -q 'forward good .*: connected' "$T/evcorrd.err"
check "the other CA's and the other address's: refused and counted" \
    wait_until 100 stat_ge forward_tls_failures 2
check "refused on the certificate" grep -q 'forward bad .*certificate verify failed' "$T/evcorrd.err"
check "refused on the name" grep -q 'forward name .*certificate verify failed' "$T/evcorrd.err"

send_snare udp EXCH01 2140
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_snare udp EXCH01 100
check "one alert" wait_until 50 now alert_count -eq 1
id=$(sed -n 's/.* id=\([0-9a-f-]*\) .*/\1/p' "$T/evcorrd.out")
check "arrived over TLS, parsed by syslog-ng" wait_until 100 grep -qx "$id" "$T/good.out"
check "udp: one datagram, parsed by syslog-ng, CEF as MSG" wait_until 100 \
    grep -q "^evcorrd pair CEF:0|evcorrd|evcorrd|[^|]*|Q246115|.* externalId=$id " "$T/udp.out"
check "nothing reached the refused collectors" test ! -s "$T/bad.out" -a ! -s "$T/name.out"
check "still held for it, not dropped" stat_eq forward_dropped 0
stop_evcorrd
check "shutdown counts the undelivered alert as dropped" \
    grep -q 'forward name .*closed with 1 alerts not delivered' "$T/evcorrd.err"
finish
