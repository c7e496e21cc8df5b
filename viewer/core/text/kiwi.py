"""The process's one Kiwi (Korean morphology): loading it, bounding every call, remembering tokens.

The entity analyser and the search index both read text through here, line by line, so an
import's workers tokenise each line once (see remember_tokens) and no call ever sees more than
KIWI_PIECE_CHARS (Kiwi is quadratic on long unbroken runs) or more than MAX_ANALYSED_CHARS of
an article. Loading Kiwi takes seconds: nothing here imports kiwipiepy until a text needs it.

Loading the model holds the GIL for the whole load (~1.5 s measured: a thread ticking every
5 ms saw one 1,472 ms gap), so a process with a window must not load it at all: the window calls
use_helper_process(), and from then on the process's one Kiwi lives in a child process
(KiwiProcess) that answers tokenize() over a pipe. Waiting on the pipe releases the GIL, and no
single call is longer than a piece (about 30 ms), so the window keeps painting.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from viewer.core.limits import KIWI_PIECE_CHARS, MAX_ANALYSED_CHARS

# Tags the search index keeps: content words and stems (particles and endings are dropped).
INDEXED_TAGS = {"NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SH", "SN", "MAG"}

log = logging.getLogger("viewer.kiwi")

_kiwi = None
_kiwi_lock = threading.Lock()


def get_kiwi():
    """The process's one kiwipiepy.Kiwi (or the token memo over it), created on first use."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi  # slow: loads the model shipped in kiwipiepy_model

                _kiwi = Kiwi()
    return _kiwi


def kiwi_loaded() -> bool:
    """Whether this process's Kiwi is ready to answer (loaded here, or its helper process up)."""
    if isinstance(_kiwi, KiwiProcess):
        return _kiwi.ready
    return _kiwi is not None


def use_helper_process() -> KiwiProcess:
    """From now on this process's one Kiwi runs in a child process (see the module docstring).

    Call it before anything tokenises. The helper starts on first use, or at once with start().
    """
    global _kiwi
    with _kiwi_lock:
        if isinstance(_kiwi, KiwiProcess):
            return _kiwi
        if isinstance(_kiwi, TokenMemo) and isinstance(_kiwi.kiwi, KiwiProcess):
            return _kiwi.kiwi
        helper = KiwiProcess()
        _kiwi = helper
        atexit.register(helper.close)
        return helper


def helper_process() -> KiwiProcess | None:
    """This process's helper, if use_helper_process() was called; else None."""
    kiwi = _kiwi.kiwi if isinstance(_kiwi, TokenMemo) else _kiwi
    return kiwi if isinstance(kiwi, KiwiProcess) else None


def shutdown_helper() -> None:
    """Stop this process's helper now (the window is closing and something waits on it): the
    calls waiting on it raise KiwiClosed, and it is replaced by a new one, started on first use."""
    global _kiwi
    with _kiwi_lock:
        helper = helper_process()
        if helper is None:
            return
        fresh = KiwiProcess()
        atexit.register(fresh.close)
        _kiwi = fresh
    helper.shutdown()


def _run_named(name: str, args: tuple):
    """Call `package.module:function` (named, so that this layer imports nothing above it)."""
    import importlib

    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)(*args)


def _serve_kiwi(conn) -> None:
    """The helper process: load Kiwi, then answer each request until the pipe closes: a text to
    tokenise, or ("run", "module:function", args) — the entity analyser runs here whole, so the
    window's process spends no GIL time on it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    parent = multiprocessing.parent_process()
    if parent is not None:  # a parent that ends without closing the pipe (os._exit, a crash)
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()
    kiwi = get_kiwi()  # this process's one Kiwi: what the analyser run here uses too
    conn.send(("ready",))
    while True:
        try:
            text = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if text is None:
            return
        try:
            if isinstance(text, tuple):
                _, name, args = text
                reply = ("ok", _run_named(name, args))
            elif isinstance(text, list):  # a batch (tokenize_many): Kiwi's threads share it
                reply = ("ok", [[(t.form, t.tag, t.start, t.end) for t in tokens]
                                for tokens in kiwi.tokenize(text)])
            else:
                reply = ("ok", [(t.form, t.tag, t.start, t.end) for t in kiwi.tokenize(text)])
        except Exception as exc:  # a bad request must not end the helper
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except OSError:  # the parent is gone (it ended while asking)
            return


def _exit_with_parent(sentinel) -> None:
    """In the helper: end as soon as the parent process has ended."""
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(0)


class KiwiClosed(BaseException):
    """The Kiwi helper was shut down (the window is closing) before it answered.

    Not an Exception, as asyncio's CancelledError is not: the code that catches an analyser's
    errors to go on with the next row (the search index, an import) must stop here instead, so
    that nothing is stored as if the text had no words; its transaction is rolled back.
    """


class KiwiProcess:
    """Kiwi in a child process, with the part of kiwipiepy.Kiwi the app uses: tokenize(text).

    Tokens come back as Piece (form, tag, start, end). Calls from several threads take turns;
    a helper that dies is started again on the next call (that call is tried once more). After
    shutdown() every call raises KiwiClosed (see shutdown_helper, which puts a new one in its place).
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()  # re-entered when the analysis runs here, see _request
        self._conn = None
        self._process = None
        self._local = None  # Kiwi in this process, when no helper process can run
        self.ready = False
        self.closed = False

    def start(self) -> None:
        """Start the helper now (it loads Kiwi while the caller goes on)."""
        with self._lock:
            if not self.closed:
                self._ensure_started()

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._stop()
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve_kiwi, args=(child,), daemon=True, name="article-viewer-kiwi")
        process.start()
        child.close()
        self._conn, self._process, self.ready = parent, process, False

    def _call(self, text):
        self._ensure_started()
        conn = self._conn
        if not self.ready:
            if conn.recv() != ("ready",):  # raises EOFError if the helper died loading
                raise RuntimeError("the Kiwi helper process did not start")
            self.ready = True
        conn.send(text)
        status, value = conn.recv()
        if status != "ok":
            raise RuntimeError(f"the Kiwi helper process could not do it ({value})")
        return value

    def _request(self, request):
        with self._lock:
            if self.closed:
                raise KiwiClosed("the Kiwi helper process was shut down")
            if self._local is None:
                try:
                    return self._call(request)
                except (EOFError, OSError, BrokenPipeError):
                    self._stop()
                    if self.closed:  # shut down while this call waited: no new helper
                        raise KiwiClosed("the Kiwi helper process was shut down") from None
                    log.warning("the Kiwi helper process stopped; starting it again")
                try:
                    return self._call(request)
                except (EOFError, OSError, BrokenPipeError) as exc:
                    # No child processes here (a sandbox, a frozen app): slower to start, but
                    # names and search still work, in this process.
                    log.warning("the Kiwi helper process cannot run (%s); Kiwi runs in this process", exc)
                    self._stop()
                    from kiwipiepy import Kiwi

                    self._local = Kiwi()
            if isinstance(request, tuple):
                return _run_named(request[1], request[2])
            if isinstance(request, list):
                return [[(t.form, t.tag, t.start, t.end) for t in tokens]
                        for tokens in self._local.tokenize(request)]
            return [(t.form, t.tag, t.start, t.end) for t in self._local.tokenize(request)]

    def tokenize(self, text: str, *args, **kwargs) -> list[Piece]:
        if args or kwargs:
            raise TypeError("KiwiProcess.tokenize takes the text only")
        return [Piece(*t) for t in self._request(text)]

    def tokenize_batch(self, texts: list[str]) -> list[list[Piece]]:
        """Each text's tokens, in one request (see tokenize_many)."""
        return [[Piece(*t) for t in tokens] for tokens in self._request(list(texts))]

    def run(self, function: str, *args):
        """`function(*args)` ("package.module:function") in the helper process; its result."""
        return self._request(("run", function, args))

    def _stop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._conn.close()
        if self._process is not None:
            self._process.join(1.0)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(1.0)
        self._conn = self._process = None
        self.ready = False

    def busy(self) -> bool:
        """Whether a call is waiting for the helper (or the helper is being started)."""
        if self._lock.acquire(blocking=False):
            self._lock.release()
            return False
        return True

    def shutdown(self) -> None:
        """Stop the helper now, even in the middle of a call (which raises KiwiClosed, as every
        later call does). The helper holds nothing to save, so it is simply killed: waiting for it
        to exit by itself takes up to a second (longer while it loads Kiwi)."""
        self.closed = True
        process = self._process
        if process is not None and process.is_alive():
            process.kill()  # a call waiting on the pipe sees it close, and gives up
            process.join(1.0)
        if self._lock.acquire(blocking=False):  # nobody is waiting on it: tidy up here
            try:
                self._stop()
            finally:
                self._lock.release()

    def close(self) -> None:
        """Stop the helper process (it also ends by itself when this process ends)."""
        self.shutdown()


class TokenMemo:
    """Kiwi that remembers tokenisations until cleared (one file's, in an import worker)."""

    def __init__(self, kiwi) -> None:
        self.kiwi = kiwi
        self.memo: dict[str, object] = {}

    def tokenize(self, text, *args, **kwargs):
        if args or kwargs or not isinstance(text, str):
            return self.kiwi.tokenize(text, *args, **kwargs)
        tokens = self.memo.get(text)
        if tokens is None:
            tokens = self.memo[text] = self.kiwi.tokenize(text)
        return tokens

    def tokenize_batch(self, texts: list[str]) -> list:
        """Each text's tokens: the remembered ones, the rest in one batch (see tokenize_many)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if missing:
            for text, tokens in zip(missing, _batch(self.kiwi, missing), strict=True):
                self.memo[text] = tokens
        return [self.memo[t] for t in texts]

    def clear(self) -> None:
        self.memo.clear()

    def __getattr__(self, name: str):
        return getattr(self.kiwi, name)


def remember_tokens() -> TokenMemo:
    """From now on get_kiwi() remembers what it tokenised (call clear() between files)."""
    global _kiwi
    kiwi = get_kiwi()
    if isinstance(kiwi, TokenMemo):
        return kiwi
    memo = TokenMemo(kiwi)
    _kiwi = memo
    return memo


class Piece(NamedTuple):
    """A Kiwi token moved to its place in the whole text (tokens of a piece count from its start)."""

    form: str
    tag: str
    start: int
    end: int


def text_pieces(text: str, limit: int = KIWI_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering text, each piece at most `limit` characters.

    A piece ends after the last sentence end or space before the limit (a word is never cut
    where it can be helped); an unbroken run is cut at the limit.
    """
    start, n = 0, len(text)
    while n - start > limit:
        window = text[start:start + limit]
        sentence = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if sentence > limit // 2:
            cut = sentence + 2
        else:
            space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
            cut = space + 1 if space > limit // 4 else limit
        yield start, text[start:start + cut]
        start += cut
    if start < n or not n:
        yield start, text[start:]


def tokenize_bounded(text: str, kiwi=None) -> list:
    """Kiwi's tokens of a text, no call longer than KIWI_PIECE_CHARS (Kiwi is quadratic on
    long unbroken runs: 40,000 characters took 0.6-1.9 s). Short texts are one call, as before."""
    kiwi = kiwi or get_kiwi()
    if len(text) <= KIWI_PIECE_CHARS:
        return kiwi.tokenize(text)
    out: list = []
    for offset, piece in text_pieces(text):
        if piece.strip():
            out += [Piece(t.form, t.tag, t.start + offset, t.end + offset) for t in kiwi.tokenize(piece)]
    return out


def _batch(kiwi, texts: list[str]) -> list:
    """Kiwi's tokens of each text, in one call where the Kiwi takes a batch."""
    if len(texts) == 1:  # nothing to share between threads: a batch's set-up would be all cost
        return [kiwi.tokenize(texts[0])]
    batch = getattr(kiwi, "tokenize_batch", None)
    if batch is not None:
        return batch(texts)
    if hasattr(kiwi, "num_workers"):  # kiwipiepy's Kiwi: a list is shared by its worker threads
        return list(kiwi.tokenize(texts))
    return [kiwi.tokenize(t) for t in texts]


def tokenize_many(texts: list[str], kiwi=None) -> list[list]:
    """tokenize_bounded of each text, all of them in one Kiwi call.

    Kiwi spreads a batch over its worker threads (one per core by default, and it releases the
    GIL), so an article's paragraphs read together take about half the time they take one by
    one on two cores; the tokens are the same.
    """
    kiwi = kiwi or get_kiwi()
    pieces: list[str] = []
    owner: list[tuple[int, int]] = []  # (text index, offset) of each piece
    for i, text in enumerate(texts):
        if len(text) <= KIWI_PIECE_CHARS:
            pieces.append(text)
            owner.append((i, 0))
            continue
        for offset, piece in text_pieces(text):
            if piece.strip():
                pieces.append(piece)
                owner.append((i, offset))
    out: list[list] = [[] for _ in texts]
    for (i, offset), tokens in zip(owner, _batch(kiwi, pieces) if pieces else [], strict=True):
        if offset or len(texts[i]) > KIWI_PIECE_CHARS:
            out[i] += [Piece(t.form, t.tag, t.start + offset, t.end + offset) for t in tokens]
        else:
            out[i] = tokens
    return out


def analysed_part(text: str, limit: int = MAX_ANALYSED_CHARS) -> str:
    """The start of a text that analysis reads: all of it, or up to the last line break before limit."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def morphemes(text: str) -> list[str]:
    """The content morphemes of a text, as the search index holds them (Latin lower-cased).

    Read line by line (as the entity analyser reads, so an import's workers reuse its tokens),
    no Kiwi call over KIWI_PIECE_CHARS, and nothing past MAX_ANALYSED_CHARS: indexing one
    stored article is bounded whatever it holds (the trigram index still has all of it).
    """
    text = analysed_part(unicodedata.normalize("NFC", text))
    if not text.strip():
        return []
    out = []
    lines = [line for line in text.split("\n") if line.strip()]
    for tokens in tokenize_many(lines):  # one batch: Kiwi's threads share the lines
        for token in tokens:
            tag = str(token.tag).split("-")[0]
            if tag in INDEXED_TAGS:
                out.append(token.form.lower())
    return out
