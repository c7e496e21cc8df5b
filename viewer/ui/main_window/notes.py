"""The side pane, highlights and notes: making and editing highlights, saving notes, and notes that
could not be saved."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QTabWidget,
)

from viewer.core.store import DatabaseError
from viewer.core.store.library import HighlightLimit
from viewer.core.text.normalise import one_line
from viewer.ui.entity_index import EntityIndexPanel
from viewer.ui.entity_panel import EntityPanel
from viewer.ui.note_dialog import NoteDialog
from viewer.ui.notes_panel import NotesPanel

log = logging.getLogger("viewer.window")


NOTE_NOT_SAVED = "⚠ Note not saved"


class NotesAndHighlights:
    """Part of MainWindow (viewer/ui/main_window/window.py): the side pane, highlights and notes."""

    def _build_side_pane(self) -> None:
        self.notes = NotesPanel(self._save_note)
        self.notes.saved.connect(self._on_note_saved)
        self.notes.highlightActivated.connect(self.jump_to_highlight)
        self.notes.highlightDeleteRequested.connect(self.delete_highlight)
        self.notes.highlightEditRequested.connect(self.edit_highlight_note)
        self.notes.wikiLinkActivated.connect(self.open_wikilink)
        self.notes.set_link_resolver(lambda name: self.wikilink_target(name) is not None)
        self.entity_panel = EntityPanel()
        self.entity_panel.mentionActivated.connect(lambda s, e: self.reader.jump_to(s, e))
        self.entity_panel.articleActivated.connect(self.select_article)
        self.entity_panel.retypeRequested.connect(self.correct_entity)
        self.entity_panel.notEntityRequested.connect(lambda s: self.correct_entity(s, None))
        self.entity_panel.closeRequested.connect(self.close_entity_panel)
        self.entity_index = EntityIndexPanel()
        self.entity_index.refreshRequested.connect(lambda: self.refresh_entity_index(force=True))
        self.entity_index.selectionChanged.connect(self.search.set_entity_filter)
        self.search.entityFilterCleared.connect(self.entity_index.clear_selection)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.notes, "Notes")
        self.side_tabs.addTab(self.entity_index, "Index")
        self._entity_index_stale = True
        self.side_tabs.currentChanged.connect(
            lambda _i: self.refresh_entity_index() if self._entity_index_stale else None)

    def highlight_selection(self, color: str = "yellow", note: str = "", selector=None) -> int | None:
        """Highlight the selection (or `selector`, taken earlier) in this colour, with a note."""
        selector = selector or self.reader.selection_selector()
        if selector is None or self.current_id is None:
            self.status_label.setText("Select some text to highlight first.")
            return None
        if not self._check_writable():
            return None
        try:
            hid = self.library.add_highlight(self.current_id, selector, color, note)
        except HighlightLimit as exc:
            self.status_label.setText(str(exc))
            return None
        except (DatabaseError, OSError) as exc:
            self.status_label.setText(f"⚠ Could not save the highlight: {one_line(str(exc), 200)}")
            return None
        self.render_current(keep_scroll=True)
        self.model.set_annotated(self.current_id, True)
        return hid

    def highlight_selection_with_note(self) -> NoteDialog | None:
        """Article → Highlight with note (Ctrl+Shift+H): the note is written in a small dialog."""
        selector = self.reader.selection_selector()
        if selector is None or self.current_id is None:
            self.status_label.setText("Select some text to highlight first.")
            return None
        if not self._check_writable():
            return None
        article_id = self.current_id
        return self._open_note_dialog(selector.quote, "", lambda note: self.current_id == article_id
                                      and self.highlight_selection("yellow", note, selector))

    def jump_to_highlight(self, highlight_id: int) -> None:
        found = self.reader.highlight_ranges.get(highlight_id)
        if found:
            self.reader.jump_to(*found)

    def delete_highlight(self, highlight_id: int) -> None:
        if not self._check_writable():
            return
        if not self._try_write("the change", self.library.delete_highlight, highlight_id):
            return
        self.render_current(keep_scroll=True)
        if self.current_id is not None:
            self.model.set_annotated(self.current_id, self._is_annotated(self.current_id))

    def edit_highlight_note(self, highlight_id: int) -> NoteDialog | None:
        """Edit a highlight's note in the note dialog."""
        current = next((h for h in self.library.highlights(self.current_id or -1)
                        if h.id == highlight_id), None)
        if current is None or not self._check_writable():
            return None

        def save(note: str) -> None:
            if self._try_write("the highlight note", lambda: self.library.update_highlight(
                    highlight_id, note=note)):
                self.render_current(keep_scroll=True)

        return self._open_note_dialog(current.selector.quote, current.note, save)

    def _open_note_dialog(self, quote: str, note: str, save) -> NoteDialog:
        dialog = NoteDialog(quote, note, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.noteAccepted.connect(save)
        self.note_dialog = dialog
        dialog.open()  # window-modal, without a nested event loop
        return dialog

    def _on_note_saved(self, article_id: int) -> None:
        self.model.set_annotated(article_id, self._is_annotated(article_id))
        if self.status_label.text().startswith(NOTE_NOT_SAVED):  # saved after all: say no more
            self.show_article_count()

    def _save_note(self, article_id: int, text: str, expected: str) -> None:
        self.library.set_note(article_id, text, expected)

    def _try_write(self, what: str, fn, *args) -> bool:
        """Run one write to the library; if it fails (disk full, locked), say so and go on."""
        try:
            fn(*args)
            return True
        except (DatabaseError, OSError) as exc:
            log.warning("could not save %s: %s", what, exc)
            self.status_label.setText(f"⚠ Could not save {what}: {one_line(str(exc), 200)}")
            return False

    def _is_annotated(self, article_id: int) -> bool:
        return article_id in self.library.articles_with_annotations()

    def _check_writable(self) -> bool:
        """False, with a word to the user, when this window only reads the library."""
        if not self.writable:
            reason = self.library.read_only_reason or "it is open in another window"
            self.status_label.setText(f"This library is open read-only: {reason}.")
        return self.writable

    def ask_unsaved_notes(self, notes: dict[int, str]) -> bool:
        """Notes could not be saved and the window is closing: ask; True if it may close."""
        reason = self.notes.error or "they could not be written to the library"
        titles = self.library_titles_safely(list(notes))
        names = ", ".join(f"“{titles.get(aid, f'#{aid}')}”" for aid in notes)
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved notes",
                          f"Your notes on {names} are not saved ({reason}).\n\n"
                          "Save them to a file before closing?", parent=self)
        to_file = box.addButton("Save to file…", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Close without saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is discard:
            return True
        if box.clickedButton() is not to_file:
            return False
        path, _ = QFileDialog.getSaveFileName(self, "Save notes", str(Path.home() / "unsaved notes.md"),
                                              "Markdown (*.md);;All files (*)")
        return bool(path) and self.save_notes_to_file(Path(path), notes)

    def save_notes_to_file(self, path: Path, notes: dict[int, str]) -> bool:
        """Write unsaved notes to a Markdown file (atomically); say so if that fails too."""
        from viewer.core.export.filenames import atomic_write_text

        titles = self.library_titles_safely(list(notes))
        text = "\n\n".join(f"# {titles.get(aid, f'Article {aid}')}\n\n{note}" for aid, note in notes.items())
        try:
            atomic_write_text(path, text + "\n")
        except OSError as exc:
            QMessageBox.warning(self, "Unsaved notes",
                                f"{path}: could not be written ({exc.strerror or exc})")
            return False
        return True

    def library_titles_safely(self, ids: list[int]) -> dict[int, str]:
        try:
            return self.library.titles(ids)
        except DatabaseError:
            return {}
