"""The reading pane: the rendered article with entity colours, highlights, zoom and position."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QKeyEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip

from viewer.core.anchoring import Selector, body_selector, place_highlights, reading_map
from viewer.core.model import ENTITY_TYPES, Article
from viewer.core.palette import HIGHLIGHT_COLORS
from viewer.core.render import article_html
from viewer.core.store.library import Highlight
from viewer.ui import theme

HIGHLIGHT_ID = QTextFormat.Property.UserProperty + 1
BASE_POINT_SIZE = 12.0
ANCHOR_CHARS = 40  # text at the top of the view looked for again after a re-render
# (offset of the first character at the top, the text from there, how far into its line the view starts)
Anchor = tuple[int, str, float]


class ReaderView(QTextBrowser):
    """Shows one article; says when an entity, a restore link or the scroll position changes."""

    entityClicked = Signal(int)
    restoreClicked = Signal(int)
    editRequested = Signal()  # the link under a title made from the first sentence
    positionChanged = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setMouseTracking(True)
        self.document().setDocumentMargin(28)
        self.document().setUndoRedoEnabled(False)  # highlight colours are edits; nothing to undo
        self.anchorClicked.connect(self._on_anchor)
        self.article: Article | None = None
        self.dark = False
        self.zoom = 0  # steps of one point
        self.highlight_ranges: dict[int, tuple[int, int]] = {}
        self.orphans: list[Highlight] = []
        self._flash: QTextEdit.ExtraSelection | None = None
        self.highlight_notes: dict[int, str] = {}
        self._search_selections: list[QTextEdit.ExtraSelection] = []
        self._scroll_timer = QTimer(self, singleShot=True, interval=400)
        self._scroll_timer.timeout.connect(self._emit_position)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._scroll_timer.start())
        self._apply_font()

    # --- content -------------------------------------------------------------------------

    def show_article(
        self,
        article: Article,
        mentions: list,
        highlights: list[Highlight],
        enabled_types=ENTITY_TYPES,
        show_removed: bool = False,
        keep_scroll: bool = False,
    ) -> None:
        """Render an article; with keep_scroll, the text at the top of the view stays there."""
        same = self.article is not None and self.article.id == article.id
        anchor = self.reading_anchor() if keep_scroll and same else None
        self._scroll_timer.stop()
        if self.article is None or self.article.id != article.id:
            self._search_selections = []
        self.article = article
        self.document().setDefaultStyleSheet(theme.reader_css(self.dark))
        self.setHtml(article_html(article, mentions, enabled_types, self.dark, show_removed))
        self.apply_highlights(highlights)
        if anchor is not None:
            self.keep_anchor(anchor)
        self._scroll_timer.stop()

    def plain_text(self) -> str:
        return self.document().toPlainText()

    def apply_highlights(self, highlights: list[Highlight]) -> None:
        """Colour each highlight where its quote stands in the freshly set document; those that
        cannot be found become orphans.

        The colours go into the document's own character formats, in one edit block: extra
        selections would make Qt lay out the whole document at once (tens of milliseconds on a
        long article), while a format change leaves the layout lazy.
        """
        text = self.plain_text()
        self.highlight_ranges, self.orphans, self.highlight_notes = {}, [], {}
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        body = self.article.body if self.article is not None else text
        placed = place_highlights(body, text, [h.selector for h in highlights])
        for h, found in zip(highlights, placed, strict=True):
            if found is None:
                self.orphans.append(h)
                continue
            self.highlight_ranges[h.id] = found
            self.highlight_notes[h.id] = h.note
            cursor.setPosition(found[0])
            cursor.setPosition(found[1], QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            light, dark = HIGHLIGHT_COLORS.get(h.color, HIGHLIGHT_COLORS["yellow"])
            fmt.setBackground(QColor(dark if self.dark else light))
            fmt.setProperty(HIGHLIGHT_ID, h.id)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    def highlight_color_at(self, offset: int) -> QColor | None:
        """The background a highlight gives the character at offset, or None if none covers it."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(offset + 1)
        fmt = cursor.charFormat()
        return fmt.background().color() if fmt.hasProperty(HIGHLIGHT_ID) else None

    def mark_terms(self, terms: list[str]) -> tuple[int, int] | None:
        """Mark every occurrence of the search terms; return the first one's range."""
        text = self.plain_text().casefold()
        selections, first = [], None
        for term in terms:
            needle = term.casefold()
            if not needle:
                continue
            pos = text.find(needle)
            while pos >= 0:
                cursor = QTextCursor(self.document())
                cursor.setPosition(pos)
                cursor.setPosition(pos + len(needle), QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setBackground(QColor("#ffe066"))
                fmt.setForeground(QColor("#000000"))
                sel = QTextEdit.ExtraSelection()
                sel.cursor, sel.format = cursor, fmt
                selections.append(sel)
                if first is None or pos < first[0]:
                    first = (pos, pos + len(needle))
                pos = text.find(needle, pos + len(needle))
        self._search_selections = selections
        self._refresh_extra()
        return first

    def _refresh_extra(self) -> None:
        extra = list(self._search_selections)
        if self._flash is not None:
            extra.append(self._flash)
        self.setExtraSelections(extra)

    def selected_range(self) -> tuple[int, int] | None:
        """The selection in the reading text, white space at its edges left out (a double-click-and-
        drag does not catch the newline), or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        text = self.plain_text()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def selected_text(self) -> str:
        """What the user selected, as shown."""
        found = self.selected_range()
        return self.plain_text()[found[0]:found[1]] if found else ""

    def selection_selector(self) -> Selector | None:
        """The selection as a highlight selector in body coordinates (see viewer.core.anchoring),
        or None when nothing of the body is selected (the title or meta line cannot be highlighted)."""
        found = self.selected_range()
        if found is None or self.article is None:
            return None
        return body_selector(self.article.body, self.plain_text(), *found)

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def find_text(self, needle: str) -> tuple[int, int] | None:
        """Where text first stands in the shown document."""
        pos = self.plain_text().find(needle)
        return None if pos < 0 else (pos, pos + len(needle))

    def jump_to(self, start: int, end: int, flash: bool = True) -> None:
        """Scroll a range into view and flash it briefly."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        if flash:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ff922b"))
            fmt.setForeground(QColor("#000000"))
            sel = QTextEdit.ExtraSelection()
            sel.cursor, sel.format = QTextCursor(cursor), fmt
            self._flash = sel
            self._refresh_extra()
            QTimer.singleShot(900, self._end_flash)

    def _end_flash(self) -> None:
        self._flash = None
        self._refresh_extra()

    def entity_ranges(self, entity_id: int | None = None) -> list[tuple[int, int, int, QColor]]:
        """(start, end, entity id, background) of every entity shown, in document order."""
        out = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                href = frag.charFormat().anchorHref()
                if frag.isValid() and href.startswith("entity:"):
                    eid = int(href.split(":", 1)[1])
                    if entity_id is None or eid == entity_id:
                        start, end = frag.position(), frag.position() + frag.length()
                        if out and out[-1][2] == eid and out[-1][1] == start:
                            out[-1] = (out[-1][0], end, eid, out[-1][3])  # one span, split formats
                        else:
                            out.append((start, end, eid, frag.charFormat().background().color()))
                it += 1
            block = block.next()
        return out

    def entity_at(self, pos: QPoint) -> int | None:
        """The entity id under a viewport position, if any."""
        href = self.anchorAt(pos)
        if href.startswith("entity:"):
            try:
                return int(href.split(":", 1)[1])
            except ValueError:
                return None
        return None

    def body_paragraph_at(self, pos: QPoint) -> int | None:
        """The index of the body paragraph (as the library splits the body) under a viewport
        position; None over the title and meta line, or over removed text shown greyed."""
        if self.article is None or not self.article.body:
            return None
        cursor = self.cursorForPosition(pos)
        it = cursor.block().begin()
        while not it.atEnd():  # a removed block starts with its Restore link
            if it.fragment().charFormat().anchorHref().startswith("restore:"):
                return None
            it += 1
        text, body = self.plain_text(), self.article.body
        mapping = reading_map(body, text)
        offset = cursor.position()
        if offset < mapping.origin:
            return None
        return body.count("\n\n", 0, mapping.to_body[min(offset, len(text))])

    def highlight_at(self, pos: QPoint) -> int | None:
        offset = self.cursorForPosition(pos).position()
        for hid, (start, end) in self.highlight_ranges.items():
            if start <= offset < end:
                return hid
        return None

    # --- links, tooltips, resources --------------------------------------------------------

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "entity":
            self.entityClicked.emit(int(url.path() or url.toString().split(":", 1)[1]))
        elif scheme == "edit":
            self.editRequested.emit()
        elif scheme == "restore":
            self.restoreClicked.emit(int(url.path() or url.toString().split(":", 1)[1]))
        elif scheme in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)  # only ever after the user's click

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt override
        return None  # nothing remote or local is ever fetched for an article

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            pos = self.viewport().mapFromGlobal(e.globalPos())
            tip = self.cursorForPosition(pos).charFormat().toolTip()
            hid = self.highlight_at(pos)
            if hid is not None:
                note = self.highlight_notes.get(hid, "")
                tip = "\n".join(t for t in (tip, note) if t)
            if tip:
                QToolTip.showText(e.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    # --- zoom and position -----------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        self.dark = dark

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(self.zoom + steps)

    def set_zoom(self, zoom: int) -> None:
        """Set the zoom (steps of one point); the text at the top of the view stays there."""
        anchor = self.reading_anchor() if self.article is not None else None
        self.zoom = max(-6, min(20, zoom))
        self._apply_font()
        if anchor is not None:
            self.keep_anchor(anchor)

    def _apply_font(self) -> None:
        font = self.document().defaultFont()
        font.setFamilies(theme.UI_FONT_FAMILIES)
        font.setPointSizeF(BASE_POINT_SIZE + self.zoom)
        self.document().setDefaultFont(font)

    def position(self) -> float:
        """How far through the article the top of the view is, as a fraction of its characters."""
        count = max(1, self.document().characterCount() - 1)
        return self.cursorForPosition(QPoint(0, 0)).position() / count

    def set_position(self, fraction: float) -> None:
        """Scroll so that the character at this fraction is at the top (zoom and width may differ)."""
        doc = self.document()
        pos = max(0, min(doc.characterCount() - 1, round(fraction * max(1, doc.characterCount() - 1))))
        self._scroll_to(self._line_box(pos)[0])
        self._scroll_timer.stop()

    def reading_anchor(self) -> Anchor:
        """Where the reader is: the first character at the top of the view, the text from there,
        and how far into its line the view begins (in lines)."""
        offset = self.cursorForPosition(QPoint(0, 0)).position()
        top, height = self._line_box(offset)
        into = max(0.0, min(1.0, (self.verticalScrollBar().value() - top) / height)) if height > 0 else 0.0
        return offset, self.plain_text()[offset:offset + ANCHOR_CHARS], into

    def keep_anchor(self, anchor: Anchor) -> None:
        """Scroll back to an anchor after a zoom, a new theme or a re-render: its text, found again
        nearest to where it was (a paragraph may have come or gone above it), is at the top."""
        offset, snippet, into = anchor
        text = self.plain_text()
        if text[offset:offset + len(snippet)] != snippet:
            offset = _nearest(text, snippet, offset)
            if offset is None:
                offset = _nearest(text, snippet[:12], anchor[0]) if snippet[:12].strip() else None
            offset = anchor[0] if offset is None else offset
        top, height = self._line_box(max(0, min(offset, len(text))))
        self._scroll_to(top + into * height)

    def _line_box(self, pos: int) -> tuple[float, float]:
        """The top (document y) and height of the line that holds the character at pos.

        Asking for the block's rectangle lays the document out up to it (Qt lays out lazily)."""
        doc = self.document()
        block = doc.findBlock(pos)
        top = doc.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        if layout is None or not layout.lineCount():
            return top, 0.0
        line = layout.lineForTextPosition(max(0, pos - block.position()))
        if not line.isValid():
            line = layout.lineAt(layout.lineCount() - 1)
        return top + line.y(), line.height()

    def _scroll_to(self, y: float, tries: int = 5) -> None:
        """Scroll the view's top to document y; while the lazily laid-out document is shorter
        than that, once more when it has grown."""
        bar, article = self.verticalScrollBar(), self.article
        bar.setValue(round(y))
        if bar.value() < round(y) and bar.value() == bar.maximum() and tries:
            QTimer.singleShot(20, self, lambda: self.article is article and self._scroll_to(y, tries - 1))

    # --- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Ctrl+Home and Ctrl+End go to the start and the end of the article (the view is read-only,
        so Qt's text navigation does nothing here)."""
        if e.matches(QKeySequence.StandardKey.MoveToStartOfDocument):
            self.go_to(start=True)
        elif e.matches(QKeySequence.StandardKey.MoveToEndOfDocument):
            self.go_to(start=False)
        else:
            super().keyPressEvent(e)

    def go_to(self, start: bool) -> None:
        """Show the start (the title) or the end of the article."""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.Start if start else QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        if start:
            bar.setValue(0)
            return
        self.ensureCursorVisible()  # lays the document out to its end
        # The scroll range follows the lazy layout a moment later: go on to its end then.
        QTimer.singleShot(0, self, lambda: bar.setValue(bar.maximum()))

    def first_visible_text(self, length: int = 20) -> str:
        start = self.cursorForPosition(QPoint(0, 0)).position()
        return self.plain_text()[start:start + length]

    def _emit_position(self) -> None:
        if self.article is not None:
            self.positionChanged.emit(self.position())

    def flush_position(self) -> None:
        """Report a pending position now (before switching article or closing)."""
        if self._scroll_timer.isActive():
            self._scroll_timer.stop()
            self._emit_position()


def _nearest(text: str, needle: str, offset: int, limit: int = 200) -> int | None:
    """The occurrence of needle in text nearest to offset (of the first `limit`), or None."""
    if not needle:
        return None
    best, pos, seen = None, text.find(needle), 0
    while pos >= 0 and seen < limit:
        if best is None or abs(pos - offset) < abs(best - offset):
            best = pos
        pos, seen = text.find(needle, pos + 1), seen + 1
    return best
