"""The entity analyser: its stages and the order they run in (being split into modules).

See the package docstring for the design.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from viewer.core.entities.crf import EntityModel, FeatureEncoder, ItemSequence, full_encoder, get_entity_model
from viewer.core.entities.gazetteer import Gazetteer, default_gazetteer
from viewer.core.entities.words import (
    ADDRESS_ENDINGS,
    ANONYMISED,
    APPOSITION_ENDINGS,
    BOUND_NOUNS,
    CLOSE_QUOTES,
    COUNTRY_SYLLABLES,
    DIRECTIONS,
    EN_HONORIFICS,
    EN_ORG_BEFORE,
    EN_ORG_WORDS,
    EN_PERSON_AFTER,
    EN_PERSON_BEFORE,
    EN_PLACE_BEFORE,
    EN_PRODUCT_AFTER,
    EVENT_NOUNS,
    FUNCTIONAL_TAGS,
    HANGUL,
    HANJA_RUN,
    JOINERS,
    LATIN_CONNECTORS,
    NEIGHBOUR_NOUNS,
    NOMINAL_TAGS,
    NOUN_TYPE,
    ONE_SYLLABLE_SUFFIXES,
    OPEN_QUOTES,
    PAIR_SYLLABLES,
    PARTICLES,
    PERSON_NOUNS,
    PLACE_OFFICES,
    PRODUCT_NOUNS,
    PROVINCES,
    PUNCT_TAGS,
    SAID,
    SPACED_SUFFIXES,
    STOP_WORDS,
    SUFFIX_TYPE,
    common_nouns,
    generic_body,
    is_hanja,
    is_letter,
    latin_name_word,
    looks_like_korean_name,
    name_shaped,
    noun_type,
    own_suffix_type,
    suffix_type,
)
from viewer.core.limits import MAX_ANALYSED_CHARS
from viewer.core.model import ENTITY_TYPES
from viewer.core.text.kiwi import analysed_part, get_kiwi, tokenize_bounded

ANALYZER_VERSION = 4  # 2: the learned model decides PERSON, ORG and PLACE; 3: languages are no names;
# 4: symbols (`=`, `%`) are never inside a model mention (`서울=누리통신` is two names), titles never
# end a person's name, common loanwords (`클라우드`) are no names, `윤 대표` links to `윤재석`
TYPES = ENTITY_TYPES

@dataclass
class EntitySpan:
    """One mention of an entity in the title or the body."""

    text: str
    type: str
    field: str  # "title" or "body"
    start: int
    end: int
    canonical: str
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "type": self.type, "field": self.field,
                "start": self.start, "end": self.end, "canonical": self.canonical}


_PLACE_OFFICE_TUPLE = tuple(PLACE_OFFICES)
_CALLED = re.compile(r"\)?(?:이)?라는")  # `쿤룬(Kunlun)이라는`
_EN_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?P<head>start-up|startup|company|firm|maker|"
    r"retailer|bank|group|newspaper|agency|university|city|town|port|village|country|province|"
    r"state|region)\b")
_EN_APPOSITION_PLACES = frozenset("city town port village country province state region".split())
_AGE = re.compile(r"\(\d{1,3}(?:세)?(?:[·,/][^()]*)?\)")
_VERSION = re.compile(r"(?!(?:19|20)\d\d$)(?:\d{1,4}(?:\.\d+)*(?:[-.]?[A-Za-z][A-Za-z0-9]*)?"
                      r"|[A-Z]{1,2}\d{1,4}[A-Za-z]?)")
_SENTENCE_START = re.compile(r"(?:^|[.!?。]\s+|\n)$")
_SENTENCE_END = re.compile(r"[.!?。](?=\s|$)|\n")
_PAREN_GLOSS = re.compile(r"^\([^()]{1,20}\)$")  # `(NPU)` after a cue noun
_LATIN_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9]|[.&'’\-](?=[A-Za-z0-9]))*"
_LATIN_NAME_WORD = rf"(?=[A-Za-z0-9.&'’\-]*[A-Z]){_LATIN_WORD}"  # has a capital somewhere
_LATIN_NAME = re.compile(rf"(?<![A-Za-z0-9.\-]){_LATIN_NAME_WORD}"
                         rf"(?:(?: (?:of|de|van|von|der|la|du|&) | ){_LATIN_NAME_WORD})*")
_CAPITAL = re.compile(r"[A-Z]")
_PAREN = re.compile(r"\(([^()\n]{1,60})\)")
_LATIN_INNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .&'’\-]*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")
_QUOTED = re.compile(r"[‘'“\"]([^‘’'“”\"\n]{1,30}?)[’'”\"]")
_DIGIT = re.compile(r"\d")  # never in a person's name (`핫100` is a chart)
_DATELINE_AGENCY = re.compile(r"[(\[][가-힣]{1,5}=$")  # `(서울=` before a wire agency
_WORD = re.compile(r"\S+")
_SPAN = re.Match.span
TIER_CORRECTION, TIER_STRONG, TIER_WEAK, TIER_SPREAD, UNTYPED = 0, 1, 2, 3, 9
_TIER_OF = attrgetter("tier")


# --- One field of an article ------------------------------------------------------------------


class Field:
    """A field's text with its Kiwi tokens and the neighbourhood questions the rules ask."""

    def __init__(self, name: str, text: str, kiwi):
        self.name = name
        self.text = text
        self.tok_start: list[int] = []
        self.tok_end: list[int] = []
        self.tok_tag: list[str] = []
        self.tok_form: list[str] = []
        self.paragraphs: list[tuple[int, int]] = []  # token index ranges of the Korean ones
        self.korean: list[tuple[int, int]] = []  # their character ranges
        self.gazetteer_spans: list[tuple[int, int, str]] = []
        starts, ends, tags, forms = self.tok_start, self.tok_end, self.tok_tag, self.tok_form
        pos = 0
        # Paragraph by paragraph: Kiwi is faster on short texts, and English needs none of it.
        for para in text.split("\n"):
            if HANGUL.search(para):
                tokens = tokenize_bounded(para, kiwi)
                first = len(starts)
                if pos:
                    starts += [t.start + pos for t in tokens]
                    ends += [t.end + pos for t in tokens]
                else:
                    starts += [t.start for t in tokens]
                    ends += [t.end for t in tokens]
                tags += [t.tag for t in tokens]
                forms += [t.form for t in tokens]
                self.paragraphs.append((first, len(starts)))
                self.korean.append((pos, pos + len(para)))
            pos += len(para) + 1
        self.words = list(map(_SPAN, _WORD.finditer(text)))
        self._word_starts = [w[0] for w in self.words]
        self._korean_starts = [a for a, _ in self.korean]

    def word_at(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._word_starts, pos) - 1
        return self.words[i] if i >= 0 else (pos, pos)

    def tag_at(self, pos: int) -> str | None:
        """The tag of the token starting at pos, the first if Kiwi put two there (이/VCP + ᆫ/ETM)."""
        i = bisect_left(self.tok_start, pos)
        return self.tok_tag[i] if i < len(self.tok_start) and self.tok_start[i] == pos else None

    def in_korean(self, pos: int) -> bool:
        """pos is in a paragraph with Hangul (one Kiwi read)."""
        i = bisect_right(self._korean_starts, pos) - 1
        return i >= 0 and pos < self.korean[i][1]

    def tokens_in(self, start: int, end: int) -> range:
        return range(bisect_left(self.tok_start, start), bisect_left(self.tok_start, end))

    def stem(self, start: int, end: int) -> tuple[int, int]:
        """The noun phrase a word starts with: leading punctuation skipped, particles cut."""
        s = e = None
        for i in self.tokens_in(start, end):
            tag = self.tok_tag[i]
            if s is None and tag in PUNCT_TAGS:
                continue
            if tag not in NOMINAL_TAGS or (e is not None and self.tok_start[i] > e):
                break
            if s is None:
                s = self.tok_start[i]
            e = min(self.tok_end[i], end)
        return (s, e) if s is not None else (start, start)

    def word_stem(self, start: int, end: int) -> str:
        s, e = self.stem(start, end)
        return self.text[s:e]

    def tail(self, end: int) -> tuple[int, int]:
        """What follows a name inside its word, closing quotes skipped: (start, end)."""
        j = end
        while j < len(self.text) and self.text[j] in CLOSE_QUOTES:
            j += 1
        k = j
        while k < len(self.text) and not self.text[k].isspace():
            k += 1
        return j, k

    def next_word(self, end: int) -> tuple[int, int] | None:
        """The word after a name's word, when one space separates them."""
        _, k = self.tail(end)
        if k < len(self.text) - 1 and self.text[k] == " " and not self.text[k + 1].isspace():
            return self.word_at(k + 1)
        return None

    def prev_word(self, start: int) -> tuple[int, int] | None:
        """The word before a name (opening quotes skipped), when one space separates them."""
        i = start
        while i > 0 and self.text[i - 1] in OPEN_QUOTES:
            i -= 1
        if i < 2 or self.text[i - 1] != " " or self.text[i - 2].isspace():
            return None
        return self.word_at(i - 2)

    def bare(self, start: int, end: int) -> bool:
        """The word is all nouns: no particle or ending after them."""
        return self.stem(start, end)[1] == end

    def starts_cleanly(self, start: int) -> bool:
        text = self.text
        if start >= 2 and text[start - 1] in JOINERS and is_letter(text[start - 2]):
            return False  # inside `ERNIE-ViLG`, `01.AI`
        return start == 0 or not is_letter(text[start - 1])

    def ends_cleanly(self, end: int) -> bool:
        """No letter continues the word after end, unless it starts a particle or ending."""
        text = self.text
        if end >= len(text):
            return True
        ch = text[end]
        if ch in JOINERS:
            after = text[end + 1:end + 2]
            if after.isascii() and after.isalnum():
                return False
        if not is_letter(ch):
            return True
        if not "가" <= ch <= "힣":
            return False
        tag = self.tag_at(end)
        if tag is not None and tag.startswith(FUNCTIONAL_TAGS):
            return True
        if tag == "NNB" and ch in BOUND_NOUNS:
            return True
        rest = text[end:self.word_at(end)[1]].rstrip(CLOSE_QUOTES + ",.!?…:;")
        return rest in PARTICLES


class Occupied:
    """Spans of one text, asked whether a new span overlaps any of them (in log time, where a
    list would make long articles quadratic)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0
        for s, e in spans:
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        ends = self._ends  # a span overlapping [start, end) starts after start - longest
        lo, hi = bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)
        return any(ends[k] > start for k in range(lo, hi))


# --- Candidates -------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Candidate:
    field: Field
    start: int
    end: int
    type: str | None = None
    tier: int = UNTYPED
    canonical: str | None = None
    cue: str = ""
    partners: list[Candidate] | None = None  # a linked `이름(Name)` pair, shared by both
    gaz_initial: bool = False  # run led by a gazetteer name: `마리아 로페스` needs a cue before it

    @property
    def text(self) -> str:
        return self.field.text[self.start:self.end]

    def overlaps(self, other: Candidate) -> bool:
        return self.field is other.field and self.start < other.end and other.start < self.end

    def set(self, type_: str | None, tier: int, cue: str, canonical: str | None = None) -> None:
        """Record evidence for a type, unless stronger evidence is already there."""
        if type_ and tier < self.tier:
            self.type, self.tier, self.cue = type_, tier, cue
            if canonical:
                self.canonical = canonical

    def unit(self) -> tuple[int, int]:
        """The stretch a cue looks around: a linked pair counts as one (`해리 슘(Harry Shum)`)."""
        if not self.partners:
            return self.start, self.end
        start = min(m.start for m in self.partners)
        end = max(m.end for m in self.partners)
        if self.field.text[end:end + 1] == ")":
            end += 1
        return start, end


def _subject_sentence_end(text: str, start: int, tail_end: int) -> int | None:
    """Where the sentence ends if the name at `start` opens it (after any quotes), else None."""
    i = start
    while i > 0 and text[i - 1] in OPEN_QUOTES:
        i -= 1
    if not _SENTENCE_START.search(text, max(0, i - 3), i):
        return None
    m = _SENTENCE_END.search(text, tail_end)
    return m.start() if m else len(text)


class EntityAnalyzer:
    """Finds and types the entity mentions of one article (see the module docstring).

    corrections maps a surface form to a type, or to None for "not an entity"; they win over
    every other evidence, apply to each occurrence, and a typed one adds occurrences the
    analyser missed. An analyzer keeps no state between calls and may be shared by threads.
    """

    def __init__(self, corrections: dict[str, str | None] | None = None,
                 gazetteer: Gazetteer | None = None, model: EntityModel | bool = True):
        self.corrections = dict(corrections or {})
        for surface, type_ in self.corrections.items():
            if type_ is not None and type_ not in TYPES:
                raise ValueError(f"unknown entity type {type_!r} for {surface!r}")
        self._gazetteer = gazetteer
        self._model = model  # True: the shipped model if it can be had; False: rules only

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    @property
    def model(self) -> EntityModel | None:
        """The CRF this analyser consults, or None (rules only)."""
        if self._model is True:
            return get_entity_model()
        return self._model or None

    def analyze(self, title: str, body: str) -> list[EntitySpan]:
        """Entity mentions of title and body, sorted by (field, start).

        Only the first MAX_ANALYSED_CHARS of a body are read (up to a line break): past that an
        article is a data dump, and the analysis would take minutes.
        """
        title, body = title[:MAX_ANALYSED_CHARS], analysed_part(body)
        fields, chosen = self._rules(title, body)
        model = self.model
        if model is not None:
            chosen = self._spread(fields, self._with_model(fields, chosen, model))
        chosen = self._apply_corrections(fields, chosen)
        for c in chosen:
            if c.type == "PLACE" and " " in c.text and c.canonical in (None, c.text) \
                    and not c.partners:
                entry = self.gazetteer.get(c.text.rsplit(" ", 1)[1])
                if entry and entry.type == "PLACE":
                    c.canonical = entry.canonical  # `미국 워싱턴`, `서울 마포구`: that place
        return self._spans(chosen)

    def sequences(self, title: str, body: str, encoder: FeatureEncoder | None = None) -> list[ItemSequence]:
        """What the model reads for an article: every feature kept (to train and evaluate it), or
        what the given encoder keeps (a model's, EntityModel.encoder)."""
        fields, chosen = self._rules(title, body)
        encoder = encoder or full_encoder(self.gazetteer)
        return [seq for f in fields for seq in self._encode(f, chosen, encoder)]

    def _rules(self, title: str, body: str) -> tuple[list[Field], list[Candidate]]:
        """The fields and the mentions the rules choose, before corrections."""
        kiwi = get_kiwi()
        fields = [Field(name, text, kiwi)
                  for name, text in (("title", title), ("body", body)) if text and text.strip()]
        generic: set[str] = set()
        cands: list[Candidate] = []
        quoted: list[Candidate] = []
        for f in fields:
            known = self._gazetteer_matches(f)
            f.gazetteer_spans = [(c.start, c.end, c.type) for c in known]
            cands += known
            cands += self._links(f, generic)
            cands += self._kiwi_names(f)
            cands += self._unread_compounds(f)
            cands += self._latin_names(f)
            quoted += self._quoted(f)
        cands += quoted + self._occurrences_of(fields, {c.text for c in quoted})
        cands += self._with_spaced_suffix(cands)
        cands = self._dedupe(c for c in cands
                             if c.type or (c.text not in STOP_WORDS and c.text not in generic))
        for c in cands:
            if c.tier > TIER_STRONG:
                self._type_from_context(c)
        self._share_links(cands)
        by_unit = {}
        for c in cands:
            if c.type:
                s, e = c.unit()
                by_unit.setdefault((id(c.field), "s", s), c)
                by_unit.setdefault((id(c.field), "e", e), c)
        for c in cands:
            if c.type is None:
                self._type_weak(c, by_unit)
        self._share_links(cands)
        chosen = self._select([c for c in cands if c.type and not (
            c.gaz_initial and c.cue not in ("apposition", "descriptor", "link"))])
        return fields, self._spread(fields, self._join_places(chosen))

    # The learned model ---------------------------------------------------------------------

    @staticmethod
    def _encode(f: Field, chosen: list[Candidate], encoder: FeatureEncoder) -> list[ItemSequence]:
        rule_spans = [(c.start, c.end, c.type, c.cue) for c in chosen if c.field is f]
        return encoder.encode(f.name, f.text, f.tok_start, f.tok_end, f.tok_tag, f.tok_form,
                              f.paragraphs, rule_spans, f.gazetteer_spans)

    def _with_model(self, fields: list[Field], chosen: list[Candidate],
                    model: EntityModel) -> list[Candidate]:
        """The model bounds and types people, organisations and places in Korean text.

        The rules keep what the model does not decide: products and events, linked pairs
        (`해리 슘(Harry Shum)`, which take the model's type when it finds the same name), known
        names of several words (`잉글랜드 프리미어리그`) and paragraphs without Hangul; known
        names (the gazetteer's) and Latin names stand where the model found nothing. Other rule
        mentions of PERSON, ORG or PLACE in Korean text stand only where the model agrees on
        their span.
        """
        out: list[Candidate] = []
        encoder = model.encoder(self.gazetteer)
        ruled = {c.text: c.type for c in chosen}
        for f in fields:
            mine = [c for c in chosen if c.field is f]
            seqs = self._encode(f, mine, encoder)
            if not seqs:
                out += mine
                continue
            found = [m for seq in seqs for m in model.mentions(seq, f.text)]
            out += self._merge(f, mine, self._reader_view(f, found, mine))
        return self._agree(out, ruled)

    def _merge(self, f: Field, rule: list[Candidate], found: list[tuple[int, int, str]]) -> list[Candidate]:
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
                    self.gazetteer.get(d.text) for d in c.partners):
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
                entry = self.gazetteer.get(PAIR_SYLLABLES[f.text[s]])
                c.canonical = entry.canonical if entry else None  # `미` is 미국
            keep.append(c)
            taken.add(s, e)
        kept = set(map(id, keep))
        for c in rule:  # known names and Latin ones where the model found nothing
            if id(c) not in kept and (c.cue == "gazetteer" or not HANGUL.search(c.text)) \
                    and not taken.overlaps(c.start, c.end):
                keep.append(c)
                taken.add(c.start, c.end)
        return keep

    @staticmethod
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

    def _reader_view(self, f: Field, found: list[tuple[int, int, str]],
                     rule: list[Candidate]) -> list[tuple[int, int, str]]:
        """The model learned KLUE's conventions; here a reader's view departs from them.

        * a withheld name (`김모씨`, `박씨`, `A(57)`) names nobody: dropped (a surname before a
          title, `박 대통령`, stays, as in KLUE); nor does a "person" with a digit (`핫100`);
        * a role, not an organisation (`정부`, `방역당국`, `통화 당국`, `여당`): dropped, and in
          `중국 정부` only the country stays, as a place;
        * the agency in a dateline (`(서울=누리통신)`) is an organisation;
        * a country or city acting as a party (`미국이 …을 제재했다`) stays a PLACE, so one
          name has one colour in the reader;
        * two countries in two syllables are two places (`한미`, `남북`, not `북미`, North
          America), and a one-syllable country links to the country;
        * a Hanja abbreviation before a name in a headline is a place of its own (`美 빌보드`);
        * a one-syllable country before a name is a place of its own (`미 스탠포드대`, as the
          rules read it); a province starts an address, not a person's name (`경기 용인`);
        * a title is never part of a person's name (`송하윤 감독`, KLUE's `박 당선인`);
        * a common noun Kiwi reads as a proper one (`클라우드`, resources/common_nouns.txt) is none;
        * a mention is a whole word (not `미국` in `미국산`), a stop word (`AI`) is none, a
          Hanja abbreviation glued to a word in a headline (`美반도체`) is the abbreviation
          alone, and a known organisation is not stretched over the common noun after it
          (`듀크대 물리학 교수`).
        """
        gaz, text, out, common = self.gazetteer, f.text, [], common_nouns()
        hanja = {s: e for s, e, _ in f.gazetteer_spans
                 if is_hanja(text[s]) and HANJA_RUN.fullmatch(text[s:e])}
        orgs = {c.start: c.end for c in rule if c.type == "ORG" and c.cue != "consistency"}
        for s, e, t in found:
            if s in hanja and hanja[s] < e and HANGUL.match(text[hanja[s]]):
                e = hanja[s]
            s, e, t = self._leading_country(f, s, e, t, hanja, out)
            if t == "ORG" and orgs.get(s, e) < e and text[orgs[s]] == " " \
                    and not suffix_type(text[orgs[s] + 1:e]) \
                    and all(f.tok_tag[i] == "NNG" for i in f.tokens_in(orgs[s] + 1, e)):
                e = orgs[s]
            name = text[s:e]
            if 2 <= len(name) <= 3 and all(ch in PAIR_SYLLABLES for ch in name) \
                    and not gaz.get(name) and f.starts_cleanly(s) and f.ends_cleanly(e):
                out += [(i, i + 1, "PLACE") for i in range(s, e)]  # `한미`: Korea and the US
                continue
            if t == "PERSON" and name.partition(" ")[0] in PROVINCES and " " in name:
                t = "PLACE"  # `경기 용인`: an address, not a foreign person's two names
            if t == "PERSON" and " " in name and name.rsplit(" ", 1)[1] in PERSON_NOUNS:
                name = name.rsplit(" ", 1)[0]  # `송하윤 감독`: the title is not the name
                e = s + len(name)
            if name in STOP_WORDS or name in common and not gaz.get(name) \
                    or t == "PERSON" and (_withheld(name, text, e) or _DIGIT.search(name)) \
                    or _is_language(name, gaz) or not (f.starts_cleanly(s) and f.ends_cleanly(e)):
                continue
            words = name.split(" ")
            if t == "ORG" and generic_body(words[-1]):
                head = " ".join(words[:-1])
                entry = gaz.get(head)
                if entry and entry.type == "PLACE":
                    out.append((s, s + len(head), "PLACE"))
                elif head and not generic_body(head) and not all(
                        f.tok_tag[i] == "NNG" for i in f.tokens_in(s, s + len(head))):
                    out.append((s, e, t))  # `홍콩 경찰 당국` stays; `통화 당국` is a role
                continue
            if _DATELINE_AGENCY.search(text, max(0, s - 7), s) and text[e:e + 1] in ")]":
                t = "ORG"  # `(서울=누리통신)`: the news agency in a dateline
            entry = gaz.get(name)
            out.append((s, e, "PLACE" if entry and entry.type == "PLACE" else t))
        return out

    def _leading_country(self, f: Field, s: int, e: int, t: str, hanja: dict[int, int],
                         out: list[tuple[int, int, str]]) -> tuple[int, int, str]:
        """A country abbreviated before a name is a place of its own: it goes to out, and the
        name's start, end and type are returned (a lone one is the country, `중` in `중 외교부는`).

        After a Hanja one, a known name keeps its type and stops before the common nouns after
        it (`美 빌보드 차트`: the country, then 빌보드).
        """
        text, gaz = f.text, self.gazetteer
        if s in hanja and hanja[s] + 1 < e and text[hanja[s]] == " " \
                and not text[hanja[s] + 1].isspace():
            out.append((s, hanja[s], gaz.get(text[s:hanja[s]]).type))  # `美 빌보드`
            s = hanja[s] + 1
            for alias in gaz.aliases_at(text, s):
                end = s + len(alias)
                if end == e or end < e and text[end] == " " and all(
                        f.tok_tag[i] == "NNG" for i in f.tokens_in(end + 1, e)):
                    return s, end, gaz.names[alias].type
            return s, e, t
        if text[s] in COUNTRY_SYLLABLES and f.tag_at(s) == "NNP":
            if text[s + 1:s + 2] == " " and e > s + 2 and not text[s + 2].isspace():
                out.append((s, s + 1, "PLACE"))  # `미 스탠포드대`
                return s + 2, e, t
            if e == s + 1:
                return s, e, "PLACE"
        return s, e, t

    # Recognition ---------------------------------------------------------------------------

    def _gazetteer_matches(self, f: Field) -> list[Candidate]:
        """Known names, longest first at each word start, kept where the word ends cleanly."""
        gaz, text, out = self.gazetteer, f.text, []
        names = gaz.names
        done = -1
        for s in gaz.word_start_hits(text):
            if s < done:
                continue
            for alias in gaz.aliases_at(text, s):
                e = s + len(alias)
                if not f.ends_cleanly(e) or not self._readable_as_name(f, s, e):
                    continue
                if len(alias) == 1 and (f.tag_at(s) != "NNP" or e < len(text)
                                        and "가" <= text[e] <= "힣"):
                    continue  # a one-syllable alias (미 for 미국) only as its own word
                entry = names[alias]
                c = Candidate(f, s, e)
                c.set(entry.type, TIER_STRONG, "gazetteer", entry.canonical)
                out.append(c)
                done = e
                break
        for s, e, entry in gaz.hanja_matches(text):
            c = Candidate(f, s, e)
            c.set(entry.type, TIER_STRONG, "gazetteer", entry.canonical)
            out.append(c)
        return out

    @staticmethod
    def _readable_as_name(f: Field, s: int, e: int) -> bool:
        """Kiwi reads the span as nouns (not `때문이란`) that end with it (not `메타버스`)."""
        for i in f.tokens_in(s, e):
            tag = f.tok_tag[i]
            if tag not in NOMINAL_TAGS and tag not in PUNCT_TAGS:
                return False
            if f.tok_end[i] > e and tag in ("NNG", "NNP"):
                return False
        return True

    def _links(self, f: Field, generic: set[str]) -> list[Candidate]:
        """`해리 슘(Harry Shum)`, `뉴욕타임스(NYT)`: one entity under two surface forms."""
        text, out = f.text, []
        for m in _PAREN.finditer(text):
            inner = m.group(1).strip()
            p = m.start()
            left_end = p - 1 if text[p - 1:p] == " " else p
            if left_end == 0 or not HANGUL.match(text[left_end - 1]):
                continue
            if HANJA_RUN.fullmatch(inner):
                left = self._left_words(f, left_end, [inner])
            elif _ACRONYM.fullmatch(inner):
                left = self._acronym_left(f, left_end, inner)
                if left is None:
                    generic.add(inner)  # `인공지능(AI)`, `가상현실(VR)`: a word, not a name
                    continue
            elif _LATIN_INNER.fullmatch(inner) and all(
                    latin_name_word(w) or w in LATIN_CONNECTORS for w in inner.split()):
                left = self._left_words(f, left_end, inner.split())
            else:
                continue
            if left is None:
                continue
            ls, le, left_type = left
            rs = m.start(1) + m.group(1).index(inner)
            a, b = Candidate(f, ls, le), Candidate(f, rs, rs + len(inner))
            a.set(left_type or suffix_type(inner), TIER_STRONG, "suffix")
            a.partners = b.partners = [a, b]
            out += [a, b]
        return out

    def _left_words(self, f: Field, end: int,
                    other: list[str]) -> tuple[int, int, str | None] | None:
        """As many words before a parenthesis as the other form has (fewer at a boundary)."""
        text = f.text
        start = f.word_at(end - 1)[0]
        while start < end and text[start] in OPEN_QUOTES:
            start += 1
        if start >= end:
            return None
        gaz = self.gazetteer
        for aligned in reversed(other[:-1]):
            prev = f.prev_word(start)
            if prev is None or text[start - 1] != " ":
                break
            ps, pe = prev
            word = text[ps:pe].lstrip(OPEN_QUOTES)
            known = gaz.get(word)  # `미국 오픈AI(Open AI)` stops; `마이크로소프트 리서치…` not
            if (not f.bare(ps, pe) or noun_type(word) or word[-1:] in ",.!?…:;·"
                    or known and known != gaz.get(aligned)):
                break
            start = pe - len(word)
        return start, end, suffix_type(text[start:end])

    def _acronym_left(self, f: Field, end: int, acronym: str):
        """The name before `(ABC)`, or None when it is a generic word (`최고경영자(CEO)`)."""
        if acronym in STOP_WORDS:
            return None
        text = f.text
        start = f.word_at(end - 1)[0]
        while start < end and text[start] in OPEN_QUOTES:
            start += 1
        word = text[start:end]
        if not word:
            return None
        if suffix_type(word) == "ORG":
            for _ in range(3):  # `중국 사이버 공간관리국(CAC)`: the bare nouns before it belong
                prev = f.prev_word(start)
                if prev is None or text[start - 1] != " " or not f.bare(*prev) \
                        or noun_type(text[prev[0]:prev[1]]):
                    break  # `영국 일간지 파이낸셜타임스(FT)`: the descriptor is no part of it
                start = prev[0]
                if self.gazetteer.get(text[prev[0]:prev[1]]):
                    break
            return start, end, "ORG"
        if self.gazetteer.get(word) or self.gazetteer.get(acronym):
            return start, end, None
        if any(f.tok_tag[i] == "NNP" for i in f.tokens_in(start, end)):
            return start, end, None
        return None

    def _kiwi_names(self, f: Field) -> list[Candidate]:
        """Kiwi proper nouns, suffix compounds (`한빛대`) and runs of them (`안나 코발스카`)."""
        text, tags, starts, ends = f.text, f.tok_tag, f.tok_start, f.tok_end
        pieces = []  # (start, end, type from a suffix)
        n = len(tags)
        i = _index(tags, "NNP", 0)
        while i < n:
            if not "가" <= text[starts[i]] <= "힣":
                i = _index(tags, "NNP", i + 1)
                continue
            ps, pe, j = starts[i], ends[i], i + 1
            while j < n and starts[j] == pe and tags[j] == "NNP":
                pe, j = ends[j], j + 1
            base_end, ptype, k, acc = pe, None, j, pe
            while k < n and k < j + 3 and starts[k] == acc and tags[k] in ("NNG", "NNB", "XSN"):
                acc = ends[k]
                t = self._compound_type(text[base_end:acc], text[ps:base_end])
                if t:
                    ptype, pe = t, acc
                k += 1
            i = _index(tags, "NNP", j)
            if not f.starts_cleanly(ps) or not f.ends_cleanly(pe):
                continue
            if ANONYMISED.fullmatch(text[ps:pe]):
                continue
            pieces.append((ps, pe, ptype or self._whole_suffix_type(text[ps:pe])))
        out, gaz = [], self.gazetteer
        i = 0
        while i < len(pieces):
            j = i  # a run: one space between pieces, the earlier ones without a suffix
            while (j + 1 < len(pieces) and j - i < 3 and pieces[j][2] is None
                   and pieces[j + 1][2] is None  # `정두언 새누리당 의원` is two names
                   and not name_shaped(text[pieces[j][0]:pieces[j][1]])
                   and not name_shaped(text[pieces[j + 1][0]:pieces[j + 1][1]])
                   and pieces[i][1] - pieces[i][0] > 1  # not `미 스탠포드대`
                   and text[pieces[j][1]:pieces[j + 1][0]] == " "):
                j += 1
            run = pieces[i:j + 1]
            known = [gaz.get(text[p[0]:p[1]]) is not None for p in run]
            if len(run) > 1 and known[0] and not any(known[1:]):
                out.append(Candidate(f, run[0][0], run[-1][1], gaz_initial=True))
            k = 0
            while k < len(run):  # the stretches between known names
                if known[k]:
                    k += 1
                    continue
                m = k
                while m + 1 < len(run) and not known[m + 1]:
                    m += 1
                c = Candidate(f, run[k][0], run[m][1])
                c.set(run[m][2], TIER_STRONG, "suffix")
                out.append(c)
                k = m + 1
            i = j + 1
        return out

    @staticmethod
    def _compound_type(suffix: str, base: str) -> str | None:
        """`듀크`+`대`: a suffix Kiwi split off a proper noun (two syllables before it)."""
        return SUFFIX_TYPE.get(suffix) if len(base) >= 2 else None

    def _whole_suffix_type(self, surface: str) -> str | None:
        """`한국은행`, `부산시`: a proper noun ending in a telling word, or a known place + 시."""
        t = own_suffix_type(surface)
        if t is None and ONE_SYLLABLE_SUFFIXES.get(surface[-1:]) == "PLACE":
            entry = self.gazetteer.get(surface[:-1])
            if entry and entry.type == "PLACE":
                t = "PLACE"
        return t

    @staticmethod
    def _unread_compounds(f: Field) -> list[Candidate]:
        """`세온반도체는`: a word Kiwi could not read as words (`세/MM 온/NNG`) before a noun
        that ends organisations' names is a name of its own, of that type."""
        text, tags, starts, ends, out = f.text, f.tok_tag, f.tok_start, f.tok_end, []
        for i in range(1, len(tags)):
            if tags[i] != "NNG" or ends[i] - starts[i] < 2 or SUFFIX_TYPE.get(f.tok_form[i]) != "ORG":
                continue
            ws = f.word_at(starts[i])[0]
            prefix = f.tokens_in(ws, starts[i])
            if not prefix or not 2 <= starts[i] - ws <= 4 or not "가" <= text[ws] <= "힣":
                continue
            odd = False  # read as something other than nouns, or as one-syllable pieces
            for j in prefix:
                if not "가" <= text[starts[j]] <= "힣" or ends[j] <= starts[j]:
                    break
                odd = odd or not tags[j].startswith("NN") or len(prefix) > 1 and ends[j] - starts[j] == 1
            else:
                if odd and f.ends_cleanly(ends[i]) and not generic_body(text[ws:ends[i]]):
                    c = Candidate(f, ws, ends[i])
                    c.set("ORG", TIER_STRONG, "suffix")
                    out.append(c)
        return out

    def _latin_names(self, f: Field) -> list[Candidate]:
        """Capitalised sequences, acronyms and names with digits (`01.AI`, `ERNIE-ViLG`)."""
        out: list[Candidate] = []
        if not _CAPITAL.search(f.text):
            return out  # every Latin name has a capital somewhere (_LATIN_NAME_WORD)
        for m in _LATIN_NAME.finditer(f.text):
            words, s = m.group().split(" "), m.start()
            if words[-1].endswith(("'s", "’s")):
                words[-1] = words[-1][:-2]
            # a capital at a sentence start is no evidence; leading function words go
            while words and (not latin_name_word(words[0]) or words[0] in STOP_WORDS
                             or words[0].lower() in EN_PERSON_BEFORE):
                s += len(words.pop(0)) + 1
            while words and not latin_name_word(words[-1]):
                words.pop()
            if not words:
                continue
            e = s + len(" ".join(words))
            if not f.ends_cleanly(e):
                continue
            c = Candidate(f, s, e)
            c.set(suffix_type(c.text), TIER_STRONG, "suffix")
            out.append(c)
        return out

    def _quoted(self, f: Field) -> list[Candidate]:
        """Short quoted noun phrases: `‘클링’`, `'바다빛 축제'` (typed only by a cue)."""
        out = []
        for m in _QUOTED.finditer(f.text):
            s, e = m.span(1)
            inner, paren, gloss = m.group(1).partition("(")
            e = s + len(inner)
            if paren and not gloss.endswith(")"):
                continue  # `'미국 연방준비제도(Fed)의 정책 방향'`: a quoted phrase, not a name
            if not inner or inner != inner.strip() or len(inner.split()) > 4:
                continue
            if not HANGUL.search(inner) or any(ch in inner for ch in ",.!?…:;·"):
                continue
            toks = f.tokens_in(s, e)
            if not toks or not all(f.tok_tag[i] in NOMINAL_TAGS for i in toks):
                continue
            c = Candidate(f, s, e)
            c.set(suffix_type(inner), TIER_STRONG, "suffix")
            out.append(c)
        return out

    def _with_spaced_suffix(self, cands: list[Candidate]) -> list[Candidate]:
        """`빅토리아 대학`, `산티아고 국제공항`: a name and the word after it naming its kind.

        Bare words before the name belong to it when they lead back to a known organisation
        (`바이두 AI 클라우드 그룹`).
        """
        out = []
        for c in cands:
            if c.type == "PERSON" or c.partners:
                continue
            f = c.field
            if f.text[c.end:c.end + 1] != " ":
                continue
            nxt = f.next_word(c.end)
            if nxt is None:
                continue
            ss, se = f.stem(*nxt)
            t = SPACED_SUFFIXES.get(f.text[ss:se])
            if t and ss == nxt[0]:
                start, back = c.start, c.start
                for _ in range(2):
                    prev = f.prev_word(back)
                    if prev is None or f.text[back - 1] != " " or not f.bare(*prev):
                        break
                    back = prev[0]
                    entry = self.gazetteer.get(f.text[prev[0]:prev[1]])
                    if entry and entry.type == "ORG":
                        start = back
                        break
                d = Candidate(f, start, se)
                d.set(t, TIER_STRONG, "suffix")
                out.append(d)
        return out

    def _occurrences_of(self, fields: list[Field], surfaces: set[str]) -> list[Candidate]:
        """A term the article quotes is name-like wherever it stands (`모델인 소라를`)."""
        return [Candidate(f, s, e) for f in fields for surface in surfaces
                for s, e in occurrences(f, surface)]

    @staticmethod
    def _dedupe(cands) -> list[Candidate]:
        """One candidate per span; a linked or typed one absorbs the others."""
        by_span: dict[tuple[int, int, int], Candidate] = {}
        for c in cands:
            key = (id(c.field), c.start, c.end)
            d = by_span.get(key)
            if d is None:
                by_span[key] = c
                continue
            if c.partners and not d.partners:
                c.partners[c.partners.index(c)] = d
                d.partners = c.partners
            d.gaz_initial = d.gaz_initial and c.gaz_initial
            d.set(c.type, c.tier, c.cue, c.canonical)
        return list(by_span.values())

    # Typing --------------------------------------------------------------------------------

    def _type_from_context(self, c: Candidate) -> None:
        f, text, surface = c.field, c.field.text, c.text
        entry = self.gazetteer.get(surface)
        if entry:
            c.set(entry.type, TIER_STRONG, "gazetteer", entry.canonical)
            return
        start, end = c.unit()
        latin = not HANGUL.search(surface)
        single_latin = latin and " " not in surface and not c.partners
        if text.endswith(("(주)", "㈜"), 0, start):
            c.set("ORG", TIER_STRONG, "descriptor")  # `(주)플로섬`: a registered company
            return
        prev = f.prev_word(start)
        if prev:
            ss, se = f.stem(*prev)
            rest = _PAREN_GLOSS.sub("", text[se:prev[1]])  # `처리장치(NPU) 'SN-7'`
            t = noun_type(text[ss:se]) if ss == prev[0] or text[prev[0]:ss].strip(
                OPEN_QUOTES) == "" else None
            if t and rest in APPOSITION_ENDINGS:
                c.set(t, TIER_STRONG, "apposition")  # `창업자인 리웨이`
                return
            if t and not rest and not (t == "PERSON" and single_latin):
                c.set(t, TIER_STRONG, "descriptor")  # `업체 바이두`, `창립자 요아브 쇼함`
                return
        if c.gaz_initial:
            return  # `이란 첸` only after a cue; `미국 바이든 대통령` is two names
        ts, te = f.tail(end)
        tail = text[ts:te]
        nxt = f.next_word(end)
        hangul_name = not latin and len(surface) >= 2
        if hangul_name and tail[:1] in ("씨", "님") and (len(tail) == 1 or tail[1:] in PARTICLES):
            c.set("PERSON", TIER_STRONG, "title")  # `홍길동씨는`
            return
        if hangul_name and _AGE.match(text, end):
            c.set("PERSON", TIER_STRONG, "age")  # `홍길동(45)`
            return
        if ts == end and te == end and nxt:
            if self._type_before(c, nxt, latin):
                return
        if nxt and tail in ("", "의"):
            t = NEIGHBOUR_NOUNS.get(f.word_stem(*nxt))
            if t and (t != "PLACE" or tail == ""):
                c.set(t, TIER_STRONG, "neighbour")  # `X의 아내`, `X 인근`, `X 주가`
                return
        if tail == "에서" and nxt and text.startswith(("열린", "열리는", "개최"), nxt[0]):
            c.set("PLACE", TIER_STRONG, "venue")  # `X에서 열린`
            return
        if tail.endswith("라는") and _CALLED.fullmatch(tail):
            t = self._head_after(f, te)
            if t:
                c.set(t, TIER_STRONG, "called")  # `쿤룬(Kunlun)이라는 AI 칩`
                return
        if tail[:1] in "가이는은도" and text.find("보도", te) >= 0 and self._reported_by(f, te):
            c.set("ORG", TIER_STRONG, "reporting")  # `뉴욕타임스가 25일 보도했다`
            return
        if latin:
            self._type_english(c, prev, tail, nxt)
        if c.type is None and tail in ("은", "는"):
            self._type_definitional(c, start, te)
        if c.type is None and tail in ("은", "는", "이", "가") and not latin:
            self._type_speaker(c, start, te)

    def _type_before(self, c: Candidate, nxt: tuple[int, int], latin: bool) -> bool:
        """Cues in the word right after the name: a title, a product or event head, a version."""
        f, text = c.field, c.field.text
        stem = f.word_stem(*nxt)
        t = noun_type(stem)
        named = " " in c.text or c.partners or (not latin and 1 < len(c.text) <= 4)
        if t == "PERSON" and len(stem) <= 6 and named and not stem.endswith(_PLACE_OFFICE_TUPLE):
            after = f.next_word(nxt[1]) if f.bare(*nxt) else None
            if after and f.tag_at(after[0]) == "NNP":
                return False  # `할리우드 배우 블레이크 라이블리`: the title is the next name's
            c.set("PERSON", TIER_STRONG, "title")  # `클레망 델랑그 최고경영자`
            return True
        if t == "PRODUCT" and stem in PRODUCT_NOUNS:
            c.set("PRODUCT", TIER_STRONG, "head")  # `쿤룬 칩`
            return True
        if t == "EVENT" and stem in EVENT_NOUNS and not latin and not c.partners:
            c.end = nxt[0] + len(stem)  # `바다빛 축제`: the head word is part of the name
            c.set("EVENT", TIER_STRONG, "head")
            return True
        if _VERSION.fullmatch(stem) and stem == text[nxt[0]:nxt[0] + len(stem)]:
            c.set("PRODUCT", TIER_STRONG, "version")  # `라마(Llama) 3-V`
            return True
        entry = self.gazetteer.get(stem)
        affiliation = entry.type in ("PLACE", "ORG") if entry else suffix_type(stem) == "ORG"
        if affiliation and f.bare(*nxt) and not latin:
            after = f.next_word(nxt[1])  # `시진핑 중국 국가주석`: an affiliation in between
            if after and noun_type(f.word_stem(*after)) == "PERSON":
                c.set("PERSON", TIER_STRONG, "title")
                return True
        return False

    @staticmethod
    def _reported_by(f: Field, pos: int) -> bool:
        """The subject's verb, a few words on, is 보도하다: a news outlet."""
        for _ in range(3):
            nxt = f.next_word(pos)
            if nxt is None:
                return False
            if f.text.startswith("보도", nxt[0]) and not f.bare(*nxt):
                return True
            pos = nxt[1]
        return False

    @staticmethod
    def _head_after(f: Field, pos: int) -> str | None:
        """The type of the noun phrase after `이라는`: its head noun decides."""
        for _ in range(3):
            nxt = f.next_word(pos)
            if nxt is None:
                return None
            if not f.bare(*nxt) or f.next_word(nxt[1]) is None:
                return noun_type(f.word_stem(*nxt))
            pos = nxt[1]
        return None

    def _type_english(self, c: Candidate, prev, tail: str, nxt) -> None:
        text, words = c.field.text, c.text.split()
        p = text[prev[0]:prev[1]].lower().strip(",;:\"“") if prev else ""
        n = text[nxt[0]:nxt[1]].lower().strip(",;:.\"”") if nxt else ""
        after = text[c.end:c.end + 80]
        if tail.startswith(","):
            m = _EN_APPOSITION.match(after)
            if m:
                head = m.group("head")
                c.set("PLACE" if head in _EN_APPOSITION_PLACES else "ORG", TIER_STRONG,
                      "apposition")  # `Tidewell, a Dutch start-up`
            elif len(words) > 1 and re.match(r",\s+(?:who\b|\d{1,3},)", after):
                c.set("PERSON", TIER_STRONG, "apposition")  # `Mei Tanaka, who studies`
        if re.match(r"['’]s\s+(?:chief|ceo|founder|president|chairman|head)\b", after, re.I):
            c.set("ORG", TIER_STRONG, "title")
        if c.type or tail.strip(",.;:!?\"”’"):
            return
        if p in EN_HONORIFICS or (p in EN_PERSON_BEFORE and 1 < len(words) <= 3):
            c.set("PERSON", TIER_STRONG, "title")
        elif not tail and n in EN_PERSON_AFTER and 1 < len(words) <= 3:
            c.set("PERSON", TIER_STRONG, "title")
        elif p in EN_ORG_BEFORE:
            c.set("ORG", TIER_STRONG, "descriptor")
        elif not tail and n in EN_PRODUCT_AFTER:
            c.set("PRODUCT", TIER_STRONG, "head")
        elif p in EN_PLACE_BEFORE and len(words) <= 2:
            c.set("PLACE", TIER_WEAK, "preposition")  # `in Lisbon`

    @staticmethod
    def _type_speaker(c: Candidate, start: int, tail_end: int) -> None:
        """`X는 … 말했다.`: the subject of a sentence ending in a verb of saying is a person."""
        f, text = c.field, c.field.text
        stop = _subject_sentence_end(text, start, tail_end)
        if stop is None:
            return
        ws, _ = f.word_at(stop - 1)
        if ws > tail_end and text.startswith(SAID, ws):
            c.set("PERSON", TIER_WEAK, "speaker")

    def _type_definitional(self, c: Candidate, start: int, tail_end: int) -> None:
        """`X는 … 개발된 프로그램이다.`: a sentence that says what its subject is."""
        f, text = c.field, c.field.text
        stop = _subject_sentence_end(text, start, tail_end)
        if stop is None:
            return
        ws, we = f.word_at(stop - 1)
        if we <= tail_end:
            return
        ss, se = f.stem(ws, we)
        if text[se:stop] in ("이다", "다"):
            t = noun_type(text[ss:se])
            if t and t != "PERSON":
                c.set(t, TIER_STRONG, "definition")

    def _type_weak(self, c: Candidate, by_unit: dict) -> None:
        """Evidence that needs the neighbours typed first, then Korean surnames."""
        f, text = c.field, c.field.text
        start, end = c.unit()
        ts, te = f.tail(end)
        if text[ts:te] == "의" and ts == end:
            d = by_unit.get((id(f), "s", te + 1))
            if d and d.type == "PERSON" and d.cue == "title":
                c.set("ORG", TIER_WEAK, "affiliation")  # `누리랩스의 안나 코발스카 CEO`
                return
        prev = f.prev_word(start)
        if prev and text[prev[1] - 1] == "의" and c.partners and " " not in c.text:
            d = by_unit.get((id(f), "e", prev[1] - 1))
            if d and d.type == "ORG":
                c.set("PRODUCT", TIER_WEAK, "owner")  # `프리즈마 랩스의 렌사(Lensa)`
                return
        if c.partners or c.start > 0 and text[c.start - 1] in OPEN_QUOTES:
            return  # a quoted title (`영화 '도희야'`) is not a person for its shape
        toks = f.tokens_in(c.start, c.end)
        proper = f.tok_tag[toks.start:toks.stop].count("NNP") == len(toks)
        if proper and looks_like_korean_name(c.text):
            c.set("PERSON", TIER_WEAK, "surname")
        elif proper and " " in c.text and c.text.split(" ", 1)[0] in PROVINCES:
            c.set("PLACE", TIER_WEAK, "address")  # `경기 용인`: a province, then a city
        elif proper and " " in c.text and HANGUL.match(c.text) and not any(
                name_shaped(w) for w in c.text.split()):
            c.set("PERSON", TIER_WEAK, "run")  # `데이비드 베컴`: unknown names in a row

    @staticmethod
    def _share_links(cands: list[Candidate]) -> None:
        """The type found for either side of a `이름(Name)` pair applies to both."""
        for c in cands:
            if c.partners and c.type:
                for d in c.partners:
                    d.set(c.type, c.tier, "link", c.canonical)

    # Choosing, spreading, correcting -------------------------------------------------------

    @staticmethod
    def _select(cands: list[Candidate]) -> list[Candidate]:
        """Non-overlapping mentions: stronger evidence first, then the longer span."""
        chosen: list[Candidate] = []
        occupied: dict[int, Occupied] = {}
        for c in sorted(cands, key=lambda c: (c.tier, c.start - c.end, c.start)):
            taken = occupied.setdefault(id(c.field), Occupied())
            if not taken.overlaps(c.start, c.end):
                chosen.append(c)
                taken.add(c.start, c.end)
        return chosen

    @staticmethod
    def _join_places(chosen: list[Candidate]) -> list[Candidate]:
        """An address or a region is one place: `서울 강남구 논현동`, `텍사스 북부`.

        Two place names in a row stay two (`중국 상하이`) unless the later one is an
        administrative unit of the earlier.
        """
        out: list[Candidate] = []
        for c in sorted(chosen, key=lambda c: (c.field.name, c.start)):
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
        return out

    def _spread(self, fields: list[Field], chosen: list[Candidate]) -> list[Candidate]:
        """Consistency: a typed name keeps its type at its other mentions and short forms."""
        known: dict[str, Candidate] = {}
        for c in sorted(chosen, key=_TIER_OF):
            known.setdefault(c.text, c)
        short: dict[str, Candidate] = {}
        for surface, c in known.items():
            if c.type == "PERSON":
                words = surface.split()
                if len(words) > 1 and len(words[-1]) >= 2 and words[-1] not in NOUN_TYPE:
                    short.setdefault(words[-1], c)  # `쇼함` after `요아브 쇼함`, not `주석`
        short_orgs = self._link_short_forms(known, chosen)
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
        return chosen

    def _link_short_forms(self, known: dict[str, Candidate], chosen: list[Candidate]) -> dict[str, Candidate]:
        """Give a bare surname and a company's short form their full name's canonical; return
        the short forms of companies (`Tidewell` of `Tidewell Robotics`) to spread."""
        short_orgs: dict[str, Candidate] = {}
        by_surname: dict[str, set[str]] = {}
        for surface, c in known.items():
            words = surface.split(" ")
            if c.type == "ORG" and len(words) > 1 and (words[-1] in EN_ORG_WORDS
                                                       or words[-1] in SPACED_SUFFIXES):
                head = " ".join(words[:-1])
                if not (self.gazetteer.get(head) or head in STOP_WORDS or head in common_nouns()):
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

    def _apply_corrections(self, fields: list[Field], chosen: list[Candidate]) -> list[Candidate]:
        if not self.corrections:
            return chosen
        out = []
        for c in chosen:
            if c.text in self.corrections:
                if self.corrections[c.text] is None:
                    continue
                c.type, c.tier, c.cue = self.corrections[c.text], TIER_CORRECTION, "correction"
            out.append(c)
        for surface, type_ in self.corrections.items():
            if type_ is None:
                continue
            for f in fields:
                for s, e in occurrences(f, surface):
                    c = Candidate(f, s, e, type=type_, tier=TIER_CORRECTION, cue="correction")
                    if any(c.overlaps(d) and d.tier == TIER_CORRECTION for d in out):
                        continue
                    out = [d for d in out if not c.overlaps(d)]
                    out.append(c)
        for c in out:  # a corrected type carries over to the linked alias
            if c.cue == "correction" and c.partners:
                for d in c.partners:
                    if d.text not in self.corrections:
                        d.type = c.type
        return out

    @staticmethod
    def _spans(chosen: list[Candidate]) -> list[EntitySpan]:
        spans = []
        for c in chosen:
            if c.partners:
                members = sorted(c.partners, key=lambda m: m.start)
                named = [m.canonical for m in members if m.canonical]
                name = named[0] if named else members[0].text
            else:
                name = c.canonical or c.text
            spans.append(EntitySpan(c.text, c.type, c.field.name, c.start, c.end, name))
        forms: dict[tuple[str, str], list[str]] = {}
        for s in spans:
            seen = forms.setdefault((s.canonical, s.type), [])
            if s.text not in seen:
                seen.append(s.text)
        for s in spans:
            s.aliases = [t for t in forms[(s.canonical, s.type)] if t != s.text]
        spans.sort(key=lambda s: (s.field, s.start))
        return spans


def _withheld(name: str, text: str, end: int) -> bool:
    """`김모씨`, `박씨`, `김 씨`, `A(57)`, `B군`: a name withheld or cut to its initial."""
    if ANONYMISED.fullmatch(name):
        return True
    if len(name) > 1:
        return False
    rest = text[end:end + 3].lstrip(" ")
    return rest[:1] in ("씨", "모", "(") or rest[:1] in ("군", "양") and rest[1:2] in PARTICLES \
        or name.isascii()


def _is_language(name: str, gazetteer: Gazetteer) -> bool:
    """`한국어`, `프랑스어`: a country's name plus 어 is its language, not a name to highlight."""
    if len(name) < 3 or name[-1] != "어" or not all("가" <= c <= "힣" for c in name):
        return False
    entry = gazetteer.get(name[:-1])
    return entry is not None and entry.type == "PLACE"




def _index(items: list[str], value: str, start: int) -> int:
    """The first index of value from start on, or len(items)."""
    try:
        return items.index(value, start)
    except ValueError:
        return len(items)



def occurrences(f: Field, surface: str, taken: Occupied | None = None) -> list[tuple[int, int]]:
    """Whole-word-ish occurrences: not inside a longer word; particles may follow.

    Occurrences overlapping a taken span are left out.
    """
    out, text, n = [], f.text, len(surface)
    s = text.find(surface) if surface else -1
    while s >= 0:
        e = s + n
        if not (taken and taken.overlaps(s, e)) and f.starts_cleanly(s) and f.ends_cleanly(e):
            out.append((s, e))
        s = text.find(surface, s + 1)
    return out
