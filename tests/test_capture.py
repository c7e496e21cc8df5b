"""Capture without a file: clipboard flavours, web addresses (a server on 127.0.0.1), standard input.

The pages are invented ones in tests/captures (see its README), with what each must give in
expected.json.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys

import pytest
from local_site import CAPTURES, LocalSite

from viewer.core.ingest import capture as capture_module
from viewer.core.ingest.capture import import_document, import_url, read_stream
from viewer.core.ingest.clipboard import capture_clipboard, fragment_markdown, unwrap_clipboard_html
from viewer.core.ingest.fetch import fetch_page
from viewer.core.ingest.importers import clean_document, read_document
from viewer.core.model import ImportFailed
from viewer.core.store.library import Library

EXPECTED = {e["file"]: e for e in json.loads((CAPTURES / "expected.json").read_text(encoding="utf-8"))}
PAGES = ["ko_page.html", "en_page.html", "ko_page_euckr.html", "en_brief.html"]


def check(cleaned, doc, expected: dict, metadata: bool = True) -> None:
    """The cleaned article against what the fixture says it must give."""
    assert cleaned.title == expected["title"]
    for text in expected["body_must_contain"]:
        assert text in cleaned.body, text
    shown = "\n".join([cleaned.title, *cleaned.deck, cleaned.body])
    for text in expected["body_must_not_contain"]:
        assert text not in shown, text
    if metadata:
        for field in ("source", "author"):
            if expected[field]:
                assert getattr(cleaned, field) == expected[field], field
        if expected["published"]:
            assert (cleaned.published or "").startswith(expected["published"])
        assert doc.url == expected["url"]


def clipboard(name: str, **extra):
    data = (CAPTURES / name).read_bytes().decode("utf-8")
    if name.endswith(".txt") and "windows" not in name:
        return capture_clipboard(text=data, **extra)
    return capture_clipboard(html=data, **extra)


@pytest.mark.parametrize("name", PAGES)
def test_a_saved_page_gives_its_article_and_address(name):
    doc = read_document(CAPTURES / name)
    check(clean_document(doc), doc, EXPECTED[name])


@pytest.mark.parametrize("name", PAGES)
def test_a_whole_page_on_the_clipboard_is_cleaned_like_the_file(name):
    """Select All + Copy in a browser puts the page's HTML on the clipboard."""
    page = read_document(CAPTURES / name)
    captured = capture_clipboard(html=page.raw, text="whatever the plain flavour says")
    assert captured.doc is not None and captured.doc.fmt == "html"
    check(clean_document(captured.doc), captured.doc, EXPECTED[name])


def test_chromium_selection_with_its_meta_charset_prefers_the_html_flavour():
    plain = (CAPTURES / "ko_clipboard_plain.txt").read_text(encoding="utf-8")
    captured = clipboard("ko_clipboard_chrome.html", text=plain)
    assert captured.doc.fmt == "html"
    check(clean_document(captured.doc), captured.doc, EXPECTED["ko_clipboard_chrome.html"])


def test_firefox_fragment_markers_keep_only_the_selection_and_its_subheading():
    captured = clipboard("en_clipboard_firefox.html",
                         source_url="https://www.northfield.example/news/sleep-study")
    cleaned = clean_document(captured.doc)
    check(cleaned, captured.doc, EXPECTED["en_clipboard_firefox.html"], metadata=False)
    assert "## A nap counted, too" in cleaned.body
    assert captured.doc.url == "https://www.northfield.example/news/sleep-study"


def test_windows_cf_html_header_is_removed_and_its_source_url_kept():
    captured = clipboard("ko_clipboard_windows.txt")
    cleaned = clean_document(captured.doc)
    check(cleaned, captured.doc, EXPECTED["ko_clipboard_windows.txt"])
    assert "Version:" not in cleaned.body and "StartFragment" not in cleaned.body


def test_plain_text_alone_is_cleaned_like_a_txt_file():
    captured = clipboard("ko_clipboard_plain.txt")
    assert captured.doc.fmt == "txt"
    check(clean_document(captured.doc), captured.doc, EXPECTED["ko_clipboard_plain.txt"])


def test_a_short_fragment_keeps_its_one_paragraph_and_heading():
    """The page extractor drops short text; a selection is all content."""
    captured = capture_clipboard(html="<meta charset='utf-8'><p>Only this sentence was selected.</p>")
    assert clean_document(captured.doc).body == "Only this sentence was selected."
    captured = capture_clipboard(
        html="<h2>City budget</h2><p>The council passed the budget on Monday.</p>"
             "<h3>What changes</h3><ul><li>Bus fares stay.</li><li>Parks get more.</li></ul>")
    cleaned = clean_document(captured.doc)
    assert cleaned.title == "City budget"
    assert "### What changes" in cleaned.body and "- Parks get more." in cleaned.body


def test_fragment_markdown_drops_scripts_and_keeps_line_breaks():
    md = fragment_markdown("<p>one<br>two<br><br>three</p><script>alert(1)</script><style>p{}</style>")
    assert md == "one\ntwo\n\nthree"


@pytest.mark.parametrize("parts", [
    {"text": "https://news.example.org/a/1"},
    {"text": "  https://news.example.org/a/1\n"},
    {"html": '<a href="https://news.example.org/a/1">A headline</a>', "text": "https://news.example.org/a/1"},
    {"urls": ["https://news.example.org/a/1"]},
    {"urls": ["https://news.example.org/a/1"], "text": "https://news.example.org/a/1"},
])
def test_a_clipboard_holding_only_a_link_is_a_url_import(parts):
    assert capture_clipboard(**parts).url == "https://news.example.org/a/1"


def test_a_sentence_with_a_link_in_it_is_text_not_a_url():
    captured = capture_clipboard(text="Read more at https://news.example.org/a/1 about the port.")
    assert captured.url is None and captured.doc is not None


@pytest.mark.parametrize("parts", [{}, {"text": "  \n "}, {"html": "<p> </p>", "text": ""},
                                   {"urls": ["file:///etc/passwd"]}])
def test_an_empty_clipboard_is_refused_with_one_line(parts):
    with pytest.raises(ImportFailed, match="pasted text: the clipboard holds no"):
        capture_clipboard(**parts)


def test_unwrap_tells_a_selection_from_a_page():
    assert unwrap_clipboard_html("<meta charset='utf-8'><p>x</p>").fragment
    assert not unwrap_clipboard_html("<!doctype html><html><body><p>x</p></body></html>").fragment
    saved = unwrap_clipboard_html("<!-- saved from url=(0026)https://news.example.org/ -->\n<html></html>")
    assert saved.source_url == "https://news.example.org/"


def test_clipper_front_matter_source_is_the_address_not_the_outlet(library):
    clip = ("---\ntitle: \"Harbor ferry runs on batteries\"\nsource: \"https://www.harbor.example/ferry\"\n"
            "author:\n  - \"[[Ana Ruiz]]\"\npublished: 2026-11-20\ntags:\n  - clippings\n---\n"
            "The ferry across the harbor now runs on batteries, the port said on Friday.\n\n"
            "It carries 300 people.\n")
    doc = capture_module.document_from_text(clip, "standard input")
    cleaned = clean_document(doc)
    # With no outlet named anywhere, the source is the address's site; the wiki-link brackets of
    # a clipper's author list are not part of the name.
    assert doc.url == "https://www.harbor.example/ferry" and cleaned.source == "harbor.example"
    assert cleaned.title == "Harbor ferry runs on batteries" and cleaned.author == "Ana Ruiz"


# --- into the library ----------------------------------------------------------------------------

def test_a_pasted_article_is_stored_with_its_address_and_twice_is_a_duplicate(library):
    captured = clipboard("ko_clipboard_windows.txt")
    first = import_document(library, captured.doc, "pasted text", analyze=False)
    assert first.status == "added"
    article = library.get(first.article_id)
    assert article.url == EXPECTED["ko_clipboard_windows.txt"]["url"]
    again = import_document(library, clipboard("ko_clipboard_windows.txt").doc, "pasted text")
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert library.sites() == ["nuritimes.example"]


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def state(lib: Library):
    return lib.count(), lib.list_signature(), [s.__dict__ for s in lib.summaries()]


def test_a_page_fetched_by_url_is_imported_with_its_canonical_address(library, site):
    url = site.capture("/news/48213", "ko_page.html")
    outcome = import_url(library, url)
    assert outcome.status == "added", outcome.message
    article = library.get(outcome.article_id)
    expected = EXPECTED["ko_page.html"]
    assert article.title == expected["title"] and article.url == expected["url"]
    assert "본문 바로가기" not in article.body and library.mentions(article.id)


def test_the_same_url_twice_is_a_duplicate_without_fetching_again(library, site):
    url = site.capture("/brief", "en_brief.html", "text/html")
    plain = site.page("/plain", (CAPTURES / "ko_clipboard_plain.txt").read_bytes(), "text/plain")
    first = import_url(library, plain)
    assert first.status == "added" and library.get(first.article_id).url == plain
    hits = len(site.hits)
    again = import_url(library, plain + "#top")
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert len(site.hits) == hits  # known before anything was fetched
    assert import_url(library, url).status == "added"
    # fetched again under another address, the page names its canonical one: still a duplicate
    other = site.capture("/brief?utm_source=newsletter", "en_brief.html")
    assert import_url(library, other).status == "duplicate"


def test_a_redirect_chain_ends_at_the_page_and_the_final_address_is_kept(library, site):
    body = b"<html><head><title>Port opens</title></head><body><article><h1>Port opens</h1>" + \
        b"<p>The new terminal opened on Friday after three years of building work, the port said.</p>" + \
        b"<p>It can handle a million containers a year.</p></article></body></html>"
    final = site.page("/final", body)
    site.redirect("/b", final, 301)
    site.redirect("/a", site.url("/b"), 302)
    start = site.redirect("/start", site.url("/a"), 307)
    outcome = import_url(library, start)
    assert outcome.status == "added", outcome.message
    assert library.get(outcome.article_id).url == final
    assert import_url(library, final).status == "duplicate"


def test_an_euc_kr_page_decodes(library, site):
    url = site.capture("/euckr", "ko_page_euckr.html", "text/html")  # the page's <meta> says euc-kr
    outcome = import_url(library, url)
    assert outcome.status == "added", outcome.message
    article = library.get(outcome.article_id)
    assert article.title == EXPECTED["ko_page_euckr.html"]["title"]
    assert EXPECTED["ko_page_euckr.html"]["body_must_contain"][0] in article.body


def failures(site: LocalSite):
    big = b"<html><body><p>" + b"x" * 5000 + b"</p></body></html>"
    return {
        "404": (site.url("/missing"), "404"),
        "binary": (site.page("/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"), "not a web page"),
        "too large": (site.page("/big", big), "larger than"),
        "slow": (site.slow("/slow", 3.0), "did not answer"),
        "no article": (site.capture("/front", "no_article.html"), "no article was found"),
        "refused": ("http://127.0.0.1:9/nothing-listens", "could not connect"),
        "scheme": ("ftp://127.0.0.1/file", "only http and https"),
    }


@pytest.mark.parametrize("kind", ["404", "binary", "too large", "slow", "no article", "refused", "scheme"])
def test_a_failed_fetch_gives_one_line_naming_the_url_and_changes_nothing(library, site, monkeypatch, kind):
    if kind == "too large":
        monkeypatch.setattr(capture_module, "fetch_page", functools.partial(fetch_page, max_bytes=4000))
    url, reason = failures(site)[kind]
    before = state(library)
    outcome = import_url(library, url, timeout=0.5)
    assert outcome.status == "failed"
    assert outcome.message.startswith(url) and reason in outcome.message and "\n" not in outcome.message
    assert state(library) == before


def test_a_cancelled_fetch_stores_nothing(library, site):
    url = site.capture("/page", "en_page.html")
    outcome = import_url(library, url, cancelled=lambda: True)
    assert outcome.status == "cancelled" and library.count() == 0


# --- standard input -----------------------------------------------------------------------------

def run_cli(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "viewer", *args], input=stdin, capture_output=True,
                          timeout=120)
    done.stdout, done.stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    return done


def test_inspect_reads_html_from_a_pipe_and_reports_its_url():
    page = (CAPTURES / "en_page.html").read_bytes()
    done = run_cli("inspect", "--json", "-", stdin=page)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    expected = EXPECTED["en_page.html"]
    assert record["title"] == expected["title"] and record["url"] == expected["url"]
    assert {"title", "source", "author", "published", "body", "removed", "entities"} <= set(record)
    assert "Subscribe" not in record["body"]


def test_import_reads_text_from_a_pipe_and_list_shows_the_url(library_path):
    plain = (CAPTURES / "ko_clipboard_plain.txt").read_bytes()
    done = run_cli("--library", str(library_path), "import", "-", stdin=plain)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added")
    again = run_cli("--library", str(library_path), "import", "-", stdin=plain)
    assert again.stdout.startswith("duplicate")
    listed = run_cli("--library", str(library_path), "list", "--json", stdin=b"")
    row = json.loads(listed.stdout)
    assert row["title"] == EXPECTED["ko_clipboard_plain.txt"]["title"] and "url" in row


def test_import_from_a_pipe_refuses_binary_with_one_line(library_path):
    done = run_cli("--library", str(library_path), "import", "-", stdin=b"\x89PNG\r\n\x1a\n" + bytes(500))
    assert done.returncode == 1
    assert done.stdout.startswith("failed") and "standard input" in done.stdout


def test_read_stream_refuses_more_than_the_cap():
    import io

    with pytest.raises(ImportFailed, match="standard input: more than"):
        read_stream(io.BytesIO(b"a" * 2000), max_bytes=1000)


def test_cli_import_of_a_url_prints_one_line_and_stores_it(library_path, site):
    url = site.capture("/brief", "en_brief.html")
    done = run_cli("--library", str(library_path), "import", url, stdin=b"")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added")
    with Library(library_path) as lib:
        assert lib.get(lib.article_ids()[0]).url == EXPECTED["en_brief.html"]["url"]
    failed = run_cli("--library", str(library_path), "import", site.url("/gone"), stdin=b"")
    assert failed.returncode == 1 and f"{site.url('/gone')}: the site answered 404" in failed.stdout
