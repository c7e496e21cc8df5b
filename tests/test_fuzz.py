"""Property tests: cleaning, decoding and HTML parsing on arbitrary input never fail unexpectedly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.core.ingest.importers import parse_document
from viewer.core.model import ImportFailed
from viewer.core.text.cleaning import clean_paste
from viewer.core.text.decoding import decode_bytes
from viewer.core.text.normalise import normalize_text

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real articles and of their boilerplate, so the rules fire, mixed with anything at all.
PIECES = [
    "[누리일보 한서연 기자] ",
    "(서울=연합뉴스) 김민수 기자 = ",
    "By Jane Doe",
    "저작권자 ⓒ 누리일보 무단전재 및 재배포금지",
    "관련기사",
    "▶ 다른 기사 제목",
    "입력 2025.03.14 10:21",
    "[사진=연합뉴스]",
    "hong@example.com",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "```",
    "![사진](/a.png)",
    "https://example.org/x",
    "공유하기",
    "Advertisement",
    "서울시가 올해 작은 도서관 열두 곳을 새로 연다고 밝혔다.",
    "The library stays open late.",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "<script>alert(1)</script>",
    "\u202e",
    "\x1b[31m",
    "\r\n",
    "\u2028",
]
article_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=30).map("".join)
hints = st.fixed_dictionaries(
    {}, optional={k: st.text(max_size=200) for k in ("title", "author", "source", "published")}
)

TAGS = [
    "html",
    "head",
    "title",
    "body",
    "article",
    "main",
    "div",
    "p",
    "span",
    "h1",
    "h2",
    "a",
    "b",
    "i",
    "script",
    "style",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "br",
    "img",
    "meta",
    "iframe",
    "svg",
    "template",
]
ATTRS = [
    " href='javascript:alert(1)'",
    " onerror=alert(1)",
    " src=x",
    " class=c",
    " style='x:expression(1)'",
    " property='og:title' content='T'",
    ' title="',
    "",
]
html_piece = st.one_of(
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(
        [
            "&amp;",
            "&#0;",
            "&#xD800;",
            "&#65535;",
            "&lt;",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<!DOCTYPE html>",
            "The library stays open late, the staff said on Monday.",
            "서울시가 올해 작은 도서관 열두 곳을 새로 연다고 밝혔다.",
        ]
    ),
    st.text(max_size=30),
)
html_text = st.lists(html_piece, max_size=40).map("".join)


@FUZZ
@given(article_text, st.booleans(), hints)
def test_clean_paste_never_raises_and_keeps_its_invariants(text, markdown_input, hint):
    cleaned = clean_paste(text, markdown_input=markdown_input, hints=hint)
    assert isinstance(cleaned.title, str) and isinstance(cleaned.body, str)
    assert all(isinstance(d, str) for d in cleaned.deck)
    paragraphs = cleaned.body.split("\n\n") if cleaned.body else []
    assert all(p.strip() for p in paragraphs)
    for block in cleaned.removed:
        assert 0 <= block.position <= len(paragraphs) and block.text.strip()
    if not hint:
        # Nothing is lost: every character of the input is in the title, deck, body or removed text
        # ('#' aside: a Markdown heading's marks are not part of its title).
        kept = cleaned.title + "".join(cleaned.deck) + cleaned.body + "".join(b.text for b in cleaned.removed)
        missing = {c for c in normalize_text(text) if not c.isspace() and c != "#"} - set(kept)
        assert not missing


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=3000),
        article_text.map(lambda t: t.encode("utf-8")),
        article_text.map(lambda t: t.encode("utf-16-le")),
        st.tuples(article_text, st.binary(max_size=20)).map(lambda p: p[0].encode() + p[1]),
    )
)
def test_decode_bytes_raises_nothing_but_import_failed(data):
    try:
        text, encoding = decode_bytes(data, "fuzz.txt")
    except ImportFailed as exc:
        assert str(exc).startswith("fuzz.txt: ") and "\n" not in str(exc)
    else:
        assert isinstance(text, str) and encoding


@FUZZ
@given(html_text)
def test_parse_document_html_raises_nothing_but_import_failed(page):
    try:
        doc = parse_document(page, "html")
    except ImportFailed as exc:
        assert str(exc).startswith("HTML: ") or str(exc).startswith("text: ")
        assert "\n" not in str(exc)
    else:
        assert doc.fmt == "html" and doc.text.strip()
        clean_paste(doc.text, hints=doc.meta, markdown_input=True)


# Pieces that set off the entity analyser's rules: links, datelines, country abbreviations before
# names, titles, withheld names, known names of several words, spacing of every kind.
NAME_PIECES = [
    "美", "中", "美  ", "미  ", "미", "한미", "남북", "경기 ", "용인", "서울", "세온반도체",
    "한결바이오는", "대통령",
    "트럼프 ", "시 주석", "(Fed)", "(NYT)", "Nuvora Semiconductor", " said", "핫100", "A씨",
    "김모(33)씨", "(서울=누리통신)", "일본 교토(京都)", "잉글랜드 프리미어리그", "송하윤 감독",
    "클라우드", "AI", "'", "‘", "’", "(", ")", "=", "·", " ", "  ", "\n", "는", "의", ".",
]
names_text = st.lists(st.one_of(st.sampled_from(NAME_PIECES), st.text(max_size=10)),
                      max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names_text, names_text)
def test_entity_spans_always_index_their_text(title, body):
    from viewer.core.entities import EntityAnalyzer

    for span in EntityAnalyzer().analyze(title, body):
        source = title if span.field == "title" else body
        assert span.text and source[span.start:span.end] == span.text
        assert span.text == span.text.strip(), span  # a mention never starts or ends on a space
