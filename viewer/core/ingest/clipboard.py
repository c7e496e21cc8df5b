"""What a clipboard or a drop holds, as an article: HTML preferred, plain text, or a URL to fetch.

Browsers put several flavours on the clipboard. Their HTML keeps what plain text loses (the
headline as <h1>, paragraphs, often the page's address), but each browser wraps it its own way:
Chromium starts it with `<meta charset='utf-8'>`, Firefox wraps the selection in
`<html><body><!--StartFragment-->…<!--EndFragment-->`, and Windows' CF_HTML format opens with a
`Version:0.9 / StartHTML: … / SourceURL:` header. This module takes those apart; the HTML then
goes through the same extraction and cleaning as an .html file (importers.parse_document).
A selection is a fragment, not a page: `fragment_markdown` converts one when the page extractor,
tuned for whole pages, would drop a short one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from viewer.core.model import ImportedDocument, ImportFailed
from viewer.core.text.urls import web_address

PASTED = "pasted text"

_CF_HEADER = re.compile(r"\A\s*Version:\d+\.\d+[ \t]*\r?\n(?:[A-Za-z]+:[^\r\n]*\r?\n)*", re.S)
_CF_FIELD = re.compile(r"^([A-Za-z]+):(.*?)\r?$", re.M)
_FRAGMENT = re.compile(r"<!--\s*StartFragment\s*-->(.*?)<!--\s*EndFragment\s*-->", re.S | re.I)
_LEADING_META = re.compile(r"\A(?:\s*<meta\b[^>]*>)+", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_PAGE_TAGS = re.compile(r"<(?:html|head|body)\b", re.I)


def saved_from_url(html: str) -> str | None:
    """The address a browser's "Save page as" noted at the top of a page, if any."""
    saved = _SAVED_FROM.search(html[:4096])
    return web_address(saved.group(1)) if saved else None


@dataclass
class ClipboardHtml:
    """A clipboard's HTML with the browser's wrapping taken off."""

    html: str
    source_url: str | None  # the page it was copied from, when the wrapping says
    fragment: bool  # a selection, not a whole page


def unwrap_clipboard_html(html: str) -> ClipboardHtml:
    """Take off CF_HTML headers, fragment markers and a leading <meta charset>."""
    source = None
    header = _CF_HEADER.match(html)
    if header:
        fields = {k.lower(): v.strip() for k, v in _CF_FIELD.findall(header.group(0))}
        source = web_address(fields.get("sourceurl"))
        html = html[header.end():]
    if source is None:
        source = saved_from_url(html)
    marked = _FRAGMENT.search(html)
    if marked:
        return ClipboardHtml(marked.group(1).strip(), source, True)
    html = _LEADING_META.sub("", html, count=1)
    return ClipboardHtml(html, source, not _PAGE_TAGS.search(html[:20000]))


# --- a fragment as Markdown --------------------------------------------------------------------

_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
         "button", "select", "input", "textarea", "head", "title", "meta", "link"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure",
          "figcaption", "address", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "ul", "ol",
          "form", "fieldset", "details", "summary", "center", "body", "html"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")


class _Blocks:
    """Paragraphs of text collected from a tree, each with its Markdown prefix."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.prefix = ""

    def text(self, s: str | None) -> None:
        if s:
            self.line.append(s)

    def brk(self) -> None:
        """End the current line inside a paragraph (<br>)."""
        self.line.append("\n")

    def end(self, prefix: str | None = None) -> None:
        """End the current paragraph."""
        joined = "".join(self.line)
        self.line = []
        lines = [_SPACE.sub(" ", part).strip() for part in joined.split("\n")]
        paragraphs: list[list[str]] = [[]]
        for ln in lines:  # two <br> in a row are a paragraph break, as old sites write them
            if ln:
                paragraphs[-1].append(ln)
            elif paragraphs[-1]:
                paragraphs.append([])
        for para in paragraphs:
            if para:
                self.blocks.append((self.prefix if prefix is None else prefix) + "\n".join(para))


def _walk(el, out: _Blocks, list_depth: int = 0) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if not tag:  # a comment or processing instruction
        out.text(el.tail)
        return
    if tag in _DROP:
        out.text(el.tail)
        return
    if tag == "br":
        out.brk()
        out.text(el.tail)
        return
    if tag in _HEADINGS:
        out.end()
        out.text(el.text_content())
        out.end("#" * _HEADINGS[tag] + " ")
        out.text(el.tail)
        return
    if tag == "hr":
        out.end()
        out.text(el.tail)
        return
    block = tag in _BLOCK or tag in ("li", "blockquote", "pre", "tr")
    if block:
        out.end()
    saved = out.prefix
    if tag == "li":
        out.prefix = "- "
    elif tag == "blockquote":
        out.prefix = "> "
    out.text(el.text)
    for child in el:
        if tag == "tr" and isinstance(child.tag, str) and child.tag.lower() in ("td", "th"):
            if out.line:
                out.text(" | ")
            out.text(child.text_content())
            out.text(child.tail)
            continue
        _walk(child, out, list_depth + (tag in ("ul", "ol")))
    if block:
        out.end()
    out.prefix = saved
    out.text(el.tail)


def fragment_markdown(html: str) -> str:
    """A selection's HTML as Markdown paragraphs: headings, lists, quotes and line breaks kept;
    scripts, styles, forms and images dropped; links as their text."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises ParserError and ValueError on hostile input
        return ""
    out = _Blocks()
    _walk(root, out)
    out.end()
    return "\n\n".join(out.blocks)


def fragment_words(html: str) -> int:
    """How many words a fragment shows (the measure of what an extractor must keep)."""
    return len(fragment_markdown(html).split())


# --- the clipboard ----------------------------------------------------------------------------

@dataclass
class Capture:
    """What a paste or drop brings: a document to clean, or a web address to fetch."""

    doc: ImportedDocument | None = None
    url: str | None = None


def single_url(text: str | None) -> str | None:
    """The web address a text is, if it is just one (a copied link), else None."""
    if not text:
        return None
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip() and not ln.startswith("#")]
    if len(lines) != 1 or any(c.isspace() for c in lines[0]):
        return None
    return web_address(lines[0])


def capture_clipboard(
    html: str | None = None,
    text: str | None = None,
    urls: list[str] | tuple[str, ...] = (),
    source_url: str | None = None,
    name: str = PASTED,
) -> Capture:
    """Decide what a clipboard (or a drop) holds: HTML preferred, then text; a lone link is a URL.

    `urls` are the clipboard's text/uri-list entries (local files are the file importer's);
    `source_url` the page the selection came from, when the browser says (Firefox's
    text/x-moz-url-priv). Raises ImportFailed when nothing readable is there.
    """
    from viewer.core.ingest.importers import parse_document

    link = single_url(text)
    web_urls = [u for u in (web_address(u) for u in urls) if u]
    html_words = 0
    unwrapped = None
    if html and html.strip():
        unwrapped = unwrap_clipboard_html(html)
        html_words = fragment_words(unwrapped.html)
    if link and html_words <= len(text.split()) + 8:
        return Capture(url=link)  # a copied link (its HTML, if any, is the <a> alone)
    if web_urls and not html_words and not (text and text.strip() and not single_url(text)):
        return Capture(url=web_urls[0])
    if unwrapped is not None and html_words:
        base = unwrapped.source_url or web_address(source_url)
        try:
            doc = parse_document(unwrapped.html, "html", base_url=base, fragment=unwrapped.fragment)
        except ImportFailed:
            doc = None  # nothing the extractor could use: the plain text may still be there
        if doc is not None:
            return Capture(doc=doc)
    if text and text.strip():
        doc = parse_document(text, "txt")
        doc.url = web_address(source_url)
        return Capture(doc=doc)
    raise ImportFailed(f"{name}: the clipboard holds no text, web page or link")


def looks_like_html(text: str) -> bool:
    """Whether text read from a pipe is HTML (a page or a fragment) rather than plain text."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or _CF_HEADER.match(text):
        return True
    tags = len(re.findall(r"</?(?:p|div|h[1-6]|br|span|a|li|ul|article|section|body|head|meta|table)\b",
                          head))
    return tags >= 3 and head.startswith("<")
