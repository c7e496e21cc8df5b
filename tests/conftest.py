import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture
def library(library_path: Path):
    from viewer.core.library import Library

    lib = Library(library_path)
    yield lib
    lib.close()


def needs_seeds():
    return pytest.mark.skipif(not (SEEDS / "gold.json").is_file(), reason="../shared/seeds is absent")
