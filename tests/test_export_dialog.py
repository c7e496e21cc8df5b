"""The export dialog, driven as a user would: format, scope, where to, Export; replacing asks first."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_export import build_library

from viewer.ui.export_dialog import ExportDialog
from viewer.ui.tasks import TaskRunner


@pytest.fixture
def setup(qtbot, library, tmp_path):
    ids = build_library(library, tmp_path / "sources")
    runner = TaskRunner(max_threads=1)
    made = []

    def make(current_id=ids["kelp"], selected_ids=(ids["kelp"], ids["cranes"])):
        dialog = ExportDialog(library, runner, current_id, list(selected_ids))
        qtbot.addWidget(dialog)
        dialog.show()
        made.append(dialog)
        return dialog

    yield make, ids, runner
    runner.cancel_all()
    runner.wait()


def click_export(qtbot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def wait_done(qtbot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)


def test_markdown_of_the_whole_library_appears_in_the_chosen_folder(qtbot, setup, tmp_path):
    make, _ids, _runner = setup
    dialog = make()
    exported = []
    dialog.exported.connect(exported.append)
    out = tmp_path / "내보내기 폴더"
    dialog.set_format("md")
    dialog.set_scope("library")
    dialog.set_output(out)  # Hangul goes in as text: typing it with key clicks is not possible offscreen
    click_export(qtbot, dialog)
    assert dialog.task is not None and not dialog.export_button.isEnabled()
    wait_done(qtbot, dialog)
    assert dialog.error == ""
    assert sorted(p.name for p in out.glob("*.md")) == sorted([
        "AI 반도체 다음 10년.md", "Eastvale cranes switch to shore power.md",
        "바다숲 복원 사업 세 해째 (파도신문).md", "바다숲 복원 사업 세 해째.md"])
    assert "Exported 4 articles" in dialog.status_label.text()
    assert [r.out for r in exported] == [out] and dialog.export_button.isEnabled()


def test_scopes_current_and_selected(qtbot, setup, tmp_path):
    make, ids, _runner = setup
    dialog = make()
    assert dialog.scope() == "selected"  # more than one article is selected
    dialog.set_format("json")
    dialog.set_output(tmp_path / "picked.json")
    click_export(qtbot, dialog)
    wait_done(qtbot, dialog)
    doc = json.loads((tmp_path / "picked.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in doc["articles"]] == sorted([ids["kelp"], ids["cranes"]])

    dialog.set_format("vault")
    dialog.set_scope("current")
    dialog.set_output(tmp_path / "vault")
    click_export(qtbot, dialog)
    wait_done(qtbot, dialog)
    assert [p.name for p in (tmp_path / "vault" / "articles").iterdir()] == ["바다숲 복원 사업 세 해째.md"]
    assert (tmp_path / "vault" / "index.md").is_file()


def test_scopes_that_do_not_apply_are_disabled(qtbot, setup):
    make, _ids, _runner = setup
    dialog = make(current_id=None, selected_ids=())
    assert dialog.scope() == "library" and dialog.article_ids() is None
    assert not dialog.scope_buttons["current"].isEnabled()
    assert not dialog.scope_buttons["selected"].isEnabled()
    with pytest.raises(ValueError):
        dialog.set_scope("selected")


def test_replacing_an_export_asks_first(qtbot, setup, tmp_path):
    make, _ids, _runner = setup
    dialog = make()
    out = tmp_path / "export"
    out.mkdir()
    (out / "old page.md").write_text("이전 내보내기", encoding="utf-8")
    dialog.set_format("md")
    dialog.set_scope("library")
    dialog.set_output(out)

    click_export(qtbot, dialog)
    box = dialog.overwrite_box
    assert box is not None and box.isVisible() and dialog.task is None
    assert str(out) in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert dialog.overwrite_box is None and dialog.task is None
    assert [p.name for p in out.iterdir()] == ["old page.md"]
    assert dialog.status_label.text() == "Nothing was exported."

    click_export(qtbot, dialog)
    assert dialog.overwrite_box is not None
    task = dialog.answer_overwrite(True)
    assert task is not None
    wait_done(qtbot, dialog)
    assert len(list(out.glob("*.md"))) == 5
    assert (out / "old page.md").read_text(encoding="utf-8") == "이전 내보내기"  # not ours: left alone


def test_replacing_a_file_asks_too(qtbot, setup, tmp_path):
    make, _ids, _runner = setup
    dialog = make()
    out = tmp_path / "notes.html"
    out.write_text("old", encoding="utf-8")
    dialog.set_format("html")
    dialog.set_output(out)
    click_export(qtbot, dialog)
    assert dialog.overwrite_box is not None
    dialog.answer_overwrite(False)
    assert out.read_text(encoding="utf-8") == "old"
    click_export(qtbot, dialog)
    dialog.answer_overwrite(True)
    wait_done(qtbot, dialog)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cancel_stops_the_export_and_writes_nothing(qtbot, setup, tmp_path):
    make, _ids, runner = setup
    dialog = make()
    gate = threading.Event()
    runner.start("blocker", lambda _t: gate.wait(30))  # holds the only worker thread
    dialog.set_format("vault")
    dialog.set_scope("library")
    dialog.set_output(tmp_path / "vault")
    click_export(qtbot, dialog)
    assert dialog.close_button.text() == "Cancel"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == "Cancelling…" and dialog.isVisible()
    gate.set()
    wait_done(qtbot, dialog)
    assert dialog.last_result is not None and dialog.last_result.cancelled
    assert not (tmp_path / "vault").exists()
    assert "cancelled" in dialog.status_label.text()
    assert dialog.close_button.text() == "Close"


def test_an_output_of_the_wrong_kind_is_refused_with_a_reason(qtbot, setup, tmp_path):
    make, _ids, _runner = setup
    dialog = make()
    (tmp_path / "a file").write_text("x", encoding="utf-8")
    dialog.set_format("md")
    dialog.set_output(tmp_path / "a file")
    click_export(qtbot, dialog)
    assert dialog.task is None and dialog.overwrite_box is None
    assert "is a file" in dialog.error and "is a file" in dialog.status_label.text()


def test_changing_the_format_fits_the_path_to_it(qtbot, setup, tmp_path):
    make, _ids, _runner = setup
    dialog = make()
    dialog.set_format("json")
    dialog.set_output(tmp_path / "기사 모음.json")
    dialog.set_format("html")
    assert dialog.output_path() == tmp_path / "기사 모음.html"
    dialog.set_format("vault")
    assert dialog.output_path() == tmp_path / "기사 모음"
    dialog.set_format("pdf")
    assert dialog.output_path() == tmp_path / "기사 모음.pdf"
    dialog.set_output(tmp_path / "Article Viewer export.pdf")
    dialog.set_format("md")
    assert dialog.output_path() == tmp_path / "Article Viewer export"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_pdf_export_from_the_dialog(qtbot, setup, tmp_path):
    make, _ids, _runner = setup
    dialog = make()
    dialog.set_format("pdf")
    dialog.set_scope("current")
    out = tmp_path / "기사.pdf"
    dialog.set_output(out)
    click_export(qtbot, dialog)
    wait_done(qtbot, dialog)
    assert dialog.error == ""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "해조류 회복 확인" in text and "Eastvale" not in text
    assert "연구소는 내년에 포항 앞바다로 사업을 넓힌다." in text  # the article's text, by default


def test_closing_mid_export_cancels_then_closes(qtbot, setup, tmp_path):
    make, _ids, runner = setup
    dialog = make()
    gate = threading.Event()
    runner.start("blocker", lambda _t: gate.wait(30))
    dialog.set_format("json")
    dialog.set_output(tmp_path / "b.json")
    click_export(qtbot, dialog)
    dialog.reject()
    assert dialog.isVisible()
    gate.set()
    wait_done(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not Path(tmp_path / "b.json").exists()
