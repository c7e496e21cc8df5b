"""Turning a file's bytes into text: size limits, binary detection, encoding detection."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from viewer.core.limits import MAX_FILE_BYTES
from viewer.core.model import ImportFailed

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
    nuls = 0
    if found is None:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise ImportFailed(f"{name}: this is {what}, not a text file")
        if b"\x00" in data:
            found = _as_bomless_utf16_or_32(data)
        if found is None and b"\x00" in data:
            # Not UTF-16/32: a few NULs are damage like any other broken byte and go; many are
            # binary (bytes are an upper bound for characters, so this check is never too strict).
            nuls = data.count(0)
            if not few_damaged(nuls, len(data)):
                raise ImportFailed(f"{name}: this looks like a binary file, not text")
            data = data.replace(b"\x00", b"")
            if not data.strip():
                raise ImportFailed(f"{name}: this looks like a binary file, not text")
    found = found or _as_utf8_or_korean(data, nuls, name) or _as_detected(data, name, nuls > 0)
    if nuls:
        text, encoding = found
        damaged = nuls + (text.count("\ufffd") if encoding == DAMAGED_UTF8 else 0)
        if not few_damaged(damaged, len(text)):
            raise ImportFailed(f"{name}: this looks like a binary file, not text")
        if not encoding.endswith(DAMAGED):
            found = text, f"{encoding}{DAMAGED}"
    if _looks_binary(found[0]):
        raise ImportFailed(f"{name}: this looks like a binary file, not text")
    return found


DAMAGED = " (damaged bytes replaced)"
DAMAGED_UTF8 = "utf-8" + DAMAGED


def few_damaged(bad: int, length: int) -> bool:
    """Whether `bad` broken bytes in text of `length` characters are few enough to replace."""
    return bad <= max(3, length // 2000) and length > 20 * bad


def _as_utf8_or_korean(data: bytes, damaged: int = 0, name: str = "file") -> tuple[str, str] | None:
    """UTF-8, else CP949 that reads as Korean, else UTF-8 with a few damaged bytes.

    `damaged` counts broken bytes already taken out (NULs). UTF-8 with more damage than a few
    bytes, or UTF-8 mixed with another encoding, raises ImportFailed: no single encoding fits.
    """
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    korean = _as_korean(data)
    if korean is not None:
        return korean, "cp949"
    if _UTF8_CHAR.search(data) is None:
        return None  # not one UTF-8 character beyond ASCII: single-byte text, not damaged UTF-8
    repaired = _as_damaged_utf8(data, damaged)
    if repaired is not None:
        return repaired, DAMAGED_UTF8
    if damaged and _as_damaged_utf8(data) is not None:  # few broken bytes, but NULs on top
        raise ImportFailed(f"{name}: this looks like a binary file, not text")
    if _has_real_utf8(data):
        raise ImportFailed(f"{name}: the text mixes UTF-8 with another encoding (or many bytes are damaged)")
    return None


# One UTF-8 encoded character of two to four bytes (no overlongs, surrogates or values past U+10FFFF);
# a run of them with ASCII between is a stretch of valid UTF-8.
_UTF8_CHAR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
                        rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
                        rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_UTF8_STRETCH = re.compile(rb"(?:[\x00-\x7f]|" + _UTF8_CHAR.pattern + rb")+")
_NOT_LEAD_BYTE = bytes(range(0xC0))
UTF8_STRETCH_MIN = 8  # non-ASCII characters in one stretch: legacy text reaches 3 to 9 by chance
MIXED_SAMPLE_BYTES = 2 * 1024 * 1024


def _has_real_utf8(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 as a whole still hold stretches of real UTF-8 text.

    Korean, Japanese or Chinese legacy text forms a valid UTF-8 character now and then by
    chance, but never many in a row, and never a sizeable share of the file; UTF-8 text
    pasted beside text in another encoding forms long stretches.
    """
    sample = data[:MIXED_SAMPLE_BYTES]
    in_stretches = valid = 0
    for m in _UTF8_STRETCH.finditer(sample):
        valid += m.end() - m.start()
        wide = len(m.group(0).translate(None, _NOT_LEAD_BYTE))  # one lead byte per character
        if wide >= UTF8_STRETCH_MIN:
            in_stretches += wide
    return in_stretches >= UTF8_STRETCH_MIN and in_stretches * 200 >= len(sample) - valid


def _as_detected(data: bytes, name: str, had_nuls: bool = False) -> tuple[str, str]:
    """The encoding charset-normalizer finds, or ImportFailed.

    `had_nuls`: NULs were taken out; bytes that then read in no encoding are binary data.
    """
    best = from_bytes(data[: 2 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        if had_nuls or b"\x00" in data[:8192]:
            raise ImportFailed(f"{name}: this looks like a binary file, not text")
        raise ImportFailed(f"{name}: the text encoding could not be recognised")
    encoding = _WIDER.get(best.encoding, best.encoding)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportFailed(f"{name}: the text encoding could not be recognised") from None
    if encoding != "cp1252" and len(text) == len(data):  # a single-byte code page
        western = _as_western(data, text, best.chaos)
        if western is not None:
            text, encoding = western, "cp1252"
    if _looks_binary(text, guessed=True):
        raise ImportFailed(f"{name}: this looks like a binary file, not text")
    return text, encoding


# What the non-ASCII characters of French, German, Spanish, Italian, Portuguese, Dutch or
# Scandinavian text in Windows-1252 are: their letters and typographic punctuation. Not ð, ý or
# þ: they are what Turkish ğ, ı and ş, Czech ý, Russian р, э and ю and the like become when read
# as Windows-1252.
_WESTERN = frozenset(
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüÿßœšž" "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜŸŒŠŽ"
    "‘’‚“”„–—…«»‹›•·°€£¥¢§©®™¡¿×÷±µ¶\u00a0"
)
CHAOS_TOLERANCE = 0.05  # charset-normalizer rates Italian è, à, ò in cp1252 0.035 worse than in cp1250


def _as_western(data: bytes, guess: str, chaos: float) -> str | None:
    """The bytes as Windows-1252, if they read as Western European text about as cleanly as
    in the single-byte code page charset-normalizer guessed.

    For Latin-1 text it often answers a Central European or Baltic code page (cp1250, cp775)
    that reads most accented letters the same but turns ï into ď or à into ŕ; Windows-1252, the
    most common of them all, is the better guess whenever it fits. Accented letters are a small
    share of the letters of such text, but nearly all of them in Cyrillic or Greek read so.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    sample = text[:MIXED_SAMPLE_BYTES]
    wide = [ch for ch in sample if ord(ch) > 0x7F]
    if not wide or sum(ch not in _WESTERN for ch in wide) > len(wide) // 100:
        return None
    if sum(ch.isalpha() for ch in wide) > 0.3 * sum(ch.isalpha() for ch in sample):
        return None
    if text == guess:
        return text
    match = from_bytes(data[: 2 * 1024 * 1024], cp_isolation=["cp1252"]).best()
    return text if match is not None and match.chaos <= chaos + CHAOS_TOLERANCE else None


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


def _as_damaged_utf8(data: bytes, damaged: int = 0) -> str | None:
    """UTF-8 text with a few broken bytes (a cut-off download, a bad copy), repaired with U+FFFD.

    `damaged` counts broken bytes already taken out, which share the allowance.
    """
    text = data.decode("utf-8", errors="replace")
    return text if few_damaged(text.count("\ufffd") + damaged, len(text)) else None


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


class UnreadFile(Exception):
    """A file read_regular_file would not read; the message says why (without the file's name)."""


def read_regular_file(path: Path, limit: int, what: str = "a file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, never read past that.

    Opened non-blocking, so that a FIFO cannot stall the open; a folder, a device (/dev/zero never
    ends), a pipe or a socket is not read at all. UnreadFile says why not; `what` names the kind
    of file in the message about size ("too large for a backup").
    """

    def too_large(size: int) -> UnreadFile:
        return UnreadFile(f"too large for {what} ({size / 1048576:.1f} MB; the limit is"
                          f" {limit / 1048576:g} MB)")

    try:
        size = path.stat().st_size
        if size > limit:
            raise too_large(size)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise UnreadFile("not a regular file (a folder, device, pipe or socket)")
            data = f.read(limit + 1)
    except IsADirectoryError:
        raise UnreadFile("not a regular file (a folder, device, pipe or socket)") from None
    except OSError as exc:
        raise UnreadFile(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise too_large(len(data))
    return data


def read_text_file(path: Path) -> tuple[str, str]:
    """Read a file as text (decoded, otherwise as given) with size, binary and encoding checks."""
    name = str(path)
    try:
        data = read_regular_file(path, MAX_FILE_BYTES, "an article")
    except UnreadFile as exc:
        raise ImportFailed(f"{name}: {exc}") from None
    return decode_bytes(data, name)
