"""Faults a user can meet: huge search hit counts, long unbroken text, a full disk, a note changed
from the command line while the window is open, files that are not our libraries, read-only and
missing libraries, .json files that are not backups. Each test failed before its fix."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from viewer.core.anchoring import Selector
from viewer.core.entities import EntityAnalyzer
from viewer.core.ingest.pipeline import import_file
from viewer.core.limits import KIWI_PIECE_CHARS, MAX_HIGHLIGHTS_PER_ARTICLE
from viewer.core.merge import merge_notes
from viewer.core.model import CleanedArticle, ImportedDocument
from viewer.core.store import search
from viewer.core.store.library import HighlightLimit, Library, LibraryError, NoteConflict
from viewer.core.text.kiwi import text_pieces, tokenize_bounded

ROOT = Path(__file__).resolve().parents[1]
NOTE_ARTICLE = (
    "구름시 새 도서관 문 열어\n"
    "[누리일보 한서연 기자] 구름시가 시청 옆에 새 도서관을 열었다고 14일 밝혔다.\n"
    "도서관은 밤 10시까지 문을 연다.\n"
)
OTHER_ARTICLE = "바람시 자전거길 완공\n바람시는 강변을 따라 12㎞ 자전거길을 완공했다고 밝혔다.\n"


def finishes(fn, seconds: float = 120.0):
    """fn's result, or a failure if it has not returned in `seconds` (it used to take minutes)."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"did not finish in {seconds:g} s"
    return box[0]


def in_own_connection(path: Path, fn):
    """fn(library) on a connection of the calling thread (SQLite connections stay in theirs)."""
    with Library(path) as lib:
        return fn(lib)


def add(lib: Library, title: str, body: str) -> int:
    doc = ImportedDocument("txt", f"{title}\n{body}", body, None, "utf-8", {})
    return lib.add_article(doc, CleanedArticle(title, body))[0]


def table_dump(path: Path) -> list[str]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


# --- 1. search snippets ---------------------------------------------------------------------------

@pytest.mark.parametrize("hits", [10_000, 40_000])
def test_a_search_with_tens_of_thousands_of_hits_returns_a_marked_snippet(library, hits):
    body = "The city said the plan would help. " * (hits // 2)  # "the" twice a sentence
    aid = add(library, "Long report", body)
    search.ensure_index(library)
    found = finishes(lambda: in_own_connection(library.path, lambda lib: search.search(lib, "the")))
    assert [h.article_id for h in found] == [aid]
    hit = found[0]
    assert hit.marks and search.marked_snippet(hit).count("[") == len(hit.marks)
    assert {t.casefold() for t in hit.terms} == {"the"}
    # only a bounded number of matches is ever looked at
    assert len(search.match_spans(body, ["the"], ["the"])) == search.MAX_SNIPPET_MATCHES


def test_a_superseded_search_stops(library):
    add(library, "구름시 도서관", "구름시 도서관 소식이다.")
    with pytest.raises(search.SearchCancelled):
        search.search(library, "도서관", cancelled=lambda: True)
    assert search.search(library, "도서관", cancelled=lambda: False)


# --- 2. Kiwi on long unbroken runs, the index queue -------------------------------------------------

@pytest.mark.parametrize("length", [20_000, 80_000])
def test_kiwi_is_never_given_a_long_unbroken_run(length):
    text = "T" * length
    pieces = list(text_pieces(text))
    assert max(len(p) for _o, p in pieces) <= KIWI_PIECE_CHARS
    assert "".join(p for _o, p in pieces) == text
    tokens = finishes(lambda: tokenize_bounded(text))
    assert tokens and tokens[-1].end == length


def test_bounded_tokens_index_the_whole_text():
    text = ("구름시는 새 도서관을 열었다. " * 400) + "마지막 문장에 바람시가 나온다."
    tokens = tokenize_bounded(text)
    assert all(text[t.start:t.end] == t.form or t.tag.startswith("V") or t.tag.startswith("E")
               or t.tag.startswith("J") or t.tag.startswith("X") for t in tokens[-12:])
    assert any(t.form == "바람시" or t.form == "바람" for t in tokens[-8:])


def test_a_huge_unbroken_title_and_body_are_analysed_and_indexed(library):
    aid = add(library, "T" * 100_000, "가" * 60_000 + "\n구름시 도서관 소식.")
    finishes(lambda: in_own_connection(library.path, search.ensure_index))
    assert search.pending(library) == 0
    assert finishes(lambda: EntityAnalyzer().analyze("T" * 50_000, "구름시 " * 20_000)) is not None
    assert [h.article_id for h in search.search(library, "도서관")] == [aid]


def test_one_row_the_analyser_fails_on_does_not_block_the_index_queue(library, monkeypatch):
    bad = add(library, "망가진 기사", "이 글은 분석기가 읽지 못한다 XYZZY.")
    good = add(library, "구름시 도서관", "구름시 도서관 소식이다.")
    real = search.morph_field

    def failing(text: str) -> str:
        if "XYZZY" in text:
            raise RuntimeError("analyser bug")
        return real(text)

    monkeypatch.setattr(search, "morph_field", failing)
    assert search.ensure_index(library) == 2
    assert search.pending(library) == 0
    assert [h.article_id for h in search.search(library, "도서관")] == [good]
    assert [h.article_id for h in search.search(library, "XYZZY")] == [bad]  # by its substring


# --- 3. caps ------------------------------------------------------------------------------------------

def test_an_article_holds_at_most_the_highlight_cap(library):
    aid = add(library, "구름시 도서관", "구름시 도서관 소식이다.")
    with library.transaction() as db:
        db.executemany(
            "INSERT INTO highlights (article_id, quote, prefix, suffix, start, color, note, created_at,"
            " updated_at) VALUES (?, '도서관', '', '', 4, 'yellow', '', 'x', 'x')",
            [(aid,)] * (MAX_HIGHLIGHTS_PER_ARTICLE - 1))
    library.add_highlight(aid, Selector("도서관", "", "", 4), "yellow")
    with pytest.raises(HighlightLimit, match="at most 5,000"):
        library.add_highlight(aid, Selector("도서관", "", "", 4), "yellow")
    assert len(library.highlights(aid)) == MAX_HIGHLIGHTS_PER_ARTICLE


# --- 5. notes changed elsewhere ------------------------------------------------------------------------

def test_a_note_is_only_written_over_the_note_it_started_from(library):
    aid = add(library, "구름시 도서관", "본문.")
    library.set_note(aid, "WINDOW-A")
    with Library(library.path) as other:
        other.set_note(aid, "CLI-B")
    with pytest.raises(NoteConflict) as caught:
        library.set_note(aid, "WINDOW-A WINDOW-C", expected="WINDOW-A")
    assert caught.value.current == "CLI-B"
    assert library.note(aid) == "CLI-B"


def test_changes_in_different_places_merge_and_touching_ones_do_not():
    merged = merge_notes("one\n\ntwo", "one\n\ntwo\n\nmine", "zero\n\none\n\ntwo")
    assert merged == "zero\n\none\n\ntwo\n\nmine"
    assert merge_notes("WINDOW-A", "WINDOW-A WINDOW-C", "CLI-B") is None
    assert merge_notes("a b c", "a b c", "a X c") == "a X c"
    assert merge_notes("a b c", "a X c", "a X c") == "a X c"


# --- 7-9. files that are not libraries, read-only and missing ones ---------------------------------------

def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_file(path: Path, *statements: str) -> Path:
    """An SQLite database that some other program made."""
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path):
    other = sqlite_file(tmp_path / "contacts.sqlite", "CREATE TABLE contacts (name)",
                        "INSERT INTO contacts VALUES ('Mira')")
    before = digest(other)
    with pytest.raises(LibraryError, match="not an Article Viewer library"):
        Library(other)
    result = cli("--library", str(other), "list")
    assert result.returncode == 2 and "left untouched" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    result = cli("--library", str(other), "import", str(ROOT / "resources" / "samples"))
    assert result.returncode == 2
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.sqlite"]  # no -wal, no -shm


def test_a_file_with_a_negative_schema_version_is_not_a_library(tmp_path):
    odd = sqlite_file(tmp_path / "odd.sqlite", "PRAGMA user_version = -1", "CREATE TABLE articles (id)")
    with pytest.raises(LibraryError, match="not a library this app can read"):
        Library(odd)


def test_our_libraries_carry_an_application_id_and_old_ones_get_it(library_path):
    from viewer.core.store.schema import APPLICATION_ID

    with Library(library_path) as lib:
        add(lib, "구름시 도서관", "본문.")
        lib._db.execute("PRAGMA application_id = 0")  # as made before application ids
    with Library(library_path) as lib:
        assert lib._db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert lib.count() == 1


def test_read_commands_on_a_missing_library_say_so_and_make_nothing(tmp_path):
    target = tmp_path / "typo" / "lib.sqlite"
    for command in (["list"], ["search", "x"], ["show", "1"], ["note", "1"],
                    ["export", "--format", "md", "--out", str(tmp_path / "out")]):
        result = cli("--library", str(target), *command)
        assert result.returncode == 2, command
        assert "no library here" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "typo").exists()


def _make_read_only(library_path: Path, monkeypatch) -> None:
    """The library file as a user without write permission sees it (root may write anything)."""
    real = os.access

    def access(path, mode, *args, **kwargs):
        if Path(path) == library_path and mode & os.W_OK:
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_a_read_only_library_file_opens_read_only(library_path, monkeypatch):
    with Library(library_path) as lib:
        aid = add(lib, "구름시 도서관", "구름시 도서관 소식이다.")
        search.ensure_index(lib)
    before = table_dump(library_path)
    _make_read_only(library_path, monkeypatch)
    with Library(library_path) as lib:
        assert lib.read_only and "read-only" in lib.read_only_reason
        assert lib.get(aid).title == "구름시 도서관"
        assert [h.article_id for h in search.search(lib, "도서관")] == [aid]
    assert table_dump(library_path) == before


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder on a read-only bind mount (so that even root cannot write it), or a skip."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount")
    src, mnt = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    mnt.mkdir()
    lib_path = src / "library.sqlite"
    with Library(lib_path) as lib:
        add(lib, "구름시 도서관", "구름시 도서관 소식이다.")
        search.ensure_index(lib)
        lib._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    mounted = subprocess.run(["mount", "--bind", str(src), str(mnt)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("bind mounts are not allowed here")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(mnt)], check=True, capture_output=True)
    yield mnt / "library.sqlite"
    if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)  # still open somewhere


def test_a_library_on_a_read_only_disk_is_read_with_every_command(read_only_folder, tmp_path):
    lib = str(read_only_folder)
    listed = cli("--library", lib, "list")
    assert listed.returncode == 0 and "구름시 도서관" in listed.stdout, listed.stderr
    found = cli("--library", lib, "search", "도서관")
    assert found.returncode == 0 and "구름시 도서관" in found.stdout, found.stderr
    assert cli("--library", lib, "show", "1").returncode == 0
    out = tmp_path / "export"
    assert cli("--library", lib, "export", "--format", "md", "--out", str(out)).returncode == 0
    changed = cli("--library", lib, "note", "1", "--set", "x")
    assert changed.returncode == 2 and "read-only" in changed.stderr


def test_the_window_opens_a_read_only_library_read_only_and_says_why(qtbot, read_only_folder, tmp_path):
    from viewer.ui.app import create_window

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)

    def never(who):
        raise AssertionError(f"reported open in {who}")

    window = create_window(read_only_folder, settings, on_locked=never)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.current_id is not None, timeout=10000)
    assert not window.writable and "구름시" in window.reader.plain_text()
    assert window.notes.editor.isReadOnly()
    window.mark_unread()
    assert "read-only" in window.status_label.text() and "another window" not in window.status_label.text()
    window.close()
    window.library.close()


# --- 11. .json files --------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    '{"articles": []}',  # no format
    '{"format": "something-else", "version": 1}',
    '[{"format": "article-viewer-backup"}]',
    'just some words in a file named .json',
])
def test_a_json_file_is_a_backup_or_an_error_never_an_article(tmp_path, library_path, content):
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
    before = table_dump(library_path)
    f = tmp_path / "notes.json"
    f.write_text(content, encoding="utf-8")
    result = cli("--library", str(library_path), "import", str(f))
    assert result.returncode == 1
    assert "notes.json" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_dump(library_path) == before


# --- 4. the CLI on a full disk ------------------------------------------------------------------------------

def test_database_errors_in_the_cli_are_one_line(tmp_path, library_path, monkeypatch, capsys):
    from viewer import cli as cli_module

    with Library(library_path) as lib:
        add(lib, "구름시 도서관", "구름시 도서관 소식이다.")
        search.ensure_index(lib)
        add(lib, "바람시 자전거길", "바람시 자전거길 소식이다.")  # waits for indexing

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Library, "set_note", full)
    status = cli_module.main(["--library", str(library_path), "note", "1", "--set", "x"])
    err = capsys.readouterr().err
    assert status == 1 and "database or disk is full" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setattr(search, "ensure_index", full)
    status = cli_module.main(["--library", str(library_path), "search", "도서관"])
    out = capsys.readouterr()
    assert status == 0 and "구름시 도서관" in out.out


# --- 4, 5. the window: a full disk, a note changed from the command line ------------------------------------

@pytest.fixture
def two_articles(tmp_path, library_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(NOTE_ARTICLE, encoding="utf-8")
    b.write_text(OTHER_ARTICLE, encoding="utf-8")
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
        return [import_file(lib, a).article_id, import_file(lib, b).article_id]


@pytest.fixture
def window(qtbot, tmp_path, library_path, two_articles):
    from viewer.ui.app import create_window

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    w = create_window(library_path, settings, on_locked=lambda who: pytest.fail(f"locked by {who}"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: not w.runner.active and w.current_id is not None, timeout=60000)
    yield w
    w.ask_unsaved_notes = lambda notes: True
    w.close()


def test_a_full_disk_keeps_the_note_shows_it_and_asks_before_closing(qtbot, window, monkeypatch, tmp_path):
    aid, other = window.current_id, next(i for i in window.library.article_ids() if i != window.current_id)

    def disk_full(*_a, **_k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(window.library, "set_note", disk_full)
    monkeypatch.setattr(window.library, "set_position", disk_full)
    monkeypatch.setattr(window.library, "set_read", disk_full)
    qtbot.keyClicks(window.notes.editor, "thirty words typed on a full disk")
    qtbot.waitUntil(lambda: "Not saved" in window.notes.state_label.text(), timeout=3000)
    assert "disk is full" in window.notes.state_label.text()
    assert "Note not saved" in window.status_label.text()
    window.select_article(other)  # switching away does not lose it ...
    assert window.current_id == other
    window.select_article(aid)  # ... and it comes back
    assert window.notes.text() == "thirty words typed on a full disk"
    asked = []
    window.ask_unsaved_notes = lambda notes: asked.append(dict(notes)) or False  # the user cancels
    window.close()
    assert asked == [{aid: "thirty words typed on a full disk"}]
    assert window.isVisible()
    saved_to = tmp_path / "rescued.md"
    window.ask_unsaved_notes = lambda notes: window.save_notes_to_file(saved_to, notes)
    window.close()
    assert not window.isVisible()
    assert "thirty words typed on a full disk" in saved_to.read_text(encoding="utf-8")


def test_a_note_saves_itself_once_the_disk_has_room_again(qtbot, window, monkeypatch):
    aid = window.current_id
    real = window.library.set_note
    full = [True]

    def sometimes_full(*args, **kwargs):
        if full[0]:
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kwargs)

    monkeypatch.setattr(window.library, "set_note", sometimes_full)
    qtbot.keyClicks(window.notes.editor, "kept while the disk was full")
    qtbot.waitUntil(lambda: "Not saved" in window.notes.state_label.text(), timeout=3000)
    assert "Note not saved" in window.status_label.text()
    full[0] = False
    qtbot.waitUntil(lambda: window.notes.state_label.text().startswith("✓"), timeout=6000)
    assert "Note not saved" not in window.status_label.text()  # the warning goes with the fault
    with Library(window.library.path) as other:
        assert other.note(aid) == "kept while the disk was full"


def test_a_note_set_from_the_cli_is_shown_not_overwritten(qtbot, window):
    aid = window.current_id
    qtbot.keyClicks(window.notes.editor, "WINDOW-A")
    window.notes.flush()
    result = cli("--library", str(window.library.path), "note", str(aid), "--set", "CLI-B")
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: window.notes.text() == "CLI-B", timeout=5000)  # the window follows
    qtbot.keyClicks(window.notes.editor, " WINDOW-C")
    window.notes.flush()
    assert window.library.note(aid) == "CLI-B WINDOW-C"


def test_a_note_changed_elsewhere_while_typing_is_never_overwritten(qtbot, window):
    aid = window.current_id
    qtbot.keyClicks(window.notes.editor, "WINDOW-A")
    window.notes.flush()
    window._change_timer.stop()  # the change lands between two looks
    with Library(window.library.path) as other:
        other.set_note(aid, "CLI-B")
    qtbot.keyClicks(window.notes.editor, " WINDOW-C")
    assert not window.notes.flush()
    assert window.library.note(aid) == "CLI-B"  # not overwritten
    assert window.notes.conflict_bar.isVisible() and "changed elsewhere" in window.notes.state_label.text()
    window.notes.keep_both_button.click()
    stored = window.library.note(aid)
    assert "CLI-B" in stored and "WINDOW-A WINDOW-C" in stored
    assert window.notes.text() == stored and not window.notes.conflict_bar.isVisible()


def test_changes_in_different_places_of_a_note_are_merged(qtbot, window):
    aid = window.current_id
    qtbot.keyClicks(window.notes.editor, "first line")
    window.notes.flush()
    window._change_timer.stop()
    with Library(window.library.path) as other:
        other.append_note(aid, "from the command line")
    window.notes.editor.moveCursor(window.notes.editor.textCursor().MoveOperation.Start)
    qtbot.keyClicks(window.notes.editor, "my ")
    assert window.notes.flush()
    assert window.library.note(aid) == "my first line\n\nfrom the command line"
    assert window.notes.text() == window.library.note(aid)


def test_the_list_shows_articles_another_process_imported(qtbot, window, tmp_path):
    f = tmp_path / "new.txt"
    f.write_text("해솔시 꽃 축제 개막\n해솔시가 봄꽃 축제를 열었다고 밝혔다.\n", encoding="utf-8")
    result = cli("--library", str(window.library.path), "import", str(f))
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: any("해솔시" in t for t in window.article_titles()), timeout=5000)
    assert "3 articles" in window.status_label.text()


def test_an_article_stored_with_more_highlights_than_the_cap_opens_with_the_first_ones(qtbot, window):
    aid = window.current_id
    text = window.library.get(aid).body
    with window.library.transaction() as db:  # as a library restored before the cap could hold
        db.executemany(
            "INSERT INTO highlights (article_id, quote, prefix, suffix, start, color, note, created_at,"
            " updated_at) VALUES (?, ?, '', '', ?, 'yellow', 'n', 'x', 'x')",
            [(aid, text[:3], (i * 7) % len(text)) for i in range(20_000)])
    window.render_current()
    assert window.notes.highlight_list.count() == MAX_HIGHLIGHTS_PER_ARTICLE
    assert text[:3] in window.reader.plain_text() and window.reader.highlight_ranges


def test_the_window_restores_a_backup_and_refuses_a_json_that_is_not_one(qtbot, window, tmp_path):
    from viewer.core.store.backup import build_backup, dumps

    other = tmp_path / "other.sqlite"
    with Library(other) as lib:
        add(lib, "해솔시 꽃 축제 개막", "해솔시가 봄꽃 축제를 열었다고 밝혔다.")
        backup = tmp_path / "backup.json"
        backup.write_text(dumps(build_backup(lib)), encoding="utf-8")
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"articles": "not a backup"}', encoding="utf-8")
    before = window.library.count()
    task = window.import_paths([bogus])
    qtbot.waitUntil(lambda: not task.running, timeout=30000)
    assert window.library.count() == before
    rows = window.last_report.rows()
    assert len(rows) == 1 and rows[0][0].endswith("bogus.json") and "backup" in rows[0][1]
    task = window.import_paths([backup])
    said: list[str] = []
    task.finished.connect(lambda _r: said.append(window.status_label.text()))  # before analysis speaks
    qtbot.waitUntil(lambda: any("해솔시" in t for t in window.article_titles()), timeout=30000)
    assert window.library.count() == before + 1
    assert said and "1 articles restored" in said[0]
