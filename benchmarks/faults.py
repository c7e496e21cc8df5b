"""Faults a user can meet, played out for real and checked: nothing lost, nothing hangs.

Usage: python benchmarks/faults.py [--only NAME ...] [-v]

Scenarios (each in fresh processes, on throwaway libraries):
  disk-full   the window types a note on a library on a full file system (a small tmpfs: needs
              root; skipped otherwise), then closes: is the failure shown, and is every word kept
              (saved to a file at the close prompt)? Then the same with space freed meanwhile:
              is the note saved by itself?
  cli-note    the window types, `note ID --set` runs from the CLI, the window types on: is any
              write lost? Once after the window has seen the change, once before (a conflict the
              user is asked about); then the CLI imports 300 articles: does the list show them?
  foreign     another program's SQLite file given as --library to list, search, import and the
              window: refused, byte for byte untouched, no -wal/-shm beside it?
  read-only   a library on a read-only mount (root) or with its write bits off (others): do
              list, search, show and export work, and does the window open it read-only?
  quit        two searches over articles with tens of thousands of hits, then Ctrl+Q: how long
              until the process is gone?

Prints one line per check and a summary; exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("구름시 의회는 오늘 새 도서관 예산을 통과시켰다 시민들은 반겼고 도서관은 내년 봄에 문을 연다 "
         "the council approved the new library budget today and residents welcomed it warmly again").split()
NOTE_30 = " ".join(WORDS[:30])
ARTICLE = ("구름시 새 도서관 문 열어\n"
           "[누리일보 한서연 기자] 구름시가 시청 옆에 새 도서관을 열었다고 14일 밝혔다.\n")


def env() -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": tempfile.mkdtemp()}


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env())


def child(name: str, *args: str, timeout: float = 300) -> dict:
    """Run one scenario part in a fresh process; its last stdout line is a JSON result."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, __file__, "--child", name, *args], capture_output=True,
                          text=True, timeout=timeout, env=env())
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    result = json.loads(lines[-1]) if lines else {"error": proc.stderr[-2000:]}
    result["exit"] = proc.returncode
    result["seconds"] = round(time.monotonic() - started, 2)
    result["stderr"] = proc.stderr[-3000:]
    return result


def make_library(path: Path, articles: int = 3) -> list[int]:
    from viewer.core.ingest.pipeline import import_files
    from viewer.core.store.library import Library
    from viewer.core.store.search import ensure_index

    folder = Path(tempfile.mkdtemp())
    for i in range(articles):
        (folder / f"a{i}.txt").write_text(ARTICLE.replace("14일", f"{i + 1}일"), encoding="utf-8")
    with Library(path) as lib:
        lib.set_setting("samples_offered", "faults")
        ids = [o.article_id for o in import_files(lib, [folder])]
        ensure_index(lib)
        lib._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(folder)
    return ids


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- child processes: the window -------------------------------------------------------------------

def _window(library: str):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from viewer.ui.app import create_window

    app = QApplication.instance() or QApplication([])
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    window = create_window(library, settings, on_locked=lambda who: "quit")
    window.show()
    wait(app, lambda: window.current_id is not None and not window.runner.active, 30)
    return app, window


def wait(app, condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def type_into(app, widget, text: str) -> None:
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest

    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
        else:  # Hangul arrives from the input method as commits
            event = QInputMethodEvent()
            event.setCommitString(ch)
            app.sendEvent(widget, event)
        app.processEvents()


def fill_disk(path: Path) -> None:
    """Fill the file system `path` is on, to the last block."""
    with open(path, "wb", buffering=0) as f:
        for size in (65536, 512, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError:
                pass


def child_disk_full(library: str, rescue: str, filler: str, free: str) -> dict:
    """The window is open when the disk fills up; type a note; then free space, or close."""
    app, window = _window(library)
    aid = window.current_id
    fill_disk(Path(filler))
    type_into(app, window.notes.editor, NOTE_30)
    shown = wait(app, lambda: "Not saved" in window.notes.state_label.text(), 5)
    out = {"article": aid, "error_shown": shown, "state": window.notes.state_label.text(),
           "status": window.status_label.text()}
    if free == "yes":
        os.remove(filler)
        out["saved_after_freeing"] = wait(app, lambda: window.notes.state_label.text().startswith("✓"), 10)
        window.close()
        out["closed"] = not window.isVisible()
        return out
    asked: list = []

    def ask(notes):  # the user clicks "Save to file…" and picks a place
        asked.append(len(notes))
        return window.save_notes_to_file(Path(rescue), notes)

    window.ask_unsaved_notes = ask
    window.close()
    out["asked_on_close"] = bool(asked)
    out["closed"] = not window.isVisible()
    return out


def child_cli_note(library: str, poll_first: str) -> dict:
    """WINDOW-A typed, CLI-B set by the CLI, WINDOW-C typed; with or without the window seeing it."""
    from viewer.core.store.library import Library

    app, window = _window(library)
    aid = window.current_id
    type_into(app, window.notes.editor, "WINDOW-A")
    window.notes.flush()
    if poll_first != "yes":
        window._change_timer.stop()  # the CLI's write lands between two of the window's looks
    proc = cli("--library", library, "note", str(aid), "--set", "CLI-B")
    if poll_first == "yes":
        wait(app, lambda: window.notes.text() == "CLI-B", 5)
    type_into(app, window.notes.editor, " WINDOW-C")
    window.notes.flush()
    wait(app, lambda: False, 0.3)
    asked = window.notes.conflict_bar.isVisible()
    with Library(library) as lib:
        stored_before_choice = lib.note(aid)
    if asked:
        window.notes.keep_both_button.click()
    with Library(library) as lib:
        stored = lib.note(aid)
    window.close()
    return {"cli_exit": proc.returncode, "asked": asked, "stored_before_choice": stored_before_choice,
            "stored": stored, "editor": window.notes.text()}


def child_list_follows(library: str, folder: str) -> dict:
    app, window = _window(library)
    before = window.model.rowCount()
    started = time.monotonic()
    proc = cli("--library", library, "import", folder)
    imported = time.monotonic()
    seen = wait(app, lambda: window.model.rowCount() >= before + 300, 10)
    out = {"cli_exit": proc.returncode, "before": before, "after": window.model.rowCount(), "seen": seen,
           "seconds_after_cli": round(time.monotonic() - imported, 2),
           "cli_seconds": round(imported - started, 1)}
    window.close()
    return out


def child_window_opens(library: str) -> dict:
    """Open the window on a library; report whether it refused, or opened and how."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from viewer.core.store.library import LibraryError
    from viewer.ui.app import create_window

    app = QApplication.instance() or QApplication([])
    QMessageBox.critical = staticmethod(lambda *a, **k: None)
    try:
        window = create_window(library, on_locked=lambda who: "quit")
    except LibraryError as exc:
        return {"refused": str(exc)}
    window.show()
    wait(app, lambda: window.current_id is not None, 10)
    window.mark_unread()
    out = {"refused": "", "writable": window.writable, "title": window.windowTitle(),
           "status": window.status_label.text(), "shown": window.reader.plain_text()[:40],
           "note_read_only": window.notes.editor.isReadOnly()}
    window.close()
    return out


def child_quit(library: str) -> dict:
    """Two heavy searches, then quit: seconds until this process is about to exit."""
    app, window = _window(library)
    window.search.edit.setText("the")
    window.run_search("the")
    window.run_search("would help")
    wait(app, lambda: False, 0.3)
    started = time.monotonic()
    window.close()
    app.quit()
    window.runner.cancel_all()
    window.runner.wait(2000)
    return {"close_seconds": round(time.monotonic() - started, 3), "active_after": len(window.runner.active)}


# --- the scenarios -----------------------------------------------------------------------------------

class Report:
    def __init__(self, verbose: bool) -> None:
        self.rows: list[tuple[str, str, str, bool]] = []
        self.verbose = verbose

    def check(self, scenario: str, what: str, measured: object, ok: bool, detail: object = None) -> None:
        self.rows.append((scenario, what, str(measured), ok))
        print(f"  {'ok  ' if ok else 'MISS'} {scenario:<10} {what}: {measured}")
        if self.verbose and detail:
            print(f"       {detail}")


def scenario_disk_full(report: Report, work: Path) -> None:
    if os.geteuid() != 0:
        report.check("disk-full", "skipped", "needs root to mount a small tmpfs", True)
        return
    for variant in ("close", "free"):
        mnt = work / f"full-{variant}"
        mnt.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                          capture_output=True).returncode != 0:
            report.check("disk-full", "skipped", "tmpfs mounts are not allowed here", True)
            return
        try:
            lib = mnt / "library.sqlite"
            make_library(work / "seed.sqlite") if not (work / "seed.sqlite").exists() else None
            shutil.copy(work / "seed.sqlite", lib)
            filler = mnt / "filler"
            rescue = work / f"rescued-{variant}.md"
            r = child("disk-full", str(lib), str(rescue), str(filler), "yes" if variant == "free" else "no")
            filler.unlink(missing_ok=True)
            if variant == "close":
                kept = rescue.exists() and NOTE_30 in rescue.read_text(encoding="utf-8")
                report.check("disk-full", "typing on a full disk shows an error", r.get("error_shown"),
                             bool(r.get("error_shown")), r.get("state"))
                report.check("disk-full", "closing with the unsaved note asks", r.get("asked_on_close"),
                             bool(r.get("asked_on_close")))
                lost = 0 if kept else 30
                report.check("disk-full", "words lost (30 typed, saved to a file at the prompt)", lost,
                             lost == 0, r.get("stderr"))
            else:
                db = sqlite3.connect(lib)
                stored = (db.execute("SELECT text FROM notes").fetchone() or [""])[0]
                db.close()
                report.check("disk-full", "space freed while the window is open: note saved by itself",
                             r.get("saved_after_freeing"),
                             bool(r.get("saved_after_freeing")) and stored == NOTE_30,
                             r.get("stderr"))
            tracebacks = r.get("stderr", "").count("Traceback")
            report.check("disk-full", f"tracebacks ({variant})", tracebacks, tracebacks == 0, r.get("stderr"))
        finally:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def scenario_cli_note(report: Report, work: Path) -> None:
    for poll_first in ("yes", "no"):
        lib = work / f"cli-note-{poll_first}.sqlite"
        make_library(lib)
        r = child("cli-note", str(lib), poll_first)
        stored = r.get("stored", "")
        if poll_first == "yes":
            ok = stored == "CLI-B WINDOW-C"
            report.check("cli-note", "window saw the CLI's note, then typed on: stored", repr(stored), ok,
                         r.get("stderr"))
        else:
            kept = r.get("stored_before_choice") == "CLI-B"
            both = "CLI-B" in stored and "WINDOW-A WINDOW-C" in stored
            report.check("cli-note", "CLI wrote between the window's looks: CLI's note kept until asked",
                         repr(r.get("stored_before_choice")), kept and bool(r.get("asked")), r.get("stderr"))
            report.check("cli-note", "after 'Keep both': no write lost", repr(stored), both)
    lib = work / "list-follows.sqlite"
    make_library(lib)
    folder = work / "three-hundred"
    folder.mkdir()
    for i in range(300):
        (folder / f"n{i:03}.txt").write_text(f"해솔시 소식 {i}번\n해솔시가 {i}번째 소식을 전했다고 밝혔다.\n",
                                             encoding="utf-8")
    r = child("list-follows", str(lib), str(folder), timeout=600)
    report.check("cli-note", "list after the CLI imported 300 articles",
                 f"{r.get('before')} -> {r.get('after')} rows, {r.get('seconds_after_cli')} s after the CLI",
                 bool(r.get("seen")), r.get("stderr"))


def scenario_foreign(report: Report, work: Path) -> None:
    other = work / "contacts.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Mira', '010-0000-0000')")
    db.commit()
    db.close()
    before = digest(other)
    sample = ROOT / "resources" / "samples"
    outcomes = []
    for args in (["list"], ["search", "x"], ["import", str(sample)], ["note", "1", "--set", "x"]):
        p = cli("--library", str(other), *args)
        outcomes.append(p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1
                        and "Traceback" not in p.stderr)
    r = child("window-opens", str(other))
    outcomes.append(bool(r.get("refused")))
    untouched = digest(other) == before and sorted(p.name for p in work.glob("contacts.sqlite*")) == [
        "contacts.sqlite"]
    report.check("foreign", "refused by list, search, import, note, the window", f"{sum(outcomes)}/5",
                 all(outcomes))
    report.check("foreign", "file byte for byte untouched, nothing beside it", untouched, untouched)


def scenario_read_only(report: Report, work: Path) -> None:
    src = work / "ro-src"
    src.mkdir()
    make_library(src / "library.sqlite")
    mnt = work / "ro"
    mnt.mkdir()
    how = "read-only mount"
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "--bind", str(src), str(mnt)], capture_output=True).returncode == 0
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mnt)], check=True)
        lib = mnt / "library.sqlite"
    else:
        how = "write bits off"
        lib = src / "library.sqlite"
        lib.chmod(0o444)
        src.chmod(0o555)
    try:
        results = {
            "list": cli("--library", str(lib), "list"),
            "search": cli("--library", str(lib), "search", "도서관"),
            "show": cli("--library", str(lib), "show", "1"),
            "export": cli("--library", str(lib), "export", "--format", "md", "--out", str(work / "ro-out")),
        }
        worked = [k for k, p in results.items() if p.returncode == 0 and "Traceback" not in p.stderr]
        report.check("read-only", f"list, search, show, export on a {how}", f"{len(worked)}/4 worked",
                     len(worked) == 4, {k: p.stderr.strip() for k, p in results.items() if k not in worked})
        refused = cli("--library", str(lib), "note", "1", "--set", "x")
        report.check("read-only", "note --set refused with the reason", refused.stderr.strip()[:90],
                     refused.returncode == 2 and "read-only" in refused.stderr)
        r = child("window-opens", str(lib))
        ok = (not r.get("refused") and r.get("writable") is False and "read-only" in r.get("status", "")
              and "another window" not in r.get("status", "") and bool(r.get("shown")))
        report.check("read-only", "window opens it read-only, saying why",
                     r.get("status") or r.get("refused"), ok, r.get("stderr"))
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
        else:
            src.chmod(0o755)
            (src / "library.sqlite").chmod(0o644)


def scenario_quit(report: Report, work: Path) -> None:
    from viewer.core.model import CleanedArticle, ImportedDocument
    from viewer.core.store.library import Library
    from viewer.core.store.search import ensure_index

    lib_path = work / "quit.sqlite"
    with Library(lib_path) as lib:
        lib.set_setting("samples_offered", "faults")
        for n in (1, 2, 3):
            body = f"Report {n}. " + "The city said the plan would help. " * 6600
            lib.add_article(ImportedDocument("txt", body, body, None, "utf-8", {}),
                            CleanedArticle(f"Long report {n}", body))
        ensure_index(lib)
    started = time.monotonic()
    r = child("quit", str(lib_path))
    total = time.monotonic() - started
    report.check("quit", "Ctrl+Q during two searches of 40,000+ hits: close to exit",
                 f"{r.get('close_seconds')} s (whole run {total:.1f} s)",
                 r.get("exit") == 0 and (r.get("close_seconds") or 99) < 3.0, r.get("stderr"))


SCENARIOS = {"disk-full": scenario_disk_full, "cli-note": scenario_cli_note, "foreign": scenario_foreign,
             "read-only": scenario_read_only, "quit": scenario_quit}
CHILDREN = {"disk-full": child_disk_full, "cli-note": child_cli_note, "list-follows": child_list_follows,
            "window-opens": child_window_opens, "quit": child_quit}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=list(SCENARIOS), help="run these scenarios only")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("-v", "--verbose", action="store_true", help="print details of each check")
    args = parser.parse_args()
    if args.child:
        result = CHILDREN[args.child[0]](*args.child[1:])
        print(json.dumps(result, ensure_ascii=False))
        sys.stdout.flush()
        os._exit(0)  # the window's threads are done; skip Qt's slow teardown
    report = Report(args.verbose)
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        for name in args.only or SCENARIOS:
            work = Path(tmp) / name
            work.mkdir()
            SCENARIOS[name](report, work)
    missed = [r for r in report.rows if not r[3]]
    print(f"\n{len(report.rows) - len(missed)}/{len(report.rows)} checks met"
          + (f"; missed: {', '.join(f'{r[0]}: {r[1]}' for r in missed)}" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
