"""Command line: no arguments opens the window; subcommands work without one."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from viewer import __version__
from viewer.cli_library import LIBRARY_COMMANDS, open_library, out
from viewer.core.store import DatabaseError
from viewer.core.text.normalise import one_line

log = logging.getLogger("viewer.cli")

INSPECT_FIELDS = ("title", "source", "author", "published", "body", "removed", "entities", "url")
STDIN_ARG = "-"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="library file to use (default: library.sqlite in the user data folder)",
    )
    common.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log everything, also to the terminal (where the log file is: see the README)")
    parser = argparse.ArgumentParser(
        prog="article-viewer",
        description="A reader for Korean and English news articles. Without a command, opens the window.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument("--install-desktop", action="store_true",
                         help="add the app to the desktop's applications (article-viewer.desktop and its icon"
                              " under $XDG_DATA_HOME, default ~/.local/share), then exit")
    desktop.add_argument("--uninstall-desktop", action="store_true",
                         help="remove what --install-desktop added, then exit")
    parser.add_argument("--open", nargs="*", metavar="PATH",
                        help="import these files, then open the window (what the desktop entry runs)")

    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "inspect", parents=[common], help="clean files and print the result (never touches the library)"
    )
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a file, a web address (fetched), or - for standard input")
    p.add_argument("--json", action="store_true", help="one JSON object per file per line")
    p.add_argument("--no-clean", action="store_true", help="keep the body exactly as the file gives it")

    p = sub.add_parser("import", parents=[common],
                       help="import files, folders, web pages (a URL) or standard input (-)")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a file, a folder, an http(s) address, or - to read one article from standard input")
    p.add_argument("--json", action="store_true", help="one JSON object per file per line")

    p = sub.add_parser("search", parents=[common], help="search titles, bodies, notes and highlight notes")
    p.add_argument("query", nargs="+", help="words to find (Korean particles and English case do not matter)")
    p.add_argument("--json", action="store_true", help="one JSON object per hit per line")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")

    p = sub.add_parser("export", parents=[common], help="export articles, notes and highlights, or a backup")
    p.add_argument("--format", required=True, choices=("md", "vault", "digest", "json", "html", "pdf"),
                   help="md: a page per article; vault: pages plus entity pages and an index;"
                        " digest: all notes in one file; json: full backup; html/pdf: printable")
    p.add_argument("--out", required=True, metavar="PATH", help="folder (md, vault) or file to write")
    p.add_argument("--article", type=int, action="append", metavar="ID", help="only these articles")
    p.add_argument("--force", action="store_true", help="replace an existing export")
    p.add_argument("--notes-only", action="store_true",
                   help="notes and highlights without the article text (md, vault, digest, html, pdf)")

    p = sub.add_parser("list", parents=[common], help="list the library's articles")
    p.add_argument("--json", action="store_true", help="one JSON object per article per line")
    p.add_argument("--sort", choices=("imported", "published", "title", "source"), default="imported")
    p.add_argument("--tag", action="append", metavar="TAG", help="only articles with this tag (repeatable)")
    p.add_argument("--state", choices=("inbox", "archive"), help="only articles in the Inbox or the Archive")
    p.add_argument("--trash", action="store_true", help="list the Trash instead")

    p = sub.add_parser("delete", parents=[common],
                       help="move articles to the Trash (see restore, empty-trash)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")

    p = sub.add_parser("restore", parents=[common], help="bring articles back from the Trash")
    p.add_argument("ids", nargs="*", type=int, metavar="ID",
                   help="article ids as they were when deleted (see list --trash); none: the last delete")
    p.add_argument("--all", action="store_true", help="everything in the Trash")

    p = sub.add_parser("empty-trash", parents=[common], help="delete what is in the Trash for good")
    p.add_argument("--yes", action="store_true", help="do not ask")

    p = sub.add_parser("edit", parents=[common],
                       help="change an article's title, source, authors, date or address")
    p.add_argument("id", type=int)
    p.add_argument("--title")
    p.add_argument("--source", help="the outlet ('' clears it)")
    p.add_argument("--author", action="append", metavar="NAME",
                   help="an author (repeat for several; '' clears them)")
    p.add_argument("--published", metavar="DATE", help="YYYY-MM-DD or YYYY-MM-DD HH:MM ('' clears it)")
    p.add_argument("--url", help="the article's web address ('' clears it)")

    p = sub.add_parser("tag", parents=[common],
                       help="add (+name) or remove (-name) tags; no change: list them")
    p.add_argument("items", nargs="*", metavar="ID|+TAG|-TAG",
                   help="article ids, then +name to add a tag, -name to remove one (-- before a -name is"
                        " not needed)")
    p.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a tag on every article")

    p = sub.add_parser("archive", parents=[common],
                       help="move articles to the Archive (or back to the Inbox)")
    p.add_argument("ids", nargs="+", type=int, metavar="ID")
    p.add_argument("--inbox", action="store_true", help="back to the Inbox")

    p = sub.add_parser("clean-again", parents=[common],
                       help="clean stored articles again (edited fields and your restorations stay)")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="none: every article")

    p = sub.add_parser("show", parents=[common], help="print one stored article as Markdown")
    p.add_argument("id", type=int)

    p = sub.add_parser("note", parents=[common], help="show or change an article's note")
    p.add_argument("id", type=int)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--set", metavar="TEXT", help="replace the note")
    g.add_argument("--append", metavar="TEXT", help="add a paragraph to the note")
    g.add_argument("--show", action="store_true", help="print the note (the default)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        if args.command != "tag" or any(e.startswith("--") for e in extra):
            parser.parse_args(argv)  # the usual message for what is not understood
        args.items = list(args.items) + extra  # "-name": a tag to take off, not an option
    from viewer.logs import setup_logging

    setup_logging(getattr(args, "verbose", False))
    log.debug("article-viewer %s: %s", __version__, " ".join(sys.argv[1:] if argv is None else argv))
    library = getattr(args, "library", None)
    if args.install_desktop or args.uninstall_desktop:
        from viewer.desktop import command_line

        return command_line(install_them=args.install_desktop)
    if args.command is None:
        from viewer.ui.app import run

        # files the desktop hands over (--open %F) are imported by the window once it shows
        return run(library, open_paths=args.open or [])
    handler = {
        "inspect": cmd_inspect,
        "import": cmd_import,
        "search": cmd_search,
        "export": cmd_export,
        "list": cmd_list,
        "show": cmd_show,
        "note": cmd_note,
        **LIBRARY_COMMANDS,
    }[args.command]
    try:
        return handler(args)
    except BrokenPipeError:
        return 0
    except DatabaseError as exc:  # disk full, a locked or damaged library: one line, no traceback
        log.error("%s failed", args.command, exc_info=True)
        print(f"article-viewer: the library could not be used: {one_line(str(exc) or type(exc).__name__)}",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"article-viewer: {one_line(str(exc))}", file=sys.stderr)
        return 1


_out = out
_open_library = open_library


def _is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def inspect_record(path: Path | str, clean: bool = True) -> dict:
    """The `inspect --json` object for one file, web address or - (the contract outside tools read)."""
    from viewer.core.ingest.importers import read_document

    if str(path) == STDIN_ARG:
        from viewer.core.ingest.capture import STDIN, read_stream

        return inspect_document(read_stream(sys.stdin.buffer), STDIN, clean)
    if isinstance(path, str) and _is_url(path):
        from viewer.core.ingest.capture import fetch_document

        return inspect_document(fetch_document(path), path, clean)
    return inspect_document(read_document(Path(path)), str(path), clean)


def inspect_document(doc, name: str, clean: bool = True) -> dict:
    """The `inspect --json` object for a document read from `name`."""
    from viewer.core.entities import make_analyzer
    from viewer.core.ingest.importers import clean_document

    cleaned = clean_document(doc)
    body = cleaned.body if clean else (doc.raw if doc.fmt != "html" else doc.text)
    return {
        "title": cleaned.title,
        "source": cleaned.source,
        "author": cleaned.author,
        "published": cleaned.published,
        "body": body,
        "removed": [r.text for r in cleaned.removed] if clean else [],
        # offsets index title, the deck's lines joined by line breaks, and the body printed above
        # (as given, with --no-clean)
        "entities": [e.to_dict() for e in make_analyzer().analyze(cleaned.title, body,
                                                                   "\n".join(cleaned.deck))],
        "deck": cleaned.deck,
        "updated": cleaned.updated,  # the last update the page printed
        "title_derived": cleaned.title_derived,  # no line was a headline: made from the first sentence
        "path": name,
        "url": doc.url,
    }


def cmd_inspect(args: argparse.Namespace) -> int:
    from viewer.core.ingest.fetch import FetchFailed
    from viewer.core.model import ImportFailed

    status = 0
    for raw in args.paths:
        source = raw if raw == STDIN_ARG or _is_url(raw) else Path(raw)
        path = str(source)
        try:
            record = inspect_record(source, clean=not args.no_clean)
        except (ImportFailed, FetchFailed) as exc:
            status = 1
            print(f"article-viewer: {exc}", file=sys.stderr)
            if args.json:
                _out(json.dumps({"path": path, "error": str(exc)}, ensure_ascii=False))
            continue
        if args.json:
            _out(json.dumps(record, ensure_ascii=False))
        else:
            _out(f"# {record['title']}")
            for deck in record["deck"]:
                _out(f"> {deck}")
            meta = " · ".join(x for x in (record["source"], record["author"], record["published"]) if x)
            if meta:
                _out(f"_{meta}_")
            if record["url"]:
                _out(f"<{record['url']}>")
            _out("")
            _out(record["body"])
            if record["removed"]:
                _out("\n--- removed ---")
                for r in record["removed"]:
                    _out(f"- {r}")
            _out("")
    return status


def cmd_import(args: argparse.Namespace) -> int:
    with _open_library(args, write=True) as lib:
        def report(n: int, total: int, outcome) -> None:
            if args.json:
                _out(json.dumps(outcome.__dict__, ensure_ascii=False))
            elif outcome.status == "failed":
                _out(f"failed     {outcome.message}")
            else:
                _out(f"{outcome.status:<10} #{outcome.article_id} {outcome.title}  ({outcome.path})")

        from viewer.core.ingest.pipeline import import_files, restore_file
        from viewer.core.store.backup import is_backup_file

        paths, status, captured = [], 0, []
        for p in args.paths:
            if p == STDIN_ARG or _is_url(p):
                captured.append(_capture(lib, p))
                report(len(captured), len(captured), captured[-1])
                continue
            # A .json file is a backup or an error (never an article); so is a backup by another name.
            if Path(p).suffix.lower() == ".json" or (Path(p).is_file() and is_backup_file(p)):
                outcome = restore_file(lib, Path(p))
                if args.json:
                    _out(json.dumps(outcome.__dict__, ensure_ascii=False))
                elif outcome.status == "restored":
                    _out(outcome.message)
                else:
                    print(f"article-viewer: {outcome.message}", file=sys.stderr)
                status |= outcome.status != "restored"
            else:
                paths.append(p)
        outcomes = captured + (import_files(lib, paths, progress=report) if paths else [])
        if not paths:
            from viewer.core.store.search import ensure_index

            try:
                ensure_index(lib)  # for the articles a backup restored
            except DatabaseError as exc:
                print(f"article-viewer: the search index was not brought up to date ({exc});"
                      " it is the next time the library is opened", file=sys.stderr)
        missing = [p for p in args.paths if not (p == STDIN_ARG or _is_url(p) or Path(p).exists())]
        for p in missing:
            if not any(o.path == str(Path(p)) for o in outcomes):
                print(f"article-viewer: {p}: no such file or folder", file=sys.stderr)
        counts = {s: sum(o.status == s for o in outcomes) for s in ("added", "duplicate", "failed")}
        if not args.json and (paths or len(captured) > 1):
            _out(f"{counts['added']} added, {counts['duplicate']} duplicate, {counts['failed']} failed"
                 f" — library: {lib.path}")
        return 1 if status or counts["failed"] or (not outcomes and missing) else 0


def _capture(lib, arg: str):
    """Import standard input (-) or one web address; its outcome."""
    from viewer.core.ingest.capture import STDIN, import_document, import_url, read_stream
    from viewer.core.model import ImportFailed
    from viewer.core.store.library import ImportOutcome

    if arg != STDIN_ARG:
        return import_url(lib, arg)
    try:
        doc = read_stream(sys.stdin.buffer)
    except ImportFailed as exc:
        return ImportOutcome(STDIN, "failed", message=one_line(str(exc)))
    return import_document(lib, doc, STDIN)


def cmd_export(args: argparse.Namespace) -> int:
    from viewer.core.export import ExportError, export_library

    out = Path(args.out)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rexporting {done}/{total}", end="", file=sys.stderr, flush=True)

    with _open_library(args) as lib:
        try:
            if args.format == "pdf":
                from viewer.ui.pdf import export_pdf

                result = export_pdf(lib, out, args.article, args.force, progress, notes_only=args.notes_only)
            else:
                result = export_library(lib, args.format, out, args.article, args.force, progress,
                                        notes_only=args.notes_only)
        except ExportError as exc:
            print(f"article-viewer: {exc}", file=sys.stderr)
            return 1
    if sys.stderr.isatty():
        print(file=sys.stderr)
    _out(result.summary())
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from viewer.core.store.search import marked_snippet, search

    query = " ".join(args.query)
    with _open_library(args) as lib:
        hits = search(lib, query, limit=max(1, args.limit))
        for hit in hits:
            if args.json:
                _out(json.dumps(hit.to_dict(), ensure_ascii=False))
            else:
                _out(f"{hit.article_id:>5}  {hit.title}" + (f"  [{hit.source}]" if hit.source else ""))
                _out(f"       {marked_snippet(hit)}")
        if not hits and not args.json:
            print(f"article-viewer: nothing found for “{query}”", file=sys.stderr)
    return 0 if hits else 1


def cmd_list(args: argparse.Namespace) -> int:
    with _open_library(args) as lib:
        if args.trash:
            from viewer.core.store.trash import trash_entries

            for t in trash_entries(lib):
                if args.json:
                    _out(json.dumps(t.__dict__, ensure_ascii=False))
                else:
                    _out(f"{t.article_id:>5}  {t.title}  [deleted {t.deleted_at[:16].replace('T', ' ')}]")
            return 0
        keep = None
        if args.tag or args.state:
            from viewer.core.store.search import SearchFilters, filter_articles

            keep = set(filter_articles(lib, SearchFilters(tags=args.tag or [], state=args.state)))
        for s in lib.summaries(args.sort):
            if keep is not None and s.id not in keep:
                continue
            if args.json:
                _out(json.dumps({**s.__dict__, "state": "archive" if s.archived else "inbox"},
                                ensure_ascii=False))
            else:
                meta = " · ".join(x for x in (s.source, (s.published or "")[:10]) if x)
                tags = " ".join(f"#{t}" for t in s.tags)
                line = f"{s.id:>5}  {s.title}" + (f"  [{meta}]" if meta else "")
                _out(line + (f"  {tags}" if tags else ""))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _open_library(args) as lib:
        article = lib.get(args.id)
        if article is None:
            print(f"article-viewer: no article #{args.id}", file=sys.stderr)
            return 1
        _out(f"# {article.title}\n")
        _out(article.body)
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    with _open_library(args, write=args.set is not None or args.append is not None) as lib:
        if lib.get(args.id) is None:
            print(f"article-viewer: no article #{args.id}", file=sys.stderr)
            return 1
        if args.set is not None:
            lib.set_note(args.id, args.set)
        elif args.append is not None:
            lib.append_note(args.id, args.append)
        else:
            _out(lib.note(args.id))
    return 0
