"""The one way slow work runs: on a QThreadPool, with results delivered on the GUI thread."""

from __future__ import annotations

import threading
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from viewer.core.store.library import Library


@dataclass(frozen=True)
class Changes:
    """What a library operation changed, so that the window refreshes what shows it, in one place."""

    articles: bool = False  # added, removed or retitled: the list, the counts, the sources
    names: bool = False  # entities and mentions: the reading pane's colours, the Index tab, the panel

    def __bool__(self) -> bool:
        return self.articles or self.names


ARTICLES = Changes(articles=True)
NAMES = Changes(names=True)
EVERYTHING = Changes(articles=True, names=True)


class Task(QObject):
    """A handle on one background job: its public signals are emitted on the GUI thread.

    The worker emits private signals that are queued to this object's thread; the public ones are
    re-emitted there, so any slot or lambda connected to them runs on the GUI thread (a lambda has
    no thread of its own, and would otherwise run in the worker).
    """

    progress = Signal(int, int, object)  # done, total, detail
    finished = Signal(object)  # result
    failed = Signal(str)  # message
    done = Signal()  # after finished, failed or a cancelled run

    _progress = Signal(int, int, object)
    _finished = Signal(object)
    _failed = Signal(str)
    _done = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self._cancel = threading.Event()
        self.running = True
        queued = Qt.ConnectionType.QueuedConnection
        self._progress.connect(self.progress.emit, queued)
        self._finished.connect(self.finished.emit, queued)
        self._failed.connect(self.failed.emit, queued)
        self._done.connect(self.done.emit, queued)

    def cancel(self) -> None:
        self._cancel.set()

    def detach(self) -> None:
        """Cancel, and deliver nothing more: what listened (a closed window) may be gone."""
        self._cancel.set()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # PySide warns when nothing was connected
            for signal in (self.progress, self.finished, self.failed):
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):
                    pass

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, detail: Any = None) -> None:
        """Called from the worker; Qt queues the signal to the GUI thread."""
        self._progress.emit(done, total, detail)


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Task], Any]) -> None:
        super().__init__()
        self.task = task
        self.fn = fn
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.task)
        except Exception as exc:  # reported to the user, never lost in a thread
            self.task._failed.emit(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
        else:
            self.task._finished.emit(result)
        self.task._done.emit()


class TaskRunner(QObject):
    """Starts background tasks and keeps them alive until they end.

    `library_op` is the way to work on the library in the background: the job gets its own
    connection (SQLite connections stay in their thread), read-only unless it writes, and when
    it finishes the runner emits `changed` with what it changed (compare Anki's CollectionOp and
    QueryOp): the window refreshes from that one signal instead of each caller by hand.
    """

    changed = Signal(object)  # Changes, after a writing library operation finished

    def __init__(self, parent: QObject | None = None, max_threads: int = 3) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        # What the user is waiting to see (a paste) must not queue behind minutes of analysis.
        self.urgent_pool = QThreadPool(self)
        self.urgent_pool.setMaxThreadCount(2)
        self.active: list[Task] = []
        # A task may outlive its window (closing waits a few seconds, not for ever): once the
        # runner goes, its tasks stop and report to nobody.
        active = self.active
        self.destroyed.connect(lambda *_: [t.detach() for t in list(active)])

    def start(self, name: str, fn: Callable[[Task], Any], urgent: bool = False) -> Task:
        """Run fn(task) in the pool; connect to the task's signals before control returns.

        An `urgent` task (what the user is waiting to see, a paste) runs on threads of its own.
        """
        task = Task(name)
        self.active.append(task)
        task.done.connect(lambda t=task: self._forget(t))
        (self.urgent_pool if urgent else self.pool).start(_Runnable(task, fn))
        return task

    def library_op(self, name: str, library_path: Path, fn: Callable[[Library, Task], Any], *,
                   changes: Changes | None = None, read_only: bool = False, urgent: bool = False) -> Task:
        """Run fn(library, task) on a connection of its own; `changes` says what it writes (None: it
        only reads, and the connection is opened read-only when `read_only`)."""

        def work(task: Task) -> Any:
            with Library(library_path, read_only=read_only and not changes) as lib:
                return fn(lib, task)

        task = self.start(name, work, urgent)
        if changes:
            task.finished.connect(lambda _result, c=changes: self.changed.emit(c))
        return task

    def _forget(self, task: Task) -> None:
        task.running = False
        if task in self.active:
            self.active.remove(task)

    def cancel_all(self) -> None:
        for task in list(self.active):
            task.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        import time

        end = time.monotonic() + msecs / 1000
        done = self.urgent_pool.waitForDone(msecs)
        return self.pool.waitForDone(max(0, int((end - time.monotonic()) * 1000))) and done
