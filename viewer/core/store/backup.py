"""The JSON backup format: everything in a library (or a scope of it), and restoring it into a library.

Highlights are W3C Web Annotations (TextQuoteSelector + TextPositionSelector); articles keep their
raw text, cleaned body and all metadata; entities and mentions are stored so that nothing needs
analysing again. A restore is one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from viewer import __version__
from viewer.core.anchoring import Selector
from viewer.core.limits import MAX_BACKUP_BYTES, MAX_HIGHLIGHTS_PER_ARTICLE, MAX_JSON_DEPTH
from viewer.core.store.backup_schema import ANNOTATION, BACKUP_FORMAT, BACKUP_VERSION, Invalid, validate
from viewer.core.store.library import LAST_ARTICLE, Highlight, Library, content_hash, now_iso
from viewer.core.text.decoding import UnreadFile, read_regular_file
from viewer.core.text.normalise import one_line
from viewer.core.text.urls import normalise_url, site_of

_MARKER = re.compile(r'"format"\s*:\s*"' + re.escape(BACKUP_FORMAT) + '"')

Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


class BackupError(ValueError):
    """A file that is not a usable backup; the message names the file and the reason."""


@dataclass
class RestoreReport:
    path: Path
    articles_added: int = 0
    articles_existing: int = 0  # same text (content hash) already in the library: merged, not duplicated
    articles_repeated: int = 0  # same text as an earlier article of the same backup: merged into it
    notes: int = 0
    highlights: int = 0
    entities: int = 0
    mentions: int = 0
    corrections: int = 0
    settings: int = 0
    trashed: int = 0  # articles put in the Trash (the backup's Trash)
    conflicts: list[str] = field(default_factory=list)  # backup data not applied, and why
    id_map: dict[int, int] = field(default_factory=dict)  # article id in the backup -> in the library

    def summary(self) -> str:
        text = f"{self.articles_added} articles restored, {self.articles_existing} already in the library"
        if self.articles_repeated:
            text += f", {self.articles_repeated} repeated in the backup (merged)"
        text += (f"; {self.notes} notes, {self.highlights} highlights, {self.corrections} corrections,"
                 f" {self.entities} entities")
        if self.trashed:
            text += f"; {self.trashed} in the Trash"
        if self.conflicts:
            text += f"; {len(self.conflicts)} kept as they were in the library"
        return text


# --- reading the library (small queries the Library API does not have yet) -------------------

def _article_extras(library: Library, article_id: int) -> sqlite3.Row:
    return library._db.execute(
        "SELECT encoding, analyzer_version FROM articles WHERE id = ?", (article_id,)).fetchone()


def _note_row(library: Library, article_id: int) -> sqlite3.Row | None:
    return library._db.execute(
        "SELECT text, updated_at FROM notes WHERE article_id = ?", (article_id,)).fetchone()


def _corrections(library: Library) -> list[sqlite3.Row]:
    return library._db.execute(
        "SELECT surface, type, created_at FROM entity_corrections ORDER BY surface").fetchall()


def _settings(library: Library) -> dict[str, str]:
    return {r[0]: r[1] for r in library._db.execute("SELECT key, value FROM settings ORDER BY key")}


# --- the annotation shape ---------------------------------------------------------------------

def highlight_to_annotation(h: Highlight) -> dict:
    """A highlight as a W3C Web Annotation (colour as an extension property)."""
    sel = h.selector
    body = []
    if h.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                     "value": h.note})
    return {
        "type": "Annotation",
        "id": f"urn:article-viewer:highlight:{h.id}",
        "motivation": "highlighting",
        "created": h.created_at,
        "modified": h.updated_at,
        "color": h.color,
        "body": body,
        "target": {
            "source": f"urn:article-viewer:article:{h.article_id}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": sel.quote, "prefix": sel.prefix,
                 "suffix": sel.suffix},
                {"type": "TextPositionSelector", "start": sel.start, "end": sel.start + len(sel.quote)},
            ],
        },
    }


def annotation_to_highlight(d: dict, article_id: int) -> Highlight:
    """The inverse of highlight_to_annotation; the id is 0 when the annotation has none of ours.

    Raises ValueError (backup_schema.Invalid) for anything that is not a sane annotation.
    """
    h = ANNOTATION.check(d, ("highlight",))
    return Highlight(id=h["id"], article_id=article_id,
                     selector=Selector(h["quote"], h["prefix"], h["suffix"], h["start"]),
                     color=h["color"], note=h["note"], created_at=h["created"], updated_at=h["modified"])


# --- writing a backup -------------------------------------------------------------------------

def article_record(library: Library, article_id: int) -> dict:
    """One article with its note, highlights and mentions, as the backup stores it."""
    a = library.get(article_id)
    if a is None:
        raise KeyError(article_id)
    extras = _article_extras(library, article_id)
    note = _note_row(library, article_id)
    address = {"url": a.url} if a.url else {}  # only when there is one: older backups stay as they were
    if a.title_derived:
        address["title_derived"] = True
    if a.updated:
        address["updated"] = a.updated
    # kept only when set, like the address: a backup of a library that uses none stays as it was
    keeping = {"archived": a.archived_at} if a.archived_at else {}
    if a.edited:
        keeping["edited"] = a.edited
    if a.tags:
        keeping["tags"] = a.tags
    return {
        "id": a.id,
        "title": a.title,
        "deck": a.deck,
        "source": a.source,
        "author": a.author,
        "published": a.published,
        "imported": a.imported_at,
        "format": a.fmt,
        "encoding": extras["encoding"],
        "path": a.path,
        **address,
        "content_hash": a.content_hash,
        "read": a.is_read,
        **keeping,
        "position": a.position,
        "analyzer_version": extras["analyzer_version"],
        "body": a.body,
        "removed": [{"text": r.text, "rule": r.rule, "position": r.position, "restored": r.restored}
                    for r in a.removed],
        "raw": a.raw,
        "note": {"text": note["text"], "updated": note["updated_at"]} if note else None,
        "highlights": [highlight_to_annotation(h) for h in library.highlights(article_id)],
        "mentions": [{"entity": m.entity_id, "field": m.field, "start": m.start, "end": m.end,
                      "text": m.text} for m in library.mentions(article_id)],
    }


def build_backup(library: Library, article_ids: Iterable[int] | None = None, progress: Progress = None,
                 cancelled: Cancelled = None) -> dict | None:
    """The whole backup document for these articles (all when None); None if cancelled."""
    whole = article_ids is None
    ids = library.article_ids() if whole else sorted(dict.fromkeys(article_ids))
    articles, entity_ids = [], set()
    for n, article_id in enumerate(ids, 1):
        if cancelled and cancelled():
            return None
        record = article_record(library, article_id)
        entity_ids.update(m["entity"] for m in record["mentions"])
        articles.append(record)
        if progress:
            progress(n, len(ids))
    entities = entity_records(library, entity_ids)
    doc = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "app": f"article-viewer {__version__}",
        "schema": library.schema_version,
        "scope": "library" if whole else "articles",
        "articles": articles,
        "entities": entities,
        "corrections": [{"surface": r["surface"], "type": r["type"], "created": r["created_at"]}
                        for r in _corrections(library)],
    }
    if whole:
        doc["settings"] = _settings(library)
        trash = trashed_records(library)
        if trash:
            doc["trash"] = [{"deleted": t["deleted"], "batch": t["batch"], "article": t["article"]}
                            for t in trash]
            known = {e["id"] for e in entities}
            for t in trash:
                entities.extend(e for e in t["entities"] if e["id"] not in known)
                known.update(e["id"] for e in t["entities"])
    return doc


def entity_records(library: Library, entity_ids: Iterable[int]) -> list[dict]:
    """The entities as a backup holds them (id, type, canonical, aliases)."""
    out = []
    for eid in sorted(set(entity_ids)):
        row = library._db.execute("SELECT type, canonical FROM entities WHERE id = ?", (eid,)).fetchone()
        if row is not None:
            out.append({"id": eid, "type": row["type"], "canonical": row["canonical"],
                        "aliases": library.entity_aliases(eid)})
    return out


def trashed_records(library: Library) -> list[dict]:
    """Every article in the Trash as stored there: deleted, batch, article record, its entities."""
    rows = library._db.execute("SELECT batch, deleted_at, record FROM trash ORDER BY id")
    return [{"batch": r[0], "deleted": r[1], **json.loads(r[2])} for r in rows]


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# --- reading a backup -------------------------------------------------------------------------

def is_backup_file(path: Path | str) -> bool:
    """True for a JSON file this app wrote as a backup (checked by its format marker)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    if not text.startswith("{"):
        return False
    if _MARKER.search(text):
        return True
    try:  # another tool may have reordered the keys
        return json.loads(path.read_text(encoding="utf-8-sig")).get("format") == BACKUP_FORMAT
    except (OSError, ValueError, AttributeError, RecursionError):
        return False


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes: a regular file of at most MAX_BACKUP_BYTES, never read past that."""
    try:
        return read_regular_file(path, MAX_BACKUP_BYTES, "a backup")
    except UnreadFile as exc:
        raise BackupError(f"{name}: {exc}") from None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON value")


def load_backup(path: Path | str) -> dict:
    """Read, decode (UTF-8, UTF-16 or UTF-32, told by the BOM or the NUL bytes as JSON allows),
    parse and validate a backup: the normalised document (see backup_schema), or BackupError."""
    path = Path(path)
    name = one_line(str(path), 300)
    data = _read_bytes(path, name)
    if not data.strip():
        raise BackupError(f"{name}: the file is empty, not a backup")
    encoding = json.detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BackupError(f"{name}: not a JSON file (not {encoding.upper()} text: {exc.reason} at byte"
                          f" {exc.start:,})") from None
    del data
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise BackupError(f"{name}: not a backup: nested far more than {MAX_JSON_DEPTH} levels deep"
                          ) from None
    except ValueError as exc:
        raise BackupError(f"{name}: not a JSON file ({one_line(str(exc), 200)})") from None
    del text
    try:
        return validate(doc)
    except Invalid as exc:
        raise BackupError(f"{name}: {one_line(str(exc), 600)}") from None


def restore_backup(library: Library, path: Path | str) -> RestoreReport:
    """Restore a backup into a library in one transaction; into an empty library it restores everything.

    The whole file is validated first (backup_schema): a refused backup changes nothing. Articles
    are told apart by the content hash of their text, computed here (the file's own hash is never
    trusted). Articles already in the library are not duplicated: their note and web address are
    filled in only if the library's are empty, highlights not already there are added, and stored
    mentions are added only if the article has none and the same title and body. Existing
    corrections and settings are kept.
    """
    path = Path(path)
    doc = load_backup(path)
    restorer = _Restorer(library, RestoreReport(path), one_line(str(path), 300))
    try:
        with library.transaction():
            restorer.run(doc)
    except sqlite3.Error as exc:  # the checks above should leave nothing for SQLite to refuse
        detail = one_line(str(exc), 200)
        raise BackupError(f"{restorer.name}: the library could not store it ({detail})") from None
    return restorer.report


def _free_id(db: sqlite3.Connection, table: str, wanted: int) -> int | None:
    taken = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (wanted,)).fetchone()
    return None if taken else wanted


class _Restorer:
    """Writes a validated, normalised backup into a library (inside the caller's transaction)."""

    def __init__(self, library: Library, report: RestoreReport, name: str) -> None:
        self.library = library
        self.db = library._db
        self.report = report
        self.name = name
        self.entity_map: dict[int, int] = {}
        self.added: set[int] = set()  # library ids of the articles this restore added
        self.entities: dict[int, dict] = {}  # the backup's entities by id
        self.trash_hashes: set[str] | None = None

    def run(self, doc: dict) -> None:
        self.entities = {e["id"]: e for e in doc["entities"]}
        for e in doc["entities"]:
            self.entity_map[e["id"]] = self.entity(e)
        for n, a in enumerate(doc["articles"], 1):
            self.article(n, a)
        for c in doc["corrections"]:
            self.correction(c)
        for key, value in sorted(doc["settings"].items()):
            if key == LAST_ARTICLE and re.fullmatch(r"[0-9]{1,16}", value):
                value = str(self.report.id_map.get(int(value), value))
            cur = self.db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (key, value))
            self.report.settings += cur.rowcount
        for t in doc.get("trash", []):
            self.trashed(t)

    def entity(self, e: dict) -> int:
        db = self.db
        row = db.execute("SELECT id FROM entities WHERE type = ? AND canonical = ?",
                         (e["type"], e["canonical"])).fetchone()
        if row:
            entity_id = row[0]
        else:
            entity_id = db.execute("INSERT INTO entities (id, type, canonical) VALUES (?, ?, ?)",
                                   (_free_id(db, "entities", e["id"]), e["type"], e["canonical"])).lastrowid
            self.report.entities += 1
        db.executemany("INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
                       [(entity_id, alias) for alias in e["aliases"]])
        return int(entity_id)

    def _existing(self, a: dict) -> sqlite3.Row | None:
        """The library's article with this text: by the hash of the text as stored, or as the file
        gave it (when control characters were taken out of it)."""
        hashes = [content_hash(a["raw"])]
        if a["raw_given"] is not None:
            hashes.append(content_hash(a["raw_given"]))
        for digest in hashes:
            row = self.db.execute("SELECT id, title, body, url FROM articles WHERE content_hash = ?",
                                  (digest,)).fetchone()
            if row is not None:
                return row
        return None

    def article(self, n: int, a: dict) -> None:
        db, report = self.db, self.report
        label = f"article #{n} ({one_line(a['title'], 40)})"
        row = self._existing(a)
        if row is None:
            article_id = self.library.insert_article({
                "id": _free_id(db, "articles", a["id"]), "content_hash": content_hash(a["raw"]),
                "title": a["title"], "deck": json.dumps(a["deck"], ensure_ascii=False),
                "source": a["source"], "author": a["author"], "published": a["published"],
                "body": a["body"],
                "removed": json.dumps([_removed_block(r) for r in a["removed"]], ensure_ascii=False),
                "raw": a["raw"], "fmt": a["format"], "encoding": a["encoding"], "path": a["path"],
                "url": a["url"], "title_derived": int(a["title_derived"]), "updated": a["updated"],
                "imported_at": a["imported"], "is_read": int(a["read"]), "position": a["position"],
                "analyzer_version": a["analyzer_version"], "archived_at": a["archived"],
                "edited": json.dumps(a["edited"]),
            })
            self.added.add(article_id)
            report.articles_added += 1
            new, same_text = True, True
        else:
            article_id = int(row[0])
            if article_id in self.added:
                report.articles_repeated += 1
            else:
                report.articles_existing += 1
            new, same_text = False, (row[1], row[2]) == (a["title"], a["body"])
            if row[3] is None and a["url"]:  # an address the library's copy lacks is filled in
                db.execute("UPDATE articles SET url = ?, url_key = ?, site = ? WHERE id = ?",
                           (a["url"], normalise_url(a["url"]), site_of(a["url"]), article_id))
        report.id_map.setdefault(a["id"], article_id)
        self.tags(article_id, a)
        self.note(article_id, a)
        self.highlights(article_id, a, label)
        self.mentions(article_id, a, new, same_text)

    def tags(self, article_id: int, a: dict) -> None:
        """The backup's tags are added to the article's own (a tag is never taken off)."""
        for name in dict.fromkeys(a["tags"]):
            self.db.execute("INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                            (article_id, self.library._tag_id(name)))

    def trashed(self, t: dict) -> None:
        """An article of the backup's Trash goes to the Trash, unless the library holds its text
        (in the list or the Trash already)."""
        a = t["article"]
        digest = content_hash(a["raw"])
        if self.db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (digest,)).fetchone():
            return
        if self.trash_hashes is None:  # what the Trash holds already, read once per restore
            self.trash_hashes = {json.loads(r)["article"].get("content_hash")
                                 for (r,) in self.db.execute("SELECT record FROM trash")}
        if digest in self.trash_hashes:
            return
        self.trash_hashes.add(digest)
        entity_ids = dict.fromkeys(m["entity"] for m in a["mentions"])
        record = {"article": _as_record(a, digest),
                  "entities": [self.entities[i] for i in entity_ids if i in self.entities]}
        self.db.execute(
            "INSERT INTO trash (batch, article_id, title, source, deleted_at, record)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (t["batch"], a["id"], a["title"], a["source"], t["deleted"],
             json.dumps(record, ensure_ascii=False)))
        self.report.trashed += 1

    def note(self, article_id: int, a: dict) -> None:
        note = a["note"]
        if note is None:
            return
        current = self.db.execute("SELECT text FROM notes WHERE article_id = ?", (article_id,)).fetchone()
        if current is None or not current[0].strip():
            self.db.execute("INSERT OR REPLACE INTO notes (article_id, text, updated_at) VALUES (?, ?, ?)",
                            (article_id, note["text"], note["updated"] or now_iso()))
            self.report.notes += 1
        elif current[0] != note["text"]:
            self.report.conflicts.append(f"{one_line(a['title'], 80)}: the library's note was kept;"
                                         " the backup's differs")

    def highlights(self, article_id: int, a: dict, label: str) -> None:
        db = self.db
        rows = db.execute("SELECT quote, prefix, suffix, start, color FROM highlights WHERE article_id = ?",
                          (article_id,)).fetchall()
        present = {tuple(r) for r in rows}
        new = [h for h in a["highlights"]
               if (h["quote"], h["prefix"], h["suffix"], h["start"], h["color"]) not in present]
        if len(rows) + len(new) > MAX_HIGHLIGHTS_PER_ARTICLE:
            raise BackupError(f"{self.name}: {label}: {len(rows) + len(new):,} highlights with those already"
                              f" in the library; an article may hold at most {MAX_HIGHLIGHTS_PER_ARTICLE:,}")
        for h in new:
            db.execute(
                "INSERT INTO highlights (id, article_id, quote, prefix, suffix, start, color, note,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_free_id(db, "highlights", h["id"]) if h["id"] else None, article_id, h["quote"],
                 h["prefix"], h["suffix"], h["start"], h["color"], h["note"], h["created"], h["modified"]),
            )
        self.report.highlights += len(new)

    def mentions(self, article_id: int, a: dict, new: bool, same_text: bool) -> None:
        """Stored mentions, where the library's article has none and they index the same text."""
        db = self.db
        if not a["mentions"] or not same_text:
            return
        if not new and db.execute("SELECT 1 FROM mentions WHERE article_id = ? LIMIT 1",
                                  (article_id,)).fetchone() is not None:
            return
        db.executemany(
            'INSERT OR REPLACE INTO mentions (article_id, entity_id, field, start, "end", text)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(article_id, self.entity_map[m["entity"]], m["field"], m["start"], m["end"], m["text"])
             for m in a["mentions"]])
        self.report.mentions += len(a["mentions"])
        if not new:
            db.execute("UPDATE articles SET analyzer_version = ? WHERE id = ?",
                       (a["analyzer_version"], article_id))

    def correction(self, c: dict) -> None:
        surface, etype = c["surface"], c["type"]
        row = self.db.execute("SELECT type FROM entity_corrections WHERE surface = ?", (surface,)).fetchone()
        if row is None:
            self.db.execute("INSERT INTO entity_corrections (surface, type, created_at) VALUES (?, ?, ?)",
                            (surface, etype, c["created"]))
            self.report.corrections += 1
        elif row[0] != etype:
            kept = row[0] or "not a name"
            self.report.conflicts.append(f"correction of “{one_line(surface, 80)}”: the library's ({kept})"
                                         " was kept")


def _as_record(a: dict, digest: str) -> dict:
    """A validated article back in the form article_record writes (what the Trash stores)."""
    record = {k: v for k, v in a.items() if k not in ("raw_given",)}
    record["content_hash"] = digest
    record["removed"] = [{"text": r["text"], "rule": r["rule"], "position": r["position"],
                          "restored": r["restored"]} for r in a["removed"]]
    record["highlights"] = [_annotation_as_given(h) for h in a["highlights"]]
    return record


def _removed_block(r: dict) -> dict:
    """A removed block as the articles table stores it (RemovedBlock.to_dict)."""
    return {"text": r["text"], "rule": r["rule"], "position": r["position"],
            **({"restored": True} if r["restored"] else {})}


def _annotation_as_given(h: dict) -> dict:
    """A validated highlight back as the Web Annotation a backup holds."""
    ann = highlight_to_annotation(Highlight(
        id=h["id"], article_id=0, selector=Selector(h["quote"], h["prefix"], h["suffix"], h["start"]),
        color=h["color"], note=h["note"], created_at=h["created"], updated_at=h["modified"]))
    if not h["id"]:
        ann["id"] = None  # another tool's annotation: the library numbers it when it is restored
    ann["target"]["source"] = None
    return ann
