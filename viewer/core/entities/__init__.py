"""Named entities in an article: who, which organisation, where, which product or event.

Recognition combines, over the title and the Markdown body:

* Kiwi (kiwipiepy) morphology for Korean: runs of proper nouns (NNP) and where particles
  begin, so a span never swallows one (`오픈AI의` gives `오픈AI`);
* a gazetteer (resources/gazetteer.tsv) matched longest-first over the raw text, so a known
  name wins its exact span even where Kiwi splits it (`오픈AI` is 오픈/NNG + AI/SL);
* Latin names (capitalised sequences, acronyms, names with digits or dots such as `01.AI`),
  short quoted terms, and a name followed by its other-script form in parentheses
  (`해리 슘(Harry Shum)`), which are linked into one entity.

A candidate becomes an entity only once it has a type. Evidence, most trusted first: user
corrections, the gazetteer, context (titles, organisation suffixes, product cues, appositions
such as `교수인 마리아 로페스`, Korean surnames), then consistency inside the article (a name typed
once keeps its type; `베버` after `토마스 베버`).

When the learned model (crf: a CRF over Kiwi tokens, trained on KLUE-NER by
scripts/train_entity_model.py, shipped as resources/entity_crf.model) can be had, it decides the
PERSON, ORG and PLACE mentions of Korean paragraphs, reading the rules' findings as features.
The rules keep products, events, linked pairs, English paragraphs and Latin names the model
leaves; a reader view then departs from KLUE's conventions where a reader would (withheld names,
roles such as `정부`, countries as parties: see reader_view and scripts/eval_klue.py), and
corrections still win over everything. Without the file or python-crfsuite, the rules alone run.

Kiwi and the model are loaded lazily, once per process (viewer.core.text.kiwi.get_kiwi,
crf.get_entity_model); importing this package is cheap.

The modules, in the order a text meets them (analyzer runs them; see its docstring for which
stage may overwrite which):

* words: the vocabulary (stop words, titles, cue nouns, suffixes, surnames) and name shapes;
* gazetteer: known names;
* fields: a field's text with its Kiwi tokens, the candidate mention, the analysis context;
* finders: the stages that propose candidates; cues: the stages that type them from context;
* combine: choosing among them, the model's mentions merged with the rules', consistency;
* reader_view: where the reader departs from the model's KLUE conventions;
* crf: the learned model, its features and its loading;
* corrections, spans: the user's corrections, and the spans handed out.
"""

from viewer.core.entities.analyzer import ANALYZER_VERSION, EntityAnalyzer, make_analyzer
from viewer.core.entities.gazetteer import Gazetteer, default_gazetteer
from viewer.core.entities.spans import TYPES, EntitySpan
from viewer.core.entities.words import PERSON_NOUNS, STOP_WORDS

__all__ = ["ANALYZER_VERSION", "PERSON_NOUNS", "STOP_WORDS", "TYPES", "EntityAnalyzer", "EntitySpan",
           "Gazetteer", "default_gazetteer", "make_analyzer"]
