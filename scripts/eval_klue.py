"""Score the entity analyser on KLUE-NER news sentences, held out, beside a Kiwi baseline.

Usage (from the project root):
    .venv/bin/python scripts/eval_klue.py [../shared/data/klue-ner-news-dev.jsonl]
        [--errors N] [--seed S]

Data: KLUE-NER v1.1 dev, wikitree news sentences (Park et al., 2021), CC BY-SA 4.0; one JSON
object per line with character offsets. Each sentence is analysed as a body with an empty title.

Systems, all in one run:
  * baseline: every maximal run of Kiwi NNP tokens (touching or one space apart), untyped, so it
    has a span score only;
  * rule analyser: EntityAnalyzer(model=False), the rules alone (what runs when the model file
    or python-crfsuite is missing); it learned nothing from this data;
  * analyser + CRF, held out: 5-fold cross-validation. The sentences are dealt into 5 folds by a
    fixed shuffle (train_entity_model.fold_of, seed FOLD_SEED unless --seed); for each fold a CRF
    is trained, with the shipped model's settings, on the other four folds only, and the full
    analyser (rules, that model, merge, reader view) analyses the held-out fold. Every figure
    on this line is on sentences the scoring model never saw. The shipped model is trained on
    all sentences and is never scored here;
  * analyser + CRF in KLUE's view: the same held-out models and analyser with the reader's
    departures switched off (EntityAnalyzer(view="klue")): the model's mentions stand as it
    learned them from KLUE (no reader_view, below), chains stay whole (`경기 용인`,
    `조현우 공동주택관리연구소`), one-word "people" without evidence stay, a county keeps the
    model's type; the rules still add products, events, linked pairs and known names where the
    model found nothing. The reader's view (the line above it) is what the window shows: it
    cuts chains into their names and drops what a reader would not highlight, which KLUE's
    gold counts wrong. Both run on the same folds in one run; the KLUE-view line is the one to
    compare with KLUE's own figures;
  * CRF alone (diagnostic): the same held-out models' own mentions, before the analyser merges
    them with the rules and applies the reader view below; not what a reader sees.

Scoring
  * Exact spans: a prediction counts only if (start, end) equals a gold entity's.
  * Only KLUE's PS, LC and OG are scored; DT, TI and QT are outside the analyser's task.
  * typed P/R/F1: PERSON = PS, PLACE = LC, ORG = OG. The analyser's PRODUCT and EVENT mentions
    are ignored (KLUE has no such classes, and its guidelines leave products and events
    untagged or spread them over OG), in typed and in span scoring alike; the line "span F1
    with PRODUCT/EVENT mentions counted as FP" shows the stricter count as well.
  * span F1: boundaries only, types ignored; "xbase" is its ratio to the baseline's.

Where a reader's view departs from KLUE's (the model learns KLUE's conventions; the analyser's
reader view, viewer/core/entities/reader_view.py, then departs from them, so KLUE counts it wrong):
  * Withheld names: KLUE tags `김` in `김모(33)씨`, `박` in `박씨` and `A` in `A(57)씨` as PS. A
    withheld name identifies nobody, and as an entity it would join unrelated people across the
    library, so the analyser leaves it. A surname before a title (`박 대통령`) stays, as in KLUE.
  * Roles, not organisations: KLUE tags `정부`, `당국`, `여당`, `야당`, `재판부` as OG. They name
    whoever fills a role, so the analyser leaves them, and in `중국 정부` it shows the country as
    a PLACE. Institutions news name by their kind (`경찰`, `검찰`, `법원`, `군`) are one national
    organisation each in Korea; the analyser tags them ORG, as KLUE does.
  * Countries and cities acting as parties or teams (`미국이 시리아에…`, `한국이 승점 4`): KLUE
    switches them to OG; the analyser keeps a name the gazetteer lists as a place a PLACE, so
    one name has one colour in the reader.
  * Products and events: where the rules find one (`소치올림픽`, `맥스파이시 상하이 버거`), the
    reader shows it, not the place KLUE tags inside it.
  * Titles and particles are never part of a span (KLUE agrees, except a title after a bare
    surname, `박 당선인`).
With the model, place chains follow KLUE (`일본 교토`, `중국 상하이` are one place); the rules
alone still highlight each name (`중국`, `상하이`) and join only addresses and regions.
The "reader-adjusted" lines drop two kinds of gold entity (one-syllable PS; OG made only of
common nouns, judged by Kiwi, which covers the roles above and more) and any prediction on them,
and score a gold OG that the gazetteer lists as a PLACE as PLACE. They are a fixed, coarse
reading of the departures, unchanged since the rules-only analyser; the "KLUE as tagged" lines
are the primary figures.

No dictionary entry or rule of the analyser was taken from this data. The model's features, its
merge with the rules and the reader view above were chosen while looking at these
cross-validated figures (not at the shipped model's), so they are somewhat optimistic; --seed
deals the folds differently as a check.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from train_entity_model import (  # noqa: E402
    FOLD_SEED,
    examples,
    fold_of,
    input_problem,
    load_rows,
    train_bytes,
)

from viewer.core.entities import EntityAnalyzer, default_gazetteer  # noqa: E402
from viewer.core.entities.crf import EntityModel  # noqa: E402
from viewer.core.text.kiwi import get_kiwi  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "klue-ner-news-dev.jsonl"
KLUE_TO_OURS = {"PS": "PERSON", "LC": "PLACE", "OG": "ORG"}
SCORED = set(KLUE_TO_OURS.values())
FOLDS = 5


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

    def add_system(self, key: str, gold: set, typed: set, all_spans: set) -> None:
        """Typed, span, strict-span and per-type counts of one system on one sentence."""
        gold_span = {g[:2] for g in gold}
        self.add(f"{key}:typed", gold, typed)
        self.add(f"{key}:span", gold_span, {p[:2] for p in typed})
        self.add(f"{key}:span_strict", gold_span, all_spans)
        for t in SCORED:
            self.add(f"{key}:{t}", {g for g in gold if g[2] == t}, {p for p in typed if p[2] == t})

    def prf(self, key: str) -> tuple[float, float, float]:
        return prf(self.c[key, "tp"], self.c[key, "fp"], self.c[key, "fn"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print up to N false positives and N misses of the held-out analyser")
    ap.add_argument("--seed", type=int, default=FOLD_SEED, help="the shuffle that deals the folds")
    args = ap.parse_args(argv)
    path = Path(args.data)
    problem = input_problem(path, "eval_klue")
    if problem:
        print(problem, file=sys.stderr)
        return 2
    rows = load_rows(path)
    kiwi, gazetteer = get_kiwi(), default_gazetteer()
    rules = EntityAnalyzer(model=False)

    # Cross-validation: a model per fold, trained on the other folds' sentences only.
    t0 = time.perf_counter()
    data = examples(rules, rows)
    fold = fold_of(len(rows), FOLDS, args.seed)
    models = [EntityModel(train_bytes(ex for ex, k in zip(data, fold, strict=True) if k != held))
              for held in range(FOLDS)]
    t_train = time.perf_counter() - t0
    held_out = [EntityAnalyzer(model=m) for m in models]
    held_out_klue = [EntityAnalyzer(model=m, view="klue") for m in models]

    tally = Tally()
    fps: list[str] = []
    fns: list[str] = []
    timing = {"rules": 0.0, "crf": 0.0}
    for row, example, k in zip(rows, data, fold, strict=True):
        text = row["text"]
        tokens = kiwi.tokenize(text)
        gold_all = [e for e in row["entities"] if e["type"] in KLUE_TO_OURS]
        drop = {(e["start"], e["end"]) for e in gold_all if generic_gold(e, tokens)}
        t = time.perf_counter()
        systems = {"rules": rules.analyze("", text)}
        timing["rules"] += time.perf_counter() - t
        t = time.perf_counter()
        systems["crf"] = held_out[k].analyze("", text)
        timing["crf"] += time.perf_counter() - t
        systems["klue"] = held_out_klue[k].analyze("", text)
        raw = [m for seq, _ in example for m in models[k].mentions(seq, text)]
        for view, skip in (("raw", set()), ("adj", drop)):
            gold = {(e["start"], e["end"], gold_type(e, gazetteer if view == "adj" else None))
                    for e in gold_all if (e["start"], e["end"]) not in skip}
            gold_span = {g[:2] for g in gold}
            tally.add(f"{view}:baseline:span", gold_span,
                      {r for r in nnp_runs(tokens, text) if r not in skip})
            for name, spans in systems.items():
                scored = {(s.start, s.end, s.type) for s in spans
                          if s.type in SCORED and (s.start, s.end) not in skip}
                tally.add_system(f"{view}:{name}", gold, scored,
                                 {(s.start, s.end) for s in spans if (s.start, s.end) not in skip})
                if name == "crf" and view == "adj" and args.errors:
                    for s, e, t in sorted(scored - gold):
                        fps.append(f"FP {text[s:e]}/{t}  | {text[max(0, s - 15):e + 15]}")
                    for s, e, t in sorted(gold - scored):
                        fns.append(f"FN {text[s:e]}/{t}  | {text[max(0, s - 15):e + 15]}")
            alone = {m for m in raw if m[:2] not in skip}
            tally.add_system(f"{view}:alone", gold, alone, {m[:2] for m in alone})
    chars = sum(len(r["text"]) for r in rows)
    print(f"KLUE-NER news dev: {len(rows)} sentences, {chars} chars; {FOLDS}-fold cross-validation "
          f"(seed {args.seed}), {t_train:.0f} s to encode and train")
    print(f"rule analyser {chars / timing['rules']:,.0f} chars/s; "
          f"analyser + CRF {chars / timing['crf']:,.0f} chars/s")
    names = (("rules", "rule analyser (no model)"), ("crf", "analyser + CRF, reader's view"),
             ("klue", "analyser + CRF, KLUE's view"), ("alone", "  CRF alone, held out *"))
    for view, label in (("raw", "KLUE as tagged"), ("adj", "reader-adjusted")):
        c = tally.c
        n_gold = c[f"{view}:baseline:span", "tp"] + c[f"{view}:baseline:span", "fn"]
        print(f"\n== {label} ({n_gold} PS/LC/OG gold entities) ==")
        print(f"{'':28s} {'span P':>7s} {'R':>5s} {'F1':>5s} {'xbase':>6s} | "
              f"{'typed P':>7s} {'R':>5s} {'F1':>5s} | {'PS F1':>5s} {'LC F1':>5s} {'OG F1':>5s}")
        bp, br, bf = tally.prf(f"{view}:baseline:span")
        print(f"{'baseline Kiwi NNP runs':28s} {bp:7.3f} {br:5.3f} {bf:5.3f} {1:6.3f} |")
        for name, title in names:
            sp, sr, sf = tally.prf(f"{view}:{name}:span")
            tp, tr, tf = tally.prf(f"{view}:{name}:typed")
            per = " ".join(f"{tally.prf(f'{view}:{name}:{t}')[2]:5.3f}" for t in KLUE_TO_OURS.values())
            print(f"{title:28s} {sp:7.3f} {sr:5.3f} {sf:5.3f} {sf / bf if bf else 0:6.3f} | "
                  f"{tp:7.3f} {tr:5.3f} {tf:5.3f} | {per}")
        for name, title in names[:3]:
            per = "   ".join(f"{klue} P {p:.3f} R {r:.3f} F1 {f:.3f}" for klue, (p, r, f) in
                           ((k, tally.prf(f"{view}:{name}:{t}")) for k, t in KLUE_TO_OURS.items()))
            print(f"  {title.strip():26s} {per}")
        strict = " / ".join(f"{tally.prf(f'{view}:{n}:span_strict')[2]:.3f}"
                            for n in ("rules", "crf", "klue"))
        print("span F1 with PRODUCT/EVENT mentions counted as FP (rules / +CRF reader / +CRF KLUE): "
              + strict)
    print("\n* the model's own mentions, before the analyser's reader view and merge; "
          "not what the reader shows")
    if args.errors:
        print()
        for line in fps[: args.errors] + fns[: args.errors]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
