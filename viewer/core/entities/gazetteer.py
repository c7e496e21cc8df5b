"""Known names: resources/gazetteer.tsv, matched longest-first over the raw text.

A known name wins its exact span even where Kiwi splits it (`오픈AI` is 오픈/NNG + AI/SL), and
gives the type and the canonical name of each of its aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from viewer.core.entities.words import HANJA_RUN, STOP_WORDS

try:  # a compiled multi-pattern matcher; without it, the dictionary walk below does the same
    import ahocorasick
except ImportError:  # pragma: no cover - a declared dependency
    ahocorasick = None
from viewer.core.model import ENTITY_TYPES
from viewer.core.resources import read_resource_text

# A word start and the character after it (none at the end of the text).
_WORD_START_PAIR = re.compile(r"(?<![0-9A-Za-z가-힣])[0-9A-Za-z가-힣].?", re.DOTALL)


@dataclass(frozen=True)
class GazetteerEntry:
    type: str
    canonical: str
    latin: str | None = None  # the name in Latin script (`Rotterdam` for 로테르담), if listed
    hangul: str | None = None  # the name in Hangul (`로테르담`), if listed

    def name_in(self, language: str) -> str | None:
        """The entry's name in an article's language ("en" or "ko"), if it has one."""
        return self.latin if language == "en" else self.hangul


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 .,'&\-]*")
_HANGUL_NAME = re.compile(r"[가-힣][가-힣0-9 ·]*")


class Gazetteer:
    """Known names: `TYPE<TAB>canonical<TAB>alias|alias|…` lines, `#` comments."""

    def __init__(self, text: str = ""):
        self.names: dict[str, GazetteerEntry] = {}
        self.hanja: dict[str, GazetteerEntry] = {}
        capitals: list[tuple[str, GazetteerEntry]] = []
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2 or parts[0].strip() not in ENTITY_TYPES or not parts[1].strip():
                continue
            canonical = parts[1].strip()
            aliases = [canonical] + (parts[2].split("|") if len(parts) > 2 else [])
            latins = [a.strip() for a in aliases if _LATIN_NAME.fullmatch(a.strip())]
            # the English name is a whole one, not an abbreviation (`Nevada`, not `Nev.`)
            latin = next((a for a in latins if not a.endswith(".")), latins[0] if latins else None)
            hangul = next((a.strip() for a in aliases if _HANGUL_NAME.fullmatch(a.strip())), None)
            entry = GazetteerEntry(parts[0].strip(), canonical, latin, hangul)
            for alias in aliases:
                alias = " ".join(alias.split())
                if not alias or alias in STOP_WORDS or ", " in alias:
                    continue  # `Austin, Texas` is two places, each matched on its own
                table = self.hanja if HANJA_RUN.fullmatch(alias) else self.names
                table.setdefault(alias, entry)  # the first entry listed wins an ambiguous alias
                if entry.type == "PLACE" and len(alias) >= 4 and _LATIN_NAME.fullmatch(alias) \
                        and not alias.isupper():
                    capitals.append((alias.upper(), entry))
        # A place in capitals is the place (`SEOUL —`, `ROTTERDAM (AP) —`: datelines), unless the
        # capitals are some other name's own (`NICE`, the agency): listed names win.
        for alias, entry in capitals:
            self.names.setdefault(alias, entry)
        # Alias lengths by first two characters (one dict lookup a word says whether any alias
        # could start there) and, for three or more, by first three (fewer lengths to try).
        lengths: dict[str, set[int]] = {}
        longer: dict[str, set[int]] = {}
        for alias in self.names:
            if len(alias) > 1:
                lengths.setdefault(alias[:2], set()).add(len(alias))
            if len(alias) > 2:
                longer.setdefault(alias[:3], set()).add(len(alias))
        self._lengths = {k: sorted(v, reverse=True) for k, v in lengths.items()}
        self._longer = {k: sorted(v, reverse=True) for k, v in longer.items()}
        self._singles = frozenset(alias for alias in self.names if len(alias) == 1)
        self._has_single = re.compile("|".join(map(re.escape, sorted(self._singles))) or "(?!)")
        self._hanja_max = max(map(len, self.hanja), default=0)
        self._automaton = None

    def __len__(self) -> int:
        return len(self.names) + len(self.hanja)

    def get(self, surface: str) -> GazetteerEntry | None:
        return self.names.get(surface) or self.hanja.get(surface)

    def may_start_at(self, text: str, pos: int) -> bool:
        """A cheap test that some alias could begin at pos."""
        return text[pos:pos + 2] in self._lengths or text[pos] in self._singles

    def aliases_at(self, text: str, pos: int) -> list[str]:
        """Aliases that text has at pos, longest first (the caller checks the boundaries)."""
        names = self.names
        found = [alias for n in self._longer.get(text[pos:pos + 3], ())
                 if len(alias := text[pos:pos + n]) == n and alias in names]
        two = text[pos:pos + 2]
        if len(two) == 2 and two in names:
            found.append(two)
        if text[pos] in self._singles:
            found.append(text[pos])
        return found

    def hits_by_start(self, text: str) -> list[tuple[int, list[str]]]:
        """Every alias the text holds at a word start, as (start, aliases longest first), in order.

        One pass of a compiled Aho-Corasick automaton over the text (pyahocorasick) finds every
        alias at once; the word-start test and the ordering are all that is left to Python.
        """
        automaton = self._matcher()
        if automaton is None:
            return [(s, self.aliases_at(text, s)) for s in self.word_start_hits(text)]
        found: dict[int, list[str]] = {}
        for end, alias in automaton.iter(text):
            s = end + 1 - len(alias)
            if s:
                ch = text[s - 1]  # a word character before it: inside a word, no hit
                if ch.isascii() and ch.isalnum() or "가" <= ch <= "힣":
                    continue
            hit = found.get(s)
            if hit is None:
                found[s] = [alias]
            else:
                hit.append(alias)
        return [(s, sorted(found[s], key=len, reverse=True)) for s in sorted(found)]

    def _matcher(self):
        """The automaton over every alias, built on first use (about 0.1 s), or None."""
        if self._automaton is None and ahocorasick is not None and self.names:
            automaton = ahocorasick.Automaton()
            for alias in self.names:
                automaton.add_word(alias, alias)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def word_start_hits(self, text: str) -> list[int]:
        """Word starts where some alias could begin, in order (see may_start_at)."""
        lengths, singles = self._lengths, self._singles
        if self._has_single.search(text):
            return [m.start() for m in _WORD_START_PAIR.finditer(text)
                    if m[0] in lengths or m[0][0] in singles]
        return [m.start() for m in _WORD_START_PAIR.finditer(text) if m[0] in lengths]

    def hanja_matches(self, text: str) -> list[tuple[int, int, GazetteerEntry]]:
        """Hanja abbreviations (美, 中, 韓美日): a run counts only if aliases cover all of it."""
        out = []
        for m in HANJA_RUN.finditer(text):
            pos, found = m.start(), []
            while pos < m.end():
                for n in range(min(self._hanja_max, m.end() - pos), 0, -1):
                    entry = self.hanja.get(text[pos:pos + n])
                    if entry:
                        found.append((pos, pos + n, entry))
                        pos += n
                        break
                else:
                    found = []
                    break
            out.extend(found)
        return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """resources/gazetteer.tsv, parsed once per process (absent: an empty gazetteer)."""
    try:
        return Gazetteer(read_resource_text("gazetteer.tsv"))
    except (FileNotFoundError, OSError):
        return Gazetteer()
