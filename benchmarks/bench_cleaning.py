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


def best_ms(text: str, meta: dict, md: bool, rules_only: bool) -> float:
    saved = structure.MIN_LINES
    if rules_only:
        structure.MIN_LINES = 10**9  # the rules alone: no page layout, title by the first line
    try:
        blocks.shape_of.cache_clear()
        t0 = time.perf_counter()
        clean_paste(text, hints=meta, markdown_input=md)
        return (time.perf_counter() - t0) * 1000
    finally:
        structure.MIN_LINES = saved


def measure(docs, rounds: int) -> dict[bool, list[float]]:
    """Best of `rounds` milliseconds per document, both ways, the two interleaved so that the
    machine's drift falls on both alike."""
    best = {True: [float("inf")] * len(docs), False: [float("inf")] * len(docs)}
    for _ in range(rounds):
        for n, (text, meta, md) in enumerate(docs):
            for rules_only in (False, True):
                best[rules_only][n] = min(best[rules_only][n], best_ms(text, meta, md, rules_only))
    return best


def summary(docs, ms: list[float]) -> tuple[float, float, float, float]:
    """Per 5,000 characters: mean and p95 over captures, over all characters together, and the
    mean over captures of 4,000 to 9,000 characters (a typical whole page)."""
    per = sorted(t * 5000 / max(len(d[0]), 1) for t, d in zip(ms, docs, strict=True))
    chars = sum(len(d[0]) for d in docs)
    sized = [t * 5000 / len(d[0]) for t, d in zip(ms, docs, strict=True) if 4000 <= len(d[0]) <= 9000]
    return (statistics.mean(per), per[int(0.95 * (len(per) - 1))], sum(ms) * 5000 / chars,
            statistics.mean(sized or [0.0]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    docs = documents()
    clean_paste(docs[0][0])  # compile the rules
    chars = sum(len(t) for t, _, _ in docs)
    print(f"{len(docs)} captures, {chars / len(docs):,.0f} characters on average")
    best = measure(docs, a.rounds)
    full, rules = summary(docs, best[False]), summary(docs, best[True])
    print("ms per 5,000 characters: mean and p95 over captures, over all characters, over 4-9k captures")
    print(f"{'':<28} {'mean':>7} {'p95':>7} {'all':>7} {'4-9k':>7}")
    for label, r in (("rules only (baseline)", rules), ("rules + block classifier", full)):
        print(f"{label:<28} {r[0]:>7.2f} {r[1]:>7.2f} {r[2]:>7.2f} {r[3]:>7.2f}")
    print(f"classifier cost: {full[0] - rules[0]:.2f} ms per 5,000 characters ({full[0] / rules[0]:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
