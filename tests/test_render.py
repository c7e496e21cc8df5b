"""Rendering an article body: the fast path for plain paragraphs gives Markdown's own HTML."""

from pathlib import Path

import markdown
import pytest

from viewer.core.ingest.importers import clean_document, read_document
from viewer.core.render import markdown_to_html, sanitize_html

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"

TRICKY = [
    "- a\n\n- b\n\n    continued under b\n\nplain after the list",
    "# Head\n\ntext\n\n---\n\nmore",
    "Title\n=====\n\nx",
    "[a link][1] to somewhere\n\nplain\n\n[1]: http://example.com",
    "    code\n\n    more code\n\nafter",
    "1. one\n\n2. two\n\nend",
    "a\tb",
    "> quote\n\nplain",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nplain",
    "## Heading ##\n\n# h1 plain\n\n####### seven",
    "text  \nwith a hard break",
    "x<script>alert(1)</script>",
    "a & b < c > d",
    "2024. 3월 발표가 있었다.\n\n평범한 문단이다.",
    "*강조*와 **굵게**\n\n평범한 문단 \n\n 앞에 빈칸",
    "\n\n\n\nleading blank blocks\n\n\n\n",
]


def markdown_whole(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    whole = markdown.markdown(escaped, extensions=["sane_lists", "tables"], output_format="html")
    return sanitize_html(whole)


@pytest.mark.parametrize("text", TRICKY)
def test_fast_path_renders_exactly_what_markdown_renders(text):
    assert markdown_to_html(text) == markdown_whole(text)


def test_sample_articles_render_as_markdown_renders_them():
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".txt", ".md", ".html"):
            body = clean_document(read_document(path)).body
            assert markdown_to_html(body) == markdown_whole(body), path.name


def test_plain_paragraphs_are_escaped_not_interpreted():
    html = markdown_to_html("평범한 문단\n\n<b>굵게</b> 아님")
    assert "<p>평범한 문단</p>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_a_very_long_run_of_markdown_is_shown_as_plain_lines():
    table = "| a | b |\n|---|---|\n" + "\n".join(f"| {i} | 값 |" for i in range(6000))
    html = markdown_to_html(table)
    assert "<table>" not in html  # Markdown would take seconds over this; it is shown as text
    assert "| 5999 | 값 |" in html


def test_brackets_beyond_the_allowance_are_literal_and_nothing_is_lost():
    body = "\n\n".join(f"[링크 {i}](https://example.com/{i}) 설명\n\n평범한 문단" for i in range(400))
    html = markdown_to_html(body)
    links = html.count("<a ")
    assert 0 < links < 400  # the first ones are links, the rest literal text
    assert "링크 399" in html


def _article(body: str):
    from viewer.core.model import Article

    return Article(1, "제목", body, [], [], None, None, None, body, "txt", "", "", False, 0.0)


def test_a_long_unbroken_run_gets_invisible_break_points():
    from viewer.core.render import article_html

    page = article_html(_article("가" * 3000 + " 끝"))
    assert "\u200b" in page  # Qt needs somewhere to wrap, or laying it out takes seconds
    assert page.replace("\u200b", "").count("가") == 3000
    assert "\u200b" not in article_html(_article("평범한 문장이다. " * 400))


def test_an_enormous_body_is_shown_in_part_with_a_notice():
    from viewer.core.render import MAX_DISPLAY_CHARS, article_html

    body = "문장이다. " * (MAX_DISPLAY_CHARS // 6 + 1000)
    page = article_html(_article(body))
    assert f"{len(body):,} characters long" in page
    assert len(page) < MAX_DISPLAY_CHARS * 1.1


def test_a_body_of_countless_paragraphs_is_shown_in_part():
    from viewer.core.render import MAX_DISPLAY_PARAGRAPHS, article_html

    body = "짧다\n\n" * (MAX_DISPLAY_PARAGRAPHS + 500)
    page = article_html(_article(body))
    assert page.count("<p>짧다</p>") == MAX_DISPLAY_PARAGRAPHS
    assert "characters long" in page
