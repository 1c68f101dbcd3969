#!/bin/sh
# The markdown report as its readers see it: pandoc (Debian's; ci/setup installs it) renders
# it as GitHub-flavoured markdown (GitHub's own dialect) and as pandoc's markdown, and in both
# the table has a row per scenario, the failures are a list of one item each, and every
# warning is a paragraph of its own in one quote, not run together into one paragraph.
# The report is the hand-written sweep with two scenarios crashed and three warnings, and a
# hostile version and build type in its metadata (a report can come from anywhere): the
# footer shows them as text, and no tag of theirs reaches the page.
# Skipped when pandoc is not installed.
. "$(dirname "$0")/lib.sh"

command -v pandoc >/dev/null 2>&1 || { echo "skip: pandoc is not installed (Debian package pandoc; ci/setup installs it)"; exit 77; }

"$GB_PYTHON" -I - "$GB_TESTS_DIR/integration/reports/sweep.json" "$TMP/r.json" <<'PY' ||
import json, sys
r = json.load(open(sys.argv[1]))
r["metadata"]["warnings"] = ["load average 3.10 at the start",
                             "convoy[threads=2]: 2 threads on 1 CPU",
                             "wide spread of run times in nogil-scaling[gil=hold,threads=4]"]
r["metadata"]["gilbench"]["version"] = "9 <script>alert(1)</script> | **x** &amp;"
r["metadata"]["gilbench"]["build_type"] = "</sub>[link](http://x) `code`"
for s in r["scenarios"][-2:]:
    s["status"], s["message"] = "crashed", "the worker died of SIGSEGV"
json.dump(r, open(sys.argv[2], "w"))
PY
    fail "could not make the report"
run_gb report -f markdown -o "$TMP/r.md" "$TMP/r.json"
[ "$rc" -eq 0 ] || fail "report -f markdown: exit $rc"

for dialect in gfm markdown; do
    pandoc -f "$dialect" -t html -o "$TMP/$dialect.html" "$TMP/r.md" 2>"$TMP/pandoc.err" ||
        fail "pandoc -f $dialect: $(cat "$TMP/pandoc.err")"
    "$GB_PYTHON" -I - "$TMP/$dialect.html" "$dialect" <<'PY' || fail "pandoc -f $dialect rendered it wrong"
import html.parser, sys

class Page(html.parser.HTMLParser):
    """Counts what the reader sees: table rows, list items, paragraphs inside a quote."""
    def __init__(self):
        super().__init__()
        self.open, self.rows, self.items, self.quoted, self.text = [], 0, [], [], None
        self.tags, self.all = set(), ""
    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.tags.add(tag)
        if tag == "tr" and "tbody" in self.open:
            self.rows += 1
        if tag in ("li", "p"):
            self.text = ""
    def handle_endtag(self, tag):
        if tag == "li":
            self.items.append(self.text)
        if tag == "p" and "blockquote" in self.open:
            self.quoted.append(self.text)
        while self.open and self.open.pop() != tag:
            pass
    def handle_data(self, data):
        self.all += data
        if self.text is not None:
            self.text += data

page = Page()
page.feed(open(sys.argv[1]).read())
assert page.rows == 8, ("table rows", page.rows)
assert len(page.items) == 2 and all("(crashed): the worker died" in i for i in page.items), page.items
assert len(page.quoted) == 3 and all(q.startswith("warning: ") and q.count("warning:") == 1
                                     for q in page.quoted), page.quoted
assert not page.tags & {"script", "a", "code"}, ("tags from the footer", page.tags)
assert "gilbench 9 <script>alert(1)</script> | **x** &amp; (</sub>[link](http://x) `code`)" \
    in " ".join(page.all.split()), ("the footer", page.all[-300:])
print("ok: %s: %d table rows, %d failures listed, %d warnings a paragraph each"
      % (sys.argv[2], page.rows, len(page.items), len(page.quoted)))
PY
done
check "markdown: pandoc $(pandoc --version | head -1 | cut -d' ' -f2) renders the table, the failures as a list and each warning apart, and a hostile footer as text, as GFM and as pandoc markdown"
exit 0
