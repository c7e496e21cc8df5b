"""Anchoring highlights to text: exact quote with prefix/suffix context, re-found when text changes.

A highlight is stored as a W3C-style TextQuoteSelector (quote, prefix, suffix) plus a
TextPositionSelector (start). To place it in a text that may have changed, the quote is searched
for; among several occurrences the one whose context and position match best wins. A quote that
is no longer in the text leaves the highlight orphaned (shown in a list, never dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32
MAX_CANDIDATES = 1000


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


def anchor(text: str, selector: Selector) -> tuple[int, int] | None:
    """Where the selector's quote stands in `text` now, or None if it is gone (orphaned)."""
    quote = selector.quote
    if not quote:
        return None
    if text[selector.start:selector.start + len(quote)] == quote:
        before = text[max(0, selector.start - len(selector.prefix)):selector.start]
        if before == selector.prefix:
            return selector.start, selector.start + len(quote)
    best: tuple[float, int] | None = None
    pos = text.find(quote)
    looked = 0
    # A short quote may stand thousands of times in a long text: the first MAX_CANDIDATES do, so
    # that placing thousands of highlights stays a matter of milliseconds each.
    while pos >= 0 and looked < MAX_CANDIDATES:
        looked += 1
        ctx = _common_suffix(text[max(0, pos - CONTEXT):pos], selector.prefix) + _common_prefix(
            text[pos + len(quote):pos + len(quote) + CONTEXT], selector.suffix
        )
        # Context decides; nearness to the old offset breaks ties.
        score = ctx * 1000 - min(abs(pos - selector.start), 999)
        if best is None or score > best[0]:
            best = (score, pos)
        pos = text.find(quote, pos + 1)
    if best is None:
        return None
    return best[1], best[1] + len(quote)
