"""What the analyser hands out: EntitySpan, one per mention, with its entity's canonical name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.core.entities.fields import Context
from viewer.core.entities.words import HANGUL
from viewer.core.model import ENTITY_TYPES

TYPES = ENTITY_TYPES


@dataclass
class EntitySpan:
    """One mention of an entity in the title or the body."""

    text: str
    type: str
    field: str  # "title", "deck" (its lines joined by line breaks) or "body"
    start: int
    end: int
    canonical: str
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "type": self.type, "field": self.field,
                "start": self.start, "end": self.end, "canonical": self.canonical}


def name_place_chains(ctx: Context) -> None:
    """A chain of places not otherwise named is the last known place (`미국 워싱턴`, `서울 마포구`);
    a place the gazetteer lists with its administrative ending is that place (`전주` is 전주시,
    as `제주` and `제주특별자치도` are 제주도 by the gazetteer's own aliases)."""
    gazetteer = ctx.gazetteer
    for c in ctx.chosen:
        if c.type != "PLACE" or c.partners or c.canonical not in (None, c.text):
            continue
        if " " in c.text:
            entry = gazetteer.get(c.text.rsplit(" ", 1)[1])
            if entry and entry.type == "PLACE":
                c.canonical = entry.canonical
        elif HANGUL.match(c.text) and gazetteer.get(c.text) is None:
            for unit in ("시", "군", "도"):
                entry = gazetteer.get(c.text + unit)
                if entry and entry.type == "PLACE":
                    c.canonical = entry.canonical
                    break


def in_language(name: str, surface: str, ctx: Context) -> tuple[str, str | None]:
    """The name an entity is shown under in this article's language, and the other-script name
    it is also known by (kept as an alias, so `Rotterdam` and `로테르담` are one entity).

    An English article shows the gazetteer's English name, or the article's own Latin surface;
    a Korean article shows the gazetteer's Hangul name.
    """
    entry = ctx.gazetteer.get(name)
    if ctx.language == "en" and HANGUL.search(name):
        latin = entry.latin if entry else None
        if latin is None and not HANGUL.search(surface):
            latin = surface
        return (latin, name) if latin else (name, None)
    if ctx.language == "ko" and entry is not None:
        if not HANGUL.search(name) and entry.hangul:
            return entry.hangul, name
        return name, entry.latin if entry.latin != name else None
    return name, None


# Words before an English name that are not part of it: an article, a title or a descriptor
# (`the United States`, `Superintendent Dana Whitlock`, `Rival Jinseong Electronics`).
_ENGLISH_LEAD = frozenset("""
the a an cllr cllr. councillor president vice prime minister secretary secretary-general
superintendent mayor governor senator sen. rep. representative dr. mr. mrs. ms. ceo chairman
chairwoman chair director professor prof. judge justice general gen. chief coach rival former
ambassador commissioner councilman councilwoman spokesman spokeswoman spokesperson analyst economist
founder co-founder cofounder principal captain capt. lt. sgt. detective officer king queen prince
princess pope bishop rev. dean chancellor premier speaker lawmaker manager executive engineer
reporter
""".split())
_LATIN_WORD = re.compile(r"[A-Za-z][\w.'’-]*")


def english_name_start(text: str, s: int, e: int) -> int:
    """Where an English name really starts: past the leading words that describe it, as long as a
    capitalised word follows (so `the Hague` is `Hague` too; the gazetteer links it all the same)."""
    while True:
        m = _LATIN_WORD.match(text, s)
        if not m or m.end() >= e or text[m.end()] != " " or m.group(0).lower() not in _ENGLISH_LEAD:
            return s
        nxt = m.end() + 1
        if nxt >= e or not text[nxt].isupper():
            return s
        s = nxt


def to_spans(ctx: Context) -> list[EntitySpan]:
    """The chosen mentions, sorted by (field, start), each with the other forms the article uses
    for the same entity (a linked pair is named by its first canonical, or its first member)."""
    spans = []
    for c in ctx.chosen:
        start = english_name_start(c.field.text, c.start, c.end)
        known = ctx.gazetteer.get
        if start != c.start and known(c.text) and not known(c.field.text[start:c.end]):
            start = c.start  # `The Hague`: the article is part of the known name
        if start != c.start:  # `the United States`: the article (or a title) is not the name
            old = c.text
            c.start = start  # the candidate's text is read from its field at its span
            if c.canonical in (None, old):
                c.canonical = c.text
        if c.partners:
            members = sorted(c.partners, key=lambda m: m.start)
            named = [m.canonical for m in members if m.canonical]
            name = named[0] if named else members[0].text
        else:
            name = c.canonical or c.text
        name, other = in_language(name, c.text, ctx)
        span = EntitySpan(c.text, c.type, c.field.name, c.start, c.end, name)
        if other:
            span.aliases.append(other)
        spans.append(span)
    forms: dict[tuple[str, str], list[str]] = {}
    for s in spans:
        seen = forms.setdefault((s.canonical, s.type), [])
        for form in (s.text, *s.aliases):
            if form not in seen:
                seen.append(form)
    for s in spans:
        s.aliases = [t for t in forms[(s.canonical, s.type)] if t != s.text]
    spans.sort(key=lambda s: (s.field, s.start))
    return spans
