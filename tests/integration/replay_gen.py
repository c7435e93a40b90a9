#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# A seeded replay fixture for tests/integration/replay.sh: Snare lines of
# many hosts, each host's incidents far enough apart that the holddown never
# decides, with a known set of pairs (host, open time, close time): pairs
# within the window, pairs too far apart, lone opens, lone closes, repeated
# opens, closes sent before their open within lateness, and noise.
# usage: replay_gen.py SEED HOSTS FIXTURE EXPECTED [INCIDENTS_PER_HOST]
import random
import sys
import time

seed, nhosts, fixture, expected = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
per_host = int(sys.argv[5]) if len(sys.argv) > 5 else 0
rnd = random.Random(seed)
W, H, L = 300, 1800, 10          # within 5m, holddown 30m, lateness 10s
BASE = 1798761600                # 2027-01-01T00:00:00Z
lines, pairs = [], set()


def snare(host, t, eid, text):
    tm = time.gmtime(t)
    hdr = time.strftime("%b %d %H:%M:%S", tm).replace(" 0", "  ", 1) if tm.tm_mday < 10 else time.strftime("%b %d %H:%M:%S", tm)
    stamp = time.strftime("%a %b %d %H:%M:%S %Y", tm)
    return ("<11>%s %s MSWinEventLog\t1\tApplication\t42\t%s\t%d\tMSExchangeIMC\tN/A\tN/A\tError\t%s\tNone\t\t%s\t7"
            % (hdr, host, stamp, eid, host, text))


events = []  # (arrival, t, line)
for h in range(nhosts):
    host = "EXCH%04d" % h
    t = BASE + rnd.randint(0, 3600)
    for _ in range(per_host or rnd.randint(1, 4)):
        kind = rnd.choice(["pair", "pair", "pair", "far", "open", "close", "repeat", "early"])
        evs = []
        if kind == "pair":
            u = rnd.randint(0, W)
            evs = [(t, 2140), (t + u, 100)]
            pairs.add((host.lower(), t, t + u))
        elif kind == "far":
            evs = [(t, 2140), (t + W + rnd.randint(1, 600), 100)]
        elif kind == "open":
            evs = [(t, 2140)]
        elif kind == "close":
            evs = [(t, 100)]
        elif kind == "repeat":
            u = rnd.randint(60, W)
            evs = [(t, 2140), (t + rnd.randint(1, 50), 2140), (t + u, 100)]
            pairs.add((host.lower(), t, t + u))
        else:  # the close comes before its open, within lateness
            u = rnd.randint(1, 5)
            evs = [(t, 2140), (t + u, 100)]
            pairs.add((host.lower(), t, t + u))
        for et, eid in evs:
            jitter = rnd.uniform(0, L - 4) if kind != "early" or eid == 2140 else 0
            if kind == "early" and eid == 2140:
                jitter = u + 2  # arrives after its close
            events.append((et + jitter, et, snare(host, et, eid, "event %d" % eid)))
        # noise: another source's unrelated event, a non-Windows line
        if rnd.random() < 0.3:
            events.append((t + 1, t, "<13>%s gw sshd[1]: Accepted publickey" % time.strftime("%b %d %H:%M:%S", time.gmtime(t))))
        t += W + H + W + rnd.randint(60, 3600)

events.sort(key=lambda e: (e[0], e[1]))
with open(fixture, "w") as f:
    for _, _, line in events:
        f.write(line + "\n")
with open(expected, "w") as f:
    for host, o, c in sorted(pairs):
        f.write("%s %d %d\n" % (host, o, c))
