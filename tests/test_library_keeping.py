"""Keeping a library: the Trash and Undo, edited metadata, tags, Inbox/Archive — core and CLI."""

import json
import sqlite3

import pytest

from viewer.cli import main as cli
from viewer.core.analysis import analyze_articles
from viewer.core.anchoring import make_selector
from viewer.core.ingest.pipeline import import_file
from viewer.core.ingest.reclean import clean_again
from viewer.core.store import trash
from viewer.core.store.backup import build_backup, dumps, restore_backup
from viewer.core.store.library import Library
from viewer.core.store.schema import MIGRATIONS
from viewer.core.store.search import SearchFilters, entity_index, filter_articles, search

TEXTS = {
    "harbor": ("목포항 야간 하역 재개\n[누리일보 한서연 기자] 목포항에서 야간 하역이 다시 시작됐다. "
               "목포시는 인력을 늘렸다고 밝혔다.\n항만 업계는 반겼다.\n"),
    "forest": ("서울 도심에 작은 숲\n[한빛경제 김하늘 기자] 서울에서 도심 숲 조성 사업이 시작됐다. "
               "시민들은 산책로를 반겼다.\n사업은 내년까지 이어진다.\n"),
    "robots": ("Warehouse Robots Slow Down\nBy Jane Doe\nRobots in the warehouse now move at walking pace. "
               "Operators in Rotterdam say robotic helpers are safer.\nThe pilot runs until spring.\n"),
}


@pytest.fixture
def lib(library, tmp_path):
    ids = {}
    for name, text in TEXTS.items():
        f = tmp_path / f"{name}.txt"
        f.write_text(text, encoding="utf-8")
        ids[name] = import_file(library, f).article_id
    library.ids = ids
    return library


def titles(lib):
    return [s.title for s in lib.summaries("title")]


def mentioned(lib, name):
    return {s.canonical: s.articles for s in entity_index(lib)}.get(name, 0)


# --- the Trash ---------------------------------------------------------------------------------

def test_delete_moves_to_trash_with_everything_and_restore_brings_it_all_back(lib):
    aid = lib.ids["harbor"]
    body = lib.get(aid).body
    lib.set_note(aid, "야간 하역 메모")
    quote = "야간 하역이 다시 시작됐다"
    lib.add_highlight(aid, make_selector(body, body.index(quote), body.index(quote) + len(quote)), "green",
                      note="중요")
    lib.tag_articles([aid], add=["항만"])
    lib.set_archived([aid])
    assert search(lib, "하역") and mentioned(lib, "목포항") == 1

    assert trash.move_to_trash(lib, [aid]) == 1
    assert lib.get(aid) is None and "목포항 야간 하역 재개" not in titles(lib)
    assert [h.article_id for h in search(lib, "하역")] == []  # the search index followed
    assert mentioned(lib, "목포항") == 0  # and the Index's counts
    assert lib.all_tags() == []  # a tag no article carries is not listed
    assert [t.title for t in trash.trash_entries(lib)] == ["목포항 야간 하역 재개"]

    (back,) = trash.restore_from_trash(lib, [trash.trash_entries(lib)[0].id])
    article = lib.get(back)
    assert article.title == "목포항 야간 하역 재개" and article.body == body
    assert lib.note(back) == "야간 하역 메모"
    assert [(h.selector.quote, h.color, h.note) for h in lib.highlights(back)] == [(quote, "green", "중요")]
    assert article.tags == ["항만"] and article.state == "archive"
    assert [h.article_id for h in search(lib, "하역")] == [back]
    assert mentioned(lib, "목포항") == 1
    assert trash.trash_entries(lib) == []


def test_empty_trash_forgets_for_good(lib):
    trash.move_to_trash(lib, [lib.ids["harbor"], lib.ids["forest"]])
    assert trash.trash_count(lib) == 2
    assert trash.empty_trash(lib) == 2
    assert trash.trash_entries(lib) == [] and trash.restore_from_trash(lib) == []
    assert lib.count() == 1


def test_undo_restores_the_last_delete_only(lib):
    trash.move_to_trash(lib, [lib.ids["harbor"]])
    trash.move_to_trash(lib, [lib.ids["forest"], lib.ids["robots"]])
    restored = trash.undo_last_delete(lib)
    assert sorted(lib.get(i).title for i in restored) == ["Warehouse Robots Slow Down", "서울 도심에 작은 숲"]
    assert [t.title for t in trash.trash_entries(lib)] == ["목포항 야간 하역 재개"]
    assert trash.undo_last_delete(lib) and lib.count() == 3
    assert trash.undo_last_delete(lib) == []


def test_an_article_imported_again_while_in_the_trash_is_merged_on_restore(lib, tmp_path):
    aid = lib.ids["forest"]
    lib.set_note(aid, "first reading")
    trash.move_to_trash(lib, [aid])
    f = tmp_path / "again.txt"
    f.write_text(TEXTS["forest"], encoding="utf-8")
    again = import_file(lib, f).article_id
    (back,) = trash.undo_last_delete(lib)
    assert back == again and lib.count() == 3 and lib.note(again) == "first reading"


# --- editing metadata --------------------------------------------------------------------------

def test_edited_fields_survive_cleaning_again_and_analysis(lib):
    aid = lib.ids["robots"]
    before = lib.get(aid)
    changed = lib.edit_article(aid, title="Robots that take their time", source="Harbor Ledger",
                               author=["Jane Doe", "Min-ji Park"], published="2025-03-04")
    assert set(changed) == {"title", "source", "author", "published"}
    clean_again(lib, [aid])
    analyze_articles(lib, [aid])
    after = lib.get(aid)
    assert after.title == "Robots that take their time" and after.source == "Harbor Ledger"
    assert after.authors == ["Jane Doe", "Min-ji Park"] and after.published == "2025-03-04"
    assert after.body == before.body and after.analyzer_version > 0
    assert set(after.edited) == {"title", "source", "author", "published"}
    # fields not edited still follow the cleaner: clean again after spoiling one
    lib._db.execute("UPDATE articles SET body = 'spoiled' WHERE id = ?", (aid,))
    clean_again(lib, [aid])
    assert lib.get(aid).body == before.body and lib.get(aid).title == "Robots that take their time"


def test_a_bad_edit_changes_nothing(lib):
    aid = lib.ids["harbor"]
    before = lib.get(aid)
    for bad in ({"published": "next tuesday"}, {"published": "2025-02-30"}, {"title": "  "},
                {"url": "ftp://x"}, {"body": "x"}):
        with pytest.raises(ValueError):
            lib.edit_article(aid, **bad)
    assert lib.get(aid) == before


def test_a_derived_title_is_no_longer_derived_once_edited(lib):
    aid = lib.ids["forest"]
    lib._db.execute("UPDATE articles SET title_derived = 1 WHERE id = ?", (aid,))
    lib.edit_article(aid, title="도심 숲")
    assert not lib.get(aid).title_derived


# --- tags and states ----------------------------------------------------------------------------

def test_tags_filter_with_state_and_source_and_rename_merges(lib):
    h, f, r = lib.ids["harbor"], lib.ids["forest"], lib.ids["robots"]
    lib.tag_articles([h, f], add=["#local", "to read"])
    lib.tag_articles([r], add=["Local"])  # the same tag, whatever the case
    assert lib.all_tags() == [("local", 3), ("to read", 2)]
    paged = lib.summaries("title", limit=2) + lib.summaries("title", offset=2)  # as the list pages
    # one tag, named as first written
    assert {x.id: x.tags for x in paged} == {h: ["local", "to read"], f: ["local", "to read"], r: ["local"]}
    lib.set_archived([f])
    assert set(filter_articles(lib, SearchFilters(tags=["local"]))) == {h, f, r}
    assert filter_articles(lib, SearchFilters(tags=["local", "to read"], state="inbox")) == [h]
    assert filter_articles(lib, SearchFilters(tags=["local"], state="archive")) == [f]
    assert filter_articles(lib, SearchFilters(tags=["local"], source="누리일보")) == [h]
    assert [x.article_id for x in search(lib, "산책로", filters=SearchFilters(state="inbox"))] == []
    lib.rename_tag("to read", "local")
    assert lib.all_tags() == [("local", 3)]
    lib.tag_articles([h], remove=["LOCAL"])
    assert lib.tags_of(h) == [] and lib.tags_of(f) == ["local"]
    with pytest.raises(ValueError):
        lib.tag_articles([h], add=["  "])


# --- the backup round trip -------------------------------------------------------------------

def test_backup_round_trips_tags_states_edits_and_the_trash(lib, tmp_path):
    h, f, r = lib.ids["harbor"], lib.ids["forest"], lib.ids["robots"]
    lib.tag_articles([h], add=["항만", "to read"])
    lib.set_archived([h])
    lib.edit_article(h, title="목포항, 밤에도 일한다", author=["한서연"], published="2025-04-01 09:30")
    lib.set_note(r, "robot note")
    trash.move_to_trash(lib, [r])
    path = tmp_path / "backup.json"
    path.write_text(dumps(build_backup(lib)), encoding="utf-8")

    other = Library(tmp_path / "other.sqlite")
    report = restore_backup(other, path)
    assert report.trashed == 1
    a, b = other.get(report.id_map[h]), lib.get(h)
    for name in ("title", "author", "published", "source", "tags", "edited", "archived_at", "body"):
        assert getattr(a, name) == getattr(b, name), name
    assert other.get(report.id_map[f]).state == "inbox" and other.get(report.id_map[f]).tags == []
    assert [t.title for t in trash.trash_entries(other)] == ["Warehouse Robots Slow Down"]
    (back,) = trash.restore_from_trash(other)
    assert other.note(back) == "robot note"
    # restoring the same backup again duplicates nothing, the Trash included
    restore_backup(other, path)
    assert other.count() == 3 and trash.trash_count(other) == 0
    other.close()


def test_a_library_of_the_previous_schema_is_upgraded_with_its_articles(tmp_path, lib):
    path = lib.path
    lib.close()
    db = sqlite3.connect(path)
    db.executescript("""
        DROP TABLE trash; DROP TABLE article_tags; DROP TABLE tags;
        DROP INDEX articles_list; DROP INDEX articles_by_imported; DROP INDEX articles_by_title;
        DROP INDEX articles_by_source; DROP INDEX articles_analyzer; DROP INDEX articles_source;
        DROP INDEX mentions_entity_article;
        ALTER TABLE articles DROP COLUMN archived_at; ALTER TABLE articles DROP COLUMN edited;
    """)
    db.executescript(MIGRATIONS[5] + MIGRATIONS[6] + "PRAGMA user_version = 9;")  # schema 9's indexes
    db.close()
    again = Library(path)
    assert again.schema_version >= 10 and again.count() == 3
    assert all(s.tags == [] and not s.archived for s in again.summaries())
    again.close()


# --- the command line --------------------------------------------------------------------------

def run(capsys, *args):
    code = cli(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_delete_restore_empty(lib, capsys):
    p = str(lib.path)
    h = lib.ids["harbor"]
    assert run(capsys, "--library", p, "delete", str(h))[0] == 0
    code, out, _ = run(capsys, "--library", p, "list", "--trash")
    assert "목포항 야간 하역 재개" in out
    assert "목포항" not in run(capsys, "--library", p, "list")[1]
    code, out, _ = run(capsys, "--library", p, "restore")
    assert code == 0 and "1 restored" in out
    assert "목포항 야간 하역 재개" in run(capsys, "--library", p, "list")[1]
    code, _, err = run(capsys, "--library", p, "delete", "999")
    assert code == 1 and "no article #999" in err and lib.count() == 3
    run(capsys, "--library", p, "delete", str(h))
    code, out, _ = run(capsys, "--library", p, "empty-trash", "--yes")
    assert code == 0 and "1 deleted for good" in out and trash.trash_count(lib) == 0


def test_cli_edit_tag_archive_and_list_filters(lib, capsys):
    p = str(lib.path)
    h, f = lib.ids["harbor"], lib.ids["forest"]
    code, out, _ = run(capsys, "--library", p, "edit", str(h), "--title", "목포항의 밤", "--author", "한서연",
                       "--author", "김하늘", "--published", "2025-04-01")
    assert code == 0 and lib.get(h).title == "목포항의 밤" and lib.get(h).authors == ["한서연", "김하늘"]
    code, _, err = run(capsys, "--library", p, "edit", str(h), "--published", "어제")
    assert code == 2 and "not a date" in err and lib.get(h).published == "2025-04-01"
    assert run(capsys, "--library", p, "tag", str(h), str(f), "+항만", "+to-read")[0] == 0
    assert run(capsys, "--library", p, "tag", str(f), "-항만")[0] == 0
    assert lib.tags_of(h) == ["to-read", "항만"] and lib.tags_of(f) == ["to-read"]
    run(capsys, "--library", p, "archive", str(f))
    out = run(capsys, "--library", p, "list", "--tag", "to-read", "--state", "archive", "--json")[1]
    assert [json.loads(line)["id"] for line in out.splitlines()] == [f]
    out = run(capsys, "--library", p, "list", "--tag", "항만")[1]
    assert "목포항의 밤" in out and "#항만" in out and "서울" not in out
    code, out, _ = run(capsys, "--library", p, "tag", "--rename", "to-read", "later")
    assert code == 0 and lib.tags_of(f) == ["later"]


def test_a_hostile_backup_trash_or_tags_is_refused_whole(lib, tmp_path):
    from viewer.core.store.backup import BackupError

    trash.move_to_trash(lib, [lib.ids["robots"]])
    lib.tag_articles([lib.ids["harbor"]], add=["항만"])
    doc = build_backup(lib)
    before = (lib.count(), trash.trash_count(lib), lib.all_tags())
    cases = {
        "trash mention of no entity": lambda d: d["trash"][0]["article"]["mentions"].append(
            {"entity": 999_999, "field": "body", "start": 0, "end": 1, "text": "W"}),
        "trash without its article": lambda d: d["trash"][0].pop("article"),
        "a tag that is a number": lambda d: d["articles"][0].update(tags=[5]),
        "an empty tag": lambda d: d["articles"][0].update(tags=["  "]),
        "an edited field that is not one": lambda d: d["articles"][0].update(edited=["body"]),
        "too many tags": lambda d: d["articles"][0].update(tags=[f"t{i}" for i in range(5000)]),
    }
    other = Library(tmp_path / "other.sqlite")
    for name, spoil in cases.items():
        bad = json.loads(dumps(doc))
        spoil(bad)
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(BackupError) as info:
            restore_backup(other, path)
        assert "\n" not in str(info.value), name
        assert other.count() == 0 and trash.trash_count(other) == 0 and other.all_tags() == [], name
    assert (lib.count(), trash.trash_count(lib), lib.all_tags()) == before
    other.close()


def test_a_version_1_backup_still_restores(lib, tmp_path):
    doc = build_backup(lib)
    doc["version"] = 1
    for a in doc["articles"]:
        a.pop("tags", None)
    path = tmp_path / "v1.json"
    path.write_text(dumps(doc), encoding="utf-8")
    other = Library(tmp_path / "other.sqlite")
    assert restore_backup(other, path).articles_added == 3
    other.close()


def test_cleaning_again_keeps_restored_blocks_and_removed_paragraphs(library, tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text("목포항 야간 하역 재개\n[누리일보 한서연 기자] 목포항에서 야간 하역이 다시 시작됐다.\n"
                 "항만 업계는 반겼다. 하역 업체들은 인력을 더 뽑기로 했다.\n"
                 "지역 상인들도 밤 시간 손님이 늘 것으로 기대했다.\n"
                 "한서연 기자 hsy@nuri.example\n", encoding="utf-8")
    aid = import_file(library, f).article_id
    article = library.get(aid)
    byline = next(i for i, b in enumerate(article.removed) if "hsy@" in b.text)
    library.restore_removed(aid, byline)
    body = library.get(aid).body.split("\n\n")
    gone = next(i for i, p in enumerate(body) if p.startswith("항만 업계는"))
    library.remove_paragraph(aid, gone)
    kept = library.get(aid)
    clean_again(library, [aid])
    again = library.get(aid)
    assert again.body == kept.body
    assert "hsy@nuri.example" in again.body and "항만 업계는" not in again.body
    assert [(b.text, b.rule, b.position, b.restored) for b in again.removed] == [
        (b.text, b.rule, b.position, b.restored) for b in kept.removed]
