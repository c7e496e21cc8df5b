"""The built-in sample articles shipped in resources/samples/."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from viewer.core.ingest.importers import SUPPORTED_SUFFIXES
from viewer.core.resources import resource


@contextmanager
def sample_paths() -> Iterator[list[Path]]:
    """Paths of the sample files, copied out of the package first if it is not on disk."""
    folder = resource("samples")
    entries = sorted(
        (e for e in folder.iterdir() if Path(e.name).suffix.lower() in SUPPORTED_SUFFIXES),
        key=lambda e: e.name,
    )
    if all(isinstance(e, Path) for e in entries):
        yield [Path(e) for e in entries]
        return
    with tempfile.TemporaryDirectory(prefix="article-viewer-samples-") as tmp:
        paths = []
        for e in entries:
            dest = Path(tmp) / e.name
            dest.write_bytes(e.read_bytes())
            paths.append(dest)
        yield paths


def ensure_samples(library) -> list:
    """On the first launch of an empty library, import the built-in sample articles (once).

    They are stored unanalysed, so the list shows them at once; the window then finds their
    names in the background (as for any article stored by another analyser version).
    """
    from viewer.core.ingest.pipeline import import_files
    from viewer.core.store.library import SAMPLES_OFFERED, now_iso

    if library.setting(SAMPLES_OFFERED) or library.count():
        return []
    with sample_paths() as paths:
        outcomes = import_files(library, paths, workers=0, analyze=False)
    library.set_setting(SAMPLES_OFFERED, now_iso())
    return outcomes
