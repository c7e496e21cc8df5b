"""The subcommands that keep a library: delete and the Trash, edit, tag, archive, clean again."""

from __future__ import annotations

import argparse
import logging
import sys

log = logging.getLogger("viewer.cli")


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def open_library(args: argparse.Namespace, write: bool = False):
    """The library of --library (or the default); a read command never makes one."""
    from viewer.core.store.library import Library, LibraryError

    try:
        lib = Library(getattr(args, "library", None), create=write)
    except LibraryError as exc:
        log.info("library not opened: %s", exc)
        print(f"article-viewer: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if write and lib.read_only:
        print(f"article-viewer: {lib.path}: cannot be changed: {lib.read_only_reason}", file=sys.stderr)
        lib.close()
        raise SystemExit(2)
    return lib


def refuse_missing(lib, ids: list[int], what: str = "nothing changed") -> bool:
    """True, after one line on stderr, when some of these articles are not in the library."""
    missing = [i for i in ids if lib.get(i) is None]
    if missing:
        print(f"article-viewer: no article {', '.join(f'#{i}' for i in missing)}; {what}", file=sys.stderr)
    return bool(missing)


def cmd_delete(args: argparse.Namespace) -> int:
    from viewer.core.store.trash import move_to_trash

    with open_library(args, write=True) as lib:
        if refuse_missing(lib, args.ids, "nothing deleted"):
            return 1
        n = move_to_trash(lib, args.ids)
    out(f"{n} moved to the Trash (undo: article-viewer restore)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from viewer.core.store.trash import last_batch, restore_from_trash, trash_entries

    with open_library(args, write=True) as lib:
        entries = trash_entries(lib)
        if args.all:
            chosen = [t.id for t in entries]
        elif args.ids:
            by_article = {t.article_id: t.id for t in reversed(entries)}  # the latest delete of an id
            unknown = [i for i in args.ids if i not in by_article]
            if unknown:
                print(f"article-viewer: not in the Trash: {', '.join(f'#{i}' for i in unknown)}",
                      file=sys.stderr)
                return 1
            chosen = [by_article[i] for i in args.ids]
        else:
            chosen = last_batch(lib)
        if not chosen:
            print("article-viewer: the Trash is empty", file=sys.stderr)
            return 1
        ids = restore_from_trash(lib, chosen)
    out(f"{len(ids)} restored: " + ", ".join(f"#{i}" for i in ids))
    return 0


def cmd_empty_trash(args: argparse.Namespace) -> int:
    from viewer.core.store.trash import empty_trash, trash_count

    with open_library(args, write=True) as lib:
        n = trash_count(lib)
        if n and not args.yes:
            if not sys.stdin.isatty():
                print("article-viewer: emptying the Trash cannot be undone: add --yes", file=sys.stderr)
                return 2
            answer = input(f"Delete {n} article(s) in the Trash for good? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                out("nothing deleted")
                return 1
        empty_trash(lib)
    out(f"{n} deleted for good")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    values = {k: getattr(args, k) for k in ("title", "source", "published", "url")
              if getattr(args, k) is not None}
    if args.author is not None:
        values["author"] = [a for a in args.author if a.strip()]
    if not values:
        print("article-viewer: nothing to change (give --title, --source, --author, --published or --url)",
              file=sys.stderr)
        return 2
    with open_library(args, write=True) as lib:
        try:
            changed = lib.edit_article(args.id, **values)
        except KeyError:
            print(f"article-viewer: no article #{args.id}", file=sys.stderr)
            return 1
        except ValueError as exc:
            print(f"article-viewer: {exc}; nothing changed", file=sys.stderr)
            return 2
    out(f"#{args.id}: " + (", ".join(changed) + " changed" if changed else "nothing changed"))
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    # "-name" reads as an option to argparse: main() hands such leftovers to `items` (in order
    # among themselves; which comes first does not matter, adds are applied before removals).
    args.ids = [int(x) for x in args.items if x.isdigit()]
    changes = [x for x in args.items if not x.isdigit()]
    add = [c[1:] for c in changes if c.startswith("+")]
    remove = [c[1:] for c in changes if c.startswith("-")]
    bad = [c for c in changes if not c.startswith(("+", "-"))]
    if bad:
        print(f"article-viewer: a tag change is +name or -name, not {bad[0]!r}", file=sys.stderr)
        return 2
    with open_library(args, write=bool(add or remove or args.rename)) as lib:
        try:
            if args.rename:
                n = lib.rename_tag(*args.rename)
                out(f"renamed on {n} article(s)")
                return 0
            if not args.ids:
                for name, count in lib.all_tags():
                    out(f"{count:>5}  {name}")
                return 0
            if refuse_missing(lib, args.ids):
                return 1
            if add or remove:
                lib.tag_articles(args.ids, add=add, remove=remove)
            for i in args.ids:
                out(f"#{i}: " + (" ".join(f"#{t}" for t in lib.tags_of(i)) or "(no tags)"))
        except KeyError as exc:
            print(f"article-viewer: no tag {exc}", file=sys.stderr)
            return 1
        except ValueError as exc:
            print(f"article-viewer: {exc}; nothing changed", file=sys.stderr)
            return 2
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    with open_library(args, write=True) as lib:
        if refuse_missing(lib, args.ids):
            return 1
        lib.set_archived(args.ids, not args.inbox)
    out(f"{len(args.ids)} moved to the {'Inbox' if args.inbox else 'Archive'}")
    return 0


def cmd_clean_again(args: argparse.Namespace) -> int:
    from viewer.core.ingest.reclean import clean_again

    with open_library(args, write=True) as lib:
        ids = args.ids or lib.article_ids()
        changed, problems = clean_again(lib, ids)
    for p in problems:
        print(f"article-viewer: {p}", file=sys.stderr)
    out(f"{changed} of {len(ids)} changed (names are found again when the window opens the library)")
    return 0


LIBRARY_COMMANDS = {
    "delete": cmd_delete,
    "restore": cmd_restore,
    "empty-trash": cmd_empty_trash,
    "edit": cmd_edit,
    "tag": cmd_tag,
    "archive": cmd_archive,
    "clean-again": cmd_clean_again,
}
