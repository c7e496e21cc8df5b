"""Build resources/given_names.txt: English-script given names, one per line.

Usage (from the project root):
    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    pip install --target /tmp/namesrc faker==40.63.0 english-words==2.0.2 --no-deps
    .venv/bin/python scripts/build_given_names.py /tmp/names/names-0.3.0/names /tmp/namesrc

Sources: the US Census Bureau's 1990 first-name frequency lists (dist.male.first,
dist.female.first; public domain), as shipped in the `names` package (MIT); the first names of
Faker's person providers (MIT) for the locales in FAKER_LOCALES — recent and non-English names
the 1990 lists lack (`Liam`, `Aiden`, `Mathis`, `Niamh`); and
scripts/gazetteer_src/given_names_world.txt (hand-written, project licence): common given
names of other languages in Latin script. Names that are also everyday capitalised words at a
sentence start (`Will`, `May`, `Hope`) or places (`Georgia`) are left out: the analyser reads a
given name before a capitalised word as a person (`Keisha Langford`). For Faker's names that
test is mechanical too: a name that two English dictionaries (GCIDE and Webster's Second, via
the MIT-licensed english-words package) list as a lower-case word (`Council`, `Harper`,
`Branch`) is left out.
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


# Faker's person providers whose first names are names (some others list titles and words).
FAKER_LOCALES = frozenset("""
en en_GB en_IE en_NZ en_US en_IN de_DE de_AT de_CH de_LI de_LU fr_FR fr_BE fr_CA fr_CH fr_QC nl_NL
nl_BE es es_ES es_MX es_AR es_CO es_CL es_CA it_IT pt_BR pt_PT sv_SE no_NO da_DK fi_FI pl_PL cs_CZ
sk_SK hu_HU ro_RO hr_HR sl_SI ga_IE et_EE lv_LV lt_LT
""".split())


def faker_names(root: Path) -> set[str]:
    """First names of Faker's providers (root: where faker and english_words are installed)
    that are not lower-case English words; capitalised Latin words of three letters or more."""
    import importlib
    import pkgutil

    sys.path.insert(0, str(root))
    import faker.providers.person as person  # noqa: PLC0415  (a build-time source, not a dependency)
    from english_words import get_english_words_set  # noqa: PLC0415

    words = {w for w in get_english_words_set(["gcide", "web2"], alpha=True) if w.islower()}
    out: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        if module.name not in FAKER_LOCALES:
            continue
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            value = provider.__dict__.get(attr)
            if not isinstance(value, (dict, list, tuple)):
                continue
            for name in value:
                if isinstance(name, str) and len(name) >= 3 and name.isalpha() and name[0].isupper() \
                        and name[1:].islower() and all(ord(ch) < 0x250 for ch in name) \
                        and name.lower() not in words and name.lower() not in NOT_NAMES:
                    out.add(name)
    return out


def main(argv: list[str]) -> int:
    src = Path(argv[1]) if len(argv) > 1 else None
    names: set[str] = set()
    if src is not None:
        for fname in ("dist.male.first", "dist.female.first"):
            for line in (src / fname).read_text(encoding="ascii").splitlines():
                word = line.split()[0].lower() if line.strip() else ""
                if len(word) >= 3 and word not in NOT_NAMES:
                    names.add(word.capitalize())
    if len(argv) > 2:
        names |= faker_names(Path(argv[2]))
    world = ROOT / "scripts" / "gazetteer_src" / "given_names_world.txt"
    for line in world.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.update(w for w in line.split() if w.lower() not in NOT_NAMES)
    out = ROOT / "resources" / "given_names.txt"
    header = ("# Given names in Latin script, one per line. Built by scripts/build_given_names.py from the\n"
              "# US Census Bureau 1990 first-name lists (public domain, via the MIT-licensed `names`\n"
              "# package), Faker's first names (MIT) that are not English words, and\n"
              "# scripts/gazetteer_src/given_names_world.txt (project licence).\n")
    out.write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
