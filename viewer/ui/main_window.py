"""The main window: the article list beside the reading pane."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.core.library import Library
from viewer.core.render import article_html
from viewer.ui.article_list import ArticleFilterModel, ArticleIdRole, ArticleListModel
from viewer.ui.tasks import Task, TaskRunner

READER_CSS = """
h1 { font-size: 20pt; margin-bottom: 4px; }
p.deck { color: #555; font-size: 12pt; margin: 2px 0; }
p.meta { color: #777; font-size: 10pt; }
p { line-height: 150%; margin-bottom: 10px; }
"""


class MainWindow(QMainWindow):
    def __init__(self, library: Library, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.library = library
        self.runner = runner or TaskRunner(self)
        self.current_id: int | None = None
        self.setWindowTitle("Article Viewer")
        self.resize(1100, 720)

        self.model = ArticleListModel(self)
        self.proxy = ArticleFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(placeholderText="Filter articles")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_filter_text)
        self.list_view = QListView()
        self.list_view.setObjectName("articleList")
        self.list_view.setModel(self.proxy)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(6, 6, 0, 6)
        lay.addWidget(self.filter_edit)
        lay.addWidget(self.list_view)

        self.reader = QTextBrowser()
        self.reader.setObjectName("reader")
        self.reader.setOpenLinks(False)
        self.reader.setOpenExternalLinks(False)
        self.reader.anchorClicked.connect(self._on_link)
        self.reader.document().setDefaultStyleSheet(READER_CSS)
        self.reader.document().setDocumentMargin(24)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.reader)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([320, 780])
        self.setCentralWidget(splitter)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._import_task: Task | None = None
        self.cancel_button.clicked.connect(self._cancel_import)

        file_menu = self.menuBar().addMenu("&File")
        act = QAction("&Import files…", self, shortcut=QKeySequence.StandardKey.Open)
        act.triggered.connect(self.choose_import)
        file_menu.addAction(act)
        file_menu.addSeparator()
        act = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        act.triggered.connect(self.close)
        file_menu.addAction(act)

        self.reload_list()

    # --- list ----------------------------------------------------------------------------

    def reload_list(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self.current_id
        self.model.set_articles(self.library.summaries("published"))
        self.status_label.setText(f"{self.model.rowCount()} articles")
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount():
            last = self.library.setting("last_article")
            row = self.model.row_of(int(last)) if last and last.isdigit() else -1
            row = max(row, 0)
        if row >= 0:
            self.list_view.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row)))

    def article_titles(self) -> list[str]:
        """The titles the list shows, in order (what a user sees)."""
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_article(current.data(ArticleIdRole))

    # --- reading -------------------------------------------------------------------------

    def show_article(self, article_id: int) -> None:
        article = self.library.get(article_id)
        if article is None:
            return
        self.current_id = article_id
        self.reader.setHtml(article_html(article))
        self.library.set_read(article_id)
        self.library.set_setting("last_article", str(article_id))
        self.model.mark_read(article_id)
        self.setWindowTitle(f"{article.title} — Article Viewer")

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    # --- import --------------------------------------------------------------------------

    def choose_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import articles", "", "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def import_paths(self, paths: list[Path]) -> Task:
        """Import in the background with progress and Cancel; the list refreshes when done."""
        db_path = self.library.path

        def work(task: Task):
            with Library(db_path) as lib:
                return lib.import_paths(
                    paths,
                    progress=lambda n, total, outcome: task.report(n, total, outcome),
                    cancelled=task.is_cancelled,
                )

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

    def _cancel_import(self) -> None:
        if self._import_task:
            self._import_task.cancel()

    def _on_import_progress(self, done: int, total: int, outcome) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status_label.setText(f"Importing {done}/{total}: {Path(outcome.path).name}")

    def _on_import_finished(self, outcomes) -> None:
        added = [o for o in outcomes if o.status == "added"]
        failed = [o for o in outcomes if o.status == "failed"]
        dup = len(outcomes) - len(added) - len(failed)
        self.reload_list(select_id=added[0].article_id if added else None)
        self.status_label.setText(f"{len(added)} added, {dup} duplicate, {len(failed)} failed")
        if failed:
            box = QMessageBox(QMessageBox.Icon.Warning, "Some files were not imported",
                              f"{len(failed)} file(s) could not be imported.", parent=self)
            box.setDetailedText("\n".join(o.message for o in failed))
            box.open()

    def _on_import_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._import_task = None

    def closeEvent(self, event) -> None:
        self.runner.cancel_all()
        self.runner.wait(10000)
        super().closeEvent(event)
