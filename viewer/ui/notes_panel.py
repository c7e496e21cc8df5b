"""The notes panel: one Markdown note per article, autosaved, and the article's highlights."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.core.library import Highlight
from viewer.core.render import markdown_to_html

AUTOSAVE_MS = 500  # half the promised second: a busy event loop can delay the timer
HighlightIdRole = Qt.ItemDataRole.UserRole + 1


class NotesPanel(QWidget):
    """Saves at most AUTOSAVE_MS after any keystroke, and whenever flush() is called."""

    highlightActivated = Signal(int)
    highlightDeleteRequested = Signal(int)
    highlightEditRequested = Signal(int)
    saved = Signal(int)

    def __init__(self, save: Callable[[int, str], None], parent=None) -> None:
        super().__init__(parent)
        self._save = save
        self.article_id: int | None = None
        self.dirty = False
        self._loading = False
        self.read_only = False

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText("Your notes on this article (Markdown)…")
        self.editor.textChanged.connect(self._on_changed)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, "Note")
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.currentChanged.connect(self._on_tab)
        self.state_label = QLabel()
        self.state_label.setObjectName("noteState")

        self.highlight_list = QListWidget()
        self.highlight_list.setObjectName("highlightList")
        self.highlight_list.setWordWrap(True)
        self.highlight_list.itemActivated.connect(self._on_highlight_item)
        self.highlight_list.itemClicked.connect(self._on_highlight_item)
        edit_btn = QPushButton("Edit note…")
        edit_btn.clicked.connect(lambda: self._with_selected(self.highlightEditRequested))
        del_btn = QPushButton("Delete")
        del_btn.clicked.connect(lambda: self._with_selected(self.highlightDeleteRequested))

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.tabs)
        tl.addWidget(self.state_label)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(QLabel("Highlights"))
        bl.addWidget(self.highlight_list)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(edit_btn)
        row.addWidget(del_btn)
        bl.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([380, 260])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)

        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._set_state()

    # --- note ----------------------------------------------------------------------------

    def load(self, article_id: int | None, text: str) -> None:
        """Show another article's note; the current one is saved first."""
        self.flush()
        self.article_id = article_id
        self._loading = True
        self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)  # go on writing where the note ends
        self._loading = False
        self.editor.setEnabled(article_id is not None)
        self.dirty = False
        self._set_state()
        if self.tabs.currentIndex() == 1:
            self._on_tab(1)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.editor.setReadOnly(read_only)
        if read_only:
            self.editor.setPlaceholderText("Read-only: the library is open in another window.")

    def text(self) -> str:
        return self.editor.toPlainText()

    def flush(self) -> None:
        """Save now if there are unsaved changes."""
        self._timer.stop()
        if self.dirty and self.article_id is not None and not self.read_only:
            self._save(self.article_id, self.text())
            self.dirty = False
            self._set_state()
            self.saved.emit(self.article_id)

    def _on_changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._set_state()
        # Not restarted by later keystrokes: steady typing is still saved every half second.
        if not self._timer.isActive():
            self._timer.start()

    def _set_state(self) -> None:
        if self.article_id is None:
            self.state_label.setText("")
        elif self.dirty:
            self.state_label.setText("● Unsaved changes")
        else:
            self.state_label.setText("✓ Saved")

    def _on_tab(self, index: int) -> None:
        if index == 1:
            self.preview.setHtml(markdown_to_html(self.text()))

    # --- highlights ----------------------------------------------------------------------

    def set_highlights(self, highlights: list[Highlight], orphans: list[Highlight], colors: dict,
                       dark: bool = False) -> None:
        """List the article's highlights, each with a chip of the colour the reading pane shows."""
        self.highlight_list.clear()
        orphan_ids = {h.id for h in orphans}
        for h in highlights:
            quote = h.selector.quote if len(h.selector.quote) <= 140 else h.selector.quote[:139] + "…"
            label = f"“{quote}”"
            if h.note:
                label += f"\n    {h.note}"
            if h.id in orphan_ids:
                label = "⚠ not found in the current text — " + label
            item = QListWidgetItem(label)
            item.setData(HighlightIdRole, h.id)
            light, dark_color = colors.get(h.color, next(iter(colors.values())))
            item.setData(Qt.ItemDataRole.DecorationRole, QColor(dark_color if dark else light))
            item.setToolTip(h.selector.quote)
            self.highlight_list.addItem(item)

    def highlight_labels(self) -> list[str]:
        return [self.highlight_list.item(i).text() for i in range(self.highlight_list.count())]

    def _on_highlight_item(self, item: QListWidgetItem) -> None:
        self.highlightActivated.emit(item.data(HighlightIdRole))

    def _with_selected(self, signal) -> None:
        item = self.highlight_list.currentItem()
        if item is not None:
            signal.emit(item.data(HighlightIdRole))
