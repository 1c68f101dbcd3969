#!/bin/sh
# A thread's states over time, as the evidence of the GIL gives them (docs/report.md): a
# Python thread that sleeps is "blocked elsewhere" for most of its work, a thread that runs
# without the GIL is "released" and never blocked, a thread that sleeps holding the GIL
# "holds" it throughout; the terminal, the HTML page and the Chrome trace show the blocked
# state. Beside a busy loop that this test starts: none of this is a matter of timing
# (a sleep lasts at least as long as asked, however busy the machine is).
. "$(dirname "$0")/lib.sh"

sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy 2>/dev/null; rm -rf "$TMP"' EXIT

cat >"$TMP/s.json" <<'JSON'
{"name": "states", "runs": 2, "warmup": 0, "start": "barrier",
 "threads": [
   {"python": "import time\nfor _ in range(10): time.sleep(0.003)"},
   {"workload": "fibonacci", "gil": "release", "args": [20000000]},
   {"workload": "sleep", "gil": "hold", "args": [0.02]}]}
JSON
run_gb run --color never --json "$TMP/r.json" --html "$TMP/r.html" \
    --export-trace "$TMP/r.trace.json" "$TMP/s.json"
[ "$rc" -eq 0 ] || fail "run: exit $rc"

"$GB_PYTHON" -I - "$TMP/r.json" <<'PY' || fail "the states of the threads"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["scenarios"][0]
watch = r["metadata"]["python"]["runtime"]["gil_watch"]
assert watch["method"] == "interposed", ("the GIL is not watched", watch)
for run in s["runs"]:
    ev = run["gil_events"]
    def spans(k, state):
        mine = [e for e in ev if e[0] == k] + [[k, run["threads"][k]["return_ns"], "end"]]
        return sum(b[1] - a[1] for a, b in zip(mine, mine[1:]) if a[2] == state)
    def states(k):
        return {e[2] for e in ev if e[0] == k}
    t = run["threads"]
    work = [x["done_ns"] - x["enter_ns"] for x in t]
    # the sleeper asked for 10 x 3 ms of sleep: at least 30 ms blocked, and mostly blocked
    blocked = spans(0, "blocked")
    assert blocked >= 30e6 * 0.99, ("sleeper blocked", blocked, work[0])
    assert blocked >= 0.5 * work[0], ("sleeper blocked share", blocked, work[0])
    assert "blocked" not in states(1), ("free thread blocked", states(1))
    assert spans(1, "released") > 0.5 * work[1], ("free thread released", spans(1, "released"))
    assert "blocked" not in states(2) and spans(2, "held") >= 0.99 * 20e6, \
        ("holder", states(2), spans(2, "held"))
    print("run: sleeper blocked %.1f of %.1f ms; free thread released %.1f of %.1f ms; "
          "holder held %.1f ms" % (blocked / 1e6, work[0] / 1e6, spans(1, "released") / 1e6,
                                   work[1] / 1e6, spans(2, "held") / 1e6))
PY
check "states: a sleeping Python thread is blocked elsewhere, a releasing one runs without the GIL, a holding sleeper holds it"

grep -q "blocked elsewhere (sleep, I/O)" "$TMP/out" || fail "the terminal's legend has no blocked state"
grep -q 'class="st-elsewhere"' "$TMP/r.html" || fail "the HTML timeline has no blocked lane"
grep -q '"blocked elsewhere (sleep, I/O, a lock)"' "$TMP/r.trace.json" ||
    fail "the trace has no blocked span"
check "states: the terminal, the HTML page and the trace show the blocked state"
exit 0
