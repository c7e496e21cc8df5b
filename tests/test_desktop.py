"""Desktop integration: --install-desktop and its icons, Help → About, Help → Keyboard shortcuts."""

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from viewer.cli import main
from viewer.core.resources import resource
from viewer.core.store.library import Library
from viewer.desktop import DESKTOP_FILE, ICON_NAME, ICON_SIZES, desktop_entry, launch_command, png_name


def _entry(data: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string((data / "applications" / DESKTOP_FILE).read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def _installed(data: Path) -> list[Path]:
    icons = data / "icons" / "hicolor"
    return ([icons / f"{n}x{n}" / "apps" / f"{ICON_NAME}.png" for n in ICON_SIZES]
            + [icons / "scalable" / "apps" / f"{ICON_NAME}.svg", data / "applications" / DESKTOP_FILE])


def test_install_desktop_writes_a_valid_entry_and_the_icons(tmp_path, monkeypatch, capsys):
    data = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    assert main(["--install-desktop"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"wrote {p}" for p in _installed(data)]  # one line per file
    entry = _entry(data)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Article Viewer"
    assert entry["Icon"] == "article-viewer"
    assert entry["Terminal"] == "false"
    program = entry["Exec"].split()[0]
    assert Path(program).is_absolute() and entry["Exec"].endswith(" --open %F")
    assert entry["TryExec"] == program
    assert set(entry["MimeType"].rstrip(";").split(";")) == {"text/plain", "text/markdown", "text/html"}
    assert entry["Categories"].rstrip(";").split(";") == ["Office", "Viewer", "News"]
    png = data / "icons" / "hicolor" / "256x256" / "apps" / "article-viewer.png"
    assert png.read_bytes() == resource("icons", png_name(256)).read_bytes()
    assert not [p for p in data.rglob("*.tmp")]  # no temporary file left behind

    assert main(["--install-desktop"]) == 0  # twice is fine: the same files, replaced
    assert len(capsys.readouterr().out.splitlines()) == len(_installed(data))
    assert _entry(data)["Icon"] == "article-viewer"

    assert main(["--uninstall-desktop"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sorted(out) == sorted(f"removed {p}" for p in _installed(data))
    assert not any(p.exists() for p in _installed(data))
    assert main(["--uninstall-desktop"]) == 0  # nothing left: says so, still fine
    assert capsys.readouterr().out.startswith("nothing to remove")


def test_the_data_folder_defaults_to_local_share(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["--install-desktop"]) == 0
    assert (tmp_path / ".local" / "share" / "applications" / DESKTOP_FILE).is_file()
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # the spec says to ignore a relative one
    assert main(["--uninstall-desktop"]) == 0
    assert not (tmp_path / ".local" / "share" / "applications" / DESKTOP_FILE).exists()
    capsys.readouterr()


def test_an_unwritable_target_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "share"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert main(["--install-desktop"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("article-viewer: ") and str(blocker) in lines[0]


def test_a_failure_part_way_changes_nothing(tmp_path, monkeypatch, capsys):
    import viewer.desktop

    data = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    real = viewer.desktop.tempfile.mkstemp

    def refuse_applications(*args, dir, **kwargs):
        if Path(dir).name == "applications":  # the last file: the icons are staged by then
            raise PermissionError(13, "Permission denied")
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(viewer.desktop.tempfile, "mkstemp", refuse_applications)
    assert main(["--install-desktop"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"article-viewer: {data / 'applications'}: cannot write there: Permission denied"]
    assert not [p for p in data.rglob("*") if p.is_file()]  # not even the icons: all or nothing


def test_exec_quotes_what_the_spec_reserves():
    assert desktop_entry(["/home/a b/bin/article-viewer"]).count(
        'Exec="/home/a b/bin/article-viewer" --open %F') == 1
    assert 'Exec="/x/\\\\$y 100%%/av" --open %F' in desktop_entry(["/x/$y 100%/av"])


def test_the_command_is_the_running_script_or_python(tmp_path):
    script = tmp_path / "bin" / "article-viewer"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    assert launch_command(str(script)) == [str(script.resolve())]
    assert launch_command(str(ROOT / "main.py")) == [sys.executable, str(ROOT / "main.py")]
    assert launch_command(str(ROOT / "viewer" / "__main__.py")) == [sys.executable, "-m", "viewer"]


def test_open_hands_the_files_to_the_window_which_imports_them(tmp_path, monkeypatch, qtbot):
    import viewer.ui.app
    from viewer.ui.app import create_window, import_when_shown

    opened = []
    monkeypatch.setattr(viewer.ui.app, "run",
                        lambda library, open_paths: opened.append((library, open_paths)) or 0)
    lib_path = tmp_path / "library.sqlite"
    article = tmp_path / "opened.md"
    article.write_text("---\ntitle: Opened from the desktop\n---\n\nA body of some length.\n",
                       encoding="utf-8")
    assert main(["--library", str(lib_path), "--open", str(article)]) == 0
    assert opened == [(str(lib_path), [str(article)])]
    with Library(lib_path) as lib:
        lib.set_setting("samples_offered", "yes")
    window = create_window(lib_path)
    qtbot.addWidget(window)
    window.show()
    import_when_shown(window, [str(article)])
    qtbot.waitUntil(lambda: window.article_titles() == ["Opened from the desktop"], timeout=30000)


def test_the_icons_are_resources_and_the_svg_renders(qapp):
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    svg = resource("icons", f"{ICON_NAME}.svg")
    assert svg.is_file()
    for size in ICON_SIZES:
        image = QImage()
        assert image.loadFromData(resource("icons", png_name(size)).read_bytes(), "PNG")
        assert (image.width(), image.height()) == (size, size)
    renderer = QSvgRenderer(QByteArray(svg.read_bytes()))
    assert renderer.isValid()
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    opaque = sum(image.pixelColor(x, y).alpha() > 0 for x in range(64) for y in range(64))
    assert opaque > 64 * 64 // 3  # a page, not a blank square


def test_the_pngs_are_up_to_date_with_the_svg():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_icons.py"), "--check"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_a_non_editable_install_has_the_icons(tmp_path):
    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet",
         "--target", str(target), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0 and "setuptools" in proc.stderr:
        pytest.skip("setuptools is not installed in this environment")
    assert proc.returncode == 0, proc.stderr
    code = ("from viewer.core.resources import resource; from viewer.desktop import ICON_SIZES, png_name;"
            "print(resource('icons', 'article-viewer.svg'));"
            "print(all(resource('icons', png_name(n)).is_file() for n in ICON_SIZES))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(target)}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    svg, all_pngs = proc.stdout.splitlines()
    assert svg.startswith(str(target)) and all_pngs == "True"


# --- the window -------------------------------------------------------------------------------------


def _window(qtbot, library_path):
    from viewer.ui.app import create_window

    with Library(library_path) as lib:
        lib.set_setting("samples_offered", "yes")  # an empty library, no background import
    window = create_window(library_path)
    qtbot.addWidget(window)
    window.show()
    return window


def _menu_action(window, menu: str, text: str):
    top = next(a for a in window.menuBar().actions() if a.text().replace("&", "") == menu)
    return next(a for a in top.menu().actions() if a.text().replace("&", "") == text)


def test_the_window_has_the_icon_and_help_is_the_last_menu(qtbot, library_path):
    window = _window(qtbot, library_path)
    assert not window.windowIcon().isNull()
    assert window.windowIcon().availableSizes()  # the renders, not an empty icon
    assert window.menuBar().actions()[-1].text().replace("&", "") == "Help"


def test_help_about_shows_the_version_the_files_and_the_licences(qtbot, library_path, tmp_path):
    from viewer import __version__
    from viewer.ui.about import AboutDialog

    window = _window(qtbot, library_path)
    _menu_action(window, "Help", "About Article Viewer").trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text()
    assert __version__ in text
    assert str(library_path) in text
    assert "article-viewer.log" in text
    for name in ("MIT", "PySide6", "LGPL", "Python-Markdown", "kiwipiepy", "trafilatura", "CC BY-SA",
                 "KLUE", "Park et al., 2021"):
        assert name in text, name
    assert dialog.licences.openExternalLinks()
    _menu_action(window, "Help", "About Article Viewer").trigger()  # again: the same dialog, raised
    assert len([d for d in window.findChildren(AboutDialog) if d.isVisible()]) == 1
    shots = Path("/tmp/shots")
    if shots.is_dir():
        dialog.grab().save(str(shots / "about.png"))


def test_help_keyboard_shortcuts_lists_every_shortcut_by_menu(qtbot, library_path):
    from viewer.ui.shortcuts_dialog import ShortcutsDialog

    window = _window(qtbot, library_path)
    _menu_action(window, "Help", "Keyboard shortcuts").trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    assert ("Article", "Highlight selection", "Ctrl+H") in rows
    assert ("Help", "Keyboard shortcuts", "F1") in rows
    assert any(r[1] == "Next article" and r[2] == "Alt+Down, Ctrl+]" for r in rows)
    with_keys = {a.text().replace("&", "") for a in window.actions() if a.shortcuts()}
    assert with_keys <= {r[1] for r in rows}  # none missing: they are read from the actions
    qtbot.keyClicks(dialog.search, "highlight")
    assert {r[1] for r in dialog.rows()} == {"Highlight selection", "Highlight with note…"}
    dialog.search.setText("ctrl+shift+h")
    assert [r[1] for r in dialog.rows()] == ["Highlight with note…"]
    dialog.search.clear()
    assert dialog.rows() == rows
    shots = Path("/tmp/shots")
    if shots.is_dir():
        dialog.grab().save(str(shots / "shortcuts.png"))
