"""The menus and their keyboard shortcuts (they work wherever the focus is)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QMenu,
)

from viewer.ui import theme


class Actions:
    """Part of MainWindow (viewer/ui/main_window/window.py): the actions methods."""

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
        self._action(m, "Add from &URL…", self.add_from_url, QKeySequence("Ctrl+L"))
        self._action(m, "&Export…", self.open_export, QKeySequence("Ctrl+E"))
        m.addSeparator()
        self._action(m, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        m = bar.addMenu("&Edit")
        # Ctrl+V keeps its usual meaning in the note editor and other text fields: they take the
        # key before a window shortcut does (Qt's ShortcutOverride).
        self.paste_action = self._action(m, "&Paste as new article", self.paste_article,
                                         QKeySequence.StandardKey.Paste)

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
        self._add_keeping_actions(m)

        # Help: its own name, so lines added to the Article menu's `m` after these still land there.
        help_menu = bar.addMenu("&Help")
        from viewer.ui.about import show_about
        from viewer.ui.shortcuts_dialog import show_shortcuts

        self._action(help_menu, "&Keyboard shortcuts", lambda: show_shortcuts(self),
                     QKeySequence.StandardKey.HelpContents)
        help_menu.addSeparator()
        self._action(help_menu, "&About Article Viewer", lambda: show_about(self))
