#!/bin/bash
# SPDX-License-Identifier: ISC
# conf/evcorrd.service and evcorrd.socket pass systemd-analyze verify, with the man pages
# it names found and ExecStart pointing at the built daemon.
. "$(dirname "$0")/lib.sh"
: "${SYSTEMD_ANALYZE:=$(command -v systemd-analyze || true)}"
need "$EVCORRD"
[ -n "$SYSTEMD_ANALYZE" ] || skip "systemd-analyze not found"
# systemd-analyze resolves Documentation=man: lines by running man(1)
command -v man > /dev/null || fatal "man not found (tests/deps.sh installs man-db)"

mkdir -p "$T/man/man8" "$T/man/man5" "$T/unit"
cp "$top_srcdir/man/evcorrd.8" "$T/man/man8/"
cp "$top_srcdir/man/evcorrd.conf.5" "$T/man/man5/"
cp "$top_srcdir/conf/evcorrd.conf" "$T/evcorrd.conf"
sed -e "s|@sbindir@/evcorrd|$EVCORRD|g" -e "s|@sysconfdir@|$T|g" \
    "$top_srcdir/conf/evcorrd.service.in" > "$T/unit/evcorrd.service"
for page in evcorrd.8 evcorrd.conf.5; do
	check "man finds $page" env MANPATH="$T/man" man -w "${page##*.}" "${page%.*}"
done
cp "$top_srcdir/conf/evcorrd.socket" "$T/unit/"
MANPATH="$T/man" "$SYSTEMD_ANALYZE" verify "$T/unit/evcorrd.service" \
    "$T/unit/evcorrd.socket" > "$T/verify.out" 2>&1
rc=$?
cat "$T/verify.out"
check "systemd-analyze verify exits 0" test "$rc" -eq 0
check "systemd-analyze verify prints nothing" test ! -s "$T/verify.out"
# The hardening: an exposure level marked OK (1.6 when this was written).
"$SYSTEMD_ANALYZE" security --offline=yes "$T/unit/evcorrd.service" \
    > "$T/security.out" 2>&1
level=$(sed -n 's/.*Overall exposure level for evcorrd.service: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p' "$T/security.out")
echo "# systemd-analyze security: $level"
check "systemd-analyze security: exposure marked OK" test "${level#* }" = OK
check "systemd-analyze security: exposure at most 2.0" \
    awk -v l="${level%% *}" 'BEGIN { exit !(l != "" && l <= 2.0) }'
u="$top_srcdir/conf/evcorrd.service.in"
check "Type=notify" grep -qx "Type=notify" "$u"
check "unprivileged" grep -qx "DynamicUser=yes" "$u"
check "CAP_NET_BIND_SERVICE only" grep -qx "AmbientCapabilities=CAP_NET_BIND_SERVICE" "$u"
check "ProtectSystem=strict" grep -qx "ProtectSystem=strict" "$u"
check "WatchdogSec=" grep -qE "^WatchdogSec=[0-9]+s$" "$u"
s="$top_srcdir/conf/evcorrd.socket"
check "socket: syslog UDP 514" grep -qx "ListenDatagram=0.0.0.0:514" "$s"
check "socket: syslog TCP 514" grep -qx "ListenStream=0.0.0.0:514" "$s"
check "socket: traps UDP 162" grep -qx "ListenDatagram=0.0.0.0:162" "$s"
finish
