"""Turning a file's bytes into text: size limits, binary detection, encoding detection."""

from __future__ import annotations

import codecs
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


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no BOM, no zero-width or non-breaking oddities."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u200b", "").replace("\u200c", "").replace("\u2060", "")
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    return unicodedata.normalize("NFC", text)


def decode_bytes(data: bytes, name: str = "file") -> tuple[str, str]:
    """Decode a text file's bytes; return (text, encoding) or raise ImportFailed with a reason."""
    if not data.strip():
        raise ImportFailed(f"{name}: the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ImportFailed(f"{name}: broken {enc} text ({exc.reason})") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportFailed(f"{name}: this is {what}, not a text file")
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
    if _looks_binary(text):
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


def _as_damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a cut-off download, a bad copy), repaired with U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= max(3, len(text) // 2000) and len(text) > 20 * bad else None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t\f")
    return bad / len(sample) > 0.02


def read_text_file(path: Path) -> tuple[str, str]:
    """Read a file as text (decoded, otherwise as given) with size, binary and encoding checks."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailed(f"{name}: cannot be read ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{name}: too large ({size / 1048576:.1f} MB; the limit is {MAX_FILE_BYTES // 1048576} MB)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{name}: cannot be read ({exc.strerror})") from None
    text, encoding = decode_bytes(data, name)
    if b"\x00" in data and not encoding.startswith("utf-16") and not encoding.startswith("utf-32"):
        raise ImportFailed(f"{name}: this looks like a binary file, not text")
    return text, encoding
