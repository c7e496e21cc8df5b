"""Render the main window in the light and dark themes to PNG files (for the README).

Usage: python scripts/screenshots.py [OUT_DIR]   (default: docs/screenshots)
Runs offscreen; needs a CJK font (Debian: fonts-noto-cjk) for Hangul to render.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from viewer.core.analysis import analyze_stale  # noqa: E402
from viewer.core.anchoring import make_selector  # noqa: E402
from viewer.core.ingest.samples import ensure_samples  # noqa: E402
from viewer.core.store.library import Library  # noqa: E402
from viewer.ui.app import create_window  # noqa: E402

ARTICLE = "세온반도체"  # the sample article shown


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        lib_path = Path(tmp) / "library.sqlite"
        with Library(lib_path) as lib:
            ensure_samples(lib)
            analyze_stale(lib)
            aid = next(s.id for s in lib.summaries() if ARTICLE in s.title)
            body = lib.get(aid).body
            lib.set_note(aid, "## 메모\n\n- 전력 효율 **40%** 개선 주장: 측정 조건 확인\n- 양산은 연내")
            quote = "전력 소모를 40%가량 줄인"
            if quote in body:
                lib.set_setting("last_article", str(aid))
            # tags, an archived article and one in the Trash, as a library in use has them
            others = [x.id for x in lib.summaries() if x.id != aid]
            lib.tag_articles([aid, others[0]], add=["반도체", "AI"])
            lib.tag_articles([aid, others[2]], add=["to-read"])
            lib.set_archived([others[3]])
            from viewer.core.store.trash import move_to_trash

            move_to_trash(lib, [others[-1]])
        for theme_name in ("light", "dark"):
            settings = QSettings(str(Path(tmp) / f"{theme_name}.ini"), QSettings.Format.IniFormat)
            settings.setValue("ui/theme", theme_name)
            window = create_window(lib_path, settings)
            window.resize(1360, 820)
            window.show()
            window.select_article(aid)
            app.processEvents()
            text = window.reader.plain_text()
            if quote in text and not window.library.highlights(aid):
                start = text.index(quote)
                window.library.add_highlight(aid, make_selector(text, start, start + len(quote)), "yellow",
                                             "핵심 수치")
                window.render_current()
            ranges = window.reader.entity_ranges()
            if ranges:
                window.open_entity(ranges[0][2])
                window.side_tabs.setCurrentWidget(window.notes)
            app.processEvents()
            path = out / f"window-{theme_name}.png"
            window.grab().save(str(path))
            print(path)
            if theme_name == "light":
                window.show_trash()
                app.processEvents()
                path = out / "window-trash.png"
                window.grab().save(str(path))
                print(path)
            window.close()
            window.library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
