"""Whole pages pasted into the real window: the right title, the brief's body kept, its names
highlighted and found by search, and no publication date made up for an undated page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from viewer.core.store.library import Library
from viewer.ui.app import create_window
from viewer.ui.article_list import SubtitleRole

NAV = ["본문 바로가기", "전체메뉴", "로그인", "회원가입", "구독신청", "한바다일보", "정치", "경제", "사회",
       "국제", "문화", "스포츠", "오피니언", "포토", "영상", "지역", "기획", "많이 본 뉴스", "검색",
       "홈 > 사회 > 환경", "공유", "글자크기"]
HEADLINE = "통영 섬 주민 뱃삯 1000원으로"
DECK = "욕지도·사량도 등 6개 항로"
BRIEF = ["[한바다일보 오해린 기자] 통영시는 다음 달 1일부터 섬 지역 주민의 여객선 요금을 1000원으로 낮춘다고 "
         "2일 밝혔다.", "대상 항로는 욕지도와 사량도를 잇는 6개 항로이며, 시는 올해 예산 3억원을 들인다."]
FOOTER = ["관련기사", "▶ 거제 조선소 인력난 숨통", "저작권자 © 한바다일보 무단전재 및 재배포 금지",
          "한바다일보 | 부산광역시 중구 해안로 12 | 대표전화 051-000-0000"]


def whole_page(date: str | None = "입력 2025.04.02 14:31") -> str:
    return "\n".join([*NAV, HEADLINE, DECK, *([date] if date else []), *BRIEF, *FOOTER])


@pytest.fixture(autouse=True)
def clean_clipboard(qapp):
    yield
    QApplication.clipboard().clear()
    qapp.processEvents()


@pytest.fixture
def window(qtbot, tmp_path, library_path):
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
    w = create_window(library_path, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                      on_locked=lambda who: pytest.fail(who))
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5000)
    return w


def paste(qtbot, window, text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    QApplication.clipboard().setMimeData(mime)
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def names_shown(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.current_id is not None, timeout=10000)
    qtbot.waitUntil(lambda: not window.names_pending_label.isVisible() and bool(window.mentions),
                    timeout=60000)


def type_text(widget, text: str) -> None:
    """Hangul typed as an input method commits it."""
    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)


def list_subtitle(window) -> str:
    model = window.list_view.model()
    return model.index(0, 0).data(SubtitleRole)


def test_a_pasted_whole_page_brief_shows_its_title_body_and_deck_names(qtbot, window):
    paste(qtbot, window, whole_page())
    qtbot.waitUntil(lambda: window.reader.plain_text().startswith(HEADLINE), timeout=10000)
    text = window.reader.plain_text()
    assert "통영시는 다음 달 1일부터" in text and "예산 3억원을 들인다" in text  # the body, not a deck
    for junk in ("본문 바로가기", "전체메뉴", "홈 > 사회 > 환경", "거제 조선소", "무단전재"):
        assert junk not in text
    names_shown(qtbot, window)
    html = window.reader.toHtml()
    deck_at = html.index("욕지도")
    assert "entity:" in html[max(0, deck_at - 400):deck_at]  # the deck's 욕지도 is a highlighted name
    assert {m.field for m in window.mentions} >= {"deck", "body"}
    assert list_subtitle(window) == "한바다일보 · 2025-04-02"


def test_a_pasted_brief_is_found_by_its_words(qtbot, window):
    paste(qtbot, window, whole_page())
    names_shown(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    type_text(window.search.edit, "여객선")
    qtbot.waitUntil(lambda: window.search.hit_titles() == [HEADLINE], timeout=60000)
    window.search.edit.clear()
    type_text(window.search.edit, "사량도")  # a word of the deck
    qtbot.waitUntil(lambda: window.search.hit_titles() == [HEADLINE], timeout=60000)


def test_a_page_with_no_date_shows_none_and_the_list_says_when_it_was_added(qtbot, window):
    paste(qtbot, window, whole_page(date=None))
    qtbot.waitUntil(lambda: window.reader.plain_text().startswith(HEADLINE), timeout=10000)
    with Library(window.library.path) as lib:
        article = lib.get(lib.article_ids()[0])
    assert article.published is None
    assert "2025" not in window.reader.plain_text().split("통영시는")[0]  # no date under the title
    assert list_subtitle(window).startswith("한바다일보 · added ")
