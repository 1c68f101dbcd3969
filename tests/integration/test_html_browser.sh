#!/bin/sh
# The HTML report in a real browser: headless Chromium loads the page of a hand-written
# sweep report from a file, the rendered DOM has a lane per thread of each scenario's
# median run (and a main lane where the starting thread was blocked) and a line per
# series of the scaling charts, and the
# screenshot shows the charts drawn (the "working" colour is there) in the light and in
# the dark colour scheme; and the page fits a desktop window and a phone (below). Skipped
# when Chromium is not installed (ci/setup installs it).
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

# The page at the width of a desktop window (1400 px) and of a phone (390 px), laid out by
# Chromium in a frame of that width (a headless window is at least 500 px wide). The report
# is the sweep with what makes a summary table wide: a baseline ratio with a long name on
# every row, an expectation_failed badge. Measured in the frame: the page never scrolls
# sideways (scrollWidth <= clientWidth) and nothing but a scroll box of its own passes the
# right edge of the text column; at 1400 px the summary table fits, not even its own box
# scrolls; at 390 px every text of a chart is drawn at least 9 px high; and no two labels
# of a box plot read the same.
"$GB_PYTHON" -I - "$GB_TESTS_DIR/integration/reports/sweep.json" "$TMP/wide.json" <<'PY' ||
import json, sys
r = json.load(open(sys.argv[1]))
sc = r["scenarios"]
for i, s in enumerate(sc[-2:]):
    v = ["0.0005", "0.005"][i]
    s["name"] = s["config"]["name"] = "convoy[switch_interval=%s]" % v
    s["sweep"] = {"base": "convoy", "params": {"switch_interval": float(v)}}
for s in sc[:-2]:
    s["config"]["baseline"] = s["summary"]["baseline"] = sc[-2]["name"]
    s["summary"]["baseline_ratio"] = 25.5712
sc[5]["status"], sc[5]["message"] = "expectation_failed", "expected parallel, found serial"
json.dump(r, open(sys.argv[2], "w"))
PY
    fail "could not make the wide report"
run_gb report "$TMP/wide.json" -o "$TMP/wide.html"
[ "$rc" -eq 0 ] || fail "report of the wide sweep: exit status $rc"
cat >"$TMP/measure.js" <<'JS'
window.addEventListener("load", function () {
  var f = document.getElementById("page"), doc = f.contentDocument, win = f.contentWindow;
  var root = doc.documentElement, body = doc.body, out = {outside: [], scrolls: [], labels: []};
  var right = body.getBoundingClientRect().right - parseFloat(win.getComputedStyle(body).paddingRight);
  out.viewport = win.innerWidth;
  out.scrollWidth = root.scrollWidth;
  out.clientWidth = root.clientWidth;
  doc.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width && r.right > right + 1 && !e.parentElement.closest(".scroll"))
      out.outside.push(e.tagName.toLowerCase() + " to " + Math.round(r.right) + " px");
  });
  doc.querySelectorAll(".scroll").forEach(function (s) {
    if (s.scrollWidth > s.clientWidth) out.scrolls.push(s.getAttribute("aria-label"));
  });
  out.minFont = 1e9;
  doc.querySelectorAll("svg.chart text").forEach(function (t) {
    var m = t.getScreenCTM(), px = parseFloat(win.getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    if (t.getClientRects().length && px < out.minFont) { out.minFont = px; out.minFontText = t.textContent; }
  });
  doc.querySelectorAll("svg.boxplot").forEach(function (svg) {
    var seen = [];
    svg.querySelectorAll("g.box text.label").forEach(function (t) {
      var c = t.cloneNode(true);
      c.querySelectorAll("title").forEach(function (x) { x.remove(); });
      seen.push(c.textContent);
    });
    out.labels.push(seen);
  });
  document.body.setAttribute("data-measure", JSON.stringify(out));
});
JS
for width in 1400 390; do
    printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;width:%dpx;height:900px}</style></head><body><iframe id="page" src="wide.html"></iframe><script src="measure.js"></script></body></html>\n' \
        "$width" >"$TMP/frame$width.html"
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --disable-dev-shm-usage --hide-scrollbars --allow-file-access-from-files \
        --window-size=1500,1000 --dump-dom "file://$TMP/frame$width.html" >"$TMP/frame$width.dom" \
        2>"$TMP/chromium.err" || fail "chromium could not load the page at $width px: $(tail -3 "$TMP/chromium.err")"
done
"$GB_PYTHON" -I - "$TMP" <<'PY' || fail "the page at 1400 and 390 px"
import html, json, re, sys
for width in (1400, 390):
    dom = open("%s/frame%d.dom" % (sys.argv[1], width)).read()
    m = re.search(r'data-measure="([^"]*)"', dom)
    assert m, ("no measurement at %d px" % width, dom[-300:])
    d = json.loads(html.unescape(m.group(1)))
    assert d["viewport"] == width, ("the frame is not as wide as asked", d["viewport"], width)
    assert d["scrollWidth"] <= d["clientWidth"], ("the page scrolls sideways", width, d)
    assert not d["outside"], ("past the right edge of the column", width, d["outside"][:6])
    for labels in d["labels"]:
        assert len(set(labels)) == len(labels), ("box-plot labels that read the same", labels)
    if width == 1400:
        assert "the summary table" not in d["scrolls"], ("the summary table needs scrolling", d)
    else:
        assert d["minFont"] >= 9, ("chart text drawn below 9 px", d["minFont"], d.get("minFontText"))
    print("ok: %d px: page %d px wide in %d; boxes that scroll: %s; chart text >= %.1f px; "
          "%d box plots, labels distinct" % (width, d["scrollWidth"], d["clientWidth"],
          ", ".join(sorted(set(d["scrolls"]))) or "none", d["minFont"], len(d["labels"])))
PY
check "the page at 1400 and 390 px: no sideways scrolling, tables in a box of their own, chart text >= 9 px, distinct labels"
exit 0
