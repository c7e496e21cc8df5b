"""Turning a file's bytes into text: size limits, binary detection, encoding detection."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from viewer.core.model import ImportFailed

MAX_FILE_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of common binary formats that are sometimes renamed to .txt.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an Office document"),
)

# charset-normalizer reports the narrower EUC-KR; CP949 decodes everything EUC-KR does and more.
_WIDER = {"euc_kr": "cp949", "euc-kr": "cp949", "ascii": "utf-8"}


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


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no BOM, no zero-width, control or bidi-override oddities."""
    text = _TERMINAL_ESCAPES.sub("", text)
    text = _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n").replace("\ufeff", "")
    text = text.replace("\u200b", "").replace("\u200c", "").replace("\u2060", "")
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


# Format characters (category Cf: bidi marks, soft hyphens, invisible operators, U+180E, ...)
# and controls have no place in a one-line field such as a title, a source or an author.
_NOT_IN_META = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                          r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
                          r"\ufff0-\ufffb\U000e0000-\U000e0fff]")


def clean_meta_text(text: str, limit: int | None = None) -> str:
    """A metadata field (title, source, author) as one clean line of NFC text.

    Controls and invisible formatting are removed, every run of whitespace (newlines included)
    becomes one space; with `limit`, text longer than that is cut at a word boundary with "…".
    """
    text = unicodedata.normalize("NFC", _TERMINAL_ESCAPES.sub("", str(text)))
    text = " ".join(_NOT_IN_META.sub(lambda m: " " if m.group(0) in "\t\n\r\x0b\x0c\x85" else "",
                                     text).split())
    if limit is not None and len(text) > limit:
        cut = text[: limit - 1]
        space = cut.rfind(" ")
        text = (cut[:space] if space > limit // 2 else cut).rstrip() + "…"
    return text


def decode_bytes(data: bytes, name: str = "file") -> tuple[str, str]:
    """Decode a text file's bytes; return (text, encoding) or raise ImportFailed with a reason."""
    if not data.strip():
        raise ImportFailed(f"{name}: the file is empty")
    found = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                found = data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ImportFailed(f"{name}: broken {enc} text ({exc.reason})") from None
            break
    if found is None:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise ImportFailed(f"{name}: this is {what}, not a text file")
        if b"\x00" in data:
            found = _as_bomless_utf16_or_32(data)
    found = found or _as_utf8_or_korean(data) or _as_detected(data, name)
    if _looks_binary(found[0]):
        raise ImportFailed(f"{name}: this looks like a binary file, not text")
    return found


def _as_utf8_or_korean(data: bytes) -> tuple[str, str] | None:
    """UTF-8, else CP949 that reads as Korean, else UTF-8 with a few damaged bytes."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    korean = _as_korean(data)
    if korean is not None:
        return korean, "cp949"
    repaired = _as_damaged_utf8(data)
    if repaired is not None:
        return repaired, "utf-8 (damaged bytes replaced)"
    return None


def _as_detected(data: bytes, name: str) -> tuple[str, str]:
    """The encoding charset-normalizer finds, or ImportFailed."""
    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        if b"\x00" in data[:8192]:
            raise ImportFailed(f"{name}: this looks like a binary file, not text")
        raise ImportFailed(f"{name}: the text encoding could not be recognised")
    encoding = _WIDER.get(best.encoding, best.encoding)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportFailed(f"{name}: the text encoding could not be recognised") from None
    if _looks_binary(text, guessed=True):
        raise ImportFailed(f"{name}: this looks like a binary file, not text")
    return text, encoding


def _as_korean(data: bytes) -> str | None:
    """CP949 text, if the bytes decode as CP949 into (almost) nothing but Hangul.

    Short Korean files give statistical detectors too little to go on (they answer Big5 or GBK);
    legacy Korean Windows files are by far the most common non-UTF-8 input this app sees.
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return None
    hangul = sum(1 for ch in wide if "\uac00" <= ch <= "\ud7a3")
    return text if hangul / len(wide) >= 0.9 else None


def _as_bomless_utf16_or_32(data: bytes) -> tuple[str, str] | None:
    """UTF-32 or UTF-16 text saved without a byte-order mark, told by where its NUL bytes fall.

    Every ASCII character (spaces, digits, punctuation, newlines: a quarter of even Korean text)
    has a NUL high byte, so NULs crowd into one byte position of each code unit; in other
    binaries they do not.
    """
    sample = data[: 64 * 1024]
    if len(data) % 4 == 0 and len(sample) >= 8:
        quads = len(sample) // 4
        for enc, zero in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
            if all(sample[k::4].count(0) == quads for k in zero):
                text = _strict(data, enc)
                if text is not None:
                    return text, enc
    if len(data) % 2 or len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for enc, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= pairs // 20 and high >= 4 * low:
            text = _strict(data, enc)
            if text is not None and "\x00" not in text:
                return text, enc
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text, guessed=True) else text


def _as_damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a cut-off download, a bad copy), repaired with U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(3, len(text) // 2000) and len(text) > 20 * bad else None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc, less \t \n \v \f \r


def _looks_binary(text: str, guessed: bool = False) -> bool:
    """More than 2% control characters; for a guessed encoding, private-use and unassigned too.

    (A wrong guess decodes bytes into those; real text rarely has many.)
    """
    sample = text[:8192]
    if not sample:
        return False
    bad = len(_CONTROL.findall(sample))
    if guessed:
        bad += sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn"))
    return bad / len(sample) > 0.02


def read_text_file(path: Path) -> tuple[str, str]:
    """Read a file as text (decoded, otherwise as given) with size, binary and encoding checks."""
    name = str(path)

    def too_large(size: int) -> ImportFailed:
        return ImportFailed(
            f"{name}: too large ({size / 1048576:.1f} MB; the limit is {MAX_FILE_BYTES // 1048576} MB)")

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_large(size)
        # Non-blocking, so a FIFO cannot stall the open; only a regular file is read at all
        # (a device such as /dev/zero never ends), and never past the size limit.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise ImportFailed(f"{name}: not a regular file (a device, pipe or socket)")
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ImportFailed(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise too_large(len(data))
    text, encoding = decode_bytes(data, name)
    if b"\x00" in data and not encoding.startswith("utf-16") and not encoding.startswith("utf-32"):
        raise ImportFailed(f"{name}: this looks like a binary file, not text")
    return text, encoding
