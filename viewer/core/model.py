"""Plain data types shared by the core, the CLI and the window."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

# The one list of entity types, in the order the reader's legend, menus and exports show them.
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "PRODUCT", "EVENT")
UNTITLED = "(untitled)"  # the title stored for an article that has none
ENTITY_LABELS = {"PERSON": "Person", "ORG": "Organisation", "PLACE": "Place",
                 "PRODUCT": "Product", "EVENT": "Event"}


@dataclass
class RemovedBlock:
    """A piece of boilerplate that cleaning dropped, kept so the reader can show or restore it."""

    text: str
    rule: str
    # Index of the body paragraph the block stood before (len(paragraphs) = after the last).
    position: int
    restored: bool = False

    def to_dict(self) -> dict:
        d = {"text": self.text, "rule": self.rule, "position": self.position}
        if self.restored:
            d["restored"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict) -> RemovedBlock:
        return cls(text=d["text"], rule=d.get("rule", ""), position=int(d.get("position", 0)),
                   restored=bool(d.get("restored", False)))


@dataclass
class CleanedArticle:
    """The result of cleaning one pasted or extracted article."""

    title: str
    body: str  # Markdown
    deck: list[str] = field(default_factory=list)
    removed: list[RemovedBlock] = field(default_factory=list)
    source: str | None = None
    author: str | None = None
    published: str | None = None
    title_derived: bool = False
    updated: str | None = None  # the last update the page prints, if it prints one


def cleaned_columns(cleaned: CleanedArticle) -> dict:
    """What cleaning decides of a stored article, as the articles table holds it."""
    return {
        "title": cleaned.title or UNTITLED,
        "deck": json.dumps(cleaned.deck, ensure_ascii=False),
        "source": cleaned.source,
        "author": cleaned.author,
        "published": cleaned.published,
        "body": cleaned.body,
        "removed": json.dumps([r.to_dict() for r in cleaned.removed], ensure_ascii=False),
        "title_derived": int(cleaned.title_derived),
        "updated": cleaned.updated,
    }


@dataclass
class ImportedDocument:
    """A file read and decoded, before cleaning."""

    fmt: str  # "txt", "md" or "html"
    raw: str  # the decoded file as given
    text: str  # the article text to clean (for HTML: the extracted text)
    path: Path | None = None
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)  # title/author/source/published found by the importer
    url: str | None = None  # the page's address: canonical, else fetched from, else copied from


class ImportFailed(Exception):
    """A file that cannot be imported; the message names the file and the reason."""


@dataclass
class ArticleSummary:
    """What the article list shows: no body."""

    id: int
    title: str
    source: str | None
    author: str | None
    published: str | None
    imported_at: str
    is_read: bool
    url: str | None = None
    archived: bool = False  # in the Archive, not the Inbox
    tags: list[str] = field(default_factory=list)


@dataclass
class Article:
    """One stored article with everything the reading pane needs."""

    id: int
    title: str
    body: str
    deck: list[str]
    removed: list[RemovedBlock]
    source: str | None
    author: str | None
    published: str | None
    raw: str
    fmt: str
    content_hash: str
    imported_at: str
    is_read: bool
    position: float
    path: str | None = None
    url: str | None = None
    analyzer_version: int = 0  # the analyser that found its names (0: not analysed yet)
    title_derived: bool = False  # the title was made from the first sentence, not found
    updated: str | None = None  # the last update the page printed
    archived_at: str | None = None  # when it went to the Archive; None: in the Inbox
    edited: list[str] = field(default_factory=list)  # fields the user set (EDITABLE_FIELDS)
    tags: list[str] = field(default_factory=list)

    @property
    def authors(self) -> list[str]:
        """The authors one by one (the library stores them joined by ", ")."""
        return split_authors(self.author)

    @property
    def state(self) -> str:
        return "archive" if self.archived_at else "inbox"


# The fields a user may edit (Library.edit_article); an edited field is never overwritten by
# re-cleaning or re-analysis.
EDITABLE_FIELDS = ("title", "source", "author", "published", "url")
STATES = ("inbox", "archive")


def split_authors(author: str | None) -> list[str]:
    return [a.strip() for a in (author or "").split(", ") if a.strip()]

