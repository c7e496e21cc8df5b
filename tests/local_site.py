"""A web site on 127.0.0.1 for the capture tests: pages from tests/captures, redirects, failures.

Started and stopped by the tests themselves; nothing here reaches the internet.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CAPTURES = Path(__file__).resolve().parent / "captures"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site: LocalSite = self.server.site  # type: ignore[attr-defined]
        site.hits.append(self.path)
        route = site.routes.get(self.path.split("#")[0])
        if route is None:
            self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")
            return
        route(self)

    def _send(self, status: int, content_type: str | None, body: bytes, headers=()) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class LocalSite:
    """routes: path → handler(request); helpers add the common kinds of page."""

    def __init__(self) -> None:
        self.routes: dict = {}
        self.hits: list[str] = []
        self.stopping = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.site = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8",
             status: int = 200, headers=()) -> str:
        self.routes[path] = lambda h: h._send(status, content_type, body, headers)
        return self.url(path)

    def capture(self, path: str, name: str, content_type: str = "text/html; charset=utf-8") -> str:
        return self.page(path, (CAPTURES / name).read_bytes(), content_type)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        self.routes[path] = lambda h: h._send(status, None, b"", (("Location", to),))
        return self.url(path)

    def slow(self, path: str, seconds: float, body: bytes = b"<p>late</p>") -> str:
        def route(h) -> None:
            if not self.stopping.wait(seconds):
                h._send(200, "text/html", body)
        self.routes[path] = route
        return self.url(path)

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
