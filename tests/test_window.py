"""The first window, driven as a user would."""

from PySide6.QtCore import Qt

from viewer.core.store.library import Library
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
    qtbot.waitUntil(lambda: "새 기사의 본문이다" in window.reader.toPlainText(), timeout=5000)
    assert "1 added, 0 duplicate, 1 failed" in window.status_label.text()


def test_list_model_passes_the_model_tester(qtbot, qtmodeltester, library_path):
    window = create_window(library_path)
    qtbot.addWidget(window)
    wait_for_samples(qtbot, window)
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)


def _library_of(path, n):
    """n small articles, newest last, already analysed (so no background analysis starts)."""
    from viewer.core.entities import ANALYZER_VERSION
    from viewer.core.ingest.importers import clean_document, read_document

    folder = path.parent / "articles"
    folder.mkdir()
    with Library(path) as lib:
        lib.set_setting("samples_offered", "yes")
        for i in range(n):
            f = folder / f"a{i}.md"
            f.write_text(f"---\ntitle: Article {i:02d}\ndate: 2024-01-{i + 1:02d}\n---\n\n"
                         f"Body of article number {i}.\n", encoding="utf-8")
            doc = read_document(f)
            lib.add_article(doc, clean_document(doc), [], ANALYZER_VERSION)


def _paged(monkeypatch, page: int, chunk: int = 2000) -> None:
    """Make the window page even a small list: `page` rows at once, then `chunk` rows a turn."""
    from viewer.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "LIST_SYNC_MAX", 0)
    monkeypatch.setattr(MainWindow, "LIST_PAGE", page)
    monkeypatch.setattr(MainWindow, "LIST_CHUNK", chunk)


def _open(qtbot, library_path):
    window = create_window(library_path)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_long_list_shows_its_first_page_then_fills_in(qtbot, qtmodeltester, library_path, monkeypatch):
    _paged(monkeypatch, page=4, chunk=3)
    _library_of(library_path, 11)
    window = _open(qtbot, library_path)
    assert len(window.article_titles()) == 4  # the window shows before the rest is read
    assert window.status_label.text() == "11 articles"
    with qtbot.waitSignal(window.list_loaded, timeout=10000):
        pass
    titles = window.article_titles()
    assert titles == [f"Article {i:02d}" for i in range(10, -1, -1)]  # newest first, none twice
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)
    qtbot.keyClicks(window.filter_edit, "Article 00")  # the last row, read in the background
    assert window.article_titles() == ["Article 00"]


def test_the_last_article_read_is_reopened_even_beyond_the_first_page(qtbot, library_path, monkeypatch):
    _paged(monkeypatch, page=3, chunk=2)
    _library_of(library_path, 9)
    with Library(library_path) as lib:
        oldest = next(s.id for s in lib.summaries() if s.title == "Article 00")
        lib.set_setting("last_article", str(oldest))
    window = _open(qtbot, library_path)
    assert window.current_id == oldest  # shown at once, though its row is not read yet
    assert "Body of article number 0." in window.reader.toPlainText()
    qtbot.waitUntil(lambda: not window.list_loading, timeout=10000)
    current = window.list_view.currentIndex()
    assert current.isValid() and current.data() == "Article 00"  # and selected once it arrives


def test_an_imported_article_is_opened_once_the_import_ends(qtbot, library_path, tmp_path):
    _library_of(library_path, 2)
    window = _open(qtbot, library_path)
    before = window.current_id
    assert before is not None
    f = tmp_path / "new.txt"
    f.write_text("새로 들여온 기사\n새로 들여온 기사의 본문이다.\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_paths([f]).done, timeout=30000):
        pass
    qtbot.waitUntil(lambda: window.current_id != before, timeout=5000)
    assert "새로 들여온 기사의 본문이다" in window.reader.toPlainText()
    assert window.list_view.currentIndex().data() == "새로 들여온 기사"


def test_filter_on_a_long_list_applies_once_typing_pauses(qtbot, library_path, monkeypatch):
    from viewer.ui.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "FILTER_NOW_MAX", 5)
    _paged(monkeypatch, page=4)
    _library_of(library_path, 11)
    window = _open(qtbot, library_path)
    qtbot.waitUntil(lambda: not window.list_loading, timeout=10000)
    qtbot.keyClicks(window.filter_edit, "article 0")
    assert len(window.article_titles()) == 11  # still typing
    qtbot.waitUntil(lambda: len(window.article_titles()) == 10, timeout=3000)  # Article 00 … 09
    assert "Article 10" not in window.article_titles()
    window.select_article(window.model.ids()[0])  # Article 10: the filter is cleared to show it
    assert window.list_view.currentIndex().data() == "Article 10"


def test_counts_read_as_english(qtbot, library_path):
    _library_of(library_path, 1)
    window = _open(qtbot, library_path)
    assert window.status_label.text() == "1 article"
