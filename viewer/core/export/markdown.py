"""Markdown out: a page per article, entity pages and an index for a vault, a digest of notes."""

from __future__ import annotations

import re
from urllib.parse import quote

import yaml

from viewer.core.anchoring import anchor
from viewer.core.export.collect import (
    INDEX,
    ORPHANED,
    Entity,
    Entry,
    PageNames,
    entities_by_type,
    page_names,
    type_label,
    type_order,
    web_link,
)
from viewer.core.render import article_meta_line
from viewer.core.store.library import Highlight


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


_NOT_IN_AUTOLINKS = re.compile(r"[\x00-\x20\x7f<>]")


def autolink(url: str) -> str:
    """A web address as a Markdown autolink, <https://…>: what CommonMark refuses inside one
    (spaces, controls, < and >) percent-encoded."""
    return "<" + _NOT_IN_AUTOLINKS.sub(lambda m: quote(m.group(0), safe=""), url) + ">"


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
                       ("url", web_link(a)), ("imported", a.imported_at)):
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
            f"- {type_label(t)}: " + ", ".join(link(names.entities[e.id]) for e in group)
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
    parts = [front_matter(data), f"# {entity.canonical}", type_label(entity.type)]
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
        for etype in sorted({e.type for e in entities.values()}, key=type_order):
            group = sorted((e for e in entities.values() if e.type == etype),
                           key=lambda e: (e.canonical, e.id))
            parts.append(f"## {type_label(etype)}")
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
        url = web_link(a)
        if url:
            parts.append(autolink(url))
        if en.note.strip():
            parts.append(nest_headings(en.note.strip()))
        for h in en.highlights:
            parts.append(highlight_markdown(h, h.id in en.orphans))
    if not annotated:
        parts.append("No notes or highlights in these articles.")
    return "\n\n".join(parts) + "\n"


# --- HTML -------------------------------------------------------------------------------------


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
