"""File → Export…: choose a format, a scope and where to write; the export runs in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.export import (
    FOLDER_FORMATS,
    FORMAT_NAMES,
    FORMATS,
    SUFFIXES,
    ExportError,
    ExportResult,
    default_name,
    existing_output,
    export_library,
)
from viewer.core.store.library import EXPORT_FOLDER, Library
from viewer.ui.pdf import export_pdf
from viewer.ui.tasks import Task, TaskRunner

SCOPES = ("current", "selected", "library")
_FILTERS = {"digest": "Markdown (*.md)", "json": "JSON backup (*.json)", "html": "HTML (*.html *.htm)",
            "pdf": "PDF (*.pdf)"}


def run_export(lib: Library, fmt: str, out: Path, article_ids: list[int] | None, force: bool,
               task: Task, notes_only: bool = False) -> ExportResult:
    """The background half, on the task's own connection; progress and Cancel via `task`."""
    def progress(n: int, total: int) -> None:
        task.report(n, total, None)

    if fmt == "pdf":
        return export_pdf(lib, out, article_ids, force, progress, task.is_cancelled, notes_only)
    return export_library(lib, fmt, out, article_ids, force, progress, task.is_cancelled, notes_only)


class ExportDialog(QDialog):
    """Export the current article, the selected articles or the whole library.

    Replacing an existing export asks first, without blocking: `overwrite_box` is shown and
    `answer_overwrite(bool)` carries on (a test may call it directly).
    """

    exported = Signal(object)  # ExportResult of a finished, not cancelled, export

    def __init__(self, library: Library, runner: TaskRunner, current_id: int | None,
                 selected_ids: list[int] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.current_id = current_id
        self.selected_ids = list(dict.fromkeys(selected_ids or []))
        self.task: Task | None = None
        self.last_result: ExportResult | None = None
        self.error = ""
        self.overwrite_box: QMessageBox | None = None
        self._pending: tuple[str, Path, list[int] | None, bool] | None = None
        self._close_when_done = False
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        self._build()
        self._fmt = self.format()
        self.output_edit.setText(str(self._default_output(self._fmt)))
        self._update_state()

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.format_combo = QComboBox()
        for fmt in FORMATS:
            self.format_combo.addItem(FORMAT_NAMES[fmt], fmt)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)

        count = self.library.count()
        title = self.library.get(self.current_id).title if self.current_id is not None else ""
        self.scope_buttons = {
            "current": QRadioButton(f"Current article: {_short(title)}" if title else "Current article"),
            "selected": QRadioButton(f"Selected articles ({len(self.selected_ids)})"),
            "library": QRadioButton(f"Whole library ({count} article{'s' * (count != 1)})"),
        }
        self.scope_group = QButtonGroup(self)
        scope_box = QVBoxLayout()
        for scope in SCOPES:
            self.scope_group.addButton(self.scope_buttons[scope])
            scope_box.addWidget(self.scope_buttons[scope])
        self.scope_buttons["current"].setEnabled(self.current_id is not None)
        self.scope_buttons["selected"].setEnabled(bool(self.selected_ids))
        if len(self.selected_ids) > 1:
            self.scope_buttons["selected"].setChecked(True)
        elif self.current_id is not None:
            self.scope_buttons["current"].setChecked(True)
        else:
            self.scope_buttons["library"].setChecked(True)
        self.scope_group.buttonToggled.connect(lambda *_: self._update_state())

        self.output_edit = QLineEdit()
        self.output_edit.textChanged.connect(lambda _t: self._update_state())
        self.browse_button = QPushButton("Choose…")
        self.browse_button.clicked.connect(self.choose_output)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_edit, 1)
        out_row.addWidget(self.browse_button)
        self.output_hint = QLabel()
        self.output_hint.setWordWrap(True)
        self.output_hint.setStyleSheet("color: palette(placeholder-text)")

        form = QFormLayout()
        form.addRow("Format:", self.format_combo)
        form.addRow("Articles:", scope_box)
        form.addRow("Save to:", out_row)
        form.addRow("", self.output_hint)
        self.notes_only_box = QCheckBox("Notes and highlights only, without the article text")
        self.notes_only_box.setToolTip("Leave out each article's text (with its highlights marked in it)")
        form.addRow("Contents:", self.notes_only_box)

        self.progress = QProgressBar()
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.open_button = QPushButton("Show in folder")
        self.open_button.hide()
        self.open_button.clicked.connect(self.show_output)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda: self.start_export())  # not clicked's `checked` as force
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.status_label)
        lay.addStretch(1)
        lay.addLayout(buttons)

    # --- the choices ------------------------------------------------------------------------

    def format(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(FORMATS.index(fmt))

    def scope(self) -> str:
        return next(s for s, b in self.scope_buttons.items() if b.isChecked())

    def set_scope(self, scope: str) -> None:
        button = self.scope_buttons[scope]
        if not button.isEnabled():
            raise ValueError(f"scope {scope!r} is not available here")
        button.setChecked(True)

    def article_ids(self) -> list[int] | None:
        """The articles the chosen scope covers; None for the whole library."""
        scope = self.scope()
        if scope == "current":
            return [self.current_id]
        if scope == "selected":
            return list(self.selected_ids)
        return None

    def output_path(self) -> Path | None:
        text = self.output_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_output(self, path: Path | str) -> None:
        self.output_edit.setText(str(path))

    def notes_only(self) -> bool:
        """Whether the export leaves the articles' text out (a JSON backup always holds everything)."""
        return self.notes_only_box.isChecked() and self.format() != "json"

    def set_notes_only(self, notes_only: bool) -> None:
        self.notes_only_box.setChecked(notes_only)

    def _default_output(self, fmt: str) -> Path:
        folder = Path(self.library.setting(EXPORT_FOLDER) or "")
        if not str(folder) or not folder.is_dir():
            docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(docs) if docs else Path.home()
        return folder / default_name(fmt)

    def _on_format_changed(self, _index: int) -> None:
        old, new = self._fmt, self.format()
        self._fmt = new
        path = self.output_path()
        if path is not None:
            if path.name == default_name(old):
                path = path.with_name(default_name(new))
            elif new in FOLDER_FORMATS:
                if path.suffix.lower() in SUFFIXES.values():
                    path = path.with_suffix("")
            elif path.suffix.lower() != SUFFIXES[new]:
                path = path.with_name(path.name + SUFFIXES[new]) if old in FOLDER_FORMATS else \
                    path.with_suffix(SUFFIXES[new])
            self.output_edit.setText(str(path))
        self._update_state()

    def choose_output(self) -> None:
        """Ask for the folder (Markdown, vault) or the file (the others) to write."""
        fmt, current = self.format(), self.output_path() or self._default_output(self.format())
        if fmt in FOLDER_FORMATS:
            chosen = QFileDialog.getExistingDirectory(self, "Export into folder", str(current.parent))
        else:
            # The dialog asks about replacing a file itself, after the choice (see start_export).
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to file", str(current), _FILTERS[fmt],
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
            if chosen and not chosen.lower().endswith(SUFFIXES[fmt]):
                chosen += SUFFIXES[fmt]
        if chosen:
            self.set_output(chosen)

    def _update_state(self) -> None:
        running = self.task is not None
        fmt = self.format()
        for widget in (self.format_combo, self.output_edit, self.browse_button, *self.scope_buttons.values()):
            widget.setEnabled(not running)
        self.notes_only_box.setEnabled(not running and fmt != "json")
        if not running:
            self.scope_buttons["current"].setEnabled(self.current_id is not None)
            self.scope_buttons["selected"].setEnabled(bool(self.selected_ids))
        self.export_button.setEnabled(not running and self.output_path() is not None)
        self.close_button.setText("Cancel" if running else "Close")
        self.output_hint.setText(
            "A folder: one Markdown page per article." if fmt == "md" else
            "A folder: articles, entities (with backlinks) and an index page." if fmt == "vault" else
            "A backup: everything, to restore with Import." if fmt == "json" else "One file.")

    # --- running ----------------------------------------------------------------------------

    def start_export(self, force: bool = False) -> Task | None:
        """Check the output, ask before replacing an existing export, then run in the background."""
        if self.task is not None:
            return None
        fmt, out = self.format(), self.output_path()
        if out is None:
            return None
        self.last_result, self.error = None, ""
        try:
            existing = existing_output(fmt, out)
        except ExportError as exc:
            self._show_error(str(exc))
            return None
        if existing is not None and not force:
            self._pending = (fmt, out, self.article_ids(), self.notes_only())
            self.ask_overwrite(existing)
            return None
        return self._run(fmt, out, self.article_ids(), self.notes_only(), force=existing is not None)

    def ask_overwrite(self, path: Path) -> None:
        """Show the replace question (window-modal, not blocking); the answer goes to answer_overwrite."""
        what = "folder already has files in it" if path.is_dir() else "file already exists"
        detail = ("Pages with the same names are replaced, and pages an earlier export there made that this "
                  "one does not are removed; other files are left alone." if path.is_dir() else
                  "It will be replaced.")
        box = QMessageBox(QMessageBox.Icon.Question, "Replace export?", f"{path}\n\nThis {what}. {detail}",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText("Replace")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        yes = QMessageBox.StandardButton.Yes
        box.buttonClicked.connect(lambda button: self.answer_overwrite(box.standardButton(button) == yes))
        self.overwrite_box = box
        self.status_label.setText(f"Waiting: replace {path.name}?")
        box.open()

    def answer_overwrite(self, replace: bool) -> Task | None:
        """The answer to ask_overwrite: replace and export, or leave everything as it is."""
        box, self.overwrite_box = self.overwrite_box, None
        if box is not None:
            box.hide()
            box.deleteLater()
        pending, self._pending = self._pending, None
        if pending is None:
            return None
        if not replace:
            self.status_label.setText("Nothing was exported.")
            return None
        return self._run(*pending, force=True)

    def _run(self, fmt: str, out: Path, article_ids: list[int] | None, notes_only: bool, force: bool) -> Task:
        db_path = self.library.path
        task = self.runner.library_op(
            "export", db_path, lambda lib, t: run_export(lib, fmt, out, article_ids, force, t, notes_only))
        self.task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.open_button.hide()
        self.status_label.setStyleSheet("")
        self.status_label.setText(f"Exporting to {out}…")
        task.progress.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        task.failed.connect(self._on_failed)
        task.done.connect(self._on_done)
        self._update_state()
        return task

    def _on_progress(self, done: int, total: int, _detail) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status_label.setText(f"Exporting {min(done, total)}/{total}…")

    def _on_finished(self, result: ExportResult) -> None:
        self.last_result = result
        self.status_label.setText(result.summary())
        if not result.cancelled:
            self.library.set_setting(EXPORT_FOLDER, str(result.out.parent))
            self.open_button.show()
            self.exported.emit(result)

    def _on_failed(self, message: str) -> None:
        self._show_error(message.splitlines()[0] if message else "the export failed")

    def _show_error(self, message: str) -> None:
        # An ExportError's message is for people; strip the exception type the task runner puts first.
        self.error = message.split(": ", 1)[1] if message.startswith(("ExportError: ", "ExportExists: ")) \
            else message
        self.status_label.setStyleSheet("color: #c92a2a")
        self.status_label.setText(f"Not exported: {self.error}")

    def _on_done(self) -> None:
        self.task = None
        self.progress.hide()
        self._update_state()
        if self._close_when_done:
            self.reject()

    def cancel(self) -> None:
        """Cancel a running export (nothing is written), or close the dialog."""
        if self.task is not None:
            self.task.cancel()
            self.status_label.setText("Cancelling…")
        else:
            self.reject()

    def reject(self) -> None:
        if self.task is not None:  # closing mid-export: cancel, and close once the worker has stopped
            self._close_when_done = True
            self.task.cancel()
            return
        super().reject()

    def show_output(self) -> None:
        if self.last_result is not None:
            target = self.last_result.out if self.last_result.out.is_dir() else self.last_result.out.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
