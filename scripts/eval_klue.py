"""Score the entity analyser on KLUE-NER news sentences, beside a Kiwi proper-noun baseline.

Usage (from the project root):
    .venv/bin/python scripts/eval_klue.py [../shared/data/klue-ner-news-dev.jsonl] [--errors N]

Data: KLUE-NER v1.1 dev, wikitree news sentences (Park et al., 2021), CC BY-SA 4.0; one JSON
object per line with character offsets. Each sentence is analysed as a body with an empty title.

Scoring
  * Exact spans: a prediction counts only if (start, end) equals a gold entity's.
  * Only KLUE's PS, LC and OG are scored; DT, TI and QT are outside the analyser's task.
  * typed P/R/F1: PERSON = PS, PLACE = LC, ORG = OG. The analyser's PRODUCT and EVENT mentions
    are ignored (KLUE has no such classes, and its guidelines leave products and events
    untagged or spread them over OG), in typed and in span scoring alike; the line
    "span F1 (PRODUCT/EVENT as FP)" shows the stricter count as well.
  * span F1: boundaries only, types ignored.
  * Baseline (computed in the same run): every maximal run of Kiwi NNP tokens (consecutive NNP
    tokens, touching or one space apart), untyped, so it has a span score only.

Where a reader's view departs from KLUE's (and so where KLUE counts the analyser wrong):
  * Generic bodies: KLUE tags `경찰`, `정부`, `검찰`, `당국`, `군` as OG. They name no particular
    organisation a reader could look up, so the analyser leaves them; they are common nouns
    (Kiwi tags them NNG), which is how the adjusted line below recognises them.
  * Bare surnames: KLUE tags `김` in `김모(33)씨` and `박` in `박씨` as PS. An anonymised or
    bare surname identifies nobody, so the analyser leaves it (and one-syllable names).
  * Countries and cities acting as parties or teams (`미국이 시리아에…`, `한국이 승점 4`): KLUE
    switches them to OG; the analyser keeps a place a PLACE everywhere, so one name has one
    colour in the reader.
  * Place chains: KLUE tags `일본 교토`, `독일 프랑크푸르트` or `서울 삼성동 그랜드 인터콘티넨탈` as
    one LC, and folds a place into an organisation (`부산 동래경찰서`). The analyser highlights
    each name, as the project's own reader gold does (`중국`, `상하이` in `중국 상하이`); only an
    address (`서울 강남구 논현동`) or a region (`텍사스 북부`) is one place.
  * Titles and particles are never part of a span (KLUE agrees; it keeps titles only after a
    bare surname, `윤 선수`, which falls under the second point).
The "reader-adjusted" lines drop the first two kinds of gold entity (one-syllable PS; OG made
only of common nouns, judged by Kiwi) and any prediction on them, and score a gold OG that the
gazetteer lists as a PLACE as PLACE (the third). Place chains still count as errors there.
No dictionary entry or rule of the analyser was taken from this data.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viewer.core.entities import EntityAnalyzer, default_gazetteer, get_kiwi  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "klue-ner-news-dev.jsonl"
KLUE_TO_OURS = {"PS": "PERSON", "LC": "PLACE", "OG": "ORG"}
SCORED = set(KLUE_TO_OURS.values())


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def nnp_runs(tokens, text: str) -> list[tuple[int, int]]:
    """Maximal runs of NNP tokens, touching or separated by one space."""
    runs: list[list[int]] = []
    for t in tokens:
        if t.tag != "NNP":
            continue
        s, e = t.start, t.start + t.len
        if runs and runs[-1][2] == len(runs) and text[runs[-1][1]:s] in ("", " "):
            runs[-1][1] = e
        else:
            runs.append([s, e, 0])
        runs[-1][2] = len(runs)
    return [(s, e) for s, e, _ in runs]


def generic_gold(entity: dict, tokens) -> bool:
    """A KLUE entity a reader's view leaves out: a bare surname, or an OG of common nouns."""
    if entity["type"] == "PS" and len(entity["text"]) == 1:
        return True
    if entity["type"] != "OG":
        return False
    tags = [t.tag for t in tokens if entity["start"] <= t.start < entity["end"]]
    return bool(tags) and all(tag.startswith("NN") and tag != "NNP" for tag in tags)


def gold_type(entity: dict, gazetteer=None) -> str:
    """Our type for a KLUE entity; with a gazetteer, a place acting as a party stays PLACE."""
    if gazetteer is not None and entity["type"] == "OG":
        entry = gazetteer.get(entity["text"])
        if entry is not None and entry.type == "PLACE":
            return "PLACE"
    return KLUE_TO_OURS[entity["type"]]


class Tally:
    def __init__(self) -> None:
        self.c: Counter = Counter()

    def add(self, key: str, gold: set, pred: set) -> None:
        self.c[key, "tp"] += len(gold & pred)
        self.c[key, "fp"] += len(pred - gold)
        self.c[key, "fn"] += len(gold - pred)

    def prf(self, key: str) -> tuple[float, float, float]:
        return prf(self.c[key, "tp"], self.c[key, "fp"], self.c[key, "fn"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print up to N false positives and N misses")
    args = ap.parse_args(argv)
    path = Path(args.data)
    if not path.is_file():
        print(f"eval_klue: no data at {path}", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    analyzer, kiwi, gazetteer = EntityAnalyzer(), get_kiwi(), default_gazetteer()
    tally = Tally()
    fps: list[str] = []
    fns: list[str] = []
    t_ours = 0.0
    for row in rows:
        text = row["text"]
        tokens = kiwi.tokenize(text)
        gold_all = [e for e in row["entities"] if e["type"] in KLUE_TO_OURS]
        drop = {(e["start"], e["end"]) for e in gold_all if generic_gold(e, tokens)}
        t0 = time.perf_counter()
        spans = analyzer.analyze("", text)
        t_ours += time.perf_counter() - t0
        scored = [s for s in spans if s.type in SCORED]
        for view, skip in (("raw", set()), ("adj", drop)):
            gold = {(e["start"], e["end"], gold_type(e, gazetteer if view == "adj" else None))
                    for e in gold_all if (e["start"], e["end"]) not in skip}
            pred = {(s.start, s.end, s.type) for s in scored if (s.start, s.end) not in skip}
            gold_span = {g[:2] for g in gold}
            tally.add(f"{view}:typed", gold, pred)
            tally.add(f"{view}:span", gold_span, {p[:2] for p in pred})
            tally.add(f"{view}:span_strict", gold_span,
                      {(s.start, s.end) for s in spans if (s.start, s.end) not in skip})
            tally.add(f"{view}:baseline", gold_span,
                      {r for r in nnp_runs(tokens, text) if r not in skip})
            for t in SCORED:
                tally.add(f"{view}:{t}", {g for g in gold if g[2] == t},
                          {p for p in pred if p[2] == t})
            if view == "adj" and args.errors:
                for s, e, t in sorted(pred - gold):
                    fps.append(f"FP {text[s:e]}/{t}  | {text[max(0, s - 15):e + 15]}")
                for s, e, t in sorted(gold - pred):
                    fns.append(f"FN {text[s:e]}/{t}  | {text[max(0, s - 15):e + 15]}")
    chars = sum(len(r["text"]) for r in rows)
    print(f"KLUE-NER news dev: {len(rows)} sentences, {chars} chars; "
          f"analyser {chars / t_ours:,.0f} chars/s")
    for view, label in (("raw", "KLUE as tagged"), ("adj", "reader-adjusted")):
        c = tally.c
        n_gold = c[f"{view}:span", "tp"] + c[f"{view}:span", "fn"]
        print(f"\n== {label} ({n_gold} PS/LC/OG gold entities) ==")
        bp, br, bf = tally.prf(f"{view}:baseline")
        print(f"baseline Kiwi NNP runs   span  P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
        sp, sr, sf = tally.prf(f"{view}:span")
        print(f"analyser                 span  P {sp:.3f} R {sr:.3f} F1 {sf:.3f}"
              f"   ({sf / bf if bf else 0:.2f}x baseline)")
        print(f"analyser span F1 (PRODUCT/EVENT as FP)  {tally.prf(f'{view}:span_strict')[2]:.3f}")
        tp, tr, tf = tally.prf(f"{view}:typed")
        print(f"analyser                 typed P {tp:.3f} R {tr:.3f} F1 {tf:.3f}")
        for klue, ours in KLUE_TO_OURS.items():
            p, r, f = tally.prf(f"{view}:{ours}")
            print(f"  {klue}->{ours:7s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    if args.errors:
        print()
        for line in fps[: args.errors] + fns[: args.errors]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
