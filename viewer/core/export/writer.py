"""Writing an export: formats, default names, replacing an earlier export, and export_library."""

from __future__ import annotations

import json
from pathlib import Path

from viewer.core.export.collect import (
    FOLDER_FORMATS,
    FORMATS,
    MANIFEST,
    Cancelled,
    ExportError,
    ExportExists,
    ExportResult,
    Progress,
    collect,
    scope_ids,
)
from viewer.core.export.filenames import UnsafePath, atomic_write_text, inside
from viewer.core.export.html import html_document
from viewer.core.export.markdown import digest_markdown, markdown_files, vault_files
from viewer.core.store import backup
from viewer.core.store.library import Library


def default_name(fmt: str) -> str:
    """The name the window proposes for an export of this format."""
    return {"md": "Article Viewer export", "vault": "Article Viewer vault", "digest": "Notes digest.md",
            "json": "Article Viewer backup.json", "html": "Article Viewer export.html",
            "pdf": "Article Viewer export.pdf"}[fmt]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    return fmt


def existing_output(fmt: str, out: Path) -> Path | None:
    """The existing file or non-empty folder an export to `out` would replace, else None.

    Raises ExportError when `out` is the wrong kind of thing (a file where a folder goes, or the reverse).
    """
    out = Path(out)
    if check_format(fmt) in FOLDER_FORMATS:
        if out.is_dir():
            return out if any(out.iterdir()) else None
        if out.exists():
            raise ExportError(f"{out} is a file; a {fmt} export needs a folder")
        return None
    if out.is_dir():
        raise ExportError(f"{out} is a folder; a {fmt} export is one file")
    return out if out.exists() else None


def prepare_output(fmt: str, out: Path, force: bool) -> None:
    """Refuse to replace an existing export without force; create the parent folder."""
    existing = existing_output(fmt, out)
    if existing is not None and not force:
        raise ExportExists(existing)
    Path(out).parent.mkdir(parents=True, exist_ok=True)


def write_folder(out: Path, files: dict[str, str], fmt: str) -> tuple[list[Path], list[Path]]:
    """Write files (relative path -> text) into `out`; remove pages an earlier export there wrote and
    this one does not. Returns (written, removed)."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        targets = {rel: inside(out, rel) for rel in files}  # every path checked before anything is written
        old = _read_manifest(out)
        written = []
        for rel in sorted(files):
            targets[rel].parent.mkdir(parents=True, exist_ok=True)
            inside(out, rel)  # a folder made just now must not be a symlink planted since
            atomic_write_text(targets[rel], files[rel])
            written.append(targets[rel])
    except UnsafePath as exc:
        raise ExportError(str(exc)) from None
    removed = []
    for rel in sorted(set(old) - set(files)):
        try:
            stale = inside(out, rel)
        except UnsafePath:
            continue
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            removed.append(stale)
            parent = stale.parent
            if parent != out and not any(parent.iterdir()):
                parent.rmdir()
    manifest = {"format": fmt, "files": sorted(files)}
    atomic_write_text(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return written, removed


def _read_manifest(out: Path) -> list[str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return [str(x) for x in data.get("files", [])]
    except (OSError, ValueError, AttributeError):
        return []



def export_library(library: Library, fmt: str, out: Path, article_ids: list[int] | None = None,
                   force: bool = False, progress: Progress = None,
                   cancelled: Cancelled = None, notes_only: bool = False) -> ExportResult:
    """Export articles (all for None) as md, vault, digest, json or html to `out` (a folder for md and
    vault, else a file): each article's text with its highlights marked, its note and highlights, or
    with notes_only its note and highlights alone (a JSON backup holds everything either way).
    Nothing is written if cancelled or if `out` exists without force."""
    out = Path(out)
    if check_format(fmt) == "pdf":
        raise ExportError("PDF is made by viewer.ui.pdf.export_pdf (it needs Qt)")
    prepare_output(fmt, out, force)
    result = ExportResult(fmt, out)
    if fmt == "json":
        ids = None if article_ids is None else scope_ids(library, article_ids)
        doc = backup.build_backup(library, ids, progress, cancelled)
        if doc is None:
            result.cancelled = True
            return result
        atomic_write_text(out, backup.dumps(doc))
        result.articles, result.files = len(doc["articles"]), [out]
        return result
    collected = collect(library, article_ids, progress, cancelled)
    if collected is None:
        result.cancelled = True
        return result
    entries, entities = collected
    result.articles = len(entries)
    if fmt in FOLDER_FORMATS:
        files = (markdown_files if fmt == "md" else vault_files)(entries, entities, notes_only)
        result.files, result.removed = write_folder(out, files, fmt)
    else:
        text = (digest_markdown(entries, notes_only) if fmt == "digest"
                else html_document(entries, notes_only=notes_only))
        atomic_write_text(out, text)
        result.files = [out]
    return result
