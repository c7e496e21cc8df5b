"""The stages that type candidates from their context: titles and descriptors around a name,
appositions (`교수인 마리아 로페스`), product and event heads, English cues, verbs of saying and
of reporting, then, weaker, the types of neighbours and the shapes of Korean names.

Every cue records its evidence through Candidate.set, so a cue never overrides stronger
evidence or an earlier cue of the same tier; one also moves a span's end (an event's head word
joins its name, `바다빛 축제`).
"""

from __future__ import annotations

import re

from viewer.core.entities.fields import TIER_STRONG, TIER_WEAK, Candidate, Context, Field
from viewer.core.entities.gazetteer import Gazetteer
from viewer.core.entities.words import (
    AGE,
    APPOSITION_ENDINGS,
    CLOSE_QUOTES,
    COMPOUND_GENERIC_PREFIXES,
    EN_HONORIFICS,
    EN_ORG_BEFORE,
    EN_ORG_WORDS,
    EN_PERSON_AFTER,
    EN_PERSON_BEFORE,
    EN_PLACE_BEFORE,
    EN_PLACE_WORDS,
    EN_PRODUCT_AFTER,
    EVENT_NOUNS,
    HANGUL,
    LAUNCH_KINDS,
    LAUNCH_VERBS,
    NEIGHBOUR_NOUNS,
    NOUN_TYPE,
    OPEN_QUOTES,
    PARTICLES,
    PLACE_OFFICES,
    PRODUCT_NOUNS,
    PROVINCES,
    SAID,
    STOP_WORDS,
    english_person_shaped,
    korean_feature_name,
    looks_like_korean_name,
    name_shaped,
    noun_type,
    suffix_type,
)

_PLACE_OFFICE_TUPLE = tuple(PLACE_OFFICES)
_CALLED = re.compile(r"\)?(?:이)?라는")  # `쿤룬(Kunlun)이라는`
_EN_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?P<head>start-up|startup|company|firm|maker|"
    r"retailer|bank|group|newspaper|agency|university|city|town|port|village|country|province|"
    r"state|region)\b")
_EN_APPOSITION_PLACES = frozenset("city town port village country province state region".split())
_VERSION = re.compile(r"(?!(?:19|20)\d\d$)(?:\d{1,4}(?:\.\d+)*(?:[-.]?[A-Za-z][A-Za-z0-9]*)?"
                      r"|[A-Z]{1,2}\d{1,4}[A-Za-z]?)")
# A model's code: a name or letters, a hyphen, a number (`Atlas-3`, `SM-N90`, `HR-7`) ...
_MODEL_CODE = re.compile(r"[A-Z][A-Za-z]{0,11}-[A-Z]{0,2}\d{1,4}[A-Za-z]{0,2}")
# ... unless the name before the number is a road, a virus, a school grade, a period or a place
# in a series (`I-95`, `COVID-19`, `K-12`, `Game 7`, `Route 9`, `Q3`).
_NOT_A_MODEL = re.compile(r"(?:I|US|SR|CR|NH|K|G|P|COVID|SARS|MERS|Covid|H\d|Route|Highway|Interstate|Flight|"
                          r"Gate|Room|Article|Section|Chapter|Phase|Stage|Level|Type|Category|Class|Grade|"
                          r"Ward|District|Precinct|Unit|Building|Terminal|Pier|Platform|Exit|Lot|Block|Zone|"
                          r"Track|Line|Bus|Station|Suite|Floor|Channel|Proposition|Prop|Measure|Bill|Title|"
                          r"Week|Day|Game|Round|Season|Year|Volume|Vol|Episode|Part|Group|Pool|Heat|Match|"
                          r"Lane|Hole|Court|Field|Pitch|Apollo|Artemis|Q[1-4]|FY|No)\b")
_MEASURE = re.compile(r"[\d.,]+(?:mm|cm|km|m|kg|g|t|ml|mL|l|L|kWh|MW|GW|GB|TB|ha)")  # `42.3cm`: no version
_SENTENCE_START = re.compile(r"(?:^|[.!?。]\s+|\n)$")
_SENTENCE_END = re.compile(r"[.!?。](?=\s|$)|\n")
_PAREN_GLOSS = re.compile(r"^\([^()]{1,20}\)$")  # `(NPU)` after a cue noun


def type_from_context(ctx: Context) -> None:
    """Strong cues in context, for every candidate without strong evidence yet."""
    gazetteer = ctx.gazetteer
    for c in ctx.candidates:
        if c.cue in ("", "suffix") and c.start > 0 and c.field.text[c.start - 1] in OPEN_QUOTES \
                and HANGUL.search(c.text) and not c.partners:
            t = quoted_type(c)
            if t:  # `'행복택시'를 제공`: what follows a quoted name outweighs its ending (택시)
                c.type, c.tier, c.cue = t, TIER_STRONG, "quoted"
                continue
        if c.tier > TIER_STRONG:
            _from_context(c, gazetteer)


def type_weak(ctx: Context) -> None:
    """Weak evidence for the candidates still untyped, once their neighbours are typed."""
    by_unit = {}
    for c in ctx.candidates:
        if c.type:
            s, e = c.unit()
            by_unit.setdefault((id(c.field), "s", s), c)
            by_unit.setdefault((id(c.field), "e", e), c)
    for c in ctx.candidates:
        if c.type is None:
            _weak_evidence(c, by_unit)


def share_links(ctx: Context) -> None:
    """The type found for either side of a `이름(Name)` pair applies to both."""
    for c in ctx.candidates:
        if c.partners and c.type:
            for d in c.partners:
                d.set(c.type, c.tier, "link", c.canonical)


def _from_context(c: Candidate, gazetteer: Gazetteer) -> None:
    """Strong cues around one candidate, the first that applies deciding: the gazetteer, `(주)`,
    a cue noun before it, a title, head or version after it, what its particle says (`씨`,
    `에서 열린`, `이라는`, `가 … 보도했다`), English cues, then a definition or a verb of saying."""
    f, text, surface = c.field, c.field.text, c.text
    entry = gazetteer.get(surface)
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
        quoted = start > 0 and text[start - 1] in OPEN_QUOTES  # `안전검사 ‘서류로만’`: no one's name
        if t == "ORG" and not rest and name_shaped(surface) and _named_org(text[ss:se]):
            t = None  # `한국교통연구소 여승연 연구위원`: an organisation's name, then its person
        if t and not rest and not (t == "PERSON" and (single_latin or quoted)):
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
    if hangul_name and AGE.match(text, end):
        c.set("PERSON", TIER_STRONG, "age")  # `홍길동(45)`
        return
    if ts == end and te == end and nxt:
        if _type_before(c, nxt, latin, gazetteer):
            return
    if nxt and tail in ("", "의"):
        t = NEIGHBOUR_NOUNS.get(f.word_stem(*nxt))
        if t and (t != "PLACE" or tail == ""):
            c.set(t, TIER_STRONG, "neighbour")  # `X의 아내`, `X 인근`, `X 주가`
            return
    if tail in ("을", "를") and nxt and text.startswith(LAUNCH_VERBS, nxt[0]) and not latin:
        c.set("PRODUCT", TIER_STRONG, "launch")  # `바삭칩을 출시했다`
        return
    if tail == "에서" and nxt and text.startswith(("열린", "열리는", "개최"), nxt[0]):
        c.set("PLACE", TIER_STRONG, "venue")  # `X에서 열린`
        return
    if tail.endswith("라는") and _CALLED.fullmatch(tail):
        t = _head_after(f, te)
        if t:
            c.set(t, TIER_STRONG, "called")  # `쿤룬(Kunlun)이라는 AI 칩`
            return
    if tail[:1] in "가이는은도" and text.find("보도", te) >= 0 and _reported_by(f, te):
        c.set("ORG", TIER_STRONG, "reporting")  # `뉴욕타임스가 25일 보도했다`
        return
    if single_latin and _MODEL_CODE.fullmatch(surface) and not _NOT_A_MODEL.match(surface):
        c.set("PRODUCT", TIER_STRONG, "model code")  # `Atlas-3`, `SM-N90`, `ASC-40`
        return
    if latin:
        _english_shape(c, start)
        if c.type is None:
            _type_english(c, prev, tail, nxt)
        if c.type is None and " " in surface and _EN_PERSON_APPOSITION.match(text, c.end):
            c.set("PERSON", TIER_STRONG, "apposition")  # `Ines Calder, a harbor pilot`
    if c.type is None and tail in ("은", "는"):
        _type_definitional(c, start, te)
    if c.type is None and tail in ("은", "는", "이", "가") and not latin:
        _type_speaker(c, start, te)


# What stands after a quoted Korean name says what it names (`'행복택시'를 제공하기로`, `'청년집터'
# 활동가`, `'다시 켜는 골목' 사업`, `'청량목공소'라는 글씨`).
_QUOTED_EVENT_HEADS = EVENT_NOUNS | frozenset("사업 캠페인 프로젝트 운동 챌린지".split())
_QUOTED_PRODUCT_HEADS = LAUNCH_KINDS | frozenset("요금 노선 버스 택시 여객선 상품 제도 정책".split())
_QUOTED_ORG_HEADS = frozenset("활동가 대표 관계자 회원 직원 운영자 사장 주인 측 간판 글씨 상호 가게 매장"
                              .split())
_QUOTED_PRODUCT_VERBS = ("제공", "도입", "출시", "선보", "개발", "내놓", "내놨", "선봬")


def quoted_type(c: Candidate) -> str | None:
    """The type of a quoted Korean name by the word after it or its verb; None if nothing says."""
    f, text, end = c.field, c.field.text, c.end
    close = end
    while close < len(text) and text[close] in CLOSE_QUOTES:
        close += 1
    if close == end:
        return None
    glued = text[close:f.word_at(close)[1]] if close < len(text) and not text[close].isspace() else ""
    word = f.next_word(close + len(glued))
    head = f.word_stem(*word) if word else ""
    if glued.startswith(("라는", "이라는", "라고", "이라고")) and word:
        if head in _QUOTED_ORG_HEADS or head in ("이름", "곳"):
            return "ORG"  # `'청량목공소'라는 글씨`
        return None
    if glued in ("을", "를") and word and text.startswith(_QUOTED_PRODUCT_VERBS, word[0]):
        return "PRODUCT"  # `'행복택시'를 제공하기로`
    if glued or not head:
        return None
    for heads, type_ in ((_QUOTED_EVENT_HEADS, "EVENT"), (_QUOTED_PRODUCT_HEADS, "PRODUCT"),
                         (_QUOTED_ORG_HEADS, "ORG")):
        if head in heads:
            return type_  # `'다시 켜는 골목' 사업`, `'청년집터' 활동가`
    return None


def _type_before(c: Candidate, nxt: tuple[int, int], latin: bool, gazetteer: Gazetteer) -> bool:
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
    if not stem and latin and not f.in_korean(nxt[0]) and _may_be_model(c):
        word = text[nxt[0]:nxt[1]].rstrip(",.;:!?)’”'\"")  # an English paragraph has no Kiwi tokens
        stem = word if _VERSION.fullmatch(word) else ""
    if _VERSION.fullmatch(stem) and stem == text[nxt[0]:nxt[0] + len(stem)] and not _MEASURE.fullmatch(stem):
        c.set("PRODUCT", TIER_STRONG, "version")  # `라마(Llama) 3-V`
        return True
    entry = gazetteer.get(stem)
    affiliation = entry.type in ("PLACE", "ORG") if entry else suffix_type(stem) == "ORG"
    if affiliation and f.bare(*nxt) and not latin:
        after = f.next_word(nxt[1])  # `시진핑 중국 국가주석`: an affiliation in between
        if after and noun_type(f.word_stem(*after)) == "PERSON":
            c.set("PERSON", TIER_STRONG, "title")
            return True
    return False


def _may_be_model(c: Candidate) -> bool:
    """An English name a number may follow as its model (`Haul 7`): one to three words, not a
    capitalised sentence opener alone (`Limit 1`), not a standard's or a bill's letters (`UL 2849`,
    `SB 1047`), nor a road, a period or a place in a series (_NOT_A_MODEL)."""
    words = c.text.split()
    if not 1 <= len(words) <= 3 or _NOT_A_MODEL.match(c.text):
        return False
    if len(words) == 1 and (c.text.isupper() and len(c.text) <= 4 or _SENTENCE_START.search(
            c.field.text, max(0, c.start - 3), c.start)):
        return False
    return True


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


def _named_org(word: str) -> bool:
    """A word that names one organisation by its own ending (`한국교통연구소`), not a descriptor
    (`연구소`, `중소업체`, `민간연구소`)."""
    for n in range(min(len(word) - 2, 6), 1, -1):
        if NOUN_TYPE.get(word[-n:]) == "ORG":
            prefix = word[:-n]
            return prefix not in COMPOUND_GENERIC_PREFIXES and not NOUN_TYPE.get(prefix)
    return False


def _type_english(c: Candidate, prev: tuple[int, int] | None, tail: str, nxt: tuple[int, int] | None) -> None:
    """English cues: an apposition, a possessive title, an honorific or title before the name, a
    verb of saying after it, a descriptor, a product head, a preposition of place."""
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
    p2 = ""
    if prev and p in ("of", "the", "to"):
        before = c.field.prev_word(prev[0])
        p2 = text[before[0]:before[1]].lower().strip(",;:\"“") if before else ""
    if p == "the" and c.text in _EN_BODIES:
        c.set("ORG", TIER_STRONG, "institution")  # `the Senate`, `the House`: a legislature, a court
    elif p == "of" and p2 in _EN_PLACE_OF and len(words) <= 3 and not any(ch.isdigit() for ch in c.text):
        c.set("PLACE", TIER_STRONG, "preposition")  # `residents of Larkspur`, `the town of Halvern`
    elif not tail and n in _EN_PLACE_AFTER and len(words) <= 2:
        c.set("PLACE", TIER_WEAK, "residents")  # `Lakemont residents`
    elif not tail and n in _EN_AREA_AFTER and p in _EN_DETERMINERS and len(words) <= 3:
        c.set("PLACE", TIER_WEAK, "area")  # `the Westland region`, `the Ravensgill estate`
    elif not tail and n in _EN_SITE_AFTER and (p in _EN_POSSESSIVES or p.endswith(("'s", "’s"))) \
            and len(words) <= 3:
        c.set("PLACE", TIER_WEAK, "site")  # `its Lakemont plant`, `the company's Electronic City campus`
    elif not tail and n in _EN_TEAM_ROLES and len(words) >= 2:
        c.set("ORG", TIER_WEAK, "team")  # `Green Bay Gales goaltender`, `Tweedvale Stingrays captain`
    elif p == "to" and p2 == "according" and len(words) >= 2 and not english_person_shaped(c.text):
        c.set("ORG", TIER_WEAK, "source")  # `according to Fáilte Iarthair`
    elif p in EN_HONORIFICS or (p in EN_PERSON_BEFORE and 1 < len(words) <= 3):
        c.set("PERSON", TIER_STRONG, "title")
    elif not tail and n in EN_PERSON_AFTER and 1 < len(words) <= 3:
        c.set("PERSON", TIER_STRONG, "title")
    elif p in EN_ORG_BEFORE:
        c.set("ORG", TIER_STRONG, "descriptor")
    elif not tail and n in EN_PRODUCT_AFTER:
        c.set("PRODUCT", TIER_STRONG, "head")
    elif p in EN_PLACE_BEFORE and len(words) <= 2 and not any(ch.isdigit() for ch in c.text):
        c.set("PLACE", TIER_WEAK, "preposition")  # `in Lisbon`
    if not c.type and _team_shaped(words) and _sports_story(c.field):
        c.set("ORG", TIER_WEAK, "team")  # `the Coulee Cougars`, `beating Tallinn Kalev Hawks 3-2`


def _team_shaped(words: list[str]) -> bool:
    """A name that ends in a capitalised plural (`Bundaroo Bulls`, `Medicine Hat Ironmen`), as
    teams are named; not a place's or an organisation's own head word (`Cedar Falls`)."""
    last = words[-1] if len(words) >= 2 else ""
    return bool(_PLURAL_NAME.fullmatch(last)) and last not in EN_PLACE_WORDS and last not in EN_ORG_WORDS \
        and not any(ch.isdigit() for w in words for ch in w)


_PLURAL_NAME = re.compile(r"[A-Z][a-z]+(?:[^s\W]s|men)")  # `Cougars`, `Ironmen`; not `Express`, `Bus`
# A sports report: a score, and the words that tell of games (counted once per field).
_SCORE = re.compile(r"(?<![\d.,-])\d{1,3}[-–]\d{1,3}(?![\d-])")
_SPORTS_WORDS = re.compile(r"\b(?:season|game|games|goal|goals|scored|win|won|wins|beat|beating|defeated|"
                           r"playoffs?|league|coach|match|overtime|innings?|quarter|points|final|tries|"
                           r"try|striker|goaltender|rookie|championship|tournament|standings)\b", re.I)


def _sports_story(f) -> bool:
    cached = getattr(f, "_sports", None)
    if cached is None:
        cached = f._sports = bool(_SCORE.search(f.text)) and len(_SPORTS_WORDS.findall(f.text)) >= 3
    return cached


# Bodies news names by their kind alone, capitalised after `the`: one legislature or court of the
# country the story is in (`the Senate voted`), never a common noun written so.
_EN_BODIES = frozenset("""Senate|House|Parliament|Assembly|Legislature|Congress|Cabinet|Knesset|Duma|
Bundestag|Diet|Supreme Court|High Court|Constitutional Court|Court of Appeals|Court of Appeal|
National Assembly|General Assembly|Security Council""".replace("\n", "").split("|"))
# Words before `of` that make the name after it a place (`the town of Halvern`, `mayor of Lakemont`).
_EN_PLACE_OF = frozenset("""residents resident town city village county state province outskirts mayor
suburb suburbs streets north south east west capital people neighborhood neighbourhood borough
district region""".split())
_EN_PLACE_AFTER = frozenset("residents resident natives".split())  # `Lakemont residents`
# Nouns of an area after a name and a determiner (`the Westland region`, `a Ravensgill estate`).
_EN_AREA_AFTER = frozenset("""region area estate suburb suburbs neighbourhood neighborhood district
township countryside coast coastline valley waterfront corridor hinterland""".split())
# Nouns of a site after a name and an owner (`its Lakemont plant`, `our Columbus building`).
_EN_SITE_AFTER = frozenset("""plant campus building workshop factory facility site office offices
headquarters store branch depot warehouse mill mine refinery terminal yard hub""".split())
_EN_DETERMINERS = frozenset("the a an its our their his her this that".split())
_EN_POSSESSIVES = frozenset("its our their his her".split())
# A player's position or a team's officer after the team's name (`Kenosha Icebreakers winger`).
_EN_TEAM_ROLES = frozenset("""winger captain goaltender goalie goalkeeper keeper striker forward
defender defenceman defenseman midfielder quarterback pitcher catcher shortstop outfielder
infielder rookie skipper fullback halfback five-eighth prop hooker flanker centre-back
point-guard guard playmaker batter bowler opener""".split())


# An English dateline: the place in capitals opening a story, a state or country after it, the
# agency in parentheses, then a dash (`PORT CALLOW —`, `GREYRIDGE, Ore. (AP) —`).
_DATELINE_TAIL = re.compile(r"(?:,\s+[A-Z][A-Za-z.]{1,12}(?:\s[A-Z][a-z.]+)?)?(?:\s+\([A-Za-z ]{1,20}\))?"
                            r"(?:\s*[—–]|\s+--?\s)")
# Nouns of an English apposition that make a person (`Keisha Langford, a nurse at …`).
_EN_PERSON_APPOSITION = re.compile(
    r",\s+(?:a|an|the|who|whose)\b(?:\s+[a-z][\w-]*){0,3}?\s+(?:nurse|teacher|resident|farmer|parent|"
    r"mother|father|owner|spokesperson|spokeswoman|spokesman|professor|student|engineer|analyst|"
    r"director|manager|officer|worker|driver|captain|fisherman|researcher|scientist|economist|"
    r"lawyer|attorney|doctor|physician|principal|superintendent|member|commissioner|chief|founder|"
    r"president|chair|chairman|chairwoman|executive|official|volunteer|retiree|veteran|pilot|"
    r"operator|vendor|baker|chef|mayor|councilwoman|councilman|councilmember|senator|"
    r"representative|candidate|author|historian|curator|planner|inspector|coordinator|"
    r"consultant|partner|employee|customer|shopper|commuter|rider|tenant|landlord|homeowner|"
    r"graduate|junior|senior|sophomore|freshman|coach|player|son|daughter|wife|husband|widow|"
    r"grandmother|grandfather|neighbor|neighbour|friend|lives|works|runs|owns|leads|heads|has)\b")


_YEAR_AFTER = re.compile(r" (?:19|20)\d\d(?!\d)(?![,.:/-]\d)")  # `Europort 2025`, not `May 2025`


def _english_shape(c: Candidate, start: int) -> None:
    """A Latin name's own shape and place: a dateline, a given name."""
    text, surface = c.field.text, c.text
    if (start == 0 or text[start - 1] == "\n") and surface.isupper() and len(surface) > 2 \
            and _DATELINE_TAIL.match(text, c.end):
        c.set("PLACE", TIER_STRONG, "dateline")  # `PORT CALLOW —`
    elif english_person_shaped(surface):
        c.set("PERSON", TIER_STRONG, "given name")  # `Keisha Langford`
    else:
        year = _YEAR_AFTER.match(text, c.end)
        if year and surface.split()[-1] not in STOP_WORDS:
            c.end = year.end()  # `Europort 2025`, `GreenTech 2025`: an edition, an event
            c.set("EVENT", TIER_WEAK, "year")


def _type_speaker(c: Candidate, start: int, tail_end: int) -> None:
    """`X는 … 말했다.`: the subject of a sentence ending in a verb of saying is a person."""
    last = _predicate(c, start, tail_end)
    if last and last[0] > tail_end and c.field.text.startswith(SAID, last[0]):
        c.set("PERSON", TIER_WEAK, "speaker")


def _type_definitional(c: Candidate, start: int, tail_end: int) -> None:
    """`X는 … 개발된 프로그램이다.`: a sentence that says what its subject is."""
    last = _predicate(c, start, tail_end)
    if last is None or last[1] <= tail_end:
        return
    ws, we, stop = last
    text = c.field.text
    ss, se = c.field.stem(ws, we)
    if text[se:stop] in ("이다", "다"):
        t = noun_type(text[ss:se])
        if t and t != "PERSON":
            c.set(t, TIER_STRONG, "definition")


def _predicate(c: Candidate, start: int, tail_end: int) -> tuple[int, int, int] | None:
    """The last word of the sentence the name at `start` opens (after any quotes), as its start,
    its end and the sentence's end; None where the name does not open its sentence."""
    text = c.field.text
    i = start
    while i > 0 and text[i - 1] in OPEN_QUOTES:
        i -= 1
    if not _SENTENCE_START.search(text, max(0, i - 3), i):
        return None
    m = _SENTENCE_END.search(text, tail_end)
    stop = m.start() if m else len(text)
    ws, we = c.field.word_at(stop - 1)
    return ws, we, stop


def _weak_evidence(c: Candidate, by_unit: dict) -> None:
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
    if korean_feature_name(c.text):
        c.set("PLACE", TIER_WEAK, "suffix")  # `향로봉`, `월악산`, `후포항`: a mountain, a port by its ending
    elif proper and looks_like_korean_name(c.text):
        c.set("PERSON", TIER_WEAK, "surname")
    elif proper and " " in c.text and c.text.split(" ", 1)[0] in PROVINCES:
        c.set("PLACE", TIER_WEAK, "address")  # `경기 용인`: a province, then a city
    elif proper and " " in c.text and HANGUL.match(c.text) and not any(
            name_shaped(w) for w in c.text.split()):
        c.set("PERSON", TIER_WEAK, "run")  # `데이비드 베컴`: unknown names in a row
