"""Train the entity CRF shipped as resources/entity_crf.model, on KLUE-NER news sentences.

Usage (from the project root):
    .venv/bin/python scripts/train_entity_model.py [../shared/data/klue-ner-news-dev.jsonl]
        [--out resources/entity_crf.model]

Data: KLUE-NER v1.1 dev, wikitree news sentences (Park et al., 2021), CC BY-SA 4.0. The model is
trained on every sentence of the file; its held-out quality is measured by 5-fold
cross-validation in scripts/eval_klue.py, which trains with the same function and settings.

What is learned: BIO labels for PERSON (KLUE PS), PLACE (LC) and ORG (OG) over the items the
analyser's feature encoder makes of each sentence (viewer/core/entities/crf.py). Each sentence is
analysed as a body with an empty title, exactly as at run time, so the rules' findings that the
model reads as features (stacking) are the ones it will see. KLUE's DT, TI and QT are not used.

Deterministic: sentences in file order, no sampling, L-BFGS with fixed settings (TRAINER_PARAMS):
the same data gives the same weights. The run writes the model and prints its size and the time
taken; the licence and attribution travel beside it in resources/entity_crf.LICENSE.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from viewer.core.entities import EntityAnalyzer  # noqa: E402
from viewer.core.entities.crf import MODEL_FILE, ItemSequence, bio_labels  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "klue-ner-news-dev.jsonl"
DEFAULT_OUT = ROOT / "resources" / MODEL_FILE
KLUE_TYPES = {"PS": "PERSON", "LC": "PLACE", "OG": "ORG"}
# L1 keeps the model small (most of the millions of candidate features get weight 0); the
# values are common defaults for CRF taggers of this size, not tuned on the evaluation folds.
TRAINER_PARAMS = {
    "c1": 0.1,
    "c2": 0.05,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}
FOLD_SEED = 20210512  # KLUE's arXiv date; any fixed number would do

Example = list[tuple[ItemSequence, list[str]]]  # one sentence: its sequences with gold labels


def load_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gold_mentions(row: dict) -> list[tuple[int, int, str]]:
    return [(e["start"], e["end"], KLUE_TYPES[e["type"]]) for e in row["entities"]
            if e["type"] in KLUE_TYPES]


def examples(analyzer: EntityAnalyzer, rows: list[dict]) -> list[Example]:
    """Each sentence as the model reads it (a body, no title), labelled with its gold mentions."""
    out = []
    for row in rows:
        gold = gold_mentions(row)
        out.append([(seq, bio_labels(seq, gold)) for seq in analyzer.sequences("", row["text"])])
    return out


def fold_of(n: int, k: int = 5, seed: int = FOLD_SEED) -> list[int]:
    """Each sentence's fold: a fixed shuffle of the indices dealt round-robin into k folds."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for rank, i in enumerate(order):
        fold[i] = rank % k
    return fold


def train(data: Iterable[Example], out: Path) -> None:
    """Fit a CRF on the examples and write it to out."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for example in data:
        for seq, labels in example:
            trainer.append(seq.xseq, labels)
    trainer.set_params(TRAINER_PARAMS)
    trainer.train(str(out))


def train_bytes(data: Iterable[Example]) -> bytes:
    """Fit a CRF and return the model file's bytes (for cross-validation folds)."""
    fd, name = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        train(data, Path(name))
        return Path(name).read_bytes()
    finally:
        os.unlink(name)


def input_problem(path: Path, script: str) -> str | None:
    """Why `script` cannot run on the data at `path` (python-crfsuite or the data missing), or None."""
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return f"{script}: needs python-crfsuite (.venv/bin/pip install python-crfsuite)"
    if not path.is_file():
        return f"{script}: no data at {path}"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args(argv)
    path = Path(args.data)
    problem = input_problem(path, "train_entity_model")
    if problem:
        print(problem, file=sys.stderr)
        return 2
    rows = load_rows(path)
    t0 = time.perf_counter()
    data = examples(EntityAnalyzer(model=False), rows)
    t1 = time.perf_counter()
    out = Path(args.out)
    train(data, out)
    t2 = time.perf_counter()
    items = sum(len(seq.spans) for ex in data for seq, _ in ex)
    print(f"{len(rows)} sentences, {items} items; features {t1 - t0:.1f} s, training {t2 - t1:.1f} s")
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
