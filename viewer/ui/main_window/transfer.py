"""Import (files, folders, drops; in the background with progress and Cancel) and export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
)

from viewer.core.store.library import Library
from viewer.ui.article_list import (
    ArticleIdRole,
)
from viewer.ui.dialogs import ImportReportDialog
from viewer.ui.tasks import Task


@dataclass
class ImportRun:
    """What an import from the window did: the outcomes, how many article files it was given
    (backups aside), and whether the user cancelled it."""

    outcomes: list
    total: int
    cancelled: bool


def _import_work(lib: Library, task: Task, paths: list[Path]) -> ImportRun:
    """The import task: list the files (so the count shows from the start), then import them."""
    import time

    from viewer.core.ingest.importers import iter_article_files
    from viewer.core.ingest.pipeline import import_files

    # As import_files reads them: a .json file given by name is a backup, the rest are articles.
    backups = [p for p in paths if p.suffix.lower() == ".json" and not p.is_dir()]
    files = list(iter_article_files([p for p in paths if p not in backups]))
    task.report(0, len(files), None)
    shown = [0.0]

    def report(n: int, total: int, outcome) -> None:
        # A few updates a second are enough to watch, and every emit costs: PySide6 6.12 on
        # Python 3.11 drops a reference to True each time, until the process aborts.
        now = time.monotonic()
        if n in (1, total) or now - shown[0] >= 0.25:
            shown[0] = now
            task.report(n, total, outcome)

    # Reading, cleaning and analysis run in worker processes; this thread only stores.
    outcomes = import_files(lib, backups + files, progress=report, cancelled=task.is_cancelled)
    return ImportRun(outcomes, len(files), task.is_cancelled())


class ImportExport:
    """Part of MainWindow (viewer/ui/main_window/window.py): the transfer methods."""

    def selected_ids(self) -> list[int]:
        rows = self.list_view.selectionModel().selectedRows()
        return [index.data(ArticleIdRole) for index in rows]

    def open_export(self):
        """File → Export: the current article, the selected ones or the whole library."""
        from viewer.ui.export_dialog import ExportDialog

        self.notes.flush()  # the export reads what is saved
        dialog = ExportDialog(self.library, self.runner, self.current_id, self.selected_ids(), self)
        dialog.exported.connect(lambda result: self.status_label.setText(result.summary()))
        self.export_dialog = dialog
        dialog.open()
        return dialog


    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", "",
            "Articles and backups (*.txt *.md *.markdown *.html *.htm *.json);;All files (*)")
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> Task | None:
        """Import (clean, find names, store) in the background with progress and Cancel."""
        if not self._check_writable():
            return None
        paths = [Path(p) for p in paths]
        # The list is reloaded by _on_import_finished, which also selects the first new article.
        task = self.runner.library_op("import", self.library.path,
                                      lambda lib, task: _import_work(lib, task, paths))
        self._import_task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.status_label.setText("Importing…")
        task.progress.connect(self._on_import_progress)
        task.finished.connect(self._on_import_finished)
        task.failed.connect(lambda msg: QMessageBox.warning(self, "Import failed", msg))
        task.done.connect(self._on_import_done)
        return task

    def cancel_import(self) -> None:
        if self._import_task:
            self._import_task.cancel()
            self.status_label.setText("Cancelling…")

    def _on_import_progress(self, done: int, total: int, outcome) -> None:
        if self._import_task is not None and self._import_task.is_cancelled():
            return  # "Cancelling…" stays until it has stopped
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        name = f": {Path(outcome.path).name}" if outcome is not None else "…"
        self.status_label.setText(f"Importing {done}/{total}{name}")

    def _on_import_finished(self, run: ImportRun) -> None:
        outcomes = run.outcomes
        added = [o for o in outcomes if o.status == "added"]
        failed = [o for o in outcomes if o.status == "failed"]
        restored = [o for o in outcomes if o.status == "restored"]
        dup = len(outcomes) - len(added) - len(failed) - len(restored)
        self.reload_list(select_id=added[0].article_id if added else None, defer_select=True)
        status = f"{len(added)} added, {dup} duplicate, {len(failed)} failed"
        reached = len(outcomes) - len(restored)
        if run.cancelled and reached < run.total:
            status = f"Cancelled: {len(added)} added, {run.total - reached} not imported"
            status += f" ({dup} duplicate, {len(failed)} failed)" if dup or failed else ""
        if restored:
            status = "; ".join(o.message for o in restored) + (f" — {status}" if len(restored) < len(outcomes)
                                                               else "")
        self.status_label.setText(status)
        if restored:
            self.analyze_pending()  # articles a backup stored by an older analyser
        if failed:
            self.last_report = ImportReportDialog(failed, len(added), dup, self)
            self.last_report.open()

    def _on_import_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._import_task = None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Files and folders, and a browser's selected text, HTML or link (see capturing.py).
        if self.accepts_capture(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        from viewer.ui.main_window.capturing import DROPPED

        if self.accepts_capture(event.mimeData()):
            event.acceptProposedAction()
            self.capture_mime(event.mimeData(), DROPPED)
