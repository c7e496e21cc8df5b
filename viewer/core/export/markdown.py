"""Markdown out: a page per article, entity pages and an index for a vault, a digest of notes."""

from __future__ import annotations

import re
from urllib.parse import quote

import yaml

from viewer.core.anchoring import plain_quote
from viewer.core.export.article_text import mark_body
from viewer.core.export.collect import (
    INDEX,
    NOT_PLACED,
    ORPHANED,
    Entity,
    Entry,
    PageNames,
    entities_by_type,
    page_names,
    published_date,
    tags_line,
    toc_wanted,
    type_key,
    type_label,
    type_order,
    web_link,
)
from viewer.core.model import ENTITY_TYPES
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


_CUT_LINK = re.compile(r"\]\([^)\s]*$|^[^(\s]*\)")  # a link's address cut by the quote's end or start


def short_quote(h: Highlight, limit: int = 60) -> str:
    """A highlight's quote on one line, as the reader shows it, shortened to `limit` characters."""
    text = " ".join(_CUT_LINK.sub("", plain_quote(h.selector.quote)).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def note_callout(highlights: list[Highlight], pages: set[str] | None = None, links: bool = True) -> str:
    """The notes of highlights as Obsidian callouts (a block quote elsewhere), put after their paragraph."""
    out = []
    for h in highlights:
        note = h.note.strip() if links else unlink(h.note.strip(), pages)
        lines = [f"> [!note] “{short_quote(h)}”"]
        lines += [f"> {line}".rstrip() for line in nest_headings(note, 3).split("\n")]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def placed(entry: Entry) -> list[tuple[Highlight, int, int]]:
    """The entry's highlights that stand in its body, with where: (highlight, start, end)."""
    return [(h, *entry.places[h.id]) for h in entry.highlights if h.id in entry.places]


def text_markdown(entry: Entry, under: int, pages: set[str] | None = None, links: bool = True) -> str:
    """The body, highlights marked ==so==, notes after their paragraphs, headings below level `under`."""
    # links False: the notes' [[links]] to pages not in `pages` are written as words (see unlink).
    body = mark_body(entry.article.body, placed(entry), notes=lambda hs: note_callout(hs, pages, links))
    return nest_headings(body.strip("\n"), under)


_WIKILINK = re.compile(r"!?\[\[([^\[\]\n]+?)\]\]")


def unlink(text: str, pages: set[str] | None) -> str:
    """A note with each [[wikilink]] to a page not in `pages` (casefolded; None: none) written as words."""
    def words(m: re.Match[str]) -> str:
        target, _bar, label = m.group(1).partition("|")
        name = re.split(r"[#^]", target, maxsplit=1)[0].rsplit("/", 1)[-1].strip()
        if pages is not None and name.removesuffix(".md").casefold() in pages:
            return m.group(0)
        return (label or target).strip()

    return _WIKILINK.sub(words, text)


def obsidian_tag(tag: str) -> str:
    """A tag as Obsidian's `tags` property takes it: no spaces."""
    return "-".join(tag.split())


def article_front_matter(entry: Entry, entities: dict[int, Entity], names: PageNames,
                         wikilinks: bool) -> dict:
    """Flat properties, as Obsidian's Properties view shows them: no mapping inside another."""
    a = entry.article
    stem = names.articles[a.id]
    data: dict = {"title": a.title}
    for key, value in (("source", a.source), ("url", web_link(a))):
        if value:
            data[key] = value
    data["author"] = list(a.authors)
    if (day := published_date(a)) is not None:
        data["published"] = day
    data["tags"] = [obsidian_tag(t) for t in a.tags]
    data["aliases"] = names.alias_for(stem, a.title)
    data["state"] = a.state
    groups = entities_by_type(entry, entities)
    for etype in dict.fromkeys([*ENTITY_TYPES, *groups]):
        group = groups.get(etype, [])
        data[type_key(etype)] = [entity_link(e, names) if wikilinks else e.canonical for e in group]
    if a.imported_at:
        data["imported"] = a.imported_at
    data["highlights"] = len(entry.highlights)
    return data


def entity_link(entity: Entity, names: PageNames) -> str:
    """A [[wikilink]] to the entity's page, saying its name if the page is named otherwise."""
    stem = names.entities[entity.id]
    label = re.sub(r"[\[\]|]", " ", entity.canonical)
    return link(stem) if stem == entity.canonical else f"[[{stem}|{label}]]"


def article_markdown(entry: Entry, entities: dict[int, Entity], names: PageNames, notes_only: bool = False,
                     vault: bool = True, pages: set[str] | None = None) -> str:
    """One article's page: front matter, its marked text (unless notes_only), note, highlights, entities."""
    a = entry.article
    groups = entities_by_type(entry, entities)
    parts = [front_matter(article_front_matter(entry, entities, names, vault)), f"# {a.title}"]
    if not notes_only and a.body.strip():
        parts.append(text_markdown(entry, 1, pages, links=False))
    if entry.note.strip():
        parts += ["## Note", nest_headings(unlink(entry.note.strip(), pages))]
    shown = entry.highlights if notes_only else [h for h in entry.highlights if h.id in entry.orphans]
    if shown:
        parts.append("## Highlights" if notes_only else f"## {NOT_PLACED}")
        parts += [unlink(highlight_markdown(h, h.id in entry.orphans), pages) for h in shown]
    if groups:
        parts.append("## Entities")
        parts.append("\n".join(
            f"- {type_label(t)}: " + ", ".join(entity_link(e, names) if vault else e.canonical for e in group)
            for t, group in groups.items()))
    return "\n\n".join(parts) + "\n"


def _highlights_mentioning(entry: Entry) -> dict[int, list[Highlight]]:
    """entity id -> the article's highlights whose quote names it."""
    out: dict[int, list[Highlight]] = {}
    body_mentions = [m for m in entry.mentions if m.field == "body"]
    for h in entry.highlights:
        found = set()
        place = entry.places.get(h.id)
        for m in body_mentions:
            if place is not None:
                if m.start < place[1] and place[0] < m.end:
                    found.add(m.entity_id)
            elif m.text and m.text in h.selector.quote:  # orphaned: only the words are left to go by
                found.add(m.entity_id)
        for eid in sorted(found):
            out.setdefault(eid, []).append(h)
    return out


def entity_markdown(entity: Entity, entries: list[Entry], names: PageNames,
                    pages: set[str] | None = None) -> str:
    """An entity's page: every article and highlighted quote that mentions it (backlinks)."""
    aliases = [x for x in entity.aliases if x != entity.canonical]
    # Obsidian finds a page by its aliases too: the name itself, when the file is named otherwise.
    names_too = names.alias_for(names.entities[entity.id], entity.canonical)
    data: dict = {"type": entity.type.lower(), "aliases": names_too + aliases, "canonical": entity.canonical}
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
            section.append(unlink(highlight_markdown(h, h.id in en.orphans), pages))
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


def _link_text(text: str) -> str:
    return re.sub(r"([\[\]])", r"\\\1", text)


def _heading_target(heading: str) -> str:
    """A heading as the target of a Markdown link in the same file (Obsidian: "#Heading text")."""
    return "#" + re.sub(r"[%\s()<>\[\]]", lambda m: quote(m.group(0), safe=""), heading)


def unique_titles(entries: list[Entry]) -> list[str]:
    """Each entry's title, told apart from an earlier equal one by its source, else by a number."""
    seen: set[str] = set()
    out = []
    for en in entries:
        a = en.article
        title = " ".join(a.title.split())
        for candidate in (title, f"{title} ({a.source})" if a.source else "",
                          *(f"{title} ({n})" for n in range(2, len(entries) + 2))):
            if candidate and candidate.casefold() not in seen:
                seen.add(candidate.casefold())
                out.append(candidate)
                break
    return out


def digest_markdown(entries: list[Entry], notes_only: bool = False) -> str:
    """The annotated articles of a scope in one file: text (unless notes_only), notes, highlights."""
    annotated = [en for en in entries if en.note.strip() or en.highlights]
    data = {"title": "Notes digest", "articles": len(annotated)}
    parts = [front_matter(data), "# Notes digest"]
    titles = unique_titles(annotated)
    if toc_wanted(len(annotated)):
        parts.append("## Contents")
        parts.append("\n".join(f"{n}. [{_link_text(t)}]({_heading_target(t)})"
                               for n, t in enumerate(titles, 1)))
    for en, title in zip(annotated, titles, strict=True):
        a = en.article
        parts.append(f"## {title}")
        meta = article_meta_line(a)
        if meta:
            parts.append(meta)
        url = web_link(a)
        if url:
            parts.append(autolink(url))
        parts.append(tags_line(a))
        if notes_only:
            if en.note.strip():
                parts.append(nest_headings(en.note.strip()))
            for h in en.highlights:
                parts.append(highlight_markdown(h, h.id in en.orphans))
            continue
        if a.body.strip():
            parts.append(text_markdown(en, 2))
        if en.note.strip():
            parts += ["### Note", nest_headings(en.note.strip(), 3)]
        orphans = [h for h in en.highlights if h.id in en.orphans]
        if orphans:
            parts.append(f"### {NOT_PLACED}")
            parts += [highlight_markdown(h, True) for h in orphans]
    if not annotated:
        parts.append("No notes or highlights in these articles.")
    return "\n\n".join(parts) + "\n"


# --- HTML -------------------------------------------------------------------------------------


def markdown_files(entries: list[Entry], entities: dict[int, Entity],
                   notes_only: bool = False) -> dict[str, str]:
    """A page per article (relative path -> text); no page links to one it does not write."""
    names = page_names(entries, entities)
    return {f"{names.articles[en.article.id]}.md": article_markdown(en, entities, names, notes_only, False)
            for en in entries}


def vault_files(entries: list[Entry], entities: dict[int, Entity],
                notes_only: bool = False) -> dict[str, str]:
    """Article pages, entity pages and an index (relative path -> text); every [[link]] names one of them."""
    names = page_names(entries, entities)
    pages = {INDEX, *names.articles.values(), *names.entities.values()}
    folded = {p.casefold() for p in pages}
    files = {f"{INDEX}.md": index_markdown(entries, entities, names)}
    for en in entries:
        page = article_markdown(en, entities, names, notes_only, True, folded)
        files[f"articles/{names.articles[en.article.id]}.md"] = page
    for entity in entities.values():
        files[f"entities/{names.entities[entity.id]}.md"] = entity_markdown(entity, entries, names, folded)
    return files
