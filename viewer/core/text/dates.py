"""Dates as news pages print them, read into ISO 8601; and lines that are nothing but a date.

Forms read: `2025.04.02 14:31`, `2025-04-02 오후 2:31`, `2025년 4월 2일 14시 31분`, `2025/04/02`,
`17/06/2025` (day first, unless the numbers or an American zone say month first),
`April 2, 2025`, `Apr. 2, 2025 2:31 p.m. ET`, `2 April 2025 18.40 BST`, `Updated 3:05 PM EDT,
Wed April 2, 2025`, ISO 8601 with a zone. The time kept is the one printed (the page's local
time); a zone is not converted. A regular expression per form, not dateparser: cleaning runs on
every capture and keystroke-fast, and dateparser takes ~1 s to import and milliseconds a call.
"""

from __future__ import annotations

import re

from viewer.core.text.shapes import HANGUL_SYLLABLE

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"

_NUMERIC = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[.\-/]|년)\s*(?P<m>\d{1,2})\s*(?:[.\-/]|월)\s*(?P<d>\d{1,2})(?!\d)"
    r"\s*(?:일|\.)?(?:\s*\([월화수목금토일]\))?")
# `17/06/2025`, `03.09.2025`: day first, as most of the world writes it; month first only where the
# numbers say so (`06/17/2025`) or the zone is American (`10/14/2025 6:48 p.m. ET`).
_NUMERIC_DMY = re.compile(
    r"(?<![\w.\-/])(?P<d>\d{1,2})(?P<sep>[./\-])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})"
    r"(?![\d.\-/]\d)")
# `작성 25-04-26 21:47`: a two-digit year, read only right after a publication label
_NUMERIC_SHORT = re.compile(
    r"(?<=입력|작성|등록|승인|게재|발행|게시|송고)\s*[:：]?\s*(?P<y>\d{2})(?P<sep>[.\-/])"
    r"(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.\-/]\d)")
_AMERICAN_ZONE = re.compile(r"\b(?:[ECMP][SD]?T|AKST|HST)\b|\b(?:a\.m\.|p\.m\.)")
_ISO_TIME = re.compile(r"T(?P<h>\d{2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_TIME = re.compile(
    r"(?:(?P<ampm1>오전|오후|AM|PM|am|pm)\s*)?(?<![\d:])(?P<h>\d{1,2})\s*(?::|시\s*|\.(?=\d{2}\s*(?:[A-Z]{2,4}\b|$)))"
    r"\s*(?P<mi>\d{2})(?:\s*분)?(?::\d{2})?(?!\d)\s*(?P<ampm2>[ap]\.?\s?m\.?|AM|PM)?",
    re.I)
_YEAR = r"(?P<y>(?:19|20)\d{2})\b"
_MONTH_FIRST = re.compile(rf"(?<![a-z]){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.I)
_DAY_FIRST = re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+{_YEAR}", re.I)
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


_BEFORE_TIME = re.compile(
    r"[ ,|·(—–]{0,4}(?:[월화수목금토일]요일\s*|(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
    r"(?:(?:at|@|-|–)\s+)?")


def _twelve_hour(hh: int, marker: str | None) -> int:
    m = (marker or "").replace(".", "").replace(" ", "").upper()
    if m in ("오후", "PM") and hh < 12:
        return hh + 12
    if m in ("오전", "AM") and hh == 12:
        return 0
    return hh


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first date in text as ISO 8601 (with the time printed next to it), and its span."""
    found = []
    for pattern in (_NUMERIC, _MONTH_FIRST, _DAY_FIRST, _NUMERIC_DMY, _NUMERIC_SHORT):
        m = pattern.search(text)
        if m:
            found.append(m)
    if not found:
        return None
    m = min(found, key=lambda x: x.start())
    try:
        y, d = int(m["y"]), int(m["d"])
        y += 2000 if y < 100 else 0
        mo = int(m["m"]) if "m" in m.groupdict() and m.groupdict().get("m") else _MONTHS[m["mon"][:3].lower()]
    except (KeyError, ValueError, TypeError):
        return None
    if m.re is _NUMERIC_DMY and (mo > 12 or d <= 12 and _AMERICAN_ZONE.search(text)):
        d, mo = mo, d  # `06/17/2025`, or an American page's `10/04/2025`
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    date = f"{y:04d}-{mo:02d}-{d:02d}"
    end = m.end()
    iso = _ISO_TIME.match(text, end)
    if iso:
        return f"{date}T{iso['h']}:{iso['mi']}", m.start(), iso.end()
    # A time right after the date, or (English) right before it: "3:05 PM EDT, Wed April 2".
    between = _BEFORE_TIME.match(text, end)
    after = _TIME.match(text, between.end() if between else end)
    start = m.start()
    if after:
        t, end = after, after.end()
    else:
        before = [t for t in _TIME.finditer(text[:start]) if start - t.end() <= 20]
        t = before[-1] if before else None
        if t is not None:
            start = t.start()
    if t is None:
        return date, start, end
    hh, mi = int(t["h"]), int(t["mi"])
    hh = _twelve_hour(hh, t["ampm1"] or t["ampm2"])
    if hh > 23 or mi > 59:
        return date, m.start(), m.end()
    return f"{date}T{hh:02d}:{mi:02d}", start, end


def parse_date(text: str) -> str | None:
    """ISO 8601 (date, or date and time) of the first date in text; None if it has none."""
    found = find_date(text)
    return found[0] if found else None


# --- Lines that are a date and nothing else (labels, weekdays, zones, separators aside) ---------

PUBLISHED, LABELLED, UPDATED = "published", "labelled", "updated"
_UPDATED_LABEL = re.compile(
    r"(?:최종\s*)?(?:수정|업데이트|갱신)(?:\s*일시?|\s*시간)?|(?:last\s+)?updated?(?:\s+on)?|modified|edited",
    re.I)
_PUBLISHED_LABEL = re.compile(
    r"(?:기사\s*|온라인\s*)?(?:입력|등록|게재|승인|발행|송고|작성|출고|전송|게시)(?:\s*일시?|\s*시간|\s*일자)?|방송일"
    r"|(?:this\s+(?:article|story)\s+was\s+)?(?:first\s+|originally\s+)?published(?:\s+on)?|posted(?:\s+on)?"
    r"|date|released?|issued|dated?|filed", re.I)
_FILLER = re.compile(
    r"(?i:\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?|\b(?:[A-Z]{1,2}[SD]?T|KST|JST|GMT|UTC|BST|CET|CEST)"
    r"(?:[+-]\d{1,2}(?::?\d{2})?)?\b|\bat\b|\bon\b|\d+\s*min(?:ute)?s?\s+read|\bread\b|\bupdated\b"
    r"|\bpublished\b)|[|·:：,()\[\]/\-–—•]|\s+|[월화수목금토일]요일|\([월화수목금토일]\)|조회\s*(?:수)?\s*[\d,]+"
    r"|기사\s*원문|오전|오후|[ap]\.?m\.?|\bedited\b|(?<!\d)\d{1,2}[:.]\d{2}(?!\d)|(?<=일)\s*자\b|\[?제\s*\d{1,5}\s*호\]?|읽는\s*(?:시간|데)\s*\d+\s*분|(?:지면\s*)?[A-Z]?\d{1,2}\s*면(?![가-힣])"
    r"|(?i:\d+\s*(?:hours?|hrs?|minutes?|mins?|days?|weeks?)\s+ago)|\d+\s*(?:시간|분|일|주)\s*전")


def date_line(text: str) -> list[tuple[str, str]] | None:
    """The dates a line is made of, each with its kind; None if the line says anything else.

    The kind is LABELLED for a publication date named so ("입력", "Published"), UPDATED for an
    update ("수정", "Updated"), else PUBLISHED. "입력 2025.04.02 14:31 수정 2025.04.02 16:05"
    gives two.
    """
    if len(text) > 160 or not (_ANY_YEAR.search(text) or _NUMERIC_SHORT.search(text)):
        return None
    out: list[tuple[str, str]] = []
    rest = text
    pos = 0
    pieces: list[str] = []
    while True:
        found = find_date(rest[pos:])
        if not found:
            pieces.append(rest[pos:])
            break
        iso, a, b = found
        before = rest[pos:pos + a]
        kind = UPDATED if _last_label_is_update(before) else PUBLISHED
        if kind == PUBLISHED and (_PUBLISHED_LABEL.search(before)
                                  or _LABEL_AFTER.match(rest, pos + b) and not find_date(rest[pos + b:])):
            kind = LABELLED  # `입력 2025.04.02`, or the last date with its label after it (`… 24일 게재`)
        pieces.append(_strip_labels(before))
        out.append((kind, iso))
        pos += b
    if not out:
        return None
    leftover = _FILLER.sub("", "".join(pieces))
    if len(leftover) + len(HANGUL_SYLLABLE.findall(leftover)) > 4:  # "홍길동 기자 2025.04.02" is a byline
        return None
    return out


_LABEL_AFTER = re.compile(r"\s*(?:게재|발행|입력|등록|송고)(?:일|\b|$)")


def _last_label_is_update(before: str) -> bool:
    ups = [m.end() for m in _UPDATED_LABEL.finditer(before)]
    pubs = [m.end() for m in _PUBLISHED_LABEL.finditer(before)]
    return bool(ups) and (not pubs or max(ups) > max(pubs))


def _strip_labels(text: str) -> str:
    return _PUBLISHED_LABEL.sub("", _UPDATED_LABEL.sub("", text))
