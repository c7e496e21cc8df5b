"""The notes panel: one Markdown note per article, autosaved, and the article's highlights."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
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

from viewer.core.anchoring import plain_quote
from viewer.core.merge import merge_notes
from viewer.core.render import WIKI_SCHEME, note_html, wikilink_name
from viewer.core.store import DatabaseError
from viewer.core.store.library import Highlight, NoteConflict
from viewer.core.text.normalise import one_line

log = logging.getLogger("viewer.notes")

AUTOSAVE_MS = 500  # half the promised second: a busy event loop can delay the timer
RETRY_MS = 2000  # a save that failed (disk full, library locked) is tried again this often
HighlightIdRole = Qt.ItemDataRole.UserRole + 1

# save(article_id, text, expected): store text if the stored note is still `expected`, else raise
# NoteConflict; DatabaseError or OSError when it cannot be written at all.
SaveNote = Callable[[int, str, str], None]


class NotesPanel(QWidget):
    """Saves at most AUTOSAVE_MS after any keystroke, and whenever flush() is called.

    A note is never lost: a save that fails is shown and retried, and the text stays in memory
    (also after switching article) until it is saved or the user, asked on closing, decides; a
    note changed elsewhere meanwhile is merged, or the user chooses (see merge_notes).
    """

    highlightActivated = Signal(int)
    highlightDeleteRequested = Signal(int)
    highlightEditRequested = Signal(int)
    wikiLinkActivated = Signal(str)  # a [[Name]] clicked in the preview
    saved = Signal(int)
    saveFailed = Signal(str)  # the reason, one line

    def __init__(self, save: SaveNote, parent=None) -> None:
        super().__init__(parent)
        self._save = save
        self.article_id: int | None = None
        self.base = ""  # the stored note this buffer started from
        self.dirty = False
        self.error: str | None = None  # why the last save failed
        self.conflict: str | None = None  # the note as changed elsewhere, while the user decides
        # Buffers of other articles that could not be saved yet: id -> (text, base, conflict).
        self.unsaved: dict[int, tuple[str, str, str | None]] = {}
        self._loading = False
        self.read_only = False

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText("Your notes on this article (Markdown)…")
        self.editor.textChanged.connect(self._on_changed)
        self.preview = QTextBrowser()
        self.preview.setObjectName("notePreview")
        self.preview.setOpenLinks(False)  # links are followed by _on_preview_link, on a click only
        self.preview.anchorClicked.connect(self._on_preview_link)
        self._resolve_link: Callable[[str], bool] | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, "Note")
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.currentChanged.connect(self._on_tab)
        self.state_label = QLabel()
        self.state_label.setObjectName("noteState")
        self.state_label.setWordWrap(True)
        self._build_conflict_bar()

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
        tl.addWidget(self.conflict_bar)
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
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.retry)
        self._set_state()

    def _build_conflict_bar(self) -> None:
        self.conflict_bar = QFrame()
        self.conflict_bar.setObjectName("noteConflict")
        self.conflict_bar.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self.conflict_bar)
        lay.setContentsMargins(6, 4, 6, 4)
        label = QLabel("This note was changed elsewhere (the command line or another window) while you"
                       " were writing. Which note do you want to keep?")
        label.setWordWrap(True)
        lay.addWidget(label)
        row = QHBoxLayout()
        self.keep_mine_button = QPushButton("Keep mine")
        self.keep_mine_button.clicked.connect(lambda: self.resolve_conflict("mine"))
        self.use_theirs_button = QPushButton("Use the other")
        self.use_theirs_button.clicked.connect(lambda: self.resolve_conflict("theirs"))
        self.keep_both_button = QPushButton("Keep both")
        self.keep_both_button.clicked.connect(lambda: self.resolve_conflict("both"))
        for b in (self.keep_mine_button, self.use_theirs_button, self.keep_both_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.conflict_bar.hide()

    # --- note ----------------------------------------------------------------------------

    def load(self, article_id: int | None, text: str) -> None:
        """Show another article's note; the current one is saved first (or kept, if it cannot be)."""
        self.flush()
        if self.article_id is not None and self.dirty:
            self.unsaved[self.article_id] = (self.text(), self.base, self.conflict)
        self.article_id = article_id
        kept = self.unsaved.pop(article_id, None) if article_id is not None else None
        if kept is not None:  # this article's unsaved text comes back, not the stored note
            shown, self.base, self.conflict = kept
            self.dirty = True
        else:
            shown, self.base, self.conflict, self.dirty = text, text, None, False
        self._set_text(shown)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)  # go on writing where the note ends
        self.editor.setEnabled(article_id is not None)
        self.conflict_bar.setVisible(self.conflict is not None)
        self._set_state()
        if self.dirty:
            self._retry.start()
        if self.tabs.currentIndex() == 1:
            self._on_tab(1)

    def set_read_only(self, read_only: bool, reason: str = "the library is open in another window") -> None:
        self.read_only = read_only
        self.editor.setReadOnly(read_only)
        if read_only:
            self.editor.setPlaceholderText(f"Read-only: {reason}.")

    def text(self) -> str:
        return self.editor.toPlainText()

    def has_unsaved(self) -> bool:
        """True while some note (this article's or another's) is not in the library."""
        return (self.dirty and self.article_id is not None) or bool(self.unsaved)

    def unsaved_notes(self) -> dict[int, str]:
        """The texts not yet in the library, by article id."""
        out = {aid: text for aid, (text, _base, _c) in self.unsaved.items()}
        if self.dirty and self.article_id is not None:
            out[self.article_id] = self.text()
        return out

    def flush(self) -> bool:
        """Save now if there are unsaved changes; False if they could not be saved."""
        self._timer.stop()
        if not self.dirty or self.article_id is None or self.read_only:
            return True
        if self.conflict is not None:
            return False  # the user has not chosen yet
        text = self.text()
        saved = self._store(self.article_id, text, self.base)
        if saved is None:
            return False
        if saved != text:
            self._set_text(saved, keep_cursor=True)
        self.base, self.dirty, self.error = saved, self.text() != saved, None
        self._set_state()
        self.saved.emit(self.article_id)
        return not self.dirty

    def _store(self, article_id: int, text: str, base: str) -> str | None:
        """Write text over base: the text stored (merged with a change made elsewhere), or None."""
        try:
            try:
                self._save(article_id, text, base)
                return text
            except NoteConflict as c:
                merged = merge_notes(base, text, c.current)
                if merged is None:
                    if article_id == self.article_id:
                        self._show_conflict(c.current)
                    return None
                self._save(article_id, merged, c.current)
                return merged
        except NoteConflict:  # changed again in between: the next try merges with that
            self._retry.start()
            return None
        except (DatabaseError, OSError) as exc:
            self._failed(exc)
            return None

    def retry(self) -> None:
        """Try again to save what could not be saved (this article's note and others')."""
        for aid, (text, base, conflict) in list(self.unsaved.items()):
            if conflict is not None:
                continue  # waits for the user to open that article and choose
            saved = self._store(aid, text, base)
            if saved is not None:
                del self.unsaved[aid]
                self.saved.emit(aid)
        self.flush()
        if self.has_unsaved() and self.error is not None:
            self._retry.start()

    def external_change(self, stored: str) -> None:
        """The current article's note as now stored, after another process or window wrote."""
        if self.article_id is None or stored == self.base:
            return
        if not self.dirty:
            self.base = stored
            self._set_text(stored, keep_cursor=True)
            self.state_label.setText("✓ Saved · updated from elsewhere")
            return
        self.flush()  # merges, or asks

    def resolve_conflict(self, choice: str) -> None:
        """The user's answer to a note changed elsewhere: "mine", "theirs" or "both"."""
        theirs = self.conflict
        if theirs is None or self.article_id is None:
            return
        self.conflict = None
        self.conflict_bar.hide()
        mine = self.text()
        if choice == "theirs":
            self.base, self.dirty = theirs, False
            self._set_text(theirs, keep_cursor=True)
            self._set_state()
            return
        if choice == "both":
            self._set_text(f"{mine.rstrip()}\n\n{theirs.lstrip()}" if mine.strip() else theirs,
                           keep_cursor=True)
        self.base, self.dirty = theirs, True  # what is stored now, to be replaced by the choice
        self.flush()

    def _show_conflict(self, theirs: str) -> None:
        self.conflict = theirs
        self.conflict_bar.show()
        self._set_state()

    def _failed(self, exc: BaseException) -> None:
        self.error = one_line(str(exc) or type(exc).__name__, 200)
        log.warning("note not saved: %s", self.error)
        self._set_state()
        self.saveFailed.emit(self.error)
        self._retry.start()

    def _set_text(self, text: str, keep_cursor: bool = False) -> None:
        position = self.editor.textCursor().position()
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        if keep_cursor:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.editor.setTextCursor(cursor)

    def _on_changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._set_state()
        # Not restarted by later keystrokes: steady typing is still saved every half second.
        if not self._timer.isActive():
            self._timer.start()

    def _set_state(self) -> None:
        warn = False
        if self.article_id is None:
            text = ""
        elif self.conflict is not None:
            text, warn = "⚠ Not saved yet: the note was changed elsewhere — choose above", True
        elif self.dirty and self.error:
            text, warn = f"⚠ Not saved: {self.error}. Your text is kept here and saving is retried.", True
        elif self.dirty:
            text = "● Unsaved changes"
        else:
            text = "✓ Saved"
        self.state_label.setText(text)
        self.state_label.setProperty("warning", warn)
        self.state_label.setStyleSheet("color: #c92a2a; font-weight: bold;" if warn else "")

    def _on_tab(self, index: int) -> None:
        if index == 1:
            self.preview.setHtml(note_html(self.text(), self._resolve_link))

    def set_link_resolver(self, resolve: Callable[[str], bool] | None) -> None:
        """Says whether a [[Name]] names something in the library (else it is shown as text)."""
        self._resolve_link = resolve

    def _on_preview_link(self, url: QUrl) -> None:
        """A link clicked in the preview: a web address opens in the browser, a [[Name]] in the window."""
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif url.scheme() == WIKI_SCHEME:
            name = wikilink_name(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
            if name:
                self.wikiLinkActivated.emit(name)

    # --- highlights ----------------------------------------------------------------------

    def set_highlights(self, highlights: list[Highlight], orphans: list[Highlight], colors: dict,
                       dark: bool = False) -> None:
        """List the article's highlights, each with a chip of the colour the reading pane shows."""
        self.highlight_list.clear()
        orphan_ids = {h.id for h in orphans}
        for h in highlights:
            shown = plain_quote(h.selector.quote)
            quote = shown if len(shown) <= 140 else shown[:139] + "…"
            label = f"“{quote}”"
            if h.note:
                label += f"\n    {h.note}"
            if h.id in orphan_ids:
                label = "⚠ not found in the current text — " + label
            item = QListWidgetItem(label)
            item.setData(HighlightIdRole, h.id)
            light, dark_color = colors.get(h.color, next(iter(colors.values())))
            item.setData(Qt.ItemDataRole.DecorationRole, QColor(dark_color if dark else light))
            item.setToolTip(shown)
            self.highlight_list.addItem(item)

    def highlight_labels(self) -> list[str]:
        return [self.highlight_list.item(i).text() for i in range(self.highlight_list.count())]

    def _on_highlight_item(self, item: QListWidgetItem) -> None:
        self.highlightActivated.emit(item.data(HighlightIdRole))

    def _with_selected(self, signal) -> None:
        item = self.highlight_list.currentItem()
        if item is not None:
            signal.emit(item.data(HighlightIdRole))
