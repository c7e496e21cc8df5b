"""Moved to viewer.core.store.library; this name stays while the last callers move."""

from viewer.core.store.library import *  # noqa: F403
