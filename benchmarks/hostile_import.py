"""Import a hostile corpus into a fresh library through the pipeline and report what happened.

Usage (from the project root):
    .venv/bin/python benchmarks/hostile_import.py [CORPUS_DIR] [--small] [--timeout S] [--workers N]

Without CORPUS_DIR the corpus is generated (benchmarks/make_hostile_corpus.py) in a temporary
folder. Prints: files, imported (added or duplicate), refused with reasons grouped, seconds per
file (max, with the file), whether any active content (script, on* handlers, javascript:/data:
URLs, CSS expressions) reached the HTML of a stored article as rendered by
viewer.core.render.article_html, the same words as visible text, files whose outcome contradicts
expectations.json, outcomes that do not name their file on one line, files read through a link
leading out of the corpus folder, titles, sources or authors that are not one line of visible
text, and PRAGMA integrity_check.
Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from viewer.core.ingest.pipeline import import_files  # noqa: E402
from viewer.core.render import article_html  # noqa: E402
from viewer.core.store.library import ImportOutcome, Library  # noqa: E402
from viewer.core.text.normalise import one_line  # noqa: E402

SAFE_URL = re.compile(r"^(?:https?:|mailto:|entity:\d+$|restore:\d+$|edit:title$|#)", re.I)
DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "img",
    "svg",
    "math",
    "link",
    "meta",
    "base",
    "template",
    "frame",
    "frameset",
    "input",
    "button",
    "noscript",
    "video",
    "audio",
    "source",
}
WORDS = re.compile(r"<script|javascript:|vbscript:|onerror|onload|data:|expression\(", re.I)
# What a one-line metadata field must not hold: line breaks, controls, format characters (bidi
# marks and overrides, soft hyphens, invisible operators, U+180E) and runs of spaces.
NOT_ONE_LINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u2028-\u202e"
    r"\u2060-\u206f\ufeff]|\s{2,}|^\s|\s$"
)


class _Scanner(HTMLParser):
    """Collects active content in an HTML fragment, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.active: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.active.append(f"<{tag}>")
        for name, value in attrs:
            value = re.sub(r"[\x00-\x20]", "", html.unescape(value or ""))
            if name.startswith("on"):
                self.active.append(f"{tag} {name}=")
            elif name in ("href", "src", "action", "formaction", "xlink:href", "data") and not SAFE_URL.match(
                value
            ):
                self.active.append(f"{tag} {name}={value[:40]}")
            elif name == "style" and re.search(r"expression|javascript|url\(", value, re.I):
                self.active.append(f"{tag} style={value[:40]}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def scan(fragment: str) -> tuple[list[str], list[str]]:
    """(active content found, the hostile words found in the visible text)."""
    s = _Scanner()
    s.feed(fragment)
    s.close()
    visible = "".join(s.text)
    return s.active, sorted({m.group(0).lower() for m in WORDS.finditer(visible)})


def reason_kind(outcome: ImportOutcome) -> str:
    """A refusal's reason without the file name and numbers, for grouping."""
    reason = outcome.message
    if reason.startswith(outcome.path + ": "):
        reason = reason[len(outcome.path) + 2 :]
    reason = re.sub(r"\(\d+(?:\.\d+)? MB", "(N MB", reason)
    reason = re.sub(r"exit code -?\d+", "exit code N", reason)
    reason = re.sub(r"\d+(?:\.\d+)? s\b", "N s", reason)
    return re.sub(r"\(\d[\d,]*;", "(N;", reason)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, nargs="?", help="corpus folder (default: generate one)")
    ap.add_argument("--small", action="store_true", help="generate the small corpus")
    ap.add_argument("--timeout", type=float, default=30.0, help="per-file time limit (s)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--verbose", action="store_true", help="one line per file: status, seconds, reason")
    ap.add_argument("--reader", action="store_true",
                    help="also open every stored article in the reading pane (offscreen Qt) and time it")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        corpus = args.corpus
        if corpus is None:
            from make_hostile_corpus import make_corpus

            corpus = Path(tmp) / "corpus"
            make_corpus(corpus, small=args.small)
        expectations = json.loads((corpus / "expectations.json").read_text(encoding="utf-8"))
        library = Library(Path(tmp) / "library.sqlite")
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        outcomes = import_files(
            library, [corpus], workers=args.workers, timeout=args.timeout, timings=timings
        )
        wall = time.perf_counter() - t0
        if args.verbose:
            for o in outcomes:
                detail = o.message[len(o.path) + 2 :] if o.status == "failed" else o.title
                name = o.path[len(str(corpus)) + 1 :]
                print(f"{o.status:<9} {timings.get(o.path, 0):6.2f}s  {name}  {detail[:90]}")
        return report(library, corpus, outcomes, timings, wall, expectations, args.reader)


def report(
    library: Library,
    corpus: Path,
    outcomes: list[ImportOutcome],
    timings: dict[str, float],
    wall: float,
    expectations: dict[str, str],
    reader: bool = False,
) -> int:
    problems = 0
    imported = [o for o in outcomes if o.status in ("added", "duplicate")]
    refused = [o for o in outcomes if o.status == "failed"]
    print(f"files                {len(outcomes)}  ({wall:.1f} s wall)")
    print(
        f"imported cleanly     {len(imported)}  ({sum(o.status == 'added' for o in imported)} added,"
        f" {sum(o.status == 'duplicate' for o in imported)} duplicate)"
    )
    print(f"refused              {len(refused)}")
    for reason, n in Counter(reason_kind(o) for o in refused).most_common():
        print(f"  {n:>4}  {reason}")

    unnamed = [
        o
        for o in refused
        if not o.message.startswith(o.path + ": ") or "\n" in o.message or len(o.message.splitlines()) != 1
    ]
    print(f"reasons not naming their file on one line: {len(unnamed)}")
    for o in unnamed[:5]:
        print(f"        {o.path!r}: {o.message!r}")
    problems += len(unnamed)

    slowest = max(timings.items(), key=lambda kv: kv[1], default=("-", 0.0))
    ordered = sorted(timings.values())
    p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0
    median = ordered[len(ordered) // 2] if ordered else 0.0
    print(
        f"seconds per file     max {slowest[1]:.2f} ({slowest[0][len(str(corpus)) + 1 :]}),"
        f" 95th percentile {p95:.2f}, median {median:.3f}"
    )

    active_hits, word_hits, removed_active, render_times = [], Counter(), [], []
    for article_id in library.article_ids():
        article = library.get(article_id)
        mentions = library.mentions(article_id)
        t0 = time.perf_counter()
        page = article_html(article, mentions)
        render_times.append((time.perf_counter() - t0, article.path, len(article.body)))
        active, words = scan(page)
        if active:
            active_hits.append((article.path, active))
        for w in words:
            word_hits[w] += 1
        active_removed, _ = scan(article_html(article, mentions, show_removed=True))
        if active_removed:
            removed_active.append((article.path, active_removed))
    print(f"rendered articles    {len(library.article_ids())}")
    worst = max(render_times, default=(0.0, "-", 0))
    print(f"render to HTML       max {worst[0] * 1000:.0f} ms ({one_line(Path(str(worst[1])).name)},"
          f" {worst[2]:,} chars)")
    if reader:
        worst = time_reader(library)
        print(f"reading pane         slowest open + paint {worst[0] * 1000:.0f} ms"
              f" ({one_line(Path(str(worst[1])).name)}, {worst[2]:,} chars)")
    print(
        f"active content in rendered HTML: {len(active_hits)} articles"
        f" (with removed text shown: {len(removed_active)})"
    )
    for path, what in (active_hits + removed_active)[:10]:
        print(f"        {one_line(str(path))}: {', '.join(what[:5])}")
    problems += len(active_hits) + len(removed_active)
    shown = ", ".join(f"{w} ×{n}" for w, n in word_hits.most_common()) or "none"
    print(f"script/javascript:/onerror/data: as visible text: {shown}")
    problems += sum(word_hits.values())

    # A folder import reads nothing a link leads to outside the folder.
    inside = os.path.realpath(corpus) + os.sep
    escaped = [o.path for o in outcomes if not os.path.realpath(o.path).startswith(inside)]
    print(f"files read through links out of the corpus: {len(escaped)}")
    for path in escaped[:5]:
        print(f"        {one_line(path)} -> {one_line(os.path.realpath(path))}")
    problems += len(escaped)

    bad_meta = []
    for article_id in library.article_ids():
        article = library.get(article_id)
        for field in ("title", "source", "author"):
            value = getattr(article, field) or ""
            if NOT_ONE_LINE.search(value):
                bad_meta.append(f"{one_line(Path(str(article.path)).name)}: {field} {one_line(value)[:80]}")
    print(f"titles, sources and authors with line breaks, controls or invisible characters: {len(bad_meta)}")
    for line in bad_meta[:10]:
        print(f"        {line}")
    problems += len(bad_meta)

    by_path = {o.path: o for o in outcomes}
    wrong = []
    for rel, expect in expectations.items():
        o = by_path.get(one_line(str(corpus / rel)))
        if o is None:
            wrong.append(f"{one_line(rel)}: expected {expect}, no outcome")
        elif expect == "refuse" and o.status != "failed":
            wrong.append(f"{one_line(rel)}: expected refuse, was {o.status}")
        elif expect == "import" and o.status == "failed":
            wrong.append(f"{one_line(rel)}: expected import, refused: {o.message[:150]}")
    print(f"outcomes against expectations.json: {len(wrong)} wrong")
    for w in wrong[:20]:
        print(f"        {w}")
    problems += len(wrong)

    check = [r[0] for r in library._db.execute("PRAGMA integrity_check")]
    print(f"PRAGMA integrity_check: {', '.join(check)}")
    problems += check != ["ok"]
    library.close()
    print("all checks passed" if not problems else f"{problems} problems")
    return 0 if not problems else 1


def time_reader(library: Library) -> tuple[float, str, int]:
    """The slowest article to show in a ReaderView (render, setHtml, highlights, first paint)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from viewer.ui.reader import ReaderView

    app = QApplication.instance() or QApplication([])
    view = ReaderView()
    view.resize(700, 900)
    view.show()
    worst = (0.0, "-", 0)
    for article_id in library.article_ids():
        article = library.get(article_id)
        t0 = time.perf_counter()
        view.show_article(article, library.mentions(article_id), library.highlights(article_id))
        view.repaint()
        app.processEvents()
        worst = max(worst, (time.perf_counter() - t0, str(article.path), len(article.body)))
    view.close()
    return worst


if __name__ == "__main__":
    sys.exit(main())
