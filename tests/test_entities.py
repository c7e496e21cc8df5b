"""The named-entity analyser (viewer.core.entities): no Qt needed.

The sentences here are written for these tests; the names in them are invented unless they
are well-known places or companies.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from viewer.core.entities import (
    ANALYZER_VERSION,
    STOP_WORDS,
    EntityAnalyzer,
    EntitySpan,
    Gazetteer,
    default_gazetteer,
    get_kiwi,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

SMALL_GAZETTEER = Gazetteer(
    "# type\tcanonical\taliases\n"
    "PLACE\t미국\t美|USA|United States\n"
    "PLACE\t중국\t中|China\n"
    "PLACE\t뉴욕\tNew York\n"
    "ORG\t뉴욕타임스\tNYT|New York Times\n"
    "ORG\t오픈AI\tOpenAI\n"
    "ORG\tGoogle\t구글\n"
    "PLACE\t이란\tIran\n"
    "PRODUCT\t이란\tIranian product listed second, never used\n"
)


def analyze(title: str = "", body: str = "", **kw) -> list[EntitySpan]:
    kw.setdefault("gazetteer", SMALL_GAZETTEER)
    return EntityAnalyzer(**kw).analyze(title, body)


def found(spans: list[EntitySpan]) -> set[tuple[str, str]]:
    return {(s.text, s.type) for s in spans}


# --- API and loading ----------------------------------------------------------------------


def test_import_does_not_load_kiwi():
    code = ("import sys, viewer.core.entities as e; "
            "print('kiwipiepy' in sys.modules, e._kiwi is None)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "True"]


def test_get_kiwi_is_one_instance_across_threads():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(get_kiwi())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(k) for k in seen}) == 1 and seen[0] is get_kiwi()


def test_span_shape_offsets_and_order():
    title = "美 연구진, 중국 시장 분석"
    body = "뉴욕타임스(NYT)는 공동 창업자인 미라 솔베그(Mira Solberg)를 인터뷰했다."
    spans = analyze(title, body)
    assert isinstance(ANALYZER_VERSION, int)
    assert spans == sorted(spans, key=lambda s: (s.field, s.start))
    for s in spans:
        text = title if s.field == "title" else body
        assert text[s.start:s.end] == s.text
        assert s.to_dict() == {"text": s.text, "type": s.type, "field": s.field,
                               "start": s.start, "end": s.end, "canonical": s.canonical}
    assert {s.field for s in spans} == {"title", "body"}


# --- Recognition --------------------------------------------------------------------------


@pytest.mark.parametrize("body, name", [
    ("오픈AI의 새 모델이 공개됐다.", "오픈AI"),
    ("뉴욕타임스는 이 소식을 전했다.", "뉴욕타임스"),
    ("발표를 맡은 이는 한별전자 대표인 강서윤이었다.", "강서윤"),
    ("그는 ‘누리봇’을 소개하며 AI 챗봇인 누리봇에게 질문을 던졌다.", "누리봇"),
    ("연구소 수장인 토마스 베커가 말했다.", "토마스 베커"),
])
def test_particles_never_inside_a_span(body, name):
    spans = analyze("", body)
    assert name in {s.text for s in spans}
    kiwi = get_kiwi()
    for s in spans:
        tags = [t.tag for t in kiwi.tokenize(body) if s.start <= t.start < s.end]
        assert not any(tag.startswith(("J", "E", "VCP")) for tag in tags), (s.text, tags)


def test_gazetteer_longest_match_wins_its_span():
    spans = analyze("", "뉴욕타임스가 뉴욕 지사를 열었다. 美 당국은 OpenAI와 오픈AI를 같은 회사로 본다.")
    assert ("뉴욕타임스", "ORG") in found(spans)
    assert ("뉴욕", "PLACE") in found(spans)
    by_text = {s.text: s for s in spans}
    assert by_text["美"].canonical == "미국"
    assert by_text["OpenAI"].canonical == by_text["오픈AI"].canonical == "오픈AI"


def test_gazetteer_file_format_and_first_entry_wins():
    assert SMALL_GAZETTEER.get("이란").type == "PLACE"
    assert SMALL_GAZETTEER.get("NYT").canonical == "뉴욕타임스"
    assert SMALL_GAZETTEER.get("美").canonical == "미국"
    assert Gazetteer("garbage line\nNOTATYPE\tx\ty\n").get("x") is None


def test_a_name_is_not_found_inside_a_longer_word():
    spans = analyze("", "메타버스 업계와 미국산 부품, 중국판 서비스가 화제다.",
                    gazetteer=Gazetteer("ORG\t메타\tMeta\nPLACE\t미국\t\nPLACE\t중국\t\n"))
    assert not {s.text for s in spans} & {"메타", "미국", "중국"}


def test_hanja_abbreviations_in_a_headline():
    spans = analyze("美·中 갈등 속 韓 기업 고심", "")
    by_text = {s.text: s for s in spans}
    assert by_text["美"].type == "PLACE" and by_text["美"].canonical == "미국"
    assert by_text["中"].type == "PLACE" and by_text["中"].canonical == "중국"


def test_hanja_abbreviations_in_the_shipped_gazetteer():
    gaz = default_gazetteer()
    if gaz.get("美") is None:
        pytest.skip("resources/gazetteer.tsv is absent or has no Hanja abbreviations")
    spans = EntityAnalyzer().analyze("美 반도체 규제에 中 기업 '맞불'", "")
    by_text = {s.text: s for s in spans}
    assert (by_text["美"].type, by_text["美"].canonical) == ("PLACE", "미국")
    assert (by_text["中"].type, by_text["中"].canonical) == ("PLACE", "중국")


def test_english_capitalised_names():
    body = ("Chief executive Nadia Brandt said Corvane Labs would open an office in Lisbon. "
            "\"We are ready,\" Brandt told reporters, adding that Google had shown interest.")
    spans = analyze("", body)
    assert {("Nadia Brandt", "PERSON"), ("Corvane Labs", "ORG"), ("Lisbon", "PLACE"),
            ("Google", "ORG"), ("Brandt", "PERSON")} <= found(spans)
    assert not {s.text for s in spans} & {"Chief", "We", "The"}


def test_english_said_marks_a_person():
    spans = analyze("", "Priya Raman said Halvorsen Group will expand.", gazetteer=Gazetteer())
    assert found(spans) == {("Priya Raman", "PERSON"), ("Halvorsen Group", "ORG")}


def test_a_sentence_without_names_yields_none():
    assert analyze("오늘의 날씨", "아침에는 쌀쌀하지만 낮에는 기온이 올라 포근하겠다.") == []
    assert analyze("", "") == []
    assert analyze("   ", "\n\n") == []


def test_stop_words_are_never_highlighted():
    title = "AI 시대, CEO가 묻는다…SNS·GPU 전쟁? NO!"
    body = ("인공지능(AI)과 소셜미디어(SNS), 가상현실(VR)을 다루는 최고경영자(CEO)가 늘었다. "
            "GPU 가격은 오르고 VR 기기는 팔리지 않았다. Copyright 2025.")
    spans = analyze(title, body)
    assert not {s.text for s in spans} & (STOP_WORDS | {"VR", "인공지능", "최고경영자",
                                                        "소셜미디어", "가상현실"})


# --- Linking ------------------------------------------------------------------------------


def test_parenthesised_other_script_form_links_one_entity():
    body = ("공동 창업자인 미라 솔베그(Mira Solberg)는 새 회사를 세웠다. "
            "솔베그는 내년 상장을 목표로 한다고 말했다.")
    spans = analyze("", body)
    by_text = {s.text: s for s in spans}
    ko, en = by_text["미라 솔베그"], by_text["Mira Solberg"]
    assert ko.type == en.type == "PERSON"
    assert ko.canonical == en.canonical
    assert "Mira Solberg" in ko.aliases and "미라 솔베그" in en.aliases
    assert by_text["솔베그"].type == "PERSON" and by_text["솔베그"].canonical == ko.canonical


def test_acronym_after_a_name_links_and_takes_its_type():
    spans = analyze("", "한빛일보(HBI)는 새 편집 방침을 밝혔다. HBI는 내년부터 유료화한다.")
    assert {("한빛일보", "ORG"), ("HBI", "ORG")} <= found(spans)
    hbi = [s for s in spans if s.text == "HBI"]
    assert len(hbi) == 2 and all(s.canonical == "한빛일보" for s in hbi)


def test_type_of_either_side_applies_to_both():
    spans = analyze("", "회사는 노바칩(Novachip)이라는 AI 칩을 공개했다.")
    assert {("노바칩", "PRODUCT"), ("Novachip", "PRODUCT")} <= found(spans)


# --- Context ------------------------------------------------------------------------------


def test_titles_suffixes_and_appositions():
    body = ("듀크대 물리학 교수인 이란 첸은 강연에서 결과를 설명했다. "
            "박서연 한울은행 부행장과 김도윤 대표가 자리를 함께했다. "
            "차세대 생성 모델인 루미엔은 다음 달 출시된다.")
    got = found(analyze("", body))
    assert {("듀크대", "ORG"), ("이란 첸", "PERSON"), ("김도윤", "PERSON"),
            ("루미엔", "PRODUCT")} <= got
    assert ("이란", "PLACE") not in got


def test_affiliation_between_name_and_title():
    got = found(analyze("", "시타로 미국 국무장관은 회담 뒤 기자들과 만났다."))
    assert ("시타로", "PERSON") in got and ("미국", "PLACE") in got


def test_consistency_keeps_a_type_within_the_article():
    title = "루미엔, 출시 첫 주 100만 내려받기"
    body = "AI 앱인 루미엔은 지난주 공개됐다. 루미엔의 인기는 계속될 전망이다."
    spans = analyze(title, body)
    assert sum(s.text == "루미엔" and s.type == "PRODUCT" for s in spans) == 3


# --- Corrections --------------------------------------------------------------------------


def test_corrections_retype_remove_and_add():
    body = ("업체 바이온은 새 제품을 냈다. 바이온의 주가는 올랐고, 뉴욕 증시도 반응했다. "
            "솔라리스 역시 관심을 모았다.")
    base = found(analyze("", body))
    assert ("바이온", "ORG") in base and ("뉴욕", "PLACE") in base
    assert not any(t == "솔라리스" for t, _ in base)

    fixed = analyze("", body, corrections={"바이온": "PRODUCT", "뉴욕": None,
                                           "솔라리스": "PRODUCT"})
    got = found(fixed)
    assert ("바이온", "PRODUCT") in got and ("바이온", "ORG") not in got
    assert sum(s.text == "바이온" for s in fixed) == 2  # every occurrence
    assert not any(s.text == "뉴욕" for s in fixed)
    assert ("솔라리스", "PRODUCT") in got


def test_added_correction_stays_whole_word():
    spans = analyze("", "라온은 라온랩스와 다르다. 라온의 제품.", corrections={"라온": "ORG"})
    assert [s.start for s in spans if s.text == "라온"] == [0, 15]


def test_correction_rejects_unknown_type():
    with pytest.raises(ValueError):
        EntityAnalyzer(corrections={"x": "ANIMAL"})


def test_analyzer_is_reusable_and_stateless():
    a = EntityAnalyzer(gazetteer=SMALL_GAZETTEER)
    first = a.analyze("", "공동 창업자인 미라 솔베그(Mira Solberg)가 말했다.")
    a.analyze("", "뉴욕타임스(NYT)는 보도했다.")
    assert a.analyze("", "공동 창업자인 미라 솔베그(Mira Solberg)가 말했다.") == first


# --- The seed articles (scored as ../shared/tools/score_articles.py scores them) -------------


@pytest.mark.skipif(not (SHARED / "seeds" / "gold.json").is_file(), reason="../shared absent")
def test_seed_articles_entity_f1():
    from viewer.cli import inspect_record

    spec = importlib.util.spec_from_file_location("score_articles",
                                                  SHARED / "tools" / "score_articles.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = json.loads((SHARED / "seeds" / "gold.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for name, g in gold.items():
        record = inspect_record(SHARED / "seeds" / name)
        result, _ = score.score_entities(record["entities"], g["entities"])
        tp, fp, fn = tp + result["strict"][0], fp + result["strict"][1], fn + result["strict"][2]
    _, _, f1 = score.prf(tp, fp, fn)
    assert f1 >= 0.95
