#!/bin/sh
# SPDX-License-Identifier: ISC
#
# EVCORR-MIB: smilint -l 6 reports nothing, snmptranslate loads it, and
# the OIDs daemon/output/trap_pdu.c sends (its TRAP_PDU_ROOT and
# trap_pdu_mib table) and those daemon/input/agentx_mib.c answers (its
# AGENTX_ROOT and agentx_mib_objs table) are exactly the MIB's, the first in
# the order of the notification's OBJECTS, so they cannot drift.  Exit 77 (skip)
# without the tools or the IETF base modules (../shared/mibs/ietf beside
# the source tree).
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
SMILINT=${SMILINT:-$(command -v smilint || true)}
SNMPTRANSLATE=${SNMPTRANSLATE:-$(command -v snmptranslate || true)}
ietf="${IETF_MIBS:-$top_srcdir/../shared/mibs/ietf}"
netsnmp_mibs=/usr/share/snmp/mibs # NET-SNMP-MIB, from libsnmp-base
mib="$top_srcdir/mibs/EVCORR-MIB.txt"
src="$top_srcdir/daemon/output/trap_pdu.c"
agentx_src="$top_srcdir/daemon/input/agentx_mib.c"

skip() {
	echo "SKIP: $*"
	exit 77
}
if [ ! -d "$ietf" ]; then
	skip "IETF base MIBs not found in $ietf"
fi
if [ -z "$SMILINT" ] || [ ! -x "$SMILINT" ]; then
	skip "smilint not found (apt-get install smitools)"
fi
if [ -z "$SNMPTRANSLATE" ] || [ ! -x "$SNMPTRANSLATE" ]; then
	skip "snmptranslate not found (apt-get install snmp)"
fi
if [ ! -f "$netsnmp_mibs/NET-SNMP-MIB.txt" ]; then
	skip "NET-SNMP-MIB not found in $netsnmp_mibs (apt-get install libsnmp-base)"
fi

path="$top_srcdir/mibs:$ietf:$netsnmp_mibs"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cert_indexes" # else net-snmp announces creating it
failed=0
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# --- smilint: nothing at level 6 (errors and warnings alike)
if ! SMIPATH="$path" "$SMILINT" -l 6 "$mib" >"$tmp/smilint" 2>&1; then
	fail "smilint exited non-zero"
fi
if [ -s "$tmp/smilint" ]; then
	cat "$tmp/smilint"
	fail "smilint -l 6 reported problems"
else
	echo "ok: smilint -l 6 clean"
fi

# --- snmptranslate, without the host's snmp.conf
translate() {
	SNMPCONFPATH="$tmp" SNMP_PERSISTENT_DIR="$tmp" MIBS= \
	    "$SNMPTRANSLATE" -M "$path" -m EVCORR-MIB -On "EVCORR-MIB::$1" \
	    2>>"$tmp/translate.err"
}

# --- the C side: ROOT and the table of each source
# c_table FILE ROOT-MACRO OUT: "name arcs... count" rows, root in $root
c_table() {
	root=$(sed -n "s/^#define $2 //p" "$1" | tr -d ' \t' | tr ',' '.')
	sed -n 's/^[[:space:]]*\[[A-Z_0-9]*\] = { "\(evcorr[A-Za-z0-9]*\)", { \([0-9, ]*\) }, \([0-9]*\) },$/\1 \2 \3/p' \
		"$1" | tr -d ',' >"$3"
	if [ -z "$root" ] || [ ! -s "$3" ]; then
		fail "cannot read $2 or its table from $1"
		exit 1
	fi
}

# check_table FILE TABLE: each row's OID is the MIB's
check_table() {
	got=$(translate evcorrMIB)
	if [ "$got" = ".$root" ]; then
		echo "ok: evcorrMIB = .$root ($(basename "$1"))"
	else
		fail "evcorrMIB is '$got' in the MIB, .$root in $1"
	fi
	while read -r name arcs; do
		# arcs holds the sub-ids, then the declared count
		set -- $arcs
		n=0
		oid=".$root"
		while [ $# -gt 1 ]; do
			oid="$oid.$1"
			n=$((n + 1))
			shift
		done
		if [ "$n" != "$1" ]; then
			fail "$name: arc count $1 does not match its $n arcs"
		fi
		got=$(translate "$name")
		if [ "$got" = "$oid" ]; then
			echo "ok: $name = $oid"
		else
			fail "$name is '$got' in the MIB, $oid in the C table"
		fi
	done <"$2"
}

c_table "$agentx_src" AGENTX_ROOT "$tmp/agentx-table"
check_table "$agentx_src" "$tmp/agentx-table"
c_table "$src" TRAP_PDU_ROOT "$tmp/table"
check_table "$src" "$tmp/table"
if [ -s "$tmp/translate.err" ]; then
	cat "$tmp/translate.err"
	fail "snmptranslate printed errors"
fi

# --- every object and notification of the MIB is in the C table
cat "$tmp/table" "$tmp/agentx-table" | cut -d' ' -f1 | sort >"$tmp/c-names"
sed -n 's/^\(evcorr[A-Za-z0-9]*\)[[:space:]]*\(OBJECT-TYPE\|NOTIFICATION-TYPE\).*/\1/p' \
	"$mib" | sort >"$tmp/mib-names"
if cmp -s "$tmp/c-names" "$tmp/mib-names"; then
	echo "ok: trap_pdu.c and agentx_mib.c cover every object and notification"
else
	diff "$tmp/mib-names" "$tmp/c-names"
	fail "trap_pdu.c, agentx_mib.c and the MIB define different objects"
fi

# --- varbind order: the notification's OBJECTS clause
awk '/^evcorrAlertNotification[ \t]+NOTIFICATION-TYPE/ { on = 1; next }
    on && /STATUS/ { exit }
    on { while (match($0, /evcorr[A-Za-z0-9]+/)) {
	print substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH) } }' \
	"$mib" >"$tmp/mib-order"
# (the objects: the table's rows under evcorrObjects, arc 1)
awk '$2 == 1 { print $1 }' "$tmp/table" >"$tmp/c-order"
if [ -s "$tmp/mib-order" ] && cmp -s "$tmp/mib-order" "$tmp/c-order"; then
	echo "ok: varbind order matches evcorrAlertNotification OBJECTS"
else
	diff "$tmp/mib-order" "$tmp/c-order"
	fail "varbind order differs from evcorrAlertNotification OBJECTS"
fi

if [ "$failed" -gt 0 ]; then
	echo "$failed check(s) failed"
	exit 1
fi
echo "mib.sh: all checks passed"
exit 0
