"""Capture in one step: paste (Ctrl+V), drop text or a link, add from a URL (Ctrl+L).

The capture runs in the background (reading the clipboard's HTML, cleaning, storing: no Kiwi),
and the cleaned article is shown as soon as it is stored; its names follow from the background
analysis (the reader says "finding names…" meanwhile).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from viewer.core.store.library import ImportOutcome, Library
from viewer.ui.capture import UrlDialog, has_capture, local_files, mime_parts
from viewer.ui.tasks import Task

PASTED = "pasted text"
DROPPED = "dropped text"


def _capture_work(lib: Library, task: Task, parts: dict, name: str) -> ImportOutcome:
    from viewer.core.ingest.capture import import_document, import_url
    from viewer.core.ingest.clipboard import capture_clipboard
    from viewer.core.model import ImportFailed
    from viewer.core.text.normalise import one_line

    try:
        capture = capture_clipboard(**parts, name=name)
    except ImportFailed as exc:
        return ImportOutcome(name, "failed", message=one_line(str(exc)))
    if capture.url:  # a copied or dragged link: fetch the page it points to
        task.report(0, 0, capture.url)
        return import_url(lib, capture.url, cancelled=task.is_cancelled, analyze=False)
    return import_document(lib, capture.doc, name, analyze=False)


def _url_work(lib: Library, task: Task, url: str) -> ImportOutcome:
    from viewer.core.ingest.capture import import_url

    task.report(0, 0, url)
    return import_url(lib, url, cancelled=task.is_cancelled, analyze=False)


class Capturing:
    """Part of MainWindow (viewer/ui/main_window/window.py): paste, drop of text or links, URLs."""

    def paste_article(self) -> Task | None:
        """Edit → Paste as new article: the clipboard's HTML (preferred), text or link."""
        return self.capture_mime(QApplication.clipboard().mimeData(), PASTED)

    def capture_mime(self, mime, name: str) -> Task | None:
        if not self._check_writable():
            return None
        files = local_files(mime) if mime is not None else []
        if files:
            return self.import_paths([Path(f) for f in files])
        if not has_capture(mime):
            self.status_label.setText("Nothing to add: the clipboard holds no text, page or link.")
            return None
        parts = mime_parts(mime)  # read now: the clipboard may change before the task runs
        return self._start_capture(f"Adding the {name}…",
                                   lambda lib, task: _capture_work(lib, task, parts, name))

    def add_from_url(self) -> UrlDialog | None:
        """File → Add from URL: ask for an address, then fetch it in the background."""
        if not self._check_writable():
            return None
        dialog = UrlDialog(self)
        dialog.urlChosen.connect(self.import_url)
        self.url_dialog = dialog
        dialog.open()
        return dialog

    def import_url(self, url: str) -> Task | None:
        if not self._check_writable():
            return None
        return self._start_capture(f"Fetching {url}…", lambda lib, task: _url_work(lib, task, url))

    def _start_capture(self, status: str, work) -> Task | None:
        if self._import_task is not None:
            self.status_label.setText("An import is running; add this when it has finished.")
            return None
        task = self.runner.library_op("capture", self.library.path, work, urgent=True)
        self._import_task = task
        self.status_label.setText(status)
        task.progress.connect(self._on_fetch_started)
        task.finished.connect(self._on_captured)
        task.failed.connect(lambda msg: self.status_label.setText(
            f"⚠ Could not add the article: {msg.splitlines()[0]}"))
        task.done.connect(self._on_import_done)
        return task

    def _on_fetch_started(self, _done: int, _total: int, url) -> None:
        self.progress.setRange(0, 0)  # a fetch has no count: a busy bar, with Cancel beside it
        self.progress.show()
        self.cancel_button.show()
        self.status_label.setText(f"Fetching {url}…")

    def _on_captured(self, outcome: ImportOutcome) -> None:
        if outcome.status == "added":
            self.reload_list(select_id=outcome.article_id)  # painted now; names follow
            self.status_label.setText(f"Added “{outcome.title}” — finding names…")
            self.analyze_pending()
        elif outcome.status == "duplicate":
            if outcome.article_id is not None:
                self.select_article(outcome.article_id)
            self.status_label.setText(f"Already in the library: “{outcome.title}”")
        elif outcome.status == "cancelled":
            self.status_label.setText("Cancelled: nothing was added.")
        else:
            self.status_label.setText(f"⚠ {outcome.message}")

    def accepts_capture(self, mime) -> bool:
        """Whether a drag brings something to import (files, text, HTML or a link)."""
        return self.writable and has_capture(mime)
