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
from viewer.core.library import Highlight, Library, content_hash, now_iso

BACKUP_FORMAT = "article-viewer-backup"
BACKUP_VERSION = 1
_HIGHLIGHT_ID = re.compile(r"^urn:article-viewer:highlight:(\d+)$")
_MARKER = re.compile(r'"format"\s*:\s*"' + re.escape(BACKUP_FORMAT) + '"')

Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


class BackupError(ValueError):
    """A file that is not a usable backup; the message names the file and the reason."""


@dataclass
class RestoreReport:
    path: Path
    articles_added: int = 0
    articles_existing: int = 0  # same content hash already in the library: merged, not duplicated
    notes: int = 0
    highlights: int = 0
    entities: int = 0
    mentions: int = 0
    corrections: int = 0
    settings: int = 0
    conflicts: list[str] = field(default_factory=list)  # backup data not applied, and why
    id_map: dict[int, int] = field(default_factory=dict)  # article id in the backup -> in the library

    def summary(self) -> str:
        text = (f"{self.articles_added} articles restored, {self.articles_existing} already in the library;"
                f" {self.notes} notes, {self.highlights} highlights, {self.corrections} corrections,"
                f" {self.entities} entities")
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
    """The inverse of highlight_to_annotation; the id is 0 when the annotation has none of ours."""
    if d.get("type") != "Annotation":
        raise ValueError("a highlight is not an Annotation")
    selectors = d["target"]["selector"]
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next(s for s in selectors if s.get("type") == "TextQuoteSelector")
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {"start": 0})
    bodies = d.get("body") or []
    if isinstance(bodies, dict):
        bodies = [bodies]
    note = next((b.get("value", "") for b in bodies if b.get("purpose", "commenting") == "commenting"), "")
    match = _HIGHLIGHT_ID.match(str(d.get("id", "")))
    return Highlight(
        id=int(match.group(1)) if match else 0,
        article_id=article_id,
        selector=Selector(str(quote["exact"]), str(quote.get("prefix", "")), str(quote.get("suffix", "")),
                          int(position["start"])),
        color=str(d.get("color", "yellow")),
        note=str(note),
        created_at=str(d.get("created", "")),
        updated_at=str(d.get("modified", d.get("created", ""))),
    )


# --- writing a backup -------------------------------------------------------------------------

def article_record(library: Library, article_id: int) -> dict:
    """One article with its note, highlights and mentions, as the backup stores it."""
    a = library.get(article_id)
    if a is None:
        raise KeyError(article_id)
    extras = _article_extras(library, article_id)
    note = _note_row(library, article_id)
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
        "content_hash": a.content_hash,
        "read": a.is_read,
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
    entities = []
    for eid in sorted(entity_ids):
        row = library._db.execute("SELECT type, canonical FROM entities WHERE id = ?", (eid,)).fetchone()
        entities.append({"id": eid, "type": row["type"], "canonical": row["canonical"],
                         "aliases": library.entity_aliases(eid)})
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
    return doc


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
    except (OSError, ValueError, AttributeError):
        return False


def load_backup(path: Path | str) -> dict:
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise BackupError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise BackupError(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != BACKUP_FORMAT:
        raise BackupError(f"{path}: not an Article Viewer backup (no \"format\": \"{BACKUP_FORMAT}\")")
    version = doc.get("version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"{path}: backup version {version!r} is not valid")
    if version > BACKUP_VERSION:
        raise BackupError(f"{path}: made by a newer Article Viewer (backup version {version}, this one"
                          f" reads {BACKUP_VERSION})")
    return doc


def restore_backup(library: Library, path: Path | str) -> RestoreReport:
    """Restore a backup into a library in one transaction; into an empty library it restores everything.

    Articles already in the library (same content hash) are not duplicated: their note is filled in
    only if the library's is empty, highlights not already there are added, and stored mentions
    are added only if the article has none. Existing corrections and settings are kept.
    """
    path = Path(path)
    doc = load_backup(path)
    report = RestoreReport(path)
    where = "the file"
    try:
        with library.transaction() as db:
            entity_map = {}
            for n, e in enumerate(doc.get("entities", []), 1):
                where = f"entity #{n}"
                entity_map[int(e["id"])] = _restore_entity(db, e, report)
            for n, a in enumerate(doc.get("articles", []), 1):
                where = f"article #{n} ({a.get('title', '?') if isinstance(a, dict) else '?'})"
                _restore_article(db, a, entity_map, report)
            for n, c in enumerate(doc.get("corrections", []), 1):
                where = f"correction #{n}"
                _restore_correction(db, c, report)
            where = "settings"
            for key, value in sorted((doc.get("settings") or {}).items()):
                if key == "last_article":
                    value = str(report.id_map.get(int(value), value)) if str(value).isdigit() else value
                cur = db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                                 (str(key), str(value)))
                report.settings += cur.rowcount
    except (KeyError, TypeError, ValueError, AttributeError, StopIteration) as exc:
        detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
        raise BackupError(f"{path}: {where}: {detail}") from None
    except sqlite3.IntegrityError as exc:
        raise BackupError(f"{path}: {where}: {exc}") from None
    return report


def _free_id(db: sqlite3.Connection, table: str, wanted: int) -> int | None:
    taken = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (wanted,)).fetchone()
    return None if taken else wanted


def _restore_entity(db: sqlite3.Connection, e: dict, report: RestoreReport) -> int:
    etype, canonical = str(e["type"]), str(e["canonical"])
    row = db.execute("SELECT id FROM entities WHERE type = ? AND canonical = ?",
                     (etype, canonical)).fetchone()
    if row:
        entity_id = row[0]
    else:
        entity_id = db.execute("INSERT INTO entities (id, type, canonical) VALUES (?, ?, ?)",
                               (_free_id(db, "entities", int(e["id"])), etype, canonical)).lastrowid
        report.entities += 1
    db.executemany("INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
                   [(entity_id, str(alias)) for alias in e.get("aliases", [])])
    return int(entity_id)


def _restore_article(db: sqlite3.Connection, a: dict, entity_map: dict[int, int],
                     report: RestoreReport) -> None:
    raw = str(a["raw"])
    digest = a.get("content_hash") or content_hash(raw)
    row = db.execute("SELECT id, analyzer_version FROM articles WHERE content_hash = ?", (digest,)).fetchone()
    if row is None and a.get("content_hash") and a["content_hash"] != content_hash(raw):
        # Written by an app whose hash folded text differently: look for the article by today's hash too.
        row = db.execute("SELECT id, analyzer_version FROM articles WHERE content_hash = ?",
                         (content_hash(raw),)).fetchone()
    removed = [{"text": str(r["text"]), "rule": str(r.get("rule", "")), "position": int(r.get("position", 0)),
                **({"restored": True} if r.get("restored") else {})} for r in a.get("removed", [])]
    if row is None:
        article_id = db.execute(
            "INSERT INTO articles (id, content_hash, title, deck, source, author, published, body, removed,"
            " raw, fmt, encoding, path, imported_at, is_read, position, analyzer_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_free_id(db, "articles", int(a["id"])), digest, str(a["title"]),
             json.dumps([str(x) for x in a.get("deck", [])], ensure_ascii=False),
             a.get("source"), a.get("author"), a.get("published"), str(a["body"]),
             json.dumps(removed, ensure_ascii=False), raw, str(a.get("format", "txt")), a.get("encoding"),
             a.get("path"), str(a["imported"]), int(bool(a.get("read", False))),
             float(a.get("position", 0.0)), int(a.get("analyzer_version", 0))),
        ).lastrowid
        report.articles_added += 1
        new, has_mentions = True, False
    else:
        article_id = row[0]
        report.articles_existing += 1
        new = False
        has_mentions = db.execute("SELECT 1 FROM mentions WHERE article_id = ? LIMIT 1",
                                  (article_id,)).fetchone() is not None
    report.id_map[int(a["id"])] = int(article_id)
    title = str(a["title"])

    note = a.get("note")
    if note and note.get("text"):
        current = db.execute("SELECT text FROM notes WHERE article_id = ?", (article_id,)).fetchone()
        if current is None or not current[0].strip():
            db.execute("INSERT OR REPLACE INTO notes (article_id, text, updated_at) VALUES (?, ?, ?)",
                       (article_id, str(note["text"]), str(note.get("updated") or now_iso())))
            report.notes += 1
        elif current[0] != note["text"]:
            report.conflicts.append(f"{title}: the library's note was kept; the backup's differs")

    present = {tuple(r) for r in db.execute(
        "SELECT quote, prefix, suffix, start, color FROM highlights WHERE article_id = ?", (article_id,))}
    for d in a.get("highlights", []):
        h = annotation_to_highlight(d, article_id)
        s = h.selector
        if (s.quote, s.prefix, s.suffix, s.start, h.color) in present:
            continue
        db.execute(
            "INSERT INTO highlights (id, article_id, quote, prefix, suffix, start, color, note, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_free_id(db, "highlights", h.id) if h.id else None, article_id, s.quote, s.prefix, s.suffix,
             s.start, h.color, h.note, h.created_at, h.updated_at),
        )
        report.highlights += 1

    if a.get("mentions") and (new or not has_mentions):
        for m in a["mentions"]:
            if int(m["entity"]) not in entity_map:
                raise ValueError(f"a mention names entity {m['entity']}, which the backup does not hold")
            db.execute(
                'INSERT OR REPLACE INTO mentions (article_id, entity_id, field, start, "end", text)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                (article_id, entity_map[int(m["entity"])], str(m["field"]), int(m["start"]), int(m["end"]),
                 str(m["text"])),
            )
            report.mentions += 1
        if not new:
            db.execute("UPDATE articles SET analyzer_version = ? WHERE id = ?",
                       (int(a.get("analyzer_version", 0)), article_id))


def _restore_correction(db: sqlite3.Connection, c: dict, report: RestoreReport) -> None:
    surface, etype = str(c["surface"]), c.get("type")
    row = db.execute("SELECT type FROM entity_corrections WHERE surface = ?", (surface,)).fetchone()
    if row is None:
        db.execute("INSERT INTO entity_corrections (surface, type, created_at) VALUES (?, ?, ?)",
                   (surface, None if etype is None else str(etype), str(c["created"])))
        report.corrections += 1
    elif row[0] != etype:
        kept = row[0] or "not a name"
        report.conflicts.append(f"correction of “{surface}”: the library's ({kept}) was kept")
