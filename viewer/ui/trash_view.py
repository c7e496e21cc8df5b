"""The Trash in the sidebar: what was deleted, with Restore, Delete for good and Empty Trash."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.store.trash import TrashEntry

EntryRole = Qt.ItemDataRole.UserRole + 1


class TrashView(QWidget):
    """Lists Trash entries; asks the window to restore, purge or empty (it does the asking)."""

    restoreRequested = Signal(list)  # Trash entry ids
    purgeRequested = Signal(list)
    emptyRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.heading = QLabel("<b>Trash</b>")
        back = QPushButton("Back to the list")
        back.clicked.connect(self.closeRequested)
        self.list = QListWidget()
        self.list.setObjectName("trashList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda item: self.restoreRequested.emit([item.data(EntryRole)]))
        self.restore_button = QPushButton("Restore")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(lambda: self.restoreRequested.emit(self.selected()))
        self.purge_button = QPushButton("Delete for good")
        self.purge_button.clicked.connect(lambda: self.purgeRequested.emit(self.selected()))
        self.empty_button = QPushButton("Empty Trash…")
        self.empty_button.setObjectName("emptyTrashButton")
        self.empty_button.clicked.connect(self.emptyRequested)
        self.empty_label = QLabel("The Trash is empty.")
        self.empty_label.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(back)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.empty_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.empty_label)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        self._update_buttons()

    def set_entries(self, entries: list[TrashEntry]) -> None:
        self.list.clear()
        for e in entries:
            when = e.deleted_at[:16].replace("T", " ")
            item = QListWidgetItem(f"{e.title}\n{' · '.join(x for x in (e.source, f'deleted {when}') if x)}")
            item.setData(EntryRole, e.id)
            item.setToolTip(e.title)
            self.list.addItem(item)
        self.empty_label.setVisible(not entries)
        self.heading.setText(f"<b>Trash</b> ({len(entries)})" if entries else "<b>Trash</b>")
        self._update_buttons()

    def selected(self) -> list[int]:
        return [item.data(EntryRole) for item in self.list.selectedItems()]

    def titles(self) -> list[str]:
        return [self.list.item(i).text().split("\n")[0] for i in range(self.list.count())]

    def _update_buttons(self) -> None:
        chosen = bool(self.list.selectedItems())
        self.restore_button.setEnabled(chosen)
        self.purge_button.setEnabled(chosen)
        self.empty_button.setEnabled(self.list.count() > 0)
