"""Reading article files (.txt, .md, .html) into documents, and cleaning them."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import yaml

from viewer.core.model import CleanedArticle, ImportedDocument, ImportFailed
from viewer.core.text.cleaning import clean_paste
from viewer.core.text.decoding import decode_bytes, read_text_file
from viewer.core.text.normalise import normalize_text
from viewer.core.text.shapes import TITLE_SEPARATOR
from viewer.core.text.urls import site_of, web_address

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
FRONT_MATTER_MAX = 64 * 1024  # larger front matter is dropped unread: a YAML parser is slow
META_VALUE_MAX = 1000
MAX_HTML_ELEMENTS = 50_000  # the extractor needs minutes for pages with many more
_ELEMENT = re.compile(r"<[A-Za-z]")
# Numeric character references to code points XML cannot hold: the extractor drops the whole
# page over one of them.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,10}));?")
_NOT_XML = re.compile(r"[\ufffe\uffff\ud800-\udfff]")
_META_KEYS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline", "writer"),
    "source": ("source", "publisher", "site", "outlet", "site_name"),
    "published": ("published", "date", "pubdate", "published_at", "created"),
}
_URL_KEYS = ("url", "source", "link", "canonical", "canonical_url", "original_url", "source_url", "href")


def format_for(path: Path) -> str:
    """The importer for a file name: 'txt', 'md' or 'html'."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "md"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "txt"


def read_document(path: Path) -> ImportedDocument:
    """Read and decode one file; raise ImportFailed with a one-line reason if it cannot be."""
    path = Path(path)
    if path.is_dir():
        raise ImportFailed(f"{path}: is a folder")
    text, encoding = read_text_file(path)
    return parse_document(text, format_for(path), path=storable_path(path), encoding=encoding)


def storable_path(path: Path) -> Path:
    """The path, with bytes of a name that is not UTF-8 decoded so it can be stored and shown.

    Such names (from old archives, usually CP949) reach Python as lone surrogates, which SQLite
    and terminals refuse. The result is for display; it may not open the file.
    """
    name = str(path)
    try:
        name.encode("utf-8")
        return path
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return Path(raw.decode("cp949"))
    except UnicodeDecodeError:
        return Path(raw.decode("utf-8", errors="backslashreplace"))


def parse_document(
    text: str, fmt: str, *, path: Path | None = None, encoding: str = "utf-8",
    base_url: str | None = None, fragment: bool = False, name: str | None = None,
) -> ImportedDocument:
    """Turn decoded text of a given format into a document ready for cleaning.

    `base_url` is where the text came from (a fetched page's final address, a clipboard's
    source): relative links resolve against it, and it is the article's address unless the
    page names its canonical one. `fragment`: HTML that is a selection, not a whole page.
    """
    name = name or (str(path) if path else "text")
    base_url = web_address(base_url)
    raw, text = text, normalize_text(text)
    if not text.strip():
        raise ImportFailed(f"{name}: the file is empty" if path else f"{name}: there is no text")
    if fmt == "md":
        meta, body = split_front_matter(text)
        url = meta.pop("url", None) or base_url
        return ImportedDocument("md", raw, body, path, encoding, meta, url=url)
    if fmt == "html":
        return _parse_html(raw, text, path, encoding, base_url, fragment, name)
    return ImportedDocument("txt", raw, text, path, encoding, {}, url=base_url)


def parse_bytes(data: bytes, fmt: str, name: str = "pasted text") -> ImportedDocument:
    text, encoding = decode_bytes(data, name)
    return parse_document(text, fmt, path=None, encoding=encoding)


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter of a Markdown file as metadata hints, and the rest."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text[_unclosed_front_matter(text):]
    # Whatever the block holds, it is not article text; only a readable mapping gives metadata.
    block = m.group(1) or ""  # "---" right under "---": an empty block
    data = None
    if len(block) <= FRONT_MATTER_MAX:
        try:
            data = yaml.safe_load(block)
        except (yaml.YAMLError, RecursionError, ValueError):
            data = None
        if not isinstance(data, dict) and _holds_article(block):
            # Front matter never closed (or a rule at the top), and a --- (a rule) further down
            # taken for its end: at most the block up to the first blank line is front matter.
            return {}, text[_unclosed_front_matter(text):]
    if not isinstance(data, dict):
        return {}, text[m.end():]
    meta: dict = {}
    lowered = {k.lower(): v for k, v in data.items() if isinstance(k, str)}
    for key in _URL_KEYS:  # a web clipper's `source: https://…` is the address, not the outlet
        url = web_address(_meta_text(lowered.get(key)))
        if url:
            meta["url"] = url
            lowered = {k: v for k, v in lowered.items() if k != key}
            break
    for field, keys in _META_KEYS.items():
        for key in keys:
            value = _meta_text(lowered.get(key))
            if value and not (field == "source" and web_address(value)):
                meta[field] = value
                break
    if meta.get("author") and meta.get("title"):
        parts = TITLE_SEPARATOR.split(meta["title"])
        if len(parts) > 1 and parts[-1].strip().casefold() == meta["author"].casefold():
            del meta["author"]  # `… — Kernel & Kettle` by `Kernel & Kettle`: the site, not its writer
    if "published" in meta:
        meta["published"] = meta["published"].replace(" ", "T", 1) if re.match(
            r"^\d{4}-\d{2}-\d{2} \d", meta["published"]) else meta["published"]
    return meta, text[m.end():]


_FRONT_MATTER_START = re.compile(r"---[ \t]*\n[ \t]*[A-Za-z_][\w .-]{0,100}:(?:[ \t]|\n|\Z)")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|\Z)")


# A line YAML front matter may hold: blank, a comment, a list item, a `key:`, or indented.
_YAML_LINE = re.compile(r"[ \t]*(?:$|#|-(?:[ \t]|$)|[\"']?[\w .-]{1,100}[\"']?:(?:[ \t]|$))|[ \t]+\S")


_BLANK_IN_BLOCK = re.compile(r"(?:^|\n)[ \t]*\n")


def _holds_article(block: str) -> bool:
    """Whether a block taken for front matter is paragraphs, some of them not YAML at all."""
    if not _BLANK_IN_BLOCK.search(block):
        return False
    return any(not _YAML_LINE.match(line) for line in block.split("\n"))


def starts_with_front_matter(text: str) -> bool:
    """Whether (normalised) text opens with YAML front matter: --- and a `key:` line."""
    return bool(_FRONT_MATTER_START.match(text))


def _unclosed_front_matter(text: str) -> int:
    """Where the article starts after front matter that has no closing line: its first blank
    line, if the text opens with --- and a `key:` line; else 0 (a --- alone is a rule).
    """
    if not starts_with_front_matter(text):
        return 0
    blank = _BLANK_LINE.search(text)
    return blank.end() if blank else len(text)


def _meta_text(value: object) -> str | None:
    """A front-matter value as metadata text: a scalar, or a list of scalars; nothing nested.

    Nested values are skipped, not printed: YAML aliases make a few lines expand to billions.
    """
    if isinstance(value, list):
        items = [_meta_text(v) for v in value[:50] if not isinstance(v, list | dict)]
        value = ", ".join(v for v in items if v)
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        return None
    text = _WIKILINK.sub(r"\1", str(value)).strip()  # a clipper's `[[Kernel & Kettle]]`
    return text if text and len(text) <= META_VALUE_MAX else None


_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")


def _xml_safe(html: str) -> str:
    """The page without characters (literal or as references) that XML cannot represent."""

    def ref(m: re.Match[str]) -> str:
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        bad = (code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF)
               or (code < 0x20 and code not in (0x9, 0xA, 0xD)))
        return "" if bad else m.group(0)

    return _NOT_XML.sub("", _CHAR_REF.sub(ref, html))


def _parse_html(raw: str, text: str, path: Path | None, encoding: str, base_url: str | None = None,
                fragment: bool = False, name: str | None = None) -> ImportedDocument:
    import trafilatura  # slow to import; only HTML needs it

    from viewer.core.ingest.clipboard import fragment_markdown, saved_from_url

    name = name or (str(path) if path else "HTML")
    elements = len(_ELEMENT.findall(text))
    if elements > MAX_HTML_ELEMENTS:
        raise ImportFailed(
            f"{name}: too many HTML elements ({elements:,}; the limit is {MAX_HTML_ELEMENTS:,})")
    text = _xml_safe(text)
    base_url = base_url or saved_from_url(text)
    try:
        extracted = trafilatura.extract(
            text,
            output_format="markdown",
            include_formatting=True,
            include_links=False,
            include_images=False,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
        )
        metadata = trafilatura.extract_metadata(text)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise ImportFailed(f"{name}: the HTML could not be read ({type(exc).__name__})") from None
    if fragment:
        # The extractor looks for the main part of a whole page and may drop a short selection
        # or its headline; a fragment is all content the user chose, converted as it is.
        own = fragment_markdown(text)
        if len((extracted or "").split()) < 0.8 * len(own.split()) or _lost_heading(own, extracted):
            extracted = own
        # A selection that opens with a heading opens with its headline, whatever its level.
        extracted = _FIRST_SUBHEADING.sub("# ", extracted or "", count=1)
    if not extracted or not extracted.strip():
        raise ImportFailed(f"{name}: no article text was found in this HTML page")
    # trafilatura escapes brackets; bylines like [누리일보 한서연 기자] must be seen as written.
    extracted = extracted.replace("\\[", "[").replace("\\]", "]")
    meta: dict = {}
    if metadata is not None:
        for field, attr in (("title", "title"), ("author", "author"), ("source", "sitename"),
                            ("published", "date")):
            value = getattr(metadata, attr, None)
            if value:
                meta[field] = str(value).strip()
        if fragment and not _PAGE_TITLE.search(text):
            meta.pop("title", None)  # a guess from the selection, not the page's own title
        if not meta.get("source") or _DOMAIN.match(meta.get("source", "")):
            # No og:site_name: the extractor fell back to the host name. The page's <title>
            # usually ends with the outlet's name ("Headline - Outlet").
            outlet = _title_outlet(text, meta.get("title")) or _copyright_outlet(text)
            if outlet:
                meta["source"] = outlet
    headline = _page_headline(text, meta.get("title"))
    if headline:
        meta["title"] = headline  # the headline the page shows, not its shorter social title
    page_title = _TITLE_TAG.search(text[:100_000])
    if page_title:
        import html as htmllib

        shown = " ".join(htmllib.unescape(page_title.group(1)).split())
        if shown and len(shown) <= 400:
            meta["page_title"] = shown  # the headline is often only here (and in an <h2>)
    # The extractor's date is a guess from anywhere in the page (a year in the text becomes 1
    # January): the cleaner takes it only where the page prints no date line of its own. A date
    # in the page's metadata tags is the page's word, with its time.
    guess = meta.pop("published", None)
    printed = published_time(text)
    if printed:
        meta["published"] = printed
    else:
        # The page's own publication line (`입력 2025-06-02 06:00`), where the extractor left
        # it out of the text, beats the extractor's guess.
        weak = labelled_date(text) or guess
        if weak:
            meta["published_guess"] = weak
    url = canonical_url(text, base_url) or base_url
    return ImportedDocument("html", raw, normalize_text(extracted), path, encoding, meta, url=url)


_PUBLISHED_META = ("article:published_time", "og:article:published_time", "pubdate", "publishdate",
                   "datepublished", "dc.date.issued", "sailthru.date", "parsely-pub-date")
_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


_TEXT_NODE = re.compile(r">([^<>]{6,160})<")


def labelled_date(html: str) -> str | None:
    """The first publication date a page prints labelled so (`입력 …`, `Published …`), in any
    element of its text; None if it prints none."""
    import html as htmllib

    from viewer.core.text.dates import LABELLED, date_line

    for m in _TEXT_NODE.finditer(html[:300_000]):
        found = date_line(" ".join(htmllib.unescape(m.group(1)).split()))
        for kind, iso in found or ():
            if kind == LABELLED:
                return iso
    return None


def published_time(html: str) -> str | None:
    """The publication time a page's metadata gives (meta tags, JSON-LD), as printed: ISO 8601
    in the page's own time, None if it gives none."""
    import html as htmllib

    from viewer.core.text.dates import parse_date

    head = html[:300_000]
    for m in _TAG.finditer(head):
        if m.group(1).lower() != "meta":
            continue
        attrs = {a.lower(): htmllib.unescape(v1 or v2 or v3) for a, v1, v2, v3 in _ATTR.findall(m.group(2))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _PUBLISHED_META and attrs.get("content"):
            found = parse_date(attrs["content"])
            if found:
                return found
    m = _JSON_LD_PUBLISHED.search(head)
    return parse_date(m.group(1)) if m else None


_PAGE_TITLE = re.compile(r"<title\b|og:title", re.I)
_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


_FIRST_SUBHEADING = re.compile(r"\A\s*#{2,6} ")
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.I)
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title>", re.I | re.S)


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]+>")


def _page_headline(html: str, title: str | None) -> str | None:
    """The page's one <h1> where it says more than the metadata's title and begins like it (`Ice
    storm leaves 18,000 without power; some outages could last until weekend` over the og:title
    `Ice storm leaves 18,000 without power`); None otherwise."""
    import html as htmllib

    if not title:
        return None
    found = _H1.findall(html[:300_000])
    if len(found) != 1:
        return None  # a logo in one <h1>, the headline in another: no telling
    h1 = " ".join(htmllib.unescape(_ANY_TAG.sub(" ", found[0])).split())
    if not 10 <= len(h1) <= 300 or len(h1) <= len(title):
        return None
    head = _words(title)
    return h1 if head and _words(h1)[:len(head)] == head else None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


_COPYRIGHT_OWNER = re.compile(
    r"(?:©|ⓒ|\(c\)|Copyright)\s*(?:©|ⓒ)?\s*(?:(?:19|20)\d\d\s*)?([가-힣A-Za-z][가-힣A-Za-z0-9&' ]{1,24}?)"
    r"\s*(?:[,.|]|무단|All\s+rights|$)", re.I)


def _copyright_outlet(html: str) -> str | None:
    """The owner a page's copyright line names (`Copyright © 2025 볕살에너지신문 All rights reserved.`),
    read from the raw page where the extractor dropped its footer; None if it names none."""
    import html as htmllib

    for m in _TEXT_NODE.finditer(html[-200_000:]):
        owner = _COPYRIGHT_OWNER.search(htmllib.unescape(m.group(1)))
        if owner and owner.group(1).strip():
            return owner.group(1).strip()
    return None


def _title_outlet(html: str, headline: str | None) -> str | None:
    """The outlet named after the headline in a page's <title>, if it is short and not the headline."""
    import html as htmllib

    m = _TITLE_TAG.search(html[:100_000])
    if not m:
        return None
    parts = TITLE_SEPARATOR.split(" ".join(htmllib.unescape(m.group(1)).split()))
    if len(parts) < 2:
        return None
    # "Headline - Outlet" mostly; "Outlet : Headline" too: the outlet is the short end.
    for outlet in (parts[-1].strip(), parts[0].strip()):
        # (inside the headline it is no outlet, unless the "headline" is the logo: `로앤뜰LAW&DDEUL`)
        logo = headline is not None and headline.startswith(outlet) and len(headline) <= 30
        if outlet and len(outlet) <= 30 and not (headline and outlet in headline and outlet != headline
                                                 and not logo):
            if len(outlet) * 2 <= len(" ".join(parts)):
                return outlet
    return None


def canonical_url(html: str, base: str | None = None) -> str | None:
    """The address a page gives for itself: <link rel=canonical>, else og:url (made absolute
    against `base`); None if it gives none that is an http(s) address."""
    import html as htmllib

    found: dict[str, str] = {}
    for m in _TAG.finditer(html[:300_000]):
        attrs = {a.lower(): htmllib.unescape(v1 or v2 or v3)
                 for a, v1, v2, v3 in _ATTR.findall(m.group(2))}
        if m.group(1).lower() == "link" and "canonical" in attrs.get("rel", "").lower().split():
            found.setdefault("canonical", attrs.get("href", ""))
        elif attrs.get("property", attrs.get("name", "")).lower() == "og:url":
            found.setdefault("og", attrs.get("content", ""))
    for key in ("canonical", "og"):
        url = web_address(found.get(key), base)
        if url:
            return url
    return None


def _lost_heading(own: str, extracted: str | None) -> bool:
    """Whether the extractor dropped the fragment's first heading (the headline, usually)."""
    first = next((ln for ln in own.split("\n") if ln.strip()), "")
    if not first.startswith("#"):
        return False
    heading = first.lstrip("#").strip()
    return bool(heading) and heading not in (extracted or "")


def clean_document(doc: ImportedDocument) -> CleanedArticle:
    """Clean a document with the rules for its format."""
    cleaned = clean_paste(doc.text, hints=doc.meta, markdown_input=doc.fmt in ("md", "html"))
    if not cleaned.source and doc.url:
        cleaned.source = site_of(doc.url)  # no name on the page: the site it came from
    return cleaned


def iter_article_files(paths: list[Path]) -> Iterator[Path]:
    """The files to import: given files as they are, folders searched recursively (no loops).

    Inside a folder, a symbolic link (to a file or a folder) is followed only if its target lies
    in that folder too: a link to /etc/passwd or to the home folder is not part of what was
    chosen. A link given itself is read wherever it points.
    """
    seen: set[tuple[int, int]] = set()
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            yield path
            continue
        base = os.path.normcase(os.path.realpath(path))
        for root, dirs, files in os.walk(path, followlinks=True):
            try:
                st = os.stat(root)
            except OSError:
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and _stays_in(os.path.join(root, d), base))
            for name in sorted(files):
                p = Path(root) / name
                if (not name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES
                        and _stays_in(str(p), base)):
                    yield p


def _stays_in(path: str, base: str) -> bool:
    """Whether an entry found under the folder `base` (a resolved path) leads to a place in it."""
    if not os.path.islink(path):
        return True  # its folder was checked when the walk went in
    # realpath does not raise on a loop or a dangling link; those stay in and fail when read.
    target = os.path.normcase(os.path.realpath(path))
    return target == base or target.startswith(base.rstrip(os.sep) + os.sep)
