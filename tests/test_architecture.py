"""The layering of viewer/ (docs/ARCHITECTURE.md), checked by import-linter's contracts in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold(monkeypatch):
    cli = pytest.importorskip("importlinter.cli")
    monkeypatch.chdir(ROOT)  # import-linter reads pyproject.toml from the working directory
    assert cli.lint_imports(no_cache=True, no_logo=True) == 0  # the report says which import broke one


def test_only_the_store_names_sqlite3():
    """Also for imports inside functions, which a reader of the module's head would not see."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "viewer").rglob("*.py")
                 if "store" not in p.relative_to(ROOT).parts and "sqlite3" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_no_module_over_500_lines_without_a_reason():
    long = []
    for p in (ROOT / "viewer").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        if text.count("\n") > 550 and "Longer than 500 lines because" not in text[:3000]:
            long.append(f"{p.relative_to(ROOT)}: {text.count(chr(10))} lines")
    assert long == []
