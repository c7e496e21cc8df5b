"""The article's text in an export: each highlight marked where it stands, its note after its paragraph.

Highlights are placed in the body (the stored Markdown, the coordinates highlights count in) by
viewer.core.anchoring. A highlight whose quote spans Markdown markup is marked piece by piece:
each piece lies within one line, holds whole code spans, escapes and autolinks, and holds the two
halves of an emphasis or a link together or neither, so a mark never breaks the Markdown around
it. Where `==` next to an emphasis delimiter would stop the delimiter from opening or closing
(CommonMark's flanking rules), the piece is widened over the emphasis, or its punctuation left out.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from viewer.core.store.library import Highlight

MD_MARK = "=="
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE_LINE = re.compile(r"^ {0,3}([-*_=])[ \t]*(?:\1[ \t]*){2,}$")  # thematic break, setext underline
_TABLE_RULE = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_PREFIX = re.compile(  # a block quote's >, a list item's mark (and task box), a heading's #s, an indent
    r" {0,3}>[ \t]?| *(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?:[ \t]+|$)| *#{1,6}(?:[ \t]+|$)| +")
_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
_ANGLE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z/!?][^<>\n]*)>")
_INTERRUPTING = (["-"], ["*"], ["+"], ["1."], ["1)"])  # list marks that may begin a list inside a paragraph
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# In the body: an image and an HTML tag (nothing remote is loaded), a wikilink (the article's words).
_NEEDS_ESCAPE = re.compile(r"!\[|\[\[|<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>")


@dataclass
class _Line:
    start: int
    end: int  # the offset of its "\n" (or of the body's end)
    markable: bool  # prose: not blank, not code, not a rule
    content: int = 0  # where its inline text begins, after quote, list and heading marks
    content_end: int = 0
    in_code: bool = False  # inside a fenced code block (or a fence line)
    opens_block: bool = True  # a paragraph's first line (not a lazy continuation of the one before)
    code: list[tuple[int, int, bool]] = field(default_factory=list)  # code spans and stray backticks
    # on the line: (start, end, whole) — whole: a code span that begins and ends here
    para: tuple[int, int] = (0, 0)  # where its paragraph begins and ends
    prose: bool = False  # part of a paragraph
    heading: bool = False
    quoted: bool = False  # in a block quote


@dataclass
class _Unit:
    start: int
    end: int
    kind: str  # text, atom (whole: code span, escape, autolink), delim, open, close, split
    char: str = ""
    can_open: bool = False
    can_close: bool = False
    partner: int = -1  # index of the unit it pairs with (emphasis, link), -1 for none


def _lines(body: str) -> tuple[list[_Line], list[int]]:
    """The body's lines, and for each the offset where its block (its run of non-blank lines) ends."""
    lines: list[_Line] = []
    fence, pos = "", 0
    for text in body.split("\n"):
        start, end = pos, pos + len(text)
        pos = end + 1
        m = _FENCE.match(text)
        if fence or m:
            if m and (not fence or (m.group(1).startswith(fence) and not text[m.end():].strip())):
                fence = "" if fence else m.group(1)[0] * 3
            lines.append(_Line(start, end, False, in_code=True))
            continue
        content, heading, marker, quoted = 0, False, "", False
        while content < len(text) and (p := _PREFIX.match(text, content)) and p.end() > content:
            mark = p.group(0).strip()
            heading = heading or mark.startswith("#")
            quoted = quoted or mark == ">"
            marker = marker or (mark if mark not in ("", ">") and not mark.startswith("#") else "")
            content = p.end()
        inner = text[content:]
        if (not inner.strip() and not marker) or _RULE_LINE.match(text) or _TABLE_RULE.match(text) \
                or _RULE_LINE.match(inner) or _FENCE.match(inner):
            lines.append(_Line(start, end, False))  # blank, a rule, a table's rule, a fence in a list
            continue
        before = lines[-1] if lines else None
        # What can interrupt a paragraph: a heading, a quote, a list item that is not empty and is
        # a bullet or starts at 1 (CommonMark); any other line goes on with the paragraph before it.
        interrupts = (heading or (quoted and not (before and before.quoted))
                      or (bool(inner.strip()) and marker.split()[:1] in _INTERRUPTING))
        tail = _HEADING_TAIL.search(text, content) if heading else None
        lines.append(_Line(start, end, True, start + content,  # HTML is escaped, so text like any other
                           start + (tail.start() if tail else len(text)), prose=True, heading=heading,
                           quoted=quoted,
                           opens_block=interrupts or before is None or not before.prose or before.heading))
    _find_code(body, lines)
    block_end, last = [0] * len(lines), None
    for n in range(len(lines) - 1, -1, -1):
        line = lines[n]
        blank = not line.in_code and not body[line.start:line.end].strip()
        last = None if blank else (line.end if last is None else last)
        block_end[n] = line.end if last is None else last
    return lines, block_end


def _find_code(body: str, lines: list[_Line]) -> None:
    """Fill in each line's code spans, paired over the lines of its paragraph as CommonMark pairs them."""
    n = 0
    while n < len(lines):
        if not lines[n].prose:
            n += 1
            continue
        group = [lines[n]]
        n += 1
        while n < len(lines) and lines[n].prose and not lines[n].opens_block:
            group.append(lines[n])
            n += 1
        runs = []  # (start, end) of each run of backticks, an escaped first one left out
        for line in group:
            line.para = (group[0].start, group[-1].end)
            i = line.content
            while i < line.content_end:
                if body[i] == "`":
                    j = i
                    while j < line.content_end and body[j] == "`":
                        j += 1
                    slashes = len(body[line.content:i]) - len(body[line.content:i].rstrip("\\"))
                    runs.append((i + slashes % 2, j))
                    i = j
                else:
                    i += 1
        k, spans = 0, []
        while k < len(runs):
            rs, re_ = runs[k]
            close = next((m for m in range(k + 1, len(runs)) if runs[m][1] - runs[m][0] == re_ - rs), -1)
            if rs < re_:
                spans.append((rs, runs[close][1] if close >= 0 else re_, close >= 0))
            k = close + 1 if close >= 0 else k + 1
        for line in group:
            for cs, ce, paired in spans:
                if cs < line.content_end and line.content < ce:
                    whole = paired and line.content <= cs and ce <= line.content_end
                    line.code.append((max(cs, line.content), min(ce, line.content_end), whole))


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_punct(ch: str) -> bool:
    return ch != "" and unicodedata.category(ch)[0] in "PS"


def _flanking(text: str, i: int, j: int) -> tuple[bool, bool]:
    """Whether the delimiter run text[i:j] is left- and right-flanking (CommonMark)."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[j] if j < len(text) else ""
    left = not _is_space(nxt) and (not _is_punct(nxt) or _is_space(prev) or _is_punct(prev))
    right = not _is_space(prev) and (not _is_punct(prev) or _is_space(nxt) or _is_punct(nxt))
    return left, right


def _roles(text: str, i: int, j: int, char: str) -> tuple[bool, bool]:
    """(can open, can close) for a delimiter run of `char` at text[i:j]."""
    left, right = _flanking(text, i, j)
    if char == "_":
        prev = text[i - 1] if i > 0 else ""
        nxt = text[j] if j < len(text) else ""
        return left and (not right or _is_punct(prev)), right and (not left or _is_punct(nxt))
    return left, right


def _units(body: str, line: _Line) -> list[_Unit]:
    """A line's inline text as units, emphasis and link halves paired."""
    text, base = body[line.start:line.end], line.start
    i, end = line.content - base, line.content_end - base
    units: list[_Unit] = []

    def add(s: int, e: int, kind: str, char: str = "", roles: tuple[bool, bool] = (False, False)) -> None:
        if kind == "text" and units and units[-1].kind == "text" and units[-1].end == base + s:
            units[-1].end = base + e
        else:
            units.append(_Unit(base + s, base + e, kind, char, *roles))

    code = list(line.code)
    while i < end:
        c = text[i]
        if code and code[0][0] < base + i:
            code.pop(0)  # it began inside a unit made before it (an autolink): left as that unit
            continue
        if code and code[0][0] == base + i:
            cs, ce, whole = code.pop(0)
            add(i, ce - base, "atom" if whole else "split")  # a code span cut by a line end: never marked
            i = ce - base
        elif c == "\\" and i + 1 < end and text[i + 1] in _ESCAPABLE:
            add(i, i + 2, "atom")
            i += 2
        elif c == "<" and (m := _ANGLE.match(text, i, end)):
            add(i, m.end(), "atom")
            i = m.end()
        elif c in "*_~=":
            j = i
            while j < end and text[j] == c:
                j += 1
            roles = _roles(text, i, j, c)
            if (c in "~=" and j - i < 2) or not any(roles):
                add(i, j, "text")
            else:
                add(i, j, "delim", c, roles)
            i = j
        elif c == "[" and text.startswith("[[", i):
            add(i, i + 2, "text")  # escaped on the way out: never a wikilink
            i += 2
        elif c == "[" or (c == "!" and text.startswith("![", i)):
            add(i, i + 1 + (c == "!"), "open", "[")
            i += 1 + (c == "!")
        elif c == "]":
            j = i + 1
            if text.startswith("(", j):
                depth, k = 0, j + 1
                while k < end and not (text[k] == ")" and depth == 0):
                    depth += {"(": 1, ")": -1}.get(text[k], 0)
                    k += 1
                j = k + 1 if k < end else j  # "](" with no ")": only the bracket is markup
            elif text.startswith("[", j) and (k := text.find("]", j + 1, end)) >= 0:
                j = k + 1
            add(i, j, "close", "[")
            i = j
        elif c == "|":
            add(i, i + 1, "split")
            i += 1
        else:
            add(i, i + 1, "text")
            i += 1
    _pair(units)
    return units


def _pair(units: list[_Unit]) -> None:
    stack: list[int] = []
    for n, u in enumerate(units):
        if u.kind == "close" or (u.kind == "delim" and u.can_close):
            at = next((k for k in range(len(stack) - 1, -1, -1) if units[stack[k]].char == u.char), -1)
            if at >= 0:
                u.partner, units[stack[at]].partner = stack[at], n
                del stack[at:]
                continue
        if u.kind == "open" or (u.kind == "delim" and u.can_open):
            stack.append(n)


def _pieces(body: str, units: list[_Unit], start: int, end: int,
            para: tuple[int, int]) -> list[tuple[int, int]]:
    """The pieces of body[start:end] on one line that can be marked without breaking its Markdown."""
    items: list[tuple[int, int, int, bool]] = []  # (start, end, unit index, is markup)
    for n, u in enumerate(units):
        if u.end <= start or u.start >= end:
            continue
        if u.kind == "text":
            items.append((max(u.start, start), min(u.end, end), n, False))
        elif u.kind == "atom":
            items.append((u.start, u.end, n, False))
        elif start <= u.start and u.end <= end:
            items.append((u.start, u.end, n, True))
    out: list[tuple[int, int]] = []
    for group in _balanced_groups(units, items):
        piece = _trim(body, units, group)
        chosen = _choose(body, units, piece, para) if piece else None
        if chosen:
            out.append(chosen)
    return out


def _balanced_groups(units: list[_Unit], items: list) -> list[list]:
    """Split the items where markup stands whose other half is not in the same group, until none is."""
    groups, done = ([items] if items else []), []
    while groups:
        group = groups.pop()
        inside = {n for _s, _e, n, markup in group if markup}
        cut = [k for k, (_s, _e, n, markup) in enumerate(group)
               if markup and (units[n].kind == "split" or units[n].partner not in inside)]
        if not cut:
            done.append(group)
            continue
        last = 0
        for k in [*cut, len(group)]:
            if group[last:k]:
                groups.append(group[last:k])
            last = k + 1
    return sorted(done, key=lambda g: g[0][0])


def _trim(body: str, units: list[_Unit], group: list) -> tuple[int, int] | None:
    """The group's span without blanks or `=` at its ends (nor a backslash at its end), trimmed inside
    its plain text only; None if no text is left."""
    if not any(not markup and body[s:e].strip(" \t=\\") for s, e, _n, markup in group):
        return None

    def edge(items: list, step: int, strip: str) -> int:
        for s, e, n, _markup in items[::step]:
            if units[n].kind != "text":
                return s if step > 0 else e
            while s < e and body[s if step > 0 else e - 1] in strip:
                s, e = (s + 1, e) if step > 0 else (s, e - 1)
            if s < e:
                return s if step > 0 else e
        return -1

    s, e = edge(group, 1, " \t="), edge(group, -1, " \t=\\")
    return (s, e) if 0 <= s < e else None


def _choose(body: str, units: list[_Unit], piece: tuple[int, int],
            para: tuple[int, int]) -> tuple[int, int] | None:
    """The piece, or a variant of it, whose marks leave every emphasis next to them working."""
    candidates = [piece]
    s, e = piece
    while True:  # the piece is exactly what an emphasis or link holds: mark outside its delimiters
        outer = next((u for u in units if u.end == s and u.partner >= 0 and units[u.partner].start == e
                      and u.kind in ("delim", "open")), None)
        if outer is None:
            break
        s, e = outer.start, units[outer.partner].end
        candidates.append((s, e))
    s, e = piece
    while s < e and _is_punct(body[s]) and body[s] not in "*_~=`\\[]<":
        s += 1
    while e > s and _is_punct(body[e - 1]) and body[e - 1] not in "*_~=`\\[]>)":
        e -= 1
    if (s, e) != piece and s < e and _balanced(units, s, e):
        candidates.append((s, e))
    s, e = piece  # last: the whole words it stands in (Korean puts particles after bold words)
    lo, hi = units[0].start, units[-1].end
    while s > lo:
        u = next(u for u in units if u.start < s <= u.end)
        if u.kind == "text" and body[s - 1].isspace():
            break
        s = s - 1 if u.kind == "text" else u.start
    while e < hi:
        u = next(u for u in units if u.start <= e < u.end)
        if u.kind == "text" and body[e].isspace():
            break
        e = e + 1 if u.kind == "text" else u.end
    if (s, e) != piece and _balanced(units, s, e):
        candidates.append((s, e))
    for candidate in candidates:
        if _marks_hold(body, units, *candidate, para):
            return candidate
    s, e = piece  # else the piece a few characters shorter, if that holds; else no mark here
    for cut in range(1, 7):
        for ds in range(cut + 1):
            cs, ce = s + ds, e - (cut - ds)
            if (cs < ce and not body[cs].isspace() and not body[ce - 1].isspace()
                    and _balanced(units, cs, ce) and _marks_hold(body, units, cs, ce, para)):
                return cs, ce
    return None


def _balanced(units: list[_Unit], s: int, e: int) -> bool:
    """Whether body[s:e] cuts no unit but text and holds both halves of each pair it holds part of."""
    inside = set()
    for n, u in enumerate(units):
        if u.start < s < u.end or u.start < e < u.end:
            if u.kind != "text":
                return False
        elif s <= u.start and u.end <= e and u.kind not in ("text", "atom"):
            inside.add(n)
    return all(units[n].kind != "split" and units[n].partner in inside for n in inside)


def _marks_hold(body: str, units: list[_Unit], s: int, e: int, para: tuple[int, int]) -> bool:
    """Whether `==` around body[s:e] opens and closes, and every run of `*`, `_` or `~` it touches can
    open and close as before where that matters (CommonMark's flanking rules)."""
    lo, hi, k = units[0].start, units[-1].end, len(MD_MARK)
    line = body[lo:hi]
    text = body[lo:s] + MD_MARK + body[s:e] + MD_MARK + body[e:hi]
    a, b = s - lo, e - lo + k  # where the two marks stand in `text`
    if any(text[i:i + 1] == "=" for i in (a - 1, a + k, b - 1, b + k)):
        return False
    if not _flanking(text, a, a + k)[0] or not _flanking(text, b, b + k)[1]:
        return False
    for at in (s, e):
        for q in (at - 1, at):
            if not (lo <= q < hi) or body[q] not in "*_~":
                continue
            i, j = q, q + 1
            while i > lo and body[i - 1] == body[q]:
                i -= 1
            while j < hi and body[j] == body[q]:
                j += 1
            if i < at < j:
                return False  # the mark would cut the run in two
            shift = (k if i >= s else 0) + (k if i >= e else 0)
            before = _roles(line, i - lo, j - lo, body[q])
            after = _roles(text, i - lo + shift, j - lo + shift, body[q])
            # A run pairs only with another run of its character in its paragraph; if there is one,
            # what it can do must not change (CommonMark's "rule of 3" makes even a lost role count).
            c = body[q]
            if before != after and (body.find(c, para[0], i) >= 0 or body.find(c, j, para[1]) >= 0):
                return False
    return True


def mark_body(body: str, places: list[tuple[Highlight, int, int]], mark: str | None = MD_MARK,
              notes: Callable[[list[Highlight]], str] | None = None) -> str:
    """The body with placed highlights (highlight, start, end) marked, their notes after their paragraphs."""
    # `mark` goes on either side of each piece (and images and [[ are escaped); with None only the
    # notes are added. notes(highlights) is the text put after a paragraph, a blank line before it.
    lines, block_end = _lines(body)
    starts = [line.start for line in lines]
    units: dict[int, list[_Unit]] = {}

    def units_of(n: int) -> list[_Unit]:
        if n not in units:
            units[n] = _units(body, lines[n])
        return units[n]

    inserts: list[tuple[int, int, int, str]] = []  # (offset, order, sequence, text)
    if mark is not None:
        pieces: list[tuple[int, int]] = []
        for s, e in _spans(places):
            for n in range(max(0, bisect.bisect_right(starts, s) - 1), len(lines)):
                line = lines[n]
                if line.start >= e:
                    break
                if line.markable and line.content < e and s < line.content_end:
                    pieces += _pieces(body, units_of(n), max(s, line.content), min(e, line.content_end),
                                      line.para)
        for ps, pe in _spans(pieces):
            inserts += [(pe, 0, len(inserts), mark), (ps, 1, len(inserts) + 1, mark)]
        for m in _NEEDS_ESCAPE.finditer(body):
            at, line = m.start(), lines[bisect.bisect_right(starts, m.start()) - 1]
            slashes = len(body[line.start:at]) - len(body[line.start:at].rstrip("\\"))
            if line.in_code or slashes % 2 or any(cs <= at < ce for cs, ce, _whole in line.code):
                continue  # code shows what it holds; an escaped one is text already
            if m.group(0) == "<" and _AUTOLINK.match(body, at):
                continue
            if m.group(0) != "<" and any(a.start() < at < a.end()
                                         for a in _AUTOLINK.finditer(body, line.start, line.end)):
                continue  # within a web address
            for pos in (at, at + 1) if m.group(0) == "[[" else (at,):
                inserts.append((pos, 2, len(inserts), "\\"))
    if notes is not None:
        by_block: dict[int, list[tuple[int, Highlight]]] = {}
        for h, s, e in places:
            if h.note.strip():
                n = max(0, bisect.bisect_right(starts, max(s, e - 1)) - 1)
                by_block.setdefault(block_end[n], []).append((s, h))
        for at, group in by_block.items():
            text = notes([h for _s, h in sorted(group, key=_by_start)])
            inserts.append((at, 3, len(inserts), f"\n\n{text}"))
    out, pos = [], 0
    for at, _order, _seq, text in sorted(inserts):
        out.append(body[pos:at])
        out.append(text)
        pos = at
    out.append(body[pos:])
    return "".join(out)


def _spans(ranges: list) -> list[tuple[int, int]]:
    """(start, end) of each range, or of each (highlight, start, end), overlapping and touching ones
    joined: one mark over them ("====" would be no mark at all)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(r[-2:] for r in ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        elif s < e:
            out.append((s, e))
    return out


def _by_start(item: tuple[int, Highlight]) -> tuple[int, int]:
    return item[0], item[1].id
