"""Import throughput beside raw Kiwi, and the window's longest event-loop stall during an import.

Usage (from the project root):
    .venv/bin/python benchmarks/bench_import.py [--articles 1000] [--workers 2] [--parts throughput stall]

Articles: the samples in resources/samples/ (.txt, .md, .html), repeated with a small variation
each (one sentence naming the copy's number added to the first paragraph), so none is a
duplicate; written to a temporary folder.

throughput: the text counted is each article's cleaned title and body, the text the pipeline
analyses. Raw Kiwi = kiwi.tokenize on exactly those strings, one call per non-empty string, in
this process on one core; it runs before and after the import, and the faster run counts.
Import = viewer.core.ingest.pipeline.import_files into a fresh library (read, decode, clean, entity
analysis, search-index morphemes, store, ensure_index), wall clock including worker start-up;
"steady" leaves out the time to the first stored article. Goal: import >= 0.8 x raw Kiwi.

stall: the real window (viewer.ui.app.create_window, QT_QPA_PLATFORM=offscreen) on a fresh
library runs MainWindow.import_paths on the folder while a 5 ms precise QTimer records the gaps
between its ticks; the longest gap from the call to the task's `done` signal is the longest
event-loop stall (goal <= 50 ms). The gaps in the second after `done` (the list reloading) are
reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from viewer.core.ingest.importers import SUPPORTED_SUFFIXES, clean_document, read_document  # noqa: E402
from viewer.core.store.library import Library  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
THROUGHPUT_GOAL = 0.8
STALL_GOAL_MS = 50.0
_SENTENCE_END = re.compile(r"(?<=[다.])\.? (?=\S)|(?<=\.) (?=[A-Z])")


def make_articles(folder: Path, count: int) -> list[Path]:
    """`count` article files from the samples, each with one added sentence so none repeats."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in SUPPORTED_SUFFIXES)
    texts = [p.read_text(encoding="utf-8") for p in samples]
    paths = []
    for i in range(count):
        k = i % len(samples)
        text = texts[k]
        korean = samples[k].name.startswith("ko_")
        extra = f"이 기사는 {i + 1}번째 사본이다. " if korean else f"This is copy number {i + 1}. "
        # After the first sentence end past the title block, so it lands in the body.
        m = _SENTENCE_END.search(text, 300)
        at = m.end() if m else len(text)
        path = folder / f"{i:05}-{samples[k].name}"
        path.write_text(text[:at] + extra + text[at:], encoding="utf-8")
        paths.append(path)
    return paths


def cleaned_texts(paths: list[Path]) -> list[str]:
    out = []
    for p in paths:
        c = clean_document(read_document(p))
        out += [t for t in (c.title, c.body) if t.strip()]
    return out


def raw_kiwi(texts: list[str]) -> float:
    from viewer.core.text.kiwi import get_kiwi

    kiwi = get_kiwi()
    started = time.perf_counter()
    for t in texts:
        kiwi.tokenize(t)
    return time.perf_counter() - started


RESULTS: dict = {}  # what --json writes


def throughput(folder: Path, workers: int, tmp: Path) -> bool:
    from viewer.core.ingest.pipeline import import_files
    from viewer.core.text.kiwi import get_kiwi

    paths = sorted(folder.iterdir())
    texts = cleaned_texts(paths)
    chars = sum(len(t) for t in texts)
    get_kiwi().tokenize("준비")  # load the model before timing
    raw_before = raw_kiwi(texts)

    lib = Library(tmp / "throughput.sqlite")
    first: list[float] = []
    started = time.perf_counter()
    outcomes = import_files(lib, [folder], workers=workers,
                            progress=lambda n, total, o: first or first.append(time.perf_counter()))
    wall = time.perf_counter() - started
    added = sum(o.status == "added" for o in outcomes)
    dirty = lib._db.execute("SELECT COUNT(*) FROM search_dirty").fetchone()[0]
    lib.close()
    raw_after = raw_kiwi(texts)

    raw = min(raw_before, raw_after)
    steady = wall - (first[0] - started if first else 0.0)
    rate, raw_rate = chars / wall, chars / raw
    print(f"articles             {len(paths)} ({added} added, {len(outcomes) - added} not), {chars:,} chars"
          f" of cleaned title and body; {dirty} left unindexed")
    print(f"raw Kiwi, one core   {raw_rate:>9,.0f} chars/s   ({raw_before:.1f} s before the import,"
          f" {raw_after:.1f} s after; the faster counts)")
    print(f"import, {workers} workers    {rate:>9,.0f} chars/s   ({wall:.1f} s wall, start-up included)"
          f" = {rate / raw_rate:.2f} x raw Kiwi  (goal >= {THROUGHPUT_GOAL})")
    print(f"  steady state       {chars / steady:>9,.0f} chars/s   ({steady:.1f} s after the first article"
          f" was stored) = {chars / steady / raw_rate:.2f} x raw Kiwi")
    print(f"  per article        {wall / len(paths) * 1000:.1f} ms wall;  load average"
          f" {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    RESULTS["throughput"] = {"articles": len(paths), "chars": chars, "raw_kiwi_chars_s": raw_rate,
                             "import_chars_s": rate, "ratio": rate / raw_rate,
                             "steady_ratio": chars / steady / raw_rate, "workers": workers,
                             "goal_ratio": THROUGHPUT_GOAL}
    return added == len(paths) and rate / raw_rate >= THROUGHPUT_GOAL


def stall(folder: Path, tmp: Path) -> bool:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from viewer.ui.app import create_window

    app = QApplication.instance() or QApplication([])
    path = tmp / "stall.sqlite"
    with Library(path) as lib:
        lib.set_setting("samples_offered", "benchmark")
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = create_window(path, settings)
    window.show()
    app.processEvents()

    clock = QElapsedTimer()
    clock.start()
    gaps: list[tuple[float, float]] = []  # (when, gap) in ms
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now / 1e6, (now - last[0]) / 1e6))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(5)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    timer.start()
    QTimer.singleShot(300, loop.quit)  # settle
    loop.exec()

    began = clock.nsecsElapsed() / 1e6
    task = window.import_paths([folder])
    ended = []
    task.done.connect(lambda: ended.append(clock.nsecsElapsed() / 1e6))
    task.done.connect(lambda: QTimer.singleShot(1000, loop.quit))
    QTimer.singleShot(30 * 60 * 1000, loop.quit)
    loop.exec()
    timer.stop()
    if not ended:
        print("stall: the import did not finish within 30 minutes")
        return False
    during = [g for t, g in gaps if began <= t <= ended[0]]
    after = [g for t, g in gaps if t > ended[0]]
    during.sort()
    worst = during[-1] if during else 0.0
    p99 = during[int(0.99 * (len(during) - 1))] if during else 0.0
    print(f"event loop, 5 ms timer, {len(during)} ticks over {(ended[0] - began) / 1000:.1f} s of import:"
          f" longest gap {worst:.1f} ms (goal <= {STALL_GOAL_MS:.0f}), 99th percentile {p99:.1f} ms,"
          f" {sum(g > STALL_GOAL_MS for g in during)} gaps over {STALL_GOAL_MS:.0f} ms")
    long_gaps = [(t - began, g) for t, g in gaps if began <= t <= ended[0] and g > STALL_GOAL_MS / 2]
    if long_gaps:
        print("  gaps over half the goal, at (s after the import began): "
              + ", ".join(f"{t / 1000:.2f} s: {g:.0f} ms" for t, g in long_gaps[:12]))
    print(f"  in the second after the import: longest gap {max(after, default=0.0):.1f} ms"
          f" (status line, list reload: {window.status_label.text()!r})")
    count = window.library.count()
    RESULTS["stall"] = {"longest_ms": worst, "p99_ms": p99, "after_longest_ms": max(after, default=0.0),
                        "seconds": (ended[0] - began) / 1000, "stored": count, "goal_ms": STALL_GOAL_MS}
    window.close()
    app.processEvents()
    print(f"  stored {count} articles")
    return worst <= STALL_GOAL_MS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--parts", nargs="+", choices=("throughput", "stall"), default=["throughput", "stall"])
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp) / "articles"
        make_articles(folder, args.articles)
        if "throughput" in args.parts:
            ok &= throughput(folder, args.workers, Path(tmp))
        if "stall" in args.parts:
            ok &= stall(folder, Path(tmp))
    if args.json:
        args.json.write_text(json.dumps(RESULTS, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    # Not sys.exit: PySide6 6.12 on Python 3.11 drops a reference to True per signal emitted, and
    # tearing the window down at interpreter exit can then abort the process after the results.
    os._exit(status)
