"""Normalising text: one form for article text (NFC, Unix newlines, no invisible debris), one line
for metadata fields and messages."""

from __future__ import annotations

import re
import unicodedata

# Characters that would break a one-line message or make it lie: controls (newlines included),
# bidi embeddings, overrides and isolates, and the lone surrogates undecodable file names become.
_UNSAFE_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ONE_LINE_MAX = 1000


def one_line(text: str, limit: int = ONE_LINE_MAX) -> str:
    """Text safe to show as one line: such characters escaped (\\n, \\x.., \\u....), long text cut."""

    def escape(m: re.Match[str]) -> str:
        code = ord(m.group(0))
        if 0xDC80 <= code <= 0xDCFF:  # a file name's undecodable byte (surrogateescape)
            return f"\\x{code - 0xDC00:02x}"
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m.group(0)) or (
            f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    out = _UNSAFE_IN_LINE.sub(escape, text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


# Control characters (tab and newline aside) and the bidi controls that reorder what follows them
# (embeddings, overrides, isolates): in an article they are debris or spoofing, never content.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028]")
# Terminal escape sequences (colours, titles) in text copied from a console: dropped whole.
_TERMINAL_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?")
# Invisible formatting: soft hyphens, bidi marks (LRM, RLM, ALM), zero-width characters and
# joiners, invisible operators (U+2061-2064), U+180E and the Mongolian selectors, Hangul fillers,
# variation selectors, tags, the BOM. Copied along with text, they are debris or spoofing.
_FORMAT = re.compile(r"[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                     r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000e0000-\U000e0fff]+")
# Those that build one emoji out of several stay there: the zero-width joiner (👩‍👩‍👧), the emoji
# and text presentation selectors (🏳️‍🌈, 1️⃣) and the tags of subdivision flags.
_EMOJI_PARTS = frozenset("\u200d\ufe0e\ufe0f" + "".join(chr(c) for c in range(0xE0020, 0xE0080)))
_EMOJI_PARTS_MAX = 40  # in a row; a flag has at most a dozen tags


def _drop_format(text: str) -> str:
    """The text without invisible formatting, but for the parts of emoji sequences."""

    def keep(m: re.Match[str]) -> str:
        run, at = m.group(0), m.start()
        if at == 0 or run[0] not in _EMOJI_PARTS:
            return ""
        base = text[at - 1]
        if unicodedata.category(base) != "So" and not (base in "#*0123456789" and run[0] in "\ufe0e\ufe0f"):
            return ""
        n = 0
        while n < min(len(run), _EMOJI_PARTS_MAX) and run[n] in _EMOJI_PARTS:
            n += 1
        return run[:n]

    return _FORMAT.sub(keep, text)


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no BOM, no zero-width, control, bidi or other invisible oddities."""
    text = _TERMINAL_ESCAPES.sub("", text)
    text = _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", _drop_format(text)))


_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_meta_text(text: str, limit: int | None = None) -> str:
    """A metadata field (title, source, author) as one clean line of NFC text.

    Controls and invisible formatting (as normalize_text drops from a body) are removed, every run
    of whitespace (newlines included) becomes one space; with `limit`, text longer than that is
    cut at a word boundary with "…".
    """
    text = unicodedata.normalize("NFC", _drop_format(_TERMINAL_ESCAPES.sub("", str(text))))
    text = _CONTROL_IN_LINE.sub(lambda m: " " if m.group(0) in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85" else "",
                                text)
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        cut = text[: limit - 1]
        space = cut.rfind(" ")
        text = (cut[:space] if space > limit // 2 else cut).rstrip() + "…"
    return text
