"""The vocabulary of recognition: word lists, the shapes of names, and the tests built on them.

General Korean and English news conventions; none is taken from an evaluation text. Every list a
stage reads is here, so the vocabulary is edited in one place; patterns that one stage alone
uses stand beside that stage.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from viewer.core.resources import read_resource_text

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
Click Email Print Game Round Week Season Episode Stage Vol
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
주장 공동선대위원장 연구관 연구사 지도사 주무관 사무관 서기관 계장 주임 교사 교장 교감 간호사 약사
한의사 소방관 경찰관 경위 경감 경정 총경 순경 시의원 도의원 군의원 구의원 이장 조합장 어촌계장
부대표 상임대표 간사 지점장 점장 관장 학예사 큐레이터 책임연구원 선임연구원 연구교수 전공의
재판장 부장판사 부장검사 위원
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
# Kinds of goods that, before the object of a launch, make it a product (`과자 바삭칩을 출시했다`);
# on their own they cue nothing (`커피 전문점`).
LAUNCH_KINDS = PRODUCT_NOUNS | frozenset("""과자 스낵 라면 음료 맥주 소주 화장품 상품 신상품
간편식 아이스크림 신메뉴 요금제""".split())
# Verbs of launching: what they take as object is a product (`바삭칩을 출시했다`).
LAUNCH_VERBS = ("출시", "선보", "내놓", "내놨", "선봬")
# Words that continue a product's name: a model number, a generation or an edition
# (`iPhone 16 Pro Max`, `Galaxy Z Fold 6`, `갤럭시 S25 울트라`, `Windows 11 Pro`).
PRODUCT_EDITIONS = frozenset("""
Pro Max Ultra Plus + mini Mini Lite Air SE Edge FE Neo Fold Flip XL Note Studio Series LTS
프로 맥스 울트라 플러스 미니 라이트 에어 엣지 폴드 플립 노트
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

NOUN_TYPE: dict[str, str] = {}
for _type, _words in (("EVENT", EVENT_NOUNS), ("PLACE", PLACE_NOUNS), ("PRODUCT", PRODUCT_NOUNS),
                      ("ORG", ORG_NOUNS), ("PERSON", PERSON_NOUNS)):
    NOUN_TYPE.update(dict.fromkeys(_words, _type))
_NOUN_MAX = max(map(len, NOUN_TYPE))

# Words that end an organisation's or place's own name (`한빛대`, `노바 랩스`, `부산시`).
ORG_SUFFIXES = frozenset("""
대학 대학교 대학원 그룹 랩스 랩 연구소 연구원 재단 위원회 은행 협회 학회 공사 공단 전자 증권
보험 건설 제약 항공 일보 신문 타임스 저널 포스트 방송 캐피털 파트너스 홀딩스 바이오 엔터테인먼트
중공업 화학 물산 생명 화재 병원 법원 의회 컴퍼니 코퍼레이션 스튜디오 게임즈 모터스 스튜디오스
테크놀로지 테크놀로지스 코리아 경찰서 소방서 지검 지법 고법 지청 마트 닷컴 제과 식품 산업 상사
기획 미디어 자동차 연대 노조 학원 어학원 유업 인베스트먼트 엔터 반도체 통신 에너지 물류 해운 조선
철강 정밀 케미칼 소프트 네트웍스 시스템즈 솔루션즈 로보틱스 모빌리티 헬스케어 파마 디스플레이
FC SC AFC 유나이티드 시티즌
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
# Endings of the names of institutions and places that Kiwi reads as common nouns: a word of two
# or more syllables before one of these, glued to it, is a name (`미래로투자증권`, `다락방도서관`,
# `청솔대교`), unless the word before is a generic modifier (`어린이도서관`, `전통시장`).
COMPOUND_NAME_SUFFIXES = {
    **dict.fromkeys("""증권 협회 도서관 문고 서재 책방 분교 초등학교 중학교 고등학교 학교 대학교 본부
협동조합 조합 목공소 공방 연구소 재단 병원 은행 보험 건설 제약 식품 전자 상사 마트 약국 의원 학원
교회""".split(), "ORG"),
    **dict.fromkeys("시장 대교 마을 공원 신항 항구 해수욕장 터널 고개 사거리 파크 테마파크 터미널"
                    .split(), "PLACE")}
COMPOUND_GENERIC_PREFIXES = frozenset("""
어린이 작은 공공 국립 시립 도립 군립 구립 전통 지역 동네 인근 대형 중소 소형 지방 국내 해외 공립 사립
주민 청소년 노인 복지 재래 상설 농협 수협 시중 저축 인터넷 온라인 종합 일반 특수 사설 공영 민간 임시 통합
전국 국제 현지 초등 중등 대학 시골 도시 농촌 어촌 산촌 무인 공동 마을 신규 기존 해당 관내 외국 한국 글로벌
동물 치과 한의 가공 일반음식 휴게 개인 버스 시외버스 고속버스 복합 복합문화 신선 화상 전문
화상전문 거점 권역 응급 요양
""".split())

# Offices named after a place: the word before them is the place (`콜리마 주지사`).
PLACE_OFFICES = frozenset("주지사 도지사 구청장 군수 교육감 시장 지사".split())
# Nouns that, after `X의` or right after X, say what X is.
NEIGHBOUR_NOUNS = {
    **dict.fromkeys("아내 남편 부인 아들 딸 어머니 아버지 동생 누나 언니 오빠 측근 모친 부친".split(),
                    "PERSON"),
    **dict.fromkeys("인근 일대 주변 시내 현지 도심 상공 근해 앞바다 방면 일원 해안".split(), "PLACE"),
    **dict.fromkeys("주가 계열사 자회사 임직원 노조 사옥".split(), "ORG")}
# Verbs of saying as they start in the past tense: their subject is a person (`… 말했다`).
SAID = ("말했", "덧붙였", "털어놨", "고백했", "회상했", "회고했")
EVENT_SUFFIXES = frozenset(
    "올림픽 월드컵 엑스포 박람회 영화제 축제 페스티벌 비엔날레 컨퍼런스 콘퍼런스".split())
# Words that, written after a name, join it (`노바 랩스`, `산티아고 국제공항`).
SPACED_SUFFIXES = {
    **dict.fromkeys("""랩스 그룹 재단 연구소 은행 파트너스 홀딩스 대학 대학교 Labs Group 엔터테인먼트
게임즈 인터랙티브 스튜디오 테크놀로지 테크놀로지스 모빌리티 로보틱스 인베스트먼트 코퍼레이션
컴퍼니""".split(), "ORG"),
    **dict.fromkeys("광장 공항 국제공항 공원 해수욕장 경기장 스타디움 호텔 타워 역".split(), "PLACE")}
# A place followed by one of these is one place (`서울 강남구 논현동`, `텍사스 북부`).
ADDRESS_ENDINGS = tuple("시군구동읍면리로길가")
DIRECTIONS = frozenset("동부 서부 남부 북부 중부 남동부 북동부 남서부 북서부".split())

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
Instruments Microsystems Interactive Games Studio Center Centre Elementary Clinic Cooperative Corps
Ministry Secretariat Directorate Administration Service B.V. N.V. A/S AG GmbH S.A. S.p.A. SpA Oy AB SE
K.K. Pte Bhd
Co-op Coalition Services Service Utilities Authority Company Church Temple Mission Shelter
Nonprofit Collective Guild Brewery Bakery Farms Farm Market Markets Stores Store Airport Port
Supply Supplies Hardware Scientific Aggregates Maritime Storage Bakeries Partnership Controls Chamber
Realty Properties Construction Engineering Manufacturing Shipping Railroad Railway Railways Transit
Healthcare Analytics Consulting Associates Outfitters Apparel Freight Builders Contractors Mills
Chronicle Observer Courier Sentinel Telegraph Examiner Dispatch Courant Bulletin Enquirer Inquirer
Advertiser Mercury Resorts Hotels Aviation Beverages Haulage Intermodal Insights Network Schools
""".split())
# Words that end a place's name (`Callow County`, `Alder Street`, `Harrow Inlet`).
EN_PLACE_WORDS = frozenset("""
County Street St. Road Rd. Avenue Ave. Boulevard Blvd. Lane Drive Highway Freeway Parkway Way
Route Station Island Islands Inlet Bay Harbor Harbour Point Falls River Lake Lakes Mountain
Mountains Valley Causeway Bridge Square Plaza Beach Coast Peninsula Canyon Creek Sound Strait
Park Heights Hills Hill Springs Flats Township Borough Village Province Prefecture District
Ridge Cove Reservoir Dam Canal Trail Terrace Gulf Sea Ocean Desert Forest Wharf Pier Quay
Arena Fairgrounds Stadium Dome Mall Coliseum Amphitheater Amphitheatre Speedway Ballpark
""".split())
# Words that open a place's name (`Lake Superior`, `Mount Ellery`, `Rue Principale`, `Port of Tema`).
EN_PLACE_OPENERS = frozenset("""
Lake Mount Mt Mt. Cape Fort Isle Loch Lough Glen Rue Chemin Boulevard Avenida Avenue Calle Via Viale
Piazza Plaza Praça Rua Lago Monte Pont Ponte Puerto Porto Estrada Carretera Gulf Strait Port
""".split())
# A street named in one word by the language's own ending (Dutch, German, Scandinavian).
_STREET_WORD = re.compile(r"[A-ZÄÖÜÅØÆ][a-zäöüßåøæé]{2,}(?:weg|straat|strasse|straße|gasse|plein|gracht|"
                          r"kade|laan|vej|gade|gatan|vägen|veien|gata|allee|damm|platz)")
EN_EVENT_WORDS = frozenset("""
Olympics Games Cup Expo Summit Conference Festival Forum Awards War Fair Championship
Championships Biennale Marathon Week Show Convention Congress Symposium Tournament Open Regatta
""".split())
EN_HONORIFICS = frozenset("mr. mrs. ms. dr. prof. mr mrs ms dr prof sir cllr cllr.".split())
EN_PERSON_BEFORE = EN_HONORIFICS | frozenset("""
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
EN_PLACE_BEFORE = frozenset("in near outside via across throughout".split())
EN_PRODUCT_AFTER = frozenset("app model chip phone smartphone software chatbot processor browser".split())

# Common Korean surnames; a two-to-three-syllable proper noun starting with one is a name.
SURNAMES = frozenset("""
김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노
하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위
표 명 기 반 왕 금 옥 육 인 맹 제 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈
동 온 호 범 좌 팽 승 간 상 갈 견 당 화 창 종 라
""".split())
COMPOUND_SURNAMES = frozenset("남궁 황보 제갈 사공 선우 서문 독고 동방".split())

# Particles that may follow a name inside its word when Kiwi does not say so itself.
PARTICLES = frozenset("""
은 는 이 가 을 를 의 에 와 과 도 만 로 으로 에서 에게 부터 까지 처럼 보다 이나 나 이며 며 이자
라는 이라는 란 이란 라고 이라고 로서 로써 와의 과의 에는 에도 에서는 으로는 이다 였다 이었다 측
씨 등 께서 마저 조차
""".split())

# Kiwi tags: what may follow a name inside its word, what is punctuation, what is a noun phrase.
FUNCTIONAL_TAGS = ("J", "E", "VCP", "VCN", "Z")
PUNCT_TAGS = frozenset("SF SP SS SSO SSC SE SO SW SB".split())
NOMINAL_TAGS = frozenset("NNG NNP NNB NR NP SL SH SN XSN XPN".split())
OPEN_QUOTES = "‘“'\"「『《〈<[("
CLOSE_QUOTES = "’”'\"」』》〉>])"
APPOSITION_ENDINGS = ("인", "이자", "이며")
JOINERS = ("-", ".", "&")
BOUND_NOUNS = "씨님측등"  # may follow a name in its word: `박씨`, `미국측`

HANGUL = re.compile(r"[가-힣]")
LATIN_CONNECTORS = frozenset("of de van von der den la le du da di dos del &".split())  # inside a Latin name
HANJA_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NOT_NAME_ENDINGS = "어구시군읍면역항섬당청국도동대궁길관함각장처부회"  # 한국어, 마포구: not people
# Provinces as addresses name them (`경기 용인`, `충북 청주`); some are common words alone (경기).
PROVINCES = frozenset("경기 강원 충북 충남 전북 전남 경북 경남 제주".split())
# Countries headlines and news write in one Hangul syllable before a name (`미 국방부`).
COUNTRY_SYLLABLES = {"미": "미국", "중": "중국", "일": "일본", "한": "한국", "영": "영국", "독": "독일",
                     "불": "프랑스", "러": "러시아", "북": "북한"}
# Pairs of them name the two countries (`한미 정상회담`, `남북 관계`), 남 being South Korea.
PAIR_SYLLABLES = {**COUNTRY_SYLLABLES, "남": "한국"}
ANONYMISED = re.compile(r"[가-힣]모")  # 김모, 박모: a name withheld, nothing to highlight
AGE = re.compile(r"\(\d{1,3}(?:세)?(?:[·,/][^()]*)?\)")  # after a name: `홍길동(45)`, `김순례(81·농민)씨`


def is_hanja(ch: str) -> bool:
    """One character of HANJA_RUN, tested without a regex."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def is_letter(ch: str) -> bool:
    """A letter or digit of a word; Hanja stand apart (`美` in `美반도체`)."""
    return ch.isalnum() and not ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
                                 or "\uf900" <= ch <= "\ufaff")  # is_hanja, inlined: hot


def noun_type(stem: str) -> str | None:
    """The type a cue noun points to: the longest listed noun the stem ends with."""
    for n in range(min(len(stem), _NOUN_MAX), 0, -1):
        t = NOUN_TYPE.get(stem[-n:])
        # a one-syllable noun (칩, 앱, 씨) must stand alone or after Latin (`AI칩`)
        if t and (n > 1 or len(stem) == 1 or not "가" <= stem[-2] <= "힣"):
            return t
    return None


_VENUE_KINDS = frozenset("""Leisure Convention Community Sports Civic Aquatic Aquatics Exhibition Conference
Shopping Visitor Visitors Recreation Events Performing Arts Cultural Heritage Garden Fitness Youth Senior
Seniors Tennis Ice Trade Expo""".split())
CLUB_PREFIXES = frozenset("FC SV AC AS SC CF CD SK FK VfB VfL TSV RB SSC AFC".split())  # `FC Ostwald`
_BODY_KINDS = frozenset(
    "School Water Fire Sanitation Transit Park Parks Hospital Library Utility Irrigation".split())


def suffix_type(surface: str) -> str | None:
    """ORG, PLACE or EVENT from the end of a name itself (`AI21 랩스`, `Prisma Labs`)."""
    words = surface.split()
    if not words:
        return None
    last, several = words[-1], len(words) > 1
    if "of" in words[1:-1]:  # `Department of Agriculture`, `Bank of Korea`, `Gulf of Mexico`: the head
        last = words[words.index("of") - 1]
    if len(words) > 2 and last in ("District", "Board", "Authority") and words[-2] in _BODY_KINDS:
        return "ORG"  # `North Shore Unified School District`, `Water District`: a body, not a place
    if several and last in ("Centre", "Center") and words[-2] in _VENUE_KINDS:
        return "PLACE"  # `Hebble Vale Leisure Centre`, `Claddagh Quay Convention Centre`: a venue
    if several and words[0] in CLUB_PREFIXES:
        return "ORG"  # `FC Ostwald 1896`, `SV Lindenau 09`: a club
    if several and last in EN_ORG_WORDS:
        return "ORG"
    if several and last in EN_EVENT_WORDS:
        return "EVENT"
    if several and last in EN_PLACE_WORDS:
        return "PLACE"
    if several and words[0] in EN_PLACE_OPENERS and last not in EN_EVENT_WORDS:
        return "PLACE"  # `Lake Superior`, `Mount Ellery`, `Rue du Moulin`
    if not several and _STREET_WORD.fullmatch(last):
        return "PLACE"  # `Europaweg`, `Damstraat`, `Königstraße`: a street by its own ending
    if several and last in SPACED_SUFFIXES:
        return SPACED_SUFFIXES[last]
    return own_suffix_type(last) if HANGUL.search(last) else None


# Common nouns that end in an administrative syllable without being a unit (`섬길택시`, `공영택시`).
_NOT_A_UNIT = ("택시", "버스")


def own_suffix_type(word: str) -> str | None:
    """The type a one-word name's own ending gives (`한국은행`, `부산국제영화제`, `마포구`)."""
    for n in range(min(len(word) - 2, 7), 1, -1):
        t = SUFFIX_TYPE.get(word[-n:])
        if t:
            return t
    if len(word) >= 3:
        if word[-1] in ONE_SYLLABLE_SUFFIXES and not word.endswith(_NOT_A_UNIT):
            return ONE_SYLLABLE_SUFFIXES[word[-1]]
        if not name_shaped(word):
            return WEAK_ONE_SYLLABLE_SUFFIXES.get(word[-1])
    return None


# The suffix lists as one table, the earlier list winning a suffix listed twice.
SUFFIX_TYPE: dict[str, str] = {}
for _type, _words in (("ORG", ORG_SUFFIXES), ("EVENT", EVENT_SUFFIXES), ("PLACE", PLACE_SUFFIXES),
                      ("", ONE_SYLLABLE_SUFFIXES), ("", WEAK_ONE_SYLLABLE_SUFFIXES)):
    for _word in _words:
        SUFFIX_TYPE.setdefault(_word, _type or _words[_word])


def generic_body(word: str) -> bool:
    """`정부`, `여당`, `금융당국`: a role, filled by some body, not one a reader could look up."""
    return word in GENERIC_BODIES or word.endswith("당국")


def looks_like_korean_name(s: str) -> bool:
    """Name-shaped and not ending like a place or an institution (`마포구`, `한국어`)."""
    return name_shaped(s) and s[-1] not in _NOT_NAME_ENDINGS


def name_shaped(s: str) -> bool:
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


def latin_name_word(word: str) -> bool:
    """A word that can be part of a Latin name: it has a capital and a letter."""
    return any(ch.isupper() for ch in word) and any(ch.isalpha() for ch in word)


# Korean surnames as English text romanises them (`Park Chang-gil`, `Ahn Dok-geun`).
ROMANISED_SURNAMES = frozenset("""
Kim Lee Yi Rhee Park Pak Choi Choe Jung Jeong Chung Kang Cho Jo Yoon Yun Jang Chang Lim Im Han Oh
Seo Suh Shin Sin Kwon Hwang Ahn An Song Yoo Yu Ryu Jeon Jun Chun Hong Ko Go Moon Mun Yang Son Sohn
Bae Baek Paik Heo Huh Nam Shim Sim Noh Roh Ha Kwak Sung Seong Cha Joo Ju Woo Koo Ku Min Jin Na
Ji Chae Won Bang Gong Hyun Ham Byun Yeom Yeo Choo Do Seok Sul Ma Gil Yeon Wi Pyo Myung Ki Ban
Wang Geum Ok Yook Maeng Je Tak Kook Eun Pyeon Yong Ye Kyung Bong Sa Boo Ga Bok Tae Mok Hyung
""".split())
_INITIAL = re.compile(r"[A-Z]\.")  # `Gary L. Pruitt`
_ROMANISED_GIVEN = re.compile(r"[A-Z][a-z]{1,5}-[a-z]{2,5}")  # `Chang-gil`, `Hae-rim`


def korean_name_in_latin(words: list[str]) -> bool:
    """A Korean name as English writes it, surname first (`Park Chang-gil`), as its words."""
    return len(words) == 2 and words[0] in ROMANISED_SURNAMES and bool(_ROMANISED_GIVEN.fullmatch(words[1]))


def english_person_shaped(surface: str) -> bool:
    """A Latin name that reads as a person's: a given name, then one to three capitalised words
    (`Keisha Langford`, `Pieter van der Sluis`), or a Korean name as English writes it
    (`Park Chang-gil`)."""
    words = surface.split()
    if not 2 <= len(words) <= 4 or words[-1] in EN_ORG_WORDS or words[-1] in EN_PLACE_WORDS \
            or "&" in words or any(w in EN_ORG_WORDS for w in words[1:]):
        return False  # `Halsey & Crane`, `Ellery Alpine Resorts Group`: a firm
    if korean_name_in_latin(words):
        return True
    if words[0] not in given_names() and _unaccented(words[0]) not in given_names():
        return False
    rest = [w for w in words[1:] if w not in LATIN_CONNECTORS and not _INITIAL.fullmatch(w)]
    return bool(rest) and all(w[:1].isupper() and not w.isupper() for w in rest)


def _unaccented(word: str) -> str:
    """`José` as `Jose`: the census lists write given names without accents."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _word_list(name: str) -> frozenset[str]:
    """A resources/ word list: one entry a line, `#` comments (absent: empty)."""
    try:
        text = read_resource_text(name)
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(w for w in map(str.strip, text.splitlines()) if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """resources/given_names.txt: given names in Latin script (`Keisha`, `Pieter`)."""
    return _word_list("given_names.txt")


@lru_cache(maxsize=1)
def common_nouns() -> frozenset[str]:
    """resources/common_nouns.txt: words never highlighted on their own (`클라우드`)."""
    return _word_list("common_nouns.txt")


# Endings of natural features and ports (`향로봉`, `진부령`, `남대천`, `후포항`); not 만, 대 or 성,
# which end many given names, nor 호, which ends ships' and rockets' names.
_FEATURE_ENDINGS = ("산", "봉", "령", "강", "천", "항", "포구", "해안", "계곡", "고개", "저수지", "폭포",
                    "해변", "해수욕장", "습지", "협곡")
_FEATURE_NAME = re.compile(r"[가-힣]{2,6}")


def korean_feature_name(word: str) -> bool:
    """A one-word Korean name of three syllables or more that ends like a mountain, a pass, a river,
    a stream or a port; not `중국산` (made in China)."""
    if len(word) < 3 or not _FEATURE_NAME.fullmatch(word) or not word.endswith(_FEATURE_ENDINGS):
        return False
    return not (word.endswith("산") and (noun_type(word[:-1]) == "PLACE" or word[:-1] in PROVINCES))
