"""The outlet that published a capture, chosen by evidence from the page's furniture.

Candidates come from the page's own metadata (og:site_name, front matter), bylines
("[한빛일보 김민수 기자]"), wire datelines ("(서울=누리통신)", "(Reuters)"), copyright lines, the
masthead (a short line at the very top of a whole-page capture, or a logo's alt text), and
phrases like "Subscribe to X" or "Photo: … for X". The outlet's name is the one the furniture
repeats: each candidate scores the times it stands in what cleaning removed (never in the article,
where a place named in a dateline also stands), plus a weight for where it was found, plus
the page's own domain when an e-mail or web address in its furniture spells the name
(`newsroom@cottonwoodregister.com`); a masthead's motto (`Serving central Iowa since 1889`) counts
against itself. A news agency in a dateline is the source of the copy, not of the page, when the
page names itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from viewer.core.text.shapes import HANGUL_SYLLABLE, MOTTO

WEIGHTS = {"hint": 5.0, "byline": 3.0, "footer": 2.0, "masthead": 2.0, "phrase": 0.5, "wire": 0.5}
MASTHEAD_LINES = 3  # the lines at the top of a capture where an outlet's name may stand alone
_COMPANY = re.compile(
    r"(?i:\b(?:media\s+group|media|group|inc|co|corp|company|publishing(?:\s+co)?|holdings|ltd|llc|plc)\.?$)"
    r"|(?:미디어|홀딩스|그룹)$")
_NOT_A_NAME = re.compile(
    r"^(?:정리|글|사진|취재|편집|영상|그래픽|자료|기자|특파원|본문|메뉴|검색|로그인|회원가입|구독|전체|홈|뉴스)$"
    r"|(?i:^(?:skip|menu|search|sign|log|subscribe|home|news|staff|reporter|writer|editor|correspondent"
    r"|contributor|columnist|photographer|by|write|get\s+started|upgrade|member|open\s+in)\b|^(?:the|a|an)$)|바로\s*가기|(?i:reporter|writer|editor|correspondent)$"
    r"|^(?:한국어|English|日本語|中文|简体|繁體|Español|Français|KOR|ENG)$")
_NAME = r"((?:The[ ]+)?[A-Z][\w&'.-]*(?:[ ]+[A-Z][\w&'.-]*){0,3})"
_PHRASES = re.compile(
    rf"Subscribe to\s+{_NAME}|Published in\s+{_NAME}"
    rf"|(?:Photo(?:graph)?s?|Illustrations?)\b[^\n]{{0,80}}?\bfor\s+{_NAME}"
    rf"|(?:writer|reporter|editor|correspondent|columnist)\s+(?:at|for|with)\s+{_NAME}"
    rf"|{_NAME}\s+is\s+an?\s+(?:[\w-]+\s+){{0,2}}(?:publication|newsroom|newspaper|magazine)"
    r"|([가-힣A-Za-z]{2,12})\s*(?:뉴스레터|을\s*구독|를\s*구독)")
_IMAGE_ALT = re.compile(r"!\[([^\]\n]{2,40})\]\(")
_MIXED = re.compile(r"^([A-Za-z][A-Za-z0-9 &.'-]{1,30}?)\s+([가-힣][가-힣 ]{0,15})$"
                    r"|^([가-힣][가-힣 ]{0,15}?)\s+([A-Za-z][A-Za-z0-9 &.'-]{1,30})$")


# An e-mail address or a web address in the furniture: the site's own domain names it
# (`lbird@snowgumherald.com.au`, `www.cottonwoodregister.com`).
_DOMAIN = re.compile(r"(?:@|\bwww\.|https?://(?:www\.)?)([a-z0-9-]{3,40})\.[a-z]{2,}", re.I)
_TRAILING_YEAR = re.compile(r"(?:,?\s+(?:19|20)\d\d)+$")
_CONNECTORS = frozenset("of the and de du la le des di da del van von".split())


def _tagline(name: str) -> bool:
    """A Latin line under the masthead that reads as a phrase, not a name: `Serving central Iowa
    since 1889`, `High Country news since 1912` (lower-case words, a year)."""
    if HANGUL_SYLLABLE.search(name):
        return False
    lower = [w for w in name.split() if w[:1].islower() and w not in _CONNECTORS]
    return len(lower) >= 2 or bool(MOTTO.search(name))


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", name.casefold()))


_NAME_AND_MOTTO = re.compile(r"^(\S[^—–|]{1,24}?)\s+[—–|]\s+\S.{3,}$")


@dataclass
class Candidate:
    name: str
    kind: str
    whole: str | None = None  # the masthead line a name came from, in both scripts ("HSB 해솔방송")


def masthead_candidates(top_lines: list[str]) -> list[Candidate]:
    """Names standing alone on the first lines of a page (or as a logo's alt text)."""
    out: list[Candidate] = []
    for line in top_lines[:MASTHEAD_LINES]:
        text = line.strip().strip("#*_ ").strip()
        for alt in _IMAGE_ALT.findall(text):
            out.append(Candidate(alt.strip(), "masthead"))
        if not text or "](" in text or len(text) > 40 or len(text.split()) > 5:
            continue
        if (HANGUL_SYLLABLE.search(text) and len(text.replace(" ", "")) < 3
                and not re.search(r"[A-Za-z0-9]", text)):
            continue  # "개발", "홈": a menu's word, not a masthead
        motto = _NAME_AND_MOTTO.match(text)
        if motto:  # "기가반짝 — 써보고 말하는 IT": the name, then what it promises
            out.append(Candidate(motto.group(1).strip(), "masthead"))
            continue
        mixed = _MIXED.match(text)
        if mixed:  # "URBAN ROOT 어반루트": the name in each script
            out += [Candidate(g.strip(), "masthead", text) for g in mixed.groups() if g]
        else:
            out.append(Candidate(text, "masthead"))
    return out


def phrase_candidates(furniture: str) -> list[Candidate]:
    out = []
    for m in _PHRASES.finditer(furniture):
        name = next((g for g in m.groups() if g), "").strip(" .,'")
        if name:
            out.append(Candidate(name, "phrase"))
    return out


_PARTICLES = frozenset("은는이가을를의에도와과로")


def _is_syllable(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _count(name: str, text: str) -> int:
    """How often a name stands in text as a word (text and name case-folded by the caller).

    A Korean name may take a particle ("모래시계는") but not more syllables ("개발" is not in
    "개발자"); a Latin one stands between non-word characters. String search, not a regular
    expression per name: compiling one costs a millisecond.
    """
    name = name.casefold()
    korean = bool(HANGUL_SYLLABLE.search(name))
    count, at = 0, text.find(name)
    while at != -1:
        end = at + len(name)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if korean:
            ok = not _is_syllable(before) and (
                not _is_syllable(after)
                or (after in _PARTICLES and (end + 1 >= len(text) or not _is_syllable(text[end + 1]))))
        else:
            ok = not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")
        count += ok
        at = text.find(name, at + 1)
    return count


def choose_outlet(candidates: list[Candidate], furniture: str, korean: bool) -> str | None:
    """The best-supported outlet name among the candidates; None if there are none."""
    folded = furniture.casefold()
    scores: dict[str, float] = {}
    shown: dict[str, str] = {}
    whole: dict[str, str] = {}
    for c in candidates:
        name = _TRAILING_YEAR.sub("", " ".join(c.name.split()))  # `Harbourline Media Ltd 2025`
        if not name or len(name) > 40 or _NOT_A_NAME.search(name) or name.isdigit():
            continue
        key = name.casefold()
        if c.whole:
            whole[key] = c.whole
        if key not in shown or (shown[key].isupper() and not name.isupper()):
            shown[key] = name  # "The Northfield Review" rather than its masthead's capitals
        scores[key] = scores.get(key, 0.0) + WEIGHTS[c.kind]
    if not scores:
        return None
    domains = {d.casefold() for d in _DOMAIN.findall(furniture)}
    for key in list(scores):
        if _tagline(shown[key]):
            scores[key] -= 4.0  # a masthead's motto, not its name
        squashed = _squashed(shown[key])
        if not shown[key].islower() and len(squashed) >= 4 \
                and any(squashed == d or squashed in d.replace("-", "") for d in domains):
            scores[key] += 3.0  # the page's own domain spells it
    for key in list(scores):
        count = _count(shown[key], folded)
        # A name the page prints only once in its furniture is weak; a masthead never repeated
        # is more often a tagline or a section.
        scores[key] += count
        if _COMPANY.search(shown[key]):
            scores[key] -= 2.0  # the publisher's company, not the title it publishes
        if korean and HANGUL_SYLLABLE.search(shown[key]):
            scores[key] += 2.5  # a Korean page names itself in Korean
    # An acronym of another candidate's initials (`TPB`, `Tamarack Public Broadcasting`) is that
    # outlet, named in full.
    for key in list(scores):
        short = shown[key]
        if not (short.isupper() and short.isalpha() and 2 <= len(short) <= 6):
            continue
        for other in scores:
            initials = "".join(w[0] for w in shown[other].split() if w.lower() not in _CONNECTORS)
            if other != key and len(shown[other].split()) >= 2 and initials.upper() == short:
                scores[other] += max(scores[key], 0.0)
                scores[key] = -1.0
                break
    # A shorter name inside a longer candidate ("Orbis" in "Orbis News") is that name, cut.
    for key in list(scores):
        for other in scores:
            if other != key and key in other and scores[other] >= 2 and _count(shown[other], folded) >= 1:
                scores[other] = max(scores[other], scores[key])
                scores[key] = -1.0
                break
    best = max(scores, key=lambda k: (scores[k], len(k)))
    if scores[best] <= 0:
        return None
    return whole.get(best, shown[best])  # the masthead as printed: the outlet's name in both scripts
