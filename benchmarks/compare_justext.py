"""Which judges a capture's lines better: jusText as published, or the block classifier?

    python benchmarks/compare_justext.py

On the plain-text and Markdown captures of the corpus (both halves) and the seeds, it scores
kept (article snippets still there) and dropped (furniture snippets gone) for:

- the rules alone (resources/cleaning_rules.txt, no block classifier);
- jusText 3 on the capture with each line as a paragraph (its English stop list, plus Korean
  function words standing alone: jusText counts whole words, and Korean particles are not);
- the rules, then jusText on what they keep;
- the cleaner as shipped (rules and the block classifier).

HTML pages are left out: for them the extractor (trafilatura, which uses jusText itself as a
fallback) decides first.
"""

from __future__ import annotations

import html
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import justext  # noqa: E402

from viewer.core.ingest.importers import read_document  # noqa: E402
from viewer.core.text import structure  # noqa: E402
from viewer.core.text.cleaning import clean_paste  # noqa: E402

KOREAN_WORDS = frozenset(
    "및 등 그 이 저 것 수 때 중 더 또 또한 그리고 하지만 그러나 있다 없다 했다 "
    "한다 된다 위해 대해 통해 따라 의 를 을 에 는 은 이다 있는 하는 한 된 할 "
    "같은 이번 지난 올해 오는".split())
STOPLIST = frozenset(justext.get_stoplist("English")) | KOREAN_WORDS


def norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split()).casefold()


def justext_keep(text: str) -> str:
    paragraphs_html = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = f"<html><body>{paragraphs_html}</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), STOPLIST, length_low=40, length_high=120)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def rules_only(text: str, md: bool) -> str:
    saved = structure.MIN_LINES
    structure.MIN_LINES = 10**9
    try:
        r = clean_paste(text, markdown_input=md)
    finally:
        structure.MIN_LINES = saved
    return r.title + "\n" + r.body


def shipped(text: str, md: bool) -> str:
    r = clean_paste(text, markdown_input=md)
    return r.title + "\n" + r.body


def main() -> int:
    golds = [ROOT / "tests" / "corpus" / h / "gold.json" for h in ("tune", "heldout")]
    golds.append(ROOT.parent / "shared" / "seeds" / "gold.json")
    methods = {
        "rules alone": lambda t, md: rules_only(t, md),
        "jusText alone": lambda t, md: justext_keep(t),
        "rules, then jusText": lambda t, md: justext_keep(rules_only(t, md)),
        "rules + block classifier": lambda t, md: shipped(t, md),
    }
    totals = {m: [0, 0, 0, 0] for m in methods}
    files = 0
    for gold_path in golds:
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for name, g in gold.items():
            if name.endswith(".html"):
                continue
            doc = read_document(gold_path.parent / name)
            files += 1
            for m, fn in methods.items():
                text = norm(fn(doc.text, doc.fmt == "md"))
                t = totals[m]
                t[0] += sum(norm(s) in text for s in g["must_include"])
                t[1] += len(g["must_include"])
                t[2] += sum(norm(s) not in text for s in g["must_exclude"])
                t[3] += len(g["must_exclude"])
    print(f"{files} plain-text and Markdown captures")
    print(f"{'':<28} {'kept':>6} {'dropped':>8}")
    for m, t in totals.items():
        print(f"{m:<28} {t[0] / t[1]:>6.3f} {t[2] / t[3]:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
