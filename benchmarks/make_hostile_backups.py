"""Write a corpus of hostile JSON backups (and a few valid ones) for the restore.

Usage (from the project root):
    .venv/bin/python benchmarks/make_hostile_backups.py OUT_DIR

Every file starts from one valid backup, built here from a small library of invented articles
(two Korean, one English; nothing copied from a real site), and breaks it one way: wrong types
at every level, huge integers, floats where integers go, NaN and Infinity, zero, negative and
duplicate ids, dangling entity references, mention offsets out of range, more highlights than
an article may hold (a million, streamed), a 1,000,000-character title, 200,000-deep nesting in
several places, byte-order marks, truncated JSON, empty and binary files, wrong or missing
format and version, control and bidi characters, a note that is a list, strings over the caps,
a 30-digit highlight id, and an article claiming another article's content hash.

`expectations.json` beside the files says, per file, whether a restore must take it
("restored") or refuse it ("refused"). The restores run into the reference library that
`make_reference_library` makes: it holds the first Korean article (so a restore merges into
it) and an English article the backup does not have (whose hash one file claims).
"""

from __future__ import annotations

import argparse
import codecs
import copy
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from viewer.core.anchoring import make_selector  # noqa: E402
from viewer.core.ingest.pipeline import import_file  # noqa: E402
from viewer.core.limits import (  # noqa: E402
    MAX_BACKUP_BYTES,
    MAX_BODY_CHARS,
    MAX_HIGHLIGHTS_PER_ARTICLE,
    MAX_ID,
    MAX_MENTIONS_PER_ARTICLE,
    MAX_META_CHARS,
    MAX_NOTE_CHARS,
    MAX_REMOVED_BLOCKS,
    MAX_TITLE_CHARS,
)
from viewer.core.store.backup import build_backup, dumps  # noqa: E402
from viewer.core.store.backup_schema import BACKUP_VERSION  # noqa: E402
from viewer.core.store.library import Library, content_hash  # noqa: E402

STARS = (  # in the backup and in the reference library
    "산골 마을 천문대, 주말마다 별 보기 모임\n"
    "[은하일보 한별 기자] 강원 산골 마을의 작은 천문대가 이달부터 주말마다 별 보기 모임을 연다.\n"
    "천문대를 운영하는 별빛협동조합은 \"맑은 밤이면 은하수가 또렷하게 보인다\"고 말했다.\n"
    "모임은 토요일 저녁 여덟 시에 시작하며 망원경은 조합이 빌려준다.\n"
    "저작권자 ⓒ 은하일보 무단전재 및 재배포금지\n"
)
FERRY = (  # in the backup only
    "Riverside ferry adds a night crossing\n"
    "By Tamsin Reed\n"
    "Published June 2, 2025\n"
    "The ferry between Millbrook and Stonehaven will run a last crossing at eleven at night from next week.\n"
    "Commuters had asked for a later boat after the bridge closed for repairs in spring.\n"
    "The Millbrook Ferry Company said the night crossing would run through the autumn.\n"
)
BREAD = (  # in the backup only
    "시장 골목 빵집, 문 닫기 전 남은 빵 나눠\n"
    "[골목신문 오누리 기자] 중앙시장 골목의 한 빵집이 저녁마다 남은 빵을 이웃과 나눈다.\n"
    "빵집 주인은 \"버리는 빵이 아까워 시작했다\"고 말했다.\n"
    "나눔은 매일 저녁 일곱 시에 가게 앞에서 열린다.\n"
)
SEEDS = (  # in the reference library only
    "Hill town opens a seed library\n"
    "By Osric Vale\n"
    "The library in the hill town of Larkmoor now lends seeds as well as books.\n"
    "Gardeners borrow a packet in spring and return seeds from their harvest in the autumn.\n"
)
DEEP = 200_000  # nesting that overflows a recursive parser


def _span(text: str, etype: str, field: str, start: int, canonical: str | None = None) -> SimpleNamespace:
    """What the analyser returns for one mention, without running it."""
    return SimpleNamespace(text=text, type=etype, field=field, start=start, end=start + len(text),
                           canonical=canonical or text, aliases=[])


def _import(lib: Library, folder: Path, texts: dict[str, str]) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    ids = {}
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        outcome = import_file(lib, folder / f"{name}.txt")
        assert outcome.status == "added", outcome.message
        ids[name] = outcome.article_id
    return ids


def make_reference_library(path: Path, index: bool = True) -> None:
    """The library every corpus file is restored into (a fresh copy each time).

    With `index`, its search index is built, so that the command line's indexing after a refused
    restore has nothing to do (and the refusal can be seen to change nothing).
    """
    from viewer.core.store.search import ensure_index

    with tempfile.TemporaryDirectory(prefix="reference-") as tmp, Library(path) as lib:
        ids = _import(lib, Path(tmp), {"stars": STARS, "seeds": SEEDS})
        body = lib.get(ids["seeds"]).body
        start = body.index("lends seeds")
        lib.add_highlight(ids["seeds"], make_selector(body, start, start + len("lends seeds")), "green")
        lib.set_note(ids["seeds"], "Ask whether the town lends tools too.")
        lib.set_correction("Larkmoor", "PLACE")
        if index:
            ensure_index(lib)


def base_backup() -> dict:
    """A valid backup of three articles with notes, highlights, entities, corrections and settings."""
    with tempfile.TemporaryDirectory(prefix="backup-base-") as tmp, Library(Path(tmp) / "lib.sqlite") as lib:
        ids = _import(lib, Path(tmp) / "src", {"stars": STARS, "ferry": FERRY, "bread": BREAD})
        stars, ferry, bread = ids["stars"], ids["ferry"], ids["bread"]
        lib.set_read(stars)
        lib.set_position(stars, 0.4)
        lib.set_note(stars, "## 메모\n\n- 여덟 시 시작\n- 망원경 대여")
        lib.set_note(ferry, "Check the autumn timetable.")
        for article_id, quote, color, note in ((stars, "은하수가 또렷하게 보인다", "yellow", "인용"),
                                               (stars, "망원경은 조합이 빌려준다", "blue", ""),
                                               (ferry, "a last crossing at eleven at night", "pink",
                                                "The new boat."),
                                               (bread, "남은 빵을 이웃과 나눈다", "green", "")):
            body = lib.get(article_id).body
            start = body.index(quote)
            lib.add_highlight(article_id, make_selector(body, start, start + len(quote)), color, note)
        a = lib.get(stars)
        lib.store_entities(stars, [
            _span("강원", "PLACE", "body", a.body.index("강원")),
            _span("별빛협동조합", "ORG", "body", a.body.index("별빛협동조합")),
            _span("천문대", "PLACE", "title", a.title.index("천문대")),
        ], 3)
        a = lib.get(ferry)
        lib.store_entities(ferry, [
            _span("Millbrook", "PLACE", "body", a.body.index("Millbrook")),
            _span("Stonehaven", "PLACE", "body", a.body.index("Stonehaven")),
            _span("Millbrook Ferry Company", "ORG", "body", a.body.index("Millbrook Ferry Company")),
        ], 3)
        a = lib.get(bread)
        lib.store_entities(bread, [_span("중앙시장", "PLACE", "body", a.body.index("중앙시장"))], 3)
        lib.set_correction("별빛협동조합", "ORG")
        lib.set_correction("여덟 시", None)
        lib.set_setting("last_article", str(ferry))
        with lib.transaction() as db:  # fixed times, so the corpus is the same on every run
            db.execute("UPDATE articles SET imported_at = '2025-06-0' || id || 'T08:00:00+00:00'")
            db.execute("UPDATE notes SET updated_at = '2025-06-10T09:00:00+00:00'")
            db.execute("UPDATE highlights SET created_at = '2025-06-11T10:00:00+00:00',"
                       " updated_at = '2025-06-11T10:00:00+00:00'")
            db.execute("UPDATE entity_corrections SET created_at = '2025-06-12T11:00:00+00:00'")
        doc = build_backup(lib)
    assert doc is not None and [a["raw"] for a in doc["articles"]] == [STARS, FERRY, BREAD]
    return doc


# --- turning the valid backup into hostile files ----------------------------------------------

Payload = bytes | Callable[[Path], None]


def text_of(doc: object) -> str:
    return dumps(doc) if isinstance(doc, dict) else json.dumps(doc, ensure_ascii=False)


def utf8(doc: object) -> bytes:
    return text_of(doc).encode("utf-8")


def spliced(doc: dict, key: str, literal: str) -> bytes:
    """The document's JSON with the first article's `key` set to raw JSON text (NaN, a huge number)."""
    doc["articles"][0][key] = "@@SPLICE@@"
    text = text_of(doc)
    assert text.count('"@@SPLICE@@"') == 1
    return text.replace('"@@SPLICE@@"', literal).encode("utf-8")


def drop(key: str) -> Callable[[dict], None]:
    """A change that removes `key` from the object it is given."""
    return lambda d: d.pop(key) and None


def deep(doc: dict, put: Callable[[dict, str], None]) -> bytes:
    """`put` places a marker somewhere; the marker becomes 200,000 nested lists."""
    put(doc, "@@DEEP@@")
    text = text_of(doc)
    assert text.count('"@@DEEP@@"') == 1
    return text.replace('"@@DEEP@@"', "[" * DEEP + "]" * DEEP).encode("utf-8")


def streamed_highlights(base: dict, count: int) -> Callable[[Path], None]:
    """A writer of a backup whose first article has `count` highlights, without building them."""
    one = json.dumps({"type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector",
                                                                    "exact": "별"}}})

    def write(path: Path) -> None:
        doc = copy.deepcopy(base)
        doc["articles"][0]["highlights"] = "@@MANY@@"
        head, tail = text_of(doc).split(json.dumps("@@MANY@@"))
        batch = ",".join([one] * 10_000)
        with path.open("w", encoding="utf-8") as fh:
            fh.write(head + "[")
            for n in range(count // 10_000):
                fh.write(("," if n else "") + batch)
            rest = count % 10_000
            if rest:
                fh.write(("," if count >= 10_000 else "") + ",".join([one] * rest))
            fh.write("]" + tail)

    return write


def sparse(size: int) -> Callable[[Path], None]:
    """A file of `size` bytes that takes no disk space (a backup too large to read)."""
    def write(path: Path) -> None:
        with path.open("wb") as fh:
            fh.write(b'{"format": "article-viewer-backup", "version": 1, "articles": [')
            fh.truncate(size)

    return write


class Corpus:
    """The files to write: name -> (payload, expectation)."""

    def __init__(self) -> None:
        self.base = base_backup()
        self.entries: dict[str, tuple[Payload, str]] = {}

    def doc(self) -> dict:
        return copy.deepcopy(self.base)

    def add(self, name: str, expect: str, payload: Payload) -> None:
        assert name not in self.entries and expect in ("restored", "refused"), name
        self.entries[name] = (payload, expect)

    def edit(self, name: str, expect: str, change: Callable[[dict], object]) -> None:
        """A file made by changing a copy of the valid backup (`change` may return a new document)."""
        doc = self.doc()
        result = change(doc)
        self.add(name, expect, utf8(doc if result is None else result))

    def article(self, name: str, expect: str, **fields: object) -> None:
        """A file whose first article has these fields (a value of ... removes the field)."""
        def change(doc: dict) -> None:
            for key, value in fields.items():
                if value is ...:
                    del doc["articles"][0][key]
                else:
                    doc["articles"][0][key] = value
        self.edit(name, expect, change)


def build(c: Corpus) -> None:
    """Every case of the corpus."""
    R, F = "restored", "refused"
    a0 = lambda d: d["articles"][0]  # noqa: E731
    h0 = lambda d: d["articles"][0]["highlights"][0]  # noqa: E731
    m0 = lambda d: d["articles"][0]["mentions"][0]  # noqa: E731
    valid = utf8(c.base)

    # Valid controls: as written, in other encodings JSON allows, reordered, minimal, from another tool.
    c.add("valid/backup.json", R, valid)
    c.add("valid/utf8-bom.json", R, codecs.BOM_UTF8 + valid)
    c.add("valid/utf16-le-bom.json", R, text_of(c.base).encode("utf-16"))
    c.add("valid/utf16-be-bom.json", R, codecs.BOM_UTF16_BE + text_of(c.base).encode("utf-16-be"))
    c.add("valid/utf32-bom.json", R, text_of(c.base).encode("utf-32"))
    c.add("valid/utf16-le-no-bom.json", R, text_of(c.base).encode("utf-16-le"))
    c.edit("valid/keys-reordered.json", R, lambda d: dict(reversed(list(d.items()))))
    c.add("valid/empty-backup.json", R, utf8({"format": "article-viewer-backup", "version": 1}))

    def foreign(d: dict) -> None:
        d["@context"] = "http://www.w3.org/ns/anno.jsonld"
        h = h0(d)
        h.update({"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:5b0c1f9e",
                  "creator": {"type": "Person", "name": "A reader"}, "body": {"value": "Noted.",
                                                                             "purpose": "commenting"}})
        h["target"]["selector"] = h["target"]["selector"][0]
        del h["color"]
    c.edit("valid/foreign-annotation.json", R, foreign)
    c.edit("valid/scoped.json", R, lambda d: drop("settings")(d) or d.update(scope="articles"))

    # Not a backup at all.
    c.add("not-backup/empty.json", F, b"")
    c.add("not-backup/whitespace.json", F, b" \n\t\n")
    c.add("not-backup/truncated.json", F, valid[: len(valid) // 2])
    c.add("not-backup/binary.json", F, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    c.add("not-backup/top-level-list.json", F, utf8([c.base]))
    c.add("not-backup/top-level-string.json", F, b'"article-viewer-backup"')
    c.add("not-backup/top-level-null.json", F, b"null")
    c.edit("not-backup/no-format.json", F, drop("format"))
    c.edit("not-backup/wrong-format.json", F, lambda d: d.update(format="another-app-backup"))
    c.edit("not-backup/format-in-a-list.json", F, lambda d: d.update(format=["article-viewer-backup"]))
    c.add("not-backup/cp949-bytes.json", F, text_of(c.base).encode("cp949", errors="replace"))
    c.add("not-backup/utf16-odd-length.json", F, text_of(c.base).encode("utf-16")[:-1])
    c.add("not-backup/too-large.json", F, sparse(MAX_BACKUP_BYTES + 1))

    # Versions.
    for name, version in (("true", True), ("zero", 0), ("negative", -1), ("huge", 10**30),
                          ("string", "1"), ("float", 1.0), ("null", None), ("newer", BACKUP_VERSION + 1)):
        c.edit(f"version/{name}.json", F, lambda d, v=version: d.update(version=v))
    c.edit("version/missing.json", F, drop("version"))

    # Numbers JSON does not have, and numbers too big for anything.
    for name, literal in (("nan", "NaN"), ("infinity", "Infinity"), ("minus-infinity", "-Infinity"),
                          ("1e400", "1e400")):  # 1e400 parses as infinity
        c.add(f"numbers/position-{name}.json", F, spliced(c.doc(), "position", literal))
    c.add("numbers/id-of-5000-digits.json", F, spliced(c.doc(), "id", "1" + "0" * 5000))

    # Ids.
    c.article("ids/article-2-pow-63.json", F, id=2**63)
    c.article("ids/article-1e300.json", F, id=1e300)
    c.article("ids/article-max-plus-one.json", F, id=MAX_ID + 1)
    c.article("ids/article-zero.json", F, id=0)
    c.article("ids/article-negative.json", F, id=-5)
    c.article("ids/article-float.json", F, id=1.5)
    c.article("ids/article-string.json", F, id="1")
    c.article("ids/article-true.json", F, id=True)
    c.edit("ids/article-duplicate.json", F, lambda d: d["articles"][1].update(id=a0(d)["id"]))
    c.edit("ids/entity-2-pow-63.json", F, lambda d: d["entities"][0].update(id=2**63))
    c.edit("ids/entity-duplicate.json", F, lambda d: d["entities"][1].update(id=d["entities"][0]["id"]))
    c.edit("ids/highlight-30-digits.json", F,
           lambda d: h0(d).update(id="urn:article-viewer:highlight:" + "7" * 30))
    c.edit("ids/highlight-zero.json", F, lambda d: h0(d).update(id="urn:article-viewer:highlight:0"))
    c.edit("ids/highlight-number.json", F, lambda d: h0(d).update(id=12))

    # Wrong types at every level.
    c.edit("types/articles-object.json", F, lambda d: d.update(articles={"0": a0(d)}))
    c.edit("types/entities-string.json", F, lambda d: d.update(entities="all of them"))
    c.edit("types/corrections-number.json", F, lambda d: d.update(corrections=3))
    c.edit("types/article-a-list.json", F, lambda d: d["articles"].__setitem__(0, [a0(d)]))
    c.article("types/published-object.json", F, published={"a": 1})
    c.article("types/source-list.json", F, source=["x"])
    c.article("types/title-null.json", F, title=None)
    c.article("types/title-number.json", F, title=42)
    c.article("types/title-missing.json", F, title=...)
    c.article("types/body-missing.json", F, body=...)
    c.article("types/raw-list.json", F, raw=["a", "b"])
    c.article("types/imported-number.json", F, imported=20250601)
    c.article("types/note-list.json", F, note=["a", "b"])
    c.article("types/note-number.json", F, note=7)
    c.article("types/note-text-dict.json", F, note={"text": {"a": 1}, "updated": None})
    c.article("types/note-without-text.json", F, note={"updated": "2025-06-10"})
    c.article("types/deck-string.json", F, deck="a deck line")
    c.article("types/deck-numbers.json", F, deck=[1, 2])
    c.article("types/removed-object.json", F, removed={"text": "x"})
    c.article("types/removed-without-text.json", F, removed=[{"rule": "footer", "position": 0}])
    c.article("types/removed-position-negative.json", F, removed=[{"text": "x", "rule": "r", "position": -1}])
    c.article("types/read-string.json", F, read="yes")
    c.article("types/read-one.json", F, read=1)
    c.article("types/position-string.json", F, position="0.5")
    c.article("types/format-exe.json", F, format="exe")
    c.article("types/content-hash-number.json", F, content_hash=12345)
    c.edit("types/settings-list.json", F, lambda d: d.update(settings=[["last_article", "2"]]))
    c.edit("types/setting-true.json", F, lambda d: d["settings"].update(dark=True))
    c.edit("types/setting-object.json", F, lambda d: d["settings"].update(window={"w": 1}))
    c.edit("types/correction-type-alien.json", F, lambda d: d["corrections"][0].update(type="ALIEN"))
    c.edit("types/entity-type-alien.json", F, lambda d: d["entities"][0].update(type="ALIEN"))
    c.edit("types/entity-aliases-string.json", F, lambda d: d["entities"][0].update(aliases="강원도"))
    c.edit("types/highlight-color-css.json", F,
           lambda d: h0(d).update(color="red;background:url(javascript:alert(1))"))
    c.edit("types/highlight-not-annotation.json", F, lambda d: h0(d).update(type="Bookmark"))
    c.edit("types/highlight-no-target.json", F, lambda d: drop("target")(h0(d)))

    # Selectors.
    sel = lambda d, k: h0(d)["target"]["selector"][k]  # noqa: E731
    c.edit("selectors/start-negative.json", F, lambda d: sel(d, 1).update(start=-1))
    c.edit("selectors/start-huge.json", F, lambda d: sel(d, 1).update(start=10**20))
    c.edit("selectors/start-float.json", F, lambda d: sel(d, 1).update(start=3.0))
    c.edit("selectors/exact-empty.json", F, lambda d: sel(d, 0).update(exact=""))
    c.edit("selectors/exact-number.json", F, lambda d: sel(d, 0).update(exact=5))
    c.edit("selectors/no-quote.json", F, lambda d: h0(d)["target"].update(selector=[sel(d, 1)]))
    c.edit("selectors/a-string.json", F, lambda d: h0(d)["target"].update(selector="#p1"))

    # Mentions.
    body_len = len(c.base["articles"][0]["body"])
    last = lambda d: d["articles"][0]["mentions"][-1]  # noqa: E731  (a body mention)
    c.edit("mentions/start-10-pow-20.json", F, lambda d: m0(d).update(start=10**20))
    c.edit("mentions/end-past-body.json", F, lambda d: last(d).update(end=body_len + 1))
    c.edit("mentions/end-past-title.json", F, lambda d: m0(d).update(end=len(a0(d)["title"]) + 1))
    c.edit("mentions/empty-span.json", F, lambda d: m0(d).update(end=m0(d)["start"]))
    c.edit("mentions/start-negative.json", F, lambda d: m0(d).update(start=-1))
    c.edit("mentions/field-note.json", F, lambda d: m0(d).update(field="note"))
    c.edit("mentions/dangling-entity.json", F, lambda d: m0(d).update(entity=999))
    c.edit("mentions/entity-string.json", F, lambda d: m0(d).update(entity=str(m0(d)["entity"])))

    # Over the caps.
    c.add("caps/million-highlights.json", F, streamed_highlights(c.base, 1_000_000))
    c.add("caps/highlights-one-over.json", F, streamed_highlights(c.base, MAX_HIGHLIGHTS_PER_ARTICLE + 1))
    c.edit("caps/mentions-one-over.json", F,
           lambda d: a0(d).update(mentions=[m0(d)] * (MAX_MENTIONS_PER_ARTICLE + 1)))
    c.article("caps/removed-one-over.json", F,
              removed=[{"text": "x", "rule": "r", "position": 0}] * (MAX_REMOVED_BLOCKS + 1))
    c.article("caps/title-million.json", F, title="별" * 1_000_000)
    c.article("caps/title-one-over.json", F, title="a" * (MAX_TITLE_CHARS + 1))
    c.article("caps/source-one-over.json", F, source="s" * (MAX_META_CHARS + 1))
    c.article("caps/author-one-over.json", F, author="a" * (MAX_META_CHARS + 1))
    c.article("caps/note-one-over.json", F, note={"text": "n" * (MAX_NOTE_CHARS + 1), "updated": None})
    c.article("caps/body-one-over.json", F, body="b" * (MAX_BODY_CHARS + 1))
    c.article("caps/deck-101-lines.json", F, deck=["한 줄"] * 101)
    c.edit("caps/canonical-one-over.json", F, lambda d: d["entities"][0].update(canonical="c" * 1001))

    # Deep nesting, in several places.
    c.add("deep/top-level.json", F, deep(c.doc(), lambda d, m: d.update(extra=m)))
    c.add("deep/title.json", F, deep(c.doc(), lambda d, m: a0(d).update(title=m)))
    c.add("deep/highlight-body.json", F, deep(c.doc(), lambda d, m: h0(d).update(body=m)))
    c.add("deep/settings.json", F, deep(c.doc(), lambda d, m: d["settings"].update(x=m)))
    c.add("deep/whole-file.json", F, ("[" * DEEP + "]" * DEEP).encode())
    nested: object = 1
    for _ in range(40):  # deeper than MAX_JSON_DEPTH, shallow enough for any parser
        nested = [nested]
    c.edit("deep/forty-levels-in-annotation.json", F, lambda d: h0(d).update(refinedBy=nested))

    # Text that must come out clean: restored, normalised.
    c.article("clean/nul-in-title.json", R, title="산골 마을\x00 천문대\x00")
    c.article("clean/bidi-in-title.json", R, title="\u202eevil\u202c 천문대 \u2066x\u2069")
    c.article("clean/newlines-in-title.json", R, title="첫 줄\n둘째 줄\r\n\t셋째")
    c.article("clean/script-in-source.json", R, source="<script>alert(1)</script>")
    c.article("clean/escape-in-author.json", R, author="\x1b[31mTamsin\x1b[0m Reed\x07")
    c.edit("clean/nul-in-note-and-body.json", R, lambda d: a0(d)["note"].update(text="메모\x00 끝")
           or a0(d).update(body=a0(d)["body"] + "\x00\x01"))
    c.article("clean/nul-in-raw.json", R, raw=STARS + "\x00")
    c.article("clean/position-1e308.json", R, position=1e308)
    c.article("clean/position-negative.json", R, position=-3)
    c.edit("clean/title-empty.json", R, lambda d: a0(d).update(
        title="", mentions=[m for m in a0(d)["mentions"] if m["field"] == "body"]))
    c.article("clean/title-only-controls.json", R, title="\x00\u202e\x07",
              mentions=[m for m in c.base["articles"][0]["mentions"] if m["field"] == "body"])
    doc = c.doc()
    doc["articles"][0]["title"] = "\ud800 천문대"  # JSON can spell it (\ud800); UTF-8 cannot
    c.add("clean/lone-surrogate-refused.json", F, json.dumps(doc).encode("ascii"))

    # Identity: the text decides, never the file's hash.
    c.edit("identity/claims-another-articles-hash.json", R,
           lambda d: d["articles"][1].update(content_hash=content_hash(SEEDS)))
    c.edit("identity/hash-of-nothing.json", R, lambda d: d["articles"][1].update(content_hash="0" * 64))
    c.edit("identity/same-text-twice.json", R, lambda d: d["articles"][2].update(raw=FERRY))


def make_corpus(out: Path, only: set[str] | None = None) -> dict[str, str]:
    """Write the corpus (or the named files of it) into `out`; return name -> expectation."""
    corpus = Corpus()
    build(corpus)
    expectations = {}
    for name, (payload, expect) in corpus.entries.items():
        if only is not None and name not in only:
            continue
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(payload):
            payload(path)
        else:
            path.write_bytes(payload)
        expectations[name] = expect
    (out / "expectations.json").write_text(json.dumps(expectations, indent=1) + "\n", encoding="utf-8")
    return expectations


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write the corpus into")
    args = ap.parse_args(argv)
    expectations = make_corpus(args.out)
    refused = sum(v == "refused" for v in expectations.values())
    print(f"{len(expectations)} files in {args.out}: {len(expectations) - refused} to restore,"
          f" {refused} to refuse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
