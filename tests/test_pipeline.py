"""The parallel import pipeline: same result as a serial import, time limits, crashes, cancel."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from viewer.core.ingest import pipeline
from viewer.core.ingest.pipeline import import_files, prepare_file
from viewer.core.store.library import Library
from viewer.core.store.search import ensure_index

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def import_workers() -> list:
    """The import's worker processes still alive (the window's Kiwi helper, if a window test
    started one in this session, is not one of them)."""
    return [p for p in multiprocessing.active_children() if p.name != "article-viewer-kiwi"]


# Per-file functions the workers run instead of prepare_file (top level, so spawn can send them).


def hanging_prepare(path: str, analyzer, known):
    if "hang" in Path(path).name:
        time.sleep(600)
    return prepare_file(path, analyzer, known)


def crashing_prepare(path: str, analyzer, known):
    if "crash" in Path(path).name:
        os._exit(3)
    return hanging_prepare(path, analyzer, known)


def unstorable_prepare(path: str, analyzer, known):
    prepared = prepare_file(path, analyzer, known)
    if "unstorable" in Path(path).name:  # fails inside Library.add_article's transaction
        prepared.cleaned = replace(prepared.cleaned, deck=[object()])
    return prepared


def article(n: int, lang: str = "ko") -> str:
    if lang == "ko":
        return (
            f"바닷가 도서관 {n}호점, 밤에도 문 연다\n[파도신문 윤가람 기자] 동해안 마을의 {n}번째"
            f' 작은 도서관이 이달부터 밤 열 시까지 문을 연다.\n관장 서다온 씨는 "불 켜진 창을 보고'
            ' 들어오는 사람이 늘었다"고 말했다.\n저작권자 ⓒ 파도신문 무단전재 및 재배포금지\n'
        )
    return (
        f"Harbor library branch {n} stays open late\n\nBy Mira Castell\n\nThe library in Eastvale will keep"
        f" branch {n} open until ten at night, said Orin Tate.\n"
    )


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        p = folder / f"{n:03}.txt"
        p.write_text(article(n, "ko" if n % 3 else "en"), encoding="utf-8")
        paths.append(p)
    return paths


def snapshot(lib: Library) -> dict:
    """Everything an import writes, keyed so two libraries can be compared."""
    db = lib._db
    articles = [
        dict(r)
        for r in db.execute(
            "SELECT id, content_hash, title, deck, source, author, published, body, removed, raw, fmt,"
            " encoding, path, analyzer_version FROM articles ORDER BY id"
        )
    ]
    mentions = [
        tuple(r)
        for r in db.execute(
            'SELECT m.article_id, e.type, e.canonical, m.field, m.start, m."end", m.text'
            " FROM mentions m JOIN entities e ON e.id = m.entity_id ORDER BY 1, 4, 5"
        )
    ]
    morph = [
        tuple(r) for r in db.execute("SELECT rowid, title, body, notes FROM search_morph ORDER BY rowid")
    ]
    tri = [tuple(r) for r in db.execute("SELECT rowid, title, body, notes FROM search_tri ORDER BY rowid")]
    dirty = [r[0] for r in db.execute("SELECT article_id FROM search_dirty")]
    entities = [tuple(r) for r in db.execute("SELECT type, canonical FROM entities ORDER BY 1, 2")]
    return {
        "articles": articles,
        "mentions": mentions,
        "morph": morph,
        "tri": tri,
        "dirty": dirty,
        "entities": entities,
    }


def outcome_view(outcomes) -> list[tuple]:
    return [(Path(o.path).name, o.status, o.article_id, o.title, o.message) for o in outcomes]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Samples, synthetic articles, the same article in other encodings, and bad files."""
    folder = tmp_path / "corpus"
    write_articles(folder / "gen", 10)
    for sample in sorted(SAMPLES.iterdir()):
        if sample.suffix in (".txt", ".md", ".html"):
            (folder / sample.name).write_bytes(sample.read_bytes())
    same = article(99)
    (folder / "dupes").mkdir()
    for enc in ("utf-8", "cp949", "utf-16"):  # one article, three encodings: one added
        (folder / "dupes" / f"same-{enc}.txt").write_bytes(same.encode(enc))
    (folder / "bad").mkdir()
    (folder / "bad" / "empty.txt").write_bytes(b"")
    (folder / "bad" / "zip.txt").write_bytes(b"PK\x03\x04" + bytes(100))
    return folder


def test_parallel_import_stores_what_a_serial_import_stores(tmp_path, corpus):
    with Library(tmp_path / "serial.sqlite") as serial:
        expected = import_files(serial, [corpus], workers=0)
        ensure_index(serial)
        want = snapshot(serial)
    seen = []
    with Library(tmp_path / "parallel.sqlite") as lib:
        outcomes = import_files(
            lib, [corpus], progress=lambda n, total, o: seen.append((n, total, o)), workers=2
        )
        got = snapshot(lib)
    assert import_workers() == []  # workers stopped and reaped
    assert outcome_view(outcomes) == outcome_view(expected)
    assert [(n, total) for n, total, _ in seen] == [(n, len(outcomes)) for n in range(1, len(outcomes) + 1)]
    assert [o for _, _, o in seen] == outcomes
    for a in got["articles"] + want["articles"]:
        a["path"] = Path(a["path"]).name
    for g, w in zip(got["articles"], want["articles"], strict=False):  # what differs, if anything
        assert {k: v for k, v in g.items() if w.get(k) != v} == {}, w["title"]
    assert got == want
    assert got["dirty"] == [] and len(got["morph"]) == len(got["articles"]) > 10
    statuses = {Path(o.path).name: o.status for o in outcomes}
    assert sorted(s for n, s in statuses.items() if n.startswith("same-")) == [
        "added",
        "duplicate",
        "duplicate",
    ]
    assert statuses["same-cp949.txt"] == "added"  # the first in input order, whichever worker was faster
    assert statuses["empty.txt"] == statuses["zip.txt"] == "failed"


def test_a_hanging_or_crashing_file_is_reported_and_the_rest_imported(tmp_path):
    files = write_articles(tmp_path / "in", 8)
    hang = files[1].rename(files[1].with_name("001-hang.txt"))
    crash = files[4].rename(files[4].with_name("004-crash.txt"))
    started = time.monotonic()
    with Library(tmp_path / "lib.sqlite") as lib:
        outcomes = import_files(lib, [tmp_path / "in"], timeout=4, prepare=crashing_prepare)
        count = lib.count()
    assert time.monotonic() - started < 120
    by_name = {Path(o.path).name: o for o in outcomes}
    assert by_name[hang.name].status == "failed"
    assert by_name[hang.name].message == f"{hang}: took longer than 4 s to read and analyse; skipped"
    assert by_name[crash.name].status == "failed"
    assert by_name[crash.name].message.startswith(f"{crash}: the import process stopped while reading")
    assert "exit code 3" in by_name[crash.name].message
    assert [o.status for o in outcomes].count("added") == count == 6
    assert import_workers() == []


def test_small_imports_run_here_with_the_same_time_limit(tmp_path, monkeypatch):
    def no_processes(*args, **kwargs):
        raise AssertionError("a small import must not start worker processes")

    monkeypatch.setattr(pipeline, "_Worker", no_processes)
    files = write_articles(tmp_path / "in", 3)
    hang = files[0].rename(files[0].with_name("000-hang.txt"))
    with Library(tmp_path / "lib.sqlite") as lib:
        outcomes = import_files(lib, [tmp_path / "in"], timeout=1, prepare=hanging_prepare)
        assert [o.status for o in outcomes] == ["failed", "added", "added"]
        assert outcomes[0].message == f"{hang}: took longer than 1 s to read and analyse; skipped"
        assert lib._db.execute("SELECT COUNT(*) FROM search_dirty").fetchone()[0] == 0


def test_without_worker_processes_the_import_still_runs(tmp_path, monkeypatch):
    def cannot_start(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(pipeline, "_Worker", cannot_start)
    write_articles(tmp_path / "in", 6)
    with Library(tmp_path / "lib.sqlite") as lib:
        outcomes = import_files(lib, [tmp_path / "in"])
        assert [o.status for o in outcomes] == ["added"] * 6
        assert lib.count() == 6


def test_cancelling_stops_early_and_stores_only_what_was_reported(tmp_path):
    write_articles(tmp_path / "in", 40)
    reported = []
    with Library(tmp_path / "lib.sqlite") as lib:
        outcomes = import_files(
            lib,
            [tmp_path / "in"],
            progress=lambda n, t, o: reported.append(o),
            cancelled=lambda: len(reported) >= 3,
        )
        assert outcomes == reported and len(outcomes) == 3
        assert lib.count() == 3
    assert import_workers() == []


def test_failures_change_nothing(tmp_path):
    files = write_articles(tmp_path / "in", 5)
    bad = files[2].rename(files[2].with_name("002-unstorable.txt"))
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    with Library(tmp_path / "lib.sqlite") as lib:
        import_files(lib, [files[0]])
        before = snapshot(lib)
        outcomes = import_files(lib, [bad, tmp_path / "in" / "empty.txt"], prepare=unstorable_prepare)
        assert [o.status for o in outcomes] == ["failed", "failed"]
        assert outcomes[0].message.startswith(f"{bad}: could not be stored")
        assert snapshot(lib) == before


def test_outcomes_are_one_line_even_for_hostile_file_names(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "line\nbreak.txt").write_text(article(1), encoding="utf-8")
    (folder / "rtl-\u202etxt.exe.txt").write_bytes(b"")
    with Library(tmp_path / "lib.sqlite") as lib:
        outcomes = import_files(lib, [folder])
        paths = json.loads(json.dumps([o.path for o in outcomes]))
        assert [o.status for o in outcomes] == ["added", "failed"]
        assert "\n" not in "".join(paths) and "\\n" in paths[0]
        assert outcomes[1].message == f"{paths[1]}: the file is empty" and "\\u202e" in paths[1]


def test_importing_only_files_that_fail_does_not_load_kiwi(tmp_path):
    import subprocess
    import sys

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "zip.txt").write_bytes(b"PK\x03\x04" + bytes(64))
    code = (
        "import sys; from viewer.core.text import kiwi; from viewer.core.store.library import Library;"
        " from viewer.core.ingest.pipeline import import_files;"
        f" lib = Library({str(tmp_path / 'lib.sqlite')!r});"
        f" out = import_files(lib, [{str(tmp_path)!r}]);"
        " print([o.status for o in out], not kiwi.kiwi_loaded(), 'kiwipiepy' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=60)
    assert run.stdout.strip() == "['failed', 'failed'] True False", run.stderr
