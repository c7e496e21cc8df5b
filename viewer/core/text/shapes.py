"""Shapes of lines the cleaner asks about: a sentence, a headline; titles made from text."""

from __future__ import annotations

import difflib
import re

TITLE_MAX = 150
DERIVED_TITLE_MAX = 80


_CLOSERS = " \t\"'”’」』)]>»"
LIST_ITEM = re.compile(r"^\s*(?:[-*+•·▶▷►☞※◆◇■□○●]|\d{1,2}[.)])\s+\S")  # "- 항목", "1. item"
HANGUL_SYLLABLE = re.compile(r"[가-힣]")
TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—:·]|::)\s+")  # "Headline | Outlet", "Outlet : Headline"
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])[\"'”’」』)]*\s+")


def is_sentence(line: str) -> bool:
    """Ends like a sentence of running text (a headline or a deck line does not)."""
    s = line.rstrip(_CLOSERS)
    if len(line) > TITLE_MAX:
        return True
    return s.endswith((".", "。")) and not s.endswith(("...", "…"))


def is_headline(line: str, limit: int = TITLE_MAX) -> bool:
    return bool(line) and len(line) <= limit and not is_sentence(line) and not LIST_ITEM.match(line)


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


# A masthead's motto: `Serving Marlow County since 1911`, `High Country news since 1912`, `Est. 1889`.
MOTTO = re.compile(
    r"^(?i:serving)\b|\b(?i:since|est\.?|established|founded)\s+(?:in\s+)?(?:18|19|20)\d\d\.?$")


def similar_text(a: str, b: str) -> bool:
    """The two texts say the same thing: 80% alike once punctuation and case are set aside."""
    a, b = re.sub(r"\W", "", a).lower(), re.sub(r"\W", "", b).lower()
    if not a or a == b:
        return bool(a)
    # The cheap upper bounds first: ratio() is quadratic, and one side may be a 5 MB line.
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8


_LATIN_LETTER = re.compile(r"[A-Za-z]")


def article_language(text: str) -> str:
    """"ko" when Hangul makes a fifth or more of the text's letters (a Korean article quoting
    English names), else "en". Read from the first 4,000 characters."""
    head = text[:4000]
    hangul = len(HANGUL_SYLLABLE.findall(head))
    latin = len(_LATIN_LETTER.findall(head))
    # a syllable stands for about three Latin letters
    return "ko" if hangul * 3 >= (hangul * 3 + latin) * 0.2 and hangul else "en"
