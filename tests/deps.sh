#!/bin/sh
# SPDX-License-Identifier: ISC
# Installs the Debian 12 packages evcorrd needs to build and test, only
# those missing (apt-get update runs only when something is missing).
set -eu

PKGS="gcc make autoconf automake libtool pkg-config
libevent-dev libssl-dev libsnmp-dev libjansson-dev libcriterion-dev libpcre2-dev
snmp snmptrapd snmpd smitools bsdutils iproute2 systemd man-db jq python3 tzdata
python3-prometheus-client build-essential dpkg-dev debhelper fakeroot
syslog-ng-core openssl gnutls-bin
libestr0 libfastjson4 liblognorm5"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# rsyslog conflicts with syslog-ng-core (both are the system-log-daemon),
# so tests/integration/forwarding.sh runs an rsyslogd unpacked here, not
# installed (its libraries, above, do not conflict); fetched once, so that
# the tests themselves never need the network.
RSYSLOG_DIR=${EVCORRD_RSYSLOG_DIR:-/var/cache/evcorrd-tests/rsyslog}
if [ ! -x "$RSYSLOG_DIR/usr/sbin/rsyslogd" ]; then
	echo "deps: unpacking rsyslog into $RSYSLOG_DIR"
	d=$(mktemp -d)
	chmod 755 "$d" # apt's _apt user downloads into it
	(cd "$d" && apt-get download -qq rsyslog >/dev/null 2>&1) ||
	    { apt-get update -qq && (cd "$d" && apt-get download -qq rsyslog >/dev/null); }
	mkdir -p "$RSYSLOG_DIR"
	dpkg-deb -x "$d"/rsyslog_*.deb "$RSYSLOG_DIR"
	rm -rf "$d"
fi
echo "deps: all present"
