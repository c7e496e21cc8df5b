"""Finding the files in resources/, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def resource_root() -> Traversable:
    """The resources folder: package data once installed, the checkout's folder otherwise."""
    try:
        root = resources.files("viewer.resources")
        if root.joinpath("cleaning_rules.txt").is_file():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Traversable:
    """One file or folder under resources/."""
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_resource_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")
