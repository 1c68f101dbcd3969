#!/bin/sh
# A thread's states over time, as the evidence of the GIL gives them (docs/report.md): a
# thread that sleeps without the GIL is "blocked elsewhere", a thread that computes without
# the GIL is "released" and never blocked, a thread that sleeps holding the GIL "holds" it
# throughout; the terminal, the HTML page and the Chrome trace show the blocked state.
# Beside a busy loop that this test starts: none of this is a matter of timing (a
# nanosleep lasts at least as long as asked, however busy the machine is).
. "$(dirname "$0")/lib.sh"

sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy 2>/dev/null; rm -rf "$TMP"' EXIT

cat >"$TMP/s.json" <<'JSON'
{"name": "states", "runs": 2, "warmup": 0, "start": "barrier",
 "threads": [
   {"python": "import time\nfor _ in range(10): time.sleep(0.003)"},
   {"workload": "fibonacci", "gil": "release", "args": [20000000]},
   {"workload": "sleep", "gil": "hold", "args": [0.02]},
   {"workload": "sleep", "gil": "release", "args": [0.02]}]}
JSON
run_gb run --color never --json "$TMP/r.json" --html "$TMP/r.html" \
    --export-trace "$TMP/r.trace.json" "$TMP/s.json"
[ "$rc" -eq 0 ] || fail "run: exit $rc"

# What each thread's states must show, whatever the machine does to the times: a released
# nanosleep of 20 ms (the sleep workload: the GIL dropped, then the whole sleep) is blocked
# at least 20 ms; time.sleep() counts its deadline before it drops the GIL, so on a busy
# machine part of a sleep can pass in the hand-over of the GIL: its sleeps show as blocked
# spans, their length is not checked.
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
        return [b[1] - a[1] for a, b in zip(mine, mine[1:]) if a[2] == state]
    def states(k):
        return {e[2] for e in ev if e[0] == k}
    t = run["threads"]
    work = [x["done_ns"] - x["enter_ns"] for x in t]
    assert len(spans(0, "blocked")) >= 1, ("time.sleep not blocked", states(0))
    assert "blocked" not in states(1), ("free thread blocked", states(1))
    assert sum(spans(1, "released")) > 0.5 * work[1], ("free thread released", spans(1, "released"))
    assert "blocked" not in states(2) and sum(spans(2, "held")) >= 0.99 * 20e6, \
        ("holder", states(2), sum(spans(2, "held")))
    assert sum(spans(3, "blocked")) >= 0.99 * 20e6, ("released sleeper", sum(spans(3, "blocked")))
    print("run: time.sleep thread blocked %d times, %.1f of %.1f ms; free thread released %.1f "
          "of %.1f ms; holding sleeper held %.1f ms; releasing sleeper blocked %.1f ms" % (
              len(spans(0, "blocked")), sum(spans(0, "blocked")) / 1e6, work[0] / 1e6,
              sum(spans(1, "released")) / 1e6, work[1] / 1e6, sum(spans(2, "held")) / 1e6,
              sum(spans(3, "blocked")) / 1e6))
PY
check "states: sleeps releasing the GIL are blocked elsewhere, a releasing computation runs without the GIL, a sleep holding the GIL holds it"

grep -q "blocked elsewhere (sleep, I/O)" "$TMP/out" || fail "the terminal's legend has no blocked state"
grep -q 'class="st-elsewhere"' "$TMP/r.html" || fail "the HTML timeline has no blocked lane"
grep -q '"blocked elsewhere (sleep, I/O, a lock)"' "$TMP/r.trace.json" ||
    fail "the trace has no blocked span"
check "states: the terminal, the HTML page and the trace show the blocked state"
exit 0
