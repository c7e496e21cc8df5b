"""A library's annotations: each article's note, its highlights, and the removed text a user restores.

Part of Library (viewer/core/store/library.py), which mixes these methods in; they use its
connection and transactions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from viewer.core.anchoring import Selector
from viewer.core.limits import MAX_HIGHLIGHTS_PER_ARTICLE
from viewer.core.model import (
    Article,
    RemovedBlock,
)

USER_RULE = "user"  # the rule of a paragraph the user moved to the removed text


class HighlightLimit(Exception):
    """An article holds as many highlights as one may (MAX_HIGHLIGHTS_PER_ARTICLE)."""


class NoteConflict(Exception):
    """The stored note is not the one the writer started from: it was changed elsewhere."""

    def __init__(self, article_id: int, current: str) -> None:
        super().__init__(f"the note of article {article_id} was changed elsewhere")
        self.article_id = article_id
        self.current = current


@dataclass
class Highlight:
    id: int
    article_id: int
    selector: Selector
    color: str
    note: str
    created_at: str
    updated_at: str


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _restored_at(removed: list[RemovedBlock], index: int, count: int) -> int:
    """Where removed block `index`, restored, stands among the body's `count` paragraphs."""
    shift = sum(1 for b in removed[:index] if b.restored)
    return min(removed[index].position + shift, count - 1 if removed[index].restored else count)


def restored_paragraphs(removed: list[RemovedBlock], count: int) -> dict[int, int]:
    """The body paragraphs (of `count`) that are restored blocks: paragraph index -> block index."""
    return {_restored_at(removed, i, count): i for i, b in enumerate(removed) if b.restored}


def take_paragraph(paragraphs: list[str], removed: list[RemovedBlock], paragraph_index: int) -> None:
    """Move one body paragraph to the removed text, in place: a restored block is removed again,
    any other paragraph becomes a block of rule "user" (cleaning again does the same)."""
    # Where the restored blocks stand in the body; every other paragraph is the cleaned
    # body's, and positions count those (see restore_removed).
    restored = restored_paragraphs(removed, len(paragraphs))
    if paragraph_index in restored:
        index = restored[paragraph_index]
    else:
        # Its place among the cleaned body's paragraphs: blocks that stood before it or at
        # its place keep their positions, those after it stand one paragraph earlier now.
        base = paragraph_index - sum(1 for at in restored if at < paragraph_index)
        index = sum(1 for b in removed if b.position <= base)
        for b in removed:
            if b.position > base:
                b.position -= 1
        removed.insert(index, RemovedBlock(paragraphs[paragraph_index], USER_RULE, base))
    removed[index].restored = False
    paragraphs.pop(paragraph_index)


def _nearest(paragraphs: list[str], text: str, at: int) -> int | None:
    """The index of the paragraph equal to text nearest to `at`, or None."""
    found = [i for i, p in enumerate(paragraphs) if p == text]
    return min(found, key=lambda i: abs(i - at)) if found else None


class Annotations:
    """Notes, highlights and restored text (methods of Library)."""

    # --- highlights ------------------------------------------------------------------------

    def add_highlight(self, article_id: int, selector: Selector, color: str, note: str = "") -> int:
        """Store a highlight; HighlightLimit once the article holds MAX_HIGHLIGHTS_PER_ARTICLE."""
        stamp = now_iso()
        with self.transaction() as db:
            count = db.execute("SELECT COUNT(*) FROM highlights WHERE article_id = ?",
                               (article_id,)).fetchone()[0]
            if count >= MAX_HIGHLIGHTS_PER_ARTICLE:
                raise HighlightLimit(f"This article already has {count:,} highlights; one article may"
                                     f" hold at most {MAX_HIGHLIGHTS_PER_ARTICLE:,}.")
            cur = db.execute(
                "INSERT INTO highlights (article_id, quote, prefix, suffix, start, color, note,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, selector.quote, selector.prefix, selector.suffix, selector.start, color,
                 note, stamp, stamp),
            )
        return int(cur.lastrowid)

    def highlights(self, article_id: int) -> list[Highlight]:
        rows = self._db.execute(
            "SELECT id, article_id, quote, prefix, suffix, start, color, note, created_at,"
            " updated_at FROM highlights WHERE article_id = ? ORDER BY start, id LIMIT ?",
            (article_id, MAX_HIGHLIGHTS_PER_ARTICLE),  # also for a library filled before the cap
        )
        return [Highlight(r[0], r[1], Selector(r[2], r[3], r[4], r[5]), r[6], r[7], r[8], r[9])
                for r in rows]

    def update_highlight(self, highlight_id: int, *, color: str | None = None,
                         note: str | None = None, selector: Selector | None = None) -> None:
        sets, args = ["updated_at = ?"], [now_iso()]
        if color is not None:
            sets.append("color = ?")
            args.append(color)
        if note is not None:
            sets.append("note = ?")
            args.append(note)
        if selector is not None:
            sets.append("quote = ?, prefix = ?, suffix = ?, start = ?")
            args += [selector.quote, selector.prefix, selector.suffix, selector.start]
        self._db.execute(f"UPDATE highlights SET {', '.join(sets)} WHERE id = ?", (*args, highlight_id))

    def delete_highlight(self, highlight_id: int) -> None:
        self._db.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))

    def articles_with_annotations(self) -> set[int]:
        """Articles that have a note or a highlight (the list marks them)."""
        rows = self._db.execute(
            "SELECT article_id FROM highlights UNION SELECT article_id FROM notes WHERE text != ''")
        return {r[0] for r in rows}

    # --- removed boilerplate ---------------------------------------------------------------

    def restore_removed(self, article_id: int, index: int) -> Article:
        """Put a removed block back into the body, where it stood; it stays restored."""
        with self.transaction() as db:
            article = self.get(article_id)
            if article is None:
                raise KeyError(article_id)
            block = article.removed[index]
            if block.restored:
                return article
            paragraphs = article.body.split("\n\n") if article.body else []
            # Positions count paragraphs of the cleaned body; earlier restorations shifted them.
            shift = sum(1 for b in article.removed[:index] if b.restored)
            at = min(block.position + shift, len(paragraphs))
            paragraphs.insert(at, block.text)
            block.restored = True
            # Entity offsets index the old body: drop them until the article is analysed again.
            db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
            db.execute(
                "UPDATE articles SET body = ?, removed = ?, analyzer_version = 0 WHERE id = ?",
                ("\n\n".join(paragraphs),
                 json.dumps([r.to_dict() for r in article.removed], ensure_ascii=False), article_id),
            )
        return self.get(article_id)

    def remove_again(self, article_id: int, index: int) -> Article:
        """Take a restored block out of the body again; it is removed text as before."""
        with self.transaction() as db:
            article = self.get(article_id)
            if article is None:
                raise KeyError(article_id)
            block = article.removed[index]
            if not block.restored:
                return article
            paragraphs = article.body.split("\n\n") if article.body else []
            at = _restored_at(article.removed, index, len(paragraphs))
            if at >= len(paragraphs) or paragraphs[at] != block.text:
                at = _nearest(paragraphs, block.text, at)  # (an older library's positions)
            if at is not None:
                paragraphs.pop(at)
            block.restored = False
            self._store_body(db, article, paragraphs)
        return self.get(article_id)

    def remove_paragraph(self, article_id: int, paragraph_index: int) -> Article:
        """Move a body paragraph the cleaner kept to the removed text (a block of rule "user"),
        where "Show removed text" shows it and Restore puts it back; a restored block is
        simply removed again."""
        with self.transaction() as db:
            article = self.get(article_id)
            if article is None:
                raise KeyError(article_id)
            paragraphs = article.body.split("\n\n") if article.body else []
            if not 0 <= paragraph_index < len(paragraphs):
                raise IndexError(f"article {article_id} has no paragraph {paragraph_index}")
            take_paragraph(paragraphs, article.removed, paragraph_index)
            self._store_body(db, article, paragraphs)
        return self.get(article_id)

    def _store_body(self, db, article: Article, paragraphs: list[str]) -> None:
        """Write a changed body and removed text; the names wait for the next analysis."""
        # Entity offsets index the old body: drop them until the article is analysed again.
        db.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
        db.execute(
            "UPDATE articles SET body = ?, removed = ?, analyzer_version = 0 WHERE id = ?",
            ("\n\n".join(paragraphs),
             json.dumps([r.to_dict() for r in article.removed], ensure_ascii=False), article.id),
        )

    # --- notes -----------------------------------------------------------------------------

    def note(self, article_id: int) -> str:
        row = self._db.execute("SELECT text FROM notes WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else ""

    def set_note(self, article_id: int, text: str, expected: str | None = None) -> None:
        """Store an article's note. With `expected`, only if the stored note is still that text
        (what the writer loaded): otherwise NoteConflict, carrying the stored note, and nothing
        is written, so a newer note from another window or the CLI is never overwritten."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise KeyError(article_id)
            if expected is not None:
                current = self.note(article_id)
                if current != expected:
                    raise NoteConflict(article_id, current)
            db.execute(
                "INSERT INTO notes(article_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(article_id)"
                " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                (article_id, text, now_iso()),
            )

    def data_version(self) -> int:
        """A number that changes whenever another connection (a process, a thread) commits."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def list_signature(self) -> tuple:
        """What the article list shows changes with this (count, newest id, latest import)."""
        return tuple(self._db.execute(
            "SELECT COUNT(*), MAX(id), MAX(imported_at), TOTAL(is_read), COUNT(archived_at),"
            " (SELECT COUNT(*) FROM article_tags), (SELECT COUNT(*) FROM trash) FROM articles").fetchone())

    def append_note(self, article_id: int, text: str) -> str:
        """Add a paragraph to a note; a window saving meanwhile loses nothing (tried again)."""
        for _attempt in range(20):
            current = self.note(article_id)
            joined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
            try:
                self.set_note(article_id, joined, expected=current)
                return joined
            except NoteConflict:
                continue
        raise NoteConflict(article_id, self.note(article_id))  # it keeps changing: nothing was appended
