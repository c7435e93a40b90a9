#!/bin/sh
# SPDX-License-Identifier: ISC
# Installs the Debian 12 packages evcorrd needs to build and test, only
# those missing (apt-get update runs only when something is missing).
set -eu

PKGS="gcc make autoconf automake libtool pkg-config
libevent-dev libssl-dev libsnmp-dev libjansson-dev libcriterion-dev libpcre2-dev
snmp snmptrapd smitools bsdutils iproute2 systemd man-db jq python3 tzdata
python3-prometheus-client build-essential dpkg-dev debhelper fakeroot
syslog-ng-core openssl gnutls-bin"

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
echo "deps: all present"
