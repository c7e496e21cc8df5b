"""Anchoring highlights to text: exact quote with prefix/suffix context, re-found when text changes.

A highlight is stored as a W3C-style TextQuoteSelector (quote, prefix, suffix) plus a
TextPositionSelector (start). To place it in a text that may have changed, the quote is searched
for; among several occurrences the one whose context and position match best wins. A quote that
is no longer in the text leaves the highlight orphaned (shown in a list, never dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32
MAX_CANDIDATES = 1000  # occurrences of one quote compared at most
NEAR_WINDOW = 4096  # characters either side of the old offset, looked at first
NEAR_CANDIDATES = 32
SPENT_NEAR_CANDIDATES = 4
ANCHOR_BUDGET = 20_000  # occurrences compared for all highlights of one article together


@dataclass(frozen=True)
class Selector:
    quote: str
    prefix: str
    suffix: str
    start: int


def make_selector(text: str, start: int, end: int, context: int = CONTEXT) -> Selector:
    """Describe text[start:end] so that it can be found again."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad range {start}-{end} for a text of {len(text)} characters")
    return Selector(
        quote=text[start:end],
        prefix=text[max(0, start - context):start],
        suffix=text[end:end + context],
        start=start,
    )


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def anchor(text: str, selector: Selector, max_candidates: int = MAX_CANDIDATES) -> tuple[int, int] | None:
    """Where the selector's quote stands in `text` now, or None if it is gone (orphaned)."""
    return _anchor(text, selector, max_candidates)[0]


def anchor_all(text: str, selectors: list[Selector],
               budget: int = ANCHOR_BUDGET) -> list[tuple[int, int] | None]:
    """anchor() for many selectors in one text, with a shared allowance of candidates looked at.

    Highlights that stand where they were cost nothing; once thousands of moved ones have used
    the allowance, each of the rest looks at its nearest occurrences only, so that opening an
    article stays quick whatever a library holds.
    """
    out = []
    for selector in selectors:
        if budget > 0:
            found, looked = _anchor(text, selector, min(MAX_CANDIDATES, budget))
        else:  # allowance spent: the nearest few occurrences only
            found, looked = _anchor(text, selector, 0, near=SPENT_NEAR_CANDIDATES)
        budget -= looked
        out.append(found)
    return out


def _context_score(text: str, pos: int, selector: Selector) -> int:
    end = pos + len(selector.quote)
    return _common_suffix(text[max(0, pos - CONTEXT):pos], selector.prefix) + _common_prefix(
        text[end:end + CONTEXT], selector.suffix)


def _anchor(text: str, selector: Selector, max_candidates: int,
            near: int = NEAR_CANDIDATES) -> tuple[tuple[int, int] | None, int]:
    """(where the quote stands, how many occurrences were compared)."""
    quote = selector.quote
    if not quote:
        return None, 0
    start = selector.start
    if text[start:start + len(quote)] == quote:
        before = text[max(0, start - len(selector.prefix)):start]
        if before == selector.prefix:
            return (start, start + len(quote)), 0
    full = len(selector.prefix) + len(selector.suffix)
    best: tuple[float, int] | None = None
    looked = 0

    def consider(pos: int) -> None:
        nonlocal best, looked
        looked += 1
        ctx = _context_score(text, pos, selector)
        # Context decides; nearness to the old offset breaks ties.
        score = ctx * 1000 - min(abs(pos - start), 999)
        if best is None or score > best[0]:
            best = (score, pos)

    # Near the old place first: after an edit the quote has usually moved only a little, and
    # an occurrence there with its whole context cannot be beaten by one further away.
    lo, hi = max(0, start - NEAR_WINDOW), start + NEAR_WINDOW + len(quote)
    pos = text.find(quote, lo, hi)
    while pos >= 0 and looked < near:
        consider(pos)
        pos = text.find(quote, pos + 1, hi)
    if max_candidates and (best is None or best[0] < full * 1000 - 999 or pos >= 0):
        # Then the whole text: the first max_candidates occurrences of a short quote at most.
        pos, seen = text.find(quote), 0
        while pos >= 0 and seen < max_candidates:
            seen += 1
            consider(pos)
            pos = text.find(quote, pos + 1)
    if best is None:
        return None, looked
    return (best[1], best[1] + len(quote)), looked
