"""Full-text search over titles, bodies, notes and highlight notes, Korean included.

Two SQLite FTS5 indexes hold the same columns. `search_morph` holds Kiwi morphemes (content
words and stems, particles and endings dropped, Latin lower-cased), so `중국` finds `중국의`,
`서울` finds `서울에서` and a query's own particles do not matter; short words like `칩` are whole
tokens there. `search_tri` holds the NFC text under the trigram tokenizer, for substrings inside
compounds the analyser splits differently. Only a one- or two-character query that neither index
answers falls back to a plain scan. Changed articles, notes and highlights are queued by triggers
(`search_dirty`) and indexed lazily, so saving a note never loads the analyser.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from viewer.core.store.library import Library
from viewer.core.text.kiwi import morphemes

log = logging.getLogger("viewer.search")

MORPH_WEIGHTS = (10.0, 1.0, 3.0)  # title, body, notes: a title match ranks first
SNIPPET_BEFORE, SNIPPET_AFTER = 40, 80
SCAN_BODIES_UP_TO = 20_000
INDEX_BATCH_CHARS = 8_000_000  # text per index transaction
# A pasted page in the search box is still one quick query.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 32
# A snippet needs the first match and those near it; the opened article marks the matched forms.
MAX_SNIPPET_MATCHES = 200
SNIPPET_WINDOW = 2000  # characters of body read around the first match (the snippet is 120)
_LATIN_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass
class SearchFilters:
    source: str | None = None
    site: str | None = None  # the host an article was captured from (Library.sites)
    has_notes: bool = False
    has_highlights: bool = False
    unread: bool = False
    entity_ids: list[int] = field(default_factory=list)  # articles must mention all of them
    tags: list[str] = field(default_factory=list)  # articles must carry all of them
    state: str | None = None  # "inbox" or "archive" (None: both)

    def active(self) -> bool:
        return bool(self.source or self.site or self.has_notes or self.has_highlights or self.unread
                    or self.entity_ids or self.tags or self.state)


@dataclass
class SearchHit:
    article_id: int
    title: str
    source: str | None
    score: float
    field: str  # where the snippet comes from: title, body or notes
    snippet: str
    marks: list[tuple[int, int]]  # match ranges inside the snippet
    terms: list[str]  # the surface forms that matched, for marking the opened article

    def to_dict(self) -> dict:
        return {"id": self.article_id, "title": self.title, "source": self.source,
                "score": round(self.score, 4), "field": self.field, "snippet": self.snippet,
                "marks": self.marks}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- analysis ------------------------------------------------------------------------------

def morph_field(text: str) -> str:
    """One search-index column: a field's morphemes, space-separated."""
    return " ".join(morphemes(text))


# --- indexing ------------------------------------------------------------------------------

def pending(library: Library) -> int:
    return library._db.execute("SELECT COUNT(*) FROM search_dirty").fetchone()[0]


def ensure_index(
    library: Library,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    batch: int = 200,
) -> int:
    """Index every article queued since the last call; return how many were indexed.

    Rows are analysed one at a time (cancellable between rows, each bounded: see morphemes)
    and written in transactions of up to `batch` rows or a few megabytes of text.
    """
    if library.read_only:
        return 0  # another instance owns the library and keeps the index
    db = library._db
    ids = [r[0] for r in db.execute("SELECT article_id FROM search_dirty ORDER BY article_id")]
    done = 0
    pending_rows: list[tuple[int, tuple | None]] = []
    pending_chars = 0

    def write() -> None:
        nonlocal done, pending_chars
        with library.transaction():
            for article_id, data in pending_rows:
                _write_rows(db, article_id, *(data or (None, None)))
        done += len(pending_rows)
        pending_rows.clear()
        pending_chars = 0
        if progress:
            progress(done, len(ids))

    for article_id in ids:
        if cancelled and cancelled():
            break
        row = db.execute("SELECT title, body, deck FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            pending_rows.append((article_id, None))
        else:
            notes = [library.note(article_id)]
            notes += [h for (h,) in db.execute(
                "SELECT note FROM highlights WHERE article_id = ? AND note != ''", (article_id,))]
            notes_text = "\n".join(n for n in notes if n)
            fields = (nfc(searchable_title(row[0], row[2])), nfc(row[1]), nfc(notes_text))
            pending_rows.append((article_id, (fields, _morph_columns(article_id, fields))))
            pending_chars += sum(map(len, fields))
        if len(pending_rows) >= batch or pending_chars >= INDEX_BATCH_CHARS:
            write()
    if pending_rows:
        write()
    return done


def _write_rows(db, article_id: int, fields: tuple[str, str, str] | None,
                morph: tuple[str, str, str] | None) -> None:
    """The one writer of an article's index rows (None: the article is gone); inside a transaction."""
    db.execute("DELETE FROM search_morph WHERE rowid = ?", (article_id,))
    db.execute("DELETE FROM search_tri WHERE rowid = ?", (article_id,))
    if fields is not None and morph is not None:
        db.execute("INSERT INTO search_morph (rowid, title, body, notes) VALUES (?, ?, ?, ?)",
                   (article_id, *morph))
        db.execute("INSERT INTO search_tri (rowid, title, body, notes) VALUES (?, ?, ?, ?)",
                   (article_id, *fields))
    db.execute("DELETE FROM search_dirty WHERE article_id = ?", (article_id,))


def searchable_title(title: str, deck: str | list[str] | None) -> str:
    """What the index's title column holds: the title and the deck's lines (found like it)."""
    if isinstance(deck, str):
        try:
            deck = json.loads(deck)
        except ValueError:
            deck = []
    lines = [d for d in deck or [] if isinstance(d, str)]
    return "\n".join([title, *lines]) if lines else title


def index_new_article(library: Library, article_id: int, title: str, body: str,
                      morph: tuple[str, str], deck: list[str] | None = None) -> bool:
    """Index an article just stored, with morphemes computed elsewhere (an import worker's).

    Only if the stored title and body are still those; otherwise (or if the write fails) it stays
    queued for ensure_index. True if indexed.
    """
    try:
        with library.transaction() as db:
            row = db.execute("SELECT title, body FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None or row[0] != title or row[1] != body:
                return False
            title_text = nfc(searchable_title(row[0], deck))
            _write_rows(db, article_id, (title_text, nfc(row[1]), ""), (*morph, ""))
        return True
    except sqlite3.Error as exc:
        log.warning("article %s: search rows not written (%s); left queued for indexing", article_id, exc)
        return False


def _morph_columns(article_id: int, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The morpheme columns of one row; a row the analyser fails on is indexed by trigrams only,
    so that one bad article never keeps the rest of the queue (and every later search) waiting."""
    try:
        return tuple(morph_field(x) for x in fields)
    except Exception:  # the analyser's bug, not the user's: logged, and the row still indexed
        log.exception("search index: article %s could not be analysed; indexed by substrings only",
                      article_id)
        return ("", "", "")


def reindex_all(library: Library) -> int:
    library._db.execute("INSERT OR IGNORE INTO search_dirty SELECT id FROM articles")
    return ensure_index(library)


# --- querying ------------------------------------------------------------------------------

def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def parse_query(query: str) -> tuple[list[str], list[str]]:
    """(morphemes to match, raw words) of a query."""
    query = nfc(query).strip()[:MAX_QUERY_CHARS]
    words = list(dict.fromkeys(w for w in re.split(r"\s+", query) if w))[:MAX_QUERY_WORDS]
    terms = list(dict.fromkeys(morphemes(query)))[:MAX_QUERY_WORDS]
    return terms, words


def _morph_match(terms: list[str], words: list[str]) -> str | None:
    if not terms:
        return None
    latin_words = {w.lower() for w in words if _LATIN_WORD.match(w)}
    parts = []
    for t in terms:
        # English is matched by prefix (robot → robots); a Korean morpheme as a whole token.
        prefix = t.isascii() and t.isalpha() and (t in latin_words or len(t) >= 3)
        parts.append(_quote(t) + ("*" if prefix else ""))
    return " AND ".join(parts)


def _tri_match(words: list[str]) -> str | None:
    long_words = [w for w in words if len(w) >= 3]
    if not long_words or len(long_words) != len(words):
        return None
    return " AND ".join(_quote(w) for w in long_words)


def _filter_sql(filters: SearchFilters | None) -> tuple[str, list]:
    if filters is None or not filters.active():
        return "", []
    clauses, args = [], []
    if filters.source:
        clauses.append("a.source = ?")
        args.append(filters.source)
    if filters.site:
        clauses.append("a.site = ?")
        args.append(filters.site)
    if filters.has_notes:
        clauses.append("EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id AND n.text != '')")
    if filters.has_highlights:
        clauses.append("EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id)")
    if filters.unread:
        clauses.append("a.is_read = 0")
    for eid in filters.entity_ids:
        clauses.append("EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.entity_id = ?)")
        args.append(eid)
    for tag in filters.tags:
        clauses.append("EXISTS (SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id"
                       " WHERE x.article_id = a.id AND t.name = ?)")
        args.append(tag)
    if filters.state == "inbox":
        clauses.append("a.archived_at IS NULL")
    elif filters.state == "archive":
        clauses.append("a.archived_at IS NOT NULL")
    return " AND " + " AND ".join(clauses), args


def filter_articles(library: Library, filters: SearchFilters) -> list[int]:
    """Articles passing the filters, newest first (no query)."""
    where, args = _filter_sql(filters)
    rows = library._db.execute(
        f"SELECT a.id FROM articles a WHERE 1 = 1{where}"
        " ORDER BY COALESCE(a.published, a.imported_at) DESC, a.id DESC", args)
    return [r[0] for r in rows]


class SearchCancelled(Exception):
    """The search was superseded (the user typed on) or the window is closing."""


def search(
    library: Library, query: str, limit: int = 50, filters: SearchFilters | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[SearchHit]:
    """Ranked hits for a query (title matches first), each with a marked snippet.

    With `cancelled`, a running query is interrupted as soon as it returns True (SQLite checks
    it every few thousand steps) and SearchCancelled is raised.
    """
    if cancelled is None:
        return _search(library, query, limit, filters, lambda: False)
    db = library._db
    db.set_progress_handler(lambda: 1 if cancelled() else 0, 5000)
    try:
        return _search(library, query, limit, filters, cancelled)
    except sqlite3.OperationalError as exc:
        if cancelled():
            raise SearchCancelled(query) from None
        raise exc from None
    finally:
        db.set_progress_handler(None, 0)


def _search(library: Library, query: str, limit: int, filters: SearchFilters | None,
            cancelled: Callable[[], bool]) -> list[SearchHit]:
    try:
        ensure_index(library, cancelled=cancelled)
    except sqlite3.OperationalError as exc:
        if cancelled():
            raise SearchCancelled(query) from None
        # Disk full or a busy library: search what is indexed; the rest is indexed next time.
        log.warning("search index not brought up to date: %s", exc)
    if cancelled():
        raise SearchCancelled(query)
    terms, words = parse_query(query)
    if not words:
        return []
    db = library._db
    where, args = _filter_sql(filters)
    scored: dict[int, float] = {}
    morph = _morph_match(terms, words)
    # Without filters the articles table is not joined: a lookup per match costs more than the match.
    join = " JOIN articles a ON a.id = s.rowid" if where else ""
    if morph:
        rows = db.execute(
            f"SELECT s.rowid, bm25(search_morph, ?, ?, ?) FROM search_morph s{join}"
            f" WHERE search_morph MATCH ?{where} ORDER BY 2 LIMIT ?",
            (*MORPH_WEIGHTS, morph, *args, limit),
        )
        for aid, score in rows:
            scored[aid] = score
    tri = _tri_match(words)
    if tri and len(scored) < limit:
        rows = db.execute(
            f"SELECT s.rowid, bm25(search_tri, ?, ?, ?) FROM search_tri s{join}"
            f" WHERE search_tri MATCH ?{where} ORDER BY 2 LIMIT ?",
            (*MORPH_WEIGHTS, tri, *args, limit),
        )
        for aid, score in rows:
            # Substring-only hits rank after every morpheme hit.
            scored.setdefault(aid, 1000.0 + score)
    if not scored and len(nfc(query).strip()) <= 2:
        needle = nfc(query).strip()
        # Scanning every body costs about a second per 100,000 articles: large libraries scan
        # titles and notes only.
        fields = ["a.title", "COALESCE(n.text, '')"]
        if library.count() <= SCAN_BODIES_UP_TO:
            fields.insert(1, "a.body")
        found = " OR ".join(f"instr({f}, ?) > 0" for f in fields)
        rows = db.execute(
            "SELECT a.id FROM articles a LEFT JOIN notes n ON n.article_id = a.id"
            f" WHERE ({found}){where} ORDER BY instr(a.title, ?) = 0, a.id DESC LIMIT ?",
            (*[needle] * len(fields), *args, needle, limit),
        )
        for n, (aid,) in enumerate(rows):
            scored[aid] = 2000.0 + n
    hits = []
    for aid, score in sorted(scored.items(), key=lambda kv: (kv[1], -kv[0]))[:limit]:
        if cancelled():
            raise SearchCancelled(query)
        hit = _hit(library, aid, score, terms, words)
        if hit is not None:
            hits.append(hit)
    return hits


def _plain(markdown_text: str) -> str:
    """Markdown reduced to its words, for snippets."""
    text = re.sub(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)", "", markdown_text)
    return re.sub(r"\*\*|__|\\(?=[#>*_\\-])", "", text)


def _needle_pattern(terms: list[str], words: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for the query's words and morphemes, longest first."""
    needles = sorted({w.casefold() for w in words} | {t.casefold() for t in terms if t},
                     key=len, reverse=True)
    if not needles:
        return None
    return re.compile("|".join(map(re.escape, needles)), re.IGNORECASE)


def match_spans(text: str, terms: list[str], words: list[str], limit: int = MAX_SNIPPET_MATCHES,
                pattern: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Where the query's words or morphemes stand in a text (case-insensitive): the first `limit`.

    One left-to-right pass of one pattern, so the cost is the text's length, not the number of
    matches times itself (an article of 40,000 hits took a minute before). `pattern`, if given, is
    _needle_pattern(terms, words) made once for several texts.
    """
    pattern = pattern or _needle_pattern(terms, words)
    if pattern is None:
        return []
    spans = []
    for m in pattern.finditer(text):
        spans.append(m.span())
        if len(spans) >= limit:
            break
    return spans


def _around_first_match(text: str, pattern: re.Pattern[str] | None) -> tuple[str, int]:
    """The part of a long text around its first match (and where it starts), for a snippet."""
    if len(text) <= 2 * SNIPPET_WINDOW:
        return text, 0
    m = pattern.search(text) if pattern is not None else None
    first = m.start() if m else 0
    start = max(0, first - SNIPPET_WINDOW // 4)
    return text[start:start + SNIPPET_WINDOW], start


def _hit(library: Library, article_id: int, score: float, terms: list[str],
         words: list[str]) -> SearchHit | None:
    row = library._db.execute(
        "SELECT title, body, source FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    pattern = _needle_pattern(terms, words)
    # Only the part of a long body around its first match is reduced to plain text (a body may
    # hold 20 MB); the snippet and its marks come from that part.
    full_body, full_notes = nfc(row[1]), nfc(library.note(article_id))
    body_part, body_at = _around_first_match(full_body, pattern)
    notes_part, notes_at = _around_first_match(full_notes, pattern)
    title, body, source = nfc(row[0]), _plain(body_part), row[2]
    notes = _plain(notes_part)
    # (field, text, spans, where the text starts in the field, whether the field goes on after it)
    chosen = ("body", body, [], body_at, body_at + len(body_part) < len(full_body))
    for name, text, at, more in (("body", body, body_at, body_at + len(body_part) < len(full_body)),
                                 ("notes", notes, notes_at, notes_at + len(notes_part) < len(full_notes)),
                                 ("title", title, 0, False)):
        spans = match_spans(text, terms, words, pattern=pattern)
        if spans:
            chosen = (name, text, spans, at, more)
            break
    name, text, spans, at, more = chosen
    if spans:
        first = spans[0][0]
        start = max(0, first - SNIPPET_BEFORE)
        end = min(len(text), first + SNIPPET_AFTER)
    else:
        start, end = 0, min(len(text), SNIPPET_BEFORE + SNIPPET_AFTER)
    snippet = text[start:end].replace("\n", " ")
    lead = "…" if start > 0 or at > 0 else ""
    tail = "…" if end < len(text) or more else ""
    marks = [(s - start + len(lead), e - start + len(lead)) for s, e in spans if s >= start and e <= end]
    matched = sorted({text[s:e] for s, e in spans}, key=len, reverse=True)
    return SearchHit(article_id, title, source, score, name, lead + snippet + tail, marks, matched)


def marked_snippet(hit: SearchHit, open_mark: str = "[", close_mark: str = "]") -> str:
    """The snippet with its matches wrapped in marks (for a terminal or HTML)."""
    out, pos = [], 0
    for s, e in hit.marks:
        out += [hit.snippet[pos:s], open_mark, hit.snippet[s:e], close_mark]
        pos = e
    out.append(hit.snippet[pos:])
    return "".join(out)


@dataclass
class EntityStat:
    entity_id: int
    type: str
    canonical: str
    mentions: int
    articles: int


def entity_index(library: Library, entity_type: str | None = None, name: str = "") -> list[EntityStat]:
    """Every entity in the library with its mention and article counts, most mentioned first."""
    clauses, args = [], []
    if entity_type:
        clauses.append("e.type = ?")
        args.append(entity_type)
    if name.strip():
        needle = f"%{nfc(name.strip()).casefold()}%"
        clauses.append("(lower(e.canonical) LIKE ? OR EXISTS (SELECT 1 FROM entity_aliases x"
                       " WHERE x.entity_id = e.id AND lower(x.alias) LIKE ?))")
        args += [needle, needle]
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = library._db.execute(
        "SELECT e.id, e.type, e.canonical, COUNT(*), COUNT(DISTINCT m.article_id) FROM entities e"
        f" JOIN mentions m ON m.entity_id = e.id {where} GROUP BY e.id"
        " ORDER BY COUNT(DISTINCT m.article_id) DESC, COUNT(*) DESC, e.canonical", args)
    return [EntityStat(*r) for r in rows]
