"""Render resources/icons/article-viewer.svg to the PNG sizes the app and the desktop use.

Usage: python scripts/build_icons.py [--check]
Writes resources/icons/article-viewer-<size>.png for each size in viewer.desktop.ICON_SIZES;
--check only says whether the PNGs are missing or out of date (exit 1 if so). Runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from viewer.desktop import ICON_NAME, ICON_SIZES, png_name  # noqa: E402

ICONS = ROOT / "resources" / "icons"


def render(svg: bytes, size: int) -> QImage:
    """The SVG drawn on a transparent square of `size` pixels."""
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError("the SVG could not be read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """The image as PNG data."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def same_picture(a: QImage, b: QImage, tolerance: int = 8) -> bool:
    """The two images show the same picture: same size, every channel within `tolerance`.

    Another Qt release antialiases edges a little differently and another zlib packs the PNG
    differently, so the bytes of a render are not stable; what it shows is.
    """
    if a.isNull() or a.size() != b.size():
        return False
    fmt = QImage.Format.Format_RGBA8888
    ca, cb = a.convertToFormat(fmt), b.convertToFormat(fmt)  # kept: their bits are read below
    pa, pb = bytes(ca.constBits()), bytes(cb.constBits())
    if len(pa) != len(pb):
        return False
    return max((abs(x - y) for x, y in zip(pa, pb, strict=True)), default=0) <= tolerance


def main() -> int:
    """Write (or, with --check, compare) every PNG render; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report PNGs that are missing or stale")
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841 (QImage text needs one)
    svg = (ICONS / f"{ICON_NAME}.svg").read_bytes()
    stale = 0
    for size in ICON_SIZES:
        path = ICONS / png_name(size)
        image = render(svg, size)
        data = png_bytes(image)
        if path.is_file() and (path.read_bytes() == data or same_picture(QImage(str(path)), image)):
            continue
        stale += 1
        if args.check:
            print(f"{path.relative_to(ROOT)}: {'out of date' if path.exists() else 'missing'}")
        else:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({size}×{size})")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
