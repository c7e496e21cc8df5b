"""Capture in the window: what a clipboard or a drop holds, the "Add from URL" dialog, and the
way in shown while the library is empty."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

# Formats browsers use for the address of the page a selection was copied from.
SOURCE_URL_FORMATS = ("text/x-moz-url-priv", "chromium/x-source-url")
# The raw Windows CF_HTML (with its SourceURL header), when Qt offers it besides text/html.
WINDOWS_HTML_FORMAT = 'application/x-qt-windows-mime;value="HTML Format"'


def _decoded(data: bytes) -> str:
    """A browser's private text format: UTF-16 when it has NUL bytes (Firefox), else UTF-8."""
    if b"\x00" in data[:64]:
        return data.decode("utf-16-le", errors="replace").replace("\x00", "")
    return data.decode("utf-8", errors="replace")


def local_files(mime: QMimeData) -> list[str]:
    """The local files and folders a drop or clipboard names (the file importer's business)."""
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


def mime_parts(mime: QMimeData) -> dict:
    """The flavours of a clipboard or drop that capture_clipboard reads: html, text, urls, source."""
    formats = set(mime.formats())
    html = None
    if WINDOWS_HTML_FORMAT in formats:
        html = _decoded(bytes(mime.data(WINDOWS_HTML_FORMAT))) or None
    if html is None and mime.hasHtml():
        html = mime.html() or None
    source = None
    for fmt in SOURCE_URL_FORMATS:
        if fmt in formats:
            source = _decoded(bytes(mime.data(fmt))).strip().splitlines()[0:1]
            source = source[0] if source else None
            if source:
                break
    urls = [u.toString() for u in mime.urls() if not u.isLocalFile()] if mime.hasUrls() else []
    return {"html": html, "text": mime.text() if mime.hasText() else None, "urls": urls,
            "source_url": source}


def has_capture(mime: QMimeData | None) -> bool:
    """Whether a clipboard or drop holds something to import: files, HTML, text or a link."""
    if mime is None:
        return False
    return bool(local_files(mime) or (mime.hasHtml() and mime.html().strip())
                or (mime.hasText() and mime.text().strip())
                or any(not u.isLocalFile() for u in mime.urls()))


class UrlDialog(QDialog):
    """File → Add from URL: one address, fetched in the background once the user says so."""

    urlChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add from URL")
        self.edit = QLineEdit(placeholderText="https://…")
        self.edit.setObjectName("urlEdit")
        self.edit.setMinimumWidth(460)
        from viewer.core.ingest.clipboard import single_url

        clip = QGuiApplication.clipboard().text() if QGuiApplication.instance() else ""
        if single_url(clip):  # a link just copied is what the user most likely means
            self.edit.setText(single_url(clip))
            self.edit.selectAll()
        self.message = QLabel("The page is fetched only now, once; nothing else is downloaded.")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Address of the article:"))
        lay.addWidget(self.edit)
        lay.addWidget(self.message)
        lay.addWidget(buttons)

    def _accept(self) -> None:
        from viewer.core.ingest.fetch import FetchFailed, check_url

        try:
            url = check_url(self.edit.text())
        except FetchFailed as exc:
            self.message.setText(str(exc))  # stays open so the address can be fixed
            return
        self.accept()
        self.urlChosen.emit(url)


class EmptyLibraryPanel(QWidget):
    """Shown instead of the reader while the library has no articles: the ways to add one."""

    pasteClicked = Signal()
    urlClicked = Signal()
    filesClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyLibrary")
        # It stands in for the reader: it must not make the reading pane wider than the reader needs.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        title = QLabel("<h2>No articles yet</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(title)
        hint = QLabel("Copy an article in your browser and paste it here, drop text, a link or files "
                      "on this window, or add one by its address.")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(hint)
        for text, signal, name in (("Paste article (Ctrl+V)", self.pasteClicked, "pasteButton"),
                                   ("Add from URL… (Ctrl+L)", self.urlClicked, "urlButton"),
                                   ("Import files… (Ctrl+O)", self.filesClicked, "filesButton")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(signal.emit)
            lay.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)
