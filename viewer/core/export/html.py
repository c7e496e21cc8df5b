"""One HTML document of the chosen articles (also what viewer.ui.pdf prints).

An article's text is its body rendered as the reader renders it (sanitised Markdown); highlights
are marked afterwards, in the rendered text, by the reader's body-to-text alignment
(anchoring.ReadingMap), one <mark> per run of text, so a mark can never cross a tag.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from viewer.core.anchoring import ReadingMap
from viewer.core.export.article_text import mark_body
from viewer.core.export.collect import (
    FONT_FAMILIES,
    NOT_PLACED,
    ORPHANED,
    Entry,
    tags_line,
    toc_wanted,
    web_link,
)
from viewer.core.export.markdown import nest_headings, placed, short_quote
from viewer.core.palette import HIGHLIGHT_COLORS
from viewer.core.render import article_meta_line, markdown_to_html
from viewer.core.store.library import Highlight

_CSS = """
body {{ font-family: {fonts}, sans-serif; color: #1b1b1b; line-height: 1.55; }}
h1 {{ font-size: 20pt; margin-bottom: 4pt; }}
h2 {{ font-size: 13pt; margin-top: 14pt; }}
.deck {{ color: #444444; font-style: italic; margin: 2pt 0; }}
.meta {{ color: #666666; font-size: 9pt; }}
.url {{ font-size: 9pt; margin: 2pt 0; }}
.quote {{ margin: 8pt 0 2pt 0; padding: 4pt 8pt; }}
.hl-meta {{ color: #666666; font-size: 9pt; margin: 0 0 4pt 0; }}
.hl-note {{ margin: 4pt 0 8pt 18pt; padding: 2pt 8pt; border-left: 3px solid #bbbbbb; color: #333333;
            font-size: 9.5pt; }}
.orphaned {{ color: #a61e1e; }}
mark {{ color: #1b1b1b; }}
.toc li {{ margin: 2pt 0; }}
""".format(fonts=", ".join(f'"{f}"' for f in FONT_FAMILIES))

_NOTE_BACKGROUND = "#f3f3f3"
_NOTE_AT = "\uf8fe"  # stands for the notes of a paragraph's highlights until the body is rendered
_NOTE_PARAGRAPH = re.compile(f"<p>{_NOTE_AT}(\\d+){_NOTE_AT}</p>|{_NOTE_AT}(\\d+){_NOTE_AT}")
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "hr",
                     "h1", "h2", "h3", "h4", "h5", "h6", "br"})


def colour_of(h: Highlight) -> str:
    """The background of a highlight's colour (light theme): the palette's, never the stored text."""
    return HIGHLIGHT_COLORS.get(h.color, ("#eeeeee", ""))[0]


def _highlight_html(h: Highlight, orphaned: bool) -> str:
    quote = "<br>".join(html.escape(line) for line in h.selector.quote.strip("\n").split("\n"))
    meta = f"Colour: {html.escape(h.color)}"
    if orphaned:
        meta += f' · <span class="orphaned">{ORPHANED}</span>'
    parts = [f'<blockquote class="quote" style="background-color: {colour_of(h)}">{quote}</blockquote>',
             f'<p class="hl-meta">{meta}</p>']
    if h.note.strip():
        parts.append(markdown_to_html(nest_headings(h.note)))
    return "\n".join(parts)


def _notes_html(highlights: list[Highlight]) -> str:
    return "\n".join(
        # Qt's rich text takes a block's indent and background from its own style, not from a class.
        f'<blockquote class="hl-note" style="margin-left: 18pt; background-color: {_NOTE_BACKGROUND}">'
        f'<p class="hl-meta">Note · “{html.escape(short_quote(h))}”</p>\n'
        f"{markdown_to_html(nest_headings(h.note.strip(), 3))}</blockquote>" for h in highlights)


class _Tokens(HTMLParser):
    """Sanitised HTML as tags (kept as written) and text (unescaped), and the text as read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[bool, str]] = []  # (is text, tag or text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tokens.append((False, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tokens.append((False, self.get_starttag_text() or f"<{tag}/>"))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append((False, f"</{tag}>"))

    def handle_data(self, data: str) -> None:
        self.tokens.append((True, data))


def _tag_name(tag: str) -> str:
    return re.match(r"</?\s*([A-Za-z0-9]*)", tag).group(1).lower()


def mark_html(fragment: str, body: str, places: list[tuple[Highlight, int, int]]) -> str:
    """The rendered body with each highlight (body coordinates) wrapped in <mark>s of its colour."""
    parser = _Tokens()
    parser.feed(fragment)
    parser.close()
    reading, at = [], []  # the text as read, and where each text token begins in it
    length = 0
    for is_text, value in parser.tokens:
        if not is_text:
            if _tag_name(value) in _BLOCKS:
                reading.append("\n")
                length += 1
            at.append(length)
            continue
        at.append(length)
        if _NOTE_AT not in value:  # a placeholder for notes is not text of the article
            reading.append(value)
            length += len(value)
    text = "".join(reading)
    mapping = ReadingMap(body, text)
    spans, pos = [], 0  # non-overlapping: where highlights overlap, the one that began first keeps it
    for h, s, e in sorted(places, key=lambda p: (p[1], -p[2], p[0].id)):
        rs, re_ = mapping.reading_range(s, e)
        rs = max(rs, pos)
        if rs < re_:
            spans.append((rs, re_, colour_of(h)))
            pos = re_
    out, k = [], 0
    for (is_text, value), start in zip(parser.tokens, at, strict=True):
        if not is_text or _NOTE_AT in value:
            out.append(value if not is_text else html.escape(value, quote=False))
            continue
        end, cut = start + len(value), start
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        n = k
        while n < len(spans) and spans[n][0] < end:
            s, e, colour = spans[n]
            s, e = max(s, start), min(e, end)
            out.append(html.escape(value[cut - start:s - start], quote=False))
            piece = html.escape(value[s - start:e - start], quote=False)
            out.append(f'<mark style="background-color: {colour}">{piece}</mark>' if piece.strip() else piece)
            cut = e
            n += 1
        out.append(html.escape(value[cut - start:], quote=False))
    return "".join(out)


def body_html(entry: Entry) -> str:
    """The article's text as HTML: highlights marked in their colours, notes after their paragraphs."""
    body = entry.article.body.replace(_NOTE_AT, "\ufffd")  # same length: positions stay
    groups: list[list[Highlight]] = []

    def note_here(highlights: list[Highlight]) -> str:
        groups.append(highlights)
        return f"{_NOTE_AT}{len(groups) - 1}{_NOTE_AT}"

    places = placed(entry)
    fragment = markdown_to_html(nest_headings(mark_body(body, places, None, note_here), 1))
    marked = mark_html(fragment, body, places)
    return _NOTE_PARAGRAPH.sub(lambda m: _notes_html(groups[int(m.group(1) or m.group(2))]), marked)


def _anchor(entry: Entry) -> str:
    return f"article-{entry.article.id}"


def article_html_section(entry: Entry, first: bool, notes_only: bool = False) -> str:
    """One article: header, tags and state, the text with its highlights (unless notes_only), the note."""
    a = entry.article
    style = "" if first else ' style="page-break-before: always"'
    parts = [f'<div class="article" id="{_anchor(entry)}"{style}>',
             f"<h1>{html.escape(a.title)}</h1>"]  # Qt takes the id as an anchor, as browsers do
    parts += [f'<p class="deck">{html.escape(line)}</p>' for line in a.deck]
    meta = article_meta_line(a)
    if meta:
        parts.append(f'<p class="meta">{html.escape(meta)}</p>')
    url = web_link(a)
    if url:  # http or https only; escaped as any attribute and text
        parts.append(f'<p class="url"><a href="{html.escape(url)}">{html.escape(url)}</a></p>')
    parts.append(f'<p class="meta tags">{html.escape(tags_line(a))}</p>')
    if not notes_only and a.body.strip():
        parts.append(f'<div class="text">\n{body_html(entry)}\n</div>')
    if entry.note.strip():
        parts += ["<h2>Note</h2>", markdown_to_html(nest_headings(entry.note))]
    shown = entry.highlights if notes_only else [h for h in entry.highlights if h.id in entry.orphans]
    if shown:
        parts.append("<h2>Highlights</h2>" if notes_only else f"<h2>{NOT_PLACED}</h2>")
        parts += [_highlight_html(h, h.id in entry.orphans) for h in shown]
    if notes_only and not entry.note.strip() and not entry.highlights:
        parts.append('<p class="meta">No notes or highlights.</p>')
    parts.append("</div>")
    return "\n".join(parts)


def contents_html(entries: list[Entry]) -> str:
    """The table of contents: each article's title, linked to it, and its source and date."""
    items = []
    for en in entries:
        meta = article_meta_line(en.article)
        items.append(f'<li><a href="#{_anchor(en)}">{html.escape(en.article.title)}</a>'
                     + (f' <span class="meta">{html.escape(meta)}</span>' if meta else "") + "</li>")
    return ('<div class="contents">\n<h1>Contents</h1>\n<ol class="toc">\n' + "\n".join(items)
            + "\n</ol>\n</div>")


def html_document(entries: list[Entry], title: str = "Article Viewer export",
                  notes_only: bool = False) -> str:
    """One printable HTML document: contents (3+ articles), then each article, its text unless notes_only."""
    toc = toc_wanted(len(entries))
    sections = [contents_html(entries)] if toc else []
    sections += [article_html_section(en, i == 0 and not toc, notes_only) for i, en in enumerate(entries)]
    if not entries:
        sections = ["<p>No articles.</p>"]
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )
