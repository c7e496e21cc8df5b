"""The article library: one SQLite file with a versioned schema."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from viewer.core.limits import MAX_MENTIONS_PER_ARTICLE
from viewer.core.model import (
    UNTITLED,
    Article,
    ArticleSummary,
    CleanedArticle,
    ImportedDocument,
    RemovedBlock,
    cleaned_columns,
)

# Highlight, HighlightLimit, NoteConflict and now_iso are part of the library's API (defined beside the
# annotation methods that use them).
from viewer.core.store.annotations import (  # noqa: F401
    Annotations,
    Highlight,
    HighlightLimit,
    NoteConflict,
    now_iso,
)
from viewer.core.store.organise import Organising
from viewer.core.store.schema import APPLICATION_ID, MIGRATIONS, OUR_TABLES, SCHEMA_VERSION, statements
from viewer.core.text.hashing import content_hash  # noqa: F401 - part of the store's API
from viewer.core.text.shapes import HANGUL_SYLLABLE, article_language
from viewer.core.text.urls import normalise_url, site_of

APP_NAME = "article-viewer"
LIBRARY_FILE = "library.sqlite"
# Keys of a library's own settings table (window settings are declared in viewer/ui/settings.py).
SAMPLES_OFFERED = "samples_offered"  # when the sample articles were imported (first launch)
LAST_ARTICLE = "last_article"  # id of the article read last
EXPORT_FOLDER = "export_folder"  # where the last export went
LIBRARY_SETTINGS = (SAMPLES_OFFERED, LAST_ARTICLE, EXPORT_FOLDER)

class LibraryError(Exception):
    """The library file cannot be used (newer schema, not a library, unreadable)."""


class LibraryMissing(LibraryError):
    """There is no library at the path, and the caller only reads."""


@dataclass
class Mention:
    """One stored occurrence of an entity in an article's title or body."""

    entity_id: int
    type: str
    canonical: str
    text: str
    field: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "type": self.type, "field": self.field, "start": self.start,
                "end": self.end, "canonical": self.canonical}


@dataclass
class ImportOutcome:
    path: str
    status: str  # "added", "duplicate", "restored" (a backup) or "failed"
    article_id: int | None = None
    message: str = ""
    title: str = ""


def default_library_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / LIBRARY_FILE


def unwritable_reason(path: Path) -> str:
    """Why an existing library file cannot be written here, or "" if it can."""
    if not os.access(path, os.W_OK):
        return "the library file is read-only"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "the library's folder is read-only"
    return ""


def _disk_full(path: Path) -> str:
    """"the disk is full …" when the library's file system has (almost) no room left, else ""."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        return ""
    if free >= 1024 * 1024:
        return ""
    return f"the disk is full ({free // 1024} KB free); free some space and try again"


ARTICLE_COLUMNS = ("id", "content_hash", "title", "deck", "source", "author", "published", "body", "removed",
                   "raw", "fmt", "encoding", "path", "imported_at", "is_read", "position", "analyzer_version",
                   "url", "url_key", "site", "title_derived", "updated", "archived_at", "edited")


class Library(Annotations, Organising):
    """One library file. Use one object per thread; SQLite's WAL lets several share the file."""

    def __init__(self, path: Path | str | None = None, read_only: bool = False,
                 create: bool = True) -> None:
        """Open (or, unless read_only or not create, make) a library.

        A file this app did not make is refused untouched. A library that cannot be written
        (the file or its folder is read-only) is opened read-only: `read_only_reason` says why.
        """
        self.path = Path(path) if path is not None else default_library_path()
        self.read_only = read_only
        self.read_only_reason = "it is open in another window" if read_only else ""
        self.backup_path: Path | None = None
        exists = self.path.exists()
        if exists and not self.path.is_file():
            raise LibraryError(f"{self.path}: not a library file (a folder or a device)")
        if not exists and (read_only or not create):
            raise LibraryMissing(f"{self.path}: no library here (check the path; import something to"
                                 " make one)")
        if not read_only and exists:
            reason = unwritable_reason(self.path)
            if reason:
                self.read_only, self.read_only_reason = True, reason
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect()
            self._check_ours()
            if self.read_only:
                if self.schema_version != SCHEMA_VERSION:
                    raise LibraryError(f"{self.path}: needs upgrading, and it can only be read here"
                                       f" ({self.read_only_reason})")
                return
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                self._db.execute("PRAGMA journal_mode = DELETE")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            full = _disk_full(self.path)
            if full:
                raise LibraryError(f"{self.path}: cannot be opened: {full}") from None
            raise LibraryError(f"{self.path}: not a usable library ({exc})") from None
        except LibraryError:
            self._close_quietly()
            raise

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            if not os.access(self.path.parent, os.W_OK):
                # SQLite cannot make its shared-memory file beside the library: read it as a file
                # nobody changes (true while the folder is read-only: nobody can write it either).
                uri += "&immutable=1"
            db = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)
        else:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        return db

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:
                pass

    def _check_ours(self) -> None:
        """Refuse, before anything is written, a database that is not an Article Viewer library."""
        app_id = self._db.execute("PRAGMA application_id").fetchone()[0]
        version = self.schema_version
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == APPLICATION_ID:
            if version < 0:
                raise LibraryError(f"{self.path}: not a library this app can read (schema {version})")
            return
        if app_id != 0:
            raise LibraryError(f"{self.path}: another program's database (application id {app_id:#x});"
                               " it was left untouched")
        if version == 0 and not tables:
            return  # a new, empty file
        if version < 0 or (version > 0 and not OUR_TABLES <= tables):
            raise LibraryError(f"{self.path}: not a library this app can read (schema {version});"
                               " it was left untouched")
        if version == 0:
            raise LibraryError(f"{self.path}: an SQLite database that is not an Article Viewer library;"
                               " it was left untouched")

    # --- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self):
        """All writes inside commit together or not at all."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, target: int = SCHEMA_VERSION) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.path}: made by a newer Article Viewer (schema {current}, this one knows"
                f" {SCHEMA_VERSION})"
            )
        if current >= target:
            if self._db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            return
        if current > 0:
            self.backup_path = self._backup(f"v{current}")
        for version in range(current, target):
            with self.transaction() as db:
                for statement in statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
        if self._db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _backup(self, label: str) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = self.path.with_name(f"{self.path.name}.{label}-{stamp}.bak")
        n = 1
        while dest.exists():
            dest = self.path.with_name(f"{self.path.name}.{label}-{stamp}-{n}.bak")
            n += 1
        target = sqlite3.connect(dest)
        try:
            self._db.backup(target)
        finally:
            target.close()
        return dest

    # --- settings --------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # --- articles --------------------------------------------------------------------------

    def insert_article(self, values: dict) -> int:
        """The one INSERT of an article row (import and restore both come here), inside the
        caller's transaction; columns not given take their defaults, an empty title is UNTITLED."""
        values = {**values, "title": values.get("title") or UNTITLED}
        if values.get("url"):  # the forms a duplicate is found by and the sidebar lists
            values["url_key"] = normalise_url(values["url"])
            values["site"] = site_of(values["url"])
        columns = [c for c in ARTICLE_COLUMNS if c in values]
        cur = self._db.execute(
            f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [values[c] for c in columns])
        return int(cur.lastrowid)

    def content_hashes(self) -> frozenset[str]:
        """The content hash of every stored article (to skip known files before analysing them)."""
        return frozenset(r[0] for r in self._db.execute("SELECT content_hash FROM articles"))

    def add_article(
        self,
        doc: ImportedDocument,
        cleaned: CleanedArticle,
        entities: list | None = None,
        analyzer_version: int = 0,
    ) -> tuple[int, bool]:
        """Store a cleaned document (and its entities); return (id, added).

        The same text, or the same web address, is a duplicate: (the stored one's id, False).
        """
        digest = content_hash(doc.raw)
        with self.transaction() as db:
            row = db.execute("SELECT id FROM articles WHERE content_hash = ?", (digest,)).fetchone()
            if row is None and doc.url:
                known = self.article_with_url(doc.url)
                row = (known,) if known is not None else None
            if row:
                return row[0], False
            article_id = self.insert_article({
                "content_hash": digest,
                **cleaned_columns(cleaned),
                "raw": doc.raw,
                "fmt": doc.fmt,
                "encoding": doc.encoding,
                "path": str(doc.path) if doc.path else None,
                "url": doc.url,
                "imported_at": now_iso(),
            })
            if entities is not None:
                self._store_entities(article_id, entities, analyzer_version)
            return article_id, True

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def summaries(self, order: str = "imported", offset: int = 0,
                  limit: int | None = None) -> list[ArticleSummary]:
        """The articles' list entries (without bodies) in this order; a page of them if asked."""
        order_by = {
            "imported": "imported_at DESC, id DESC",
            "published": "COALESCE(published, imported_at) DESC, id DESC",
            "title": "title COLLATE NOCASE, id",
            "source": "source COLLATE NOCASE, id",
        }[order]
        rows = self._db.execute(
            "SELECT id, title, source, author, published, imported_at, is_read, url, archived_at"
            f" FROM articles ORDER BY {order_by} LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        rows = rows.fetchall()
        tags = self.tags_by_article([r[0] for r in rows] if len(rows) <= 900 else None)
        return [
            ArticleSummary(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8] is not None,
                           tags.get(r[0], []))
            for r in rows
        ]

    def sources(self) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source COLLATE NOCASE")
        return [r[0] for r in rows]

    def sites(self) -> list[str]:
        """The sites the articles were captured from (host names), for the sidebar's filter."""
        rows = self._db.execute("SELECT DISTINCT site FROM articles WHERE site IS NOT NULL ORDER BY site")
        return [r[0] for r in rows]

    def article_with_url(self, url: str) -> int | None:
        """The stored article with this web address (compared as normalise_url does), if any."""
        row = self._db.execute("SELECT id FROM articles WHERE url_key = ? LIMIT 1",
                               (normalise_url(url),)).fetchone()
        return row[0] if row else None

    def article_ids(self) -> list[int]:
        return [r[0] for r in self._db.execute("SELECT id FROM articles ORDER BY id")]

    def get(self, article_id: int) -> Article | None:
        r = self._db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        return Article(
            id=r["id"],
            title=r["title"],
            body=r["body"],
            deck=json.loads(r["deck"]),
            removed=[RemovedBlock.from_dict(d) for d in json.loads(r["removed"])],
            source=r["source"],
            author=r["author"],
            published=r["published"],
            raw=r["raw"],
            fmt=r["fmt"],
            content_hash=r["content_hash"],
            imported_at=r["imported_at"],
            is_read=bool(r["is_read"]),
            position=r["position"],
            path=r["path"],
            url=r["url"],
            analyzer_version=r["analyzer_version"],
            title_derived=bool(r["title_derived"]),
            updated=r["updated"],
            archived_at=r["archived_at"],
            edited=json.loads(r["edited"]),
            tags=self.tags_of(article_id),
        )

    def set_read(self, article_id: int, read: bool = True) -> None:
        self._db.execute("UPDATE articles SET is_read = ? WHERE id = ?", (int(read), article_id))

    def set_position(self, article_id: int, position: float) -> None:
        self._db.execute("UPDATE articles SET position = ? WHERE id = ?", (position, article_id))

    def delete(self, article_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # --- entities --------------------------------------------------------------------------

    def store_entities(self, article_id: int, spans: list, analyzer_version: int) -> None:
        """Replace an article's mentions with an analyser's result, in one transaction."""
        with self.transaction():
            self._store_entities(article_id, spans, analyzer_version)

    def _store_entities(self, article_id: int, spans: list, analyzer_version: int) -> None:
        db = self._db
        db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        # An article of a million names is a data dump: its first ones are enough to read it by.
        for span in spans[:MAX_MENTIONS_PER_ARTICLE]:
            entity_id = self._entity_for(span)
            db.execute(
                'INSERT OR REPLACE INTO mentions (article_id, entity_id, field, start, "end", text)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                (article_id, entity_id, span.field, span.start, span.end, span.text),
            )
        db.execute("UPDATE articles SET analyzer_version = ? WHERE id = ?",
                   (analyzer_version, article_id))
        db.execute("DELETE FROM entities WHERE id NOT IN (SELECT DISTINCT entity_id FROM mentions)")

    def _entity_for(self, span) -> int:
        """The record this span names: found by canonical name or any alias of the same type."""
        db = self._db
        names = list(dict.fromkeys([span.canonical, span.text, *getattr(span, "aliases", [])]))
        marks = ",".join("?" * len(names))
        row = db.execute(
            "SELECT id FROM entities WHERE type = ? AND canonical = ?", (span.type, span.canonical)
        ).fetchone() or db.execute(
            f"SELECT e.id FROM entities e JOIN entity_aliases a ON a.entity_id = e.id"
            f" WHERE e.type = ? AND a.alias IN ({marks}) ORDER BY e.id LIMIT 1",
            (span.type, *names),
        ).fetchone()
        if row:
            entity_id = row[0]
        else:
            entity_id = db.execute(
                "INSERT INTO entities (type, canonical) VALUES (?, ?)", (span.type, span.canonical)
            ).lastrowid
        db.executemany(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
            [(entity_id, n) for n in names],
        )
        return int(entity_id)

    def mentions(self, article_id: int) -> list[Mention]:
        """An article's stored entity mentions, in reading order (title first)."""
        rows = self._db.execute(
            'SELECT m.entity_id, e.type, e.canonical, m.text, m.field, m.start, m."end"'
            " FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?"
            " ORDER BY m.field DESC, m.start LIMIT ?",
            (article_id, MAX_MENTIONS_PER_ARTICLE),  # also for a library filled before the cap
        )
        mentions = [Mention(*r) for r in rows]
        if mentions:
            self._name_in_article_language(article_id, mentions)
        return mentions

    def _name_in_article_language(self, article_id: int, mentions: list[Mention]) -> None:
        """Show each entity under its name in the article's language: an entity first stored from
        a Korean article (`로테르담`) is `Rotterdam` in an English one, by the mention itself or an
        alias in that script."""
        row = self._db.execute("SELECT title || char(10) || substr(body, 1, 4000) FROM articles"
                               " WHERE id = ?", (article_id,)).fetchone()
        korean = article_language(row[0] if row else "") == "ko"
        aliases: dict[int, list[str]] = {}
        for m in mentions:
            if bool(HANGUL_SYLLABLE.search(m.canonical)) == korean:
                continue
            if bool(HANGUL_SYLLABLE.search(m.text)) == korean:
                m.canonical = m.text
                continue
            if m.entity_id not in aliases:
                aliases[m.entity_id] = [a for a in self.entity_aliases(m.entity_id)
                                        if bool(HANGUL_SYLLABLE.search(a)) == korean]
            if aliases[m.entity_id]:
                m.canonical = aliases[m.entity_id][0]

    def entity_aliases(self, entity_id: int) -> list[str]:
        rows = self._db.execute(
            "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (entity_id,))
        return [r[0] for r in rows]

    def titles(self, article_ids: list[int]) -> dict[int, str]:
        """Titles by id, without loading bodies."""
        out: dict[int, str] = {}
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self._db.execute(f"SELECT id, title FROM articles WHERE id IN ({marks})", chunk))
        return out

    def articles_mentioning(self, entity_id: int) -> list[int]:
        rows = self._db.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? ORDER BY article_id",
            (entity_id,),
        )
        return [r[0] for r in rows]

    def articles_needing_analysis(self, analyzer_version: int) -> list[int]:
        # Two ranges (not !=) so that SQLite uses the index instead of reading every row.
        rows = self._db.execute(
            "SELECT id FROM articles WHERE analyzer_version < ?1 OR analyzer_version > ?1",
            (analyzer_version,))
        return sorted(r[0] for r in rows)

    def articles_containing(self, text: str) -> list[int]:
        """Articles whose title or body holds this text (for re-analysis after a correction)."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE instr(title, ?) > 0 OR instr(body, ?) > 0 ORDER BY id",
            (text, text),
        )
        return [r[0] for r in rows]

    def corrections(self) -> dict[str, str | None]:
        """The user's entity corrections: surface form -> type, or None for "not an entity"."""
        return {r[0]: r[1] for r in self._db.execute("SELECT surface, type FROM entity_corrections")}

    def set_correction(self, surface: str, entity_type: str | None) -> None:
        self._db.execute(
            "INSERT INTO entity_corrections (surface, type, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(surface) DO UPDATE SET type = excluded.type, created_at = excluded.created_at",
            (surface, entity_type, now_iso()),
        )

    def remove_correction(self, surface: str) -> None:
        self._db.execute("DELETE FROM entity_corrections WHERE surface = ?", (surface,))
