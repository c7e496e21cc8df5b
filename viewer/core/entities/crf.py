"""A learned tagger for people, organisations and places over Kiwi tokens (a linear-chain CRF).

The rule stages (finders, cues) find candidates and type them from cues; this model
decides, token by token, where a PERSON, ORG or PLACE mention begins and ends (BIO labels over
Kiwi tokens). It reads what the rules already computed, so it adds no second Kiwi pass:

* the token: its form, Kiwi tag, first and last characters, script and length;
* its neighbours two items either side (form and tag), and the particle, ending or mark
  glued before or after it and after its nearest neighbours (`김철수는` gives the item 김철수
  the feature `a=는/JX`);
* lexicons: the gazetteer type of the token and of a longest gazetteer match covering it, the
  type a cue noun points to (titles such as 대표, descriptors such as 업체), a name's ending
  (`…은행`, `…구`), Korean surname and personal-name shape;
* the rule analyser's own decision for the token (stacking): its type, B/I position and cue.

Items are the nominal tokens: particles, endings, verbs, adverbs, bound nouns (`씨`, `등`),
punctuation and other symbols are not items but features of their neighbours, so a mention
never starts or ends on one, and tagging stays cheap.

The weights are trained by scripts/train_entity_model.py on KLUE-NER (CC BY-SA 4.0; see
resources/entity_crf.LICENSE) and shipped as resources/entity_crf.model. python-crfsuite runs
them; the model is read lazily, once per process (get_entity_model), and when the file or the
package is missing the analyser keeps to its rules.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from viewer.core.entities.gazetteer import Gazetteer
from viewer.core.entities.words import (
    COMPOUND_SURNAMES,
    PARTICLES,
    SURNAMES,
    name_shaped,
    noun_type,
    own_suffix_type,
)
from viewer.core.resources import resource

MODEL_FILE = "entity_crf.model"
# Tokens that are never an item: particles, endings, copulas, verbs and adjectives, adverbs,
# interjections, roots, verb suffixes, bound nouns, punctuation and other symbols (`=`, `%`). They
# become features of the items beside them.
_DROP_PREFIXES = ("J", "E", "V", "MA", "IC", "XR", "XSV", "XSA", "NNB",
                  "SF", "SP", "SS", "SE", "SO", "SW", "Z")
_CACHE_LIMIT = 100_000  # distinct (form, tag) pairs kept per encoder
# What the edges of a sequence lend the first item at -1 and the last at +1 (nothing at 2).
_EDGES = (("BOS",), ("EOS",))
_EDGES_BYTES = ((b"BOS",), (b"EOS",))
_INNER = " -.&'"  # what may stand between two items of one mention (no bracket)


class _Dropped(dict):
    """Kiwi tag -> whether its tokens are no items (see _DROP_PREFIXES), filled as tags come."""

    def __missing__(self, tag: str) -> bool:
        self[tag] = dropped = tag.startswith(_DROP_PREFIXES)
        return dropped


@dataclass
class ItemSequence:
    """One paragraph of a field as the model sees it: items and their features."""

    field: str  # "title", "deck" (its lines joined by line breaks) or "body"
    spans: list[tuple[int, int]]  # character offsets of each item in the field's text
    xseq: list[list[str]] | list[list[bytes]]  # bytes from a model's encoder (see FeatureEncoder)


def _shape(form: str) -> str:
    kinds = set()
    for ch in form:
        if "가" <= ch <= "힣":
            kinds.add("H")
        elif ch.isascii() and ch.isalpha():
            kinds.add("U" if ch.isupper() else "L")
        elif ch.isdigit():
            kinds.add("D")
        elif "\u4e00" <= ch <= "\u9fff":
            kinds.add("C")
        else:
            kinds.add("O")
    return "".join(sorted(kinds)) + str(min(len(form), 5))


class FeatureEncoder:
    """Turns a field's Kiwi tokens and the rules' findings into CRF item sequences.

    With a vocabulary (the attributes a trained model weighs), features the model does not know
    are left out: they would add nothing to any score, and leaving them out keeps tagging fast.
    Such an encoder feeds a tagger only, so it gives its features as UTF-8 bytes, which
    python-crfsuite takes as they are instead of encoding every string on every call; each
    feature is one shared object, which keeps the cached items small.
    """

    def __init__(self, gazetteer: Gazetteer, vocabulary: frozenset[str] | None = None):
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary
        self._lex: dict[tuple[str, str], tuple] = {}
        self._items: dict[tuple[str, str, str, str], tuple[tuple, ...]] = {}
        self._marks_known: dict[tuple[str, str], tuple] = {}
        self._drop = _Dropped()
        self._edges = _EDGES if vocabulary is None else _EDGES_BYTES
        self._bytes = None if vocabulary is None else {f: f.encode() for f in vocabulary}

    def _known(self, feats: Iterable[str]) -> list:
        if self._bytes is None:
            return list(feats)
        return [f for f in map(self._bytes.get, feats) if f is not None]

    def _lexical(self, form: str, tag: str) -> tuple:
        """Own features and the features it lends its neighbours at -2, -1, +1, +2 (cached)."""
        key = (form, tag)
        hit = self._lex.get(key)
        if hit is not None:
            return hit
        own = [f"w={form}", f"t={tag}", f"p1={form[0]}", f"s1={form[-1]}", f"sh={_shape(form)}"]
        if len(form) >= 3:
            own += [f"p2={form[:2]}", f"s2={form[-2:]}"]
        entry = self.gazetteer.get(form)
        gz = entry.type if entry else ""
        hangul = "가" <= form[-1] <= "힣"
        nt = (noun_type(form) or "") if hangul else ""
        if gz:
            own.append(f"gz={gz}")
        if nt:
            own.append(f"nt={nt}")
        if len(form) >= 3 and hangul:
            sx = own_suffix_type(form)
            if sx:
                own.append(f"sx={sx}")
        if form in SURNAMES:
            own.append("sn")
        elif name_shaped(form):
            own.append("nm")
        elif 2 <= len(form) <= 4 and (form[0] in SURNAMES or form[:2] in COMPOUND_SURNAMES):
            own.append("fs")
        near = [f"w={form}", f"t={tag}"] + ([f"gz={gz}"] if gz else []) + ([f"nt={nt}"] if nt else [])
        far = [f"w={form}", f"t={tag}"]
        known = self._known
        hit = (known(own), known(f"-1{x}" for x in near), known(f"+1{x}" for x in near),
               tuple(known(f"-2{x}" for x in far)), tuple(known(f"+2{x}" for x in far)))
        if len(self._lex) >= _CACHE_LIMIT:
            self._lex.clear()
        self._lex[key] = hit
        return hit

    def _item(self, form: str, tag: str, before: str, after: str) -> tuple[tuple[str, ...], ...]:
        """An item's features in its glue, cached: its own, and those it lends its neighbours.

        before and after are what stands right before and after the token: `_` for a space,
        `+` for another item, else the particle, ending or mark (`는/JX`). Returns the item's
        own features and those seen by the item after it (-1), before it (+1), two after it
        (-2) and two before it (+2).
        """
        key = (form, tag, before, after)
        hit = self._items.get(key)
        if hit is None:
            own, m1, p1, m2, p2 = self._lexical(form, tag)
            glue = [f"b={before}", f"a={after}"]
            for side, g in (("bt", before), ("at", after)):
                if "/" in g[1:]:
                    glue.append(f"{side}={g.rsplit('/', 1)[1]}")
            known = self._known
            hit = (tuple(own + known(glue)), tuple(m1 + known([f"-1a={after}"])),
                   tuple(p1 + known([f"+1a={after}"])), m2, p2)
            if len(self._items) >= _CACHE_LIMIT:
                self._items.clear()
            self._items[key] = hit
        return hit

    def encode(self, name: str, text: str, starts: Sequence[int], ends: Sequence[int],
               tags: Sequence[str], forms: Sequence[str], paragraphs: Iterable[tuple[int, int]],
               rule_spans: list[tuple[int, int, str, str]],
               gaz_spans: list[tuple[int, int, str]]) -> list[ItemSequence]:
        """Item sequences of one field, one per paragraph with any item.

        Tokens are given as parallel lists; paragraphs as (first, end) token index ranges;
        rule_spans as (start, end, type, cue) and gaz_spans as (start, end, type), in characters.
        """
        cuts = sorted({x for span in rule_spans + gaz_spans for x in span[:2]})
        rules, gazetteer = _SpansByStart(rule_spans), _SpansByStart(gaz_spans)
        out = []
        for first, last in paragraphs:
            toks = self._tokens(text, starts, ends, tags, forms, first, last, cuts)
            seq = self._sequence(name, text, toks)
            if seq.spans:
                lo, hi = seq.spans[0][0], seq.spans[-1][1]
                near_rules, near_gazetteer = rules.within(lo, hi), gazetteer.within(lo, hi)
                if near_rules or near_gazetteer:
                    self._add_marks(seq, near_rules, near_gazetteer)
                out.append(seq)
        return out

    @staticmethod
    def _tokens(text: str, starts: Sequence[int], ends: Sequence[int], tags: Sequence[str],
                forms: Sequence[str], first: int, last: int,
                cuts: list[int]) -> Iterable[tuple[int, int, str, str]]:
        """A paragraph's tokens (start, end, tag, form), cut where a known name ends inside one.

        Kiwi sometimes reads a name and its particle as one proper noun (`오픈AI의`); the rules
        know the name, so the token is cut there and a particle after the cut is one again.
        Tokens of no length may be among them.
        """
        toks = zip(starts[first:last], ends[first:last], tags[first:last], forms[first:last],
                   strict=True)
        inside = []
        if cuts and first < last:
            lo, hi = bisect_right(cuts, starts[first]), bisect_left(cuts, max(ends[first:last]))
            for c in cuts[lo:hi]:  # a cut inside a token: the one starting last before it
                i = bisect_left(starts, c, first, last) - 1
                if i >= first and ends[i] > c:
                    inside.append(c)
        if not inside:
            return toks
        out = []
        for s, e, tag, form in toks:
            if e <= s:
                continue
            k = bisect_right(inside, s)
            if k == len(inside) or inside[k] >= e or not tag.startswith(("NN", "SL", "SH")):
                out.append((s, e, tag, form))
                continue
            s0 = s
            for b in [*(c for c in inside[k:] if c < e), e]:
                piece = text[s:b]
                out.append((s, b, "J" if s > s0 and piece in PARTICLES else tag, piece))
                s = b
        return out

    def _sequence(self, name: str, text: str,
                  toks: Iterable[tuple[int, int, str, str]]) -> ItemSequence:
        n_text = len(text)
        spans: list[tuple[int, int]] = []
        forms: list[str] = []
        tags: list[str] = []
        befores: list[str] = []  # what stands right before each item (see _item)
        afters: list[str] = []  # and right after it
        drop = self._drop
        # What stands before the next item: nothing ("_"), an item ("+") or a token that is none,
        # kept as its form and tag and spelt `는/JX` only where an item is glued to it.
        glue_form: str | None = None
        glue_tag = "_"
        glued = False  # the last item's `after` is the token that follows it
        for s, e, tag, form in toks:
            if e <= s:
                continue
            if drop[tag]:
                glue_form, glue_tag = form, tag
                if glued:
                    afters[-1] = f"{form}/{tag}"
                    glued = False
                continue
            spans.append((s, e))
            forms.append(form)
            tags.append(tag)
            befores.append("_" if s == 0 or text[s - 1].isspace()
                           else glue_tag if glue_form is None else f"{glue_form}/{glue_tag}")
            glued = e < n_text and not text[e].isspace()
            afters.append("+" if glued else "_")
            glue_form, glue_tag = None, "+"
        if not spans:
            return ItemSequence(name, spans, [])
        cache, item = self._items, self._item
        own, m1, p1, m2, p2 = zip(*[cache.get(key) or item(*key)
                                    for key in zip(forms, tags, befores, afters, strict=True)],
                                  strict=True)
        bos, eos = self._edges
        # own, then what the items at -1, -2, +1 and +2 lend (this order, as in training); the
        # lenders from before run one and two past the last item, where zip stops
        xseq = [[*a, *b, *c, *d, *e] for a, b, c, d, e in
                zip(own, (bos, *m1), ((), (), *m2), (*p1[1:], eos), (*p2[2:], (), ()), strict=False)]
        return ItemSequence(name, spans, xseq)

    def _add_marks(self, seq: ItemSequence, rule_spans: list[tuple[int, int, str, str]],
                   gaz_spans: list[tuple[int, int, str]]) -> None:
        """Add the rules' and the gazetteer's label to the items they cover (`r=B-PERSON`,
        `rc=title`, `r1=PERSON` where the rules' mention is that one item, `g=I-PLACE`).

        An item's marks follow its other features: the rules' in the order of their spans,
        then the gazetteer's.
        """
        spans, xseq, mark = seq.spans, seq.xseq, self._mark
        item_starts = [s for s, _ in spans]
        n = len(spans)
        for s, e, type_, cue in rule_spans:
            j = bisect_left(item_starts, s)
            if j < n and item_starts[j] < e:
                feats = xseq[j]
                feats += mark("r=B-", type_)
                feats += mark("rc=", cue)
                if spans[j][1] >= e:
                    feats += mark("r1=", type_)
                j += 1
                while j < n and item_starts[j] < e:
                    xseq[j] += mark("r=I-", type_)
                    j += 1
        for s, e, type_ in gaz_spans:
            j = bisect_left(item_starts, s)
            if j < n and item_starts[j] < e:
                xseq[j] += mark("g=B-", type_)
                j += 1
                while j < n and item_starts[j] < e:
                    xseq[j] += mark("g=I-", type_)
                    j += 1

    def _mark(self, kind: str, value: str) -> tuple:
        """The feature `kind` + `value`, if the model knows it, as a tuple of zero or one."""
        hit = self._marks_known.get((kind, value))
        if hit is None:
            hit = self._marks_known[kind, value] = tuple(self._known([kind + value]))
        return hit


class _SpansByStart:
    """A field's (start, end, …) spans, to pick out a paragraph's quickly and in their order."""

    def __init__(self, spans: list[tuple]):
        self._spans = spans
        self._order = sorted(range(len(spans)), key=lambda k: spans[k][0])
        self._starts = [spans[k][0] for k in self._order]
        self._longest = max((span[1] - span[0] for span in spans), default=0)

    def within(self, lo: int, hi: int) -> list[tuple]:
        """The spans overlapping [lo, hi), in the order they were given."""
        order, spans = self._order, self._spans
        a, b = bisect_left(self._starts, lo - self._longest), bisect_left(self._starts, hi)
        return [spans[k] for k in sorted(order[a:b]) if spans[k][1] > lo]


def decode(seq: ItemSequence, labels: Sequence[str], text: str) -> list[tuple[int, int, str]]:
    """Mentions (start, end, type) from BIO labels.

    An I- without its B- starts a mention, and so does one after a particle or a separator
    (`미국과 중국`, `한·미`, `선양(沈陽)`): only spaces and joiners may stand inside a mention.
    """
    if len(labels) != len(seq.spans):
        raise ValueError("one label per item")
    out: list[list] = []
    spans = seq.spans
    for i in [i for i, label in enumerate(labels) if label != "O"]:  # most items are O
        label, (s, e) = labels[i], spans[i]
        pos, type_ = label[0], label[2:]
        prev = labels[i - 1] if i else "O"
        if pos == "I" and prev[2:] == type_ and not text[out[-1][1]:s].strip(_INNER):
            out[-1][1] = e
        else:
            out.append([s, e, type_])
    return [(s, e, t) for s, e, t in out]


def bio_labels(seq: ItemSequence, mentions: Iterable[tuple[int, int, str]]) -> list[str]:
    """Training labels: B-/I-TYPE for the items inside a mention (by start offset), else O."""
    labels = ["O"] * len(seq.spans)
    starts = [s for s, _ in seq.spans]
    for s, e, type_ in mentions:
        j = bisect_left(starts, s)
        first = True
        while j < len(starts) and starts[j] < e:
            if first and starts[j] != s:
                break  # the mention starts inside a token: no item can carry it
            labels[j] = ("B-" if first else "I-") + type_
            first = False
            j += 1
    return labels


@lru_cache(maxsize=4)
def full_encoder(gazetteer: Gazetteer) -> FeatureEncoder:
    """One encoder (and its cache) per gazetteer, keeping every feature (to train and evaluate)."""
    return FeatureEncoder(gazetteer)


class EntityModel:
    """CRF weights in memory, with one python-crfsuite tagger per thread (taggers keep state)."""

    def __init__(self, data: bytes):
        self._data = data
        self._local = threading.local()
        info = self._tagger().info()  # fails here, not on first use, if the bytes are no model
        self.vocabulary = frozenset(attr for attr, _ in info.state_features)
        self._encoders: dict[int, tuple[Gazetteer, FeatureEncoder]] = {}

    @classmethod
    def from_path(cls, path: str | Path) -> EntityModel:
        return cls(Path(path).read_bytes())

    def _tagger(self):
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self._data)
            self._local.tagger = tagger
        return tagger

    def encoder(self, gazetteer: Gazetteer) -> FeatureEncoder:
        """An encoder that leaves out what this model does not weigh (one per gazetteer)."""
        hit = self._encoders.get(id(gazetteer))
        if hit is None or hit[0] is not gazetteer:
            hit = (gazetteer, FeatureEncoder(gazetteer, self.vocabulary))
            self._encoders[id(gazetteer)] = hit
        return hit[1]

    def tag(self, seq: ItemSequence) -> list[str]:
        return self._tagger().tag(seq.xseq)

    def mentions(self, seq: ItemSequence, text: str) -> list[tuple[int, int, str]]:
        return decode(seq, self.tag(seq), text)

    @property
    def size(self) -> int:
        return len(self._data)


_model: EntityModel | None = None
_model_loaded = False
_model_lock = threading.Lock()


def get_entity_model() -> EntityModel | None:
    """The shipped model, read on first use (thread-safe); None when it cannot be had."""
    global _model, _model_loaded
    if not _model_loaded:
        with _model_lock:
            if not _model_loaded:
                _model = _load_shipped()
                _model_loaded = True
    return _model


def entity_model_loaded() -> bool:
    """Whether get_entity_model has read the shipped model (or found it missing)."""
    return _model_loaded


def forget_entity_model() -> None:
    """Forget the shipped model, so the next get_entity_model reads MODEL_FILE again."""
    global _model, _model_loaded
    with _model_lock:
        _model, _model_loaded = None, False


def _load_shipped() -> EntityModel | None:
    try:
        import pycrfsuite  # noqa: F401  (the runtime that reads the weights)

        data = resource(MODEL_FILE).read_bytes()
        return EntityModel(data)
    except (ImportError, OSError, ValueError):
        return None
