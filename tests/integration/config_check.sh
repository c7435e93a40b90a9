#!/bin/bash
# SPDX-License-Identifier: ISC
# evcorrd -n: "configuration OK: FILE" and exit 0 for a good file; every error
# as file:line: message and exit 1 for a bad one; -V; the shipped config.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD"

out=$("$EVCORRD" -n -f "$top_srcdir/conf/evcorrd.conf" 2>&1)
check "shipped conf/evcorrd.conf is valid" test "$out" = \
    "configuration OK: $(realpath "$top_srcdir/conf/evcorrd.conf")"

cat > "$T/bad.conf" <<'CONF'
listen syslog udp on 127.0.0.1 port 70000
target "x" trap v2c to not-an-address port 162 community "c"
rule "r" {
	open event 2140
	close event 100
	within 30
}
CONF
"$EVCORRD" -n -f "$T/bad.conf" > "$T/bad.out" 2>&1
rc=$?
check "bad config exits 1" test "$rc" -eq 1
check "port error names file and line 1" grep -q "bad.conf:1: " "$T/bad.out"
check "address error names line 2" grep -q "bad.conf:2: " "$T/bad.out"
check "duration without unit names line 6" grep -q "bad.conf:6: " "$T/bad.out"
check "no 'configuration OK' for a bad file" bash -c "! grep -q 'configuration OK' '$T/bad.out'"

"$EVCORRD" -n -f "$T/missing.conf" > "$T/missing.out" 2>&1
check "missing file exits 1" test $? -eq 1
check "missing file is named" grep -q "missing.conf" "$T/missing.out"

v=$("$EVCORRD" -V)
check "-V prints the version" bash -c "echo '$v' | grep -Eq '^evcorrd [0-9]+\.[0-9]+'"
"$EVCORRD" -x > /dev/null 2>&1
check "unknown option exits 1" test $? -eq 1
finish
