"""What an export holds: the chosen articles with their notes, highlights and entities, and page names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from viewer.core.anchoring import anchor
from viewer.core.export.filenames import WIKILINK_UNSAFE, NameAllocator
from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES, Article
from viewer.core.store import backup
from viewer.core.store.library import Highlight, Library, Mention

FORMATS = ("md", "vault", "digest", "json", "html", "pdf")
FOLDER_FORMATS = frozenset({"md", "vault"})
SUFFIXES = {"digest": ".md", "json": ".json", "html": ".html", "pdf": ".pdf"}
FORMAT_NAMES = {
    "md": "Markdown (one file per article)",
    "vault": "Obsidian / Logseq vault",
    "digest": "Notes digest (one Markdown file)",
    "json": "JSON backup",
    "html": "HTML document",
    "pdf": "PDF document",
}
MANIFEST = ".article-viewer-export.json"
INDEX = "index"
FONT_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic")
ORPHANED = "no longer found in the article"
NOT_PLACED = "Highlights not found in the text"  # the section listing a text export's orphaned highlights
TOC_MIN_ARTICLES = 3

Progress = backup.Progress  # progress(done, total)
Cancelled = backup.Cancelled  # cancelled() -> True to stop


class ExportError(Exception):
    """An export that cannot be made; the message says why."""


class ExportExists(ExportError):
    """The output exists and `force` was not given; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; use force (--force) to replace it")
        self.path = path


@dataclass
class ExportResult:
    fmt: str
    out: Path
    articles: int = 0
    files: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # stale files of an earlier export at `out`
    cancelled: bool = False

    def summary(self) -> str:
        if self.cancelled:
            return "Export cancelled; nothing was written."
        text = f"Exported {self.articles} article{'s' * (self.articles != 1)} to {self.out}"
        return text + (f" ({len(self.files)} files)" if self.fmt in FOLDER_FORMATS else "")


# --- what an export reads ---------------------------------------------------------------------

@dataclass
class Entity:
    id: int
    type: str
    canonical: str
    aliases: list[str]


@dataclass
class Entry:
    """One article with what the exports show of it."""

    article: Article
    note: str
    highlights: list[Highlight]
    mentions: list[Mention]
    orphans: set[int] = field(default_factory=set)  # ids of highlights whose quote is gone
    places: dict[int, tuple[int, int]] = field(default_factory=dict)  # highlight id -> (start, end) in body

    @property
    def sort_key(self) -> tuple:
        a = self.article
        return (a.published or a.imported_at or "", a.id)


def collect(library: Library, article_ids: Iterable[int] | None, progress: Progress = None,
            cancelled: Cancelled = None) -> tuple[list[Entry], dict[int, Entity]] | None:
    """The scope's articles in reading order (published, then id) and their entities; None if cancelled."""
    ids = scope_ids(library, article_ids)
    entries, entities = [], {}
    for n, article_id in enumerate(ids, 1):
        if cancelled and cancelled():
            return None
        article = library.get(article_id)
        highlights = library.highlights(article_id)
        entry = Entry(article, library.note(article_id), highlights, library.mentions(article_id))
        found = [(h.id, anchor(article.body, h.selector)) for h in highlights]
        entry.places = {hid: place for hid, place in found if place is not None}
        entry.orphans = {h.id for h in highlights if h.id not in entry.places}
        for m in entry.mentions:
            if m.entity_id not in entities:
                entities[m.entity_id] = Entity(m.entity_id, m.type, m.canonical,
                                               library.entity_aliases(m.entity_id))
        entries.append(entry)
        if progress:
            progress(n, len(ids))
    entries.sort(key=lambda e: e.sort_key)
    return entries, entities


def scope_ids(library: Library, article_ids: Iterable[int] | None) -> list[int]:
    """The articles to export, in id order: all of them for None."""
    if article_ids is None:
        return library.article_ids()
    ids = sorted(dict.fromkeys(int(i) for i in article_ids))
    known = set(library.article_ids())
    missing = [i for i in ids if i not in known]
    if missing:
        raise ExportError(f"no article with id {', '.join(map(str, missing))} in the library")
    return ids


def web_link(article: Article) -> str | None:
    """The article's address if it is an http or https one (the only kind the library stores):
    the one check before any export writes it as a link."""
    url = (article.url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def type_order(entity_type: str) -> tuple[int, str]:
    return (ENTITY_TYPES.index(entity_type) if entity_type in ENTITY_TYPES else len(ENTITY_TYPES),
            entity_type)


def type_label(entity_type: str) -> str:
    return ENTITY_LABELS.get(entity_type, entity_type.title())


ENTITY_KEYS = {"PERSON": "people", "ORG": "organisations", "PLACE": "places", "PRODUCT": "products",
               "EVENT": "events"}  # the front-matter list of each entity type


def type_key(entity_type: str) -> str:
    """The front-matter key that lists an article's entities of this type."""
    return ENTITY_KEYS.get(entity_type, re.sub(r"\W+", "_", entity_type.lower()).strip("_") or "entities")


def published_date(article: Article) -> date | None:
    """The day the article was published (a date, for a front matter's `published`), if known."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", article.published or "")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def tags_line(article: Article) -> str:
    """"Tags: a, b · State: inbox", the line the digest, HTML and PDF give each article."""
    return f"Tags: {', '.join(article.tags) if article.tags else 'none'} · State: {article.state}"


def toc_wanted(count: int) -> bool:
    """Whether a document of `count` articles opens with a table of contents."""
    return count >= TOC_MIN_ARTICLES


def entities_by_type(entry: Entry, entities: dict[int, Entity]) -> dict[str, list[Entity]]:
    """The article's entities, grouped by type in the legend's order, sorted by name."""
    groups: dict[str, dict[int, Entity]] = {}
    for m in entry.mentions:
        groups.setdefault(m.type, {})[m.entity_id] = entities[m.entity_id]
    return {t: sorted(groups[t].values(), key=lambda e: (e.canonical, e.id))
            for t in sorted(groups, key=type_order)}


@dataclass
class PageNames:
    """File-name stems shared by every page of a vault, so each [[link]] names exactly one page."""

    articles: dict[int, str]
    entities: dict[int, str]

    def __post_init__(self) -> None:
        self.folded = {n.casefold() for n in (*self.articles.values(), *self.entities.values(), INDEX)}

    def alias_for(self, stem: str, name: str) -> list[str]:
        """[name] as an alias of page `stem` if the file is named otherwise and no page is named `name`."""
        return [name] if stem != name and name.casefold() not in self.folded else []


def page_names(entries: list[Entry], entities: dict[int, Entity]) -> PageNames:
    names = NameAllocator(".md", WIKILINK_UNSAFE, reserved=(INDEX,))
    entity_names = {
        e.id: names.take(e.canonical, fallback=f"entity {e.id}", hint=type_label(e.type))
        for e in sorted(entities.values(), key=lambda e: (type_order(e.type), e.canonical, e.id))
    }
    article_names = {
        en.article.id: names.take(en.article.title, fallback=f"article {en.article.id}",
                                  hint=en.article.source or "")
        for en in sorted(entries, key=lambda en: en.article.id)
    }
    return PageNames(article_names, entity_names)


# --- Markdown ---------------------------------------------------------------------------------
