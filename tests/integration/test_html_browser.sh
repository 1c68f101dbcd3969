#!/bin/sh
# The HTML report in a real browser: headless Chromium loads the page of a hand-written
# sweep report from a file, the rendered DOM has a lane per thread of each scenario's
# median run (and a main lane where the starting thread was blocked) and a line per
# series of the scaling charts, and the
# screenshot shows the charts drawn (the "working" colour is there) in the light and in
# the dark colour scheme. Skipped when Chromium is not installed (ci/setup installs it).
. "$(dirname "$0")/lib.sh"

browser=""
for b in chromium chromium-browser; do
    command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
[ -n "$browser" ] || { echo "skip: Chromium is not installed (Debian package chromium; ci/setup installs it)"; exit 77; }

# chromium: headless, no sandbox (root in CI), no GPU; quiet about D-Bus
shot() {
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-extensions --disable-dev-shm-usage --hide-scrollbars \
        --window-size=1000,1400 --force-device-scale-factor=0.5 \
        "$@" 2>"$TMP/chromium.err"
}

# the hand-written sweep report: timelines of 1 to 4 threads and two scaling charts
# (test_exports.sh checks that `run --html` and `report` make the very same page)
cp "$GB_TESTS_DIR/integration/reports/sweep.json" "$TMP/r.json"
run_gb report "$TMP/r.json" -o "$TMP/r.html"
[ "$rc" -eq 0 ] || fail "report of the sweep: exit status $rc"

shot --screenshot="$TMP/light.png" --dump-dom "file://$TMP/r.html" >"$TMP/dom.html" ||
    fail "chromium could not load the page: $(tail -3 "$TMP/chromium.err")"
shot --force-dark-mode --screenshot="$TMP/dark.png" "file://$TMP/r.html" >/dev/null ||
    fail "chromium: the dark screenshot: $(tail -3 "$TMP/chromium.err")"

"$GB_PYTHON" -I - "$TMP" <<'PY' || fail "the rendered page"
import json, re, statistics, struct, sys, zlib
tmp = sys.argv[1]
dom = open(tmp + "/dom.html").read()
rep = json.load(open(tmp + "/r.json"))

def median_run(s):
    runs = [x for x in s["runs"] if not x["warmup"]]
    med = statistics.median(x["wall_ns"] / 1e9 for x in runs)
    return min(runs, key=lambda x: abs(x["wall_ns"] / 1e9 - med))
want = 0
for s in rep["scenarios"]:
    run = median_run(s)
    main = any(t["started_ns"] - t["start_ns"] > 0.02 * run["wall_ns"] for t in run["threads"])
    want += len(run["threads"]) + main
lanes = len(re.findall(r'<g class="lane">', dom))
assert lanes == want, ("lanes in the rendered DOM", lanes, "expected", want)
assert "</html>" in dom and dom.count('<svg class="chart timeline"') == len(rep["scenarios"])
assert len(re.findall(r'<g class="series s\d">', dom)) == 3, "series in the sweep charts"
assert dom.count('<svg class="chart scaling"') == 2
print("ok: %d lanes rendered for %d scenarios, 3 lines in 2 scaling charts" % (lanes, len(rep["scenarios"])))

def pixels(path):
    """RGB(A) pixels of a PNG as written by Chromium (8-bit, not interlaced)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
    stride = w * bpp
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return w, h, bpp, rows

def count(path, rgb, tol=12):
    w, h, bpp, rows = pixels(path)
    n = 0
    for row in rows[::2]:
        for x in range(0, w * bpp, bpp * 2):
            if all(abs(row[x + k] - rgb[k]) <= tol for k in range(3)):
                n += 1
    return n, rows[5][:3]

work, corner = count(tmp + "/light.png", (0x2f, 0x6f, 0xdf))
assert work > 100, ("the working colour of the timeline is hardly in the screenshot", work)
assert corner[0] > 240, ("light page background expected", corner)
dark_work, dark_corner = count(tmp + "/dark.png", (0x5e, 0x9b, 0xff))
assert dark_corner[0] < 40, ("dark page background expected with prefers-color-scheme: dark", dark_corner)
assert dark_work > 100, ("the dark scheme's working colour is hardly there", dark_work)
print("ok: screenshots: %d working-colour samples light, %d dark, backgrounds %s / %s"
      % (work, dark_work, tuple(corner), tuple(dark_corner)))
PY
check "Chromium rendered the charts, light and dark (screenshots in $TMP, removed at exit)"
exit 0
