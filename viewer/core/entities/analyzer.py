"""EntityAnalyzer: the stages of recognition, in the order they run over one article's Context.

The stages change shared candidates in place, so their order is what says which may overwrite
which. Evidence goes through Candidate.set, which keeps the strongest (the lowest tier) and,
between equals, the first found; a stage marked "overwrites" sets what it decides whatever was
there.

The rules, for every article (_rules):

1. finders.propose: the candidates of every finder, each typed only by what the name itself
   shows (a known name, a suffix), merged to one per span, the first proposed staying;
2. cues.type_from_context: strong cues around each candidate that has no strong evidence yet;
3. cues.share_links: either side of a linked pair (`해리 슘(Harry Shum)`) gives its type to both;
4. cues.type_weak: weak evidence (a neighbour's type, a name's shape) for the still untyped;
5. cues.share_links again, for what step 4 typed;
6. combine.select: the typed candidates that do not overlap, the stronger and then the longer
   winning; from here on the chosen mentions are what the stages change;
7. combine.join_places overwrites: an address or a region becomes one place;
8. combine.spread adds the other mentions of each typed name, at the weakest tier, and links
   short forms (`베버`, `윤 대표`, `Tidewell`) to their full names.

Then analyze:

9. combine.with_model, when the model can be had, overwrites: it decides the PERSON, ORG and
   PLACE mentions of Korean paragraphs (as reader_view adjusts them), the rules keeping the
   rest; then combine.spread again;
10. in the reader's view (the default; view="klue" keeps KLUE's conventions, to score against
    KLUE): boundaries.split_chains overwrites, cutting chains into their names (`강원 인제군`,
    `일본 소니`, `조현우 공동주택관리연구소 책임연구원`), then combine.spread if it cut any;
    boundaries.trim_particles ends a place the model read with its particle (`유럽서`);
    boundaries.drop_unfounded_people removes one-word Korean "people" without evidence (one ending
    like a river, pass or port is that place); boundaries.drop_common_compounds removes guesses
    that Kiwi reads as common nouns only (`교통카드`, `종합병원`);
    boundaries.local_governments makes a city or county that mostly acts an organisation;
    boundaries.institutions makes a school or a hospital read as a location an organisation;
11. boundaries.extend_products_and_events overwrites ends (`iPhone 16 Pro Max`, `MWC 2026`) and
    makes a place before a plural a team (`Boston Celtics`);
12. corrections.apply_corrections overwrites everything, last;
13. spans.name_place_chains and spans.to_spans: canonical names (in the article's language, the
    other script kept as an alias; `전주` is 전주시), and the spans handed out.
"""

from __future__ import annotations

from viewer.core.entities import boundaries, combine, cues, finders
from viewer.core.entities.corrections import apply_corrections
from viewer.core.entities.crf import EntityModel, FeatureEncoder, ItemSequence, full_encoder, get_entity_model
from viewer.core.entities.fields import Context
from viewer.core.entities.gazetteer import Gazetteer, default_gazetteer
from viewer.core.entities.spans import TYPES, EntitySpan, name_place_chains, to_spans
from viewer.core.limits import MAX_ANALYSED_CHARS
from viewer.core.text.kiwi import analysed_part

ANALYZER_VERSION = 8  # 2: the learned model decides PERSON, ORG and PLACE; 3: languages are no names;
# 4: symbols (`=`, `%`) are never inside a model mention (`서울=누리통신` is two names), titles never
# end a person's name, common loanwords (`클라우드`) are no names, `윤 대표` links to `윤재석`;
# 5: the deck (the summary lines under the title) is analysed too; an English article or title
# before a name is not part of it (`the United States`); 6: the reader's boundaries (chains cut
# into their names), people need evidence, given names and datelines type English names, names
# in the article's language, products over their editions; 7: a country's English name is CLDR's
# (`United States`, not `America`), a Korean surname in English links to the one person (`Park`),
# legislatures by their kind (`the Senate`) and towns by their residents (`Lakemont residents`);
# a known name Kiwi reads as a common noun is that noun (`이동 수단`), a city and its club are one
# team (`안동 레드포레스트FC`); 8: recent and European given names (`Liam`, `Mathis`), places by their
# first word (`Lake Superior`, `Rue du Moulin`) or a street ending (`Europaweg`), areas and sites
# after a determiner or an owner (`its Lakemont plant`), teams by a position or a plural name in a
# sports report, `according to` sources, firms of two names (`Halsey & Crane`) no people, mountains,
# passes and ports by their ending (`향로봉`, `진부령`), whatever their shape


class EntityAnalyzer:
    """Finds and types the entity mentions of one article (see the package docstring).

    corrections maps a surface form to a type, or to None for "not an entity"; they win over
    every other evidence, apply to each occurrence, and a typed one adds occurrences the
    analyser missed. An analyzer keeps no state between calls and may be shared by threads.
    """

    version: int  # the ANALYZER_VERSION its results are stored under, set by make_analyzer

    def __init__(self, corrections: dict[str, str | None] | None = None,
                 gazetteer: Gazetteer | None = None, model: EntityModel | bool = True,
                 view: str = "reader"):
        self.corrections = dict(corrections or {})
        for surface, type_ in self.corrections.items():
            if type_ is not None and type_ not in TYPES:
                raise ValueError(f"unknown entity type {type_!r} for {surface!r}")
        self._gazetteer = gazetteer
        self._model = model  # True: the shipped model if it can be had; False: rules only
        if view not in ("reader", "klue"):
            raise ValueError(f"unknown view {view!r}")
        self.view = view  # "klue": KLUE's conventions (chains whole), to score against KLUE

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    @property
    def model(self) -> EntityModel | None:
        """The CRF this analyser consults, or None (rules only)."""
        if self._model is True:
            return get_entity_model()
        return self._model or None

    def analyze(self, title: str, body: str, deck: str = "") -> list[EntitySpan]:
        """Entity mentions of title, deck (its lines joined by line breaks) and body.

        Only the first MAX_ANALYSED_CHARS of a body are read (up to a line break): past that an
        article is a data dump, and the analysis would take minutes.
        """
        ctx = self._rules(title[:MAX_ANALYSED_CHARS], analysed_part(body), deck[:MAX_ANALYSED_CHARS])
        model = self.model
        if model is not None:
            combine.with_model(ctx, model, reader=self.view == "reader")
            combine.spread(ctx)
        if self.view == "reader":
            if boundaries.split_chains(ctx):
                combine.spread(ctx)  # the parts' other mentions (`인제군` wherever it stands alone)
            boundaries.trim_particles(ctx)
            boundaries.drop_unfounded_people(ctx)
            boundaries.drop_common_compounds(ctx)
            boundaries.local_governments(ctx)
            boundaries.institutions(ctx)
        boundaries.extend_products_and_events(ctx, teams=self.view == "reader")
        apply_corrections(ctx, self.corrections)
        name_place_chains(ctx)
        return to_spans(ctx)

    def sequences(self, title: str, body: str, encoder: FeatureEncoder | None = None) -> list[ItemSequence]:
        """What the model reads for an article: every feature kept (to train and evaluate it), or
        what the given encoder keeps (a model's, EntityModel.encoder)."""
        ctx = self._rules(title, body)
        encoder = encoder or full_encoder(ctx.gazetteer)
        return [seq for f in ctx.fields for seq in combine.encode_field(f, ctx.chosen, encoder)]

    def _rules(self, title: str, body: str, deck: str = "") -> Context:
        """The article read, and the mentions the rules choose (steps 1 to 8 above)."""
        ctx = Context.read(title, body, self.gazetteer, deck)
        finders.propose(ctx)
        cues.type_from_context(ctx)
        cues.share_links(ctx)
        cues.type_weak(ctx)
        cues.share_links(ctx)
        combine.select(ctx)
        combine.join_places(ctx)
        combine.spread(ctx)
        return ctx


def make_analyzer(corrections: dict[str, str | None] | None = None) -> EntityAnalyzer:
    """The analyser whose results the library stores: its corrections, the current version.

    In a process whose Kiwi runs in a helper process (the window's), the analysis runs there
    too: it is seconds of Python that would otherwise contend with the GUI thread for the GIL.
    """
    from viewer.core.text.kiwi import helper_process

    helper = helper_process()
    if helper is not None:
        return HelperAnalyzer(helper, corrections)  # type: ignore[return-value]
    analyzer = EntityAnalyzer(corrections=corrections)
    analyzer.version = ANALYZER_VERSION
    return analyzer


class HelperAnalyzer:
    """make_analyzer's analyser in the helper process (see viewer.core.text.kiwi.KiwiProcess)."""

    version = ANALYZER_VERSION

    def __init__(self, helper, corrections: dict[str, str | None] | None) -> None:
        self.helper = helper
        self.corrections = dict(corrections or {})

    def analyze(self, title: str, body: str, deck: str = ""):
        return self.helper.run("viewer.core.entities.analyzer:analyze_in_helper", self.corrections,
                               title, body, deck)


_helper_analyzers: dict[tuple, EntityAnalyzer] = {}


def analyze_in_helper(corrections: dict[str, str | None], title: str, body: str, deck: str = ""):
    """Run in the helper process: one analyser per set of corrections, kept (the gazetteer and
    model load once)."""
    key = tuple(sorted(corrections.items(), key=lambda kv: (kv[0], kv[1] or "")))
    analyzer = _helper_analyzers.get(key)
    if analyzer is None:
        if len(_helper_analyzers) > 4:
            _helper_analyzers.clear()
        analyzer = _helper_analyzers[key] = EntityAnalyzer(corrections=corrections)
    return analyzer.analyze(title, body, deck)
