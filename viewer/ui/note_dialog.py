"""The highlight note editor: a small dialog titled by the quote, with room for several lines."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from viewer.core.anchoring import plain_quote

TITLE_QUOTE_CHARS = 48  # of the quote in the window title
SHOWN_QUOTE_CHARS = 280  # of the quote above the editor


def elided(text: str, limit: int) -> str:
    """Text on one line, cut with an ellipsis past `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class NoteDialog(QDialog):
    """Edit a highlight's note: Ctrl+Enter saves, Esc cancels. Opened with open() (no nested
    event loop); `noteAccepted` carries the text when the user saves."""

    noteAccepted = Signal(str)

    def __init__(self, quote: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteDialog")
        shown = plain_quote(quote)
        self.setWindowTitle(f"Note on “{elided(shown, TITLE_QUOTE_CHARS)}”")
        self.quote_label = QLabel(f"“{elided(shown, SHOWN_QUOTE_CHARS)}”")
        self.quote_label.setObjectName("noteDialogQuote")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.quote_label.setStyleSheet("color: palette(placeholder-text); font-style: italic;")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("highlightNoteEditor")
        self.editor.setPlaceholderText("Your note on this passage…")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlainText(note)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Save | standard.Cancel)
        self.save_button = buttons.button(standard.Save)
        self.save_button.setToolTip("Save the note (Ctrl+Enter)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.editor.installEventFilter(self)  # Ctrl+Enter, before the editor takes it as a new line
        hint = QLabel("Ctrl+Enter saves · Esc cancels")
        hint.setEnabled(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.quote_label)
        lay.addWidget(self.editor, 1)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        self.resize(440, 260)
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Ctrl+Enter (either Enter key) in the editor saves."""
        if (watched is self.editor and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def note(self) -> str:
        """The note as written (line breaks kept)."""
        return self.editor.toPlainText()

    def accept(self) -> None:
        """Save: say so with the text, then close."""
        self.noteAccepted.emit(self.note())
        super().accept()
