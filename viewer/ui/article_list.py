"""The article list: a model over the library's summaries and a proxy for filtering."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from viewer.core.model import ArticleSummary

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
SubtitleRole = Qt.ItemDataRole.UserRole + 2
SummaryRole = Qt.ItemDataRole.UserRole + 3
AnnotatedRole = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractListModel):
    """One row per article; holds summaries only, never bodies."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleSummary] = []
        self._row_by_id: dict[int, int] = {}
        self._annotated: set[int] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_articles(self, summaries: list[ArticleSummary], annotated: set[int] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self._row_by_id = {s.id: row for row, s in enumerate(self._rows)}
        self._annotated = set(annotated or ())
        self.endResetModel()

    def append_articles(self, summaries: list[ArticleSummary]) -> None:
        """Add rows at the end (the next page of the list); articles already listed are skipped."""
        new = [s for s in summaries if s.id not in self._row_by_id]
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        for row, s in enumerate(new, first):
            self._row_by_id[s.id] = row
        self.endInsertRows()

    def set_annotated(self, article_id: int, annotated: bool) -> None:
        if (article_id in self._annotated) == annotated:
            return
        if annotated:
            self._annotated.add(article_id)
        else:
            self._annotated.discard(article_id)
        row = self.row_of(article_id)
        if row >= 0:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [AnnotatedRole])

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
        if role == AnnotatedRole:
            return s.id in self._annotated
        return None

    def row_of(self, article_id: int) -> int:
        return self._row_by_id.get(article_id, -1)

    def mark_read(self, article_id: int, read: bool = True) -> None:
        row = self.row_of(article_id)
        if row >= 0 and self._rows[row].is_read != read:
            self._rows[row].is_read = read
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.FontRole])


class ArticleDelegate(QStyledItemDelegate):
    """Two lines per article: the title (bold while unread), then source · date; a dot marks notes."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, fm.height() * 2 + self.PAD * 2 + 2)

    def paint(self, painter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else None
        text = opt.text
        opt.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        fg = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        rect = opt.rect.adjusted(self.PAD + 10, self.PAD, -self.PAD, -self.PAD)
        painter.save()
        title_font = QFont(opt.font)
        title_font.setBold(not index.data(SummaryRole).is_read)
        fm = QFontMetrics(title_font)
        painter.setFont(title_font)
        painter.setPen(fg)
        line = QRect(rect.left(), rect.top(), rect.width(), fm.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(opt.font)
        painter.setPen(muted)
        sub = QRect(rect.left(), rect.top() + fm.height() + 2, rect.width(), fm.height())
        painter.drawText(sub, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(opt.font).elidedText(index.data(SubtitleRole) or "",
                                                           Qt.TextElideMode.ElideRight, rect.width()))
        if index.data(AnnotatedRole):
            painter.setBrush(pal.color(QPalette.ColorRole.Link) if not selected else fg)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(opt.rect.left() + 5, line.center().y() - 3, 6, 6)
        painter.restore()


def subtitle(s: ArticleSummary) -> str:
    date = (s.published or s.imported_at or "")[:10]
    return " · ".join(x for x in (s.source, date) if x)


class ArticleFilterModel(QSortFilterProxyModel):
    """Filters the list by a case-insensitive text over title and source."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._allowed: set[int] | None = None

    def set_allowed(self, ids: set[int] | None) -> None:
        """Show only these articles (None: all), e.g. those passing the search filters."""
        self.beginFilterChange()
        self._allowed = None if ids is None else set(ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._allowed is None and not self._needle:
            return True  # the common case, asked once per row on every reset
        index = self.sourceModel().index(source_row, 0, source_parent)
        s: ArticleSummary = index.data(SummaryRole)
        if self._allowed is not None and s.id not in self._allowed:
            return False
        if not self._needle:
            return True
        hay = " ".join(x for x in (s.title, s.source or "", s.author or "") if x).casefold()
        return self._needle in hay
