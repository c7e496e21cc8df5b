"""Names in the reading pane: the entity panel, corrections, analysis in the background, the context menu."""

from __future__ import annotations

import unicodedata

from PySide6.QtWidgets import (
    QMenu,
    QMessageBox,
)

from viewer.core.analysis import analyze_articles, analyze_stale, correct_entity
from viewer.core.model import ENTITY_LABELS, ENTITY_TYPES
from viewer.core.palette import HIGHLIGHT_COLORS
from viewer.core.store import DatabaseError
from viewer.core.store.annotations import restored_paragraphs
from viewer.core.store.library import Library
from viewer.ui.tasks import NAMES, Task


class EntityActions:
    """Part of MainWindow (viewer/ui/main_window/window.py): the entities methods."""

    def open_entity(self, entity_id: int, entity_type: str | None = None,
                    canonical: str | None = None) -> bool:
        """Show the entity panel for a name clicked in the article, or (given its type and name) for
        one a note's [[link]] names; False if there is nothing to show."""
        mention = next((m for m in self.mentions if m.entity_id == entity_id), None)
        if mention is not None:
            entity_type, canonical, surface = mention.type, mention.canonical, mention.text
        elif entity_type is None or canonical is None:
            return False
        else:
            surface = canonical
        ranges = [(s, e) for s, e, _eid, _c in self.reader.entity_ranges(entity_id)]
        text = self.reader.plain_text()
        other_ids = [aid for aid in self.library.articles_mentioning(entity_id) if aid != self.current_id]
        titles = self.library.titles(other_ids[:500])
        others = [(aid, titles[aid]) for aid in other_ids[:500] if aid in titles]
        self.entity_panel.show_entity(entity_id, entity_type, canonical, surface,
                                      self.library.entity_aliases(entity_id), ranges, text, others,
                                      self.dark)
        if self.side_tabs.indexOf(self.entity_panel) < 0:
            self.side_tabs.addTab(self.entity_panel, "Entity")
        self.side_tabs.setCurrentWidget(self.entity_panel)
        return True

    def wikilink_target(self, name: str) -> tuple[str, object] | None:
        """What a note's [[name]] stands for: ("entity", EntityStat) for an entity of that name
        (or alias), else ("article", id) for an article with that title, else None."""
        from viewer.core.store.search import entity_index

        key = _key(name)
        if not key:
            return None
        try:
            stats = entity_index(self.library, None, key)
            for st in stats:
                if _key(st.canonical) == key:
                    return "entity", st
            for st in stats[:50]:
                if any(_key(a) == key for a in self.library.entity_aliases(st.entity_id)):
                    return "entity", st
        except DatabaseError:
            pass  # (a busy library: the name is looked for among the titles still)
        found = next((s.id for s in self.model.summaries() if _key(s.title) == key), None)
        return ("article", found) if found is not None else None

    def open_wikilink(self, name: str) -> None:
        """A [[name]] clicked in a note's preview: its entity's panel, or the article of that title."""
        target = self.wikilink_target(name)
        if target is None:
            self.status_label.setText(f"Nothing in the library is called “{name}”.")
        elif target[0] == "entity":
            st = target[1]
            self.open_entity(st.entity_id, st.type, st.canonical)
        else:
            self.select_article(target[1])
            if self.current_id != target[1]:
                self.show_article(target[1])

    def correct_entity(self, surface: str, entity_type: str | None) -> Task:
        """Retype (or, with None, un-mark) a name everywhere in the library, in the background."""
        if not self._check_writable():
            return None
        self.status_label.setText(f"Updating “{surface}” across the library…")
        task = self.runner.library_op("correct", self.library.path,
                                      lambda lib, _task: correct_entity(lib, surface, entity_type),
                                      changes=NAMES)
        task.failed.connect(lambda msg: QMessageBox.warning(self, "Correction failed", msg))
        return task

    def reanalyze(self, article_ids: list[int]) -> Task:
        return self.runner.library_op(
            "analyze", self.library.path,
            lambda lib, task: analyze_articles(lib, article_ids, cancelled=task.is_cancelled),
            changes=NAMES)

    def analyze_pending(self) -> Task | None:
        """Analyse articles stored by an older analyser (or none yet), in the background."""
        from viewer.core.entities import ANALYZER_VERSION

        if not self.writable or not self.library.articles_needing_analysis(ANALYZER_VERSION):
            return None
        running = getattr(self, "_analysis_task", None)
        if running is not None and running.running:
            self._analyze_again = True  # one analysis at a time; it runs again when this one ends
            return running

        def work(lib: Library, task: Task) -> None:
            from viewer.core.store.search import ensure_index

            analyze_stale(lib, progress=lambda n, total: task.report(n, total, None),
                          cancelled=task.is_cancelled)
            ensure_index(lib, cancelled=task.is_cancelled)

        task = self.runner.library_op("analyze", self.library.path, work, changes=NAMES)
        task.progress.connect(self._on_analysis_progress)
        self._analysis_task, self._analyze_again = task, False
        task.done.connect(self._after_analysis)
        return task

    def _after_analysis(self) -> None:
        self._analysis_task = None
        if self._analyze_again:
            self.analyze_pending()

    def _on_analysis_progress(self, n: int, total: int, _detail) -> None:
        self.status_label.setText(f"Finding names: {n}/{total} articles")

    def after_names_changed(self) -> None:
        """Names changed in the library: the reading pane, the Index tab and the entity panel follow."""
        self.render_current(keep_scroll=True)
        self.refresh_entity_index()
        self.show_article_count()
        panel = self.entity_panel
        if self.side_tabs.indexOf(panel) >= 0 and panel.entity_id:
            if any(m.entity_id == panel.entity_id for m in self.mentions):
                self.open_entity(panel.entity_id)
                return
            target = self.wikilink_target(panel.canonical)  # opened from a note's link
            if target is not None and target[0] == "entity" and target[1].entity_id == panel.entity_id:
                self.open_entity(panel.entity_id, target[1].type, target[1].canonical)
            else:
                self.close_entity_panel()

    def build_context_menu(self, pos) -> QMenu:
        """The reader's right-click menu for what is under `pos` and the selection."""
        menu = QMenu(self)
        selector = self.reader.selection_selector()
        selected = self.reader.selected_text()
        if selector is not None:
            hl = menu.addMenu("Highlight")
            for name in HIGHLIGHT_COLORS:
                hl.addAction(name.capitalize(), lambda n=name: self.highlight_selection(n))
            menu.addAction("Highlight with note…", self.highlight_selection_with_note)
        if selected:  # a name is the text as shown, also in the title
            add = menu.addMenu(f"Add “{_short(selected)}” as")
            for t in ENTITY_TYPES:
                add.addAction(ENTITY_LABELS[t], lambda t=t, q=selected: self.correct_entity(q, t))
        entity_id = self.reader.entity_at(pos)
        if entity_id is not None:
            surface = self._entity_surface_at(pos, entity_id)
            menu.addSeparator()
            menu.addAction(f"Details of “{_short(surface)}”", lambda: self.open_entity(entity_id))
            retype = menu.addMenu(f"Retype “{_short(surface)}” as")
            for t in ENTITY_TYPES:
                retype.addAction(ENTITY_LABELS[t], lambda t=t: self.correct_entity(surface, t))
            menu.addAction(f"“{_short(surface)}” is not an entity",
                           lambda: self.correct_entity(surface, None))
        hid = self.reader.highlight_at(pos)
        if hid is not None:
            menu.addSeparator()
            menu.addAction("Edit highlight note…", lambda: self.edit_highlight_note(hid))
            menu.addAction("Remove highlight", lambda: self.delete_highlight(hid))
        paragraph = self.reader.body_paragraph_at(pos) if self.writable else None
        if paragraph is not None:
            article = self.reader.article
            count = len(article.body.split("\n\n"))
            restored = restored_paragraphs(article.removed, count).get(paragraph)
            menu.addSeparator()
            if restored is not None and self.show_removed:
                menu.addAction("Remove again", lambda: self.remove_again(restored))
            else:
                menu.addAction("Move to removed text", lambda: self.move_to_removed(paragraph))
        menu.addSeparator()
        menu.addAction("Copy", self.reader.copy).setEnabled(bool(selected))
        menu.addAction("Select all", self.reader.selectAll)
        return menu

    def _entity_surface_at(self, pos, entity_id: int) -> str:
        offset = self.reader.cursorForPosition(pos).position()
        text = self.reader.plain_text()
        for start, end, _eid, _c in self.reader.entity_ranges(entity_id):
            if start <= offset <= end:
                return text[start:end]
        mention = next((m for m in self.mentions if m.entity_id == entity_id), None)
        return mention.text if mention else ""


def _key(name: str) -> str:
    """A name as [[links]] compare it: NFC, spaces collapsed, case folded."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

