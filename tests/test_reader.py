"""The reader window, driven as a user would: import, read, highlight, correct, take notes."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from viewer.core.ingest.pipeline import import_file
from viewer.core.palette import ENTITY_COLORS, HIGHLIGHT_COLORS
from viewer.core.store.library import Library
from viewer.ui.app import create_window

ARTICLE_A = (
    "세온반도체, 미국 시장 진출\n"
    "[누리일보 한서연 기자] 세온반도체가 미국 텍사스에 첫 해외 사무소를 열었다고 밝혔다.\n"
    "회사는 삼성전자와 협력해 새 칩을 만들 계획이라고 설명했다.\n"
    "▲ 세온반도체 사옥 전경\n"
    "업계는 중국과 일본 업체들과의 경쟁이 거세질 것으로 내다봤다.\n"
    "Copyright © 누리일보. 무단전재 및 재배포 금지.\n"
)
ARTICLE_B = (
    "반도체 업계 새 바람\n"
    "[한빛경제 김하늘 기자] 세온반도체와 같은 작은 설계 회사들이 주목받고 있다고 전문가들은 말했다.\n"
    "미국과 일본의 투자자들도 관심을 보이고 있다.\n"
)


def idle(qtbot, window, timeout=60000):
    qtbot.waitUntil(lambda: not window.runner.active, timeout=timeout)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def articles(tmp_path, library_path):
    """A library with two articles of our own (no samples), already analysed."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ARTICLE_A, encoding="utf-8")
    b.write_text(ARTICLE_B, encoding="utf-8")
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
        ids = [import_file(lib, a).article_id, import_file(lib, b).article_id]
    return ids


def never_locked(who):
    raise AssertionError(f"the library was reported open in {who}")


def open_window(qtbot, library_path, settings):
    window = create_window(library_path, settings, on_locked=never_locked)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # keyboard shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    idle(qtbot, window)
    return window


def colours_of(window, text):
    """Background colours of the entity spans whose text is `text`."""
    plain = window.reader.plain_text()
    return {c.name() for s, e, _id, c in window.reader.entity_ranges() if plain[s:e] == text}


def type_text(qtbot, widget, text):
    """Type as a user would: Latin keys as key presses, Hangul as input-method commits."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def select_text(window, needle):
    start = window.reader.plain_text().index(needle)
    window.reader.select_range(start, start + len(needle))


def test_entities_are_coloured_by_type_and_a_type_can_be_hidden(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    assert colours_of(window, "미국") == {QColor(ENTITY_COLORS["PLACE"][0]).name()}
    assert colours_of(window, "삼성전자") == {QColor(ENTITY_COLORS["ORG"][0]).name()}
    window.type_boxes["PLACE"].click()
    assert colours_of(window, "미국") == set()
    assert colours_of(window, "삼성전자") == {QColor(ENTITY_COLORS["ORG"][0]).name()}
    window.type_boxes["PLACE"].click()
    assert colours_of(window, "미국")


def test_clicking_an_entity_opens_its_panel_with_mentions_and_other_articles(
        qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    start, end, eid, _c = next(r for r in window.reader.entity_ranges()
                               if window.reader.plain_text()[r[0]:r[1]] == "미국")
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start + 1)
    pos = window.reader.cursorRect(cursor).center()
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.side_tabs.currentWidget() is window.entity_panel
    assert "미국" in window.entity_panel.name_label.text()
    assert window.entity_panel.mention_list.count() >= 1
    others = [window.entity_panel.article_list.item(i).text()
              for i in range(window.entity_panel.article_list.count())]
    assert others == ["반도체 업계 새 바람"]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.side_tabs.indexOf(window.entity_panel) < 0


def test_correcting_an_entity_changes_a_second_article(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    assert colours_of(window, "세온반도체") == {QColor(ENTITY_COLORS["ORG"][0]).name()}
    select_text(window, "세온반도체")
    menu = window.build_context_menu(QPoint(1, 1))
    add_menu = next(a.menu() for a in menu.actions() if a.text().startswith("Add “세온반도체”"))
    next(a for a in add_menu.actions() if a.text() == "Product").trigger()
    idle(qtbot, window)
    assert colours_of(window, "세온반도체") == {QColor(ENTITY_COLORS["PRODUCT"][0]).name()}
    window.select_article(articles[1])
    assert colours_of(window, "세온반도체") == {QColor(ENTITY_COLORS["PRODUCT"][0]).name()}
    # And "not an entity" takes it away everywhere.
    window.correct_entity("세온반도체", None)
    qtbot.waitUntil(lambda: colours_of(window, "세온반도체") == set(), timeout=60000)
    idle(qtbot, window)
    assert colours_of(window, "세온반도체") == set()


def test_highlight_survives_a_restart(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    select_text(window, "첫 해외 사무소")
    qtbot.keyClick(window.reader, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert len(window.reader.highlight_ranges) == 1
    assert "첫 해외 사무소" in window.notes.highlight_labels()[0]
    window.close()

    window2 = open_window(qtbot, library_path, settings)
    assert window2.current_id == articles[0]  # opens on the last-read article
    [(start, end)] = window2.reader.highlight_ranges.values()
    assert window2.reader.plain_text()[start:end] == "첫 해외 사무소"
    light, _dark = HIGHLIGHT_COLORS["yellow"]
    assert window2.reader.highlight_color_at(start) == QColor(light)  # shown in its colour
    assert window2.reader.highlight_color_at(end) is None


def test_note_is_autosaved_and_saved_on_switch_and_close(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    type_text(qtbot, window.notes.editor, "텍사스 사무소 확인할 것")
    assert "Unsaved" in window.notes.state_label.text()
    qtbot.waitUntil(lambda: "Saved" in window.notes.state_label.text(), timeout=3000)
    assert window.library.note(articles[0]) == "텍사스 사무소 확인할 것"

    type_text(qtbot, window.notes.editor, " — 추가")
    window.select_article(articles[1])  # switching saves at once
    assert window.library.note(articles[0]) == "텍사스 사무소 확인할 것 — 추가"
    type_text(qtbot, window.notes.editor, "둘째 기사 메모")
    window.close()  # closing saves at once

    window2 = open_window(qtbot, library_path, settings)
    assert window2.notes.text() == "둘째 기사 메모"
    window2.select_article(articles[0])
    assert window2.notes.text() == "텍사스 사무소 확인할 것 — 추가"


def test_removed_text_is_shown_in_place_and_can_be_restored(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    assert "세온반도체 사옥 전경" not in window.reader.plain_text()
    window.removed_box.click()
    text = window.reader.plain_text()
    assert "▲ 세온반도체 사옥 전경" in text and "무단전재" in text
    index = [r.text for r in window.library.get(articles[0]).removed].index("▲ 세온반도체 사옥 전경")
    window.reader.anchorClicked.emit(QUrl(f"restore:{index}"))
    idle(qtbot, window)
    window.removed_box.click()
    assert "▲ 세온반도체 사옥 전경" in window.reader.plain_text()
    assert "무단전재" not in window.reader.plain_text()
    window.close()
    window2 = open_window(qtbot, library_path, settings)
    window2.select_article(articles[0])
    assert "▲ 세온반도체 사옥 전경" in window2.reader.plain_text()


def test_drag_and_drop_imports_and_failures_are_listed(qtbot, library_path, settings, articles, tmp_path):
    window = open_window(qtbot, library_path, settings)
    new = tmp_path / "drop" / "new.txt"
    new.parent.mkdir()
    new.write_text("떨어뜨린 기사\n본문 문단이 여기에 있다. 길게 이어진다.\n", encoding="utf-8")
    bad = tmp_path / "drop" / "broken.txt"
    bad.write_bytes(b"PK\x03\x04" + bytes(64))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(new.parent))])
    pos = QPointF(window.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    idle(qtbot, window)
    assert "떨어뜨린 기사" in window.article_titles()
    qtbot.waitUntil(lambda: window.reader.plain_text().startswith("떨어뜨린 기사"), timeout=5000)
    rows = window.last_report.rows()
    assert len(rows) == 1 and rows[0][0].endswith("broken.txt") and "ZIP" in rows[0][1]
    window.last_report.close()


def test_import_can_be_cancelled_and_the_window_stays_responsive(qtbot, library_path, settings, articles,
                                                                tmp_path):
    window = open_window(qtbot, library_path, settings)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03}.txt").write_text(f"기사 {i}\n본문 {i}번째 문단이다. 내용이 이어진다.\n" * 3,
                                            encoding="utf-8")
    window.import_paths([folder])
    assert window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.progress.value() >= 1, timeout=30000)
    window.cancel_button.click()
    qtbot.waitUntil(lambda: not window.cancel_button.isVisible(), timeout=30000)
    idle(qtbot, window)
    count = window.library.count()
    assert 2 < count < 62
    assert not window.cancel_button.isVisible()


def test_keyboard_next_previous_find_and_zoom(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.list_view.setCurrentIndex(window.proxy.index(0, 0))
    first = window.current_id
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_id != first
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.current_id == first
    window.select_article(articles[0])
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    type_text(qtbot, window.find_edit, "텍사스")
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Return)
    assert window.reader.textCursor().selectedText() == "텍사스"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    size = window.reader.document().defaultFont().pointSizeF()
    qtbot.keyClick(window.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.document().defaultFont().pointSizeF() > size


def test_geometry_zoom_and_splitter_are_remembered(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.resize(760, 560)  # the offscreen screen is small; stay inside it
    window.splitter.setSizes([250, 500, 250])
    sizes = window.splitter.sizes()
    window.reader.zoom_by(2)
    window.close()
    window2 = open_window(qtbot, library_path, settings)
    assert window2.size().width() == 760
    assert window2.splitter.sizes() == sizes
    assert window2.reader.zoom == 2


def test_links_and_scripts(qtbot, library_path, settings, tmp_path):
    page = tmp_path / "evil.html"
    page.write_text(
        "<html><head><title>Evil page</title><script>alert('x')</script></head><body><article>"
        "<h1>Evil page headline for testing</h1>"
        "<p>This paragraph is long enough to be the article body for the extractor to keep it.</p>"
        "<p>Another paragraph <a href='javascript:alert(1)'>bad link</a> and "
        "<a href='https://example.org/'>good link</a> with <img src=x onerror=alert(2)>.</p>"
        "<script>document.write('injected')</script></article></body></html>", encoding="utf-8")
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
    window = open_window(qtbot, library_path, settings)
    window.import_paths([page])
    qtbot.waitUntil(lambda: "bad link" in window.reader.plain_text(), timeout=60000)
    idle(qtbot, window)
    html = window.reader.toHtml()
    assert "alert" not in html and "injected" not in html and "javascript" not in html
    assert "bad link" in window.reader.plain_text()


def test_dark_theme_changes_entity_colours(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    window.set_theme("dark")
    assert colours_of(window, "미국") == {QColor(ENTITY_COLORS["PLACE"][1]).name()}
    window.set_theme("light")
    assert colours_of(window, "미국") == {QColor(ENTITY_COLORS["PLACE"][0]).name()}


def test_dark_theme_changes_highlight_colours_in_the_text_and_the_list(qtbot, library_path, settings,
                                                                      articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    select_text(window, "첫 해외 사무소")
    qtbot.keyClick(window.reader, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    light, dark = HIGHLIGHT_COLORS["yellow"]
    window.set_theme("dark")
    [(start, _end)] = window.reader.highlight_ranges.values()
    assert window.reader.highlight_color_at(start) == QColor(dark)
    chip = window.notes.highlight_list.item(0).data(Qt.ItemDataRole.DecorationRole)
    assert chip == QColor(dark)
    window.set_theme("light")
    assert window.reader.highlight_color_at(start) == QColor(light)


def test_reading_position_is_remembered(qtbot, library_path, settings, tmp_path):
    long = "긴 기사\n" + "\n".join(f"{i}번째 문단이다. " * 12 for i in range(80)) + "\n"
    (tmp_path / "long.txt").write_text(long, encoding="utf-8")
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
        aid = import_file(lib, tmp_path / "long.txt").article_id
    window = open_window(qtbot, library_path, settings)
    window.select_article(aid)
    bar = window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)

    def paragraphs(text: str) -> set[str]:
        return set(re.findall(r"(\d+)번째", text))

    # what the user sees once the view has painted (a long document is laid out lazily: on a busy
    # machine the hit test can run before the middle is laid out)
    qtbot.waitUntil(lambda: bool(paragraphs(window.reader.first_visible_text(60)) - {"0"}), timeout=5000)
    seen = window.reader.first_visible_text(60)
    window.close()
    assert 0.3 < Library(library_path).get(aid).position < 0.7
    window2 = open_window(qtbot, library_path, settings)
    qtbot.waitUntil(lambda: window2.reader.verticalScrollBar().value() > 0)
    # The same paragraph is at the top (a line may wrap a few characters differently until the
    # lazily laid-out document has settled; a lost position would show paragraph 0).
    qtbot.waitUntil(lambda: bool(paragraphs(window2.reader.first_visible_text(60)) & paragraphs(seen)),
                    timeout=5000)


def test_search_field_shows_results_and_enter_opens_at_the_match(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[1])
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.edit.hasFocus()
    type_text(qtbot, window.search.edit, "텍사스에")  # a particle in the query
    qtbot.waitUntil(lambda: window.search.hit_titles() == ["세온반도체, 미국 시장 진출"], timeout=30000)
    assert window.list_stack.currentIndex() == 1
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    assert window.current_id == articles[0]
    qtbot.waitUntil(lambda: window.reader.textCursor().selectedText().startswith("텍사스"))
    marked = [s.cursor.selectedText() for s in window.reader.extraSelections()]
    assert any(m.startswith("텍사스") for m in marked)
    window.search.edit.clear()
    assert window.list_stack.currentIndex() == 0


def test_enter_right_after_typing_still_opens_the_first_hit(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[1])
    window.search.edit.setText("삼성전자")
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)  # before the debounce fires
    qtbot.waitUntil(lambda: window.current_id == articles[0], timeout=30000)


def test_filters_and_entity_index_narrow_the_list(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    window.side_tabs.setCurrentWidget(window.entity_index)
    qtbot.waitUntil(lambda: window.entity_index.list.count() > 0, timeout=10000)  # counted in the background
    names = [window.entity_index.list.item(i).text() for i in range(window.entity_index.list.count())]
    assert any(n.startswith("미국") and "2 articles" in n for n in names)
    assert any(n.startswith("삼성전자") and n.endswith("· 1 article") for n in names)

    def pick(name):
        for i in range(window.entity_index.list.count()):
            item = window.entity_index.list.item(i)
            if item.text().startswith(name + " "):
                rect = window.entity_index.list.visualItemRect(item)
                qtbot.mouseClick(window.entity_index.list.viewport(), Qt.MouseButton.LeftButton,
                                 pos=rect.center())
                return
        raise AssertionError(f"{name} not in the index")

    pick("미국")
    assert sorted(window.article_titles()) == sorted(["세온반도체, 미국 시장 진출", "반도체 업계 새 바람"])
    pick("삼성전자")  # a second entity narrows to articles mentioning both
    assert window.article_titles() == ["세온반도체, 미국 시장 진출"]
    window.entity_index.clear_selection()
    window.search.unread_box.click()
    window.search.unread_box.click()
    window.search.source_combo.setCurrentIndex(window.search.source_combo.findData("한빛경제"))
    assert window.article_titles() == ["반도체 업계 새 바람"]


def test_ctrl_e_exports_the_selected_articles(qtbot, library_path, settings, articles, tmp_path):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    window.library.set_note(articles[0], "텍사스 메모")
    window.list_view.selectAll()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_dialog
    assert dialog.isVisible()
    dialog.set_format("md")
    dialog.set_scope("selected")
    dialog.set_output(tmp_path / "내보내기")
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.start_export()
    pages = sorted(p.name for p in (tmp_path / "내보내기").glob("*.md"))
    assert len(pages) == 2 and any("세온반도체" in p for p in pages)
    assert "텍사스 메모" in next((tmp_path / "내보내기").glob("세온반도체*.md")).read_text(encoding="utf-8")


def test_second_window_on_the_same_library_is_offered_read_only(qtbot, library_path, settings, articles):
    from viewer.ui.app import LibraryLocked

    first = open_window(qtbot, library_path, settings)
    first.select_article(articles[0])
    asked = []
    with pytest.raises(LibraryLocked):
        create_window(library_path, settings, on_locked=lambda who: asked.append(who) or "quit")
    assert asked and "process" in asked[0]
    second = create_window(library_path, settings, on_locked=lambda who: "read-only")
    qtbot.addWidget(second)
    second.show()
    idle(qtbot, second)
    assert "(read-only)" in second.windowTitle() or second.current_id is not None
    second.select_article(articles[0])
    assert "세온반도체" in second.reader.plain_text()
    assert second.notes.editor.isReadOnly()
    select_text(second, "첫 해외 사무소")
    assert second.highlight_selection() is None
    assert "read-only" in second.status_label.text()
    # The first window still writes; the read-only one changed nothing.
    type_text(qtbot, first.notes.editor, "첫 창의 메모")
    first.notes.flush()
    assert first.library.note(articles[0]) == "첫 창의 메모"
    assert first.library.highlights(articles[0]) == []
    second.close()
    first.close()
    third = open_window(qtbot, library_path, settings)  # the lock is free again
    assert third.writable


def test_stale_lock_from_a_crashed_process_is_taken_over(qtbot, library_path, settings, articles):
    lock = str(library_path) + ".lock"
    crash = ("import os, sys; from PySide6.QtCore import QLockFile; l = QLockFile(sys.argv[1]);"
             " assert l.tryLock(1000); os.kill(os.getpid(), 9)")
    subprocess.run([sys.executable, "-c", crash, lock], timeout=60)
    assert Path(lock).exists()  # left behind by the killed process
    window = open_window(qtbot, library_path, settings)
    assert window.writable


def test_articles_from_an_older_analyser_are_reanalysed_in_the_background(qtbot, library_path, settings,
                                                                          articles):
    from viewer.core.entities import ANALYZER_VERSION

    with Library(library_path) as lib:  # as an older analyser left them: no names found
        for aid in articles:
            lib.store_entities(aid, [], ANALYZER_VERSION - 1)
    window = create_window(library_path, settings, on_locked=never_locked)
    qtbot.addWidget(window)
    window.show()
    window.select_article(articles[0])
    assert "텍사스" in window.reader.plain_text()  # readable at once, names or not
    assert window.runner.active
    place = {QColor(ENTITY_COLORS["PLACE"][0]).name()}
    # the reader's boundaries: the country and the state, each its own place
    qtbot.waitUntil(lambda: colours_of(window, "미국") == colours_of(window, "텍사스") == place,
                    timeout=60000)
    idle(qtbot, window)
    with Library(library_path) as lib:
        assert lib.articles_needing_analysis(ANALYZER_VERSION) == []
