"""Choosing among the candidates, the model's mentions merged with the rules', consistency.

select keeps non-overlapping mentions, join_places makes an address one place, spread gives a
typed name's type to its other mentions and short forms (and links a bare surname or a
company's short form to its full name). With the model, with_model decides PERSON, ORG and
PLACE in Korean paragraphs and the rules keep the rest, through the reader view.
"""

from __future__ import annotations

from operator import attrgetter

from viewer.core.entities.crf import EntityModel, FeatureEncoder, ItemSequence
from viewer.core.entities.fields import (
    TIER_SPREAD,
    TIER_STRONG,
    Candidate,
    Context,
    Field,
    Occupied,
    occurrences,
)
from viewer.core.entities.gazetteer import Gazetteer
from viewer.core.entities.reader_view import reader_view
from viewer.core.entities.words import (
    ADDRESS_ENDINGS,
    DIRECTIONS,
    EN_ORG_WORDS,
    HANGUL,
    HANJA_RUN,
    NOUN_TYPE,
    PAIR_SYLLABLES,
    SPACED_SUFFIXES,
    STOP_WORDS,
    common_nouns,
    korean_name_in_latin,
    name_shaped,
)

_TIER_OF = attrgetter("tier")


def select(ctx: Context) -> None:
    """Non-overlapping mentions among the typed candidates: stronger evidence first, then the
    longer span. A run led by a known name (`이란 첸`) stands only with a cue before it."""
    cands = [c for c in ctx.candidates if c.type and not (
        c.gaz_initial and c.cue not in ("apposition", "descriptor", "link"))]
    chosen: list[Candidate] = []
    occupied: dict[int, Occupied] = {}
    for c in sorted(cands, key=lambda c: (c.tier, c.start - c.end, c.start)):
        taken = occupied.setdefault(id(c.field), Occupied())
        if not taken.overlaps(c.start, c.end):
            chosen.append(c)
            taken.add(c.start, c.end)
    ctx.chosen = chosen


def join_places(ctx: Context) -> None:
    """An address or a region is one place: `서울 강남구 논현동`, `텍사스 북부`.

    Two place names in a row stay two (`중국 상하이`) unless the later one is an
    administrative unit of the earlier.
    """
    out: list[Candidate] = []
    for c in sorted(ctx.chosen, key=lambda c: (c.field.name, c.start)):
        prev = out[-1] if out else None
        if (prev and prev.field is c.field and prev.type == c.type == "PLACE"
                and not prev.partners and not c.partners
                and c.field.text[prev.end:c.start] == " " and c.text.endswith(ADDRESS_ENDINGS)):
            joined = Candidate(c.field, prev.start, c.end)
            joined.set("PLACE", max(prev.tier, c.tier), "address")
            out[-1] = joined
            continue
        out.append(c)
    for c in out:
        nxt = c.field.next_word(c.end) if c.type == "PLACE" and not c.partners else None
        if nxt and c.field.tail(c.end) == (c.end, c.end):
            ss, se = c.field.stem(*nxt)
            if ss == nxt[0] and c.field.text[ss:se] in DIRECTIONS:
                c.end, c.canonical = se, None
    ctx.chosen = out


def spread(ctx: Context) -> None:
    """Consistency: a typed name keeps its type at its other mentions and short forms."""
    fields, chosen = ctx.fields, ctx.chosen
    known: dict[str, Candidate] = {}
    for c in sorted(chosen, key=_TIER_OF):
        known.setdefault(c.text, c)
    short: dict[str, Candidate] = {}
    surnamed: dict[str, dict[str, Candidate]] = {}  # `Park`: the people of that surname, by name
    for surface, c in known.items():
        if c.type == "PERSON":
            words = surface.split()
            if korean_name_in_latin(words):  # surname first: `Park said` after `Park Chang-gil`
                surnamed.setdefault(words[0], {}).setdefault(c.canonical or surface, c)
            elif len(words) > 1 and len(words[-1]) >= 2 and words[-1] not in NOUN_TYPE:
                short.setdefault(words[-1], c)  # `쇼함` after `요아브 쇼함`, not `주석`
    for surname, people in surnamed.items():
        if len(people) == 1:  # two Parks in one article: a bare `Park` could be either
            short.setdefault(surname, next(iter(people.values())))
    short_orgs = _link_short_forms(known, chosen, ctx.gazetteer)
    if short:
        for c in chosen:  # a short form typed on its own evidence still names the same person
            full = short.get(c.text)
            if full and c.type == "PERSON" and not c.partners:
                c.canonical = full.canonical or full.text
        for surface, src in short.items():
            known.setdefault(surface, src)
    for surface, src in short_orgs.items():  # `Tidewell` wherever `Tidewell Robotics` is
        known.setdefault(surface, src)
    for f in fields:
        taken = Occupied((c.start, c.end) for c in chosen if c.field is f)
        for surface, src in known.items():
            if len(surface) < 2 and not HANJA_RUN.fullmatch(surface):
                continue
            for s, e in occurrences(f, surface, taken):
                c = Candidate(f, s, e, canonical=src.canonical or src.text)
                c.set(src.type, TIER_SPREAD, "consistency")
                if surface == src.text:
                    c.partners, c.canonical = src.partners, src.canonical
                chosen.append(c)
                taken.add(s, e)


def _link_short_forms(known: dict[str, Candidate], chosen: list[Candidate],
                      gazetteer: Gazetteer) -> dict[str, Candidate]:
    """Give a bare surname and a company's short form their full name's canonical; return
    the short forms of companies (`Tidewell` of `Tidewell Robotics`) to spread."""
    short_orgs: dict[str, Candidate] = {}
    by_surname: dict[str, set[str]] = {}
    for surface, c in known.items():
        words = surface.split(" ")
        if c.type == "ORG" and len(words) > 1 and (words[-1] in EN_ORG_WORDS
                                                   or words[-1] in SPACED_SUFFIXES):
            head = " ".join(words[:-1])
            if not (gazetteer.get(head) or head in STOP_WORDS or head in common_nouns()):
                short_orgs.setdefault(head, c)  # not `Busan` of `Busan Bank`
        elif c.type == "PERSON" and name_shaped(surface):
            surname = surface[:2] if len(surface) == 4 else surface[0]
            by_surname.setdefault(surname, set()).add(c.canonical or surface)
    for c in chosen:  # `윤 대표` after `윤재석`: the one person of that surname in the article
        full = by_surname.get(c.text) if c.type == "PERSON" else None
        if full and len(full) == 1:
            c.canonical = next(iter(full))
        org = short_orgs.get(c.text) if c.type == "ORG" and not c.partners else None
        if org is not None:  # `Tidewell` after `Tidewell Robotics`: the same company
            c.canonical = org.canonical or org.text
    return short_orgs


def with_model(ctx: Context, model: EntityModel, reader: bool = True) -> None:
    """The model bounds and types people, organisations and places in Korean text.

    The rules keep what the model does not decide: products and events, linked pairs
    (`해리 슘(Harry Shum)`, which take the model's type when it finds the same name), known
    names of several words (`잉글랜드 프리미어리그`) and paragraphs without Hangul; known
    names (the gazetteer's) and Latin names stand where the model found nothing. Other rule
    mentions of PERSON, ORG or PLACE in Korean text stand only where the model agrees on
    their span. In the reader's view (reader, the default) the model's mentions pass through
    reader_view, and a Korean name whose own ending says what it is (`화정면`, `미래로투자증권`)
    also stands where the model found nothing; in KLUE's view the model's mentions stand as the
    model learned them from KLUE.
    """
    fields, chosen, gazetteer = ctx.fields, ctx.chosen, ctx.gazetteer
    out: list[Candidate] = []
    encoder = model.encoder(gazetteer)
    ruled = {c.text: c.type for c in chosen}
    for f in fields:
        mine = [c for c in chosen if c.field is f]
        seqs = encode_field(f, mine, encoder)
        if not seqs:
            out += mine
            continue
        found = [m for seq in seqs for m in model.mentions(seq, f.text)]
        if reader:
            found = reader_view(f, found, mine, gazetteer)
        out += _merge(f, mine, found, gazetteer, keep_suffixed=reader)
    ctx.chosen = _agree(out, ruled)


def encode_field(f: Field, chosen: list[Candidate], encoder: FeatureEncoder) -> list[ItemSequence]:
    """A field's item sequences as the encoder makes them, with the chosen mentions as features."""
    rule_spans = [(c.start, c.end, c.type, c.cue) for c in chosen if c.field is f]
    return encoder.encode(f.name, f.text, f.tok_start, f.tok_end, f.tok_tag, f.tok_form,
                          f.paragraphs, rule_spans, f.gazetteer_spans)


def _merge(f: Field, rule: list[Candidate], found: list[tuple[int, int, str]],
           gazetteer: Gazetteer, keep_suffixed: bool = False) -> list[Candidate]:
    """Rule mentions the model does not decide, then the model's, then known names (the
    gazetteer's) and Latin names where the model found nothing."""
    model = {(s, e): t for s, e, t in found}

    def ruled(c: Candidate) -> bool:
        if not f.in_korean(c.start):
            return True  # a paragraph without Hangul: the model never saw it
        if c.partners or c.cue == "gazetteer" and " " in c.text:
            return True  # a link; a known name of several words (`잉글랜드 프리미어리그`)
        if c.type == "PRODUCT" and c.cue not in ("gazetteer", "link") \
                and model.get((c.start, c.end)) == "PERSON" and name_shaped(c.text):
            return False  # `모델 장윤주`: a person's name after a word that cues products
        return c.type in ("PRODUCT", "EVENT")

    keep = [c for c in rule if ruled(c)]
    taken = Occupied((c.start, c.end) for c in keep)
    by_span = {(c.start, c.end): c for c in rule}
    by_end = {c.end: c for c in keep if c.partners and HANGUL.search(c.text)}
    for s, e, t in found:
        c = by_end.get(e)
        if c is not None and c.type and not c.type == t == "PLACE" and any(
                gazetteer.get(d.text) for d in c.partners):
            continue  # `미국 연방준비제도(Fed)`: a known name keeps its type and its extent
            # (a known place may still head a chain, `일본 교토(京都)`, as KLUE tags it)
        if c is not None and s <= c.start and c.type not in ("PRODUCT", "EVENT"):
            if s < c.start and not taken.overlaps(s, c.start):
                c.start = s  # `일본 교토(京都)`, `우로시다니 마사요시(漆谷正義)`: the whole name
                taken.add(s, c.end)
            for d in c.partners:  # a linked pair takes the model's type on both sides
                d.type, d.cue = t, "model"
            continue
        if taken.overlaps(s, e):
            continue
        c = by_span.get((s, e)) or Candidate(f, s, e)
        c.type, c.tier, c.cue = t, TIER_STRONG, "model"
        if e == s + 1 and t == "PLACE" and f.text[s] in PAIR_SYLLABLES:
            entry = gazetteer.get(PAIR_SYLLABLES[f.text[s]])
            c.canonical = entry.canonical if entry else None  # `미` is 미국
        keep.append(c)
        taken.add(s, e)
    kept = set(map(id, keep))
    for c in rule:  # known names and Latin ones where the model found nothing
        if id(c) not in kept and (c.cue == "gazetteer" or not HANGUL.search(c.text)
                                  or keep_suffixed and c.cue in ("suffix", "quoted")
                                  and c.type in ("ORG", "PLACE")) \
                and not taken.overlaps(c.start, c.end):
            keep.append(c)
            taken.add(c.start, c.end)
    return keep


def _agree(chosen: list[Candidate], ruled: dict[str, str]) -> list[Candidate]:
    """One name, one type: where the model types a name's mentions differently and one
    agrees with the rules' type for the name, all take it (`업체 바이온` … `바이온의`)."""
    by_text: dict[str, list[Candidate]] = {}
    for c in chosen:
        if c.cue == "model":
            by_text.setdefault(c.text, []).append(c)
    for text, group in by_text.items():
        types = {c.type for c in group}
        if len(types) > 1 and ruled.get(text) in types:
            for c in group:
                c.type = ruled[text]
    return chosen
