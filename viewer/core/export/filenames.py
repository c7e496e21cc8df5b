"""Safe file names made from titles, and writes that never leave a half-written file behind."""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MAX_CHARS = 120
# Most file systems allow 255 bytes (ext4, APFS) or 255 UTF-16 units (NTFS; HFS+ after NFD, where a
# Hangul syllable becomes up to three jamo). 200 UTF-8 bytes in NFC stays under both.
MAX_BYTES = 200
FORBIDDEN = set('/\\:*?"<>|')
# Obsidian and Logseq cannot link to a page whose name holds these.
WIKILINK_UNSAFE = "[]#^"
_KEEP_FORMAT = {"\u200c", "\u200d"}  # zero-width (non-)joiners spell words in some scripts
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


class UnsafePath(ValueError):
    """A path that would land outside the folder it is meant for."""


def _is_blank(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if ch in _KEEP_FORMAT:
        return False
    return ch.isspace() or cat in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")


def _fit(stem: str, tail: str, max_chars: int, max_bytes: int) -> str:
    """Cut `stem` so that stem + tail fits both limits, never ending inside a combining sequence."""
    room_chars = max_chars - len(tail)
    room_bytes = max_bytes - len(tail.encode("utf-8"))
    out, used = [], 0
    for ch in stem[:max(room_chars, 0)]:
        size = len(ch.encode("utf-8"))
        if used + size > room_bytes:
            break
        out.append(ch)
        used += size
    cut = "".join(out)
    if len(cut) < len(stem):
        while cut and unicodedata.combining(cut[-1]):
            cut = cut[:-1]
    return cut.rstrip(" .")


def safe_stem(title: str, fallback: str = "untitled", extra: str = "",
              max_chars: int = MAX_CHARS, max_bytes: int = MAX_BYTES) -> str:
    """A file-name stem from a title: letters of any script kept, separators and control characters gone."""
    drop = FORBIDDEN | set(extra)
    text = unicodedata.normalize("NFC", title)
    cleaned = "".join(" " if (ch in drop or _is_blank(ch)) else ch for ch in text)
    stem = " ".join(cleaned.split())
    # Leading dots hide a file (and make "." and ".."); Windows drops trailing dots and spaces.
    stem = stem.lstrip(". ").rstrip(". ")
    stem = _fit(stem, "", max_chars, max_bytes)
    if not stem:
        # An empty fallback asks for "" back (the caller has its own plan).
        return safe_stem(fallback, "untitled", extra, max_chars, max_bytes) if fallback else ""
    if stem.split(".")[0].rstrip().upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"  # Windows reserves these names whatever the extension
    return stem


def safe_filename(title: str, ext: str = "", fallback: str = "untitled", extra: str = "") -> str:
    """`safe_stem` plus an extension such as ".md", the whole name within the length limits."""
    stem = safe_stem(title, fallback, extra)
    return _fit(stem, ext, MAX_CHARS, MAX_BYTES) + ext


class NameAllocator:
    """Hands out file-name stems unique in one folder, compared case-insensitively as macOS and Windows do."""

    def __init__(self, ext: str = "", extra: str = "", reserved: tuple[str, ...] = ()) -> None:
        self.ext = ext
        self.extra = extra
        self._taken: set[str] = {r.casefold() for r in reserved}

    def _fits(self, stem: str) -> str:
        return _fit(stem, self.ext, MAX_CHARS, MAX_BYTES)

    def take(self, title: str, fallback: str = "untitled", hint: str = "") -> str:
        """A free stem for `title`; on a clash try "title (hint)", then "title (2)", "title (3)"..."""
        base = self._fits(safe_stem(title, fallback, self.extra))
        candidates = [base]
        if hint:
            label = safe_stem(hint, "", self.extra, MAX_CHARS // 3)
            if label:
                candidates.append(self._with_tail(base, f" ({label})"))
        for stem in candidates:
            if stem.casefold() not in self._taken:
                self._taken.add(stem.casefold())
                return stem
        n = 2
        while True:
            stem = self._with_tail(base, f" ({n})")
            if stem.casefold() not in self._taken:
                self._taken.add(stem.casefold())
                return stem
            n += 1

    def _with_tail(self, base: str, tail: str) -> str:
        return _fit(base, tail + self.ext, MAX_CHARS, MAX_BYTES) + tail


def inside(folder: Path, relative: str | Path) -> Path:
    """folder/relative, refusing anything (`..`, an absolute path, a symlink) that resolves outside folder."""
    rel = Path(relative)
    if rel.is_absolute() or rel.drive or ".." in rel.parts:
        raise UnsafePath(f"{relative}: not a path inside {folder}")
    target = folder / rel
    root = folder.resolve()
    if not target.resolve().is_relative_to(root):
        raise UnsafePath(f"{target}: resolves outside {folder}")
    return target


def _temp_name(target: Path) -> Path:
    # Short and fixed in length, so a temporary name never breaks the file-name limit.
    return target.with_name(f".{secrets.token_hex(6)}.export-tmp")


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success rename it over `target`, on failure remove it."""
    tmp = _temp_name(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, flush to disk, then rename over `target`."""
    with atomic_path(target) as tmp:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))
