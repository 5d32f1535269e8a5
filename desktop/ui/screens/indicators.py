"""绩效指标: every indicator with its target and whether it is met, the trace of the selected one
(formula, basis, inputs and where they come from), the cross-checks and the self-evaluation."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QTabWidget, QVBoxLayout, QWidget

from desktop.core.money import format_plain
from desktop.services import snapshots
from desktop.ui.models import Column, RowsTableModel
from desktop.ui.screens.common import fit_columns, selected_row, table_view
from desktop.ui.widgets import Screen

INDICATOR_COLUMNS = (
    Column("name", "指标", lambda r: r.name),
    Column("value", "数值", lambda r: (r.printed + (r.unit if r.unit == "%" else f" {r.unit}")) if r.value is not None else "—"),
    Column("target", "目标", lambda r: r.target_text),
    Column("met", "是否达标", lambda r: {True: "达标", False: "未达标", None: ""}[r.met]),
    Column("note", "说明", lambda r: r.note or r.reason),
)
CHECK_COLUMNS = (
    Column("severity", "结果", lambda r: r.severity),
    Column("name", "校验", lambda r: r.name),
    Column("message", "说明", lambda r: r.message),
)
SCORE_COLUMNS = (
    Column("level1", "一级", lambda r: r.item.level1),
    Column("level2", "二级", lambda r: r.item.level2),
    Column("name", "评分项", lambda r: r.item.name),
    Column("weight", "分值", lambda r: r.item.weight, "number"),
    Column("points", "得分", lambda r: r.points, "number"),
    Column("reason", "评分说明", lambda r: r.reason),
)


def trace_text(result) -> str:
    lines = [f"{result.name}（{result.id}）", f"公式：{result.formula}", f"口径：{result.basis}"]
    if result.target_text:
        lines.append(f"目标：{result.target_text}")
    lines.append(f"结果：{result.printed}{result.unit if result.value is not None else ''}"
                 + (f"（{result.reason}）" if result.reason else ""))
    lines.append("\n所用数据：")
    for i in result.inputs:
        lines.append(f"  · {i.label}：{i.printed()} {i.unit}\n      来源：{i.source}")
    for entry in result.entries:
        lines.append("  " + "，".join(f"{k}={v}" for k, v in entry.items()))
    return "\n".join(lines)


class IndicatorsScreen(Screen):
    title = "绩效指标"
    areas = frozenset({"budget", "spending", "procurement", "projects", "assets", "staff"})

    def __init__(self, state, parent=None):
        super().__init__(state, parent)
        self.headline = QLabel("正在计算…")
        self.body.addWidget(self.headline)
        tabs = QTabWidget()
        self.body.addWidget(tabs, 1)
        page = QSplitter()
        self.indicators = RowsTableModel(INDICATOR_COLUMNS, parent=self)
        self.indicators_view = table_view(self.indicators, sortable=False)
        self.trace = QPlainTextEdit()
        self.trace.setReadOnly(True)
        page.addWidget(self.indicators_view)
        page.addWidget(self.trace)
        page.setSizes([700, 500])
        tabs.addTab(page, "指标")
        self.checks = RowsTableModel(CHECK_COLUMNS, parent=self)
        self.checks_view = table_view(self.checks, sortable=False)
        self.check_detail = QPlainTextEdit()
        self.check_detail.setReadOnly(True)
        checks_page = QSplitter()
        checks_page.addWidget(self.checks_view)
        checks_page.addWidget(self.check_detail)
        tabs.addTab(checks_page, "勾稽校验")
        score_page = QWidget()
        layout = QVBoxLayout(score_page)
        self.score_total = QLabel()
        self.score = RowsTableModel(SCORE_COLUMNS, parent=self)
        self.score_view = table_view(self.score, sortable=False)
        layout.addWidget(self.score_total)
        layout.addWidget(self.score_view, 1)
        tabs.addTab(score_page, "自评表")
        self.tabs = tabs
        self.indicators_view.selectionModel().selectionChanged.connect(self._on_indicators_view_selection_changed)
        self.checks_view.selectionModel().selectionChanged.connect(self._on_checks_view_selection_changed)
        self._pending_trace = ""

    def snapshot(self):
        ws, year, unit = self.state.ws, self.state.year, self.state.unit
        self.headline.setText("正在计算…")
        return lambda: snapshots.indicators_snapshot(ws, year, unit)

    def draw(self, snap: snapshots.IndicatorsSnapshot) -> None:
        self.indicators.set_rows(snap.indicators)
        self.checks.set_rows(snap.checks)
        self.score.set_rows(snap.score.items)
        for view in (self.indicators_view, self.checks_view, self.score_view):
            fit_columns(view)
        score = snap.score
        self.headline.setText(f"达标 {snap.met}/{snap.judged} 项；勾稽校验：错误 {snap.count('错误')} 项，"
                              f"尾差 {snap.count('尾差')} 项；自评得分 {format_plain(score.total)}，等级 {score.grade}")
        self.score_total.setText(f"{score.rules_name}：总分 {format_plain(score.total)} / {format_plain(score.full)}，等级 {score.grade}")
        if self.indicators.rows:
            self.indicators_view.selectRow(0)
        if self._pending_trace:
            self.show_trace(self._pending_trace)

    def _on_indicators_view_selection_changed(self, *_args) -> None:
        row = selected_row(self.indicators_view)
        self.trace.setPlainText(trace_text(row) if row else "")

    def _on_checks_view_selection_changed(self, *_args) -> None:
        row = selected_row(self.checks_view)
        if row is None:
            self.check_detail.clear()
            return
        figures = "\n".join(f"  {k}：{v}" for k, v in row.figures.items())
        self.check_detail.setPlainText(f"[{row.severity}] {row.name}\n{row.message}\n\n{figures}")

    def show_trace(self, indicator_id: str) -> None:
        """Select an indicator and show its trace (now, or when the computation arrives)."""
        self.tabs.setCurrentIndex(0)
        self._pending_trace = indicator_id
        for row, result in enumerate(self.indicators.rows):
            if result.id == indicator_id:
                self.indicators_view.selectRow(row)
