"""Keeping a library in order: tags, the Inbox and the Archive, and metadata the user edits.

Part of the Library (a mixin, like Annotations): every method writes in one transaction and
raises ValueError with a one-line message for input it refuses, changing nothing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime

from viewer.core.model import EDITABLE_FIELDS, UNTITLED, cleaned_columns, split_authors
from viewer.core.store.annotations import now_iso
from viewer.core.text.urls import normalise_url, site_of

MAX_TAG_CHARS = 60
MAX_FIELD_CHARS = {"title": 500, "source": 200, "author": 500, "published": 40, "url": 2000}
_SPACES = re.compile(r"\s+")
# A date the reader can sort by: a day, or a day and a time (what the cleaner stores).
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?")


def normal_tag(text: str) -> str:
    """A tag's text as stored: spaces collapsed, a leading # dropped (possibly nothing left)."""
    return _SPACES.sub(" ", str(text)).strip().lstrip("#").strip()


def tag_name(text: str) -> str:
    """A tag as stored (normal_tag); ValueError if nothing is left, it is too long or has a comma."""
    name = normal_tag(text)
    if not name:
        raise ValueError("a tag needs a name")
    if len(name) > MAX_TAG_CHARS:
        raise ValueError(f"a tag is at most {MAX_TAG_CHARS} characters")
    if "," in name:
        raise ValueError(f"a tag cannot hold a comma: {name!r}")
    return name


def check_published(text: str) -> str:
    """A publication date as stored (YYYY-MM-DD, optionally with HH:MM), or ValueError."""
    value = text.strip().replace("T", " ")
    if not _DATE.fullmatch(value):
        raise ValueError(f"not a date: {text!r} (write it as YYYY-MM-DD, optionally with HH:MM)")
    try:
        if len(value) > 10:
            datetime.fromisoformat(value)
        else:
            date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date: {text!r}") from None
    return value


class Organising:
    """Tags, states and edited metadata (mixed into Library, which provides _db and transaction)."""

    _db: sqlite3.Connection

    # --- tags ------------------------------------------------------------------------------

    def tags_of(self, article_id: int) -> list[str]:
        rows = self._db.execute(
            "SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?"
            " ORDER BY t.name COLLATE NOCASE", (article_id,))
        return [r[0] for r in rows]

    def tags_by_article(self, article_ids: list[int] | None = None) -> dict[int, list[str]]:
        """The tags of these articles (None: of every tagged one), for the list's rows."""
        out: dict[int, list[str]] = {}
        where, args = "", []
        if article_ids is not None:  # a page of the list: at most SQLite's 999 parameters
            where, args = f" WHERE x.article_id IN ({', '.join('?' * len(article_ids))})", article_ids
            if not article_ids:
                return out
        for article_id, name in self._db.execute(
                "SELECT x.article_id, t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id"
                f"{where} ORDER BY t.name COLLATE NOCASE", args):
            out.setdefault(article_id, []).append(name)
        return out

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag with the number of articles it is on, by name."""
        rows = self._db.execute(
            "SELECT t.name, COUNT(x.article_id) FROM tags t LEFT JOIN article_tags x ON x.tag_id = t.id"
            " GROUP BY t.id ORDER BY t.name COLLATE NOCASE")
        return [(r[0], r[1]) for r in rows]

    def _tag_id(self, name: str) -> int:
        row = self._db.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
        if row:
            return row[0]
        return int(self._db.execute("INSERT INTO tags (name) VALUES (?)", (name,)).lastrowid)

    def tag_articles(self, article_ids: Iterable[int], add: Iterable[str] = (),
                     remove: Iterable[str] = ()) -> int:
        """Add and remove tags on these articles; return how many articles exist among them.

        A tag no article carries any longer is forgotten (the sidebar lists only tags in use).
        """
        add_names = [tag_name(t) for t in add]
        remove_names = [tag_name(t) for t in remove]
        ids = list(dict.fromkeys(article_ids))
        with self.transaction() as db:
            found = [i for i in ids if db.execute("SELECT 1 FROM articles WHERE id = ?", (i,)).fetchone()]
            for name in add_names:
                tag_id = self._tag_id(name)
                db.executemany("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                               [(i, tag_id) for i in found])
            for name in remove_names:
                db.executemany(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag_id IN"
                    " (SELECT id FROM tags WHERE name = ?)", [(i, name) for i in found])
            self._forget_unused_tags()
        return len(found)

    def _forget_unused_tags(self) -> None:
        self._db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM article_tags)")

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag on every article (into an existing tag: the two become one); return how
        many articles carry it now. KeyError if no article has `old`."""
        old_name, new_name = tag_name(old), tag_name(new)
        with self.transaction() as db:
            row = db.execute("SELECT id FROM tags WHERE name = ?", (old_name,)).fetchone()
            if row is None:
                raise KeyError(old_name)
            old_id = row[0]
            other = db.execute("SELECT id FROM tags WHERE name = ? AND id != ?",
                               (new_name, old_id)).fetchone()
            if other is None:
                db.execute("UPDATE tags SET name = ? WHERE id = ?", (new_name, old_id))
                target = old_id
            else:
                target = other[0]
                db.execute("INSERT OR IGNORE INTO article_tags (article_id, tag_id)"
                           " SELECT article_id, ? FROM article_tags WHERE tag_id = ?", (target, old_id))
                db.execute("DELETE FROM tags WHERE id = ?", (old_id,))
            return db.execute("SELECT COUNT(*) FROM article_tags WHERE tag_id = ?", (target,)).fetchone()[0]

    def remove_tag(self, name: str) -> int:
        """Take a tag off every article; return how many carried it."""
        with self.transaction() as db:
            row = db.execute("SELECT id FROM tags WHERE name = ?", (tag_name(name),)).fetchone()
            if row is None:
                return 0
            n = db.execute("DELETE FROM article_tags WHERE tag_id = ?", (row[0],)).rowcount
            db.execute("DELETE FROM tags WHERE id = ?", (row[0],))
            return n

    # --- Inbox and Archive -----------------------------------------------------------------

    def set_archived(self, article_ids: Iterable[int], archived: bool = True) -> None:
        """Move articles to the Archive (or back to the Inbox); archiving keeps its first date."""
        ids = list(article_ids)
        with self.transaction() as db:
            if archived:
                stamp = now_iso()
                db.executemany("UPDATE articles SET archived_at = COALESCE(archived_at, ?) WHERE id = ?",
                               [(stamp, i) for i in ids])
            else:
                db.executemany("UPDATE articles SET archived_at = NULL WHERE id = ?", [(i,) for i in ids])

    def set_read_many(self, article_ids: Iterable[int], read: bool = True) -> None:
        with self.transaction() as db:
            db.executemany("UPDATE articles SET is_read = ? WHERE id = ?",
                           [(int(read), i) for i in article_ids])

    # --- editing metadata ------------------------------------------------------------------

    def edit_article(self, article_id: int, **values: str | list[str] | None) -> list[str]:
        """Set metadata fields (EDITABLE_FIELDS; `author` may be a list); return the fields changed.

        Each field set is marked edited, so that cleaning the article again keeps it. An empty
        source, author, date or address clears it; the title cannot be empty.
        """
        unknown = sorted(set(values) - set(EDITABLE_FIELDS))
        if unknown:
            raise ValueError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE_FIELDS)})")
        clean: dict[str, str | None] = {}
        for key, value in values.items():
            if isinstance(value, list | tuple):
                value = ", ".join(dict.fromkeys(a for v in value for a in split_authors(_one_line(v))))
            text = _one_line(value or "")
            if len(text) > MAX_FIELD_CHARS[key]:
                raise ValueError(f"the {key} is at most {MAX_FIELD_CHARS[key]} characters")
            if key == "title" and (not text or text == UNTITLED):
                raise ValueError("the title cannot be empty")
            if key == "published" and text:
                text = check_published(text)
            if key == "url" and text and not re.match(r"https?://[^\s/]+", text, re.IGNORECASE):
                raise ValueError(f"not a web address: {text!r} (it starts with http:// or https://)")
            if key == "author" and text:
                text = ", ".join(split_authors(text))
            clean[key] = text or None
        with self.transaction() as db:
            row = db.execute(f"SELECT {', '.join(EDITABLE_FIELDS)}, edited FROM articles WHERE id = ?",
                             (article_id,)).fetchone()
            if row is None:
                raise KeyError(article_id)
            changed = [k for k, v in clean.items() if row[k] != v]
            edited = list(dict.fromkeys(json.loads(row["edited"]) + list(clean)))
            sets = {k: clean[k] for k in changed}
            if "url" in sets:
                sets["url_key"] = normalise_url(sets["url"]) if sets["url"] else None
                sets["site"] = site_of(sets["url"]) if sets["url"] else None
            if "title" in clean:
                sets["title_derived"] = 0  # the user chose it: no longer made from the first sentence
            sets["edited"] = json.dumps(edited)
            db.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                       [*sets.values(), article_id])
            if "title" in changed:
                # the title's names index the old title: find them again (analysis runs on version 0)
                db.execute("DELETE FROM mentions WHERE article_id = ? AND field = 'title'", (article_id,))
                db.execute("UPDATE articles SET analyzer_version = 0 WHERE id = ?", (article_id,))
        return changed

    def store_recleaned(self, article_id: int, cleaned) -> bool:
        """Store an article cleaned again (a CleanedArticle), keeping the fields the user edited;
        return whether anything changed. Changed text drops the names found in it (they are
        found again: analyzer version 0)."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise KeyError(article_id)
            edited = set(json.loads(row["edited"]))
            values = cleaned_columns(cleaned)
            if "title" in edited:
                values.pop("title_derived")
            sets = {k: v for k, v in values.items() if k not in edited and row[k] != v}
            if not sets:
                return False
            if {"title", "deck", "body"} & set(sets):
                # the names index the old text; analysis (version 0) finds them all again
                sets["analyzer_version"] = 0
                db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
            db.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                       [*sets.values(), article_id])
            if "deck" in sets:  # the deck is searched with the title (no trigger watches it)
                db.execute("INSERT OR IGNORE INTO search_dirty (article_id) VALUES (?)", (article_id,))
            return True

    def edited_fields(self, article_id: int) -> list[str]:
        row = self._db.execute("SELECT edited FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(row[0]) if row else []


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", str(text)).strip()
