"""The entity index: every name in the library by type, with counts; selecting filters the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES
from viewer.core.store.search import EntityStat
from viewer.ui.wording import counted

EntityRole = Qt.ItemDataRole.UserRole + 1


class EntityIndexPanel(QWidget):
    """Select one entity to list the articles that mention it; select more to narrow to all of them."""

    refreshRequested = Signal()
    selectionChanged = Signal(list, list)  # entity ids, names

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("entityIndex")
        self.type_combo = QComboBox()
        self.type_combo.addItem("All types", None)
        for t in ENTITY_TYPES:
            self.type_combo.addItem(ENTITY_LABELS[t], t)
        self.type_combo.currentIndexChanged.connect(lambda _i: self.refreshRequested.emit())
        self.name_edit = QLineEdit(placeholderText="Filter names")
        self.name_edit.textChanged.connect(lambda _t: self.refreshRequested.emit())
        self.list = QListWidget()
        self.list.setObjectName("entityIndexList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.list.itemSelectionChanged.connect(self._on_selection)
        lay = QVBoxLayout(self)
        lay.addWidget(self.type_combo)
        lay.addWidget(self.name_edit)
        lay.addWidget(self.list)
        self._selected: dict[int, str] = {}
        self._filling = False

    def entity_type(self) -> str | None:
        return self.type_combo.currentData()

    def name_filter(self) -> str:
        return self.name_edit.text()

    def set_entities(self, stats: list[EntityStat]) -> None:
        self._filling = True
        self.list.clear()
        for st in stats:
            label = (f"{st.canonical}  —  {ENTITY_LABELS.get(st.type, st.type)}"
                     f" · {counted(st.articles, 'article')}")
            if st.mentions != st.articles:
                label += f" · {counted(st.mentions, 'mention')}"
            item = QListWidgetItem(label)
            item.setData(EntityRole, (st.entity_id, st.canonical))
            self.list.addItem(item)
            if st.entity_id in self._selected:
                item.setSelected(True)
        self._filling = False

    def select_entity(self, entity_id: int) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(EntityRole)[0] == entity_id:
                item.setSelected(True)

    def clear_selection(self) -> None:
        """Select nothing, also the names the name filter hides, and say so."""
        had = bool(self._selected)
        self._selected = {}
        self._filling = True
        self.list.clearSelection()
        self._filling = False
        if had:
            self.selectionChanged.emit([], [])

    def _on_selection(self) -> None:
        if self._filling:
            return
        shown = {self.list.item(i).data(EntityRole)[0] for i in range(self.list.count())}
        # Selections hidden by the name filter stay selected.
        kept = {eid: name for eid, name in self._selected.items() if eid not in shown}
        for item in self.list.selectedItems():
            eid, name = item.data(EntityRole)
            kept[eid] = name
        self._selected = kept
        self.selectionChanged.emit(list(kept), list(kept.values()))
