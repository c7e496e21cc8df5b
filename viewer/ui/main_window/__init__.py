"""The main window, as a package: window.py puts together the parts beside it."""

from viewer.ui.main_window.list_pane import SORTS
from viewer.ui.main_window.window import MainWindow

__all__ = ["SORTS", "MainWindow"]
