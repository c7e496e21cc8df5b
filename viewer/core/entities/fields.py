"""What the stages work on: a field's text with its Kiwi tokens, candidate mentions, the context.

A Field answers the neighbourhood questions the rules ask (the word at an offset, its stem, what
follows a name inside its word, whether a span ends cleanly). A Candidate is a span that may be
a mention; its evidence only ever gets stronger (Candidate.set), except where a stage says it
overwrites (see analyzer). The Context carries one article through the stages.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from viewer.core.entities.gazetteer import Gazetteer
from viewer.core.entities.words import (
    BOUND_NOUNS,
    CLOSE_QUOTES,
    FUNCTIONAL_TAGS,
    HANGUL,
    JOINERS,
    NOMINAL_TAGS,
    OPEN_QUOTES,
    PARTICLES,
    PUNCT_TAGS,
    is_letter,
)
from viewer.core.text.kiwi import get_kiwi, tokenize_many
from viewer.core.text.shapes import article_language

# Evidence tiers, most trusted first: a user's correction, strong evidence (the gazetteer, a
# suffix, a cue in context, the model), weak evidence (a name's shape, a neighbour's type), the
# consistency of an article; UNTYPED until a stage finds any.
TIER_CORRECTION, TIER_STRONG, TIER_WEAK, TIER_SPREAD, UNTYPED = 0, 1, 2, 3, 9
_WORD = re.compile(r"\S+")
_SPAN = re.Match.span


def korean_paragraphs(text: str) -> list[str]:
    """The lines of a text that Kiwi reads: those with Hangul."""
    return [para for para in text.split("\n") if HANGUL.search(para)]


class Field:
    """A field's text with its Kiwi tokens and the neighbourhood questions the rules ask."""

    def __init__(self, name: str, text: str, kiwi, tokenised: list[list] | None = None):
        """tokenised: Kiwi's tokens of each Korean paragraph (korean_paragraphs), when the
        caller has them (Context.read tokenises an article's fields in one batch)."""
        self.name = name
        self.text = text
        self.tok_start: list[int] = []
        self.tok_end: list[int] = []
        self.tok_tag: list[str] = []
        self.tok_form: list[str] = []
        self.paragraphs: list[tuple[int, int]] = []  # token index ranges of the Korean ones
        self.korean: list[tuple[int, int]] = []  # their character ranges
        self.gazetteer_spans: list[tuple[int, int, str]] = []  # known names, set by finders.propose
        starts, ends, tags, forms = self.tok_start, self.tok_end, self.tok_tag, self.tok_form
        if tokenised is None:
            tokenised = tokenize_many(korean_paragraphs(text), kiwi)
        batches = iter(tokenised)
        pos = 0
        # Paragraph by paragraph: Kiwi is faster on short texts, and English needs none of it.
        for para in text.split("\n"):
            if HANGUL.search(para):
                tokens = next(batches)
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


@dataclass(eq=False, slots=True)
class Candidate:
    """A possible mention: a span of one field and the strongest evidence for its type so far."""

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


@dataclass(eq=False)
class Context:
    """One article on its way through the stages (analyzer lists them, in their order)."""

    gazetteer: Gazetteer
    fields: list[Field]  # the title and the body, those that are not blank
    candidates: list[Candidate] = field(default_factory=list)  # proposed, then typed in place
    generic: set[str] = field(default_factory=set)  # acronyms that gloss a common word: `인공지능(AI)`
    chosen: list[Candidate] = field(default_factory=list)  # the mentions, from combine.select on
    language: str = "ko"  # the article's: "ko" or "en" (text.shapes.article_language)

    @classmethod
    def read(cls, title: str, body: str, gazetteer: Gazetteer, deck: str = "") -> Context:
        """The article's fields, tokenised by Kiwi (loaded here on first use).

        `deck` is the summary lines under the title, one per line: names there are the
        article's too, and the reader highlights them.
        """
        kiwi = get_kiwi()
        named = [(name, text) for name, text in (("title", title), ("deck", deck), ("body", body))
                 if text and text.strip()]
        paragraphs = [korean_paragraphs(text) for _, text in named]
        tokens = tokenize_many([p for paras in paragraphs for p in paras], kiwi)  # one batch
        fields, at = [], 0
        for (name, text), paras in zip(named, paragraphs, strict=True):
            fields.append(Field(name, text, kiwi, tokens[at:at + len(paras)]))
            at += len(paras)
        return cls(gazetteer, fields, language=article_language(f"{title}\n{body[:4000]}"))
