"""Rendering an article to the HTML subset Qt's rich text shows, with nothing that can run."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import quote, unquote

import markdown
import nh3

from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES, Article
from viewer.core.palette import ENTITY_COLORS

_OPEN_BASE = 0xE000  # private-use characters mark entity spans through Markdown and sanitising
_CLOSE = "\uefff"
_MARK = re.compile("[\ue000-\ueffe]")

# What QTextDocument renders; everything else is stripped. No script, style, iframe, img or form.
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "u", "ul", "div",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class", "title"}, "p": {"class"},
                      "div": {"class"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


# A block with none of these characters, and not indented or starting like a list item, is a plain
# paragraph (or ATX heading) whatever Markdown makes of its neighbours; most news paragraphs are.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>!&#|~=\t\x02\x03]|^\s*(?:[-+]|\d+[.)])|^\s|\s$")
_PLAIN_HEADING = re.compile(r"(#{1,6}) ([^#]+)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
_local = threading.local()
# Python-Markdown's time grows with the square of unmatched brackets (1,000 take 0.2-0.4 s, 50,000
# took minutes) and is ~10 microseconds a character for emphasis and tables: past these limits a
# run of blocks is shown as text (brackets literal; or, if very long, as plain lines) so that
# opening an article never stalls the window.
MAX_BRACKETS = 200  # per article
MAX_MARKDOWN_CHARS = 50_000  # per article


class _Budget:
    """What is left of an article's allowance of Markdown work."""

    def __init__(self) -> None:
        self.chars, self.brackets = MAX_MARKDOWN_CHARS, MAX_BRACKETS

    def render(self, text: str) -> str:
        if len(text) > self.chars:
            self.chars = 0
            return "\n".join(
                # lines joined as Markdown joins a paragraph's lines: Qt takes seconds over
                # hundreds of thousands of explicit line breaks
                "<p>" + html.escape(block, quote=False) + "</p>"
                for block in text.split("\n\n") if block.strip()
            )
        self.chars -= len(text)
        self.brackets -= text.count("[")
        return _markdown(text, literal_brackets=self.brackets < 0)


def _markdown(text: str, literal_brackets: bool = False) -> str:
    md = getattr(_local, "markdown", None)
    if md is None:
        md = _local.markdown = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    md.reset()
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    if literal_brackets:
        escaped = escaped.replace("[", "&#91;")
    return md.convert(escaped)


def markdown_to_html(text: str, url_schemes: set[str] = URL_SCHEMES) -> str:
    """Markdown to sanitised HTML; raw HTML in the source is shown as text, never interpreted.

    Plain paragraphs and headings are written out directly and only the runs of blocks between
    them go through Python-Markdown (the same HTML, several times faster on long articles);
    a text with reference-style link definitions, which reach across blocks, goes through whole.
    """
    if _REFERENCE_DEFINITION.search(text):
        return sanitize_html(_Budget().render(text), url_schemes)
    out: list[str] = []
    pending: list[str] = []
    budget = _Budget()
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        heading = _PLAIN_HEADING.fullmatch(block)
        if heading and not _MARKDOWN_SYNTAX.search(heading.group(2)):
            tag = f"h{len(heading.group(1))}"
            plain = f"<{tag}>{html.escape(heading.group(2), quote=False)}</{tag}>"
        elif "\n" not in block and not _MARKDOWN_SYNTAX.search(block):
            plain = f"<p>{html.escape(block, quote=False)}</p>"
        else:
            pending.append(block)
            continue
        if pending:
            out.append(budget.render("\n\n".join(pending)))
            pending = []
        out.append(plain)
    if pending:
        out.append(budget.render("\n\n".join(pending)))
    return sanitize_html("\n".join(out), url_schemes)


def sanitize_html(fragment: str, url_schemes: set[str] = URL_SCHEMES) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=url_schemes,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# --- notes: links to web pages and to the library --------------------------------------------

WIKI_SCHEME = "wiki"  # a note's [[Name]], linked: wiki:<the name, percent-encoded>
_NOTE_LINK = re.compile(r"\[\[(?P<name>[^\[\]\n]{1,200})\]\]|(?P<url>\bhttps?://[^\s<>\[\]`\"']+)", re.I)
_NOTE_CODE = re.compile(r"```.*?(?:```|\Z)|(`+)[^`].*?\1", re.S)  # fenced blocks and code spans
_LINK_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]])")
_REFERENCE_LINE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*$")


def note_html(text: str, resolve: Callable[[str], bool] | None = None) -> str:
    """A note's Markdown as safe HTML (see markdown_to_html) with its links made clickable.

    A bare http(s) address links to itself; `[[Name]]` links to `wiki:Name` when
    `resolve(Name)` says the library knows that name, and stays text otherwise. Code spans and
    fenced blocks are left as they are. Only http, https, mailto and wiki links survive.
    """
    out, pos = [], 0
    for m in _NOTE_CODE.finditer(text):
        out += [_note_links(text[pos:m.start()], resolve), m.group(0)]
        pos = m.end()
    out.append(_note_links(text[pos:], resolve))
    return markdown_to_html("".join(out), URL_SCHEMES | {WIKI_SCHEME})


def wikilink_name(href: str) -> str:
    """The name a `wiki:` link of note_html stands for ("" for any other address)."""
    scheme, _, rest = href.partition(":")
    return unquote(rest).strip() if scheme.lower() == WIKI_SCHEME else ""


def _note_links(text: str, resolve: Callable[[str], bool] | None) -> str:
    """Markdown links for the bare addresses and known [[names]] of a note's text (no code)."""

    def link(m: re.Match[str]) -> str:
        name = m.group("name")
        if name is not None:
            name = " ".join(name.split())
            if name and resolve is not None and resolve(name):
                return f"[{_link_text(name)}]({WIKI_SCHEME}:{quote(name, safe='')})"
            return _link_text(m.group(0))  # not in the library: shown as written, not a link
        url, start = m.group("url"), m.start()
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(0, start - 2):start]
        if before.endswith(("](", "[")) or _REFERENCE_LINE.match(text[line_start:start]):
            return url  # already a Markdown link (or its text, or a reference definition)
        url, tail = _trim_url(url)
        href = url.replace("(", "%28").replace(")", "%29")
        return f"[{_link_text(url)}]({href}){tail}"

    return _NOTE_LINK.sub(link, text)


def _trim_url(url: str) -> tuple[str, str]:
    """An address found in prose without the punctuation that ends its sentence or a bracket."""
    end = len(url)
    while end and (url[end - 1] in ".,;:!?'\"" or (url[end - 1] == ")" and url.count("(", 0, end)
                                                        < url.count(")", 0, end))):
        end -= 1
    return url[:end], url[end:]


def _link_text(text: str) -> str:
    return _LINK_TEXT_SPECIAL.sub(r"\\\1", text)


# Qt lays out a run of text with no break opportunity in time that grows with the square of its
# length (100,000 characters: 1.6 s); an invisible break every so often keeps that linear.
_UNBROKEN = re.compile(r"\S{1000,}")
BREAK_EVERY = 500
# Beyond these an article's body is not shown: Qt takes 0.5 s over a 1 MB body, seconds over 5 MB, and
# about 5 microseconds a paragraph; news articles are far shorter.
MAX_DISPLAY_CHARS = 300_000
MAX_DISPLAY_PARAGRAPHS = 20_000


def _display_cut(body: str) -> int:
    """How much of the body the reading pane shows."""
    cut = min(len(body), MAX_DISPLAY_CHARS)
    if body.count("\n\n", 0, cut) > MAX_DISPLAY_PARAGRAPHS:
        at = -1
        for _ in range(MAX_DISPLAY_PARAGRAPHS):
            at = body.index("\n\n", at + 2)
        cut = at
    return cut


def _breakable(text: str) -> str:
    def split(m: re.Match[str]) -> str:
        run = m.group(0)
        return "\u200b".join(run[i:i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY))

    return _UNBROKEN.sub(split, text)


def shown_url(url: str, limit: int = 80) -> str:
    """An address as the reader shows it: without the scheme, shortened in the middle."""
    text = url.split("://", 1)[-1]
    return text if len(text) <= limit else text[: limit - 25] + "…" + text[-24:]


def article_meta_line(article: Article) -> str:
    published = (article.published or "")[:16].replace("T", " ")  # "2025-04-02 14:31", as pages print it
    updated = (getattr(article, "updated", None) or "")[:16].replace("T", " ")
    if updated and published:
        published += f" (updated {updated})"
    return " · ".join(x for x in (article.source, article.author, published) if x)


def _mark(text: str, spans: Sequence) -> tuple[str, list]:
    """Insert private-use markers around non-overlapping spans; return the text and the spans used."""
    text = _MARK.sub("", text).replace(_CLOSE, "")
    used, out, pos = [], [], 0
    for span in sorted(spans, key=lambda m: (m.start, -m.end)):
        if span.start < pos or span.end > len(text) or span.start >= span.end:
            continue
        if len(used) >= _CLOSE_INDEX:
            break
        out.append(text[pos:span.start])
        out.append(chr(_OPEN_BASE + len(used)) + text[span.start:span.end] + _CLOSE)
        used.append(span)
        pos = span.end
    out.append(text[pos:])
    return "".join(out), used


_CLOSE_INDEX = ord(_CLOSE) - _OPEN_BASE


def _entity_tags(fragment: str, used: list, dark: bool) -> str:
    def open_tag(m: re.Match[str]) -> str:
        span = used[ord(m.group(0)) - _OPEN_BASE]
        bg = ENTITY_COLORS[span.type][1 if dark else 0]
        fg = "#f1f3f5" if dark else "#1b1b1b"
        tip = html.escape(f"{ENTITY_LABELS[span.type]} · {span.canonical}", quote=True)
        return (f'<a href="entity:{span.entity_id}" title="{tip}" style="background-color:{bg};'
                f' color:{fg}; text-decoration:none">')

    return _MARK.sub(open_tag, fragment).replace(_CLOSE, "</a>")


def article_html(
    article: Article,
    mentions: Iterable = (),
    enabled_types: Iterable[str] = ENTITY_TYPES,
    dark: bool = False,
    show_removed: bool = False,
) -> str:
    """The reading pane's document: title, deck, source · author · date, then the body.

    `mentions` (with entity_id, type, canonical, field, start, end) of the enabled types are
    shown as coloured links `entity:ID`, offsets indexing the title and the Markdown body.
    With `show_removed`, the boilerplate cleaning dropped is shown greyed where it stood, each
    block with a `restore:INDEX` link.
    """
    enabled = set(enabled_types)
    shown = [m for m in mentions if m.type in enabled and m.type in ENTITY_COLORS]
    title, title_used = _mark(article.title, [m for m in shown if m.field == "title"])
    title = _breakable(title)
    parts = [f"<h1>{_entity_tags(html.escape(title, quote=False), title_used, dark)}</h1>"]
    if getattr(article, "title_derived", False):
        parts.append('<p class="meta">No headline was found; the title is the first sentence.'
                     ' <a href="edit:title">Give it a title…</a></p>')
    deck_text = "\n".join(article.deck)
    deck, deck_used = _mark(deck_text, [m for m in shown if m.field == "deck" and m.end <= len(deck_text)
                                         and "\n" not in deck_text[m.start:m.end]])
    for line in deck.split("\n") if article.deck else []:
        parts.append(f'<p class="deck">{_entity_tags(html.escape(line, quote=False), deck_used, dark)}</p>')
    meta = article_meta_line(article)
    if meta:
        parts.append(f'<p class="meta">{html.escape(meta)}</p>')
    url = article.url or ""
    if url.lower().startswith(("http://", "https://")):  # like every link: followed only on a click
        link = f'<a href="{html.escape(url)}">{html.escape(shown_url(url))}</a>'
        parts.append(f'<p class="meta url">{link}</p>')
    parts.append("<hr/>")
    body_text, notice = article.body, ""
    cut = _display_cut(body_text)
    if cut < len(body_text):
        body_text = body_text[:cut]
        notice = (f'<p class="meta">This article is {len(article.body):,} characters long; the first '
                  f"{cut:,} are shown. Export it or search it to reach the rest.</p>")
    body, body_used = _mark(body_text, [m for m in shown if m.field == "body" and m.end <= len(body_text)])
    body = _breakable(body)
    if show_removed and any(not r.restored for r in article.removed):
        body_html = _with_removed(body, article)
    else:
        body_html = markdown_to_html(body)
    parts.append(_entity_tags(body_html, body_used, dark))
    if notice:
        parts.append(notice)
    return "\n".join(parts)


def _with_removed(marked_body: str, article: Article) -> str:
    """The body with each removed block greyed in place, each with a link to restore it."""
    paragraphs = marked_body.split("\n\n") if marked_body else []
    by_position: dict[int, list[tuple[int, object]]] = {}
    shift = 0
    for index, block in enumerate(article.removed):
        if block.restored:
            shift += 1
            continue
        by_position.setdefault(min(block.position + shift, len(paragraphs)), []).append((index, block))
    out = []
    for at in range(len(paragraphs) + 1):
        for index, block in by_position.get(at, []):
            out.append(
                f'<p class="removed"><a href="restore:{index}">Restore</a> '
                f"<i>{html.escape(block.rule)}</i> · {html.escape(block.text)}</p>"
            )
        if at < len(paragraphs):
            out.append(markdown_to_html(paragraphs[at]))
    return "\n".join(out)
