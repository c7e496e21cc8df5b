"""Capture in the real window: paste, drop, a URL — shown clean at once, names after analysis."""

from __future__ import annotations

import json

import pytest
from local_site import CAPTURES, LocalSite
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from viewer.core.store.library import Library
from viewer.ui.app import create_window

EXPECTED = {e["file"]: e for e in json.loads((CAPTURES / "expected.json").read_text(encoding="utf-8"))}


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def empty_library(library_path):
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "test")  # no samples: an empty library
    return library_path


@pytest.fixture(autouse=True)
def clean_clipboard(qapp):
    """Each test leaves the clipboard empty: mime data Python set, still owned by the clipboard
    when the application object goes at the end of the run, crashes the interpreter's exit."""
    yield
    QApplication.clipboard().clear()
    qapp.processEvents()


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def open_window(qtbot, library_path, settings):
    window = create_window(library_path, settings, on_locked=lambda who: pytest.fail(f"locked by {who}"))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window


def idle(qtbot, window, timeout=60000):
    qtbot.waitUntil(lambda: not [t for t in window.runner.active if t.name != "warm up"], timeout=timeout)


def put_on_clipboard(html: str | None = None, text: str | None = None, urls=()) -> None:
    mime = QMimeData()
    if html is not None:
        mime.setHtml(html)
    if text is not None:
        mime.setText(text)
    if urls:
        mime.setUrls([QUrl(u) for u in urls])
    QApplication.clipboard().setMimeData(mime)


def shown(window) -> str:
    return window.reader.plain_text()


def test_an_empty_library_shows_the_ways_in_and_ctrl_v_on_the_list_adds_a_browser_copy(
        qtbot, empty_library, settings):
    window = open_window(qtbot, empty_library, settings)
    assert window.reader_stack.currentWidget() is window.empty_panel
    page = (CAPTURES / "ko_page.html").read_text(encoding="utf-8")
    put_on_clipboard(html=page, text="물류 로봇 스타트업 (the plain flavour loses the structure)")
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    expected = EXPECTED["ko_page.html"]
    qtbot.waitUntil(lambda: shown(window).startswith(expected["title"]), timeout=10000)
    assert window.reader_stack.currentWidget() is window.reader
    assert window.article_titles() == [expected["title"]]
    text = shown(window)
    for sentence in expected["body_must_contain"]:
        assert sentence in text
    for junk in expected["body_must_not_contain"]:
        assert junk not in text
    assert "www.nuritimes.example/news/articleView.html?idxno=48213" in text  # the address, as a link
    assert window.windowTitle().startswith(expected["title"])  # the script in the page never ran
    # names come after analysis, with a quiet note meanwhile
    qtbot.waitUntil(lambda: not window.names_pending_label.isVisible(), timeout=60000)
    assert any(m.text == "Tidewell Robotics" for m in window.mentions)


def test_the_empty_library_paste_button_adds_plain_text(qtbot, empty_library, settings):
    window = open_window(qtbot, empty_library, settings)
    plain = (CAPTURES / "ko_clipboard_plain.txt").read_text(encoding="utf-8")
    put_on_clipboard(text=plain)
    qtbot.mouseClick(window.empty_panel.findChild(type(window.cancel_button), "pasteButton"),
                     Qt.MouseButton.LeftButton)
    expected = EXPECTED["ko_clipboard_plain.txt"]
    qtbot.waitUntil(lambda: shown(window).startswith(expected["title"]), timeout=10000)
    assert "이도윤 기자 입력" not in shown(window)
    idle(qtbot, window)
    put_on_clipboard(text=plain)  # the same text again: a duplicate, said so
    window.paste_article()
    qtbot.waitUntil(lambda: "Already in the library" in window.status_label.text(), timeout=10000)
    assert len(window.article_titles()) == 1


def test_ctrl_v_in_the_note_editor_pastes_into_the_note(qtbot, empty_library, settings):
    window = open_window(qtbot, empty_library, settings)
    put_on_clipboard(text=(CAPTURES / "ko_clipboard_plain.txt").read_text(encoding="utf-8"))
    window.paste_article()
    qtbot.waitUntil(lambda: window.current_id is not None, timeout=10000)
    idle(qtbot, window)
    put_on_clipboard(text="my own words")
    editor = window.notes.editor
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus, timeout=3000)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "my own words" in editor.toPlainText()
    qtbot.wait(300)
    idle(qtbot, window)
    assert len(window.article_titles()) == 1  # no article was made of it


def test_a_copied_link_on_the_clipboard_is_fetched(qtbot, empty_library, settings, site):
    url = site.capture("/local/brief", "en_brief.html")
    window = open_window(qtbot, empty_library, settings)
    put_on_clipboard(text=url)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    expected = EXPECTED["en_brief.html"]
    qtbot.waitUntil(lambda: shown(window).startswith(expected["title"]), timeout=20000)
    with Library(empty_library) as lib:
        assert lib.get(lib.article_ids()[0]).url == expected["url"]


def drop(window, mime: QMimeData) -> bool:
    """Drag over the reading pane (the enter goes up to the window) and drop."""
    pos = QPointF(window.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.reader.viewport(), enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return True


def test_dropping_selected_text_and_then_a_link_imports_both(qtbot, empty_library, settings, site):
    window = open_window(qtbot, empty_library, settings)
    mime = QMimeData()
    mime.setHtml((CAPTURES / "en_clipboard_firefox.html").read_text(encoding="utf-8"))
    mime.setText("the plain flavour")
    assert drop(window, mime)
    first = EXPECTED["en_clipboard_firefox.html"]["title"]
    qtbot.waitUntil(lambda: shown(window).startswith(first), timeout=10000)
    assert "## A nap counted" not in shown(window) and "A nap counted, too" in shown(window)
    idle(qtbot, window)
    url = site.capture("/ferry", "en_page.html")
    link = QMimeData()
    link.setUrls([QUrl(url)])
    link.setText(url)
    assert drop(window, link)
    second = EXPECTED["en_page.html"]["title"]
    qtbot.waitUntil(lambda: shown(window).startswith(second), timeout=20000)
    assert sorted(window.article_titles()) == sorted([first, second])


def test_add_from_url_fetches_in_the_background_and_failures_change_nothing(
        qtbot, empty_library, settings, site):
    window = open_window(qtbot, empty_library, settings)
    missing = site.url("/gone")
    qtbot.keyClick(window.list_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.url_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.edit.setText("ftp://example.org/x")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "only http and https" in dialog.message.text()
    dialog.edit.setText(missing)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "404" in window.status_label.text(), timeout=20000)
    assert missing in window.status_label.text() and window.article_titles() == []
    assert window.reader_stack.currentWidget() is window.empty_panel
    idle(qtbot, window)
    url = site.capture("/page", "ko_page_euckr.html", "text/html")
    window.import_url(url)
    expected = EXPECTED["ko_page_euckr.html"]
    qtbot.waitUntil(lambda: shown(window).startswith(expected["title"]), timeout=20000)
    assert expected["body_must_contain"][0] in shown(window)


def test_a_slow_fetch_shows_progress_and_can_be_cancelled(qtbot, empty_library, settings, site):
    window = open_window(qtbot, empty_library, settings)
    url = site.slow("/slow", 5.0)
    window.import_url(url)
    qtbot.waitUntil(window.cancel_button.isVisible, timeout=5000)
    assert "Fetching" in window.status_label.text()
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "nothing was added" in window.status_label.text(), timeout=15000)
    # the button goes once the cancelled task has wound down (a moment later on a loaded machine)
    qtbot.waitUntil(lambda: not window.cancel_button.isVisible(), timeout=5000)
    assert window.article_titles() == []


def test_the_site_filter_lists_where_articles_came_from(qtbot, empty_library, settings):
    from viewer.core.ingest.capture import import_document
    from viewer.core.ingest.clipboard import capture_clipboard

    with Library(empty_library) as lib:
        for name in ("ko_clipboard_windows.txt", "en_clipboard_firefox.html"):
            html = (CAPTURES / name).read_bytes().decode("utf-8")
            source = "https://www.northfield.example/a" if "firefox" in name else None
            import_document(lib, capture_clipboard(html=html, source_url=source).doc, name, analyze=False)
    window = open_window(qtbot, empty_library, settings)
    combo = window.search.site_combo
    sites = [combo.itemText(i) for i in range(combo.count())]
    assert sites == ["All sites", "northfield.example", "nuritimes.example"]
    combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: window.article_titles() == [
        EXPECTED["en_clipboard_firefox.html"]["title"]], timeout=5000)
