"""The desktop entry and icons a user installs with `article-viewer --install-desktop` (freedesktop.org).

Pure Python (no Qt): it writes `applications/article-viewer.desktop` and the hicolor icons under
the user's data folder ($XDG_DATA_HOME, else ~/.local/share), each file atomically, and removes
them again with `--uninstall-desktop`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from viewer.core.resources import resource

ICON_NAME = "article-viewer"  # the icon's name in the theme, and the desktop file's
DESKTOP_FILE = f"{ICON_NAME}.desktop"
ICON_SIZES = (16, 32, 48, 64, 128, 256)  # PNG renders in resources/icons/ (scripts/build_icons.py)
MIME_TYPES = ("text/plain", "text/markdown", "text/html")
CATEGORIES = ("Office", "Viewer", "News")
# Characters that make an Exec argument need quotes, and those escaped inside them (the spec's lists).
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')


class DesktopError(Exception):
    """The desktop files could not be written or removed; the message is one line for the user."""


def png_name(size: int) -> str:
    """The file name of the icon rendered at `size` pixels, in resources/icons/."""
    return f"{ICON_NAME}-{size}.png"


def data_home() -> Path:
    """The user's data folder: $XDG_DATA_HOME when set to an absolute path, else ~/.local/share."""
    from platformdirs.unix import Unix

    return Unix().user_data_path


def launch_command(argv0: str | None = None) -> list[str]:
    """The command that starts this program: the `article-viewer` script that runs now, or Python."""
    script = Path(sys.argv[0] if argv0 is None else argv0)
    if script.name in ("article-viewer", "article-viewer.exe") and script.is_file():
        return [str(script.resolve())]
    if script.name == "main.py" and script.is_file() and (script.resolve().parent / "viewer").is_dir():
        return [sys.executable, str(script.resolve())]  # a checkout's main.py
    return [sys.executable, "-m", "viewer"]


def _exec_argument(arg: str) -> str:
    """One argument of an Exec key, quoted as the Desktop Entry spec asks (before string escaping)."""
    arg = arg.replace("%", "%%")
    if not arg or any(c in _RESERVED for c in arg):
        return '"' + "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in arg) + '"'
    return arg


def _string_value(text: str) -> str:
    """A value of type string: backslash and control characters escaped."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def exec_line(command: list[str]) -> str:
    """The Exec value: the command, then --open and the files the desktop hands over (%F)."""
    return " ".join(_exec_argument(a) for a in [*command, "--open"]) + " %F"


def desktop_entry(command: list[str] | None = None) -> str:
    """The text of article-viewer.desktop for `command` (default: the running program)."""
    command = command or launch_command()
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",  # the spec version followed (desktop-file-validate knows up to 1.4)
        "Name=Article Viewer",
        "GenericName=Article reader",
        "Comment=Read Korean and English news articles without the clutter, and keep notes beside them",
        f"Exec={_string_value(exec_line(command))}",
        f"TryExec={_string_value(command[0])}",
        f"Icon={ICON_NAME}",
        "Terminal=false",
        "StartupNotify=true",
        f"MimeType={';'.join(MIME_TYPES)};",
        f"Categories={';'.join(CATEGORIES)};",
        "Keywords=news;article;reader;highlight;notes;Korean;",
    ]
    return "\n".join(lines) + "\n"


def planned_files(data: Path | None = None) -> list[Path]:
    """Every file --install-desktop writes under the data folder, icons first and the entry last."""
    data = data_home() if data is None else data
    icons = data / "icons" / "hicolor"
    return ([icons / f"{n}x{n}" / "apps" / f"{ICON_NAME}.png" for n in ICON_SIZES]
            + [icons / "scalable" / "apps" / f"{ICON_NAME}.svg", data / "applications" / DESKTOP_FILE])


def _contents(command: list[str] | None) -> list[bytes]:
    """What planned_files() hold, in the same order."""
    return ([resource("icons", png_name(n)).read_bytes() for n in ICON_SIZES]
            + [resource("icons", f"{ICON_NAME}.svg").read_bytes(), desktop_entry(command).encode("utf-8")])


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def install(data: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the desktop entry and the icons; return the files written.

    Every file is first written beside its target under a temporary name, then all are renamed
    into place, so a failure leaves the earlier installation (or none) as it was.
    """
    targets = planned_files(data)
    try:
        contents = _contents(command)
    except OSError as exc:
        raise DesktopError(f"the icons are missing from the installed program: {_reason(exc)}") from exc
    staged: list[tuple[str, Path]] = []
    try:
        for target, data_bytes in zip(targets, contents, strict=True):
            staged.append((_stage(target, data_bytes), target))
        for temp, target in staged:
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise DesktopError(f"{target}: cannot be written: {_reason(exc)}") from exc
    finally:
        _discard(staged)  # the temporary files left over (none once all are in place)
    return targets


def _stage(target: Path, data: bytes) -> str:
    """Write `data` to a temporary file beside `target`; return its path."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except (FileExistsError, NotADirectoryError) as exc:
        raise DesktopError(f"{folder}: cannot be made: a file is in the way ({_reason(exc)})") from exc
    except OSError as exc:
        raise DesktopError(f"{folder}: cannot write there: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, 0o644)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise DesktopError(f"{target}: cannot be written: {_reason(exc)}") from exc
    return temp


def _discard(staged: list[tuple[str, Path]]) -> None:
    for temp, _target in staged:
        try:
            Path(temp).unlink(missing_ok=True)
        except OSError:
            pass


def uninstall(data: Path | None = None) -> list[Path]:
    """Remove what install() wrote; return the files removed (none if it was not installed)."""
    removed = []
    for target in reversed(planned_files(data)):  # the entry first, so no launcher shows a lost icon
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DesktopError(f"{target}: cannot be removed: {_reason(exc)}") from exc
        removed.append(target)
    return removed


def command_line(install_them: bool) -> int:
    """`--install-desktop` (True) or `--uninstall-desktop`: one line per file, or one error line and 1."""
    try:
        done = install() if install_them else uninstall()
    except DesktopError as exc:
        print(f"article-viewer: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    for path in done:
        print(f"{'wrote' if install_them else 'removed'} {path}")
    if not done:
        print(f"nothing to remove: no desktop entry of article-viewer under {data_home()}")
    return 0
