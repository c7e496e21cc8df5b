"""The article's structure in a capture: where it lies, which line is its title, what is furniture.

The block classifier (blocks.py) finds the densest run of prose. Around it, a whole-page capture
has the page's header (skip links, menus, the outlet's name, breadcrumbs) and the headline zone
(headline, deck, byline, date, share buttons) before it, and the page's footer after it. The
title is chosen by evidence among the lines just before the run: its shape, its distance to the
first paragraph, a byline or date right under it, the page's own title (`<title>`, `og:title`,
front matter) it repeats; never a menu item, a breadcrumb or the outlet's name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from viewer.core.text import blocks
from viewer.core.text.shapes import (
    HANGUL_SYLLABLE,
    LIST_ITEM,
    MOTTO,
    TITLE_MAX,
    TITLE_SEPARATOR,
    is_headline,
    is_sentence,
    similar_text,
)

LAYOUT_FAMILIES = frozenset({"menu", "link-list", "contact", "separator-row", "page-header", "page-footer",
                             "not-prose", "headline-zone"})  # what the layout, not a rule, removed
MIN_LINES = 4  # fewer lines than this are a note or a fragment: no page around them to find
HEADER_WINDOW = 15  # lines before the article run where its title may stand
DECK_LINES = 4
_HEADLINE_EVIDENCE = {"byline", "date", "email", "share", "caption"}
_BREADCRUMB = re.compile(r"^\S.{0,30}(?:\s*[>›»/]\s*\S.{0,30}){1,5}$")
_MD_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_MD_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|#|\||>|```|~~~)")
# Never a headline: skip links, account and subscription buttons, live-stream promos.
_NEVER_TITLE = re.compile(
    r"^(?i:skip\s+to|jump\s+to|go\s+to\s+(?:main|content)|sign\s+(?:in|up)|log\s*(?:in|out)|subscribe"
    r"|menu\b|search\b|live\s*:|watch\s+live|listen\s+live|advertisement|breaking\s+news$)"
    r"|바로\s*가기$|^(?:본문|주\s*메뉴|메뉴|검색)\s*(?:바로\s*가기|열기|닫기)?$")
MOTTO_LINES = 3  # the page's first lines, where a masthead's motto stands (shapes.MOTTO)
_LIST_BULLET = re.compile(r"[•▪◦‣●]\s")  # `• Striker has netted 14 times`: a list's item, never a headline
_TICKER = re.compile(r"[▲▼△▽]\s*[\d.,]+%?|\d[\d,]*\.\d+\s*[▲▼△▽]")
_TABLE_OR_CODE = re.compile(r"^\s*(?:\||```|~~~|    )")


class LineLike(Protocol):
    text: str
    removed_as: str | None
    blank_before: bool


@dataclass
class PageLayout:
    """The block layout of a capture's kept lines."""

    layout: blocks.Layout
    block_lines: list[list[int]]  # line indexes of each block
    block_of: dict[int, int]  # line index -> block

    @property
    def start_line(self) -> int:
        return self.block_lines[self.layout.start][0]

    @property
    def end_line(self) -> int:
        return self.block_lines[self.layout.end][-1]

    def is_menu(self, i: int) -> bool:
        return self.block_of.get(i) in self.layout.menus


def lay_out_lines(lines: list[LineLike], kept: list[int], markdown: bool,
                  joins) -> PageLayout | None:
    """Group kept lines into blocks (a hard-wrapped paragraph is one) and lay them out.

    `joins(prev, i)` says whether plain-text line i continues line prev.
    """
    if len(kept) < MIN_LINES:
        return None
    block_lines: list[list[int]] = []
    fixed: list[str | None] = []  # what the rules already know: those lines are boilerplate
    prev: int | None = None
    keep = set(kept)
    for i, line in enumerate(lines):
        text = line.text
        if i not in keep:
            if line.removed_as is not None and line.removed_as != "markup" and text.strip():
                block_lines.append([i])
                fixed.append(line.removed_as)
                prev = None
            continue
        if prev is not None and block_lines:
            if LIST_ITEM.match(text) and LIST_ITEM.match(lines[prev].text) and (markdown or prev == i - 1):
                same = True  # a list is judged as one block: its items are often not sentences
            elif markdown:
                same = (prev == i - 1 and not lines[i].blank_before
                        and not _MD_BLOCK_START.match(text) and not _MD_BLOCK_START.match(lines[prev].text))
            else:
                same = joins(prev, i)
            if same:
                block_lines[-1].append(i)
                prev = i
                continue
        block_lines.append([i])
        fixed.append(None)
        prev = i
    texts = [" ".join(lines[i].text.strip() for i in group) for group in block_lines]
    layout = blocks.lay_out(texts, fixed)
    if layout is None:
        return None
    block_of = {i: k for k, group in enumerate(block_lines) for i in group}
    return PageLayout(layout, block_lines, block_of)


def strip_outlet(title: str, source: str | None) -> str:
    """A page title without the outlet's name after (or before) a separator."""
    parts = [p.strip() for p in TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    if source:
        rest = [p for p in parts if not similar_text(p, source) and p != source]
        if rest and len(rest) < len(parts):
            return max(rest, key=len) if len(rest) > 1 and len(parts[0]) < 8 else " - ".join(rest)
    # Without a known outlet: the outlet is the short end part; a headline is longer.
    if len(parts[-1]) <= 30 and len(parts[-1]) * 2 < len(" ".join(parts[:-1])):
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    if len(parts[0]) <= 30 and len(parts[0]) * 2 < len(" ".join(parts[1:])):
        return " - ".join(parts[1:])
    return title.strip()


def _plain(text: str) -> str:
    return re.sub(r"^\s*#{1,6}\s+|\s+#+\s*$", "", text).strip().strip("*_").strip()


def title_by_evidence(
    lines: list[LineLike], kept: list[int], page: PageLayout, hint: str | None, source: str | None,
    markdown: bool, deck_ok, junk=lambda text: False,
) -> tuple[int | None, str | None]:
    """The line that is the headline (index, text), or (None, the page's title or None)."""
    start = _zone_end(lines, kept, page.start_line)
    hint = (hint or "").strip()
    hint_core = strip_outlet(hint, source) if hint else ""
    before = [i for i in kept if i < start][-HEADER_WINDOW:]
    crumbs = [j for j in range(start) if lines[j].removed_as == "breadcrumb"]
    if crumbs and any(i > crumbs[-1] for i in before):
        # The breadcrumb opens the article: above it are the site's masthead, motto and date.
        before = [i for i in before if i > crumbs[-1]]
    # The run may open with the headline itself when it reads like a sentence, or with an
    # English deck under it: the first lines of the run are candidates too.
    run_head = [i for i in kept if start <= i][:2]
    candidates = before + run_head
    best: tuple[float, int] | None = None
    texts = [_plain(lines[i].text) for i in kept]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    for i in candidates:
        text = _plain(lines[i].text)
        if not text:
            continue
        if junk(text) and not (hint and similar_text(text, hint_core or hint)):
            continue  # a button, a counter, a byline or a name: never the headline
        score = _title_score(lines, i, text, hint, hint_core, source, page, markdown, start)
        if score is None:
            continue
        if i < start:
            # The headline zone sits right above the first paragraph: the headline, then at
            # most a few deck lines, with bylines, dates and buttons between them.
            between = [j for j in before if j > i and not _headline_furniture(lines, page, j, junk)]
            decks = sum(1 for j in between if deck_ok(j))
            score -= 6 * (len(between) - decks) + 40 * max(0, decks - DECK_LINES)
            k = before.index(i)
            if k == 0 or not deck_ok(before[k - 1]) or _headline_furniture(lines, page, before[k - 1], junk):
                score += 15  # it opens the zone: what is above it is not more headline
        else:
            # Inside the run only on strong evidence: a sentence-like line there is the article's.
            score -= (10 if _title_case(text) else 25) * (run_head.index(i) + 1)
            if (is_sentence(text) and not _title_case(text)) or blocks.shape_of(text).length > 2 * TITLE_MAX:
                continue
        if counts.get(text, 0) > 1 and not (hint and similar_text(text, hint_core or hint)):
            score -= 15  # repeated on the page: a menu or a list of headlines more often
        if best is None or score > best[0]:
            best = (score, i)
    if best is not None and best[0] > 0:
        return best[1], _plain(lines[best[1]].text)
    if not hint and len(before) == 1 and before[0] == kept[0] and is_headline(_plain(lines[kept[0]].text)):
        # A selection that starts at a short headline right above the text ("제목"): nothing
        # else on the page to weigh it against.
        return kept[0], _plain(lines[kept[0]].text)
    return None, (hint_core or None)


def _title_case(text: str) -> bool:
    """English headline style: most words capitalised ("Here's What Broke")."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text)]
    if len(words) < 4 or HANGUL_SYLLABLE.search(text):
        return False
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words)



def _headline_furniture(lines: list[LineLike], page: PageLayout, j: int, junk=lambda text: False) -> bool:
    """A line the headline zone often holds between headline and first paragraph (`junk`: the
    cleaner's test for buttons, counters and bylines there)."""
    text = lines[j].text
    shape = blocks.shape_of(text)
    return shape.length <= 24 or shape.noise > 0 or page.is_menu(j) or junk(text)


def _zone_end(lines: list[LineLike], kept: list[int], start: int) -> int:
    """Where the article's text starts, for finding its headline: the layout's start, or past a
    byline or date line under the first one or two lines of it (a headline that reads like a
    sentence, `The redesign is good. The rollout wasn't.`, and its deck)."""
    run = [i for i in kept if i >= start]
    for j in range(start, min(start + _ZONE_LOOKAHEAD, len(lines))):
        if lines[j].removed_as in ("byline", "date"):
            above = [i for i in run if i < j]
            below = [i for i in run if i > j]
            if 1 <= len(above) <= 2 and below and all(len(lines[i].text) <= TITLE_MAX for i in above):
                return below[0]
            break
    return start


_ZONE_LOOKAHEAD = 4
_MENU_ITEMS = re.compile(r"\s{2,}|\s*[|·•]\s*")


def _title_score(lines: list[LineLike], i: int, text: str, hint: str, hint_core: str,
                 source: str | None, page: PageLayout, markdown: bool, start: int) -> float | None:
    """How much a line looks like the headline; None if it cannot be."""
    score = 0.0
    if hint and (similar_text(text, hint) or (hint_core and similar_text(text, hint_core))):
        return 200.0
    shape = blocks.shape_of(text)
    h1 = markdown and bool(re.match(r"^\s*#\s", lines[i].text))
    # a very long headline only right under the site's menu or breadcrumb (`DPTU cancels … exam for
    # 38,000 students after question paper surfaces …; fresh test on October 11, …`)
    opens = i > 0 and lines[i - 1].removed_as in ("menu", "breadcrumb")
    if len(text) > (2 * TITLE_MAX if opens else TITLE_MAX) or (shape.length < 10 and not h1):
        return None
    if page.is_menu(i) or shape.link_density > 0.5 or _MD_RULE.match(text) or _NEVER_TITLE.search(text):
        return None
    if i < MOTTO_LINES and MOTTO.search(text):
        return None
    digits = sum(ch.isdigit() for ch in text)
    if _LIST_BULLET.match(text) or _TICKER.search(text) or digits > 0.25 * len(text):
        return None  # a market ticker (`SENSEX 74,112.40 ▲ 0.41% NIFTY …`), a scoreboard
    if source and (text == source or similar_text(text, source)):
        return None
    if _BREADCRUMB.match(text) and shape.words <= 8 and not re.search(r"[\"'“‘”’…,]", text):
        return None
    if shape.noise >= 2:
        return None
    latin = not shape.korean
    if shape.words < (3 if latin else 2) and not h1:
        return None
    if text.rstrip("\"'”’)").endswith("."):
        # headlines seldom end with a full stop; paragraphs and captions do (but an opinion's
        # headline may, `… is good, actually. The rollout wasn't.`, right under the site's menu)
        score -= 10 if opens and i < start else 30
    score += min(shape.length, 60) / 3
    if latin and text.isupper() and shape.words < 6:
        score -= 20  # a menu's or a section's label; a headline in capitals is longer (tabloids)
    if latin and sum(w[:1].isupper() for w in text.split()) == shape.words and shape.words <= 4:
        score -= 15  # "World Business Tech": a menu's capitalised items
    elif _title_case(text):
        score += 10
    if h1:
        score += 60
    elif markdown and re.match(r"^\s*#{2,6}\s", lines[i].text):
        score += 20
    if re.search(r"[\"'“‘”’…]|[?!]$", text):
        score += 8
    # Evidence under it: a byline, a date line, share buttons or a photo credit.
    above = next((j for j in range(i - 1, max(i - 3, -1), -1) if lines[j].removed_as is None
                  or lines[j].removed_as.split("-")[0] in ("byline", "date")), None)
    if above is not None and lines[above].removed_as in ("byline", "date"):
        score += 20  # `By 라도훈 기자` then the date, then the headline: a byline-first house style
    # (only in the headline zone: a caption inside the article is no evidence for a line above it)
    zone_end = start if i < start else len(lines)
    for j in range(i + 1, min(i + 7, len(lines), zone_end)):
        fam = lines[j].removed_as
        if fam == "breadcrumb" or fam == "menu" and len(_MENU_ITEMS.split(lines[j].text.strip())) >= 5:
            break  # a breadcrumb or the site's menu opens the article: above it is the site's (a motto)
        if fam and fam.split("-")[0] in _HEADLINE_EVIDENCE:
            score += 30
            break
    return score


def drop_furniture(lines: list[LineLike], kept: list[int], page: PageLayout, title_idx: int | None,
                   deck_ok) -> list[int]:
    """Mark what lies around the article (and the furniture inside it) removed; the rest of kept.

    `deck_ok(i)` says whether a line between the headline and the article may be its deck.
    """
    start, end = page.start_line, page.end_line
    layout = page.layout
    out: list[int] = []
    deck = 0
    for i in kept:
        k = page.block_of[i]
        text = lines[i].text
        if i == title_idx:
            out.append(i)
            continue
        if i < start:
            if title_idx is not None and i > title_idx and deck < DECK_LINES and deck_ok(i):
                deck += 1
                out.append(i)
                continue
            if title_idx is None and layout.classes[k] != blocks.BAD and _reads_as_text(text):
                out.append(i)  # no headline to anchor the page: a sentence above the run stays
                continue
            lines[i].removed_as = "headline-zone" if title_idx is not None and i > title_idx else (
                layout.reason(k, text))
            continue
        if i > end:
            lines[i].removed_as = layout.reason(k, text)
            continue
        if layout.classes[k] == blocks.BAD and not _TABLE_OR_CODE.match(text):
            lines[i].removed_as = layout.reason(k, text)
            continue
        out.append(i)
    return out


def _reads_as_text(text: str) -> bool:
    return len(text.split()) >= 2 and bool(re.search(r"[.?!。][\"'”’)]*$", text.strip()))
