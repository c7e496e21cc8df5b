"""Whole-page captures from outlets the rules never name: the block classifier, the title by
evidence, deck against body, dates, source and authors, and one test per boilerplate family.

Every page here is invented. Each family test puts one kind of furniture into an ordinary page
and checks that it goes, that the article stays, and that `removed` keeps it with a reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from viewer.core import render
from viewer.core.ingest.importers import clean_document, parse_document
from viewer.core.ingest.pipeline import import_file
from viewer.core.store.search import search
from viewer.core.text import blocks, dates
from viewer.core.text.cleaning import clean_paste
from viewer.core.text.outlet import Candidate, choose_outlet

ROOT = Path(__file__).resolve().parents[1]

HEADLINE = "바다숲 가꾸기 3년, 통영 앞바다에 돌아온 전복"
P1 = ("경남 통영시 앞바다에 인공 바다숲을 조성한 지 3년 만에 사라졌던 전복과 해삼이 다시 돌아온 것으로 "
      "나타났다. 통영시는 지난달 잠수 조사 결과 조성 해역의 해조류 면적이 처음보다 네 배 넓어졌다고 밝혔다.")
P2 = ("바다숲은 미역과 감태 같은 해조류를 인공 구조물에 붙여 키우는 사업이다. 해조류가 자라면 작은 물고기와 "
      "패류가 모여들고, 바닷물 속 탄소도 흡수한다. 시는 올해 조성 면적을 두 배로 늘릴 계획이다.")
P3 = ("어민들의 반응도 좋다. 30년째 물질을 해 온 해녀 박순자 씨는 \"몇 년 전만 해도 바위가 하얗게 말라 "
      "있었는데 지금은 감태가 숲처럼 흔들린다\"며 \"전복을 다시 보게 될 줄 몰랐다\"고 말했다.")
NAV = ["본문 바로가기", "전체메뉴", "로그인", "회원가입", "구독신청", "한바다일보", "정치", "경제",
       "사회", "국제", "문화", "스포츠", "오피니언", "포토", "영상", "지역", "기획", "많이 본 뉴스", "검색",
       "홈 > 사회 > 환경"]
BYLINE = "[한바다일보 오해린 기자]"
DATE = "입력 2025.04.02 14:31 | 수정 2025.04.02 16:05"
FOOTER = ["저작권자 © 한바다일보 무단전재 및 재배포 금지",
          "한바다일보 | 부산광역시 중구 해안로 12 | 대표전화 051-000-0000",
          "Copyright © 한바다일보. All rights reserved."]


def page(*, nav=NAV, before=(), after=(), body=(P1, P2, P3), headline=HEADLINE, date=DATE, deck=()):
    lines = [*nav, headline, *deck, date, *before, f"{BYLINE} {body[0]}", *body[1:], *after, *FOOTER]
    return "\n".join(lines)


def removed(result) -> dict[str, str]:
    return {r.text: r.rule for r in result.removed}


def assert_article(result, headline=HEADLINE, paragraphs=(P1, P2, P3)):
    assert result.title == headline
    for p in paragraphs:
        assert p in result.body, p[:30]


# --- The classifier's mechanisms ---------------------------------------------------------------

def test_a_korean_sentence_is_prose_and_a_menu_row_is_not():
    prose = blocks.shape_of(P1)
    assert prose.sentence and prose.function_density > 0.4 and blocks.classify_shape(prose) == blocks.GOOD
    menu = blocks.shape_of("정치 경제 사회 국제 문화 스포츠 연예 오피니언")
    assert menu.function_density < 0.2 and blocks.classify_shape(menu) == blocks.BAD
    headline = blocks.shape_of(HEADLINE)  # no full stop: a headline, not a sentence
    assert not headline.sentence and blocks.classify_shape(headline) == blocks.SHORT


def test_english_prose_by_stop_words_and_a_link_list_by_link_density():
    text = "The council said on Monday that the new buses would run every ten minutes from June."
    assert blocks.classify_shape(blocks.shape_of(text)) == blocks.GOOD
    links = "[World](https://x.example/w) [Business](https://x.example/b) [Tech](https://x.example/t)"
    assert blocks.shape_of(links).link_density > 0.8
    assert blocks.classify_shape(blocks.shape_of(links)) == blocks.BAD


def test_noise_contacts_and_separators_make_furniture():
    contact = blocks.shape_of("Contact Jane Roe at jroe@example.com or 555-0100.")
    assert blocks.classify_shape(contact) == blocks.BAD
    row = blocks.shape_of("회사소개 | 광고문의 | 제휴문의 | 개인정보처리방침 | 청소년보호정책")
    assert row.noise >= 2 and blocks.classify_shape(row) == blocks.BAD


def test_a_short_line_takes_its_class_from_its_neighbours():
    G, S, B = blocks.GOOD, blocks.SHORT, blocks.BAD
    assert blocks.revise([G, S, G]) == [G, G, G]  # between paragraphs: a subheading
    assert blocks.revise([B, S, B]) == [B, B, B]  # between furniture: furniture
    assert blocks.revise([B, blocks.NEARGOOD, B]) == [B, B, B]
    assert blocks.revise([G, blocks.NEARGOOD, B])[1] == G


def test_the_article_is_the_densest_run_of_prose():
    texts = ["메뉴", "로그인", P1, "소제목", P2, "관련 기사 하나", "관련 기사 둘",
             "회사소개 | 광고문의 | 제휴문의", "짧은 문장이지만 글이다."]
    layout = blocks.lay_out(texts)
    assert (layout.start, layout.end) == (2, 4)


def test_a_run_of_short_items_is_a_menu():
    texts = ["정치", "경제", "사회", P1, "더보기"]
    shapes = [blocks.shape_of(t) for t in texts]
    assert blocks.menu_runs(shapes, texts) == {0, 1, 2}


# --- Title by evidence -------------------------------------------------------------------------

def test_twenty_lines_of_navigation_and_the_real_title():
    r = clean_paste(page())
    assert len(NAV) >= 20
    assert_article(r)
    assert not r.title_derived
    gone = removed(r)
    for item in ("본문 바로가기", "전체메뉴", "로그인", "정치", "홈 > 사회 > 환경"):
        assert item in gone and item not in r.body


def test_the_title_is_never_a_skip_link_menu_item_breadcrumb_or_the_outlet_name():
    # The headline shares its shape with none of these, yet each stands nearer the top.
    r = clean_paste(page(nav=["Skip to main content", "한바다일보", "사회 > 환경", "정치", "경제", "사회"]))
    assert r.title == HEADLINE


def test_the_title_of_a_page_whose_title_tag_carries_the_outlet():
    html = (f"<html><head><title>{HEADLINE} | 한바다일보</title></head><body><nav><ul><li>정치</li>"
            f"<li>경제</li></ul></nav><h2>{HEADLINE}</h2><p>{P1}</p><p>{P2}</p><p>{P3}</p></body></html>")
    r = clean_document(parse_document(html, "html"))
    assert r.title == HEADLINE and r.source == "한바다일보"


def test_no_line_is_a_headline_so_the_title_is_derived_and_says_so():
    r = clean_paste("\n".join([P1, P2, P3]))
    assert r.title_derived and r.title.startswith("경남 통영시 앞바다에")


def test_an_english_page_with_a_deck_between_headline_and_byline():
    text = "\n".join([
        "Skip to content", "The Pinecrest Daily", "News", "Sports", "Opinion", "Sign In",
        "Pinecrest opens its first heat shelter for outdoor workers",
        "The converted bus depot will stay open until 9 p.m. on days above 32 degrees.",
        "By Jane Roe and John Doe", "Published April 2, 2025 2:31 p.m. ET",
        "The city of Pinecrest opened a heat shelter for delivery riders and street vendors on Tuesday, "
        "the first of three it plans to run this summer.",
        "The shelter has water, shade and phone chargers, and the city said it would add cots in July.",
        "© 2025 The Pinecrest Daily. All rights reserved.",
    ])
    r = clean_paste(text)
    assert r.title == "Pinecrest opens its first heat shelter for outdoor workers"
    assert r.deck == ["The converted bus depot will stay open until 9 p.m. on days above 32 degrees."]
    assert r.author == "Jane Roe, John Doe" and r.published == "2025-04-02T14:31"
    assert r.source == "The Pinecrest Daily"
    assert r.body.startswith("The city of Pinecrest opened")


# --- Deck against body -------------------------------------------------------------------------

BRIEF_1 = "통영시는 다음 달 1일부터 섬 지역 주민의 여객선 요금을 1000원으로 낮춘다고 2일 밝혔다."
BRIEF_2 = "대상 항로는 욕지도와 사량도를 잇는 6개 항로이며, 시는 올해 예산 3억원을 들인다."


def test_a_two_paragraph_brief_keeps_its_body_in_a_whole_page():
    text = page(body=(BRIEF_1, BRIEF_2), headline="통영 섬 주민 뱃삯 1000원으로", deck=())
    r = clean_paste(text)
    assert r.title == "통영 섬 주민 뱃삯 1000원으로"
    assert BRIEF_1 in r.body and BRIEF_2 in r.body
    assert r.deck == []


def test_short_lines_that_are_the_whole_article_are_not_its_deck():
    r = clean_paste("통영 뱃삯 인하\n섬 주민 요금 1000원\n여섯 개 항로에 적용")
    assert r.deck == [] and "섬 주민 요금 1000원" in r.body


def test_a_deck_of_short_lines_under_the_headline():
    deck = ["해조류 면적 네 배로", "시, 올해 조성 면적 두 배 확대"]
    r = clean_paste(page(deck=deck))
    assert r.deck == deck
    assert_article(r)


@pytest.fixture
def brief_article(library, tmp_path):
    f = tmp_path / "brief.txt"
    text = page(body=(BRIEF_1, BRIEF_2), headline="통영 섬 주민 뱃삯 1000원으로",
                deck=["욕지도·사량도 등 6개 항로"])
    f.write_text(text, encoding="utf-8")
    return import_file(library, f).article_id


def test_a_brief_s_names_are_highlighted_in_body_and_deck(library, brief_article):
    article = library.get(brief_article)
    mentions = library.mentions(brief_article)
    shown = render.article_html(article, mentions)
    assert {m.field for m in mentions} >= {"body", "deck"}
    assert any(m.text == "사량도" and m.field == "deck" for m in mentions)
    deck_html = next(p for p in shown.split("\n") if 'class="deck"' in p)
    assert 'href="entity:' in deck_html and "사량도</a>" in deck_html
    assert 'href="entity:' in shown.split("<hr/>", 1)[1]  # and in the body


def test_a_brief_s_words_and_its_deck_s_are_searchable(library, brief_article):
    assert [h.article_id for h in search(library, "욕지도")] == [brief_article]
    assert [h.article_id for h in search(library, "여객선")] == [brief_article]
    assert [h.article_id for h in search(library, "6개 항로")] == [brief_article]


# --- Dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [
    ("입력 2025.04.02 14:31", "2025-04-02T14:31"),
    ("기사입력 2025.04.02. 오후 2:31", "2025-04-02T14:31"),
    ("2025년 4월 2일 14시 31분", "2025-04-02T14:31"),
    ("등록 2025-04-02 14:31 | 수정 2025-04-02 16:05", "2025-04-02T14:31"),
    ("승인 2025.04.02 14:31", "2025-04-02T14:31"),
    ("2025.04.02 (수) 14:31", "2025-04-02T14:31"),
    ("송고시간2025-04-02 14:31", "2025-04-02T14:31"),
    ("April 2, 2025", "2025-04-02"),
    ("Apr. 2, 2025 2:31 p.m. ET", "2025-04-02T14:31"),
    ("Published 9:14 AM GMT+9, April 2, 2025", "2025-04-02T09:14"),
    ("Updated 3:05 PM EDT, Wed April 2, 2025", "2025-04-02T15:05"),
    ("2025-04-02T14:31:00+09:00", "2025-04-02T14:31"),
    ("Wed 2 April 2025 18.40 BST", "2025-04-02T18:40"),
    ("June 11, 2024 at 5:30 a.m.", "2024-06-11T05:30"),
])
def test_date_forms(text, iso):
    assert dates.parse_date(text) == iso
    assert dates.date_line(text)[0][1] == iso


def test_a_sentence_with_a_date_is_not_a_date_line():
    assert dates.date_line("정부는 2025년 4월 2일 서울에서 회의를 열고 대책을 발표했다.") is None
    assert dates.date_line("홍길동 기자 2025.04.02") is None  # a byline


def test_the_publication_date_not_the_update_nor_today_s_date_in_the_header():
    text = page(nav=["2025년 4월 9일 수요일", *NAV], date="수정 2025.04.03 09:00 입력 2025.04.02 14:31")
    assert clean_paste(text).published == "2025-04-02T14:31"


def test_a_wire_dateline_does_not_invent_a_year():
    text = page(date="", before=())
    text = text.replace(f"{BYLINE} ", "SEOUL, April 2 (Reuters) - ")
    assert clean_paste(text).published is None


def test_a_page_with_no_date_shows_no_publication_date(library, tmp_path):
    from viewer.ui.article_list import subtitle

    f = tmp_path / "undated.txt"
    f.write_text(page(date=""), encoding="utf-8")
    aid = import_file(library, f).article_id
    article = library.get(aid)
    assert article.published is None
    assert "2025" not in render.article_meta_line(article)
    summary = next(s for s in library.summaries() if s.id == aid)
    assert subtitle(summary).endswith(f"added {summary.imported_at[:10]}")


# --- Source and authors ------------------------------------------------------------------------

@pytest.mark.parametrize("byline, author", [
    ("By Jane Roe and John Doe", "Jane Roe, John Doe"),
    ("김하늘·오세진 기자", "김하늘, 오세진"),
    ("글 윤다솜 / 사진 Daniel Park", "윤다솜, Daniel Park"),
    ("By Alyssa Tran | Published April 2, 2025 at 6:14 PM CDT | Updated April 2, 2025 at 9:40 PM CDT",
     "Alyssa Tran"),
    ("작성자: 한도윤 (검색플랫폼팀)", "한도윤"),
    ("윤서진 논설위원", "윤서진"),
])
def test_author_forms(byline, author):
    r = clean_paste("\n".join([*NAV[:6], HEADLINE, byline, P1, P2, P3]))
    assert r.author == author
    assert byline not in r.body


def test_the_outlet_the_furniture_repeats_wins_over_a_wire_agency():
    text = page().replace(f"{BYLINE} ", "(서울=누리통신) 김민수 기자 = ")
    assert clean_paste(text).source == "한바다일보"


def test_outlet_votes_count_the_furniture_not_the_article():
    furniture = "통영 소식\n한바다일보 뉴스레터\n저작권자 © 한바다일보"
    cands = [Candidate("통영", "wire"), Candidate("한바다일보", "footer")]
    assert choose_outlet(cands, furniture, korean=True) == "한바다일보"


def test_a_page_that_names_no_outlet_takes_its_address_s_site():
    doc = parse_document("\n".join([HEADLINE, P1, P2]), "txt", base_url="https://news.example.org/a/1")
    assert clean_document(doc).source == "news.example.org"


# --- One test per family: it goes, with its reason, and the article stays -----------------------

FAMILIES = {
    "skip link": (["본문 바로가기", "Skip to main content"], {}),
    "login, subscribe and app promos": (["로그인", "회원가입", "앱 다운로드 바로가기", "Subscribe now"], {}),
    "breadcrumb": (["홈 > 사회 > 환경"], {}),
    "outlet name": (["한바다일보"], {}),
    "share and count rows": ([], {"before": [
        "공유 12", "좋아요 3", "댓글 0", "[ 글자 크기 ] [ 프린트 ] [ 스크랩 ]"]}),
    "author bio and follow": ([], {"after": [
        "오해린 기자", "바다와 섬 사람들의 이야기를 씁니다.", "기자 구독하기"]}),
    "newsletter": ([], {"after": [
        "The Harbor Brief newsletter lands in your inbox each weekday. Sign up here."]}),
    "licensing and standards": ([], {"after": ["Our Standards: The Pinecrest Trust Principles."]}),
    "cookies and terms": ([], {"after": [
        "We use cookies to personalise content and ads. By continuing you agree to our cookie policy.",
        "이 사이트는 서비스 개선을 위해 쿠키를 사용합니다. "
        "계속 이용하면 쿠키 사용에 동의하는 것으로 봅니다."]}),
    "related and most-read lists": ([], {"after": [
        "관련기사", "▶ 남해안 양식장 수온 상승 비상", "▶ 해녀 학교 졸업생 30명 배출", "많이 본 뉴스",
        "1. 부산항 신항 물동량 역대 최대", "2. 거제 조선소 인력난 숨통"]}),
    "photo credits": ([], {"before": ["▲ 통영 앞바다 바다숲에서 감태가 자라고 있다. /사진=통영시 제공",
                                      "A diver checks kelp off Tongyeong. Photo: Kim Da-eun/Reuters"]}),
    "press release": ([], {"after": [
        "About Hanbada Marine",
        "Hanbada Marine builds artificial reefs for coastal towns in Korea and Japan.",
        "Media contact: press@hanbada.example", "###"]}),
    "broadcast markers": ([], {"before": ["[앵커]"]}),
    "reporter sign-off": ([], {"after": ["한바다방송 뉴스 오해린입니다."]}),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_boilerplate_family_goes_with_its_reason(family):
    nav_extra, where = FAMILIES[family]
    text = page(nav=[*nav_extra, *NAV], **where)
    r = clean_paste(text)
    assert_article(r)
    gone = removed(r)
    for line in nav_extra + where.get("before", []) + where.get("after", []):
        assert line not in r.body, line
        assert line in gone and gone[line], line  # kept in `removed`, with the family it went as


def test_broadcast_markers_go_and_the_anchor_s_words_stay():
    text = "\n".join(["누리방송 뉴스", HEADLINE, "[앵커]", P1, "[기자]", P2, "◀ 인터뷰 ▶ 박순자 / 해녀", P3,
                      "누리방송 뉴스 오해린입니다."])
    r = clean_paste(text)
    assert_article(r)
    assert "[앵커]" not in r.body and "[기자]" not in r.body and "◀ 인터뷰 ▶" not in r.body
    assert "오해린입니다" not in r.body


def test_a_comment_section_ends_the_article():
    text = page(after=["댓글 3", "바다지기 2025-04-02 15:00",
                       "정말 반가운 소식이네요. 어릴 때 보던 바다가 돌아왔으면 합니다.",
                       "통영사람 2025-04-02 16:10",
                       "시에서 꾸준히 관리해 주길 바랍니다. 예산이 끊기면 다시 사라질 겁니다."])
    r = clean_paste(text)
    assert_article(r)
    assert "정말 반가운 소식" not in r.body and "예산이 끊기면" not in r.body


# --- The corpus: held-out figures as a floor ---------------------------------------------------

def _score(half: str, batches: str | None = None) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import score_cleaning

    return score_cleaning.score(ROOT / "tests" / "corpus" / half / "gold.json", verbose=False,
                                batches=batches)


# The floors were set on the tuning half and the held-out batches A to D. The later held-out
# batches (K and L for the names work, O and P in house styles unlike the tuning half's) are
# scored by benchmarks/score_cleaning.py and not held to them yet: their dates are read right on
# 0.89 of pages and their headlines on 0.87 (see the corpus README).
@pytest.mark.parametrize("half,batches", [("tune", None), ("heldout", "ABCD")])
def test_corpus_cleaning_floors(half, batches):
    t = _score(half, batches)
    assert t["inc"][0] / t["inc"][1] >= 0.99
    assert t["exc"][0] / t["exc"][1] >= 0.95
    assert t["date"][0] / t["date"][1] >= 0.95


def test_corpus_gold_files_are_well_formed():
    for half in ("tune", "heldout"):
        gold = json.loads((ROOT / "tests" / "corpus" / half / "gold.json").read_text(encoding="utf-8"))
        for name, g in gold.items():
            raw = (ROOT / "tests" / "corpus" / half / name).read_text(encoding="utf-8")
            assert {"title", "source", "author", "published", "must_include", "must_exclude"} <= set(g)
            assert all(s in raw or " ".join(s.split()) in " ".join(raw.split()) for s in g["must_include"])


# --- The update date and the derived title, kept ------------------------------------------------

def test_the_update_date_is_read_shown_and_kept_in_a_backup(library, tmp_path):
    from viewer.core.export import export_library
    from viewer.core.store.backup import restore_backup
    from viewer.core.store.library import Library

    f = tmp_path / "page.txt"
    f.write_text(page(), encoding="utf-8")
    aid = import_file(library, f).article_id
    article = library.get(aid)
    assert (article.published, article.updated) == ("2025-04-02T14:31", "2025-04-02T16:05")
    assert render.article_meta_line(article).endswith("2025-04-02 14:31 (updated 2025-04-02 16:05)")
    g = tmp_path / "brief.txt"
    g.write_text("\n".join([P1, P2]), encoding="utf-8")
    derived = import_file(library, g).article_id
    assert library.get(derived).title_derived
    assert "No headline was found" in render.article_html(library.get(derived))
    out = tmp_path / "backup.json"
    export_library(library, "json", out, None, False)
    with Library(tmp_path / "fresh.sqlite") as fresh:
        restore_backup(fresh, out)
        assert fresh.get(aid).updated == "2025-04-02T16:05"
        assert fresh.get(derived).title_derived and not fresh.get(aid).title_derived


def test_inspect_prints_the_update_date_and_whether_the_title_was_derived(tmp_path):
    import subprocess

    f = tmp_path / "page.txt"
    f.write_text(page(), encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "inspect", "--json", str(f)],
                         capture_output=True, text=True, check=True).stdout
    record = json.loads(out)
    assert record["updated"] == "2025-04-02T16:05" and record["title_derived"] is False
    assert record["title"] == HEADLINE and record["published"] == "2025-04-02T14:31"


def test_an_outlet_or_a_job_after_the_byline_s_name_is_not_an_author():
    from viewer.core.text.cleaning import normalize_author

    assert normalize_author("Margaret Ellison, The Associated Press") == "Margaret Ellison"
    assert normalize_author("Jane Doe, Staff Writer") == "Jane Doe"
    assert normalize_author("Jane Roe and John Doe") == "Jane Roe, John Doe"


def test_a_sentence_starting_with_about_is_not_a_press_release_section():
    text = "\n".join([
        "Rally in the square",
        "About 200 people attended the rally on Sunday, organisers said.",
        "The mayor spoke for ten minutes and promised a new park by next spring, to loud cheers.",
        "About Veltrix Robotics, Inc.",
        "Veltrix builds robots for warehouses in Ohio and Texas.",
    ])
    r = clean_paste(text)
    assert "About 200 people attended" in r.body and "promised a new park" in r.body
    assert "Veltrix builds robots" not in r.body
    assert removed(r)["About Veltrix Robotics, Inc."] == "press"


def test_the_deck_holds_no_buttons_counters_names_or_bylines():
    under = ["SNS 기사보내기", "페이스북(으)로 기사보내기", "글자 크기 변경하기", "기사 글자 크게",
             "조회 3,412", "읽는 시간 약 4분", "청운=정다운 기자", "Email This Link", "Updated 2 hours ago",
             "Jonah Feldstein", "Reporter, Lakemont Business Journal"]
    deck = ["해조류 면적 네 배로", "시, 올해 조성 면적 두 배 확대"]
    r = clean_paste(page(deck=[*deck, *under]))
    assert r.deck == deck
    assert_article(r)
    for line in under:
        assert line not in r.body
