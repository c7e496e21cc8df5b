"""Exports that carry the article: its text with highlights marked in place, notes beside them;
notes-only on request; flat vault properties; links that resolve; tables of contents.

The articles below are original texts written for these tests.
"""

from __future__ import annotations

import datetime
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export import build_library, highlight, span

from viewer.cli import main
from viewer.core.anchoring import make_selector
from viewer.core.export import export_library
from viewer.core.export.article_text import mark_body
from viewer.core.ingest.pipeline import import_file
from viewer.core.store.library import Highlight

HARBOUR = """---
title: 항구 전력 전환
source: 바닷길일보
author: 한바다, 서물결
published: 2025-03-04
---

항구의 크레인이 **전기로 움직이기** 시작했다고 서물결 기자가 전했다.

## 소음이 줄었다

- 밤샘 작업이 가능해졌다
- 주민 민원이 줄었다

자세한 내용은 [항만공사 보도자료](https://example.org/press)에 있다. 위키 문법 [[대괄호]]는 글자로 남는다.

Eastvale 항만공사도 같은 길을 가기로 했다.
"""
HARBOUR_NOTE = "Eastvale 기사와 [[Eastvale]] 비교, [[없는 쪽|다른 메모]]도 볼 것."
BODY_PHRASE = "시작했다고 서물결 기자가 전했다"  # article text no note or highlight holds
ENTITY_KEYS = ("people", "organisations", "places", "products", "events")
# [[target]], [[target|label]], [[target#heading]], not \[\[escaped]]
WIKILINK = re.compile(r"(?<!\\)\[\[([^\[\]|#^\n]+)(?:[|#^][^\[\]\n]*)?\]\]")


@pytest.fixture
def lib(library, tmp_path):
    """The four articles of test_export and one with Markdown in its body, tags, an address, two
    authors and the Archive as its state; highlights across its markup, one with a note."""
    ids = build_library(library, tmp_path / "sources")
    (tmp_path / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    harbour = import_file(library, tmp_path / "harbour.md").article_id
    library.edit_article(harbour, url="https://example.org/news/harbour")
    library.tag_articles([harbour], add=["항만", "기후 변화"])
    library.set_archived([harbour], True)
    body = library.get(harbour).body
    start = body.index("전기로")
    library.add_highlight(harbour, make_selector(body, start, body.index(" 시작했다")), "green",
                          "크레인 **전환** 시점.")  # the bold words and their closing **
    start = body.index("소음이")  # a heading and the list item after it
    library.add_highlight(harbour, make_selector(body, start, body.index(" 가능해졌다")), "pink",
                          "[[서물결]] 기자 확인, [[없는 쪽]]")
    highlight(library, harbour, "항만공사 보도자료](https://example.org/press)에", "blue")
    library.set_note(harbour, HARBOUR_NOTE)
    library.store_entities(harbour, [
        span("서물결", "PERSON", "body", body.index("서물결")),
        span("Eastvale", "ORG", "body", body.index("Eastvale")),  # one name, two types: two pages
    ], 3)
    ids["harbour"] = harbour
    return library, ids


def front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    head, rest = text[4:].split("\n---\n", 1)
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, rest


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) missing")


# --- the text, marked ---------------------------------------------------------------------------

def test_markdown_pages_hold_the_text_with_highlights_marked_and_notes_beside_them(lib, tmp_path):
    library, ids = lib
    for fmt in ("md", "vault"):
        out = tmp_path / fmt
        export_library(library, fmt, out, None, False)
        page = read(out / ("articles" if fmt == "vault" else "") / "항구 전력 전환.md")
        _data, text = front_matter(page)
        assert BODY_PHRASE in text
        # Marked piece by piece, the Markdown around each mark left whole.
        assert "**==전기로 움직이기==**" in text
        assert "## ==소음이 줄었다==" in text and "- ==밤샘 작업이== 가능해졌다" in text
        assert "[==항만공사 보도자료==](https://example.org/press)==에==" in text
        assert "\\[\\[대괄호]]" in text  # the article's brackets are text, not a link
        # The note of a highlight comes right after its paragraph, then the article's note.
        paragraph = "항구의 크레인이 **==전기로 움직이기==** 시작했다고 서물결 기자가 전했다.\n\n"
        assert paragraph + "> [!note] “전기로 움직이기”\n> 크레인 **전환** 시점.\n\n## ==소음" in text
        assert text.index("## ==소음이") < text.index("## Note") < text.index("## Entities")
        assert "## Highlights" not in text  # every highlight stands in the text

        kelp = read(out / ("articles" if fmt == "vault" else "") / "바다숲 복원 사업 세 해째.md")
        assert "동해안 ==바다숲 복원 사업이== 올해로" in kelp
        # One that cannot be found is still listed, with its note.
        assert "## Highlights not found in the text\n\n> 울진 앞바다" in kelp and "옮겨 간 문장?" in kelp


def test_the_digest_holds_the_text_with_highlights_marked(lib, tmp_path):
    library, ids = lib
    out = tmp_path / "digest.md"
    export_library(library, "digest", out, [ids["harbour"], ids["cranes"]], False)
    text = read(out)
    assert BODY_PHRASE in text and "**==전기로 움직이기==**" in text
    assert "Operators say ==the quieter cranes let night shifts run== without" in text
    assert "> [!note] “the quieter cranes let night shifts run”\n> Noise was the main complaint." in text
    assert text.index("## Eastvale cranes") < text.index("## 항구 전력 전환")  # published order
    harbour = text[text.index("## 항구 전력 전환"):]
    assert "Tags: 기후 변화, 항만 · State: archive" in harbour
    assert harbour.index("Tags:") < harbour.index("항구의 크레인이") < harbour.index("### Note")
    assert "### 소음이 줄었다" not in harbour and "### ==소음이 줄었다==" in harbour  # below the title


def test_html_marks_each_highlight_in_its_colour(lib, tmp_path):
    library, ids = lib
    out = tmp_path / "export.html"
    export_library(library, "html", out, [ids["harbour"], ids["cranes"]], False)
    text = read(out)
    assert BODY_PHRASE in text
    assert '<strong><mark style="background-color: #c9f5c1">전기로 움직이기</mark></strong>' in text
    assert '<h2><mark style="background-color: #ffd6e8">소음이 줄었다</mark></h2>' in text
    assert '<a href="https://example.org/press" rel="noopener noreferrer nofollow">' \
           '<mark style="background-color: #cfe5ff">항만공사 보도자료</mark></a>' in text
    assert 'The <mark style="background-color: #ffe0b8">Eastvale Port Authority</mark> plans' in text
    # The note after the paragraph that holds its highlight, then the article's note.
    assert text.index("전했다.</p>") < text.index("크레인 <strong>전환</strong> 시점.") < text.index("소음이")
    assert '<p class="meta tags">Tags: 기후 변화, 항만 · State: archive</p>' in text
    assert "<script" not in text and "<img" not in text


@needs_pdftotext
def test_the_pdf_holds_the_text_and_notes_only_leaves_it_out(lib, tmp_path, qapp):
    from viewer.ui.pdf import export_pdf

    library, ids = lib
    out, short = tmp_path / "full.pdf", tmp_path / "notes.pdf"
    export_pdf(library, out, [ids["harbour"], ids["kelp"]])
    export_pdf(library, short, [ids["harbour"], ids["kelp"]], notes_only=True)
    text, notes = pdftotext(out), pdftotext(short)
    assert BODY_PHRASE in text and "연구소는 내년에 포항 앞바다로 사업을 넓힌다." in text
    assert "크레인 전환 시점." in text and "Tags: 기후 변화, 항만 · State: archive" in text
    assert BODY_PHRASE not in notes and "연구소는 내년에 포항 앞바다로" not in notes
    assert "크레인 전환 시점." in notes and "State: archive" in notes


# --- notes only ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, name", [("md", "md"), ("vault", "vault"), ("digest", "d.md"),
                                       ("html", "x.html"), ("pdf", "x.pdf")])
def test_notes_only_on_the_command_line_leaves_the_text_out(lib, tmp_path, capsys, fmt, name):
    if fmt == "pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    library, ids = lib
    texts = {}
    for notes_only in (False, True):
        out = tmp_path / str(notes_only) / name
        args = ["export", "--library", str(library.path), "--format", fmt, "--out", str(out)]
        assert main(args + ["--notes-only"] * notes_only) == 0, capsys.readouterr().err
        files = [out] if out.is_file() else sorted(out.rglob("*.md"))
        texts[notes_only] = "\n".join(pdftotext(f) if fmt == "pdf" else read(f) for f in files)
    assert BODY_PHRASE in texts[False] and BODY_PHRASE not in texts[True]
    assert "올해로 세 해째를 맞았다" in texts[False] and "올해로 세 해째를 맞았다" not in texts[True]
    for text in texts.values():  # notes and highlights either way
        assert "크레인" in text and "전환" in text and "옮겨 간 문장?" in text
    if fmt in ("md", "vault", "digest"):
        assert "==" not in texts[True] and "> 바다숲 복원 사업이\n\nColour: yellow" in texts[True]


# --- the vault's properties and links -----------------------------------------------------------

def test_vault_front_matter_is_flat_with_the_properties_obsidian_shows(lib, tmp_path):
    library, _ids = lib
    out = tmp_path / "vault"
    export_library(library, "vault", out, None, False)
    for page in out.rglob("*.md"):
        data, _ = front_matter(read(page))
        for key, value in data.items():
            assert not isinstance(value, dict), (page.name, key)
            if isinstance(value, list):
                assert all(isinstance(item, str) for item in value), (page.name, key)
    data, _ = front_matter(read(out / "articles" / "항구 전력 전환.md"))
    assert data["title"] == "항구 전력 전환" and data["source"] == "바닷길일보"
    assert data["url"] == "https://example.org/news/harbour"
    assert data["author"] == ["한바다", "서물결"] and data["published"] == datetime.date(2025, 3, 4)
    assert data["tags"] == ["기후-변화", "항만"] and data["state"] == "archive" and data["aliases"] == []
    assert data["people"] == ["[[서물결]]"] and data["organisations"] == ["[[Eastvale]]"]
    assert data["places"] == [] and data["products"] == [] and data["events"] == []
    cranes, _ = front_matter(read(out / "articles" / "Eastvale cranes switch to shore power.md"))
    # Two pages for one name: the second is named apart, and its links say the name.
    assert cranes["places"] == ["[[Eastvale (Place)|Eastvale]]"]
    assert cranes["organisations"] == ["[[Eastvale Port Authority]]"]
    assert cranes["state"] == "inbox" and cranes["tags"] == [] and cranes["author"] == ["Mara Quill"]
    chips, _ = front_matter(read(out / "articles" / "AI 반도체 다음 10년.md"))
    assert chips["aliases"] == ["AI/반도체: 다음 10년?"] and chips["author"] == []
    assert all(isinstance(chips[key], list) for key in ENTITY_KEYS)
    entity, _ = front_matter(read(out / "entities" / "Eastvale (Place).md"))
    assert entity["type"] == "place" and entity["aliases"] == []  # "Eastvale" names the other page
    entity, _ = front_matter(read(out / "entities" / "포항.md"))
    assert entity["type"] == "place" and entity["aliases"] == ["Pohang"]


def test_every_wikilink_in_the_vault_resolves_to_a_page_it_writes(lib, tmp_path):
    library, _ids = lib
    out = tmp_path / "vault"
    export_library(library, "vault", out, None, False)
    pages = {p.stem.casefold() for p in out.rglob("*.md")}
    links = []
    for page in out.rglob("*.md"):
        links += [(page.name, m.group(1).strip()) for m in WIKILINK.finditer(read(page))]
    assert len(links) > 20
    assert [(page, link) for page, link in links if link.casefold() not in pages] == []
    harbour = read(out / "articles" / "항구 전력 전환.md")
    # The note's link to a page the vault has stays; the one to a page it does not write is words.
    assert "Eastvale 기사와 [[Eastvale]] 비교, 다른 메모도 볼 것." in harbour
    assert "\n> [[서물결]] 기자 확인, 없는 쪽\n" in harbour  # a highlight's note too
    assert "- Organisation: [[Eastvale]]" in harbour
    cranes = read(out / "articles" / "Eastvale cranes switch to shore power.md")
    assert "- Place: [[Eastvale (Place)|Eastvale]]" in cranes


def test_the_markdown_export_links_to_no_page_it_does_not_write(lib, tmp_path):
    library, _ids = lib
    for notes_only in (False, True):
        out = tmp_path / f"md {notes_only}"
        export_library(library, "md", out, None, False, notes_only=notes_only)
        pages = {p.stem.casefold() for p in out.glob("*.md")}
        for page in out.glob("*.md"):
            text = read(page)
            assert [m.group(1) for m in WIKILINK.finditer(text) if m.group(1).casefold() not in pages] == []
        harbour, _ = front_matter(read(out / "항구 전력 전환.md"))
        assert harbour["people"] == ["서물결"] and harbour["organisations"] == ["Eastvale"]
        assert harbour["tags"] == ["기후-변화", "항만"] and harbour["state"] == "archive"
        assert "- Person: 서물결" in read(out / "항구 전력 전환.md")
        assert "서물결 기자 확인, 없는 쪽" in read(out / "항구 전력 전환.md")


# --- tables of contents -------------------------------------------------------------------------

def test_a_digest_of_many_articles_opens_with_a_table_of_contents(lib, tmp_path):
    library, ids = lib
    out = tmp_path / "digest.md"
    export_library(library, "digest", out, None, False)
    text = read(out)
    _data, rest = front_matter(text)
    headings = re.findall(r"(?m)^## (.+)$", rest)
    assert headings[0] == "Contents" and rest.index("## Contents") < rest.index("## 바다숲")
    toc = rest[rest.index("## Contents"):].split("\n\n")[1].split("\n")
    assert len(toc) == 4  # the four articles with notes or highlights
    for n, line in enumerate(toc, 1):
        m = re.fullmatch(rf"{n}\. \[(.+)\]\(#(.+)\)", line)
        assert m, line
        target = re.sub(r"%([0-9A-F]{2})", lambda h: chr(int(h.group(1), 16)), m.group(2))
        assert target in headings[1:], target  # each entry links an article's heading
    assert len(set(headings[1:5])) == 4  # two articles of one title told apart
    two = tmp_path / "two.md"
    export_library(library, "digest", two, [ids["kelp"], ids["cranes"]], False)
    assert "## Contents" not in read(two)


def test_an_html_document_of_many_articles_opens_with_a_table_of_contents(lib, tmp_path):
    library, ids = lib
    out = tmp_path / "export.html"
    export_library(library, "html", out, None, False)
    text = read(out)
    body = text[text.index("<body>"):]
    assert body.index('<div class="contents">') < body.index('<div class="article"')
    targets = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>', body)
    assert len(targets) == 5
    for anchor, title in targets:
        at = body.index(f'<div class="article" id="{anchor}"')
        assert body.index(f"<h1>{title}</h1>", at) > at
    assert "page-break-before" in body[body.index('<div class="article"'):][:120]
    two = tmp_path / "two.html"
    export_library(library, "html", two, [ids["kelp"], ids["cranes"]], False)
    assert 'class="contents"' not in read(two)
    assert html.escape("AI/반도체: 다음 10년?") in body


# --- the dialog ---------------------------------------------------------------------------------

def test_the_dialogs_notes_only_box_changes_what_is_written(qtbot, lib, tmp_path):
    from PySide6.QtCore import Qt

    from viewer.ui.export_dialog import ExportDialog
    from viewer.ui.tasks import TaskRunner

    library, ids = lib
    runner = TaskRunner(max_threads=1)
    try:
        dialog = ExportDialog(library, runner, ids["harbour"], [ids["harbour"]])
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.set_format("md")
        dialog.set_scope("current")
        written = {}
        for checked in (False, True):
            if dialog.notes_only_box.isChecked() != checked:
                qtbot.mouseClick(dialog.notes_only_box, Qt.MouseButton.LeftButton)
            assert dialog.notes_only() is checked
            out = tmp_path / f"out {checked}"
            dialog.set_output(out)
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
            assert dialog.error == ""
            written[checked] = read(out / "항구 전력 전환.md")
        assert BODY_PHRASE in written[False] and "**==전기로 움직이기==**" in written[False]
        assert BODY_PHRASE not in written[True] and "## Highlights" in written[True]
        assert HARBOUR_NOTE.split(" [[")[0] in written[True]
        dialog.set_format("json")  # a backup holds everything: the box does not apply
        assert not dialog.notes_only_box.isEnabled() and not dialog.notes_only()
    finally:
        runner.cancel_all()
        runner.wait()


# --- marks never break the Markdown -------------------------------------------------------------

def _highlight(body: str, start: int, end: int, n: int = 1) -> tuple[Highlight, int, int]:
    return Highlight(n, 1, make_selector(body, start, end), "yellow", "", "", ""), start, end


def test_marks_keep_emphasis_links_code_and_blocks_whole():
    def marked(body: str, quote: str) -> str:
        start = body.index(quote)
        return mark_body(body, [_highlight(body, start, start + len(quote))])

    assert marked("foo **bar** baz", "foo **bar** baz") == "==foo **bar** baz=="
    assert marked("foo **bar** baz", "o **ba") == "fo==o== **==ba==r** baz"
    assert marked("한국**삼성**이 좋다", "삼성") == "==한국**삼성**이== 좋다"  # == beside ** must not stop it
    assert marked("code `a b` end", "b` end") == "code ==`a b` end=="  # never inside a code span
    assert marked("see [the link](https://x.org/a) now", "link](https://x.org/a) now") == \
        "see [the ==link==](https://x.org/a) ==now=="
    assert marked("## Title\n\nText here", "Title\n\nText") == "## ==Title==\n\n==Text== here"
    assert marked("x\n\n```\ncode\n```\n\nafter", "code\n```\n\nafter") == "x\n\n```\ncode\n```\n\n==after=="
    # Nothing in an export loads anything: an image is a link, an HTML tag text; [[ is the article's.
    assert marked("a ![pic](https://x.org/p.png) b", "b") == "a \\![pic](https://x.org/p.png) ==b=="
    assert marked('<img src="https://x.org/p.png"> b', "b") == '\\<img src="https://x.org/p.png"> ==b=='
    assert marked("see <https://x.org/a> and `<b>` or [[c]]", "and") == \
        "see <https://x.org/a> ==and== `<b>` or \\[\\[c]]"
    body = "one two three"  # overlapping and touching highlights: one mark, never "===="
    places = [_highlight(body, 0, 7, 1), _highlight(body, 4, 13, 2)]
    assert mark_body(body, places) == "==one two three=="


ATOMS = ["바다숲", "복원", "사업이", " ", " ", "**굵게**", "*기울임*", "_밑줄_", "`code a`", "[링크 글](http://a.b/c)",
         "\n", "\n\n", "\n\n## ", "\n- ", "\n> ", "\"", ".", "이", "는", "~~취소~~", "a", "\n1. ", "\\*",
         "<https://x.y>", "(", ")", "“", "”", ",", "**굵은 [링크](http://x.y) 글**", "**", "*", "_", "`", "[",
         "|"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), min_size=2, max_size=24), st.data())
def test_marked_markdown_renders_as_the_text_did_with_marks_added(atoms, data):
    """CommonMark (markdown-it) parses the marked body to the same structure as the body."""
    markdown_it = pytest.importorskip("markdown_it")
    body = "".join(atoms).strip()
    if len(body) < 2 or "[[" in body or "![" in body:
        return
    places = []
    for n in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(body) - 1))
        places.append(_highlight(body, start, data.draw(st.integers(start + 1, len(body))), n))
    md = markdown_it.MarkdownIt("commonmark")
    out = mark_body(body, places)
    assert md.render(out).replace("==", "") == md.render(body), out
    assert out.replace("==", "") == body


def test_marks_cover_what_a_plain_highlight_holds():
    body = "동해안 바다숲 복원 사업이 올해로 세 해째를 맞았다.\n\n해조류가 돌아오고 있다."
    start, end = body.index("사업이"), body.index("돌아오고") + 4
    assert mark_body(body, [_highlight(body, start, end)]) == \
        "동해안 바다숲 복원 ==사업이 올해로 세 해째를 맞았다.==\n\n==해조류가 돌아오고== 있다."
    h = Highlight(1, 1, make_selector(body, start, end), "yellow", "메모", "", "")
    out = mark_body(body, [(h, start, end)], notes=lambda hs: "> [!note] " + hs[0].note)
    assert out.endswith("==해조류가 돌아오고== 있다.\n\n> [!note] 메모")  # after the paragraph it ends in


def test_a_library_export_of_a_long_article_with_many_highlights_stays_quick(library, tmp_path):
    import time

    paragraph = "바다숲 **복원** 사업이 [올해로](https://x.org/a) 세 해째를 맞았다. 해조류가 돌아온다.\n\n"
    (tmp_path / "long.md").write_text("---\ntitle: 긴 기사\n---\n\n" + paragraph * 1500, encoding="utf-8")
    article_id = import_file(library, tmp_path / "long.md").article_id
    body = library.get(article_id).body
    at = 0
    for n in range(1000):
        at = body.index("사업이 [올해로", at + 1)
        library.add_highlight(article_id, make_selector(body, at, at + 12), "yellow", "메모" if n % 3 else "")
    began = time.perf_counter()
    export_library(library, "md", tmp_path / "md", None, False)
    export_library(library, "html", tmp_path / "x.html", None, False)
    assert time.perf_counter() - began < 20
    text = read(tmp_path / "md" / "긴 기사.md")
    assert text.count("==사업이== [==올해로==](https://x.org/a)") == 1000
    assert text.count("> [!note] “사업이 올해로”\n> 메모") == 666
    # (Past 50,000 characters of Markdown the rest is shown as text, as the reader does: one mark each.)
    assert read(tmp_path / "x.html").count("<mark ") >= 1000
