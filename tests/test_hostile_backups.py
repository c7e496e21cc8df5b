"""Hostile JSON backups: refused with one line naming the bad field, and the library left as it was.

The backup and the reference library come from benchmarks/make_hostile_backups.py (original
articles written for it). Each test of a fault below failed on the restore as it was before the
schema (a traceback, a stored "None", a vanished article, a million highlights restored).
"""

from __future__ import annotations

import codecs
import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.core.limits import MAX_BACKUP_BYTES, MAX_HIGHLIGHTS_PER_ARTICLE, MAX_ID, MAX_MENTIONS_PER_ARTICLE
from viewer.core.store.backup import BackupError, build_backup, dumps, restore_backup
from viewer.core.store.library import Library, content_hash

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_hostile_backups as corpus  # noqa: E402

DEEP = "[" * 200_000 + "]" * 200_000


@pytest.fixture(scope="module")
def base() -> dict:
    return corpus.base_backup()


@pytest.fixture(scope="module")
def reference_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.sqlite"
    corpus.make_reference_library(path, index=False)
    return path


@pytest.fixture
def reference(reference_file, tmp_path):
    """A fresh copy of the reference library: the first Korean article and one the backup lacks."""
    shutil.copyfile(reference_file, tmp_path / "reference.sqlite")
    lib = Library(tmp_path / "reference.sqlite")
    yield lib
    lib.close()


def tables(lib: Library) -> list[str]:
    return sorted(lib._db.iterdump())


def write(tmp_path: Path, content: dict | list | str | bytes, name: str = "backup.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else dumps(content) if isinstance(content, dict)
                        else json.dumps(content), encoding="utf-8")
    return path


def refused(lib: Library, path: Path, *fragments: str) -> str:
    """Restore must raise one line naming the file and each fragment, and change nothing."""
    before = tables(lib)
    with pytest.raises(BackupError) as info:
        restore_backup(lib, path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message, message
    for fragment in fragments:
        assert fragment in message, message
    assert tables(lib) == before
    return message


def spliced(doc: dict, put, literal: str) -> str:
    """The backup's JSON with a marker, placed by `put`, replaced by raw JSON text."""
    put(doc, "@@MARK@@")
    return dumps(doc).replace('"@@MARK@@"', literal)


def first(doc: dict) -> dict:
    return doc["articles"][0]


def body_mention(doc: dict) -> dict:
    return next(m for m in first(doc)["mentions"] if m["field"] == "body")


# --- 1. what used to end in a traceback --------------------------------------------------------

TRACEBACKS = {
    "article id 2**63": (lambda d: first(d).update(id=2**63), "articles[0].id", "between 1 and"),
    "article id 1e300": (lambda d: first(d).update(id=1e300), "articles[0].id", "not 1e+300"),
    "mention start 10**20": (lambda d: body_mention(d).update(start=10**20), "articles[0].mentions[",
                             "].start: must be an integer between 0 and"),
    "30-digit highlight id": (lambda d: first(d)["highlights"][0].update(
        id="urn:article-viewer:highlight:" + "9" * 30), "articles[0].highlights[0].id", f"{MAX_ID:,}"),
    "published an object": (lambda d: first(d).update(published={"a": 1}), "articles[0].published",
                            "must be a string or null, not an object"),
    "source a list": (lambda d: first(d).update(source=["x"]), "articles[0].source", "not a list"),
}


@pytest.mark.parametrize("case", TRACEBACKS)
def test_values_that_overflowed_or_confused_sqlite_are_refused_by_field(reference, base, tmp_path, case):
    change, *fragments = TRACEBACKS[case]
    doc = copy.deepcopy(base)
    change(doc)
    refused(reference, write(tmp_path, doc), *fragments, "(in article #1 (산골 마을 천문대")


@pytest.mark.parametrize("where", ["top level", "title", "highlight body", "whole file"])
def test_deep_nesting_is_refused_not_a_recursion_error(reference, base, tmp_path, where):
    doc = copy.deepcopy(base)
    text = {
        "top level": lambda: spliced(doc, lambda d, m: d.update(extra=m), DEEP),
        "title": lambda: spliced(doc, lambda d, m: first(d).update(title=m), DEEP),
        "highlight body": lambda: spliced(doc, lambda d, m: first(d)["highlights"][0].update(body=m), DEEP),
        "whole file": lambda: DEEP,
    }[where]()
    refused(reference, write(tmp_path, text), "nested far more than 32 levels deep")


def test_nesting_past_the_limit_that_json_parses_is_refused_where_it_is(reference, base, tmp_path):
    doc = copy.deepcopy(base)
    nested: object = "x"
    for _ in range(40):
        nested = {"a": nested}
    first(doc)["highlights"][0]["creator"] = nested
    refused(reference, write(tmp_path, doc), "articles[0].highlights[0].creator: nested more than 32 levels")


# --- 1. odd values: refused, or normalised where the app has one right answer -------------------

@pytest.mark.parametrize("change, fragments", [
    (lambda d: first(d).update(title=None), ("articles[0].title: must be a string, not null",)),
    (lambda d: first(d).update(note=["a", "b"]),
     ("articles[0].note: must be an object or null, not a list",)),
    (lambda d: first(d).update(note={"text": ["a", "b"]}), ("articles[0].note.text: must be a string",)),
    (lambda d: d.update(version=True), ("backup version true is not valid",)),
    (lambda d: d.update(version="1"), ('backup version "1" is not valid',)),
    (lambda d: first(d).update(read="yes"), ("articles[0].read: must be true or false",)),
    (lambda d: first(d).update(position="0.5"), ("articles[0].position: must be a finite number",)),
], ids=["title null", "note a list", "note text a list", "version true", "version a string", "read a string",
        "position a string"])
def test_odd_values_are_refused_instead_of_stored_as_something_else(reference, base, tmp_path, change,
                                                                    fragments):
    doc = copy.deepcopy(base)
    change(doc)
    refused(reference, write(tmp_path, doc), *fragments)


def test_control_characters_are_taken_out_and_titles_are_one_line(library, base, tmp_path):
    doc = copy.deepcopy(base)
    a = first(doc)
    a["title"] = "산골\x00 마을\n\u202e천문대\x07"
    a["source"] = "은하\x00일보\t"
    a["author"] = "\x1b[31m한별\x1b[0m"
    a["body"] = a["body"] + "\x00\u202e"
    a["note"]["text"] = "메모\x00 끝"
    a["raw"] = a["raw"] + "\x00"
    a["highlights"][0]["body"][0]["value"] = "인용\x00"
    restore_backup(library, write(tmp_path, doc))
    stored = library.get(a["id"])
    assert stored.title == "산골 마을 천문대" and stored.source == "은하일보" and stored.author == "한별"
    assert stored.body == base["articles"][0]["body"] and "\x00" not in stored.raw
    assert library.note(a["id"]) == "메모 끝"
    assert all("\x00" not in h.note for h in library.highlights(a["id"]))
    # The title and body changed, so the stored offsets no longer index them: analysed again.
    assert library.mentions(a["id"]) == [] and a["id"] in library.articles_needing_analysis(3)


@pytest.mark.parametrize("given, stored", [(1e308, 1.0), (-3, 0.0), (0.25, 0.25)])
def test_a_reading_position_is_a_fraction(library, base, tmp_path, given, stored):
    doc = copy.deepcopy(base)
    first(doc)["position"] = given
    restore_backup(library, write(tmp_path, doc))
    assert library.get(first(doc)["id"]).position == stored


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_position_that_is_not_finite_is_refused(reference, base, tmp_path, literal):
    text = spliced(copy.deepcopy(base), lambda d, m: first(d).update(position=m), literal)
    refused(reference, write(tmp_path, text))


def test_an_empty_title_is_untitled_as_on_import(library, base, tmp_path):
    doc = copy.deepcopy(base)
    first(doc).update(title=" \x00 ", mentions=[m for m in first(doc)["mentions"] if m["field"] == "body"])
    restore_backup(library, write(tmp_path, doc))
    assert library.get(first(doc)["id"]).title == "(untitled)"


def test_a_lone_surrogate_is_refused(reference, base, tmp_path):
    doc = copy.deepcopy(base)
    first(doc)["title"] = "\ud800 천문대"
    refused(reference, write(tmp_path, json.dumps(doc)), "articles[0].title: holds a lone surrogate")


# --- 2. the text decides which article is which -------------------------------------------------

def test_an_article_claiming_another_articles_hash_is_restored_and_counted_truly(reference, base, tmp_path):
    doc = copy.deepcopy(base)
    doc["articles"][1]["content_hash"] = content_hash(corpus.SEEDS)  # in the library, not in the backup
    before = reference.count()
    report = restore_backup(reference, write(tmp_path, doc))
    hashes = {reference.get(i).content_hash for i in reference.article_ids()}
    assert {content_hash(a["raw"]) for a in doc["articles"]} <= hashes
    ferry = report.id_map[doc["articles"][1]["id"]]
    assert reference.get(ferry).raw == corpus.FERRY and reference.get(ferry).content_hash == content_hash(
        corpus.FERRY)
    # The Korean article was there already; the ferry and the bread articles are new.
    assert (report.articles_added, report.articles_existing, report.articles_repeated) == (2, 1, 0)
    assert reference.count() == before + 2
    assert "2 articles restored, 1 already in the library" in report.summary()


def test_the_same_text_twice_in_one_backup_is_merged_and_said_so(library, base, tmp_path):
    doc = copy.deepcopy(base)
    doc["articles"][2]["raw"] = corpus.FERRY
    report = restore_backup(library, write(tmp_path, doc))
    assert (report.articles_added, report.articles_existing, report.articles_repeated) == (2, 0, 1)
    assert library.count() == 2 and "1 repeated in the backup" in report.summary()


# --- 3. caps on what one article may hold --------------------------------------------------------

def test_more_highlights_than_an_article_may_hold_are_refused(reference, base, tmp_path):
    doc = copy.deepcopy(base)
    one = first(doc)["highlights"][0]
    first(doc)["highlights"] = [one] * (MAX_HIGHLIGHTS_PER_ARTICLE + 1)
    refused(reference, write(tmp_path, doc), "article #1 (산골 마을 천문대, 주말마다 별 보기 모임):"
            " 5,001 highlights; an article may hold at most 5,000")


def test_a_million_highlights_are_refused_quickly(reference, base, tmp_path):
    path = tmp_path / "million.json"
    corpus.streamed_highlights(base, 1_000_000)(path)
    refused(reference, path, "1,000,000 highlights; an article may hold at most 5,000")


def test_more_mentions_than_an_article_may_hold_are_refused(reference, base, tmp_path):
    doc = copy.deepcopy(base)
    first(doc)["mentions"] = [body_mention(doc)] * (MAX_MENTIONS_PER_ARTICLE + 1)
    refused(reference, write(tmp_path, doc), "20,001 mentions; an article may hold at most 20,000")


@pytest.mark.parametrize("key, length, fragment", [
    ("title", 1_000_000, "article #1 (별별별"),
    ("title", 1001, "a title of 1,001 characters; a title may hold at most 1,000"),
    ("source", 1001, "articles[0].source: 1,001 characters; at most 1,000"),
    ("author", 1001, "articles[0].author: 1,001 characters; at most 1,000"),
])
def test_strings_over_the_caps_are_refused(reference, base, tmp_path, key, length, fragment):
    doc = copy.deepcopy(base)
    first(doc)[key] = "별" * length
    refused(reference, write(tmp_path, doc), fragment)


def test_highlights_merged_into_an_article_are_capped_too(tmp_path, base):
    """The cap holds for what the library has plus what the backup adds; the refusal rolls back."""
    doc = copy.deepcopy(base)
    one = first(doc)["highlights"][0]
    spread = [copy.deepcopy(one) for _ in range(3000)]
    for n, h in enumerate(spread):
        position = h["target"]["selector"][1]
        position.update(start=n, end=n + len(h["target"]["selector"][0]["exact"]))
        del h["id"]
    first(doc)["highlights"] = spread
    with Library(tmp_path / "lib.sqlite") as lib:
        restore_backup(lib, write(tmp_path, doc))
        for h in spread:
            h["color"] = "orange"  # 3,000 highlights the library does not have yet
        refused(lib, write(tmp_path, doc, "more.json"), "6,000 highlights with those already in the library")
        assert len(lib.highlights(first(doc)["id"])) == 3000


# --- 4. a file that is not a backup never becomes anything -------------------------------------

@pytest.mark.parametrize("content, fragment", [
    ({"version": 1, "articles": []}, 'not an Article Viewer backup (no "format"'),
    ({"format": "another-app", "version": 1}, "not an Article Viewer backup"),
    ([{"format": "article-viewer-backup", "version": 1}], "the file holds a list, not an object"),
    ("", "the file is empty"),
    ('{"format": "article-viewer-backup", "version": 1, "articles": [', "not a JSON file"),
    (b"\x89PNG\r\n\x1a\n\x00\x01\x02\xff", "not a JSON file"),
])
def test_what_is_not_a_backup_is_refused(reference, tmp_path, content, fragment):
    refused(reference, write(tmp_path, content), fragment)


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-16"), lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    lambda t: t.encode("utf-32"), lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.encode("utf-16-le"),
], ids=["utf-16 le bom", "utf-16 be bom", "utf-32 bom", "utf-8 bom", "utf-16 le without bom"])
def test_a_backup_saved_as_utf16_or_utf32_restores(library, base, tmp_path, encode):
    report = restore_backup(library, write(tmp_path, encode(dumps(base))))
    assert report.articles_added == 3 and library.count() == 3


def test_a_file_over_the_size_cap_is_refused_without_reading_it(reference, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.write(b'{"format": "article-viewer-backup", "version": 1}')
        fh.truncate(MAX_BACKUP_BYTES + 1)  # sparse: no disk space used
    refused(reference, path, "too large for a backup")


# --- 5. ranges and references -------------------------------------------------------------------

def _title_mention(d: dict) -> dict:
    return next(m for m in first(d)["mentions"] if m["field"] == "title")


@pytest.mark.parametrize("change, fragment", [
    (lambda d: body_mention(d).update(end=len(first(d)["body"]) + 1), "the length of the body"),
    (lambda d: _title_mention(d).update(end=len(first(d)["title"]) + 1), "the length of the title"),
    (lambda d: first(d)["mentions"][-1].update(end=first(d)["mentions"][-1]["start"]),
     "must be greater than start"),
    (lambda d: body_mention(d).update(field="note"), "must be one of title, deck, body"),
    (lambda d: body_mention(d).update(entity=999), "names entity 999, which the backup does not hold"),
    (lambda d: first(d)["highlights"][0]["target"]["selector"][1].update(start=-1),
     "articles[0].highlights[0].target.selector[1].start: must be an integer between 0 and"),
    (lambda d: first(d)["highlights"][0]["target"]["selector"][0].update(exact=""), "must hold some text"),
    (lambda d: first(d)["highlights"][0].update(color="red;x:url(javascript:1)"), "must be one of yellow"),
    (lambda d: first(d).update(id=0), "articles[0].id: must be an integer between 1 and"),
    (lambda d: d["articles"][1].update(id=first(d)["id"]), "articles[1].id: 1 is already the id"),
    (lambda d: d["entities"][0].update(type="ALIEN"), "entities[0].type: must be one of PERSON, ORG"),
    (lambda d: d["corrections"][0].update(type="ALIEN"), "corrections[0].type: must be one of"),
    (lambda d: first(d).update(deck="a deck line"), "articles[0].deck: must be a list, not a string"),
    (lambda d: first(d).update(removed=[{"text": "x", "position": -1}]), "articles[0].removed[0].position"),
    (lambda d: first(d).update(removed=[{"rule": "footer"}]), 'articles[0].removed[0]: has no "text"'),
    (lambda d: first(d).update(imported=20250601), "articles[0].imported: must be a string"),
    (lambda d: d["settings"].update(window={"w": 1}), "settings.window: must be a string, not an object"),
], ids=["mention past body", "mention past title", "empty mention", "mention field", "dangling entity",
        "selector start", "empty quote", "colour", "id zero", "duplicate id", "entity type",
        "correction type", "deck a string", "removed position", "removed without text", "imported a number",
        "setting an object"])
def test_ranges_and_references_are_checked(reference, base, tmp_path, change, fragment):
    doc = copy.deepcopy(base)
    change(doc)
    refused(reference, write(tmp_path, doc), fragment)


def test_numbers_in_settings_become_strings(library, base, tmp_path):
    doc = copy.deepcopy(base)
    doc["settings"]["zoom"] = 1.5
    restore_backup(library, write(tmp_path, doc))
    assert library.setting("zoom") == "1.5"


def test_a_refusal_is_one_line_whatever_the_title_holds(reference, base, tmp_path):
    doc = copy.deepcopy(base)
    first(doc).update(title="첫 줄\n\u202e둘째", read="no")
    message = refused(reference, write(tmp_path, doc), "articles[0].read")
    assert "\u202e" not in message


# --- valid backups still round-trip ----------------------------------------------------------------

def test_a_valid_backup_round_trips_exactly(library, base, tmp_path):
    report = restore_backup(library, write(tmp_path, base))
    assert (report.articles_added, report.highlights, report.notes, report.conflicts) == (3, 4, 2, [])
    assert build_backup(library) == base


def test_a_valid_backup_merges_into_the_reference_library(reference, base, tmp_path):
    report = restore_backup(reference, write(tmp_path, base))
    assert (report.articles_added, report.articles_existing) == (2, 1)
    stars = report.id_map[first(base)["id"]]
    assert reference.note(stars) == first(base)["note"]["text"] and len(reference.highlights(stars)) == 2


def test_annotations_from_another_tool_restore(library, base, tmp_path):
    doc = copy.deepcopy(base)
    h = first(doc)["highlights"][0]
    h.update({"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:5b0c1f9e",
              "body": {"value": "Noted.", "purpose": "commenting"}})
    h["target"]["selector"] = h["target"]["selector"][0]  # one selector, not a list
    del h["color"]
    restore_backup(library, write(tmp_path, doc))
    notes = {x.note: x.color for x in library.highlights(first(doc)["id"])}
    assert notes["Noted."] == "yellow"


# --- the whole corpus ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    out = tmp_path_factory.mktemp("hostile-backups")
    return out, corpus.make_corpus(out)


def test_the_corpus_is_large_and_expects_both_outcomes(corpus_dir):
    _, expectations = corpus_dir
    assert len(expectations) >= 60
    assert sum(v == "restored" for v in expectations.values()) >= 5
    assert sum(v == "refused" for v in expectations.values()) >= 60


def _small_corpus_names() -> list[str]:
    """The corpus but for its biggest files (those the command-line benchmark below restores)."""
    big = {"caps/million-highlights.json", "not-backup/too-large.json", "caps/body-one-over.json",
           "caps/note-one-over.json"}
    c = corpus.Corpus()
    corpus.build(c)
    return sorted(n for n in c.entries if n not in big)


@pytest.mark.parametrize("name", _small_corpus_names())
def test_every_corpus_file_in_process(reference, corpus_dir, name):
    out, expectations = corpus_dir
    if expectations[name] == "refused":
        refused(reference, out / name)
    else:
        restore_backup(reference, out / name)


@pytest.mark.slow
def test_the_benchmark_meets_every_goal_through_the_command_line():
    """benchmarks/hostile_backups.py over the whole corpus (about two minutes: each restore indexes)."""
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hostile_backups.py")], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "traceback 0 · timed out 0" in run.stdout and "every goal met" in run.stdout
