"""Ingest: the one way articles come in — files, folders and backups today — read, cleaned,
analysed and stored by `import_files` (in worker processes; `workers=0` in this one)."""
