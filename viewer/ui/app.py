"""Starting the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer.core.library import Library, LibraryError
from viewer.ui import theme
from viewer.ui.main_window import MainWindow, default_settings


def create_window(library_path: Path | str | None = None, settings: QSettings | None = None) -> MainWindow:
    """Open the library and a window on it; an empty new library gets the sample articles."""
    library = Library(library_path)
    settings = settings or default_settings()
    app = QApplication.instance()
    if app is not None:
        theme.apply(app, str(settings.value("ui/theme", "system")))
    window = MainWindow(library, settings=settings)
    if not library.count() and not library.setting("samples_offered"):
        task = window.runner.start("samples", lambda _t: _import_samples(library.path))
        task.finished.connect(lambda _r: (window.reload_list(), window.analyze_pending()))
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
