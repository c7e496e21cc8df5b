"""The window: cold start, switching article, and peak memory, on the synthetic libraries.

Usage (from the project root):
    .venv/bin/python benchmarks/bench_app.py [--parts start switch rss] [--sizes 10000 100000]
                                             [--repeats 5] [--json OUT]
    .venv/bin/python benchmarks/bench_app.py --parts start --sizes 100000 --breakdown   # where the time goes
    .venv/bin/python benchmarks/bench_app.py --parts start --sizes 100000 --profile     # cProfile of start-up
    .venv/bin/python benchmarks/bench_app.py --parts switch --breakdown --profile

(a) start: a fresh `python` process runs the real entry point (viewer.cli.main → viewer.ui.app.run)
    on the library (QT_QPA_PLATFORM=offscreen, a fresh empty XDG_CONFIG_HOME so no saved window
    state applies, the library's `last_article` setting removed so every run opens the newest
    article). Cold start = from just before the parent spawns the process to the end of the
    first paint of the reading pane at a moment when the list has rows and the reader holds an
    article. One untimed warm-up run (fonts, OS file cache), then --repeats timed runs; median.
    The child then opens and scrolls 20 more articles and says whether `kiwipiepy` was imported
    after start-up and after reading. Goals: <= 0.8 s at 10,000; 100,000 <= 1.2 x 10,000.
(b) switch: one process, the window on the 10,000-article library (and the 100,000 one: the
    list's size matters too); MainWindow.show_article(id)
    on ~5,000-character articles (those with highlights first) and on the 100,000-character
    ones (with their 6-12 highlights), alternating; the time is measured to the end of the next
    paint of the reading pane (the call alone is reported too). First round untimed.
    Goals: p95 <= 30 ms (5,000 chars), <= 150 ms (100,000 chars).
(c) rss: a fresh process starts the app on the 10,000-article library and opens 200 articles in
    turn (list order, each scrolled half-way); peak RSS = resource.getrusage ru_maxrss.
    Goal: <= 250 MB.
"""

from __future__ import annotations

import time

T_MAIN = time.monotonic()  # as early as possible in a child process

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import (  # noqa: E402
    CACHE,
    DEFAULT_SEED,
    PYTHON,
    ROOT,
    SIZES,
    ensure_library,
    median,
    offscreen_env,
    percentile,
    table,
)

START_GOAL_S = 0.8
START_RATIO_GOAL = 1.2
SWITCH_GOALS_MS = {"5k": 30.0, "100k": 150.0}
RSS_GOAL_MB = 250.0
HEAVY_MODULES = ("kiwipiepy", "trafilatura", "lxml", "charset_normalizer", "yaml", "markdown", "nh3",
                 "numpy", "viewer.core.entities", "viewer.core.store.search", "viewer.core.export")


# ============================================================================================
# child side
# ============================================================================================

def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Timings:
    """Inclusive wall time and call counts of wrapped functions (for --breakdown)."""

    def __init__(self) -> None:
        self.total: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.enabled = True

    def wrap(self, owner, name: str, label: str | None = None) -> None:
        fn = getattr(owner, name)
        label = label or f"{getattr(owner, '__name__', owner)}.{name}"

        def wrapped(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                if self.enabled:
                    self.total[label] = self.total.get(label, 0.0) + time.perf_counter() - t0
                    self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, name, wrapped)

    def reset(self) -> None:
        self.total.clear()
        self.calls.clear()

    def report(self, per: int = 1) -> list[tuple[str, float, int]]:
        return sorted(((k, v * 1000 / per, self.calls[k]) for k, v in self.total.items()),
                      key=lambda r: -r[1])


def _install_breakdown(t: Timings) -> None:
    import viewer.core.render as render
    import viewer.core.store.search as search
    import viewer.ui.reader as reader_mod
    from viewer.core.store.library import Library
    from viewer.ui.article_list import ArticleListModel
    from viewer.ui.entity_index import EntityIndexPanel
    from viewer.ui.main_window import MainWindow
    from viewer.ui.notes_panel import NotesPanel
    from viewer.ui.reader import ReaderView
    from viewer.ui.search_panel import SearchPanel

    for name in ("__init__", "count", "summaries", "sources", "articles_with_annotations",
                 "articles_needing_analysis", "get", "mentions", "highlights", "setting", "set_setting",
                 "note", "set_read", "set_position"):
        t.wrap(Library, name)
    t.wrap(search, "entity_index", "search.entity_index (SQL)")
    for name in ("__init__", "_build_list_pane", "_build_reader_pane", "_build_side_pane", "_build_menus",
                 "_restore_ui_state", "reload_list", "refresh_entity_index", "analyze_pending",
                 "show_article", "render_current"):
        t.wrap(MainWindow, name)
    for name in ("show_article", "apply_highlights", "setHtml", "plain_text", "set_position"):
        t.wrap(ReaderView, name)
    t.wrap(reader_mod, "article_html", "render.article_html")
    t.wrap(render, "markdown_to_html", "render.markdown_to_html")
    t.wrap(render, "_entity_tags", "render._entity_tags")
    t.wrap(render, "_mark", "render._mark")
    t.wrap(ArticleListModel, "set_articles")
    t.wrap(ArticleListModel, "mark_read")
    t.wrap(ArticleListModel, "row_of")
    t.wrap(SearchPanel, "set_sources")
    t.wrap(EntityIndexPanel, "set_entities")
    t.wrap(NotesPanel, "load")
    t.wrap(NotesPanel, "set_highlights")


def _instrument(breakdown: bool, profile: str | None):
    """The timers --breakdown installs, and a (not yet enabled) cProfile.Profile for --profile."""
    timings = Timings()
    if breakdown:
        _install_breakdown(timings)
    if not profile:
        return timings, None
    import cProfile

    return timings, cProfile.Profile()


def child_app(lib_path: str, n_open: int, breakdown: bool, profile: str | None) -> dict:
    """Start the app through its real entry point; once usable, open n_open more articles."""
    res: dict = {"marks": {"main": T_MAIN}}
    marks = res["marks"]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    import viewer.ui.app as appmod
    from viewer.ui.reader import ReaderView

    marks["imports_done"] = time.monotonic()
    timings, prof = _instrument(breakdown, profile)
    if prof is not None:
        prof.enable()
    state: dict = {}
    orig_paint = ReaderView.paintEvent

    def paint(self, e):
        orig_paint(self, e)
        if "ready" in marks:
            return
        marks.setdefault("first_reader_paint", time.monotonic())
        w = self.window()
        if self.article is not None and getattr(w, "model", None) is not None and w.model.rowCount() > 0:
            marks["ready"] = time.monotonic()
            state["window"] = w
            QTimer.singleShot(0, after_ready)

    ReaderView.paintEvent = paint
    orig_create = appmod.create_window

    def create_window(*a, **k):
        marks["create_window_start"] = time.monotonic()
        w = orig_create(*a, **k)
        marks["create_window_end"] = time.monotonic()
        return w

    appmod.create_window = create_window

    def after_ready() -> None:
        if prof is not None:
            prof.disable()
            prof.dump_stats(profile)
        timings.enabled = False
        w = state["window"]
        res["rows_at_ready"] = w.model.rowCount()
        # the rest of the list arrives in the background: how long until it is all there, and the
        # longest single turn of the event loop meanwhile (what a user would feel as a stall)
        longest = 0.0
        while getattr(w, "list_loading", False) and time.monotonic() - marks["ready"] < 60:
            t0 = time.monotonic()
            app.processEvents()
            longest = max(longest, time.monotonic() - t0)
            time.sleep(0.001)
        marks["list_full"] = time.monotonic()
        res["list_fill_longest_turn_s"] = longest
        res["rows"] = w.model.rowCount()
        # the filter box over the whole list: one pass per change (as after a typing pause)
        filter_ms = []
        for text in ("s", "se", "seo", ""):
            t0 = time.perf_counter()
            w.proxy.set_filter_text(text)
            app.processEvents()
            filter_ms.append((time.perf_counter() - t0) * 1000)
        res["filter_ms"] = filter_ms
        res["first_article_chars"] = len(w.reader.plain_text())
        res["kiwi_after_start"] = "kiwipiepy" in sys.modules
        res["heavy_modules_at_start"] = [m for m in HEAVY_MODULES if m in sys.modules]
        res["rss_at_start_mb"] = _rss_mb()
        res["maxrss_at_start_mb"] = _maxrss_mb()
        t0 = time.perf_counter()
        opened = 0
        for row in range(1, min(n_open, w.proxy.rowCount() - 1) + 1):
            w.list_view.setCurrentIndex(w.proxy.index(row, 0))
            app.processEvents()
            bar = w.reader.verticalScrollBar()
            bar.setValue(bar.maximum() // 2)
            app.processEvents()
            opened += 1
        w.reader.flush_position()
        w.notes.flush()
        w.runner.wait(30000)
        app.processEvents()
        res["opened"] = opened
        res["open_seconds"] = time.perf_counter() - t0
        res["kiwi_after_reading"] = "kiwipiepy" in sys.modules
        res["heavy_modules_after_reading"] = [m for m in HEAVY_MODULES if m in sys.modules]
        res["rss_after_reading_mb"] = _rss_mb()
        res["maxrss_mb"] = _maxrss_mb()
        app.quit()

    def give_up() -> None:
        res["error"] = "the window never became usable within 300 s"
        app.quit()

    QTimer.singleShot(300_000, give_up)
    from viewer.cli import main as cli_main

    res["exit_code"] = cli_main(["--library", lib_path])
    if breakdown:
        res["breakdown"] = timings.report()
    return res


def child_switch(lib_path: str, rounds: int, breakdown: bool, profile: str | None) -> dict:
    """Time MainWindow.show_article on ~5,000- and 100,000-character articles."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from viewer.ui.app import create_window
    from viewer.ui.reader import ReaderView

    painted = {"n": 0, "t": 0.0}
    orig_paint = ReaderView.paintEvent

    def paint(self, e):
        orig_paint(self, e)
        painted["n"] += 1
        painted["t"] = time.perf_counter()

    ReaderView.paintEvent = paint
    tmp = tempfile.mkdtemp(prefix="bench-switch-")
    settings = QSettings(os.path.join(tmp, "settings.ini"), QSettings.Format.IniFormat)
    w = create_window(lib_path, settings=settings)
    w.resize(1280, 800)
    w.show()
    for _ in range(5):
        app.processEvents()

    db = sqlite3.connect(f"file:{lib_path}?mode=ro", uri=True)
    sets = {
        "5k": [r[0] for r in db.execute(
            "SELECT a.id FROM articles a WHERE length(a.body) BETWEEN 4700 AND 5300 ORDER BY"
            " (SELECT COUNT(*) FROM highlights h WHERE h.article_id = a.id) DESC, a.id LIMIT 30")],
        "100k": [r[0] for r in db.execute("SELECT id FROM articles WHERE length(body) >= 90000 ORDER BY id")],
    }
    info = {}
    for name, ids in sets.items():
        q = ",".join(map(str, ids))
        chars, mentions, hls = db.execute(
            f"SELECT AVG(length(body)), (SELECT COUNT(*) FROM mentions WHERE article_id IN ({q})),"
            f" (SELECT COUNT(*) FROM highlights WHERE article_id IN ({q})) FROM articles WHERE id IN ({q})"
        ).fetchone()
        info[name] = {"articles": len(ids), "avg_chars": round(chars or 0),
                      "avg_mentions": round(mentions / max(1, len(ids)), 1),
                      "avg_highlights": round(hls / max(1, len(ids)), 1)}
    db.close()

    timings, prof = _instrument(breakdown, profile)

    def switch(aid: int) -> tuple[float, float]:
        before = painted["n"]
        t0 = time.perf_counter()
        w.show_article(aid)
        t1 = time.perf_counter()
        for _ in range(50):  # the update, the position restore (a 0 ms timer) and the paint
            app.processEvents()
            if painted["n"] > before:
                app.processEvents()
                break
        return (t1 - t0) * 1000, (painted["t"] - t0) * 1000 if painted["n"] > before else float("nan")

    out: dict = {"sets": info}
    for name, ids in sets.items():
        if not ids:
            continue
        order = ids if len(ids) > 1 else ids * 2
        for aid in order:  # untimed warm-up round
            switch(aid)
        n_rounds = rounds if len(order) > 2 else rounds * 5
        calls, paints = [], []
        timings.reset()
        timings.enabled = True
        if prof is not None:
            prof.enable()
        for _ in range(n_rounds):
            for aid in order:
                c, p = switch(aid)
                calls.append(c)
                paints.append(p)
        if prof is not None:
            prof.disable()
        timings.enabled = False
        out[name] = {
            "n": len(paints),
            "p50_ms": percentile(paints, 50), "p95_ms": percentile(paints, 95),
            "call_p50_ms": percentile(calls, 50), "call_p95_ms": percentile(calls, 95),
        }
        if breakdown:
            out[name]["breakdown"] = timings.report(per=len(paints))
    if prof is not None:
        prof.dump_stats(profile)
    w.close()
    return out


def child_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", required=True, choices=("app", "switch"))
    ap.add_argument("--library", required=True)
    ap.add_argument("--open", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--breakdown", action="store_true")
    ap.add_argument("--profile")
    a = ap.parse_args(argv)
    if a.child == "app":
        res = child_app(a.library, a.open, a.breakdown, a.profile)
    else:
        res = child_switch(a.library, a.rounds, a.breakdown, a.profile)
    sys.stdout.write("\nRESULT " + json.dumps(res) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown; nothing is left to save


# ============================================================================================
# parent side
# ============================================================================================

def _spawn(args: list[str], timeout: float = 900) -> tuple[float, dict, str]:
    """Run a child; return (monotonic time just before the spawn, its RESULT, its stderr)."""
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        env = offscreen_env({"XDG_CONFIG_HOME": tmp})
        t_spawn = time.monotonic()
        p = subprocess.run([str(PYTHON), str(Path(__file__).resolve()), *args], capture_output=True,
                           text=True, env=env, cwd=ROOT, timeout=timeout)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")]
    if not lines:
        raise RuntimeError(f"child {args} failed (exit {p.returncode}):\n"
                           f"{p.stdout[-2000:]}\n{p.stderr[-4000:]}")
    return t_spawn, json.loads(lines[-1][7:]), p.stderr


def _forget_last_article(lib: Path) -> None:
    db = sqlite3.connect(lib, timeout=30)
    db.execute("DELETE FROM settings WHERE key = 'last_article'")
    db.commit()
    db.close()


def _print_breakdown(rows: list, title: str, limit: int = 30) -> None:
    print(f"\n{title}")
    print(table([[name, f"{ms:.1f}", str(calls)] for name, ms, calls in rows[:limit]],
                ["function (inclusive)", "ms", "calls"]))


def _print_profile(path: str, limit: int = 30) -> None:
    import pstats

    print(f"\ncProfile ({path}), by cumulative time:")
    pstats.Stats(path).sort_stats("cumulative").print_stats(limit)
    print("by own time:")
    pstats.Stats(path).sort_stats("tottime").print_stats(15)


def bench_start(sizes: list[int], seed: int, repeats: int, breakdown: bool, profile: bool) -> dict:
    out = {}
    for n in sizes:
        lib = ensure_library(n, seed)
        runs = []
        for k in range(repeats + 1):
            _forget_last_article(lib)
            t_spawn, r, err = _spawn(["--child", "app", "--library", str(lib), "--open", "20"])
            if "error" in r or "ready" not in r["marks"]:
                raise RuntimeError(f"start-up failed: {r.get('error')}\n{err[-3000:]}")
            m = r["marks"]
            run = {"start_s": m["ready"] - t_spawn, "interpreter_s": m["main"] - t_spawn,
                   "imports_s": m["imports_done"] - m["main"],
                   "create_window_s": m["create_window_end"] - m["create_window_start"],
                   "show_to_paint_s": m["ready"] - m["create_window_end"],
                   "list_full_s": m["list_full"] - t_spawn, "rows_at_ready": r["rows_at_ready"],
                   "list_fill_turn_s": r["list_fill_longest_turn_s"], "filter_ms": r["filter_ms"],
                   "kiwi_after_start": r["kiwi_after_start"], "kiwi_after_reading": r["kiwi_after_reading"],
                   "heavy_modules_after_reading": r["heavy_modules_after_reading"],
                   "rows": r["rows"], "opened": r["opened"], "open_20_s": r["open_seconds"],
                   "maxrss_mb": r["maxrss_mb"]}
            if k:
                runs.append(run)
            print(f"  {n:>7,} articles, run {k or 'warm-up'}: start {run['start_s']:.3f} s "
                  f"(interpreter {run['interpreter_s']:.3f}, imports {run['imports_s']:.3f}, "
                  f"create_window {run['create_window_s']:.3f}, show→paint {run['show_to_paint_s']:.3f}); "
                  f"{run['rows_at_ready']:,} rows shown, all {run['rows']:,} at {run['list_full_s']:.3f} s "
                  f"(longest event-loop turn meanwhile {run['list_fill_turn_s'] * 1000:.0f} ms); "
                  f"filter passes {', '.join(f'{x:.0f}' for x in run['filter_ms'])} ms; "
                  f"kiwipiepy loaded: after start {run['kiwi_after_start']}, "
                  f"after {run['opened']} articles {run['kiwi_after_reading']}", flush=True)
        out[str(n)] = {
            "median_s": median([r["start_s"] for r in runs]),
            "runs_s": [round(r["start_s"], 4) for r in runs],
            "median_create_window_s": median([r["create_window_s"] for r in runs]),
            "median_list_full_s": median([r["list_full_s"] for r in runs]),
            "max_list_fill_turn_s": max(r["list_fill_turn_s"] for r in runs),
            "median_filter_pass_ms": median([max(r["filter_ms"]) for r in runs]),
            "median_imports_s": median([r["imports_s"] for r in runs]),
            "kiwi_after_start": any(r["kiwi_after_start"] for r in runs),
            "kiwi_after_reading": any(r["kiwi_after_reading"] for r in runs),
            "heavy_modules": sorted({m for r in runs for m in r["heavy_modules_after_reading"]}),
        }
        if breakdown or profile:
            _forget_last_article(lib)
            args = ["--child", "app", "--library", str(lib), "--open", "0"]
            prof_path = str(CACHE / f"profile-start-{n}.pstats")
            if breakdown:
                args.append("--breakdown")
            if profile:
                args += ["--profile", prof_path]
            _t, r, _err = _spawn(args)
            if breakdown:
                out[str(n)]["breakdown"] = r["breakdown"]
                _print_breakdown(r["breakdown"], f"start-up breakdown, {n:,} articles "
                                 f"(one instrumented run; inclusive times, so nested rows overlap)")
            if profile:
                _print_profile(prof_path)
    return out


def bench_switch(n: int, seed: int, rounds: int, breakdown: bool, profile: bool) -> dict:
    lib = ensure_library(n, seed)
    args = ["--child", "switch", "--library", str(lib), "--rounds", str(rounds)]
    prof_path = str(CACHE / f"profile-switch-{n}.pstats")
    if breakdown:
        args.append("--breakdown")
    if profile:
        args += ["--profile", prof_path]
    _t, r, _err = _spawn(args)
    for name in ("5k", "100k"):
        if name not in r:
            continue
        s, info = r[name], r["sets"][name]
        print(f"  switch to {name} articles ({info['articles']} articles, ~{info['avg_chars']:,} chars, "
              f"{info['avg_mentions']} mentions, {info['avg_highlights']} highlights each; "
              f"{s['n']} switches): "
              f"to paint p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms; "
              f"show_article() alone p50 {s['call_p50_ms']:.1f}, p95 {s['call_p95_ms']:.1f} ms", flush=True)
        if breakdown:
            _print_breakdown(s["breakdown"], f"switch breakdown, {name} (ms per switch, inclusive)")
    if profile:
        _print_profile(prof_path)
    return r


def bench_rss(n: int, seed: int, n_open: int) -> dict:
    lib = ensure_library(n, seed)
    _forget_last_article(lib)
    _t, r, _err = _spawn(["--child", "app", "--library", str(lib), "--open", str(n_open)])
    print(f"  {n:,} articles: RSS after start {r['rss_at_start_mb']:.0f} MB; opened {r['opened']} articles "
          f"in {r['open_seconds']:.1f} s; RSS then {r['rss_after_reading_mb']:.0f} MB; "
          f"peak (ru_maxrss) {r['maxrss_mb']:.0f} MB; kiwipiepy loaded: {r['kiwi_after_reading']}",
          flush=True)
    return {"maxrss_mb": r["maxrss_mb"], "rss_at_start_mb": r["rss_at_start_mb"],
            "rss_after_reading_mb": r["rss_after_reading_mb"], "opened": r["opened"],
            "kiwi_after_reading": r["kiwi_after_reading"]}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--child" in argv:
        return child_main(argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", nargs="+", default=["start", "switch", "rss"],
                    choices=("start", "switch", "rss"))
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="for the start-up part")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=4, help="switch: rounds over the articles")
    ap.add_argument("--switch-sizes", type=int, nargs="+", default=list(SIZES),
                    help="libraries for the switch part (the goals are judged on 10,000)")
    ap.add_argument("--open", type=int, default=200, help="rss: articles opened")
    ap.add_argument("--breakdown", action="store_true", help="time the functions involved")
    ap.add_argument("--profile", action="store_true", help="cProfile the child (stats in benchmarks/.cache)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    results: dict = {}
    if "start" in args.parts:
        print("(a) cold start")
        results["start"] = bench_start(args.sizes, args.seed, args.repeats, args.breakdown, args.profile)
        for n, s in results["start"].items():
            print(f"  {int(n):,} articles: median {s['median_s']:.3f} s over {args.repeats} runs "
                  f"{s['runs_s']}; kiwipiepy after start: {s['kiwi_after_start']}, "
                  f"after reading 20: {s['kiwi_after_reading']}")
        if "10000" in results["start"] and "100000" in results["start"]:
            ratio = results["start"]["100000"]["median_s"] / results["start"]["10000"]["median_s"]
            results["start"]["ratio_100k_10k"] = ratio
            print(f"  100,000 / 10,000 = {ratio:.2f}x (goal <= {START_RATIO_GOAL}x)")
    if "switch" in args.parts:
        results["switch"] = {}
        for n in args.switch_sizes:
            print(f"(b) switching article ({n:,}-article library)")
            results["switch"][str(n)] = bench_switch(n, args.seed, args.rounds, args.breakdown, args.profile)
    if "rss" in args.parts:
        print(f"(c) peak RSS, 10,000-article library, {args.open} articles opened")
        results["rss"] = bench_rss(10_000, args.seed, args.open)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
