"""The library file: dedupe, failures change nothing, migrations keep data and back up first."""

import sqlite3

import pytest

from viewer.core.ingest.pipeline import import_file, import_files
from viewer.core.ingest.samples import ensure_samples
from viewer.core.store.library import Library, LibraryError
from viewer.core.store.schema import MIGRATIONS, SCHEMA_VERSION, statements

ARTICLE = (
    "작은 도서관 열두 곳 새로 연다\n"
    "[누리일보 한서연 기자] 서울시가 올해 작은 도서관 열두 곳을 새로 연다고 밝혔다.\n"
    "도서관마다 주제가 다르다는 점이 눈길을 끈다.\n"
)


def snapshot(path):
    db = sqlite3.connect(path)
    try:
        cols = "id, content_hash, title, body, removed, raw, fmt, imported_at, is_read, position"
        return [tuple(r) for r in db.execute(f"SELECT {cols} FROM articles ORDER BY id")]
    finally:
        db.close()


def test_import_stores_cleaned_article_and_metadata(library, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    outcome = import_file(library, f)
    assert outcome.status == "added"
    art = library.get(outcome.article_id)
    assert art.title == "작은 도서관 열두 곳 새로 연다"
    assert art.body.startswith("서울시가")
    assert art.author == "한서연" and art.source == "누리일보"
    assert art.raw == ARTICLE and art.fmt == "txt"
    assert [r.text for r in art.removed] == ["[누리일보 한서연 기자]"]
    assert not art.is_read and art.position == 0
    assert art.imported_at


def test_reimport_of_same_article_in_another_encoding_is_a_duplicate(library, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode("cp949"))
    outcomes = import_files(library, [tmp_path])
    assert [o.status for o in outcomes] == ["added", "duplicate"]
    assert outcomes[0].article_id == outcomes[1].article_id
    assert library.count() == 1


def test_failed_import_leaves_library_unchanged(library, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    import_files(library, [tmp_path / "good.txt"])
    before = snapshot(library.path)
    (tmp_path / "bad.txt").write_bytes(b"PK\x03\x04" + bytes(100))
    (tmp_path / "empty.txt").write_bytes(b"")
    outcomes = import_files(library, [tmp_path / "bad.txt", tmp_path / "empty.txt"])
    assert [o.status for o in outcomes] == ["failed", "failed"]
    assert "bad.txt" in outcomes[0].message
    assert snapshot(library.path) == before


def test_read_state_position_and_notes_persist(library_path, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with Library(library_path) as lib:
        aid = import_file(lib, tmp_path / "a.txt").article_id
        lib.set_read(aid)
        lib.set_position(aid, 0.42)
        lib.set_note(aid, "첫 메모")
        lib.append_note(aid, "둘째 메모")
    with Library(library_path) as lib:
        art = lib.get(aid)
        assert art.is_read and art.position == pytest.approx(0.42)
        assert lib.note(aid) == "첫 메모\n\n둘째 메모"


def test_wal_and_foreign_keys(library):
    assert library._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert library._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_transaction_rolls_back_every_row(library, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    aid = import_file(library, tmp_path / "a.txt").article_id
    with pytest.raises(RuntimeError):
        with library.transaction() as db:
            db.execute("UPDATE articles SET title = 'changed' WHERE id = ?", (aid,))
            db.execute("INSERT INTO settings(key, value) VALUES ('x', 'y')")
            raise RuntimeError("boom")
    assert library.get(aid).title != "changed" and library.setting("x") is None


def test_migration_from_older_schema_keeps_rows_and_writes_backup(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    for statement in statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO articles (content_hash, title, body, raw, fmt, imported_at, is_read)"
        " VALUES ('h1', '옛 기사', '본문', '원문', 'txt', '2024-01-01T00:00:00+00:00', 1)"
    )
    db.commit()
    db.close()
    before = snapshot(path)

    with Library(path) as lib:
        assert lib.schema_version == SCHEMA_VERSION
        assert lib.backup_path is not None and lib.backup_path.exists()
        assert lib.get(1).title == "옛 기사" and lib.get(1).is_read
        lib.set_note(1, "migrated")
    assert snapshot(path) == before
    assert snapshot(lib.backup_path) == before
    bak = sqlite3.connect(lib.backup_path)
    assert bak.execute("PRAGMA user_version").fetchone()[0] == 1
    bak.close()


def test_new_library_makes_no_backup(library):
    assert library.backup_path is None
    assert library.schema_version == SCHEMA_VERSION


def test_library_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(LibraryError, match="newer"):
        Library(path)


def test_not_a_database_is_refused(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError):
        Library(path)


def test_samples_are_imported_once_into_an_empty_library(library):
    outcomes = ensure_samples(library)
    assert len(outcomes) >= 6 and all(o.status == "added" for o in outcomes)
    titles = [s.title for s in library.summaries()]
    assert any("Tidewell" in t for t in titles) and any("도서관" in t or "책방" in t for t in titles)
    for aid in library.article_ids():
        library.delete(aid)
    assert ensure_samples(library) == [] and library.count() == 0
