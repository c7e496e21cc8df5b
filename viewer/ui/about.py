"""Help → About: the version, where the library and the log are, and the licences; the app's icon."""

from __future__ import annotations

import html
import importlib.metadata as metadata
import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.core.resources import read_resource_text, resource
from viewer.logs import LOG_FILE, log_dir

PROJECT = "article-viewer"
MODEL_LICENCE = "entity_crf.LICENSE"  # in resources/: the bundled entity model's attribution
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"


def app_icon() -> QIcon:
    """The application's icon, from the PNG renders in resources/icons/ (no SVG plugin needed)."""
    icon = QIcon()
    for entry in resource("icons").iterdir():  # article-viewer-<size>.png, by scripts/build_icons.py
        pixmap = QPixmap()
        if re.fullmatch(r"article-viewer-\d+\.png", entry.name) and pixmap.loadFromData(entry.read_bytes()):
            icon.addPixmap(pixmap)
    return icon


# The components named in the licences, in this order; what their metadata lacks is filled in here.
# (distribution, shown as, licence if the metadata has none usable, home page, what it does here)
COMPONENTS = (
    ("PySide6-Essentials", "Qt for Python (PySide6)", "LGPL-3.0", "https://doc.qt.io/qtforpython-6/",
     "the window; Qt {qt} is used under the GNU LGPL v3"),
    ("Markdown", "Python-Markdown", "BSD-3-Clause", "https://python-markdown.github.io/",
     "Markdown to HTML"),
    ("kiwipiepy", "kiwipiepy (Kiwi)", "", "https://github.com/bab2min/kiwipiepy",
     "Korean morphology"),
    ("kiwipiepy_model", "Kiwi's model (kiwipiepy_model)", "", "https://github.com/bab2min/Kiwi",
     "the morphological model Kiwi loads"),
    ("trafilatura", "trafilatura", "Apache-2.0", "https://trafilatura.readthedocs.io/",
     "finding the article in a web page"),
)
# The licence in use when the metadata offers a choice.
CHOSEN = {"PySide6-Essentials": "LGPL-3.0-only"}


def log_file() -> Path:
    """Where the app writes its log (viewer/logs.py)."""
    return log_dir() / LOG_FILE


def _licence(dist: metadata.PackageMetadata | None, fallback: str) -> str:
    """A package's licence, short: its SPDX expression, a one-line License field, or its classifier."""
    if dist is None:
        return fallback or "unknown"
    expression = dist.get("License-Expression")
    if expression:
        return expression
    field = (dist.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 40:
        return field
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in dist.get_all("Classifier") or []
                   if c.startswith("License ::") and c.count("::") >= 2]
    return ", ".join(classifiers) or fallback or "see its home page"


def _home_page(dist: metadata.PackageMetadata | None, fallback: str) -> str:
    if fallback or dist is None:
        return fallback
    urls = [dist.get("Home-page") or ""]
    for entry in dist.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "documentation"):
            urls.append(url.strip())
    return next((u for u in urls if u.startswith(("https://", "http://"))), "")


def _metadata(name: str) -> metadata.PackageMetadata | None:
    try:
        return metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return None


def _requirements() -> list[str]:
    """The distributions the app depends on (from its own metadata), without extras."""
    try:
        requires = metadata.requires(PROJECT) or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for req in requires:
        if "extra ==" in req:
            continue
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", req)
        if match:
            names.append(match.group(0))
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def components() -> list[dict[str, str]]:
    """The third-party components with version, licence and home page: the named ones, then the rest."""
    rows = []
    for dist_name, shown, licence, url, role in COMPONENTS:
        dist = _metadata(dist_name)
        rows.append({
            "name": shown,
            "version": dist.get("Version", "") if dist else "",
            "licence": CHOSEN.get(dist_name) or _licence(dist, licence),
            "url": _home_page(dist, url),
            "role": role.format(qt=qVersion()),
        })
    named = {_normal(c[0]) for c in COMPONENTS} | {_normal(PROJECT)}
    for dist_name in _requirements():
        if _normal(dist_name) in named:
            continue
        named.add(_normal(dist_name))
        dist = _metadata(dist_name)
        rows.append({"name": dist_name, "version": dist.get("Version", "") if dist else "",
                     "licence": _licence(dist, ""), "url": _home_page(dist, ""), "role": ""})
    return rows


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text or url)}</a>'


def _plain_text_html(text: str) -> str:
    """A licence file as HTML paragraphs: wrapped lines joined, an indented block kept line by line."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        indented = all(line.startswith((" ", "\t")) for line in lines)
        escaped = [re.sub(r"https?://[^\s,;)]+", lambda m: _link(html.unescape(m.group(0))),
                          html.escape(line.strip(), quote=False)) for line in lines]
        body = "<br>".join(escaped) if indented else " ".join(escaped)
        out.append(f"<blockquote>{body}</blockquote>" if indented else f"<p>{body}</p>")
    return "\n".join(out)


def licences_html() -> str:
    """The licences page: the app's, each component's, and the entity model's attribution in full."""
    own = _metadata(PROJECT)
    parts = [
        "<h3>Article Viewer</h3>",
        f"<p>Article Viewer {html.escape(__version__)} is free software under the "
        f"{html.escape(_licence(own, 'MIT'))} licence.</p>",
        "<h3>Components</h3>",
        "<table cellspacing='0' cellpadding='3' width='100%'>",
        "<tr><th align='left'>Component</th><th align='left'>Version</th><th align='left'>Licence</th></tr>",
    ]
    for row in components():
        name = _link(row["url"], row["name"]) if row["url"] else html.escape(row["name"])
        role = f"<br><small>{html.escape(row['role'])}</small>" if row["role"] else ""
        parts.append(f"<tr><td>{name}{role}</td><td>{html.escape(row['version'])}</td>"
                     f"<td>{html.escape(row['licence'])}</td></tr>")
    parts.append("</table>")
    try:
        attribution = read_resource_text(MODEL_LICENCE)
    except OSError:
        attribution = "(the attribution file resources/entity_crf.LICENSE is missing from this installation)"
    parts += [
        "<h3>The entity model (CC BY-SA 4.0)</h3>",
        f"<p>The bundled entity model is an adaptation of KLUE, under the {_link(CC_BY_SA, 'CC BY-SA 4.0')}"
        " licence. Its attribution:</p>",
        _plain_text_html(attribution),
    ]
    return "\n".join(parts)


class AboutDialog(QDialog):
    """The version, the library and log files, and the licences (links open in the browser on a click)."""

    def __init__(self, library_path: Path | str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Article Viewer")
        self.resize(680, 640)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(f"<b style='font-size: large'>Article Viewer</b><br>version {html.escape(__version__)}"
                       "<br>A reader for Korean and English news articles.")
        title.setTextFormat(Qt.TextFormat.RichText)
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)

        files = QFormLayout()
        files.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.library_field = self._path_row(files, "Library:", Path(library_path) if library_path else None)
        self.log_field = self._path_row(files, "Log file:", log_file())

        self.licences = QTextBrowser()
        self.licences.setOpenExternalLinks(True)  # a click opens the browser; nothing is fetched here
        self.licences.setHtml(licences_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addLayout(header)
        lay.addLayout(files)
        lay.addWidget(QLabel("Licences:"))
        lay.addWidget(self.licences, 1)
        lay.addWidget(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    @staticmethod
    def _path_row(form: QFormLayout, name: str, path: Path | None) -> QLineEdit:
        """A row with the path, whole and selectable, and a link that opens its folder (on a click only)."""
        field = QLineEdit(str(path) if path else "(none)")
        field.setReadOnly(True)
        field.setCursorPosition(0)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        if path is not None:
            link = QLabel(_link(QUrl.fromLocalFile(str(path.parent)).toString(), "Show folder")
                          + ("" if path.exists() else " <i>(not written yet)</i>"))
            link.setTextFormat(Qt.TextFormat.RichText)
            link.setOpenExternalLinks(True)
            link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                         | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            row.addWidget(link)
        form.addRow(name, row)
        return field

    def text(self) -> str:
        """Everything the dialog shows, as plain text."""
        labels = [html.unescape(re.sub(r"<[^>]+>", " ", w.text())) for w in self.findChildren(QLabel)]
        fields = [w.text() for w in self.findChildren(QLineEdit)]
        return "\n".join(labels + fields + [self.licences.toPlainText()])


def show_about(window: QWidget) -> AboutDialog:
    """Open (or bring forward) the About dialog for `window`'s library."""
    dialog = next((d for d in window.findChildren(AboutDialog) if d.isVisible()), None)
    if dialog is None:  # (a closed one is being deleted)
        library = getattr(window, "library", None)
        dialog = AboutDialog(getattr(library, "path", None), window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.activateWindow()  # brings an open one forward (raise_() is not on every platform)
    return dialog
