"""The article list: a model over the library's summaries and a proxy for filtering."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from viewer.core.model import ArticleSummary

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
SubtitleRole = Qt.ItemDataRole.UserRole + 2
SummaryRole = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractListModel):
    """One row per article; holds summaries only, never bodies."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleSummary] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_articles(self, summaries: list[ArticleSummary]) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return s.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (s.title, subtitle(s)) if x)
        if role == Qt.ItemDataRole.FontRole:
            return None if s.is_read else self._bold
        if role == ArticleIdRole:
            return s.id
        if role == SubtitleRole:
            return subtitle(s)
        if role == SummaryRole:
            return s
        return None

    def row_of(self, article_id: int) -> int:
        for row, s in enumerate(self._rows):
            if s.id == article_id:
                return row
        return -1

    def mark_read(self, article_id: int, read: bool = True) -> None:
        row = self.row_of(article_id)
        if row >= 0 and self._rows[row].is_read != read:
            self._rows[row].is_read = read
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.FontRole])


def subtitle(s: ArticleSummary) -> str:
    date = (s.published or s.imported_at or "")[:10]
    return " · ".join(x for x in (s.source, date) if x)


class ArticleFilterModel(QSortFilterProxyModel):
    """Filters the list by a case-insensitive text over title and source."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        s: ArticleSummary = index.data(SummaryRole)
        hay = " ".join(x for x in (s.title, s.source or "", s.author or "") if x).casefold()
        return self._needle in hay
