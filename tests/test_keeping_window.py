"""Keeping the library in the window: delete → Trash → restore → delete → empty, Undo, several
selected at once, tags, Inbox/Archive and archive-and-next, editing details."""

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from viewer.core.analysis import analyze_articles
from viewer.core.store import trash
from viewer.ui.app import create_window


def open_window(qtbot, library_path):
    window = create_window(library_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() >= 6, timeout=30000)
    qtbot.waitUntil(lambda: window.current_id is not None, timeout=10000)
    # the samples' names are found in the background, and its progress takes the status line
    from viewer.core.entities import ANALYZER_VERSION

    qtbot.waitUntil(lambda: getattr(window, "_analysis_task", None) is None
                    and not window.library.articles_needing_analysis(ANALYZER_VERSION), timeout=60000)
    qtbot.wait(100)
    return window


def click_row(qtbot, window, title_part, modifier=Qt.KeyboardModifier.NoModifier):
    row = next(i for i, t in enumerate(window.article_titles()) if title_part in t)
    rect = window.list_view.visualRect(window.proxy.index(row, 0))
    qtbot.mouseClick(window.list_view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    return row


def trigger(window, text):
    """A menu action by its label (as the user picks it from the menu bar)."""
    for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu())):
        for action in menu.actions():
            if action.text().replace("&", "") == text:
                action.trigger()
                return action
    raise AssertionError(f"no menu action {text!r}")


def wait_trash_op(qtbot, window):
    qtbot.waitUntil(lambda: window._trash_task is None, timeout=15000)
    qtbot.wait(50)


def test_delete_trash_restore_delete_empty_and_undo(qtbot, library_path, monkeypatch):
    window = open_window(qtbot, library_path)
    total = window.model.rowCount()
    click_row(qtbot, window, "Tidewell")
    aid = window.current_id
    window.notes.editor.setPlainText("robot note that must come back")
    window.notes.flush()
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_Delete)
    wait_trash_op(qtbot, window)
    assert not any("Tidewell" in t for t in window.article_titles())
    assert window.model.rowCount() == total - 1
    assert window.current_id is not None and window.current_id != aid  # the next article is open
    assert "moved to the Trash" in window.status_label.text()
    assert window.keeping_filters.trash_button.text() == "Trash (1)"

    # the Trash lists it; Restore brings it back with its note
    qtbot.mouseClick(window.keeping_filters.trash_button, Qt.MouseButton.LeftButton)
    assert window.list_stack.currentWidget() is window.trash_view
    assert any("Tidewell" in t for t in window.trash_view.titles())
    window.trash_view.list.setCurrentRow(0)
    qtbot.mouseClick(window.trash_view.restore_button, Qt.MouseButton.LeftButton)
    wait_trash_op(qtbot, window)
    assert window.trash_view.titles() == []
    assert any("Tidewell" in t for t in window.article_titles())
    back = next(s.id for s in window.model.summaries() if "Tidewell" in s.title)
    assert window.library.note(back) == "robot note that must come back"

    # delete again, then empty the Trash (it asks first; Cancel keeps it)
    window.trash_view.closeRequested.emit()
    window.select_article(back)
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_Delete)
    wait_trash_op(qtbot, window)
    answers = iter(["cancel", "delete"])

    def answer(box):
        choice = next(answers)
        for b in box.buttons():
            if (choice == "delete") == (box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole):
                box._clicked = b
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box._clicked)
    window.show_trash()
    qtbot.mouseClick(window.trash_view.empty_button, Qt.MouseButton.LeftButton)
    assert trash.trash_count(window.library) == 1
    qtbot.mouseClick(window.trash_view.empty_button, Qt.MouseButton.LeftButton)
    wait_trash_op(qtbot, window)
    assert trash.trash_count(window.library) == 0 and window.trash_view.titles() == []
    assert window.model.rowCount() == total - 1

    # Ctrl+Z brings back the last delete
    window.trash_view.closeRequested.emit()
    click_row(qtbot, window, "세온반도체")
    window.list_view.setFocus()
    qtbot.keyClick(window.list_view, Qt.Key.Key_Delete)
    wait_trash_op(qtbot, window)
    assert not any("세온반도체" in t for t in window.article_titles())
    qtbot.keyClick(window.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_trash_op(qtbot, window)
    assert any("세온반도체" in t for t in window.article_titles())
    assert "restored" in window.status_label.text()


def test_several_selected_are_tagged_archived_and_deleted_together(qtbot, library_path, monkeypatch):
    window = open_window(qtbot, library_path)
    click_row(qtbot, window, "Tidewell")
    click_row(qtbot, window, "세온반도체", Qt.KeyboardModifier.ControlModifier)
    ids = window.selected_ids()
    assert len(ids) == 2

    def fill(dialog):
        dialog.add_edit.setText("robots, 반도체 산업")
        return 1

    from viewer.ui import tag_bar

    monkeypatch.setattr(tag_bar.TagDialog, "exec", fill)
    window.tag_selected()
    assert all(window.library.tags_of(i) == ["robots", "반도체 산업"] for i in ids)
    # the sidebar lists the tags; checking one filters the list, combined with the other filters
    items = [window.keeping_filters.tag_list.item(i).text()
             for i in range(window.keeping_filters.tag_list.count())]
    assert items == ["#robots  (2)", "#반도체 산업  (2)"]
    window.keeping_filters.check_tag("robots")
    assert len(window.article_titles()) == 2
    window.search.unread_box.setChecked(True)  # both were opened: read
    assert window.article_titles() == []
    window.search.unread_box.setChecked(False)
    assert len(window.article_titles()) == 2
    window.keeping_filters.check_tag("robots", False)

    # archive both: they leave the Inbox, and show in the Archive
    window.select_article(ids[0])
    window.list_view.selectionModel().select(
        window.proxy.mapFromSource(window.model.index(window.model.row_of(ids[1]))),
        QItemSelectionModel.SelectionFlag.Select)
    assert sorted(window.selected_ids()) == sorted(ids)
    menu = window.list_context_menu()
    next(a for a in menu.actions() if a.text() == "Archive 2 articles").trigger()
    listed = [window.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
              for r in range(window.proxy.rowCount())]
    assert not set(ids) & set(listed)
    window.keeping_filters.set_state("archive")
    assert sorted(window.article_titles()) == sorted(window.library.get(i).title for i in ids)
    window.keeping_filters.set_state(None)
    assert window.model.rowCount() == window.proxy.rowCount()


def test_archive_and_next_opens_the_next_article(qtbot, library_path):
    window = open_window(qtbot, library_path)
    titles = window.article_titles()
    click_row(qtbot, window, titles[1])
    first = window.current_id
    qtbot.keyClick(window.list_view, Qt.Key.Key_E)
    assert window.library.get(first).state == "archive"
    assert titles[1] not in window.article_titles()
    assert window.library.get(window.current_id).title == titles[2]  # the one that was below
    assert titles[2] in window.reader.toPlainText()


def test_tag_bar_adds_with_completion_and_removes(qtbot, library_path):
    window = open_window(qtbot, library_path)
    click_row(qtbot, window, "Tidewell")
    tidewell = window.current_id
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.tag_bar.edit.hasFocus()
    qtbot.keyClicks(window.tag_bar.edit, "warehouse")
    qtbot.keyClick(window.tag_bar.edit, Qt.Key.Key_Return)
    assert window.library.tags_of(tidewell) == ["warehouse"]
    assert window.tag_bar.tags() == ["warehouse"]
    assert window.model.summary(tidewell).tags == ["warehouse"]
    assert "#warehouse" in window.proxy.index(window.proxy.mapFromSource(
        window.model.index(window.model.row_of(tidewell))).row(), 0).data(Qt.ItemDataRole.UserRole + 2)
    click_row(qtbot, window, "세온반도체")
    assert window.tag_bar.tags() == []
    completions = window.tag_bar.completer  # (typing would open its popup, which offscreen Qt warns about)
    completions.setCompletionPrefix("ware")
    assert completions.currentCompletion() == "warehouse"
    window.select_article(tidewell)
    qtbot.mouseClick(window.tag_bar.chips[0].button, Qt.MouseButton.LeftButton)
    assert window.library.tags_of(tidewell) == [] and window.tag_bar.tags() == []


def test_edited_details_show_and_survive_reanalysis_and_cleaning_again(qtbot, library_path, monkeypatch):
    window = open_window(qtbot, library_path)
    click_row(qtbot, window, "Tidewell")
    aid = window.current_id
    from viewer.ui.edit_dialog import EditDetailsDialog

    def edit(dialog):
        dialog.fields["published"].setText("어제")
        dialog.save()  # refused: the dialog says why and stays open
        assert not dialog.error.isHidden() and "not a date" in dialog.error.text()
        dialog.fields["published"].setText("2025-03-09")
        dialog.fields["title"].setText("Slower robots, faster sales")
        dialog.fields["author"].setText("Jane Doe; Min-ji Park")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(EditDetailsDialog, "exec", edit)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert "Slower robots, faster sales" in window.article_titles()
    assert "Slower robots, faster sales" in window.reader.toPlainText()
    assert "2025-03-09" in window.reader.toPlainText()
    analyze_articles(window.library, [aid])
    with qtbot.waitSignal(window.clean_again_selected().finished, timeout=15000) as done:
        pass
    assert done.args[0][0] == 0  # nothing the cleaner gives differs from what is kept
    article = window.library.get(aid)
    assert (article.title, article.published, article.authors) == (
        "Slower robots, faster sales", "2025-03-09", ["Jane Doe", "Min-ji Park"])
    assert "Slower robots, faster sales" in window.article_titles()


def test_delete_does_not_take_text_from_the_note_editor(qtbot, library_path):
    window = open_window(qtbot, library_path)
    total = window.model.rowCount()
    window.notes.editor.setFocus()
    qtbot.keyClicks(window.notes.editor, "abc")
    qtbot.keyClick(window.notes.editor, Qt.Key.Key_Backspace)
    assert window.notes.editor.toPlainText().endswith("ab")
    assert window.model.rowCount() == total and window._trash_task is None


def test_rename_a_tag_from_the_sidebar_and_search_within_the_archive(qtbot, library_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window = open_window(qtbot, library_path)
    click_row(qtbot, window, "Tidewell")
    tidewell = window.current_id
    window.tag_articles([tidewell], add=["robots"])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("automation", True)))
    item = window.keeping_filters.tag_list.item(0)
    rect = window.keeping_filters.tag_list.visualItemRect(item)
    view = window.keeping_filters.tag_list.viewport()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click starts so
    qtbot.mouseDClick(window.keeping_filters.tag_list.viewport(), Qt.MouseButton.LeftButton,
                      pos=rect.center())
    assert window.library.tags_of(tidewell) == ["automation"]
    assert window.keeping_filters.tag_list.item(0).text() == "#automation  (1)"
    assert window.model.summary(tidewell).tags == ["automation"]

    # the search follows the sidebar: nothing archived yet, so the Archive finds nothing
    window.keeping_filters.set_state("archive")
    qtbot.keyClicks(window.search.edit, "Tidewell")
    qtbot.waitUntil(lambda: "Nothing found" in window.search.status.text(), timeout=10000)
    window.keeping_filters.set_state("inbox")
    qtbot.waitUntil(lambda: window.search.hit_titles() != [], timeout=10000)
    assert any("Tidewell" in t for t in window.search.hit_titles())


def test_several_selected_are_marked_read_and_unread(qtbot, library_path):
    window = open_window(qtbot, library_path)
    first = window.article_titles()[0]
    click_row(qtbot, window, window.article_titles()[1])
    click_row(qtbot, window, window.article_titles()[3], Qt.KeyboardModifier.ShiftModifier)
    ids = window.selected_ids()
    assert len(ids) == 3
    menu = window.list_context_menu()
    next(a for a in menu.actions() if a.text() == "Mark 3 articles as unread").trigger()
    assert all(not window.model.summary(i).is_read for i in ids)
    assert all(not window.library.get(i).is_read for i in ids)
    next(a for a in window.list_context_menu().actions() if a.text() == "Mark 3 articles as read").trigger()
    assert all(window.library.get(i).is_read for i in ids)
    assert first in window.article_titles()


def test_a_title_made_from_the_first_sentence_invites_an_edit(qtbot, library_path, monkeypatch):
    from PySide6.QtCore import QUrl

    from viewer.ui.edit_dialog import EditDetailsDialog

    window = open_window(qtbot, library_path)
    aid = window.current_id
    window.library._db.execute("UPDATE articles SET title_derived = 1 WHERE id = ?", (aid,))
    window.render_current()
    assert "the title is the first sentence" in window.reader.toPlainText()
    assert "Give it a title…" in window.reader.toPlainText()
    seen = []

    def answer(dialog):
        seen.append(not dialog.derived_note.isHidden())
        dialog.fields["title"].setText("A title of my own")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(EditDetailsDialog, "exec", answer)
    window.reader.anchorClicked.emit(QUrl("edit:title"))  # what a click on the link sends
    assert seen == [True]
    assert window.library.get(aid).title == "A title of my own"
    assert "the title is the first sentence" not in window.reader.toPlainText()


def test_several_selected_are_deleted_together_and_one_undo_brings_them_back(qtbot, library_path):
    window = open_window(qtbot, library_path)
    total = window.model.rowCount()
    click_row(qtbot, window, "Tidewell")
    click_row(qtbot, window, "세온반도체", Qt.KeyboardModifier.ControlModifier)
    chosen = sorted(window.selected_ids())
    next(a for a in window.list_context_menu().actions() if a.text() == "Delete 2 articles").trigger()
    wait_trash_op(qtbot, window)
    assert window.model.rowCount() == total - 2
    assert not any("Tidewell" in t or "세온반도체" in t for t in window.article_titles())
    assert sorted(e.article_id for e in trash.trash_entries(window.library)) == chosen
    trigger(window, "Undo delete")
    wait_trash_op(qtbot, window)
    assert window.model.rowCount() == total and trash.trash_count(window.library) == 0
