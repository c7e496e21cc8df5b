"""The library's schema: one migration per version, the application id, and how a script is run."""

from __future__ import annotations

import sqlite3

# Each entry upgrades the schema by one version; PRAGMA user_version counts how many have run.
# To add a table: append one entry. Never edit an entry that has shipped.
MIGRATIONS: list[str] = [
    # 1: articles
    """
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        content_hash  TEXT NOT NULL UNIQUE,
        title         TEXT NOT NULL,
        deck          TEXT NOT NULL DEFAULT '[]',
        source        TEXT,
        author        TEXT,
        published     TEXT,
        body          TEXT NOT NULL,
        removed       TEXT NOT NULL DEFAULT '[]',
        raw           TEXT NOT NULL,
        fmt           TEXT NOT NULL,
        encoding      TEXT,
        path          TEXT,
        imported_at   TEXT NOT NULL,
        is_read       INTEGER NOT NULL DEFAULT 0,
        position      REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: one Markdown note per article
    """
    CREATE TABLE notes (
        article_id  INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text        TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    """,
    # 3: entities, their aliases, mentions per article, and the user's corrections
    """
    ALTER TABLE articles ADD COLUMN analyzer_version INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE entities (
        id         INTEGER PRIMARY KEY,
        type       TEXT NOT NULL,
        canonical  TEXT NOT NULL,
        UNIQUE (canonical, type)
    );
    CREATE TABLE entity_aliases (
        entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        alias      TEXT NOT NULL,
        PRIMARY KEY (entity_id, alias)
    );
    CREATE INDEX entity_aliases_alias ON entity_aliases(alias);
    CREATE TABLE mentions (
        article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        field       TEXT NOT NULL,
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        text        TEXT NOT NULL,
        PRIMARY KEY (article_id, field, start)
    );
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE TABLE entity_corrections (
        surface     TEXT PRIMARY KEY,
        type        TEXT,
        created_at  TEXT NOT NULL
    );
    """,
    # 4: highlights, anchored by quote with context (W3C TextQuote + TextPosition selectors)
    """
    CREATE TABLE highlights (
        id          INTEGER PRIMARY KEY,
        article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        quote       TEXT NOT NULL,
        prefix      TEXT NOT NULL DEFAULT '',
        suffix      TEXT NOT NULL DEFAULT '',
        start       INTEGER NOT NULL,
        color       TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX highlights_article ON highlights(article_id);
    """,
    # 5: full-text search (see viewer/core/store/search.py): two FTS5 indexes keyed by article id, and a
    # queue that triggers fill whenever something searchable changes (no OR IGNORE in triggers: an
    # outer upsert's conflict policy would override it)
    """
    CREATE VIRTUAL TABLE search_morph USING fts5(title, body, notes, tokenize = 'unicode61');
    CREATE VIRTUAL TABLE search_tri USING fts5(title, body, notes, tokenize = 'trigram');
    CREATE TABLE search_dirty (article_id INTEGER PRIMARY KEY);
    INSERT INTO search_dirty SELECT id FROM articles;
    CREATE TRIGGER search_article_added AFTER INSERT ON articles BEGIN
        INSERT INTO search_dirty SELECT new.id
            WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE article_id = new.id);
    END;
    CREATE TRIGGER search_article_changed AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO search_dirty SELECT new.id
            WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE article_id = new.id);
    END;
    CREATE TRIGGER search_article_deleted AFTER DELETE ON articles BEGIN
        DELETE FROM search_morph WHERE rowid = old.id;
        DELETE FROM search_tri WHERE rowid = old.id;
        DELETE FROM search_dirty WHERE article_id = old.id;
    END;
    CREATE TRIGGER search_note_added AFTER INSERT ON notes BEGIN
        INSERT INTO search_dirty SELECT new.article_id
            WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE article_id = new.article_id);
    END;
    CREATE TRIGGER search_note_changed AFTER UPDATE ON notes BEGIN
        INSERT INTO search_dirty SELECT new.article_id
            WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE article_id = new.article_id);
    END;
    CREATE TRIGGER search_highlight_added AFTER INSERT ON highlights BEGIN
        INSERT INTO search_dirty SELECT new.article_id
            WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE article_id = new.article_id);
    END;
    CREATE TRIGGER search_highlight_changed AFTER UPDATE OF note ON highlights BEGIN
        INSERT INTO search_dirty SELECT new.article_id
            WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE article_id = new.article_id);
    END;
    CREATE TRIGGER search_highlight_deleted AFTER DELETE ON highlights BEGIN
        INSERT INTO search_dirty SELECT old.article_id
            WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE article_id = old.article_id);
    END;
    """,
    # 6: indexes so that start-up reads no article bodies (list, analysis check, sources, index tab)
    """
    CREATE INDEX articles_list ON articles(COALESCE(published, imported_at) DESC, id DESC, title,
        source, author, published, imported_at, is_read);
    CREATE INDEX articles_analyzer ON articles(analyzer_version);
    CREATE INDEX articles_source ON articles(source COLLATE NOCASE);
    CREATE INDEX mentions_entity_article ON mentions(entity_id, article_id);
    """,
    # 7: the list's other orders, covering, so that a page of the list is read from an index alone
    """
    CREATE INDEX articles_by_imported ON articles(imported_at DESC, id DESC, title, source, author,
        published, is_read);
    CREATE INDEX articles_by_title ON articles(title COLLATE NOCASE, id, source, author, published,
        imported_at, is_read);
    CREATE INDEX articles_by_source ON articles(source COLLATE NOCASE, id, title, author, published,
        imported_at, is_read);
    """,
    # 8: the article's web address (canonical, else where it was fetched or copied from), the form
    # duplicates are found by, and the site it is on (the sidebar filters by it)
    """
    ALTER TABLE articles ADD COLUMN url TEXT;
    ALTER TABLE articles ADD COLUMN url_key TEXT;
    ALTER TABLE articles ADD COLUMN site TEXT;
    CREATE INDEX articles_url_key ON articles(url_key) WHERE url_key IS NOT NULL;
    CREATE INDEX articles_site ON articles(site) WHERE site IS NOT NULL;
    """,
    # 9: whether the title was made from the first sentence (no line of the capture was one), the
    # last update the page printed; the
    # deck is searched with the title, so articles with one are indexed again
    """
    ALTER TABLE articles ADD COLUMN title_derived INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN updated TEXT;
    INSERT OR IGNORE INTO search_dirty SELECT id FROM articles WHERE deck != '[]';
    """,
    # 10: keeping a library: archive (NULL: in the inbox), the fields the user edited (re-cleaning
    # and re-analysis leave them alone), tags, and the Trash. A trashed article leaves the articles
    # table (so no list, search, count or export needs to know of the Trash) and waits here as its
    # backup record, restored through the backup's own restore. The list's covering indexes gain
    # archived_at so that a page of the list is still read from an index alone.
    """
    ALTER TABLE articles ADD COLUMN archived_at TEXT;
    ALTER TABLE articles ADD COLUMN edited TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE tags (
        id    INTEGER PRIMARY KEY,
        name  TEXT NOT NULL UNIQUE COLLATE NOCASE
    );
    CREATE TABLE article_tags (
        article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
    );
    CREATE INDEX article_tags_tag ON article_tags(tag_id, article_id);
    CREATE TABLE trash (
        id          INTEGER PRIMARY KEY,
        batch       INTEGER NOT NULL,
        article_id  INTEGER NOT NULL,
        title       TEXT NOT NULL,
        source      TEXT,
        deleted_at  TEXT NOT NULL,
        record      TEXT NOT NULL
    );
    CREATE INDEX trash_batch ON trash(batch);
    DROP INDEX articles_list;
    DROP INDEX articles_by_imported;
    DROP INDEX articles_by_title;
    DROP INDEX articles_by_source;
    CREATE INDEX articles_list ON articles(COALESCE(published, imported_at) DESC, id DESC, title,
        source, author, published, imported_at, is_read, archived_at);
    CREATE INDEX articles_by_imported ON articles(imported_at DESC, id DESC, title, source, author,
        published, is_read, archived_at);
    CREATE INDEX articles_by_title ON articles(title COLLATE NOCASE, id, source, author, published,
        imported_at, is_read, archived_at);
    CREATE INDEX articles_by_source ON articles(source COLLATE NOCASE, id, title, author, published,
        imported_at, is_read, archived_at);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


# PRAGMA application_id of every library this app writes ("ArtV"): another program's SQLite file
# is told apart by it and never converted.
APPLICATION_ID = 0x41727456
# Tables every library since schema 1 has: a file from before application ids is recognised by them.
OUR_TABLES = {"articles", "settings"}


def statements(script: str) -> list[str]:
    """Split a migration into statements (a trigger's body keeps its inner semicolons)."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out
