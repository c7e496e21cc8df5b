"""How much one article, file or backup may hold: the bounds that keep every path fast.

Imports, restores, the analyser, the search index and the reading pane all read these, so a
backup cannot store what an import would refuse, and nothing stored can stall the window.
"""

from __future__ import annotations

MAX_FILE_BYTES = 20 * 1024 * 1024  # one article file (or URL page)
MAX_BACKUP_BYTES = 1024 * 1024 * 1024  # one backup file: a whole library
MAX_TITLE_CHARS = 1000  # title, source, author: one line each
MAX_META_CHARS = 1000
MAX_URL_CHARS = 2000  # a web address kept with an article (longer ones are not kept)
MAX_BODY_CHARS = MAX_FILE_BYTES  # cleaned body or raw text of one article
MAX_NOTE_CHARS = 10 * 1024 * 1024
MAX_HIGHLIGHTS_PER_ARTICLE = 5000
MAX_MENTIONS_PER_ARTICLE = 20_000
MAX_REMOVED_BLOCKS = 20_000
MAX_JSON_DEPTH = 32  # a backup's own nesting is 8 deep
MAX_ID = 2**53 - 1  # ids a JSON number holds exactly (SQLite's own limit is 2**63 - 1)

# Kiwi is quadratic on long unbroken runs and slow on long calls: no call sees more than this,
# split at a space or line break where there is one (see viewer.core.text.kiwi.tokenize_bounded).
KIWI_PIECE_CHARS = 2000
# Text past this is not given to the analyser or the morpheme index (the trigram index and
# plain search still cover it; the reading pane shows at most 300,000 characters anyway).
# Kiwi reads ~8 µs a character of ordinary text but ~60 µs of an unbroken Hangul run, so one
# article's analysis or indexing takes at most ~2.5 s, or ~18 s for the worst text we know.
MAX_ANALYSED_CHARS = 300_000
