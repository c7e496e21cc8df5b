"""Kill the app with SIGKILL at random moments and check that nothing typed is lost.

Usage: python benchmarks/crash_trials.py [TRIALS] [--seed N]     (default 200 trials)

Each trial copies a prepared library, starts benchmarks/crash_driver.py on it (the real window,
typing notes and making highlights), kills it with SIGKILL after a random 0.8–4 s, and checks:
every note as it stood more than 1 s before the kill is saved (the stored note is that text or a
later state of it), every highlight made is stored, `PRAGMA integrity_check` is ok, and the app
starts normally afterwards.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "benchmarks" / "crash_driver.py"
SAVE_WINDOW = 1.0  # a note typed this long before the kill must be saved


@dataclass
class TrialResult:
    seed: int
    events: int
    notes_checked: int
    notes_lost: list = field(default_factory=list)
    highlights_lost: list = field(default_factory=list)
    integrity: str = ""
    restarted: bool = False
    restart_error: str = ""

    @property
    def ok(self) -> bool:
        return (not self.notes_lost and not self.highlights_lost and self.integrity == "ok"
                and self.restarted)


def prepare_library(path: Path) -> None:
    """A library with the sample articles, analysed, as a user would have after first launch."""
    sys.path.insert(0, str(ROOT))
    from viewer.core.analysis import analyze_stale
    from viewer.core.ingest.samples import ensure_samples
    from viewer.core.store.library import Library
    from viewer.core.store.search import ensure_index

    with Library(path) as lib:
        ensure_samples(lib)
        analyze_stale(lib)
        ensure_index(lib)
        lib._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _env() -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_trial(template: Path, workdir: Path, seed: int) -> TrialResult:
    rng = random.Random(seed)
    lib = workdir / f"trial-{seed}.sqlite"
    shutil.copy(template, lib)
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(lib), "--seed", str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env())
    events: list[dict] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            events.append(event)
            if event.get("op") == "ready":
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(60)
    time.sleep(rng.uniform(0.8, 4.0))
    killed_at = time.time()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(5)
    result = TrialResult(seed, len(events), 0)

    db = sqlite3.connect(lib)
    result.integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    stored = dict(db.execute("SELECT article_id, text FROM notes"))
    highlight_ids = {r[0] for r in db.execute("SELECT id FROM highlights")}
    db.close()

    by_article: dict[int, list[dict]] = {}
    for e in events:
        if e.get("op") in ("typed", "open"):
            by_article.setdefault(e["article"], []).append(e)
        elif e.get("op") == "highlight" and e["id"] not in highlight_ids:
            result.highlights_lost.append(e)
    for article_id, evs in by_article.items():
        before = [e for e in evs if e["t"] <= killed_at - SAVE_WINDOW]
        if not before:
            continue
        ref = before[-1]
        allowed = {e["note"] for e in evs if e["t"] >= ref["t"]}
        result.notes_checked += 1
        if stored.get(article_id, "") not in allowed:
            result.notes_lost.append({"article": article_id, "expected": ref["note"],
                                      "stored": stored.get(article_id, "")})
    check = subprocess.run([sys.executable, str(DRIVER), str(lib), "--check"], capture_output=True,
                           text=True, env=_env(), timeout=120)
    result.restarted = check.returncode == 0
    if not result.restarted:  # keep what it said, to find out why
        said = [ln for ln in (check.stdout + check.stderr).splitlines() if "propagateSizeHints" not in ln]
        result.restart_error = f"exit {check.returncode}: " + " | ".join(said[-8:])
    return result


def run_trials(n: int, seed: int = 0, workdir: Path | None = None) -> list[TrialResult]:
    with tempfile.TemporaryDirectory(prefix="crash-") as tmp:
        work = Path(workdir or tmp)
        template = work / "template.sqlite"
        prepare_library(template)
        return [run_trial(template, work, seed + i) for i in range(n)]


def main() -> int:
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 200
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    started = time.time()
    results = run_trials(n, seed)
    lost_notes = sum(len(r.notes_lost) for r in results)
    lost_highlights = sum(len(r.highlights_lost) for r in results)
    bad_integrity = sum(r.integrity != "ok" for r in results)
    failed_restarts = sum(not r.restarted for r in results)
    checked = sum(r.notes_checked for r in results)
    events = sum(r.events for r in results)
    print(f"trials: {len(results)} in {time.time() - started:.0f} s; {events} logged actions")
    print(f"notes checked: {checked}; notes lost: {lost_notes}; highlights lost: {lost_highlights}")
    print(f"integrity_check not ok: {bad_integrity}; failed restarts: {failed_restarts}")
    for r in results:
        if not r.ok:
            print(f"  trial seed {r.seed}: {r}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
