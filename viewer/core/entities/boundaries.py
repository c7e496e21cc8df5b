"""The reader's boundaries: where a mention the model or the rules found is really several names.

The other reader's-view passes live here too (particles trimmed, unfounded people, common
compounds, local governments, institutions, products' and events' ends, teams).
Longer than 500 lines because they all read a mention's words the same way (word_kind, the
Field's tokens and the gazetteer) and run in the order analyzer.py lists; split apart they would
share most helpers.

KLUE, which the model learned from, tags a chain as one mention: an address (`강원 인제군 기린면`),
a country before a company (`일본 소니`), a person with their organisation and title
(`홍길동 산업통상자원부 장관`), an organisation with its department (`한밭저축은행 여신기획부`).
A reader sees separate names there, each its own entry in the Index, so `소니` here links to
`소니` elsewhere. split_chains reads each word of a multi-word mention by what the analyser
already knows (the gazetteer, suffixes, the shape of a Korean name, titles, Kiwi's tags) and
cuts the mention where the words say so:

* places in a row are each a place (`강원`, `인제군`, `기린면`, `솔바람마을`); a direction after
  a place is no name of its own (`헝가리 북동부` is `헝가리`);
* leading places before an organisation, a person or a product are places of their own (`일본
  소니`, `목포 병원` is `목포`, its common noun no name);
* a Korean personal name before an organisation is a person, then the organisation
  (`조현우 공동주택관리연구소`);
* a title, a department or common nouns at the end belong to no name (`장관`, `도시공학과`,
  `여신기획부`, `어린이 통학로`); an office named after its place leaves the place
  (`영도구청장` is `영도구`).

A mention the gazetteer knows whole, a linked pair (`해리 슘(Harry Shum)`) and the user's
corrections are never cut. English mentions are cut where titles lead them (spans.to_spans).
"""

from __future__ import annotations

import re

from viewer.core.entities.fields import TIER_STRONG, Candidate, Context, Field
from viewer.core.entities.gazetteer import Gazetteer
from viewer.core.entities.words import (
    AGE,
    CLUB_PREFIXES,
    COMPOUND_GENERIC_PREFIXES,
    DIRECTIONS,
    HANGUL,
    PARTICLES,
    PRODUCT_EDITIONS,
    PROVINCES,
    SAID,
    SPACED_SUFFIXES,
    korean_feature_name,
    name_shaped,
    noun_type,
    own_suffix_type,
)

# Word endings that make a Korean word a place of its own in a chain: administrative units
# and the common kinds of named places (`솔바람마을`, `한밭중앙시장`, `영일만항`, `연무장길`).
_ADMIN_ENDINGS = tuple("시군구읍면동리")
_VILLAGE_ENDINGS = _ADMIN_ENDINGS + ("마을", "시장")  # never a person's name, however it is shaped
_PLACE_ENDINGS = _VILLAGE_ENDINGS + tuple("""길 로 항 섬 도 해안 해변 공원 역 터미널 광장 단지 산 강 천
호 만""".split())
# Word endings of a department inside an organisation (`도시공학과`, `검색플랫폼팀`, `여신기획부`).
_DEPARTMENT_ENDINGS = tuple("""과 팀 부 실 본부 사업부 센터 파트 담당 부서 연구실
학과 학부 사무국 지부 지점 지사 분과""".split())
# a numbered division of a court or a body (`2부`, `형사12부`)
_DIVISION = re.compile(r"(?:[가-힣]{0,4})\d{1,3}(?:부|과|팀|국|반)")
_COMMITTEE_ENDINGS = ("위원회", "소위원회", "특별위원회", "특위", "분과위원회")


# Evidence that the whole span is one name: the user said so, the gazetteer knows it, or a cue
# before it named it (`창업자인 이란 첸`, where 이란 is no country).
# (A known name stays whole by the gazetteer's own entry: a gazetteer mention stretched over a
# direction, `영국 남서부`, is cut.)
_WHOLE_BY_EVIDENCE = frozenset({"correction", "apposition", "descriptor"})

PLACE, ORG, PERSON, TITLE, DEPARTMENT, DIRECTION, COMMON, OTHER = (
    "place", "org", "person", "title", "department", "direction", "common", "other")


def split_chains(ctx: Context) -> bool:
    """Cut every chosen multi-word Korean mention where its words name several things; say
    whether any was cut (its parts are new names to spread)."""
    out: list[Candidate] = []
    cut = False
    for c in ctx.chosen:
        if " " not in c.text or c.partners or c.cue in _WHOLE_BY_EVIDENCE or c.type in ("PRODUCT", "EVENT") \
                or not HANGUL.search(c.text) or ctx.gazetteer.get(c.text):
            out.append(c)
            continue
        parts = split_mention(c, ctx.gazetteer)
        cut = cut or parts != [c]
        out += parts
    ctx.chosen = out
    return cut


def word_kind(f: Field, s: int, e: int, gazetteer: Gazetteer) -> str:
    """What one word of a chain is: a place, an organisation, a person, a title, a department, a
    direction, common nouns, or another name."""
    word = f.text[s:e]
    entry = gazetteer.get(word)
    if entry is not None:
        return {"PLACE": PLACE, "ORG": ORG, "PERSON": PERSON}.get(entry.type, OTHER)
    if word in DIRECTIONS:
        return DIRECTION
    if word in PROVINCES:
        return PLACE
    if noun_type(word) == "PERSON" and not own_suffix_type(word) == "ORG":
        return TITLE  # (before the places by their unit: `주장` is a captain, not 주장시)
    for unit in ("시", "군"):  # `공주` of 공주시, `부여` of 부여군: a place by its administrative name
        known = gazetteer.get(word + unit)
        if known is not None and known.type == "PLACE":
            return PLACE
    if word.endswith("시장") and len(word) >= 4 and _office_place(word, gazetteer):
        return TITLE  # `김해시장`: the mayor of 김해시 (not a market)
    tags = [f.tok_tag[i] for i in f.tokens_in(s, e)]
    proper = "NNP" in tags
    if name_shaped(word) and proper and not word.endswith(_VILLAGE_ENDINGS):
        return PERSON
    if word.endswith(_DEPARTMENT_ENDINGS) and len(word) >= 3 and not proper:
        return DEPARTMENT  # `여신기획부`, `도시공학과` (a known ministry is the gazetteer's)
    if _DIVISION.fullmatch(word) or word.endswith(_COMMITTEE_ENDINGS) and len(word) >= 4:
        return DEPARTMENT  # `대법원 2부`, `형사12부`, `시의회 건설교통위원회`: a part of what it follows
    suffix = own_suffix_type(word) or SPACED_SUFFIXES.get(word)
    if suffix == "ORG":
        return ORG
    if suffix == "PLACE" or len(word) >= 2 and word.endswith(_PLACE_ENDINGS) and (
            proper or len(word) >= 4):
        return PLACE
    if len(word) >= 3 and word[-1] in _UNIT_SYLLABLES and len(tags) >= 2 \
            and tags[-1] in ("NNG", "NNB", "XSN"):
        return PLACE  # `경북 청운군 소양면`: a unit of an address Kiwi split (`청운/NNG 군/NNG`)
    if tags and all(t in ("NNG", "XSN", "XPN", "NNB") for t in tags):
        return COMMON
    return OTHER


_UNIT_SYLLABLES = frozenset("시군구읍면")


def split_mention(c: Candidate, gazetteer: Gazetteer) -> list[Candidate]:
    """One mention cut into the names its words make (the mention itself when it is one)."""
    f = c.field
    # the words of the mention, the last cut where the mention ends (`신림동` of `신림동의`)
    words = [(max(s, c.start), min(e, c.end)) for s, e in f.words if s < c.end and e > c.start]
    if len(words) < 2 or words[0][0] != c.start:
        return [c]
    kinds = [word_kind(f, s, e, gazetteer) for s, e in words]
    for k in range(1, len(kinds)):  # `연구소 책임연구원`: after an organisation, a title
        if kinds[k - 1] == ORG and kinds[k] == ORG and noun_type(f.text[words[k][0]:words[k][1]]) == "PERSON":
            kinds[k] = TITLE
    if c.type == "PERSON" and kinds[0] == PLACE and _titled_before(f, c.start):
        return [c]  # `교수인 이란 첸`: a title before it says the whole is a person's name
    n = len(words)
    if kinds[0] == TITLE and n >= 2 and all(kinds[k] in (OTHER, PLACE, PERSON) for k in range(1, n)) \
            and all(HANGUL.search(f.text[s:e]) for s, e in words[1:]):
        # `주장 세미시 타우파`: a title, then a foreign name (whatever its last syllable looks like)
        d = Candidate(f, words[1][0], c.end)
        d.set("PERSON", c.tier, "boundary")
        return [d]
    parts: list[tuple[int, int, str]] = []  # (start, end, type) in the field's text
    i = 0
    while i < n and kinds[i] in (PLACE, DIRECTION):  # the leading places, each its own
        if kinds[i] == PLACE:
            parts.append((*words[i], "PLACE"))
        i += 1
    origin = False  # `벵겟주 출신 마리셀 델라크루스`: someone from the place
    if parts:  # `미국 공연기획사 라이브웨이브`: a descriptor between the place and the name is neither
        while i < n - 1 and kinds[i] == COMMON:
            origin = origin or f.text[words[i][0]:words[i][1]] in _ORIGIN_WORDS
            i += 1
    if i < n and kinds[i] == PERSON and (c.type in ("PERSON", "ORG") or i + 1 < n and kinds[i + 1] == TITLE):
        parts.append((*words[i], "PERSON"))
        i += 1
    rest = list(range(i, n))
    # The end: titles, departments and common nouns after the name belong to no name.
    while rest and kinds[rest[-1]] in (TITLE, DEPARTMENT, COMMON, DIRECTION):
        rest.pop()
    if rest:
        head = rest[0]
        if c.type == "PLACE" and all(kinds[k] == PLACE for k in rest):
            parts += [(*words[k], "PLACE") for k in rest]
        elif kinds[head] == ORG and len(rest) > 1 and any(
                kinds[k] in (TITLE, DEPARTMENT, PERSON) for k in rest[1:]):
            parts.append((*words[head], "ORG"))  # `새솔대 도시공학과 …`: the organisation
            # `한국교통연구소 여승연 연구위원`: the person who speaks for it, after it
            parts += [(*words[k], "PERSON") for k in rest[1:] if kinds[k] == PERSON]
        elif not (rest == [head] and kinds[head] == COMMON):  # `목포 병원`: no name after 목포
            t = "PERSON" if origin and c.type == "PLACE" else c.type
            if parts and parts[-1][2] == "PERSON" and t == "PERSON":
                t = "ORG"  # `박정호 청운교통`: a person, then the company they speak for
            parts.append((words[head][0], words[rest[-1]][1], t))
    for k in range(i, n):  # `김경태 영도구청장`: an office named after its place leaves the place
        if kinds[k] == TITLE:
            place = _office_place(f.text[words[k][0]:words[k][1]], gazetteer)
            if place:
                parts.append((words[k][0], words[k][0] + len(place), "PLACE"))
    if [(s, e) for s, e, _ in parts] == [(c.start, c.end)] and parts[0][2] == c.type:
        return [c]
    out = []
    for s, e, t in sorted(parts):
        d = Candidate(f, s, e)
        entry = gazetteer.get(f.text[s:e])
        if entry is not None and entry.type == t:
            d.set(t, TIER_STRONG, "boundary", entry.canonical)
        else:
            d.set(t, c.tier, "boundary")
        out.append(d)
    return out


_ORIGIN_WORDS = frozenset("출신 국적 태생".split())


def _titled_before(f: Field, start: int) -> bool:
    """A title or role stands right before start (`교수인`, `창업자`, `배우`)."""
    prev = f.prev_word(start)
    if prev is None:
        return False
    ss, se = f.stem(*prev)
    return noun_type(f.text[ss:se]) == "PERSON"


# Offices named after their place, and how much of the office's name is the place's own ending
# (`영도구청장`: 영도구, `완도군수`: 완도군, `제주도지사`: 제주도).
_OFFICE_PLACE = {"구청장": 1, "군수": 1, "도지사": 1, "교육감": 0, "시장": 1}


def _office_place(word: str, gazetteer: Gazetteer) -> str | None:
    """The place an office is named after, as a whole word of its own, or None."""
    for office, keep in _OFFICE_PLACE.items():
        if word.endswith(office) and len(word) - len(office) >= 2:
            place = word[:len(word) - len(office) + keep]
            if office == "시장":  # `김해시장`, never `전통시장`: the city must be known
                known = gazetteer.get(place) or gazetteer.get(place[:-1])
                return place if known is not None and known.type == "PLACE" else None
            return place if word_kind_text(place, gazetteer) == PLACE else None
    return None


def word_kind_text(word: str, gazetteer: Gazetteer) -> str | None:
    """Whether a bare word is a place by the gazetteer or its administrative ending."""
    entry = gazetteer.get(word)
    if entry is not None:
        return PLACE if entry.type == "PLACE" else None
    return PLACE if len(word) >= 2 and word.endswith(("시", "군", "구", "도")) else None


_GLUED_PARTICLES = ("에서", "에", "서", "을", "를", "은", "는", "이", "가", "의", "와", "과", "도", "로")


def trim_particles(ctx: Context) -> None:
    """A place or organisation the model read with its particle (`솔재리에`, `유럽서`) ends before it,
    where the rest is a known name or ends like a place's own name."""
    for c in ctx.chosen:
        if c.type not in ("PLACE", "ORG") or c.partners or c.cue == "correction" or not HANGUL.search(c.text):
            continue
        text = c.text
        for p in _GLUED_PARTICLES:
            stem = text[:-len(p)]
            if not text.endswith(p) or len(stem) < 2:
                continue
            entry = ctx.gazetteer.get(stem)
            if entry is not None or stem.endswith(_ADMIN_ENDINGS + ("도",)):
                c.end -= len(p)
                if entry is not None:
                    c.canonical = entry.canonical
            break


def drop_unfounded_people(ctx: Context) -> None:
    """A one-word Korean "person" with no evidence of being one is left unhighlighted.

    The model, trained on KLUE, guesses PERSON for unknown words it cannot place (a snack brand,
    `로스팅`, `교통카드`). A person's name shows itself: a Korean name's shape (surname and
    given name), a title or `씨` after it, an age in parentheses, a role before it, the
    gazetteer, a full name it shortens, or the same name with such evidence elsewhere in the
    article. Without any, an untyped name stays plain rather than wrongly coloured. A
    one-syllable "person" stands only before a title (`박 대통령`).
    """
    people = [c for c in ctx.chosen if c.type == "PERSON"]
    for c in people:  # `부석면 소천리`: townships and villages the model took for people
        if c.cue not in _PERSON_CUES and HANGUL.search(c.text) and _township_or_village(c):
            c.type, c.cue = "PLACE", "ending"
    people = [c for c in people if c.type == "PERSON"]
    founded = {c.text for c in people if _person_founded(c, ctx.gazetteer)}
    for c in people:  # `쇼함` after `요아브 쇼함`: a short form of a founded full name
        if " " in c.text and c.text in founded:
            founded.update(c.text.split())
    kept = []
    for c in ctx.chosen:
        if c.type != "PERSON" or c.text in founded or not HANGUL.search(c.text) \
                or c.canonical not in (None, c.text) or c.partners:
            kept.append(c)
        elif len(c.text) >= 3 and c.text.endswith(_FEATURE_ENDINGS):
            c.type, c.cue = "PLACE", "ending"  # `간다강`, `후포항`: no person, and its ending says where
            kept.append(c)
    ctx.chosen = kept


# Evidence a word names a person whatever its ending: a title or `씨` after it, an age, a role.
_PERSON_CUES = frozenset(("correction", "gazetteer", "title", "age", "apposition", "descriptor", "link"))


def _township_or_village(c: Candidate) -> bool:
    """A word that names a township or a village by its own ending: three syllables or more
    ending in 읍 or 면 (`부석면`), or in 리 right after such a township (`부석면 소천리`)."""
    text, f = c.text, c.field
    if " " in text or len(text) < 3 or not HANGUL.fullmatch(text[-1]):
        return False
    after = f.text[c.end:c.end + 1]
    nxt = f.next_word(c.end)
    if after in ("씨", "님") or AGE.match(f.text, c.end) or nxt and noun_type(f.word_stem(*nxt)) == "PERSON":
        return False  # `이승면씨`, `이승면(45)`, `이승면 대표`: a person
    if text.endswith(("읍", "면")):
        return True
    if text.endswith("리"):
        prev = c.field.prev_word(c.start)
        word = c.field.text[prev[0]:prev[1]] if prev else ""
        return len(word) >= 3 and word.endswith(("읍", "면"))
    return False


def drop_common_compounds(ctx: Context) -> None:
    """A word Kiwi reads as common nouns only, two or more of them, names nobody and nothing
    when it is a "person" (`교통카드`, `와이어로프`) or opens with a generic modifier (`종합병원`,
    `시외버스터미널`: a modifier and one noun): the model or a neighbour guessed it; a known name, a quoted
    one or one the article itself names by a cue stays."""
    drop = set()
    read_as_names = {c.text for c in ctx.chosen if _one_token_tag(c) == "NNP"}
    for c in ctx.chosen:
        if c.cue in _READ_AS_WORD and HANGUL.match(c.text) and _one_token_tag(c) == "NNG" \
                and c.text not in read_as_names:
            # Kiwi reads the one word as a common noun here: `이동 수단` (not the Sudan), `개성`
            # (character), `퇴근길`; a name is read as a proper noun somewhere in its article
            drop.add(c.text)
            continue
        if c.cue not in _GUESSED or " " in c.text or not HANGUL.match(c.text) or c.text in drop:
            continue
        f = c.field
        toks = f.tokens_in(c.start, c.end)
        if len(toks) < 2 or f.tok_end[toks[-1]] != c.end \
                or any(f.tok_tag[i] != "NNG" for i in toks) or ctx.gazetteer.get(c.text):
            continue
        if c.type == "PERSON" and not name_shaped(c.text) \
                or len(toks) == 2 and f.tok_form[toks[0]] in COMPOUND_GENERIC_PREFIXES:
            drop.add(c.text)  # (not `강태윤`, nor `지방교통정책연구원`: a name's shape, a longer name)
    if drop:
        ctx.chosen = [c for c in ctx.chosen
                      if c.text not in drop or c.cue not in _GUESSED and c.cue not in _READ_AS_WORD]


def _one_token_tag(c: Candidate) -> str | None:
    """Kiwi's tag when the mention is exactly one of its tokens, else None."""
    f = c.field
    toks = f.tokens_in(c.start, c.end)
    if len(toks) == 1 and f.tok_end[toks.start] == c.end:
        return f.tok_tag[toks.start]
    return None


_GUESSED = frozenset(("model", "consistency", "neighbour", "surname", "run", "speaker"))
_READ_AS_WORD = frozenset(("gazetteer", "boundary"))  # a known name, a chain's part: Kiwi's reading may veto


# Endings of the names of rivers, streams, mountains, passes, peaks, ports, bays, coasts and domes:
# a word the model took for a person with no evidence of one, ending so, is that place.
_FEATURE_ENDINGS = tuple("강 천 산 령 봉 항 포구 만 해안 돔 고개 계곡".split())


def _person_founded(c: Candidate, gazetteer: Gazetteer) -> bool:
    """This mention of a person shows some evidence that it is one (see drop_unfounded_people)."""
    f, text = c.field, c.text
    if c.cue in _PERSON_CUES:
        return True
    entry = gazetteer.get(text)
    if entry is not None:
        return entry.type == "PERSON"
    toks = f.tokens_in(c.start, c.end)
    tags = [f.tok_tag[i] for i in toks]
    proper = bool(tags) and all(t == "NNP" for t in tags)
    # a Korean name's shape, read as a proper noun whole or as a surname and the rest (`윤/재석`);
    # a longer proper noun (a foreign name)
    surname_first = bool(tags) and tags[0] == "NNP" and f.tok_end[toks.start] - f.tok_start[toks.start] == 1
    if " " in text or (name_shaped(text) and (proper or surname_first) \
            or proper and len(text) >= 4 and not own_suffix_type(text)) and not korean_feature_name(text):
        return True  # (not `마모율`, `매생이`; a name's shape is no evidence for `진부령`, `남대천`)
    ts, te = f.tail(c.end)
    tail = f.text[ts:te]
    if len(text) > 1 and (tail[:1] in ("씨", "님") or AGE.match(f.text, c.end)):
        return True
    nxt = f.next_word(c.end)
    if nxt is not None and ts == c.end and te == c.end:
        stem = f.word_stem(*nxt)
        if noun_type(stem) == "PERSON" or stem.endswith("시장") and _office_place(stem, gazetteer):
            return True  # `박 대통령`, `쇼함 CEO`, `홍성태 김해시장`
        after = f.next_word(nxt[1]) if f.word_stem(*nxt) == f.text[nxt[0]:nxt[1]] else None
        if len(text) > 1 and after is not None and noun_type(f.word_stem(*after)) == "PERSON":
            return True  # `시타로 미국 국무장관`: an affiliation between the name and the title
    if len(text) > 1 and tail in ("은", "는", "이", "가"):
        stop = f.text.find(".", te)
        last = f.word_at((stop if stop > 0 else len(f.text)) - 1)
        if f.text.startswith(SAID, last[0]):
            return True  # `첸은 … 말했다`: the one who speaks
    return len(text) > 1 and _titled_before(f, c.start)


# What follows a city, county or district acting as its local government: a subject or a
# partner particle, or the word for its officials (`여수시는 … 밝혔다`, `완도군과`, `신안군 관계자`).
_ACTOR_TAILS = frozenset("은 는 이 가 와 과 에서는 측은 측".split())
_ACTOR_NEXT = ("관계자", "제공", "공무원", "담당자", "직원")


def local_governments(ctx: Context) -> None:
    """A city, county, district or province that acts is its government, an organisation.

    `여수시는 이달부터 …을 운영한다`, `완도군과 협회가`, `신안군 관계자는`: the local government,
    as KLUE and Korean news read it, against `여수시 화정면`, `완도군에 사는`: a location. A
    name keeps one type in an article, the one most of its mentions give.
    """
    votes: dict[str, list[int]] = {}  # name -> [acting, located]
    units = [c for c in ctx.chosen if c.type == "PLACE" and not c.partners and c.cue != "correction"
             and _administrative(c.text)]
    for c in units:
        votes.setdefault(c.text, [0, 0])[0 if _acting(c) else 1] += 1
    for c in units:  # one name, one colour in an article: the way the article mostly uses it
        acting, located = votes[c.text]
        if acting > located:
            c.type, c.cue = "ORG", "government"


# Institutions a reader looks up as organisations wherever a sentence puts them (`갈마숲초등학교에서`).
_INSTITUTION_ENDINGS = ("초등학교", "중학교", "고등학교", "대학교", "의료원", "병원", "보건소", "보건지소",
                        "분교", "유치원")


def institutions(ctx: Context) -> None:
    """A school or a hospital the model read as a location (`갈마숲초등학교`, `남해안권역의료원`) is the
    organisation it names."""
    for c in ctx.chosen:
        if c.type == "PLACE" and c.cue != "correction" and " " not in c.text and len(c.text) >= 4 \
                and HANGUL.match(c.text) and c.text.endswith(_INSTITUTION_ENDINGS) \
                and not ctx.gazetteer.get(c.text):
            c.type, c.cue = "ORG", "institution"


def _acting(c: Candidate) -> bool:
    """This mention of a local unit is its government acting (`여수시는`, `신안군 관계자`)."""
    f = c.field
    ts, te = f.tail(c.end)
    tail = f.text[ts:te]
    nxt = f.next_word(c.end)
    return bool(ts == c.end and tail in _ACTOR_TAILS
                or tail == "" and nxt is not None and f.text.startswith(_ACTOR_NEXT, nxt[0])
                or tail == "에" and nxt is not None and f.text.startswith("따르면", nxt[0]))


def _administrative(name: str) -> bool:
    """A Korean local-government unit by its name: `여수시`, `완도군`, `동구`, `충남도`."""
    if " " in name or not HANGUL.match(name) or len(name) < 2:
        return False
    if name[-1] in "시군구":
        return len(name) >= 2 and name[-2:] not in ("도시", "지구", "연구")
    return name[-1] == "도" and (name[:-1] in PROVINCES or name.endswith(("남도", "북도", "특별자치도"))
                                or name in ("경기도", "강원도", "제주도"))


_WORD = re.compile(r"\S+")
_LEADING_DIGITS = re.compile(r"\d+")
# `16`, `S25`, `Z`, `11`, `+`, and a version (`5.2`, `3.0`, `v2.1`)
_MODEL_NUMBER = re.compile(r"(?:[A-Z]{0,3}\d{1,4}[A-Za-z]{0,3}|\+|v?\d{1,3}(?:\.\d{1,3}){1,2})")
_YEAR_OR_EDITION = re.compile(r"(?:19|20)\d\d")
# An English team: a place, then a capitalised plural (`Boston Celtics`, `Seattle Storm` aside).
_TEAM_PLURAL = re.compile(r"[A-Z][a-z]+[^s\W]s")


def extend_products_and_events(ctx: Context, teams: bool = True) -> None:
    """A product's name runs over its model number, generation and edition (`iPhone 16 Pro Max`,
    `Galaxy Z Fold 6`, `갤럭시 S25 울트라`); an event's over its year (`MWC 2026`). With teams
    (the reader's view): a place or a sponsor before a team's name is the team (`Boston Celtics`,
    `KT 위즈`, `서울 블레이즈`), and a name ending in an organisation's word is one
    (`블리자드 엔터테인먼트`)."""
    absorbed: set[int] = set()
    for f in ctx.fields:
        mine = sorted((c for c in ctx.chosen if c.field is f), key=lambda c: c.start)
        for k, c in enumerate(mine):
            if id(c) in absorbed:
                continue
            nxt = k + 1  # a mention made of edition words (`맥스`) is part of the product before it
            while nxt < len(mine) and c.type == "PRODUCT" and all(
                    _stem_of(w) in PRODUCT_EDITIONS or _MODEL_NUMBER.fullmatch(w)
                    for w in mine[nxt].text.split()):
                absorbed.add(id(mine[nxt]))
                nxt += 1
            limit = mine[nxt].start if nxt < len(mine) else len(f.text)
            if c.type == "PRODUCT":
                c.end = _extended(f.text, c.end, limit, product=True)
            elif c.type == "EVENT":
                c.end = _extended(f.text, c.end, limit, product=False)
            if c.type == "ORG" and c.text.split(" ", 1)[0] in CLUB_PREFIXES:
                m = _CLUB_NUMBER.match(f.text, c.end)  # `FC Ostwald 1896`, `SV Lindenau 09`
                if m and c.end + len(m.group()) <= limit:
                    c.end += len(m.group())
            if not teams:
                continue  # KLUE's view: organisations' bounds as the model learned them
            if c.type == "PLACE" and f.text[c.end:c.end + 1] == " ":
                m = _TEAM_PLURAL.match(f.text, c.end + 1)
                if m and m.end() <= limit and (m.end() == len(f.text) or not f.text[m.end()].isalnum()):
                    c.end, c.type, c.cue, c.canonical = m.end(), "ORG", "team", None
            if c.type != "ORG" and _korean_team(c.text, ctx.gazetteer):
                c.type, c.cue = "ORG", "team"  # `한화 이글스`: a company's team, not a person
            elif c.type in ("ORG", "PLACE") and " " not in c.text and f.text[c.end:c.end + 1] == " ":
                nxt = f.next_word(c.end)  # `KT 위즈`, `서울 블레이즈`: the sponsor or city, then the team
                after = mine[k + 1] if k + 1 < len(mine) else None
                if nxt is not None and (nxt[0] < limit or after is not None and after.start == nxt[0]):
                    ss, se = f.stem(*nxt)
                    if ss == nxt[0] and _korean_team(f.text[c.start:se], ctx.gazetteer):
                        if after is not None and after.start == nxt[0]:
                            absorbed.add(id(after))
                        c.end, c.type, c.cue, c.canonical = se, "ORG", "team", None
            if c.type in ("PLACE", "PERSON") and " " in c.text and HANGUL.search(c.text) \
                    and SPACED_SUFFIXES.get(c.text.rsplit(" ", 1)[1]) == "ORG":
                c.type, c.cue = "ORG", "suffix"  # `블리자드 엔터테인먼트`: its own ending says organisation
    if absorbed:
        ctx.chosen = [c for c in ctx.chosen if id(c) not in absorbed]


# Team names as Korean writes them: a sponsor, then a transliterated plural (`이글스`, `위즈`), or a
# club's own ending (`레드포레스트FC`, `하나시티즌`).
_TEAM_ENDINGS = ("스", "즈", "츠")
_CLUB_ENDINGS = ("FC", "SC", "AFC", "유나이티드", "시티즌")
_CLUB_NUMBER = re.compile(r" (?:\d{2}|1[89]\d\d|20[0-2]\d)(?![\w.,]\w)")


def _korean_team(name: str, gazetteer: Gazetteer) -> bool:
    """`한화 이글스`, `KT 위즈`: a known company or an acronym, then a plural-sounding word."""
    words = name.split(" ")
    if len(words) == 2 and len(words[1]) >= 4 and words[1].endswith(_CLUB_ENDINGS) \
            and HANGUL.match(words[1]):
        entry = gazetteer.get(words[0])  # `안동 레드포레스트FC`: a city, then its club
        return entry is not None and entry.type == "PLACE"
    if len(words) != 2 or len(words[1]) < 2 or not HANGUL.fullmatch(words[1][-1]) \
            or not words[1].endswith(_TEAM_ENDINGS) or gazetteer.get(words[1]) is not None:
        return False  # (`엔비디아 지포스`: a known product after its maker is no team)
    entry = gazetteer.get(words[0])
    if entry is not None and entry.type == "PLACE":  # `서울 블레이즈`, `도쿄 레이븐스`: a city's team
        return len(words[1]) >= 3
    return entry is not None and entry.type == "ORG" or words[0].isascii() and words[0].isupper()


def _extended(text: str, end: int, limit: int, product: bool) -> int:
    """Where a product's or an event's name ends, taking the words that continue it."""
    pos = end
    while pos < limit and text[pos] == " ":
        m = _WORD.match(text, pos + 1)
        if m is None or m.end() > limit:
            break
        word = m.group().rstrip(",.;:!?)”’\"'")
        stem = _stem_of(word)
        ok = stem in PRODUCT_EDITIONS or _MODEL_NUMBER.fullmatch(stem) if product \
            else _YEAR_OR_EDITION.fullmatch(stem)
        if not ok or not stem:
            break
        pos = m.start() + len(stem)
        if len(stem) < len(word) or stem != m.group():
            break  # a particle or punctuation ends the name
    return pos


def _stem_of(word: str) -> str:
    """An edition word or a number without the Korean particle after it (`울트라와` is `울트라`,
    `프로` stays)."""
    if word in PRODUCT_EDITIONS:
        return word
    digits = _LEADING_DIGITS.match(word)
    rest = word[digits.end():] if digits else ""
    if digits and len(rest) <= 3 and all("가" <= ch <= "힣" for ch in rest):
        return digits.group()  # `4060에서도`
    for n in (2, 1):
        if len(word) > n and word[-n:] in PARTICLES and (word[:-n] in PRODUCT_EDITIONS
                                                         or word[:-n].isdigit()):
            return word[:-n]  # `울트라와`, `2025에`
    return word
