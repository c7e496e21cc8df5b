"""Cleaning pasted news text: boilerplate out, title/deck/source/author/date pulled out as metadata.

The rules live in resources/cleaning_rules.txt (see the header of that file); this module applies
them line by line and then works out the article's structure (title, deck, section headings).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from viewer.core.model import CleanedArticle, RemovedBlock
from viewer.core.resources import read_resource_text
from viewer.core.textio import normalize_text

KINDS = ("line", "prefix", "inline", "footer", "tail", "junk")
TITLE_MAX = 150
DERIVED_TITLE_MAX = 80
DECK_MAX = 120
HEADING_MAX = 60


@dataclass(frozen=True)
class Rule:
    kind: str
    family: str
    pattern: re.Pattern[str]
    line_no: int


class RuleError(ValueError):
    """A malformed line in a rules file."""


def parse_rules(text: str, origin: str = "rules") -> list[Rule]:
    """Parse a rules file: `KIND/FAMILY  PATTERN` lines, '#' comments."""
    rules = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = re.split(r"\s{2,}|\t", line.strip(), maxsplit=1)
        if len(parts) != 2 or "/" not in parts[0]:
            raise RuleError(f"{origin}:{no}: expected 'KIND/FAMILY  PATTERN'")
        head, pattern = parts
        kind, family = head.split("/", 1)
        if kind not in KINDS:
            raise RuleError(f"{origin}:{no}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        try:
            compiled = re.compile(pattern.strip())
        except re.error as exc:
            raise RuleError(f"{origin}:{no}: bad pattern: {exc}") from None
        rules.append(Rule(kind, family, compiled, no))
    return rules


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    return tuple(parse_rules(read_resource_text("cleaning_rules.txt"), "cleaning_rules.txt"))


# --- Shapes of lines ------------------------------------------------------------------------

_CLOSERS = " \t\"'”’」』)]>»"
_LIST_ITEM = re.compile(r"^(?:[-*+•·▶▷►☞※◆◇■□○●]|\d{1,2}[.)])\s")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])[\"'”’」』)]*\s+")


def is_sentence(line: str) -> bool:
    """Ends like a sentence of running text (a headline or a deck line does not)."""
    s = line.rstrip(_CLOSERS)
    if len(line) > TITLE_MAX:
        return True
    return s.endswith((".", "。")) and not s.endswith(("...", "…"))


def is_headline(line: str, limit: int = TITLE_MAX) -> bool:
    return bool(line) and len(line) <= limit and not is_sentence(line) and not _LIST_ITEM.match(line)


def derive_title(paragraph: str) -> str:
    """A title from the first sentence, cut at a word boundary to at most 80 characters."""
    text = re.sub(r"[*_`#>]", "", paragraph).strip()
    first = _SENTENCE_SPLIT.split(text, maxsplit=1)[0].strip()
    if len(first) <= DERIVED_TITLE_MAX:
        return first
    cut = first[: DERIVED_TITLE_MAX - 1]
    space = cut.rfind(" ")
    if space > DERIVED_TITLE_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,·") + "…"


# --- Metadata normalisation --------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def normalize_date(text: str) -> str | None:
    """ISO 8601 (date, or date and time) from the date forms news pages print."""
    text = text.strip()
    m = re.search(
        r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*[.일]?"
        r"(?:\s*(오전|오후|AM|PM)?\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*(AM|PM|am|pm)?)?",
        text,
    )
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        date = f"{y:04d}-{mo:02d}-{d:02d}"
    else:
        m2 = re.search(
            r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})", text
        )
        if not m2:
            return None
        date = f"{int(m2[3]):04d}-{_MONTHS[m2[1].lower()]:02d}-{int(m2[2]):02d}"
        m = re.search(r"(\d{1,2}):(\d{2})\s*(AM|PM|am|pm)?", text)
        if not m:
            return date
        hh, mm, ampm = int(m[1]), int(m[2]), (m[3] or "").upper()
        hh = _twelve_hour(hh, ampm)
        return f"{date}T{hh:02d}:{mm:02d}"
    if m[5] is None:
        return date
    hh, mm = int(m[5]), int(m[6])
    hh = _twelve_hour(hh, (m[4] or m[7] or "").upper())
    return f"{date}T{hh:02d}:{mm:02d}"


def _twelve_hour(hh: int, marker: str) -> int:
    if marker in ("오후", "PM") and hh < 12:
        return hh + 12
    if marker in ("오전", "AM") and hh == 12:
        return 0
    return hh


def normalize_source(text: str | None) -> str | None:
    if not text:
        return None
    s = re.sub(r"\(주\)|㈜|주식회사", "", text)
    s = re.sub(r"\s*\([^)]*\)\s*$", "", s)
    s = s.strip(" .,·-=:|[]<>()")
    return s or None


def normalize_author(text: str | None) -> str | None:
    if not text:
        return None
    parts = re.split(r"\s*(?:[·,&/]|\band\b)\s*", text.strip())
    names = [p.strip() for p in parts if p.strip()]
    return ", ".join(dict.fromkeys(names)) or None


# --- The cleaner -----------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    removed_as: str | None = None  # family, when the whole line is boilerplate
    blank_before: bool = False


class _Meta:
    def __init__(self, hints: dict | None) -> None:
        hints = hints or {}
        self.source = normalize_source(hints.get("source"))
        self.author = normalize_author(hints.get("author"))
        self.published = hints.get("published")
        self.footer_source: str | None = None

    def take(self, match: re.Match[str], family: str) -> None:
        groups = match.groupdict()
        if groups.get("source"):
            src = normalize_source(groups["source"])
            if family == "copyright":
                self.footer_source = self.footer_source or src
            elif not self.source:
                self.source = src
        if groups.get("author") and not self.author:
            self.author = normalize_author(groups["author"])
        if groups.get("published") and not self.published:
            self.published = normalize_date(groups["published"]) or groups["published"].strip()


def clean_paste(
    text: str,
    *,
    hints: dict | None = None,
    markdown_input: bool = False,
    rules: tuple[Rule, ...] | list[Rule] | None = None,
) -> CleanedArticle:
    """Clean a pasted article: drop boilerplate, find title, deck, headings and metadata.

    `hints` carries metadata an importer already knows (title, author, source, published).
    With `markdown_input`, lines keep their Markdown and blank-line paragraphs are respected.
    """
    rules = tuple(rules) if rules is not None else default_rules()
    by_kind = {k: [r for r in rules if r.kind == k] for k in KINDS}
    meta = _Meta(hints)

    lines: list[_Line] = []
    blank = False
    in_code = False
    for raw in normalize_text(text).split("\n"):
        stripped = raw.strip()
        if markdown_input and stripped.startswith("```"):
            in_code = not in_code
        if not stripped and not in_code:
            blank = True
            continue
        lines.append(_Line(raw.rstrip() if markdown_input else stripped, blank_before=blank))
        blank = False

    inline_removed: dict[int, list[tuple[str, str]]] = {}
    _classify(lines, by_kind, meta, inline_removed)

    kept = [i for i, ln in enumerate(lines) if ln.removed_as is None and ln.text.strip()]
    title, title_idx, derived = _find_title(lines, kept, hints, markdown_input)
    deck_idx = [] if markdown_input else _find_deck(lines, kept, title_idx)
    deck = [lines[i].text for i in deck_idx]
    skip = set(deck_idx) | ({title_idx} if title_idx is not None else set())

    paragraphs: list[str] = []
    removed: list[RemovedBlock] = []
    body_idx = [i for i in kept if i not in skip]
    pos_of_body = {i: n for n, i in enumerate(body_idx)}
    current: list[str] = []

    def flush() -> None:
        nonlocal current
        if current:
            paragraphs.append("\n".join(current) if markdown_input else " ".join(current))
            current = []

    prev_body: int | None = None
    for i, ln in enumerate(lines):
        for frag, fam in inline_removed.get(i, []):
            removed.append(RemovedBlock(frag, fam, len(paragraphs) + (1 if current else 0)))
        if ln.removed_as is not None:
            flush()
            removed.append(RemovedBlock(ln.text, ln.removed_as, len(paragraphs)))
            continue
        if i not in pos_of_body:
            continue
        if markdown_input:
            if ln.blank_before or prev_body is None or prev_body != i - 1:
                flush()
            current.append(ln.text)
        else:
            if _joins_previous(lines, prev_body, i) and current:
                current.append(ln.text)
            else:
                flush()
                current.append(_as_markdown_line(ln.text, _is_heading(lines, body_idx, i, deck)))
        prev_body = i
    flush()

    if title is None:
        first = next((p for p in paragraphs if not p.startswith("#")), paragraphs[0] if paragraphs else "")
        title = derive_title(first.lstrip("# ")) if first else ""
        derived = True
    return CleanedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        deck=deck,
        removed=removed,
        source=meta.source or meta.footer_source,
        author=meta.author,
        published=meta.published,
        title_derived=derived,
    )


def _classify(
    lines: list[_Line],
    by_kind: dict[str, list[Rule]],
    meta: _Meta,
    inline_removed: dict[int, list[tuple[str, str]]],
) -> None:
    """Mark boilerplate lines, strip boilerplate fragments, and collect metadata."""
    tail_mode: str | None = None  # "footer" or "tail" while dropping a run of junk
    for i, ln in enumerate(lines):
        text = ln.text.strip()
        hit = _first_match(by_kind["footer"], text)
        if hit:
            meta.take(hit[1], hit[0].family)
            ln.removed_as = hit[0].family
            tail_mode = "footer"
            continue
        hit = _first_match(by_kind["tail"], text)
        if hit:
            ln.removed_as = hit[0].family
            tail_mode = "tail"
            continue
        hit = _first_match(by_kind["line"], text)
        if hit:
            meta.take(hit[1], hit[0].family)
            ln.removed_as = hit[0].family
            continue
        if tail_mode:
            junk = _first_match(by_kind["junk"], text)
            if junk:
                ln.removed_as = junk[0].family
                continue
            # After a footer, short headline-like lines are more of the site's lists; a line of
            # running text means the article goes on (a credit line mid-page looks like a footer).
            if is_headline(text, DECK_MAX):
                ln.removed_as = "footer-tail"
                continue
            tail_mode = None
        for rule in by_kind["prefix"]:
            m = rule.pattern.match(ln.text)
            if m and m.end() > 0:
                meta.take(m, rule.family)
                inline_removed.setdefault(i, []).append((m.group(0).strip(), rule.family))
                ln.text = ln.text[m.end():].lstrip()
                break
        for rule in by_kind["inline"]:
            def drop(m: re.Match[str], rule: Rule = rule, i: int = i) -> str:
                meta.take(m, rule.family)
                inline_removed.setdefault(i, []).append((m.group(0).strip(), rule.family))
                return " " if m.start() > 0 and m.end() < len(m.string) else ""
            ln.text = rule.pattern.sub(drop, ln.text)
        ln.text = re.sub(r"[ \t]{2,}", " ", ln.text).strip() if ln.text.strip() else ""
        if not ln.text:
            # The whole line was fragments: record it as removed once, under the first family.
            frags = inline_removed.pop(i, [])
            if frags:
                ln.text = " ".join(f for f, _ in frags)
                ln.removed_as = frags[0][1]


def _first_match(rules: list[Rule], text: str) -> tuple[Rule, re.Match[str]] | None:
    for rule in rules:
        m = rule.pattern.search(text)
        if m:
            return rule, m
    return None


def _find_title(
    lines: list[_Line], kept: list[int], hints: dict | None, markdown_input: bool
) -> tuple[str | None, int | None, bool]:
    hint = ((hints or {}).get("title") or "").strip()
    if not kept:
        return (hint or None), None, False
    first = kept[0]
    first_text = lines[first].text.strip()
    if hint:
        same = _similar(first_text.lstrip("# ").strip(), hint)
        return hint, (first if same else None), False
    if markdown_input:
        m = re.match(r"^#\s+(.+?)\s*#*$", first_text)
        if m:
            return m.group(1).strip(), first, False
        return None, None, False
    if len(kept) > 1 and is_headline(first_text):
        return first_text, first, False
    return None, None, False


def _find_deck(lines: list[_Line], kept: list[int], title_idx: int | None) -> list[int]:
    """Short lines under the title that summarise the article."""
    if title_idx is None:
        return []
    after = [i for i in kept if i > title_idx]
    deck: list[int] = []
    for i in after[:6]:
        if is_headline(lines[i].text, DECK_MAX):
            deck.append(i)
        else:
            break
    if len(deck) == len(after):  # nothing but short lines: they are the article, not a deck
        return []
    if not deck:
        # English pages put a one-sentence deck between the headline and the "By …" line.
        window = range(title_idx + 1, min(title_idx + 5, len(lines)))
        byline = next((j for j in window if lines[j].removed_as == "byline"), None)
        if byline is not None:
            between = [i for i in after if i < byline]
            if 0 < len(between) <= 2 and all(len(lines[i].text) <= 250 for i in between):
                deck = between
    return deck


def _similar(a: str, b: str) -> bool:
    a, b = re.sub(r"\W", "", a).lower(), re.sub(r"\W", "", b).lower()
    return bool(a) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


def _is_heading(lines: list[_Line], body_idx: list[int], i: int, deck: list[str]) -> bool:
    """A short line between paragraphs, or one that repeats a deck line, is a section heading."""
    text = lines[i].text
    if not is_headline(text, HEADING_MAX) or text.startswith("#"):
        return False
    if any(_similar(text, d) for d in deck):
        return True
    k = body_idx.index(i)
    if k == 0 or k == len(body_idx) - 1:
        return False
    prev, nxt = lines[body_idx[k - 1]].text, lines[body_idx[k + 1]].text
    return is_sentence(prev) and is_sentence(nxt)


def _joins_previous(lines: list[_Line], prev: int | None, i: int) -> bool:
    """A hard-wrapped English line continues the previous one."""
    if prev is None or prev != i - 1 or lines[i].blank_before:
        return False
    before, text = lines[prev].text, lines[i].text
    return bool(re.match(r"[a-z(]", text)) and not is_sentence(before) and len(before) > 40


def _as_markdown_line(text: str, heading: bool) -> str:
    if heading:
        return "## " + text
    # A pasted line that happens to start like Markdown block syntax stays plain text.
    if re.match(r"^(#{1,6}\s|>|={3,}|-{3,}$)", text):
        return "\\" + text
    return text
