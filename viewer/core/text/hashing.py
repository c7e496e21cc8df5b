"""The content hash that tells one article from another, whatever its encoding or spacing."""

from __future__ import annotations

import hashlib
import unicodedata


def content_hash(text: str) -> str:
    """The same article text, whatever its encoding, line endings or spacing, hashes the same."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
