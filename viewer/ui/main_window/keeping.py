"""Keeping the library: delete to the Trash and Undo, Inbox/Archive, tags, editing details,
cleaning again — on the selected articles (Shift/Ctrl-click selects several)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox

from viewer.core.store import DatabaseError
from viewer.core.text.normalise import one_line
from viewer.ui.article_list import ArticleIdRole
from viewer.ui.tag_bar import KeepingFilters, TagBar, TagDialog
from viewer.ui.tasks import ARTICLES, Task
from viewer.ui.trash_view import TrashView
from viewer.ui.wording import counted

log = logging.getLogger("viewer.window")


class Keeping:
    """Part of MainWindow (viewer/ui/main_window/window.py): keeping the library in order."""

    def _build_keeping(self) -> None:
        self.keeping_filters = KeepingFilters()
        self.keeping_filters.changed.connect(self.apply_filters)
        self.keeping_filters.renameRequested.connect(self.rename_tag)
        self.keeping_filters.trashClicked.connect(self.show_trash)
        self.list_pane.layout().insertWidget(1, self.keeping_filters)
        self.trash_view = TrashView()
        self.trash_view.restoreRequested.connect(self.restore_from_trash)
        self.trash_view.purgeRequested.connect(self.purge_from_trash)
        self.trash_view.emptyRequested.connect(self.empty_trash)
        self.trash_view.closeRequested.connect(lambda: self.list_stack.setCurrentWidget(self.list_page))
        self.list_stack.addWidget(self.trash_view)
        self.list_pane.layout().setStretchFactor(self.list_stack, 1)  # the filters above keep their height
        self.tag_bar = TagBar()
        self.tag_bar.tagAdded.connect(lambda name: self.tag_articles([self.current_id], add=[name]))
        self.tag_bar.tagRemoved.connect(lambda name: self.tag_articles([self.current_id], remove=[name]))
        self.reader_pane.layout().insertWidget(1, self.tag_bar)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(
            lambda pos: self.list_context_menu().exec(self.list_view.viewport().mapToGlobal(pos)))
        self.proxy.set_state_and_tags(self.keeping_filters.state(), [])
        self._trash_task: Task | None = None

    def _add_keeping_actions(self, m: QMenu) -> None:
        """The Article menu's entries for keeping the library (called while the menus are built)."""
        m.addSeparator()
        self._action(m, "&Archive and next", self.archive_and_next, QKeySequence("E"))
        self._action(m, "Move to &Inbox", lambda: self.set_archived_selected(False), QKeySequence("Shift+E"))
        self._action(m, "Mark as &read", lambda: self.mark_selected_read(True))
        self._action(m, "&Tags…", self.tag_selected, QKeySequence("Ctrl+T"))
        self._action(m, "Edit &details…", self.edit_details, QKeySequence("Ctrl+I"))
        self._action(m, "&Clean again", self.clean_again_selected)
        m.addSeparator()
        # Delete belongs to the list (where the selection is): in a text field it deletes text.
        self.delete_action = QAction("&Delete", self)
        self.delete_action.setShortcuts([QKeySequence.StandardKey.Delete, QKeySequence("Backspace")])
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        m.addAction(self.delete_action)
        self.list_view.addAction(self.delete_action)
        self.undo_delete_action = self._action(m, "&Undo delete", self.undo_delete,
                                               QKeySequence.StandardKey.Undo)
        self.undo_delete_action.setEnabled(False)
        self._action(m, "Show T&rash", self.show_trash)

    def show_article(self, article_id: int) -> None:
        super().show_article(article_id)
        if self.current_id == article_id:
            summary = self.model.summary(article_id)
            self.tag_bar.set_tags(summary.tags if summary else self.library.tags_of(article_id))
            self.tag_bar.setEnabled(True)

    # --- the selection -------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """The selected articles in list order; the open one if none is selected."""
        rows = sorted(self.list_view.selectionModel().selectedRows(), key=QModelIndex.row)
        ids = [i.data(ArticleIdRole) for i in rows]
        if not ids and self.current_id is not None:
            ids = [self.current_id]
        return ids

    def list_context_menu(self) -> QMenu:
        ids = self.selected_ids()
        menu = QMenu(self)
        n = len(ids)
        what = "" if n < 2 else f" {n} articles"
        archived = [s for s in map(self.model.summary, ids) if s is not None and s.archived]
        if len(archived) < n:
            menu.addAction(f"Archive{what}", lambda: self.set_archived_selected(True))
        if archived:
            menu.addAction(f"Move{what} to the Inbox", lambda: self.set_archived_selected(False))
        menu.addAction(f"Mark{what} as read", lambda: self.mark_selected_read(True))
        menu.addAction(f"Mark{what} as unread", lambda: self.mark_selected_read(False))
        menu.addAction(f"Tags{what}…", self.tag_selected)
        if n == 1:
            menu.addAction("Edit details…", self.edit_details)
        menu.addAction(f"Clean{what} again", self.clean_again_selected)
        menu.addSeparator()
        menu.addAction(f"Delete{what}", self.delete_selected)
        for action in menu.actions():
            action.setEnabled(bool(ids) and (self.writable or action.isSeparator()))
        return menu

    # --- Inbox and Archive ---------------------------------------------------------------------

    def _next_after(self, ids: list[int]) -> int | None:
        """The article to open once these leave the list: the next one below, else above."""
        gone = set(ids)
        rows = [self.proxy.index(r, 0).data(ArticleIdRole) for r in range(self.proxy.rowCount())]
        positions = [n for n, aid in enumerate(rows) if aid in gone]
        if not positions:
            return None
        after = [aid for aid in rows[positions[-1] + 1:] if aid not in gone]
        before = [aid for aid in rows[:positions[0]] if aid not in gone]
        return after[0] if after else (before[-1] if before else None)

    def archive_and_next(self) -> None:
        """Archive the open article (or the selection) and open the next one in the list."""
        ids = self.selected_ids()
        if not ids or not self._check_writable():
            return
        nxt = self._next_after(ids)
        self.set_archived_selected(True, ids)
        if nxt is not None:
            self.select_article(nxt)

    def set_archived_selected(self, archived: bool, ids: list[int] | None = None) -> None:
        ids = self.selected_ids() if ids is None else ids
        if not ids or not self._check_writable():
            return
        if not self._try_write("the archive", self.library.set_archived, ids, archived):
            return
        self.model.update_rows(ids, archived=archived)
        self.proxy.refilter()
        self.show_article_count()
        where = "the Archive" if archived else "the Inbox"
        self.say(f"{counted(len(ids), 'article')} moved to {where}.")
        self._list_signature = self.library.list_signature()

    def mark_selected_read(self, read: bool) -> None:
        ids = self.selected_ids()
        if ids and self._check_writable() and self._try_write("the reading state", self.library.set_read_many,
                                                              ids, read):
            for aid in ids:
                self.model.mark_read(aid, read)
            self._list_signature = self.library.list_signature()

    # --- tags ----------------------------------------------------------------------------------

    def tag_articles(self, ids: list[int], add: list[str] = (), remove: list[str] = ()) -> bool:
        ids = [i for i in ids if i is not None]
        if not ids or not self._check_writable():
            return False
        try:
            self.library.tag_articles(ids, add=add, remove=remove)
        except ValueError as exc:
            self.say(f"Not tagged: {exc}.")
            return False
        except DatabaseError as exc:
            self.say(f"⚠ Could not save the tags: {one_line(str(exc), 200)}")
            return False
        for aid in ids:
            self.model.update_rows([aid], tags=self.library.tags_of(aid))
        self.proxy.refilter()
        self.refresh_keeping()
        self._list_signature = self.library.list_signature()
        return True

    def tag_selected(self) -> None:
        """Ctrl+T: one article's tag entry in the reading pane; several: a dialog."""
        ids = self.selected_ids()
        if not ids or not self._check_writable():
            return
        if ids == [self.current_id]:
            self.tag_bar.edit.setFocus()
            return
        rows = [s for s in map(self.model.summary, ids) if s is not None]
        present = sorted({t for s in rows for t in s.tags}, key=str.casefold)
        dialog = TagDialog(len(ids), [n for n, _ in self.library.all_tags()], present, self)
        self._tag_dialog = dialog  # tests reach it while it is open
        if dialog.exec():
            self.tag_articles(ids, add=dialog.to_add(), remove=dialog.to_remove())

    def rename_tag(self, old: str) -> None:
        new, ok = QInputDialog.getText(self, "Rename tag", f"New name for “{old}” on every article:",
                                       QLineEdit.EchoMode.Normal, old)
        if not ok or not new.strip() or new.strip() == old or not self._check_writable():
            return
        try:
            self.library.rename_tag(old, new)
        except (ValueError, KeyError) as exc:
            self.say(f"Not renamed: {exc}.")
            return
        self.keeping_filters.check_tag(old, False)
        self.reload_list()

    def refresh_keeping(self) -> None:
        """The sidebar's tags and Trash count, the tag entry's completion, the open article's tags."""
        try:
            tags = self.library.all_tags()
            from viewer.core.store.trash import trash_count

            self.keeping_filters.set_trash_count(trash_count(self.library))
        except DatabaseError as exc:
            log.info("could not read the tags: %s", exc)
            return
        self.keeping_filters.set_tags(tags)
        self.tag_bar.set_known_tags([n for n, _ in tags])
        summary = self.model.summary(self.current_id) if self.current_id is not None else None
        self.tag_bar.set_tags(summary.tags if summary else [])
        # always there (a bar that came and went would resize the reading pane under the reader)
        self.tag_bar.setEnabled(self.current_id is not None)
        self.tag_bar.edit.setEnabled(self.writable)

    # --- editing details -----------------------------------------------------------------------

    def edit_details(self) -> None:
        from viewer.ui.edit_dialog import EditDetailsDialog

        ids = self.selected_ids()
        aid = ids[0] if len(ids) == 1 else self.current_id
        if aid is None or not self._check_writable():
            return
        article = self.library.get(aid)
        if article is None:
            return
        dialog = EditDetailsDialog(article, lambda values: self.library.edit_article(aid, **values), self)
        self._edit_dialog = dialog  # tests reach it while it is open
        if dialog.exec() and dialog.changed:
            after = self.library.get(aid)
            self.model.update_rows([aid], title=after.title, source=after.source, author=after.author,
                                   published=after.published, url=after.url)
            self.say(f"Saved: {', '.join(dialog.changed)}.")
            self._list_signature = self.library.list_signature()
            if aid == self.current_id:
                self.render_current(keep_scroll=True)
                self.setWindowTitle(f"{after.title} — Article Viewer")
            if "title" in dialog.changed:
                self.analyze_pending()  # the title's names are found again

    # --- cleaning again ------------------------------------------------------------------------

    def clean_again_selected(self) -> Task | None:
        ids = self.selected_ids()
        if not ids or not self._check_writable():
            return None
        from viewer.core.ingest.reclean import clean_again

        self.say(f"Cleaning {counted(len(ids), 'article')} again…")
        task = self.runner.library_op(
            "clean again", self.library.path,
            lambda lib, task: clean_again(lib, ids, cancelled=task.is_cancelled), changes=ARTICLES)
        task.finished.connect(lambda result: self.say(
            f"Cleaned again: {result[0]} of {len(ids)} changed"
            + (f"; {len(result[1])} could not be read" if result[1] else "") + "."))
        task.finished.connect(lambda _r: self.render_current(keep_scroll=True) if self.current_id else None)
        task.failed.connect(lambda msg: self.say(f"Could not clean again: {msg.splitlines()[0]}"))
        return task

    # --- the Trash -----------------------------------------------------------------------------

    def delete_selected(self) -> Task | None:
        """Move the selected articles to the Trash (Undo: Ctrl+Z)."""
        ids = self.selected_ids()
        if not ids or not self._check_writable():
            return None
        self.notes.flush()  # the note goes with the article, as typed
        nxt = self._next_after(ids)
        if self.current_id in ids:
            self.current_id = None
        from viewer.core.store.trash import move_to_trash

        def done(moved: int) -> None:
            self.undo_delete_action.setEnabled(True)
            self.say(f"{counted(moved, 'article')} moved to the Trash — Undo: Ctrl+Z")
            if nxt is not None:
                QTimer.singleShot(0, lambda: self.select_article(nxt))
            self.refresh_trash_view()

        return self._trash_op("delete", lambda lib: move_to_trash(lib, ids), done)

    def undo_delete(self) -> Task | None:
        from viewer.core.store.trash import undo_last_delete

        if not self._check_writable():
            return None

        def done(ids: list[int]) -> None:
            if not ids:
                self.say("Nothing to undo: the Trash is empty.")
                self.undo_delete_action.setEnabled(False)
                return
            self.say(f"{counted(len(ids), 'article')} restored from the Trash.")
            QTimer.singleShot(0, lambda: self.select_article(ids[0]))
            self.refresh_trash_view()

        return self._trash_op("undo delete", undo_last_delete, done)

    def restore_from_trash(self, entry_ids: list[int]) -> Task | None:
        from viewer.core.store.trash import restore_from_trash

        if not entry_ids or not self._check_writable():
            return None

        def done(ids: list[int]) -> None:
            self.say(f"{counted(len(ids), 'article')} restored.")
            self.refresh_trash_view()

        return self._trash_op("restore", lambda lib: restore_from_trash(lib, entry_ids), done)

    def purge_from_trash(self, entry_ids: list[int]) -> Task | None:
        from viewer.core.store.trash import empty_trash

        if not entry_ids or not self._check_writable() or not self._confirm_purge(len(entry_ids)):
            return None
        return self._trash_op("purge", lambda lib: empty_trash(lib, entry_ids),
                              lambda n: self._after_purge(n))

    def empty_trash(self) -> Task | None:
        from viewer.core.store.trash import empty_trash, trash_count

        n = trash_count(self.library)
        if not n or not self._check_writable() or not self._confirm_purge(n):
            return None
        return self._trash_op("empty trash", empty_trash, lambda k: self._after_purge(k))

    def _confirm_purge(self, n: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete for good",
                          f"Delete {counted(n, 'article')} for good? Their notes and highlights go too;"
                          " this cannot be undone.",
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete for good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._purge_box = box  # tests answer it
        box.exec()
        return box.clickedButton() is delete

    def _after_purge(self, n: int) -> None:
        self.say(f"{counted(n, 'article')} deleted for good.")
        self.undo_delete_action.setEnabled(False)
        self.refresh_trash_view()
        self.refresh_keeping()

    def _trash_op(self, name: str, fn, done) -> Task:
        task = self.runner.library_op(name, self.library.path, lambda lib, _task: fn(lib), changes=ARTICLES)
        self._trash_task = task
        task.finished.connect(done)
        task.failed.connect(lambda msg: self.say(f"Could not {name}: {msg.splitlines()[0]}"))
        task.done.connect(lambda: setattr(self, "_trash_task", None))
        return task

    def show_trash(self) -> None:
        self.refresh_trash_view()
        self.list_stack.setCurrentWidget(self.trash_view)

    def refresh_trash_view(self) -> None:
        from viewer.core.store.trash import trash_entries

        try:
            self.trash_view.set_entries(trash_entries(self.library))
        except DatabaseError as exc:
            log.info("could not read the Trash: %s", exc)

