"""Generate a synthetic Article Viewer library of N articles, for the benchmarks.

Usage (from the project root):
    .venv/bin/python benchmarks/make_library.py N [OUT.sqlite] [--seed S] [--jobs J] [--force]

The library is built (or found) in benchmarks/.cache/library-N-seedS-<fingerprint>.sqlite and,
when OUT is given, copied there. The fingerprint covers the generator, the schema version and the
indexed morpheme tags, so a library is rebuilt when any of them change (a new ANALYZER_VERSION
only re-stamps the cached library: see _bench.stamp_analyzer_version).

What is in it (all text is generated here from original templates; nothing is copied from news):

* articles: ~70 % Korean, ~30 % English news-style text built from sentence templates whose slots
  are filled with names, places, companies, products and events from resources/gazetteer.tsv
  (popular names weighted up, the rest Zipf-weighted; each article has a small recurring cast).
  Body lengths are log-uniform over 500-6,000 characters; every 5,000th article (index 4,321 mod
  5,000) has 100,000 characters. Titles, decks, sources, authors, dates, removed boilerplate
  (byline, copyright), a raw text, read state and reading position.
* ~6 % of articles have a note, ~4 % have 1-4 highlights (some with notes); the 100,000-character
  articles have 6-12 highlights.
* entity mentions at the exact offsets where the generator put each name (title and Markdown
  body), with entities and aliases from the gazetteer, and `analyzer_version` set to the current
  viewer.core.entities.ANALYZER_VERSION, so the app does not re-analyse anything.
* the full-text index (search_morph / search_tri), filled by viewer.core.store.search.ensure_index
  itself; the Kiwi morpheme strings it asks for are computed beforehand in a process pool (one
  worker per core) and handed to it through a lookup, so indexing runs on every core while the
  rows written are exactly ensure_index's.

Article i depends only on (seed, i): the 10,000-article library is the first 10,000 articles
of the 100,000 one, so the larger build starts from a copy of the smaller one when it is cached.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import multiprocessing as mp
import os
import random
import re
import shutil
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import CACHE, DEFAULT_SEED, ROOT, cache_path, fingerprint  # noqa: E402

GAZETTEER = ROOT / "resources" / "gazetteer.tsv"
CHUNK = 2000  # articles per insert transaction / ensure_index call
HUGE_EVERY, HUGE_AT, HUGE_CHARS = 5000, 4321, 100_000
KO_SHARE = 0.7

# --- word lists (original) ---------------------------------------------------------------------

TOPICS = ("economy", "tech", "world", "society", "culture")

KO_X = {
    "economy": [
        "금리",
        "환율",
        "물가",
        "수출",
        "관세",
        "부동산",
        "아파트 가격",
        "가계부채",
        "소비 심리",
        "고용",
        "설비 투자",
        "무역수지",
        "주가",
        "채권 금리",
        "유가",
        "전세 시장",
        "내수",
        "임금",
    ],
    "tech": [
        "반도체",
        "AI 칩",
        "메모리 칩",
        "배터리",
        "전기차",
        "데이터센터",
        "클라우드",
        "생성형 AI",
        "로봇",
        "스마트폰",
        "자율주행",
        "파운드리",
        "디스플레이",
        "통신망",
        "칩",
        "서버",
        "양자컴퓨터",
    ],
    "world": [
        "공급망",
        "안보 협력",
        "외교 정책",
        "국방 예산",
        "기후 대응",
        "난민 정책",
        "에너지 안보",
        "무역 협상",
        "제재",
        "정상회담",
        "핵 협상",
        "해상 물류",
        "식량 위기",
    ],
    "society": [
        "저출산",
        "의료 인력",
        "교통 체증",
        "미세먼지",
        "청년 고용",
        "돌봄 서비스",
        "교육 격차",
        "주거 복지",
        "고령화",
        "지역 소멸",
        "응급실",
        "대중교통",
        "폭염",
    ],
    "culture": [
        "전시회",
        "영화제",
        "공연",
        "출판 시장",
        "웹툰",
        "음원 시장",
        "관광객",
        "문화유산",
        "드라마",
        "게임 산업",
        "미술 시장",
        "축제",
        "독립 서점",
    ],
}
EN_X = {
    "economy": [
        "interest rates",
        "inflation",
        "exports",
        "tariffs",
        "housing prices",
        "household debt",
        "consumer sentiment",
        "the jobs market",
        "bond yields",
        "oil prices",
        "wages",
        "the currency",
    ],
    "tech": [
        "semiconductors",
        "AI chips",
        "memory chips",
        "batteries",
        "electric vehicles",
        "data centres",
        "cloud computing",
        "generative AI",
        "robots",
        "smartphones",
        "self-driving cars",
        "chip",
        "foundry capacity",
        "displays",
        "quantum computers",
    ],
    "world": [
        "supply chains",
        "security cooperation",
        "foreign policy",
        "defence spending",
        "climate policy",
        "energy security",
        "trade talks",
        "sanctions",
        "the summit",
        "shipping routes",
    ],
    "society": [
        "birth rates",
        "hospital staffing",
        "traffic congestion",
        "air pollution",
        "youth unemployment",
        "elderly care",
        "school funding",
        "public housing",
        "heatwaves",
        "public transport",
    ],
    "culture": [
        "the exhibition",
        "the film festival",
        "live concerts",
        "book sales",
        "webtoons",
        "streaming",
        "tourism",
        "heritage sites",
        "television dramas",
        "the games industry",
        "the art market",
    ],
}
KO_ROLE = [
    "대표",
    "장관",
    "사장",
    "위원장",
    "교수",
    "연구위원",
    "대변인",
    "의원",
    "회장",
    "총재",
    "부사장",
    "이사",
    "청장",
    "시장",
    "센터장",
]
EN_ROLE = [
    "chief executive",
    "minister",
    "president",
    "chair",
    "professor",
    "senior analyst",
    "spokesperson",
    "lawmaker",
    "governor",
    "director",
    "chief economist",
]
KO_TREND = ["회복세", "둔화", "반등", "과열 우려", "숨 고르기", "급랭", "완만한 상승", "보합세"]
EN_TREND = ["recovers", "slows", "rebounds", "overheats", "stalls", "cools", "surges", "holds steady"]
KO_ACT = ["확대", "본격화", "속도 낸다", "재검토", "투자 늘린다", "전략 수정", "협력 강화", "전면 개편"]
KO_SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채"
    "원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부황보"
)
KO_GIVEN = "민서준지하윤도현우진수영은호연재성훈혜정태희경아유나원석동주빈규상"
EN_FIRST = [
    "Laura",
    "Omar",
    "Priya",
    "Daniel",
    "Mei",
    "Jonas",
    "Sofia",
    "Kwame",
    "Elena",
    "Marcus",
    "Aiko",
    "Tomas",
    "Grace",
    "Rafael",
    "Nadia",
    "Owen",
    "Leila",
    "Samuel",
    "Hana",
    "Victor",
]
EN_LAST = [
    "Chen",
    "Haddad",
    "Novak",
    "Okafor",
    "Brennan",
    "Silva",
    "Lindqvist",
    "Moreau",
    "Patel",
    "Kowalski",
    "Reyes",
    "Tanaka",
    "Fischer",
    "Mensah",
    "Duarte",
    "Whitfield",
    "Ibrahim",
    "Larsen",
    "Costa",
    "Park",
]
KO_SOURCES = [
    "한빛경제",
    "새벽일보",
    "누리뉴스",
    "한결신문",
    "바른경제",
    "미래타임스",
    "다온일보",
    "온누리경제",
    "푸른신문",
    "해오름뉴스",
    "청람일보",
    "가온경제",
    "별빛뉴스",
    "한마루신문",
    "늘봄일보",
    "여울경제",
    "솔빛데일리",
    "마루투데이",
]
EN_SOURCES = [
    "Harbor Post",
    "Northwind Daily",
    "Meridian Wire",
    "The Lantern",
    "Coastline Times",
    "Granite Herald",
    "Riverbend Journal",
    "Summit Ledger",
    "Eastgate Review",
    "Pinecrest Tribune",
    "Beacon Business",
    "Atlas Report",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Popular names, weighted up (realistic: a few names dominate the news).
POPULAR = {
    "PLACE": [
        "서울",
        "중국",
        "미국",
        "일본",
        "한국",
        "부산",
        "대만",
        "베이징",
        "워싱턴",
        "도쿄",
        "인천",
        "북한",
        "러시아",
        "우크라이나",
        "상하이",
        "뉴욕",
        "판교",
        "평택",
        "텍사스",
        "실리콘밸리",
        "홍콩",
        "런던",
        "브뤼셀",
        "파리",
        "베를린",
    ],
    "ORG": [
        "삼성전자",
        "SK하이닉스",
        "현대자동차",
        "LG전자",
        "엔비디아",
        "TSMC",
        "애플",
        "한국은행",
        "기획재정부",
        "인텔",
        "구글",
        "마이크로소프트",
        "오픈AI",
        "카카오",
        "네이버",
        "연방준비제도",
        "세계무역기구",
        "테슬라",
        "유럽연합",
        "산업통상자원부",
        "과학기술정보통신부",
        "국토교통부",
        "금융위원회",
        "국제통화기금",
    ],
    "PRODUCT": ["챗GPT", "갤럭시", "아이폰", "HBM"],
    "EVENT": ["CES", "MWC", "G20 정상회의"],
}
TOP_BOOST = {"서울": 2, "중국": 2, "미국": 2, "한국": 1.5, "삼성전자": 2, "일본": 1.5}

# --- sentence templates (original) ----------------------------------------------------------
# Entity slots: {P} person, {O} organisation, {L} place, {R} product, {E} event; vocabulary
# slots: {X}/{X2} topic nouns, {N} number, {PCT}, {DAY}, {MON}, {AMT}, {YEAR}, {ROLE}, {TREND},
# {WD}, {MONTH}, {BIG}. `{O:은}` appends the particle that fits the word (은/는, 이/가, 을/를,
# 과/와, 으로/로, 이라/라).

KO_SENT = {
    "general": [
        "{O:은} {DAY} {L}에서 열린 간담회에서 {X} 관련 중장기 계획을 공개했다.",
        '{P} {O} {ROLE:은} "{X:은} 한두 해 안에 풀 수 있는 과제가 아니다"라고 말했다.',
        "업계에서는 {L}의 {X} 흐름이 하반기에도 이어질지 주목하고 있다.",
        "전문가들은 {X:이} 당분간 {TREND:을} 보일 것으로 내다봤다.",
        "{O:은} 올해 {X} 분야에 {AMT:을} 투입하겠다고 밝혔다.",
        "이번 발표는 {L:과} {L}의 협력이 본격화되는 신호로 해석된다.",
        '{P} {ROLE:은} 기자들과 만나 "시장 상황을 면밀히 지켜보고 있다"고 말했다.',
        "지난달 {X} 지표는 전년 같은 기간보다 {PCT} 개선된 것으로 집계됐다.",
        "다만 {X2} 부담이 커지고 있다는 점은 변수로 꼽힌다.",
        '{O} 관계자는 "구체적인 일정은 아직 정해지지 않았다"고 설명했다.',
        "{L} 현지에서도 {X}에 대한 관심이 빠르게 높아지고 있다.",
        "회사 측은 {MON} 중 세부 계획을 확정해 발표할 예정이다.",
        '한 증권사 연구원은 "{X:은} 단기 변동성이 큰 만큼 신중하게 접근해야 한다"고 조언했다.',
        "이 같은 흐름은 {YEAR} 들어 더욱 뚜렷해졌다.",
        "{O:과} {O:은} 지난해부터 {X} 분야에서 경쟁을 벌여 왔다.",
        "정부는 {X} 대책을 이달 안에 내놓을 계획이다.",
        "{L}에서는 이미 비슷한 시도가 여러 차례 있었다.",
        "시장에서는 {O}의 다음 행보에 촉각을 곤두세우고 있다.",
        "관련 업계는 이번 조치가 {X2}에도 영향을 줄 것으로 보고 있다.",
        "{P} {ROLE:은} 이날 {E}에 참석해 {X}의 중요성을 강조했다.",
        "{N}개 기관이 참여한 이번 조사에서 응답자의 {PCT:이} 긍정적으로 답했다.",
        "통계에 따르면 {X} 관련 지출은 {N}년 만에 가장 큰 폭으로 늘었다.",
        "그러나 {L}의 사정은 다르다.",
        "이는 시장 예상치를 웃도는 수준이다.",
        "반면 소비자들의 체감은 아직 크지 않다는 지적도 나온다.",
        "{O:은} 이에 대해 공식 입장을 내지 않았다.",
        "전체 규모는 {AMT}에 이를 것으로 추산된다.",
        "당국은 추가 조치 가능성도 열어 두었다.",
        "{L:과} {L} 사이의 물동량도 눈에 띄게 늘었다.",
        '{P} {ROLE:은} "속도보다 방향이 중요하다"며 "{X} 문제를 길게 보고 대응하겠다"고 덧붙였다.',
        "이번 결정은 {N}년 만의 변화라는 점에서 의미가 크다.",
    ],
    "economy": [
        "{O:은} 기준금리를 연 {PCT}로 동결했다.",
        "{L} 아파트 가격은 {N}주 연속 올라 상승 폭을 키웠다.",
        "원·달러 환율은 장중 {N}원 넘게 오르며 불안한 흐름을 보였다.",
        "{L}의 수출은 {MON} 기준 전년 대비 {PCT} 늘어 {N}개월 연속 증가세를 이어갔다.",
        "{O:은} 올해 성장률 전망치를 {PCT}로 낮춰 잡았다.",
        "가계부채 증가 속도가 다시 빨라지면서 금융당국의 고민도 깊어지고 있다.",
        "{L}의 관세 인상 방침이 알려지자 수출 기업들은 대응책 마련에 나섰다.",
        "소비자물가는 {PCT} 올라 상승률이 석 달 만에 다시 높아졌다.",
        '{O:은} "{X} 변동성이 확대될 경우 시장 안정 조치를 검토하겠다"고 밝혔다.',
        "{L} 전세 시장에서는 매물 부족 현상이 이어지고 있다.",
        "코스피는 외국인 매수세에 힘입어 {PCT} 상승 마감했다.",
        "채권 시장에서는 금리 인하 기대가 빠르게 반영되고 있다.",
        "{O}의 {MON} 실적은 영업이익 {AMT}로 시장 예상을 웃돌았다.",
    ],
    "tech": [
        "{O:은} {L} 공장에서 차세대 {X} 양산에 들어간다고 밝혔다.",
        "{O:은} {R}의 후속 모델에 자체 개발한 AI 칩을 탑재할 계획이다.",
        "AI 칩 수요가 폭발적으로 늘면서 {O:과} {O}의 경쟁이 한층 치열해졌다.",
        "{O}의 메모리 칩 출하량은 전 분기보다 {PCT} 늘었다.",
        "{L}에 들어설 데이터센터는 총 {N}메가와트 규모로 설계됐다.",
        "업계는 {R:이} {X} 시장의 판도를 바꿀 수 있을지 주목하고 있다.",
        "{O:은} {E}에서 {X} 관련 신제품을 처음 공개한다.",
        "칩 하나에 들어가는 트랜지스터 수는 이전 세대보다 {N}% 많다.",
        '{P} {ROLE:은} "반도체 공급망이 다시 짜이고 있다"고 진단했다.',
        "{O:은} 파운드리 고객사 확보를 위해 {L}에 영업 거점을 새로 열었다.",
        "생성형 AI 서비스 이용자는 {N}개월 만에 두 배로 늘었다.",
        "전기차 배터리 가격이 내려가면서 완성차 업체들의 가격 경쟁도 본격화됐다.",
        "{O:은} 자율주행 시험 구간을 {L}까지 넓히기로 했다.",
        "{L:은} 반도체 보조금 규모를 {AMT}로 늘리는 법안을 추진 중이다.",
    ],
    "world": [
        "{L:과} {L:은} {DAY} 정상회담을 열고 공급망 협력 방안을 논의했다.",
        "{P} {ROLE:은} {L:을} 방문해 안보 협력 강화에 합의했다.",
        "{O:은} {L}에 대한 추가 제재 여부를 검토하고 있다.",
        "{L} 정부는 에너지 안보를 위해 비축량을 {PCT} 늘리기로 했다.",
        "{E:을} 앞두고 각국 대표단이 {L}에 속속 도착하고 있다.",
        '{L}의 외교 소식통은 "협상이 막바지 단계에 들어섰다"고 전했다.',
        "{L} 해역을 지나는 화물선 운항이 일시 중단되면서 해상 물류에 차질이 빚어졌다.",
        "{O:은} 성명을 내고 당사국들에 자제를 촉구했다.",
        "{L:과} {L}의 무역 협상은 {N}차례 회의에도 결론을 내지 못했다.",
        '{P} {ROLE:은} "대화의 문은 열려 있다"고 강조했다.',
        "중국의 대응 수위에 따라 역내 긴장이 다시 높아질 수 있다는 관측도 나온다.",
    ],
    "society": [
        "{L}의 합계출산율은 {N}년 만에 소폭 반등했다.",
        "{L} 주요 병원의 응급실 대기 시간은 평균 {N}분으로 늘었다.",
        "미세먼지 농도가 짙어지면서 {L} 일대에 비상저감조치가 발령됐다.",
        "{O:은} 청년 고용 지원 예산을 {AMT}로 증액했다.",
        "돌봄 서비스 이용 신청은 지난해보다 {PCT} 늘었다.",
        "{L} 시내버스 노선 개편을 두고 주민 의견이 엇갈리고 있다.",
        "폭염 특보가 {N}일째 이어지며 온열 질환자도 늘고 있다.",
        '{P} {ROLE:은} "{X} 문제는 지역과 세대를 가리지 않는다"고 말했다.',
        "서울에서는 고령 운전자 면허 반납 지원 제도가 확대된다.",
        "교육 격차를 줄이기 위한 방과 후 프로그램도 {N}곳에서 새로 문을 연다.",
    ],
    "culture": [
        "{L}에서 열리는 영화제에는 {N}개국 작품 {N}편이 초청됐다.",
        "이번 전시회는 {MON}까지 {L}에서 이어진다.",
        "웹툰 원작 드라마가 잇따라 흥행하면서 {O}의 해외 판권 수입도 늘었다.",
        "{P:은} 이번 공연에서 새 음반 수록곡을 처음 선보였다.",
        "{L:을} 찾은 외국인 관광객은 {N}만 명을 넘어섰다.",
        "문화유산 보수 공사가 끝나는 대로 일반에 다시 공개된다.",
        "독립 서점들은 온라인 판매와 소규모 행사로 활로를 찾고 있다.",
        "{O:은} 게임 산업 지원 사업에 {AMT:을} 배정했다.",
        '관객들은 "오래 기다린 보람이 있다"는 반응을 보였다.',
    ],
}

EN_SENT = {
    "general": [
        "{O} said on {WD} that it would expand its work on {X} in {L}, citing stronger demand.",
        '"We are watching the market very closely," {P}, {ROLE} at {O}, told reporters.',
        "Analysts expect {X} to remain volatile for at least another quarter.",
        "The figures were better than most economists had forecast.",
        "{O} declined to comment on the report.",
        "The plan, worth about {BIG}, still needs approval from regulators in {L}.",
        "Officials in {L} said a decision would come by the end of {MONTH}.",
        "Similar efforts in {L} have had mixed results.",
        "The move is widely seen as a response to rising pressure on {X2}.",
        "{P} is expected to attend {E} next month.",
        "Shares of {O} rose {PCT} in early trading in {L}.",
        "A survey of {N} companies found that most plan to raise spending on {X}.",
        "Critics argue that the timetable is too ambitious.",
        "Still, the outlook for {X} depends heavily on what happens in {L}.",
        "The company has not said how many jobs will be affected.",
        "It was the {N}th consecutive month of growth.",
        "{O} and {O} have competed in {X} for more than a decade.",
        '"Speed matters less than direction," {P} said in a statement.',
    ],
    "economy": [
        "{O} left its benchmark rate unchanged at {PCT}.",
        "Exports from {L} rose {PCT} from a year earlier, led by shipments of chips.",
        "Housing prices in {L} have climbed for {N} straight weeks.",
        "The currency weakened past a key level against the dollar on {WD}.",
        "{O} cut its growth forecast for {L} to {PCT}.",
        "New tariffs announced by {L} have pushed exporters to look for other markets.",
        "Inflation picked up to {PCT} in {MONTH}, the fastest pace in three months.",
        "Bond yields fell as traders bet on interest rate cuts.",
    ],
    "tech": [
        "{O} plans to start mass production of its next-generation {X} in {L}.",
        "Demand for AI chips has turned {O} and {O} into fierce rivals.",
        "The new chip packs {N}% more transistors than the previous generation.",
        "{O} will show its latest {X} at {E}.",
        "The data centre in {L} is designed for about {N} megawatts of capacity.",
        "Memory chip prices rose {PCT} in the quarter, according to industry trackers.",
        "{O} said {R} would get a chip designed in-house from next year.",
        "Semiconductor subsidies in {L} could reach {BIG} under the proposed bill.",
        "Battery costs have fallen enough to start a price war among carmakers.",
    ],
    "world": [
        "Leaders of {L} and {L} met on {WD} to discuss supply chains and security.",
        "{P}, {ROLE} of {L}, arrived in {L} for two days of talks.",
        "{O} is weighing further sanctions against {L}.",
        "Shipping through waters near {L} was briefly suspended.",
        "Delegations began arriving in {L} ahead of {E}.",
        "Talks between {L} and {L} ended after {N} rounds without a deal.",
        "China's response will shape how the region reacts, diplomats said.",
    ],
    "society": [
        "The birth rate in {L} ticked up for the first time in {N} years.",
        "Emergency room waits in {L} now average {N} minutes.",
        "A heatwave warning has been in place for {N} days.",
        "{O} raised its budget for youth employment programmes to {BIG}.",
        "Residents of {L} remain divided over the new bus routes.",
    ],
    "culture": [
        "The festival in {L} will screen {N} films from {N} countries.",
        "The exhibition runs in {L} until the end of {MONTH}.",
        "Visitors to {L} topped {N} million last year.",
        "{P} performed songs from a new album for the first time.",
        "Independent bookshops are turning to small events to draw readers.",
    ],
}

# Sentences without names: real articles have many (mention density ~7-15 per 1,000 chars).
KO_FILLER = [
    "이 때문에 당분간은 관망세가 이어질 가능성이 크다.",
    "현장에서는 제도 개선이 시급하다는 목소리가 높다.",
    "구체적인 수치는 다음 달 공개될 예정이다.",
    "비용 부담을 누가 질지를 두고도 의견이 갈린다.",
    "일각에서는 지나친 낙관론을 경계해야 한다는 지적도 나온다.",
    "해당 조치는 내년 상반기부터 단계적으로 시행된다.",
    "업계 안팎에서는 기대와 우려가 교차하고 있다.",
    "관계 부처는 이달 말 후속 회의를 열기로 했다.",
    "전년과 비교하면 증가 폭은 다소 줄었다.",
    "소비자 단체는 가격 인상 자제를 요청했다.",
    "시장 참가자들은 다음 주 발표될 지표에 주목하고 있다.",
    "그러나 실제 효과가 나타나기까지는 시간이 걸릴 전망이다.",
    "이에 따라 관련 기업들의 셈법도 복잡해지고 있다.",
    '업계 관계자는 "당장 큰 변화는 없을 것"이라고 내다봤다.',
    "정부 안팎에서는 속도 조절론도 제기된다.",
    "시민들의 반응은 엇갈렸다.",
    "현재로서는 뚜렷한 대안이 없다는 점이 한계로 지적된다.",
    "전문가들은 중장기적인 관점에서 접근해야 한다고 입을 모았다.",
    "이 같은 추세는 올해 하반기까지 이어질 것으로 보인다.",
    "일부 지역에서는 벌써 부작용이 나타나고 있다.",
    "관련 법안은 아직 국회에 계류 중이다.",
    "수요 회복 속도가 예상보다 더디다는 평가도 있다.",
    "투자자들은 당분간 신중한 태도를 유지할 것으로 보인다.",
    '회사 측은 "검토 중인 사안"이라는 입장만 밝혔다.',
    "이번 결정이 장기적으로 어떤 결과를 낳을지는 미지수다.",
    "앞으로 몇 달이 분수령이 될 것이라는 관측이 많다.",
    "구체적인 지원 방안은 추후 발표된다.",
    "{X:은} 최근 몇 년 사이 가장 주목받는 분야로 떠올랐다.",
    "{X} 분야의 인력 부족 문제도 여전히 풀리지 않았다.",
    "결과적으로 {X:을} 둘러싼 셈법은 더욱 복잡해졌다.",
    "{X2:과} 맞물려 파급 효과가 커질 수 있다는 분석이다.",
]
EN_FILLER = [
    "That leaves the market waiting for clearer signals.",
    "People working in the sector say change cannot come soon enough.",
    "Detailed figures are due to be published next month.",
    "Who pays for it remains the central question.",
    "Some warned against reading too much into a single month of data.",
    "The measures will be phased in from the first half of next year.",
    "Hopes and worries are running side by side.",
    "A follow-up meeting is scheduled for the end of the month.",
    "Growth was slower than a year earlier, but still positive.",
    "Consumer groups urged companies to hold back on price increases.",
    "Investors are now looking to next week's data for direction.",
    "It could take years for the effects to show.",
    "That has made planning harder for companies across the sector.",
    '"Nothing will change overnight," one industry official said.',
    "Some officials have argued for a slower pace.",
    "Public reaction has been mixed.",
    "For now, there is no obvious alternative.",
    "Economists said the picture should be judged over several years.",
    "The trend is expected to continue into the second half.",
    "Side effects are already visible in some regions.",
    "The bill has yet to pass parliament.",
    "Investors are likely to stay cautious for a while.",
    "The coming months will be decisive, many observers say.",
    "Details of the support package will follow later.",
    "{X} has become one of the most closely watched areas in recent years.",
    "The shortage of skilled workers in {X} has not gone away.",
]
FILLER_SHARE = 0.45

KO_TITLE = [
    "{O}, {X} {ACT}",
    '{L} {X} {TREND}…"{X2} 변수"',
    '"{X} 부담 커진다"…{O} {ACT}',
    '{P} "{X}, 속도보다 방향"',
    "{YEAR} {X} 전망…{L}·{L} 엇갈린 흐름",
    "{O}·{O}, {X} 협력 강화",
    "{L}의 {X}, {N}개월 만에 {TREND}",
    "{E} 개막…{X} 경쟁 본격화",
    "{R} 후속작에 AI 칩 탑재",
    "{L}에서 {X} 시험대 오른다",
    "중국발 {X} 변수에 {O} 긴장",
    "서울 {X} {TREND}",
]
EN_TITLE = [
    "{O} bets on {X} as demand in {L} {TREND}",
    "{L} {X} outlook dims as {X2} bite",
    "{P} says {X} needs patience",
    "Why {O} is rethinking {X}",
    "{O} and {O} team up on {X}",
    "{X} {TREND} in {L} for the first time in {N} months",
    "What {E} means for {X}",
    "Chip race heats up as {O} expands in {L}",
]
KO_SUBHEAD = [
    "{X} 시장 재편 가속",
    "{L} 현지 반응은",
    "남은 과제는",
    "{O}의 계산",
    '업계 "{X2} 지켜봐야"',
    "전망과 변수",
]
EN_SUBHEAD = ["What comes next", "The view from {L}", "A long road for {X}", "Risks ahead"]
KO_DECK = [
    "{O}, {YEAR} {X} 전략 공개",
    "{L} 현지 생산 확대 검토",
    '업계 "{X2} 영향 제한적"',
    "{N}개월 만에 방향 전환",
]
EN_DECK = ["{O} outlines its plans for {X}", "Analysts see limited impact on {X2}"]
KO_NOTES = [
    "{X} 관련 후속 보도 확인할 것.",
    "중국 수출 통계와 같이 볼 것.",
    "{O} 실적 발표 일정 체크.",
    "서울 지역 수치가 다른 기사와 다름 — 원자료 확인 필요.",
    "인용문 출처 다시 보기.",
    "{L} 현지 반응 정리해 둘 것.",
    "칩 공급 부족 이야기는 지난 분기 기사와 비교.",
]
EN_NOTES = [
    "Compare with last quarter's numbers on {X}.",
    "Follow up: does {O} confirm the timeline?",
    "Check the chip export figures against the customs data.",
    "Good background on {X} in {L}.",
]
KO_HL_NOTES = ["중요", "수치 확인", "인용 출처?", "나중에 다시 읽기", "반론 필요"]
EN_HL_NOTES = ["key point", "check this number", "source?", "reread later"]

SLOT = re.compile(r"\{([A-Z]+\d?)(?::([^}]+))?\}")
ENTITY_SLOTS = {"P": "PERSON", "O": "ORG", "L": "PLACE", "R": "PRODUCT", "E": "EVENT"}
HANGUL = re.compile("[가-힣]")
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z0-9 .'&-]*$")

# --- Korean particles ----------------------------------------------------------------------

_JOSA = {
    "은": ("은", "는"),
    "이": ("이", "가"),
    "을": ("을", "를"),
    "과": ("과", "와"),
    "으로": ("으로", "로"),
    "이라": ("이라", "라"),
}


def _final(word: str) -> tuple[bool, bool]:
    """(ends in a consonant, that consonant is ㄹ) as a Korean reader would pronounce the word."""
    ch = word.rstrip(" )\"'")[-1:] or "가"
    if "가" <= ch <= "힣":
        jong = (ord(ch) - 0xAC00) % 28
        return jong != 0, jong == 8
    if ch.isdigit():
        return ch in "0136780", ch in "178"
    if ch == "%":
        return False, False  # 퍼센트
    up = ch.upper()
    if up in "LMNR":
        return True, up in "LR"
    if ch.islower():
        return ch in "kptmnlgbd", ch == "l"
    return False, False


def josa(word: str, kind: str) -> str:
    consonant, rieul = _final(word)
    with_c, without = _JOSA[kind]
    if kind == "으로":
        return "로" if (not consonant or rieul) else "으로"
    return with_c if consonant else without


# --- gazetteer pools -----------------------------------------------------------------------


class Pools:
    """Weighted entity choices per (type, language), with per-entity surface forms."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, list[str]]] = []  # (type, canonical, aliases)
        for line in GAZETTEER.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            aliases = [" ".join(a.split()) for a in (parts[2].split("|") if len(parts) > 2 else [])]
            aliases = [a for a in dict.fromkeys([parts[1].strip(), *aliases]) if a]
            self.entries.append((parts[0].strip(), parts[1].strip(), aliases))
        self.ko_forms: dict[int, list[str]] = {}
        self.en_forms: dict[int, list[str]] = {}
        for i, (etype, canonical, aliases) in enumerate(self.entries):
            ko = [
                a
                for a in aliases
                if HANGUL.search(a) and " " not in a.strip() or (a == canonical and HANGUL.search(a))
            ]
            if (
                not HANGUL.search(canonical)
                and etype in ("ORG", "PRODUCT", "EVENT")
                and re.fullmatch(r"[A-Z0-9][A-Za-z0-9&+-]{1,7}", canonical)
            ):
                ko.insert(0, canonical)  # TSMC, HBM, CES read the same in Korean text
            if ko:
                # the canonical name most of the time, a shorter Korean alias now and then
                self.ko_forms[i] = [ko[0]] * 4 + ko[1:3]
            en = [
                a
                for a in aliases
                if LATIN_NAME.match(a) and not a.isupper() or (LATIN_NAME.match(a) and 2 <= len(a) <= 6)
            ]
            if etype == "PERSON":
                en = [a for a in en if " " in a] or en
            if en:
                self.en_forms[i] = en[:4]
        rng = random.Random(0)
        self.cum: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
        by_name = {canonical: i for i, (_t, canonical, _a) in enumerate(self.entries)}
        for lang, forms in (("ko", self.ko_forms), ("en", self.en_forms)):
            for etype in ENTITY_SLOTS.values():
                ids = [i for i in forms if self.entries[i][0] == etype]
                rng.shuffle(ids)
                popular = [by_name[n] for n in POPULAR.get(etype, []) if by_name.get(n) in forms]
                weights = {i: 1.0 / (rank + 20) for rank, i in enumerate(ids)}
                for n, i in enumerate(popular):
                    boost = TOP_BOOST.get(self.entries[i][1], 1.0)
                    weights[i] = boost * 0.6 / (n + 4)
                order = sorted(weights)
                acc, cum = 0.0, []
                for i in order:
                    acc += weights[i]
                    cum.append(acc)
                self.cum[(etype, lang)] = (order, cum)

    def pick(self, rng: random.Random, etype: str, lang: str) -> int:
        order, cum = self.cum[(etype, lang)]
        return order[bisect.bisect_left(cum, rng.random() * cum[-1])]


_POOLS: Pools | None = None


def pools() -> Pools:
    global _POOLS
    if _POOLS is None:
        _POOLS = Pools()
    return _POOLS


# --- one article ---------------------------------------------------------------------------


class Writer:
    """Fills templates for one article; remembers its cast and where each name was put."""

    def __init__(self, rng: random.Random, lang: str, topic: str) -> None:
        self.rng, self.lang, self.topic = rng, lang, topic
        self.pools = pools()
        self.cast: dict[str, list[int]] = {}
        self.surface: dict[int, str] = {}
        for etype, k in (("PERSON", 2), ("ORG", 3), ("PLACE", 3), ("PRODUCT", 1), ("EVENT", 1)):
            self.cast[etype] = [self.pools.pick(rng, etype, lang) for _ in range(k)]

    def entity(self, etype: str, avoid: set[int] = frozenset()) -> tuple[int, str]:
        rng = self.rng
        for _ in range(4):
            gid = (
                rng.choice(self.cast[etype])
                if rng.random() < 0.65
                else self.pools.pick(rng, etype, self.lang)
            )
            if gid not in avoid:
                break
        if gid not in self.surface:
            forms = (self.pools.ko_forms if self.lang == "ko" else self.pools.en_forms)[gid]
            self.surface[gid] = rng.choice(forms)
        return gid, self.surface[gid]

    def vocab(self, name: str) -> str:
        rng, ko = self.rng, self.lang == "ko"
        xs = (KO_X if ko else EN_X)[self.topic]
        if name in ("X", "X2"):
            if rng.random() < 0.25:
                xs = (KO_X if ko else EN_X)[rng.choice(TOPICS)]
            return rng.choice(xs)
        if name == "N":
            return str(rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 24, 30, 40, 45, 60, 80, 120]))
        if name == "PCT":
            return f"{rng.uniform(0.1, 12):.1f}%"
        if name == "DAY":
            return f"{rng.randint(1, 28)}일"
        if name == "MON":
            return f"{rng.randint(1, 12)}월"
        if name == "YEAR":
            return f"{rng.randint(2019, 2026)}년"
        if name == "AMT":
            jo, eok = rng.randint(0, 9), rng.randint(1, 9) * 1000
            return f"{jo}조{eok}억 원" if jo else f"{eok}억 원"
        if name == "ROLE":
            return rng.choice(KO_ROLE if ko else EN_ROLE)
        if name == "TREND":
            return rng.choice(KO_TREND if ko else EN_TREND)
        if name == "ACT":
            return rng.choice(KO_ACT)
        if name == "WD":
            return rng.choice(WEEKDAYS)
        if name == "MONTH":
            return rng.choice(MONTHS)
        if name == "BIG":
            return f"${rng.uniform(0.2, 40):.1f} billion"
        raise KeyError(name)

    def fill(self, template: str, spans: list, field: str, base: int) -> str:
        """The template with its slots filled; entity spans (offset by base) go into spans."""
        out, pos, n, used = [], 0, 0, set()
        for m in SLOT.finditer(template):
            out.append(template[pos : m.start()])
            n += m.start() - pos
            name, particle = m.group(1), m.group(2)
            if name in ENTITY_SLOTS:
                gid, word = self.entity(ENTITY_SLOTS[name], used)
                used.add(gid)
                spans.append((gid, field, base + n, base + n + len(word), word))
            else:
                word = self.vocab(name)
            if particle:
                word += josa(word, particle)
            out.append(word)
            n += len(word)
            pos = m.end()
        out.append(template[pos:])
        return "".join(out)


def _person_name(rng: random.Random, ko: bool) -> str:
    if ko:
        return rng.choice(KO_SURNAMES) + rng.choice(KO_GIVEN) + rng.choice(KO_GIVEN)
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def make_article(seed: int, i: int) -> dict:
    """Article i of the library for this seed: every column, its mentions, note and highlights."""
    rng = random.Random(f"{seed}:{i}")
    ko = rng.random() < KO_SHARE
    lang = "ko" if ko else "en"
    topic = rng.choices(TOPICS, weights=(30, 30, 20, 12, 8))[0]
    w = Writer(rng, lang, topic)
    sents = KO_SENT if ko else EN_SENT
    spans: list = []

    title = w.fill(rng.choice(KO_TITLE if ko else EN_TITLE), spans, "title", 0)
    if i % HUGE_EVERY == HUGE_AT:
        target = HUGE_CHARS
    else:
        target = int(math.exp(rng.uniform(math.log(500), math.log(6000))))
    paras: list[str] = []
    length = 0
    since_head = 0
    while length < target:
        sep = 2 if paras else 0
        if target > 3000 and since_head >= rng.randint(5, 8) and length < target - 600:
            head = "## " + w.fill(
                rng.choice(KO_SUBHEAD if ko else EN_SUBHEAD), spans, "body", length + sep + 3
            )
            paras.append(head)
            length += sep + len(head)
            since_head = 0
            continue
        start = length + sep
        parts, n = [], start
        for k in range(rng.randint(2, 5)):
            if k:
                n += 1
            r = rng.random()
            pool = (
                (KO_FILLER if ko else EN_FILLER)
                if r < FILLER_SHARE
                else sents[topic]
                if r < FILLER_SHARE + 0.35
                else sents["general"]
            )
            s = w.fill(rng.choice(pool), spans, "body", n)
            parts.append(s)
            n += len(s)
        para = " ".join(parts)
        paras.append(para)
        length = start + len(para)
        since_head += 1
    body = "\n\n".join(paras)

    source = rng.choice(KO_SOURCES if ko else EN_SOURCES)
    author = _person_name(rng, ko) if rng.random() < 0.85 else None
    base = datetime(2019, 1, 1) + timedelta(seconds=rng.randint(0, 7 * 365 * 86400))
    published = base.replace(microsecond=0).isoformat() + "+09:00" if rng.random() < 0.9 else None
    imported = (base + timedelta(hours=rng.randint(1, 2000))).replace(microsecond=0).isoformat() + "+00:00"
    deck = [
        w.fill(rng.choice(KO_DECK if ko else EN_DECK), [], "deck", 0)
        for _ in range(rng.choice([0, 0, 1, 2, 3]))
    ]
    if ko:
        byline = f"[{source} {author or '편집국'} 기자]"
        footer = f"Copyright © {source}. 무단전재 및 재배포 금지."
    else:
        byline = f"By {author or 'Staff'}"
        footer = f"© {base.year} {source}. All rights reserved."
    removed = [
        {"text": byline, "rule": "byline", "position": 0},
        {"text": footer, "rule": "copyright", "position": len(paras)},
    ]
    raw = "\n\n".join([title, *deck, byline, body, footer])
    is_read = rng.random() < 0.3
    position = round(rng.random(), 4) if is_read else 0.0

    note = None
    if rng.random() < 0.06:
        note = " ".join(
            w.fill(rng.choice(KO_NOTES if ko else EN_NOTES), [], "note", 0) for _ in range(rng.randint(1, 3))
        )
    highlights = []
    huge = i % HUGE_EVERY == HUGE_AT  # long reads get highlighted more (and bench_app uses them)
    if rng.random() < 0.04 or huge:
        plain_paras = [p for p in paras if not p.startswith("## ")]
        for _ in range(rng.randint(6, 12) if huge else rng.randint(1, 4)):
            para = rng.choice(plain_paras)
            sents_in = [s for s in re.split(r"(?<=[.!?])\s+", para) if len(s) > 8]
            if not sents_in:
                continue
            quote = rng.choice(sents_in)
            at = body.find(quote)
            hl_note = rng.choice(KO_HL_NOTES if ko else EN_HL_NOTES) if rng.random() < 0.4 else ""
            highlights.append(
                {
                    "quote": quote,
                    "prefix": body[max(0, at - 32) : at].split("\n")[-1],
                    "suffix": body[at + len(quote) : at + len(quote) + 32].split("\n")[0],
                    "start": at + len(title) + 1,
                    "color": rng.choice(["yellow", "green", "blue", "pink", "orange"]),
                    "note": hl_note,
                }
            )
    # What ensure_index will ask the analyser for: the notes column joins the note and the
    # highlight notes exactly as viewer.core.store.search.ensure_index does.
    notes_text = "\n".join(n for n in [note or "", *(h["note"] for h in highlights)] if n)
    return {
        "i": i,
        "title": title,
        "deck": json.dumps(deck, ensure_ascii=False),
        "source": source,
        "author": author,
        "published": published,
        "body": body,
        "removed": json.dumps(removed, ensure_ascii=False),
        "raw": raw,
        "imported_at": imported,
        "is_read": int(is_read),
        "position": position,
        "note": note,
        "highlights": highlights,
        "mentions": spans,
        "notes_text": notes_text,
    }


# --- worker: generate and analyse ----------------------------------------------------------


def _morph_string(text: str) -> str:
    from viewer.core.store import search

    fn = getattr(search, "morph_field", None)
    return fn(text) if fn is not None else " ".join(search.morphemes(text))


def _worker_init() -> None:
    pools()
    _morph_string("초기화")  # loads Kiwi once per worker


def _work(job: tuple[int, int]) -> tuple[dict, dict[str, str], float]:
    seed, i = job
    art = make_article(seed, i)
    from viewer.core.store.search import nfc

    t0 = time.process_time()
    morph = {}
    for text in (art["title"], art["body"], art["notes_text"]):
        text = nfc(text)
        if text.strip() and text not in morph:
            morph[text] = _morph_string(text)
    return art, morph, time.process_time() - t0


# --- parent: insert ------------------------------------------------------------------------


def _insert_chunk(lib, arts: list[dict], entity_ids: dict[int, int], analyzer_version: int) -> None:
    from viewer.core.store.library import content_hash

    pl = pools()
    db = lib._db
    with lib.transaction():
        new_entities = []
        for art in arts:
            for gid, *_ in art["mentions"]:
                if gid not in entity_ids:
                    etype, canonical, aliases = pl.entries[gid]
                    cur = db.execute(
                        "INSERT INTO entities (type, canonical) VALUES (?, ?)", (etype, canonical)
                    )
                    entity_ids[gid] = cur.lastrowid
                    new_entities.append((gid, cur.lastrowid))
        db.executemany(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
            [(eid, a) for gid, eid in new_entities for a in pl.entries[gid][2]],
        )
        for art in arts:
            cur = db.execute(
                "INSERT INTO articles (content_hash, title, deck, source, author, published, body, removed,"
                " raw, fmt, encoding, path, imported_at, is_read, position, analyzer_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'txt', 'utf-8', ?, ?, ?, ?, ?)",
                (
                    content_hash(art["raw"]),
                    art["title"],
                    art["deck"],
                    art["source"],
                    art["author"],
                    art["published"],
                    art["body"],
                    art["removed"],
                    art["raw"],
                    f"/home/reader/news/article-{art['i']:06d}.txt",
                    art["imported_at"],
                    art["is_read"],
                    art["position"],
                    analyzer_version,
                ),
            )
            aid = cur.lastrowid
            db.executemany(
                'INSERT OR IGNORE INTO mentions (article_id, entity_id, field, start, "end", text)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(aid, entity_ids[gid], field, s, e, text) for gid, field, s, e, text in art["mentions"]],
            )
            if art["note"]:
                db.execute(
                    "INSERT INTO notes (article_id, text, updated_at) VALUES (?, ?, ?)",
                    (aid, art["note"], art["imported_at"]),
                )
            for h in art["highlights"]:
                db.execute(
                    "INSERT INTO highlights (article_id, quote, prefix, suffix, start, color, note,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        aid,
                        h["quote"],
                        h["prefix"],
                        h["suffix"],
                        h["start"],
                        h["color"],
                        h["note"],
                        art["imported_at"],
                        art["imported_at"],
                    ),
                )


class _Lookup:
    """Stands in for search.morph_field while ensure_index runs: precomputed answers first."""

    def __init__(self, original) -> None:
        self.original = original
        self.table: dict[str, str] = {}
        self.misses = 0

    def __call__(self, text: str) -> str:
        found = self.table.get(text)
        if found is not None:
            return found
        if text.strip():
            self.misses += 1
        return self.original(text)


def build(n: int, out: Path, seed: int, jobs: int, start_from: Path | None = None) -> None:
    from viewer.core.entities import ANALYZER_VERSION
    from viewer.core.store import search
    from viewer.core.store.library import Library

    tmp = out.with_name(out.name + ".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    if start_from is not None:
        shutil.copyfile(start_from, tmp)
    t_start = time.perf_counter()
    lib = Library(tmp)
    db = lib._db
    n0 = lib.count()
    if n0 and lib.setting("bench_seed") != str(seed):
        raise SystemExit(f"{start_from}: built with another seed")
    lib.set_setting("bench_seed", str(seed))
    lib.set_setting("bench_fingerprint", fingerprint())
    lib.set_setting("bench_analyzer_version", str(ANALYZER_VERSION))
    lib.set_setting("samples_offered", "bench")  # never import the sample articles into it
    db.execute("PRAGMA cache_size = -200000")
    gaz = pools()
    by_key = {(t, c): gid for gid, (t, c, _a) in enumerate(gaz.entries)}
    entity_ids = {
        by_key[(r[1], r[2])]: r[0]
        for r in db.execute("SELECT id, type, canonical FROM entities")
        if (r[1], r[2]) in by_key
    }
    print(f"generating articles {n0:,}..{n - 1:,} (seed {seed}, {jobs} worker processes)", flush=True)

    lookup = _Lookup(getattr(search, "morph_field", None) or (lambda t: " ".join(search.morphemes(t))))
    patched = hasattr(search, "morph_field")
    if patched:
        search.morph_field = lookup
    else:
        print("warning: viewer.core.store.search.morph_field is gone; ensure_index will analyse serially")
    t_kiwi = t_index = t_insert = 0.0
    chars = 0
    ctx = mp.get_context("fork")
    try:
        with ctx.Pool(jobs, initializer=_worker_init) as pool:
            it = pool.imap(_work, ((seed, i) for i in range(n0, n)), chunksize=16)
            done = n0
            while done < n:
                arts = []
                for _ in range(min(CHUNK, n - done)):
                    art, morph, cpu = next(it)
                    arts.append(art)
                    lookup.table.update(morph)
                    t_kiwi += cpu
                    chars += len(art["body"]) + len(art["title"])
                t0 = time.perf_counter()
                _insert_chunk(lib, arts, entity_ids, ANALYZER_VERSION)
                t1 = time.perf_counter()
                search.ensure_index(lib)
                t2 = time.perf_counter()
                t_insert += t1 - t0
                t_index += t2 - t1
                lookup.table.clear()
                done += len(arts)
                el = time.perf_counter() - t_start
                print(
                    f"  {done:>7,}/{n:,} articles  {el:7.1f} s  "
                    f"(eta {el / max(1, done - n0) * (n - done):6.0f} s)",
                    flush=True,
                )
    finally:
        if patched:
            search.morph_field = lookup.original
    # Entities nothing mentions are not kept (the app deletes them too).
    db.execute("DELETE FROM entities WHERE id NOT IN (SELECT DISTINCT entity_id FROM mentions)")
    left = search.ensure_index(lib)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    total = time.perf_counter() - t_start
    stats = db.execute("SELECT COUNT(*), SUM(length(body)), MAX(length(body)) FROM articles").fetchone()
    counts = {
        t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("mentions", "entities", "notes", "highlights", "search_morph", "search_dirty")
    }
    lib.close()
    tmp.replace(out)
    size = out.stat().st_size
    print(
        f"built {out} in {total:.0f} s: {stats[0]:,} articles, {stats[1]:,} body chars "
        f"(longest {stats[2]:,}), {counts['mentions']:,} mentions of {counts['entities']:,} entities, "
        f"{counts['notes']:,} notes, {counts['highlights']:,} highlights, {size / 1e6:,.0f} MB"
    )
    print(
        f"indexing: Kiwi morphemes {t_kiwi:.0f} s of worker CPU over {chars:,} chars "
        f"({chars / max(t_kiwi, 1e-9):,.0f} chars/s per process, {jobs} processes); "
        f"ensure_index writing the FTS rows {t_index:.0f} s; article/mention inserts {t_insert:.0f} s; "
        f"ensure_index lookups missed: {lookup.misses}, left queued: {left + counts['search_dirty']}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", nargs="?", type=Path, help="copy the library here too")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="worker processes")
    ap.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = ap.parse_args(argv)

    CACHE.mkdir(parents=True, exist_ok=True)
    cached = cache_path(args.n, args.seed)
    if args.force or not cached.is_file():
        # Start from the largest cached smaller library of the same seed (article i depends
        # only on (seed, i), so it is a prefix of this one).
        smaller = sorted(
            (
                m
                for m in (
                    int(p.name.split("-")[1])
                    for p in CACHE.glob(f"library-*-seed{args.seed}-{fingerprint()}.sqlite")
                )
                if m < args.n
            ),
            reverse=True,
        )
        start = cache_path(smaller[0], args.seed) if smaller and not args.force else None
        if start:
            print(f"starting from {start.name} ({smaller[0]:,} articles)")
        build(args.n, cached, args.seed, args.jobs, start)
    else:
        print(f"cached: {cached}")
    if args.out is not None and args.out.resolve() != cached.resolve():
        shutil.copyfile(cached, args.out)
        print(f"copied to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
