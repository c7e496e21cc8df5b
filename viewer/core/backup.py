"""Moved to viewer.core.store.backup; this name stays while the last callers move."""

from viewer.core.store.backup import *  # noqa: F403
