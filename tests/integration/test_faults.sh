#!/bin/sh
# Faults during a run stay inside their scenario: a segfault, an abort, an exit from inside
# a thread, a deadlock, a loop that never returns, a flood of gigabytes on stdout. Each is
# reported with its status and cause, and the scenario after it still runs.
. "$(dirname "$0")/lib.sh"

# scenario NAME SETUP CODE: a one-thread Python scenario of one run, timeout 1 s (the
# flood: 60 s, a slow machine may need them to pass 2 GiB through a pipe)
scenario() {
    printf '{"name": "%s", "setup": "%s", "threads": [{"python": "%s"}],\n "runs": 1, "warmup": 0, "timeout": 1}\n' \
        "$1" "$2" "$3" >"$TMP/$1.json"
}
scenario segv "import ctypes" "ctypes.string_at(0)"
scenario abort "import os" "os.abort()"
scenario exit7 "import os" "os._exit(7)"
scenario deadlock "import threading; lock = threading.Lock()" "lock.acquire(); lock.acquire()"
scenario forever "" "while True: pass"
scenario flood "import os; mb = b'x' * (1 << 20)" "for _ in range(2048): os.write(1, mb)"
sed 's/"timeout": 1}/"timeout": 60}/' "$TMP/flood.json" >"$TMP/f" && mv "$TMP/f" "$TMP/flood.json"
printf '{"name": "after", "threads": [{"workload": "empty", "gil": "hold"}], "runs": 1, "warmup": 0}\n' \
    >"$TMP/after.json"

# under AddressSanitizer a segfault is the sanitizer's report and exit status 1: let the
# signal through, as a plain build gets it
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"
export ASAN_OPTIONS
start=$(date +%s)
run_gb run --json "$TMP/r.json" --color never "$TMP/segv.json" "$TMP/abort.json" \
    "$TMP/exit7.json" "$TMP/deadlock.json" "$TMP/forever.json" "$TMP/flood.json" "$TMP/after.json"
elapsed=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
[ "$elapsed" -lt 60 ] || fail "took $elapsed s"
expect() { # NAME PYTHON-EXPRESSION-ON-s
    [ "$(q "$TMP/r.json" "(lambda s: $2)(sc['$1'])")" = True ] ||
        fail "$1: not $2: $(q "$TMP/r.json" "(sc['$1']['status'], sc['$1']['message'], sc['$1']['worker']['output_bytes'])")"
}
expect segv "s['status'] == 'crashed' and s['worker']['signal_name'] == 'SIGSEGV'"
expect abort "s['status'] == 'crashed' and s['worker']['signal_name'] == 'SIGABRT'"
expect exit7 "s['status'] == 'crashed' and s['worker']['exit_status'] == 7"
expect deadlock "s['status'] == 'timeout'"
expect forever "s['status'] == 'timeout'"
expect flood "s['status'] == 'ok' and s['worker']['output_bytes'] == 2048 << 20"
expect flood "len(s['worker']['stderr_tail'] or '') <= 16384"
expect after "s['status'] == 'ok' and len(s['runs']) == 1"
grep -q "SIGSEGV" "$TMP/out" || fail "the terminal does not name SIGSEGV"
check "segfault, abort, exit 7, deadlock, endless loop, 2 GiB on stdout: each reported alone, the next scenario ran ($elapsed s)"

# the flood again, alone: the driver's memory stays small (the output is not kept)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M "$GILBENCH" run --no-save -q --color never "$TMP/flood.json" \
        >/dev/null 2>"$TMP/err" || fail "the flood failed"
    kb=$(tail -n 1 "$TMP/err")
    [ "$kb" -lt 200000 ] || fail "the driver grew to $kb KiB for 2 GiB of output"
    check "2 GiB of output, driver at most $kb KiB"
fi
