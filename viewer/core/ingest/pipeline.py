"""Importing files in bulk: read, decode, clean and analyse in worker processes; store here.

Workers are started with "spawn" (the same on Linux, macOS and Windows, and safe beside the Qt
threads of the window). Each loads Kiwi once and is given one file at a time, so a file's time
limit starts when a worker actually begins it. A file that runs past the limit is reported as
failed and its worker is killed and replaced; a file that crashes its worker likewise. Only
the calling process writes to the library, in input order, so ids, duplicates, entities and
progress come out as in a serial import (`Library.import_paths`). Up to three small files are
prepared in this process instead, under the same time limit: a worker takes seconds to start.

Workers also compute the search index's morphemes of each new article, reusing the entity
analyser's Kiwi tokens (see prepare_file), so indexing costs no second Kiwi pass, let alone
a single-core one afterwards; anything they could not index is left queued for `ensure_index`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from viewer.core.entities import make_analyzer
from viewer.core.ingest.importers import clean_document, iter_article_files, read_document
from viewer.core.model import UNTITLED, CleanedArticle, ImportedDocument, ImportFailed
from viewer.core.store import DatabaseError
from viewer.core.store.library import ImportOutcome, Library, content_hash
from viewer.core.store.search import morph_field, searchable_title
from viewer.core.text.normalise import one_line

log = logging.getLogger("viewer.import")

DEFAULT_TIMEOUT = 30.0
DEFAULT_WORKERS = 2
# Up to this many small files are prepared in this process: starting a worker costs seconds.
IN_PROCESS_MAX_FILES = 3
IN_PROCESS_MAX_BYTES = 256 * 1024
START_TIMEOUT = 120.0  # for a worker to start and load Kiwi
START_ATTEMPTS = 3  # failed worker starts in a row before the rest is prepared in this process
# Files prepared ahead of the oldest unfinished one (bounds memory while one file is slow).
AHEAD_FILES = 64
AHEAD_BYTES = 256 * 1024 * 1024
_POLL = 0.1  # seconds between looks at `cancelled` while waiting for workers

Progress = Callable[[int, int, ImportOutcome], None]


@dataclass
class Prepared:
    """One file read, cleaned and analysed, ready to store."""

    doc: ImportedDocument
    cleaned: CleanedArticle
    spans: list | None  # None: already in the library, not analysed
    analyzer_version: int
    morph: tuple[str, str] | None  # search-index morphemes of the stored title and body


def prepare_file(path: str, analyzer, known: frozenset[str]) -> Prepared:
    """Read, decode, clean and analyse one file; raise ImportFailed with a one-line reason."""
    return prepare_document(read_document(Path(path)), analyzer, known, path)


def prepare_document(doc: ImportedDocument, analyzer, known: frozenset[str], name: str) -> Prepared:
    """Clean and analyse one document (a file's, a paste's, a page's); ImportFailed names `name`."""
    cleaned = clean_document(doc)
    if not cleaned.body.strip() and not cleaned.title.strip():
        raise ImportFailed(f"{name}: nothing that reads as an article is left after cleaning")
    if content_hash(doc.raw) in known:
        return Prepared(doc, cleaned, None, 0, None)
    spans = analyzer.analyze(cleaned.title, cleaned.body, "\n".join(cleaned.deck))
    if spans is None:  # stored unanalysed: the window analyses it in the background
        return Prepared(doc, cleaned, None, 0, None)
    title = cleaned.title or UNTITLED  # as Library.add_article stores it
    # The index reads line by line as the analyser does, so in a worker (see remember_tokens) it
    # reuses the analyser's tokens instead of running Kiwi over the text a second time.
    morph = (morph_field(searchable_title(title, cleaned.deck)), morph_field(cleaned.body))
    return Prepared(doc, cleaned, spans, analyzer.version, morph)


PrepareFn = Callable[[str, object, frozenset], Prepared]


def _attempt(prepare: PrepareFn, path: str, analyzer, known: frozenset[str]) -> tuple[str, object]:
    try:
        return "ok", prepare(path, analyzer, known)
    except ImportFailed as exc:
        return "failed", str(exc)
    except Exception as exc:  # an importer bug must not take the whole import down
        return "failed", f"{path}: could not be read ({type(exc).__name__}: {exc})"


def _attempt_into(box: list, *args) -> None:
    box.append(_attempt(*args))


def _warm_up(analyzer) -> None:
    """Load Kiwi and the gazetteer before any file's clock starts."""
    try:
        analyzer.analyze("준비", "서울에서 열린 행사에 시민들이 모였다.")
    except Exception:  # pragma: no cover - each file will then report the analyser's error
        log.exception("the entity analyser failed to warm up")


# --- worker processes ------------------------------------------------------------------------

def _exit_with(parent) -> None:
    parent.join()
    os._exit(1)


def _worker_main(conn: Connection, corrections: dict, known: frozenset[str], prepare: PrepareFn) -> None:
    """A worker: warm up, say ready, then prepare one file per message until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    parent = multiprocessing.parent_process()
    if parent is not None:  # never outlive the importer, even if it is killed
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    from viewer.core.text.kiwi import remember_tokens

    memo = remember_tokens()
    analyzer = make_analyzer(corrections)
    _warm_up(analyzer)
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, path = job
        memo.clear()
        started = time.perf_counter()
        status, value = _attempt(prepare, path, analyzer, known)
        seconds = time.perf_counter() - started
        try:
            conn.send((index, status, value, seconds))
        except Exception as exc:  # the result could not be pickled
            conn.send((index, "failed", f"{path}: could not be passed back ({type(exc).__name__})", seconds))


class _Worker:
    """One worker process and the file it is on."""

    def __init__(self, ctx, args: tuple) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, *args), daemon=True,
                                   name="article-viewer-import")
        try:
            self.process.start()
        finally:
            child.close()
        self.start_deadline = time.monotonic() + START_TIMEOUT
        self.ready = False
        self.job: int | None = None
        self.deadline = 0.0
        self.started = 0.0

    def give(self, index: int, path: str, timeout: float) -> None:
        self.conn.send((index, path))
        self.job = index
        self.started = time.monotonic()
        self.deadline = self.started + timeout

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5.0)
        self.conn.close()


def _stop_all(workers: list[_Worker]) -> None:
    """Ask idle workers to exit (all at once, then wait); kill busy or unresponsive ones."""
    for w in workers:
        if w.ready and w.job is None:
            try:
                w.conn.send(None)
            except OSError:
                pass
    deadline = time.monotonic() + 2.0
    for w in workers:
        if w.ready and w.job is None:
            w.process.join(max(0.0, deadline - time.monotonic()))
        w.kill()


def _prepare_in_workers(
    files: list[Path],
    count: int,
    timeout: float,
    args: tuple,
    allowed: Callable[[int], bool],
    cancelled: Callable[[], bool],
) -> Iterator[tuple[int, str, object, float]]:
    """Yield (index, status, value, seconds) per file, in the order workers finish them."""
    ctx = multiprocessing.get_context("spawn")
    workers: list[_Worker] = []
    todo = list(reversed(range(len(files))))  # pop() takes the lowest index
    left = len(files)
    failed_starts = 0

    def start_one() -> None:
        nonlocal failed_starts
        try:
            workers.append(_Worker(ctx, args))
        except Exception:  # no processes here (a sandbox, a frozen app): counted like a crash
            failed_starts += 1

    try:
        for _ in range(min(count, left)):
            start_one()
        while left:
            if cancelled():
                return
            if not workers:
                if todo and failed_starts < START_ATTEMPTS:
                    start_one()
                    continue
                # Worker processes cannot be started: prepare the rest in this process.
                corrections, known, prepare = args
                rest = sorted(todo)
                todo.clear()
                for k, status, value, seconds in _prepare_here(
                        [files[i] for i in rest], timeout, corrections, known, prepare, cancelled):
                    left -= 1
                    yield rest[k], status, value, seconds
                return
            for w in workers:
                if w.ready and w.job is None and todo and allowed(todo[-1]):
                    i = todo.pop()
                    w.give(i, str(files[i]), timeout)
            now = time.monotonic()
            waits = [(w.deadline if w.job is not None else w.start_deadline) - now
                     for w in workers if w.job is not None or not w.ready]
            ready = wait([w.conn for w in workers], max(0.0, min([_POLL, *waits])))
            for w in list(workers):
                result, gone = None, False
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        gone = True
                    else:
                        if message == ("ready",):
                            w.ready, failed_starts = True, 0
                        else:
                            result, w.job = message, None
                if result is not None:
                    left -= 1
                    yield result
                    continue
                now = time.monotonic()
                failure = None
                if w.job is not None and (gone or now >= w.deadline):
                    path = files[w.job]
                    w.kill()
                    if gone:
                        message = (f"{path}: the import process stopped while reading this file"
                                   f" (exit code {w.process.exitcode})")
                    else:
                        message = f"{path}: took longer than {timeout:g} s to read and analyse; skipped"
                    failure = (w.job, "failed", message, now - w.started)
                elif not w.ready and (gone or now >= w.start_deadline):
                    failed_starts += 1
                    w.kill()
                elif gone:
                    w.kill()
                else:
                    continue
                workers.remove(w)
                if len(todo) > len(workers) and failed_starts < START_ATTEMPTS:
                    start_one()
                if failure is not None:
                    left -= 1
                    yield failure
    finally:
        _stop_all(workers)


class _WarmOnFirstUse:
    """The analyser, warmed up (Kiwi loaded) on first use, timing that apart from the file's work.

    In this process Kiwi may not be loaded yet, and a file that fails before analysis should not
    wait seconds for it.
    """

    def __init__(self, analyzer) -> None:
        self.analyzer = analyzer
        self.warm = False
        self.warming_since: float | None = None
        self.warm_seconds = 0.0

    def __getattr__(self, name: str):
        return getattr(self.analyzer, name)

    def analyze(self, title: str, body: str, deck: str = ""):
        if not self.warm:
            self.warming_since = time.monotonic()
            _warm_up(self.analyzer)
            self.warm_seconds = time.monotonic() - self.warming_since
            self.warm, self.warming_since = True, None
        return self.analyzer.analyze(title, body, deck)

    def loading(self) -> float:
        """Seconds of the current attempt spent loading Kiwi so far."""
        since = self.warming_since
        return self.warm_seconds + (time.monotonic() - since if since is not None else 0.0)


class NoAnalysis:
    """Stands in for the analyser when articles are stored unanalysed (import_files(analyze=False))."""

    version = 0
    warm_seconds = 0.0
    warming_since = None

    def analyze(self, title: str, body: str, deck: str = "") -> None:
        return None

    def loading(self) -> float:
        return 0.0


def _prepare_here(
    files: list[Path],
    timeout: float,
    corrections: dict,
    known: frozenset[str],
    prepare: PrepareFn,
    cancelled: Callable[[], bool],
    analyze: bool = True,
) -> Iterator[tuple[int, str, object, float]]:
    """Prepare files one by one in this process, each in a thread with the same time limit.

    A thread cannot be killed: one that runs over is abandoned (it is a daemon). Only small
    files come here, so that is a last resort, not the plan.
    """
    if not files:
        return
    analyzer = _WarmOnFirstUse(make_analyzer(corrections)) if analyze else NoAnalysis()
    for i, path in enumerate(files):
        if cancelled():
            return
        box: list[tuple[str, object]] = []
        thread = threading.Thread(target=_attempt_into, args=(box, prepare, str(path), analyzer, known),
                                  daemon=True, name="article-viewer-import")
        analyzer.warm_seconds = 0.0
        started = time.monotonic()
        thread.start()
        while thread.is_alive():
            loading = analyzer.loading()
            left = started + timeout + loading - time.monotonic()
            if left <= 0 and (analyzer.warming_since is None or loading > START_TIMEOUT):
                break
            thread.join(min(max(left, 0.0), _POLL) or _POLL)
        seconds = time.monotonic() - started - analyzer.loading()
        if box:
            yield i, *box[0], seconds
        else:
            yield i, "failed", f"{path}: took longer than {timeout:g} s to read and analyse; skipped", seconds


# --- storing ---------------------------------------------------------------------------------

def store_prepared(library: Library, path: Path | str, status: str, value: object) -> ImportOutcome:
    """Write one prepared file or capture (one transaction; a failure changes nothing)."""
    name = one_line(str(path))
    if status != "ok":
        return ImportOutcome(name, "failed", message=one_line(str(value)))
    p: Prepared = value  # type: ignore[assignment]
    try:
        article_id, added = library.add_article(p.doc, p.cleaned, p.spans, p.analyzer_version)
    except Exception as exc:  # the transaction is rolled back; one file must not end the import
        return ImportOutcome(name, "failed", message=one_line(f"{path}: could not be stored ({exc})"))
    if added and p.morph is not None:
        from viewer.core.store.search import index_new_article

        index_new_article(library, article_id, p.cleaned.title or UNTITLED, p.cleaned.body, p.morph,
                          p.cleaned.deck)
    return ImportOutcome(name, "added" if added else "duplicate", article_id, title=p.cleaned.title)


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def import_files(
    library: Library,
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int = DEFAULT_WORKERS,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    prepare: PrepareFn = prepare_file,
    timings: dict[str, float] | None = None,
    analyze: bool = True,
) -> list[ImportOutcome]:
    """Import files and folders (recursively) using worker processes; see the module docstring.

    The one import path: `workers=0` prepares every file in this process. `progress(n, total,
    outcome)` is called after each file is stored, `cancelled()` is asked between files; outcomes
    come in input order (backups, restored first, are not reported through progress). With
    `analyze=False` articles are stored without names, for the window to analyse later.
    `prepare` is the per-file function the workers run (a top-level
    function, so it can be sent to them; tests substitute a slow one). `timings`, if given, is
    filled with the seconds spent preparing each file, by outcome path.
    """
    from viewer.core.store.search import ensure_index

    paths = [Path(p) for p in paths]
    # A .json file given by name is a backup or an error, never an article.
    backups = [p for p in paths if p.suffix.lower() == ".json" and not p.is_dir()]
    restored = [restore_file(library, p) for p in backups]
    files = list(iter_article_files([p for p in paths if p not in backups]))
    is_cancelled = cancelled or (lambda: False)
    sizes = [_size(f) for f in files]
    ends = [0]
    for s in sizes:
        ends.append(ends[-1] + s)
    corrections = library.corrections()
    known = library.content_hashes()
    stored = 0  # files stored so far, in input order

    def allowed(i: int) -> bool:
        return i == stored or (i < stored + AHEAD_FILES and ends[i + 1] - ends[stored] <= AHEAD_BYTES)

    small = len(files) <= IN_PROCESS_MAX_FILES and all(s <= IN_PROCESS_MAX_BYTES for s in sizes)
    if workers < 1 or small or not analyze:
        results = _prepare_here(files, timeout, corrections, known, prepare, is_cancelled, analyze)
    else:
        results = _prepare_in_workers(files, workers, timeout, (corrections, known, prepare),
                                      allowed, is_cancelled)
    outcomes: list[ImportOutcome] = []
    done: dict[int, tuple[str, object]] = {}
    try:
        for i, status, value, seconds in results:
            done[i] = (status, value)
            if timings is not None:
                timings[one_line(str(files[i]))] = seconds
            while stored in done and not is_cancelled():
                outcome = store_prepared(library, files[stored], *done.pop(stored))
                outcomes.append(outcome)
                stored += 1
                if progress:
                    progress(stored, len(files), outcome)
            if is_cancelled():
                break
    finally:
        results.close()  # stops and reaps the workers, also on cancel or an error here
    try:
        ensure_index(library, cancelled=is_cancelled)
    except DatabaseError as exc:  # disk full, say: the articles are stored; indexing waits
        log.warning("search index not brought up to date: %s", exc)
    return restored + outcomes


def restore_file(library: Library, path: Path) -> ImportOutcome:
    """Restore one backup file; its outcome says what came in, or the one-line reason why not."""
    from viewer.core.store.backup import BackupError, restore_backup

    name = one_line(str(path))
    try:
        report = restore_backup(library, path)
    except BackupError as exc:
        return ImportOutcome(name, "failed", message=one_line(str(exc)))
    except DatabaseError as exc:
        return ImportOutcome(name, "failed", message=one_line(f"{path}: could not be restored ({exc})"))
    return ImportOutcome(name, "restored", message=one_line(report.summary()),
                         title=f"{report.articles_added} articles restored")


def import_file(library: Library, path: Path | str, workers: int = 0, analyze: bool = True) -> ImportOutcome:
    """Import one file (in this process unless told otherwise); its outcome."""
    outcomes = import_files(library, [path], workers=workers, analyze=analyze)
    if outcomes:
        return outcomes[0]
    return ImportOutcome(one_line(str(path)), "failed", message=one_line(f"{path}: nothing to import here"))
