"""Cleaning scored on the capture corpus (both halves) and the seeds, without loading Kiwi.

    python benchmarks/score_cleaning.py [-v] [--half tune|heldout|seeds]

For every gold file it prints: kept (must_include snippets in title or body), dropped
(must_exclude snippets absent), metadata (title, source and author, as ../shared/tools/
score_articles.py counts them) and publication date right (same day; `with time`: the time too
where the gold has one). -v lists the misses, for the tuning half and the seeds only: the
held-out half is scored, never read while writing rules.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.ingest.importers import clean_document, read_document  # noqa: E402

HALVES = {
    "tune": ROOT / "tests" / "corpus" / "tune" / "gold.json",
    "heldout": ROOT / "tests" / "corpus" / "heldout" / "gold.json",
    "seeds": ROOT.parent / "shared" / "seeds" / "gold.json",
}


def norm(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split()).casefold()


def meta_ok(field: str, want: str | None, got: str | None) -> bool:
    if want is None:
        return True if field != "title" else bool(got and len(got) <= 150)
    return bool(got) and (norm(want) == norm(got) or norm(want) in norm(got))


def date_ok(want: str | None, got: str | None) -> tuple[bool, bool]:
    """(the day is right, the day and any time the gold gives are right)."""
    if want is None or got is None:
        return want is None and got is None, want is None and got is None
    day = want[:10] == got[:10]
    if "T" in want:
        return day, day and got[11:16] == want[11:16]
    return day, day


def score(gold_path: Path, verbose: bool, batches: str | None = None) -> dict:
    """Totals over a gold file; batches, when given, keeps the captures whose names start with
    one of its letters (the batches were written in letter order)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if batches is not None:
        gold = {name: g for name, g in gold.items() if name[:1] in batches}
    tot = {"inc": [0, 0], "exc": [0, 0], "meta": [0, 0], "date": [0, 0], "time": [0, 0], "title": [0, 0],
           "deck": [0, 0]}
    seconds = 0.0
    for name in sorted(gold):
        g = gold[name]
        doc = read_document(gold_path.parent / name)
        t0 = time.perf_counter()
        r = clean_document(doc)
        seconds += time.perf_counter() - t0
        text = norm(r.title + "\n" + r.body)
        lost = [s for s in g["must_include"] if norm(s) not in text]
        kept = [s for s in g["must_exclude"] if norm(s) in text]
        tot["inc"][0] += len(g["must_include"]) - len(lost)
        tot["inc"][1] += len(g["must_include"])
        tot["exc"][0] += len(g["must_exclude"]) - len(kept)
        tot["exc"][1] += len(g["must_exclude"])
        bad = []
        got = {"title": r.title, "source": r.source, "author": r.author}
        for field in ("title", "source", "author"):
            ok = meta_ok(field, g.get(field), got[field])
            tot["meta"][0] += ok
            tot["meta"][1] += 1
            if field == "title":
                tot["title"][0] += ok
                tot["title"][1] += 1
            if not ok:
                bad.append(f"{field}: got {got[field]!r}, want {g.get(field)!r}")
        if "deck" in g:  # the deck exactly, line for line (a deck left in the body counts wrong)
            tot["deck"][0] += [norm(d) for d in r.deck] == [norm(d) for d in g["deck"]]
            tot["deck"][1] += 1
        dated = "published" in g
        if dated:
            day, with_time = date_ok(g["published"], r.published)
            tot["date"][0] += day
            tot["date"][1] += 1
            tot["time"][0] += with_time
            tot["time"][1] += 1
            if not with_time:
                bad.append(f"published: got {r.published!r}, want {g['published']!r}")
        if verbose:
            print(f"  {name}: kept {len(g['must_include']) - len(lost)}/{len(g['must_include'])}, "
                  f"dropped {len(g['must_exclude']) - len(kept)}/{len(g['must_exclude'])}"
                  + (f", {len(bad)} metadata wrong" if bad else ""))
            for s in lost:
                print(f"     lost body: {s[:80]}")
            for s in kept:
                print(f"     kept boilerplate: {s[:80]}")
            for s in bad:
                print(f"     {s}")
    tot["files"] = len(gold)
    tot["seconds"] = seconds
    return tot


def ratio(pair: list[int]) -> str:
    return f"{pair[0] / pair[1]:.3f}" if pair[1] else "  -  "


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--half", choices=sorted(HALVES), action="append")
    a = ap.parse_args()
    print(f"{'set':<8} {'files':>5} {'kept':>6} {'dropped':>8} {'metadata':>9} {'title':>6} {'date':>6} "
          f"{'w/ time':>8} {'deck':>6} {'ms/file':>8}")
    for half in a.half or ["tune", "heldout", "seeds"]:
        path = HALVES[half]
        if not path.exists():
            print(f"{half:<8} (no gold file at {path})")
            continue
        if a.verbose and half != "heldout":
            print(f"{half}:")
        t = score(path, a.verbose and half != "heldout")
        print(f"{half:<8} {t['files']:>5} {ratio(t['inc']):>6} {ratio(t['exc']):>8} {ratio(t['meta']):>9} "
              f"{ratio(t['title']):>6} {ratio(t['date']):>6} {ratio(t['time']):>8} {ratio(t['deck']):>6} "
              f"{1000 * t['seconds'] / t['files']:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
