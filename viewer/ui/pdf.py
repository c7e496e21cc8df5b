"""PDF export through Qt: the HTML export laid out by QTextDocument and printed by QPdfWriter.

Korean glyphs are embedded (the default font is a family list with Noto Sans CJK KR first). Works
without a window: if no Qt application is running, an offscreen QGuiApplication is made.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from viewer.core.export import (
    FONT_FAMILIES,
    Cancelled,
    ExportError,
    ExportResult,
    Progress,
    collect,
    html_document,
    prepare_output,
)
from viewer.core.export.filenames import atomic_path
from viewer.core.store.library import Library


class _Cancelled(Exception):
    pass


_app: QGuiApplication | None = None  # kept alive for the rest of a headless (command-line) run


def ensure_gui_app() -> QCoreApplication:
    """The running Qt application, or a new offscreen QGuiApplication if there is none."""
    global _app
    app = QCoreApplication.instance()
    if app is None:
        # The command-line option wins over QT_QPA_PLATFORM, so a headless run never looks for a display.
        _app = QGuiApplication(["article-viewer", "-platform", "offscreen"])
        return _app
    if not isinstance(app, QGuiApplication):
        raise ExportError("PDF export needs a QGuiApplication, but a non-GUI Qt application is running")
    return app


def document_font(point_size: float = 10.5) -> QFont:
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(point_size)
    # The KR face's locale substitutions give digits glyphs that Qt's PDF writer leaves out of the
    # ToUnicode map, so they could not be searched or copied; Korean forms are that face's default anyway.
    font.setFeature(QFont.Tag("locl"), 0)
    return font


def write_pdf(html: str, target: Path, title: str = "Article Viewer export") -> None:
    """Lay out `html` on A4 pages and write it to `target` (not atomically: see export_pdf)."""
    doc = QTextDocument()
    doc.setDefaultFont(document_font())
    doc.setHtml(html)
    writer = QPdfWriter(str(target))
    writer.setTitle(title)
    writer.setCreator("Article Viewer")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    doc.print_(writer)
    # The file is complete only once the writer is gone.
    del writer


def export_pdf(library: Library, out: Path, article_ids: list[int] | None = None, force: bool = False,
               progress: Progress = None, cancelled: Cancelled = None,
               notes_only: bool = False) -> ExportResult:
    """Export articles (all for None) as one PDF: headers, each article's text with its highlights
    marked (not with notes_only), notes, highlights. Nothing is written if cancelled or if `out`
    exists without force."""
    out = Path(out)
    ensure_gui_app()
    prepare_output("pdf", out, force)
    result = ExportResult("pdf", out)
    steps: list[int] = []

    def step(n: int, total: int) -> None:
        steps[:] = [total]
        if progress:
            progress(n, total + 1)  # the last step is laying out and printing

    collected = collect(library, article_ids, step, cancelled)
    if collected is None or (cancelled and cancelled()):
        result.cancelled = True
        return result
    entries, _entities = collected
    try:
        with atomic_path(out) as tmp:
            write_pdf(html_document(entries, notes_only=notes_only), tmp)
            if not tmp.is_file():
                raise ExportError(f"{out}: Qt could not write the PDF")
            if cancelled and cancelled():
                raise _Cancelled
    except _Cancelled:
        result.cancelled = True
        return result
    if progress:
        total = steps[0] if steps else 0
        progress(total + 1, total + 1)
    result.articles = len(entries)
    result.files = [out]
    return result
