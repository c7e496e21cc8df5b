"""What a JSON backup may hold: a small declarative schema, checked before anything is written.

`validate(doc)` walks a parsed backup along the schema below (so its recursion is as deep as the
schema, 8 levels, whatever the file's nesting) and returns a normalised copy that the restore can
write without further checks: every string is text of bounded length (title, source and author
one clean line; body, notes and highlight quotes without control or bidi characters; a web
address http or https, else dropped), every number an integer in range or a finite fraction,
every list within the caps of viewer.core.limits, every reference resolved. The first thing
that is not so raises `Invalid` naming it, e.g. `articles[3].highlights[0].target.selector[1].start:
must be an integer between 0 and 20,971,520`. Keys the schema does not know (another tool's
annotation properties) are dropped, after a check that they nest no deeper than MAX_JSON_DEPTH.

Longer than 500 lines because the schema of every backup field reads best in one place, next
to the few checks it is built from.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from viewer.core.limits import (
    MAX_BODY_CHARS,
    MAX_HIGHLIGHTS_PER_ARTICLE,
    MAX_ID,
    MAX_JSON_DEPTH,
    MAX_MENTIONS_PER_ARTICLE,
    MAX_META_CHARS,
    MAX_NOTE_CHARS,
    MAX_REMOVED_BLOCKS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
)
from viewer.core.model import EDITABLE_FIELDS, ENTITY_TYPES, UNTITLED
from viewer.core.palette import HIGHLIGHT_COLORS
from viewer.core.store.organise import MAX_TAG_CHARS, normal_tag
from viewer.core.text.normalise import clean_meta_text, normalize_text, one_line
from viewer.core.text.urls import web_address

BACKUP_FORMAT = "article-viewer-backup"
# 2: tags, Inbox/Archive, edited fields and the Trash (a version-1 reader would drop them unseen,
# so it is told the backup is newer instead)
BACKUP_VERSION = 2
FORMATS = ("txt", "md", "html")

# Bounds of things viewer.core.limits does not name. Cleaning keeps at most six deck lines; an
# entity's aliases are surface forms of its mentions; settings are a handful of short values.
MAX_DECK_LINES = 100
MAX_ALIASES = MAX_MENTIONS_PER_ARTICLE
MAX_PATH_CHARS = 4096
MAX_SETTINGS = 1000
MAX_SETTING_CHARS = MAX_PATH_CHARS  # the longest setting is a folder
MAX_NOTE_BODIES = 100  # TextualBody items of one annotation
MAX_SELECTORS = 100
MAX_TAGS_PER_ARTICLE = 1000

_HIGHLIGHT_URN = re.compile(r"urn:article-viewer:highlight:([0-9]+)", re.ASCII)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Raw text is the file as it was read, kept for identity (its content hash) and never shown: only
# the control and bidi characters normalize_text drops come out of it. Normalising it whole would
# change the raw of every CRLF or no-break-space file a round trip carries, and (for zero-width
# characters) its hash, so that restoring a backup into its own library would duplicate articles.
_RAW_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]+")

JsonPath = tuple[str | int, ...]  # where a value stands: ("articles", 3, "title")


class Invalid(ValueError):
    """The first part of a backup that is not valid: where (a JSON path or an article) and why."""

    def __init__(self, where: str, reason: str, labelled: bool = False) -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.where, self.reason, self.labelled = where, reason, labelled


def where(path: JsonPath) -> str:
    """A JSON path as the messages show it: articles[3].highlights[0].target."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _fail(path: JsonPath, reason: str) -> Invalid:
    return Invalid(where(path), reason)


def _kind(value: Any) -> str:
    """What a JSON value is, for messages ("a list", "null", "true")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list", str: "a string", int: "an integer",
            float: "a number"}.get(type(value), type(value).__name__)


def _shown(value: Any, limit: int = 40) -> str:
    """A value as JSON writes it (true, null, "text", 1e+300), cut; containers by their kind."""
    if isinstance(value, (dict, list)):
        return _kind(value)
    if isinstance(value, str):
        value = value[:limit]
    return one_line(json.dumps(value, ensure_ascii=False), limit)


def check_depth(value: Any, path: JsonPath, depth: int) -> None:
    """Refuse a value nesting past MAX_JSON_DEPTH (counted from the document), without recursion."""
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > MAX_JSON_DEPTH:
            raise _fail(path, f"nested more than {MAX_JSON_DEPTH} levels deep")
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, level + 1) for c in children if isinstance(c, (dict, list)))


# --- the schema's building blocks -------------------------------------------------------------

class Node:
    """One kind of JSON value: `check` returns it normalised or raises Invalid."""

    def check(self, value: Any, path: JsonPath) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Str(Node):
    """A string of at most `max` characters (counted as given), cleaned by `clean`."""

    max: int
    clean: Callable[[str], str] | None = None
    nullable: bool = False
    required_text: bool = False  # must hold something once cleaned

    def check(self, value: Any, path: JsonPath) -> str | None:
        if value is None and self.nullable:
            return None
        if not isinstance(value, str):
            wanted = "a string or null" if self.nullable else "a string"
            raise _fail(path, f"must be {wanted}, not {_kind(value)}")
        if len(value) > self.max:
            raise _fail(path, f"{len(value):,} characters; at most {self.max:,} are allowed")
        if _SURROGATE.search(value):
            raise _fail(path, "holds a lone surrogate (\\ud800-\\udfff), which is not text")
        if self.clean is not None:
            value = self.clean(value)
        elif "\x00" in value:
            raise _fail(path, "holds a NUL character")
        if self.required_text and not value.strip():
            raise _fail(path, "must not be empty")
        return value


class Choice(Node):
    """One of a few strings (or null, if allowed)."""

    def __init__(self, *choices: str, nullable: bool = False) -> None:
        self.choices, self.nullable = choices, nullable

    def check(self, value: Any, path: JsonPath) -> str | None:
        if (isinstance(value, str) and value in self.choices) or (value is None and self.nullable):
            return value
        shown = _shown(value, 60)
        also = " or null" if self.nullable else ""
        raise _fail(path, f"must be one of {', '.join(self.choices)}{also}, not {shown}")


@dataclass(frozen=True)
class Int(Node):
    """An integer (not true/false, not 1.0) between lo and hi."""

    lo: int
    hi: int

    def check(self, value: Any, path: JsonPath) -> int:
        if type(value) is not int or not self.lo <= value <= self.hi:
            raise _fail(path, f"must be an integer between {self.lo:,} and {self.hi:,}, not {_shown(value)}")
        return value


@dataclass(frozen=True)
class Bool(Node):
    def check(self, value: Any, path: JsonPath) -> bool:
        if not isinstance(value, bool):
            raise _fail(path, f"must be true or false, not {_kind(value)}")
        return value


@dataclass(frozen=True)
class Fraction(Node):
    """A finite number, clamped to 0..1 (how far an article was read)."""

    def check(self, value: Any, path: JsonPath) -> float:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise _fail(path, f"must be a finite number from 0 to 1, not {_shown(value)}")
        return min(1.0, max(0.0, float(value)))


@dataclass(frozen=True)
class Opt:
    """An object member that may be missing (then `default`)."""

    node: Node
    default: Any = None


@dataclass(frozen=True)
class Obj(Node):
    """An object with these members (Opt ones may be missing).

    `before(given, path)` checks the object as given, first; `then(values, given, path)` checks
    across members and may reshape the result; `label(given, path)` names the object at the end
    of a message about anything inside it.
    """

    members: dict[str, Node | Opt]
    then: Callable[[dict, dict, JsonPath], Any] | None = None
    before: Callable[[dict, JsonPath], None] | None = None
    label: Callable[[dict, JsonPath], str] | None = None
    nullable: bool = False

    def check(self, value: Any, path: JsonPath) -> Any:
        if value is None and self.nullable:
            return None
        if not isinstance(value, dict):
            wanted = "an object or null" if self.nullable else "an object"
            raise _fail(path, f"must be {wanted}, not {_kind(value)}")
        if self.before is not None:
            self.before(value, path)
        try:
            out = {}
            for key, member in self.members.items():
                if key in value:
                    node = member.node if isinstance(member, Opt) else member
                    out[key] = node.check(value[key], (*path, key))
                elif isinstance(member, Opt):
                    out[key] = member.default() if callable(member.default) else member.default
                else:
                    raise _fail(path, f"has no \"{key}\"")
            for key, extra in value.items():
                if key not in self.members and isinstance(extra, (dict, list)):
                    check_depth(extra, (*path, key), len(path) + 2)
            return self.then(out, value, path) if self.then is not None else out
        except Invalid as exc:
            if self.label is None or exc.labelled:
                raise
            raise Invalid(exc.where, f"{exc.reason} (in {self.label(value, path)})", labelled=True) from None


@dataclass(frozen=True)
class ListOf(Node):
    """A list of at most `max` items; with `one_or_many`, a single object stands for a list of one
    (as Web Annotations allow)."""

    item: Node
    max: int
    one_or_many: bool = False

    def check(self, value: Any, path: JsonPath) -> list:
        if self.one_or_many and isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            raise _fail(path, f"must be a list, not {_kind(value)}")
        if len(value) > self.max:
            raise _fail(path, f"{len(value):,} items; at most {self.max:,} are allowed")
        return [self.item.check(v, (*path, n)) for n, v in enumerate(value)]


@dataclass(frozen=True)
class Settings(Node):
    """An object of setting names to values: strings, or numbers (stored as strings)."""

    def check(self, value: Any, path: JsonPath) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise _fail(path, f"must be an object, not {_kind(value)}")
        if len(value) > MAX_SETTINGS:
            raise _fail(path, f"{len(value):,} settings; at most {MAX_SETTINGS:,} are allowed")
        key_node, value_node = Str(MAX_META_CHARS, required_text=True), Str(MAX_SETTING_CHARS)
        out = {}
        for key, item in value.items():
            key = key_node.check(key, path)
            if type(item) is int or (type(item) is float and math.isfinite(item)):
                item = str(item)
            out[key] = value_node.check(item, (*path, key))
        return out


@dataclass(frozen=True)
class Tagged(Node):
    """An object told apart by its "type": the known types by their schema, others dropped (None)."""

    kinds: dict[str, Obj]
    tag: str = "type"

    def check(self, value: Any, path: JsonPath) -> Any:
        if not isinstance(value, dict):
            raise _fail(path, f"must be an object, not {_kind(value)}")
        kind = value.get(self.tag)
        if kind in self.kinds:
            return (kind, self.kinds[kind].check(value, path))
        check_depth(value, path, len(path) + 1)
        return None


_NOT_IN_ADDRESSES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})  # Unicode categories: controls, bidi…


@dataclass(frozen=True)
class WebAddress(Node):
    """An http or https address, or null. A string that is none (another scheme such as javascript:,
    longer than `max`, holding control, bidi or surrogate characters) is dropped (None): the article
    is restored without it. Anything but a string is refused, as elsewhere."""

    max: int

    def check(self, value: Any, path: JsonPath) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise _fail(path, f"must be a string or null, not {_kind(value)}")
        if len(value) > self.max or any(unicodedata.category(c) in _NOT_IN_ADDRESSES for c in value):
            return None
        return web_address(value)


# --- cross-member checks and reshaping --------------------------------------------------------

def _meta(text: str) -> str:
    return clean_meta_text(text)


def _tag(text: str) -> str:
    """A tag as the library stores it (see organise.tag_name); a comma, which tags cannot hold, is a space."""
    return normal_tag(clean_meta_text(text).replace(",", " "))


def _raw(text: str) -> str:
    return _RAW_CONTROLS.sub("", text)


def _note_then(values: dict, given: dict, path: JsonPath) -> dict | None:
    return values if values["text"] else None


def _mention_then(values: dict, given: dict, path: JsonPath) -> dict:
    if values["end"] <= values["start"]:
        raise _fail((*path, "end"), f"must be greater than start ({values['start']:,}),"
                                    f" not {values['end']:,}")
    return values


def _position_then(values: dict, given: dict, path: JsonPath) -> dict:
    if values["end"] is not None and values["end"] < values["start"]:
        raise _fail((*path, "end"), f"must not be less than start ({values['start']:,})")
    return values


def _quote_then(values: dict, given: dict, path: JsonPath) -> dict:
    if not values["exact"]:
        raise _fail((*path, "exact"), "must hold some text")
    return values


def _annotation_then(values: dict, given: dict, path: JsonPath) -> dict:
    """A Web Annotation as the flat highlight record the restore writes."""
    ours = _HIGHLIGHT_URN.fullmatch(values["id"] or "")
    highlight_id = 0  # another tool's id (or none): the library gives it one
    if ours:
        digits = ours.group(1)
        highlight_id = int(digits) if len(digits) <= 16 else MAX_ID + 1  # no 30-digit int() needed
        if not 1 <= highlight_id <= MAX_ID:
            shown = digits if len(digits) <= 20 else digits[:20] + "…"
            raise _fail((*path, "id"), f"highlight number {shown} must be between 1 and {MAX_ID:,}")
    selectors = [s for s in values["target"]["selector"] if s is not None]
    quotes = [s for kind, s in selectors if kind == "TextQuoteSelector"]
    positions = [s for kind, s in selectors if kind == "TextPositionSelector"]
    where_selector = (*path, "target", "selector")
    if len(quotes) != 1:
        raise _fail(where_selector, f"must hold one TextQuoteSelector, not {len(quotes)}")
    if len(positions) > 1:
        raise _fail(where_selector, f"must hold at most one TextPositionSelector, not {len(positions)}")
    comments = [b["value"] for b in values["body"] if b["purpose"] == "commenting"]
    quote = quotes[0]
    return {
        "id": highlight_id,
        "quote": quote["exact"],
        "prefix": quote["prefix"],
        "suffix": quote["suffix"],
        "start": positions[0]["start"] if positions else 0,
        "color": values["color"],
        "note": comments[0] if comments else "",
        "created": values["created"],
        "modified": values["modified"] if values["modified"] is not None else values["created"],
    }


def _label(given: dict, path: JsonPath) -> str:
    """An article as a refusal names it: article #2 (its title, cut)."""
    title = given.get("title")
    name = one_line(clean_meta_text(title[:200]), 40) if isinstance(title, str) else ""
    number = f"article #{path[-1] + 1}" if path and isinstance(path[-1], int) else where(path)
    return f"{number} ({name})" if name else number


CAPS = (("highlights", MAX_HIGHLIGHTS_PER_ARTICLE), ("mentions", MAX_MENTIONS_PER_ARTICLE),
        ("removed", MAX_REMOVED_BLOCKS))
CAP_NAMES = {"removed": "removed blocks"}


def _article_before(given: dict, path: JsonPath) -> None:
    """The caps on what one article may hold, checked before its items are (a million is quick)."""
    for key, cap in CAPS:
        items = given.get(key)
        if isinstance(items, list) and len(items) > cap:
            noun = CAP_NAMES.get(key, key)
            raise Invalid(_label(given, path), f"{len(items):,} {noun}; an article may hold at most {cap:,}")
    title = given.get("title")
    if isinstance(title, str) and len(title) > MAX_TITLE_CHARS:
        raise Invalid(_label(given, path),
                      f"a title of {len(title):,} characters; a title may hold at most {MAX_TITLE_CHARS:,}")


def _article_then(values: dict, given: dict, path: JsonPath) -> dict:
    """Mentions within their text; those indexing text that cleaning changed are dropped."""
    deck = given.get("deck")
    texts = {"title": given["title"], "body": given["body"],
             "deck": "\n".join(d for d in deck if isinstance(d, str)) if isinstance(deck, list) else ""}
    for n, m in enumerate(values["mentions"]):
        length = len(texts[m["field"]])
        if m["end"] > length:
            raise _fail((*path, "mentions", n, "end"),
                        f"must be at most {length:,}, the length of the {m['field']}, not {m['end']:,}")
    if not values["title"]:
        values["title"] = UNTITLED
    # Offsets into a text that cleaning changed point at the wrong words: such mentions are
    # dropped (once their entities are known to exist) and the window analyses the article again.
    values["stale"] = {f for f in ("title", "body") if values[f] != texts[f]}
    if "\n".join(values.get("deck") or []) != texts["deck"]:
        values["stale"].add("deck")
    values["raw_given"] = given["raw"] if values["raw"] != given["raw"] else None
    return values


def _doc_before(given: dict, path: JsonPath) -> None:
    """Format and version first: a file that is not a backup is told so, not what is wrong inside."""
    if given.get("format") != BACKUP_FORMAT:
        raise Invalid("", f"not an Article Viewer backup (no \"format\": \"{BACKUP_FORMAT}\")")
    version = given.get("version")
    if "version" not in given:
        raise Invalid("", "not a usable backup: it has no \"version\"")
    if type(version) is not int or version < 1:
        raise Invalid("version", f"backup version {_shown(version)} is not valid"
                                 " (a whole number from 1)")
    if version > BACKUP_VERSION:
        shown = f"{version:,}" if version < 10**20 else "10^20 or more"
        raise Invalid("", f"made by a newer Article Viewer (backup version {shown}, this one reads"
                          f" {BACKUP_VERSION})")


def _doc_then(values: dict, given: dict, path: JsonPath) -> dict:
    """Ids unique, every mention's entity in the backup."""
    for key in ("articles", "entities"):
        seen: set[int] = set()
        for n, item in enumerate(values[key]):
            if item["id"] in seen:
                raise _fail((key, n, "id"), f"{item['id']} is already the id of an earlier one")
            seen.add(item["id"])
    entities = {e["id"] for e in values["entities"]}
    trashed = [t["article"] for t in values["trash"]]
    for key, articles, given_articles in (
            ("articles", values["articles"], given["articles"] if values["articles"] else []),
            ("trash", trashed, [t["article"] for t in given["trash"]] if trashed else [])):
        for n, article in enumerate(articles):
            at = (key, n, "article") if key == "trash" else (key, n)
            label = _label(given_articles[n], at)
            starts: dict[tuple[str, int], int] = {}
            for k, m in enumerate(article["mentions"]):
                if m["entity"] not in entities:
                    raise Invalid(where((*at, "mentions", k, "entity")),
                                  f"names entity {m['entity']}, which the backup does not hold (in {label})")
                earlier = starts.setdefault((m["field"], m["start"]), k)
                if earlier != k:  # the library keeps one mention per place
                    raise Invalid(where((*at, "mentions", k, "start")),
                                  f"mention #{earlier + 1} of the {m['field']} already starts there"
                                  f" (in {label})")
    for article in values["articles"] + trashed:
        stale = article.pop("stale")
        if stale:
            article["mentions"] = [m for m in article["mentions"] if m["field"] not in stale]
            article["analyzer_version"] = 0
    return values


# --- the schema -------------------------------------------------------------------------------

ID = Int(1, MAX_ID)
META = Str(MAX_META_CHARS, _meta)
META_OR_NULL = Str(MAX_META_CHARS, _meta, nullable=True)
TEXT_BODY = Str(MAX_BODY_CHARS, normalize_text)

QUOTE_SELECTOR = Obj({
    "type": Choice("TextQuoteSelector"),
    "exact": TEXT_BODY,
    "prefix": Opt(Str(MAX_META_CHARS, normalize_text), ""),
    "suffix": Opt(Str(MAX_META_CHARS, normalize_text), ""),
}, then=_quote_then)

POSITION_SELECTOR = Obj({
    "type": Choice("TextPositionSelector"),
    "start": Int(0, MAX_BODY_CHARS),
    "end": Opt(Int(0, MAX_BODY_CHARS)),
}, then=_position_then)

ANNOTATION = Obj({
    "type": Choice("Annotation"),
    "id": Opt(Str(MAX_META_CHARS, nullable=True)),
    "motivation": Opt(Str(MAX_META_CHARS, nullable=True)),
    "created": Opt(META, ""),
    "modified": Opt(META_OR_NULL),
    "color": Opt(Choice(*HIGHLIGHT_COLORS), "yellow"),
    "body": Opt(ListOf(Obj({
        "type": Opt(Str(MAX_META_CHARS, nullable=True)),
        "purpose": Opt(Str(MAX_META_CHARS), "commenting"),
        "format": Opt(Str(MAX_META_CHARS, nullable=True)),
        "value": Opt(Str(MAX_NOTE_CHARS, normalize_text), ""),
    }), MAX_NOTE_BODIES, one_or_many=True), list),
    "target": Obj({
        "source": Opt(Str(MAX_PATH_CHARS, nullable=True)),
        "selector": ListOf(Tagged({"TextQuoteSelector": QUOTE_SELECTOR,
                                   "TextPositionSelector": POSITION_SELECTOR}),
                           MAX_SELECTORS, one_or_many=True),
    }),
}, then=_annotation_then)

MENTION = Obj({
    "entity": ID,
    "field": Choice("title", "deck", "body"),
    "start": Int(0, MAX_BODY_CHARS),
    "end": Int(1, MAX_BODY_CHARS),
    "text": Str(MAX_META_CHARS, normalize_text, required_text=True),
}, then=_mention_then)

ARTICLE = Obj({
    "id": ID,
    "title": Str(MAX_TITLE_CHARS, _meta),
    "deck": Opt(ListOf(Str(MAX_META_CHARS, normalize_text), MAX_DECK_LINES), list),
    "source": Opt(META_OR_NULL),
    "author": Opt(META_OR_NULL),
    "published": Opt(META_OR_NULL),
    "imported": META,
    "format": Opt(Choice(*FORMATS), "txt"),
    "encoding": Opt(Str(MAX_META_CHARS, _meta, nullable=True)),
    "path": Opt(Str(MAX_PATH_CHARS, nullable=True)),
    "url": Opt(WebAddress(MAX_URL_CHARS)),  # the page's address; backups before schema 8 have none
    "content_hash": Opt(Str(MAX_META_CHARS, nullable=True)),  # checked, never trusted: see backup.py
    "title_derived": Opt(Bool(), False),  # the title was made from the first sentence
    "updated": Opt(META_OR_NULL),  # the last update the page printed
    "read": Opt(Bool(), False),
    "archived": Opt(META_OR_NULL),  # when it went to the Archive; null: in the Inbox
    "edited": Opt(ListOf(Choice(*EDITABLE_FIELDS), len(EDITABLE_FIELDS) * 2), list),
    "tags": Opt(ListOf(Str(MAX_TAG_CHARS * 2, _tag, required_text=True), MAX_TAGS_PER_ARTICLE), list),
    "position": Opt(Fraction(), 0.0),
    "analyzer_version": Opt(Int(0, MAX_ID), 0),
    "body": TEXT_BODY,
    "removed": Opt(ListOf(Obj({
        "text": TEXT_BODY,
        "rule": Opt(META, ""),
        "position": Opt(Int(0, MAX_BODY_CHARS), 0),
        "restored": Opt(Bool(), False),
    }), MAX_REMOVED_BLOCKS), list),
    "raw": Str(MAX_BODY_CHARS, _raw),
    "note": Opt(Obj({
        "text": Str(MAX_NOTE_CHARS, normalize_text),
        "updated": Opt(META_OR_NULL),
    }, then=_note_then, nullable=True)),
    "highlights": Opt(ListOf(ANNOTATION, MAX_HIGHLIGHTS_PER_ARTICLE), list),
    "mentions": Opt(ListOf(MENTION, MAX_MENTIONS_PER_ARTICLE), list),
}, then=_article_then, before=_article_before, label=_label)

ENTITY = Obj({
    "id": ID,
    "type": Choice(*ENTITY_TYPES),
    "canonical": Str(MAX_META_CHARS, _meta, required_text=True),
    "aliases": Opt(ListOf(Str(MAX_META_CHARS, _meta, required_text=True), MAX_ALIASES), list),
})

CORRECTION = Obj({
    "surface": Str(MAX_META_CHARS, _meta, required_text=True),
    "type": Opt(Choice(*ENTITY_TYPES, nullable=True)),
    "created": META,
})

# An article in the Trash: its record, when it was deleted, and the batch it went with (one Undo).
TRASHED = Obj({
    "deleted": META,
    "batch": Opt(Int(0, MAX_ID), 0),
    "article": ARTICLE,
})

# Lists of a whole library are bounded by the file's size (MAX_BACKUP_BYTES), not by a count.
UNBOUNDED = 10**12

BACKUP = Obj({
    "format": Choice(BACKUP_FORMAT),
    "version": Int(1, BACKUP_VERSION),
    "app": Opt(Str(MAX_META_CHARS, _meta, nullable=True)),
    "schema": Opt(Int(0, MAX_ID)),
    "scope": Opt(Choice("library", "articles", nullable=True)),
    "articles": Opt(ListOf(ARTICLE, UNBOUNDED), list),
    "entities": Opt(ListOf(ENTITY, UNBOUNDED), list),
    "corrections": Opt(ListOf(CORRECTION, UNBOUNDED), list),
    "settings": Opt(Settings(), dict),
    "trash": Opt(ListOf(TRASHED, UNBOUNDED), list),
}, then=_doc_then, before=_doc_before)


def validate(doc: Any) -> dict:
    """The backup normalised (see the module docstring), or Invalid naming the first bad field."""
    if not isinstance(doc, dict):
        raise Invalid("", f"not an Article Viewer backup (the file holds {_kind(doc)}, not an object)")
    return BACKUP.check(doc, ())
