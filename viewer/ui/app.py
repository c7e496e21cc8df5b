"""Starting the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.core.library import Library, LibraryError
from viewer.ui.main_window import MainWindow


def create_window(library_path: Path | str | None = None) -> MainWindow:
    """Open the library and a window on it; an empty new library gets the sample articles."""
    library = Library(library_path)
    window = MainWindow(library)
    if not library.count() and not library.setting("samples_offered"):
        task = window.runner.start("samples", lambda _t: _import_samples(library.path))
        task.finished.connect(lambda _r: window.reload_list())
    return window


def _import_samples(path: Path):
    with Library(path) as lib:
        return lib.ensure_samples()


def run(library_path: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Article Viewer")
    app.setOrganizationName("article-viewer")
    try:
        window = create_window(library_path)
    except LibraryError as exc:
        QMessageBox.critical(None, "Article Viewer", str(exc))
        return 2
    window.show()
    code = app.exec()
    window.library.close()
    return code
