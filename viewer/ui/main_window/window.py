"""The main window: the article list, the reading pane, notes and entity panels — the layout and wiring.

What the window does is in the modules beside this one, one concern each (list_pane, actions,
searching, reading, entities, notes, transfer, capturing); MainWindow puts them together.
"""

from __future__ import annotations

from PySide6.QtCore import QLockFile, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
)

from viewer.core.model import ENTITY_TYPES
from viewer.core.store.library import Library
from viewer.ui import settings as options
from viewer.ui import theme
from viewer.ui.dialogs import ImportReportDialog
from viewer.ui.main_window.actions import Actions
from viewer.ui.main_window.capturing import Capturing
from viewer.ui.main_window.entities import EntityActions
from viewer.ui.main_window.keeping import Keeping
from viewer.ui.main_window.list_pane import ListPane
from viewer.ui.main_window.notes import NOTE_NOT_SAVED, NotesAndHighlights
from viewer.ui.main_window.reading import Reading
from viewer.ui.main_window.searching import Searching
from viewer.ui.main_window.transfer import ImportExport
from viewer.ui.tasks import Changes, Task, TaskRunner

CHANGE_POLL_MS = 1000  # how often the window looks for changes made by other processes


class MainWindow(ListPane, Actions, Searching, Keeping, Reading, EntityActions, NotesAndHighlights,
                 ImportExport, Capturing, QMainWindow):
    FILTER_NOW_MAX = 20_000  # the filter box filters a list this long at each keystroke
    LIST_SYNC_MAX = 5000  # a list this long is read at once (~10 ms); a longer one in pages
    LIST_PAGE = 300  # list rows read before the window shows; the rest follow in the background
    LIST_CHUNK = 2000  # rows added to the list per event-loop turn while the rest arrives

    list_loaded = Signal()  # the whole list is in the model

    def __init__(self, library: Library, runner: TaskRunner | None = None,
                 settings: QSettings | None = None, library_lock: QLockFile | None = None) -> None:
        """`library_lock`, if given, is this window's hold on the library; closing releases it."""
        super().__init__()
        from viewer.core.text import kiwi

        # Loading Kiwi holds the GIL for ~1.5 s: in this process it would freeze the window, so
        # the window's Kiwi lives in a helper process (started in the background, see _warm_up).
        kiwi.use_helper_process()
        self.library = library
        self.library_lock = library_lock
        self.runner = runner or TaskRunner(self)
        self.runner.changed.connect(self.on_library_changed)
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
        self._build_keeping()
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
            lambda reason: self.status_label.setText(f"{NOTE_NOT_SAVED}: {reason} (retrying)"))
        # Another process (the CLI, another window) may change the library: look once a second.
        self._data_version = library.data_version()
        self._list_signature = library.list_signature()
        self._change_timer = QTimer(self, interval=CHANGE_POLL_MS)
        self._change_timer.timeout.connect(self.check_external_changes)
        self._change_timer.start()
        self._restore_ui_state()
        self.reload_list()
        self.analyze_pending()
        self.runner.start("warm up", _warm_up)


    def on_library_changed(self, changes: Changes) -> None:
        """The one place the window refreshes after a background operation changed the library."""
        if changes.articles:
            self.reload_list(defer_select=True)
            self.analyze_pending()  # articles stored unanalysed (the samples) or by an older analyser
        if changes.names:
            self.after_names_changed()

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("%v/%m")  # the count, from "0/30" on (a busy bar has no text)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_import)
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)


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


    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.notes.flush()
        self.notes.retry()
        if self.notes.has_unsaved() and not self.ask_unsaved_notes(self.notes.unsaved_notes()):
            event.ignore()  # the user stays, with the text still in the editor
            return
        self.reader.flush_position()
        self._save_ui_state()
        self._change_timer.stop()
        # Notes, highlights and the position are saved above. What writes the library in the
        # background ends (it checks for cancelling; one waiting on the Kiwi helper is freed by
        # stopping it) or is rolled back; what only reads, like the warm-up, is not waited for.
        self.runner.shutdown(1000)
        if self.library_lock is not None:
            self.library_lock.unlock()  # another window may now open the library for writing
        super().closeEvent(event)

def _warm_up(_task) -> None:
    """Start the Kiwi helper and import what a first paste needs, before the user asks."""
    from viewer.core.text import kiwi

    kiwi.use_helper_process().start()
    import trafilatura  # noqa: F401 - a second to import; a paste should not wait for it

    from viewer.core.ingest import capture  # noqa: F401
    from viewer.core.text.cleaning import clean_paste

    clean_paste("준비\n\n본문이다.")  # compiles the cleaning rules
