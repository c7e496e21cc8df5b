"""Shared helpers for the benchmarks: project paths, the library cache, percentiles, tables."""

from __future__ import annotations

import hashlib
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
CACHE = BENCH / ".cache"
PYTHON = ROOT / ".venv" / "bin" / "python"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Bump when make_library.py's output changes (templates, distributions, tables filled).
GENERATOR_VERSION = 1
DEFAULT_SEED = 1
SIZES = (10_000, 100_000)


def fingerprint() -> str:
    """What a cached library depends on besides N and the seed: generator, schema, index format.

    A new ANALYZER_VERSION does not call for a new library (the mentions are the generator's,
    not the analyser's): ensure_library() stamps the cached one with it instead.
    """
    from viewer.core.store.schema import SCHEMA_VERSION
    from viewer.core.text.kiwi import INDEXED_TAGS

    return _fingerprint(SCHEMA_VERSION, INDEXED_TAGS)


def _fingerprint(schema: int, tags) -> str:
    key = f"g{GENERATOR_VERSION}-schema{schema}-{','.join(sorted(tags))}"
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def upgrade_cached(n: int, seed: int, quiet: bool = False) -> Path | None:
    """A cached library built under an older schema, migrated in place and renamed; or None.

    Rebuilding a 100,000-article library takes an hour, and a migration only adds tables or
    indexes, so an older cached library is upgraded with the app's own migration scripts (without
    the app's backup copy: the cache can always be rebuilt).
    """
    import sqlite3

    from viewer.core.store.schema import MIGRATIONS, SCHEMA_VERSION, statements
    from viewer.core.text.kiwi import INDEXED_TAGS

    for schema in range(SCHEMA_VERSION - 1, 0, -1):
        old = CACHE / f"library-{n}-seed{seed}-{_fingerprint(schema, INDEXED_TAGS)}.sqlite"
        if not old.is_file():
            continue
        if not quiet:
            print(f"[upgrading {old.name} from schema {schema} to {SCHEMA_VERSION}]", flush=True)
        db = sqlite3.connect(old, isolation_level=None)
        try:
            for version in range(schema, SCHEMA_VERSION):
                db.execute("BEGIN IMMEDIATE")
                for statement in statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
                db.execute("COMMIT")
            db.execute("UPDATE settings SET value = ? WHERE key = 'bench_fingerprint'", (fingerprint(),))
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
        new = cache_path(n, seed)
        old.rename(new)
        for suffix in ("-wal", "-shm"):
            Path(str(old) + suffix).unlink(missing_ok=True)
        return new
    return None


def analyzer_version() -> int:
    from viewer.core.entities import ANALYZER_VERSION

    return ANALYZER_VERSION


def stamp_analyzer_version(path: Path, quiet: bool = False) -> None:
    """Mark every article as analysed by the current analyser, so the app re-analyses nothing."""
    import sqlite3

    version = analyzer_version()
    db = sqlite3.connect(path, timeout=30)
    try:
        row = db.execute("SELECT value FROM settings WHERE key = 'bench_analyzer_version'").fetchone()
        if row and row[0] == str(version):
            return
        if not quiet:
            print(f"[stamping {path.name} with analyzer_version {version}]", flush=True)
        with db:
            db.execute("UPDATE articles SET analyzer_version = ? WHERE analyzer_version != ?",
                       (version, version))
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench_analyzer_version', ?)",
                       (str(version),))
    finally:
        db.close()


def cache_path(n: int, seed: int = DEFAULT_SEED) -> Path:
    return CACHE / f"library-{n}-seed{seed}-{fingerprint()}.sqlite"


def ensure_library(n: int, seed: int = DEFAULT_SEED, quiet: bool = False) -> Path:
    """The cached synthetic library of n articles, built (in a subprocess) if it is missing."""
    path = cache_path(n, seed)
    if path.is_file() or upgrade_cached(n, seed, quiet):
        stamp_analyzer_version(path, quiet)
        return path
    import subprocess

    if not quiet:
        print(f"[building the {n:,}-article library into {path.relative_to(ROOT)}; "
              f"this is slow once, then cached]", flush=True)
    subprocess.run([str(PYTHON), str(BENCH / "make_library.py"), str(n), "--seed", str(seed)],
                   check=True, cwd=ROOT)
    return path


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    xs = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(xs)))
    return xs[rank - 1]


def median(values: list[float]) -> float:
    xs = sorted(values)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain-text table with left-aligned columns."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def offscreen_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("PYTHONHASHSEED", "0")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra or {})
    return env
