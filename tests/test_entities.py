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
    PERSON_NOUNS,
    STOP_WORDS,
    EntityAnalyzer,
    EntitySpan,
    Gazetteer,
    crf,
    default_gazetteer,
    make_analyzer,
)
from viewer.core.entities.crf import EntityModel, FeatureEncoder, get_entity_model
from viewer.core.entities.fields import Field
from viewer.core.text.kiwi import get_kiwi

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
HAS_CRFSUITE = importlib.util.find_spec("pycrfsuite") is not None
needs_model = pytest.mark.skipif(
    not HAS_CRFSUITE or not (ROOT / "resources" / crf.MODEL_FILE).is_file(),
    reason="python-crfsuite or resources/entity_crf.model is absent")

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
    code = ("import sys, viewer.core.entities, viewer.core.text.kiwi as k; "
            "print('kiwipiepy' in sys.modules, not k.kiwi_loaded())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "True"]


@pytest.mark.parametrize("module", ["words", "gazetteer", "fields", "finders", "cues", "reader_view",
                                    "combine", "crf", "corrections", "spans", "analyzer"])
def test_each_module_imports_first_in_a_fresh_process(module):
    # an import cycle shows only when a module of the cycle is the first one imported
    subprocess.run([sys.executable, "-c", f"import viewer.core.entities.{module}"], cwd=ROOT, check=True)


def test_make_analyzer_carries_the_version_and_the_corrections():
    analyzer = make_analyzer({"바이온": "PRODUCT"})
    assert analyzer.version == ANALYZER_VERSION and analyzer.corrections == {"바이온": "PRODUCT"}
    assert make_analyzer().corrections == {}


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


def test_gazetteer_aliases_at_a_position_longest_first():
    gaz = Gazetteer("PLACE\t뉴욕\t\nORG\t뉴욕타임스\tNew York Times|New York\nPLACE\t빈\t\n"
                    "ORG\t빈 필하모닉\t\n")
    text = "뉴욕타임스와 New York Times, 빈 필하모닉과 빈"
    new_york, vienna, last = text.index("New"), text.index("빈"), len(text) - 1
    assert gaz.aliases_at(text, 0) == ["뉴욕타임스", "뉴욕"]
    assert gaz.aliases_at(text, new_york) == ["New York Times", "New York"]
    assert gaz.aliases_at(text, vienna) == ["빈 필하모닉", "빈"]  # and its one-syllable alias
    assert gaz.aliases_at(text, last) == ["빈"]
    assert gaz.aliases_at(text, 1) == []
    # word starts only, and each once, whether an alias of two or more or of one begins there
    assert gaz.word_start_hits(text) == [0, new_york, vienna, last]
    assert gaz.word_start_hits("타뉴욕 x빈") == []
    assert Gazetteer().word_start_hits(text) == []


def test_a_word_after_two_tokens_at_one_offset_ends_cleanly():
    body = "그는 학생인 김철수 씨를 만났다. 오픈AI인 회사다."
    field = Field("body", body, get_kiwi())
    assert field.tag_at(body.index("인 회사")) == "VCP"  # 이/VCP first, then ᆫ/ETM, one offset
    assert field.tag_at(body.index("I인")) is None  # inside a token
    assert ("오픈AI", "ORG") in found(analyze("", body))


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


@pytest.mark.parametrize("model", [False, True], ids=["rules", "shipped"])
def test_corrections_retype_remove_and_add(model):
    body = ("업체 바이온은 새 제품을 냈다. 바이온의 주가는 올랐고, 뉴욕 증시도 반응했다. "
            "솔라리스 역시 관심을 모았다.")
    base = found(analyze("", body, model=model))
    assert ("바이온", "ORG") in base and ("뉴욕", "PLACE") in base
    if not model:  # the rules miss it, so the correction below adds it (the model may find it)
        assert not any(t == "솔라리스" for t, _ in base)

    fixed = analyze("", body, model=model, corrections={"바이온": "PRODUCT", "뉴욕": None,
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


# --- The learned model (viewer.core.entities.crf) ------------------------------------------

# Sentences written for these tests (no KLUE text), with the mentions a reader should see.
MODEL_SENTENCES = [
    ("민서준 의원은 국회 본회의에서 법안 처리를 촉구했다.", {("민서준", "PERSON"), ("국회", "ORG")}),
    ("송하윤 감독이 이끄는 대표팀은 결승에 올랐다.", {("송하윤", "PERSON")}),
    ("경찰은 용의자의 행방을 쫓고 있다.", {("경찰", "ORG")}),
    ("검찰은 박진우 전 차관을 소환해 조사했다.", {("검찰", "ORG"), ("박진우", "PERSON")}),
    ("소속사 별빛엔터는 멤버 유채원의 활동 중단을 알렸다.", {("별빛엔터", "ORG"), ("유채원", "PERSON")}),
    ("주민들은 낙동강 하류의 수질이 나빠졌다고 호소했다.", {("낙동강", "PLACE")}),
]


def typed_f1(analyzer: EntityAnalyzer) -> float:
    tp = fp = fn = 0
    for text, gold in MODEL_SENTENCES:
        got = {m for m in found(analyzer.analyze("", text)) if m[1] in ("PERSON", "ORG", "PLACE")}
        tp, fp, fn = tp + len(got & gold), fp + len(got - gold), fn + len(gold - got)
    return 2 * tp / (2 * tp + fp + fn)


def test_import_does_not_load_the_model():
    code = ("import sys, viewer.core.entities.crf as m; "
            "print('pycrfsuite' in sys.modules, m.entity_model_loaded())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "False"]


@needs_model
def test_shipped_model_loads_from_resources_once_across_threads():
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(get_entity_model())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    model = get_entity_model()
    assert isinstance(model, EntityModel) and all(m is model for m in seen)
    assert 0 < model.size < 5 * 1024 * 1024 and len(model.vocabulary) > 1000
    assert EntityAnalyzer().model is model and EntityAnalyzer(model=False).model is None


@needs_model
def test_model_improves_typing_on_new_sentences():
    rules, shipped = EntityAnalyzer(model=False), EntityAnalyzer()
    assert typed_f1(shipped) > typed_f1(rules)
    for text, name in (("민서준 의원은 국회 본회의에서 법안 처리를 촉구했다.", "민서준"),
                       ("송하윤 감독이 이끄는 대표팀은 결승에 올랐다.", "송하윤")):
        assert (name, "PERSON") not in found(rules.analyze("", text))  # a title before a name
        assert (name, "PERSON") in found(shipped.analyze("", text))


@needs_model
def test_model_output_keeps_the_readers_conventions():
    a = EntityAnalyzer()
    body = ("경찰은 김모(33)씨와 박씨를 조사했다. 정부는 대책을 내놨고, 미국은 한국에 협력을 "
            "요청했다. 오픈AI의 새 모델이 나왔다.")
    spans = a.analyze("", body)
    got = found(spans)
    assert not {t for t, _ in got} & {"김", "박", "김모", "정부"}  # withheld names, a role
    assert ("미국", "PLACE") in got and ("한국", "PLACE") in got  # countries as parties
    assert ("오픈AI", "ORG") in got
    kiwi = get_kiwi()
    for s in spans:
        tags = [t.tag for t in kiwi.tokenize(body) if s.start <= t.start < s.end]
        assert not any(tag.startswith(("J", "E", "VCP")) for tag in tags), (s.text, tags)


@needs_model
def test_model_keeps_links_and_corrections_win():
    body = "공동 창업자인 미라 솔베그(Mira Solberg)는 새 회사를 세웠다. 솔베그는 말했다."
    by_text = {s.text: s for s in EntityAnalyzer().analyze("", body)}
    assert by_text["미라 솔베그"].canonical == by_text["Mira Solberg"].canonical
    assert by_text["미라 솔베그"].type == by_text["Mira Solberg"].type == "PERSON"
    fixed = EntityAnalyzer(corrections={"미라 솔베그": "ORG", "솔베그": None}).analyze("", body)
    assert {(s.text, s.type) for s in fixed if "솔베그" in s.text or "Solberg" in s.text} == {
        ("미라 솔베그", "ORG"), ("Mira Solberg", "ORG")}


@needs_model
def test_vocabulary_filter_does_not_change_the_tags():
    model, gaz = get_entity_model(), default_gazetteer()
    text = "민서준 의원은 국회 본회의에서 법안 처리를 촉구했다. 미국과 중국은 협상을 재개했다."
    full = EntityAnalyzer(model=False).sequences("", text)
    lean = EntityAnalyzer(model=False).sequences("", text, encoder=model.encoder(gaz))
    assert [s.spans for s in full] == [s.spans for s in lean]
    assert [model.tag(s) for s in full] == [model.tag(s) for s in lean]
    assert sum(map(len, lean[0].xseq)) < sum(map(len, full[0].xseq))
    # the lean encoder feeds only the tagger: the features the model knows, in order, as bytes
    for item, lean_item in zip(full[0].xseq, lean[0].xseq, strict=True):
        assert all(isinstance(x, bytes) for x in lean_item)
        assert [x.decode() for x in lean_item] == [
            x for x in item if x in model.vocabulary or x in ("BOS", "EOS")]
    assert isinstance(model.encoder(gaz), FeatureEncoder) and model.encoder(gaz) is model.encoder(gaz)


@pytest.fixture
def no_model_file(monkeypatch):
    monkeypatch.setattr(crf, "MODEL_FILE", "no-such-model.crfsuite")
    crf.forget_entity_model()
    yield
    crf.forget_entity_model()  # later tests read the shipped file again


def test_falls_back_to_rules_without_the_model_file(no_model_file):
    assert get_entity_model() is None
    body = "업체 바이온은 새 제품을 냈다. 공동 창업자인 미라 솔베그(Mira Solberg)가 말했다."
    assert EntityAnalyzer().model is None
    assert EntityAnalyzer().analyze("", body) == EntityAnalyzer(model=False).analyze("", body)


def test_falls_back_to_rules_without_crfsuite():
    code = ("import sys; sys.modules['pycrfsuite'] = None\n"
            "from viewer.core.entities import EntityAnalyzer\n"
            "from viewer.core.entities.crf import get_entity_model\n"
            "body = '업체 바이온은 새 제품을 냈다. 뉴욕 증시도 반응했다.'\n"
            "print(get_entity_model() is None, EntityAnalyzer().analyze('', body) == "
            "EntityAnalyzer(model=False).analyze('', body))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["True", "True"]


@pytest.mark.skipif(not HAS_CRFSUITE or not (SHARED / "data" / "klue-ner-news-dev.jsonl").is_file(),
                    reason="python-crfsuite or ../shared/data absent")
def test_training_is_deterministic_and_folds_partition_the_data():
    spec = importlib.util.spec_from_file_location("train_entity_model",
                                                  ROOT / "scripts" / "train_entity_model.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    rows = train.load_rows(SHARED / "data" / "klue-ner-news-dev.jsonl")[:40]
    data = train.examples(EntityAnalyzer(model=False), rows)
    first, second = train.train_bytes(data), train.train_bytes(data)
    assert first == second and EntityModel(first).vocabulary
    fold = train.fold_of(1267)
    assert fold == train.fold_of(1267) and sorted(set(fold)) == [0, 1, 2, 3, 4]
    assert max(map(fold.count, range(5))) - min(map(fold.count, range(5))) <= 1


def test_a_language_is_not_a_name():
    text = "한국어 교육 과정이 늘었다. 그는 프랑스어와 일본어로 김민준 교수에게 편지를 썼다."
    spans = EntityAnalyzer().analyze("", text)
    assert [(s.text, s.type) for s in spans] == [("김민준", "PERSON")]


@needs_model
def test_a_symbol_never_joins_two_names():
    text = "(서울=한울통신) 정하람 기자 = 부산 시장의 가격이 3% 올랐다."
    spans = EntityAnalyzer().analyze("", text)
    assert not [s.text for s in spans if "=" in s.text or "%" in s.text]
    assert ("서울", "PLACE") in found(spans) and ("정하람", "PERSON") in found(spans)


@needs_model
def test_dateline_agency_is_an_organisation_and_a_role_is_no_name():
    text = "[부산=바다통신] 이도윤 기자 = 통화 당국이 금리를 동결했다. 송하윤 감독이 웃었다."
    got = found(EntityAnalyzer().analyze("", text))
    assert ("부산", "PLACE") in got and ("바다통신", "ORG") in got
    assert not [t for t, _ in got if "당국" in t or "감독" in t]  # a role; a title
    assert ("송하윤", "PERSON") in got


@needs_model
def test_common_loanwords_are_no_names_and_a_bare_surname_links_to_its_person():
    text = ("국내 팹리스 스타트업이 칩을 공개했다. 클라우드 서버를 거치지 않는다. "
            "설명회에서 윤재석 대표가 발표했다. 윤 대표는 양산 계획도 밝혔다.")
    spans = EntityAnalyzer().analyze("", text)
    assert not {s.text for s in spans} & {"팹리스", "클라우드"}
    people = {s.text: s for s in spans if s.type == "PERSON"}
    assert people["윤"].canonical == people["윤재석"].canonical == "윤재석"


def test_a_descriptor_is_no_part_of_a_linked_name():
    text = "영국 일간지 파이낸셜타임스(FT)는 보도했다. 중국 사이버 공간관리국(CAC)은 밝혔다."
    got = found(EntityAnalyzer(model=False).analyze("", text))
    assert ("파이낸셜타임스", "ORG") in got and ("FT", "ORG") in got
    assert ("중국 사이버 공간관리국", "ORG") in got  # bare nouns before it do belong


def test_a_company_name_kiwi_cannot_read_is_found_by_its_ending():
    text = "세온반도체는 새 칩을 공개했다. 시스템반도체 시장이 커졌다. 한결바이오가 밝혔다."
    got = found(EntityAnalyzer(model=False).analyze("", text))
    assert ("세온반도체", "ORG") in got and ("한결바이오", "ORG") in got  # Kiwi: 세/MM 온/NNG…
    assert not [t for t, _ in got if t.startswith("시스템")]  # a compound of common nouns


@needs_model
def test_a_one_syllable_country_before_a_name_is_a_place_of_its_own():
    text = "북 미사일 발사에 미 스탠포드대 연구진이 대응했다. 중 외교부는 반발했다. 미 국방부도 밝혔다."
    got = found(EntityAnalyzer().analyze("", text))
    assert {("북", "PLACE"), ("미", "PLACE"), ("중", "PLACE"), ("스탠포드대", "ORG"),
            ("외교부", "ORG")} <= got
    assert ("미 국방부", "ORG") in got  # a known name of its own: the US defence department


def test_a_cue_noun_with_a_gloss_still_types_the_name_after_it():
    text = "회사는 신경망처리장치(NPU) 'HX-9'의 시제품을 발표했다. HX-9은 빠르다."
    spans = EntityAnalyzer(model=False).analyze("", text)
    assert [(s.text, s.type) for s in spans] == [("HX-9", "PRODUCT"), ("HX-9", "PRODUCT")]


@needs_model
def test_a_known_linked_name_keeps_its_type_and_extent_inside_a_quoted_phrase():
    text = "응답자는 '미국 연방준비제도(Fed)의 정책 방향'을 꼽았다."
    spans = EntityAnalyzer().analyze("", text)
    assert [(s.text, s.type, s.canonical) for s in spans] == [
        ("미국", "PLACE", "미국"), ("연방준비제도", "ORG", "연방준비제도"), ("Fed", "ORG", "연방준비제도")]


def test_a_company_short_form_links_to_its_full_name():
    text = "Harborline Robotics opened a plant. Harborline said demand was strong."
    spans = EntityAnalyzer(model=False).analyze("", text)
    assert {(s.text, s.canonical) for s in spans if s.type == "ORG"} == {
        ("Harborline Robotics", "Harborline Robotics"), ("Harborline", "Harborline Robotics")}


@pytest.mark.parametrize("model", [False, True], ids=["rules", "shipped"])
def test_a_province_starts_an_address_not_a_persons_name(model):
    if model and not HAS_CRFSUITE:
        pytest.skip("python-crfsuite is absent")
    text = "정부는 경기 용인에 조성 중인 클러스터에 전력망을 먼저 공급한다."
    # the reader shows the province and the city, each its own place; KLUE tags the chain
    assert found(EntityAnalyzer(model=model).analyze("", text)) == {("경기", "PLACE"), ("용인", "PLACE")}
    klue = found(EntityAnalyzer(model=model, view="klue").analyze("", text))
    assert ("경기 용인", "PLACE") in klue and ("경기", "PLACE") not in klue


@needs_model
def test_two_countries_in_two_syllables_are_two_places():
    text = "양국은 한미 정상회담을 열었다. 남북 양측은 만났다. 북미 시장에 진출했다."
    spans = EntityAnalyzer().analyze("", text)
    got = [(s.text, s.type, s.canonical) for s in spans]
    assert ("한", "PLACE", "한국") in got and ("미", "PLACE", "미국") in got
    assert ("남", "PLACE", "한국") in got and ("북", "PLACE", "북한") in got
    assert not [t for t, _, _ in got if t in ("한미", "남북")]
    assert ("북미", "PLACE", "북아메리카") in got  # North America, a place of its own


def test_a_place_chain_links_to_its_last_known_place():
    text = "그는 서울 마포구에 산다. 마포구 주민이 모였다."
    spans = EntityAnalyzer(model=False, view="klue").analyze("", text)
    assert {(s.text, s.canonical) for s in spans} == {("서울 마포구", "마포구"), ("마포구", "마포구")}
    spans = EntityAnalyzer(model=False).analyze("", text)  # the reader: two places
    assert {(s.text, s.canonical) for s in spans} == {("서울", "서울"), ("마포구", "마포구")}


@needs_model
def test_a_known_name_of_several_words_stays_whole():
    text = "토트넘은 2024-2025 잉글랜드 프리미어리그 12라운드 홈경기에서 이겼다."
    assert ("잉글랜드 프리미어리그", "ORG") in found(EntityAnalyzer().analyze("", text))


def test_an_english_company_is_no_person_for_a_verb_of_saying_and_its_short_form_links():
    text = ("Nuvora Semiconductor said on Tuesday it had signed the deal. "
            "Shares of Nuvora rose 6% in New York.")
    got = {(s.text, s.type, s.canonical) for s in EntityAnalyzer().analyze("", text)}
    assert ("Nuvora Semiconductor", "ORG", "Nuvora Semiconductor") in got
    assert ("Nuvora", "ORG", "Nuvora Semiconductor") in got


def test_a_title_alone_is_never_a_person():
    text = "도널드 트럼프 미국 대통령이 관세를 유예했다. 트럼프 대통령은 글을 올렸다. 대통령 선거가 다가온다."
    spans = EntityAnalyzer(model=False).analyze("", text)
    assert {(s.text, s.canonical) for s in spans if s.type == "PERSON"} == {
        ("도널드 트럼프", "도널드 트럼프"), ("트럼프", "도널드 트럼프")}


def test_no_gazetteer_alias_ends_with_a_title_after_a_full_name():
    gaz = default_gazetteer()
    bad = [a for a in gaz.names if len(a.rpartition(" ")[0]) >= 2
           and a.rpartition(" ")[2] in PERSON_NOUNS and gaz.names[a].canonical != a]
    assert bad == []


@needs_model
def test_a_hanja_abbreviation_before_a_name_in_a_headline_is_a_place_of_its_own():
    spans = EntityAnalyzer().analyze("정국 솔로곡, 美 빌보드 차트 1위", "")
    assert [(s.text, s.type, s.canonical) for s in spans][:2] == [
        ("美", "PLACE", "미국"), ("빌보드", "ORG", "빌보드")]


@needs_model
def test_a_name_with_a_digit_is_no_person():
    text = "한국 가수가 핫100 1위를 차지한 것은 처음이 아니다."  # the model alone: PERSON
    assert found(EntityAnalyzer().analyze("", text)) == {("한국", "PLACE")}


def test_a_title_in_a_known_alias_does_not_spread_as_a_person():
    gaz = Gazetteer("PERSON\t시진핑\t시 주석|Xi Jinping\n")
    spans = analyze(body="시 주석이 연설했다. 주석 자리는 오래 비어 있었다.", gazetteer=gaz, model=False)
    assert [(s.text, s.canonical) for s in spans] == [("시 주석", "시진핑")]


def test_a_school_is_an_organisation_by_its_ending():
    text = "한솔고 학생들이 대회에 나갔다. 최고 기록이었다. 한결바이오는 후원했다."
    assert found(EntityAnalyzer(model=False).analyze("", text)) == {("한솔고", "ORG"), ("한결바이오", "ORG")}


@pytest.mark.parametrize("sentence, name", [
    ("Officials in the United States said on Monday that exports rose.", "United States"),
    ("Superintendent Dana Whitlock said the school would close.", "Dana Whitlock"),
    ("Rival Jinseong Electronics has said it expects to begin production.", "Jinseong Electronics"),
])
def test_an_english_article_or_title_before_a_name_is_not_part_of_it(sentence, name):
    texts = [s.text for s in EntityAnalyzer().analyze("", sentence)]
    assert name in texts
    assert not any(t.lower().startswith(("the ", "superintendent ", "rival ")) for t in texts)
