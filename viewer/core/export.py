"""Export: Markdown pages, an Obsidian/Logseq vault, a notes digest, a JSON backup, one HTML document.

Output is deterministic (sorted, no current time), so exporting twice gives the same files. Every
file is written under a temporary name and renamed into place; an existing export is replaced only
with `force`. PDF is made by viewer.ui.pdf (it needs Qt), from `html_document`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from viewer.core.anchoring import anchor
from viewer.core.filenames import WIKILINK_UNSAFE, NameAllocator, UnsafePath, atomic_write_text, inside
from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES, Article
from viewer.core.palette import HIGHLIGHT_COLORS
from viewer.core.render import article_meta_line, markdown_to_html
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
        entry.orphans = {h.id for h in highlights if anchor(article.body, h.selector) is None}
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


def _type_order(entity_type: str) -> tuple[int, str]:
    return (ENTITY_TYPES.index(entity_type) if entity_type in ENTITY_TYPES else len(ENTITY_TYPES),
            entity_type)


def _label(entity_type: str) -> str:
    return ENTITY_LABELS.get(entity_type, entity_type.title())


def entities_by_type(entry: Entry, entities: dict[int, Entity]) -> dict[str, list[Entity]]:
    """The article's entities, grouped by type in the legend's order, sorted by name."""
    groups: dict[str, dict[int, Entity]] = {}
    for m in entry.mentions:
        groups.setdefault(m.type, {})[m.entity_id] = entities[m.entity_id]
    return {t: sorted(groups[t].values(), key=lambda e: (e.canonical, e.id))
            for t in sorted(groups, key=_type_order)}


@dataclass
class PageNames:
    """File-name stems shared by every page of a vault, so each [[link]] names exactly one page."""

    articles: dict[int, str]
    entities: dict[int, str]


def page_names(entries: list[Entry], entities: dict[int, Entity]) -> PageNames:
    names = NameAllocator(".md", WIKILINK_UNSAFE, reserved=(INDEX,))
    entity_names = {
        e.id: names.take(e.canonical, fallback=f"entity {e.id}", hint=_label(e.type))
        for e in sorted(entities.values(), key=lambda e: (_type_order(e.type), e.canonical, e.id))
    }
    article_names = {
        en.article.id: names.take(en.article.title, fallback=f"article {en.article.id}",
                                  hint=en.article.source or "")
        for en in sorted(entries, key=lambda en: en.article.id)
    }
    return PageNames(article_names, entity_names)


# --- Markdown ---------------------------------------------------------------------------------

def front_matter(data: dict) -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000,
                            default_flow_style=False)
    return f"---\n{dumped}---"


_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def nest_headings(text: str, under: int = 2) -> str:
    """Push a note's own headings down, so that its top ones sit one level below a level-`under` section."""
    lines = text.split("\n")
    heading_at: dict[int, re.Match[str]] = {}
    fence = ""
    for n, line in enumerate(lines):
        m = _FENCE.match(line)
        if m and (not fence or m.group(1).startswith(fence)):
            fence = "" if fence else m.group(1)[0] * 3
        elif not fence and (h := _HEADING.match(line)):
            heading_at[n] = h
    if not heading_at:
        return text
    shift = max(0, under + 1 - min(len(h.group(2)) for h in heading_at.values()))
    for n, h in heading_at.items():
        lines[n] = h.group(1) + "#" * min(6, len(h.group(2)) + shift) + lines[n][h.end():]
    return "\n".join(lines)


def blockquote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip("\n").split("\n"))


def link(stem: str) -> str:
    return f"[[{stem}]]"


def highlight_markdown(h: Highlight, orphaned: bool) -> str:
    meta = f"Colour: {h.color}" + (f" · {ORPHANED}" if orphaned else "")
    parts = [blockquote(h.selector.quote), meta]
    if h.note.strip():
        parts.append(nest_headings(h.note.strip()))
    return "\n\n".join(parts)


def article_markdown(entry: Entry, entities: dict[int, Entity], names: PageNames) -> str:
    """One article's page: front matter, the note, the highlights, the entities as [[wikilinks]]."""
    a = entry.article
    groups = entities_by_type(entry, entities)
    data: dict = {"title": a.title}
    for key, value in (("source", a.source), ("author", a.author), ("published", a.published),
                       ("imported", a.imported_at)):
        if value:
            data[key] = value
    if groups:
        data["entities"] = {t.lower(): [e.canonical for e in group] for t, group in groups.items()}
    data["highlights"] = len(entry.highlights)
    parts = [front_matter(data), f"# {a.title}"]
    if entry.note.strip():
        parts += ["## Note", nest_headings(entry.note.strip())]
    if entry.highlights:
        parts.append("## Highlights")
        parts += [highlight_markdown(h, h.id in entry.orphans) for h in entry.highlights]
    if groups:
        parts.append("## Entities")
        parts.append("\n".join(
            f"- {_label(t)}: " + ", ".join(link(names.entities[e.id]) for e in group)
            for t, group in groups.items()))
    return "\n\n".join(parts) + "\n"


def _highlights_mentioning(entry: Entry) -> dict[int, list[Highlight]]:
    """entity id -> the article's highlights whose quote names it."""
    out: dict[int, list[Highlight]] = {}
    body_mentions = [m for m in entry.mentions if m.field == "body"]
    for h in entry.highlights:
        found = set()
        place = anchor(entry.article.body, h.selector)
        for m in body_mentions:
            if place is not None:
                if m.start < place[1] and place[0] < m.end:
                    found.add(m.entity_id)
            elif m.text and m.text in h.selector.quote:  # orphaned: only the words are left to go by
                found.add(m.entity_id)
        for eid in sorted(found):
            out.setdefault(eid, []).append(h)
    return out


def entity_markdown(entity: Entity, entries: list[Entry], names: PageNames) -> str:
    """An entity's page: every article and highlighted quote that mentions it (backlinks)."""
    data = {"type": entity.type.lower(), "canonical": entity.canonical}
    aliases = [x for x in entity.aliases if x != entity.canonical]
    if aliases:
        data["aliases"] = aliases
    mentioning = [en for en in entries if any(m.entity_id == entity.id for m in en.mentions)]
    data["articles"] = len(mentioning)
    parts = [front_matter(data), f"# {entity.canonical}", _label(entity.type)]
    if aliases:
        parts[-1] += " · also written " + ", ".join(aliases)
    parts.append("## Articles")
    for en in mentioning:
        surfaces = list(dict.fromkeys(m.text for m in en.mentions if m.entity_id == entity.id))
        meta = article_meta_line(en.article)
        section = [f"### {link(names.articles[en.article.id])}"]
        if meta:
            section.append(meta)
        section.append("Mentioned as " + ", ".join(f"“{s}”" for s in surfaces))
        for h in _highlights_mentioning(en).get(entity.id, []):
            section.append(highlight_markdown(h, h.id in en.orphans))
        parts.append("\n\n".join(section))
    return "\n\n".join(parts) + "\n"


def index_markdown(entries: list[Entry], entities: dict[int, Entity], names: PageNames) -> str:
    data = {"title": "Article Viewer export", "articles": len(entries), "entities": len(entities)}
    parts = [front_matter(data), "# Articles"]
    lines = []
    for en in entries:
        meta = article_meta_line(en.article)
        lines.append(f"- {link(names.articles[en.article.id])}" + (f" — {meta}" if meta else ""))
    parts.append("\n".join(lines) if lines else "No articles.")
    if entities:
        parts.append("# Entities")
        count = {eid: sum(1 for en in entries if any(m.entity_id == eid for m in en.mentions))
                 for eid in entities}
        for etype in sorted({e.type for e in entities.values()}, key=_type_order):
            group = sorted((e for e in entities.values() if e.type == etype),
                           key=lambda e: (e.canonical, e.id))
            parts.append(f"## {_label(etype)}")
            parts.append("\n".join(f"- {link(names.entities[e.id])} ({count[e.id]})" for e in group))
    return "\n\n".join(parts) + "\n"


def digest_markdown(entries: list[Entry]) -> str:
    """All notes and highlights of a scope in one file; articles without either are left out."""
    annotated = [en for en in entries if en.note.strip() or en.highlights]
    data = {"title": "Notes digest", "articles": len(annotated)}
    parts = [front_matter(data), "# Notes digest"]
    for en in annotated:
        a = en.article
        parts.append(f"## {a.title}")
        meta = article_meta_line(a)
        if meta:
            parts.append(meta)
        if en.note.strip():
            parts.append(nest_headings(en.note.strip()))
        for h in en.highlights:
            parts.append(highlight_markdown(h, h.id in en.orphans))
    if not annotated:
        parts.append("No notes or highlights in these articles.")
    return "\n\n".join(parts) + "\n"


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body {{ font-family: {fonts}, sans-serif; color: #1b1b1b; line-height: 1.55; }}
h1 {{ font-size: 20pt; margin-bottom: 4pt; }}
h2 {{ font-size: 13pt; margin-top: 14pt; }}
.deck {{ color: #444444; font-style: italic; margin: 2pt 0; }}
.meta {{ color: #666666; font-size: 9pt; }}
.quote {{ margin: 8pt 0 2pt 0; padding: 4pt 8pt; }}
.hl-meta {{ color: #666666; font-size: 9pt; margin: 0 0 4pt 0; }}
.orphaned {{ color: #a61e1e; }}
""".format(fonts=", ".join(f'"{f}"' for f in FONT_FAMILIES))


def _highlight_html(h: Highlight, orphaned: bool) -> str:
    colour = HIGHLIGHT_COLORS.get(h.color, ("#eeeeee", ""))[0]
    quote = "<br>".join(html.escape(line) for line in h.selector.quote.strip("\n").split("\n"))
    meta = f"Colour: {html.escape(h.color)}"
    if orphaned:
        meta += f' · <span class="orphaned">{ORPHANED}</span>'
    parts = [f'<blockquote class="quote" style="background-color: {colour}">{quote}</blockquote>',
             f'<p class="hl-meta">{meta}</p>']
    if h.note.strip():
        parts.append(markdown_to_html(nest_headings(h.note)))
    return "\n".join(parts)


def article_html_section(entry: Entry, first: bool) -> str:
    a = entry.article
    style = "" if first else ' style="page-break-before: always"'
    parts = [f'<div class="article"{style}>', f"<h1>{html.escape(a.title)}</h1>"]
    parts += [f'<p class="deck">{html.escape(line)}</p>' for line in a.deck]
    meta = article_meta_line(a)
    if meta:
        parts.append(f'<p class="meta">{html.escape(meta)}</p>')
    if entry.note.strip():
        parts += ["<h2>Note</h2>", markdown_to_html(nest_headings(entry.note))]
    if entry.highlights:
        parts.append("<h2>Highlights</h2>")
        parts += [_highlight_html(h, h.id in entry.orphans) for h in entry.highlights]
    if not entry.note.strip() and not entry.highlights:
        parts.append('<p class="meta">No notes or highlights.</p>')
    parts.append("</div>")
    return "\n".join(parts)


def html_document(entries: list[Entry], title: str = "Article Viewer export") -> str:
    """One printable HTML document: each article's header, note (sanitised Markdown) and highlights."""
    sections = [article_html_section(en, i == 0) for i, en in enumerate(entries)]
    if not sections:
        sections = ["<p>No articles.</p>"]
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


# --- writing ----------------------------------------------------------------------------------

def default_name(fmt: str) -> str:
    """The name the window proposes for an export of this format."""
    return {"md": "Article Viewer export", "vault": "Article Viewer vault", "digest": "Notes digest.md",
            "json": "Article Viewer backup.json", "html": "Article Viewer export.html",
            "pdf": "Article Viewer export.pdf"}[fmt]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    return fmt


def existing_output(fmt: str, out: Path) -> Path | None:
    """The existing file or non-empty folder an export to `out` would replace, else None.

    Raises ExportError when `out` is the wrong kind of thing (a file where a folder goes, or the reverse).
    """
    out = Path(out)
    if check_format(fmt) in FOLDER_FORMATS:
        if out.is_dir():
            return out if any(out.iterdir()) else None
        if out.exists():
            raise ExportError(f"{out} is a file; a {fmt} export needs a folder")
        return None
    if out.is_dir():
        raise ExportError(f"{out} is a folder; a {fmt} export is one file")
    return out if out.exists() else None


def prepare_output(fmt: str, out: Path, force: bool) -> None:
    """Refuse to replace an existing export without force; create the parent folder."""
    existing = existing_output(fmt, out)
    if existing is not None and not force:
        raise ExportExists(existing)
    Path(out).parent.mkdir(parents=True, exist_ok=True)


def write_folder(out: Path, files: dict[str, str], fmt: str) -> tuple[list[Path], list[Path]]:
    """Write files (relative path -> text) into `out`; remove pages an earlier export there wrote and
    this one does not. Returns (written, removed)."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        targets = {rel: inside(out, rel) for rel in files}  # every path checked before anything is written
        old = _read_manifest(out)
        written = []
        for rel in sorted(files):
            targets[rel].parent.mkdir(parents=True, exist_ok=True)
            inside(out, rel)  # a folder made just now must not be a symlink planted since
            atomic_write_text(targets[rel], files[rel])
            written.append(targets[rel])
    except UnsafePath as exc:
        raise ExportError(str(exc)) from None
    removed = []
    for rel in sorted(set(old) - set(files)):
        try:
            stale = inside(out, rel)
        except UnsafePath:
            continue
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            removed.append(stale)
            parent = stale.parent
            if parent != out and not any(parent.iterdir()):
                parent.rmdir()
    manifest = {"format": fmt, "files": sorted(files)}
    atomic_write_text(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return written, removed


def _read_manifest(out: Path) -> list[str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return [str(x) for x in data.get("files", [])]
    except (OSError, ValueError, AttributeError):
        return []


def markdown_files(entries: list[Entry], entities: dict[int, Entity]) -> dict[str, str]:
    names = page_names(entries, entities)
    return {f"{names.articles[en.article.id]}.md": article_markdown(en, entities, names) for en in entries}


def vault_files(entries: list[Entry], entities: dict[int, Entity]) -> dict[str, str]:
    names = page_names(entries, entities)
    files = {f"{INDEX}.md": index_markdown(entries, entities, names)}
    for en in entries:
        files[f"articles/{names.articles[en.article.id]}.md"] = article_markdown(en, entities, names)
    for entity in entities.values():
        files[f"entities/{names.entities[entity.id]}.md"] = entity_markdown(entity, entries, names)
    return files


def export_library(library: Library, fmt: str, out: Path, article_ids: list[int] | None = None,
                   force: bool = False, progress: Progress = None,
                   cancelled: Cancelled = None) -> ExportResult:
    """Export articles (all for None) as md, vault, digest, json or html to `out` (a folder for md and
    vault, else a file). Nothing is written if cancelled or if `out` exists without force."""
    out = Path(out)
    if check_format(fmt) == "pdf":
        raise ExportError("PDF is made by viewer.ui.pdf.export_pdf (it needs Qt)")
    prepare_output(fmt, out, force)
    result = ExportResult(fmt, out)
    if fmt == "json":
        ids = None if article_ids is None else scope_ids(library, article_ids)
        doc = backup.build_backup(library, ids, progress, cancelled)
        if doc is None:
            result.cancelled = True
            return result
        atomic_write_text(out, backup.dumps(doc))
        result.articles, result.files = len(doc["articles"]), [out]
        return result
    collected = collect(library, article_ids, progress, cancelled)
    if collected is None:
        result.cancelled = True
        return result
    entries, entities = collected
    result.articles = len(entries)
    if fmt in FOLDER_FORMATS:
        files = markdown_files(entries, entities) if fmt == "md" else vault_files(entries, entities)
        result.files, result.removed = write_folder(out, files, fmt)
    else:
        text = digest_markdown(entries) if fmt == "digest" else html_document(entries)
        atomic_write_text(out, text)
        result.files = [out]
    return result
