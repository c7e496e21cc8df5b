"""Moved to viewer.core.ingest.importers; this name stays while the last callers move."""

from viewer.core.ingest.importers import *  # noqa: F403
