"""The article list: reading it (a long one in pages, in the background), the filter box, sorting,
and following what other processes add."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.core.store import DatabaseError
from viewer.core.store.library import LAST_ARTICLE, Library
from viewer.ui.article_list import (
    ArticleDelegate,
    ArticleFilterModel,
    ArticleListModel,
    haystack,
)
from viewer.ui.search_panel import SearchPanel
from viewer.ui.tasks import Task
from viewer.ui.wording import counted

log = logging.getLogger("viewer.window")

SORTS = (("published", "Newest first"), ("title", "Title"), ("source", "Source"), ("imported", "Imported"))


class ListPane:
    """Part of MainWindow (viewer/ui/main_window/window.py): the list pane methods."""

    def _build_list_pane(self) -> None:
        self.model = ArticleListModel(self)
        self.proxy = ArticleFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(placeholderText="Filter by title, source, author")
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setClearButtonEnabled(True)
        # a long list is filtered once typing pauses (~0.1 s a pass at 100,000 articles)
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(lambda: self.proxy.set_filter_text(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(self._on_filter_text)
        self.sort_combo = QComboBox()
        for key, label in SORTS:
            self.sort_combo.addItem(label, key)
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.reload_list())
        self.list_view = QListView()
        self.list_view.setObjectName("articleList")
        self.list_view.setModel(self.proxy)
        self.list_view.setItemDelegate(ArticleDelegate(self.list_view))
        self.list_view.setUniformItemSizes(True)
        self.list_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list_view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.search = SearchPanel()
        self.search.queryChanged.connect(self.run_search)
        self.search.filtersChanged.connect(self.apply_filters)
        self.search.hitActivated.connect(self.open_hit)
        self.search.cleared.connect(lambda: self.list_stack.setCurrentWidget(self.list_page))
        self.list_page = QWidget()
        pl = QVBoxLayout(self.list_page)
        pl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 2)
        row.addWidget(self.sort_combo, 1)
        pl.addLayout(row)
        pl.addWidget(self.list_view)
        results_page = QWidget()
        rl = QVBoxLayout(results_page)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.search.status)
        rl.addWidget(self.search.results)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.list_page)
        self.list_stack.addWidget(results_page)
        self.list_pane = QWidget()
        lay = QVBoxLayout(self.list_pane)
        lay.setContentsMargins(6, 6, 0, 6)
        lay.addWidget(self.search)
        lay.addWidget(self.list_stack)
        self._search_generation = 0
        self._search_task: Task | None = None

    def reload_list(self, select_id: int | None = None, defer_select: bool = False) -> None:
        """Read the list again: a large one's first page now, the rest in the background.

        With `defer_select` the article to show is opened on the next turn of the event loop, so
        that reading the list and rendering the article are two short stalls, not one long one.
        """
        keep = select_id if select_id is not None else self.current_id
        if keep is None:
            last = self.library.setting(LAST_ARTICLE)
            keep = int(last) if last and last.isdigit() else None
        order = self.sort_combo.currentData() or "published"
        self._list_load += 1
        self._list_signature = self.library.list_signature()
        self._article_count = self.library.count()
        paged = self._article_count > self.LIST_SYNC_MAX
        first = self.library.summaries(order, limit=self.LIST_PAGE if paged else None)
        self.model.set_articles(first, self.library.articles_with_annotations())
        self.show_empty_library(self._article_count == 0)
        self.show_article_count()
        self.search.set_sources(self.library.sources())
        self.search.set_sites(self.library.sites())
        self.refresh_keeping()
        self.refresh_entity_index()
        self._pending_select = None
        if paged and len(first) == self.LIST_PAGE:
            self._load_rest_of_list(order, self._list_load)
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and keep is not None and self.list_loading and self.library.get(keep) is not None:
            # further down the list than the first page: open it now, select it when it arrives
            self._pending_select = keep
            if keep != self.current_id:
                if defer_select:
                    QTimer.singleShot(0, lambda: self.show_article(keep))
                else:
                    self.show_article(keep)
            return
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row))
            if defer_select:  # the row may move or go before then: hold it persistently
                held = QPersistentModelIndex(index)
                QTimer.singleShot(0, lambda: held.isValid() and self.list_view.setCurrentIndex(
                    QModelIndex(held)))
            else:
                self.list_view.setCurrentIndex(index)

    def check_external_changes(self) -> None:
        """Show what another process changed: new articles in the list, this article's note."""
        try:
            version = self.library.data_version()
            if version == self._data_version:
                return
            self._data_version = version
            signature = self.library.list_signature()
            if signature != self._list_signature and self._import_task is None and not self.list_loading:
                self.reload_list()
            if self.current_id is not None:
                self.notes.external_change(self.library.note(self.current_id))
        except DatabaseError as exc:  # a busy or vanished library: try again next time
            log.info("could not look for changes: %s", exc)

    def _on_filter_text(self, text: str) -> None:
        if self.model.rowCount() > self.FILTER_NOW_MAX:
            self._filter_timer.start()
        else:
            self._filter_timer.stop()
            self.proxy.set_filter_text(text)

    @property
    def list_loading(self) -> bool:
        """True while the rest of the list is still being read in the background."""
        return self._list_loading_id == self._list_load

    def show_article_count(self) -> None:
        if time.monotonic() < getattr(self, "_status_held_until", 0.0):
            return  # a report the user should read first ("3 moved to the Trash — Undo: Ctrl+Z")
        text = counted(self._article_count, "article")
        shown = self.proxy.rowCount()
        if shown != self._article_count and self.model.rowCount() == self._article_count:  # filtered
            text = f"{shown:,} shown of {text}"
        self.status_label.setText(text)

    def say(self, text: str, hold: float = 6.0) -> None:
        """A report in the status line that the article count does not replace for `hold` seconds."""
        self.status_label.setText(text)
        self._status_held_until = time.monotonic() + hold

    def _load_rest_of_list(self, order: str, load: int) -> None:
        offset = self.LIST_PAGE

        def work(lib: Library, _task: Task):
            rows = lib.summaries(order, offset=offset)
            return rows, [haystack(s) for s in rows]

        self._list_loading_id = load
        task = self.runner.library_op("list", self.library.path, work, read_only=True)
        task.finished.connect(lambda result: self._add_list_rows(*result, load, 0))
        task.failed.connect(lambda message: self._list_failed(message, load))

    def _add_list_rows(self, rows: list, haystacks: list[str], load: int, start: int) -> None:
        if load != self._list_load:
            return  # a newer reload replaced this one
        end = start + self.LIST_CHUNK
        self.model.append_articles(rows[start:end], haystacks[start:end])
        if end < len(rows):
            QTimer.singleShot(0, lambda: self._add_list_rows(rows, haystacks, load, end))
            return
        self._list_loading_id = 0
        pending, self._pending_select = self._pending_select, None
        if pending is not None and pending == self.current_id and self.model.row_of(pending) >= 0:
            index = self.proxy.mapFromSource(self.model.index(self.model.row_of(pending)))
            if index.isValid():
                self.list_view.setCurrentIndex(index)
                self.list_view.scrollTo(index)
        self.list_loaded.emit()

    def _list_failed(self, message: str, load: int) -> None:
        if load == self._list_load:
            self._list_loading_id = 0
            self.status_label.setText(f"Could not read the whole article list: {message.splitlines()[0]}")
