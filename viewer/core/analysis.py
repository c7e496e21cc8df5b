"""Running the entity analyser over stored articles: after import, version changes, corrections."""

from __future__ import annotations

from collections.abc import Callable

from viewer.core.entities import make_analyzer
from viewer.core.model import ENTITY_TYPES
from viewer.core.store.library import Library


def analyze_articles(
    library: Library,
    article_ids: list[int],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Re-analyse the given articles and store the results; return how many were done."""
    analyzer = make_analyzer(library.corrections())
    done = 0
    for n, article_id in enumerate(article_ids, 1):
        if cancelled and cancelled():
            break
        article = library.get(article_id)
        if article is None:
            continue
        spans = analyzer.analyze(article.title, article.body, "\n".join(article.deck))
        library.store_entities(article_id, spans, analyzer.version)
        done += 1
        if progress:
            progress(n, len(article_ids))
    return done


def analyze_stale(
    library: Library,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Analyse every article stored by another analyser version (or never analysed)."""
    from viewer.core.entities import ANALYZER_VERSION

    return analyze_articles(library, library.articles_needing_analysis(ANALYZER_VERSION),
                            progress, cancelled)


def correct_entity(
    library: Library,
    surface: str,
    entity_type: str | None,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Store a correction (a type, or None for "not an entity") and re-analyse every article it touches."""
    surface = surface.strip()
    if not surface:
        raise ValueError("an entity correction needs the text it applies to")
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity_type!r}")
    library.set_correction(surface, entity_type)
    affected = library.articles_containing(surface)
    analyze_articles(library, affected, progress)
    return affected
