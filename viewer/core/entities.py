"""Named entities in an article: who, which organisation, where, which product or event.

Recognition combines, over the title and the Markdown body:

* Kiwi (kiwipiepy) morphology for Korean: runs of proper nouns (NNP) and where particles
  begin, so a span never swallows one (`오픈AI의` gives `오픈AI`);
* a gazetteer (resources/gazetteer.tsv) matched longest-first over the raw text, so a known
  name wins its exact span even where Kiwi splits it (`오픈AI` is 오픈/NNG + AI/SL);
* Latin names (capitalised sequences, acronyms, names with digits or dots such as `01.AI`),
  short quoted terms, and a name followed by its other-script form in parentheses
  (`해리 슘(Harry Shum)`), which are linked into one entity.

A candidate becomes an entity only once it has a type. Evidence, most trusted first: user
corrections, the gazetteer, context (titles, organisation suffixes, product cues, appositions
such as `교수인 마리아 로페스`, Korean surnames), then consistency inside the article (a name typed
once keeps its type; `베버` after `토마스 베버`).

When the learned model (viewer.core.entity_model: a CRF over Kiwi tokens, trained on KLUE-NER by
scripts/train_entity_model.py, shipped as resources/entity_crf.model) can be had, it decides the
PERSON, ORG and PLACE mentions of Korean paragraphs, reading the rules' findings as features.
The rules keep products, events, linked pairs, English paragraphs and Latin names the model
leaves; a reader view then departs from KLUE's conventions where a reader would (withheld names,
roles such as `정부`, countries as parties: see _reader_view and scripts/eval_klue.py), and
corrections still win over everything. Without the file or python-crfsuite, the rules alone run.

Kiwi and the model are loaded lazily, once per process (get_kiwi, get_entity_model); importing
this module is cheap.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from viewer.core.limits import MAX_ANALYSED_CHARS
from viewer.core.model import ENTITY_TYPES
from viewer.core.resources import read_resource_text
from viewer.core.text.kiwi import analysed_part, get_kiwi, tokenize_bounded

if TYPE_CHECKING:
    from viewer.core.entity_model import EntityModel, FeatureEncoder, ItemSequence

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


# --- Word lists -------------------------------------------------------------------------------
# General Korean and English news conventions; none is taken from an evaluation text.

# Acronyms and capitalised words that are not entities for a reader.
STOP_WORDS = frozenset("""
AI CEO CTO CFO COO CIO CMO CSO CPO SNS GPU CPU NPU TPU NO OK Copyright IT TV PC VR AR XR OS UI
UX API APP LLM SW HW IoT ICT R&D ESG GDP GNP CPI PPI IPO M&A ETF USD KRW EUR JPY CNY VS vs Q&A
FAQ DNA RNA GPS SUV EV LED LCD OLED USB URL PDF ID PR IR HR PD MC DJ VIP MVP PM AM YES Inc Corp
Co Ltd LLC Mr Mrs Ms Dr Prof Jr Sr Reserved Share Advertisement Related Reporting Editing Photo
Source Image Video Update Updated Breaking Exclusive Published The A An This That These Those In
On At For From With By But And Or If When While After Before As It Its He She We They I You His
Her Our Their There Here What Why How Who Where Which Some Many Most All Every Each One Two
Three Four Five Six Seven Eight Nine Ten Also So Yet Still Then Now Today Yesterday Tomorrow
Last Next New Not No Over Under About Since Until Despite Because To Of Monday Tuesday Wednesday
Thursday Friday Saturday Sunday January February March April May June July August September
October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Spring Summer Autumn
Fall Winter Chapter Part Section Page Table Figure Note Read More See Sign Subscribe Follow
Click Email Print
""".split())

# Titles and roles: after a name (`김철수 대표`), before it (`창립자 토마스 베버`) or in an
# apposition (`교수인 마리아 로페스`) they make it a person.
PERSON_NOUNS = frozenset("""
기자 특파원 논설위원 교수 부교수 조교수 명예교수 석좌교수 장관 차관 대표 대표이사 공동대표 회장
부회장 사장 부사장 창업자 공동창업자 창립자 설립자 창업주 최고경영자 최고기술책임자
최고재무책임자 최고운영책임자 CEO CTO CFO COO 주석 국가주석 대통령 부통령 총리 부총리 수상 국왕
여왕 왕세자 의원 국회의원 하원의원 상원의원 위원장 부위원장 이사 이사장 전무 상무 부장 차장 과장
팀장 실장 본부장 센터장 원장 소장 총장 학장 박사 연구원 연구위원 연구자 과학자 개발자 엔지니어
애널리스트 이코노미스트 전문가 감독 코치 선수 작가 소설가 시인 화가 배우 가수 변호사 판사 검사
검사장 검찰총장 총재 부총재 의장 부의장 대변인 국장 대사 영사 단장 도지사 구청장 군수 교육감
후보 당선인 당선자 비서관 비서실장 보좌관 장군 사령관 목사 스님 교황 추기경 앵커 아나운서 평론가
칼럼니스트 저자 디자이너 셰프 매니저 고문 편집장 여사 씨 님 의사 패션모델 투자자 총수 사무총장
사무국장 회원 멤버 수장 리더 청장 처장 서장 행장 지사장 주지사 구단주 프로듀서 감독관 명예회장
주장 공동선대위원장
""".split())

# Descriptors of organisations (`업체 바이두`, `대기업인 텐센트`).
ORG_NOUNS = frozenset("""
기업 대기업 중소기업 업체 회사 스타트업 기관 매체 언론사 신문사 방송사 통신사 플랫폼 연구소
연구기관 대학 단체 정당 그룹 재단 지사 법인 자회사 계열사 제조사 증권사 운용사 투자사 투자회사
은행 협회 조합 구단 브랜드 거래소 빅테크 게임사 제약사 항공사 경쟁사 유통업체 포털 카드사 보험사
건설사 자산운용사 벤처 유니콘 기획사 레이블 일간 일간지 주간지 경제지 외신 소속사 운영사 전문점
프랜차이즈 주식회사 사단법인 재단법인
""".split())

# Product cues (`모델인 새벽`, `AI 프로그램 하늘`, `누리라는 AI 칩`).
PRODUCT_NOUNS = frozenset("""
모델 칩 앱 애플리케이션 어플 프로그램 서비스 생성기 챗봇 소프트웨어 운영체제 게임 스마트폰 폰
노트북 태블릿 제품 신제품 차량 전기차 신차 브라우저 프로세서 솔루션 플러그인 도구 툴 기기 단말기
로봇 드론 백신 치료제 신약 언어모델 에이전트 반도체 메신저 웨어러블 이어폰 헤드셋 콘솔 장치
""".split())

PLACE_NOUNS = frozenset("도시 국가 나라 지역 수도 섬 마을 항구 관광지 해변 공항 광역시 특별시 자치구".split())

# Roles, not organisations: whoever governs (`정부`), the authorities (`당국`), the ruling or
# opposition party, the bench hearing a case. Institutions news name by their kind (`경찰`,
# `검찰`, `법원`, `군`) are one organisation each in Korea, and stay.
GENERIC_BODIES = frozenset("정부 당국 여당 야당 여야 재판부".split())

EVENT_NOUNS = frozenset("""
행사 축제 대회 박람회 전시회 컨퍼런스 콘퍼런스 포럼 정상회의 올림픽 월드컵 엑스포 선거 전쟁
시상식 페스티벌 서밋 영화제 비엔날레
""".split())

_NOUN_TYPE: dict[str, str] = {}
for _type, _words in (("EVENT", EVENT_NOUNS), ("PLACE", PLACE_NOUNS), ("PRODUCT", PRODUCT_NOUNS),
                      ("ORG", ORG_NOUNS), ("PERSON", PERSON_NOUNS)):
    _NOUN_TYPE.update(dict.fromkeys(_words, _type))
_NOUN_MAX = max(map(len, _NOUN_TYPE))

# Words that end an organisation's or place's own name (`한빛대`, `노바 랩스`, `부산시`).
ORG_SUFFIXES = frozenset("""
대학 대학교 대학원 그룹 랩스 랩 연구소 연구원 재단 위원회 은행 협회 학회 공사 공단 전자 증권
보험 건설 제약 항공 일보 신문 타임스 저널 포스트 방송 캐피털 파트너스 홀딩스 바이오 엔터테인먼트
중공업 화학 물산 생명 화재 병원 법원 의회 컴퍼니 코퍼레이션 스튜디오 게임즈 모터스 스튜디오스
테크놀로지 테크놀로지스 코리아 경찰서 소방서 지검 지법 고법 지청 마트 닷컴 제과 식품 산업 상사
기획 미디어 자동차 연대 노조 학원 어학원 유업 인베스트먼트 엔터 반도체 통신 에너지 물류 해운 조선
철강 정밀 케미칼 소프트 네트웍스 시스템즈 솔루션즈 로보틱스 모빌리티 헬스케어 파마 디스플레이
""".split())
PLACE_SUFFIXES = frozenset("""
공항 국제공항 광장 공원 특별시 광역시 자치구 반도 해협 백화점 스타디움 경기장 체육관 터미널
해수욕장 호텔 타워 빌딩 고속도로 대교 대로 성당 리조트 사거리 분기점 궁궐 해변 호수 폭포
""".split())
# One-syllable suffixes on a proper noun of three or more syllables: administrative ones
# always count (`마포구`, `창덕궁`); the others only where the word is not shaped like a Korean
# personal name (`참여연대`, but `김한길`, `송종국` are people).
ONE_SYLLABLE_SUFFIXES = {**dict.fromkeys("구시군읍면동궁역섬", "PLACE")}
WEAK_ONE_SYLLABLE_SUFFIXES = {**dict.fromkeys("대청부처국당회고", "ORG"), **dict.fromkeys("도길", "PLACE")}
# Offices named after a place: the word before them is the place (`콜리마 주지사`).
_PLACE_OFFICES = frozenset("주지사 도지사 구청장 군수 교육감 시장 지사".split())
_PLACE_OFFICE_TUPLE = tuple(_PLACE_OFFICES)
# Nouns that, after `X의` or right after X, say what X is.
_NEIGHBOUR_NOUNS = {
    **dict.fromkeys("아내 남편 부인 아들 딸 어머니 아버지 동생 누나 언니 오빠 측근 모친 부친".split(),
                    "PERSON"),
    **dict.fromkeys("인근 일대 주변 시내 현지 도심 상공 근해 앞바다 방면 일원 해안".split(), "PLACE"),
    **dict.fromkeys("주가 계열사 자회사 임직원 노조 사옥".split(), "ORG")}
_CALLED = re.compile(r"\)?(?:이)?라는")  # `쿤룬(Kunlun)이라는`
_SAID = ("말했", "덧붙였", "털어놨", "고백했", "회상했", "회고했")
EVENT_SUFFIXES = frozenset(
    "올림픽 월드컵 엑스포 박람회 영화제 축제 페스티벌 비엔날레 컨퍼런스 콘퍼런스".split())
# Words that, written after a name, join it (`노바 랩스`, `산티아고 국제공항`).
_SPACED_SUFFIXES = {
    **dict.fromkeys("랩스 그룹 재단 연구소 은행 파트너스 홀딩스 대학 대학교 Labs Group".split(), "ORG"),
    **dict.fromkeys("광장 공항 국제공항 공원 해수욕장 경기장 스타디움 호텔 타워 역".split(), "PLACE")}
# A place followed by one of these is one place (`서울 강남구 논현동`, `텍사스 북부`).
_ADDRESS_ENDINGS = tuple("시군구동읍면리로길가")
_DIRECTIONS = frozenset("동부 서부 남부 북부 중부 남동부 북동부 남서부 북서부".split())

EN_ORG_WORDS = frozenset("""
Inc Inc. Corp Corp. Corporation Co. Ltd Ltd. LLC PLC plc Labs Lab Group University Institute
Foundation Bank Agency Ministry Department Council Committee Party Association Research
Technologies Technology Systems Holdings Electronics Motors Airlines Times Post Journal News
Ledger Tribune Herald Gazette Press Media Studios Capital Partners Ventures Robotics Software
Commission Authority Bureau Board Union Federation College School Hospital Court Parliament
Congress Senate Fund Trust Society Academy Club Records Pictures Networks Museum Library
Semiconductor Semiconductors Pharmaceuticals Pharma Therapeutics Biotech Biosciences Energy
Airways Communications Telecom Telecommunications Insurance Securities Entertainment Industries
Chemicals Solutions Dynamics Aerospace Logistics Steel Foods Brands Exchange Organization
Organisation Alliance League Coalition Office Bancorp Financial Investments Automotive Devices
Instruments Microsystems Interactive Games Studio
""".split())
EN_EVENT_WORDS = frozenset("""
Olympics Games Cup Expo Summit Conference Festival Forum Awards War Fair Championship
Championships Biennale Marathon
""".split())
_EN_HONORIFICS = frozenset("mr. mrs. ms. dr. prof. mr mrs ms dr prof sir".split())
EN_PERSON_BEFORE = _EN_HONORIFICS | frozenset("""
professor president senator minister governor mayor judge chancellor ceo executive founder
co-founder cofounder chairman chairwoman chair director analyst spokesperson spokesman
spokeswoman economist researcher author coach manager said says told secretary ambassador
lawmaker actor actress singer artist curator editor reporter
""".split())
EN_PERSON_AFTER = frozenset("said says told added wrote explained noted argued".split())
EN_ORG_BEFORE = frozenset("""
company firm maker start-up startup retailer bank group carrier operator manufacturer developer
newspaper outlet agency chipmaker automaker insurer lender giant rival supplier publisher
broadcaster studio conglomerate brand
""".split())
EN_PLACE_BEFORE = frozenset("in near outside".split())
EN_PRODUCT_AFTER = frozenset("app model chip phone smartphone software chatbot processor browser".split())
_EN_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?P<head>start-up|startup|company|firm|maker|"
    r"retailer|bank|group|newspaper|agency|university|city|town|port|village|country|province|"
    r"state|region)\b")
_EN_APPOSITION_PLACES = frozenset("city town port village country province state region".split())

# Common Korean surnames; a two-to-three-syllable proper noun starting with one is a name.
SURNAMES = frozenset("""
김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노
하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위
표 명 기 반 왕 금 옥 육 인 맹 제 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈
동 온 호 범 좌 팽 승 간 상 갈 견 당 화 창 종 라
""".split())
COMPOUND_SURNAMES = frozenset("남궁 황보 제갈 사공 선우 서문 독고 동방".split())

# Particles that may follow a name inside its word when Kiwi does not say so itself.
_PARTICLES = frozenset("""
은 는 이 가 을 를 의 에 와 과 도 만 로 으로 에서 에게 부터 까지 처럼 보다 이나 나 이며 며 이자
라는 이라는 란 이란 라고 이라고 로서 로써 와의 과의 에는 에도 에서는 으로는 이다 였다 이었다 측
씨 등 께서 마저 조차
""".split())

_FUNCTIONAL_TAGS = ("J", "E", "VCP", "VCN", "Z")
_PUNCT_TAGS = frozenset("SF SP SS SSO SSC SE SO SW SB".split())
_NOMINAL_TAGS = frozenset("NNG NNP NNB NR NP SL SH SN XSN XPN".split())
_OPEN_QUOTES = "‘“'\"「『《〈<[("
_CLOSE_QUOTES = "’”'\"」』》〉>])"
_APPOSITION_ENDINGS = ("인", "이자", "이며")
_JOINERS = ("-", ".", "&")
_BOUND_NOUNS = "씨님측등"  # may follow a name in its word: `박씨`, `미국측`

_HANGUL = re.compile(r"[가-힣]")
_DIGIT = re.compile(r"\d")  # never in a person's name (`핫100` is a chart)
_HANJA_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A word start and the character after it (none at the end of the text).
_WORD_START_PAIR = re.compile(r"(?<![0-9A-Za-z가-힣])[0-9A-Za-z가-힣].?", re.DOTALL)
_WORD = re.compile(r"\S+")
_SPAN = re.Match.span
_LATIN_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9]|[.&'’\-](?=[A-Za-z0-9]))*"
_LATIN_NAME_WORD = rf"(?=[A-Za-z0-9.&'’\-]*[A-Z]){_LATIN_WORD}"  # has a capital somewhere
_LATIN_NAME = re.compile(rf"(?<![A-Za-z0-9.\-]){_LATIN_NAME_WORD}"
                         rf"(?:(?: (?:of|de|van|von|der|la|du|&) | ){_LATIN_NAME_WORD})*")
_CAPITAL = re.compile(r"[A-Z]")
_LATIN_CONNECTORS = frozenset("of de van von der la du &".split())
_PAREN = re.compile(r"\(([^()\n]{1,60})\)")
_AGE = re.compile(r"\(\d{1,3}(?:세)?(?:[·,/][^()]*)?\)")
_LATIN_INNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .&'’\-]*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")
_VERSION = re.compile(r"(?!(?:19|20)\d\d$)(?:\d{1,4}(?:\.\d+)*(?:[-.]?[A-Za-z][A-Za-z0-9]*)?"
                      r"|[A-Z]{1,2}\d{1,4}[A-Za-z]?)")
_QUOTED = re.compile(r"[‘'“\"]([^‘’'“”\"\n]{1,30}?)[’'”\"]")
_SENTENCE_START = re.compile(r"(?:^|[.!?。]\s+|\n)$")
_SENTENCE_END = re.compile(r"[.!?。](?=\s|$)|\n")
_NOT_NAME_ENDINGS = "어구시군읍면역항섬당청국도동대궁길관함각장처부회"  # 한국어, 마포구: not people
# Provinces as addresses name them (`경기 용인`, `충북 청주`); some are common words alone (경기).
_PROVINCES = frozenset("경기 강원 충북 충남 전북 전남 경북 경남 제주".split())
# Countries headlines and news write in one Hangul syllable before a name (`미 국방부`).
_COUNTRY_SYLLABLES = {"미": "미국", "중": "중국", "일": "일본", "한": "한국", "영": "영국", "독": "독일",
                      "불": "프랑스", "러": "러시아", "북": "북한"}
# Pairs of them name the two countries (`한미 정상회담`, `남북 관계`), 남 being South Korea.
_PAIR_SYLLABLES = {**_COUNTRY_SYLLABLES, "남": "한국"}
_PAREN_GLOSS = re.compile(r"^\([^()]{1,20}\)$")  # `(NPU)` after a cue noun
_DATELINE_AGENCY = re.compile(r"[(\[][가-힣]{1,5}=$")  # `(서울=` before a wire agency
_ANONYMISED = re.compile(r"[가-힣]모")  # 김모, 박모: a name withheld, nothing to highlight

_TIER_CORRECTION, _TIER_STRONG, _TIER_WEAK, _TIER_SPREAD, _UNTYPED = 0, 1, 2, 3, 9
_TIER_OF = attrgetter("tier")


def _is_hanja(ch: str) -> bool:
    """One character of _HANJA_RUN, tested without a regex."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _is_letter(ch: str) -> bool:
    """A letter or digit of a word; Hanja stand apart (`美` in `美반도체`)."""
    return ch.isalnum() and not ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
                                 or "\uf900" <= ch <= "\ufaff")  # _is_hanja, inlined: hot


def _noun_type(stem: str) -> str | None:
    """The type a cue noun points to: the longest listed noun the stem ends with."""
    for n in range(min(len(stem), _NOUN_MAX), 0, -1):
        t = _NOUN_TYPE.get(stem[-n:])
        # a one-syllable noun (칩, 앱, 씨) must stand alone or after Latin (`AI칩`)
        if t and (n > 1 or len(stem) == 1 or not "가" <= stem[-2] <= "힣"):
            return t
    return None


def _suffix_type(surface: str) -> str | None:
    """ORG, PLACE or EVENT from the end of a name itself (`AI21 랩스`, `Prisma Labs`)."""
    words = surface.split()
    if not words:
        return None
    last = words[-1]
    if len(words) > 1 and last in EN_ORG_WORDS:
        return "ORG"
    if len(words) > 1 and last in EN_EVENT_WORDS:
        return "EVENT"
    if len(words) > 1 and last in _SPACED_SUFFIXES:
        return _SPACED_SUFFIXES[last]
    return _own_suffix_type(last) if _HANGUL.search(last) else None


def _own_suffix_type(word: str) -> str | None:
    """The type a one-word name's own ending gives (`한국은행`, `부산국제영화제`, `마포구`)."""
    for n in range(min(len(word) - 2, 7), 1, -1):
        t = _SUFFIX_TYPE.get(word[-n:])
        if t:
            return t
    if len(word) >= 3:
        if word[-1] in ONE_SYLLABLE_SUFFIXES:
            return ONE_SYLLABLE_SUFFIXES[word[-1]]
        if not _name_shaped(word):
            return WEAK_ONE_SYLLABLE_SUFFIXES.get(word[-1])
    return None


def _suffix_table(suffix: str) -> str | None:
    return _SUFFIX_TYPE.get(suffix)


# The suffix lists as one table, the earlier list winning a suffix listed twice.
_SUFFIX_TYPE: dict[str, str] = {}
for _type, _words in (("ORG", ORG_SUFFIXES), ("EVENT", EVENT_SUFFIXES), ("PLACE", PLACE_SUFFIXES),
                      ("", ONE_SYLLABLE_SUFFIXES), ("", WEAK_ONE_SYLLABLE_SUFFIXES)):
    for _word in _words:
        _SUFFIX_TYPE.setdefault(_word, _type or _words[_word])


# --- Gazetteer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GazetteerEntry:
    type: str
    canonical: str


class Gazetteer:
    """Known names: `TYPE<TAB>canonical<TAB>alias|alias|…` lines, `#` comments."""

    def __init__(self, text: str = ""):
        self.names: dict[str, GazetteerEntry] = {}
        self.hanja: dict[str, GazetteerEntry] = {}
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2 or parts[0].strip() not in TYPES or not parts[1].strip():
                continue
            entry = GazetteerEntry(parts[0].strip(), parts[1].strip())
            aliases = [entry.canonical] + (parts[2].split("|") if len(parts) > 2 else [])
            for alias in aliases:
                alias = " ".join(alias.split())
                if not alias or alias in STOP_WORDS:
                    continue
                table = self.hanja if _HANJA_RUN.fullmatch(alias) else self.names
                table.setdefault(alias, entry)  # the first entry listed wins an ambiguous alias
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
        for m in _HANJA_RUN.finditer(text):
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


@lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    """resources/common_nouns.txt: words never highlighted on their own (`클라우드`)."""
    try:
        text = read_resource_text("common_nouns.txt")
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(w for w in map(str.strip, text.splitlines()) if w and not w.startswith("#"))


_get_entity_model = None  # viewer.core.entity_model.get_entity_model, once imported


def _shipped_model() -> EntityModel | None:
    global _get_entity_model
    if _get_entity_model is None:  # imported late: entity_model imports this module
        from viewer.core.entity_model import get_entity_model

        _get_entity_model = get_entity_model
    return _get_entity_model()


@lru_cache(maxsize=4)
def _encoder(gazetteer: Gazetteer) -> FeatureEncoder:
    """One feature encoder (and its cache) per gazetteer, keeping every feature (training)."""
    from viewer.core.entity_model import FeatureEncoder

    return FeatureEncoder(gazetteer)


# --- One field of an article ------------------------------------------------------------------


class _Field:
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
            if _HANGUL.search(para):
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
            if s is None and tag in _PUNCT_TAGS:
                continue
            if tag not in _NOMINAL_TAGS or (e is not None and self.tok_start[i] > e):
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
        while j < len(self.text) and self.text[j] in _CLOSE_QUOTES:
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
        while i > 0 and self.text[i - 1] in _OPEN_QUOTES:
            i -= 1
        if i < 2 or self.text[i - 1] != " " or self.text[i - 2].isspace():
            return None
        return self.word_at(i - 2)

    def bare(self, start: int, end: int) -> bool:
        """The word is all nouns: no particle or ending after them."""
        return self.stem(start, end)[1] == end

    def starts_cleanly(self, start: int) -> bool:
        text = self.text
        if start >= 2 and text[start - 1] in _JOINERS and _is_letter(text[start - 2]):
            return False  # inside `ERNIE-ViLG`, `01.AI`
        return start == 0 or not _is_letter(text[start - 1])

    def ends_cleanly(self, end: int) -> bool:
        """No letter continues the word after end, unless it starts a particle or ending."""
        text = self.text
        if end >= len(text):
            return True
        ch = text[end]
        if ch in _JOINERS:
            after = text[end + 1:end + 2]
            if after.isascii() and after.isalnum():
                return False
        if not _is_letter(ch):
            return True
        if not "가" <= ch <= "힣":
            return False
        tag = self.tag_at(end)
        if tag is not None and tag.startswith(_FUNCTIONAL_TAGS):
            return True
        if tag == "NNB" and ch in _BOUND_NOUNS:
            return True
        rest = text[end:self.word_at(end)[1]].rstrip(_CLOSE_QUOTES + ",.!?…:;")
        return rest in _PARTICLES


class _Occupied:
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
class _Cand:
    field: _Field
    start: int
    end: int
    type: str | None = None
    tier: int = _UNTYPED
    canonical: str | None = None
    cue: str = ""
    partners: list[_Cand] | None = None  # a linked `이름(Name)` pair, shared by both
    gaz_initial: bool = False  # run led by a gazetteer name: `마리아 로페스` needs a cue before it

    @property
    def text(self) -> str:
        return self.field.text[self.start:self.end]

    def overlaps(self, other: _Cand) -> bool:
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
    while i > 0 and text[i - 1] in _OPEN_QUOTES:
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
            return _shipped_model()
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

    def sequences(self, title: str, body: str) -> list[ItemSequence]:
        """What the model reads for an article, every feature kept (to train and evaluate it)."""
        fields, chosen = self._rules(title, body)
        encoder = _encoder(self.gazetteer)
        return [seq for f in fields for seq in self._encode(f, chosen, encoder)]

    def _rules(self, title: str, body: str) -> tuple[list[_Field], list[_Cand]]:
        """The fields and the mentions the rules choose, before corrections."""
        kiwi = get_kiwi()
        fields = [_Field(name, text, kiwi)
                  for name, text in (("title", title), ("body", body)) if text and text.strip()]
        generic: set[str] = set()
        cands: list[_Cand] = []
        quoted: list[_Cand] = []
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
            if c.tier > _TIER_STRONG:
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
    def _encode(f: _Field, chosen: list[_Cand], encoder: FeatureEncoder) -> list[ItemSequence]:
        rule_spans = [(c.start, c.end, c.type, c.cue) for c in chosen if c.field is f]
        return encoder.encode(f.name, f.text, f.tok_start, f.tok_end, f.tok_tag, f.tok_form,
                              f.paragraphs, rule_spans, f.gazetteer_spans)

    def _with_model(self, fields: list[_Field], chosen: list[_Cand],
                    model: EntityModel) -> list[_Cand]:
        """The model bounds and types people, organisations and places in Korean text.

        The rules keep what the model does not decide: products and events, linked pairs
        (`해리 슘(Harry Shum)`, which take the model's type when it finds the same name), known
        names of several words (`잉글랜드 프리미어리그`) and paragraphs without Hangul; known
        names (the gazetteer's) and Latin names stand where the model found nothing. Other rule
        mentions of PERSON, ORG or PLACE in Korean text stand only where the model agrees on
        their span.
        """
        out: list[_Cand] = []
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

    def _merge(self, f: _Field, rule: list[_Cand], found: list[tuple[int, int, str]]) -> list[_Cand]:
        """Rule mentions the model does not decide, then the model's, then known names (the
        gazetteer's) and Latin names where the model found nothing."""
        model = {(s, e): t for s, e, t in found}

        def ruled(c: _Cand) -> bool:
            if not f.in_korean(c.start):
                return True  # a paragraph without Hangul: the model never saw it
            if c.partners or c.cue == "gazetteer" and " " in c.text:
                return True  # a link; a known name of several words (`잉글랜드 프리미어리그`)
            if c.type == "PRODUCT" and c.cue not in ("gazetteer", "link") \
                    and model.get((c.start, c.end)) == "PERSON" and _name_shaped(c.text):
                return False  # `모델 장윤주`: a person's name after a word that cues products
            return c.type in ("PRODUCT", "EVENT")

        keep = [c for c in rule if ruled(c)]
        taken = _Occupied((c.start, c.end) for c in keep)
        by_span = {(c.start, c.end): c for c in rule}
        by_end = {c.end: c for c in keep if c.partners and _HANGUL.search(c.text)}
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
            c = by_span.get((s, e)) or _Cand(f, s, e)
            c.type, c.tier, c.cue = t, _TIER_STRONG, "model"
            if e == s + 1 and t == "PLACE" and f.text[s] in _PAIR_SYLLABLES:
                entry = self.gazetteer.get(_PAIR_SYLLABLES[f.text[s]])
                c.canonical = entry.canonical if entry else None  # `미` is 미국
            keep.append(c)
            taken.add(s, e)
        kept = set(map(id, keep))
        for c in rule:  # known names and Latin ones where the model found nothing
            if id(c) not in kept and (c.cue == "gazetteer" or not _HANGUL.search(c.text)) \
                    and not taken.overlaps(c.start, c.end):
                keep.append(c)
                taken.add(c.start, c.end)
        return keep

    @staticmethod
    def _agree(chosen: list[_Cand], ruled: dict[str, str]) -> list[_Cand]:
        """One name, one type: where the model types a name's mentions differently and one
        agrees with the rules' type for the name, all take it (`업체 바이온` … `바이온의`)."""
        by_text: dict[str, list[_Cand]] = {}
        for c in chosen:
            if c.cue == "model":
                by_text.setdefault(c.text, []).append(c)
        for text, group in by_text.items():
            types = {c.type for c in group}
            if len(types) > 1 and ruled.get(text) in types:
                for c in group:
                    c.type = ruled[text]
        return chosen

    def _reader_view(self, f: _Field, found: list[tuple[int, int, str]],
                     rule: list[_Cand]) -> list[tuple[int, int, str]]:
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
                 if _is_hanja(text[s]) and _HANJA_RUN.fullmatch(text[s:e])}
        orgs = {c.start: c.end for c in rule if c.type == "ORG" and c.cue != "consistency"}
        for s, e, t in found:
            if s in hanja and hanja[s] < e and _HANGUL.match(text[hanja[s]]):
                e = hanja[s]
            s, e, t = self._leading_country(f, s, e, t, hanja, out)
            if t == "ORG" and orgs.get(s, e) < e and text[orgs[s]] == " " \
                    and not _suffix_type(text[orgs[s] + 1:e]) \
                    and all(f.tok_tag[i] == "NNG" for i in f.tokens_in(orgs[s] + 1, e)):
                e = orgs[s]
            name = text[s:e]
            if 2 <= len(name) <= 3 and all(ch in _PAIR_SYLLABLES for ch in name) \
                    and not gaz.get(name) and f.starts_cleanly(s) and f.ends_cleanly(e):
                out += [(i, i + 1, "PLACE") for i in range(s, e)]  # `한미`: Korea and the US
                continue
            if t == "PERSON" and name.partition(" ")[0] in _PROVINCES and " " in name:
                t = "PLACE"  # `경기 용인`: an address, not a foreign person's two names
            if t == "PERSON" and " " in name and name.rsplit(" ", 1)[1] in PERSON_NOUNS:
                name = name.rsplit(" ", 1)[0]  # `송하윤 감독`: the title is not the name
                e = s + len(name)
            if name in STOP_WORDS or name in common and not gaz.get(name) \
                    or t == "PERSON" and (_withheld(name, text, e) or _DIGIT.search(name)) \
                    or _is_language(name, gaz) or not (f.starts_cleanly(s) and f.ends_cleanly(e)):
                continue
            words = name.split(" ")
            if t == "ORG" and _generic_body(words[-1]):
                head = " ".join(words[:-1])
                entry = gaz.get(head)
                if entry and entry.type == "PLACE":
                    out.append((s, s + len(head), "PLACE"))
                elif head and not _generic_body(head) and not all(
                        f.tok_tag[i] == "NNG" for i in f.tokens_in(s, s + len(head))):
                    out.append((s, e, t))  # `홍콩 경찰 당국` stays; `통화 당국` is a role
                continue
            if _DATELINE_AGENCY.search(text, max(0, s - 7), s) and text[e:e + 1] in ")]":
                t = "ORG"  # `(서울=누리통신)`: the news agency in a dateline
            entry = gaz.get(name)
            out.append((s, e, "PLACE" if entry and entry.type == "PLACE" else t))
        return out

    def _leading_country(self, f: _Field, s: int, e: int, t: str, hanja: dict[int, int],
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
        if text[s] in _COUNTRY_SYLLABLES and f.tag_at(s) == "NNP":
            if text[s + 1:s + 2] == " " and e > s + 2 and not text[s + 2].isspace():
                out.append((s, s + 1, "PLACE"))  # `미 스탠포드대`
                return s + 2, e, t
            if e == s + 1:
                return s, e, "PLACE"
        return s, e, t

    # Recognition ---------------------------------------------------------------------------

    def _gazetteer_matches(self, f: _Field) -> list[_Cand]:
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
                c = _Cand(f, s, e)
                c.set(entry.type, _TIER_STRONG, "gazetteer", entry.canonical)
                out.append(c)
                done = e
                break
        for s, e, entry in gaz.hanja_matches(text):
            c = _Cand(f, s, e)
            c.set(entry.type, _TIER_STRONG, "gazetteer", entry.canonical)
            out.append(c)
        return out

    @staticmethod
    def _readable_as_name(f: _Field, s: int, e: int) -> bool:
        """Kiwi reads the span as nouns (not `때문이란`) that end with it (not `메타버스`)."""
        for i in f.tokens_in(s, e):
            tag = f.tok_tag[i]
            if tag not in _NOMINAL_TAGS and tag not in _PUNCT_TAGS:
                return False
            if f.tok_end[i] > e and tag in ("NNG", "NNP"):
                return False
        return True

    def _links(self, f: _Field, generic: set[str]) -> list[_Cand]:
        """`해리 슘(Harry Shum)`, `뉴욕타임스(NYT)`: one entity under two surface forms."""
        text, out = f.text, []
        for m in _PAREN.finditer(text):
            inner = m.group(1).strip()
            p = m.start()
            left_end = p - 1 if text[p - 1:p] == " " else p
            if left_end == 0 or not _HANGUL.match(text[left_end - 1]):
                continue
            if _HANJA_RUN.fullmatch(inner):
                left = self._left_words(f, left_end, [inner])
            elif _ACRONYM.fullmatch(inner):
                left = self._acronym_left(f, left_end, inner)
                if left is None:
                    generic.add(inner)  # `인공지능(AI)`, `가상현실(VR)`: a word, not a name
                    continue
            elif _LATIN_INNER.fullmatch(inner) and all(
                    _latin_name_word(w) or w in _LATIN_CONNECTORS for w in inner.split()):
                left = self._left_words(f, left_end, inner.split())
            else:
                continue
            if left is None:
                continue
            ls, le, left_type = left
            rs = m.start(1) + m.group(1).index(inner)
            a, b = _Cand(f, ls, le), _Cand(f, rs, rs + len(inner))
            a.set(left_type or _suffix_type(inner), _TIER_STRONG, "suffix")
            a.partners = b.partners = [a, b]
            out += [a, b]
        return out

    def _left_words(self, f: _Field, end: int,
                    other: list[str]) -> tuple[int, int, str | None] | None:
        """As many words before a parenthesis as the other form has (fewer at a boundary)."""
        text = f.text
        start = f.word_at(end - 1)[0]
        while start < end and text[start] in _OPEN_QUOTES:
            start += 1
        if start >= end:
            return None
        gaz = self.gazetteer
        for aligned in reversed(other[:-1]):
            prev = f.prev_word(start)
            if prev is None or text[start - 1] != " ":
                break
            ps, pe = prev
            word = text[ps:pe].lstrip(_OPEN_QUOTES)
            known = gaz.get(word)  # `미국 오픈AI(Open AI)` stops; `마이크로소프트 리서치…` not
            if (not f.bare(ps, pe) or _noun_type(word) or word[-1:] in ",.!?…:;·"
                    or known and known != gaz.get(aligned)):
                break
            start = pe - len(word)
        return start, end, _suffix_type(text[start:end])

    def _acronym_left(self, f: _Field, end: int, acronym: str):
        """The name before `(ABC)`, or None when it is a generic word (`최고경영자(CEO)`)."""
        if acronym in STOP_WORDS:
            return None
        text = f.text
        start = f.word_at(end - 1)[0]
        while start < end and text[start] in _OPEN_QUOTES:
            start += 1
        word = text[start:end]
        if not word:
            return None
        if _suffix_type(word) == "ORG":
            for _ in range(3):  # `중국 사이버 공간관리국(CAC)`: the bare nouns before it belong
                prev = f.prev_word(start)
                if prev is None or text[start - 1] != " " or not f.bare(*prev) \
                        or _noun_type(text[prev[0]:prev[1]]):
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

    def _kiwi_names(self, f: _Field) -> list[_Cand]:
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
            if _ANONYMISED.fullmatch(text[ps:pe]):
                continue
            pieces.append((ps, pe, ptype or self._whole_suffix_type(text[ps:pe])))
        out, gaz = [], self.gazetteer
        i = 0
        while i < len(pieces):
            j = i  # a run: one space between pieces, the earlier ones without a suffix
            while (j + 1 < len(pieces) and j - i < 3 and pieces[j][2] is None
                   and pieces[j + 1][2] is None  # `정두언 새누리당 의원` is two names
                   and not _name_shaped(text[pieces[j][0]:pieces[j][1]])
                   and not _name_shaped(text[pieces[j + 1][0]:pieces[j + 1][1]])
                   and pieces[i][1] - pieces[i][0] > 1  # not `미 스탠포드대`
                   and text[pieces[j][1]:pieces[j + 1][0]] == " "):
                j += 1
            run = pieces[i:j + 1]
            known = [gaz.get(text[p[0]:p[1]]) is not None for p in run]
            if len(run) > 1 and known[0] and not any(known[1:]):
                out.append(_Cand(f, run[0][0], run[-1][1], gaz_initial=True))
            k = 0
            while k < len(run):  # the stretches between known names
                if known[k]:
                    k += 1
                    continue
                m = k
                while m + 1 < len(run) and not known[m + 1]:
                    m += 1
                c = _Cand(f, run[k][0], run[m][1])
                c.set(run[m][2], _TIER_STRONG, "suffix")
                out.append(c)
                k = m + 1
            i = j + 1
        return out

    @staticmethod
    def _compound_type(suffix: str, base: str) -> str | None:
        """`듀크`+`대`: a suffix Kiwi split off a proper noun (two syllables before it)."""
        return _suffix_table(suffix) if len(base) >= 2 else None

    def _whole_suffix_type(self, surface: str) -> str | None:
        """`한국은행`, `부산시`: a proper noun ending in a telling word, or a known place + 시."""
        t = _own_suffix_type(surface)
        if t is None and ONE_SYLLABLE_SUFFIXES.get(surface[-1:]) == "PLACE":
            entry = self.gazetteer.get(surface[:-1])
            if entry and entry.type == "PLACE":
                t = "PLACE"
        return t

    @staticmethod
    def _unread_compounds(f: _Field) -> list[_Cand]:
        """`세온반도체는`: a word Kiwi could not read as words (`세/MM 온/NNG`) before a noun
        that ends organisations' names is a name of its own, of that type."""
        text, tags, starts, ends, out = f.text, f.tok_tag, f.tok_start, f.tok_end, []
        for i in range(1, len(tags)):
            if tags[i] != "NNG" or ends[i] - starts[i] < 2 or _SUFFIX_TYPE.get(f.tok_form[i]) != "ORG":
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
                if odd and f.ends_cleanly(ends[i]) and not _generic_body(text[ws:ends[i]]):
                    c = _Cand(f, ws, ends[i])
                    c.set("ORG", _TIER_STRONG, "suffix")
                    out.append(c)
        return out

    def _latin_names(self, f: _Field) -> list[_Cand]:
        """Capitalised sequences, acronyms and names with digits (`01.AI`, `ERNIE-ViLG`)."""
        out: list[_Cand] = []
        if not _CAPITAL.search(f.text):
            return out  # every Latin name has a capital somewhere (_LATIN_NAME_WORD)
        for m in _LATIN_NAME.finditer(f.text):
            words, s = m.group().split(" "), m.start()
            if words[-1].endswith(("'s", "’s")):
                words[-1] = words[-1][:-2]
            # a capital at a sentence start is no evidence; leading function words go
            while words and (not _latin_name_word(words[0]) or words[0] in STOP_WORDS
                             or words[0].lower() in EN_PERSON_BEFORE):
                s += len(words.pop(0)) + 1
            while words and not _latin_name_word(words[-1]):
                words.pop()
            if not words:
                continue
            e = s + len(" ".join(words))
            if not f.ends_cleanly(e):
                continue
            c = _Cand(f, s, e)
            c.set(_suffix_type(c.text), _TIER_STRONG, "suffix")
            out.append(c)
        return out

    def _quoted(self, f: _Field) -> list[_Cand]:
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
            if not _HANGUL.search(inner) or any(ch in inner for ch in ",.!?…:;·"):
                continue
            toks = f.tokens_in(s, e)
            if not toks or not all(f.tok_tag[i] in _NOMINAL_TAGS for i in toks):
                continue
            c = _Cand(f, s, e)
            c.set(_suffix_type(inner), _TIER_STRONG, "suffix")
            out.append(c)
        return out

    def _with_spaced_suffix(self, cands: list[_Cand]) -> list[_Cand]:
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
            t = _SPACED_SUFFIXES.get(f.text[ss:se])
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
                d = _Cand(f, start, se)
                d.set(t, _TIER_STRONG, "suffix")
                out.append(d)
        return out

    def _occurrences_of(self, fields: list[_Field], surfaces: set[str]) -> list[_Cand]:
        """A term the article quotes is name-like wherever it stands (`모델인 소라를`)."""
        return [_Cand(f, s, e) for f in fields for surface in surfaces
                for s, e in _occurrences(f, surface)]

    @staticmethod
    def _dedupe(cands) -> list[_Cand]:
        """One candidate per span; a linked or typed one absorbs the others."""
        by_span: dict[tuple[int, int, int], _Cand] = {}
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

    def _type_from_context(self, c: _Cand) -> None:
        f, text, surface = c.field, c.field.text, c.text
        entry = self.gazetteer.get(surface)
        if entry:
            c.set(entry.type, _TIER_STRONG, "gazetteer", entry.canonical)
            return
        start, end = c.unit()
        latin = not _HANGUL.search(surface)
        single_latin = latin and " " not in surface and not c.partners
        if text.endswith(("(주)", "㈜"), 0, start):
            c.set("ORG", _TIER_STRONG, "descriptor")  # `(주)플로섬`: a registered company
            return
        prev = f.prev_word(start)
        if prev:
            ss, se = f.stem(*prev)
            rest = _PAREN_GLOSS.sub("", text[se:prev[1]])  # `처리장치(NPU) 'SN-7'`
            t = _noun_type(text[ss:se]) if ss == prev[0] or text[prev[0]:ss].strip(
                _OPEN_QUOTES) == "" else None
            if t and rest in _APPOSITION_ENDINGS:
                c.set(t, _TIER_STRONG, "apposition")  # `창업자인 리웨이`
                return
            if t and not rest and not (t == "PERSON" and single_latin):
                c.set(t, _TIER_STRONG, "descriptor")  # `업체 바이두`, `창립자 요아브 쇼함`
                return
        if c.gaz_initial:
            return  # `이란 첸` only after a cue; `미국 바이든 대통령` is two names
        ts, te = f.tail(end)
        tail = text[ts:te]
        nxt = f.next_word(end)
        hangul_name = not latin and len(surface) >= 2
        if hangul_name and tail[:1] in ("씨", "님") and (len(tail) == 1 or tail[1:] in _PARTICLES):
            c.set("PERSON", _TIER_STRONG, "title")  # `홍길동씨는`
            return
        if hangul_name and _AGE.match(text, end):
            c.set("PERSON", _TIER_STRONG, "age")  # `홍길동(45)`
            return
        if ts == end and te == end and nxt:
            if self._type_before(c, nxt, latin):
                return
        if nxt and tail in ("", "의"):
            t = _NEIGHBOUR_NOUNS.get(f.word_stem(*nxt))
            if t and (t != "PLACE" or tail == ""):
                c.set(t, _TIER_STRONG, "neighbour")  # `X의 아내`, `X 인근`, `X 주가`
                return
        if tail == "에서" and nxt and text.startswith(("열린", "열리는", "개최"), nxt[0]):
            c.set("PLACE", _TIER_STRONG, "venue")  # `X에서 열린`
            return
        if tail.endswith("라는") and _CALLED.fullmatch(tail):
            t = self._head_after(f, te)
            if t:
                c.set(t, _TIER_STRONG, "called")  # `쿤룬(Kunlun)이라는 AI 칩`
                return
        if tail[:1] in "가이는은도" and text.find("보도", te) >= 0 and self._reported_by(f, te):
            c.set("ORG", _TIER_STRONG, "reporting")  # `뉴욕타임스가 25일 보도했다`
            return
        if latin:
            self._type_english(c, prev, tail, nxt)
        if c.type is None and tail in ("은", "는"):
            self._type_definitional(c, start, te)
        if c.type is None and tail in ("은", "는", "이", "가") and not latin:
            self._type_speaker(c, start, te)

    def _type_before(self, c: _Cand, nxt: tuple[int, int], latin: bool) -> bool:
        """Cues in the word right after the name: a title, a product or event head, a version."""
        f, text = c.field, c.field.text
        stem = f.word_stem(*nxt)
        t = _noun_type(stem)
        named = " " in c.text or c.partners or (not latin and 1 < len(c.text) <= 4)
        if t == "PERSON" and len(stem) <= 6 and named and not stem.endswith(_PLACE_OFFICE_TUPLE):
            after = f.next_word(nxt[1]) if f.bare(*nxt) else None
            if after and f.tag_at(after[0]) == "NNP":
                return False  # `할리우드 배우 블레이크 라이블리`: the title is the next name's
            c.set("PERSON", _TIER_STRONG, "title")  # `클레망 델랑그 최고경영자`
            return True
        if t == "PRODUCT" and stem in PRODUCT_NOUNS:
            c.set("PRODUCT", _TIER_STRONG, "head")  # `쿤룬 칩`
            return True
        if t == "EVENT" and stem in EVENT_NOUNS and not latin and not c.partners:
            c.end = nxt[0] + len(stem)  # `바다빛 축제`: the head word is part of the name
            c.set("EVENT", _TIER_STRONG, "head")
            return True
        if _VERSION.fullmatch(stem) and stem == text[nxt[0]:nxt[0] + len(stem)]:
            c.set("PRODUCT", _TIER_STRONG, "version")  # `라마(Llama) 3-V`
            return True
        entry = self.gazetteer.get(stem)
        affiliation = entry.type in ("PLACE", "ORG") if entry else _suffix_type(stem) == "ORG"
        if affiliation and f.bare(*nxt) and not latin:
            after = f.next_word(nxt[1])  # `시진핑 중국 국가주석`: an affiliation in between
            if after and _noun_type(f.word_stem(*after)) == "PERSON":
                c.set("PERSON", _TIER_STRONG, "title")
                return True
        return False

    @staticmethod
    def _reported_by(f: _Field, pos: int) -> bool:
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
    def _head_after(f: _Field, pos: int) -> str | None:
        """The type of the noun phrase after `이라는`: its head noun decides."""
        for _ in range(3):
            nxt = f.next_word(pos)
            if nxt is None:
                return None
            if not f.bare(*nxt) or f.next_word(nxt[1]) is None:
                return _noun_type(f.word_stem(*nxt))
            pos = nxt[1]
        return None

    def _type_english(self, c: _Cand, prev, tail: str, nxt) -> None:
        text, words = c.field.text, c.text.split()
        p = text[prev[0]:prev[1]].lower().strip(",;:\"“") if prev else ""
        n = text[nxt[0]:nxt[1]].lower().strip(",;:.\"”") if nxt else ""
        after = text[c.end:c.end + 80]
        if tail.startswith(","):
            m = _EN_APPOSITION.match(after)
            if m:
                head = m.group("head")
                c.set("PLACE" if head in _EN_APPOSITION_PLACES else "ORG", _TIER_STRONG,
                      "apposition")  # `Tidewell, a Dutch start-up`
            elif len(words) > 1 and re.match(r",\s+(?:who\b|\d{1,3},)", after):
                c.set("PERSON", _TIER_STRONG, "apposition")  # `Mei Tanaka, who studies`
        if re.match(r"['’]s\s+(?:chief|ceo|founder|president|chairman|head)\b", after, re.I):
            c.set("ORG", _TIER_STRONG, "title")
        if c.type or tail.strip(",.;:!?\"”’"):
            return
        if p in _EN_HONORIFICS or (p in EN_PERSON_BEFORE and 1 < len(words) <= 3):
            c.set("PERSON", _TIER_STRONG, "title")
        elif not tail and n in EN_PERSON_AFTER and 1 < len(words) <= 3:
            c.set("PERSON", _TIER_STRONG, "title")
        elif p in EN_ORG_BEFORE:
            c.set("ORG", _TIER_STRONG, "descriptor")
        elif not tail and n in EN_PRODUCT_AFTER:
            c.set("PRODUCT", _TIER_STRONG, "head")
        elif p in EN_PLACE_BEFORE and len(words) <= 2:
            c.set("PLACE", _TIER_WEAK, "preposition")  # `in Lisbon`

    @staticmethod
    def _type_speaker(c: _Cand, start: int, tail_end: int) -> None:
        """`X는 … 말했다.`: the subject of a sentence ending in a verb of saying is a person."""
        f, text = c.field, c.field.text
        stop = _subject_sentence_end(text, start, tail_end)
        if stop is None:
            return
        ws, _ = f.word_at(stop - 1)
        if ws > tail_end and text.startswith(_SAID, ws):
            c.set("PERSON", _TIER_WEAK, "speaker")

    def _type_definitional(self, c: _Cand, start: int, tail_end: int) -> None:
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
            t = _noun_type(text[ss:se])
            if t and t != "PERSON":
                c.set(t, _TIER_STRONG, "definition")

    def _type_weak(self, c: _Cand, by_unit: dict) -> None:
        """Evidence that needs the neighbours typed first, then Korean surnames."""
        f, text = c.field, c.field.text
        start, end = c.unit()
        ts, te = f.tail(end)
        if text[ts:te] == "의" and ts == end:
            d = by_unit.get((id(f), "s", te + 1))
            if d and d.type == "PERSON" and d.cue == "title":
                c.set("ORG", _TIER_WEAK, "affiliation")  # `누리랩스의 안나 코발스카 CEO`
                return
        prev = f.prev_word(start)
        if prev and text[prev[1] - 1] == "의" and c.partners and " " not in c.text:
            d = by_unit.get((id(f), "e", prev[1] - 1))
            if d and d.type == "ORG":
                c.set("PRODUCT", _TIER_WEAK, "owner")  # `프리즈마 랩스의 렌사(Lensa)`
                return
        if c.partners or c.start > 0 and text[c.start - 1] in _OPEN_QUOTES:
            return  # a quoted title (`영화 '도희야'`) is not a person for its shape
        toks = f.tokens_in(c.start, c.end)
        proper = f.tok_tag[toks.start:toks.stop].count("NNP") == len(toks)
        if proper and _looks_like_korean_name(c.text):
            c.set("PERSON", _TIER_WEAK, "surname")
        elif proper and " " in c.text and c.text.split(" ", 1)[0] in _PROVINCES:
            c.set("PLACE", _TIER_WEAK, "address")  # `경기 용인`: a province, then a city
        elif proper and " " in c.text and _HANGUL.match(c.text) and not any(
                _name_shaped(w) for w in c.text.split()):
            c.set("PERSON", _TIER_WEAK, "run")  # `데이비드 베컴`: unknown names in a row

    @staticmethod
    def _share_links(cands: list[_Cand]) -> None:
        """The type found for either side of a `이름(Name)` pair applies to both."""
        for c in cands:
            if c.partners and c.type:
                for d in c.partners:
                    d.set(c.type, c.tier, "link", c.canonical)

    # Choosing, spreading, correcting -------------------------------------------------------

    @staticmethod
    def _select(cands: list[_Cand]) -> list[_Cand]:
        """Non-overlapping mentions: stronger evidence first, then the longer span."""
        chosen: list[_Cand] = []
        occupied: dict[int, _Occupied] = {}
        for c in sorted(cands, key=lambda c: (c.tier, c.start - c.end, c.start)):
            taken = occupied.setdefault(id(c.field), _Occupied())
            if not taken.overlaps(c.start, c.end):
                chosen.append(c)
                taken.add(c.start, c.end)
        return chosen

    @staticmethod
    def _join_places(chosen: list[_Cand]) -> list[_Cand]:
        """An address or a region is one place: `서울 강남구 논현동`, `텍사스 북부`.

        Two place names in a row stay two (`중국 상하이`) unless the later one is an
        administrative unit of the earlier.
        """
        out: list[_Cand] = []
        for c in sorted(chosen, key=lambda c: (c.field.name, c.start)):
            prev = out[-1] if out else None
            if (prev and prev.field is c.field and prev.type == c.type == "PLACE"
                    and not prev.partners and not c.partners
                    and c.field.text[prev.end:c.start] == " " and c.text.endswith(_ADDRESS_ENDINGS)):
                joined = _Cand(c.field, prev.start, c.end)
                joined.set("PLACE", max(prev.tier, c.tier), "address")
                out[-1] = joined
                continue
            out.append(c)
        for c in out:
            nxt = c.field.next_word(c.end) if c.type == "PLACE" and not c.partners else None
            if nxt and c.field.tail(c.end) == (c.end, c.end):
                ss, se = c.field.stem(*nxt)
                if ss == nxt[0] and c.field.text[ss:se] in _DIRECTIONS:
                    c.end, c.canonical = se, None
        return out

    def _spread(self, fields: list[_Field], chosen: list[_Cand]) -> list[_Cand]:
        """Consistency: a typed name keeps its type at its other mentions and short forms."""
        known: dict[str, _Cand] = {}
        for c in sorted(chosen, key=_TIER_OF):
            known.setdefault(c.text, c)
        short: dict[str, _Cand] = {}
        for surface, c in known.items():
            if c.type == "PERSON":
                words = surface.split()
                if len(words) > 1 and len(words[-1]) >= 2 and words[-1] not in _NOUN_TYPE:
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
            taken = _Occupied((c.start, c.end) for c in chosen if c.field is f)
            for surface, src in known.items():
                if len(surface) < 2 and not _HANJA_RUN.fullmatch(surface):
                    continue
                for s, e in _occurrences(f, surface, taken):
                    c = _Cand(f, s, e, canonical=src.canonical or src.text)
                    c.set(src.type, _TIER_SPREAD, "consistency")
                    if surface == src.text:
                        c.partners, c.canonical = src.partners, src.canonical
                    chosen.append(c)
                    taken.add(s, e)
        return chosen

    def _link_short_forms(self, known: dict[str, _Cand], chosen: list[_Cand]) -> dict[str, _Cand]:
        """Give a bare surname and a company's short form their full name's canonical; return
        the short forms of companies (`Tidewell` of `Tidewell Robotics`) to spread."""
        short_orgs: dict[str, _Cand] = {}
        by_surname: dict[str, set[str]] = {}
        for surface, c in known.items():
            words = surface.split(" ")
            if c.type == "ORG" and len(words) > 1 and (words[-1] in EN_ORG_WORDS
                                                       or words[-1] in _SPACED_SUFFIXES):
                head = " ".join(words[:-1])
                if not (self.gazetteer.get(head) or head in STOP_WORDS or head in common_nouns()):
                    short_orgs.setdefault(head, c)  # not `Busan` of `Busan Bank`
            elif c.type == "PERSON" and _name_shaped(surface):
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

    def _apply_corrections(self, fields: list[_Field], chosen: list[_Cand]) -> list[_Cand]:
        if not self.corrections:
            return chosen
        out = []
        for c in chosen:
            if c.text in self.corrections:
                if self.corrections[c.text] is None:
                    continue
                c.type, c.tier, c.cue = self.corrections[c.text], _TIER_CORRECTION, "correction"
            out.append(c)
        for surface, type_ in self.corrections.items():
            if type_ is None:
                continue
            for f in fields:
                for s, e in _occurrences(f, surface):
                    c = _Cand(f, s, e, type=type_, tier=_TIER_CORRECTION, cue="correction")
                    if any(c.overlaps(d) and d.tier == _TIER_CORRECTION for d in out):
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
    def _spans(chosen: list[_Cand]) -> list[EntitySpan]:
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
    if _ANONYMISED.fullmatch(name):
        return True
    if len(name) > 1:
        return False
    rest = text[end:end + 3].lstrip(" ")
    return rest[:1] in ("씨", "모", "(") or rest[:1] in ("군", "양") and rest[1:2] in _PARTICLES \
        or name.isascii()


def _is_language(name: str, gazetteer: Gazetteer) -> bool:
    """`한국어`, `프랑스어`: a country's name plus 어 is its language, not a name to highlight."""
    if len(name) < 3 or name[-1] != "어" or not all("가" <= c <= "힣" for c in name):
        return False
    entry = gazetteer.get(name[:-1])
    return entry is not None and entry.type == "PLACE"


def _generic_body(word: str) -> bool:
    """`정부`, `여당`, `금융당국`: a role, filled by some body, not one a reader could look up."""
    return word in GENERIC_BODIES or word.endswith("당국")


def _looks_like_korean_name(s: str) -> bool:
    """Name-shaped and not ending like a place or an institution (`마포구`, `한국어`)."""
    return _name_shaped(s) and s[-1] not in _NOT_NAME_ENDINGS


def _name_shaped(s: str) -> bool:
    """Surname plus a two-syllable given name, each syllable of Sino-Korean shape.

    Sino-Korean syllables end in no consonant or in ㄱ ㄴ ㄹ ㅁ ㅂ ㅇ, never start tense or
    with ㅋ, and never are ㅡ without a final, so loanwords (`유닛`) fail. Two-syllable names
    need a title instead.
    """
    if len(s) == 3 and s[0] in SURNAMES:
        given = s[1:]
    elif len(s) == 4 and s[:2] in COMPOUND_SURNAMES:
        given = s[2:]
    else:
        return False
    for ch in given:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            return False
        initial, vowel, final = code // 588, (code // 28) % 21, code % 28
        if final not in (0, 1, 4, 8, 16, 17, 21) or initial in (1, 4, 8, 10, 13, 15):
            return False
        if vowel == 18 and final == 0:  # 그 드 스 트 …
            return False
    return True


def _index(items: list[str], value: str, start: int) -> int:
    """The first index of value from start on, or len(items)."""
    try:
        return items.index(value, start)
    except ValueError:
        return len(items)


def _latin_name_word(word: str) -> bool:
    return any(ch.isupper() for ch in word) and any(ch.isalpha() for ch in word)


def _occurrences(f: _Field, surface: str, taken: _Occupied | None = None) -> list[tuple[int, int]]:
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
