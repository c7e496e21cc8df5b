"""Light and dark themes, following the system unless the user picks one, and the CJK font chain."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
# Latin first, then a Korean face for each platform, so Hangul never falls back to boxes.
UI_FONT_FAMILIES = [
    "Noto Sans", "Noto Sans CJK KR", "Source Han Sans K", "Apple SD Gothic Neo", "Malgun Gothic",
    "NanumGothic", "Segoe UI", "Helvetica Neue", "sans-serif",
]


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(theme: str) -> bool:
    """Whether a theme setting means dark."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_is_dark()


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        colors = {
            QPalette.ColorRole.Window: "#202225", QPalette.ColorRole.WindowText: "#e9ecef",
            QPalette.ColorRole.Base: "#17181a", QPalette.ColorRole.AlternateBase: "#26282b",
            QPalette.ColorRole.Text: "#e9ecef", QPalette.ColorRole.Button: "#2b2d31",
            QPalette.ColorRole.ButtonText: "#e9ecef", QPalette.ColorRole.Highlight: "#3d6fb6",
            QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#8ab4f8",
            QPalette.ColorRole.ToolTipBase: "#2b2d31", QPalette.ColorRole.ToolTipText: "#e9ecef",
            QPalette.ColorRole.PlaceholderText: "#8a9099", QPalette.ColorRole.Mid: "#3a3d42",
        }
    else:
        colors = {
            QPalette.ColorRole.Window: "#f3f3f1", QPalette.ColorRole.WindowText: "#1b1b1b",
            QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f6f6f4",
            QPalette.ColorRole.Text: "#1b1b1b", QPalette.ColorRole.Button: "#ecebe8",
            QPalette.ColorRole.ButtonText: "#1b1b1b", QPalette.ColorRole.Highlight: "#3574d4",
            QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#1a5fb4",
            QPalette.ColorRole.ToolTipBase: "#fffbe6", QPalette.ColorRole.ToolTipText: "#1b1b1b",
            QPalette.ColorRole.PlaceholderText: "#8a8a8a", QPalette.ColorRole.Mid: "#c8c8c4",
        }
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#888888"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#888888"))
    return p


def apply(app: QApplication, theme: str) -> bool:
    """Apply a theme setting to the whole application; return whether it is dark."""
    dark = resolve(theme)
    app.setStyle("Fusion")
    app.setPalette(_palette(dark))
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    app.setFont(font)
    return dark


def reader_css(dark: bool) -> str:
    """The reading pane's document style sheet."""
    muted = "#a6adb5" if dark else "#5f6368"
    faint = "#7d848c" if dark else "#8a8f94"
    removed = "#737a82" if dark else "#9aa0a6"
    return f"""
    h1 {{ font-size: 20pt; font-weight: 600; margin-bottom: 6px; }}
    h2 {{ font-size: 14pt; font-weight: 600; margin-top: 14px; }}
    p.deck {{ color: {muted}; font-size: 12pt; margin-top: 0px; margin-bottom: 2px; }}
    p.meta {{ color: {faint}; font-size: 10pt; margin-top: 8px; }}
    p {{ line-height: 155%; margin-bottom: 10px; }}
    p.removed {{ color: {removed}; font-size: 10pt; }}
    blockquote {{ color: {muted}; }}
    """
