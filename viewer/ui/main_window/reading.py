"""The reading pane: opening an article, rendering it, position, legend, theme, zoom and find."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES
from viewer.core.palette import ENTITY_COLORS, HIGHLIGHT_COLORS
from viewer.core.store.library import LAST_ARTICLE
from viewer.ui import theme
from viewer.ui.reader import ReaderView


class Reading:
    """Part of MainWindow (viewer/ui/main_window/window.py): the reading methods."""

    def _build_reader_pane(self) -> None:
        self.reader = ReaderView()
        # A drop on the reading pane is a capture for the window, not text for a read-only view.
        self.reader.setAcceptDrops(False)
        self.reader.viewport().setAcceptDrops(False)
        self.reader.set_dark(self.dark)
        self.reader.entityClicked.connect(self.open_entity)
        self.reader.restoreClicked.connect(self.restore_block)
        self.reader.editRequested.connect(lambda: self.edit_details())
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
        # Until the background analysis has read a newly added article, say so quietly.
        self.names_pending_label = QLabel("finding names…")
        self.names_pending_label.setObjectName("namesPending")
        self.names_pending_label.setEnabled(False)
        self.names_pending_label.hide()
        lay.addWidget(self.names_pending_label)
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

        from viewer.ui.capture import EmptyLibraryPanel

        self.empty_panel = EmptyLibraryPanel()
        self.empty_panel.pasteClicked.connect(self.paste_article)
        self.empty_panel.urlClicked.connect(self.add_from_url)
        self.empty_panel.filesClicked.connect(self.choose_import_files)
        self.reader_stack = QStackedWidget()
        self.reader_stack.addWidget(self.reader)
        self.reader_stack.addWidget(self.empty_panel)

        self.reader_pane = QWidget()
        rl = QVBoxLayout(self.reader_pane)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.legend)
        rl.addWidget(self.reader_stack, 1)
        rl.addWidget(self.find_bar)

    def show_empty_library(self, empty: bool) -> None:
        """The ways to add an article instead of a blank reader, while the library has none."""
        page = self.empty_panel if empty else self.reader
        if self.reader_stack.currentWidget() is not page:  # a change of layout only when it changes
            self.reader_stack.setCurrentWidget(page)
            self.legend.setHidden(empty)
            self.tag_bar.setHidden(empty)

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
        self.close_entity_panel()

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
        from viewer.core.entities import ANALYZER_VERSION

        self.names_pending_label.setVisible(self.writable and article.analyzer_version != ANALYZER_VERSION)
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
        self._change_body("the restored text", self.library.restore_removed, index)

    def remove_again(self, index: int) -> None:
        """Take a restored block out of the body again (the reader's "Remove again")."""
        self._change_body("the removed text", self.library.remove_again, index)

    def move_to_removed(self, paragraph: int) -> None:
        """Move a body paragraph the cleaner kept to the removed text ("Move to removed text")."""
        if self._change_body("the removed text", self.library.remove_paragraph, paragraph):
            self.status_label.setText("Moved to the removed text: “Show removed text” shows it, with"
                                      " Restore to put it back.")

    def _change_body(self, what: str, change, index: int) -> bool:
        """Restore or remove a block of the current article; its highlights are placed again by
        their quotes, and its names found again in the background."""
        if self.current_id is None or not self._check_writable():
            return False
        if not self._try_write(what, change, self.current_id, index):
            return False
        self.render_current(keep_scroll=True)
        self.reanalyze([self.current_id])
        return True

    def zoom(self, steps: int | None) -> None:
        """Zoom the reading pane; the text at its top and the panes' sizes stay as they are."""
        sizes = self.splitter.sizes()
        self.reader.set_zoom(0 if steps is None else self.reader.zoom + steps)
        self._keep_splitter(sizes)

    def set_theme(self, name: str) -> None:
        """Switch theme; the text at the top of the reading pane and the panes' sizes stay."""
        sizes = self.splitter.sizes()
        anchor = self.reader.reading_anchor() if self.reader.article is not None else None
        self.theme_name = name
        app = QApplication.instance()
        self.dark = theme.apply(app, name) if app else theme.resolve(name)
        self.reader.set_dark(self.dark)
        self._style_legend()
        self.render_current()
        if anchor is not None:
            self.reader.keep_anchor(anchor)
        self._keep_splitter(sizes)

    def _keep_splitter(self, sizes: list[int]) -> None:
        """Put the splitter back to `sizes`, now and after the layout has followed a new style."""
        def restore() -> None:
            if self.splitter.sizes() != sizes and sum(self.splitter.sizes()) == sum(sizes):
                self.splitter.setSizes(sizes)

        restore()
        QTimer.singleShot(0, self, restore)

    def _style_legend(self) -> None:
        for t, box in self.type_boxes.items():
            color = ENTITY_COLORS[t][1 if self.dark else 0]
            box.setStyleSheet(f"QCheckBox {{ background-color: {color}; border-radius: 3px;"
                              f" padding: 2px 6px; color: {'#f1f3f5' if self.dark else '#1b1b1b'}; }}")

    def mark_unread(self) -> None:
        if self.current_id is not None and self._check_writable() and self._try_write(
                "the reading state", self.library.set_read, self.current_id, False):
            self.model.mark_read(self.current_id, False)


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
        """Esc: the find bar, the entity panel and the entity filter's chip go."""
        self.find_bar.hide()
        self.close_entity_panel()
        self.search.clear_entity_filter()

    def close_entity_panel(self) -> None:
        index = self.side_tabs.indexOf(self.entity_panel)
        if index >= 0:
            self.side_tabs.removeTab(index)
