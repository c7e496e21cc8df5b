"""Small dialogs: the import report."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout


class ImportReportDialog(QDialog):
    """Lists every file that could not be imported, and why."""

    def __init__(self, failed: list, added: int, duplicates: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(720, 360)
        summary = QLabel(
            f"{added} added, {duplicates} already in the library, {len(failed)} could not be imported."
        )
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["File", "Why"])
        self.tree.setRootIsDecorated(False)
        for outcome in failed:
            reason = outcome.message
            prefix = f"{outcome.path}: "
            if reason.startswith(prefix):
                reason = reason[len(prefix):]
            QTreeWidgetItem(self.tree, [outcome.path, reason])
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(summary)
        lay.addWidget(self.tree)
        lay.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.tree.topLevelItem(i).text(0), self.tree.topLevelItem(i).text(1))
                for i in range(self.tree.topLevelItemCount())]
