"""Moved to viewer.core.store.search; this name stays while the last callers move."""

from viewer.core.store.search import *  # noqa: F403
