"""One HTML document of the chosen articles (also what viewer.ui.pdf prints)."""

from __future__ import annotations

import html

from viewer.core.export.collect import FONT_FAMILIES, ORPHANED, Entry, web_link
from viewer.core.export.markdown import nest_headings
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
.orphaned {{ color: #a61e1e; }}
""".format(fonts=", ".join(f'"{f}"' for f in FONT_FAMILIES))


def _highlight_html(h: Highlight, orphaned: bool) -> str:
    colour = HIGHLIGHT_COLORS.get(h.color, ("#eeeeee", ""))[0]
    quote = "<br>".join(html.escape(line) for line in h.selector.quote.strip("\n").split("\n"))
    meta = f"Colour: {html.escape(h.color)}"
    if orphaned:
        meta += f' · <span class="orphaned">{ORPHANED}</span>'
    parts = [f'<blockquote class="quote" style="background-color: {colour}">{quote}</blockquote>',
             f'<p class="hl-meta">{meta}</p>']
    if h.note.strip():
        parts.append(markdown_to_html(nest_headings(h.note)))
    return "\n".join(parts)


def article_html_section(entry: Entry, first: bool) -> str:
    a = entry.article
    style = "" if first else ' style="page-break-before: always"'
    parts = [f'<div class="article"{style}>', f"<h1>{html.escape(a.title)}</h1>"]
    parts += [f'<p class="deck">{html.escape(line)}</p>' for line in a.deck]
    meta = article_meta_line(a)
    if meta:
        parts.append(f'<p class="meta">{html.escape(meta)}</p>')
    url = web_link(a)
    if url:  # http or https only; escaped as any attribute and text
        parts.append(f'<p class="url"><a href="{html.escape(url)}">{html.escape(url)}</a></p>')
    if entry.note.strip():
        parts += ["<h2>Note</h2>", markdown_to_html(nest_headings(entry.note))]
    if entry.highlights:
        parts.append("<h2>Highlights</h2>")
        parts += [_highlight_html(h, h.id in entry.orphans) for h in entry.highlights]
    if not entry.note.strip() and not entry.highlights:
        parts.append('<p class="meta">No notes or highlights.</p>')
    parts.append("</div>")
    return "\n".join(parts)


def html_document(entries: list[Entry], title: str = "Article Viewer export") -> str:
    """One printable HTML document: each article's header, note (sanitised Markdown) and highlights."""
    sections = [article_html_section(en, i == 0) for i, en in enumerate(entries)]
    if not sections:
        sections = ["<p>No articles.</p>"]
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


# --- writing ----------------------------------------------------------------------------------
