#!/bin/bash
# SPDX-License-Identifier: ISC
# Every alert format end to end, with hostile event text: the Q246115 pair
# (its 2140 from a source full of quotes, =, |, \ and ]) written to files
# as json-ecs, cef, leef and rfc5424, and as rfc5424 to a local syslog
# socket owned by a real syslog-ng, whose RFC 5424 parser must read back
# every SD-PARAM.  python3 reads the others as their specifications say.
. "$(dirname "$0")/lib.sh"
need "$EVCORRD" "$LOGGER" "$SYSLOG_NG"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"

SDID='evcorrd@8072.9999.9999.2140'
cat > "$T/syslog-ng.conf" <<CONF
@version: 3.38
options { stats_freq(0); };
source s { unix-dgram("$T/log.sock" flags(syslog-protocol)); };
destination d { file("$T/syslog-ng.out" template("\$(format-json --scope sdata --key PROGRAM --key MSGID --key PRIORITY --key FACILITY --key MSG)\n")); };
log { source(s); destination(d); };
CONF
start_syslog_ng "$T/log.sock"

pick_ports
EXTRA_CONF="alert-log syslog format rfc5424 facility local4 socket \"$T/log.sock\"
alert-log file \"$T/a.ecs\" format json json-schema ecs
alert-log file \"$T/a.cef\" format cef
alert-log file \"$T/a.leef\" format leef
alert-log file \"$T/a.5424\" format rfc5424"
CONF_ARGS="30s 30m"
write_conf $CONF_ARGS
start_evcorrd

HOSTILE='IMC"] x=1|y\z [k@1 a="b"]'
send_snare udp EXCH01 2140 "$HOSTILE"
wait_stat windows_opened 1 || fatal "2140 did not open a window"
send_snare udp EXCH01 100
check "one alert" wait_until 50 now alert_count -eq 1
check "syslog-ng received it" wait_until 50 test -s "$T/syslog-ng.out"
for f in a.ecs a.cef a.leef a.5424; do
	check "$f written" wait_until 50 test -s "$T/$f"
done

check "syslog-ng parsed the rfc5424 message" python3 - "$T/syslog-ng.out" "$SDID" "$HOSTILE" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 1, recs
r = recs[0]
sd = r["_SDATA"][sys.argv[2]]
assert r["PROGRAM"] == "evcorrd" and r["MSGID"] == "pair", r
assert r["FACILITY"] == "local4" and r["PRIORITY"] == "err", r
assert sd["kind"] == "pair" and len(sd["id"]) == 36, sd
assert sd["rule"] == "Q246115" and sd["host"] == "exch01", sd
assert sd["open_event_id"] == "2140" and sd["close_event_id"] == "100", sd
assert sd["open_source"] == sys.argv[3], (sd["open_source"], sys.argv[3])
assert "truncated" not in sd, sd
PY
check "the rfc5424 file holds the same message" python3 - "$T/a.5424" "$SDID" <<'PY'
import sys
l = open(sys.argv[1]).read().splitlines()
# daemon.err: a file sink keeps the default facility
assert len(l) == 1 and l[0].startswith("<27>1 ") and ("[" + sys.argv[2] + " ") in l[0], l
PY
check "json-ecs parses with ECS names" python3 - "$T/a.ecs" "$HOSTILE" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert len(recs) == 1, recs
r = recs[0]
assert r["event.kind"] == "alert" and r["event.action"] == "pair", r
assert r["event.code"] == 2140 and r["event.provider"] == sys.argv[2], r
assert r["host.name"] == "exch01" and r["rule.name"] == "Q246115", r
assert r["event.severity"] == 7 and len(r["event.id"]) == 36, r
PY
check "cef: seven header fields, every key a known one" python3 - "$T/a.cef" "$HOSTILE" <<'PY'
import re, sys
line = open(sys.argv[1]).read().rstrip("\n")
assert "\n" not in line
# header: split on unescaped |
fields, cur, i = [], "", 0
while len(fields) < 7:
    c = line[i]
    if c == "\\":
        cur += line[i + 1]; i += 2; continue
    if c == "|":
        fields.append(cur); cur = ""; i += 1; continue
    cur += c; i += 1
ext = line[i:]
assert fields[0] == "CEF:0" and fields[4] == "Q246115" and fields[6] == "7", fields
# extension: keys before unescaped '='
pairs = re.findall(r'(?:^| )([A-Za-z0-9_.]+)=((?:\\.|[^\\=])*?)(?= [A-Za-z0-9_.]+=|$)', ext)
keys = [k for k, _ in pairs]
unesc = lambda v: re.sub(r'\\(.)', lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), v)
d = {k: unesc(v) for k, v in pairs}
assert d["cat"] == "pair" and d["cs1"] == "Q246115" and d["cs1Label"] == "rule", d
assert d["evcorrdOpenSource"] == sys.argv[2], d["evcorrdOpenSource"]
assert len(keys) == len(set(keys)) == 34, keys
PY
check "leef: header, tab-delimited pairs" python3 - "$T/a.leef" <<'PY'
import sys
line = open(sys.argv[1]).read().rstrip("\n")
head = line.split("|")
assert head[0] == "LEEF:2.0" and head[4] == "pair" and head[5] == "x09", head
attrs = dict(p.split("=", 1) for p in "|".join(head[6:]).split("\t"))
assert attrs["cat"] == "pair" and attrs["sev"] == "7" and attrs["rule"] == "Q246115", attrs
assert attrs["open_source"] == 'IMC\\"] x=1|y\\\\z [k@1 a=\\"b\\"]', attrs["open_source"]
PY
check "every sink counted its line" stat_eq alert_log_lines 7
stop_evcorrd
check "SIGTERM exits 0" test $? -eq 0
finish
