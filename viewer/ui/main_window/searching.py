"""Searching the library, the filters over the list, the Index tab, moving through the list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer

from viewer.core.store.library import Library
from viewer.ui.article_list import (
    ArticleIdRole,
)
from viewer.ui.tasks import Task


class Searching:
    """Part of MainWindow (viewer/ui/main_window/window.py): the searching methods."""

    def focus_search(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    def run_search(self, query: str) -> Task | None:
        """Search in the background; only the answer to the latest query is shown."""
        if not query:
            return None
        self._search_generation += 1
        generation = self._search_generation
        filters = self.current_filters()
        self.list_stack.setCurrentIndex(1)
        self.search.status.setText("Searching…")
        if self._search_task is not None:
            self._search_task.cancel()  # superseded: it stops, and frees its thread for this one

        def work(lib: Library, task: Task):
            from viewer.core.store.search import SearchCancelled, search

            try:  # (it also brings the index up to date, when it may write)
                return search(lib, query, limit=100, filters=filters, cancelled=task.is_cancelled)
            except SearchCancelled:
                return None

        task = self.runner.library_op("search", self.library.path, work, read_only=not self.writable)
        self._search_task = task

        def show(hits) -> None:
            if hits is not None and generation == self._search_generation:  # older answers dropped
                self.search.show_hits(query, hits)

        task.finished.connect(show)
        task.failed.connect(lambda msg: self.search.status.setText(f"Search failed: {msg.splitlines()[0]}"))
        return task

    def current_filters(self):
        """The search panel's filters with the sidebar's state and checked tags."""
        from dataclasses import replace

        return replace(self.search.filters(), state=self.keeping_filters.state(),
                       tags=self.keeping_filters.checked_tags())

    def apply_filters(self) -> None:
        from viewer.core.store.search import filter_articles

        filters = self.search.filters()  # state and tags the list's rows know: no query for them
        self.proxy.set_allowed(set(filter_articles(self.library, filters)) if filters.active() else None)
        self.proxy.set_state_and_tags(self.keeping_filters.state(), self.keeping_filters.checked_tags())
        self.show_article_count()
        if self.search.query():
            self.run_search(self.search.query())

    def open_hit(self, hit) -> None:
        """Open a search hit's article scrolled to the first match, matches marked."""
        self.select_article(hit.article_id)
        if self.current_id != hit.article_id:
            self.show_article(hit.article_id)
        first = self.reader.mark_terms(hit.terms)
        if first is not None:
            QTimer.singleShot(0, lambda: self.reader.jump_to(*first, flash=False))

    def refresh_entity_index(self, force: bool = False) -> None:
        """Fill the Index tab; while it is hidden, only note that it is out of date."""
        from viewer.core.store.search import entity_index

        if not force and self.side_tabs.currentWidget() is not self.entity_index:
            self._entity_index_stale = True
            return
        self._entity_index_stale = False
        # counting mentions over a large library takes a while (0.4 s at 100,000 articles)
        self._index_load += 1
        load = self._index_load
        entity_type, name = self.entity_index.entity_type(), self.entity_index.name_filter()
        task = self.runner.library_op("index", self.library.path,
                                      lambda lib, _task: entity_index(lib, entity_type, name), read_only=True)
        task.finished.connect(
            lambda stats: self.entity_index.set_entities(stats) if load == self._index_load else None)

    def article_titles(self) -> list[str]:
        """The titles the list shows, in order (what a user sees)."""
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def select_article(self, article_id: int) -> None:
        row = self.model.row_of(article_id)
        if row < 0:
            if self.list_loading and self.library.get(article_id) is not None:
                self._pending_select = article_id  # not in the list yet: open it, select it later
                self.show_article(article_id)
            return
        index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid():  # filtered out: clear the filter so it can be shown
            self.filter_edit.clear()
            self._filter_timer.stop()
            self.proxy.set_filter_text("")
            index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid():  # not in the Inbox or Archive shown, or not with the tags: open it anyway
            self.list_view.clearSelection()
            self.show_article(article_id)
            return
        self.list_view.setCurrentIndex(index)

    def step_article(self, step: int) -> None:
        row = self.list_view.currentIndex().row()
        target = max(0, min(self.proxy.rowCount() - 1, row + step))
        if self.proxy.rowCount() and target != row:
            self.list_view.setCurrentIndex(self.proxy.index(target, 0))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.data(ArticleIdRole) != self.current_id:
            self.show_article(current.data(ArticleIdRole))
