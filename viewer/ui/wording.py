"""Words the window shows with a number."""

from __future__ import annotations


def counted(n: int, noun: str) -> str:
    """`1 article`, `3 articles` (English nouns that take -s)."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
