#!/bin/sh
# SPDX-License-Identifier: ISC
# Every test: installs what is missing, then builds and runs make check
# three ways (warnings as errors; AddressSanitizer + UBSan; make
# distcheck), builds the Debian package (tests/deb.sh), and ends with one line "N passed, N failed" summed from
# automake's totals.  README's test command and .ci/run both run this.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
sh tests/deps.sh || exit 1
# The IETF base MIBs (shared/, beside the repository) for the MIB checks.
IETF_MIBS=${IETF_MIBS:-$(cd "$top/.." && pwd)/shared/mibs/ietf}
export IETF_MIBS
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
status=0

# totals LOG: adds automake's "# PASS:" / "# FAIL:" / "# ERROR:" /
# "# XPASS:" lines (one block per make check run) to passed/failed.
totals() {
	p=$(sed -n 's/^# PASS: *\([0-9]*\)/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^# \(FAIL\|ERROR\|XPASS\): *\([0-9]*\)/\2/p' "$1" |
	    awk '{s+=$1} END {print s+0}')
	passed=$((passed + p))
	failed=$((failed + f))
}

run() {
	name=$1
	shift
	echo "=== $name"
	log="$top/build-$name.log"
	if ! "$@" > "$log" 2>&1; then
		status=1
		echo "=== $name FAILED; last lines of $log:"
		tail -n 60 "$log"
	fi
	grep -E '^(# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):|(FAIL|ERROR|SKIP): )' "$log"
	totals "$log"
}

./autogen.sh > /dev/null 2>&1 || { echo "autogen.sh failed"; exit 1; }

build() { # build DIR CONFIGURE-ARGS...
	dir=$1
	shift
	rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" &&
	    "$top/configure" "$@" && make -j"$jobs" &&
	    make -j"$jobs" check; rc=$?
	for f in $(find . -name '*.log' -path '*tests*' 2>/dev/null); do
		case $f in *test-suite.log) ;; *)
			grep -q '^not ok\|^FAIL\|^ERROR' "$f" 2>/dev/null &&
			    { echo "----- $f"; tail -n 30 "$f"; } ;;
		esac
	done
	cd "$top"
	return $rc
}

run werror build "$top/build/werror" --enable-werror
run sanitizers build "$top/build/sanitizers" --enable-werror \
    --enable-sanitizers CFLAGS="-g -O1"
run distcheck sh -c "cd '$top/build/werror' && make -j$jobs distcheck"
run debian sh tests/deb.sh

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
