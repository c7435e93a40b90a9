#!/bin/bash
# SPDX-License-Identifier: ISC
# The man pages keep up with the code: every counter the daemon reports
# (all input and output kinds configured) has its entry in evcorrd(8), and
# every word of the configuration grammar appears in evcorrd.conf(5).
. "$(dirname "$0")/lib.sh"
need "$EVCORRD"

man8="$top_srcdir/man/evcorrd.8"
man5="$top_srcdir/man/evcorrd.conf.5"

pick_ports
CONF_ARGS="30s 0s"
write_conf $CONF_ARGS
start_evcorrd
names=$(stat events >/dev/null && grep "stats: " "$T/evcorrd.err" |
    tail -n 1 | sed 's/.*stats: //' | tr ' ' '\n' | sed 's/=.*//')
check "the stats line lists counters" test -n "$names"
for n in $names; do
	check "evcorrd(8) documents counter $n" grep -qx "\.It Sy $n" "$man8"
done

# The keyword table: { "word", KW_... } lines, sorted, in conf_grammar.c.
words=$(sed -n 's/^	{ "\([a-z0-9-]*\)", KW_[A-Z0-9_]* },$/\1/p' \
    "$top_srcdir/daemon/conf/conf_grammar.c")
check "the grammar has keywords" test -n "$words"
for w in $words; do
	check "evcorrd.conf(5) shows keyword $w" \
	    grep -qE "^\..*\<(Ic|Cm) ([^ ]+ )*$w( |$)" "$man5"
done
finish
