#!/bin/bash
# SPDX-License-Identifier: ISC
# make install respects the site: a second install into the same DESTDIR
# keeps an edited evcorrd.conf and puts the new one beside it as
# evcorrd.conf.dist; and every installed or compiled-in path (unit, man
# pages, sample and built-in configuration, MIB directory) is the
# configured one, for this build and for a build configured
# --prefix=/usr --sysconfdir=/etc --localstatedir=/var.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD"
[ -f "$top_builddir/Makefile" ] || skip "no Makefile in $top_builddir"

# The nested makes must not join the jobserver of the make running us.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make "$@"; }

# var BUILDDIR NAME: a make variable of that build, fully expanded.
var() {
	printf 'print-var:\n\t@echo $(%s)\n' "$2" |
	    mk -s -C "$1" -f Makefile -f - print-var
}

# check_paths BUILDDIR ROOT: the files installed in ROOT name its paths.
check_paths() {
	b=$1 root=$2
	etc=$(var "$b" sysconfdir)
	state=$(var "$b" localstatedir)/lib/evcorrd
	mib=$(var "$b" datadir)/snmp/mibs
	sbin=$(var "$b" sbindir)
	man=$(var "$b" mandir)
	unitdir=$(var "$b" prefix)/lib/systemd/system
	tag="(${etc})"
	check "$tag evcorrd.conf in sysconfdir" test -f "$root$etc/evcorrd.conf"
	check "$tag sample names the state directory $state" \
	    grep -qF "#state-directory \"$state\"" "$root$etc/evcorrd.conf"
	check "$tag EVCORR-MIB.txt in $mib" test -f "$root$mib/EVCORR-MIB.txt"
	check "$tag evcorrd(8) names $etc/evcorrd.conf" \
	    grep -qxF ".Pa $etc/evcorrd.conf ;" "$root$man/man8/evcorrd.8"
	check "$tag evcorrd(8) names the MIB in $mib" \
	    grep -qxF ".It Pa $mib/EVCORR-MIB.txt" "$root$man/man8/evcorrd.8"
	check "$tag evcorrd(8) names $state" \
	    grep -qxF ".It Pa $state" "$root$man/man8/evcorrd.8"
	check "$tag evcorrd.conf(5) names $state" \
	    grep -qxF ".Pa $state" "$root$man/man5/evcorrd.conf.5"
	check "$tag evcorrd.conf(5) names $etc/evcorrd.conf" \
	    grep -qxF ".It Pa $etc/evcorrd.conf" "$root$man/man5/evcorrd.conf.5"
	u="$root$unitdir/evcorrd.service"
	check "$tag unit installed in $unitdir" test -f "$u"
	check "$tag unit starts $sbin/evcorrd -f $etc/evcorrd.conf" \
	    grep -qxF "ExecStart=$sbin/evcorrd -f $etc/evcorrd.conf" "$u"
	check "$tag unit has no unsubstituted @...@" bash -c "! grep -q '@[a-z]*@' '$u'"
	if [ "$etc" != /etc ]; then
		check "$tag no page names /etc/evcorrd.conf" bash -c \
		    "! grep -qE '(^| )/etc/evcorrd\\.conf' '$root$man/man8/evcorrd.8' '$root$man/man5/evcorrd.conf.5'"
	fi
	check "$tag built-in default names $state" \
	    grep -qF "#state-directory \\\"$state\\\"" "$b/daemon/default_conf.c"
}

# 1. This build, installed twice with an edit in between.
root="$T/root"
mk -s -C "$top_builddir" install DESTDIR="$root" > "$T/install1.out" 2>&1 ||
    { cat "$T/install1.out"; fatal "make install failed"; }
etc=$(var "$top_builddir" sysconfdir)
check_paths "$top_builddir" "$root"
check "first install: no evcorrd.conf.dist" test ! -e "$root$etc/evcorrd.conf.dist"
echo "listen syslog udp on 127.0.0.1 port 5514 # site edit" >> "$root$etc/evcorrd.conf"
cp "$root$etc/evcorrd.conf" "$T/edited.conf"
mk -s -C "$top_builddir" install DESTDIR="$root" > "$T/install2.out" 2>&1 ||
    { cat "$T/install2.out"; fatal "second make install failed"; }
check "second install keeps the edited evcorrd.conf" \
    cmp -s "$T/edited.conf" "$root$etc/evcorrd.conf"
check "second install puts the new one in evcorrd.conf.dist" \
    grep -q "^#state-directory" "$root$etc/evcorrd.conf.dist"
check "evcorrd.conf.dist is the shipped file, not the edit" \
    bash -c "! grep -q 'site edit' '$root$etc/evcorrd.conf.dist'"
check "second install says so" grep -q "keeping .*evcorrd.conf.dist" "$T/install2.out"
mk -s -C "$top_builddir" uninstall DESTDIR="$root" > "$T/uninstall.out" 2>&1
check "uninstall leaves the edited evcorrd.conf" test -f "$root$etc/evcorrd.conf"
check "uninstall removes evcorrd.conf.dist" test ! -e "$root$etc/evcorrd.conf.dist"

# The daemon's compiled-in state directory is the configured one; under
# systemd (StateDirectory=, always below /var/lib) $STATE_DIRECTORY wins,
# and a state-directory line wins over both.
state=$(var "$top_builddir" localstatedir)/lib/evcorrd
check "the daemon's built-in state directory is $state" \
    grep -qaF "$state" "$EVCORRD"
printf 'rule "r" {\n\topen event 1\n\tclose event 2\n}\nalert-log stdout\n' > "$T/sd.conf"
mkdir -p "$T/state"
# run_with_state ERRFILE: the daemon with $STATE_DIRECTORY set, until started.
run_with_state() {
	STATE_DIRECTORY="$T/state" timeout 10 "$EVCORRD" -d -f "$T/sd.conf" \
	    > /dev/null 2> "$1" &
	sd_pid=$!
	wait_until 100 grep -q "started" "$1"
	kill "$sd_pid" 2>/dev/null
	wait "$sd_pid" 2>/dev/null
}
run_with_state "$T/sd.err"
check "\$STATE_DIRECTORY replaces the built-in state directory" \
    grep -qF "state directory $T/state" "$T/sd.err"
printf 'state-directory none\n' >> "$T/sd.conf"
run_with_state "$T/sd2.err"
check "a state-directory line wins over \$STATE_DIRECTORY" \
    grep -qF "state directory none" "$T/sd2.err"

# 2. A build configured for Debian's paths: its data and built-in default.
b="$T/build-usr"
mkdir -p "$b"
(cd "$b" && "$top_srcdir/configure" --prefix=/usr --sysconfdir=/etc \
    --localstatedir=/var > configure.out 2>&1) ||
    { tail -n 20 "$b/configure.out"; fatal "configure --prefix=/usr failed"; }
mk -s -C "$b" daemon/default_conf.c > /dev/null 2>&1 ||
    fatal "cannot generate the built-in default for --prefix=/usr"
mk -s -C "$b" install-data DESTDIR="$T/root-usr" > "$T/install-usr.out" 2>&1 ||
    { cat "$T/install-usr.out"; fatal "make install-data (--prefix=/usr) failed"; }
check_paths "$b" "$T/root-usr"
mk -s -C "$b" daemon/conf/libcore_a-conf.o > "$T/cc-usr.out" 2>&1 ||
    { cat "$T/cc-usr.out"; fatal "cannot compile conf.c for --prefix=/usr"; }
check "--localstatedir=/var compiles in /var/lib/evcorrd" \
    bash -c "strings -a '$b/daemon/conf/libcore_a-conf.o' | grep -qx /var/lib/evcorrd"
finish
