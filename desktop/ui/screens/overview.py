"""概览: the year at a glance (the dashboard with charts comes with the charts)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.core.summary import print_value
from desktop.services import reports
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import fit_columns, table_view
from desktop.ui.widgets import Screen, show_error

COLUMNS = (
    Column("label", "项目", lambda f: f.label),
    Column("value", "数值", lambda f: f.value),
)


class OverviewScreen(Screen):
    title = "概览"
    areas = frozenset({"budget", "spending", "procurement", "projects", "assets", "staff"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.heading = QLabel()
        self.body.addWidget(self.heading)
        self.model = RowsTableModel(COLUMNS, parent=self)
        self.view = table_view(self.model, sortable=False)
        self.body.addWidget(self.view, 1)

    def refresh(self) -> None:
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        self.heading.setText("正在汇总…")
        self.state.tasks.run(lambda: reports.summary(ws, year, unit), self._show, lambda e: show_error(self, e))

    def _show(self, result) -> None:
        unit_name, figures = result
        u = self.state.money_unit
        self.heading.setText(f"{unit_name} {self.state.year}年度主要数据（金额单位：{u.value}）")
        rows = [type("Row", (), {"label": f.label, "value": print_value(f, u)}) for f in figures]
        self.model.set_rows(rows)
        fit_columns(self.view)


