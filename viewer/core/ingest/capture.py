"""Capturing one article that is not a file: a paste or drop, a web address, standard input.

Each becomes an ImportedDocument (clipboard.py decides what a clipboard holds, fetch.py fetches
a page) and goes the way a file goes: prepare_document cleans and analyses it, store_prepared
stores and indexes it. The window captures with `analyze=False`, so the cleaned article is shown
at once and its names follow from the background analysis.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import BinaryIO

from viewer.core.entities import make_analyzer
from viewer.core.ingest.clipboard import looks_like_html, unwrap_clipboard_html
from viewer.core.ingest.fetch import (
    FETCH_TIMEOUT,
    FetchCancelled,
    FetchFailed,
    check_url,
    decode_page,
    fetch_page,
)
from viewer.core.ingest.importers import parse_document, starts_with_front_matter
from viewer.core.ingest.pipeline import NoAnalysis, prepare_document, store_prepared
from viewer.core.limits import MAX_FILE_BYTES
from viewer.core.model import CleanedArticle, ImportedDocument, ImportFailed
from viewer.core.store.library import ImportOutcome, Library
from viewer.core.text.decoding import decode_bytes
from viewer.core.text.normalise import normalize_text, one_line

log = logging.getLogger("viewer.import")

STDIN = "standard input"


def document_from_text(text: str, name: str, base_url: str | None = None,
                       encoding: str = "utf-8") -> ImportedDocument:
    """Text of unknown kind (a pipe, a drop): HTML when it looks like HTML, Markdown when it
    opens with front matter or a heading, else plain text."""
    if looks_like_html(text):
        unwrapped = unwrap_clipboard_html(text)
        return parse_document(unwrapped.html, "html", encoding=encoding, name=name,
                              base_url=unwrapped.source_url or base_url, fragment=unwrapped.fragment)
    start = normalize_text(text)
    first = next((ln for ln in start.splitlines() if ln.strip()), "")
    fmt = "md" if starts_with_front_matter(start) or first.startswith("# ") else "txt"
    return parse_document(text, fmt, encoding=encoding, name=name, base_url=base_url)


def read_stream(stream: BinaryIO, name: str = STDIN, max_bytes: int = MAX_FILE_BYTES) -> ImportedDocument:
    """One article read from a pipe (`xclip -o | article-viewer import -`); ImportFailed if not."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportFailed(f"{name}: more than {max_bytes // (1024 * 1024)} MB; too large for an article")
    text, encoding = decode_bytes(data, name)
    return document_from_text(text, name, encoding=encoding)


def fetch_document(url: str, cancelled: Callable[[], bool] | None = None,
                   timeout: float = FETCH_TIMEOUT) -> ImportedDocument:
    """The page at a web address as a document; FetchFailed or ImportFailed, naming the URL."""
    page = fetch_page(url, timeout=timeout, cancelled=cancelled)
    text, encoding = decode_page(page)
    name = one_line(url)
    if page.content_type in ("text/html", "application/xhtml+xml") or looks_like_html(text):
        return parse_document(text, "html", encoding=encoding, base_url=page.final_url, name=name)
    fmt = "md" if page.content_type == "text/markdown" else "txt"
    return parse_document(text, fmt, encoding=encoding, base_url=page.final_url, name=name)


_SENTENCE_END = re.compile(r"(?:[.!?…。]|[다요까])[\"'”’)\]]*(?:\s|$)")


def reads_as_article(cleaned: CleanedArticle) -> bool:
    """Whether a cleaned page holds some prose (sentences), not only menus and headline lists."""
    prose = 0
    for para in cleaned.body.split("\n"):
        para = para.strip()
        if len(para) >= 30 and len(_SENTENCE_END.findall(para)) >= 1:
            prose += len(para)
    return prose >= 80


def import_document(library: Library, doc: ImportedDocument, name: str, *, analyze: bool = True,
                    require_article: bool = False) -> ImportOutcome:
    """Clean, analyse (unless `analyze` is False), store and index one captured document.

    `require_article`: a page (a fetched one, a whole page pasted) with no prose in it is refused.
    """
    analyzer = make_analyzer(library.corrections()) if analyze else NoAnalysis()
    try:
        prepared = prepare_document(doc, analyzer, library.content_hashes() if analyze else frozenset(),
                                    name)
        if require_article and not reads_as_article(prepared.cleaned):
            raise ImportFailed(f"{name}: no article was found on this page (only menus, links or lists)")
    except ImportFailed as exc:
        return ImportOutcome(one_line(name), "failed", message=one_line(str(exc)))
    return store_prepared(library, name, "ok", prepared)


def import_url(library: Library, url: str, *, cancelled: Callable[[], bool] | None = None,
               analyze: bool = True, timeout: float = FETCH_TIMEOUT) -> ImportOutcome:
    """Fetch a page the user asked for and import its article; nothing is stored on failure.

    An address already in the library is a duplicate, found before anything is fetched. The
    outcome's status is "cancelled" when `cancelled()` turned true before the page was stored.
    """
    name = one_line(url.strip())
    try:
        url = check_url(url)
        known = library.article_with_url(url)
        if known is not None:
            return ImportOutcome(name, "duplicate", known, title=library.titles([known]).get(known, ""))
        doc = fetch_document(url, cancelled, timeout)
    except FetchCancelled:
        return ImportOutcome(name, "cancelled", message=f"{name}: cancelled")
    except (FetchFailed, ImportFailed) as exc:
        log.info("not imported: %s", exc)
        return ImportOutcome(name, "failed", message=one_line(str(exc)))
    if cancelled is not None and cancelled():
        return ImportOutcome(name, "cancelled", message=f"{name}: cancelled")
    return import_document(library, doc, name, analyze=analyze, require_article=True)
