"""Throughput of the entity analyser beside raw Kiwi tokenisation of the same text.

Usage (from the project root):
    .venv/bin/python benchmarks/bench_entities.py [--repeat N] [--rounds R]

Text: the sample articles in resources/samples/ (read and cleaned as the importer does), each
analysed as (title, body); plus, when ../shared/data is present, the KLUE-NER news sentences
(each a body with an empty title). The corpus is repeated N times. Raw Kiwi tokenises exactly
the strings the analyser is given, one call per non-empty string, so the ratio shows what
recognition adds on top of tokenising the text; a second line makes the analyser's own Kiwi
calls (an article's Korean paragraphs in one batch, which Kiwi's worker threads share: on two
cores about half the time of one call per text for a whole article, no gain for one sentence), to
show its cost beyond them. The analyser runs as shipped
(rules and the learned model, resources/entity_crf.model, when it and python-crfsuite are
there) and with the rules alone, to show what the model costs. Timings are the best of R
rounds, all variants alternating. Last, the same ratio on each kind of text apart: the sample
articles (each an article of ~1,500 characters), the KLUE sentences one per call, and the KLUE
sentences twenty to an article (one a paragraph), which shows what a call costs beyond its text,
and the sample bodies five times over as one long article (Kiwi slows on one long call; the
analyser calls it paragraph by paragraph).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from viewer.core.entities import EntityAnalyzer, default_gazetteer  # noqa: E402
from viewer.core.entities.crf import get_entity_model  # noqa: E402
from viewer.core.ingest.importers import clean_document, read_document  # noqa: E402
from viewer.core.text.kiwi import get_kiwi, tokenize_many  # noqa: E402

KLUE = ROOT.parent / "shared" / "data" / "klue-ner-news-dev.jsonl"
HANGUL = re.compile("[가-힣]")


def sample_pairs() -> list[tuple[str, str]]:
    """(title, body) of each sample article, read and cleaned as the importer does."""
    pairs = []
    for path in sorted((ROOT / "resources" / "samples").iterdir()):
        if path.suffix in (".txt", ".md", ".html"):
            cleaned = clean_document(read_document(path))
            pairs.append((cleaned.title, cleaned.body))
    return pairs


def klue_pairs() -> list[tuple[str, str]]:
    """Each KLUE sentence as a body with an empty title (none when ../shared is absent)."""
    if not KLUE.is_file():
        return []
    return [("", json.loads(line)["text"]) for line in KLUE.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def corpus() -> list[tuple[str, str]]:
    """(title, body) pairs: the cleaned samples, then the KLUE sentences if present."""
    return sample_pairs() + klue_pairs()


def tokenize_each(kiwi, pairs: list[tuple[str, str]]) -> None:
    """Raw Kiwi: one call per non-empty title and body."""
    for title, body in pairs:
        for text in (title, body):
            if text.strip():
                kiwi.tokenize(text)


def best_of(rounds: int, *fns) -> list[float]:
    """Best time of each function; rounds alternate between them so drift hits all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2, help="times the corpus is repeated")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds; the best counts")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    kiwi = get_kiwi()
    t_kiwi_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    gazetteer = default_gazetteer()
    t_gaz_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = get_entity_model()
    t_model_load = time.perf_counter() - t0

    pairs = corpus() * args.repeat
    chars = sum(len(t) + len(b) for t, b in pairs)
    analyzer, rules = EntityAnalyzer(), EntityAnalyzer(model=False)
    analyzer.analyze(*pairs[0])  # warm up
    rules.analyze(*pairs[0])

    def raw_kiwi() -> None:
        tokenize_each(kiwi, pairs)

    def raw_kiwi_paragraphs() -> None:  # the calls the analyser itself makes: one batch an article
        for title, body in pairs:
            tokenize_many([para for text in (title, body) for para in text.split("\n")
                           if HANGUL.search(para)], kiwi)

    mentions = {}

    def run(name: str, a: EntityAnalyzer):
        def analyse() -> None:
            mentions[name] = sum(len(a.analyze(title, body)) for title, body in pairs)
        return analyse

    t_raw, t_para, t_ours, t_rules = best_of(args.rounds, raw_kiwi, raw_kiwi_paragraphs,
                                             run("ours", analyzer), run("rules", rules))
    print(f"corpus: {len(pairs)} texts, {chars:,} chars (repeat {args.repeat}); "
          f"gazetteer {len(gazetteer):,} surface forms")
    model_note = (f"model {t_model_load * 1000:.0f} ms ({model.size / 1024:.0f} KiB)" if model
                  else "no model (resources/entity_crf.model or python-crfsuite missing)")
    print(f"load: Kiwi {t_kiwi_load:.2f} s, gazetteer {t_gaz_load * 1000:.0f} ms, {model_note} "
          f"(once per process)")
    print(f"raw Kiwi tokenisation  {chars / t_raw:>10,.0f} chars/s   (one call per text)")
    print(f"raw Kiwi, as analysed  {chars / t_para:>10,.0f} chars/s   (the analyser's own Kiwi calls: "
          f"an article's paragraphs with Hangul in one batch, shared by Kiwi's threads)")
    for label, t, name in (("entity analyser       ", t_ours, "ours"),
                           ("  rules alone         ", t_rules, "rules")):
        print(f"{label} {chars / t:>10,.0f} chars/s   ({t_raw / t:.2f}x raw Kiwi, "
              f"{t_para / t:.2f}x its own Kiwi calls; {mentions[name]:,} mentions)")
    # Where the gap is: the same ratio on each kind of text, one call per text as above.
    parts = {}
    sentences = klue_pairs()
    grouped = [("", "\n".join(b for _, b in sentences[i:i + 20])) for i in range(0, len(sentences), 20)]
    long_article = ("", "\n".join([b for _, b in sample_pairs()] * 5))
    for label, part in (("sample articles, one per call", sample_pairs() * 8),
                        ("KLUE sentences, one per call", sentences),
                        ("KLUE sentences, 20 to an article", grouped),
                        ("the samples as one long article", [long_article])):
        if not part:
            continue

        t_r, t_o = best_of(args.rounds, lambda part=part: tokenize_each(kiwi, part),
                           lambda part=part: [analyzer.analyze(t, b) for t, b in part])
        parts[label] = t_r / t_o
        print(f"  {label:34s} {t_r / t_o:.2f}x raw Kiwi "
              f"({sum(len(t) + len(b) for t, b in part):,} chars)")
    if args.json:
        args.json.write_text(json.dumps({
            "chars": chars, "raw_kiwi_chars_s": chars / t_raw, "analyser_chars_s": chars / t_ours,
            "ratio": t_raw / t_ours, "rules_ratio": t_raw / t_rules, "mentions": mentions["ours"],
            "parts": parts,
        }, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
