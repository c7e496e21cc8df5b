"""Score the entity analyser on whole articles: the seeds and both halves of the capture corpus.

Usage (from the project root):
    .venv/bin/python scripts/eval_entities.py [-v] [--half tune|heldout|seeds]

Each capture is cleaned and analysed as `inspect --json` does (title, deck and body), and scored
the way ../shared/tools/score_articles.py scores entities: distinct (text, type) pairs per
article; a pair matches a gold entity whose surfaces hold its text; several pairs matching one
gold entity count once; pairs matching an optional entity count neither way. "typed" needs the
type right too, "span" does not. -v lists misses for the tuning half and the seeds only: the
held-out half is scored, never read while writing rules. KLUE sentences: scripts/eval_klue.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from score_cleaning import HALVES, norm  # noqa: E402  (the corpus, and text compared as there)


def score_article(pred: list[dict], gold: list[dict]) -> tuple[dict, dict]:
    """Counts (tp, fp, fn) typed and by span, and the misses, for one article."""
    out = {"typed": [0, 0, 0], "span": [0, 0, 0]}
    misses: dict[str, list[str]] = {"fp": [], "fn": [], "type": []}
    index: dict[str, list[int]] = {}
    for i, item in enumerate(gold):
        for surface in item["surfaces"]:
            index.setdefault(norm(surface), []).append(i)
    seen: set[tuple[str, str]] = set()
    hit_typed: set[int] = set()
    hit_span: set[int] = set()
    for e in pred:
        key = (norm(e.get("text")), e.get("type"))
        if key in seen or not key[0]:
            continue
        seen.add(key)
        cands = index.get(key[0], [])
        if not cands:
            out["typed"][1] += 1
            out["span"][1] += 1
            misses["fp"].append(f"{e.get('text')}/{e.get('type')}")
            continue
        if all(gold[i].get("optional") for i in cands):
            continue
        same = [i for i in cands if gold[i]["type"] == key[1]]
        hit_span.update(cands)
        if same:
            hit_typed.update(same)
        else:
            out["typed"][1] += 1
            misses["type"].append(f"{e.get('text')}: {key[1]} (gold {gold[cands[0]]['type']})")
    for i, item in enumerate(gold):
        if item.get("optional"):
            continue
        if i in hit_typed:
            out["typed"][0] += 1
        else:
            out["typed"][2] += 1
            misses["fn"].append(f"{item['surfaces'][0]}/{item['type']}")
        if i in hit_span:
            out["span"][0] += 1
        else:
            out["span"][2] += 1
    return out, misses


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold_path: Path, verbose: bool, batches: dict | None = None) -> tuple[dict, float]:
    """Totals over a gold file; batches, when given, gets the typed counts per batch (the
    letter a capture's name starts with: the order the batches were written in)."""
    from viewer.cli import inspect_record

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    tot = {"typed": [0, 0, 0], "span": [0, 0, 0]}
    t0 = time.perf_counter()
    for name in sorted(gold):
        record = inspect_record(gold_path.parent / name)
        counts, misses = score_article(record["entities"], gold[name]["entities"])
        for k in tot:
            for i in range(3):
                tot[k][i] += counts[k][i]
        if batches is not None:
            batch = batches.setdefault(name[:1], [0, 0, 0, 0])
            for i in range(3):
                batch[i] += counts["typed"][i]
            batch[3] += 1
        if verbose:
            p, r, f = prf(*counts["typed"])
            print(f"  {name}: P {p:.2f} R {r:.2f} F1 {f:.2f}")
            for kind in ("fn", "fp", "type"):
                if misses[kind]:
                    label = {"fn": "missed", "fp": "spurious", "type": "wrong type"}[kind]
                    print(f"     {label}: {', '.join(misses[kind])}")
    return tot, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--half", choices=sorted(HALVES), action="append")
    a = ap.parse_args()
    rows = []
    for half in a.half or ["tune", "heldout", "seeds"]:
        path = HALVES[half]
        if not path.exists():
            rows.append(f"{half:<8} (no gold file at {path})")
            continue
        if a.verbose and half != "heldout":
            print(f"{half}:")
        batches: dict[str, list[int]] = {}
        tot, seconds = score(path, a.verbose and half != "heldout", batches)
        tp, tr, tf = prf(*tot["typed"])
        _, _, sf = prf(*tot["span"])
        rows.append(f"{half:<8} {tp:>7.3f} {tr:>7.3f} {tf:>7.3f} {sf:>8.3f} {seconds:>8.1f}")
        if half == "heldout":  # each batch on its own: the later ones were scored the day they came
            for letters in ("ABCD", "K", "L", "O", "P", "U", "V", "W", "X"):
                counts = [sum(batches.get(x, [0] * 4)[i] for x in letters) for i in range(4)]
                if counts[3]:
                    bp, br, bf = prf(*counts[:3])
                    label = f"  {letters[0]}-{letters[-1]}" if len(letters) > 1 else f"  {letters}"
                    rows.append(f"{label:<8} {bp:>7.3f} {br:>7.3f} {bf:>7.3f} {'':>8} {'':>8}"
                                f"  ({counts[3]} captures)")
    print(f"{'set':<8} {'typed P':>7} {'typed R':>7} {'typed F1':>7} {'span F1':>8} {'seconds':>8}")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
