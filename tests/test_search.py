"""Full-text search, Korean included, with filters and the entity index."""

import unicodedata
from dataclasses import dataclass, field

import pytest

from viewer.core.anchoring import make_selector
from viewer.core.ingest.pipeline import import_file
from viewer.core.store.search import SearchFilters, entity_index, filter_articles, marked_snippet, search

TEXTS = {
    "china": ("중국 반도체 굴기의 명암\n[누리일보 한서연 기자] 중국의 반도체 산업이 빠르게 커지고 있다. "
              "중국은 올해 칩 생산을 늘렸다고 밝혔다.\n업계는 신중한 반응을 보였다.\n"),
    "seoul": ("서울 도심에 작은 숲\n[한빛경제 김하늘 기자] 서울에서 도심 숲 조성 사업이 시작됐다. "
              "시민들은 산책로를 반겼다.\n사업은 내년까지 이어진다.\n"),
    "robots": ("Warehouse Robots Slow Down\nBy Jane Doe\nRobots in the warehouse now move at walking pace. "
               "Operators say robotic helpers are safer.\nThe pilot runs until spring.\n"),
    "title": ("중국 여행 수요 회복\n[누리일보 정다은 기자] 여행 업계에 따르면 올해 해외 여행객이 늘었다. "
              "일본과 동남아가 인기다.\n마지막에 중국 이야기가 한 번 나온다.\n"),
}


@pytest.fixture
def lib(library, tmp_path):
    ids = {}
    for name, text in TEXTS.items():
        f = tmp_path / f"{name}.txt"
        f.write_text(text, encoding="utf-8")
        ids[name] = import_file(library, f).article_id
    library.ids = ids
    return library


def found(lib, query, **kw):
    return [h.article_id for h in search(lib, query, **kw)]


def test_one_and_two_syllable_korean_words(lib):
    assert lib.ids["china"] in found(lib, "칩")
    assert set(found(lib, "중국")) == {lib.ids["china"], lib.ids["title"]}


def test_particles_in_the_text_and_in_the_query(lib):
    assert lib.ids["seoul"] in found(lib, "서울")  # the text says 서울에서
    assert lib.ids["china"] in found(lib, "중국은")
    assert lib.ids["seoul"] in found(lib, "서울에서는")


def test_nfd_query_and_nfd_text(lib, tmp_path):
    nfd = unicodedata.normalize("NFD", "부산 바다 축제\n부산에서 바다 축제가 열렸다. 관람객이 몰렸다.\n")
    f = tmp_path / "nfd.txt"
    f.write_text(nfd, encoding="utf-8")
    aid = import_file(lib, f).article_id
    assert found(lib, unicodedata.normalize("NFD", "부산")) == [aid]
    assert found(lib, unicodedata.normalize("NFD", "서울")) == [lib.ids["seoul"]]


def test_english_is_case_insensitive_with_prefixes(lib):
    assert found(lib, "robot") == [lib.ids["robots"]]
    assert found(lib, "WAREHOUSE") == [lib.ids["robots"]]
    assert found(lib, "wareh") == [lib.ids["robots"]]


def test_multi_word_query_needs_every_word(lib):
    assert found(lib, "중국 반도체") == [lib.ids["china"]]
    assert found(lib, "중국 산책로") == []


def test_title_match_ranks_first(lib):
    hits = found(lib, "여행")
    assert hits[0] == lib.ids["title"]
    hits = found(lib, "중국")
    assert hits[0] in (lib.ids["china"], lib.ids["title"])
    hits = found(lib, "반도체")
    assert hits[0] == lib.ids["china"]


def test_notes_and_highlight_notes_are_found(lib):
    lib.set_note(lib.ids["seoul"], "주말에 가볼 곳: 북한산 둘레길")
    assert found(lib, "둘레길") == [lib.ids["seoul"]]
    text = lib.get(lib.ids["robots"]).body
    lib.add_highlight(lib.ids["robots"], make_selector(text, 0, 6), "yellow", "물류창고 자동화 사례")
    assert found(lib, "자동화") == [lib.ids["robots"]]
    hit = search(lib, "둘레길")[0]
    assert hit.field == "notes" and "[둘레길]" in marked_snippet(hit)


def test_snippet_marks_the_match(lib):
    hit = search(lib, "산책로")[0]
    assert "[산책로]" in marked_snippet(hit)


def test_deleted_article_leaves_the_index(lib):
    lib.delete(lib.ids["seoul"])
    assert found(lib, "서울") == []


def test_filters(lib):
    lib.set_note(lib.ids["china"], "메모")
    text = lib.get(lib.ids["title"]).body
    lib.add_highlight(lib.ids["title"], make_selector(text, 0, 4), "green")
    lib.set_read(lib.ids["china"])
    both = {lib.ids["china"], lib.ids["title"]}
    assert set(found(lib, "중국", filters=SearchFilters(source="누리일보"))) == both
    assert found(lib, "중국", filters=SearchFilters(has_notes=True)) == [lib.ids["china"]]
    assert found(lib, "중국", filters=SearchFilters(has_highlights=True)) == [lib.ids["title"]]
    assert found(lib, "중국", filters=SearchFilters(unread=True)) == [lib.ids["title"]]
    assert filter_articles(lib, SearchFilters(source="한빛경제")) == [lib.ids["seoul"]]


@dataclass
class Span:
    text: str
    type: str
    field: str
    start: int
    end: int
    canonical: str
    aliases: list = field(default_factory=list)


def test_entity_filter_and_two_entity_intersection(lib):
    def mention(aid, surface, etype):
        body = lib.get(aid).body
        start = body.index(surface)
        return Span(surface, etype, "body", start, start + len(surface), surface)

    lib.store_entities(lib.ids["china"], [mention(lib.ids["china"], "중국", "PLACE")], 1)
    lib.store_entities(lib.ids["title"], [mention(lib.ids["title"], "중국", "PLACE"),
                                          mention(lib.ids["title"], "일본", "PLACE")], 1)
    stats = {s.canonical: s for s in entity_index(lib)}
    assert stats["중국"].articles == 2 and stats["일본"].articles == 1
    assert [s.canonical for s in entity_index(lib, name="일")] == ["일본"]
    china, japan = stats["중국"].entity_id, stats["일본"].entity_id
    both = {lib.ids["china"], lib.ids["title"]}
    assert set(filter_articles(lib, SearchFilters(entity_ids=[china]))) == both
    assert filter_articles(lib, SearchFilters(entity_ids=[china, japan])) == [lib.ids["title"]]
