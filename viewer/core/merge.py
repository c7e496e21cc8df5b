"""Three-way merge of a note edited in two places (this window, and the CLI or another window)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# Past this many tokens a side, the merge compares lines (SequenceMatcher is quadratic at worst).
_TOKENS_MAX = 20_000


def _tokens(text: str, by_line: bool) -> list[str]:
    return text.splitlines(keepends=True) if by_line else _TOKEN.findall(text)


def _edits(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, replacement) in base token positions that turn base into other."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def merge_notes(base: str, mine: str, theirs: str) -> str | None:
    """Both sides' changes to base applied together, or None where they touch the same place.

    Changes conflict when their ranges of base overlap or meet (two insertions at one point, an
    insertion at the edge of a replaced stretch): then only the user can say what the note is.
    """
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    by_line = max(len(base), len(mine), len(theirs)) > _TOKENS_MAX * 4
    b = _tokens(base, by_line)
    ours, others = _edits(b, _tokens(mine, by_line)), _edits(b, _tokens(theirs, by_line))
    edits: list[tuple[int, int, list[str]]] = []
    i = j = 0
    while i < len(ours) or j < len(others):
        x = ours[i] if i < len(ours) else None
        y = others[j] if j < len(others) else None
        if x is not None and y is not None:
            if x == y:  # the same change made on both sides
                edits.append(x)
                i, j = i + 1, j + 1
                continue
            if x[0] <= y[1] and y[0] <= x[1]:
                return None
            if x[0] < y[0]:
                edits.append(x)
                i += 1
            else:
                edits.append(y)
                j += 1
        elif x is not None:
            edits.append(x)
            i += 1
        else:
            edits.append(y)  # type: ignore[arg-type]
            j += 1
    out, pos = [], 0
    for start, end, replacement in edits:
        out += b[pos:start]
        out += replacement
        pos = end
    out += b[pos:]
    return "".join(out)
