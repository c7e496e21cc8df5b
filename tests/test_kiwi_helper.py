"""The window's Kiwi in a helper process: the same tokens and names as in this process."""

from __future__ import annotations

import multiprocessing

import pytest

from viewer.core.entities.analyzer import EntityAnalyzer, HelperAnalyzer
from viewer.core.text.kiwi import KiwiProcess, TokenMemo, get_kiwi, tokenize_bounded, tokenize_many

TITLE = "누리전자, 부산에 연구소"
BODY = ("누리전자는 20일 부산에서 Tidewell Robotics와 함께 새 연구소를 열었다고 밝혔다. "
        "김하늘 대표는 \"내년까지 로봇 10종을 내놓겠다\"고 말했다.")


@pytest.fixture(scope="module")
def helper():
    """One helper for the module: each start loads Kiwi (seconds)."""
    process = KiwiProcess()
    yield process
    process.close()


def test_the_helper_tokenises_as_kiwi_here_does(helper):
    here = [(t.form, t.tag, t.start, t.end) for t in get_kiwi().tokenize(BODY)]
    there = [tuple(t) for t in helper.tokenize(BODY)]
    assert there == here and helper.ready


def test_the_helper_finds_the_names_the_analyser_here_finds(helper):
    corrections = {"누리전자": "ORG"}
    here = EntityAnalyzer(corrections=corrections).analyze(TITLE, BODY)
    there = HelperAnalyzer(helper, corrections).analyze(TITLE, BODY)
    assert [(s.text, s.type, s.field, s.start) for s in there] == \
        [(s.text, s.type, s.field, s.start) for s in here]
    assert any(s.text == "Tidewell Robotics" for s in there)


PARAGRAPHS = [TITLE, BODY, "구름시는 새 도서관을 열었다. " * 500, "짧은 줄.", BODY]


def as_tuples(tokens) -> list[tuple]:
    return [(t.form, t.tag, t.start, t.end) for t in tokens]


@pytest.mark.parametrize("where", ["here", "memo", "helper"])
def test_an_articles_paragraphs_read_in_one_batch_get_the_tokens_read_one_by_one(where, helper):
    # One batch lets Kiwi's threads share an article's paragraphs (twice as fast on two cores);
    # a paragraph longer than a Kiwi call is still cut into pieces, its offsets counted from its start.
    kiwi = {"here": get_kiwi(), "memo": TokenMemo(get_kiwi()), "helper": helper}[where]
    one_by_one = [as_tuples(tokenize_bounded(p, get_kiwi())) for p in PARAGRAPHS]
    batched = [as_tuples(tokens) for tokens in tokenize_many(PARAGRAPHS, kiwi)]
    assert batched == one_by_one
    assert batched[2][-1][3] > 7000  # the long paragraph's last token, at its place in it
    assert tokenize_many([], kiwi) == []


def test_a_helper_that_dies_is_started_again(helper):
    helper.tokenize("준비")
    helper._process.kill()
    helper._process.join(5)
    assert [t.form for t in helper.tokenize("서울")] == ["서울"]


def test_without_child_processes_kiwi_runs_here(monkeypatch):
    def refuse(self):
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refuse)
    helper = KiwiProcess()
    assert [t.form for t in helper.tokenize("서울")] == ["서울"]
    spans = HelperAnalyzer(helper, {}).analyze(TITLE, BODY)  # the analysis runs here too
    assert any(s.text == "김하늘" for s in spans)
