"""Cleaning time per 5,000 characters of capture, without Kiwi: the rules alone against the
rules with the block classifier, title and outlet finders, in the same run.

    python benchmarks/bench_cleaning.py [--rounds N]

Reads the capture corpus (tests/corpus/*/, plain text and Markdown; HTML goes through the
extractor first, which is timed apart: it is not cleaning) and the seeds when present.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from viewer.core.ingest.importers import read_document  # noqa: E402
from viewer.core.text import blocks, structure  # noqa: E402
from viewer.core.text.cleaning import clean_paste  # noqa: E402


def documents() -> list[tuple[str, dict, bool]]:
    paths = sorted((ROOT / "tests" / "corpus").glob("*/*.*"))
    paths += sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    out = []
    for p in paths:
        if p.suffix not in (".txt", ".md", ".html"):
            continue
        doc = read_document(p)
        out.append((doc.text, doc.meta, doc.fmt in ("md", "html")))
    return out


def per_5000(docs, rounds: int) -> tuple[float, float]:
    """(mean, p95) milliseconds per 5,000 characters, best of `rounds` passes per document."""
    times = []
    for text, meta, md in docs:
        best = float("inf")
        for _ in range(rounds):
            blocks.shape_of.cache_clear()
            t0 = time.perf_counter()
            clean_paste(text, hints=meta, markdown_input=md)
            best = min(best, time.perf_counter() - t0)
        times.append(best * 1000 * 5000 / max(len(text), 1))
    times.sort()
    return statistics.mean(times), times[int(0.95 * (len(times) - 1))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    docs = documents()
    clean_paste(docs[0][0])  # compile the rules
    chars = sum(len(t) for t, _, _ in docs)
    print(f"{len(docs)} captures, {chars / len(docs):,.0f} characters on average")
    full = per_5000(docs, a.rounds)
    saved = structure.MIN_LINES
    structure.MIN_LINES = 10**9  # the rules alone: no page layout, title by the first line
    try:
        rules = per_5000(docs, a.rounds)
    finally:
        structure.MIN_LINES = saved
    print(f"{'':<34} {'mean':>8} {'p95':>8}   (ms per 5,000 characters)")
    print(f"{'rules only (baseline)':<34} {rules[0]:>8.2f} {rules[1]:>8.2f}")
    print(f"{'rules + block classifier':<34} {full[0]:>8.2f} {full[1]:>8.2f}")
    print(f"classifier cost: {full[0] - rules[0]:.2f} ms per 5,000 characters ({full[0] / rules[0]:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
