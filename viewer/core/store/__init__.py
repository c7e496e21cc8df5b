"""The store: the only code that writes SQL — schema and migrations, the library, the search
index and its queries, backup and restore. Everything else reaches the database through here."""
