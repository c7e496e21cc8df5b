"""Hostile input: a small generated corpus through the pipeline, and one regression test per fix."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest

from viewer.core.ingest.importers import clean_document, parse_document, read_document, split_front_matter
from viewer.core.ingest.pipeline import import_files
from viewer.core.model import ImportFailed
from viewer.core.render import article_html, markdown_to_html
from viewer.core.store.library import Library
from viewer.core.text.cleaning import clean_paste, defuse_links, similar_text
from viewer.core.text.decoding import decode_bytes
from viewer.core.text.normalise import normalize_text, one_line

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ARTICLE = (
    "바닷가 마을 도서관, 밤에도 불을 켠다\n[파도신문 윤가람 기자] 동해안의 작은 마을 도서관이"
    ' 이달부터 밤 열 시까지 문을 연다.\n관장 서다온 씨는 "불 켜진 창을 보고 들어오는 사람이'
    ' 늘었다"고 말했다.\n'
)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# --- the corpus, end to end --------------------------------------------------------------------


def test_small_hostile_corpus_every_file_imported_or_refused_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    expectations = load("make_hostile_corpus").make_corpus(corpus, small=True)
    scan = load("hostile_import").scan
    assert len(expectations) >= 30
    with Library(tmp_path / "library.sqlite") as lib:
        timings: dict[str, float] = {}
        outcomes = import_files(lib, [corpus], timeout=30, timings=timings)
        by_path = {o.path: o for o in outcomes}
        for rel, expect in expectations.items():
            o = by_path[one_line(str(corpus / rel))]
            assert o.status in ("added", "duplicate", "failed")
            if o.status == "failed":
                assert o.message.startswith(o.path + ": ") and len(o.message.splitlines()) == 1, o.message
            assert expect != "refuse" or o.status == "failed", (rel, o)
            assert expect != "import" or o.status != "failed", (rel, o)
        assert all(o.status != "failed" or "\n" not in o.message for o in outcomes)
        assert max(timings.values()) < 30
        for article_id in lib.article_ids():
            html = article_html(lib.get(article_id), lib.mentions(article_id))
            assert scan(html) == ([], []), html[:500]
            assert scan(article_html(lib.get(article_id), show_removed=True))[0] == []
        assert [r[0] for r in lib._db.execute("PRAGMA integrity_check")] == ["ok"]


# --- reading files -----------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")
def test_devices_and_fifos_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    started = time.monotonic()
    for path in (fifo, zero):
        with pytest.raises(ImportFailed, match="not a regular file"):
            read_document(path)
    assert time.monotonic() - started < 2


def test_a_name_that_is_not_utf8_is_stored_and_shown(tmp_path):
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    name = os.fsdecode(b"\xb1\xe2\xbb\xe7.txt")  # 기사.txt in CP949
    path = write(tmp_path, name, ARTICLE)
    doc = read_document(path)
    assert doc.path.name == "기사.txt"
    with Library(tmp_path / "lib.sqlite") as lib:
        (outcome,) = import_files(lib, [path])
        assert outcome.status == "added" and outcome.path.endswith("\\xb1\\xe2\\xbb\\xe7.txt")
        assert lib.get(outcome.article_id).path.endswith("기사.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark(encoding):
    text, found = decode_bytes(ARTICLE.encode(encoding), "a.txt")
    assert (text, found) == (ARTICLE, encoding)


def test_control_characters_in_utf8_mean_binary():
    controls = "".join(chr(k) for k in range(1, 32) if chr(k) not in "\n\r\t")
    with pytest.raises(ImportFailed, match="binary"):
        decode_bytes((controls * 50 + "글").encode(), "a.txt")


def test_terminal_escapes_controls_and_bidi_overrides_are_dropped():
    text = "\x1b[31m빨간\x1b[0m 제목\x1b]0;title\x07\u202e 끝\u0085다음\x08\u009b1m 줄\u2028셋\u2029넷"
    assert normalize_text(text) == "빨간 제목 끝\n다음 줄\n셋\n\n넷"
    cleaned = clean_paste("\u202e" + ARTICLE)
    assert cleaned.title == "바닷가 마을 도서관, 밤에도 불을 켠다"


def test_one_line_escapes_what_would_break_or_spoof_a_line():
    assert one_line("a\nb\tc\u202ed\udcb1\x1b") == "a\\nb\\tc\\u202ed\\xb1\\x1b"
    assert len(one_line("x" * 5000)) == 1000


# --- Markdown front matter ---------------------------------------------------------------------


def test_yaml_alias_bomb_in_front_matter_is_not_expanded():
    lines = ["---", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, 10)]
    text = "\n".join([*lines, "title: *a9", "author: [*a9, Mira]", "---", "", "The body."])
    started = time.monotonic()
    meta, body = split_front_matter(text)
    assert time.monotonic() - started < 1
    assert meta == {"author": "Mira"} and body.strip() == "The body."


@pytest.mark.parametrize(
    "head",
    [
        "title: !!python/object/apply:os.system ['echo owned']",  # not safe YAML
        "title: " + "[" * 5000 + "]" * 5000,  # nested past the recursion limit
        "- a\n- b",  # not a mapping
        "title: " + "x" * 100_000,  # too large to parse
    ],
)
def test_unreadable_front_matter_gives_no_metadata_and_leaves_the_body(head):
    meta, body = split_front_matter(f"---\n{head}\n---\n\nThe body.\n")
    assert meta == {} and body.strip() == "The body."


def test_non_text_front_matter_values_are_skipped():
    meta, _ = split_front_matter("---\ntitle: !!binary aGVsbG8=\nauthor: true\ndate: 2025-03-14\n---\nx")
    assert meta == {"published": "2025-03-14"}


# --- HTML ------------------------------------------------------------------------------------


def test_html_with_references_xml_cannot_hold_still_gives_its_article():
    page = (
        "<html><head><title>Harbor library</title></head><body><article><h1>Harbor library</h1>"
        "<p>&#0;&#xD800;&#x110000;&#65535;\uffff The small library in Eastvale stays open until ten at"
        " night, the staff said on Monday.</p><p>Fishing crews come in during the evening, said Orin"
        " Tate, who runs it.</p></article></body></html>"
    )
    doc = parse_document(page, "html")
    assert "stays open until ten" in doc.text and "\uffff" not in doc.text


def test_html_with_too_many_elements_is_refused_at_once():
    page = "<html><body>" + "<p>x</p>" * 60_000 + "</body></html>"
    started = time.monotonic()
    with pytest.raises(ImportFailed, match="too many HTML elements"):
        parse_document(page, "html")
    assert time.monotonic() - started < 2


# --- cleaning ----------------------------------------------------------------------------------


def test_deep_indentation_cleans_in_linear_time():
    text = "# Title\n\n" + "".join("  " * k + "- item\n" for k in range(2000))
    started = time.monotonic()
    cleaned = clean_paste(text, markdown_input=True)
    assert time.monotonic() - started < 3
    assert cleaned.title == "Title" and cleaned.body.count("- item") == 2000


def test_many_short_lines_clean_in_linear_time():
    text = ARTICLE + "\n".join(f"짧은 줄 {k}" for k in range(20_000))
    started = time.monotonic()
    clean_paste(text)
    assert time.monotonic() - started < 5


def test_a_page_sized_title_hint_is_cut_to_a_title():
    hint = "The harbor library keeps its lights on. " + "More words follow here " * 50_000
    cleaned = clean_paste(
        "The harbor library keeps its lights on.\n\nBody text.",
        hints={"title": hint, "author": "A" * 10_000, "source": "S" * 10_000, "published": "2" * 10_000},
    )
    assert cleaned.title == "The harbor library keeps its lights on."
    assert cleaned.author is None and cleaned.source is None and cleaned.published is None


def test_similarity_of_a_huge_line_is_decided_quickly():
    started = time.monotonic()
    assert not similar_text("가나다 " * 1_000_000, "가나다")
    assert similar_text("Harbor library stays open", "Harbor library stays open!")
    assert time.monotonic() - started < 1


def test_a_text_file_full_of_hostile_markup_renders_inert(tmp_path, library):
    path = write(
        tmp_path,
        "evil.md",
        "# Notice\n\nRead [this](javascript:alert(1)) and ![x](data:image/png;base64,AA)"
        " <img src=x onerror=alert(1)>.\n\n<script>alert(1)</script>\n",
    )
    doc = read_document(path)
    cleaned = clean_document(doc)
    article_id, _ = library.add_article(doc, cleaned)
    html = article_html(library.get(article_id))
    assert "<script" not in html and "javascript:" not in html and "<img" not in html


# --- Markdown the renderer would choke on ------------------------------------------------------


@pytest.mark.parametrize("bomb", ["[" * 50_000 + "x" + "](" * 50_000, "[a](b" * 50_000, "text [" * 30_000])
def test_bracket_bombs_are_defused_so_the_article_renders_in_time(bomb):
    cleaned = clean_paste(f"# Title\n\n{bomb}\n\nLast paragraph.", markdown_input=True)
    started = time.monotonic()
    html = markdown_to_html(cleaned.body)
    assert time.monotonic() - started < 5
    assert "Last paragraph." in html


@pytest.mark.parametrize(
    "paragraph",
    [
        "See [the notice](https://example.org/a_(b)) and [this][1] or [[wiki]] [x].",
        "`[[[[` in code " * 1000,  # code spans are left alone, however many brackets
        "```\n" + "[" * 50_000 + "\n```",
    ],
)
def test_ordinary_paragraphs_and_code_keep_their_brackets(paragraph):
    assert defuse_links(paragraph) == (paragraph, False)


# --- raw HTML in text and Markdown -------------------------------------------------------------


def test_raw_html_is_taken_out_of_text_and_kept_as_removed_markup():
    text = (
        "# Notice\n\nRead <b>this</b> notice<img src=x onerror=alert(1)>.\n\n"
        "<script>\nalert(1)\n</script>\n\nGo <javascript:alert(1)> now. `<b>code</b>` stays.\n\n"
        "```\n<script>kept</script>\n```"
    )
    cleaned = clean_paste(text, markdown_input=True)
    assert cleaned.body == (
        "Read this notice.\n\nGo now. `<b>code</b>` stays.\n\n```\n<script>kept</script>\n```"
    )
    assert [(b.text, b.rule) for b in cleaned.removed] == [
        ("<b>", "markup"),
        ("</b>", "markup"),
        ("<img src=x onerror=alert(1)>", "markup"),
        ("<script>", "markup"),
        ("alert(1)", "markup"),
        ("</script>", "markup"),
        ("<javascript:alert(1)>", "markup"),
    ]


def test_angle_brackets_that_are_not_html_stay():
    text = "영화 제목\n영화 <기생충>은 a < b 이고 x<p<5 인 경우도 본다고 말했다.\n"
    assert clean_paste(text).body == "영화 <기생충>은 a < b 이고 x<p<5 인 경우도 본다고 말했다."
