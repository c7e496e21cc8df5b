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
        self._haystacks: list[str] = []  # per row, what the filter box searches; built on first use
        self._row_by_id: dict[int, int] = {}
        self._annotated: set[int] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_articles(self, summaries: list[ArticleSummary], annotated: set[int] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self._haystacks = []
        self._row_by_id = {s.id: row for row, s in enumerate(self._rows)}
        self._annotated = set(annotated or ())
        self.endResetModel()

    def append_articles(self, summaries: list[ArticleSummary], haystacks: list[str] | None = None) -> None:
        """Add rows at the end (the next page of the list); articles already listed are skipped.

        `haystacks` (see haystacks(), one per summary) can be worked out off the GUI thread.
        """
        self.haystacks()  # rows so far, so the new ones line up
        known = self._row_by_id
        keep = [i for i, s in enumerate(summaries) if s.id not in known]
        if not keep:
            return
        if len(keep) < len(summaries):
            summaries = [summaries[i] for i in keep]
            haystacks = [haystacks[i] for i in keep] if haystacks else None
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(summaries) - 1)
        self._rows.extend(summaries)
        self._haystacks.extend(haystacks if haystacks else map(haystack, summaries))
        known.update((s.id, row) for row, s in enumerate(summaries, first))
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

    def haystacks(self) -> list[str]:
        """Each row's title, source and author, case-folded: what the filter box matches."""
        rows = self._rows
        if len(self._haystacks) < len(rows):
            self._haystacks.extend(map(haystack, rows[len(self._haystacks):]))
        return self._haystacks

    def ids(self) -> list[int]:
        return [s.id for s in self._rows]

    def summaries(self) -> list[ArticleSummary]:
        return self._rows

    def row_of(self, article_id: int) -> int:
        return self._row_by_id.get(article_id, -1)

    def mark_read(self, article_id: int, read: bool = True) -> None:
        row = self.row_of(article_id)
        if row >= 0 and self._rows[row].is_read != read:
            self._rows[row].is_read = read
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.FontRole])

    def summary(self, article_id: int) -> ArticleSummary | None:
        row = self.row_of(article_id)
        return self._rows[row] if row >= 0 else None

    def update_rows(self, article_ids, **values) -> None:
        """Change shown fields (archived, tags, is_read, title, …) of these articles in place."""
        changed = []
        for article_id in article_ids:
            row = self.row_of(article_id)
            if row < 0:
                continue
            for key, value in values.items():
                setattr(self._rows[row], key, list(value) if isinstance(value, list) else value)
            if row < len(self._haystacks):
                self._haystacks[row] = haystack(self._rows[row])
            changed.append(row)
        for row in changed:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [])


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


def haystack(s: ArticleSummary) -> str:
    """What the filter box matches for one article: title, source, author and tags, case-folded."""
    return " ".join(x for x in (s.title, s.source or "", s.author or "", *(f"#{t}" for t in s.tags))
                    if x).casefold()


def subtitle(s: ArticleSummary) -> str:
    # An article with no date of its own shows when it was added, said so: never as if published.
    date = s.published[:10] if s.published else (f"added {s.imported_at[:10]}" if s.imported_at else "")
    tags = " ".join(f"#{t}" for t in s.tags)
    return " · ".join(x for x in (s.source, date, "archived" if s.archived else "", tags) if x)


class ArticleFilterModel(QSortFilterProxyModel):
    """Filters the list by a case-insensitive text over title, source and author, and by a set of
    allowed articles (the search panel's filters).

    Which rows pass is worked out in one pass over the model when a filter changes, so that Qt's
    per-row question is a list lookup: asked 100,000 times, anything more costs a second. A change
    re-maps the list as a whole (invalidate: one layout change, ~70 ms at 100,000 rows) rather than
    row by row, which took up to a second when thousands of scattered rows came or went.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._allowed: set[int] | None = None
        self._state: str | None = None  # "inbox", "archive" or None (both)
        self._tags: list[str] = []  # folded; a row must carry them all
        self._accept: list[bool] | None = None  # per source row; None: every row passes

    def set_state_and_tags(self, state: str | None, tags: list[str]) -> None:
        """Show only the Inbox or the Archive (None: both) and only articles with all these tags.

        Both are read from the rows the list already holds, so changing them queries nothing."""
        folded = [t.casefold() for t in tags]
        if (state, folded) == (self._state, self._tags):
            return
        self._state, self._tags = state, folded
        self.refilter()

    def refilter(self) -> None:
        """Rows changed what they show (archived, tags): work out again which pass."""
        self._accept = None
        self.invalidate()

    def _active(self) -> bool:
        return bool(self._allowed is not None or self._needle or self._state or self._tags)

    def set_allowed(self, ids: set[int] | None) -> None:
        """Show only these articles (None: all), e.g. those passing the search filters."""
        self._allowed = None if ids is None else set(ids)
        self._accept = None
        self.invalidate()

    def set_filter_text(self, text: str) -> None:
        self._needle = text.casefold().strip()
        self._accept = None
        self.invalidate()

    def _acceptance(self) -> list[bool]:
        model: ArticleListModel = self.sourceModel()
        needle, allowed = self._needle, self._allowed
        accept = [needle in hay for hay in model.haystacks()] if needle else [True] * model.rowCount()
        if allowed is not None:
            accept = [ok and aid in allowed for ok, aid in zip(accept, model.ids(), strict=True)]
        if self._state or self._tags:
            archive, tags = self._state == "archive", self._tags
            rows = model.summaries()
            accept = [ok and (self._state is None or s.archived == archive)
                      and all(t in {x.casefold() for x in s.tags} for t in tags)
                      for ok, s in zip(accept, rows, strict=True)]
        return accept

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._active():
            return True  # the common case, asked once per row on every reset
        accept = self._accept
        if accept is None or source_row >= len(accept):  # a new filter, or rows added since
            accept = self._accept = self._acceptance()
        return accept[source_row]
