"""Every setting the window keeps, declared once: key, default, type, and whether it is a
preference (the user chose it) or remembered state (the window noted it).

Window settings live in QSettings (per user, per machine); what belongs to a library (the last
article read, where the last export went, whether the samples were offered) lives in that
library's `settings` table, under the keys in viewer.core.store.library (LIBRARY_SETTINGS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from viewer.core.model import ENTITY_TYPES


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    type: type
    preference: bool  # False: state the window remembers between runs
    about: str


OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("ui/theme", "system", str, True, "colour theme: system, light or dark"),
    Option("reader/types", list(ENTITY_TYPES), list, True, "entity types highlighted in the reader"),
    Option("reader/zoom", 0, int, False, "reading pane zoom, in steps"),
    Option("list/sort", "published", str, False, "order of the article list"),
    Option("ui/geometry", None, QByteArray, False, "window size and place"),
    Option("ui/splitter", None, QByteArray, False, "widths of the list, reader and side panes"),
)}


def default_settings() -> QSettings:
    return QSettings("article-viewer", "Article Viewer")


def read(settings: QSettings, key: str) -> Any:
    """A setting's value as its declared type; the default when it is missing or unreadable."""
    option = OPTIONS[key]
    value = settings.value(key, option.default)
    if value is None:
        return option.default
    try:
        if option.type is list:
            return list(value) if isinstance(value, list | tuple) else [value]
        if option.type is QByteArray:
            return value if isinstance(value, QByteArray) else option.default
        return option.type(value)
    except (TypeError, ValueError):  # a hand-edited or foreign settings file
        return option.default


def write(settings: QSettings, key: str, value: Any) -> None:
    OPTIONS[key]  # noqa: B018 - an undeclared key is a bug: KeyError here, not a silent new setting
    settings.setValue(key, value)
