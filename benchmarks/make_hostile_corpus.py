"""Write a corpus of hostile and broken files for the importer.

Usage (from the project root):
    .venv/bin/python benchmarks/make_hostile_corpus.py OUT_DIR [--small]

Each file tests one way input goes wrong: binary data and archives renamed to .txt, empty and
whitespace-only files, truncated UTF-8, mixed encodings, UTF-16/32 without a byte-order mark,
NUL bytes and control characters, bidi overrides, a 50 MB file, 5 MB single lines, 100,000
nested or unclosed HTML elements, huge attribute values, <script>, on*= handlers,
javascript:/data: links and CSS expressions, Markdown and YAML bombs, 10,000-line "related
news" tails, symlink loops and links out of the folder, devices and FIFOs, hostile file names,
and titles that are easy to get wrong (unclosed front matter, setext headings, invisible
characters). Every text is written here; nothing is copied from a real site.

The folder layout names the category (binary/, empty/, …). `expectations.json` beside the files
says, per file, whether the importer must refuse it ("refuse"), must import it ("import") or may
do either ("either"). With --small the corpus has about 40 files and no big ones (for tests).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import io
import json
import os
import random
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KO_TITLE = "바닷가 마을 도서관, 밤에도 불을 켠다"
KO_BODY = [
    "[파도신문 윤가람 기자] 동해안의 작은 마을 도서관이 이달부터 밤 열 시까지 문을 연다.",
    "도서관은 어민들이 새벽 조업을 마친 뒤 낮에 쉬고 저녁에 책을 찾는다는 점에 주목했다.",
    '관장 서다온 씨는 "불 켜진 창을 보고 들어오는 사람이 늘었다"고 말했다.',
    "마을 주민 모임은 다음 달 바다 생태를 주제로 한 강연도 열 계획이다.",
]
KO_FOOTER = "저작권자 ⓒ 파도신문 무단전재 및 재배포금지"
EN_TITLE = "Harbor town library stays open after dark"
EN_BODY = [
    "By Mira Castell",
    "The small library in the harbor town of Eastvale will keep its doors open until ten at night.",
    "Fishing crews who finish work before dawn tend to come in during the evening, the staff said.",
    '"People see the lit windows and walk in," said Orin Tate, who runs the library.',
    "A talk on coastal ecology is planned for next month.",
]


def ko_article(n: int = 0) -> str:
    """A short Korean article; n varies it so copies are not duplicates."""
    body = [line.replace("이달부터", f"이달 {n + 1}일부터") for line in KO_BODY] if n else KO_BODY
    return "\n".join([KO_TITLE, *body, KO_FOOTER]) + "\n"


def en_article(n: int = 0) -> str:
    body = [line.replace("ten at night", f"{n % 3 + 9} at night") for line in EN_BODY] if n else EN_BODY
    return "\n\n".join([EN_TITLE, *body]) + "\n"


def html_page(body_html: str, title: str = EN_TITLE, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1>{body_html}</article></body></html>"
    )


def en_paragraphs() -> str:
    return "".join(f"<p>{line}</p>" for line in EN_BODY[1:])


class Corpus:
    """Collects files to write: (relative path, bytes or a writer, expectation)."""

    def __init__(self, small: bool) -> None:
        self.small = small
        self.entries: list[tuple[str, bytes | Callable[[Path], None], str]] = []

    def add(self, name: str, data: bytes | str | Callable[[Path], None], expect: str = "either") -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.entries.append((name, data, expect))

    def big(self, full: int, small: int) -> int:
        return small if self.small else full


def build(c: Corpus) -> None:
    rng = random.Random(20250314)
    line_size = c.big(5 * 1024 * 1024, 60 * 1024)
    nest = c.big(100_000, 5_000)
    tail_lines = c.big(10_000, 2_000)

    # --- binary data, archives and images renamed to text ----------------------------------
    for size in [1, 7, 100, 4096, 65536, 1_000_000]:
        for seed in range(c.big(3, 1) if size < 65536 else 1):
            r = random.Random(size * 31 + seed)
            c.add(
                f"binary/random-{size}-{seed}.txt",
                bytes(r.getrandbits(8) for _ in range(size)),
                "refuse" if size >= 100 else "either",
            )
    magics = {
        "zip": b"PK\x03\x04",
        "pdf": b"%PDF-1.7\n",
        "png": b"\x89PNG\r\n\x1a\n",
        "gif": b"GIF89a",
        "jpeg": b"\xff\xd8\xff\xe0",
        "elf": b"\x7fELF\x02\x01\x01",
        "gzip": b"\x1f\x8b\x08",
        "sqlite": b"SQLite format 3\x00",
        "office": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    }
    exts = [".txt", ".md", ".html"] if not c.small else [".txt"]
    for kind, magic in magics.items():
        for ext in exts:
            c.add(
                f"binary/{kind}-header{ext}", magic + bytes(rng.getrandbits(8) for _ in range(512)), "refuse"
            )
    for ext in exts:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("article.txt", ko_article())
        c.add(f"binary/real-zip{ext}", buf.getvalue(), "refuse")
        c.add(f"binary/real-gzip{ext}", gzip.compress(en_article().encode()), "refuse")
    c.add("binary/sqlite-db.txt", _sqlite_bytes(), "refuse")
    c.add(
        "binary/tar-like.txt",
        b"article.txt" + bytes(89) + b"0000644\x00" + bytes(400) + ko_article().encode(),
        "refuse",
    )
    c.add("binary/utf8-with-binary-tail.txt", ko_article().encode() + bytes(range(256)) * 8, "refuse")

    # --- empty and blank ---------------------------------------------------------------------
    blanks = {
        "zero-bytes": b"",
        "spaces": b"      ",
        "newlines": b"\n" * 500,
        "crlf": b"\r\n" * 100,
        "tabs": b"\t\t\t\n\t",
        "bom-only": b"\xef\xbb\xbf",
        "bom-spaces": b"\xef\xbb\xbf   \n ",
        "utf16-bom-only": b"\xff\xfe",
        "utf16-bom-spaces": "\ufeff    \n".encode("utf-16-le"),
        "nbsp-only": "\u00a0\u3000 \u00a0\n".encode(),
        "zero-width-only": "\u200b\u2060\u200c" * 50,
        "nul-only": b"\x00" * 64,
        "form-feeds": b"\x0c\x0b\x0c\n",
    }
    for name, data in blanks.items():
        c.add(f"empty/{name}.txt", data, "refuse")
    c.add("empty/front-matter-only.md", "---\ntitle: 제목만 있는 글\nauthor: 윤가람\n---\n", "either")
    c.add("empty/empty.html", "<html><head></head><body></body></html>", "refuse")
    c.add(
        "empty/only-scripts.html",
        "<html><body><script>var a = 1;</script><style>p{}</style></body></html>",
        "refuse",
    )
    c.add("empty/only-boilerplate.txt", "저작권자 ⓒ 파도신문 무단전재 및 재배포금지\n공유하기\n", "either")
    c.add("empty/only-markup.md", "---\n---\n\n#\n\n>\n\n-\n\n***\n", "either")

    # --- truncated and damaged UTF-8 -----------------------------------------------------------
    data = (ko_article() * 3).encode()
    for i, cut in enumerate(range(101, 101 + c.big(12, 3) * 37, 37)):
        if (data[cut] & 0xC0) != 0x80:
            cut += 1  # land inside a character
        c.add(f"truncated/cut-{i}.txt", data[:cut], "either")
    c.add("truncated/last-char-cut.txt", data[:-2], "import")
    damaged = bytearray(data * 4)
    for k in range(0, len(damaged), 40):
        damaged[k] = 0xFF
    c.add("truncated/damaged-every-40.txt", bytes(damaged), "refuse")
    c.add("truncated/overlong.txt", b"\xc0\xaf\xe0\x80\xaf" + ko_article().encode(), "either")
    c.add("truncated/cesu-surrogates.txt", ko_article().encode() + b"\xed\xa0\x80\xed\xb0\x80", "either")
    c.add(
        "truncated/utf16-odd-length.txt",
        "\ufeff".encode("utf-16-le") + ko_article().encode("utf-16-le")[:-1],
        "either",
    )
    c.add(
        "truncated/utf16-lone-surrogate.txt",
        b"\xff\xfe" + ko_article().encode("utf-16-le") + b"\x00\xd8" + "끝".encode("utf-16-le"),
        "either",
    )

    # --- mixed encodings -------------------------------------------------------------------------
    # Real UTF-8 beside text in another encoding is refused (no one encoding reads it all); text
    # in one legacy encoding is imported. The UTF-8 part of utf8-then-latin1 is ASCII: Latin-1 too.
    ko = ko_article()
    mixes = {
        "utf8-then-cp949": (ko.encode() + ko.encode("cp949"), "refuse"),
        "cp949-then-utf8": (ko.encode("cp949") + ko.encode(), "refuse"),
        "utf8-then-latin1": (en_article().encode() + "café naïve résumé".encode("latin-1") * 20, "either"),
        "utf8-korean-then-latin1": (
            "서울 시민 café 소식\n".encode() * 50 + ("café naïve résumé " * 200).encode("latin-1"),
            "refuse",
        ),
        "utf8-then-shiftjis": (
            ko.encode() + "東京の図書館は夜も開いている。".encode("shift_jis") * 10,
            "refuse",
        ),
        "utf8-with-utf16-chunk": (ko.encode() + ko.encode("utf-16-le") + ko.encode(), "either"),
        "alternating-lines": (
            b"".join(
                (line.encode() if k % 2 else line.encode("cp949")) + b"\n"
                for k, line in enumerate(ko.split("\n"))
            ),
            "refuse",
        ),
        "cp949-then-big5": (ko.encode("cp949") + "圖書館夜間開放".encode("big5") * 10, "either"),
        "latin1-article": (
            "Caf\u00e9 owners in Eastvale say the library brings night trade. ".encode("latin-1") * 30,
            "import",
        ),
        "latin1-french": (
            "La bibliothèque du port reste ouverte après la tombée de la nuit, a dit Noémie Ferrière.\n"
            "Les pêcheurs y viennent le soir ; « c'est notre deuxième maison », ajoute-t-elle.\n".encode(
                "latin-1"
            ),
            "import",
        ),
        "cp1252-german": (
            "Die Hafenbibliothek in Ostheim bleibt bis zehn Uhr geöffnet, sagte Jürgen Weiß.\n"
            "\u201eDie Fischer kommen abends\u201c, erklärt die Leiterin \u2013 und sie lesen gern.\n".encode(
                "cp1252"
            ),
            "import",
        ),
        "cp1252-smart-quotes": (
            ("\u201cPeople see the lit windows,\u201d he said \u2014 again. " * 30).encode("cp1252"),
            "import",
        ),
        "euc-kr-plain": (ko.encode("euc-kr"), "import"),
    }
    for name, (data, expect) in mixes.items():
        c.add(f"mixed/{name}.txt", data, expect)

    # --- big files and long lines ----------------------------------------------------------------
    if not c.small:
        c.add("big/fifty-megabytes.txt", _filler(50 * 1024 * 1024), "refuse")
        c.add("big/just-over-limit.txt", _filler(20 * 1024 * 1024 + 1), "refuse")
        c.add("big/sparse-huge.txt", _sparse(200 * 1024 * 1024), "refuse")
        c.add("big/many-lines-1mb.txt", (en_article() + "\n") * (1024 * 1024 // len(en_article())), "either")
    sentence_ko = "바닷가 마을 도서관이 밤에도 불을 켜 둔다고 주민들이 말했다 "
    sentence_en = "the harbor library keeps its lights on at night residents said "
    lines = {
        "korean-words.txt": sentence_ko,
        "english-words.txt": sentence_en,
        "no-spaces-hangul.txt": "가",
        "no-spaces-ascii.txt": "a",
        "dots.txt": ".",
        "brackets.txt": "[",
        "parens-equals.txt": "(서울=",
        "spaces-and-tabs.txt": "a \t  \t ",
        "byline-like.txt": "[파도신문 윤가람 기자] ",
        "copyright-like.txt": "저작권자 ⓒ 무단 전재 ",
        "date-like.txt": "입력 2025.03.14 10:21 ",
        "email-like.txt": "a.b-c@",
        "url-like.txt": "https://example.org/",
        "stars.md": "*a ",
        "underscores.md": "_",
        "backticks.md": "`",
        "link-brackets.md": "[a](",
        "korean-words.md": sentence_ko,
        "pipes.md": "| a ",
        "hashes.txt": "#",
    }
    for name, unit in lines.items():
        repeat = line_size // len(unit.encode())
        c.add(f"longline/{name}", unit * repeat + "\n", "either")
    c.add(
        "longline/one-paragraph.html",
        html_page("<p>" + sentence_en * (line_size // len(sentence_en)) + "</p>"),
        "either",
    )
    c.add(
        "longline/title-line-then-body.txt", sentence_ko * (line_size // 120) + "\n" + ko_article(), "either"
    )

    # --- HTML structure ----------------------------------------------------------------------------
    text = en_paragraphs()
    c.add("html/nested-divs.html", html_page("<div>" * nest + text + "</div>" * nest), "either")
    c.add("html/unclosed-divs.html", html_page("<div>" * nest + text), "either")
    c.add(
        "html/nested-bold.html",
        html_page("<p>" + "<b>" * nest + EN_BODY[1] + "</b>" * nest + "</p>" + text),
        "either",
    )
    c.add("html/nested-tables.html", html_page("<table><tr><td>" * (nest // 10) + text), "either")
    c.add("html/nested-lists.html", html_page("<ul><li>" * (nest // 2) + text), "either")
    c.add("html/nested-spans-unclosed.html", html_page("<p>" + "<span>" * nest + EN_BODY[2]), "either")
    c.add(
        "html/many-paragraphs.html",
        html_page("".join(f"<p>Line {k} of the notice.</p>" for k in range(nest))),
        "either",
    )
    c.add("html/many-br.html", html_page("<p>" + "<br>" * nest + EN_BODY[1] + "</p>" + text), "either")
    c.add("html/unclosed-comment.html", html_page(text + "<!-- " + "x" * 1000), "either")
    c.add("html/comment-bomb.html", html_page("<!--" * nest + text), "either")
    c.add("html/entities-bomb.html", html_page("<p>" + "&amp;" * nest + "</p>" + text), "either")
    c.add(
        "html/bad-numeric-entities.html",
        html_page("<p>&#0; &#xD800; &#x110000; &#65535; &#x202E;" + EN_BODY[1] + "</p>" + text),
        "import",
    )
    c.add("html/xml-entity-bomb.xhtml", _xml_bomb() + html_page(text + "<p>&lol9;</p>"), "either")
    c.add(
        "html/mismatched-tags.html",
        html_page("<p><b><i>" + EN_BODY[1] + "</p></b></i>" * 1000 + text),
        "either",
    )
    c.add("html/no-body-tag.html", "<title>" + EN_TITLE + "</title>" + text, "either")
    c.add(
        "html/cdata.html", html_page("<![CDATA[" + "<script>alert(1)</script>" * 10 + "]]>" + text), "either"
    )
    c.add(
        "html/frameset.html", "<html><frameset><frame src='javascript:alert(1)'></frameset></html>", "refuse"
    )
    c.add("html/null-in-tags.html", html_page(text).replace("<p>", "<p\x01>"), "either")
    c.add(
        "html/korean-cp949.html",
        html_page("".join(f"<p>{line}</p>" for line in KO_BODY), KO_TITLE)
        .replace("utf-8", "euc-kr")
        .encode("cp949"),
        "import",
    )
    c.add(
        "html/wrong-charset-declared.html",
        html_page("".join(f"<p>{line}</p>" for line in KO_BODY), KO_TITLE)
        .replace("utf-8", "shift_jis")
        .encode("utf-8"),
        "import",
    )

    # --- huge attributes -----------------------------------------------------------------------------
    huge = "A" * line_size
    c.add("attrs/huge-title-attr.html", html_page(f"<div title='{huge}'>{text}</div>"), "either")
    c.add(
        "attrs/huge-og-title.html",
        html_page(text, head=f"<meta property='og:title' content='{huge}'>"),
        "either",
    )
    c.add(
        "attrs/huge-og-title-spaces.html",
        html_page(text, head=f"<meta property='og:title' content='{sentence_en * (line_size // 64)}'>"),
        "either",
    )
    c.add("attrs/huge-title-element.html", html_page(text, title=sentence_en * (line_size // 64)), "either")
    c.add("attrs/huge-author.html", html_page(text, head=f"<meta name='author' content='{huge}'>"), "either")
    c.add("attrs/huge-date.html", html_page(text, head=f"<meta name='date' content='2025-{huge}'>"), "either")
    c.add(
        "attrs/huge-data-uri.html",
        html_page(
            f"<img src='data:image/png;base64,{base64.b64encode(os.urandom(line_size // 2)).decode()}'>"
            + text
        ),
        "either",
    )
    c.add(
        "attrs/huge-js-href.html", html_page(f"<a href='javascript:{'a' * line_size}'>x</a>" + text), "either"
    )
    c.add(
        "attrs/many-attributes.html",
        html_page("<div " + " ".join(f"a{k}='v'" for k in range(nest // 2)) + ">" + text + "</div>"),
        "either",
    )
    c.add("attrs/unbalanced-quote.html", html_page("<div title='" + text + "</div>" + text), "either")

    # --- active content: must never reach the reader -----------------------------------------------
    payloads = {
        "script-tag": "<script>alert('x')</script>",
        "script-src": "<script src='https://evil.example/x.js'></script>",
        "img-onerror": "<img src=x onerror=alert(1)>",
        "svg-onload": "<svg onload=alert(1)><circle r=1 /></svg>",
        "body-onload": "<div onmouseover='alert(1)'>hover</div>",
        "iframe-js": "<iframe src='javascript:alert(1)'></iframe>",
        "iframe-srcdoc": "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
        "object-data": "<object data='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='></object>",
        "embed": "<embed src='javascript:alert(1)'>",
        "form-action": "<form action='javascript:alert(1)'><input type=submit value=go></form>",
        "a-javascript": "<p>Read <a href='javascript:alert(1)'>the notice</a> today.</p>",
        "a-javascript-case": "<p>Read <a href='JaVaScRiPt:alert(1)'>the notice</a> today.</p>",
        "a-javascript-entity": "<p>Read <a href='java&#x09;script:alert(1)'>the notice</a> today.</p>",
        "a-javascript-encoded": "<p>Read <a href='&#106;&#97;vascript:alert(1)'>the notice</a> today.</p>",
        "a-data-html": "<p>Read <a href='data:text/html;base64,PHNjcmlwdD4='>the notice</a> today.</p>",
        "a-vbscript": "<p>Read <a href='vbscript:msgbox(1)'>the notice</a> today.</p>",
        "css-expression": "<p style='width: expression(alert(1))'>Styled line of the notice.</p>",
        "style-block": "<style>p { background: url(javascript:alert(1)); x: expression(alert(1)) }</style>",
        "link-stylesheet": "<link rel='stylesheet' href='javascript:alert(1)'>",
        "meta-refresh": "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'>",
        "base-href": "<base href='javascript:alert(1)//'>",
        "template": "<template><script>alert(1)</script></template>",
        "noscript": "<noscript><img src=x onerror=alert(1)></noscript>",
        "math-href": "<math><a xlink:href='javascript:alert(1)'>x</a></math>",
        "script-in-attr-text": "<p title='&lt;script&gt;alert(1)&lt;/script&gt;'>Titled notice line.</p>",
    }
    for name, payload in payloads.items():
        c.add(f"active/{name}.html", html_page(text + payload + "<p>" + EN_BODY[4] + "</p>"), "import")
        c.add(
            f"active/{name}-ko.html",
            html_page("".join(f"<p>{line}</p>" for line in KO_BODY) + payload, KO_TITLE),
            "import",
        )
    md_payloads = {
        "md-js-link": "Read [the notice](javascript:alert(1)) today.",
        "md-js-link-spaces": "Read [the notice]( javascript:alert(1) ) today.",
        "md-data-image": "![logo](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "md-data-link": "Read [the notice](data:text/html,<script>alert(1)</script>) today.",
        "md-ref-link": "Read [the notice][1] today.\n\n[1]: javascript:alert(1)",
        "md-autolink": "Read <javascript:alert(1)> today.",
        "md-raw-script": "<script>alert('x')</script>",
        "md-raw-img": "<img src=x onerror=alert(1)>",
        "md-raw-iframe": '<iframe src="javascript:alert(1)"></iframe>',
        "md-html-block": '<div onclick="alert(1)">\n\nclick\n\n</div>',
        "md-css": "<style>p { x: expression(alert(1)) }</style>",
        "md-link-title": 'Read [the notice](https://example.org "onmouseover=alert(1)") today.',
    }
    for name, payload in md_payloads.items():
        c.add(f"active/{name}.md", f"# {EN_TITLE}\n\n{EN_BODY[1]}\n\n{payload}\n\n{EN_BODY[2]}\n", "import")
    for name in ("md-raw-script", "md-raw-img", "md-js-link", "md-data-image"):
        c.add(
            f"active/{name}.txt", f"{KO_TITLE}\n{KO_BODY[1]}\n{md_payloads[name]}\n{KO_BODY[2]}\n", "import"
        )

    # --- NUL bytes, UTF-16/32 without BOM, control characters ----------------------------------------
    # A few NULs in text are damaged bytes, dropped (as many as damaged UTF-8 may have: 3, or one
    # per 2,000 characters); more mean binary data.
    ko_b = ko_article().encode()
    c.add("nul/nul-in-middle.txt", ko_b[:60] + b"\x00" + ko_b[60:], "import")
    c.add("nul/nul-at-end.txt", ko_b + b"\x00", "import")
    three = b"\x00".join(ko_b[k : k + 100] for k in range(0, 400, 100)) + ko_b[400:]
    c.add("nul/three-nuls.txt", three, "import")
    c.add("nul/nul-in-cp949.txt", ko_article(7).encode("cp949") + b"\x00", "import")
    spread = b"\x00".join(ko_b[k : k + 200] for k in range(0, len(ko_b), 200)) * 4
    c.add("nul/nuls-every-200-bytes.txt", spread, "refuse")
    c.add("nul/many-nuls.txt", ko_b + b"\x00" * 4096, "refuse")
    c.add("nul/nul-every-other.txt", b"".join(bytes([b, 0]) for b in en_article().encode()[:2000]), "either")
    c.add("nul/nul-in-html.html", html_page(text).replace("</h1>", "</h1>\x00"), "import")
    for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        c.add(f"utf16/{enc}-ko-no-bom.txt", ko_article().encode(enc), "either")
        c.add(f"utf16/{enc}-en-no-bom.txt", en_article().encode(enc), "either")
    c.add("utf16/utf-16-le-html-no-bom.html", html_page(text).encode("utf-16-le"), "either")
    controls = "".join(chr(k) for k in range(1, 32) if chr(k) not in "\n\r\t")
    c.add(
        "control/sprinkled-c0.txt",
        "".join(
            ch + (controls[k % len(controls)] if k % 25 == 0 else "") for k, ch in enumerate(ko_article())
        ),
        "either",
    )
    c.add(
        "control/ansi-escapes.txt",
        f"\x1b[31m{KO_TITLE}\x1b[0m\n\x1b]0;owned\x07" + "\n".join(KO_BODY),
        "import",
    )
    c.add("control/ansi-in-title.html", html_page(text, title="Harbor\x1b[2J\x1b[H library"), "import")
    c.add(
        "control/c1-controls.txt",
        "\u0085\u009b31m" + ko_article().replace("다.", "다.\u0090\u009c"),
        "either",
    )
    c.add("control/backspaces.txt", KO_TITLE + "\x08" * 50 + "\n" + "\n".join(KO_BODY), "either")
    c.add("control/form-feeds.txt", ko_article().replace("\n", "\x0c\n\x0b"), "import")
    c.add("control/del-chars.txt", ko_article().replace(" ", " \x7f"), "either")
    c.add("control/mostly-controls.txt", (controls * 200) + "글", "refuse")
    c.add("control/old-mac-cr.txt", ko_article().replace("\n", "\r"), "import")
    c.add(
        "control/mixed-newlines.txt", ko_article().replace("\n", "\r\n", 2).replace("\n", "\r", 2), "import"
    )
    c.add("control/line-separators.txt", ko_article().replace("\n", "\u2028"), "import")
    c.add("control/paragraph-separators.txt", en_article().replace("\n\n", "\u2029"), "import")

    # --- Unicode oddities ----------------------------------------------------------------------------
    c.add("unicode/rtl-override-title.txt", "\u202e" + KO_TITLE + "\n" + "\n".join(KO_BODY), "import")
    invisible = "\u200e\u200f\u2062\u180e\u00ad\u2066\u061c"
    spoofed = "".join(ch + invisible[k % len(invisible)] for k, ch in enumerate(EN_TITLE))
    c.add("unicode/invisible-in-title.txt", spoofed + "\n\n" + en_article(8), "import")
    # YAML escapes put a newline, a NUL and format characters into each field.
    front = (
        f'---\ntitle: "{EN_TITLE[:6]}\\u202e\\u200e\\n{EN_TITLE[6:]}"\nauthor: "Mira\\u00ad Castell\\x00"\n'
        f'source: "Eastvale\\u2062 Post"\n---\n\n'
    )
    c.add("unicode/invisible-in-front-matter.md", front + EN_BODY[1] + "\n", "import")
    c.add(
        "unicode/invisible-in-html-title.html",
        html_page(en_paragraphs(), title="Harbor\u202e town\u200f li\u00adbrary"),
        "import",
    )
    c.add("unicode/rtl-override-body.txt", ko_article().replace("도서관이", "도서관\u202e이\u202c"), "import")
    c.add("unicode/bidi-isolates.txt", en_article().replace("library", "\u2067library\u2069"), "import")
    c.add("unicode/rtl-everywhere.txt", "".join(ch + "\u202e" for ch in en_article()), "either")
    c.add(
        "unicode/zalgo.txt", "".join(ch + "\u0301\u0302\u0303" * 20 for ch in en_article()[:3000]), "either"
    )
    c.add("unicode/combining-flood.txt", EN_TITLE + "\n" + "a" + "\u0301" * (line_size // 2), "either")
    c.add("unicode/nfd-hangul.txt", __import__("unicodedata").normalize("NFD", ko_article()), "import")
    c.add("unicode/private-use.txt", ko_article().replace("도서관", "도서관\ue000\ue001\uefff"), "import")
    c.add("unicode/noncharacters.txt", ko_article().replace("마을", "마을\ufffe\uffff"), "either")
    c.add("unicode/emoji-zwj.txt", ko_article().replace("도서관", "도서관 👩‍👩‍👧‍👦🏳️‍🌈"), "import")
    c.add(
        "unicode/fullwidth.txt",
        "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in en_article()),
        "import",
    )
    c.add("unicode/mathematical-bold.txt", en_article().replace("library", "𝐥𝐢𝐛𝐫𝐚𝐫𝐲"), "import")
    c.add(
        "unicode/tag-characters.txt", en_article().replace("library", "library\U000e0041\U000e0042"), "import"
    )
    c.add("unicode/variation-selectors.txt", en_article().replace("a", "a\ufe0f"), "import")

    # --- boilerplate tails and other line floods ------------------------------------------------------
    heads = [f"▶ 바닷가 마을 소식 {k}번째 기사 제목" for k in range(tail_lines)]
    c.add("tails/related-10k.txt", ko_article(1) + "관련기사\n" + "\n".join(heads) + "\n", "import")
    c.add("tails/footer-then-10k.txt", ko_article(2) + "\n".join(h[2:] for h in heads) + "\n", "import")
    c.add(
        "tails/10k-short-lines.txt",
        ko_article(3).replace(KO_FOOTER, "") + "\n".join(h[2:] for h in heads),
        "import",
    )
    c.add(
        "tails/10k-image-links.md",
        f"# {KO_TITLE}\n\n"
        + "\n\n".join(KO_BODY)
        + "\n\n"
        + KO_FOOTER
        + "\n\n"
        + "\n".join(f"![사진 {k}](/news/photo/{k}.jpg)" for k in range(tail_lines)),
        "import",
    )
    c.add(
        "tails/10k-bylines.txt",
        ko_article(4) + "\n".join(f"윤가람 기자 {k}" for k in range(tail_lines)),
        "import",
    )
    c.add(
        "tails/10k-list-items.md",
        f"# {EN_TITLE}\n\n" + "\n".join(f"- item {k}" for k in range(tail_lines)),
        "import",
    )
    c.add(
        "tails/10k-headings.txt",
        "\n".join(f"짧은 소제목 {k}\n{KO_BODY[1]}" for k in range(tail_lines // 4)),
        "import",
    )
    c.add("tails/one-char-lines.txt", "\n".join("가" for _ in range(c.big(100_000, 5_000))), "either")
    c.add(
        "tails/million-newlines.txt",
        KO_TITLE + "\n" * c.big(1_000_000, 20_000) + "\n".join(KO_BODY),
        "import",
    )
    c.add("tails/10k-copyright-lines.txt", ko_article(5) + f"{KO_FOOTER}\n" * tail_lines, "import")
    c.add("tails/10k-dates.txt", ko_article(6) + "입력 2025.03.14 10:21\n" * tail_lines, "import")
    c.add("tails/10k-blank-paragraphs.md", f"# {EN_TITLE}\n\n" + "text\n\n" * tail_lines, "import")

    # --- Markdown and YAML ----------------------------------------------------------------------------
    c.add("markdown/nested-quotes.md", f"# {EN_TITLE}\n\n" + ">" * nest + " deep\n\n" + EN_BODY[1], "either")
    c.add("markdown/nested-quotes-spaced.md", f"# {EN_TITLE}\n\n" + "> " * (nest // 10) + "deep\n", "either")
    c.add(
        "markdown/nested-lists.md",
        f"# {EN_TITLE}\n\n" + "".join("  " * k + "- item\n" for k in range(c.big(2_000, 200))),
        "either",
    )
    c.add(
        "markdown/emphasis-bomb.md", f"# {EN_TITLE}\n\n" + "*a " * (nest // 2) + "\n\n" + EN_BODY[1], "either"
    )
    c.add("markdown/underscore-bomb.md", f"# {EN_TITLE}\n\n" + "_a_" * (nest // 2) + "\n", "either")
    c.add("markdown/bracket-bomb.md", f"# {EN_TITLE}\n\n" + "[" * nest + "x" + "](" * nest + "\n", "either")
    c.add("markdown/backtick-bomb.md", f"# {EN_TITLE}\n\n" + "`" * nest + "\n", "either")
    c.add("markdown/link-bomb.md", f"# {EN_TITLE}\n\n" + "[a](b" * (nest // 2) + "\n", "either")
    c.add(
        "markdown/wide-table.md",
        f"# {EN_TITLE}\n\n" + "|a" * (nest // 2) + "|\n" + "|-" * (nest // 2) + "|\n",
        "either",
    )
    c.add("markdown/long-table.md", f"# {EN_TITLE}\n\n|a|b|\n|-|-|\n" + "|x|y|\n" * (nest // 2), "either")
    c.add("markdown/hash-heading.md", "#" * 1000 + " title\n\n" + EN_BODY[1], "either")
    c.add("markdown/unclosed-fence.md", f"# {EN_TITLE}\n\n```\n" + en_article() * 20, "either")
    c.add("markdown/html-entities.md", f"# {EN_TITLE}\n\n" + "&#0;&#x110000;&lt;script&gt;" * 100, "either")
    c.add("markdown/yaml-billion-laughs.md", _yaml_bomb() + f"\n# {EN_TITLE}\n\n{EN_BODY[1]}\n", "either")
    c.add(
        "markdown/yaml-deep.md",
        "---\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n---\n\n" + EN_BODY[1],
        "either",
    )
    c.add(
        "markdown/yaml-python-tag.md",
        "---\ntitle: !!python/object/apply:os.system ['echo owned']\n---\n\n" + EN_BODY[1],
        "either",
    )
    c.add("markdown/yaml-huge.md", "---\ntitle: " + "x" * line_size + "\n---\n\n" + EN_BODY[1], "either")
    c.add("markdown/yaml-not-a-dict.md", "---\n- a\n- b\n---\n\n" + EN_BODY[1], "import")
    c.add("markdown/yaml-binary-title.md", "---\ntitle: !!binary aGVsbG8=\n---\n\n" + EN_BODY[1], "import")
    c.add(
        "markdown/yaml-date-objects.md",
        "---\ntitle: 2025-03-14\ndate: 2025-03-14 10:21:00\n---\n\n" + EN_BODY[1],
        "import",
    )
    unclosed = f"---\ntitle: never closed\n\n# {EN_TITLE}\n\n{EN_BODY[1]}\n"
    c.add("markdown/unclosed-front-matter.md", unclosed, "import")
    c.add(
        "markdown/unclosed-front-matter-then-rule.md",
        f"{unclosed}\n---\n\n{EN_BODY[2]}\n",
        "import",
    )
    c.add("markdown/setext-title.md", f"{EN_TITLE}\n{'=' * 20}\n\n{EN_BODY[1]}\n\n{EN_BODY[2]}\n", "import")
    c.add("markdown/setext-title-dashes.md", f"{EN_TITLE}\n{'-' * 20}\n\n{EN_BODY[2]}\n", "import")
    c.add("markdown/setext-title.txt", f"{KO_TITLE}\n{'=' * 20}\n" + "\n".join(KO_BODY), "import")

    # --- duplicates in other encodings (one import, the rest duplicates) ----------------------------
    for enc in ("utf-8", "utf-8-sig", "cp949", "utf-16"):
        c.add(f"dupes/same-article-{enc}.txt", ko_article(9).encode(enc), "import")

    # --- hostile file names --------------------------------------------------------------------------
    names = [
        "new\nline.txt",
        "tab\tname.txt",
        "rtl-\u202etxt.exe.txt",
        "esc-\x1b[31m.txt",
        "-dash.txt",
        "spaces   .txt",
        "x" * 200 + ".txt",
        "quote'\"`.txt",
        "colon:name.txt",
        "한글 파일 이름.txt",
    ]
    for k, name in enumerate(names):
        c.add(f"names/{name}", ko_article(10 + k), "import")
    if os.name == "posix" and sys.platform != "darwin":  # macOS file systems refuse invalid UTF-8 names
        c.add(os.fsdecode(b"names/cp949-\xb1\xe2\xbb\xe7.txt"), ko_article(30), "import")
        c.add(os.fsdecode(b"names/latin1-caf\xe9.txt"), en_article(31), "import")

    # --- symlinks, devices, FIFOs, folders with article names ------------------------------------------
    c.add("links/", _links, "either")


def _filler(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        line = ("바닷가 마을 도서관이 밤에도 불을 켜 둔다. " * 8 + "\n").encode()
        with path.open("wb") as f:
            left = size
            while left > 0:
                chunk = line * max(1, min(left, 1 << 20) // len(line))
                f.write(chunk[:left])
                left -= len(chunk[:left])

    return write


def _sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as f:
            f.write(ko_article().encode())
            f.truncate(size)

    return write


def _sqlite_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "x.sqlite"
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE t (x TEXT)")
        con.execute("INSERT INTO t VALUES (?)", (ko_article(),))
        con.commit()
        con.close()
        return db.read_bytes()


def _xml_bomb() -> str:
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{k} "{f"&lol{k - 1};" * 10}">' for k in range(1, 10)]
    return "<?xml version='1.0'?><!DOCTYPE html [" + "".join(ents) + "]>"


def _yaml_bomb() -> str:
    lines = ["---", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for k in range(1, 10):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]")
    lines += ["title: *a9", "author: *a9", "---"]
    return "\n".join(lines) + "\n"


def _links(folder: Path) -> None:
    """Symlink loops, dangling links, devices and a FIFO, in one folder (POSIX only)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(ko_article(40), encoding="utf-8")
    (folder / "sub").mkdir(exist_ok=True)
    (folder / "sub" / "inner.txt").write_text(en_article(41), encoding="utf-8")
    (folder / "folder.txt").mkdir(exist_ok=True)  # a folder with an article's name
    (folder / "folder.txt" / "in-folder.md").write_text(
        f"# {EN_TITLE} 42\n\n{EN_BODY[1]}\n", encoding="utf-8"
    )
    if os.name != "posix":
        return
    links = {
        "self": ".",
        "parent": "..",
        "sub/back": "..",
        "loop-a": "loop-b",
        "loop-b": "loop-a",
        "file-loop-a.txt": "file-loop-b.txt",
        "file-loop-b.txt": "file-loop-a.txt",
        "dangling.txt": "nowhere.txt",
        "self-file.txt": "self-file.txt",
        "zero.txt": "/dev/zero",
        "urandom.txt": "/dev/urandom",
        "null.txt": "/dev/null",
        "link-to-good.txt": "good.txt",
        "link-to-sub": "sub",
        "sub/link-up-to-good.txt": "../good.txt",
    }
    # Links that leave the folder: a folder import must not follow them (nothing under them may
    # be read). Those whose targets exist would import something if followed.
    outside = {
        "outside-passwd.txt": "/etc/passwd",
        "outside-script.txt": str(Path(__file__).resolve()),
        "sub/outside-samples": str(ROOT / "resources" / "samples"),
    }
    links.update({name: target for name, target in outside.items() if os.path.exists(target)})
    for name, target in links.items():
        try:
            (folder / name).symlink_to(target)
        except OSError:
            pass
    try:
        os.mkfifo(folder / "pipe.txt")
    except (OSError, AttributeError):
        pass


def make_corpus(out: Path, small: bool = False) -> dict[str, str]:
    """Write the corpus under `out`; return {relative path: expectation} (also expectations.json)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(small)
    build(corpus)
    entries = corpus.entries
    if small:  # two files of each category, and the links folder
        by_category: dict[str, list] = {}
        for entry in entries:
            by_category.setdefault(entry[0].split("/")[0], []).append(entry)
        entries = []
        for group in by_category.values():
            entries += [group[0]] if len(group) == 1 else [group[0], group[len(group) // 2]]
    expectations: dict[str, str] = {}
    for name, data, expect in entries:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            data(path)
        else:
            path.write_bytes(data)
        if not name.endswith("/"):
            expectations[name] = expect
    (out / "expectations.json").write_text(
        json.dumps(expectations, ensure_ascii=True, indent=1), encoding="utf-8"
    )
    return expectations


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write (created)")
    ap.add_argument("--small", action="store_true", help="about 40 small files, for tests")
    args = ap.parse_args(argv)
    expectations = make_corpus(args.out, args.small)
    files = sum(len(names) for _, _, names in os.walk(args.out)) - 1  # not expectations.json
    print(f"{len(expectations)} files written (+ links, a FIFO and folders: {files} entries) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
