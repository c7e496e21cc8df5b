"""Colours of entity types and highlights, light and dark theme: shared by render, export and the window."""

from __future__ import annotations

# Background colours per type, light and dark theme: distinct hues, text stays readable on each.
ENTITY_COLORS = {
    "PERSON": ("#ffd8a8", "#7a4a12"),
    "ORG": ("#b2f2bb", "#1f5f2c"),
    "PLACE": ("#a5d8ff", "#1c4a75"),
    "PRODUCT": ("#e5dbff", "#4b2f8a"),
    "EVENT": ("#ffc9c9", "#7d2323"),
}
HIGHLIGHT_COLORS = {  # name: (light, dark) backgrounds of the user's highlights
    "yellow": ("#fff3a3", "#6b5d00"),
    "green": ("#c9f5c1", "#24572b"),
    "blue": ("#cfe5ff", "#1d4673"),
    "pink": ("#ffd6e8", "#6e2447"),
    "orange": ("#ffe0b8", "#6d4415"),
}
