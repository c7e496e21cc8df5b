"""Starting the window: one writer per library, the sample articles on first launch."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.core.ingest.samples import ensure_samples
from viewer.core.store.library import (
    SAMPLES_OFFERED,
    Library,
    LibraryError,
    default_library_path,
    unwritable_reason,
)
from viewer.ui import settings as options
from viewer.ui import theme
from viewer.ui.about import app_icon
from viewer.ui.main_window import MainWindow
from viewer.ui.tasks import ARTICLES

log = logging.getLogger("viewer.app")


class LibraryLocked(Exception):
    """The user chose not to open a library that another window has open."""


def lock_library(path: Path) -> tuple[QLockFile | None, str | None]:
    """Take the library's lock; return it (None if it cannot be made) and who else holds it."""
    lock = QLockFile(str(path) + ".lock")
    lock.setStaleLockTime(0)  # a lock left by a crashed process is stale as soon as it is seen
    if lock.tryLock(100):
        return lock, None
    if lock.error() != QLockFile.LockError.LockFailedError:
        # Not held by anyone: the lock file cannot be made (a full disk, a folder we may not
        # write). Opening anyway is better than claiming another window has the library.
        log.warning("%s: the library's lock file could not be made (%s); opened without it",
                    path, lock.error().name)
        return None, None
    info = lock.getLockInfo()  # (pid, hostname, application) in PySide6
    pid, host = (info[0], info[1]) if len(info) == 3 else (info[1], info[2])
    who = f"process {pid} on {host}" if pid else "another window"
    return lock, who


def ask_when_locked(who: str) -> str:
    """Ask whether to open a library that is open elsewhere read-only; answer "read-only" or "quit"."""
    box = QMessageBox(QMessageBox.Icon.Question, "Library in use",
                      f"This library is already open in Article Viewer ({who}).\n\n"
                      "Open it read-only here? You can read and search, but not change anything.")
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return "read-only" if box.clickedButton() is read_only else "quit"


def create_window(
    library_path: Path | str | None = None,
    settings: QSettings | None = None,
    on_locked: Callable[[str], str] = ask_when_locked,
) -> MainWindow:
    """Open the library and a window on it; an empty new library gets the sample articles."""
    path = Path(library_path) if library_path is not None else default_library_path()
    unwritable = unwritable_reason(path) if path.exists() else ""
    lock: QLockFile | None = None
    read_only = bool(unwritable)
    if not unwritable:  # a library nobody can write needs no lock: it is simply opened read-only
        path.parent.mkdir(parents=True, exist_ok=True)
        lock, holder = lock_library(path)
        if holder is not None:
            if on_locked(holder) != "read-only":
                raise LibraryLocked(f"{path} is open in {holder}")
            read_only = True
    library = Library(path, read_only=read_only)
    if unwritable:
        library.read_only_reason = unwritable
    settings = settings or options.default_settings()
    app = QApplication.instance()
    if app is not None:
        theme.apply(app, options.read(settings, "ui/theme"))
    if read_only and lock is not None:
        lock = None  # another window holds it
    window = MainWindow(library, settings=settings, library_lock=lock)
    window.setWindowIcon(app_icon())
    if lock is not None:
        window.destroyed.connect(lambda *_: lock.unlock())
    if not read_only and not library.count() and not library.setting(SAMPLES_OFFERED):
        # stored unanalysed: the list shows them at once, their names follow (on_library_changed)
        window.runner.library_op("samples", library.path, lambda lib, _t: ensure_samples(lib),
                                 changes=ARTICLES)
    return window


def _log_uncaught(kind, value, tb) -> None:
    """An exception no slot caught: into the log (and stderr), and the window goes on."""
    log.error("uncaught exception", exc_info=(kind, value, tb))


def import_when_shown(window: MainWindow, paths: list[str]) -> None:
    """Files given on the command line (the desktop's "Open with"): imported once the window shows,
    with its progress and report, the first of them opened."""
    from pathlib import Path

    if not window.writable:
        window.status_label.setText("The library is open read-only here: the files were not imported.")
        return
    QTimer.singleShot(0, lambda: window.import_paths([Path(p) for p in paths]))


def run(library_path: str | None = None, open_paths: list[str] | None = None) -> int:
    """Open the window (on the library at `library_path`, else the default) and run until it closes;
    `open_paths` are imported as soon as the window shows, with its progress and report."""
    sys.excepthook = _log_uncaught
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Article Viewer")
    app.setOrganizationName("article-viewer")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("article-viewer")  # the entry --install-desktop writes (Wayland's app id)
    try:
        window = create_window(library_path)
    except LibraryLocked:
        return 0
    except LibraryError as exc:
        QMessageBox.critical(None, "Article Viewer", str(exc))
        return 2
    window.show()
    if open_paths:
        import_when_shown(window, open_paths)
    code = app.exec()
    window.runner.cancel_all()
    finished = window.runner.wait(2000)
    window.library.close()
    if window.library_lock is not None:
        window.library_lock.unlock()
    if not finished:
        # Every task stops when cancelled, but one may be inside a long native call: everything
        # it writes is one transaction, so ending the process here loses nothing.
        log.warning("background work still running at exit; ending the process")
        logging.shutdown()
        os._exit(code)
    return code
