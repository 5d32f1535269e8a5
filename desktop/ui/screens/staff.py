"""人员编制: authorized and actual headcount by category and contract staff, with vacancy; and
the other outcome metrics (业务量, 满意度, …)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from desktop.core.domain import Direction, StaffCategory
from desktop.services import snapshots, staff
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import enum_combo, fit_columns, selected_row, table_view
from desktop.ui.undo import perform
from desktop.ui.widgets import FieldError, Screen, clear_messages, keyed_rows, report_to

HEADCOUNT_COLUMNS = (
    Column("category", "人员类别", lambda r: StaffCategory(r.category).label),
    Column("authorized", "核定数", lambda r: r.authorized, "int"),
    Column("actual", "实有数", lambda r: r.actual, "int"),
    Column("vacancy", "空编（缺额）", lambda r: r.vacancy, "int"),
)
METRIC_COLUMNS = (
    Column("name", "指标", lambda r: r.name),
    Column("value", "本年值", lambda r: f"{r.value}{r.measure_unit}"),
    Column("target", "目标", lambda r: f"{Direction(r.direction).label if r.direction else ''}{r.target}{r.measure_unit}"
           if r.target is not None else ""),
    Column("previous", "上年值", lambda r: f"{r.previous}{r.measure_unit}" if r.previous is not None else ""),
    Column("note", "说明", lambda r: r.note),
)


class StaffScreen(Screen):
    title = "人员编制"
    areas = frozenset({"staff"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.summary = QLabel()
        self.body.addWidget(self.summary)
        self.headcount = RowsTableModel(HEADCOUNT_COLUMNS, parent=self)
        self.headcount_view = table_view(self.headcount, sortable=False, stretch_last=False)
        self.body.addWidget(self.headcount_view, 1)
        box = QGroupBox("修改人数（可撤销）")
        row = QHBoxLayout(box)
        form = QFormLayout()
        self.category = enum_combo(StaffCategory)
        self.authorized, self.actual = QSpinBox(), QSpinBox()
        for spin in (self.authorized, self.actual):
            spin.setRange(0, 100000)
            spin.setSuffix(" 人")
        # keyed by the parameters of staff.set_headcount
        self.errors = keyed_rows(form, (("人员类别", "category", self.category), ("核定数", "authorized", self.authorized),
                                        ("实有数", "actual", self.actual)))
        row.addLayout(form, 1)
        self.save = QPushButton("保存")
        row.addWidget(self.save, 0, Qt.AlignBottom)
        self.body.addWidget(box)
        self.body.addWidget(QLabel("其他绩效指标（业务量、满意度等）"))
        self.metrics = RowsTableModel(METRIC_COLUMNS, parent=self)
        self.metrics_view = table_view(self.metrics)
        self.body.addWidget(self.metrics_view, 1)
        box = QGroupBox("新增或修改指标（按指标代码）")
        grid = QGridLayout(box)
        self.metric_code, self.metric_name, self.metric_unit = QLineEdit(), QLineEdit(), QLineEdit()
        self.metric_value, self.metric_target, self.metric_previous = QLineEdit(), QLineEdit(), QLineEdit()
        self.metric_direction = QComboBox()
        self.metric_direction.addItem("（无）", None)
        for d in Direction:
            self.metric_direction.addItem(d.label, d.value)
        for widget, hint in ((self.metric_code, "代码"), (self.metric_name, "名称"), (self.metric_value, "本年值"),
                             (self.metric_unit, "单位"), (self.metric_target, "目标值"),
                             (self.metric_previous, "上年值")):
            widget.setPlaceholderText(hint)
        self.metric_save = QPushButton("保存指标")
        # the inputs in a row, each refusal under its input (keyed by the parameters of staff.set_metric),
        # free to run on to the right edge: a save shows one refusal at a time
        inputs = (("code", self.metric_code), ("name", self.metric_name), ("value", self.metric_value),
                  ("measure_unit", self.metric_unit), ("target", self.metric_target),
                  ("previous", self.metric_previous), ("direction", self.metric_direction))
        self.metric_errors = {"": FieldError()}
        for column, (key, widget) in enumerate(inputs):
            self.metric_errors[key] = FieldError()
            grid.addWidget(widget, 0, column)
            grid.addWidget(self.metric_errors[key], 1, column, 1, len(inputs) + 1 - column)
            grid.setColumnStretch(column, 0 if widget is self.metric_direction else 1)
        grid.addWidget(self.metric_save, 0, len(inputs))
        grid.addWidget(self.metric_errors[""], 2, 0, 1, len(inputs) + 1)
        self.body.addWidget(box)
        self.metric_save.clicked.connect(self._on_metric_save_clicked)
        self.metrics_view.selectionModel().selectionChanged.connect(self._on_metrics_view_selection_changed)
        self.save.clicked.connect(self._on_save_clicked)
        self.category.currentIndexChanged.connect(self._on_category_changed)

    def snapshot(self):
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        return lambda: snapshots.staff_snapshot(ws, year, unit)

    def draw(self, snap: snapshots.StaffSnapshot) -> None:
        self.headcount.set_rows(snap.headcount)
        self.metrics.set_rows(snap.metrics)
        fit_columns(self.headcount_view)
        fit_columns(self.metrics_view)
        authorized, actual = snap.established
        text = f"在编：核定编制 {authorized} 人，实有 {actual} 人，空编 {authorized - actual} 人"
        if snap.contract:
            text += f"；临聘人员：核定 {snap.contract.authorized} 人，实有 {snap.contract.actual} 人（临聘人员不属于在编人员）"
        self.summary.setText(text)
        self._on_category_changed()

    def _on_category_changed(self, *_args) -> None:
        found = self.shown.of(self.category.currentData()) if self.shown else None
        self.authorized.setValue(found.authorized if found else 0)
        self.actual.setValue(found.actual if found else 0)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.category, self.authorized, self.actual, self.save, self.metric_save, self.metric_code,
                       self.metric_name, self.metric_value, self.metric_unit, self.metric_target,
                       self.metric_previous, self.metric_direction):
            widget.setEnabled(not read_only)

    def _on_metrics_view_selection_changed(self, *_args) -> None:
        m = selected_row(self.metrics_view)
        if m is None:
            return
        for widget, value in ((self.metric_code, m.code), (self.metric_name, m.name), (self.metric_unit, m.measure_unit),
                              (self.metric_value, m.value), (self.metric_target, m.target),
                              (self.metric_previous, m.previous)):
            widget.setText("" if value is None else str(value))
        self.metric_direction.setCurrentIndex(max(self.metric_direction.findData(m.direction), 0))

    def _on_metric_save_clicked(self) -> None:
        clear_messages(self.metric_errors)
        ws, year, unit, code = self.state.ws, self.state.year, self.state.unit, self.metric_code.text()
        values = dict(name=self.metric_name.text(), value=self.metric_value.text(), measure_unit=self.metric_unit.text(),
                      target=self.metric_target.text() or None, direction=self.metric_direction.currentData(),
                      previous=self.metric_previous.text() or None)
        self.write(lambda: staff.set_metric(ws, year, code, unit=unit, **values), "staff", errors=self.metric_errors)

    def _on_save_clicked(self) -> None:
        clear_messages(self.errors)
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        category = self.category.currentData()
        new = (self.authorized.value(), self.actual.value())
        old_row = self.shown.of(category) if self.shown else None
        old = (old_row.authorized, old_row.actual) if old_row else (0, 0)
        perform(self.state, f"{StaffCategory(category).label}人数",
                lambda: staff.set_headcount(ws, year, category, authorized=new[0], actual=new[1], unit=unit),
                lambda: staff.set_headcount(ws, year, category, authorized=old[0], actual=old[1], unit=unit),
                "staff", on_error=lambda exc: report_to(self, exc, self.errors))
