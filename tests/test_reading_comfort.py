"""Reading comfort, on the real window: the entity filter's chip, zoom and theme that keep the place,
the highlight note dialog, removing text by hand, links in a note's preview, Ctrl+Home/End, an
import's count and cancel report, and a quick close.

Longer than 500 lines because it tests eight features that share one set of fixtures and helpers.
"""

import re
import threading
import time

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from viewer.core.anchoring import make_selector
from viewer.core.ingest.pipeline import import_file
from viewer.core.model import CleanedArticle, ImportedDocument, RemovedBlock
from viewer.core.render import article_html, note_html
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
LONG = "긴 기사\n" + "\n".join(f"{i}번째 문단이다. " * 12 for i in range(80)) + "\n"


# --- helpers --------------------------------------------------------------------------------------

def idle(qtbot, window, timeout=60000):
    qtbot.waitUntil(lambda: not window.runner.active, timeout=timeout)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def articles(tmp_path, library_path):
    """Two articles of our own (no samples), already analysed."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ARTICLE_A, encoding="utf-8")
    b.write_text(ARTICLE_B, encoding="utf-8")
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
        return [import_file(lib, a).article_id, import_file(lib, b).article_id]


@pytest.fixture
def long_article(tmp_path, library_path):
    (tmp_path / "long.txt").write_text(LONG, encoding="utf-8")
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
        return import_file(lib, tmp_path / "long.txt").article_id


def never_locked(who):
    raise AssertionError(f"the library was reported open in {who}")


def open_window(qtbot, library_path, settings, wait=True):
    window = create_window(library_path, settings, on_locked=never_locked)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # keyboard shortcuts go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if wait:
        idle(qtbot, window)
    return window


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


def point_of(reader, needle):
    """The viewport point over the first character of `needle` in the reading pane."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.plain_text().index(needle) + 1)
    return reader.cursorRect(cursor).center()


def menu_action(window, pos, text):
    menu = window.build_context_menu(pos)
    return next((a for a in menu.actions() if a.text() == text), None)


def pick_entity(qtbot, window, name):
    index = window.entity_index.list
    for i in range(index.count()):
        item = index.item(i)
        if item.text().startswith(name + " "):
            qtbot.mouseClick(index.viewport(), Qt.MouseButton.LeftButton,
                             pos=index.visualItemRect(item).center())
            return
    raise AssertionError(f"{name} not in the index")


# --- 1. the Index filter as a chip ----------------------------------------------------------------

def test_the_entity_filter_is_a_chip_whose_x_or_esc_clears_it(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[1])
    everything = sorted(window.article_titles())
    assert len(everything) == 2
    window.side_tabs.setCurrentWidget(window.entity_index)
    qtbot.waitUntil(lambda: window.entity_index.list.count() > 0, timeout=10000)
    chip = window.search.entity_chip
    assert not chip.isVisible()

    pick_entity(qtbot, window, "삼성전자")
    assert window.article_titles() == ["세온반도체, 미국 시장 진출"]
    assert chip.isVisible() and "삼성전자" in chip.label.text()
    qtbot.mouseClick(chip.button, Qt.MouseButton.LeftButton)
    assert sorted(window.article_titles()) == everything
    assert not chip.isVisible()
    assert window.entity_index.list.selectedItems() == []  # the Index tab agrees

    pick_entity(qtbot, window, "삼성전자")
    assert len(window.article_titles()) == 1 and chip.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # "Close panels"
    assert sorted(window.article_titles()) == everything
    assert not chip.isVisible() and window.entity_index.list.selectedItems() == []
    pick_entity(qtbot, window, "삼성전자")  # and it can be chosen again
    assert len(window.article_titles()) == 1


# --- 2. zoom and theme keep the place and the layout ----------------------------------------------

def _line_of(reader, pos):
    """(start, end) of the laid-out line holding the character at pos."""
    block = reader.document().findBlock(pos)
    layout = block.layout()
    line = layout.lineForTextPosition(pos - block.position())
    start = block.position() + line.textStart()
    return start, start + line.textLength()


def _at_top(reader):
    return reader.cursorForPosition(QPoint(0, 0)).position()


def test_zoom_and_theme_keep_the_reading_place_and_the_splitter(qtbot, library_path, settings,
                                                                long_article):
    window = open_window(qtbot, library_path, settings)
    window.select_article(long_article)
    reader, bar = window.reader, window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.wait(100)  # the position is restored on the next turn; the lazy layout goes on
    window.splitter.setSizes([260, 700, 320])
    sizes = window.splitter.sizes()
    bar.setValue(bar.maximum() // 2)
    top = _at_top(reader)
    seen = reader.plain_text()[top:top + 30]
    assert top > 500

    def still_there(what):
        now = _at_top(reader)
        start, end = _line_of(reader, now)
        assert start <= top <= end, f"after {what}: {reader.plain_text()[now:now + 30]!r}, not {seen!r}"
        assert window.splitter.sizes() == sizes, what

    qtbot.keyClick(reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # zoom in
    assert reader.zoom == 1
    still_there("zooming in")
    qtbot.wait(50)
    still_there("zooming in, a moment later")
    for _ in range(3):
        qtbot.keyClick(reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    still_there("zooming out")
    window.set_theme("dark")
    still_there("the dark theme")
    qtbot.wait(50)
    still_there("the dark theme, a moment later")
    window.set_theme("light")
    still_there("the light theme")
    qtbot.keyClick(reader, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # reset zoom
    still_there("resetting the zoom")


# --- 3. the highlight note editor -----------------------------------------------------------------

def test_the_highlight_note_dialog_keeps_line_breaks(qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    select_text(window, "첫 해외 사무소")
    qtbot.keyClick(window.reader, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.note_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "첫 해외 사무소" in dialog.windowTitle()
    assert window.library.highlights(articles[0]) == []  # nothing until the note is saved
    editor = dialog.editor
    type_text(qtbot, editor, "first line 첫 줄")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    type_text(qtbot, editor, "second line")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # saves
    qtbot.waitUntil(lambda: len(window.library.highlights(articles[0])) == 1)
    [hl] = window.library.highlights(articles[0])
    assert hl.note == "first line 첫 줄\nsecond line"
    assert "second line" in window.notes.highlight_labels()[0]

    # Editing it: Esc leaves the note as it was, Ctrl+Enter saves the new lines.
    dialog = window.edit_highlight_note(hl.id)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.editor.toPlainText() == hl.note
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    type_text(qtbot, dialog.editor, "not kept")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.note_dialog.isVisible())
    assert window.library.highlights(articles[0])[0].note == hl.note
    dialog = window.edit_highlight_note(hl.id)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    type_text(qtbot, dialog.editor, "third")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)  # keypad Enter
    qtbot.waitUntil(lambda: window.library.highlights(articles[0])[0].note.endswith("\nthird"))
    assert window.library.highlights(articles[0])[0].note == "first line 첫 줄\nsecond line\nthird"


# --- 4. removed text: remove again, and paragraphs the user removes -------------------------------

def _library_article(lib, body: str, removed: list[RemovedBlock]) -> int:
    doc = ImportedDocument(fmt="txt", raw=f"T\n{body}\n{len(removed)}", text=body)
    article_id, _ = lib.add_article(doc, CleanedArticle(title="T", body=body, removed=removed), [], 1)
    return article_id


def _shown_order(article) -> list[str]:
    """The body's paragraphs and the removed blocks, in the order "Show removed text" shows them."""
    html = article_html(article, show_removed=True)
    body = html.split("<hr/>", 1)[1]
    return [("-" if "restore:" in p else "")
            + re.sub(r"^Restore (user|cut) · ", "", re.sub(r"<[^>]+>", "", p)).strip()
            for p in re.findall(r"<p[^>]*>.*?</p>", body)]


def test_a_restored_block_can_be_removed_again_where_it_stood(library):
    aid = _library_article(library, "P0\n\nP1\n\nP2\n\nP3",
                           [RemovedBlock("R0", "cut", 0), RemovedBlock("R1", "cut", 2),
                            RemovedBlock("R2", "cut", 2), RemovedBlock("R3", "cut", 4)])
    library.store_entities(aid, [], 7)
    art = library.restore_removed(aid, 2)
    art = library.restore_removed(aid, 0)
    art = library.restore_removed(aid, 3)
    assert art.body.split("\n\n") == ["R0", "P0", "P1", "R2", "P2", "P3", "R3"]
    art = library.remove_again(aid, 0)
    assert art.body.split("\n\n") == ["P0", "P1", "R2", "P2", "P3", "R3"]
    assert not art.removed[0].restored and art.analyzer_version == 0
    art = library.remove_again(aid, 3)
    assert art.body.split("\n\n") == ["P0", "P1", "R2", "P2", "P3"]
    art = library.remove_again(aid, 3)  # not restored: nothing changes
    assert art.body.split("\n\n") == ["P0", "P1", "R2", "P2", "P3"]
    assert _shown_order(art) == ["-R0", "P0", "P1", "-R1", "R2", "P2", "P3", "-R3"]
    art = library.restore_removed(aid, 1)  # and back where it stood, before R2
    assert art.body.split("\n\n") == ["P0", "P1", "R1", "R2", "P2", "P3"]


def test_a_paragraph_moved_to_the_removed_text_keeps_every_position(library):
    aid = _library_article(library, "P0\n\nP1\n\nP2\n\nP3",
                           [RemovedBlock("R0", "cut", 0), RemovedBlock("R1", "cut", 2),
                            RemovedBlock("R2", "cut", 3), RemovedBlock("R3", "cut", 4)])
    body = library.get(aid).body
    library.add_highlight(aid, make_selector(body, body.index("P2"), body.index("P2") + 2), "yellow")
    library.add_highlight(aid, make_selector(body, body.index("P3"), body.index("P3") + 2), "green")
    art = library.restore_removed(aid, 1)  # R1 before P2
    assert art.body.split("\n\n") == ["P0", "P1", "R1", "P2", "P3"]
    art = library.remove_paragraph(aid, 3)  # P2, after a restored block
    assert art.body.split("\n\n") == ["P0", "P1", "R1", "P3"]
    user = next(i for i, b in enumerate(art.removed) if b.rule == "user")
    assert art.removed[user].text == "P2" and not art.removed[user].restored
    assert _shown_order(art) == ["-R0", "P0", "P1", "R1", "-P2", "-R2", "P3", "-R3"]
    art = library.remove_paragraph(aid, 0)  # P0, the first, after a removed block
    assert art.body.split("\n\n") == ["P1", "R1", "P3"]
    assert _shown_order(art) == ["-R0", "-P0", "P1", "R1", "-P2", "-R2", "P3", "-R3"]
    art = library.remove_paragraph(aid, 1)  # the restored R1: simply removed again
    assert art.body.split("\n\n") == ["P1", "P3"]
    assert sum(b.rule == "user" for b in art.removed) == 2
    assert _shown_order(art) == ["-R0", "-P0", "P1", "-R1", "-P2", "-R2", "P3", "-R3"]
    art = library.remove_paragraph(aid, 1)  # P3, the last
    assert art.body == "P1"
    assert _shown_order(art) == ["-R0", "-P0", "P1", "-R1", "-P2", "-R2", "-P3", "-R3"]
    with pytest.raises(IndexError):
        library.remove_paragraph(aid, 1)
    assert art.analyzer_version == 0 and library.mentions(aid) == []
    # Restoring puts each back where it was read.
    for text in ("P3", "P0", "R2", "P2", "R1"):
        art = library.restore_removed(aid, [b.text for b in art.removed].index(text))
    assert art.body.split("\n\n") == ["P0", "P1", "R1", "P2", "R2", "P3"]
    assert len(library.highlights(aid)) == 2  # no highlight was lost on the way


def test_the_reader_moves_a_paragraph_to_the_removed_text_and_removes_a_block_again(
        qtbot, library_path, settings, articles):
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[0])
    reader = window.reader
    select_text(window, "삼성전자와 협력해")
    window.highlight_selection("yellow")
    select_text(window, "중국과 일본")
    window.highlight_selection("green")
    pos = point_of(reader, "회사는 삼성전자와")
    assert menu_action(window, pos, "Remove again") is None
    menu_action(window, pos, "Move to removed text").trigger()
    assert "회사는 삼성전자와" not in reader.plain_text()
    assert "회사는 삼성전자와" not in window.library.get(articles[0]).body
    # The highlight after it is still where its words are; the one in it is kept, not placed.
    placed = {reader.plain_text()[s:e] for s, e in reader.highlight_ranges.values()}
    assert placed == {"중국과 일본"}
    assert len(window.library.highlights(articles[0])) == 2
    assert any(label.startswith("⚠ not found") and "삼성전자와 협력해" in label
               for label in window.notes.highlight_labels())
    idle(qtbot, window)  # names found again

    window.removed_box.click()  # "Show removed text": it is there, greyed, with Restore
    assert "회사는 삼성전자와" in reader.plain_text()
    assert menu_action(window, point_of(reader, "회사는 삼성전자와"), "Move to removed text") is None
    caption = [b.text for b in window.library.get(articles[0]).removed].index("▲ 세온반도체 사옥 전경")
    reader.anchorClicked.emit(QUrl(f"restore:{caption}"))
    idle(qtbot, window)
    assert "▲ 세온반도체 사옥 전경" in window.library.get(articles[0]).body
    again = menu_action(window, point_of(reader, "▲ 세온반도체"), "Remove again")
    assert again is not None
    again.trigger()
    idle(qtbot, window)
    assert "▲ 세온반도체 사옥 전경" not in window.library.get(articles[0]).body
    assert "▲ 세온반도체 사옥 전경" in reader.plain_text()  # shown greyed again
    user = next(i for i, b in enumerate(window.library.get(articles[0]).removed) if b.rule == "user")
    reader.anchorClicked.emit(QUrl(f"restore:{user}"))  # and the user's removal can be undone
    idle(qtbot, window)
    window.removed_box.click()
    body = window.library.get(articles[0]).body
    assert body.index("세온반도체가 미국") < body.index("회사는 삼성전자와") < body.index("업계는 중국과")
    placed = {reader.plain_text()[s:e] for s, e in reader.highlight_ranges.values()}
    assert placed == {"삼성전자와 협력해", "중국과 일본"}


# --- 5. links in the note preview ------------------------------------------------------------------

def test_note_html_links_addresses_and_known_names_only():
    html = note_html("See https://example.org/a_(b). Also [[Known]], [[Unknown]] and `https://code`.\n\n"
                     "<script>x</script> [bad](javascript:alert(1))", lambda name: name == "Known")
    assert '<a href="https://example.org/a_%28b%29"' in html and ">https://example.org/a_(b)</a>." in html
    assert 'href="wiki:Known"' in html and "[[Unknown]]" in html and "wiki:Unknown" not in html
    assert "<code>https://code</code>" in html
    assert "<script>" not in html and "javascript" not in html


def test_links_in_the_note_preview_open_pages_entities_and_articles(qtbot, library_path, settings,
                                                                    articles, monkeypatch):
    opened = []

    class Desktop:
        @staticmethod
        def openUrl(url):  # noqa: N802 - Qt's name
            opened.append(url.toString())
            return True

    monkeypatch.setattr("viewer.ui.notes_panel.QDesktopServices", Desktop)
    window = open_window(qtbot, library_path, settings)
    window.select_article(articles[1])
    window.notes.editor.setPlainText("Read https://example.org/page first.\n\n"
                                     "[[삼성전자]] · [[세온반도체, 미국 시장 진출]] · [[아무도 아닌 이름]]")
    window.notes.tabs.setCurrentIndex(1)
    preview = window.notes.preview
    links = {}
    block = preview.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if href:
                links[fragment.text()] = (href, fragment.position())
            it += 1
        block = block.next()
    assert set(links) == {"https://example.org/page", "삼성전자", "세온반도체, 미국 시장 진출"}
    assert "[[아무도 아닌 이름]]" in preview.toPlainText()  # not in the library: plain text

    # A click on the address opens it in the browser (patched here), and nothing else.
    cursor = QTextCursor(preview.document())
    cursor.setPosition(links["https://example.org/page"][1] + 3)
    qtbot.mouseClick(preview.viewport(), Qt.MouseButton.LeftButton, pos=preview.cursorRect(cursor).center())
    qtbot.waitUntil(lambda: opened == ["https://example.org/page"])
    assert window.current_id == articles[1]

    preview.anchorClicked.emit(QUrl(links["삼성전자"][0]))  # an entity: its panel
    assert window.side_tabs.currentWidget() is window.entity_panel
    assert "삼성전자" in window.entity_panel.name_label.text()
    others = [window.entity_panel.article_list.item(i).text()
              for i in range(window.entity_panel.article_list.count())]
    assert others == ["세온반도체, 미국 시장 진출"]
    preview.anchorClicked.emit(QUrl(links["세온반도체, 미국 시장 진출"][0]))  # an article: opened
    assert window.current_id == articles[0]
    preview.anchorClicked.emit(QUrl("javascript:alert(1)"))
    preview.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == ["https://example.org/page"]


# --- 6. Ctrl+Home and Ctrl+End --------------------------------------------------------------------

def test_ctrl_home_and_ctrl_end_go_to_the_start_and_the_end(qtbot, library_path, settings, long_article):
    window = open_window(qtbot, library_path, settings)
    window.select_article(long_article)
    reader, bar = window.reader, window.reader.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0)
    bottom = reader.cursorForPosition(QPoint(0, reader.viewport().height() - 30)).block().text()
    assert bottom.startswith("79번째")
    qtbot.keyClick(reader, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == 0
    assert reader.first_visible_text(4) == "긴 기사"


# --- 7. an import's count and its cancel report ---------------------------------------------------

def test_an_import_counts_from_the_start_and_a_cancel_says_what_came_in(qtbot, library_path, settings,
                                                                        tmp_path, monkeypatch):
    from viewer.core.ingest import pipeline

    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")
    folder = tmp_path / "thirty"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02}.txt").write_text(f"기사 {i}\n본문 {i}번째 문단이다. 내용이 이어진다.\n",
                                             encoding="utf-8")
    store = pipeline.store_prepared

    def slow_store(*args):  # a slow disk: time to watch the count and to cancel
        time.sleep(0.15)
        return store(*args)

    monkeypatch.setattr(pipeline, "store_prepared", slow_store)
    window = open_window(qtbot, library_path, settings)
    seen = []
    task = window.import_paths([folder])
    task.progress.connect(lambda done, total, _o: seen.append((done, total)))
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert seen[0] == (0, 30)
    assert "0/30" in window.status_label.text() and window.progress.text() == "0/30"
    qtbot.waitUntil(lambda: window.progress.value() >= 4, timeout=120000)
    window.cancel_button.click()
    qtbot.waitUntil(lambda: not window.cancel_button.isVisible(), timeout=30000)
    said = window.status_label.text()
    m = re.fullmatch(r"Cancelled: (\d+) added, (\d+) not imported", said)
    assert m, said
    added, left = int(m.group(1)), int(m.group(2))
    assert 4 <= added < 30 and added + left == 30
    assert len(window.article_titles()) == added == window.library.count()


# --- 8. closing quickly, and the note is saved -----------------------------------------------------

def test_closing_does_not_wait_for_the_warm_up_and_saves_the_note(qtbot, library_path, settings,
                                                                  articles, monkeypatch):
    gate = threading.Event()
    monkeypatch.setattr("viewer.ui.main_window.window._warm_up", lambda _task: gate.wait(30))
    try:
        window = open_window(qtbot, library_path, settings, wait=False)
        window.select_article(articles[0])
        type_text(qtbot, window.notes.editor, "닫기 직전 메모")
        window.close()
        warm_up = [t for t in window.runner.active if t.name == "warm up"]
        assert warm_up and not warm_up[0]._ended.is_set()  # closing did not wait for it
        assert not any(t.writes and not t._ended.is_set() for t in window.runner.active)
        with Library(library_path) as lib:
            assert lib.note(articles[0]) == "닫기 직전 메모"
    finally:
        gate.set()


def test_shutting_down_the_runner_waits_for_writers_not_readers(qtbot):
    from viewer.ui.tasks import TaskRunner

    runner = TaskRunner()
    gate, wrote = threading.Event(), []

    def writer(task):
        while not task.is_cancelled():
            time.sleep(0.01)
        wrote.append("rolled back")

    runner.start("reader", lambda _task: gate.wait(30))
    runner.start("writer", writer, writes=True)
    qtbot.wait(50)
    assert runner.shutdown(2000)
    assert wrote == ["rolled back"]
    assert runner.wait(2000) is False  # the reader is not waited for: the process may end now
    gate.set()
    qtbot.waitUntil(lambda: not runner.active)
    runner.deleteLater()


def test_a_call_waiting_on_the_kiwi_helper_ends_when_it_is_shut_down():
    from viewer.core.text.kiwi import KiwiClosed, KiwiProcess

    helper = KiwiProcess()
    outcome = []

    def ask():
        try:
            helper.tokenize("준비")  # the first call waits seconds for Kiwi to load
            outcome.append("answered")
        except KiwiClosed:
            outcome.append("closed")

    thread = threading.Thread(target=ask)
    thread.start()
    time.sleep(0.3)
    assert helper.busy()
    started = time.monotonic()
    helper.shutdown()
    thread.join(10)
    assert outcome == ["closed"] and time.monotonic() - started < 3
    assert helper._process is None and not helper.busy()
    with pytest.raises(KiwiClosed):
        helper.tokenize("서울")  # no new helper after a shutdown (shutdown_helper puts one in its place)
    helper.start()
    assert helper._process is None
