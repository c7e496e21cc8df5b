"""The block classifier: content or boilerplate, from the shape of each line and its neighbours.

The rules file knows precise families; this part knows none and judges every line of a capture
by properties of its text, the way jusText judges the paragraphs of an HTML page, adapted to
plain text and to Korean:

- length, weighting Hangul and Han twice (a Korean syllable carries about two Latin letters);
- sentence-ness: a Korean sentence-final ending (`다.`, `요.`, `까?`) or English sentence
  punctuation at the end;
- function-word density: for Korean the words ending in a common particle or verbal ending, for
  English the share of stop words (cleaning never loads Kiwi, so a capture shows at once);
- noise: links, URLs, e-mail addresses, phone numbers, hashtags and separators (`|`, `·`, `>`);
- menus: runs of short items.

Each block is first classed on its own as good (prose), near-good, short or bad; short and
near-good blocks then take their class from their neighbours (a short line between boilerplate
is boilerplate; one between paragraphs is a subheading). Last, the article is the densest run of
prose (a maximum-sum run over the blocks' scores): what lies outside it is page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from viewer.core.text.shapes import LIST_ITEM

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"

# Lengths in weighted characters (Hangul and Han count twice).
LENGTH_LOW = 60  # shorter blocks are "short": a headline, a menu item, a caption, a subheading
LENGTH_HIGH = 160  # a block this long with enough function words is prose on its own
FUNCTION_LOW = 0.22  # share of function words below which a block is not prose
FUNCTION_HIGH = 0.32
MAX_LINK_DENSITY = 0.35  # share of a block's text inside Markdown links

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3130-\u318f\u4e00-\u9fff]")
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\([^()]*\))?[^()]*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?\d{1,3}[ .-])?(?:\(?\d{2,4}\)?[ .-])\d{3,4}[ .-]\d{4}(?!\d)")
_HASHTAG = re.compile(r"(?:^|\s)#[^\s#]+")
_SEPARATOR = re.compile(r"\s[|·>›»/]\s|\s\|\s?|\s?\|\s")
_WORD = re.compile(r"[^\s]+")
_BUTTON = re.compile(r"\[\s*[^\[\]]{1,12}?\s*\](?!\()")
_CLOSERS = "\"'”’」』)]>»*_"
_KOREAN_SENTENCE_END = re.compile(r"(?:[다요죠까니네라지음함임됨]|습니다)\s*[.?!…]*$")
_LATIN_SENTENCE_END = re.compile(r"[a-z0-9%)\]\"'”’][.?!]$|[.?!][\"'”’)]$|[:;]$")
_ANY_SENTENCE_END = re.compile(r"[.?!。？！]$")

# Word-final particles and endings: the function words of Korean prose. A word of a menu, a
# headline or a name list seldom ends in one; most words of a Korean sentence do.
_KOREAN_FUNCTION = tuple(
    "에서 에게 께서 까지 부터 보다 처럼 으로 이라고 라고 라며 이며 에는 에도 과의 와의 지만 는데 은데 면서"
    " 습니다 했다 한다 된다 이다 였다 있다 없다 했고 하고 하며 해서 하는 했던 하면 되는 된 한 할 될 던 인"
    " 은 는 이 가 을 를 에 의 로 와 과 도 만 고 며 면 서 다 요 게 지 니 데 죠 까 야 여 라 나".split())
_STRIP = ".,!?\"'”’“‘()[]…·:;"
_ENGLISH_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he
her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
only or other our out over own said same she should so some such than that the their them then there these
they this those through to too under until up very was we were what when where which while who whom why will
with would you your says say told according new one two year years last week percent
""".split())


@dataclass(frozen=True)
class Shape:
    """What the classifier knows about one block of text."""

    length: int  # weighted characters
    words: int
    sentence: bool  # ends like a sentence of running text
    function_density: float
    link_density: float
    noise: int  # URLs, e-mail addresses, phone numbers, hashtags, separators
    korean: bool
    contact: bool = False  # holds an e-mail address or a phone number


def weighted_length(text: str) -> int:
    return len(text) + len(_HANGUL.findall(text))


@lru_cache(maxsize=4096)
def shape_of(text: str) -> Shape:
    """Measure one block (a line or a paragraph of a capture); the title finder asks again."""
    links = list(_MD_LINK.finditer(text)) if "](" in text else []
    link_density = 0.0
    anchors = text
    if links:
        anchors = _MD_LINK.sub(lambda m: m.group(1), text)
        shown = len(anchors.strip()) or 1
        link_density = min(1.0, sum(len(m.group(1)) for m in links) / shown)
        if not anchors.replace(" ", "").strip("*-+•·|"):
            link_density = 1.0  # image links alone
    plain = anchors.strip().lstrip("#>*-+• ").strip()
    words = _WORD.findall(plain)
    hangul = len(_HANGUL.findall(plain))
    korean = hangul * 2 >= len(plain.replace(" ", "")) * 0.5 if plain else False
    tail = plain.rstrip(_CLOSERS)
    if korean:
        sentence = bool(_KOREAN_SENTENCE_END.search(tail)) and bool(_ANY_SENTENCE_END.search(tail))
    else:
        sentence = bool(_LATIN_SENTENCE_END.search(tail)) and len(words) >= 4
    if words:
        if korean:
            hits = sum(1 for w in words if w.strip(_STRIP).endswith(_KOREAN_FUNCTION))
        else:
            hits = sum(1 for w in words if w.strip(_STRIP).lower() in _ENGLISH_STOP)
        density = hits / len(words)
    else:
        density = 0.0
    emails = len(_EMAIL.findall(text)) if "@" in text else 0
    phones = len(_PHONE.findall(text))
    buttons = len(_BUTTON.findall(plain)) if "[" in plain else 0  # "[ 글자 크기 ] [ 프린트 ]"
    noise = (buttons if buttons >= 2 else 0) + emails + phones + len(_SEPARATOR.findall(plain))
    if "http" in text or "www." in text:
        noise += len(_URL.findall(text))
    if "#" in text:
        noise += len(_HASHTAG.findall(text))
    return Shape(len(plain) + hangul, len(words), sentence, density, link_density, noise, korean,
                 bool(emails or phones))


def classify_shape(s: Shape) -> str:
    """The context-free class of a block: good, near-good, short or bad."""
    if s.link_density > MAX_LINK_DENSITY:
        return BAD
    if s.contact and s.length < 2 * LENGTH_HIGH:
        return BAD  # "Contact Jane at jane@…", "제보: 02-…": a short block with an address is furniture
    if s.noise >= 2 and not (s.sentence and s.length >= LENGTH_HIGH):
        return BAD
    if s.length < LENGTH_LOW:
        if s.words >= 6 and s.function_density < 0.1 and not s.sentence:
            return BAD  # "정치 경제 사회 국제 문화 스포츠": six words and no particle is a menu row
        return NEARGOOD if s.sentence and s.function_density >= FUNCTION_LOW and s.words >= 4 else SHORT
    # As jusText: many function words make prose; a sentence's end makes short prose good.
    if s.function_density >= FUNCTION_HIGH:
        return GOOD if s.sentence or s.length >= LENGTH_HIGH else NEARGOOD
    if s.function_density >= FUNCTION_LOW:
        return GOOD if s.sentence else NEARGOOD
    return NEARGOOD if s.sentence else BAD


def revise(classes: list[str]) -> list[str]:
    """Short and near-good blocks take their class from their nearest neighbours (jusText).

    The nearest good-or-bad (and good-bad-or-near-good) neighbour on each side is found in one
    pass each way: a page of a hundred thousand short lines is as quick as any other.
    """
    n = len(classes)
    out = list(classes)

    def nearest(step: int, accept: frozenset[str]) -> list[str]:
        found, last = [BAD] * n, BAD  # the edge of the page counts as boilerplate
        order = range(n) if step > 0 else range(n - 1, -1, -1)
        for i in order:
            found[i] = last
            if classes[i] in accept:
                last = classes[i]
        return found

    firm = frozenset({GOOD, BAD})
    any_of = frozenset({GOOD, BAD, NEARGOOD})
    before, after = nearest(1, firm), nearest(-1, firm)
    before_any, after_any = nearest(1, any_of), nearest(-1, any_of)
    for i, c in enumerate(classes):
        if c == SHORT:
            if before[i] == after[i]:
                out[i] = before[i]
            elif NEARGOOD in (before_any[i], after_any[i]):
                out[i] = GOOD
            # else: between the article and furniture: the caller decides (a headline?)
        elif c == NEARGOOD:
            out[i] = BAD if before[i] == after[i] == BAD else GOOD
    return out


# Scores for the densest run: prose counts for its length, furniture against it.
def _score(cls: str, s: Shape) -> float:
    if cls == GOOD:
        return min(s.length, 600) + (60 if s.sentence else 0)
    if cls == NEARGOOD:
        return min(s.length, 300) * 0.6
    if cls == SHORT:
        return -12.0
    return -max(25.0, min(s.length, 200) * 0.5)


def article_run(classes: list[str], shapes: list[Shape], first: list[str] | None = None
                ) -> tuple[int, int] | None:
    """The densest run of prose, as (first, last) block index; None if there is no prose.

    `first` are the classes before context: a short block made good by its neighbours (a
    subheading) neither opens the run nor adds to it.
    """
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, (c, s) in enumerate(zip(classes, shapes, strict=True)):
        if total <= 0:
            total, start = 0.0, i
        if first is not None and first[i] == SHORT and c == GOOD:
            total += 0.0 if total > 0 else -1.0
        else:
            total += _score(c, s)
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def menu_runs(shapes: list[Shape], texts: list[str], min_run: int = 3) -> set[int]:
    """Blocks in a run of at least `min_run` short items (a menu, a tag cloud, a button row)."""
    item = [0 < s.words <= 3 and s.length <= 24 and not s.sentence and not t.startswith("#")
            and not _ANY_SENTENCE_END.search(t.rstrip(_CLOSERS)) for s, t in zip(shapes, texts, strict=True)]
    out: set[int] = set()
    i = 0
    while i < len(item):
        if not item[i]:
            i += 1
            continue
        j = i
        while j < len(item) and item[j]:
            j += 1
        if j - i >= min_run:
            out.update(range(i, j))
        i = j
    return out


@dataclass
class Layout:
    """Where the article lies among a capture's blocks, and what the rest is."""

    classes: list[str]  # per block, after context
    shapes: list[Shape]
    start: int  # first and last block of the article run
    end: int
    menus: set[int]

    def reason(self, k: int, text: str) -> str:
        """The family a boilerplate block is removed as, from what made it boilerplate."""
        s = self.shapes[k]
        if k in self.menus:
            return "menu"
        if s.link_density > MAX_LINK_DENSITY:
            return "link-list"
        if _EMAIL.search(text) or _PHONE.search(text):
            return "contact"
        if s.noise >= 2:
            return "separator-row"
        if k < self.start:
            return "page-header"
        if k > self.end:
            return "page-footer"
        return "not-prose"


END_FAMILIES = frozenset({"comments"})  # boilerplate after which the article never goes on


def lay_out(texts: list[str], fixed: list[str | None] | None = None) -> Layout | None:
    """Classify blocks and find the article run; None when nothing reads as prose.

    `fixed` names, per block, the family the rules removed it as (None: for the classifier).
    """
    fixed = fixed or [None] * len(texts)
    shapes = [shape_of(t) for t in texts]
    classes = [BAD if f else classify_shape(s) for s, f in zip(shapes, fixed, strict=True)]
    menus = menu_runs(shapes, texts)
    for k in menus:
        classes[k] = BAD
    if GOOD not in classes:
        return None
    revised = revise(classes)
    run = article_run(revised, shapes, classes)
    if run is None:
        return None
    # A comment section's heading inside the run ends the article: the readers' words after it
    # read like prose, and often outweigh the gap between them and the article.
    # A list right under the last paragraph, with nothing the rules removed between, is the
    # article's own ("- 평일 밤 10시까지"): its items are short, but they are not furniture.
    end = run[1]
    while (end + 1 < len(texts) and fixed[end + 1] is None and classes[end + 1] != BAD
           and LIST_ITEM.match(texts[end + 1])):
        end += 1
    run = (run[0], end)
    cut = next((k for k in range(run[0] + 1, run[1] + 1) if fixed[k] in END_FAMILIES), None)
    if cut is not None and sum(revised[k] == GOOD for k in range(run[0], cut)) < sum(
            revised[k] == GOOD for k in range(cut, run[1] + 1)):
        cut = None  # `3 comments` over the story: a counter, not the comment section after it
    if cut is not None:
        last = max((k for k in range(run[0], cut) if revised[k] == GOOD), default=None)
        if last is not None:
            run = (run[0], last)
    return Layout(revised, shapes, run[0], run[1], menus)
