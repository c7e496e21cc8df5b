"""The search field over the article list: full-text results with marked snippets, and filters."""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.store.search import SearchFilters, SearchHit

DEBOUNCE_MS = 250
HitRole = Qt.ItemDataRole.UserRole + 1


class SearchPanel(QWidget):
    """Emits `queryChanged` (debounced) and `filtersChanged`; shows hits given to `show_hits`."""

    queryChanged = Signal(str)
    filtersChanged = Signal()
    hitActivated = Signal(object)  # SearchHit
    cleared = Signal()
    entityFilterCleared = Signal()  # the user removed the entity filter (its chip's ×)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(placeholderText="Search the library (Ctrl+K)")
        self.edit.setObjectName("searchEdit")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._on_text)
        self.edit.returnPressed.connect(self.open_current)
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("sourceFilter")
        self.source_combo.addItem("All sources", None)
        self.source_combo.currentIndexChanged.connect(lambda _i: self.filtersChanged.emit())
        self.site_combo = QComboBox()
        self.site_combo.setObjectName("siteFilter")
        self.site_combo.addItem("All sites", None)
        self.site_combo.setToolTip("Only articles captured from this web site")
        self.site_combo.currentIndexChanged.connect(lambda _i: self.filtersChanged.emit())
        self.site_combo.hide()  # shown once an article has a web address (set_sites)
        for combo in (self.source_combo, self.site_combo):
            # A long outlet or host name must not widen the sidebar past the reading pane.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.notes_box = QCheckBox("Notes")
        self.highlights_box = QCheckBox("Highlights")
        self.unread_box = QCheckBox("Unread")
        for box in (self.notes_box, self.highlights_box, self.unread_box):
            box.toggled.connect(lambda _on: self.filtersChanged.emit())
        # The Index tab's filter as a chip: "Mentions “X”" and a × that removes it.
        self.entity_chip = FilterChip("Clear the entity filter")
        self.entity_chip.setObjectName("entityChip")
        self.entity_chip.clearClicked.connect(self.clear_entity_filter)
        self.entity_chip.hide()
        self.entity_label = self.entity_chip.label
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)
        self.status = QLabel()
        self.entity_ids: list[int] = []
        self._shown_query = ""
        self._open_when_ready = False

        # The two lists on one row, the switches on the next: side by side they made the sidebar
        # ~430 px at least, and a window 800 px wide left the reading pane a strip.
        choices = QHBoxLayout()
        choices.setContentsMargins(0, 0, 0, 0)
        choices.addWidget(self.source_combo, 1)
        choices.addWidget(self.site_combo, 1)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.notes_box)
        filters.addWidget(self.highlights_box)
        filters.addWidget(self.unread_box)
        filters.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit)
        lay.addLayout(choices)
        lay.addLayout(filters)
        lay.addWidget(self.entity_chip)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.queryChanged.emit(self.query()))

    def query(self) -> str:
        return self.edit.text().strip()

    def set_sources(self, sources: list[str]) -> None:
        _fill_filter(self.source_combo, "All sources", sources)

    def set_sites(self, sites: list[str]) -> None:
        _fill_filter(self.site_combo, "All sites", sites)
        self.site_combo.setVisible(bool(sites))  # nothing to choose from until an article has an address

    def set_entity_filter(self, entity_ids: list[int], names: list[str]) -> None:
        """Narrow to articles that mention all these entities (none: no entity filter)."""
        text = "Mentions " + " and ".join(f"“{n}”" for n in names) if names else ""
        if list(entity_ids) == self.entity_ids and text == self.entity_chip.label.text():
            return  # (the Index tab says so again after the chip's × cleared it)
        self.entity_ids = list(entity_ids)
        self.entity_chip.set_text(text)
        self.entity_chip.setVisible(bool(names))
        self.filtersChanged.emit()

    def clear_entity_filter(self) -> None:
        """The chip's × (or Esc): no entity filter; the Index tab is told to select nothing."""
        if not self.entity_ids and self.entity_chip.isHidden():
            return
        self.set_entity_filter([], [])
        self.entityFilterCleared.emit()

    def filters(self) -> SearchFilters:
        return SearchFilters(
            source=self.source_combo.currentData(),
            site=self.site_combo.currentData(),
            has_notes=self.notes_box.isChecked(),
            has_highlights=self.highlights_box.isChecked(),
            unread=self.unread_box.isChecked(),
            entity_ids=list(self.entity_ids),
        )

    def _on_text(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            self.results.clear()
            self._shown_query = ""
            self.cleared.emit()
            return
        self._timer.start()  # typing never waits for a search; the last pause runs one

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        """Results for `query` (ignored if the field has moved on)."""
        if query != self.query():
            return
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(HitRole, hit)
            label = QLabel(self._hit_html(hit))
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(6, 4, 6, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(label.sizeHint())
            item.setToolTip(hit.title)
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        self._shown_query = query
        if hits:
            self.results.setCurrentRow(0)
        self.status.setText(f"{len(hits)} found" if hits else f"Nothing found for “{query}”")
        if self._open_when_ready:
            self._open_when_ready = False
            self.open_current()

    @staticmethod
    def _hit_html(hit: SearchHit) -> str:
        parts, pos = [], 0
        for s, e in hit.marks:
            parts += [html.escape(hit.snippet[pos:s]), "<b style='background-color:#ffe066; color:#000'>",
                      html.escape(hit.snippet[s:e]), "</b>"]
            pos = e
        parts.append(html.escape(hit.snippet[pos:]))
        source = f" <span style='color:gray'>· {html.escape(hit.source)}</span>" if hit.source else ""
        return f"<b>{html.escape(hit.title)}</b>{source}<br><small>{''.join(parts)}</small>"

    def hit_titles(self) -> list[str]:
        return [self.results.item(i).data(HitRole).title for i in range(self.results.count())]

    def open_current(self) -> None:
        """Enter: open the selected hit, or the first one as soon as the search answers."""
        if self._timer.isActive() or self._shown_query != self.query():
            self._open_when_ready = True
            if self._timer.isActive():
                self._timer.stop()
                self.queryChanged.emit(self.query())
            return
        item = self.results.currentItem() or (self.results.item(0) if self.results.count() else None)
        if item is not None:
            self._activate(item)

    def _activate(self, item: QListWidgetItem) -> None:
        self.hitActivated.emit(item.data(HitRole))


class FilterChip(QWidget):
    """A filter shown as a rounded label with a × that removes it."""

    clearClicked = Signal()

    def __init__(self, clear_tip: str, parent=None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 1, 2, 1)
        lay.setSpacing(2)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QToolButton(text="×", autoRaise=True)
        self.button.setObjectName("chipClear")
        self.button.setToolTip(f"{clear_tip} (Esc)")
        self.button.setAccessibleName(clear_tip)
        self.button.clicked.connect(self.clearClicked.emit)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A rounded outline in the theme's colours (painted: a style sheet would keep the colours of
        the theme it was set under)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.setBrush(self.palette().button())
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = min(10.0, rect.height() / 2)
        painter.drawRoundedRect(rect, radius, radius)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setToolTip(text)


def _fill_filter(combo: QComboBox, everything: str, values: list[str]) -> None:
    """A filter's choices, keeping the chosen one if it is still there (no signal meanwhile)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for value in values:
        combo.addItem(value, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
