"""Cleaning stored articles again (after the cleaner improved), keeping what the user decided.

The stored raw text is parsed and cleaned as at import; then the user's own decisions are put
back: fields they edited keep their values (Library.store_recleaned skips them), blocks they
restored are restored again, and paragraphs they moved to the removed text are removed again.
Highlights are anchored by quote, so they follow the text; names are found again afterwards
(the article is stored with analyzer version 0).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from viewer.core.ingest.importers import clean_document, parse_document
from viewer.core.model import Article, CleanedArticle, ImportFailed
from viewer.core.store.annotations import USER_RULE, take_paragraph
from viewer.core.store.library import Library


def recleaned(article: Article) -> CleanedArticle:
    """The article's raw text cleaned again, with the user's restorations and removals applied."""
    doc = parse_document(article.raw, article.fmt, encoding="utf-8", base_url=article.url,
                         name=f"article #{article.id}")
    cleaned = clean_document(doc)
    restore = [b.text for b in article.removed if b.restored and b.rule != USER_RULE]
    removals = [b for b in article.removed if b.rule == USER_RULE and not b.restored]
    paragraphs = cleaned.body.split("\n\n") if cleaned.body else []
    # Restore in order, as Library.restore_removed does: positions count the cleaned body's
    # paragraphs, shifted by the blocks restored before.
    shift = 0
    for block in cleaned.removed:
        if block.text in restore:
            restore.remove(block.text)
            paragraphs.insert(min(block.position + shift, len(paragraphs)), block.text)
            block.restored = True
            shift += 1
    for block in removals:  # the paragraphs the user moved to the removed text, moved again
        if block.text in paragraphs:
            take_paragraph(paragraphs, cleaned.removed, paragraphs.index(block.text))
    cleaned.body = "\n\n".join(paragraphs)
    return cleaned


def clean_again(
    library: Library,
    article_ids: Iterable[int],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[int, list[str]]:
    """Clean these articles again; return (how many changed, one-line problems)."""
    ids = list(article_ids)
    changed, problems = 0, []
    for n, article_id in enumerate(ids, 1):
        if cancelled and cancelled():
            break
        article = library.get(article_id)
        if article is None:
            continue
        try:
            cleaned = recleaned(article)
        except ImportFailed as exc:
            problems.append(str(exc))
            continue
        if library.store_recleaned(article_id, cleaned):
            changed += 1
        if progress:
            progress(n, len(ids))
    return changed, problems
