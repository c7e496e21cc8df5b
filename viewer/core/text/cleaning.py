"""Cleaning pasted news text: boilerplate out, title/deck/source/author/date pulled out as metadata.

The rules live in resources/cleaning_rules.txt (see the header of that file); this module applies
them line by line, hands the lines to the page layout (blocks.py classifies them, structure.py
finds the article, its title and its furniture), collects the metadata (dates.py reads dates,
outlet.py chooses the outlet) and assembles the cleaned article.

Longer than 500 lines because the passes that mark lines (rules, metadata rows, bylines over
dates, profile boxes) and the assembly share one model of the lines (`_Line`) and one metadata
collector (`_Meta`); what needs neither lives in the modules above. The Markdown defusing at the
end (defuse_links) is the next to move out, to a module of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from viewer.core.limits import MAX_META_CHARS, MAX_TITLE_CHARS
from viewer.core.model import CleanedArticle, RemovedBlock
from viewer.core.resources import read_resource_text
from viewer.core.text import blocks, dates, outlet, structure
from viewer.core.text.blocks import weighted_length
from viewer.core.text.normalise import clean_meta_text, normalize_text
from viewer.core.text.shapes import (  # noqa: F401 (similar_text: part of this module's interface)
    HANGUL_SYLLABLE,
    TITLE_MAX,
    derive_title,
    is_headline,
    is_sentence,
    similar_text,
)
from viewer.core.text.shapes import LIST_ITEM as _LIST_ITEM

_SPACE_RUN = re.compile(r"\s{2,}")
KINDS = ("line", "prefix", "inline", "footer", "tail", "junk", "section")
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


# --- Metadata normalisation --------------------------------------------------------------------

def normalize_date(text: str) -> str | None:
    """ISO 8601 (date, or date and time) from the date forms news pages print."""
    return dates.parse_date(text)


def normalize_source(text: str | None, hint: bool = False) -> str | None:
    """A source name without company suffixes, a trailing "(...)" or surrounding punctuation.

    Found in the text, it may be wrapped in the brackets of `[누리일보]` or `<누리일보>`; given as
    a `hint` (front matter, HTML metadata) it is text as written, and its brackets stay.
    """
    if not text:
        return None
    s = re.sub(r"\(주\)|㈜|주식회사", "", text)
    s = re.sub(r"\s*\([^)]*\)\s*$", "", s)
    s = s.strip(" .,·-=:|" if hint else " .,·-=:|[]<>()")
    return s or None


def normalize_author(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\[\[([^\[\]|]*)(?:\|[^\[\]]*)?\]\]", r"\1", text)  # a clipper's [[wiki links]]
    # "A / B" and "A·B" name two authors; the slash of "</b>" does not.
    parts = re.split(r"\s*(?:[·,&;]|(?<!<)/|\band\b)\s*", text.strip())
    # A page's metadata often says "홍길동 기자": the title is not part of the name.
    names = [_AUTHOR_TITLE.sub("", p.strip()) or p.strip() for p in parts if p.strip()]
    # "By Jane Doe, The Associated Press" / "Jane Doe, Staff Writer": an outlet or a job, not a name.
    people = [n for n in names if not _NOT_A_PERSON.search(n)]
    names = people or names
    return ", ".join(dict.fromkeys(names)) or None


_NOT_A_PERSON = re.compile(
    r"^(?i:the)\s|(?i:\b(?:press|news|times|post|herald|journal|daily|agency|wire|service|staff|writer"
    r"|reporter|correspondent|editor|media|network|radio|bureau|desk|contributor|columnist)$)|^(?:AP|AFP|UPI|EPA)$")
_AUTHOR_TITLE = re.compile(
    r"(?<=[가-힣])\s*(?:선임|수석|[가-힣]{0,4}전문|객원|인턴|수습|견습|시민|명예)?\s*(?:기자|특파원|논설위원)$")


# --- The cleaner -----------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    removed_as: str | None = None  # family, when the whole line is boilerplate
    blank_before: bool = False


_DATE_BELOW = 12  # lines under the article's end where its own publication date may stand
META_MAX = 200  # longer "authors", "sources" or "dates" are page debris, not metadata


def _short(text: str | None) -> str | None:
    return text if text is None or len(text) <= META_MAX else None


class _Meta:
    def __init__(self, hints: dict | None) -> None:
        hints = hints or {}
        self.source = normalize_source(_short(hints.get("source")), hint=True)
        self.author = normalize_author(_short(hints.get("author")))
        self.hint_author = bool(self.author)  # the page's metadata named its author
        self.published = _short(hints.get("published"))
        self.published_guess = _short(hints.get("published_guess"))  # an extractor's, weak
        self.footer_source: str | None = None
        self.line = 0  # the line being read (where take() found its metadata)
        self.outlets: list[outlet.Candidate] = []
        self.bylines: list[tuple[int, str]] = []  # (line, authors) of every byline found
        if self.source:
            self.outlets.append(outlet.Candidate(self.source, "hint"))
        self.dates: list[tuple[int, str, str]] = []  # (line, kind, ISO date) of date lines
        self.updated: str | None = None

    def add_dates(self, line: int, found: list[tuple[str, str]]) -> None:
        self.dates += [(line, kind, iso) for kind, iso in found]

    def pick_date(self, title_idx: int | None, end: int | None) -> None:
        """The publication date: the page's own metadata, else the date lines near the headline.

        A date the page's metadata gives without a time takes the time of a date line of the
        same day. Of the date lines, a labelled publication date ("입력", "Published") wins over
        a bare date, and both over an update; the first after the headline over one above it
        (a page's header often prints today's date).
        """
        found = [d for d in self.dates if end is None or d[0] <= end]
        if not found and not self.published:
            # No date above the article's end: a publication date named so right under it (`입력
            # 2025.08.12 09:30` after the sign-off, `Originally published …`), not a list's dates.
            found = [d for d in self.dates if d[1] == dates.LABELLED and end < d[0] <= end + _DATE_BELOW][:1]
        if self.published:
            day = dates.parse_date(self.published) or self.published
            if len(day) == 10:
                same = [iso for _, kind, iso in found
                        if iso[:10] == day and len(iso) > 10 and kind != dates.UPDATED]
                self.published = same[0] if same else day
            else:
                self.published = day
            return
        if not found:
            guess = self.published_guess
            if guess and not re.match(r"\d{4}-01-01$", guess):  # not a year alone read as 1 January
                self.published = guess
            return
        after = title_idx if title_idx is not None else -1
        updates = [iso for _, kind, iso in found if kind == dates.UPDATED]
        self.updated = updates[0] if updates else None

        def rank(d: tuple[int, str, str]) -> tuple[int, int, int]:
            line, kind, _ = d
            order = {dates.LABELLED: 0, dates.PUBLISHED: 1, dates.UPDATED: 2}[kind]
            return (order, 0 if line > after else 1, line if line > after else -line)

        self.published = min(found, key=rank)[2]

    def pick_outlet(self, lines: list[_Line], inline_removed: dict[int, list[tuple[str, str]]],
                    title_idx: int | None) -> None:
        """The outlet: of the names the page gives, the one its furniture repeats (outlet.py)."""
        candidates = list(self.outlets)
        furniture = [ln.text for ln in lines if ln.removed_as is not None]
        furniture += [frag for frags in inline_removed.values() for frag, _ in frags]
        text = "\n".join(furniture)
        if title_idx is not None:  # a whole page: its masthead, and names in its furniture
            # A line a rule removed (a promo, a button, a date) is no masthead; one the layout
            # removed as the page's header may be.
            layout = structure.LAYOUT_FAMILIES
            top = [ln.text for ln in lines[:title_idx]
                   if ln.text.strip() and (ln.removed_as is None or ln.removed_as in layout)]
            candidates += outlet.masthead_candidates(top)
            candidates += outlet.phrase_candidates(text)
        korean = sum(1 for ln in lines if HANGUL_SYLLABLE.search(ln.text)) * 2 > len(lines)
        chosen = outlet.choose_outlet(candidates, text, korean)
        if chosen:
            self.source, self.footer_source = normalize_source(chosen, hint=True), None

    def take(self, match: re.Match[str], family: str) -> None:
        groups = match.groupdict()
        if groups.get("source") and _short(groups["source"]):
            src = normalize_source(groups["source"])
            if family == "copyright":
                self.footer_source = self.footer_source or src
                kind = "footer"
            else:
                self.source = self.source or src
                # "(서울=누리통신)", "[서울=뉴시스]", "SEOUL (Reuters) -": an agency's copy.
                wire = "=" in match.group(0) or re.match(r"^[A-Z][A-Z .'-]+", match.group(0))
                kind = "wire" if wire else "byline"
            if src:
                self.outlets.append(outlet.Candidate(src, kind))
        if groups.get("author") and _short(groups["author"]):
            # "글 A / 사진 B": the photographer is the article's author too.
            photo = f", {groups['photo']}" if groups.get("photo") else ""
            found = normalize_author(groups["author"] + photo)
            if found:
                self.bylines.append((self.line, found))
                self.author = self.author or found
        if groups.get("published") and _short(groups["published"]):
            # From the date on: a weekday between date and time ("(화) 16:22") is the rule's end.
            iso = normalize_date(match.string[match.start("published"):match.start("published") + 60])
            if iso:
                self.dates.append((self.line, dates.LABELLED, iso))


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
    by_kind["share"] = [r for r in by_kind["line"] if r.family == "share"]
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
    _strip_markup(lines, inline_removed)
    _classify(lines, by_kind, meta, inline_removed)
    _names_over_dates(lines, meta)

    kept = [i for i, ln in enumerate(lines) if ln.removed_as is None and ln.text.strip()]
    underline = _setext_underline(lines, kept)
    if underline is not None:  # the === or --- under a heading on the first line is its markup
        kept.remove(underline)
    page = None
    wrapped = not markdown_input and _hard_wrapped(lines)

    def deck_ok(i: int) -> bool:
        return _deck_shaped(lines[i].text)

    if underline is None:
        page = structure.lay_out_lines(lines, kept, markdown_input,
                                       lambda prev, i: _joins_previous(lines, prev, i, wrapped))
    if page is not None:
        title_idx, title = structure.title_by_evidence(
            lines, kept, page, _title_hint(hints, meta.source), meta.source, markdown_input, deck_ok,
            _zone_junk)
        derived = False
        kept = structure.drop_furniture(lines, kept, page, title_idx, deck_ok)
    else:
        title, title_idx, derived = _find_title(lines, kept, hints, markdown_input, underline is not None)
    deck_idx = [] if markdown_input else _find_deck(
        lines, kept, title_idx, page.start_line if page is not None else None)
    deck = [lines[i].text for i in deck_idx]
    skip = set(deck_idx) | ({title_idx} if title_idx is not None else set())
    if underline is not None and title_idx is not None:
        lines[underline].removed_as = _MARKUP_FAMILY  # kept with the removed text, like tags
    elif underline is not None:
        kept.insert(1, underline)  # the heading stays in the body, and so does its underline

    meta.pick_date(title_idx, page.end_line if page is not None else None)
    if page is not None and title_idx is not None:
        # The byline under the headline, not one in the page's header or in a list below.
        under = [] if meta.hint_author else [(line, a) for line, a in meta.bylines if line > title_idx]
        if under:  # every name of its line: `대담=허진석 정치부장 / 정리=남궁윤 기자`
            names = [n for line, a in under if line == under[0][0] for n in a.split(", ")]
            meta.author = ", ".join(dict.fromkeys(names))
        elif not meta.author:
            meta.author = _name_under_headline(lines, title_idx, page.start_line) \
                or _name_over_email(lines, page.end_line)
    if page is not None and meta.author:
        kept = _drop_profile(lines, kept, meta.author)
    meta.pick_outlet(lines, inline_removed, title_idx if page is not None else None)
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
            if _joins_previous(lines, prev_body, i, wrapped) and current:
                current.append(ln.text)
            else:
                flush()
                heading = _is_heading(lines, body_idx, pos_of_body[i], deck)
                current.append(_as_markdown_line(ln.text, heading))
        prev_body = i
    flush()

    # Metadata is one line of visible text, however it was found (a line of the article, front
    # matter, HTML metadata): no line breaks, controls, bidi overrides or invisible formatting.
    title = clean_meta_text(title, MAX_TITLE_CHARS) if title else ""
    if not title:
        # The first paragraph of words: not a heading, nor a rule or other markup alone.
        plain = [p for p in paragraphs if not p.startswith("#")]
        first = next((p for p in plain if any(ch.isalnum() for ch in p)),
                     plain[0] if plain else paragraphs[0] if paragraphs else "")
        title = clean_meta_text(derive_title(first.lstrip("# ")), MAX_TITLE_CHARS) if first else ""
        derived = True
    in_fence = False
    for k, paragraph in enumerate(paragraphs):
        paragraphs[k], in_fence = defuse_links(paragraph, in_fence)
    return CleanedArticle(
        title=title,
        body="\n\n".join(paragraphs),
        deck=[line for line in (clean_meta_text(d, MAX_META_CHARS) for d in deck) if line],
        removed=removed,
        source=_meta_line(meta.source or meta.footer_source),
        author=_meta_line(meta.author),
        published=_meta_line(meta.published),
        title_derived=derived,
        updated=_meta_line(meta.updated) if meta.updated != meta.published else None,
    )


def _meta_line(value: str | None) -> str | None:
    return (clean_meta_text(value, MAX_META_CHARS) or None) if value else None


def _classify(
    lines: list[_Line],
    by_kind: dict[str, list[Rule]],
    meta: _Meta,
    inline_removed: dict[int, list[tuple[str, str]]],
) -> None:
    """Mark boilerplate lines, strip boilerplate fragments, and collect metadata."""
    tail_mode: str | None = None  # "footer" or "tail" while dropping a run of junk
    section: str | None = None  # the family of a boilerplate section being dropped ("About …")
    seen_prose = False  # whether a paragraph of running text has come yet
    for i, ln in enumerate(lines):
        if ln.removed_as is not None:  # all markup (see _strip_markup)
            continue
        text = ln.text.strip()
        cell = _ONE_CELL_ROW.match(text)
        if cell:  # `| caption |`: a page laid out in a table (a photo's box), read as its text
            text = cell.group(1).strip()
        meta.line = i
        hit = _first_match(by_kind["footer"], text)
        if hit:
            meta.take(hit[1], hit[0].family)
            ln.removed_as = hit[0].family
            tail_mode = "footer"
            continue
        hit = _first_match(by_kind["tail"], text)
        if hit:
            ln.removed_as = hit[0].family
            # Above the article a "Latest News" heading is a menu's, and the headline follows it:
            # the list under it is dropped only once the article's prose has begun.
            tail_mode = "tail" if seen_prose else None
            continue
        hit = _first_match(by_kind["section"], text)
        if hit:
            ln.removed_as = section = hit[0].family
            continue
        if section is not None:
            if is_headline(text, HEADING_MAX) and not _LIST_ITEM.match(text):
                section = None  # the next heading ends the section
            else:
                ln.removed_as = section
                continue
        # a clipper's byline and date links (`by [Oskar Lindqvist](…) · March 3, 2026`) read as text
        plain = _MD_LINK.sub(r"\1", text) if "](" in text else text
        # before menus: `홍길동 기자  |  승인 …`
        family = _meta_row(plain, by_kind["line"], meta, i, by_kind["prefix"])
        if family:
            ln.removed_as = family
            continue
        if _spaced_menu(text):  # share buttons set apart by spaces are share buttons (`댓글 0   인쇄`)
            ln.removed_as = "share" if _first_match(by_kind["share"], text) else "menu"
            continue
        found = dates.date_line(plain.strip("*_ "))
        if found:  # a line that is a date and nothing else, in any of the forms pages print
            meta.add_dates(i, found)
            ln.removed_as = "date"
            continue
        hit = _first_match(by_kind["line"], plain)
        if hit:
            meta.take(hit[1], hit[0].family)
            ln.removed_as = hit[0].family
            if hit[0].family == "byline":  # `송재민 기자 | 2025.02.26 07:10`: the date beside the name
                for part in _BYLINE_PARTS.split(plain):
                    when = dates.date_line(part) if part else None
                    if when:
                        meta.add_dates(i, when)
            continue
        if i and lines[i - 1].removed_as in _IMAGE_FAMILIES and _caption_shaped(text):
            ln.removed_as = "caption"  # the line under a picture describes the picture
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
        # Runs of spaces go first: a rule starting with \s* rescans a run from each of its positions.
        ln.text = _SPACE_RUN.sub(" ", ln.text)
        for rule in by_kind["inline"]:
            def drop(m: re.Match[str], rule: Rule = rule, i: int = i) -> str:
                meta.take(m, rule.family)
                inline_removed.setdefault(i, []).append((m.group(0).strip(), rule.family))
                return " " if m.start() > 0 and m.end() < len(m.string) else ""
            ln.text = rule.pattern.sub(drop, ln.text)
        ln.text = re.sub(r"[ \t]{2,}", " ", ln.text).strip() if ln.text.strip() else ""
        seen_prose = seen_prose or (weighted_length(ln.text) >= 80 and is_sentence(ln.text))
        if not ln.text:
            # The whole line was fragments: record it as removed once, under the first family.
            frags = inline_removed.pop(i, [])
            if frags:
                ln.text = " ".join(f for f, _ in frags)
                ln.removed_as = frags[0][1]


# --- Raw HTML in pasted text and Markdown ------------------------------------------------------

# Elements whose content is code or an embedded document, never article text.
_CODE_OPEN = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|svg|math|textarea|select|applet|frameset"
    r"|noembed|xmp)(?=[\s/>])[^<>]*>", re.I)
# Every [^<>]* stops at the next "<": however many unclosed tags a line has, one pass over it.
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|address|area|article|aside|audio|b|base|basefont|bdi|bdo|big|blink|blockquote|body"
    r"|br|button|canvas|caption|center|cite|code|col|colgroup|data|dd|del|details|dfn|dialog|div|dl|dt"
    r"|em|fieldset|figcaption|figure|font|footer|form|frame|h[1-6]|head|header|hr|html|i|image|img|input"
    r"|ins|kbd|label|legend|li|link|main|map|mark|marquee|meta|meter|nav|ol|optgroup|option|output|p"
    r"|param|picture|pre|progress|q|rp|rt|ruby|s|samp|section|small|source|span|strike|strong|sub"
    r"|summary|sup|table|tbody|td|tfoot|th|thead|time|title|tr|track|tt|u|ul|use|var|video|wbr)"
    r"(?=[\s/>])[^<>]*>|<!--[^<>]*-->|</?(?:script|style|iframe|object|embed|noscript|template|svg|math"
    r"|textarea|select|applet|frameset|noembed|xmp)(?=[\s/>])[^<>]*>"
    r"|<(?:javascript|vbscript|data|livescript):[^<>]*>",
    re.I,
)
# Tags inside a line of text: taking one out leaves no space (the others separate words).
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|bdi|bdo|big|cite|code|del|dfn|em|font|i|img|ins|kbd|mark|q|s|samp"
                         r"|small|span|strike|strong|sub|sup|time|tt|u|var)\b", re.I)
_MARKUP_FAMILY = "markup"


def _strip_markup(lines: list[_Line], inline_removed: dict[int, list[tuple[str, str]]]) -> None:
    """Take raw HTML out of the text: scripts and styles with their content, other tags alone.

    The reader shows Markdown, never HTML, so such markup would only be shown as text: pasted
    page source, or handlers and scripts meant to run. Code (fences and `spans`) is left alone.
    """
    closing: re.Pattern[str] | None = None  # the end tag of a code element left open
    in_fence = False
    for i, ln in enumerate(lines):
        if closing is None and _FENCE.match(ln.text):
            in_fence = not in_fence
            continue
        if in_fence or ("<" not in ln.text and closing is None):
            continue
        dropped: list[str] = []
        text = ln.text
        if closing is not None:
            end = closing.search(text)
            cut = end.end() if end else len(text)
            dropped.append(text[:cut])
            text = text[cut:]
            closing = None if end else closing
        if closing is None and "<" in text:
            text, closing = _drop_markup(text, dropped)
        dropped = [d.strip() for d in dropped if d.strip()]
        if not dropped:
            continue
        if text.strip():
            ln.text = text
            inline_removed.setdefault(i, []).extend((d, _MARKUP_FAMILY) for d in dropped)
        else:
            ln.text, ln.removed_as = " ".join(dropped), _MARKUP_FAMILY


def _drop_markup(text: str, dropped: list[str]) -> tuple[str, re.Pattern[str] | None]:
    """One line without its markup; and the end tag to look for if a code element stays open."""
    code, _ = _code_mask(text, False)
    out, pos, closing = [], 0, None
    while (m := _CODE_OPEN.search(text, pos)) is not None:
        if code[m.start()]:
            out.append(text[pos:m.end()])
            pos = m.end()
            continue
        out.append(text[pos:m.start()] + " ")
        closing = re.compile(rf"</{m.group(1)}\s*>", re.I)
        end = closing.search(text, m.end())
        dropped.append(text[m.start():end.end() if end else len(text)])
        if end is None:
            pos = len(text)
            break
        pos, closing = end.end(), None
    out.append(text[pos:])
    text = "".join(out)
    code, _ = _code_mask(text, False)

    def drop(m: re.Match[str]) -> str:
        if code[m.start()]:
            return m.group(0)
        dropped.append(m.group(0))
        return "" if _INLINE_TAG.match(m.group(0)) else " "

    return _HTML_TAG.sub(drop, text), closing


def _first_match(rules: list[Rule], text: str) -> tuple[Rule, re.Match[str]] | None:
    for rule in rules:
        m = rule.pattern.search(text)
        if m:
            return rule, m
    return None


_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:={3,}|-{3,})[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")


def _setext_underline(lines: list[_Line], kept: list[int]) -> int | None:
    """The line of === or --- right under the first line, making it a (setext) heading."""
    if len(kept) < 2 or kept[1] != kept[0] + 1 or lines[kept[1]].blank_before:
        return None
    if _SETEXT_UNDERLINE.match(lines[kept[0]].text) or not _SETEXT_UNDERLINE.match(lines[kept[1]].text):
        return None
    return kept[1]


def _find_title(
    lines: list[_Line], kept: list[int], hints: dict | None, markdown_input: bool, underlined: bool = False
) -> tuple[str | None, int | None, bool]:
    """The title, the line it is (if it is one of the article) and whether it was derived.

    `underlined`: the first line is a heading by its === or --- underline (already out of `kept`).
    """
    hint = ((hints or {}).get("title") or "").strip()
    if len(hint) > TITLE_MAX:  # a page's whole text in its <title>: keep the first sentence
        hint = derive_title(hint)
    if not kept:
        return (hint or None), None, False
    first = kept[0]
    first_text = lines[first].text.strip()
    if hint:
        same = similar_text(first_text.lstrip("# ").strip(), hint)
        return hint, (first if same else None), False
    if underlined and len(first_text) <= TITLE_MAX:
        return first_text, first, False
    if markdown_input:
        # A rule (---, ***) above the first heading does not hide it.
        at = next((k for k, i in enumerate(kept) if not _RULE.match(lines[i].text)), 0)
        m = re.match(r"^#\s+(.+?)\s*#*$", lines[kept[at]].text.strip())
        if m:
            return m.group(1).strip(), kept[at], False
        return None, None, False
    if len(kept) > 1 and is_headline(first_text):
        return first_text, first, False
    return None, None, False


def _find_deck(lines: list[_Line], kept: list[int], title_idx: int | None,
               article_start: int | None = None) -> list[int]:
    """Short lines under the title that summarise the article.

    `article_start`: the first line of the article's prose, where a page layout found one; the
    deck stands above it (the first lines of a hard-wrapped paragraph are short too).
    """
    if title_idx is None:
        return []
    after = [i for i in kept if i > title_idx]
    deck: list[int] = []
    for i in after[:6]:
        if article_start is not None and i >= article_start:
            break
        if is_headline(lines[i].text, DECK_MAX):
            deck.append(i)
        else:
            break
    if len(deck) == len(after) or (article_start is not None and deck and all(
            i < article_start for i in after)):  # nothing but short lines: they are the article
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


# A person's name alone on a line: "Tom Okafor", "김하늘" (a common surname first).
_LATIN_NAME = re.compile(r"^[A-Z][a-z'’.-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+|van|de|da|von|der)){1,3}$")
_KOREAN_NAME = re.compile(
    r"^(?:김|이|박|최|정|강|조|윤|장|임|한|오|서|신|권|황|안|송|류|유|전|홍|고|문|양|손|배|백|허|남|심|노|하|곽"
    r"|성|차|주|우|구|민|진|나|지|엄|채|원|천|방|공|현|함|변|염|여|추|도|소|석|선|설|마|길|연|위|표|명|기|반|왕|금"
    r"|옥|육|인|맹|제|모|탁|국|어|은|편|용|예|경|봉|사|부|가|복|태|목|형|피|두|감|음|빈|동|온|호|범|좌|팽|승|간|상"
    r"|시|갈|단|견|당|화|창|옹|순|빙|제갈|남궁|선우|황보|독고|사공)[가-힣]{1,2}$")


def _drop_profile(lines: list[_Line], kept: list[int], author: str) -> list[int]:
    """The writer's name alone on a line in the article's second half opens a profile box (name,
    position, a line of bio): it and what follows are furniture, not the article."""
    names = {n.strip() for n in author.split(",") if n.strip()}
    half = len(kept) // 2
    for n, i in enumerate(kept):
        if n > half and lines[i].text.strip() in names and n + 1 < len(kept):
            for j in kept[n:]:
                lines[j].removed_as = "profile"
            return kept[:n]
    return kept


_NOT_NAME_WORDS = frozenset(
    "the this that our your my email share link print read more follow news sign log home menu search "
    "subscribe live watch video photo photos gallery story stories latest top about contact back next "
    "previous comments comment weather sports opinion business".split())


def _names_over_dates(lines: list[_Line], meta: _Meta) -> None:
    """A name alone on a line right above a date line is a byline ("Mara Quinlan / Apr 2, 2025")."""
    for i in range(len(lines) - 1):
        ln = lines[i]
        if ln.removed_as is not None or lines[i + 1].removed_as != "date":
            continue
        text = ln.text.strip()
        if (_LATIN_NAME.match(text) and not _NOT_NAME_WORDS.intersection(text.lower().split())) or (
                _KOREAN_NAME.match(text)):
            ln.removed_as = "byline"
            meta.bylines.append((i, text))
            meta.author = meta.author or text


def _name_under_headline(lines: list[_Line], title_idx: int, start: int) -> str | None:
    """A name alone on a line between the headline and the article: its author."""
    for i in range(title_idx + 1, min(start, title_idx + 8)):
        text = lines[i].text.strip()
        if lines[i].removed_as in (None, "headline-zone") and (
                (_LATIN_NAME.match(text) and not _NOT_NAME_WORDS.intersection(text.lower().split()))
                or _KOREAN_NAME.match(text)):
            return text
    return None


def _name_over_email(lines: list[_Line], end: int) -> str | None:
    """A name alone on a line right under the article, its e-mail address under it, the address
    spelling the name (`Eimear Tobin` / `eimear.tobin@…`): the author's sign-off."""
    for i in range(end + 1, min(end + 4, len(lines) - 1)):
        text, below = lines[i].text.strip(), lines[i + 1].text.strip()
        m = _EMAIL_LOCAL.search(below)
        if m and len(below) <= 80 and (_LATIN_NAME.match(text) or _KOREAN_NAME.match(text)):
            local = m.group(1).lower()
            if any(len(w) >= 3 and w in local for w in re.findall(r"[a-z]+", text.lower())):
                return text
    return None


_EMAIL_LOCAL = re.compile(r"([\w.+-]+)@[\w-]+(?:\.[\w-]+)+")
_IMAGE_FAMILIES = ("image-link",)
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]{1,200})\]\([^)\s]{0,2000}\)")  # `[text](url)`, not an image
_ONE_CELL_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|$")  # a one-cell Markdown table row
_BYLINE_PARTS = re.compile(r"\s*[|·•—–/｜]\s+|\s+//\s+|\s{2,}|(?<=\])\s+")  # a byline's name, dates, labels
_ROW_SEPARATOR = re.compile(r"\s+[|·•—–｜]\s+|\s+//\s+|\s+/\s+(?=\D)")
# a sentence or a byline's words: never an unknown part of a row of metadata
_NOT_UNKNOWN = re.compile(r"[.!?。](?:\s|$)|기자|특파원|(?i:\bby\b|reporter|correspondent)")
_ROW_EXTRA = re.compile(
    r"^(?i:\d+\s*min(?:ute)?s?\s+read|(?:조회(?:수)?|댓글|추천|공감)\s*[\d,]+|\d[\d,]*\s*(?:views?|comments?)"
    r"|comments?\s*\(?\d+\)?|(?:지면|통권)?\s*(?:제\s*)?\d{1,5}\s*호(?:\s*[A-Z]?\d{1,2}\s*면)?|(?:지면\s*)?[A-Z]?\d{1,2}\s*면"
    r"|읽는\s*(?:시간|데)\s*\d+\s*분|issue\s+(?:no\.?\s*)?\d{1,5})$")


def _meta_row(text: str, line_rules: list[Rule], meta: _Meta, i: int,
              prefix_rules: list[Rule] = ()) -> str | None:
    """A row of metadata set apart by separators ("By A | Published … | Updated …", "홍길동 기자 ·
    입력 …"): each part a byline, a date or a reading time. Its family, or None if it is not one."""
    if len(text) > 240 or not _ROW_SEPARATOR.search(text):
        return None
    parts = [p.strip() for p in _ROW_SEPARATOR.split(text) if p.strip()]
    found: list[tuple[str, object]] = []
    labels = 0  # short parts of no kind: a section's name beside the date (`2025.06.16 | 14면 | 사람과 삶`)
    unknown = 0
    for part in parts:
        when = dates.date_line(part)
        if when:
            found.append(("date", when))
            continue
        hit = _first_match(line_rules, part)
        if not (hit and hit[0].family == "byline"):
            # `[세종=터다짐건설신문] 국해린 기자`: a wire header that opens paragraphs elsewhere is
            # the whole part here
            hit = _first_match(prefix_rules, part)
            if hit and (hit[0].family != "byline" or part[hit[1].end():].strip()):
                hit = None
        if hit and hit[0].family == "byline":
            found.append(("byline", hit))
            continue
        if _ROW_EXTRA.match(part):
            continue
        if len(part) <= 10 and not re.search(r"[.!?。]|\d", part) and labels < 2:
            labels += 1
            continue
        if len(part) <= 40 and not _NOT_UNKNOWN.search(part) and unknown < 2:
            # `방송일 2025.07.19(토) SJBS 8 뉴스`, `뼈튼튼 매거진 2025년 12월호`: only beside a labelled date
            unknown += 1
            continue
        return None
    if not found or labels and not any(kind == "date" for kind, _ in found):
        return None
    labelled = any(kind == "date" and any(k == dates.LABELLED for k, _ in value) for kind, value in found)
    if unknown and not labelled:
        return None
    before, seen = meta.author, len(meta.bylines)
    for kind, value in found:
        if kind == "date":
            meta.add_dates(i, value)  # type: ignore[arg-type]
        else:
            rule, match = value  # type: ignore[misc]
            meta.take(match, rule.family)
    names = [name for _, found_names in meta.bylines[seen:] for name in found_names.split(", ")]
    if before is None and len(names) > 1:  # `대담=허진석 정치부장 / 정리=남궁윤 기자`: both wrote it
        meta.author = ", ".join(dict.fromkeys(names))
    return "byline" if any(kind == "byline" for kind, _ in found) else "date"
_ITEM_GAP = re.compile(r" {2,}|\t")


def _spaced_menu(text: str) -> bool:
    """A row of short items set apart by runs of spaces or tabs ("World  Business  Tech"): a
    menu copied from a page, its links flattened."""
    if "  " not in text and "\t" not in text:
        return False
    parts = [p for p in _ITEM_GAP.split(text.strip()) if p]
    return len(parts) >= 3 and all(len(p) <= 24 and len(p.split()) <= 3 and not is_sentence(p) for p in parts)


def _caption_shaped(text: str) -> bool:
    """One short sentence or phrase: what a caption under a picture looks like."""
    return len(text) <= 200 and len(re.findall(r"[.!?。](?:\s|$)", text)) <= 1 and not text.startswith("#")


def _title_hint(hints: dict | None, source: str | None) -> str | None:
    """The page's own title: its metadata's, unless that is only the outlet's name (a logo in
    the <h1>), then its <title>'s."""
    hints = hints or {}
    title = (hints.get("title") or "").strip()
    page_title = (hints.get("page_title") or "").strip()
    if page_title and (not title or (source and similar_text(title, source))
                       or len(title) < 0.5 * len(structure.strip_outlet(page_title, source))):
        return page_title
    return title or None


def _deck_shaped(text: str) -> bool:
    """A line that may summarise the article under its headline: a phrase of some words, not a
    button ("글자 크기 변경하기", "Email This Link"), a counter ("조회 3,412", "Updated 2 hours
    ago"), a name or a job, or a byline."""
    if not is_headline(text, DECK_MAX) or len(text) < 6 or blocks.shape_of(text).noise:
        return False
    shape = blocks.shape_of(text)
    words = len(text.split())
    if words < (2 if shape.korean else 5):  # an English deck is a sentence or most of one
        return False
    return not _zone_junk(text)


def _zone_junk(text: str) -> bool:
    """A button, a counter, a name, a job or a byline: what stands between a headline and its
    article besides the deck."""
    text = text.strip()
    if _DECK_NOT.search(text) or _LATIN_NAME.match(text) or _KOREAN_NAME.match(text):
        return True
    return len(text.split()) <= 5 and bool(re.search(r"\d", text)) and bool(_COUNTER.search(text))


# What the lines under a headline hold besides a deck: buttons and their verbs, bylines, jobs.
_DECK_NOT = re.compile(
    r"(?:하기|보내기|변경|조절|설정|보기|듣기|복사|저장|인쇄|공유|공유합니다|구독|다운로드|찾기|열기|닫기|펼치기|접기"
    r"|크게|작게|키우기|줄이기)$"
    r"|(?:기자|특파원|에디터|논설위원)$|^[^\s]{1,10}=\s*[가-힣]{2,4}\s"
    r"|^(?i:reporter|staff|senior|editor|correspondent|contributing|columnist|news\s+provided\s+by"
    r"|order\s+reprints|gift\s+this|email\s+this|print\s+this|save\s+(?:this|for\s+later)|listen)\b")
_COUNTER = re.compile(
    r"(?i:조회|views?|읽는\s*시간|min(?:ute)?s?\s+read|ago|댓글|comments?|likes?)|[분초]\s*$|전$")


def _is_heading(lines: list[_Line], body_idx: list[int], k: int, deck: list[str]) -> bool:
    """A short line between paragraphs, or one that repeats a deck line, is a section heading.

    k is the line's position in body_idx.
    """
    text = lines[body_idx[k]].text
    if not is_headline(text, HEADING_MAX) or text.startswith("#"):
        return False
    # Only lines of about the same length can be 80% alike: most pairs need no comparing.
    if any(abs(len(text) - len(d)) <= 0.25 * max(len(text), len(d)) and similar_text(text, d) for d in deck):
        return True
    if k == 0 or k == len(body_idx) - 1:
        return False
    prev, nxt = lines[body_idx[k - 1]].text, lines[body_idx[k + 1]].text
    return is_sentence(prev) and is_sentence(nxt)


def _joins_previous(lines: list[_Line], prev: int | None, i: int, wrapped: bool = False) -> bool:
    """A hard-wrapped line continues the previous one.

    `wrapped`: the whole text is hard-wrapped, its paragraphs set apart by blank lines: any line
    right under a long one goes on with it, whatever it starts or ends with.
    """
    if prev is None or prev != i - 1 or lines[i].blank_before:
        return False
    before, text = lines[prev].text, lines[i].text
    if wrapped:
        return _columns(before) >= 50 and not _LIST_ITEM.match(text) and not text.startswith("#")
    return bool(re.match(r"[a-z(]", text)) and not is_sentence(before) and len(before) > 40


def _columns(text: str) -> int:
    """The width of a line in a fixed-width font: East Asian wide characters count two."""
    return len(text) + sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


def _hard_wrapped(lines: list[_Line]) -> bool:
    """Whether text was wrapped at a fixed width (an e-mail, a terminal copy): most long lines
    end near the same width with another line of the paragraph right under them."""
    width = [_columns(ln.text) for ln in lines]  # Hangul takes two columns: 36 syllables fill 72
    long = [k for k, w in enumerate(width) if w >= 50]
    if len(long) < 6:
        return False
    widths = sorted(width[k] for k in long)
    ceiling = widths[int(0.9 * (len(widths) - 1))]
    if ceiling > 100:
        return False
    followed = sum(1 for k in long if k + 1 < len(lines) and not lines[k + 1].blank_before)
    paragraphs = sum(1 for ln in lines if ln.blank_before)
    return followed >= 0.6 * len(long) and paragraphs >= 3


# --- Markdown that would take the renderer minutes --------------------------------------------

LINK_SCAN_BUDGET = 1_000_000  # characters Python-Markdown's link parser may scan in one paragraph
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_FULL_WIDTH = {"[": "\uff3b", "]": "\uff3d", "(": "\uff08"}


def defuse_links(paragraph: str, in_fence: bool = False) -> tuple[str, bool]:
    """Defuse a bracket bomb; return the paragraph and whether a code fence is open after it.

    Python-Markdown scans from every "[" to its match, or to the end of the paragraph if there is
    none, and from every "](" to the closing parenthesis: thousands of unmatched or nested ones
    make a paragraph take minutes to show. Past a budget of scanning, unmatched "[", brackets
    nested deeper than one level and unclosed "](" parentheses become their full-width forms.
    Code is left alone; an ordinary paragraph comes back unchanged.
    """
    code, in_fence = _code_mask(paragraph, in_fence)
    if "[" not in paragraph:
        return paragraph, in_fence
    n = len(paragraph)
    brackets: list[tuple[int, int]] = []  # open "[": position, depth
    parens: list[int] = []
    closes: dict[int, int] = {}  # "[" -> its "]"
    paren_close: dict[int, int] = {}  # "(" -> its ")"
    deep: list[int] = []
    i = 0
    while i < n:
        c = paragraph[i]
        if code[i]:
            pass
        elif c == "\\":
            i += 1  # an escaped character is never a bracket
        elif c == "[":
            brackets.append((i, len(brackets)))
        elif c == "]" and brackets:
            start, depth = brackets.pop()
            closes[start] = i
            if depth >= 2:
                deep += [start, i]
        elif c == "(":
            parens.append(i)
        elif c == ")" and parens:
            paren_close[parens.pop()] = i
        i += 1
    unmatched = [start for start, _ in brackets]
    unclosed_links = [end + 1 for end in closes.values()
                      if end + 1 < n and paragraph[end + 1] == "(" and end + 1 not in paren_close]
    cost = sum(n - start for start in unmatched) + sum(end - start for start, end in closes.items())
    cost += sum(n - at for at in unclosed_links)
    if cost <= LINK_SCAN_BUDGET:
        return paragraph, in_fence
    # Full-width look-alikes, not backslashes: Python-Markdown is quadratic in escapes too.
    chars = list(paragraph)
    for at in {*unmatched, *deep, *unclosed_links}:
        chars[at] = _FULL_WIDTH[chars[at]]
    return "".join(chars), in_fence


def _code_mask(paragraph: str, in_fence: bool) -> tuple[bytearray, bool]:
    """Which characters are code (fenced lines, `spans`); and whether a fence is open after them."""
    mask = bytearray(len(paragraph))
    pos = 0
    for line in paragraph.split("\n"):
        fence = bool(_FENCE.match(line))
        if in_fence or fence:
            mask[pos:pos + len(line)] = b"\x01" * len(line)
        in_fence ^= fence
        pos += len(line) + 1
    if "`" not in paragraph:
        return mask, in_fence
    # A code span runs from a run of backticks to the next run of the same length.
    runs = [m.span() for m in re.finditer(r"`+", paragraph) if not mask[m.start()]]
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        length = runs[k][1] - runs[k][0]
        following[k] = seen.get(length)
        seen[length] = k
    k = 0
    while k < len(runs):
        end = following[k]
        if end is None:
            k += 1
            continue
        mask[runs[k][0]:runs[end][1]] = b"\x01" * (runs[end][1] - runs[k][0])
        k = end + 1
    return mask, in_fence


def _as_markdown_line(text: str, heading: bool) -> str:
    if heading:
        return "## " + text
    # A pasted line that happens to start like Markdown block syntax stays plain text.
    if re.match(r"^(#{1,6}\s|>|={3,}|-{3,}$)", text):
        return "\\" + text
    return text
