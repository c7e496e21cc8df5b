"""The Trash: deleting articles with a way back.

A deleted article leaves the articles table at once, with its note, highlights, tags and mentions
(so the list, search, the Index's counts and exports follow without knowing of the Trash), and is
kept in the `trash` table as its backup record (backup.article_record) with the entities it
mentions. Restoring runs that record through the backup's own validation and restore, so a
restored article is exactly what a backup would have brought back. Articles deleted together
form a batch: Undo restores the last batch. Emptying the Trash forgets the records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from viewer.core.store.backup import (
    BackupError,
    RestoreReport,
    _Restorer,
    article_record,
    entity_records,
)
from viewer.core.store.backup_schema import BACKUP_FORMAT, BACKUP_VERSION, Invalid, validate
from viewer.core.store.library import LAST_ARTICLE, Library, now_iso


@dataclass
class TrashEntry:
    """One article in the Trash, as the Trash view lists it."""

    id: int  # the Trash's own number for it
    batch: int  # articles deleted together share one (Undo restores the last)
    article_id: int  # its id when it was deleted
    title: str
    source: str | None
    deleted_at: str


def move_to_trash(library: Library, article_ids: Iterable[int]) -> int:
    """Move these articles to the Trash in one transaction; return how many went.

    Ids that are not in the library are skipped.
    """
    ids = list(dict.fromkeys(article_ids))
    moved = 0
    with library.transaction() as db:
        batch = (db.execute("SELECT MAX(batch) FROM trash").fetchone()[0] or 0) + 1
        stamp = now_iso()
        for article_id in ids:
            try:
                record = article_record(library, article_id)
            except KeyError:
                continue
            entities = entity_records(library, (m["entity"] for m in record["mentions"]))
            db.execute(
                "INSERT INTO trash (batch, article_id, title, source, deleted_at, record)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (batch, article_id, record["title"], record["source"], stamp,
                 json.dumps({"article": record, "entities": entities}, ensure_ascii=False)))
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            moved += 1
        db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")
        last = library.setting(LAST_ARTICLE)
        if last and last.isdigit() and int(last) in ids:
            db.execute("DELETE FROM settings WHERE key = ?", (LAST_ARTICLE,))
    return moved


def trash_entries(library: Library) -> list[TrashEntry]:
    """What the Trash holds, most recently deleted first."""
    rows = library._db.execute(
        "SELECT id, batch, article_id, title, source, deleted_at FROM trash ORDER BY id DESC")
    return [TrashEntry(*r) for r in rows]


def trash_count(library: Library) -> int:
    return library._db.execute("SELECT COUNT(*) FROM trash").fetchone()[0]


def last_batch(library: Library) -> list[int]:
    """The Trash entries deleted last, together (what Undo brings back)."""
    rows = library._db.execute(
        "SELECT id FROM trash WHERE batch = (SELECT MAX(batch) FROM trash) ORDER BY id")
    return [r[0] for r in rows]


def restore_from_trash(library: Library, entry_ids: Iterable[int] | None = None) -> list[int]:
    """Put Trash entries back in the library (all when None); return the articles' ids now.

    An article whose text came into the library again meanwhile is merged with it (its note and
    highlights join the library's copy), as a backup restore would.
    """
    wanted = None if entry_ids is None else list(dict.fromkeys(entry_ids))
    rows = library._db.execute("SELECT id, record FROM trash ORDER BY id").fetchall()
    if wanted is not None:
        keep = set(wanted)
        rows = [r for r in rows if r[0] in keep]
    if not rows:
        return []
    records = [json.loads(r[1]) for r in rows]
    entities: dict[int, dict] = {}
    for rec in records:
        for e in rec["entities"]:
            entities.setdefault(e["id"], e)
    # Each record keeps the id it had; two trashed articles may have had the same one (an id is
    # reused once its article is gone), so the backup document numbers them afresh.
    articles = [{**rec["article"], "id": n} for n, rec in enumerate(records, 1)]
    doc = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "articles": articles,
           "entities": list(entities.values())}
    try:
        normalised = validate(doc)
    except Invalid as exc:  # written by this app, so only a damaged file gets here
        raise BackupError(f"the Trash: {exc}") from None
    restorer = _Restorer(library, RestoreReport(Path("trash")), "the Trash")
    restored = []
    with library.transaction() as db:
        restorer.run({**normalised, "articles": []})  # the entities first
        for n, (rec, article) in enumerate(zip(records, normalised["articles"], strict=True), 1):
            article["id"] = rec["article"]["id"]  # kept where it is still free
            restorer.report.id_map.clear()
            restorer.article(n, article)
            restored.append(restorer.report.id_map[article["id"]])
        db.executemany("DELETE FROM trash WHERE id = ?", [(r[0],) for r in rows])
    return restored


def undo_last_delete(library: Library) -> list[int]:
    """Restore the articles deleted last; return their ids ([] when the Trash is empty)."""
    return restore_from_trash(library, last_batch(library))


def empty_trash(library: Library, entry_ids: Iterable[int] | None = None) -> int:
    """Forget Trash entries for good (all when None); return how many."""
    with library.transaction() as db:
        if entry_ids is None:
            return db.execute("DELETE FROM trash").rowcount
        return sum(db.execute("DELETE FROM trash WHERE id = ?", (i,)).rowcount for i in entry_ids)
