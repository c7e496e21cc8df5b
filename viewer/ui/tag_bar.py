"""Tags in the window: the reading pane's tag bar (chips and an entry with completion), the
sidebar's Inbox/Archive choice and tag list, and the dialog that tags several articles at once."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

TagRole = Qt.ItemDataRole.UserRole + 1


def tag_completer(parent: QWidget) -> QCompleter:
    """A completer over the library's tag names (fill it with set_tag_names)."""
    completer = QCompleter(QStringListModel([], parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


def set_tag_names(completer: QCompleter, names: list[str]) -> None:
    completer.model().setStringList(names)


class TagChip(QWidget):
    """One tag: its name and a × that removes it."""

    removeClicked = Signal(str)

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("tagChip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 1, 2, 1)
        lay.setSpacing(2)
        self.label = QLabel(f"#{name}")
        self.button = QToolButton(text="×", autoRaise=True)
        self.button.setToolTip(f"Remove the tag “{name}”")
        self.button.setAccessibleName(f"Remove tag {name}")
        self.button.clicked.connect(lambda: self.removeClicked.emit(self.name))
        lay.addWidget(self.label)
        lay.addWidget(self.button)
        self.setStyleSheet("#tagChip { border: 1px solid palette(mid); border-radius: 9px; }")


class TagBar(QWidget):
    """The open article's tags as chips, and an entry to add one (Enter adds, with completion)."""

    tagAdded = Signal(str)
    tagRemoved = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("tagBar")
        self._lay = QHBoxLayout(self)
        self._lay.setContentsMargins(8, 2, 8, 2)
        self._lay.setSpacing(4)
        self.chips: list[TagChip] = []
        self.edit = QLineEdit(placeholderText="Add a tag…")
        self.edit.setObjectName("tagEdit")
        self.edit.setMaximumWidth(160)
        self.edit.setToolTip("Type a tag and press Enter (Ctrl+T)")
        self.completer = tag_completer(self.edit)
        self.edit.setCompleter(self.completer)
        self.edit.returnPressed.connect(self._add)
        self._lay.addWidget(self.edit)
        self._lay.addStretch(1)

    def set_tags(self, tags: list[str]) -> None:
        for chip in self.chips:
            self._lay.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for n, name in enumerate(tags):
            chip = TagChip(name, self)
            chip.removeClicked.connect(self.tagRemoved)
            self._lay.insertWidget(n, chip)
            self.chips.append(chip)

    def tags(self) -> list[str]:
        return [c.name for c in self.chips]

    def set_known_tags(self, names: list[str]) -> None:
        set_tag_names(self.completer, names)

    def _add(self) -> None:
        text = self.edit.text().strip().lstrip("#").strip()
        self.edit.clear()
        if text:
            self.tagAdded.emit(text)


class KeepingFilters(QWidget):
    """The sidebar's Inbox / Archive / All choice and its list of tags (checked tags filter the list)."""

    changed = Signal()
    renameRequested = Signal(str)
    trashClicked = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("stateFilter")
        for label, state in (("Inbox", "inbox"), ("Archive", "archive"), ("All articles", None)):
            self.state_combo.addItem(label, state)
        self.state_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.trash_button = QToolButton(text="Trash")
        self.trash_button.setObjectName("trashButton")
        self.trash_button.setToolTip("Deleted articles: restore them or empty the Trash")
        self.trash_button.clicked.connect(self.trashClicked)
        self.tag_list = QListWidget()
        self.tag_list.setObjectName("tagList")
        self.tag_list.setToolTip("Check tags to list only articles carrying all of them;"
                                 " double-click to rename one")
        # the style's own check boxes vanish on the dark theme's list background
        self.tag_list.setStyleSheet(
            "#tagList::indicator { width: 11px; height: 11px; border: 1px solid palette(mid);"
            " border-radius: 2px; background: palette(base); }"
            " #tagList::indicator:checked { background: palette(highlight);"
            " border-color: palette(highlight); }")
        self.tag_list.itemChanged.connect(lambda _item: self.changed.emit())
        self.tag_list.itemDoubleClicked.connect(lambda item: self.renameRequested.emit(item.data(TagRole)))
        self.tag_list.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.state_combo, 1)
        row.addWidget(self.trash_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.tag_list)

    def state(self) -> str | None:
        return self.state_combo.currentData()

    def set_state(self, state: str | None) -> None:
        self.state_combo.setCurrentIndex(max(0, self.state_combo.findData(state)))

    def checked_tags(self) -> list[str]:
        return [self.tag_list.item(i).data(TagRole) for i in range(self.tag_list.count())
                if self.tag_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_tags(self, tags: list[tuple[str, int]]) -> None:
        """The library's tags with their counts; checked ones stay checked while they exist."""
        checked = {t.casefold() for t in self.checked_tags()}
        self.tag_list.blockSignals(True)
        self.tag_list.clear()
        for name, count in tags:
            item = QListWidgetItem(f"#{name}  ({count})")
            item.setData(TagRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = name.casefold() in checked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.tag_list.addItem(item)
        self.tag_list.blockSignals(False)
        self.tag_list.setVisible(bool(tags))
        rows = max(1, min(len(tags), 5))
        self.tag_list.setFixedHeight(rows * self.tag_list.fontMetrics().height() * 3 // 2 + 8)
        if checked - {n.casefold() for n, _ in tags}:
            self.changed.emit()  # a checked tag went away: the list is no longer filtered by it

    def check_tag(self, name: str, on: bool = True) -> None:
        for i in range(self.tag_list.count()):
            item = self.tag_list.item(i)
            if item.data(TagRole).casefold() == name.casefold():
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_trash_count(self, n: int) -> None:
        self.trash_button.setText(f"Trash ({n})" if n else "Trash")


class TagDialog(QDialog):
    """Tag several articles at once: tags to add (comma-separated, with completion) and to remove."""

    def __init__(self, count: int, known: list[str], present: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Tag {count} article{'s' if count != 1 else ''}")
        self.add_edit = QLineEdit(placeholderText="tags to add, separated by commas")
        self.add_edit.setObjectName("addTags")
        completer = tag_completer(self.add_edit)
        set_tag_names(completer, known)
        self.add_edit.setCompleter(completer)
        self.remove_list = QListWidget()
        self.remove_list.setObjectName("removeTags")
        for name in present:
            item = QListWidgetItem(f"#{name}")
            item.setData(TagRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.remove_list.addItem(item)
        choice = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choice.Ok | choice.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Add:"))
        lay.addWidget(self.add_edit)
        if present:
            lay.addWidget(QLabel("Remove (checked):"))
            lay.addWidget(self.remove_list)
        lay.addWidget(buttons)

    def to_add(self) -> list[str]:
        return [t.strip().lstrip("#").strip() for t in self.add_edit.text().split(",") if t.strip(" #")]

    def to_remove(self) -> list[str]:
        return [self.remove_list.item(i).data(TagRole) for i in range(self.remove_list.count())
                if self.remove_list.item(i).checkState() == Qt.CheckState.Checked]
