"""Export: Markdown pages, an Obsidian/Logseq vault, a notes digest, a JSON backup, one HTML document.

Output is deterministic (sorted, no current time), so exporting twice gives the same files. Every
file is written under a temporary name and renamed into place; an existing export is replaced only
with `force`. PDF is made by viewer.ui.pdf (it needs Qt), from `html_document`.

Every format but JSON holds each article's text (its stored Markdown body) with its highlights
marked where they stand and their notes beside them, then the article's note; `notes_only` leaves
the text out.

collect — what is exported; article_text — highlights marked in the body's Markdown; markdown, html —
the formats; writer — files, names and export_library; filenames — safe, unique file names and
atomic writes.
"""

from viewer.core.export.collect import (
    FOLDER_FORMATS,
    FONT_FAMILIES,
    FORMAT_NAMES,
    FORMATS,
    SUFFIXES,
    Cancelled,
    ExportError,
    ExportExists,
    ExportResult,
    Progress,
    collect,
    scope_ids,
)
from viewer.core.export.html import html_document
from viewer.core.export.markdown import nest_headings
from viewer.core.export.writer import (
    check_format,
    default_name,
    existing_output,
    export_library,
    prepare_output,
)

__all__ = ["FOLDER_FORMATS", "FONT_FAMILIES", "FORMATS", "FORMAT_NAMES", "SUFFIXES", "Cancelled",
           "ExportError", "ExportExists", "ExportResult", "Progress", "check_format", "collect",
           "default_name", "existing_output", "export_library", "html_document", "nest_headings",
           "prepare_output", "scope_ids"]
