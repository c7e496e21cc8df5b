"""Measure proposed fixes beside the current code, without changing the app.

Usage (from the project root):
    .venv/bin/python benchmarks/whatif_fixes.py [--sizes 10000 100000] [--parts sql render qt]

Works on a throwaway copy of each cached synthetic library (indexes are added to the copy
only). Each line gives the current statement or function and the proposed variant, best of
several runs, in milliseconds:

  sql     the statements behind start-up and search: Library.summaries, Library.sources,
          Library.articles_needing_analysis, search.entity_index, search()'s morpheme query
          (with and without its JOIN on articles) and the 1-2 character plain-scan fallback.
  render  render.markdown_to_html on a 5,000- and a 100,000-character body, beside (1) one
          reused markdown.Markdown instance instead of markdown.markdown() per call and (2) a
          sketch of a fast path: one-line plain paragraphs and headings straight to HTML, the
          rest through the reused instance, nh3 once.
  qt      ReaderView on the 100,000-character article with its highlights: setHtml with the
          entity links as now (inline style) and with a class instead; apply_highlights as now
          (QTextEdit extra selections: they force a layout of the whole document) and with the
          highlights merged into the document's char formats in one edit block; the paint after
          each; ArticleListModel.row_of (mark_read's linear scan) on the library's size; and
          ArticleListModel.set_articles behind the list's filter proxy (now, with a short-circuit
          when no filter is set, and with Qt's own C++ filter).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import DEFAULT_SEED, SIZES, ensure_library, table  # noqa: E402


def best(fn, n: int = 5) -> float:
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return min(ts)


def sql_part(path: Path, n: int) -> list[list[str]]:
    from _bench import analyzer_version

    version = analyzer_version()
    rows: list[list[str]] = []
    db = sqlite3.connect(path)
    q = lambda sql, args=(): lambda: db.execute(sql, args).fetchall()  # noqa: E731

    def add(what: str, now: float, fix: str, then: float) -> None:
        rows.append([f"{n:,}", what, f"{now:.1f}", fix, f"{then:.1f}", f"{now / max(then, 1e-6):.0f}x"])

    summaries = ("SELECT id, title, source, author, published, imported_at, is_read FROM articles"
                 " ORDER BY COALESCE(published, imported_at) DESC, id DESC")
    sources = "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source COLLATE NOCASE"
    stale = "SELECT id FROM articles WHERE analyzer_version != ? ORDER BY id"
    # no ORDER BY in SQL (sort the few ids in Python): with it the planner scans the table again
    stale_fix = "SELECT id FROM articles WHERE analyzer_version < ?1 OR analyzer_version > ?1"
    ent = ("SELECT e.id, e.type, e.canonical, COUNT(*), COUNT(DISTINCT m.article_id) FROM entities e"
           " JOIN mentions m ON m.entity_id = e.id  GROUP BY e.id"
           " ORDER BY COUNT(DISTINCT m.article_id) DESC, COUNT(*) DESC, e.canonical")
    before = {
        "summaries": best(q(summaries), 3), "sources": best(q(sources), 3),
        "stale": best(q(stale, (version,)), 3), "entity_index": best(q(ent), 2),
    }
    t0 = time.perf_counter()
    db.execute("CREATE INDEX whatif_summary ON articles(COALESCE(published, imported_at) DESC, id DESC,"
               " title, source, author, published, imported_at, is_read)")
    db.execute("CREATE INDEX whatif_source ON articles(source COLLATE NOCASE)")
    db.execute("CREATE INDEX whatif_analyzer ON articles(analyzer_version)")
    db.execute("CREATE INDEX whatif_mentions ON mentions(entity_id, article_id)")
    build = (time.perf_counter() - t0) * 1000
    add("Library.summaries()", before["summaries"], "covering index on the list columns",
        best(q(summaries), 3))
    add("Library.sources()", before["sources"], "index on source", best(q(sources), 3))
    add("Library.articles_needing_analysis()", before["stale"],
        "index on analyzer_version, `< ?1 OR > ?1`, no ORDER BY", best(q(stale_fix, (version,)), 3))
    add("search.entity_index() (no filter)", before["entity_index"],
        "covering index mentions(entity_id, article_id)", best(q(ent), 2))
    rows.append([f"{n:,}", "(building those 4 indexes once)", "", "", f"{build:.0f}", ""])

    morph = ("SELECT s.rowid, bm25(search_morph, 10.0, 1.0, 3.0) FROM search_morph s JOIN articles a"
             " ON a.id = s.rowid WHERE search_morph MATCH ? ORDER BY 2 LIMIT 50")
    morph_nojoin = ("SELECT rowid, bm25(search_morph, 10.0, 1.0, 3.0) FROM search_morph"
                    " WHERE search_morph MATCH ? ORDER BY 2 LIMIT 50")
    for term in ('"중국"', '"칩"', '"ch"*'):
        matches = db.execute("SELECT COUNT(*) FROM search_morph WHERE search_morph MATCH ?",
                             (term,)).fetchone()[0]
        add(f"search() morpheme query {term} ({matches:,} matches)", best(q(morph, (term,))),
            "no JOIN articles when no filter is set", best(q(morph_nojoin, (term,))))
    scan = ("SELECT a.id FROM articles a LEFT JOIN notes n ON n.article_id = a.id"
            " WHERE (instr(a.title, ?1) > 0 OR instr(a.body, ?1) > 0 OR instr(COALESCE(n.text, ''), ?1) > 0)"
            " ORDER BY instr(a.title, ?1) = 0, a.id DESC LIMIT 50")
    scan_fix = ("SELECT a.id FROM articles a LEFT JOIN notes n ON n.article_id = a.id"
                " WHERE (instr(a.title, ?1) > 0 OR instr(COALESCE(n.text, ''), ?1) > 0)"
                " ORDER BY instr(a.title, ?1) = 0, a.id DESC LIMIT 50")
    add("search() 1-2 char fallback scan, no hit ('됫박')", best(q(scan, ("됫박",)), 2),
        "titles and notes only (bodies on request)", best(q(scan_fix, ("됫박",)), 2))
    db.close()
    return rows


PLAIN_PARA = re.compile(r"[\\`*_\[\]<>!&#|~]|^\s*(?:[-+]\s|\d+[.)]\s|>|\s{4})")
HEADING = re.compile(r"(#{1,6})\s+(.+)")
_MD = None


def _markdown():
    global _MD
    if _MD is None:
        import markdown

        _MD = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    return _MD


def reused_markdown_to_html(text: str) -> str:
    """markdown_to_html with one Markdown instance kept (reset between documents)."""
    from viewer.core.render import sanitize_html

    md = _markdown()
    md.reset()
    return sanitize_html(md.convert(text.replace("&", "&amp;").replace("<", "&lt;")))


def fast_markdown_to_html(text: str) -> str:
    """A sketch: one-line paragraphs and headings without Markdown syntax skip the parser."""
    from viewer.core.render import sanitize_html

    md, out = _markdown(), []
    for block in text.split("\n\n"):
        head = HEADING.fullmatch(block)
        if head and not PLAIN_PARA.search(head.group(2)):
            level = len(head.group(1))
            out.append(f"<h{level}>{html.escape(head.group(2), quote=False)}</h{level}>")
        elif "\n" not in block and not PLAIN_PARA.search(block):
            out.append(f"<p>{html.escape(block, quote=False)}</p>")
        else:
            md.reset()
            out.append(md.convert(block.replace("&", "&amp;").replace("<", "&lt;")))
    return sanitize_html("\n".join(out))


def render_part(path: Path) -> list[list[str]]:
    from viewer.core.render import markdown_to_html

    db = sqlite3.connect(path)
    rows = []
    for label, sql in (("~5,000 chars",
                        "SELECT body FROM articles WHERE length(body) BETWEEN 4900 AND 5100 LIMIT 1"),
                       ("100,000 chars", "SELECT body FROM articles WHERE length(body) >= 90000 LIMIT 1")):
        body = db.execute(sql).fetchone()[0]
        now = best(lambda b=body: markdown_to_html(b), 5)
        reused = best(lambda b=body: reused_markdown_to_html(b), 5)
        fast = best(lambda b=body: fast_markdown_to_html(b), 5)
        rows.append(["render", f"render.markdown_to_html, {label}", f"{now:.1f}",
                     "one reused markdown.Markdown instance", f"{reused:.1f}", f"{now / reused:.1f}x"])
        rows.append(["render", f"render.markdown_to_html, {label}", f"{now:.1f}",
                     "plain paragraphs/headings skip Markdown (sketch)", f"{fast:.1f}", f"{now / fast:.1f}x"])
    db.close()
    return rows


def qt_part(path: Path, n: int) -> list[list[str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from viewer.core.anchoring import anchor
    from viewer.core.model import ArticleSummary
    from viewer.core.render import article_html
    from viewer.core.store.library import Library
    from viewer.ui import theme
    from viewer.ui.article_list import ArticleListModel
    from viewer.ui.reader import HIGHLIGHT_ID, ReaderView

    lib = Library(path)
    aid = lib._db.execute("SELECT id FROM articles WHERE length(body) >= 90000 LIMIT 1").fetchone()[0]
    article, mentions, highlights = lib.get(aid), lib.mentions(aid), lib.highlights(aid)
    page = article_html(article, mentions)
    by_class = re.sub(r' style="background-color:[^"]*"', ' class="entity-x"', page)
    view = ReaderView()
    view.resize(700, 800)
    view.show()
    view.document().setDefaultStyleSheet(theme.reader_css(False))
    app.processEvents()

    def paint() -> None:
        view.viewport().repaint()
        app.processEvents()

    def merged(hls) -> None:
        doc, text = view.document(), view.plain_text()
        guard = QTextCursor(doc)
        guard.beginEditBlock()
        for h in hls:
            found = anchor(text, h.selector)
            if found:
                c = QTextCursor(doc)
                c.setPosition(found[0])
                c.setPosition(found[1], QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setBackground(QColor("#fff3a3"))
                fmt.setProperty(HIGHLIGHT_ID, h.id)
                c.mergeCharFormat(fmt)
        guard.endEditBlock()

    def timed(steps, n_runs=4) -> list[float]:
        runs = []
        for _ in range(n_runs):
            ts = []
            for step in steps:
                t0 = time.perf_counter()
                step()
                ts.append((time.perf_counter() - t0) * 1000)
            runs.append(ts)
        return [min(r[i] for r in runs) for i in range(len(steps))]

    rows = []
    now = timed([lambda: view.setHtml(page), lambda: view.apply_highlights(highlights), paint])
    cls = timed([lambda: view.setHtml(by_class), lambda: view.apply_highlights(highlights), paint])
    mrg = timed([lambda: view.setHtml(page), lambda: merged(highlights), paint])
    label = f"{len(mentions):,} mentions, {len(highlights)} highlights"
    rows.append([f"{n:,}", f"ReaderView.setHtml, 100,000 chars ({label})", f"{now[0]:.1f}",
                 "entity links styled by class, not inline style", f"{cls[0]:.1f}",
                 f"{now[0] / cls[0]:.1f}x"])
    rows.append([f"{n:,}", "ReaderView.apply_highlights (extra selections: full layout)", f"{now[1]:.1f}",
                 "mergeCharFormat in one edit block (layout stays lazy)", f"{mrg[1]:.1f}",
                 f"{now[1] / max(mrg[1], 0.01):.1f}x"])
    rows.append([f"{n:,}", "  then the first paint", f"{now[2]:.1f}", "  then the first paint",
                 f"{mrg[2]:.1f}", ""])
    model = ArticleListModel()
    model.set_articles([ArticleSummary(i, "t", None, None, None, "", False) for i in range(n)])
    rows.append([f"{n:,}", f"ArticleListModel.row_of (mark_read on every switch), {n:,} rows",
                 f"{best(lambda: model.row_of(n - 1)):.1f}", "a dict id -> row", "~0", ""])

    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtWidgets import QListView

    from viewer.ui.article_list import ArticleDelegate, ArticleFilterModel

    class ShortCircuit(ArticleFilterModel):
        def filterAcceptsRow(self, row, parent):  # noqa: N802 - Qt override
            if self._allowed is None and not self._needle:
                return True
            return super().filterAcceptsRow(row, parent)

    summaries = lib.summaries("published")
    reset = {}
    variants = (("now", ArticleFilterModel), ("short", ShortCircuit), ("native", QSortFilterProxyModel))
    for name, cls in variants:
        ts = []
        for _ in range(3):
            m, proxy, lv = ArticleListModel(), cls(), QListView()
            proxy.setSourceModel(m)
            lv.setModel(proxy)
            lv.setItemDelegate(ArticleDelegate(lv))
            lv.setUniformItemSizes(True)
            t0 = time.perf_counter()
            m.set_articles(summaries, set())
            ts.append((time.perf_counter() - t0) * 1000)
        reset[name] = min(ts)
    label = f"ArticleListModel.set_articles, {n:,} rows (proxy calls Python filterAcceptsRow per row)"
    rows.append([f"{n:,}", label, f"{reset['now']:.1f}", "filterAcceptsRow returns True first when no filter",
                 f"{reset['short']:.1f}", f"{reset['now'] / max(reset['short'], 0.01):.0f}x"])
    rows.append([f"{n:,}", label, f"{reset['now']:.1f}", "Qt's own filter (setFilterRole/FixedString)",
                 f"{reset['native']:.1f}", f"{reset['now'] / max(reset['native'], 0.01):.0f}x"])
    view.close()
    lib.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--parts", nargs="+", default=["sql", "render", "qt"], choices=("sql", "render", "qt"))
    args = ap.parse_args(argv)
    rows: list[list[str]] = []
    for n in args.sizes:
        src = ensure_library(n, args.seed)
        if "sql" in args.parts:
            with tempfile.TemporaryDirectory(prefix="whatif-", dir=src.parent) as tmp:
                copy = Path(tmp) / "copy.sqlite"
                shutil.copyfile(src, copy)
                rows += sql_part(copy, n)
        if "qt" in args.parts:
            rows += qt_part(src, n)
    if "render" in args.parts:
        rows += render_part(ensure_library(args.sizes[0], args.seed))
    print(table(rows, ["library", "now: what", "ms", "proposed", "ms", "gain"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
