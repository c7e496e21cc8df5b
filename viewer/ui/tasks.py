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
from viewer.core.text.kiwi import KiwiClosed, helper_process, shutdown_helper


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

    def __init__(self, name: str, writes: bool = False) -> None:
        super().__init__()
        self.name = name
        self.writes = writes  # it may write the library: closing the window waits for it to end
        self._cancel = threading.Event()
        self._ended = threading.Event()  # set in the worker once fn has returned or raised
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
            try:
                result = self.fn(self.task)
            except (Exception, KiwiClosed) as exc:  # reported to the user, never lost in a thread
                self.task._failed.emit(f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
            else:
                self.task._finished.emit(result)
        finally:
            self.task._ended.set()
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
        self._shut_down = False  # set by shutdown(): the window is closing
        # A task may outlive its window (closing waits a few seconds, not for ever): once the
        # runner goes, its tasks stop and report to nobody.
        active = self.active
        self.destroyed.connect(lambda *_: [t.detach() for t in list(active)])

    def start(self, name: str, fn: Callable[[Task], Any], urgent: bool = False, writes: bool = False) -> Task:
        """Run fn(task) in the pool; connect to the task's signals before control returns.

        An `urgent` task (what the user is waiting to see, a paste) runs on threads of its own.
        A task that `writes` the library is waited for when the window closes (see shutdown); one
        that does not (the warm-up, a list read) is left to end with the process.
        """
        task = Task(name, writes)
        self.active.append(task)
        task.done.connect(lambda t=task: self._forget(t))
        (self.urgent_pool if urgent else self.pool).start(_Runnable(task, fn))
        return task

    def library_op(self, name: str, library_path: Path, fn: Callable[[Library, Task], Any], *,
                   changes: Changes | None = None, read_only: bool = False, urgent: bool = False) -> Task:
        """Run fn(library, task) on a connection of its own; `changes` says what it writes (None: it
        only reads, and the connection is opened read-only when `read_only`)."""

        writes = not (read_only and not changes)

        def work(task: Task) -> Any:
            with Library(library_path, read_only=not writes) as lib:
                return fn(lib, task)

        task = self.start(name, work, urgent, writes)
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
        """Wait for every task to end (at most msecs); True if they all did.

        After shutdown() only the tasks that write are waited for (what reads is abandoned), and
        False still says that something runs: the process should end without waiting for it.
        """
        import time

        if self._shut_down:
            return self._wait_writers(msecs) and all(t._ended.is_set() for t in list(self.active))
        end = time.monotonic() + msecs / 1000
        done = self.urgent_pool.waitForDone(msecs)
        return self.pool.waitForDone(max(0, int((end - time.monotonic()) * 1000))) and done

    def _wait_writers(self, msecs: int) -> bool:
        import time

        end = time.monotonic() + msecs / 1000
        for task in [t for t in list(self.active) if t.writes]:
            if not task._ended.wait(max(0.0, end - time.monotonic())):
                return False
        return True

    def shutdown(self, msecs: int = 1000, grace_ms: int = 100) -> bool:
        """The window is closing: cancel every task, deliver no more results, and wait (at most
        msecs) for the tasks that write the library; True if they all ended.

        Every task checks for cancelling between its steps; one blocked on the Kiwi helper (its
        first call can take seconds) is freed after `grace_ms` by stopping the helper, and ends
        with KiwiClosed before it writes (each write is one transaction, rolled back). Tasks that
        only read, such as the warm-up importing modules, are not waited for: ending the process
        under them loses nothing.
        """
        import time

        end = time.monotonic() + msecs / 1000
        self._shut_down = True
        for task in list(self.active):
            task.detach()  # cancelled, and nothing more reaches a window that is going
        if self._wait_writers(min(msecs, grace_ms)):
            return True
        helper = helper_process()
        if helper is not None and helper.busy():
            shutdown_helper()
        return self._wait_writers(max(0, int((end - time.monotonic()) * 1000)))
