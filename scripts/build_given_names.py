"""Build resources/given_names.txt: English-script given names, one per line.

Usage (from the project root):
    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    .venv/bin/python scripts/build_given_names.py /tmp/names/names-0.3.0/names

Sources: the US Census Bureau's 1990 first-name frequency lists (dist.male.first,
dist.female.first; public domain), as shipped in the `names` package (MIT), plus
scripts/gazetteer_src/given_names_world.txt (hand-written, project licence): common given
names of other languages in Latin script. Names that are also everyday capitalised words at a
sentence start (`Will`, `May`, `Hope`) or places (`Georgia`) are left out: the analyser reads a
given name before a capitalised word as a person (`Keisha Langford`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Given names that are also common words, months, places or brands in English text.
NOT_NAMES = frozenset("""
will may june april august mark bill grant hope faith joy page rose lane dean chase gene guy art
sandy penny ruby jack frank don ray rich sky summer autumn winter star major judge king price young
long hall royal sterling harmony destiny angel precious unique golden lucky ivory ebony kay dawn
eve iris holly ivy violet jade amber crystal pearl hazel heather olive cherry lily daisy jasmine
ginger candy misty stormy sunny china asia africa georgia virginia carolina dakota florida indiana
madison austin houston dallas denver orlando jackson lincoln washington jefferson cleveland kent
paris sydney chelsea brooklyn florence adelaide charlotte victoria phoenix columbus memphis tyler
ford carter hunter mason cooper parker taylor porter miles sterling early best love light north
west south east major norman rob sue pat al an in is or so to the my do else ha lea le la de del
van von man son sun moon blue green brown black white gray grey gold silver else
""".split())


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else None
    names: set[str] = set()
    if src is not None:
        for fname in ("dist.male.first", "dist.female.first"):
            for line in (src / fname).read_text(encoding="ascii").splitlines():
                word = line.split()[0].lower() if line.strip() else ""
                if len(word) >= 3 and word not in NOT_NAMES:
                    names.add(word.capitalize())
    world = ROOT / "scripts" / "gazetteer_src" / "given_names_world.txt"
    for line in world.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.update(w for w in line.split() if w.lower() not in NOT_NAMES)
    out = ROOT / "resources" / "given_names.txt"
    header = ("# Given names in Latin script, one per line. Built by scripts/build_given_names.py from the\n"
              "# US Census Bureau 1990 first-name lists (public domain, via the MIT-licensed `names`\n"
              "# package) and scripts/gazetteer_src/given_names_world.txt (project licence).\n")
    out.write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
