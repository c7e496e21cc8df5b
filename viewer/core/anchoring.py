"""Anchoring highlights to text: exact quote with prefix/suffix context, re-found when text changes.

A highlight is stored as a W3C-style TextQuoteSelector (quote, prefix, suffix) plus a
TextPositionSelector (start). To place it in a text that may have changed, the quote is searched
for; among several occurrences the one whose context and position match best wins. A quote that
is no longer in the text leaves the highlight orphaned (shown in a list, never dropped).
"""

from __future__ import annotations

import re
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


# --- one coordinate system: the body ---------------------------------------------------------

_MARKUP = frozenset("*_#>`[]()!|~\\-+=:.0123456789 \n")


class ReadingMap:
    """Where each character of an article's body stands in its reading text, and back.

    Highlight positions count characters of the article's **body** (the Markdown the library
    stores); the reading pane shows the rendered text, where Markdown syntax is gone, paragraphs
    are one line apart and the title, deck and meta line come first. The map aligns the two,
    left to right: equal characters are paired, characters of either side that have no partner
    (markup, link targets, added blank lines, the heading) are skipped, and after a mismatch the
    alignment finds its place again by looking a little ahead.
    """

    LOOKAHEAD = 64  # characters of the body searched for what the reading text goes on with

    def __init__(self, body: str, reading: str) -> None:
        self.body, self.reading = body, reading
        to_reading: list[int] = [0] * (len(body) + 1)
        to_body: list[int] = [0] * (len(reading) + 1)
        self.origin = origin = _body_origin(body, reading)  # where the body's text begins
        b, r = 0, origin
        nb, nr = len(body), len(reading)
        while b < nb and r < nr:
            if body[b] == reading[r]:  # a run of equal text, paired by slices (most of an article)
                n = _common_run(body, b, reading, r)
                to_reading[b:b + n] = range(r, r + n)
                to_body[r:r + n] = range(b, b + n)
                b, r = b + n, r + n
                continue
            if body[b].isspace() and reading[r].isspace():
                to_reading[b], to_body[r] = r, b
                b, r = b + 1, r + 1
                continue
            ahead = -1
            sizes = ((4, self.LOOKAHEAD), (2, self.LOOKAHEAD), (1, 8)) if body[b] in _MARKUP else ((4, 8),)
            for size, reach in sizes:
                probe = reading[r:r + size]
                if probe.strip():
                    ahead = body.find(probe, b + 1, b + reach + len(probe))
                    if ahead > 0:
                        break
            if ahead > 0:  # body characters with no partner (markup, a link's address): skip them
                to_reading[b:ahead] = [r] * (ahead - b)
                b = ahead
                continue
            # a reading character with no partner in the body (a bullet, a notice): skip it
            to_body[r] = b
            r += 1
        to_reading[b:] = [min(r, nr)] * (nb + 1 - b)
        to_body[r:] = [min(b, nb)] * (nr + 1 - r)
        self.to_reading, self.to_body = to_reading, to_body

    def body_range(self, start: int, end: int) -> tuple[int, int]:
        """The body range of a reading-text range (a selection)."""
        s = self.to_body[max(0, min(start, len(self.reading)))]
        e = self.to_body[max(0, min(end - 1, len(self.reading) - 1))] + 1 if end > start else s
        return s, max(s, min(e, len(self.body)))

    def reading_range(self, start: int, end: int) -> tuple[int, int]:
        """The reading-text range of a body range (a stored highlight)."""
        s = self.to_reading[max(0, min(start, len(self.body)))]
        e = self.to_reading[max(0, min(end - 1, len(self.body) - 1))] + 1 if end > start else s
        return s, max(s, min(e, len(self.reading)))


_last_map: list[ReadingMap] = []


def reading_map(body: str, reading: str) -> ReadingMap:
    """The ReadingMap of an article as shown, kept for the next call: re-rendering after a new
    highlight, or making one, shows the same text (comparing two texts costs far less than
    aligning them, ~30 ms per 100,000 characters)."""
    if _last_map and _last_map[0].body == body and _last_map[0].reading == reading:
        return _last_map[0]
    mapping = ReadingMap(body, reading)
    _last_map[:] = [mapping]
    return mapping


def _common_run(a: str, i: int, b: str, j: int) -> int:
    """How many characters a[i:] and b[j:] have in common at their start (at least one).

    Galloping, then halving, over slice comparisons: a few string compares in C instead of a
    Python step per character."""
    limit = min(len(a) - i, len(b) - j)
    low, step = 1, 8
    while low + step <= limit and a[i + low:i + low + step] == b[j + low:j + low + step]:
        low += step
        step *= 2
    high = min(low + step, limit)  # a[i:i+low] == b[j:j+low]; the run ends before `high`, or at it
    while low < high:
        mid = (low + high + 1) // 2
        if a[i + low:i + mid] == b[j + low:j + mid]:
            low = mid
        else:
            high = mid - 1
    return low


_PLAIN_RUN = re.compile(r"[^\W_][^*_#>`\[\]()!|~\\\n]{5,}")


def _body_origin(body: str, reading: str) -> int:
    """Where the body's text begins in the reading text (after title, deck and meta line)."""
    m = _PLAIN_RUN.search(body[:2000])
    if not m:
        return 0
    at = reading.find(m.group(0)[:20])
    return max(0, at - m.start()) if at >= 0 else 0


def body_selector(body: str, reading: str, start: int, end: int) -> Selector | None:
    """A highlight selector, in body coordinates, for a selection of the reading text; None for a
    selection that holds nothing of the body."""
    mapping = reading_map(body, reading)
    if end <= mapping.origin:
        return None  # the title, deck or meta line: not part of the body
    b_start, b_end = mapping.body_range(start, end)
    while b_start < b_end and body[b_start].isspace():
        b_start += 1
    while b_end > b_start and body[b_end - 1].isspace():
        b_end -= 1
    return make_selector(body, b_start, b_end) if b_start < b_end else None


def place_highlights(body: str, reading: str, selectors: list[Selector]) -> list[tuple[int, int] | None]:
    """Where each highlight stands in the reading text: found in the body (its coordinates), then
    mapped; a highlight made before positions counted in the body is found in the reading text."""
    if not selectors:
        return []  # no alignment to build: opening an article without highlights costs nothing here
    in_body = anchor_all(body, selectors)
    mapping = reading_map(body, reading) if any(f is not None for f in in_body) else None
    missing = [i for i, found in enumerate(in_body) if found is None]
    legacy = anchor_all(reading, [selectors[i] for i in missing]) if missing else []
    out: list[tuple[int, int] | None] = [
        None if f is None or mapping is None else mapping.reading_range(*f) for f in in_body]
    for i, found in zip(missing, legacy, strict=True):
        out[i] = found
    return out


_QUOTE_MARKUP = re.compile(
    r"(?m)\*\*|__|\]\([^)\s]*\)|\[|^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)")


def plain_quote(quote: str) -> str:
    """A highlight's quote as the reader shows it: Markdown emphasis, link targets, heading and
    list marks left out (a quote in body coordinates may span them)."""
    return _QUOTE_MARKUP.sub("", quote)
