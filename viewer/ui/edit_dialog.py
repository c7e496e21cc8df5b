"""Editing an article's details: title, source, authors, publication date, web address."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from viewer.core.model import Article
from viewer.core.store.organise import check_published

Save = Callable[[dict], list[str]]  # the fields' new values -> the fields changed (raises ValueError)


class EditDetailsDialog(QDialog):
    """The article's details in a form; Save stores those changed through `save`, which may refuse
    a value (ValueError): the message shows in the dialog and it stays open, nothing stored."""

    def __init__(self, article: Article, save: Save, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit details")
        self.setMinimumWidth(460)
        self._save = save
        self.changed: list[str] = []
        self.fields = {
            "title": QLineEdit(article.title),
            "source": QLineEdit(article.source or ""),
            "author": QLineEdit("; ".join(article.authors)),
            "published": QLineEdit(article.published or ""),
            "url": QLineEdit(article.url or ""),
        }
        for key, edit in self.fields.items():
            edit.setObjectName(f"edit_{key}")
        self._original = {k: e.text() for k, e in self.fields.items()}
        self.fields["author"].setPlaceholderText("names separated by ;")
        self.fields["published"].setPlaceholderText("YYYY-MM-DD or YYYY-MM-DD HH:MM")
        self.fields["url"].setPlaceholderText("https://…")
        form = QFormLayout()
        for label, key in (("&Title", "title"), ("&Source", "source"), ("&Authors", "author"),
                           ("&Published", "published"), ("&Web address", "url")):
            form.addRow(label, self.fields[key])
        self.derived_note = QLabel("This title was made from the first sentence: the page had none."
                                   " Give it a better one.")
        self.derived_note.setWordWrap(True)
        self.derived_note.setVisible(article.title_derived)
        self.error = QLabel()
        self.error.setObjectName("editError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        self.error.hide()
        self.fields["published"].textChanged.connect(self._check_date)
        choice = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choice.Save | choice.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.derived_note)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        if article.title_derived:
            self.fields["title"].selectAll()
        self.fields["title"].setFocus()

    def _check_date(self, text: str) -> None:
        try:
            if text.strip():
                check_published(text)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self.error.hide()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def values(self) -> dict:
        """The fields the user changed, as Library.edit_article takes them."""
        out: dict = {}
        for key, edit in self.fields.items():
            if edit.text() == self._original[key]:
                continue
            text = edit.text().strip()
            out[key] = [a.strip() for a in text.replace(";", ",").split(",") if a.strip()] \
                if key == "author" else text
        return out

    def save(self) -> None:
        values = self.values()
        if not values:
            self.reject()
            return
        try:
            self.changed = self._save(values)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self.accept()
