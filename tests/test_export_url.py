"""An article's web address in every export, and through a backup and back.

The articles below are original texts written for these tests.
"""

from __future__ import annotations

import copy
import html
import json
import shutil
import subprocess

import pytest
import yaml

from viewer.core.anchoring import make_selector
from viewer.core.export import export_library
from viewer.core.ingest.importers import clean_document
from viewer.core.model import ImportedDocument
from viewer.core.store.backup import BackupError, build_backup, dumps, restore_backup
from viewer.core.store.library import Library

URL = "https://www.example.org/news/1"
# An address with what HTML must escape in an attribute (web_address accepts it: no spaces).
ODD_URL = 'https://news.example.net/view?id=7&section="sea"<b>'

TIDES = (
    "조수 간만의 차 기록 경신\n"
    "[갯벌신문 한바람 기자] 서해안 조수 간만의 차가 올해 가장 크게 벌어졌다.\n"
    "관측소는 다음 달까지 매일 수위를 기록한다.\n"
)
ORCHARD = (
    "Hillside orchard tries night frost fans\n"
    "By Odile Marsh\n"
    "The orchard on Copper Hill installed six frost fans before the April cold snap.\n"
    "Growers nearby will compare their blossom counts with it in May.\n"
)
LIGHTHOUSE = (
    "등대지기 없는 등대 백 년\n"
    "[바닷길일보 서물결 기자] 무인 등대가 된 지 백 년을 맞은 섬에서 기념식이 열렸다.\n"
    "주민들은 등대 옆 작은 전시관을 새로 열었다.\n"
)


def add(lib: Library, text: str, url: str | None) -> int:
    doc = ImportedDocument(fmt="txt", raw=text, text=text, url=url)
    article_id, added = lib.add_article(doc, clean_document(doc))
    assert added
    return article_id


def annotate(lib: Library, article_id: int, quote: str, note: str) -> None:
    """A note and a highlight, so the article is in the digest too."""
    body = lib.get(article_id).body
    start = body.index(quote)
    lib.add_highlight(article_id, make_selector(body, start, start + len(quote)), "yellow", "")
    lib.set_note(article_id, note)


@pytest.fixture
def two(library):
    """One article with an address, one without; both annotated."""
    with_url = add(library, TIDES, URL)
    without = add(library, ORCHARD, None)
    annotate(library, with_url, "조수 간만의 차가", "수위 기록 확인.")
    annotate(library, without, "six frost fans", "Ask about the blossom counts.")
    return library, with_url, without


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    data = yaml.safe_load(text[4:].split("\n---\n", 1)[0])
    assert isinstance(data, dict)
    return data


# --- the JSON backup ----------------------------------------------------------------------------

def test_a_backup_keeps_the_address_and_a_restored_article_is_found_by_it(two, tmp_path):
    lib, with_url, without = two
    out = tmp_path / "backup.json"
    export_library(lib, "json", out, None, False)
    records = {a["id"]: a for a in json.loads(out.read_text(encoding="utf-8"))["articles"]}
    assert records[with_url]["url"] == URL
    assert "url" not in records[without]  # as a backup made before articles had addresses

    with Library(tmp_path / "fresh.sqlite") as fresh:
        report = restore_backup(fresh, out)
        assert report.articles_added == 2
        assert fresh.get(with_url).url == URL and fresh.get(without).url is None
        assert fresh.article_with_url(URL) == with_url
        assert fresh.article_with_url("https://WWW.example.org/news/1?utm_source=feed#top") == with_url
        assert fresh.sites() == ["example.org"]
        # The same address imported again, with other text, is the article already there.
        doc = ImportedDocument(fmt="txt", raw=LIGHTHOUSE, text=LIGHTHOUSE, url=URL)
        assert fresh.add_article(doc, clean_document(doc)) == (with_url, False)
        assert build_backup(fresh) == build_backup(lib)


def test_a_backup_without_addresses_still_restores(two, tmp_path):
    lib, with_url, _without = two
    doc = build_backup(lib)
    for record in doc["articles"]:
        record.pop("url", None)
    (tmp_path / "old.json").write_text(dumps(doc), encoding="utf-8")
    with Library(tmp_path / "fresh.sqlite") as fresh:
        assert restore_backup(fresh, tmp_path / "old.json").articles_added == 2
        assert fresh.get(with_url).url is None and fresh.article_with_url(URL) is None


def test_restoring_fills_in_the_address_of_an_article_already_there(two, tmp_path):
    lib, with_url, _without = two
    export_library(lib, "json", tmp_path / "backup.json", None, False)
    with Library(tmp_path / "fresh.sqlite") as fresh:
        kept = add(fresh, TIDES, None)  # the same text, imported from a file
        other = add(fresh, LIGHTHOUSE, "https://example.com/lighthouse")
        report = restore_backup(fresh, tmp_path / "backup.json")
        assert report.articles_existing == 1 and report.id_map[with_url] == kept
        assert fresh.get(kept).url == URL and fresh.article_with_url(URL) == kept
        assert fresh.get(other).url == "https://example.com/lighthouse"
        # A second restore changes nothing: the address is the library's now.
        restore_backup(fresh, tmp_path / "backup.json")
        assert fresh.get(kept).url == URL


@pytest.mark.parametrize("value", [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)//https://example.org/",
    "data:text/html,<script>alert(1)</script>",
    "https://example.org/" + "a" * 100_000,
    "/news/1",
    "https://",
    "https://example.org/\u202egnp.exe",
    "https://example.org/\x00",
    "https://example.org/\ud800",
    "",
], ids=["javascript", "javascript mixed case", "data", "100 KB", "relative", "no host", "bidi", "NUL",
        "lone surrogate", "empty"])
def test_an_address_that_is_no_web_address_is_dropped(two, tmp_path, value):
    lib, with_url, _without = two
    doc = build_backup(lib)
    next(a for a in doc["articles"] if a["id"] == with_url)["url"] = value
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ASCII escapes: a lone surrogate stays one
    with Library(tmp_path / "fresh.sqlite") as fresh:
        report = restore_backup(fresh, path)
        assert report.articles_added == 2
        assert fresh.get(with_url).url is None and fresh.sites() == []
        assert fresh.get(with_url).body == lib.get(with_url).body
        assert fresh._db.execute("SELECT count(*) FROM articles WHERE url_key IS NOT NULL").fetchone()[0] == 0


@pytest.mark.parametrize("value, kind", [(12345, "an integer"), (1.5, "a number"), (True, "true"),
                                         (["https://example.org/"], "a list"), ({"href": URL}, "an object")])
def test_an_address_that_is_not_a_string_is_refused(two, tmp_path, value, kind):
    lib, with_url, _without = two
    doc = copy.deepcopy(build_backup(lib))
    n = next(n for n, a in enumerate(doc["articles"]) if a["id"] == with_url)
    doc["articles"][n]["url"] = value
    path = tmp_path / "hostile.json"
    path.write_text(dumps(doc), encoding="utf-8")
    with Library(tmp_path / "fresh.sqlite") as fresh:
        with pytest.raises(BackupError) as info:
            restore_backup(fresh, path)
        message = str(info.value)
        assert f"articles[{n}].url: must be a string or null, not {kind}" in message and "\n" not in message
        assert fresh.count() == 0


# --- Markdown, vault, digest, HTML, PDF ---------------------------------------------------------

def test_markdown_and_vault_pages_carry_the_address_in_their_front_matter(two, tmp_path):
    lib, _with_url, _without = two
    for fmt, folder in (("md", tmp_path / "md"), ("vault", tmp_path / "vault" / "articles")):
        export_library(lib, fmt, folder if fmt == "md" else folder.parent, None, False)
        pages = {front_matter(p.read_text(encoding="utf-8"))["title"]: p.read_text(encoding="utf-8")
                 for p in folder.glob("*.md")}
        tides, orchard = pages["조수 간만의 차 기록 경신"], pages["Hillside orchard tries night frost fans"]
        assert front_matter(tides)["url"] == URL and f"url: {URL}\n" in tides
        assert "url" not in front_matter(orchard) and "url:" not in orchard


def test_the_digest_shows_the_address_under_the_title(two, tmp_path):
    lib, _with_url, _without = two
    out = tmp_path / "digest.md"
    export_library(lib, "digest", out, None, False)
    text = out.read_text(encoding="utf-8")
    tides = text[text.index("## 조수 간만의 차 기록 경신"):text.index("## Hillside")]
    orchard = text[text.index("## Hillside"):]
    assert tides.split("\n\n")[1:4] == ["갯벌신문 · 한바람", f"<{URL}>", "Tags: none · State: inbox"]
    assert "<http" not in orchard and "example" not in orchard
    assert text.count("<http") == 1


def test_the_html_export_links_the_address_escaped(library, tmp_path):
    odd = add(library, TIDES, ODD_URL)
    plain = add(library, ORCHARD, None)
    out = tmp_path / "export.html"
    export_library(library, "html", out, [odd, plain], False)
    text = out.read_text(encoding="utf-8")
    escaped = html.escape(ODD_URL)
    assert f'<p class="url"><a href="{escaped}">{escaped}</a></p>' in text
    assert ODD_URL not in text and "<b>" not in text
    orchard = text[text.index("Hillside orchard"):]
    assert "<a " not in orchard and 'class="url"' not in orchard
    assert text.count("<a href=") == 1


def test_no_export_writes_an_address_that_is_not_http(library, tmp_path):
    """The library stores only web addresses; were another one in it, no export would link it."""
    article_id = add(library, TIDES, URL)
    annotate(library, article_id, "조수 간만의 차가", "메모.")
    with library.transaction() as db:
        db.execute("UPDATE articles SET url = 'javascript:alert(1)' WHERE id = ?", (article_id,))
    for fmt, name in (("html", "x.html"), ("digest", "d.md"), ("md", "md")):
        out = tmp_path / name
        export_library(library, fmt, out, None, False)
        files = [out] if out.is_file() else list(out.glob("*.md"))
        for f in files:
            text = f.read_text(encoding="utf-8")
            assert "javascript" not in text.lower() and "url:" not in text, fmt


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_the_pdf_shows_the_address(two, tmp_path, qapp):
    from viewer.ui.pdf import export_pdf

    lib, with_url, without = two
    out = tmp_path / "export.pdf"
    export_pdf(lib, out, [with_url, without], False)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.count(URL) == 1 and text.index("조수 간만의 차 기록 경신") < text.index(URL)
    assert text.index(URL) < text.index("Hillside orchard")
