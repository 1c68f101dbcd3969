#!/bin/sh
# The progress display of `gilbench run`, with standard error on a pseudo-terminal: scenario
# i of N, run j of M, elapsed time, redrawn in place and erased at the end; none of it with
# --quiet, with CI set, or when standard error is not a terminal; colour on a terminal but
# never with NO_COLOR or --color never. Standard output (a file here) never gets any of it.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/a.json" <<'J'
{"name": "alpha", "threads": [{"workload": "spin", "gil": "release", "args": [0.03]}]}
J
cat >"$TMP/b.json" <<'J'
{"name": "beta", "threads": [{"workload": "spin", "gil": "hold", "args": [0.03]}]}
J

# tty_run NAME ENV-ARGS... -- GILBENCH-ARGS...: run gilbench with stderr on a pty (100
# columns), stdout to $TMP/NAME.out; the terminal's bytes go to $TMP/NAME.tty
tty_run() {
    name=$1
    shift
    "$GB_PYTHON" -I - "$TMP/$name" "$GILBENCH" "$@" <<'PY' || fail "pty run $name"
import fcntl, os, select, struct, subprocess, sys, termios
base, gilbench, args = sys.argv[1], sys.argv[2], sys.argv[3:]
cut = args.index("--")
env = dict(os.environ)
for kv in args[:cut]:
    k, _, v = kv.partition("=")
    if kv.startswith("-"):
        env.pop(k[1:], None)      # -NAME: unset NAME
    else:
        env[k] = v
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
with open(base + ".out", "wb") as out:
    p = subprocess.Popen([gilbench] + args[cut + 1:], stdin=subprocess.DEVNULL, stdout=out,
                         stderr=slave, env=env)
os.close(slave)
got = b""
while True:
    r, _, _ = select.select([master], [], [], 60)
    if not r:
        break
    try:
        chunk = os.read(master, 65536)
    except OSError:      # EIO: the other side closed
        break
    if not chunk:
        break
    got += chunk
rc = p.wait()
open(base + ".tty", "wb").write(got)
open(base + ".rc", "w").write(str(rc))
PY
    [ "$(cat "$TMP/$name.rc")" -eq 0 ] || fail "$name: exit status $(cat "$TMP/$name.rc")"
}

has() { grep -q "$(printf "$2")" "$TMP/$1" ; }

# 1. a terminal, no CI: the progress line is drawn, in colour, and erased
tty_run plain -CI -NO_COLOR TERM=xterm LANG=C.UTF-8 -LC_ALL -- run -r 3 -w 1 --no-save "$TMP/a.json" "$TMP/b.json"
has plain.tty '\r\033\[K' || fail "no progress line was drawn on the terminal"
has plain.tty '\[1/2\] .*alpha' && has plain.tty '\[2/2\] .*beta' || fail "scenario i of N missing"
has plain.tty 'run 2/4' && has plain.tty 'run 4/4' || fail "run j of M missing"
has plain.tty 'elapsed' || fail "elapsed time missing"
has plain.tty '█' || fail "no bar in a UTF-8 locale"
has plain.tty '\033\[36m' || fail "no colour on a terminal"
"$GB_PYTHON" -I -c '
import sys
t = open(sys.argv[1], "rb").read()
last = t.rfind(b"elapsed")           # the last progress line drawn
after = t[last:]
end = after.find(b"\r\x1b[K")       # is erased before anything else is printed
assert end >= 0 and b"\n" not in after[:end], after[:120]' "$TMP/plain.tty" ||
    fail "the progress line was not erased before the next output"
! grep -q "$(printf '\r')" "$TMP/plain.out" && ! has plain.out '\033' || fail "progress or colour reached standard output (a file)"
"$GB_PYTHON" -I - "$TMP/plain.tty" <<'PY' || fail "a progress line is wider than the terminal"
import re, sys
t = open(sys.argv[1], "rb").read().decode()
for line in t.split("\r\x1b[K"):
    text = re.sub(r"\x1b\[[0-9;]*m", "", line).split("\n")[0]
    assert len(text) < 100, (len(text), text)
PY
check "a terminal: [i/N] scenario, run j/M, elapsed, a bar, colour, erased at the end"

# 2. CI set: nothing
tty_run ci CI=true -NO_COLOR TERM=xterm -- run -r 3 -w 1 --no-save "$TMP/a.json"
! has ci.tty '\r\033\[K' && ! has ci.tty 'run 2/4' || fail "progress drawn with CI=true"
check "CI=true: no progress"

# 3. --quiet: nothing
tty_run quiet -CI TERM=xterm -- run -q -r 3 -w 1 --no-save "$TMP/a.json"
! has quiet.tty '\r\033\[K' && ! has quiet.tty 'run 2/4' || fail "progress drawn with --quiet"
check "--quiet: no progress"

# 4. NO_COLOR and --color never: progress, but no colour anywhere
tty_run nocolor -CI NO_COLOR=1 TERM=xterm -- run -r 3 -w 1 --no-save "$TMP/a.json"
has nocolor.tty 'run 2/4' || fail "NO_COLOR took the progress away"
! has nocolor.tty '\033\[[0-9;]*m' || fail "colour with NO_COLOR set"
tty_run never -CI -NO_COLOR TERM=xterm -- run --color never -r 3 -w 1 --no-save "$TMP/a.json"
has never.tty 'run 2/4' && ! has never.tty '\033\[[0-9;]*m' || fail "colour with --color never"
check "NO_COLOR, --color never: progress without colour"

# 5. standard error not a terminal: nothing
env -u CI "$GILBENCH" run -r 3 -w 1 --no-save "$TMP/a.json" >"$TMP/out" 2>"$TMP/err" || fail "plain run"
! grep -q "$(printf '\r')" "$TMP/err" && ! grep -q 'run 2/4' "$TMP/err" || fail "progress on a pipe"
check "a pipe: no progress"

# 6. --interleave draws rounds instead
tty_run rounds -CI TERM=xterm LANG=C -LC_ALL -- run -i --seed 1 -r 2 -w 0 --no-save "$TMP/a.json" "$TMP/b.json"
has rounds.tty 'round 1/2' && has rounds.tty '\[2 scenarios\]' && has rounds.tty '#' ||
    fail "no round progress with --interleave (ASCII bar in the C locale)"
check "--interleave: rounds of all scenarios, an ASCII bar in the C locale"
exit 0
