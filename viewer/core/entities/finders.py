"""The stages that propose candidates: known names, linked pairs, Kiwi's proper nouns, compounds
Kiwi cannot read or reads as common nouns, Latin names, launched products, events with their
edition, quoted terms, and names with a spaced suffix.

A finder types a candidate only by what the name itself shows (a known name, a suffix such as
`대학`, `Labs`, an edition `제3회`); context is the cues' business. propose runs them in their
order.

Longer than 500 lines because every finder is a pattern over the same Field and they share its
helpers and patterns; split, each module would import the others' private patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from viewer.core.entities.fields import TIER_STRONG, Candidate, Context, Field, occurrences
from viewer.core.entities.gazetteer import Gazetteer
from viewer.core.entities.words import (
    ANONYMISED,
    COMPOUND_GENERIC_PREFIXES,
    COMPOUND_NAME_SUFFIXES,
    EN_ORG_WORDS,
    EN_PERSON_BEFORE,
    EN_PLACE_WORDS,
    HANGUL,
    HANJA_RUN,
    LATIN_CONNECTORS,
    LAUNCH_KINDS,
    LAUNCH_VERBS,
    NOMINAL_TAGS,
    ONE_SYLLABLE_SUFFIXES,
    OPEN_QUOTES,
    PUNCT_TAGS,
    ROMANISED_SURNAMES,
    SPACED_SUFFIXES,
    STOP_WORDS,
    SUFFIX_TYPE,
    common_nouns,
    english_person_shaped,
    generic_body,
    given_names,
    latin_name_word,
    name_shaped,
    noun_type,
    own_suffix_type,
    suffix_type,
)

# A word of a Latin name; an abbreviation keeps its last dot where a name goes on after it
# (`U.S. Department`, `St. Louis`, `Mt. Rainier`).
# Letters with accents count (`Lucía`, `Müller`, `François`): Latin-1 and Latin Extended-A.
_L = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LATIN_WORD = (rf"(?:(?:(?:[A-Z]\.){{1,}}|(?:St|Mt|Ft)\.)(?= [A-Z])|(?:Co|Inc|Ltd|Corp|Jr|Sr|Bros)\.|"
               r"(?:B\.V|N\.V|S\.A|K\.K|S\.p\.A)\.|A/S|"
               rf"[{_L}0-9](?:[{_L}0-9]|[.&'’\-](?=[{_L}0-9]))*(?:(?<=s)['’](?= [{_UP}]))?)")
_CONNECTORS = "of|de|van|von|der|den|la|le|du|da|di|dos|del|&"  # `Pieter van der Sluis`
_LATIN_NAME_WORD = rf"(?=[{_L}0-9.&'’\-]*[{_UP}]){_LATIN_WORD}"  # has a capital somewhere
_LATIN_NAME = re.compile(rf"(?<![{_L}0-9.\-]){_LATIN_NAME_WORD}"
                         rf"(?:(?:(?: (?:{_CONNECTORS}))+ | ){_LATIN_NAME_WORD})*")
_CAPITAL = re.compile(r"[A-Z]")
_PAREN = re.compile(r"\(([^()\n]{1,60})\)")
_LATIN_INNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .&'’\-]*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")
_HANGUL_WORD = re.compile(r"[가-힣]{4,}[가-힣]*")
_QUOTED = re.compile(r"[‘'“\"]([^‘’'“”\"\n]{1,30}?)[’'”\"]")


def propose(ctx: Context) -> None:
    """Every finder's candidates for the article, merged to one per span (dedupe).

    Where two finders propose the same span, the one proposed first stays and takes the other's
    evidence if it is stronger (Candidate.set), so the order below settles ties: the gazetteer,
    then linked pairs, Kiwi's names, unread compounds, Latin names, each field in turn; then the
    quoted terms of all fields and their other occurrences, then names with a spaced suffix.
    An untyped stop word (`AI`) or generic word (`인공지능(AI)`) is no candidate.
    """
    quoted_terms: list[Candidate] = []
    for f in ctx.fields:
        known = gazetteer_matches(f, ctx.gazetteer)
        f.gazetteer_spans = [(c.start, c.end, c.type) for c in known]
        ctx.candidates += known
        ctx.candidates += links(f, ctx.gazetteer, ctx.generic)
        ctx.candidates += kiwi_names(f, ctx.gazetteer)
        ctx.candidates += unread_compounds(f)
        ctx.candidates += suffixed_compounds(f)
        ctx.candidates += latin_names(f, ctx.gazetteer)
        ctx.candidates += launched_products(f)
        ctx.candidates += edition_events(f)
        quoted_terms += quoted(f)
    ctx.candidates += quoted_terms + occurrences_of(ctx.fields, {c.text for c in quoted_terms})
    ctx.candidates += with_spaced_suffix(ctx.candidates, ctx.gazetteer)
    ctx.candidates = dedupe(c for c in ctx.candidates
                            if c.type or (c.text not in STOP_WORDS and c.text not in ctx.generic))


def gazetteer_matches(f: Field, gazetteer: Gazetteer) -> list[Candidate]:
    """Known names, longest first at each word start, kept where the word ends cleanly."""
    text, out = f.text, []
    names = gazetteer.names
    done = -1
    for s, aliases in gazetteer.hits_by_start(text):
        if s < done:
            continue
        for alias in aliases:
            e = s + len(alias)
            if not f.ends_cleanly(e) or not _readable_as_name(f, s, e):
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
    for s, e, entry in gazetteer.hanja_matches(text):
        c = Candidate(f, s, e)
        c.set(entry.type, TIER_STRONG, "gazetteer", entry.canonical)
        out.append(c)
    return out


def _readable_as_name(f: Field, s: int, e: int) -> bool:
    """Kiwi reads the span as nouns (not `때문이란`) that end with it (not `메타버스`)."""
    for i in f.tokens_in(s, e):
        tag = f.tok_tag[i]
        if tag not in NOMINAL_TAGS and tag not in PUNCT_TAGS:
            return False
        if f.tok_end[i] > e and tag in ("NNG", "NNP"):
            return False
    return True


def links(f: Field, gazetteer: Gazetteer, generic: set[str]) -> list[Candidate]:
    """`해리 슘(Harry Shum)`, `뉴욕타임스(NYT)`: one entity under two surface forms."""
    text, out = f.text, []
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        p = m.start()
        left_end = p - 1 if text[p - 1:p] == " " else p
        if left_end == 0 or not HANGUL.match(text[left_end - 1]):
            continue
        if HANJA_RUN.fullmatch(inner):
            left = _left_words(f, gazetteer, left_end, [inner])
        elif _ACRONYM.fullmatch(inner):
            left = _acronym_left(f, gazetteer, left_end, inner)
            if left is None:
                generic.add(inner)  # `인공지능(AI)`, `가상현실(VR)`: a word, not a name
                continue
        elif _LATIN_INNER.fullmatch(inner) and all(
                latin_name_word(w) or w in LATIN_CONNECTORS for w in inner.split()):
            left = _left_words(f, gazetteer, left_end, inner.split())
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


def _left_words(f: Field, gazetteer: Gazetteer, end: int,
                other: list[str]) -> tuple[int, int, str | None] | None:
    """As many words before a parenthesis as the other form has (fewer at a boundary)."""
    text = f.text
    start = f.word_at(end - 1)[0]
    while start < end and text[start] in OPEN_QUOTES:
        start += 1
    if start >= end:
        return None
    for aligned in reversed(other[:-1]):
        prev = f.prev_word(start)
        if prev is None or text[start - 1] != " ":
            break
        ps, pe = prev
        word = text[ps:pe].lstrip(OPEN_QUOTES)
        known = gazetteer.get(word)  # `미국 오픈AI(Open AI)` stops; `마이크로소프트 리서치…` not
        if (not f.bare(ps, pe) or noun_type(word) or word[-1:] in ",.!?…:;·"
                or known and known != gazetteer.get(aligned)):
            break
        start = pe - len(word)
    return start, end, suffix_type(text[start:end])


def _acronym_left(f: Field, gazetteer: Gazetteer, end: int,
                  acronym: str) -> tuple[int, int, str | None] | None:
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
            if gazetteer.get(text[prev[0]:prev[1]]):
                break
        return start, end, "ORG"
    if gazetteer.get(word) or gazetteer.get(acronym):
        return start, end, None
    if any(f.tok_tag[i] == "NNP" for i in f.tokens_in(start, end)):
        return start, end, None
    return None


def kiwi_names(f: Field, gazetteer: Gazetteer) -> list[Candidate]:
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
            t = _compound_type(text[base_end:acc], text[ps:base_end])
            if t:
                ptype, pe = t, acc
            k += 1
        i = _index(tags, "NNP", j)
        if not f.starts_cleanly(ps) or not f.ends_cleanly(pe):
            continue
        if ANONYMISED.fullmatch(text[ps:pe]):
            continue
        pieces.append((ps, pe, ptype or _whole_suffix_type(text[ps:pe], gazetteer)))
    out = []
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
        known = [gazetteer.get(text[p[0]:p[1]]) is not None for p in run]
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


def _compound_type(suffix: str, base: str) -> str | None:
    """`듀크`+`대`: a suffix Kiwi split off a proper noun (two syllables before it)."""
    return SUFFIX_TYPE.get(suffix) if len(base) >= 2 else None


def _whole_suffix_type(surface: str, gazetteer: Gazetteer) -> str | None:
    """`한국은행`, `부산시`: a proper noun ending in a telling word, or a known place + 시."""
    t = own_suffix_type(surface)
    if t is None and ONE_SYLLABLE_SUFFIXES.get(surface[-1:]) == "PLACE":
        entry = gazetteer.get(surface[:-1])
        if entry and entry.type == "PLACE":
            t = "PLACE"
    return t


def unread_compounds(f: Field) -> list[Candidate]:
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


def suffixed_compounds(f: Field) -> list[Candidate]:
    """`미래로투자증권은`, `다락방도서관`, `청솔대교`: a word Kiwi reads as common nouns, glued to an
    ending that names institutions or places, is a name of that kind (not `어린이도서관`)."""
    out: list[Candidate] = []
    text = f.text
    for ps, pe in f.korean:
        for m in _HANGUL_WORD.finditer(text, ps, pe):
            ws, we = m.span()
            ss, se = f.stem(ws, we)
            stem = text[ss:se]
            if ss != ws or len(stem) < 4 or stem in common_nouns():
                continue
            for n in (5, 4, 3, 2):
                kind = COMPOUND_NAME_SUFFIXES.get(stem[-n:]) if len(stem) - n >= 2 else None
                if kind is None:
                    continue
                prefix = stem[:-n]
                toks = f.tokens_in(ss, se)
                if prefix in COMPOUND_GENERIC_PREFIXES or prefix in COMPOUND_NAME_SUFFIXES \
                        or len(toks) < 2 or not f.tok_tag[toks.start].startswith("N") \
                        or any(f.tok_tag[i] == "NNP" for i in toks):
                    break  # a generic kind, one dictionary word, or Kiwi's proper noun (kiwi_names)
                c = Candidate(f, ss, se)
                c.set(kind, TIER_STRONG, "suffix")
                out.append(c)
                break
    return out


# `Highway 2`, `Kansas Highway 14`, `U.S. Route 66` (a state's or the country's name before it is the road's)
# `Home-grown`, `Family-owned`, `State-run`: an adjective capitalised at a sentence start
_LOWER_COMPOUND = re.compile(r"(?!.*-(?:based|born|area|headquartered|made|bound)$)[A-Z][a-z]+(?:-[a-z]+)+")
_AND_BEFORE = re.compile(r"(?:^|\b[Tt]he |\n)((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) and $")
_NUMBERED_ROAD = re.compile(r"(?:\b(?!The\b)[A-Z][a-z]+ |\bU\.S\. )?"
                            r"\b(?:Highway|Route|Interstate|State Route|County Road|Exit|Pier) \d{1,4}\b")


def latin_names(f: Field, gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """Capitalised sequences, acronyms and names with digits (`01.AI`, `ERNIE-ViLG`), numbered
    roads (`Highway 2`)."""
    out: list[Candidate] = []
    if not _CAPITAL.search(f.text):
        return out  # every Latin name has a capital somewhere (_LATIN_NAME_WORD)
    for m in _NUMBERED_ROAD.finditer(f.text):
        c = Candidate(f, *m.span())
        c.set("PLACE", TIER_STRONG, "road")
        out.append(c)
    for m in _LATIN_NAME.finditer(f.text):
        words, s = m.group().split(" "), m.start()
        if words[-1].endswith(("'s", "’s")):
            words[-1] = words[-1][:-2]
        # a capital at a sentence start is no evidence; leading function words go
        while words and (not latin_name_word(words[0]) or words[0] in STOP_WORDS
                         or words[0].lower() in EN_PERSON_BEFORE or _LOWER_COMPOUND.fullmatch(words[0])) \
                and not (gazetteer is not None and len(words) > 1 and gazetteer.get(" ".join(words[:2]))):
            s += len(words.pop(0)) + 1
        while words and not latin_name_word(words[-1]):
            words.pop()
        if not words:
            continue
        e = s + len(" ".join(words))
        if not f.ends_cleanly(e):
            continue
        joined = _AND_BEFORE.search(f.text, max(0, s - 40), s)
        if joined and suffix_type(" ".join(words)) == "ORG" and not (gazetteer is not None and (
                gazetteer.get(joined.group(1)) or gazetteer.get(words[0]))):  # not `Austin and Dallas Police`
            # `Health and Safety Authority`: the words before `and` are the organisation's too
            words = joined.group(1).split(" ") + ["and"] + words
            s = joined.start(1)
        if "of" in words[1:] and words[0] in _AND_HEADS:  # `Ministry of Infrastructure and Water Management`
            more = _AND_MORE.match(f.text, e)
            if more:
                words += more.group(0).split(" ")[1:]
                e = more.end()
        offsets = [s + len(" ".join(words[:k])) + (1 if k else 0) for k in range(len(words))]
        for a, b, kind in _latin_pieces(words):
            named = _titled_name(words[a:b])
            # `Town Manager Darnell Okafor`, `Vice Minister Cho Hae-rim`: the name after the title
            c = Candidate(f, offsets[a + named], offsets[b - 1] + len(words[b - 1]))
            if kind == "based":  # `Portland-based`: the place alone
                c.end = c.start + len(_PLACE_PREFIX.fullmatch(words[a]).group(1))
                c.set("PLACE", TIER_STRONG, "based")
            c.set(suffix_type(c.text), TIER_STRONG, "suffix")
            if kind == "of":  # `Rebecca Thorne of Broken Bow`: where she is from
                c.set("PLACE", TIER_STRONG, "of")
            out.append(c)
    return out


# Titles that stand between an organisation and a person's name in one capitalised run
# (`Ashgrove County Court Judge Helen Marsh`, `Riverton City Council President Ana Ruiz`).
_EN_TITLES = frozenset("""
Cllr Cllr. Councillor Judge Justice Mayor Sen. Senator Rep. Representative Gov. Governor President Chief Coach
Councilmember Councilman Councilwoman Commissioner Director Secretary Minister Superintendent Officer
Sheriff Captain Capt. Officer Detective Dr. Prof. Professor CEO Chairman Chairwoman Chair Manager
Attorney Spokesperson Spokesman Spokeswoman Treasurer Clerk Principal Dean Chancellor Administrator
""".split())
_TITLE_MODIFIERS = frozenset("""Assistant Deputy District Vice Senior Executive General Associate
Financial Operating Technology Technical Marketing Information Commercial Product Communications Investment
Acting Interim Former Managing Lead Head Staff Police Fire Town City County State""".split())
# The heads of names that go on after `and` (`Ministry of Trade and Industry`).
_AND_HEADS = frozenset("Ministry Department Bureau Institute Office Board Commission Committee Council"
                       " Agency Authority Administration Secretariat School College Museum".split())
_AND_MORE = re.compile(r" and (?:[A-Z][\w'’-]+)(?: [A-Z][\w'’-]+){0,3}(?![\w'’-])")
_FIRM_ENDINGS = frozenset("Co. Inc. Ltd. Corp. LLC Inc Ltd".split())
_PLACE_PREFIX = re.compile(r"(.+)-(?:based|born|area|headquartered|made|bound)")  # `Portland-based`


def _latin_pieces(words: list[str]) -> list[tuple[int, int, str]]:
    """A capitalised run cut where it holds several names, as word index ranges: a place before
    `-based` (`Portland-based Halvorsen & Reed`), an organisation, a title and a person
    (`… Court of Common Pleas Judge Helen Marsh`), a person `of` a place (`Rebecca Thorne of
    Broken Bow`); each with what the cut says of it ("based", "of", or "")."""
    n = len(words)
    m = _PLACE_PREFIX.fullmatch(words[0])
    if m and latin_name_word(m.group(1)):
        rest = _latin_pieces(words[1:]) if n > 1 else []
        return [(0, 1, "based")] + [(a + 1, b + 1, k) for a, b, k in rest]
    for i in range(1, n - 2):
        if words[i] in _EN_TITLES and english_person_shaped(" ".join(words[i + 1:])):
            if all(w in _EN_TITLES or w in _TITLE_MODIFIERS for w in words[:i]):
                return [(i + 1, n, "")]  # `Assistant District Attorney Maria Lopez`: all title
            return [(0, i, ""), (i + 1, n, "")]
    if "of" in words[2:-1]:
        k = words.index("of", 2)
        if english_person_shaped(" ".join(words[:k])) or words[k - 1] in _FIRM_ENDINGS:
            return [(0, k, ""), (k + 1, n, "of")]  # `Kitamura Drive Co. of Osaka`: a firm, then its city
    return [(0, n, "")]


def _titled_name(words: list[str]) -> int:
    """Where a person's name starts after the capitalised title words that lead it (0: none).

    The words before the name must be no organisation's or place's (`Hartwell Bakeries Ellen`
    is not a title)."""
    if len(words) < 3 or words[0] in given_names():
        return 0
    for i in range(1, len(words) - 1):
        head = words[i]
        if (head in given_names() or head in ROMANISED_SURNAMES) \
                and english_person_shaped(" ".join(words[i:])):
            if words[i - 1] in _EN_TITLES:
                return i  # `Assistant District Attorney Maria Lopez`: a title right before the name
            if any(w in EN_ORG_WORDS or w in EN_PLACE_WORDS or w in LATIN_CONNECTORS for w in words[:i]):
                return 0
            return i
    return 0


_LAUNCHED = re.compile(r"(?<![^\s‘'“\"])([가-힣A-Za-z0-9][가-힣A-Za-z0-9+\-]{1,14})[’'”\"]?(?:을|를) "
                       r"(?=" + "|".join(LAUNCH_VERBS) + ")")


def launched_products(f: Field) -> list[Candidate]:
    """`과자 바삭칩을 출시했다`, `앱 서비스 모아톡을 선보였다`: the object of a launch, after a word
    that names a kind of product, is that product's name (Kiwi may read it as common words)."""
    out = []
    if not any(v in f.text for v in LAUNCH_VERBS):
        return out
    for m in _LAUNCHED.finditer(f.text):
        s, e = m.span(1)
        name = m.group(1)
        prev = f.prev_word(s)
        if prev is None or noun_type(name) or name in STOP_WORDS:
            continue
        ps, pe = f.stem(*prev)
        if f.text[ps:pe] not in LAUNCH_KINDS and noun_type(f.text[ps:pe]) != "PRODUCT" or pe != prev[1]:
            continue
        c = Candidate(f, s, e)
        c.set("PRODUCT", TIER_STRONG, "launch")
        out.append(c)
    return out


# An event named with its edition or year before it: `제3회 청운 사과축제`, `2026 삼청 아트위크`,
# `제60회 베네치아 비엔날레` (a year after the name is the analyser's extension step).
_EVENT_HEADS = tuple("""축제 대회 박람회 엑스포 페스티벌 영화제 음악제 문화제 예술제 비엔날레 전시회 위크 주간
페어 공모전 포럼 콘퍼런스 컨퍼런스 서밋 올림픽 월드컵 시상식 선거 마라톤""".split())
_EDITION_EVENT = re.compile(r"(?:제 ?\d{1,3} ?회|(?<!\d)(?:19|20)\d\d(?:년)?) (?:[가-힣A-Za-z0-9·]+ ){0,3}?"
                            r"[가-힣A-Za-z0-9·]*(?:" + "|".join(_EVENT_HEADS) + ")")


def edition_events(f: Field) -> list[Candidate]:
    """`제3회 청운 사과축제를`: an edition or a year, a name and an event's head word."""
    out = []
    if "회 " not in f.text and not any(h in f.text for h in _EVENT_HEADS):
        return out
    for m in _EDITION_EVENT.finditer(f.text):
        s, e = m.span()
        if not f.ends_cleanly(e) or f.text[s:e].split(" ")[-1] in _EVENT_HEADS:
            continue  # `2026년 축제`: a year and a common noun name nothing
        c = Candidate(f, s, e)
        c.set("EVENT", TIER_STRONG, "edition")
        out.append(c)
    return out


def quoted(f: Field) -> list[Candidate]:
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


def with_spaced_suffix(cands: list[Candidate], gazetteer: Gazetteer) -> list[Candidate]:
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
                entry = gazetteer.get(f.text[prev[0]:prev[1]])
                if entry and entry.type == "ORG":
                    start = back
                    break
            d = Candidate(f, start, se)
            d.set(t, TIER_STRONG, "suffix")
            out.append(d)
    return out


def occurrences_of(fields: list[Field], surfaces: set[str]) -> list[Candidate]:
    """A term the article quotes is name-like wherever it stands (`모델인 소라를`)."""
    return [Candidate(f, s, e) for f in fields for surface in surfaces
            for s, e in occurrences(f, surface)]


def dedupe(cands: Iterable[Candidate]) -> list[Candidate]:
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


def _index(items: list[str], value: str, start: int) -> int:
    """The first index of value from start on, or len(items)."""
    try:
        return items.index(value, start)
    except ValueError:
        return len(items)
