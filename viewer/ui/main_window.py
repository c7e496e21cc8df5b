"""The main window: article list, reading pane, notes and entity panels."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.core.analysis import analyze_articles, analyze_stale, correct_entity
from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES
from viewer.core.palette import ENTITY_COLORS, HIGHLIGHT_COLORS
from viewer.core.store import DatabaseError
from viewer.core.store.library import LAST_ARTICLE, HighlightLimit, Library
from viewer.core.text.normalise import one_line
from viewer.ui import settings as options
from viewer.ui import theme
from viewer.ui.article_list import (
    ArticleDelegate,
    ArticleFilterModel,
    ArticleIdRole,
    ArticleListModel,
    haystack,
)
from viewer.ui.dialogs import ImportReportDialog
from viewer.ui.entity_index import EntityIndexPanel
from viewer.ui.entity_panel import EntityPanel
from viewer.ui.notes_panel import NotesPanel
from viewer.ui.reader import ReaderView
from viewer.ui.search_panel import SearchPanel
from viewer.ui.tasks import Task, TaskRunner
from viewer.ui.wording import counted

CHANGE_POLL_MS = 1000
log = logging.getLogger("viewer.window")

SORTS = (("published", "Newest first"), ("title", "Title"), ("source", "Source"), ("imported", "Imported"))


class MainWindow(QMainWindow):
    FILTER_NOW_MAX = 20_000  # the filter box filters a list this long at each keystroke
    LIST_SYNC_MAX = 5000  # a list this long is read at once (~10 ms); a longer one in pages
    LIST_PAGE = 300  # list rows read before the window shows; the rest follow in the background
    LIST_CHUNK = 2000  # rows added to the list per event-loop turn while the rest arrives

    list_loaded = Signal()  # the whole list is in the model

    def __init__(self, library: Library, runner: TaskRunner | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__()
        self.library = library
        self.runner = runner or TaskRunner(self)
        self.settings = settings or options.default_settings()
        self.current_id: int | None = None
        self.mentions: list = []
        self.enabled_types = set(options.read(self.settings, "reader/types")) & set(ENTITY_TYPES)
        self.show_removed = False
        self.theme_name = options.read(self.settings, "ui/theme")
        self.dark = theme.resolve(self.theme_name)
        self.last_report: ImportReportDialog | None = None
        self._import_task: Task | None = None
        self._list_load = 0  # bumped by every reload, so a stale background read is dropped
        self._list_loading_id = 0
        self._index_load = 0
        self._pending_select: int | None = None
        self._article_count = 0
        self.writable = not library.read_only
        self.setWindowTitle("Article Viewer")
        self.setAcceptDrops(self.writable)
        self.resize(1280, 800)

        self._build_list_pane()
        self._build_reader_pane()
        self._build_side_pane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.reader_pane)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 640, 340])
        self.setCentralWidget(self.splitter)
        self._build_status_bar()
        self._build_menus()
        self.notes.set_read_only(not self.writable, library.read_only_reason or "it is open elsewhere")
        self.notes.saveFailed.connect(
            lambda reason: self.status_label.setText(f"⚠ Note not saved: {reason} (retrying)"))
        # Another process (the CLI, another window) may change the library: look once a second.
        self._data_version = library.data_version()
        self._list_signature = library.list_signature()
        self._change_timer = QTimer(self, interval=CHANGE_POLL_MS)
        self._change_timer.timeout.connect(self.check_external_changes)
        self._change_timer.start()
        self._restore_ui_state()
        self.reload_list()
        self.analyze_pending()

    # --- construction --------------------------------------------------------------------

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

    def _build_reader_pane(self) -> None:
        self.reader = ReaderView()
        self.reader.set_dark(self.dark)
        self.reader.entityClicked.connect(self.open_entity)
        self.reader.restoreClicked.connect(self.restore_block)
        self.reader.positionChanged.connect(self._save_position)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(
            lambda pos: self.build_context_menu(pos).exec(self.reader.viewport().mapToGlobal(pos)))

        self.legend = QWidget()
        self.legend.setObjectName("legend")
        lay = QHBoxLayout(self.legend)
        lay.setContentsMargins(8, 4, 8, 4)
        self.type_boxes: dict[str, QCheckBox] = {}
        for t in ENTITY_TYPES:
            box = QCheckBox(ENTITY_LABELS[t])
            box.setChecked(t in self.enabled_types)
            box.toggled.connect(lambda on, t=t: self.set_type_enabled(t, on))
            self.type_boxes[t] = box
            lay.addWidget(box)
        self._style_legend()
        lay.addStretch(1)
        self.removed_box = QCheckBox("Show removed text")
        self.removed_box.toggled.connect(self.set_show_removed)
        lay.addWidget(self.removed_box)
        # A narrow window clips the legend rather than refusing to get narrower.
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self.find_bar = QWidget()
        fl = QHBoxLayout(self.find_bar)
        fl.setContentsMargins(8, 2, 8, 2)
        self.find_edit = QLineEdit(placeholderText="Find in article")
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_status = QLabel()
        close = QPushButton("Close")
        close.clicked.connect(self.find_bar.hide)
        fl.addWidget(self.find_edit)
        fl.addWidget(self.find_status)
        fl.addWidget(close)
        self.find_bar.hide()

        self.reader_pane = QWidget()
        rl = QVBoxLayout(self.reader_pane)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.legend)
        rl.addWidget(self.reader, 1)
        rl.addWidget(self.find_bar)

    def _build_side_pane(self) -> None:
        self.notes = NotesPanel(self._save_note)
        self.notes.saved.connect(lambda aid: self.model.set_annotated(aid, self._is_annotated(aid)))
        self.notes.highlightActivated.connect(self.jump_to_highlight)
        self.notes.highlightDeleteRequested.connect(self.delete_highlight)
        self.notes.highlightEditRequested.connect(self.edit_highlight_note)
        self.entity_panel = EntityPanel()
        self.entity_panel.mentionActivated.connect(lambda s, e: self.reader.jump_to(s, e))
        self.entity_panel.articleActivated.connect(self.select_article)
        self.entity_panel.retypeRequested.connect(self.correct_entity)
        self.entity_panel.notEntityRequested.connect(lambda s: self.correct_entity(s, None))
        self.entity_panel.closeRequested.connect(self.close_panels)
        self.entity_index = EntityIndexPanel()
        self.entity_index.refreshRequested.connect(lambda: self.refresh_entity_index(force=True))
        self.entity_index.selectionChanged.connect(self.search.set_entity_filter)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.notes, "Notes")
        self.side_tabs.addTab(self.entity_index, "Index")
        self._entity_index_stale = True
        self.side_tabs.currentChanged.connect(
            lambda _i: self.refresh_entity_index() if self._entity_index_stale else None)

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_import)
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                act.setShortcuts(shortcut)
            else:
                act.setShortcut(shortcut)
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)  # shortcuts work wherever focus is
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu("&File")
        self._action(m, "&Import files…", self.choose_import_files, QKeySequence.StandardKey.Open)
        self._action(m, "Import &folder…", self.choose_import_folder, QKeySequence("Ctrl+Shift+O"))
        self._action(m, "&Export…", self.open_export, QKeySequence("Ctrl+E"))
        m.addSeparator()
        self._action(m, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        m = bar.addMenu("&View")
        self._action(m, "Zoom &in", lambda: self.zoom(1),
                     [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
        self._action(m, "Zoom &out", lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self._action(m, "&Reset zoom", lambda: self.zoom(None), QKeySequence("Ctrl+0"))
        m.addSeparator()
        self._action(m, "&Next article", lambda: self.step_article(1),
                     [QKeySequence("Alt+Down"), QKeySequence("Ctrl+]")])
        self._action(m, "&Previous article", lambda: self.step_article(-1),
                     [QKeySequence("Alt+Up"), QKeySequence("Ctrl+[")])
        self._action(m, "&Find in article…", self.open_find, QKeySequence.StandardKey.Find)
        self._action(m, "&Search the library…", self.focus_search,
                     [QKeySequence("Ctrl+K"), QKeySequence("Ctrl+Shift+F")])
        self._action(m, "Close panels", self.close_panels, QKeySequence("Esc"))
        m.addSeparator()
        theme_menu = m.addMenu("&Theme")
        group = QActionGroup(self)
        for name in theme.THEMES:
            act = QAction(name.capitalize(), self, checkable=True)
            act.setChecked(name == self.theme_name)
            act.triggered.connect(lambda _c, n=name: self.set_theme(n))
            group.addAction(act)
            theme_menu.addAction(act)

        m = bar.addMenu("&Article")
        self._action(m, "&Highlight selection", lambda: self.highlight_selection("yellow"),
                     QKeySequence("Ctrl+H"))
        self._action(m, "Highlight with &note…", self.highlight_selection_with_note,
                     QKeySequence("Ctrl+Shift+H"))
        self._action(m, "Mark as &unread", self.mark_unread)

    # --- state kept between runs -----------------------------------------------------------

    def _restore_ui_state(self) -> None:
        geometry = options.read(self.settings, "ui/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = options.read(self.settings, "ui/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.reader.set_zoom(options.read(self.settings, "reader/zoom"))
        sort = options.read(self.settings, "list/sort")
        if sort:
            self.sort_combo.blockSignals(True)
            self.sort_combo.setCurrentIndex(max(0, self.sort_combo.findData(sort)))
            self.sort_combo.blockSignals(False)

    def _save_ui_state(self) -> None:
        for key, value in (("ui/geometry", self.saveGeometry()), ("ui/splitter", self.splitter.saveState()),
                           ("reader/zoom", self.reader.zoom), ("reader/types", sorted(self.enabled_types)),
                           ("ui/theme", self.theme_name), ("list/sort", self.sort_combo.currentData())):
            options.write(self.settings, key, value)
        self.settings.sync()

    # --- the list --------------------------------------------------------------------------

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
        self.show_article_count()
        self.search.set_sources(self.library.sources())
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
        self.status_label.setText(counted(self._article_count, "article"))

    def _load_rest_of_list(self, order: str, load: int) -> None:
        db_path, offset = self.library.path, self.LIST_PAGE

        def work(_task: Task):
            with Library(db_path, read_only=True) as lib:
                rows = lib.summaries(order, offset=offset)
            return rows, [haystack(s) for s in rows]

        self._list_loading_id = load
        task = self.runner.start("list", work)
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

    # --- search, filters and the entity index --------------------------------------------------

    def focus_search(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    def run_search(self, query: str) -> Task | None:
        """Search in the background; only the answer to the latest query is shown."""
        if not query:
            return None
        self._search_generation += 1
        generation = self._search_generation
        filters = self.search.filters()
        db_path, read_only = self.library.path, not self.writable
        self.list_stack.setCurrentIndex(1)
        self.search.status.setText("Searching…")
        if self._search_task is not None:
            self._search_task.cancel()  # superseded: it stops, and frees its thread for this one

        def work(task: Task):
            from viewer.core.store.search import SearchCancelled, search

            with Library(db_path, read_only=read_only) as lib:
                try:
                    return search(lib, query, limit=100, filters=filters, cancelled=task.is_cancelled)
                except SearchCancelled:
                    return None

        task = self.runner.start("search", work)
        self._search_task = task

        def show(hits) -> None:
            if hits is not None and generation == self._search_generation:  # older answers dropped
                self.search.show_hits(query, hits)

        task.finished.connect(show)
        task.failed.connect(lambda msg: self.search.status.setText(f"Search failed: {msg.splitlines()[0]}"))
        return task

    def apply_filters(self) -> None:
        from viewer.core.store.search import filter_articles

        filters = self.search.filters()
        self.proxy.set_allowed(set(filter_articles(self.library, filters)) if filters.active() else None)
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
        load, db_path = self._index_load, self.library.path
        entity_type, name = self.entity_index.entity_type(), self.entity_index.name_filter()

        def work(_task: Task):
            with Library(db_path, read_only=True) as lib:
                return entity_index(lib, entity_type, name)

        task = self.runner.start("index", work)
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
        self.list_view.setCurrentIndex(index)

    def step_article(self, step: int) -> None:
        row = self.list_view.currentIndex().row()
        target = max(0, min(self.proxy.rowCount() - 1, row + step))
        if self.proxy.rowCount() and target != row:
            self.list_view.setCurrentIndex(self.proxy.index(target, 0))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.data(ArticleIdRole) != self.current_id:
            self.show_article(current.data(ArticleIdRole))

    # --- reading ---------------------------------------------------------------------------

    def show_article(self, article_id: int) -> None:
        """Open an article: the previous one's note and position are saved first."""
        self.notes.flush()
        self.reader.flush_position()
        article = self.library.get(article_id)
        if article is None:
            return
        self.current_id = article_id
        self.render_current()
        self.notes.load(article_id, self.library.note(article_id))
        if self.writable:
            self._try_write("the reading state", self.library.set_read, article_id)
            self._try_write("the last article read", self.library.set_setting, LAST_ARTICLE,
                            str(article_id))
            self.model.mark_read(article_id)
        suffix = "" if self.writable else " (read-only)"
        self.setWindowTitle(f"{article.title} — Article Viewer{suffix}")
        position = article.position
        QTimer.singleShot(0, lambda: self._restore_position(article_id, position))
        if self.side_tabs.indexOf(self.entity_panel) >= 0:
            self.close_panels()

    def _restore_position(self, article_id: int, position: float) -> None:
        if self.current_id == article_id:
            self.reader.set_position(position)

    def render_current(self, keep_scroll: bool = False) -> None:
        if self.current_id is None:
            return
        article = self.library.get(self.current_id)
        if article is None:
            return
        self.mentions = self.library.mentions(self.current_id)
        highlights = self.library.highlights(self.current_id)
        self.reader.show_article(article, self.mentions, highlights, self.enabled_types,
                                 self.show_removed, keep_scroll)
        self.notes.set_highlights(highlights, self.reader.orphans, HIGHLIGHT_COLORS, self.dark)

    def _save_position(self, fraction: float) -> None:
        if self.reader.article is not None and self.writable:
            self._try_write("the reading position", self.library.set_position, self.reader.article.id,
                            fraction)

    def set_type_enabled(self, entity_type: str, on: bool) -> None:
        if on:
            self.enabled_types.add(entity_type)
        else:
            self.enabled_types.discard(entity_type)
        self.render_current(keep_scroll=True)

    def set_show_removed(self, on: bool) -> None:
        self.show_removed = on
        self.render_current(keep_scroll=True)

    def restore_block(self, index: int) -> None:
        if self.current_id is None or not self._check_writable():
            return
        if not self._try_write("the restored text", self.library.restore_removed, self.current_id, index):
            return
        self.render_current(keep_scroll=True)
        self.reanalyze([self.current_id])

    def zoom(self, steps: int | None) -> None:
        if steps is None:
            self.reader.set_zoom(0)
        else:
            self.reader.zoom_by(steps)

    def set_theme(self, name: str) -> None:
        self.theme_name = name
        app = QApplication.instance()
        self.dark = theme.apply(app, name) if app else theme.resolve(name)
        self.reader.set_dark(self.dark)
        self._style_legend()
        self.render_current(keep_scroll=True)

    def _style_legend(self) -> None:
        for t, box in self.type_boxes.items():
            color = ENTITY_COLORS[t][1 if self.dark else 0]
            box.setStyleSheet(f"QCheckBox {{ background-color: {color}; border-radius: 3px;"
                              f" padding: 2px 6px; color: {'#f1f3f5' if self.dark else '#1b1b1b'}; }}")

    def mark_unread(self) -> None:
        if self.current_id is not None and self._check_writable() and self._try_write(
                "the reading state", self.library.set_read, self.current_id, False):
            self.model.mark_read(self.current_id, False)

    # --- find ------------------------------------------------------------------------------

    def open_find(self) -> None:
        self.find_bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> bool:
        needle = self.find_edit.text()
        if not needle:
            return False
        found = self.reader.find(needle)
        if not found:  # wrap around
            cursor = self.reader.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.reader.setTextCursor(cursor)
            found = self.reader.find(needle)
        self.find_status.setText("" if found else "Not found")
        return found

    def close_panels(self) -> None:
        self.find_bar.hide()
        index = self.side_tabs.indexOf(self.entity_panel)
        if index >= 0:
            self.side_tabs.removeTab(index)

    # --- entities --------------------------------------------------------------------------

    def open_entity(self, entity_id: int) -> None:
        """Show the entity panel for a clicked name."""
        mention = next((m for m in self.mentions if m.entity_id == entity_id), None)
        if mention is None:
            return
        ranges = [(s, e) for s, e, _eid, _c in self.reader.entity_ranges(entity_id)]
        text = self.reader.plain_text()
        other_ids = [aid for aid in self.library.articles_mentioning(entity_id) if aid != self.current_id]
        titles = self.library.titles(other_ids[:500])
        others = [(aid, titles[aid]) for aid in other_ids[:500] if aid in titles]
        self.entity_panel.show_entity(entity_id, mention.type, mention.canonical, mention.text,
                                      self.library.entity_aliases(entity_id), ranges, text, others,
                                      self.dark)
        if self.side_tabs.indexOf(self.entity_panel) < 0:
            self.side_tabs.addTab(self.entity_panel, "Entity")
        self.side_tabs.setCurrentWidget(self.entity_panel)

    def correct_entity(self, surface: str, entity_type: str | None) -> Task:
        """Retype (or, with None, un-mark) a name everywhere in the library, in the background."""
        if not self._check_writable():
            return None
        db_path = self.library.path
        self.status_label.setText(f"Updating “{surface}” across the library…")

        def work(task: Task):
            with Library(db_path) as lib:
                return correct_entity(lib, surface, entity_type)

        task = self.runner.start("correct", work)
        task.finished.connect(self._after_analysis)
        task.failed.connect(lambda msg: QMessageBox.warning(self, "Correction failed", msg))
        return task

    def reanalyze(self, article_ids: list[int]) -> Task:
        db_path = self.library.path

        def work(task: Task):
            with Library(db_path) as lib:
                analyze_articles(lib, article_ids, cancelled=task.is_cancelled)
            return article_ids

        task = self.runner.start("analyze", work)
        task.finished.connect(self._after_analysis)
        return task

    def analyze_pending(self) -> Task | None:
        """Analyse articles stored by an older analyser (or none yet), in the background."""
        from viewer.core.entities import ANALYZER_VERSION

        if not self.writable or not self.library.articles_needing_analysis(ANALYZER_VERSION):
            return None
        db_path = self.library.path

        def work(task: Task):
            from viewer.core.store.search import ensure_index

            with Library(db_path) as lib:
                analyze_stale(lib, progress=lambda n, total: task.report(n, total, None),
                              cancelled=task.is_cancelled)
                ensure_index(lib, cancelled=task.is_cancelled)
            return None

        task = self.runner.start("analyze", work)
        task.progress.connect(
            lambda n, total, _d: self.status_label.setText(f"Finding names: {n}/{total} articles"))
        task.finished.connect(self._after_analysis)
        return task

    def _after_analysis(self, _result=None) -> None:
        self.render_current(keep_scroll=True)
        self.refresh_entity_index()
        self.show_article_count()
        if self.side_tabs.indexOf(self.entity_panel) >= 0 and self.entity_panel.entity_id:
            if any(m.entity_id == self.entity_panel.entity_id for m in self.mentions):
                self.open_entity(self.entity_panel.entity_id)
            else:
                self.close_panels()

    def build_context_menu(self, pos) -> QMenu:
        """The reader's right-click menu for what is under `pos` and the selection."""
        menu = QMenu(self)
        selector = self.reader.selection_selector()
        if selector is not None:
            hl = menu.addMenu("Highlight")
            for name in HIGHLIGHT_COLORS:
                hl.addAction(name.capitalize(), lambda n=name: self.highlight_selection(n))
            menu.addAction("Highlight with note…", self.highlight_selection_with_note)
            add = menu.addMenu(f"Add “{_short(selector.quote)}” as")
            for t in ENTITY_TYPES:
                add.addAction(ENTITY_LABELS[t], lambda t=t, q=selector.quote: self.correct_entity(q, t))
        entity_id = self.reader.entity_at(pos)
        if entity_id is not None:
            surface = self._entity_surface_at(pos, entity_id)
            menu.addSeparator()
            menu.addAction(f"Details of “{_short(surface)}”", lambda: self.open_entity(entity_id))
            retype = menu.addMenu(f"Retype “{_short(surface)}” as")
            for t in ENTITY_TYPES:
                retype.addAction(ENTITY_LABELS[t], lambda t=t: self.correct_entity(surface, t))
            menu.addAction(f"“{_short(surface)}” is not an entity",
                           lambda: self.correct_entity(surface, None))
        hid = self.reader.highlight_at(pos)
        if hid is not None:
            menu.addSeparator()
            menu.addAction("Edit highlight note…", lambda: self.edit_highlight_note(hid))
            menu.addAction("Remove highlight", lambda: self.delete_highlight(hid))
        menu.addSeparator()
        menu.addAction("Copy", self.reader.copy).setEnabled(selector is not None)
        menu.addAction("Select all", self.reader.selectAll)
        return menu

    def _entity_surface_at(self, pos, entity_id: int) -> str:
        offset = self.reader.cursorForPosition(pos).position()
        text = self.reader.plain_text()
        for start, end, _eid, _c in self.reader.entity_ranges(entity_id):
            if start <= offset <= end:
                return text[start:end]
        mention = next((m for m in self.mentions if m.entity_id == entity_id), None)
        return mention.text if mention else ""

    # --- highlights and notes ------------------------------------------------------------

    def highlight_selection(self, color: str = "yellow", note: str = "") -> int | None:
        selector = self.reader.selection_selector()
        if selector is None or self.current_id is None:
            self.status_label.setText("Select some text to highlight first.")
            return None
        if not self._check_writable():
            return None
        try:
            hid = self.library.add_highlight(self.current_id, selector, color, note)
        except HighlightLimit as exc:
            self.status_label.setText(str(exc))
            return None
        except (DatabaseError, OSError) as exc:
            self.status_label.setText(f"⚠ Could not save the highlight: {one_line(str(exc), 200)}")
            return None
        self.render_current(keep_scroll=True)
        self.model.set_annotated(self.current_id, True)
        return hid

    def highlight_selection_with_note(self) -> None:
        if self.reader.selection_selector() is None:
            self.status_label.setText("Select some text to highlight first.")
            return
        note, ok = QInputDialog.getText(self, "Highlight", "Note for this highlight:")
        if ok:
            self.highlight_selection("yellow", note)

    def jump_to_highlight(self, highlight_id: int) -> None:
        found = self.reader.highlight_ranges.get(highlight_id)
        if found:
            self.reader.jump_to(*found)

    def delete_highlight(self, highlight_id: int) -> None:
        if not self._check_writable():
            return
        if not self._try_write("the change", self.library.delete_highlight, highlight_id):
            return
        self.render_current(keep_scroll=True)
        if self.current_id is not None:
            self.model.set_annotated(self.current_id, self._is_annotated(self.current_id))

    def edit_highlight_note(self, highlight_id: int) -> None:
        current = next((h for h in self.library.highlights(self.current_id or -1)
                        if h.id == highlight_id), None)
        if current is None or not self._check_writable():
            return
        note, ok = QInputDialog.getText(self, "Highlight note", "Note:", text=current.note)
        if ok and self._try_write("the highlight note", lambda: self.library.update_highlight(
                highlight_id, note=note)):
            self.render_current(keep_scroll=True)

    def _save_note(self, article_id: int, text: str, expected: str) -> None:
        self.library.set_note(article_id, text, expected)

    def _try_write(self, what: str, fn, *args) -> bool:
        """Run one write to the library; if it fails (disk full, locked), say so and go on."""
        try:
            fn(*args)
            return True
        except (DatabaseError, OSError) as exc:
            log.warning("could not save %s: %s", what, exc)
            self.status_label.setText(f"⚠ Could not save {what}: {one_line(str(exc), 200)}")
            return False

    def _is_annotated(self, article_id: int) -> bool:
        return article_id in self.library.articles_with_annotations()

    def _check_writable(self) -> bool:
        """False, with a word to the user, when this window only reads the library."""
        if not self.writable:
            reason = self.library.read_only_reason or "it is open in another window"
            self.status_label.setText(f"This library is open read-only: {reason}.")
        return self.writable

    # --- export ----------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = self.list_view.selectionModel().selectedRows()
        return [index.data(ArticleIdRole) for index in rows]

    def open_export(self):
        """File → Export: the current article, the selected ones or the whole library."""
        from viewer.ui.export_dialog import ExportDialog

        self.notes.flush()  # the export reads what is saved
        dialog = ExportDialog(self.library, self.runner, self.current_id, self.selected_ids(), self)
        dialog.exported.connect(lambda result: self.status_label.setText(result.summary()))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    # --- import ----------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", "",
            "Articles and backups (*.txt *.md *.markdown *.html *.htm *.json);;All files (*)")
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> Task | None:
        """Import (clean, find names, store) in the background with progress and Cancel."""
        if not self._check_writable():
            return None
        db_path = self.library.path

        def work(task: Task):
            import time

            from viewer.core.ingest.pipeline import import_files

            shown = [0.0]

            def report(n: int, total: int, outcome) -> None:
                # A few updates a second are enough to watch, and every emit costs: PySide6 6.12
                # on Python 3.11 drops a reference to True each time, until the process aborts.
                now = time.monotonic()
                if n in (1, total) or now - shown[0] >= 0.25:
                    shown[0] = now
                    task.report(n, total, outcome)

            # Reading, cleaning and analysis run in worker processes; this thread only stores.
            with Library(db_path) as lib:
                return import_files(lib, paths, progress=report, cancelled=task.is_cancelled)

        task = self.runner.start("import", work)
        self._import_task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.status_label.setText("Importing…")
        task.progress.connect(self._on_import_progress)
        task.finished.connect(self._on_import_finished)
        task.failed.connect(lambda msg: QMessageBox.warning(self, "Import failed", msg))
        task.done.connect(self._on_import_done)
        return task

    def cancel_import(self) -> None:
        if self._import_task:
            self._import_task.cancel()
            self.status_label.setText("Cancelling…")

    def _on_import_progress(self, done: int, total: int, outcome) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status_label.setText(f"Importing {done}/{total}: {Path(outcome.path).name}")

    def _on_import_finished(self, outcomes) -> None:
        added = [o for o in outcomes if o.status == "added"]
        failed = [o for o in outcomes if o.status == "failed"]
        restored = [o for o in outcomes if o.status == "restored"]
        dup = len(outcomes) - len(added) - len(failed) - len(restored)
        self.reload_list(select_id=added[0].article_id if added else None, defer_select=True)
        status = f"{len(added)} added, {dup} duplicate, {len(failed)} failed"
        if restored:
            status = "; ".join(o.message for o in restored) + (f" — {status}" if len(restored) < len(outcomes)
                                                               else "")
        self.status_label.setText(status)
        if restored:
            self.analyze_pending()  # articles a backup stored by an older analyser
        if failed:
            self.last_report = ImportReportDialog(failed, len(added), dup, self)
            self.last_report.open()

    def _on_import_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._import_task = None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # --- closing ---------------------------------------------------------------------------

    def ask_unsaved_notes(self, notes: dict[int, str]) -> bool:
        """Notes could not be saved and the window is closing: ask; True if it may close."""
        reason = self.notes.error or "they could not be written to the library"
        titles = self.library_titles_safely(list(notes))
        names = ", ".join(f"“{titles.get(aid, f'#{aid}')}”" for aid in notes)
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved notes",
                          f"Your notes on {names} are not saved ({reason}).\n\n"
                          "Save them to a file before closing?", parent=self)
        to_file = box.addButton("Save to file…", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Close without saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is discard:
            return True
        if box.clickedButton() is not to_file:
            return False
        path, _ = QFileDialog.getSaveFileName(self, "Save notes", str(Path.home() / "unsaved notes.md"),
                                              "Markdown (*.md);;All files (*)")
        return bool(path) and self.save_notes_to_file(Path(path), notes)

    def save_notes_to_file(self, path: Path, notes: dict[int, str]) -> bool:
        """Write unsaved notes to a Markdown file (atomically); say so if that fails too."""
        from viewer.core.export.filenames import atomic_write_text

        titles = self.library_titles_safely(list(notes))
        text = "\n\n".join(f"# {titles.get(aid, f'Article {aid}')}\n\n{note}" for aid, note in notes.items())
        try:
            atomic_write_text(path, text + "\n")
        except OSError as exc:
            QMessageBox.warning(self, "Unsaved notes",
                                f"{path}: could not be written ({exc.strerror or exc})")
            return False
        return True

    def library_titles_safely(self, ids: list[int]) -> dict[int, str]:
        try:
            return self.library.titles(ids)
        except DatabaseError:
            return {}

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.notes.flush()
        self.notes.retry()
        if self.notes.has_unsaved() and not self.ask_unsaved_notes(self.notes.unsaved_notes()):
            event.ignore()  # the user stays, with the text still in the editor
            return
        self.reader.flush_position()
        self._save_ui_state()
        self._change_timer.stop()
        self.runner.cancel_all()
        self.runner.wait(3000)  # every task checks for cancelling; run() ends the process anyway
        lock = getattr(self, "library_lock", None)
        if lock is not None:
            lock.unlock()  # another window may now open the library for writing
        super().closeEvent(event)


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
