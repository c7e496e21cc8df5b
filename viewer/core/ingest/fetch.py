"""Fetching one web page the user asked for: http and https only, bounded in time and size.

Nothing here runs on its own: a page is fetched only when the user gives (pastes, drops, types)
its address. Every call gets a fresh httpx client, so no cookie of one fetch reaches the next.
Redirects are followed here, hop by hop, so that each one is checked (http and https only).
Every network or HTTP problem becomes one FetchFailed whose message starts with the address as
the user gave it.
"""

from __future__ import annotations

import codecs
import importlib.metadata
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urlsplit

import httpx

from viewer.core.limits import MAX_FILE_BYTES
from viewer.core.model import ImportFailed
from viewer.core.text.decoding import decode_bytes
from viewer.core.text.urls import normalise_url  # noqa: F401 - part of this module's API

log = logging.getLogger("viewer.fetch")


def _app_version() -> str:
    try:
        return importlib.metadata.version("article-viewer")
    except importlib.metadata.PackageNotFoundError:
        return "dev"


USER_AGENT = f"ArticleViewer/{_app_version()} (+desktop reader; fetches on request)"
FETCH_TIMEOUT = 20.0  # seconds to connect, and between any two reads
DEADLINE_FACTOR = 2  # the whole fetch (every hop, the whole body) takes at most this × timeout
MAX_REDIRECTS = 10
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
SHOWN_URL_CHARS = 200
SNIFF_BYTES = 1024

_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchFailed(Exception):
    """A page that could not be fetched; the message names the URL and the reason."""


class FetchCancelled(FetchFailed):
    """The fetch was stopped because `cancelled()` said so."""


@dataclass
class FetchedPage:
    """One fetched page: where it ended up, what it says it is, and its bytes."""

    requested_url: str
    final_url: str  # after redirects
    content_type: str  # e.g. "text/html" (lower-case, no parameters)
    charset: str | None  # from the Content-Type header, if any
    data: bytes  # the body (at most max_bytes)
    redirects: list[str] = field(default_factory=list)  # the URLs that answered with a redirect, in order


# --- addresses ---------------------------------------------------------------------------------


def _shown(text: str) -> str:
    """The address as the user gave it, on one line and at most SHOWN_URL_CHARS characters."""
    one_line = " ".join(str(text).split())
    if len(one_line) > SHOWN_URL_CHARS:
        return one_line[: SHOWN_URL_CHARS - 1] + "…"
    return one_line or "(no address)"


def _fail(shown: str, reason: str) -> FetchFailed:
    return FetchFailed(f"{shown}: {reason}")


_UNSAFE_CHARS = re.compile(r"[\s\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _checked(url: str, shown: str) -> str:
    """`url` (already stripped) if it is an http or https address with a host, else FetchFailed."""
    if not url:
        raise _fail(shown, "no address was given")
    scheme = _SCHEME.match(url)
    if scheme is None:
        raise _fail(shown, "the address must start with http:// or https://")
    if scheme.group(1).lower() not in _SCHEMES:
        raise _fail(shown, "only http and https addresses can be fetched")
    if _UNSAFE_CHARS.search(url):
        raise _fail(shown, "not a web address (it contains spaces or control characters)")
    parts = urlsplit(url)
    if not url[scheme.end():].startswith("//") or not parts.hostname:
        raise _fail(shown, "the address has no host name")
    if "@" in parts.netloc:
        raise _fail(shown, "addresses with a user name or password cannot be fetched")
    try:
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number or out of range
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as exc:
        raise _fail(shown, f"not a valid address ({exc})") from None
    return url


def check_url(text: str) -> str:
    """The URL to fetch (stripped), or FetchFailed: only http/https addresses with a host, no credentials."""
    url = str(text).strip()
    return _checked(url, _shown(url))


def looks_like_url(text: str) -> bool:
    """Whether a pasted/dropped text is just one URL (one line, http/https, no spaces)."""
    try:
        check_url(text)
    except FetchFailed:
        return False
    return True


# --- fetching ----------------------------------------------------------------------------------


def _accept_header(accept: tuple[str, ...]) -> str:
    """An Accept header that prefers the types in the order given (text/html first)."""
    values = []
    for i, kind in enumerate(accept):
        q = max(0.5, 1.0 - i / 10)
        values.append(kind if q == 1.0 else f"{kind};q={q:g}")
    return ", ".join([*values, "*/*;q=0.1"])


def _content_type(header: str | None) -> tuple[str, str | None]:
    """(type, charset) of a Content-Type header: the type lower-case and without parameters."""
    if not header:
        return "", None
    kind, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").strip().lower() or None
    return kind.strip().lower(), charset


# What browsers take for HTML when a server sends no type (the WHATWG MIME sniffing list).
_HTML_STARTS = (
    b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font",
    b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<!--", b"<meta",
)


def _sniff(data: bytes) -> str | None:
    """"text/html" (or XHTML) if bytes without a content type begin like a web page, else None."""
    start = data[:SNIFF_BYTES]
    if start.startswith(codecs.BOM_UTF8):
        start = start[len(codecs.BOM_UTF8):]
    start = start.lstrip(b" \t\r\n\f").lower()
    if start.startswith(b"<?xml"):
        return "application/xhtml+xml" if b"<html" in start else None
    for tag in _HTML_STARTS:
        if start.startswith(tag):
            after = start[len(tag): len(tag) + 1]
            if tag == b"<!--" or after in (b" ", b">", b"\t", b"\n", b"\r", b"\f", b"/"):
                return "text/html"
    return None


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"


def _seconds(s: float) -> str:
    return f"{s:g} s"


class _Deadline:
    """Ends the fetch when its time is up, even while a read is blocked (a server trickling its
    headers a byte at a time never lets a read time out): shuts down every socket the fetch opened."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.passed = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        return self.ends - time.monotonic()

    def over(self) -> bool:
        return self.passed or self.left() <= 0

    def trace(self, event: str, info: dict) -> None:
        """httpcore's trace extension: remember each connection's socket as it is made."""
        if not event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            late = self.passed
        if late:
            self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            # The plain socket's shutdown, also for a TLS socket (whose own would drop its state
            # under the reading thread): the blocked read then returns at once.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _network_reason(exc: BaseException, timeout: float) -> str:
    """The reason a user reads for an httpx (or socket) error."""
    if isinstance(exc, httpx.TimeoutException):
        return f"the site did not answer within {_seconds(timeout)}"
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return "the address could not be found (no network, or no such site)"
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = cause.verify_message or cause.reason or "unknown reason"
            return f"the site's security certificate is not valid ({detail})"
        if isinstance(cause, ssl.SSLError):
            detail = cause.reason.replace("_", " ").lower() if cause.reason else _detail(cause)
            return f"a secure connection could not be made ({detail})"
        if isinstance(cause, ConnectionRefusedError):
            return "could not connect (connection refused)"
        if isinstance(cause, TimeoutError):
            return f"the site did not answer within {_seconds(timeout)}"
    detail = _detail(exc)
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({detail})"
    if isinstance(exc, httpx.DecodingError):
        return "the page's compressed data is damaged"
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError | OSError):
        return f"the connection broke off ({detail})"
    if isinstance(exc, httpx.ProxyError):
        return f"the proxy refused the connection ({detail})"
    return f"could not be fetched ({detail})"


def _detail(exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror[:1].lower() + cause.strerror[1:]
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _status_line(response: httpx.Response) -> str:
    phrase = " ".join(response.reason_phrase.split())[:60]  # the server's words: one short line
    if not phrase:
        try:
            phrase = HTTPStatus(response.status_code).phrase
        except ValueError:
            phrase = ""
    return f"{response.status_code} {phrase}".strip()


def fetch_page(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT,
    max_bytes: int = MAX_FILE_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    cancelled: Callable[[], bool] | None = None,
    accept: tuple[str, ...] = ACCEPTED_TYPES,
) -> FetchedPage:
    """Fetch one web page (http/https, redirects checked hop by hop, bounded in time and size)."""
    requested = str(url).strip()
    shown = _shown(requested)
    requested = _checked(requested, shown)
    if cancelled is not None and cancelled():
        raise FetchCancelled(f"{shown}: cancelled")
    started = time.monotonic()
    deadline = _Deadline(DEADLINE_FACTOR * timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": _accept_header(tuple(accept))}
    try:
        with deadline, httpx.Client(timeout=httpx.Timeout(timeout), headers=headers,
                                    follow_redirects=False) as client:
            page, status = _fetch(client, requested, shown, deadline, timeout, max_bytes, max_redirects,
                                  cancelled, tuple(accept))
    except FetchFailed as exc:
        log.info("fetch failed after %.2f s: %s", time.monotonic() - started, exc)
        raise
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as exc:
        if deadline.passed:
            reason = f"the site took longer than {_seconds(deadline.seconds)} to send the page"
        else:
            reason = _network_reason(exc, timeout)
        log.info("fetch failed after %.2f s: %s: %s (%r)", time.monotonic() - started, shown, reason, exc)
        raise _fail(shown, reason) from None
    log.info("fetched %s: %s, %d bytes, %.2f s%s", page.final_url, status, len(page.data),
             time.monotonic() - started,
             f" (redirected from {requested})" if page.redirects else "")
    return page


def _fetch(client: httpx.Client, requested: str, shown: str, deadline: _Deadline, timeout: float,
           max_bytes: int, max_redirects: int, cancelled: Callable[[], bool] | None,
           accept: tuple[str, ...]) -> tuple[FetchedPage, int]:
    """The hops of one fetch, and the body of the last; raises FetchFailed or httpx's errors."""
    redirects: list[str] = []
    current = requested

    def check_time() -> None:
        if deadline.over():
            raise _fail(shown, f"the site took longer than {_seconds(deadline.seconds)} to send the page")

    def check_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise FetchCancelled(f"{shown}: cancelled")

    while True:
        check_time()
        check_cancelled()
        with client.stream("GET", current, extensions={"trace": deadline.trace}) as response:
            status = response.status_code
            if status in _REDIRECTS and response.headers.get("location"):
                location = response.headers["location"].strip()
                try:
                    target = str(httpx.URL(current).join(location))
                except httpx.InvalidURL:
                    bad = _shown(location)
                    raise _fail(shown, f"the site redirected to an invalid address ({bad})") from None
                redirects.append(current)
                if len(redirects) > max_redirects:
                    raise _fail(shown, f"too many redirects (more than {max_redirects};"
                                       " the site may be redirecting in a loop)")
                try:
                    current = _checked(target, _shown(target))
                except FetchFailed as exc:
                    reason = str(exc).split(": ", 1)[1]
                    raise _fail(shown, f"the site redirected to {_shown(location)}, but {reason}") from None
                log.debug("redirect %d: %s -> %s", status, redirects[-1], current)
                continue
            if not 200 <= status < 300:
                raise _fail(shown, f"the site answered {_status_line(response)}")
            kind, charset = _content_type(response.headers.get("content-type"))
            if kind and kind not in accept:
                raise _fail(shown, f"not a web page ({kind})")
            length = response.headers.get("content-length", "").strip()
            if length.isdigit() and int(length) > max_bytes:
                raise _fail(shown, f"the page is larger than {_size(max_bytes)}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise _fail(shown, f"the page is larger than {_size(max_bytes)}")
                if not kind and len(body) >= SNIFF_BYTES:
                    kind = _sniffed(body, shown, accept)
                check_time()
                check_cancelled()
            if not body.strip():
                raise _fail(shown, "the page is empty")
            if not kind:
                kind = _sniffed(body, shown, accept)
            page = FetchedPage(requested_url=requested, final_url=str(response.url), content_type=kind,
                               charset=charset, data=bytes(body), redirects=redirects)
            return page, status


def _sniffed(body: bytes, shown: str, accept: tuple[str, ...]) -> str:
    kind = _sniff(body)
    if kind is None or kind not in accept:
        raise _fail(shown, "not a web page (the site did not say what it sent, and it does not look like"
                           " one)")
    return kind


# --- decoding ----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Korean sites still declare EUC-KR (or its old IANA name) and use CP949's extra syllables.
_KOREAN = frozenset({"euc-kr", "euc_kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "ksc_5601",
                     "ks-c-5601", "ks-c-5601-1987", "korean", "csksc56011987", "iso-ir-149",
                     "windows-949", "x-windows-949", "cp949", "uhc"})
# Browsers read a declared Latin-1 or ASCII as Windows-1252 (its superset).
_WESTERN = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                      "iso_8859-1", "cp819", "ibm819", "windows-1252", "cp1252"})
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def page_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB: <meta charset=…> or <meta http-equiv=Content-Type
    content='…charset=…'>; None if none."""
    head = data[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return found.group(1).decode("ascii").lower() if found else None


def _codec(label: str | None, from_page: bool) -> str | None:
    """Python's codec for a declared charset label, or None if Python knows no such text encoding."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _KOREAN:
        return "cp949"
    if label in _WESTERN:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if from_page and name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # bytes that spell out a <meta> in ASCII are not UTF-16 (as browsers read it)
    return name


def decode_page(page: FetchedPage) -> tuple[str, str]:
    """The page's text and the encoding used: the server's charset if Python knows it and it decodes,
    else the page's own declaration, else viewer.core.text.decoding.decode_bytes (detection)."""
    shown = _shown(page.requested_url)
    data = page.data
    if not data.strip():
        raise _fail(shown, "the page is empty")
    if not data.startswith(_BOMS):  # a byte-order mark outranks any declaration (decode_bytes reads it)
        candidates = [_codec(page.charset, from_page=False)]
        if page.content_type in ("text/html", "application/xhtml+xml"):
            candidates.append(_codec(page_charset(data), from_page=True))
        for codec in candidates:
            if codec is None:
                continue
            if codec == "cp1252" and not data.isascii():
                try:
                    return data.decode("utf-8"), "utf-8"  # UTF-8 mislabelled as Latin-1: never by chance
                except UnicodeDecodeError:
                    pass
            try:
                return data.decode(codec), codec
            except (UnicodeError, LookupError):
                continue
    try:
        return decode_bytes(data, shown)
    except ImportFailed as exc:
        raise FetchFailed(str(exc).replace(": the file is empty", ": the page is empty")) from None
