"""Fetching a page the user asked for (viewer.core.ingest.fetch), against a server on 127.0.0.1.

Nothing here reaches the internet: every page comes from a ThreadingHTTPServer started for the
test, and the DNS test asks for a name under .invalid, which no resolver may answer.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import httpx
import pytest

from viewer.core.ingest import fetch
from viewer.core.ingest.fetch import (
    FetchCancelled,
    FetchedPage,
    FetchFailed,
    check_url,
    decode_page,
    fetch_page,
    looks_like_url,
    normalise_url,
    page_charset,
)

KOREAN = "서울 시내 도서관이 주말 운영 시간을 늘렸다."
CP949_ONLY = "똠방각하"  # syllables CP949 has and strict EUC-KR does not
ENGLISH = "The city library now opens on Sunday mornings."


def html(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html>\n<html><head>{head}<title>Library</title></head>"
            f"<body><p>{body}</p></body></html>\n")


# --- the server --------------------------------------------------------------------------------


def send(h: BaseHTTPRequestHandler, body: bytes, content_type: str | None = "text/html; charset=utf-8",
         status: int = 200, headers: tuple[tuple[str, str], ...] = ()) -> None:
    h.send_response(status)
    if content_type is not None:
        h.send_header("Content-Type", content_type)
    for name, value in headers:
        h.send_header(name, value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def redirect(to: str, status: int = 302):
    def route(h: BaseHTTPRequestHandler) -> None:
        target = to.replace("{host}", h.headers["Host"])
        send(h, b"", None, status, (("Location", target),))
    return route


def page(h):
    send(h, html(f"{KOREAN} {ENGLISH}", '<meta charset="utf-8">').encode("utf-8"))


def euckr_in_header(h):
    send(h, html(f"{KOREAN} {CP949_ONLY}").encode("cp949"), "text/html; charset=EUC-KR")


def euckr_in_meta(h):
    head = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    send(h, html(f"{KOREAN} {CP949_ONLY}", head).encode("cp949"), "text/html")


def ks_c_in_meta(h):
    send(h, html(KOREAN, '<meta charset="ks_c_5601-1987">').encode("cp949"), "text/html")


def cp949_said_utf8(h):
    send(h, html(KOREAN * 3).encode("cp949"), "text/html; charset=utf-8")


def slow(h):
    if not h.server.stopping.wait(2.0):
        page(h)


def trickle_body(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    while not h.server.stopping.wait(0.05):
        h.wfile.write(b"<")


def trickle_headers(h):
    for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 10_000:
        if h.server.stopping.wait(0.05):
            return
        h.wfile.write(bytes([byte]))


def large_with_length(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "5000000")
    h.end_headers()
    h.server.stopping.wait(3.0)  # the body would come late: a fetch that waited for it is slow


def endless(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<p>" + b"x" * 1000 + b"</p>\n"
    while not h.server.stopping.wait(0.002):
        h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def error(code):
    return lambda h: h.send_error(code)


def png(h):
    send(h, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png")


def untyped_html(h):
    send(h, html(ENGLISH).encode("utf-8"), None)


def untyped_binary(h):
    send(h, bytes(range(256)) * 8, None)


def markdown(h):
    send(h, f"# Library\n\n{KOREAN}\n".encode(), "text/markdown; charset=utf-8")


def set_cookie(h):
    send(h, html(ENGLISH).encode(), headers=(("Set-Cookie", "session=s3cr3t; Path=/"),))


def echo(h):
    send(h, f"{h.headers.get('User-Agent')}\n".encode(), "text/plain; charset=utf-8")


ROUTES = {
    "/page": page,
    "/hop1": redirect("/hop2", 301),
    "/hop2": redirect("hop3", 302),  # relative to /hop2
    "/hop3": redirect("http://{host}/page", 307),
    "/loop": redirect("/loop"),
    "/to-file": redirect("file:///etc/passwd"),
    "/to-ftp": redirect("ftp://{host}/page"),
    "/euckr-header": euckr_in_header,
    "/euckr-meta": euckr_in_meta,
    "/ks-c-meta": ks_c_in_meta,
    "/cp949-said-utf8": cp949_said_utf8,
    "/slow": slow,
    "/trickle-body": trickle_body,
    "/trickle-headers": trickle_headers,
    "/large-with-length": large_with_length,
    "/endless": endless,
    "/404": error(404),
    "/500": error(500),
    "/png": png,
    "/untyped-html": untyped_html,
    "/untyped-binary": untyped_binary,
    "/markdown": markdown,
    "/set-cookie": set_cookie,
    "/echo": echo,
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        self.server.seen.append(SimpleNamespace(path=path, headers=self.headers))
        route = ROUTES.get(path)
        if route is None:
            self.send_error(404)
            return
        try:
            route(self)
        except OSError:  # the client went away (as it should, from a page it refused)
            self.close_connection = True

    def log_message(self, format, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server():
    srv = Server(("127.0.0.1", 0), Handler)
    srv.seen = []
    srv.stopping = threading.Event()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    yield SimpleNamespace(base=base, url=lambda path: base + path, seen=srv.seen)
    srv.stopping.set()
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def failure(url: str, **kwargs) -> tuple[str, float]:
    """The message of the FetchFailed a fetch raises, and how long it took."""
    started = time.monotonic()
    with pytest.raises(FetchFailed) as info:
        fetch_page(url, **kwargs)
    return str(info.value), time.monotonic() - started


# --- pages -------------------------------------------------------------------------------------


def test_a_utf8_page_is_fetched_and_decodes(server):
    got = fetch_page(server.url("/page"))
    assert got.requested_url == server.url("/page")
    assert got.final_url == server.url("/page")
    assert got.content_type == "text/html"
    assert got.charset == "utf-8"
    assert got.redirects == []
    text, encoding = decode_page(got)
    assert KOREAN in text and ENGLISH in text
    assert encoding == "utf-8"


def test_the_address_is_stripped_before_fetching(server):
    got = fetch_page(f"  {server.url('/page')}\n")
    assert got.requested_url == server.url("/page")


def test_a_markdown_page_is_accepted(server):
    got = fetch_page(server.url("/markdown"))
    assert got.content_type == "text/markdown"
    assert KOREAN in decode_page(got)[0]


def test_a_page_without_a_content_type_that_looks_like_html_is_html(server):
    got = fetch_page(server.url("/untyped-html"))
    assert got.content_type == "text/html"
    assert ENGLISH in decode_page(got)[0]


def test_bytes_without_a_content_type_that_are_not_html_are_refused(server):
    message, _ = failure(server.url("/untyped-binary"))
    assert message.startswith(server.url("/untyped-binary") + ": not a web page")


# --- redirects ---------------------------------------------------------------------------------


def test_a_redirect_chain_ends_at_the_last_page(server):
    got = fetch_page(server.url("/hop1"))
    assert got.requested_url == server.url("/hop1")
    assert got.final_url == server.url("/page")
    assert got.redirects == [server.url("/hop1"), server.url("/hop2"), server.url("/hop3")]
    assert KOREAN in decode_page(got)[0]


def test_a_redirect_loop_is_too_many_redirects(server):
    message, _ = failure(server.url("/loop"))
    assert message.startswith(server.url("/loop") + ": too many redirects")
    assert len([r for r in server.seen if r.path == "/loop"]) == fetch.MAX_REDIRECTS + 1


def test_fewer_redirects_allowed_than_the_chain_has(server):
    message, _ = failure(server.url("/hop1"), max_redirects=2)
    assert "too many redirects" in message
    assert "/page" not in [r.path for r in server.seen]


def test_a_redirect_to_a_file_address_is_refused(server):
    message, _ = failure(server.url("/to-file"))
    assert message == (f"{server.url('/to-file')}: the site redirected to file:///etc/passwd,"
                       " but only http and https addresses can be fetched")


def test_a_redirect_to_ftp_is_refused(server):
    message, _ = failure(server.url("/to-ftp"))
    assert "only http and https addresses can be fetched" in message
    assert [r.path for r in server.seen] == ["/to-ftp"]


# --- encodings ---------------------------------------------------------------------------------


def test_euc_kr_declared_in_the_header_decodes_as_cp949(server):
    got = fetch_page(server.url("/euckr-header"))
    assert got.charset == "euc-kr"
    text, encoding = decode_page(got)
    assert KOREAN in text and CP949_ONLY in text
    assert encoding == "cp949"


def test_euc_kr_declared_only_in_meta_decodes(server):
    got = fetch_page(server.url("/euckr-meta"))
    assert got.charset is None
    assert page_charset(got.data) == "euc-kr"
    text, encoding = decode_page(got)
    assert KOREAN in text and CP949_ONLY in text
    assert encoding == "cp949"


def test_the_old_korean_charset_name_in_meta_decodes(server):
    text, encoding = decode_page(fetch_page(server.url("/ks-c-meta")))
    assert KOREAN in text
    assert encoding == "cp949"


def test_a_wrong_charset_in_the_header_falls_back_to_detection(server):
    text, encoding = decode_page(fetch_page(server.url("/cp949-said-utf8")))
    assert KOREAN in text
    assert encoding == "cp949"


def test_page_charset_reads_both_meta_forms_in_the_first_4_kb():
    assert page_charset(b'<html><head><meta charset="EUC-KR">') == "euc-kr"
    assert page_charset(b"<meta charset=utf-8>") == "utf-8"
    assert page_charset(b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ks_c_5601-1987'>") \
        == "ks_c_5601-1987"
    assert page_charset(b"<html><head><title>x</title></head>") is None
    assert page_charset(b" " * 5000 + b'<meta charset="euc-kr">') is None


def test_decode_page_prefers_the_server_charset_then_the_page(server):
    data = html(KOREAN, '<meta charset="euc-kr">').encode("utf-8")
    said_utf8 = FetchedPage("http://x.test/", "http://x.test/", "text/html", "utf-8", data, [])
    assert decode_page(said_utf8) == (said_utf8.data.decode("utf-8"), "utf-8")
    unknown = FetchedPage("http://x.test/", "http://x.test/", "text/html", "no-such-charset",
                          html(KOREAN, '<meta charset="euc-kr">').encode("cp949"), [])
    assert decode_page(unknown)[1] == "cp949"


def test_decode_page_names_the_url_when_nothing_reads():
    blank = FetchedPage("http://x.test/a", "http://x.test/a", "text/html", None, b"  \n", [])
    with pytest.raises(FetchFailed, match=r"^http://x\.test/a: the page is empty$"):
        decode_page(blank)


# --- time and size -----------------------------------------------------------------------------


def test_a_slow_site_times_out(server):
    message, took = failure(server.url("/slow"), timeout=0.5)
    assert message == f"{server.url('/slow')}: the site did not answer within 0.5 s"
    assert took < 1.5


def test_a_site_trickling_its_body_is_stopped_at_the_deadline(server):
    message, took = failure(server.url("/trickle-body"), timeout=0.5)
    assert message == f"{server.url('/trickle-body')}: the site took longer than 1 s to send the page"
    assert 0.9 < took < 2.5


def test_a_site_trickling_its_headers_is_stopped_at_the_deadline(server):
    message, took = failure(server.url("/trickle-headers"), timeout=0.5)
    assert message == f"{server.url('/trickle-headers')}: the site took longer than 1 s to send the page"
    assert 0.9 < took < 2.5


def test_a_page_larger_than_the_limit_is_refused_by_its_content_length(server):
    message, took = failure(server.url("/large-with-length"), max_bytes=1000)
    assert message == f"{server.url('/large-with-length')}: the page is larger than 1000 bytes"
    assert took < 1.5  # refused on the header, without waiting for the body


def test_a_streamed_page_larger_than_the_limit_is_stopped(server):
    message, took = failure(server.url("/endless"), max_bytes=64 * 1024)
    assert message == f"{server.url('/endless')}: the page is larger than 64 KB"
    assert took < 5


def test_the_default_limit_is_20_mb():
    assert fetch.MAX_FILE_BYTES == 20 * 1024 * 1024
    assert fetch._size(fetch.MAX_FILE_BYTES) == "20 MB"


def test_cancelled_stops_a_streaming_download(server):
    asked = []

    def cancelled():
        asked.append(time.monotonic())
        return len(asked) > 5

    started = time.monotonic()
    with pytest.raises(FetchCancelled, match=r": cancelled$"):
        fetch_page(server.url("/endless"), cancelled=cancelled)
    assert time.monotonic() - started < 2
    assert issubclass(FetchCancelled, FetchFailed)


def test_cancelled_before_starting_sends_nothing(server):
    with pytest.raises(FetchCancelled):
        fetch_page(server.url("/page"), cancelled=lambda: True)
    assert server.seen == []


# --- HTTP and network errors -------------------------------------------------------------------


@pytest.mark.parametrize(("path", "status"), [
    ("/404", "404 Not Found"),
    ("/500", "500 Internal Server Error"),
])
def test_http_errors_name_the_status(server, path, status):
    message, _ = failure(server.url(path))
    assert message == f"{server.url(path)}: the site answered {status}"


def test_an_image_is_not_a_web_page(server):
    message, _ = failure(server.url("/png"))
    assert message == f"{server.url('/png')}: not a web page (image/png)"


def test_connection_refused(server):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at once: nothing listens there
    url = f"http://127.0.0.1:{port}/news"
    message, _ = failure(url)
    assert message == f"{url}: could not connect (connection refused)"


def test_a_name_that_does_not_resolve():
    host = "no-such-site.invalid"
    try:
        socket.getaddrinfo(host, 80)
    except OSError:
        pass
    else:
        pytest.skip(f"this resolver answers for {host}")
    message, _ = failure(f"http://{host}/news")
    assert message == f"http://{host}/news: the address could not be found (no network, or no such site)"


def test_a_long_address_is_shortened_in_the_message(server):
    url = server.url("/404?q=" + "x" * 500)
    message, _ = failure(url)
    shown, reason = message.split(": ", 1)
    assert len(shown) == fetch.SHOWN_URL_CHARS and shown.endswith("…")
    assert reason == "the site answered 404 Not Found"


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "only http and https addresses can be fetched"),
    ("ftp://example.com/news.html", "only http and https addresses can be fetched"),
    ("javascript:alert(1)", "only http and https addresses can be fetched"),
    ("data:text/html,<p>hi</p>", "only http and https addresses can be fetched"),
    ("mailto:desk@example.com", "only http and https addresses can be fetched"),
    ("example.com/news", "the address must start with http:// or https://"),
    ("http:///news", "the address has no host name"),
    ("http:news", "the address has no host name"),
    ("https://user:secret@example.com/", "addresses with a user name or password cannot be fetched"),
    ("http://example.com:99999/", "not a valid address"),
])
def test_other_addresses_are_refused_without_a_request(monkeypatch, url, reason):
    def no_client(*args, **kwargs):
        raise AssertionError("a request was about to be made")

    monkeypatch.setattr(httpx, "Client", no_client)
    with pytest.raises(FetchFailed) as info:
        fetch_page(url)
    assert str(info.value).startswith(f"{url}: {reason}")
    with pytest.raises(FetchFailed):
        check_url(url)


def test_check_url_returns_the_stripped_address():
    assert check_url("  https://news.example.kr/view?id=1\n") == "https://news.example.kr/view?id=1"
    assert check_url("HTTPS://Example.com") == "HTTPS://Example.com"


# --- what the site sees ------------------------------------------------------------------------


def test_the_site_sees_the_app_user_agent_and_html_first(server):
    got = fetch_page(server.url("/echo"))
    assert got.content_type == "text/plain"
    agent = server.seen[0].headers["User-Agent"]
    assert agent == fetch.USER_AGENT
    assert agent.startswith("ArticleViewer/") and "fetches on request" in agent
    assert decode_page(got)[0].strip() == agent
    assert server.seen[0].headers["Accept"].startswith("text/html")


def test_cookies_of_one_fetch_are_not_sent_by_the_next(server):
    fetch_page(server.url("/set-cookie"))
    fetch_page(server.url("/echo"))
    fetch_page(server.url("/set-cookie"))
    assert [r.path for r in server.seen] == ["/set-cookie", "/echo", "/set-cookie"]
    assert all(r.headers.get("Cookie") is None for r in server.seen)


# --- addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "normal"), [
    ("HTTP://Example.COM:80/News?id=5&utm_source=x&utm_medium=y#top", "http://example.com/News?id=5"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://news.example.kr/view?b=2&fbclid=abc&a=1&gclid=z&mc_cid=1&mc_eid=2&ref_src=twsrc",
     "https://news.example.kr/view?b=2&a=1"),
    ("https://example.com/a?UTM_Campaign=spring", "https://example.com/a"),
    ("https://example.com/search?q=%ED%95%9C&page=2", "https://example.com/search?q=%ED%95%9C&page=2"),
    ("https://example.com/a?", "https://example.com/a"),
    ("  https://example.com/a#comments  ", "https://example.com/a"),
    ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
])
def test_normalise_url(url, normal):
    assert normalise_url(url) == normal


def test_addresses_that_differ_only_in_tracking_are_the_same():
    shared = "https://news.example.kr/article/123?page=2"
    from_mail = "https://NEWS.example.kr:443/article/123?utm_source=newsletter&page=2&mc_eid=9#top"
    assert normalise_url(shared) == normalise_url(from_mail)
    assert normalise_url(shared) != normalise_url("https://news.example.kr/article/123?page=3")


@pytest.mark.parametrize(("text", "expected"), [
    ("https://news.example.kr/article/123", True),
    ("http://127.0.0.1:8080/page?a=1", True),
    ("  https://news.example.kr/article/123 \n", True),
    ("https://a.example/1 https://b.example/2", False),
    ("https://a.example/1\nhttps://b.example/2", False),
    ("Read this: https://news.example.kr/article/123", False),
    ("file:///etc/passwd", False),
    ("news.example.kr/article/123", False),
    ("", False),
])
def test_looks_like_url(text, expected):
    assert looks_like_url(text) is expected


def test_https_to_a_server_that_speaks_no_tls_is_a_clear_line(server):
    url = server.base.replace("http://", "https://") + "/page"
    message, _ = failure(url)
    assert message.startswith(f"{url}: a secure connection could not be made (")
