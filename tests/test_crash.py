"""Killing the app mid-typing loses no note typed more than a second before (a few trials in CI).

The full run is `python benchmarks/crash_trials.py 200`.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from crash_trials import run_trials  # noqa: E402


@pytest.mark.slow
def test_sigkill_loses_no_saved_note_and_leaves_a_sound_library(tmp_path):
    results = run_trials(3, seed=1000, workdir=tmp_path)
    assert sum(r.events for r in results) > 50  # the driver really typed
    assert sum(r.notes_checked for r in results) >= 1
    for r in results:
        assert r.notes_lost == [], r
        assert r.highlights_lost == [], r
        assert r.integrity == "ok"
        assert r.restarted
