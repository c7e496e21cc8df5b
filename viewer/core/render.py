"""Rendering an article to the HTML subset Qt's rich text shows, with nothing that can run."""

from __future__ import annotations

import html

import markdown
import nh3

from viewer.core.model import Article

# What QTextDocument renders; everything else is stripped. No script, style, iframe, img or form.
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "u", "ul", "div",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class", "title"}, "p": {"class"},
                      "div": {"class"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def markdown_to_html(text: str) -> str:
    """Markdown to sanitised HTML; raw HTML in the source is shown as text, never interpreted."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    rendered = markdown.markdown(escaped, extensions=["sane_lists", "tables"], output_format="html")
    return sanitize_html(rendered)


def sanitize_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def article_meta_line(article: Article) -> str:
    return " · ".join(x for x in (article.source, article.author, (article.published or "")[:16]) if x)


def article_html(article: Article) -> str:
    """The reading pane's document: title, deck, source · author · date, then the body."""
    parts = [f"<h1>{html.escape(article.title)}</h1>"]
    for line in article.deck:
        parts.append(f'<p class="deck">{html.escape(line)}</p>')
    meta = article_meta_line(article)
    if meta:
        parts.append(f'<p class="meta">{html.escape(meta)}</p>')
    parts.append("<hr/>")
    parts.append(markdown_to_html(article.body))
    return "\n".join(parts)
