"""Quitting the window: the time from File → Quit to the end of the process.

Usage (from the project root):
    .venv/bin/python benchmarks/bench_quit.py [--repeats 3] [--after 0 4]

A fresh `python` process runs the real entry point (viewer.ui.app.run) on a new library in a
temporary folder (so the sample articles are added, as on a first launch), offscreen, with an
empty XDG_CONFIG_HOME. Once the list shows the samples it waits `--after` seconds (0: quit while
the Kiwi helper is still loading and the warm-up and the samples' analysis are running; 4: most
of that is done), types a note, and closes the window as File → Quit does. Reported: the time
closeEvent took (`close`), and from the close to the end of the process (`exit`, measured by
the parent on the same monotonic clock). The note typed just before is checked to be stored.
Goal: exit well under a second (it took ~2.2 s).
"""

from __future__ import annotations

import time

T_MAIN = time.monotonic()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import PYTHON, ROOT, median, offscreen_env, table  # noqa: E402

NOTE = "quit benchmark note"
GOAL_S = 1.0


def child(lib_path: str, after: float) -> int:
    """Run the app; close its window `after` seconds after the samples are listed."""
    from PySide6.QtCore import QTimer

    from viewer.ui import app as app_module

    made = {}
    real_create = app_module.create_window

    def create(*args, **kwargs):
        window = made["window"] = real_create(*args, **kwargs)
        return window

    app_module.create_window = create

    def close_when_ready() -> None:
        window = made.get("window")
        if window is None or window.model.rowCount() < 1 or window.current_id is None:
            QTimer.singleShot(20, close_when_ready)
            return
        QTimer.singleShot(int(after * 1000), lambda: close(window))

    def close(window) -> None:
        window.notes.editor.setPlainText(NOTE)  # typed, not yet autosaved
        result = {"article": window.current_id}
        t0 = time.monotonic()
        window.close()
        result.update(t_close=t0, close=time.monotonic() - t0)
        print("RESULT " + json.dumps(result), flush=True)

    QTimer.singleShot(0, close_when_ready)
    return app_module.run(lib_path)


def one_run(after: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "library.sqlite"
        env = offscreen_env({"XDG_CONFIG_HOME": str(Path(tmp) / "config"),
                             "ARTICLE_VIEWER_LOG_DIR": str(Path(tmp) / "log")})
        # Output to files, not pipes: a helper process that outlived the app would hold a pipe open.
        out_path, err_path = Path(tmp) / "out.txt", Path(tmp) / "err.txt"
        with open(out_path, "w") as out_f, open(err_path, "w") as err_f:
            p = subprocess.Popen([str(PYTHON), __file__, "--child", str(lib), "--after", str(after)],
                                 cwd=ROOT, env=env, stdout=out_f, stderr=err_f)
            p.wait(timeout=180)
        t_exit = time.monotonic()
        left = _helpers_of(tmp)
        out, err = out_path.read_text(), err_path.read_text()
        line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
        if p.returncode != 0 or line is None:
            raise RuntimeError(f"child failed (exit {p.returncode}):\n{err[-3000:]}")
        r = json.loads(line[len("RESULT "):])
        from viewer.core.store.library import Library

        with Library(lib, read_only=True) as library:
            saved = library.note(r["article"]) == NOTE
        return {"close": r["close"], "exit": t_exit - r["t_close"], "note_saved": saved, "left": left}


def _helpers_of(tmp: str, patience: float = 2.0) -> int:
    """Processes of this run (a Kiwi helper, found by their environment) still alive `patience`
    seconds after the app ended; they are stopped. Linux only (reads /proc)."""
    import signal

    def alive() -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            try:
                environ = (entry / "environ").read_bytes() if entry.name.isdigit() else b""
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] if environ else "Z"
            except OSError:
                continue
            if state != "Z" and f"XDG_CONFIG_HOME={tmp}/config".encode() in environ.split(b"\0"):
                pids.append(int(entry.name))
        return pids

    end = time.monotonic() + patience
    while alive() and time.monotonic() < end:
        time.sleep(0.05)
    left = alive()
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return len(left)


def main() -> int:
    if "--child" in sys.argv:
        ap = argparse.ArgumentParser()
        ap.add_argument("--child", required=True)
        ap.add_argument("--after", type=float, default=0.0)
        a = ap.parse_args()
        return child(a.child, a.after)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--after", type=float, nargs="+", default=[0.0, 4.0],
                    help="seconds between the samples being listed and quitting")
    a = ap.parse_args()
    rows = []
    for after in a.after:
        runs = [one_run(after) for _ in range(a.repeats)]
        close, exit_ = median([r["close"] for r in runs]), median([r["exit"] for r in runs])
        rows.append([f"{after:g} s", f"{close * 1000:.0f} ms", f"{exit_ * 1000:.0f} ms",
                     f"{max(r['exit'] for r in runs) * 1000:.0f} ms",
                     "yes" if all(r["note_saved"] for r in runs) else "NO",
                     str(sum(r["left"] for r in runs)),
                     "ok" if exit_ < GOAL_S else "SLOW"])
    print(table(rows, ["quit after", "close (median)", "exit (median)", "exit (max)", "note saved",
                       "left after 2 s", "goal"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
