"""Logging: warnings and errors (and, with --verbose, everything) to a rotating file a user can send us.

The file is `article-viewer.log` in the platform's log folder (platformdirs: on Linux
~/.local/state/article-viewer/log/), or in $ARTICLE_VIEWER_LOG_DIR. Loggers are named by concern:
viewer.import, viewer.search, viewer.notes, viewer.window, viewer.app, ...
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

APP_NAME = "article-viewer"
LOG_FILE = "article-viewer.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def log_dir() -> Path:
    override = os.environ.get("ARTICLE_VIEWER_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def setup_logging(verbose: bool = False) -> Path | None:
    """Send the app's log to its rotating file (and, verbose, to stderr); return the file's path.

    Without --verbose nothing of the log reaches the terminal: commands print one-line messages.

    A folder that cannot be written leaves logging to stderr: the app never fails over its log.
    """
    root = logging.getLogger("viewer")
    if getattr(root, "_configured", False):
        return getattr(root, "_log_path", None)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    path: Path | None = log_dir() / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1024 * 1024, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    except OSError:
        path = None
    if verbose or path is None:  # otherwise the terminal gets one-line messages, not log records
        console = logging.StreamHandler()
        console.setLevel(logging.DEBUG if verbose else logging.WARNING)
        console.setFormatter(logging.Formatter("article-viewer: %(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)
    root._configured = True  # type: ignore[attr-defined]
    root._log_path = path  # type: ignore[attr-defined]
    return path
