"""Moved to viewer.core.ingest.pipeline; this name stays while the last callers move."""

from viewer.core.ingest.pipeline import *  # noqa: F403
