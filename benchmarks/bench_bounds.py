"""The bounds that keep hostile articles fast: search snippets by hit count, Kiwi by unbroken length.

Usage: python benchmarks/bench_bounds.py [--rounds N] [--no-baseline]

Snippets: `search.search(lib, "the")` on one article with 10,000 and 40,000 hits of "the",
against the pairwise overlap check the project used before (each match compared with every
earlier one; run here on 10,000 hits only unless --baseline-40k: it takes about a minute).

Kiwi: `tokenize_bounded` (no call over KIWI_PIECE_CHARS) against one raw `Kiwi.tokenize` call on
20,000 and 80,000 unbroken characters (Latin "T" and Hangul "가"), and on spaced Korean text of
the same lengths, where the pieces should cost about what one call does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from viewer.core.model import CleanedArticle, ImportedDocument  # noqa: E402
from viewer.core.store import search  # noqa: E402
from viewer.core.store.library import Library  # noqa: E402
from viewer.core.text.kiwi import get_kiwi, tokenize_bounded  # noqa: E402


def pairwise_surface_forms(text: str, terms: list[str], words: list[str]) -> list[tuple[int, int]]:
    """The snippet matcher as it was: quadratic in the number of matches."""
    folded = text.casefold()
    needles = sorted({w.casefold() for w in words} | {t.casefold() for t in terms}, key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = folded.find(needle, end)
    return sorted(spans)


def best_of(rounds: int, fn) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_snippets(rounds: int, baseline: bool, baseline_40k: bool) -> None:
    print("search snippet, one article, query 'the'")
    print(f"  {'hits':>7}  {'search() now':>13}  {'old matcher alone':>18}  ratio")
    with tempfile.TemporaryDirectory() as tmp:
        for hits in (10_000, 40_000):
            with Library(Path(tmp) / f"l{hits}.sqlite") as lib:
                body = "The city said the plan would help. " * (hits // 2)
                doc = ImportedDocument("txt", body, body, None, "utf-8", {})
                lib.add_article(doc, CleanedArticle("Long report", body))
                search.ensure_index(lib)
                now = best_of(rounds, lambda lib=lib: search.search(lib, "the"))
                old = None
                if baseline and (hits == 10_000 or baseline_40k):
                    old = best_of(1, lambda body=body: pairwise_surface_forms(body, ["the"], ["the"]))
                old_s = f"{old:>17.2f}s" if old is not None else f"{'(skipped)':>18}"
                ratio = f"{old / now:,.0f}× faster" if old is not None else ""
                print(f"  {hits:>7,}  {now * 1000:>11.1f}ms  {old_s}  {ratio}")


def bench_kiwi(rounds: int) -> None:
    kiwi = get_kiwi()
    kiwi.tokenize("준비")
    print("\nKiwi, one text of this many characters")
    print(f"  {'text':<14} {'chars':>7}  {'one raw call':>12}  {'bounded':>9}  ratio")
    units = {"'T' unbroken": "T", "'가' unbroken": "가", "spaced Korean": "구름시는 새 도서관을 열었다. "}
    for label, unit in units.items():
        for n in (20_000, 80_000):
            text = (unit * (n // len(unit) + 1))[:n]
            raw = best_of(1, lambda text=text: kiwi.tokenize(text))
            bounded = best_of(rounds, lambda text=text: tokenize_bounded(text, kiwi))
            print(f"  {label:<14} {n:>7,}  {raw:>11.2f}s  {bounded:>8.2f}s  {raw / bounded:.1f}×")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="best of N for the current code")
    parser.add_argument("--no-baseline", action="store_true", help="skip the old snippet matcher")
    parser.add_argument("--baseline-40k", action="store_true", help="old matcher on 40,000 hits too (~1 min)")
    args = parser.parse_args()
    bench_snippets(args.rounds, not args.no_baseline, args.baseline_40k)
    bench_kiwi(args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
