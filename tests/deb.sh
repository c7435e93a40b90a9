#!/bin/sh
# SPDX-License-Identifier: ISC
# The Debian package: dpkg-buildpackage -us -uc -b on a copy of the tree
# builds it; dpkg -c shows the daemon, the configuration (a conffile),
# both units, the MIB and the man pages at Debian's paths; lintian (if
# installed) finds no error; with EVCORRD_DEB_INSTALL=1 as root it also
# installs (dpkg -i: the service starts where systemd runs), checks the
# installed configuration, and purges without leaving its files.  Ends with "# PASS: N" / "# FAIL: N".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/evcorrd-deb.XXXXXX")
pass=0
fail=0
check() {
	d=$1
	shift
	if "$@"; then echo "ok - $d"; pass=$((pass + 1)); else
		echo "not ok - $d"; fail=$((fail + 1)); fi
}
done_() {
	echo "# PASS: $pass"
	echo "# FAIL: $fail"
	[ "$fail" -eq 0 ] && rm -rf "$T"
	[ "$fail" -eq 0 ]
	exit $?
}
for tool in dpkg-buildpackage dh fakeroot; do
	command -v "$tool" >/dev/null 2>&1 ||
	    { echo "SKIP: $tool not found (apt-get install dpkg-dev debhelper fakeroot)"; exit 77; }
done

mkdir -p "$T/evcorrd"
tar -C "$top" --exclude=./build --exclude='./build-*' --exclude=./.git \
    --exclude=./debian/build -cf - . | tar -C "$T/evcorrd" -xf -
# the unit tests run in make check already
(cd "$T/evcorrd" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) > "$T/build.log" 2>&1
rc=$?
[ $rc -eq 0 ] || tail -n 40 "$T/build.log"
check "dpkg-buildpackage -us -uc -b" test $rc -eq 0
deb=$(ls "$T"/evcorrd_*.deb 2>/dev/null | head -n 1)
check "a .deb was built" test -n "$deb"
[ -n "$deb" ] || done_
dpkg -c "$deb" > "$T/contents"
for f in ./usr/sbin/evcorrd ./etc/evcorrd.conf \
    ./lib/systemd/system/evcorrd.service \
    ./lib/systemd/system/evcorrd.socket \
    ./usr/share/snmp/mibs/EVCORR-MIB.txt \
    ./usr/share/man/man8/evcorrd.8.gz ./usr/share/man/man5/evcorrd.conf.5.gz \
    ./usr/share/doc/evcorrd/operations.md; do
	# (dh_compress gzips the longer documents)
	check "dpkg -c: $f" grep -Eq " $f(\.gz)?\$" "$T/contents"
done
dpkg-deb -e "$deb" "$T/control"
check "evcorrd.conf is a conffile" grep -qx /etc/evcorrd.conf "$T/control/conffiles"
check "postinst enables and starts the service" grep -q "evcorrd.service" "$T/control/postinst"
check "the unit names /usr/sbin and /etc" sh -c \
    "dpkg-deb --fsys-tarfile '$deb' | tar -xOf - ./lib/systemd/system/evcorrd.service | grep -qx 'ExecStart=/usr/sbin/evcorrd -f /etc/evcorrd.conf'"
if command -v lintian >/dev/null 2>&1; then
	lintian "$deb" > "$T/lintian.out" 2>&1
	cat "$T/lintian.out"
	check "lintian: no error" sh -c "! grep -q '^E:' '$T/lintian.out'"
else
	echo "# lintian not installed: not run"
fi
# Installing touches the system: only when asked (a throwaway root).
if [ -n "${EVCORRD_DEB_INSTALL:-}" ] && [ "$(id -u)" -eq 0 ] &&
    ! dpkg-query -W evcorrd >/dev/null 2>&1; then
	dpkg -i "$deb" > "$T/install.log" 2>&1
	check "dpkg -i" test $? -eq 0
	check "installed: evcorrd -n" sh -c "/usr/sbin/evcorrd -n | grep -q '^configuration OK: /etc/evcorrd.conf'"
	if [ -d /run/systemd/system ]; then
		check "the service runs" systemctl is-active --quiet evcorrd
	fi
	dpkg --purge evcorrd > "$T/purge.log" 2>&1
	check "dpkg --purge" test $? -eq 0
	check "purged: no /etc/evcorrd.conf" test ! -e /etc/evcorrd.conf
	check "purged: no daemon" test ! -e /usr/sbin/evcorrd
else
	echo "# dpkg -i not tried (EVCORRD_DEB_INSTALL=1 as root, evcorrd not installed)"
fi
done_
