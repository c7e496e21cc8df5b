"""The entity panel: what the clicked name is, where it stands here, which articles mention it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES
from viewer.core.palette import ENTITY_COLORS

RangeRole = Qt.ItemDataRole.UserRole + 1
ArticleRole = Qt.ItemDataRole.UserRole + 2


class EntityPanel(QWidget):
    mentionActivated = Signal(int, int)  # start, end in the shown document
    articleActivated = Signal(int)
    retypeRequested = Signal(str, str)  # surface, type
    notEntityRequested = Signal(str)  # surface
    closeRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("entityPanel")
        self.entity_id: int | None = None
        self.surface = ""
        self.canonical = ""
        self.name_label = QLabel()
        self.name_label.setObjectName("entityName")
        self.name_label.setTextFormat(Qt.TextFormat.RichText)
        self.name_label.setWordWrap(True)
        self.alias_label = QLabel()
        self.alias_label.setWordWrap(True)
        self.mention_list = QListWidget()
        self.mention_list.setObjectName("mentionList")
        self.mention_list.itemClicked.connect(self._on_mention)
        self.mention_list.itemActivated.connect(self._on_mention)
        self.article_list = QListWidget()
        self.article_list.setObjectName("otherArticles")
        self.article_list.itemClicked.connect(self._on_article)
        self.article_list.itemActivated.connect(self._on_article)
        self.type_combo = QComboBox()
        for t in ENTITY_TYPES:
            self.type_combo.addItem(ENTITY_LABELS[t], t)
        retype = QPushButton("Retype")
        retype.clicked.connect(
            lambda: self.retypeRequested.emit(self.surface, self.type_combo.currentData()))
        not_entity = QPushButton("Not an entity")
        not_entity.clicked.connect(lambda: self.notEntityRequested.emit(self.surface))
        close = QPushButton("Close")
        close.clicked.connect(self.closeRequested.emit)

        lay = QVBoxLayout(self)
        lay.addWidget(self.name_label)
        lay.addWidget(self.alias_label)
        lay.addWidget(QLabel("In this article"))
        lay.addWidget(self.mention_list, 2)
        lay.addWidget(QLabel("Other articles"))
        lay.addWidget(self.article_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.type_combo)
        row.addWidget(retype)
        row.addWidget(not_entity)
        lay.addLayout(row)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(close)
        lay.addLayout(row2)

    def show_entity(self, entity_id: int, entity_type: str, canonical: str, surface: str,
                    aliases: list[str], ranges: list[tuple[int, int]], text: str,
                    others: list[tuple[int, str]], dark: bool) -> None:
        """Show one entity: its name and type, its mentions here (`ranges` in `text`), other articles."""
        self.entity_id, self.surface, self.canonical = entity_id, surface, canonical
        color = ENTITY_COLORS.get(entity_type, ("#ddd", "#444"))[1 if dark else 0]
        self.name_label.setText(
            f'<span style="font-size:15pt; font-weight:600">{html.escape(canonical)}</span><br>'
            f'<span style="background-color:{color}">&nbsp;{ENTITY_LABELS.get(entity_type, entity_type)}'
            f"&nbsp;</span>"
        )
        others_names = [a for a in aliases if a != canonical]
        self.alias_label.setText("Also: " + ", ".join(others_names) if others_names else "")
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(entity_type)))
        self.mention_list.clear()
        for start, end in ranges:
            left = text[max(0, start - 24):start].replace("\n", " ")
            right = text[end:end + 24].replace("\n", " ")
            item = QListWidgetItem(f"…{left}[{text[start:end]}]{right}…")
            item.setData(RangeRole, (start, end))
            self.mention_list.addItem(item)
        if not ranges:  # opened from a note's [[link]]
            self.mention_list.addItem(QListWidgetItem("(not in this article)"))
        self.article_list.clear()
        for article_id, title in others:
            item = QListWidgetItem(title)
            item.setData(ArticleRole, article_id)
            self.article_list.addItem(item)
        if not others:
            self.article_list.addItem(QListWidgetItem("(no other article)"))

    def _on_mention(self, item: QListWidgetItem) -> None:
        rng = item.data(RangeRole)
        if rng:
            self.mentionActivated.emit(*rng)

    def _on_article(self, item: QListWidgetItem) -> None:
        aid = item.data(ArticleRole)
        if aid is not None:
            self.articleActivated.emit(aid)
