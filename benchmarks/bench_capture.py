"""Capture: paste → article painted, paste → names shown, and the window's longest stall.

Usage (from the project root):
    .venv/bin/python benchmarks/bench_capture.py [--pastes 20] [--json OUT]

Every part runs the real window (QT_QPA_PLATFORM=offscreen) in a fresh child process, so that
"first of a session" is really the first:
The window is first left to finish its warm-up (module imports and starting the Kiwi helper
process take a second or two after it appears); the helper may still be loading Kiwi then.
(a) paint: 20 pastes of different ~5,000-character news pages (text/html + text/plain on the
    clipboard, navigation, byline, body, footer) into an empty library; each timed from
    MainWindow.paste_article() to the end of the first paint of the reading pane showing the
    pasted article's title. Goal: p95 <= 150 ms.
(b) names: paste → the article's names shown in the reader (the "finding names…" note gone),
    for the first paste of a session (cold: Kiwi not loaded yet) and for a later one (warm).
(c) stalls: a 5 ms timer runs through the first search of a session (typed into the search
    box, until the hits are listed) and through the first paste (until its names are shown);
    the longest gap between two ticks beyond the 5 ms is the stall. Goal: <= 50 ms each.
    The baseline, in the same run, is the same session with Kiwi loaded in the window's own
    process (as before the Kiwi helper process): its stall is printed beside, with the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import PYTHON, ROOT  # noqa: E402

STALL_TICK_MS = 5

_PLACES = ["서울", "부산", "인천", "대전", "광주", "울산", "제주"]
_ORGS = ["누리전자", "한빛물산", "Tidewell Robotics", "새벽바이오", "Crestline Partners", "누리대"]
_PEOPLE = ["김하늘", "이도윤", "박서연", "Mara Quinn", "최유진", "Oliver Hartley"]


def news_page(i: int, chars: int = 5000) -> tuple[str, str, str]:
    """(html, plain text, headline) of an invented news page with a ~`chars`-character body."""
    headline = f"{_ORGS[i % 6]}, {_PLACES[i % 7]}에 {i + 2}번째 연구소 연다"
    sentences = [
        f"{_ORGS[(i + k) % 6]}는 {k + 1}일 {_PLACES[(i + k) % 7]}에서 설명회를 열고"
        " 새 계획을 공개했다고 밝혔다."
        f" {_PEOPLE[(i + k) % 6]} 대표는 \"내년까지 {k + 10}개 제품을 내놓겠다\"고 말했다."
        f" 업계는 이번 투자 규모가 {i * 7 + k}억원에 이를 것으로 내다봤다."
        for k in range(60)
    ]
    paragraphs, body = [], ""
    for k in range(0, len(sentences), 3):
        para = " ".join(sentences[k:k + 3])
        paragraphs.append(para)
        body += para
        if len(body) >= chars:
            break
    nav = "".join(f'<li><a href="/section/{n}">{n}</a></li>'
                  for n in ("정치", "경제", "사회", "국제", "문화"))
    html = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{headline} | 누리타임스</title></head><body>"
        f'<a href="#main">본문 바로가기</a><nav><ul>{nav}</ul></nav>'
        f"<article id='main'><h1>{headline}</h1><p class='byline'>{_PEOPLE[i % 6]} 기자</p>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "<p>Copyright © 누리타임스 무단전재 및 재배포 금지</p></article>"
        "<footer>누리시 중앙로 1 · 대표전화 02-000-0000</footer></body></html>"
    )
    plain = "\n\n".join([headline, f"{_PEOPLE[i % 6]} 기자", *paragraphs])
    return html, plain, headline


# --- the child: one window session -----------------------------------------------------------

def _child(part: str, pastes: int, in_process_kiwi: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QMimeData, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from viewer.core.store.library import Library
    from viewer.core.text import kiwi

    if in_process_kiwi:  # the baseline: Kiwi loaded in the window's own process, as before
        kiwi.use_helper_process = lambda: None  # type: ignore[assignment]
    from viewer.ui.app import create_window

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-capture-"))
    path = folder / "library.sqlite"
    with Library(path) as lib:
        lib.set_setting("samples_offered", "bench")
        if part == "search":
            from viewer.core.ingest.capture import import_document
            from viewer.core.ingest.clipboard import capture_clipboard

            for i in range(30):  # some articles to search, stored as a paste stores them
                html, plain, _ = news_page(1000 + i, 2000)
                import_document(lib, capture_clipboard(html=html, text=plain).doc, "bench", analyze=False)
            from viewer.core.entities import ANALYZER_VERSION

            # as if analysed: the first search is measured alone, not beside an analysis
            lib._db.execute("UPDATE articles SET analyzer_version = ?", (ANALYZER_VERSION,))
    window = create_window(path, QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat),
                           on_locked=lambda who: "read-only")
    window.show()

    if os.environ.get("BENCH_WHY"):
        _watch_gil()
        _time_methods(type(window))
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0] - STALL_TICK_MS)
        last[0] = now

    timer = QTimer(interval=STALL_TICK_MS)
    timer.timeout.connect(tick)

    def wait_until(cond, timeout: float = 120.0) -> bool:
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                return False
            app.processEvents()
            time.sleep(0.001)
        return True

    def painted_after(cond) -> None:
        wait_until(cond)
        window.reader.viewport().repaint()

    wait_until(lambda: window.isVisible())
    # The window is ready when its warm-up (imports, the Kiwi helper's start) has run: a second
    # or two, well before a user's first paste or query.
    wait_until(lambda: not [t for t in window.runner.active if t.name == "warm up"])
    for _ in range(20):
        app.processEvents()
    out: dict = {}
    if part == "search":
        timer.start()
        last[0] = clock.elapsed()
        gaps.clear()
        started = time.perf_counter()
        window.search.edit.setText("연구소")
        wait_until(lambda: window.search.results.count() > 0)
        out["first_search_s"] = time.perf_counter() - started
        out["first_search_stall_ms"] = max(gaps, default=0.0)
        timer.stop()
    else:
        paint_ms, names_s = [], []
        for i in range(pastes):
            html, plain, headline = news_page(i)
            mime = QMimeData()
            mime.setHtml(html)
            mime.setText(plain)
            QApplication.clipboard().setMimeData(mime)
            if i == 0:
                timer.start()
                last[0] = clock.elapsed()
                gaps.clear()
            started = time.perf_counter()
            window.paste_article()
            painted_after(lambda h=headline: window.reader.plain_text().startswith(h))
            paint_ms.append((time.perf_counter() - started) * 1000)
            if i in (0, 1):  # cold, then warm: wait for the names
                wait_until(lambda: window.current_id is not None and window.mentions
                           and not window.names_pending_label.isVisible())
                names_s.append(time.perf_counter() - started)
                if i == 0:
                    out["first_paste_stall_ms"] = max(gaps, default=0.0)
                    timer.stop()
            wait_until(lambda: window._import_task is None)
        out["paint_ms"] = paint_ms
        out["names_cold_s"], out["names_warm_s"] = names_s[0], names_s[1]
    window.close()
    return out


def _watch_gil(threshold: float = 0.03) -> None:
    """Debugging aid (BENCH_WHY=1): when this thread gets the GIL back after a long wait, print
    where every thread is: the one that held it is usually just past the long call."""
    import threading
    import traceback

    def watch() -> None:
        last = time.perf_counter()
        while True:
            time.sleep(0.002)
            now = time.perf_counter()
            if now - last > threshold:
                print(f"--- GIL held ~{(now - last) * 1000:.0f} ms", file=sys.stderr)
                for ident, frame in sys._current_frames().items():
                    if ident != threading.get_ident():
                        stack = traceback.extract_stack(frame)[-4:]
                        print("   ", " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                                 for f in reversed(stack)), file=sys.stderr)
            last = now

    threading.Thread(target=watch, daemon=True).start()


def _time_methods(cls, threshold_ms: float = 15.0) -> None:
    """Debugging aid (BENCH_WHY=1): print the window's methods that take longer than threshold."""
    import functools

    for name in ("render_current", "reload_list", "show_article", "after_names_changed", "_on_captured",
                 "analyze_pending", "check_external_changes", "on_library_changed", "paste_article",
                 "refresh_entity_index", "show_article_count", "_add_list_rows"):
        original = getattr(cls, name, None)
        if original is None:
            continue

        def timed(self, *a, _f=original, _n=name, **k):
            started = time.perf_counter()
            try:
                return _f(self, *a, **k)
            finally:
                ms = (time.perf_counter() - started) * 1000
                if ms > threshold_ms:
                    print(f"    {_n}: {ms:.0f} ms", file=sys.stderr)

        setattr(cls, name, functools.wraps(original)(timed))


def _run_child(part: str, pastes: int, in_process_kiwi: bool) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": tempfile.mkdtemp()}
    args = [str(PYTHON if PYTHON.exists() else sys.executable), __file__, "--child", part,
            "--pastes", str(pastes)] + (["--in-process-kiwi"] if in_process_kiwi else [])
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 and not lines:
        raise SystemExit(f"child {part} failed:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pastes", type=int, default=20)
    parser.add_argument("--json", metavar="OUT")
    parser.add_argument("--child", choices=("paste", "search"), help=argparse.SUPPRESS)
    parser.add_argument("--in-process-kiwi", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = _child(args.child, args.pastes, args.in_process_kiwi)
        print(json.dumps(result), flush=True)
        os._exit(0)  # the window's threads and helper processes end with the process

    paste = _run_child("paste", args.pastes, False)
    search = _run_child("search", 1, False)
    paste_base = _run_child("paste", 2, True)
    search_base = _run_child("search", 1, True)
    paint = paste["paint_ms"]
    rows = [
        ("paste → painted, p50 (ms)", f"{statistics.median(paint):.0f}", "", ""),
        ("paste → painted, p95 (ms)", f"{_pct(paint, 95):.0f}", "≤ 150", ""),
        ("paste → names shown, cold (s)", f"{paste['names_cold_s']:.2f}", "",
         f"{paste_base['names_cold_s']:.2f}"),
        ("paste → names shown, warm (s)", f"{paste['names_warm_s']:.2f}", "",
         f"{paste_base['names_warm_s']:.2f}"),
        ("longest stall, first search (ms)", f"{search['first_search_stall_ms']:.0f}", "≤ 50",
         f"{search_base['first_search_stall_ms']:.0f}"),
        ("longest stall, first paste (ms)", f"{paste['first_paste_stall_ms']:.0f}", "≤ 50",
         f"{paste_base['first_paste_stall_ms']:.0f}"),
        ("first search → hits listed (s)", f"{search['first_search_s']:.2f}", "",
         f"{search_base['first_search_s']:.2f}"),
    ]
    print(f"{'measure':<36} {'now':>8} {'goal':>8} {'Kiwi in the window process':>28}")
    for name, now, goal, base in rows:
        print(f"{name:<36} {now:>8} {goal:>8} {base:>28}")
    stall_ratio = search_base["first_search_stall_ms"] / max(1.0, search["first_search_stall_ms"])
    print(f"first-search stall: {stall_ratio:.0f}× shorter than with Kiwi loaded in the window's process")
    if args.json:
        Path(args.json).write_text(json.dumps({"helper": {**paste, **search},
                                               "in_process": {**paste_base, **search_base}}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
