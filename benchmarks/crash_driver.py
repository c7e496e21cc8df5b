"""Drive the real window like a user, logging every change, until something kills the process.

Usage: python benchmarks/crash_driver.py LIBRARY [--seed N] [--check]

Opens the main window (offscreen) on LIBRARY and keeps typing notes (Hangul through input-method
commits, as a Korean keyboard sends them), switching articles and making highlights. After each
keystroke it prints a JSON line with the time and the note as the editor shows it; after each
highlight, the highlight. With --check it only opens the window, shows an article and exits 0:
proof that the app starts normally.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from viewer.ui.app import create_window  # noqa: E402

WORDS = ["메모", "확인", "중요", "다시 읽기", "출처", "인용", "숫자 점검", "note", "check", "반도체", "금리"]


def log(**event) -> None:
    event["t"] = time.time()
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main() -> int:
    args = sys.argv[1:]
    library = Path(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 0
    rng = random.Random(seed)
    app = QApplication(sys.argv[:1])
    settings = QSettings(str(library) + ".ui.ini", QSettings.Format.IniFormat)
    window = create_window(library, settings, on_locked=lambda _who: "quit")
    window.show()
    ids = window.library.article_ids()
    if "--check" in args:
        window.select_article(ids[0])
        app.processEvents()
        ok = bool(window.reader.plain_text().strip())
        log(op="check", ok=ok)
        window.close()
        return 0 if ok else 1

    state = {"article": None, "pending": ""}

    def switch() -> None:
        article_id = rng.choice(ids)
        window.select_article(article_id)
        if window.current_id != article_id:
            window.show_article(article_id)
        state["article"] = article_id
        log(op="open", article=article_id, note=window.notes.text())

    def highlight() -> None:
        text = window.reader.plain_text()
        if len(text) < 50:
            return
        start = rng.randrange(0, len(text) - 20)
        window.reader.select_range(start, start + rng.randint(3, 15))
        selector = window.reader.selection_selector()
        hid = window.highlight_selection(rng.choice(["yellow", "green", "blue"]))
        if hid is not None and selector is not None:
            log(op="highlight", article=state["article"], id=hid, quote=selector.quote)

    def step() -> None:
        if state["article"] is None or rng.random() < 0.01:
            switch()
            return
        if rng.random() < 0.02:
            highlight()
            return
        if not state["pending"]:
            state["pending"] = rng.choice(WORDS) + " "
        ch, state["pending"] = state["pending"][0], state["pending"][1:]
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(window.notes.editor, event)
        log(op="typed", article=state["article"], note=window.notes.text())

    timer = QTimer(interval=15)
    timer.timeout.connect(step)
    timer.start()
    log(op="ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
