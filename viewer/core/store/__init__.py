"""The store: the only code that writes SQL — schema and migrations, the library, the search
index and its queries, backup and restore. Everything else reaches the database through here."""

import sqlite3

# What every store call may raise when the database cannot be used (disk full, locked, damaged):
# callers catch this, never sqlite3 itself (only the store imports sqlite3).
DatabaseError = sqlite3.Error
