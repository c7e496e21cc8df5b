"""Help → Keyboard shortcuts: every shortcut of the window's actions, read from them as they are now."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

OTHER = "Other"  # the group of the window's shortcuts that are in no menu


def plain_text(text: str) -> str:
    """An action's text as shown: without its mnemonic ampersand (&& is a literal &) or a tab's hint."""
    return re.sub(r"&(&?)", r"\1", text.split("\t", 1)[0]).strip()


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the platform writes them, e.g. "Ctrl+H" or "Alt+Down, Ctrl+]"."""
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                     if not k.isEmpty())


def window_shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, action, shortcut) for every action with a shortcut: by menu in menu order, then the rest."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            seen.add(id(action))
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), f"{where} › {plain_text(action.text())}")
            elif shortcut_text(action):
                rows.append((where, plain_text(action.text()), shortcut_text(action)))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), plain_text(top.text()))
    for action in window.actions():
        if id(action) not in seen and action.text() and shortcut_text(action):
            rows.append((OTHER, plain_text(action.text()), shortcut_text(action)))
    return rows


class ShortcutsDialog(QDialog):
    """A searchable table of the shortcuts, grouped by menu."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 600)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search actions or keys")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)
        lay.addWidget(buttons)
        self.load(rows)
        self.search.setFocus()

    def load(self, rows: list[tuple[str, str, str]]) -> None:
        """Show these (menu, action, shortcut) rows, grouped by menu in the order given."""
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, action, keys in rows:
            group = groups.get(menu)
            if group is None:
                group = groups[menu] = QTreeWidgetItem(self.tree, [menu])
                group.setFont(0, bold)
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            QTreeWidgetItem(group, [action, keys]).setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        self.apply_filter(self.search.text())

    def apply_filter(self, text: str) -> None:
        """Show the shortcuts whose menu, action or keys contain every word typed (any case)."""
        words = text.casefold().split()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            shown = 0
            for j in range(group.childCount()):
                item = group.child(j)
                haystack = f"{group.text(0)} {item.text(0)} {item.text(1)}".casefold()
                hide = not all(w in haystack for w in words)
                item.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(menu, action, shortcut) of the rows shown now."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out += [(group.text(0), group.child(j).text(0), group.child(j).text(1))
                    for j in range(group.childCount()) if not group.child(j).isHidden()]
        return out


def show_shortcuts(window: QMainWindow) -> ShortcutsDialog:
    """Open (or bring forward) the shortcuts dialog for `window`, read afresh from its actions."""
    dialog = next((d for d in window.findChildren(ShortcutsDialog) if d.isVisible()), None)
    if dialog is None:  # (a closed one is being deleted)
        dialog = ShortcutsDialog(window_shortcuts(window), window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    else:
        dialog.load(window_shortcuts(window))
    dialog.show()
    dialog.activateWindow()  # brings an open one forward (raise_() is not on every platform)
    return dialog
