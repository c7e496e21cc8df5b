"""Highlight positions count characters of the article's body, in the reader, the store and export."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCursor

from viewer.core.anchoring import ReadingMap, anchor, body_selector, make_selector, place_highlights
from viewer.core.ingest.pipeline import import_file
from viewer.core.store.library import Library
from viewer.ui.app import create_window

ARTICLE = (
    "---\ntitle: 구름시 도서관 새 단장\nsource: 누리일보\n---\n\n"
    "구름시 중앙도서관이 **석 달 공사**를 마치고 다시 문을 열었다.\n\n"
    "## 달라진 점\n\n"
    "열람실 좌석은 [두 배](https://example.org/seats)로 늘었고, 어린이실도 새로 생겼다.\n\n"
    "- 평일 밤 10시까지\n- 주말 오후 6시까지\n"
)


@pytest.fixture
def window(qtbot, tmp_path, library_path):
    f = tmp_path / "library.md"
    f.write_text(ARTICLE, encoding="utf-8")
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
        aid = import_file(lib, f).article_id
    w = create_window(library_path, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                      on_locked=lambda who: pytest.fail(who))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.current_id == aid and not w.runner.active, timeout=60000)
    return w


def select(window, text: str, length: int | None = None) -> None:
    shown = window.reader.plain_text()
    start = shown.index(text)
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start)
    cursor.setPosition(start + (length or len(text)), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)


def test_a_highlight_is_stored_in_body_coordinates_and_shown_on_what_was_selected(window):
    select(window, "석 달 공사를 마치고")  # across the bold markup
    window.highlight_selection("green")
    [h] = window.library.highlights(window.current_id)
    body = window.library.get(window.current_id).body
    s = h.selector
    assert body[s.start:s.start + len(s.quote)] == s.quote == "석 달 공사**를 마치고"
    assert anchor(body, s) == (s.start, s.start + len(s.quote))  # export finds it where it is
    [(start, end)] = window.reader.highlight_ranges.values()
    assert window.reader.plain_text()[start:end] == "석 달 공사를 마치고"


def test_a_highlight_across_a_heading_and_a_link_is_shown_whole(window):
    shown = window.reader.plain_text()
    start = shown.index("열었다.")
    select(window, "열었다.", shown.index("두 배") + 3 - start)
    window.highlight_selection("yellow")
    [(a, b)] = window.reader.highlight_ranges.values()
    assert window.reader.plain_text()[a:b] == shown[start:shown.index("두 배") + 3]
    [h] = window.library.highlights(window.current_id)
    assert "## 달라진 점" in h.selector.quote and "[두 배" in h.selector.quote


def test_the_title_is_not_highlighted_but_can_be_added_as_a_name(window):
    select(window, "구름시 도서관 새 단장")
    assert window.reader.selection_selector() is None
    assert window.reader.selected_text() == "구름시 도서관 새 단장"


def test_a_highlight_made_in_reading_coordinates_still_shows(window):
    shown = window.reader.plain_text()
    start = shown.index("평일 밤")
    old = make_selector(shown, start, shown.index("주말") + 2)  # spans two list items, as shown
    hid = window.library.add_highlight(window.current_id, old, "blue")
    window.render_current()
    a, b = window.reader.highlight_ranges[hid]
    assert window.reader.plain_text()[a:b] == shown[start:shown.index("주말") + 2]
    assert not window.reader.orphans


def test_body_and_reading_positions_map_both_ways_on_the_sample_articles(qtbot, tmp_path):
    from viewer.core.ingest.samples import ensure_samples

    lib_path = tmp_path / "samples.sqlite"
    with Library(lib_path) as lib:
        ensure_samples(lib)
    w = create_window(lib_path, QSettings(str(tmp_path / "u.ini"), QSettings.Format.IniFormat),
                      on_locked=lambda who: pytest.fail(who))
    qtbot.addWidget(w)
    w.show()
    rng = random.Random(7)
    checked = 0
    for aid in w.library.article_ids():
        w.show_article(aid)
        body, shown = w.library.get(aid).body, w.reader.plain_text()
        words = [(m, m + len(t)) for m, t in _words(body) if t in shown]
        for s, e in rng.sample(words, min(40, len(words))):
            if "*" in body[s:e] or "[" in body[s:e]:
                continue
            r = ReadingMap(body, shown).reading_range(s, e)
            assert shown[r[0]:r[1]] == body[s:e], (aid, body[s:e])
            sel = body_selector(body, shown, *r)
            assert sel is not None and (sel.start, sel.start + len(sel.quote)) == (s, e)
            assert place_highlights(body, shown, [sel]) == [r]
            checked += 1
    assert checked > 100


def _words(text: str):
    import re

    return [(m.start(), m.group(0)) for m in re.finditer(r"[^\W_][\w'’-]{2,}", text)]
