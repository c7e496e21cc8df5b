"""The first window, driven as a user would."""

from PySide6.QtCore import Qt

from viewer.core.library import Library
from viewer.ui.app import create_window


def wait_for_samples(qtbot, window):
    qtbot.waitUntil(lambda: window.model.rowCount() >= 6, timeout=30000)


def test_first_launch_shows_sample_titles_and_the_first_article(qtbot, library_path):
    window = create_window(library_path)
    qtbot.addWidget(window)
    window.show()
    wait_for_samples(qtbot, window)
    titles = window.article_titles()
    assert any("Tidewell" in t for t in titles)
    assert any("세온반도체" in t for t in titles)
    qtbot.waitUntil(lambda: window.current_id is not None)
    shown = window.reader.toPlainText()
    assert window.library.get(window.current_id).title in shown


def test_clicking_an_article_shows_its_cleaned_body(qtbot, library_path):
    window = create_window(library_path)
    qtbot.addWidget(window)
    window.show()
    wait_for_samples(qtbot, window)
    row = next(i for i, t in enumerate(window.article_titles()) if "Tidewell" in t)
    rect = window.list_view.visualRect(window.proxy.index(row, 0))
    qtbot.mouseClick(window.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = window.reader.toPlainText()
    assert "Tidewell Robotics" in text
    assert "Advertisement" not in text and "Sign up here" not in text
    assert "Harbor Ledger" in text  # the source, shown as metadata above the body


def test_filter_box_narrows_the_list(qtbot, library_path):
    window = create_window(library_path)
    qtbot.addWidget(window)
    window.show()
    wait_for_samples(qtbot, window)
    qtbot.keyClicks(window.filter_edit, "tidewell")
    assert len(window.article_titles()) == 1
    window.filter_edit.clear()
    assert len(window.article_titles()) >= 6


def test_import_runs_in_background_and_lists_the_new_article(qtbot, library_path, tmp_path):
    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "yes")
    f = tmp_path / "new.txt"
    f.write_text("새 기사 제목\n[누리일보 한서연 기자] 새 기사의 본문이다. 길게 쓴다.\n", encoding="cp949")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    window = create_window(library_path)
    qtbot.addWidget(window)
    window.show()
    assert window.article_titles() == []
    with qtbot.waitSignal(window.import_paths([f, bad]).done, timeout=30000):
        pass
    assert window.article_titles() == ["새 기사 제목"]
    assert "새 기사의 본문이다" in window.reader.toPlainText()
    assert "1 added, 0 duplicate, 1 failed" in window.status_label.text()


def test_list_model_passes_the_model_tester(qtbot, qtmodeltester, library_path):
    window = create_window(library_path)
    qtbot.addWidget(window)
    wait_for_samples(qtbot, window)
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)
