"""The reader's departures from KLUE: the model learned KLUE's conventions, and reader_view is
where what it finds becomes what a reader sees (withheld names, roles, countries as parties).

scripts/eval_klue.py explains each departure and what it costs in KLUE's counts.
"""

from __future__ import annotations

import re

from viewer.core.entities.fields import Candidate, Field
from viewer.core.entities.gazetteer import Gazetteer
from viewer.core.entities.words import (
    ANONYMISED,
    COUNTRY_SYLLABLES,
    HANGUL,
    HANJA_RUN,
    PAIR_SYLLABLES,
    PARTICLES,
    PERSON_NOUNS,
    PROVINCES,
    STOP_WORDS,
    common_nouns,
    generic_body,
    is_hanja,
    suffix_type,
)

_DIGIT = re.compile(r"\d")  # never in a person's name (`핫100` is a chart)
_DATELINE_AGENCY = re.compile(r"[(\[][가-힣]{1,5}=$")  # `(서울=` before a wire agency


def reader_view(f: Field, found: list[tuple[int, int, str]], rule: list[Candidate],
                gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
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
    text, out, common = f.text, [], common_nouns()
    hanja = {s: e for s, e, _ in f.gazetteer_spans
             if is_hanja(text[s]) and HANJA_RUN.fullmatch(text[s:e])}
    orgs = {c.start: c.end for c in rule if c.type == "ORG" and c.cue != "consistency"}
    for s, e, t in found:
        if s in hanja and hanja[s] < e and HANGUL.match(text[hanja[s]]):
            e = hanja[s]
        s, e, t = _leading_country(f, s, e, t, hanja, out, gazetteer)
        if t == "ORG" and orgs.get(s, e) < e and text[orgs[s]] == " " \
                and not suffix_type(text[orgs[s] + 1:e]) \
                and all(f.tok_tag[i] == "NNG" for i in f.tokens_in(orgs[s] + 1, e)):
            e = orgs[s]
        name = text[s:e]
        if 2 <= len(name) <= 3 and all(ch in PAIR_SYLLABLES for ch in name) \
                and not gazetteer.get(name) and f.starts_cleanly(s) and f.ends_cleanly(e):
            out += [(i, i + 1, "PLACE") for i in range(s, e)]  # `한미`: Korea and the US
            continue
        if t == "PERSON" and name.partition(" ")[0] in PROVINCES and " " in name:
            t = "PLACE"  # `경기 용인`: an address, not a foreign person's two names
        if t == "PERSON" and " " in name and name.rsplit(" ", 1)[1] in PERSON_NOUNS:
            name = name.rsplit(" ", 1)[0]  # `송하윤 감독`: the title is not the name
            e = s + len(name)
        if name in STOP_WORDS or name in common and not gazetteer.get(name) \
                or t == "PERSON" and (_withheld(name, text, e) or _DIGIT.search(name)) \
                or _is_language(name, gazetteer) or not (f.starts_cleanly(s) and f.ends_cleanly(e)):
            continue
        words = name.split(" ")
        if t == "ORG" and generic_body(words[-1]):
            head = " ".join(words[:-1])
            entry = gazetteer.get(head)
            if entry and entry.type == "PLACE":
                out.append((s, s + len(head), "PLACE"))
            elif head and not generic_body(head) and not all(
                    f.tok_tag[i] == "NNG" for i in f.tokens_in(s, s + len(head))):
                out.append((s, e, t))  # `홍콩 경찰 당국` stays; `통화 당국` is a role
            continue
        if _DATELINE_AGENCY.search(text, max(0, s - 7), s) and text[e:e + 1] in ")]":
            t = "ORG"  # `(서울=누리통신)`: the news agency in a dateline
        entry = gazetteer.get(name)
        out.append((s, e, "PLACE" if entry and entry.type == "PLACE" else t))
    return out


def _leading_country(f: Field, s: int, e: int, t: str, hanja: dict[int, int],
                     out: list[tuple[int, int, str]], gazetteer: Gazetteer) -> tuple[int, int, str]:
    """A country abbreviated before a name is a place of its own: it goes to out, and the
    name's start, end and type are returned (a lone one is the country, `중` in `중 외교부는`).

    After a Hanja one, a known name keeps its type and stops before the common nouns after
    it (`美 빌보드 차트`: the country, then 빌보드).
    """
    text = f.text
    if s in hanja and hanja[s] + 1 < e and text[hanja[s]] == " " \
            and not text[hanja[s] + 1].isspace():
        out.append((s, hanja[s], gazetteer.get(text[s:hanja[s]]).type))  # `美 빌보드`
        s = hanja[s] + 1
        for alias in gazetteer.aliases_at(text, s):
            end = s + len(alias)
            if end == e or end < e and text[end] == " " and all(
                    f.tok_tag[i] == "NNG" for i in f.tokens_in(end + 1, e)):
                return s, end, gazetteer.names[alias].type
        return s, e, t
    if text[s] in COUNTRY_SYLLABLES and f.tag_at(s) == "NNP":
        if text[s + 1:s + 2] == " " and e > s + 2 and not text[s + 2].isspace():
            out.append((s, s + 1, "PLACE"))  # `미 스탠포드대`
            return s + 2, e, t
        if e == s + 1:
            return s, e, "PLACE"
    return s, e, t


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
    if len(name) < 2 or name[-1] != "어" or not all("가" <= c <= "힣" for c in name):
        return False
    if len(name) == 2:  # `영어`, `불어`, `독어`: a country's one syllable plus 어
        return name[0] in COUNTRY_SYLLABLES
    entry = gazetteer.get(name[:-1])
    return entry is not None and entry.type == "PLACE"
