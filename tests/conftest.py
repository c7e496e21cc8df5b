import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app's log goes to a throwaway folder, not the user's (also for the CLI run as a subprocess).
os.environ.setdefault("ARTICLE_VIEWER_LOG_DIR",
                      os.path.join(tempfile.gettempdir(), "article-viewer-test-log"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture
def library(library_path: Path):
    from viewer.core.store.library import Library

    lib = Library(library_path)
    yield lib
    lib.close()


def needs_seeds():
    return pytest.mark.skipif(not (SEEDS / "gold.json").is_file(), reason="../shared/seeds is absent")


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A modal dialog would block a test run forever: make one fail the test instead."""
    try:
        from PySide6.QtWidgets import QInputDialog, QMessageBox
    except ImportError:
        return

    def refuse(*args, **kwargs):
        raise AssertionError(f"a modal dialog was opened: {args[1:3] if len(args) > 2 else args}")

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(refuse))
