#!/bin/sh
# A hung scenario is killed after its timeout and reported; the run goes on.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/hang.json" <<'J'
{"name": "hang", "threads": [{"workload": "sleep", "gil": "release", "args": [30]}],
 "timeout": 0.5, "runs": 1, "warmup": 0}
J
start=$(date +%s)
run_gb run --json "$TMP/r.json" --color never "$TMP/hang.json" "$SCENARIOS/gil.json" --set n=1000
elapsed=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
[ "$elapsed" -lt 10 ] || fail "took $elapsed s: the timeout did not stop the worker"
[ "$(q "$TMP/r.json" "sc['hang']['status']")" = timeout ] || fail "status"
grep -q "timed out" "$TMP/out" || fail "terminal does not say timed out"
[ "$(q "$TMP/r.json" "sc['gil']['status']")" = ok ] || fail "the next scenario did not run"
check "timed out in ${elapsed} s, killed, next scenario ran"

# a worker that closes its pipes and hangs: no wait without end for the process; the
# results of the other scenarios are written
cat >"$TMP/closed.json" <<'J'
{"name": "closed", "setup": "import os, time",
 "threads": [{"python": "os.close(1); os.close(2); os.close(3); time.sleep(3600)"}],
 "runs": 1, "warmup": 0, "timeout": 1}
J
start=$(date +%s)
run_gb run --json "$TMP/c.json" --color never "$SCENARIOS/gil.json" "$TMP/closed.json" --set n=1000
elapsed=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "closed pipes: exit status $rc, expected 1"
[ "$elapsed" -lt 15 ] || fail "closed pipes: took $elapsed s"
[ "$(q "$TMP/c.json" "sc['closed']['status']")" = timeout ] || fail "closed pipes: status"
[ "$(q "$TMP/c.json" "sc['gil']['status']")" = ok ] || fail "closed pipes: the good one lost"
check "a worker that closes its pipes and hangs is killed after its timeout (${elapsed} s)"

# ... and one Ctrl-C stops it, the reports written
sed 's/"timeout": 1/"timeout": 600/' "$TMP/closed.json" >"$TMP/closed-long.json"
"$GILBENCH" run --json "$TMP/i.json" --color never "$SCENARIOS/gil.json" "$TMP/closed-long.json" \
    --set n=1000 >"$TMP/out" 2>"$TMP/err" &
pid=$!
sleep 3
kill -INT $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 $pid 2>/dev/null && { kill -KILL $pid; fail "one SIGINT did not stop the driver"; }
wait $pid
rc=$?
[ "$rc" -eq 130 ] || fail "one SIGINT: exit $rc, expected 130"
[ "$(q "$TMP/i.json" "sc['gil']['status']")" = ok ] || fail "one SIGINT: the good one lost"
check "one Ctrl-C stops a worker that closed its pipes; the reports are written"

# a setup that forks a child outliving the runs: the worker's exit ends the scenario, the
# child goes with it
cat >"$TMP/fork.json" <<'J'
{"name": "fork", "setup": "import os, time\nif os.fork() == 0:\n    time.sleep(60)\n    os._exit(0)\n",
 "threads": [{"python": "pass"}], "runs": 1, "warmup": 0, "timeout": 3}
J
start=$(date +%s)
run_gb run --json "$TMP/f.json" --color never "$TMP/fork.json"
elapsed=$(($(date +%s) - start))
[ "$(q "$TMP/f.json" "sc['fork']['status']")" = ok ] ||
    fail "a forked child: $(q "$TMP/f.json" "sc['fork']['status'], sc['fork']['message']")"
[ "$elapsed" -lt 3 ] || fail "a forked child: took $elapsed s"
check "a child forked by setup neither hangs nor mislabels the scenario"

# a non-daemon thread that outlives the runs: said as it is, not as a slow run
cat >"$TMP/thread.json" <<'J'
{"name": "thread", "setup": "import threading, time\nthreading.Thread(target=time.sleep, args=(600,)).start()\n",
 "threads": [{"python": "pass"}], "runs": 1, "warmup": 0, "timeout": 2}
J
run_gb run --json "$TMP/t.json" --color never "$TMP/thread.json"
[ "$(q "$TMP/t.json" "sc['thread']['status']")" = timeout ] || fail "a thread left: status"
q "$TMP/t.json" "sc['thread']['message']" | grep -q "all 1 runs done, but the worker did not exit" ||
    fail "a thread left: $(q "$TMP/t.json" "sc['thread']['message']")"
check "a thread that setup left running is said as such"

# a setup slower than its own limit (the timeout plus 30 s): its own message
cat >"$TMP/slowsetup.json" <<'J'
{"name": "slowsetup", "setup": "import time\ntime.sleep(45)\n",
 "threads": [{"python": "pass"}], "runs": 1, "warmup": 0, "timeout": 1}
J
run_gb run --json "$TMP/s.json" --color never "$TMP/slowsetup.json"
q "$TMP/s.json" "sc['slowsetup']['message']" | grep -q "^setup took longer than 31 s" ||
    fail "slow setup: $(q "$TMP/s.json" "sc['slowsetup']['message']")"
check "a setup slower than its limit is said as such"

# a child that leaves the worker's group and session (setsid, and a second fork) does not
# outlive the scenario: the driver, its subreaper, kills it
cat >"$TMP/setsid.json" <<J
{"name": "setsid", "setup": "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        open('$TMP/setsid.pid', 'w').write(str(os.getpid()))\n        time.sleep(120)\n    os._exit(0)\n",
 "threads": [{"python": "pass"}], "runs": 1, "warmup": 0, "timeout": 3}
J
run_gb run --json "$TMP/ss.json" --color never "$TMP/setsid.json"
[ "$(q "$TMP/ss.json" "sc['setsid']['status']")" = ok ] ||
    fail "setsid: $(q "$TMP/ss.json" "sc['setsid']['status'], sc['setsid']['message']")"
[ -s "$TMP/setsid.pid" ] || fail "setsid: the child did not start"
! kill -0 "$(cat "$TMP/setsid.pid")" 2>/dev/null || {
    kill -KILL "$(cat "$TMP/setsid.pid")"
    fail "a setsid child outlived the driver"
}
check "a child that left the worker's session does not outlive the driver"
