"""报告文字: the narrative sections of the report, as plain text editors."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPlainTextEdit, QPushButton, QVBoxLayout

from desktop.core.domain import NarrativeSection
from desktop.services import narrative, snapshots
from desktop.ui.undo import perform
from desktop.ui.widgets import Screen, report_to


class NarrativeScreen(Screen):
    title = "报告文字"
    areas = frozenset({"narrative"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        row = QHBoxLayout()
        self.body.addLayout(row, 1)
        self.sections = QListWidget()
        for section in NarrativeSection:
            self.sections.addItem(section.label)
        self.sections.setMaximumWidth(260)
        row.addWidget(self.sections)
        right = QVBoxLayout()
        self.heading = QLabel()
        self.editor = QPlainTextEdit()
        self.count = QLabel()
        self.save = QPushButton("保存本节（可撤销）")
        right.addWidget(self.heading)
        right.addWidget(self.editor, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.save)
        right.addLayout(bottom)
        row.addLayout(right, 1)
        self._texts: dict[str, str] = {}
        self.sections.currentRowChanged.connect(self._on_sections_current_row_changed)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.save.clicked.connect(self._on_save_clicked)

    @property
    def section(self) -> NarrativeSection:
        return list(NarrativeSection)[max(self.sections.currentRow(), 0)]

    def snapshot(self):
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        return lambda: snapshots.narrative_snapshot(ws, year, unit)

    def draw(self, snap: snapshots.NarrativeSnapshot) -> None:
        self._texts = snap.texts
        if self.sections.currentRow() < 0:
            self.sections.setCurrentRow(0)
        else:
            self._on_sections_current_row_changed(self.sections.currentRow())

    def _on_sections_current_row_changed(self, _row: int) -> None:
        self.heading.setText(self.section.label)
        self.editor.setPlainText(self._texts.get(self.section.value, ""))

    def _on_editor_text_changed(self) -> None:
        text = self.editor.toPlainText()
        changed = text != self._texts.get(self.section.value, "")
        self.count.setText(f"{len(text)} 字" + ("（未保存）" if changed else ""))
        self.save.setEnabled(changed and not self.state.read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.save.setEnabled(False)

    def _on_save_clicked(self) -> None:
        ws, year, unit, section = self.state.ws, self.state.year, self.state.unit, self.section.value
        new, old = self.editor.toPlainText(), self._texts.get(section, "")
        perform(self.state, f"报告文字：{self.section.label}",
                lambda: narrative.set_narrative(ws, year, section, new, unit=unit),
                lambda: narrative.set_narrative(ws, year, section, old, unit=unit), "narrative",
                on_error=lambda exc: report_to(self, exc))
